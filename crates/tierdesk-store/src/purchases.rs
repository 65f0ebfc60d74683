//! Purchases per customer over a window of days, for the tier engine's
//! figures (spend, orders, recency, RFM).
//!
//! A rating reads them from `order_days` (migration 0010), one row per
//! customer, day and order number with what that order's lines of that day
//! add up to, instead of from the order lines themselves: the Online Retail
//! data has 406,829 lines but 22,190 such rows. The table is kept here:
//! [`OrderDays`] gathers the rows of an order import line by line and adds
//! them at its end, in the import's transaction; the undo of an import
//! rebuilds the rows of the customers whose lines it removes
//! ([`delete_import_lines`]); a trigger removes a customer's rows with the
//! customer; existing files are filled once at migration
//! ([`fill_order_days`]). The totals equal those of a grouped query over the
//! lines to the last bit (the store's `purchases` test compares them).

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, Connection, OptionalExtension};

use crate::copy_rows::CopyRows;
use crate::db::{AsDb, Db, Dialect};
use crate::{args, Result, Store};

/// Which order lines a window counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PurchaseWindow {
    /// First day counted, from 00:00:00 (inclusive); `None` counts from the
    /// first line.
    pub from: Option<NaiveDate>,
    /// Last day counted, through 23:59:59 (inclusive): the as-of date, or
    /// the end of the rated period when that comes first. Lines after it
    /// never count, not even for `first_ever`.
    pub to: NaiveDate,
    /// Subtract returns and cancellations (their amounts, whatever their
    /// sign) from spend.
    pub net_returns: bool,
}

/// One customer's purchases in a window. A purchase is a `purchase` line
/// with a positive quantity and a positive amount: returns, cancellations
/// and free (zero-price) lines are not purchases.
#[derive(Debug, Clone, PartialEq)]
pub struct PurchaseTotals {
    pub customer_id: i64,
    /// Distinct order numbers with a purchase in the window.
    pub orders: u64,
    /// Sum of purchase amounts in the window, less returns with `net_returns`.
    pub spend: f64,
    /// First and last purchase in the window.
    pub first: Option<NaiveDateTime>,
    pub last: Option<NaiveDateTime>,
    /// First purchase up to the window's end, however early.
    pub first_ever: Option<NaiveDateTime>,
}

const STAMP: &str = "%Y-%m-%d %H:%M:%S";

fn stamp(d: NaiveDate) -> String {
    d.and_hms_opt(0, 0, 0)
        .expect("midnight exists")
        .format(STAMP)
        .to_string()
}

fn parse(s: Option<String>) -> Option<NaiveDateTime> {
    s.and_then(|s| NaiveDateTime::parse_from_str(&s, STAMP).ok())
}

/// The day of a line's `occurred_at` text ('YYYY-MM-DD HH:MM:SS'): its first
/// ten characters. For such text, `occurred_at >= 'D 00:00:00'` holds exactly
/// when the day is D or later, so a window of days can be asked of days.
fn day_of(occurred_at: &str) -> &str {
    occurred_at.get(..10).unwrap_or(occurred_at)
}

/// A sum kept as SQLite's `sum()` keeps it: the running sum and the error
/// of each addition (Kahan–Babuška–Neumaier). Partial sums kept with their
/// error add up to the sum of all the terms as closely as `sum()` over the
/// terms gets to it, so a total made of stored partial sums is the same
/// double as `sum()` over the lines (a plain sum of rounded partial sums can
/// be a unit in the last place off).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Sum {
    sum: f64,
    err: f64,
}

impl Sum {
    fn add(&mut self, x: f64) {
        let t = self.sum + x;
        if self.sum.abs() > x.abs() {
            self.err += (self.sum - t) + x;
        } else {
            self.err += (x - t) + self.sum;
        }
        self.sum = t;
    }

    fn merge(&mut self, other: Sum) {
        self.add(other.sum);
        self.err += other.err;
    }

    /// The sum as `sum()` returns it (an error term that overflowed is left out).
    fn value(self) -> f64 {
        if self.err.is_finite() {
            self.sum + self.err
        } else {
            self.sum
        }
    }
}

