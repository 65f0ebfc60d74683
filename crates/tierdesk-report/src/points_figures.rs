//! The report's 积分 section: points issued (earned and carried over),
//! redeemed, expired and adjusted per tier over the report's year and per
//! quarter and year, what each tier's customers hold, its value (the
//! outstanding liability: balance × the value per point) and what runs out
//! in the next 90 days. Shown only when the ledger has a row; the workbook
//! has it on one sheet 积分 with a native chart.

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{Chart, ChartType, Workbook, XlsxError};
use serde::{Deserialize, Serialize};

use crate::churn_content::col;
use crate::content::{Block, Table, Val};
use crate::model::{count, yuan, TierReport};
use crate::xlsx::{write_table, Formats};

/// The section's heading (after 八、流失与留存).
pub const HEADING: &str = "九、积分";
/// The tables' names; the workbook puts both on the sheet [`SHEET`].
pub const TIERS: &str = "各等级积分";
pub const PERIODS: &str = "积分发放与使用";
pub const SHEET: &str = "积分";

/// One tier's movements in one month as the store sums them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PointsMonthFacts {
    /// The tier key; empty without a tier.
    pub tier: String,
    /// `YYYY-MM`.
    pub month: String,
    pub issued: i64,
    pub redeemed: i64,
    pub expired: i64,
    pub adjusted: i64,
}

/// What one tier's customers hold.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PointsHoldingFacts {
    pub tier: String,
    pub customers: u64,
    pub balance: i64,
    pub expiring: i64,
}

/// What the API reads for the section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PointsFacts {
    pub months: Vec<PointsMonthFacts>,
    pub holdings: Vec<PointsHoldingFacts>,
    pub value_per_point: f64,
    pub as_of: NaiveDate,
    pub expiring_by: NaiveDate,
}

/// One line of the per-tier table: the report's year and the holdings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PointsTierLine {
    pub tier: String,
    pub color: String,
    pub issued: i64,
    pub redeemed: i64,
    pub expired: i64,
    pub customers: u64,
    pub balance: i64,
    /// balance × the value per point, in ¥.
    pub liability: f64,
    pub expiring: i64,
}

/// One period (a quarter or a year) of all tiers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PointsPeriodLine {
    /// 2025年第一季度, 2025年度.
    pub period: String,
    pub issued: i64,
    pub redeemed: i64,
    pub expired: i64,
    pub adjusted: i64,
    /// The balance of all customers at the period's end.
    pub closing: i64,
}

/// The section as the report shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PointsSection {
    /// The calendar year of the report's date, in words (2025年).
    pub year: String,
    pub tiers: Vec<PointsTierLine>,
    pub total: PointsTierLine,
    /// The last 8 quarters, then the last 3 years, oldest first in each.
    pub periods: Vec<PointsPeriodLine>,
    pub value_per_point: f64,
    pub expiring_by: NaiveDate,
}

const QUARTERS: [&str; 4] = ["一", "二", "三", "四"];
/// Quarters and years the period table shows.
const QUARTERS_SHOWN: i32 = 8;
const YEARS_SHOWN: i32 = 3;

/// Month `YYYY-MM` as (year, month); `None` when it is not one.
fn ym(month: &str) -> Option<(i32, u32)> {
    let (y, m) = month.split_once('-')?;
    Some((y.parse().ok()?, m.parse().ok()?))
}

/// Sums the months that `within` keeps.
fn sum(months: &[PointsMonthFacts], within: impl Fn(i32, u32) -> bool) -> PointsPeriodLine {
    let mut p = PointsPeriodLine::default();
    for m in months {
        let Some((y, mo)) = ym(&m.month) else {
            continue;
        };
        if within(y, mo) {
            p.issued += m.issued;
            p.redeemed += m.redeemed;
            p.expired += m.expired;
            p.adjusted += m.adjusted;
        }
    }
    p
}

