//! The 流失与留存 section as content blocks and tables. The A4 report shows
//! the recent part of each table ([`Fit::Page`]); the workbook shows them
//! whole ([`Fit::Whole`]) with the rate rows of all customers first, so a
//! chart can point at one block of cells.

use tierdesk_churn::managers::ManagerRow;
use tierdesk_churn::retention::RetentionRow;

use crate::churn::{
    batch_columns, batch_count, tier_color, tier_name, AlertFacts, ChurnFacts, ALERTS_ON_PAGE,
    BATCHES_ON_PAGE, COHORTS_ON_PAGE, COHORT_MONTHS_ON_PAGE, PERIODS_ON_PAGE,
};
use crate::content::{Block, Column, Table, Val};
use crate::model::{count, TierReport};

/// The heading of the section.
pub const HEADING: &str = "八、流失与留存";
/// Sheet names of the section's tables, in the workbook's order.
pub const RATES: &str = "流失与留存";
pub const COHORTS: &str = "同期群留存";
pub const BATCHES: &str = "等级变化";
pub const MANAGERS: &str = "客户经理";
pub const ALERTS: &str = "流失预警";
/// The per-tier table of the latest period (A4 only; the workbook's rate sheet has every tier).
pub const TIERS: &str = "各等级流失与留存";
/// The section's tables on the page, which the workbook writes whole on its own sheets instead.
pub const PAGE_TABLES: [&str; 6] = [RATES, TIERS, COHORTS, BATCHES, MANAGERS, ALERTS];
/// 客户经理 empty: customers nobody looks after.
pub const NO_MANAGER: &str = "未分配";

/// How much of a table to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// The recent rows and columns that fit an A4 page.
    Page,
    /// Everything, for the workbook.
    Whole,
}

/// A column of a table: its header and relative width.
pub(crate) fn col(header: impl Into<String>, width: f32) -> Column {
    Column {
        header: header.into(),
        width,
    }
}

fn opt(v: Option<f64>, f: fn(f64) -> Val) -> Val {
    v.map(f).unwrap_or(Val::Empty)
}

fn last<T>(rows: &[T], n: usize) -> &[T] {
    &rows[rows.len().saturating_sub(n)..]
}

/// The figures of one rate row after its first cells.
fn rate_cells(p: &RetentionRow) -> Vec<Val> {
    vec![
        Val::Count(p.active),
        Val::Count(p.new),
        Val::Count(p.returning),
        Val::Count(p.churned),
        // 流失率 = 期初在购中流失 ÷ 期初在购: both shown so a reader can check it.
        Val::Count(p.alive_at_start),
        Val::Count(p.churned_from_start),
        opt(p.churn_rate, Val::Share),
        opt(p.retention_rate, Val::Share),
        opt(p.repeat_rate, Val::Share),
        opt(p.average_interval, Val::Score),
        opt(p.value_per_active, Val::Money),
    ]
}

fn rate_columns(first: &[(&str, f32)]) -> Vec<Column> {
    first
        .iter()
        .map(|(h, w)| col(*h, *w))
        .chain(
            [
                ("活跃客户", 0.9),
                ("新客户", 0.8),
                ("回头客户", 0.9),
                ("流失客户", 0.9),
                ("期初在购", 0.9),
                ("期初在购中流失", 1.3),
                ("流失率", 0.8),
                ("留存率", 0.8),
                ("复购率", 0.8),
                ("平均间隔", 0.9),
                ("客均消费", 1.1),
            ]
            .iter()
            .map(|(h, w)| col(*h, *w)),
        )
        .collect()
}

fn table(name: &str, columns: Vec<Column>, rows: Vec<Vec<Val>>) -> Table {
    Table {
        name: name.into(),
        columns,
        rows,
        swatches: vec![],
        wrap: None,
        total: None,
    }
}

/// The per-tier rows grouped by tier (in the order the tiers first come),
/// each tier's periods oldest first.
fn by_tier(c: &ChurnFacts) -> Vec<&RetentionRow> {
    let mut tiers: Vec<&Option<String>> = Vec::new();
    for p in &c.retention.by_tier {
        if !tiers.contains(&&p.tier) {
            tiers.push(&p.tier);
        }
    }
    tiers
        .into_iter()
        .flat_map(|t| c.retention.by_tier.iter().filter(move |p| &p.tier == t))
        .collect()
}

