//! A customer's 积分对账单 for a period: the balance at the period's start,
//! what came in and went out by kind, the balance at its end, the points
//! about to expire and every ledger line of the period, as one A4 page in
//! HTML (the app's print preview) and as a PDF with the embedded font.
//!
//! The statement reads the ledger by the day each row counts for
//! (`on_day`), not by the order rows were written: an order import of last
//! year's sheet writes rows dated last year after this year's. So the
//! opening balance is the sum of every row before the period, the lines are
//! the period's rows by day (then by id), and each line's balance is the
//! opening plus the lines so far. Opening + every movement = closing, by
//! construction and by the test; where rows were written in day order the
//! line balances equal the ledger's stored `balance_after`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tierdesk_domain::points::{EntryKind, PointsEntry};
use tierdesk_domain::TierLabel;
use ts_rs::TS;

use crate::churn_content::col;
use crate::content::{Block, Table, Val};
use crate::model::{count, mask_phone, yuan};
use crate::pdf::{render_blocks, Page, Wrap};
use crate::ReportError;

/// The title of the statement.
pub const TITLE: &str = "积分对账单";

/// One ledger row of the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct StatementLine {
    /// The ledger row's id.
    pub id: i64,
    pub day: NaiveDate,
    pub kind: EntryKind,
    /// Signed: added (positive) or taken (negative).
    pub points: i64,
    /// The balance after this line: the opening plus the lines so far.
    pub balance_after: i64,
    /// Where it came from, with the order number when there is one (订单 581475).
    pub source: String,
    pub reason: String,
}

/// Who the statement is for and what the caller knows beside the ledger.
#[derive(Debug, Clone, PartialEq)]
pub struct StatementHolder {
    pub customer_id: i64,
    pub code: Option<String>,
    pub name: String,
    pub tier: Option<TierLabel>,
    /// The stored phone; the statement keeps only its mask.
    pub phone: Option<String>,
    pub printed_on: NaiveDate,
    /// Points that run out by `expiring_by` unless used first.
    pub expiring: i64,
    pub expiring_by: NaiveDate,
    /// ¥ per point, for the closing balance's value.
    pub value_per_point: f64,
}

/// A customer's points in a period, every figure whole points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PointsStatement {
    pub customer_id: i64,
    pub code: Option<String>,
    pub name: String,
    pub tier: Option<TierLabel>,
    /// Masked (138****5678); `None` without a phone.
    pub phone: Option<String>,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub printed_on: NaiveDate,
    /// The balance at the start of `from`.
    pub opening: i64,
    /// Earned from orders and bonus rules (获得).
    pub earned: i64,
    /// Carried over from an old sheet (期初 rows of the period).
    pub carried_in: i64,
    /// Spent on the catalogue, as a positive number.
    pub redeemed: i64,
    /// Ran out, as a positive number.
    pub expired: i64,
    /// Hand adjustments and reversals (调整、冲销), signed.
    pub adjusted: i64,
    /// The balance at the end of `to`.
    pub closing: i64,
    pub expiring: i64,
    pub expiring_by: NaiveDate,
    /// The closing balance × the value per point, in ¥.
    pub closing_value: f64,
    pub lines: Vec<StatementLine>,
}