/// Net points of the months up to the end of month `(y, mo)`.
fn balance_by(months: &[PointsMonthFacts], y: i32, mo: u32) -> i64 {
    let p = sum(months, |yy, mm| (yy, mm) <= (y, mo));
    p.issued - p.redeemed - p.expired + p.adjusted
}

/// The section out of the store's sums, with the report's tiers (their
/// order, names and colours; a key the scheme does not know counts with
/// the customers without a tier). `None` when the ledger has no row.
pub fn points_section(r: &TierReport, facts: &PointsFacts) -> Option<PointsSection> {
    if facts.months.is_empty() && facts.holdings.is_empty() {
        return None;
    }
    // The report's tiers in its order; a key it does not know (a tier of
    // another scheme) counts with the customers without a tier, under a
    // 未评级 line added when the report has none.
    let mut keys: Vec<&str> = r.tiers.iter().map(|t| t.key.as_str()).collect();
    let mut tiers: Vec<PointsTierLine> = r
        .tiers
        .iter()
        .map(|t| PointsTierLine {
            tier: t.name.clone(),
            color: t.color.clone(),
            ..Default::default()
        })
        .collect();
    let mut line_of = |key: &str, tiers: &mut Vec<PointsTierLine>| -> usize {
        let key = if keys.contains(&key) { key } else { "" };
        if let Some(i) = keys.iter().position(|k| *k == key) {
            return i;
        }
        keys.push("");
        tiers.push(PointsTierLine {
            tier: crate::figures::UNRATED.into(),
            color: crate::figures::GREY.into(),
            ..Default::default()
        });
        tiers.len() - 1
    };
    let year = facts.as_of.year();
    for m in &facts.months {
        let i = line_of(&m.tier, &mut tiers);
        if ym(&m.month).is_some_and(|(y, _)| y == year) {
            tiers[i].issued += m.issued;
            tiers[i].redeemed += m.redeemed;
            tiers[i].expired += m.expired;
        }
    }
    for h in &facts.holdings {
        let i = line_of(&h.tier, &mut tiers);
        tiers[i].customers += h.customers;
        tiers[i].balance += h.balance;
        tiers[i].expiring += h.expiring;
    }
    for t in &mut tiers {
        t.liability = t.balance as f64 * facts.value_per_point;
    }
    let mut total = PointsTierLine {
        tier: "合计".into(),
        ..Default::default()
    };
    for t in &tiers {
        total.issued += t.issued;
        total.redeemed += t.redeemed;
        total.expired += t.expired;
        total.customers += t.customers;
        total.balance += t.balance;
        total.liability += t.liability;
        total.expiring += t.expiring;
    }
    Some(PointsSection {
        year: format!("{year}年"),
        tiers,
        total,
        periods: periods(&facts.months, facts.as_of),
        value_per_point: facts.value_per_point,
        expiring_by: facts.expiring_by,
    })
}

/// Puts the 积分 section into `r` (nothing when the ledger has no row).
pub fn add_points(r: &mut TierReport, facts: &PointsFacts) {
    r.points = points_section(r, facts);
}

/// The last quarters and years up to the report's date.
fn periods(months: &[PointsMonthFacts], as_of: NaiveDate) -> Vec<PointsPeriodLine> {
    let mut out = Vec::new();
    let now = as_of.year() * 4 + (as_of.month0() / 3) as i32;
    for q in (now - QUARTERS_SHOWN + 1)..=now {
        let (y, k) = (q.div_euclid(4), q.rem_euclid(4) as u32);
        let mut p = sum(months, |yy, mm| yy == y && (mm - 1) / 3 == k);
        p.period = format!("{y}年第{}季度", QUARTERS[k as usize]);
        p.closing = balance_by(months, y, k * 3 + 3);
        out.push(p);
    }
    for y in (as_of.year() - YEARS_SHOWN + 1)..=as_of.year() {
        let mut p = sum(months, |yy, _| yy == y);
        p.period = format!("{y}年度");
        p.closing = balance_by(months, y, 12);
        out.push(p);
    }
    out
}