/// Rates per period. On the page: all customers, the last
/// [`PERIODS_ON_PAGE`] periods. Whole: every period of all customers, then
/// each tier's periods.
pub fn rates_table(r: &TierReport, c: &ChurnFacts, fit: Fit) -> Table {
    let totals = c.totals();
    match fit {
        Fit::Page => table(
            RATES,
            rate_columns(&[("期间", 1.4)]),
            last(totals, PERIODS_ON_PAGE)
                .iter()
                .map(|p| {
                    let mut v = vec![Val::Text(c.period_label(&p.period).to_owned())];
                    v.extend(rate_cells(p));
                    v
                })
                .collect(),
        ),
        Fit::Whole => {
            let all = totals.iter().map(|p| (p, "全部".to_owned()));
            let tiers = by_tier(c)
                .into_iter()
                .map(|p| (p, tier_name(r, p.tier.as_deref())));
            table(
                RATES,
                rate_columns(&[("期间", 1.4), ("等级", 0.9)]),
                all.chain(tiers)
                    .map(|(p, tier)| {
                        let mut v = vec![
                            Val::Text(c.period_label(&p.period).to_owned()),
                            Val::Text(tier),
                        ];
                        v.extend(rate_cells(p));
                        v
                    })
                    .collect(),
            )
        }
    }
}

/// Each tier's rates in the latest period (the page's second table), with
/// the period's name.
pub fn tiers_table(r: &TierReport, c: &ChurnFacts) -> Option<(String, Table)> {
    let latest = &c.totals().last()?.period;
    let rows: Vec<&RetentionRow> = by_tier(c)
        .into_iter()
        .filter(|p| &p.period == latest)
        .collect();
    if rows.is_empty() {
        return None;
    }
    let mut t = table(
        TIERS,
        rate_columns(&[("等级", 1.2)]),
        rows.iter()
            .map(|p| {
                let mut v = vec![Val::Text(tier_name(r, p.tier.as_deref()))];
                v.extend(rate_cells(p));
                v
            })
            .collect(),
    );
    t.swatches = rows
        .iter()
        .map(|p| Some(tier_color(r, p.tier.as_deref())))
        .collect();
    Some((c.period_label(latest).to_owned(), t))
}

/// Cohort retention as shares: 首购月份, 客户数, then 第 1 月, 第 2 月 …
/// On the page the last [`COHORTS_ON_PAGE`] cohorts and months 1 to
/// [`COHORT_MONTHS_ON_PAGE`]; whole, every cohort and month.
pub fn cohort_table(c: &ChurnFacts, fit: Fit) -> Table {
    let rows = &c.cohorts.rows;
    let cohorts = match fit {
        Fit::Page => last(rows, COHORTS_ON_PAGE),
        Fit::Whole => &rows[..],
    };
    let longest = cohorts.iter().map(|k| k.shares.len()).max().unwrap_or(1);
    let months = match fit {
        Fit::Page => (longest.saturating_sub(1)).min(COHORT_MONTHS_ON_PAGE),
        Fit::Whole => longest.saturating_sub(1),
    };
    let mut columns = vec![col("首购月份", 1.3), col("客户数", 1.0)];
    columns.extend((1..=months).map(|m| col(format!("第{m}月"), 0.9)));
    table(
        COHORTS,
        columns,
        cohorts
            .iter()
            .map(|k| {
                let mut v = vec![Val::Text(k.label.clone()), Val::Count(k.size)];
                // An empty cohort has no shares.
                let share = |m: usize| k.shares.get(m).copied().filter(|_| k.size > 0);
                v.extend((1..=months).map(|m| opt(share(m), Val::Share)));
                v
            })
            .collect(),
    )
}

/// The name of a batch in the tier table: 2024Q1（第 3 批）.
pub fn batch_label(period: &str, id: i64) -> String {
    format!("{period}（第 {id} 批）")
}