impl PointsStatement {
    /// The statement of `holder` from `from` to `to` (both whole days) out
    /// of the customer's ledger rows, in any order.
    pub fn build(
        holder: StatementHolder,
        entries: &[PointsEntry],
        from: NaiveDate,
        to: NaiveDate,
    ) -> PointsStatement {
        let opening: i64 = entries
            .iter()
            .filter(|e| e.on_day < from)
            .map(|e| e.points)
            .sum();
        let mut period: Vec<&PointsEntry> = entries
            .iter()
            .filter(|e| e.on_day >= from && e.on_day <= to)
            .collect();
        period.sort_by_key(|e| (e.on_day, e.id));
        let (mut earned, mut carried_in, mut redeemed, mut expired, mut adjusted) = (0, 0, 0, 0, 0);
        let mut balance = opening;
        let mut lines = Vec::with_capacity(period.len());
        for e in period {
            match e.kind {
                EntryKind::Earn => earned += e.points,
                EntryKind::Opening => carried_in += e.points,
                EntryKind::Redeem => redeemed -= e.points,
                EntryKind::Expire => expired -= e.points,
                EntryKind::Adjust | EntryKind::Reverse => adjusted += e.points,
            }
            balance += e.points;
            lines.push(StatementLine {
                id: e.id,
                day: e.on_day,
                kind: e.kind,
                points: e.points,
                balance_after: balance,
                source: source_text(e),
                reason: reason_text(e),
            });
        }
        PointsStatement {
            customer_id: holder.customer_id,
            code: holder.code,
            name: holder.name,
            tier: holder.tier,
            phone: holder.phone.as_deref().map(mask_phone),
            from,
            to,
            printed_on: holder.printed_on,
            opening,
            earned,
            carried_in,
            redeemed,
            expired,
            adjusted,
            closing: balance,
            expiring: holder.expiring,
            expiring_by: holder.expiring_by,
            closing_value: balance as f64 * holder.value_per_point,
            lines,
        }
    }
}

/// 订单 581475, 人工, 规则 …
fn source_text(e: &PointsEntry) -> String {
    match e.order_no.as_deref().filter(|o| !o.is_empty()) {
        Some(order) => format!("{} {order}", e.source.label()),
        None => e.source.label().to_owned(),
    }
}

/// The reason typed or written, with the quantity of a redemption and the
/// row a reversal undoes.
fn reason_text(e: &PointsEntry) -> String {
    let mut out = e.reason.clone();
    if let Some(q) = e.qty.filter(|q| *q > 1 && e.kind == EntryKind::Redeem) {
        out.push_str(&format!(" ×{}", count(q as u64)));
    }
    if let Some(r) = e.reverses_id {
        if !out.is_empty() {
            out.push('；');
        }
        out.push_str(&format!("冲销第 {r} 号记录"));
    }
    out
}

/// The line under the title: the customer, the period, the printing day.
pub fn subtitle(s: &PointsStatement) -> String {
    format!(
        "客户：{}　客户编号：{}　等级：{}　联系电话：{}　期间：{} 至 {}　打印日期：{}",
        s.name,
        s.code.as_deref().unwrap_or("—"),
        s.tier.as_ref().map_or("未评级", |t| t.name.as_str()),
        s.phone.as_deref().unwrap_or("—"),
        s.from,
        s.to,
        s.printed_on
    )
}

/// The figures of the period: opening, each kind of movement, closing.
pub fn summary_table(s: &PointsStatement) -> Table {
    let row = |what: &str, v: Val, note: &str| vec![Val::Text(what.into()), v, note.into()];
    Table {
        name: "积分汇总".into(),
        columns: vec![col("项目", 1.4), col("积分", 1.0), col("说明", 3.2)],
        rows: vec![
            row(
                "期初余额",
                Val::Points(s.opening),
                &format!("{} 之前的余额", s.from),
            ),
            row("本期获得", Val::Change(s.earned), "订单与奖励规则所得"),
            row("期初导入", Val::Change(s.carried_in), "由旧表结转的积分"),
            row("本期兑换", Val::Change(-s.redeemed), "兑换礼品、券、服务"),
            row("本期过期", Val::Change(-s.expired), "到期未用"),
            row(
                "调整与冲销",
                Val::Change(s.adjusted),
                "人工调整、撤销与导入撤销",
            ),
        ],
        swatches: vec![],
        total: Some(vec![
            "期末余额".into(),
            Val::Points(s.closing),
            Val::Text(format!("{} 的余额，价值约 {}", s.to, yuan(s.closing_value))),
        ]),
        wrap: None,
    }
}

