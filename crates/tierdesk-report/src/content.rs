//! The report's content as blocks — headings, tables, charts — built once
//! from a [`TierReport`] and rendered as HTML, PDF or a workbook.

use crate::chart::{self, Chart};
use crate::model::{count, percent, yuan, TierReport};

/// A table cell: numbers stay numbers so the workbook can sum them.
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    Text(String),
    Money(f64),
    Count(u64),
    Share(f64),
    /// A score such as an NPS (−100…100), one decimal.
    Score(f64),
    /// Whole points that may be below 0 (a balance): 5,130 or -20.
    Points(i64),
    /// A change of points, always signed: +1,200 or -300.
    Change(i64),
    Empty,
}

impl Val {
    pub fn display(&self) -> String {
        match self {
            Val::Text(s) => s.clone(),
            Val::Money(v) => yuan(*v),
            Val::Count(n) => count(*n),
            Val::Share(s) => percent(*s),
            Val::Score(v) => format!("{v:.1}"),
            Val::Points(n) => crate::points_statement::count_signed(*n),
            Val::Change(n) if *n > 0 => format!("+{}", count(*n as u64)),
            Val::Change(n) => crate::points_statement::count_signed(*n),
            Val::Empty => String::new(),
        }
    }

    pub fn is_numeric(&self) -> bool {
        matches!(
            self,
            Val::Money(_)
                | Val::Count(_)
                | Val::Share(_)
                | Val::Score(_)
                | Val::Points(_)
                | Val::Change(_)
        )
    }
}

impl From<&str> for Val {
    fn from(s: &str) -> Val {
        Val::Text(s.to_owned())
    }
}

impl From<String> for Val {
    fn from(s: String) -> Val {
        Val::Text(s)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub header: String,
    /// Relative width.
    pub width: f32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Sheet name in the workbook.
    pub name: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Val>>,
    /// A colour swatch before the first cell of a row (the tier colour).
    pub swatches: Vec<Option<String>>,
    pub total: Option<Vec<Val>>,
    /// A text column whose cells wrap onto more lines in the PDF; other
    /// cells too wide for their column are drawn smaller, and wrap when even
    /// the smallest size does not fit: no cell is cut.
    pub wrap: Option<usize>,
}

impl Table {
    /// Which columns hold a number in some row or the total line: those
    /// are right-aligned in every renderer.
    pub fn numeric_columns(&self) -> Vec<bool> {
        (0..self.columns.len())
            .map(|i| {
                self.rows
                    .iter()
                    .chain(self.total.iter())
                    .any(|r| r.get(i).is_some_and(|v| v.is_numeric()))
            })
            .collect()
    }