/// One customer's order on one day: what its lines add up to.
#[derive(Debug, Clone, Default)]
struct OrderDay {
    /// Lines of any kind.
    lines: i64,
    /// Purchase lines.
    purchases: i64,
    /// Amounts of the purchase lines.
    spend: Sum,
    /// Amounts of the returns and cancellations, without their sign.
    returned: Sum,
    /// First and last purchase line's `occurred_at`.
    first: Option<String>,
    last: Option<String>,
}

impl OrderDay {
    fn add(&mut self, occurred_at: &str, quantity: f64, amount: f64, kind: &str) {
        self.lines += 1;
        match kind {
            "purchase" if quantity > 0.0 && amount > 0.0 => {
                self.purchases += 1;
                self.spend.add(amount);
                if self.first.as_deref().is_none_or(|f| occurred_at < f) {
                    self.first = Some(occurred_at.to_owned());
                }
                if self.last.as_deref().is_none_or(|l| occurred_at > l) {
                    self.last = Some(occurred_at.to_owned());
                }
            }
            "return" | "cancellation" => self.returned.add(amount.abs()),
            _ => {}
        }
    }

    fn merge(&mut self, other: OrderDay) {
        self.lines += other.lines;
        self.purchases += other.purchases;
        self.spend.merge(other.spend);
        self.returned.merge(other.returned);
        if let Some(f) = other.first {
            if self.first.as_ref().is_none_or(|s| f < *s) {
                self.first = Some(f);
            }
        }
        if let Some(l) = other.last {
            if self.last.as_ref().is_none_or(|s| l > *s) {
                self.last = Some(l);
            }
        }
    }
}

/// Customer, day and order number.
type OrderDayKey = (i64, String, String);

/// Order-day rows gathered from order lines as they pass, added to
/// `order_days` by [`OrderDays::store`] (an import's lines are fed as they
/// are stored and the rows written at its end, in the same transaction).
#[derive(Default)]
pub(crate) struct OrderDays {
    rows: Vec<(OrderDayKey, OrderDay)>,
    index: HashMap<OrderDayKey, usize>,
}

impl OrderDays {
    /// Adds one order line (`occurred_at` exactly as stored, `kind` as its
    /// word in the table).
    pub(crate) fn add(
        &mut self,
        customer_id: i64,
        order_no: &str,
        occurred_at: &str,
        quantity: f64,
        amount: f64,
        kind: &str,
    ) {
        let day = day_of(occurred_at);
        // An order's lines mostly follow each other: the last row is
        // checked before any key is built.
        let at = match self.rows.last() {
            Some(((c, d, o), _)) if *c == customer_id && d == day && o == order_no => {
                self.rows.len() - 1
            }
            _ => {
                let key = (customer_id, day.to_owned(), order_no.to_owned());
                let next = self.rows.len();
                let at = *self.index.entry(key.clone()).or_insert(next);
                if at == next {
                    self.rows.push((key, OrderDay::default()));
                }
                at
            }
        };
        self.rows[at].1.add(occurred_at, quantity, amount, kind);
    }

