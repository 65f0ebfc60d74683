//! The 流失与留存 section as content blocks and tables. The A4 report shows
//! the recent part of each table ([`Fit::Page`]); the workbook shows them
//! whole ([`Fit::Whole`]) with the rate rows of all customers first, so a
//! chart can point at one block of cells.

use crate::churn::{
    batch_columns, tier_name, AlertFacts, ChurnFacts, PeriodRow, ALERTS_ON_PAGE, BATCHES_ON_PAGE,
    COHORTS_ON_PAGE, COHORT_MONTHS_ON_PAGE, PERIODS_ON_PAGE,
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

fn col(header: impl Into<String>, width: f32) -> Column {
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
fn rate_cells(p: &PeriodRow) -> Vec<Val> {
    vec![
        Val::Count(p.active),
        Val::Count(p.new),
        Val::Count(p.returning),
        Val::Count(p.churned),
        opt(p.churn_rate, Val::Share),
        opt(p.retention_rate, Val::Share),
        opt(p.repeat_rate, Val::Share),
        opt(p.avg_interval_days, Val::Score),
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

/// The rows of all customers, oldest period first.
pub fn overall(c: &ChurnFacts) -> Vec<&PeriodRow> {
    c.periods.iter().filter(|p| p.tier.is_none()).collect()
}

/// Rates per period. On the page: all customers, the last
/// [`PERIODS_ON_PAGE`] periods. Whole: every period of all customers, then
/// each tier's periods (the report's tiers in order, then other keys).
pub fn rates_table(r: &TierReport, c: &ChurnFacts, fit: Fit) -> Table {
    let all = overall(c);
    match fit {
        Fit::Page => Table {
            name: RATES.into(),
            columns: rate_columns(&[("期间", 1.4)]),
            rows: last(&all, PERIODS_ON_PAGE)
                .iter()
                .map(|p| {
                    let mut v = vec![Val::Text(p.period.clone())];
                    v.extend(rate_cells(p));
                    v
                })
                .collect(),
            swatches: vec![],
            wrap: None,
            total: None,
        },
        Fit::Whole => {
            let mut rows: Vec<&PeriodRow> = all;
            for key in tier_order(r, c) {
                rows.extend(c.periods.iter().filter(|p| p.tier.as_ref() == Some(&key)));
            }
            Table {
                name: RATES.into(),
                columns: rate_columns(&[("期间", 1.4), ("等级", 0.9)]),
                rows: rows
                    .iter()
                    .map(|p| {
                        let mut v = vec![
                            Val::Text(p.period.clone()),
                            Val::Text(match &p.tier {
                                Some(k) => tier_name(r, k),
                                None => "全部".into(),
                            }),
                        ];
                        v.extend(rate_cells(p));
                        v
                    })
                    .collect(),
                swatches: vec![],
                wrap: None,
                total: None,
            }
        }
    }
}

/// The tier keys of the rate rows: the report's tiers first, then others.
fn tier_order(r: &TierReport, c: &ChurnFacts) -> Vec<String> {
    let mut keys: Vec<String> = r.tiers.iter().map(|t| t.key.clone()).collect();
    for p in &c.periods {
        if let Some(k) = &p.tier {
            if !keys.contains(k) {
                keys.push(k.clone());
            }
        }
    }
    keys
}

/// Each tier's rates in the latest period (the page's second table).
pub fn tiers_table(r: &TierReport, c: &ChurnFacts) -> Option<(String, Table)> {
    let latest = overall(c).last()?.period.clone();
    let rows: Vec<&PeriodRow> = tier_order(r, c)
        .into_iter()
        .filter_map(|k| {
            c.periods
                .iter()
                .find(|p| p.period == latest && p.tier.as_ref() == Some(&k))
        })
        .collect();
    if rows.is_empty() {
        return None;
    }
    let table = Table {
        name: TIERS.into(),
        columns: rate_columns(&[("等级", 1.2)]),
        swatches: rows
            .iter()
            .map(|p| Some(crate::churn::tier_color(r, p.tier.as_deref().unwrap_or(""))))
            .collect(),
        rows: rows
            .iter()
            .map(|p| {
                let mut v = vec![Val::Text(tier_name(r, p.tier.as_deref().unwrap_or("")))];
                v.extend(rate_cells(p));
                v
            })
            .collect(),
        wrap: None,
        total: None,
    };
    Some((latest, table))
}

/// Cohort retention as shares: 首购月份, 客户数, then 第 1 月, 第 2 月 …
/// On the page the last [`COHORTS_ON_PAGE`] cohorts and months 1 to
/// [`COHORT_MONTHS_ON_PAGE`]; whole, every cohort and month.
pub fn cohort_table(c: &ChurnFacts, fit: Fit) -> Table {
    let cohorts = match fit {
        Fit::Page => last(&c.cohorts, COHORTS_ON_PAGE),
        Fit::Whole => &c.cohorts[..],
    };
    let longest = cohorts.iter().map(|k| k.active.len()).max().unwrap_or(1);
    let months = match fit {
        Fit::Page => (longest.saturating_sub(1)).min(COHORT_MONTHS_ON_PAGE),
        Fit::Whole => longest.saturating_sub(1),
    };
    let mut columns = vec![col("首购月份", 1.3), col("客户数", 1.0)];
    columns.extend((1..=months).map(|m| col(format!("第{m}月"), 0.9)));
    Table {
        name: COHORTS.into(),
        columns,
        rows: cohorts
            .iter()
            .map(|k| {
                let mut v = vec![Val::Text(k.cohort.clone()), Val::Count(k.customers)];
                v.extend((1..=months).map(|m| opt(k.share(m), Val::Share)));
                v
            })
            .collect(),
        swatches: vec![],
        wrap: None,
        total: None,
    }
}

/// Tier counts after each batch, one column per tier, with the batch's
/// upgrades and downgrades.
pub fn batch_table(r: &TierReport, c: &ChurnFacts, fit: Fit) -> Table {
    let batches = match fit {
        Fit::Page => last(&c.batches, BATCHES_ON_PAGE),
        Fit::Whole => &c.batches[..],
    };
    let keys = batch_columns(r, batches);
    let mut columns = vec![col("评级批次", 2.0)];
    columns.extend(keys.iter().map(|k| col(tier_name(r, k), 0.9)));
    columns.push(col("升级", 0.8));
    columns.push(col("降级", 0.8));
    Table {
        name: BATCHES.into(),
        columns,
        rows: batches
            .iter()
            .map(|b| {
                let mut v = vec![Val::Text(b.label.clone())];
                v.extend(keys.iter().map(|k| Val::Count(b.count(k))));
                v.push(Val::Count(b.upgrades));
                v.push(Val::Count(b.downgrades));
                v
            })
            .collect(),
        swatches: vec![],
        wrap: None,
        total: None,
    }
}

/// One line per 客户经理 and a total.
pub fn manager_table(c: &ChurnFacts) -> Table {
    let m = &c.managers;
    let customers: u64 = m.iter().map(|x| x.customers).sum();
    Table {
        name: MANAGERS.into(),
        columns: [
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
        rows: m
            .iter()
            .map(|x| {
                vec![
                    Val::Text(if x.manager.trim().is_empty() {
                        NO_MANAGER.into()
                    } else {
                        x.manager.clone()
                    }),
                    Val::Count(x.customers),
                    Val::Money(x.revenue),
                    Val::Count(x.alerts_open),
                    Val::Count(x.alerts_recovered),
                    opt(x.followup_coverage, Val::Share),
                ]
            })
            .collect(),
        swatches: vec![],
        wrap: None,
        total: (!m.is_empty()).then(|| {
            let covered: f64 = m
                .iter()
                .filter_map(|x| x.followup_coverage.map(|s| s * x.customers as f64))
                .sum();
            let counted: u64 = m
                .iter()
                .filter(|x| x.followup_coverage.is_some())
                .map(|x| x.customers)
                .sum();
            vec![
                "合计".into(),
                Val::Count(customers),
                Val::Money(m.iter().map(|x| x.revenue).sum()),
                Val::Count(m.iter().map(|x| x.alerts_open).sum()),
                Val::Count(m.iter().map(|x| x.alerts_recovered).sum()),
                if counted > 0 {
                    Val::Share(covered / counted as f64)
                } else {
                    Val::Empty
                },
            ]
        }),
    }
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
                    Val::Text(tier_name(r, &l.tier)),
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
    let mut intro = format!("截至 {}，按{}统计。", c.as_of, c.period_unit);
    intro.push_str(&c.definition);
    out.push(Block::Paragraph(intro));
    if c.periods.is_empty() {
        out.push(Block::Paragraph(
            "还没有订单明细，无法计算留存与流失。".into(),
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
    if !c.cohorts.is_empty() {
        out.push(Block::Paragraph(
            "同期群留存：按首次购买月份分组，第 N 月仍有购买的客户占该组客户的比例（首购当月为 100%）。"
                .into(),
        ));
        out.push(Block::Table(cohort_table(c, Fit::Page)));
    }
    if !c.batches.is_empty() {
        out.push(Block::Paragraph(
            "等级变化：历次评级后各等级人数，及该批次升级、降级的客户数。".into(),
        ));
        out.push(Block::Table(batch_table(r, c, Fit::Page)));
    }
    if !c.managers.is_empty() {
        out.push(Block::Paragraph(
            "客户经理：负责的客户、收入、未处理与已挽回的流失预警，以及在等级回访周期内跟进过的客户占比。"
                .into(),
        ));
        out.push(Block::Table(manager_table(c)));
    }
    match &c.alerts {
        None => out.push(Block::Paragraph(
            "尚未生成流失预警：在「流失预警」页点击「刷新预警」，或运行 tierdesk churn refresh。"
                .into(),
        )),
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