/// Points per tier: the year's movements and what is held now.
pub fn tier_table(s: &PointsSection) -> Table {
    let row = |t: &PointsTierLine| {
        vec![
            Val::Text(t.tier.clone()),
            Val::Points(t.issued),
            Val::Points(t.redeemed),
            Val::Points(t.expired),
            Val::Count(t.customers),
            Val::Points(t.balance),
            Val::Money(t.liability),
            Val::Points(t.expiring),
        ]
    };
    Table {
        name: TIERS.into(),
        columns: vec![
            col("等级", 1.1),
            col(format!("{}发放", s.year), 1.1),
            col(format!("{}兑换", s.year), 1.1),
            col(format!("{}过期", s.year), 1.1),
            col("持有客户", 0.9),
            col("积分余额", 1.1),
            col("负债金额", 1.1),
            col("90天内过期", 1.1),
        ],
        rows: s.tiers.iter().map(row).collect(),
        swatches: s.tiers.iter().map(|t| Some(t.color.clone())).collect(),
        total: Some(row(&s.total)),
        wrap: None,
    }
}

/// Points issued, redeemed, expired and adjusted per quarter and year.
pub fn period_table(s: &PointsSection) -> Table {
    Table {
        name: PERIODS.into(),
        columns: vec![
            col("期间", 1.6),
            col("发放", 1.0),
            col("兑换", 1.0),
            col("过期", 1.0),
            col("调整", 1.0),
            col("期末余额", 1.1),
        ],
        rows: s
            .periods
            .iter()
            .map(|p| {
                vec![
                    Val::Text(p.period.clone()),
                    Val::Points(p.issued),
                    Val::Points(p.redeemed),
                    Val::Points(p.expired),
                    Val::Change(p.adjusted),
                    Val::Points(p.closing),
                ]
            })
            .collect(),
        swatches: vec![],
        total: None,
        wrap: None,
    }
}

/// The words above the tables.
pub fn note(s: &PointsSection) -> String {
    format!(
        "发放 = 订单与奖励所得及旧表结转（期初）的积分，撤销的导入已扣回；兑换与过期为用掉的积分；调整为人工增减。客户按当前等级统计。现有积分 {} 分，按每分 ¥{} 计负债约 {}；其中 {} 分将于 {} 前过期。",
        crate::points_statement::count_signed(s.total.balance),
        s.value_per_point,
        yuan(s.total.liability),
        count(s.total.expiring.max(0) as u64),
        s.expiring_by
    )
}

/// The section's blocks for the A4 report.
pub fn blocks(s: &PointsSection) -> Vec<Block> {
    vec![
        Block::Heading(HEADING.into()),
        Block::Paragraph(note(s)),
        Block::Table(tier_table(s)),
        Block::Table(period_table(s)),
    ]
}

/// The sheet 积分: both tables and a column chart of the periods'
/// issued, redeemed and expired points over the sheet's own cells.
pub(crate) fn add_sheet(
    wb: &mut Workbook,
    f: &Formats,
    s: &PointsSection,
    title: &str,
) -> Result<(), XlsxError> {
    let tiers = tier_table(s);
    let periods = period_table(s);
    let ws = crate::xlsx::list_sheet(wb, f, &tiers, title, &note(s))?;
    ws.set_name(SHEET)?;
    let first = crate::xlsx::LIST_HEADER + tiers.rows.len() as u32 + 3;
    write_table(ws, f, &periods, first)?;
    let n = periods.rows.len() as u32;
    if n == 0 {
        return Ok(());
    }
    let mut chart = Chart::new(ChartType::Column);
    chart.title().set_name("积分发放、兑换与过期");
    for c in 1..=3u16 {
        chart
            .add_series()
            .set_name((SHEET, first, c))
            .set_categories((SHEET, first + 1, 0, first + n, 0))
            .set_values((SHEET, first + 1, c, first + n, c));
    }
    ws.insert_chart(first, 7, &chart)?;
    Ok(())
}