    /// The rows gathered, as (customer, day, order, purchase amount, returned
    /// amount), for the points an import earns.
    pub(crate) fn orders(&self) -> impl Iterator<Item = (i64, &str, &str, f64, f64)> + '_ {
        self.rows.iter().map(|((c, d, o), r)| {
            (
                *c,
                d.as_str(),
                o.as_str(),
                r.spend.value(),
                r.returned.value(),
            )
        })
    }

    /// Adds the rows gathered to those already stored.
    pub(crate) fn store(self, conn: &impl AsDb) -> Result<()> {
        let db = conn.as_db();
        let Some(conn) = db.lite() else {
            return self.store_team(&db);
        };
        let mut rows = self.rows;
        // In key order the table's b-tree is appended to, not split.
        rows.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut read = conn.prepare_cached(
            "SELECT lines, purchases, spend, spend_err, returned, returned_err, first_at, last_at
             FROM order_days WHERE customer_id = ?1 AND day = ?2 AND order_no = ?3",
        )?;
        let mut write = conn.prepare_cached(
            "INSERT OR REPLACE INTO order_days(customer_id, day, order_no, lines, purchases, spend,
                 spend_err, returned, returned_err, first_at, last_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?;
        // A number that is not one (an infinite amount less another) is
        // stored as NULL by SQLite and read back as such.
        let real = |r: &rusqlite::Row<'_>, i: usize| -> rusqlite::Result<f64> {
            Ok(r.get::<_, Option<f64>>(i)?.unwrap_or(f64::NAN))
        };
        for ((customer_id, day, order_no), add) in rows {
            let before = read
                .query_row(params![customer_id, day, order_no], |r| {
                    Ok(OrderDay {
                        lines: r.get(0)?,
                        purchases: r.get(1)?,
                        spend: Sum {
                            sum: real(r, 2)?,
                            err: real(r, 3)?,
                        },
                        returned: Sum {
                            sum: real(r, 4)?,
                            err: real(r, 5)?,
                        },
                        first: r.get(6)?,
                        last: r.get(7)?,
                    })
                })
                .optional()?;
            let row = match before {
                Some(mut b) => {
                    b.merge(add);
                    b
                }
                None => add,
            };
            write.execute(params![
                customer_id,
                day,
                order_no,
                row.lines,
                row.purchases,
                row.spend.sum,
                row.spend.err,
                row.returned.sum,
                row.returned.err,
                row.first,
                row.last
            ])?;
        }
        Ok(())
    }

    /// [`OrderDays::store`] on a team database: the rows already stored for
    /// these customers are read in one statement, merged here as on SQLite,
    /// and the results sent by COPY and written by one statement.
    fn store_team(self, db: &Db<'_>) -> Result<()> {
        let mut rows = self.rows;
        rows.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut ids: Vec<i64> = rows.iter().map(|r| r.0 .0).collect();
        ids.dedup();
        if ids.is_empty() {
            return Ok(());
        }
        let list = format!(
            "{{{}}}",
            ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
        );
        let mut before: HashMap<OrderDayKey, OrderDay> = HashMap::new();
        db.for_each(
            "SELECT customer_id, day, order_no, lines, purchases, spend, spend_err, returned,
                    returned_err, first_at, last_at
             FROM order_days WHERE customer_id = ANY(CAST(CAST(?1 AS TEXT) AS BIGINT[]))",
            args![list],
            |r| {
                let real =
                    |i: usize| -> Result<f64> { Ok(r.get::<Option<f64>>(i)?.unwrap_or(f64::NAN)) };
                let day = OrderDay {
                    lines: r.get(3)?,
                    purchases: r.get(4)?,
                    spend: Sum {
                        sum: real(5)?,
                        err: real(6)?,
                    },
                    returned: Sum {
                        sum: real(7)?,
                        err: real(8)?,
                    },
                    first: r.get(9)?,
                    last: r.get(10)?,
                };
                before.insert((r.get(0)?, r.get(1)?, r.get(2)?), day);
                Ok(())
            },
        )?;
        db.execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS tierdesk_day_stage (
                 customer_id BIGINT NOT NULL, day TEXT NOT NULL, order_no TEXT NOT NULL,
                 lines BIGINT NOT NULL, purchases BIGINT NOT NULL, spend DOUBLE PRECISION,
                 spend_err DOUBLE PRECISION, returned DOUBLE PRECISION,
                 returned_err DOUBLE PRECISION, first_at TEXT, last_at TEXT
             ) ON COMMIT DROP",
        )?;
        let mut copy = CopyRows::new();
        for (key, add) in rows {
            let row = match before.remove(&key) {
                Some(mut b) => {
                    b.merge(add);
                    b
                }
                None => add,
            };
            let (customer_id, day, order_no) = key;
            copy.int(customer_id);
            copy.text(Some(&day));
            copy.text(Some(&order_no));
            copy.int(row.lines);
            copy.int(row.purchases);
            copy.real(Some(row.spend.sum));
            copy.real(Some(row.spend.err));
            copy.real(Some(row.returned.sum));
            copy.real(Some(row.returned.err));
            copy.text(row.first.as_deref());
            copy.text(row.last.as_deref());
            copy.end_row();
        }
        copy.send(
            db,
            "COPY tierdesk_day_stage (customer_id, day, order_no, lines, purchases, spend,
                 spend_err, returned, returned_err, first_at, last_at) FROM STDIN",
        )?;
        db.execute_batch(
            "INSERT INTO order_days(customer_id, day, order_no, lines, purchases, spend, spend_err,
                 returned, returned_err, first_at, last_at)
             SELECT customer_id, day, order_no, lines, purchases, spend, spend_err, returned,
                    returned_err, first_at, last_at
             FROM tierdesk_day_stage
             ON CONFLICT (customer_id, day, order_no) DO UPDATE SET lines = EXCLUDED.lines,
                 purchases = EXCLUDED.purchases, spend = EXCLUDED.spend,
                 spend_err = EXCLUDED.spend_err, returned = EXCLUDED.returned,
                 returned_err = EXCLUDED.returned_err, first_at = EXCLUDED.first_at,
                 last_at = EXCLUDED.last_at;
             TRUNCATE tierdesk_day_stage",
        )
    }
}

