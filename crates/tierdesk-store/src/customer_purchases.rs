//! One customer's purchases for the record page: their order lines, newest
//! first, a page at a time, and a summary with totals per month, read from
//! `order_days` (a customer with 10,000 lines has a few thousand rows there).

use chrono::NaiveDate;
use tierdesk_domain::record::{average_interval, MonthTotal, PurchaseSummary};
use tierdesk_domain::{OrderLine, Page, TxKind};

use crate::db::Row;
use crate::{args, Result, Store};

/// The columns [`line_from`] reads, in its order.
pub(crate) const LINE_COLUMNS: &str =
    "id, import_id, order_no, occurred_at, product, quantity, unit_price, amount, kind";

/// One stored order line, read from [`LINE_COLUMNS`].
pub(crate) fn line_from(r: &Row<'_>) -> Result<OrderLine> {
    let kind: String = r.get(8)?;
    Ok(OrderLine {
        id: r.get(0)?,
        import_id: r.get(1)?,
        order_no: r.get(2)?,
        occurred_at: r.get(3)?,
        product: r.get(4)?,
        quantity: r.get(5)?,
        unit_price: r.get(6)?,
        amount: r.get(7)?,
        kind: TxKind::parse(&kind).unwrap_or(TxKind::Purchase),
    })
}

impl Store {
    /// A page of a customer's order lines, newest first (`page` from 0),
    /// with how many there are in all.
    pub fn customer_lines_page(
        &self,
        customer_id: i64,
        page: u32,
        page_size: u32,
    ) -> Result<Page<OrderLine>> {
        let size = page_size.clamp(1, 500);
        let db = self.db();
        let total: i64 = db.query_row(
            "SELECT count(*) FROM transactions WHERE customer_id = ?1",
            args![customer_id],
            |r| r.get(0),
        )?;
        let items = db.query_map(
            &format!(
                "SELECT {LINE_COLUMNS} FROM transactions WHERE customer_id = ?1
                 ORDER BY occurred_at DESC, id DESC LIMIT ?2 OFFSET ?3"
            ),
            args![customer_id, size, i64::from(page) * i64::from(size)],
            line_from,
        )?;
        Ok(Page {
            items,
            total: total as u64,
        })
    }

    /// A customer's purchases at a glance (see [`PurchaseSummary`]).
    pub fn purchase_summary(&self, customer_id: i64) -> Result<PurchaseSummary> {
        let db = self.db();
        let mut summary = db.query_row(
            "SELECT coalesce(sum(lines), 0),
                    count(DISTINCT CASE WHEN purchases > 0 THEN order_no END),
                    count(DISTINCT CASE WHEN purchases > 0 THEN day END),
                    coalesce(sum(spend), 0), coalesce(sum(returned), 0),
                    min(first_at), max(last_at),
                    min(CASE WHEN purchases > 0 THEN day END),
                    max(CASE WHEN purchases > 0 THEN day END)
             FROM order_days WHERE customer_id = ?1",
            args![customer_id],
            |r| {
                let days: i64 = r.get(2)?;
                let first: Option<String> = r.get(7)?;
                let last: Option<String> = r.get(8)?;
                let day = |d: Option<String>| {
                    d.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
                };
                Ok(PurchaseSummary {
                    lines: r.get::<i64>(0)? as u64,
                    orders: r.get::<i64>(1)? as u64,
                    purchase_days: days as u64,
                    spend: r.get(3)?,
                    returned: r.get(4)?,
                    first_at: r.get(5)?,
                    last_at: r.get(6)?,
                    average_interval_days: match (day(first), day(last)) {
                        (Some(f), Some(l)) => average_interval(f, l, days as u64),
                        _ => None,
                    },
                    months: Vec::new(),
                })
            },
        )?;
        summary.months = db.query_map(
            "SELECT substr(day, 1, 7), count(DISTINCT CASE WHEN purchases > 0 THEN order_no END),
                    coalesce(sum(spend), 0), coalesce(sum(returned), 0)
             FROM order_days WHERE customer_id = ?1 GROUP BY 1 ORDER BY 1",
            args![customer_id],
            |r| {
                Ok(MonthTotal {
                    month: r.get(0)?,
                    orders: r.get::<i64>(1)? as u64,
                    spend: r.get(2)?,
                    returned: r.get(3)?,
                })
            },
        )?;
        Ok(summary)
    }
}