/// Tier counts after each batch, one column per tier, with the batch's
/// upgrades and downgrades.
pub fn batch_table(r: &TierReport, c: &ChurnFacts, fit: Fit) -> Table {
    let all = &c.movement.batches;
    let batches = match fit {
        Fit::Page => last(all, BATCHES_ON_PAGE),
        Fit::Whole => &all[..],
    };
    let keys = batch_columns(r, all);
    let mut columns = vec![col("评级批次", 2.0)];
    columns.extend(keys.iter().map(|k| col(tier_name(r, k.as_deref()), 0.9)));
    columns.push(col("升级", 0.8));
    columns.push(col("降级", 0.8));
    table(
        BATCHES,
        columns,
        batches
            .iter()
            .map(|b| {
                let mut v = vec![Val::Text(batch_label(&b.period, b.batch_id))];
                v.extend(keys.iter().map(|k| Val::Count(batch_count(b, k))));
                v.push(Val::Count(b.up));
                v.push(Val::Count(b.down));
                v
            })
            .collect(),
    )
}

/// One line per 客户经理 and their total, as the churn crate adds them up.
pub fn manager_table(c: &ChurnFacts) -> Table {
    let line = |x: &ManagerRow, name: String| {
        vec![
            Val::Text(name),
            Val::Count(x.customers),
            Val::Money(x.revenue),
            x.alerts_open.map_or(Val::Empty, Val::Count),
            x.alerts_recovered.map_or(Val::Empty, Val::Count),
            opt(x.coverage, Val::Share),
        ]
    };
    let m = &c.managers;
    let mut t = table(
        MANAGERS,
        [
            ("客户经理", 1.4),
            ("客户数", 0.9),
            ("收入", 1.4),
            ("未处理预警", 1.0),
            ("已挽回", 0.9),
            ("跟进覆盖率", 1.0),
        ]
        .iter()
        .map(|(h, w)| col(*h, *w))
        .collect(),
        m.rows
            .iter()
            .map(|x| {
                let name = if x.unassigned || x.manager.trim().is_empty() {
                    NO_MANAGER.into()
                } else {
                    x.manager.clone()
                };
                line(x, name)
            })
            .collect(),
    );
    if !m.rows.is_empty() {
        t.total = Some(line(&m.total, "合计".into()));
    }
    t
}

/// The open alerts, highest value at risk first: on the page the first
/// [`ALERTS_ON_PAGE`] with their reasons wrapped; whole, every line given,
/// with the alert's status and 客户经理 too.
pub fn alert_table(r: &TierReport, a: &AlertFacts, fit: Fit) -> Table {
    let (lines, whole) = match fit {
        Fit::Page => (&a.lines[..a.lines.len().min(ALERTS_ON_PAGE)], false),
        Fit::Whole => (&a.lines[..], true),
    };
    let mut columns = vec![
        col("客户编号", 1.0),
        col("客户名称", 1.5),
        col("联系方式", 1.2),
        col("等级", 0.6),
        col("级别", 0.5),
    ];
    if whole {
        columns.push(col("状态", 0.7));
        columns.push(col("客户经理", 0.9));
    }
    columns.push(col("风险价值", 1.0));
    columns.push(col("活跃概率", 0.9));
    columns.push(col("预警原因", 3.6));
    let wrap = Some(columns.len() - 1);
    Table {
        name: ALERTS.into(),
        columns,
        rows: lines
            .iter()
            .map(|l| {
                let mut v = vec![
                    Val::Text(l.code.clone()),
                    Val::Text(l.name.clone()),
                    Val::Text(l.phone.clone()),
                    Val::Text(tier_name(r, Some(&l.tier))),
                    Val::Text(l.level.clone()),
                ];
                if whole {
                    v.push(Val::Text(l.status.clone()));
                    v.push(Val::Text(if l.owner.trim().is_empty() {
                        NO_MANAGER.into()
                    } else {
                        l.owner.clone()
                    }));
                }
                v.push(Val::Money(l.value_at_risk));
                v.push(opt(l.p_alive, Val::Share));
                v.push(Val::Text(l.reasons.join("；")));
                v
            })
            .collect(),
        swatches: vec![],
        wrap,
        total: None,
    }
}