/// The order lines `sql` selects (customer, order number, occurred at,
/// quantity, amount, kind), gathered into order-day rows.
fn gather(conn: &Connection, sql: &str, p: impl rusqlite::Params) -> Result<OrderDays> {
    let mut days = OrderDays::default();
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query(p)?;
    // Texts are borrowed from the row, not copied: most lines only add to
    // the row of the line before.
    fn text<'r>(r: &'r rusqlite::Row<'_>, i: usize) -> rusqlite::Result<&'r str> {
        let v = r.get_ref(i)?;
        v.as_str()
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, v.data_type(), Box::new(e)))
    }
    while let Some(r) = rows.next()? {
        days.add(
            r.get(0)?,
            text(r, 1)?,
            text(r, 2)?,
            r.get(3)?,
            r.get(4)?,
            text(r, 5)?,
        );
    }
    Ok(days)
}

const LINE_COLUMNS: &str = "customer_id, order_no, occurred_at, quantity, amount, kind";

/// Fills `order_days` from every order line (migration 0010, for files that
/// had lines before the table existed).
pub(crate) fn fill_order_days(conn: &Connection) -> Result<()> {
    conn.execute("DELETE FROM order_days", [])?;
    let sql = format!("SELECT {LINE_COLUMNS} FROM transactions ORDER BY customer_id, id");
    gather(conn, &sql, [])?.store(conn)
}

/// Deletes an import's order lines and rebuilds the order-day rows of the
/// customers they belonged to from the lines those customers have left.
pub(crate) fn delete_import_lines(conn: &impl AsDb, import_id: i64) -> Result<()> {
    let db = conn.as_db();
    let customers: Vec<i64> = db.query_map(
        "SELECT DISTINCT customer_id FROM transactions WHERE import_id = ?1",
        args![import_id],
        |r| r.get(0),
    )?;
    db.execute(
        "DELETE FROM transactions WHERE import_id = ?1",
        args![import_id],
    )?;
    let sql = format!("SELECT {LINE_COLUMNS} FROM transactions WHERE customer_id = ?1 ORDER BY id");
    for id in customers {
        db.execute("DELETE FROM order_days WHERE customer_id = ?1", args![id])?;
        let days = match db.lite() {
            Some(conn) => gather(conn, &sql, [id])?,
            None => {
                let mut days = OrderDays::default();
                db.for_each(&sql, args![id], |r| {
                    let (order_no, at, kind): (String, String, String) =
                        (r.get(1)?, r.get(2)?, r.get(5)?);
                    days.add(r.get(0)?, &order_no, &at, r.get(3)?, r.get(4)?, &kind);
                    Ok(())
                })?;
                days
            }
        };
        days.store(&db)?;
    }
    Ok(())
}

