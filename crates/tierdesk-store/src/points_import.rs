//! Points earned from an order import, in the import's transaction, and
//! reversed when the import is undone.
//!
//! One `earn` row per customer and order: the order's purchase amount (less
//! its returns when the scheme nets them) at the rate of the customer's tier
//! on the order's first day, with the birthday-month bonus. The tier in force
//! on a day is the `to_tier` of the customer's last rating on or before it
//! (a batch counts from its as-of day, a hand change from its day); before
//! the first rating it is that rating's `from_tier`, and with no rating at
//! all the customer's current tier.
//!
//! An order already earned by an earlier import that is still in effect
//! earns nothing again (importing the same sheet twice earns once; lines
//! added to that order later earn nothing either); an undone import's
//! earnings are reversed, so importing its lines again earns them again.

use std::collections::HashMap;

use chrono::NaiveDate;
use tierdesk_domain::points::{earn_points, EarnPlan, EntryKind, SourceKind};

use crate::db::{AsDb, OptionalExt};
use crate::points::{append_in, NewRow};
use crate::purchases::OrderDays;
use crate::{args, now_text, Result};

/// One order's amount to earn on, for one customer.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Earning {
    pub customer_id: i64,
    pub order_no: String,
    /// The order's first day in this import.
    pub day: String,
    pub amount: f64,
}

/// The orders of an import's lines, each with the amount that earns.
pub(crate) fn earnings(days: &OrderDays, plan: &EarnPlan) -> Vec<Earning> {
    let mut by_order: HashMap<(i64, &str), (&str, f64)> = HashMap::new();
    for (customer_id, day, order_no, spend, returned) in days.orders() {
        let amount = if plan.net_of_returns {
            spend - returned
        } else {
            spend
        };
        let e = by_order
            .entry((customer_id, order_no))
            .or_insert((day, 0.0));
        e.0 = e.0.min(day);
        e.1 += amount;
    }
    let mut out: Vec<Earning> = by_order
        .into_iter()
        .map(|((customer_id, order_no), (day, amount))| Earning {
            customer_id,
            order_no: order_no.to_owned(),
            day: day.to_owned(),
            amount,
        })
        .collect();
    out.sort_unstable_by(|a, b| (a.customer_id, &a.order_no).cmp(&(b.customer_id, &b.order_no)));
    out
}

/// A customer's ratings as (day, from, to), oldest first.
type Ratings = Vec<(String, Option<String>, Option<String>)>;

fn ratings_in(conn: &impl AsDb, customer_id: i64) -> Result<Ratings> {
    conn.as_db().query_map(
        "SELECT COALESCE(b.as_of, substr(h.at, 1, 10)) AS on_day, h.from_tier, h.to_tier
         FROM tier_history h LEFT JOIN batches b ON b.id = h.batch_id
         WHERE h.customer_id = ?1 AND (h.batch_id IS NULL OR b.undone_at IS NULL)
         ORDER BY on_day, h.id",
        args![customer_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
}

/// The tier in force on `day` (see the module's note).
fn tier_on<'a>(ratings: &'a Ratings, current: Option<&'a str>, day: &str) -> Option<&'a str> {
    match ratings.iter().rposition(|(d, _, _)| d.as_str() <= day) {
        Some(i) => ratings[i].2.as_deref(),
        None => match ratings.first() {
            Some((_, from, _)) => from.as_deref().or(current),
            None => current,
        },
    }
}

fn day(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.get(..10).unwrap_or(text), "%Y-%m-%d").ok()
}

/// Writes the `earn` rows of an import (after its new customers are stored).
pub(crate) fn earn_in(
    conn: &impl AsDb,
    import_id: i64,
    earned: &[Earning],
    plan: Option<&EarnPlan>,
    who: &str,
) -> Result<usize> {
    let Some(plan) = plan else {
        return Ok(0);
    };
    let db = conn.as_db();
    let at = now_text();
    let mut written = 0;
    for group in earned.chunk_by(|a, b| a.customer_id == b.customer_id) {
        let id = group[0].customer_id;
        let Some((tier, birth)) = db
            .query_row(
                "SELECT tier, birth_date FROM customers WHERE id = ?1",
                args![id],
                |r| Ok((r.get::<Option<String>>(0)?, r.get::<Option<String>>(1)?)),
            )
            .optional()?
        else {
            continue;
        };
        let birthday = birth.as_deref().and_then(day);
        let ratings = ratings_in(&db, id)?;
        // A customer with no row yet (every one, in a first import) has no
        // order earned before: the look-up per order is skipped.
        let last = crate::points::last_balance_in(&db, id)?;
        let fresh = last.is_none();
        let mut balance = last.unwrap_or(0);
        for e in group {
            let Some(on) = day(&e.day) else { continue };
            let rate = plan.rate(tier_on(&ratings, tier.as_deref(), &e.day), on, birthday);
            let points = earn_points(e.amount, &rate);
            if points <= 0 || (!fresh && earned_before(&db, id, &e.order_no)?) {
                continue;
            }
            balance += points;
            db.execute(
                "INSERT INTO points_ledger(customer_id, at, on_day, kind, points, balance_after,
                     source_kind, order_no, import_id, who, expires_on)
                 VALUES (?1, ?2, ?3, 'earn', ?4, ?5, 'order', ?6, ?7, ?8, ?9)",
                args![
                    id,
                    at,
                    on.to_string(),
                    points,
                    balance,
                    e.order_no,
                    import_id,
                    who,
                    plan.expiry.expires_on(on).map(|d| d.to_string()),
                ],
            )?;
            written += 1;
        }
    }
    Ok(written)
}