    /// Each column's share of the table's width, 0–1.
    pub fn width_shares(&self) -> Vec<f32> {
        let total: f32 = self.columns.iter().map(|c| c.width).sum();
        self.columns.iter().map(|c| c.width / total).collect()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading(String),
    Paragraph(String),
    Table(Table),
    /// Two charts side by side when there is room.
    Charts(Vec<Chart>),
}

fn cols(spec: &[(&str, f32)]) -> Vec<Column> {
    spec.iter()
        .map(|(h, w)| Column {
            header: (*h).into(),
            width: *w,
        })
        .collect()
}

/// The key-figures table per tier.
pub fn tier_table(r: &TierReport) -> Table {
    Table {
        name: "等级概览".into(),
        columns: cols(&[
            ("等级", 1.3),
            ("客户数", 1.0),
            ("客户占比", 1.0),
            ("收入", 1.6),
            ("收入占比", 1.0),
            ("平均消费", 1.4),
        ]),
        rows: r
            .tiers
            .iter()
            .map(|t| {
                vec![
                    Val::Text(t.name.clone()),
                    Val::Count(t.customers),
                    Val::Share(t.customer_share),
                    Val::Money(t.revenue),
                    Val::Share(t.revenue_share),
                    Val::Money(t.avg_spend),
                ]
            })
            .collect(),
        swatches: r.tiers.iter().map(|t| Some(t.color.clone())).collect(),
        wrap: None,
        total: Some(vec![
            "合计".into(),
            Val::Count(r.customers),
            Val::Share(if r.customers > 0 { 1.0 } else { 0.0 }),
            Val::Money(r.revenue),
            Val::Share(if r.revenue > 0.0 { 1.0 } else { 0.0 }),
            Val::Money(if r.customers > 0 {
                r.revenue / r.customers as f64
            } else {
                0.0
            }),
        ]),
    }
}

/// 钻石 → 钻石客户; 冠军客户 stays 冠军客户.
pub fn who(tier: &str) -> String {
    if tier.ends_with("客户") {
        tier.to_owned()
    } else {
        format!("{tier}客户")
    }
}

/// The headline sentence: the top tier's share of customers and of revenue.
pub fn headline(r: &TierReport) -> String {
    match r
        .tiers
        .iter()
        .find(|t| t.customers > 0 && !t.key.is_empty())
    {
        Some(t) if r.revenue > 0.0 => format!(
            "共 {} 位客户，收入合计 {}。{}占 {}，贡献了 {} 的收入；前 20% 的客户贡献了 {} 的收入。",
            count(r.customers),
            yuan(r.revenue),
            who(&t.name),
            percent(t.customer_share),
            percent(t.revenue_share),
            percent(r.top20_revenue_share)
        ),
        _ => format!(
            "共 {} 位客户，收入合计 {}。",
            count(r.customers),
            yuan(r.revenue)
        ),
    }
}

pub fn movement_table(r: &TierReport) -> Option<Table> {
    let m = r.movement.as_ref()?;
    let mut columns = vec![Column {
        header: "原等级 \\ 新等级".into(),
        width: 1.6,
    }];
    columns.extend(m.tiers.iter().map(|t| Column {
        header: t.name.clone(),
        width: 1.0,
    }));
    columns.push(Column {
        header: "合计".into(),
        width: 1.0,
    });
    let rows = m
        .tiers
        .iter()
        .zip(&m.counts)
        .map(|(t, row)| {
            let mut v = vec![Val::Text(t.name.clone())];
            v.extend(
                row.iter()
                    .map(|n| if *n == 0 { Val::Empty } else { Val::Count(*n) }),
            );
            v.push(Val::Count(row.iter().sum()));
            v
        })
        .collect();
    Some(Table {
        name: "等级变动".into(),
        columns,
        rows,
        swatches: m.tiers.iter().map(|t| Some(t.color.clone())).collect(),
        wrap: None,
        total: None,
    })
}

fn movers_table(name: &str, list: &[crate::model::Mover]) -> Table {
    Table {
        name: name.into(),
        columns: cols(&[
            ("客户编号", 1.1),
            ("客户名称", 2.0),
            ("联系方式", 1.3),
            ("原等级", 0.9),
            ("新等级", 0.9),
            ("消费金额", 1.3),
            ("原因", 3.0),
        ]),
        rows: list
            .iter()
            .map(|m| {
                vec![
                    Val::Text(m.code.clone()),
                    Val::Text(m.name.clone()),
                    Val::Text(m.phone.clone()),
                    Val::Text(m.from.clone()),
                    Val::Text(m.to.clone()),
                    m.spend.map(Val::Money).unwrap_or(Val::Empty),
                    Val::Text(m.reason.clone()),
                ]
            })
            .collect(),
        swatches: vec![],
        wrap: None,
        total: None,
    }
}

pub fn risk_table(r: &TierReport) -> Table {
    Table {
        name: "流失风险".into(),
        columns: cols(&[
            ("客户编号", 1.1),
            ("客户名称", 2.0),
            ("联系方式", 1.3),
            ("等级", 0.9),
            ("消费金额", 1.3),
            ("预警原因", 3.5),
        ]),
        rows: r
            .at_risk
            .iter()
            .map(|m| {
                vec![
                    Val::Text(m.code.clone()),
                    Val::Text(m.name.clone()),
                    Val::Text(m.phone.clone()),
                    Val::Text(m.tier.clone()),
                    m.spend.map(Val::Money).unwrap_or(Val::Empty),
                    Val::Text(m.reason.clone()),
                ]
            })
            .collect(),
        swatches: vec![],
        wrap: None,
        total: None,
    }
}

pub fn benefits_table(r: &TierReport) -> Table {
    Table {
        name: "权益成本".into(),
        columns: cols(&[
            ("等级", 0.9),
            ("权益", 1.4),
            ("说明", 2.2),
            ("每期次数", 0.9),
            ("客户数", 0.9),
            ("单次成本", 1.0),
            ("预计成本", 1.2),
            ("已使用", 0.8),
            ("已用成本", 1.1),
        ]),
        rows: r
            .benefits
            .iter()
            .map(|b| {
                vec![
                    Val::Text(b.tier.clone()),
                    Val::Text(b.name.clone()),
                    Val::Text(b.description.clone()),
                    b.quota
                        .map(|q| Val::Count(q as u64))
                        .unwrap_or_else(|| "不限".into()),
                    Val::Count(b.customers),
                    Val::Money(b.cost_per_use),
                    Val::Money(b.cost),
                    Val::Count(b.uses),
                    Val::Money(b.used_cost),
                ]
            })
            .collect(),
        swatches: vec![],
        wrap: None,
        total: Some(vec![
            "合计".into(),
            Val::Empty,
            Val::Empty,
            Val::Empty,
            Val::Empty,
            Val::Empty,
            Val::Money(r.benefits_cost),
            Val::Count(r.benefits.iter().map(|b| b.uses).sum()),
            Val::Money(r.benefits_used_cost),
        ]),
    }
}

/// The 客户服务 table: contact coverage, complaints and satisfaction per tier.
pub fn service_table(r: &TierReport) -> Table {
    let opt = |v: Option<Val>| v.unwrap_or(Val::Empty);
    Table {
        name: "客户服务".into(),
        columns: cols(&[
            ("等级", 1.1),
            ("客户数", 0.9),
            ("回访周期", 0.9),
            ("已联系", 0.8),
            ("覆盖率", 0.9),
            ("未结投诉", 0.9),
            ("超时投诉", 0.9),
            ("NPS 份数", 0.9),
            ("NPS", 0.8),
            ("CSAT 份数", 1.0),
            ("CSAT", 0.8),
        ]),
        rows: r
            .service
            .iter()
            .map(|s| {
                vec![
                    Val::Text(if s.low_count {
                        format!("{} *", s.tier)
                    } else {
                        s.tier.clone()
                    }),
                    Val::Count(s.customers),
                    match s.visit_days {
                        Some(d) => Val::Text(format!("{d} 天")),
                        None => "不定期".into(),
                    },
                    if s.visit_days.is_some() {
                        Val::Count(s.contacted)
                    } else {
                        Val::Empty
                    },
                    opt(s.coverage.map(Val::Share)),
                    Val::Count(s.open_cases),
                    Val::Count(s.overdue_cases),
                    Val::Count(s.nps_answers),
                    opt(s.nps.map(Val::Score)),
                    Val::Count(s.csat_answers),
                    opt(s.csat.map(Val::Share)),
                ]
            })
            .collect(),
        swatches: r.service.iter().map(|s| Some(s.color.clone())).collect(),
        wrap: None,
        total: None,
    }
}

/// The words above the service table.
fn service_note(r: &TierReport) -> String {
    let mut note = String::from(
        "覆盖率 = 最近联系日期在该等级回访周期内（截至报告日期）的客户占比；超时投诉为超过响应或解决时限仍未结案的投诉；",
    );
    if r.survey_span.is_empty() {
        note.push_str(
            "NPS = 推荐者（9–10 分）占比 − 贬损者（0–6 分）占比；CSAT = 4–5 分答卷占比。",
        );
    } else {
        note.push_str(&format!(
            "NPS、CSAT 按 {} 的满意度答卷计算：NPS = 推荐者（9–10 分）占比 − 贬损者（0–6 分）占比；CSAT = 4–5 分答卷占比。",
            r.survey_span
        ));
    }
    if r.service.iter().any(|s| s.low_count) {
        note.push_str(&format!(
            "标 * 的等级答卷不足 {} 份，结果仅供参考。",
            tierdesk_domain::survey::LOW_COUNT
        ));
    }
    note
}

/// Every block of the report in reading order, charts `width` points wide.
pub fn blocks(r: &TierReport, width: f32) -> Vec<Block> {
    let half = (width - 16.0) / 2.0;
    let mut out = vec![
        Block::Heading("一、关键指标".into()),
        Block::Paragraph(headline(r)),
        Block::Table(tier_table(r)),
        Block::Charts(vec![chart::distribution(r, half), chart::revenue(r, half)]),
        Block::Charts(
            vec![chart::pareto(r, half)]
                .into_iter()
                .chain(chart::history(r, half))
                .collect(),
        ),
        Block::Heading("二、等级变动".into()),
    ];
    match movement_table(r) {
        Some(t) => {
            let label = r
                .movement
                .as_ref()
                .map(|m| m.label.clone())
                .unwrap_or_default();
            out.push(Block::Paragraph(format!(
                "{label}：行为原等级，列为新等级。"
            )));
            out.push(Block::Table(t));
        }
        None => out.push(Block::Paragraph("该方案还没有已执行的评级批次。".into())),
    }
    out.push(Block::Heading("三、升级客户（按消费金额排序）".into()));
    if r.upgrades.is_empty() {
        out.push(Block::Paragraph("本期没有升级的客户。".into()));
    } else {
        out.push(Block::Table(movers_table("升级客户", &r.upgrades)));
    }
    out.push(Block::Heading("四、降级客户（按消费金额排序）".into()));
    if r.downgrades.is_empty() {
        out.push(Block::Paragraph("本期没有降级的客户。".into()));
    } else {
        out.push(Block::Table(movers_table("降级客户", &r.downgrades)));
    }
    out.push(Block::Heading("五、高价值客户流失预警".into()));
    if let Some(a) = r.churn.as_ref().and_then(|c| c.alerts.as_ref()) {
        out.push(Block::Paragraph(crate::churn_content::at_risk_note(a)));
    } else if r.at_risk.is_empty() {
        out.push(Block::Paragraph("暂无需要预警的高价值客户。".into()));
    } else {
        out.push(Block::Table(risk_table(r)));
    }
    out.push(Block::Heading("六、权益与成本".into()));
    if !r.benefits.is_empty() {
        out.push(Block::Paragraph("预计成本 = 该等级客户数 × 每期次数 × 单次成本（不限次数的按一次计）；已使用为本期登记的使用次数。".into()));
    }
    if r.benefits.is_empty() {
        out.push(Block::Paragraph("该方案没有设置权益。".into()));
    } else {
        out.push(Block::Table(benefits_table(r)));
    }
    out.push(Block::Heading("七、客户服务".into()));
    out.push(Block::Paragraph(service_note(r)));
    out.push(Block::Table(service_table(r)));
    if let Some(c) = &r.churn {
        out.extend(crate::churn_content::blocks(r, c, width));
    }
    if let Some(p) = &r.points {
        out.extend(crate::points_figures::blocks(p));
    }
    out
}

/// The report title and the line under it.
pub fn title(r: &TierReport) -> (String, String) {
    let company = if r.company.trim().is_empty() {
        String::new()
    } else {
        format!("{} ", r.company.trim())
    };
    let title = format!("{company}客户等级报告");
    let mut sub = format!("方案：{}", r.scheme_name);
    if !r.period_label.is_empty() {
        sub.push_str(&format!("　期间：{}", r.period_label));
    }
    sub.push_str(&format!(
        "　截至：{}　生成日期：{}",
        r.as_of, r.generated_on
    ));
    if r.masked {
        sub.push_str("　（联系方式已脱敏）");
    }
    (title, sub)
}