/// Keeps the lesser of `slot` and `value`, a missing value being no value.
fn keep_least(slot: &mut Option<String>, value: &Option<String>) {
    if let Some(v) = value {
        if slot.as_ref().is_none_or(|s| v < s) {
            slot.clone_from(value);
        }
    }
}

/// One customer's purchases as they are gathered from their order-day rows.
#[derive(Default)]
struct Totals {
    orders: Vec<String>,
    spend: Option<Sum>,
    returned: Sum,
    first: Option<String>,
    last: Option<String>,
    first_ever: Option<String>,
}

impl Totals {
    fn finish(&mut self, customer_id: i64, net_returns: bool) -> PurchaseTotals {
        self.orders.sort_unstable();
        self.orders.dedup();
        // As `COALESCE(SUM(…), 0) - COALESCE(SUM(…), 0)` computes it.
        let spend = self.spend.map_or(0.0, Sum::value)
            - if net_returns {
                self.returned.value()
            } else {
                0.0
            };
        let t = PurchaseTotals {
            customer_id,
            orders: self.orders.len() as u64,
            spend,
            first: parse(self.first.take()),
            last: parse(self.last.take()),
            first_ever: parse(self.first_ever.take()),
        };
        self.orders.clear();
        self.spend = None;
        self.returned = Sum::default();
        t
    }
}

impl Store {
    /// Every customer with order lines up to the window's end, with their
    /// purchases in the window, in customer id order. A customer whose
    /// lines in the window are all returns is listed with no orders, so the
    /// caller can tell "bought nothing" from "no lines".
    pub fn purchase_totals(&self, w: &PurchaseWindow) -> Result<Vec<PurchaseTotals>> {
        // The window's bounds as the lines' text would compare with them:
        // from the first day's midnight, before the midnight after the last
        // day. A day compares with their first ten characters as a line's
        // `occurred_at` compares with the whole.
        let from = w.from.map(stamp).unwrap_or_default();
        let end = stamp(w.to.succ_opt().unwrap_or(w.to));
        // Within a customer the rows are merged in key order, as SQLite reads
        // its table (keyed so); PostgreSQL is told the order.
        let sql = match self.dialect() {
            Dialect::Sqlite => {
                "SELECT customer_id, order_no, day >= ?1, purchases, spend, spend_err, returned,
                        returned_err, first_at, last_at
                 FROM order_days WHERE day < ?2 ORDER BY customer_id"
            }
            Dialect::Postgres => {
                "SELECT customer_id, order_no, day >= ?1, purchases, spend, spend_err, returned,
                        returned_err, first_at, last_at
                 FROM order_days WHERE day < ?2 ORDER BY customer_id, day, order_no"
            }
        };
        let mut out = Vec::new();
        let mut current: Option<i64> = None;
        let mut t = Totals::default();
        self.db()
            .for_each(sql, args![day_of(&from), day_of(&end)], |r| {
                let id: i64 = r.get(0)?;
                match current {
                    Some(c) if c != id => out.push(t.finish(c, w.net_returns)),
                    _ => {}
                }
                current = Some(id);
                let real =
                    |i: usize| -> Result<f64> { Ok(r.get::<Option<f64>>(i)?.unwrap_or(f64::NAN)) };
                let bought = r.get::<i64>(3)? > 0;
                let first: Option<String> = r.get(8)?;
                if bought {
                    keep_least(&mut t.first_ever, &first);
                }
                if !r.get::<bool>(2)? {
                    return Ok(());
                }
                t.returned.merge(Sum {
                    sum: real(6)?,
                    err: real(7)?,
                });
                if bought {
                    t.orders.push(r.get(1)?);
                    t.spend.get_or_insert_with(Sum::default).merge(Sum {
                        sum: real(4)?,
                        err: real(5)?,
                    });
                    keep_least(&mut t.first, &first);
                    let last: Option<String> = r.get(9)?;
                    if last > t.last {
                        t.last = last;
                    }
                }
                Ok(())
            })?;
        if let Some(c) = current {
            out.push(t.finish(c, w.net_returns));
        }
        Ok(out)
    }
}