/// Whether an earlier import's `earn` row for this order is still in effect.
fn earned_before(db: &crate::db::Db<'_>, customer_id: i64, order_no: &str) -> Result<bool> {
    db.query_row(
        "SELECT EXISTS(SELECT 1 FROM points_ledger l
             WHERE customer_id = ?1 AND order_no = ?2 AND kind = 'earn' AND source_kind = 'order'
               AND NOT EXISTS (SELECT 1 FROM points_ledger r WHERE r.reverses_id = l.id))",
        args![customer_id, order_no],
        |r| r.get(0),
    )
}

/// Reverses every row an import wrote that is not reversed yet: one
/// `reverse` row each, of the opposite points, naming it. A customer who has
/// spent the points since may end below 0; the ledger shows it.
pub(crate) fn reverse_import_in(conn: &impl AsDb, import_id: i64, who: &str) -> Result<usize> {
    reverse_rows_in(conn, Written::Import(import_id), who)
}

/// What wrote the rows a reversal undoes.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Written {
    Import(i64),
    Batch(i64),
}

/// Reverses every row that `by` wrote and that is not reversed yet (see
/// [`reverse_import_in`]); a rating's reach bonuses are reversed the same way.
pub(crate) fn reverse_rows_in(conn: &impl AsDb, by: Written, who: &str) -> Result<usize> {
    let db = conn.as_db();
    let (column, id, reason, source) = match by {
        Written::Import(id) => (
            "import_id",
            id,
            format!("撤销导入 #{id}"),
            SourceKind::Import,
        ),
        Written::Batch(id) => ("batch_id", id, format!("撤销评级 #{id}"), SourceKind::Rule),
    };
    let rows: Vec<(i64, i64, i64)> = db.query_map(
        &format!(
            "SELECT id, customer_id, points FROM points_ledger l
             WHERE {column} = ?1 AND kind <> 'reverse'
               AND NOT EXISTS (SELECT 1 FROM points_ledger r WHERE r.reverses_id = l.id)
             ORDER BY customer_id, id"
        ),
        args![id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let today = chrono::Local::now().date_naive();
    for (row_id, customer_id, points) in &rows {
        let mut row = NewRow::new(
            *customer_id,
            today,
            EntryKind::Reverse,
            -points,
            source,
            who,
        );
        match by {
            Written::Import(id) => row.import_id = Some(id),
            Written::Batch(id) => row.batch_id = Some(id),
        }
        row.reverses_id = Some(*row_id);
        row.reason = &reason;
        append_in(&db, &row)?;
    }
    // Their open 积分即将过期 to-dos show what is left at once (rows come by customer).
    let mut customers: Vec<i64> = rows.iter().map(|r| r.1).collect();
    customers.dedup();
    crate::points_todos::keep_points_todos_of(&db, &customers, today, &crate::now_text())?;
    Ok(rows.len())
}