/// What the cohort table shows.
pub const COHORT_NOTE: &str =
    "按首次购买月份分组，第 N 月仍有购买的客户占该组客户的比例（首购当月为 100%）。";
/// What the tier table shows.
pub const BATCH_NOTE: &str = "历次评级后各等级人数，及该批次升级、降级的客户数。";
/// Said instead of the alerts before the first refresh.
pub const NO_REFRESH: &str =
    "尚未生成流失预警：在「流失预警」页点击「刷新预警」，或运行 tierdesk churn refresh。";

/// What the 客户经理 table counts, with its days.
pub fn manager_note(c: &ChurnFacts) -> String {
    format!(
        "负责的客户，{} 至 {} 的收入，未处理与已挽回的流失预警，以及在等级回访周期内跟进过的客户占比（跟进覆盖率）。",
        c.managers.from, c.managers.to
    )
}

/// Section 五's words once alerts replace its fixed list.
pub fn at_risk_note(a: &AlertFacts) -> String {
    if a.open == 0 {
        return format!(
            "流失预警已按预警规则生成：截至 {} 的刷新没有未处理的预警。",
            a.refreshed_on
        );
    }
    format!(
        "流失预警已按预警规则生成：截至 {} 共 {} 条未处理预警（高 {} 条），风险价值最高的 {} 条及其原因见「{HEADING}」。",
        a.refreshed_on,
        count(a.open),
        count(a.high),
        a.lines.len().min(ALERTS_ON_PAGE)
    )
}

/// The section's blocks, charts `width` points wide.
pub fn blocks(r: &TierReport, c: &ChurnFacts, width: f32) -> Vec<Block> {
    let mut out = vec![Block::Heading(HEADING.into())];
    let mut intro = format!("截至 {}，按{}统计。", c.retention.as_of, c.unit());
    intro.push_str(&c.definition);
    out.push(Block::Paragraph(intro));
    if c.totals().is_empty() {
        out.push(Block::Paragraph(
            "所列期间没有购买记录（订单明细），无法计算留存与流失。".into(),
        ));
    } else {
        out.push(Block::Table(rates_table(r, c, Fit::Page)));
        if let Some(chart) = crate::churn_chart::rates(c, width) {
            out.push(Block::Charts(vec![chart]));
        }
        if let Some((period, t)) = tiers_table(r, c) {
            out.push(Block::Paragraph(format!("{period}各等级：")));
            out.push(Block::Table(t));
        }
    }
    if c.cohorts.rows.iter().any(|k| k.size > 0) {
        out.push(Block::Paragraph(format!("同期群留存：{COHORT_NOTE}")));
        out.push(Block::Table(cohort_table(c, Fit::Page)));
    } else if !c.totals().is_empty() {
        out.push(Block::Paragraph(format!(
            "同期群留存：近 {} 个月没有首次购买的客户。",
            c.cohorts.months
        )));
    }
    if !c.movement.batches.is_empty() {
        out.push(Block::Paragraph(format!("等级变化：{BATCH_NOTE}")));
        out.push(Block::Table(batch_table(r, c, Fit::Page)));
    }
    if !c.managers.rows.is_empty() {
        out.push(Block::Paragraph(format!("客户经理：{}", manager_note(c))));
        out.push(Block::Table(manager_table(c)));
    }
    match &c.alerts {
        None => out.push(Block::Paragraph(NO_REFRESH.into())),
        Some(a) if a.lines.is_empty() => out.push(Block::Paragraph(format!(
            "截至 {} 的预警刷新没有未处理的流失预警。",
            a.refreshed_on
        ))),
        Some(a) => {
            out.push(Block::Paragraph(format!(
                "流失预警：共 {} 条未处理（高 {} 条），以下为风险价值（年消费 × (1 − 仍活跃概率)）最高的 {} 条。",
                count(a.open),
                count(a.high),
                a.lines.len().min(ALERTS_ON_PAGE)
            )));
            out.push(Block::Table(alert_table(r, a, Fit::Page)));
        }
    }
    out
}