/// Every line of the period.
pub fn lines_table(s: &PointsStatement) -> Table {
    Table {
        name: "积分明细".into(),
        columns: vec![
            col("日期", 1.15),
            col("类型", 0.6),
            col("积分", 0.85),
            col("余额", 0.85),
            col("来源", 1.45),
            col("原因", 2.6),
        ],
        rows: s
            .lines
            .iter()
            .map(|l| {
                vec![
                    Val::Text(l.day.to_string()),
                    Val::Text(l.kind.label().into()),
                    Val::Change(l.points),
                    Val::Points(l.balance_after),
                    Val::Text(l.source.clone()),
                    Val::Text(l.reason.clone()),
                ]
            })
            .collect(),
        swatches: vec![],
        total: None,
        wrap: Some(5),
    }
}

/// The words on the points about to expire.
pub fn expiring_note(s: &PointsStatement) -> String {
    if s.expiring > 0 {
        format!(
            "即将过期：{} 分将于 {} 前过期（先获得的先使用），请提醒客户及时兑换。",
            count(s.expiring as u64),
            s.expiring_by
        )
    } else {
        format!("即将过期：{} 前没有到期的积分。", s.expiring_by)
    }
}

/// The statement's content in reading order.
pub fn blocks(s: &PointsStatement) -> Vec<Block> {
    let mut out = vec![
        Block::Heading("一、积分汇总".into()),
        Block::Paragraph(identity(s)),
        Block::Table(summary_table(s)),
        Block::Paragraph(expiring_note(s)),
        Block::Heading(format!(
            "二、积分明细（{} 条）",
            count(s.lines.len() as u64)
        )),
    ];
    if s.lines.is_empty() {
        out.push(Block::Paragraph("本期没有积分变动。".into()));
    } else {
        out.push(Block::Table(lines_table(s)));
    }
    out.push(Block::Paragraph(
        "客户签字：________________　　经办人签字：________________".into(),
    ));
    out
}

/// The sum a reader can check: 期末 = 期初 + 获得 + 导入 − 兑换 − 过期 ± 调整.
fn identity(s: &PointsStatement) -> String {
    let signed = |n: i64| {
        if n < 0 {
            format!("− {}", count(n.unsigned_abs()))
        } else {
            format!("+ {}", count(n as u64))
        }
    };
    format!(
        "期末余额 = 期初余额 + 本期获得 + 期初导入 − 本期兑换 − 本期过期 ± 调整与冲销：{} = {} {} {} {} {} {}。",
        count_signed(s.closing),
        count_signed(s.opening),
        signed(s.earned),
        signed(s.carried_in),
        signed(-s.redeemed),
        signed(-s.expired),
        signed(s.adjusted)
    )
}

/// A whole number of points with thousands separators and a minus sign.
pub fn count_signed(n: i64) -> String {
    let s = count(n.unsigned_abs());
    if n < 0 {
        format!("-{s}")
    } else {
        s
    }
}

/// The statement as one self-contained HTML page (print preview, `.html`).
pub fn points_statement_html(s: &PointsStatement) -> String {
    crate::html::document(
        TITLE,
        &subtitle(s),
        "",
        blocks(s),
        &s.printed_on.to_string(),
    )
}

/// The statement as an A4 PDF with the embedded Chinese font; no code or
/// reason is cut: every text cell wraps.
pub fn points_statement_pdf(s: &PointsStatement) -> Result<Vec<u8>, ReportError> {
    let sub = subtitle(s);
    let running = format!(
        "{TITLE} · {} · {} 至 {}",
        s.code.as_deref().unwrap_or(&s.name),
        s.from,
        s.to
    );
    let page = Page {
        title: TITLE,
        sub: &sub,
        running: &running,
        wrap: Wrap::EveryText,
    };
    render_blocks(&page, blocks(s), None)
}
