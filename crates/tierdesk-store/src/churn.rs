//! What a churn refresh reads (migration 0017 says why its tables look as
//! they do): every live customer's tier, 客户经理 and last contact in compact
//! columns, every customer's purchase days with that day's spend in one
//! ordered pass over `order_days`, and the service facts in bulk (overdue
//! open complaints, the last unhappy survey answer, the last rating's move).
//!
//! The purchase days are streamed customer by customer through one reused
//! buffer, so a refresh of a million customers and twenty million order
//! rows holds one customer's days at a time, never the whole table.

use std::borrow::Cow;
use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};

use crate::db::{Db, Dialect, Row};
use crate::{args, Result, Store};

/// The live customers (not in the recycle bin) in id order, in columns:
/// tiers and managers are kept once each and referred to by number, so a
/// million customers cost a few megabytes.
#[derive(Debug, Default, Clone)]
pub struct ChurnPeople {
    pub ids: Vec<i64>,
    /// Index into `tiers` per customer.
    pub tier: Vec<u32>,
    /// Index into `managers` per customer.
    pub manager: Vec<u32>,
    pub last_contact: Vec<Option<NaiveDate>>,
    /// The distinct tier keys (`None`: no tier).
    pub tiers: Vec<Option<String>>,
    /// The distinct 客户经理 (`None`: none named).
    pub managers: Vec<Option<String>>,
}

impl ChurnPeople {
    /// The position of customer `id`, if live.
    pub fn find(&self, id: i64) -> Option<usize> {
        self.ids.binary_search(&id).ok()
    }

    pub fn tier_of(&self, i: usize) -> Option<&str> {
        self.tiers[self.tier[i] as usize].as_deref()
    }

    pub fn manager_of(&self, i: usize) -> Option<&str> {
        self.managers[self.manager[i] as usize].as_deref()
    }
}

/// The service facts of every customer that has any, by customer id.
#[derive(Debug, Default, Clone)]
pub struct ChurnServiceFacts {
    /// Open complaints past their time limit at the time asked about.
    pub overdue_cases: HashMap<i64, u32>,
    /// The last detractor (NPS 0–6) or CSAT 1–2 answer on or after the
    /// day asked about: its day, NPS and CSAT.
    pub unhappy_answer: HashMap<i64, (NaiveDate, Option<i64>, Option<i64>)>,
    /// The tier move of each customer at the last rating not undone:
    /// (from, to).
    pub last_move: HashMap<i64, (Option<String>, Option<String>)>,
}

/// A stored day (`YYYY-MM-DD`, the first ten characters of longer text)
/// read without allocating: the scan parses one per order row.
pub(crate) fn day_bytes(b: &[u8]) -> Option<NaiveDate> {
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |s: &[u8]| -> Option<u32> {
        s.iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(num(&b[0..4])? as i32, num(&b[5..7])?, num(&b[8..10])?)
}

/// A cell's text as bytes without copying (`None` for NULL).
pub(crate) fn cell_bytes<'r>(
    r: &'r rusqlite::Row<'_>,
    i: usize,
) -> rusqlite::Result<Option<&'r [u8]>> {
    Ok(r.get_ref(i)?.as_bytes_or_null()?)
}

/// A cell's text, without copying on SQLite (`None` for NULL): the scans
/// read one per row.
pub(crate) fn cell_text<'r>(r: &'r Row<'_>, i: usize) -> Result<Option<Cow<'r, str>>> {
    Ok(match r {
        Row::Lite(r) => r
            .get_ref(i)?
            .as_str_or_null()
            .map_err(rusqlite::Error::from)?
            .map(Cow::Borrowed),
        Row::Pg(_) | Row::Copy(..) => r.get::<Option<String>>(i)?.map(Cow::Owned),
    })
}

/// A cell's bytes, as [`cell_bytes`] on SQLite (no copy); PostgreSQL's
/// text is copied.
fn cell_raw<'r>(r: &'r Row<'_>, i: usize) -> Result<Option<Cow<'r, [u8]>>> {
    Ok(match r {
        Row::Lite(r) => cell_bytes(r, i)?.map(Cow::Borrowed),
        Row::Pg(_) | Row::Copy(..) => r
            .get::<Option<String>>(i)?
            .map(|t| Cow::Owned(t.into_bytes())),
    })
}

/// A cell's stored day (`None` for NULL or not a day), without copying on
/// SQLite.
pub(crate) fn cell_day(r: &Row<'_>, i: usize) -> Result<Option<NaiveDate>> {
    Ok(cell_raw(r, i)?.as_deref().and_then(day_bytes))
}

/// Every customer id, as a range `lo..=hi`.
pub const ALL_IDS: (i64, i64) = (i64::MIN, i64::MAX);

fn day_text(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Calls `f` with each customer's purchase days up to `as_of` (ascending,
/// each with that day's spend), in customer id order; returns how many
/// customers. A purchase day is a day with `purchases > 0`; its spend is
/// the sum of its orders' purchase amounts (with SQLite's error term).
/// Reads `order_days` in its primary-key order, so SQLite sorts nothing
/// (nor does PostgreSQL: the same primary key). Only customers with ids in
/// `lo..=hi` (`ALL_IDS` for all).
pub(crate) fn scan_purchase_days(
    db: &Db<'_>,
    as_of: NaiveDate,
    (lo, hi): (i64, i64),
    f: impl FnMut(i64, &[(NaiveDate, f64)]) -> Result<()>,
) -> Result<u64> {
    const SQL: &str = "SELECT customer_id, day, coalesce(spend, 0) + coalesce(spend_err, 0)
         FROM order_days WHERE customer_id BETWEEN ?2 AND ?3 AND purchases > 0 AND day <= ?1
         ORDER BY customer_id, day";
    let as_of = day_text(as_of);
    let mut groups = DayGroups::new(f);
    match db.lite() {
        // SQLite's own loop over its cached statement, the cells read in
        // place: millions of rows in a refresh.
        Some(conn) => {
            let mut stmt = conn.prepare_cached(SQL)?;
            let mut rows = stmt.query(rusqlite::params![as_of, lo, hi])?;
            while let Some(r) = rows.next()? {
                groups.row(r.get(0)?, cell_bytes(r, 1)?.unwrap_or_default(), r.get(2)?)?;
            }
        }
        None => {
            db.for_each(SQL, args![as_of, lo, hi], |r| {
                let text = cell_raw(r, 1)?;
                groups.row(r.get(0)?, text.as_deref().unwrap_or_default(), r.get(2)?)
            })?;
        }
    }
    groups.finish()
}

/// The scan's rows (customer, day text, spend) gathered into each
/// customer's purchase days, handed to `f` one customer at a time through
/// one reused buffer.
struct DayGroups<F> {
    f: F,
    days: Vec<(NaiveDate, f64)>,
    current: Option<i64>,
    last_text: [u8; 10],
    last_day: Option<NaiveDate>,
    customers: u64,
}

impl<F: FnMut(i64, &[(NaiveDate, f64)]) -> Result<()>> DayGroups<F> {
    fn new(f: F) -> Self {
        DayGroups {
            f,
            days: Vec::with_capacity(256),
            current: None,
            last_text: [0u8; 10],
            last_day: None,
            customers: 0,
        }
    }

    #[inline]
    fn row(&mut self, id: i64, text: &[u8], spend: f64) -> Result<()> {
        if self.current != Some(id) {
            if let Some(prev) = self.current {
                (self.f)(prev, &self.days)?;
                self.customers += 1;
            }
            self.days.clear();
            self.current = Some(id);
        }
        // Orders of one customer on one day are neighbours: parse the day
        // once and add their spends.
        let day = if text.len() >= 10 && text[..10] == self.last_text {
            self.last_day
        } else {
            let d = day_bytes(text);
            if text.len() >= 10 {
                self.last_text.copy_from_slice(&text[..10]);
            }
            self.last_day = d;
            d
        };
        let Some(day) = day else { return Ok(()) };
        match self.days.last_mut() {
            Some((d, s)) if *d == day => *s += spend,
            _ => self.days.push((day, spend)),
        }
        Ok(())
    }

    fn finish(mut self) -> Result<u64> {
        if let Some(prev) = self.current {
            (self.f)(prev, &self.days)?;
            self.customers += 1;
        }
        Ok(self.customers)
    }
}

/// Every customer's purchase days up to a day, after one read: the model's
/// fit and the assessment each go over them, so `order_days` is read once
/// (the read is about half of a refresh). 16 bytes per purchase day: 130 MB
/// for the 8.4 million purchase days of the benchmark's 20 million lines.
#[derive(Debug, Default, Clone)]
pub struct PurchaseDays {
    ids: Vec<i64>,
    /// Where each customer's days end in `days`.
    ends: Vec<usize>,
    days: Vec<(NaiveDate, f64)>,
}

impl PurchaseDays {
    /// Customers with a purchase day.
    pub fn customers(&self) -> usize {
        self.ids.len()
    }

    /// Purchase days in all.
    pub fn days(&self) -> usize {
        self.days.len()
    }

    /// Each customer's id and purchase days (ascending, with that day's
    /// spend), in id order.
    pub fn iter(&self) -> impl Iterator<Item = (i64, &[(NaiveDate, f64)])> {
        self.range(ALL_IDS)
    }

    /// The same for the customers with ids in `lo..=hi`.
    pub fn range(&self, (lo, hi): (i64, i64)) -> impl Iterator<Item = (i64, &[(NaiveDate, f64)])> {
        let from = self.ids.partition_point(|id| *id < lo);
        let to = self.ids.partition_point(|id| *id <= hi).max(from);
        (from..to).map(move |i| {
            let start = if i == 0 { 0 } else { self.ends[i - 1] };
            (self.ids[i], &self.days[start..self.ends[i]])
        })
    }

    fn push(&mut self, id: i64, days: &[(NaiveDate, f64)]) {
        self.ids.push(id);
        self.days.extend_from_slice(days);
        self.ends.push(self.days.len());
    }
}

impl Store {
    /// Every customer's purchase days up to `as_of` (see [`scan_purchase_days`]).
    pub fn purchase_days(&self, as_of: NaiveDate) -> Result<PurchaseDays> {
        let mut all = PurchaseDays::default();
        self.add_purchase_days(as_of, ALL_IDS, &mut all)?;
        all.ids.shrink_to_fit();
        all.ends.shrink_to_fit();
        all.days.shrink_to_fit();
        Ok(all)
    }

    /// Adds the purchase days of the customers with ids in `lo..=hi` to
    /// `all` (a refresh reads them one range at a time, in id order: a
    /// range must come after every id `all` holds).
    pub fn add_purchase_days(
        &self,
        as_of: NaiveDate,
        range: (i64, i64),
        all: &mut PurchaseDays,
    ) -> Result<u64> {
        if all.ids.last().is_some_and(|last| *last >= range.0) {
            return Err(crate::StoreError::Corrupt(
                "流失预警刷新按客户编号顺序读取购买日，这一段不在上一段之后".into(),
            ));
        }
        scan_purchase_days(&self.db(), as_of, range, |id, days| {
            all.push(id, days);
            Ok(())
        })
    }

    /// Every live customer's tier, 客户经理 and last contact day, in id order.
    pub fn churn_people(&self) -> Result<ChurnPeople> {
        let mut p = ChurnPeople::default();
        let mut tiers: HashMap<Option<String>, u32> = HashMap::new();
        let mut managers: HashMap<Option<String>, u32> = HashMap::new();
        let intern = |map: &mut HashMap<Option<String>, u32>,
                      list: &mut Vec<Option<String>>,
                      v: Option<&str>| {
            let v = v.map(str::trim).filter(|s| !s.is_empty());
            if let Some(&n) = map.get(&v.map(str::to_owned)) {
                return n;
            }
            let n = list.len() as u32;
            list.push(v.map(str::to_owned));
            map.insert(v.map(str::to_owned), n);
            n
        };
        self.db().for_each(
            "SELECT id, tier, manager, last_contact_on FROM customers
             WHERE deleted_at IS NULL ORDER BY id",
            args![],
            |r| {
                p.ids.push(r.get(0)?);
                let tier = cell_text(r, 1)?;
                let n = intern(&mut tiers, &mut p.tiers, tier.as_deref());
                p.tier.push(n);
                let manager = cell_text(r, 2)?;
                let n = intern(&mut managers, &mut p.managers, manager.as_deref());
                p.manager.push(n);
                p.last_contact.push(cell_day(r, 3)?);
                Ok(())
            },
        )?;
        Ok(p)
    }

    /// Calls `f` with each customer's purchase days up to `as_of` (see
    /// [`scan_purchase_days`]); returns how many customers had any.
    pub fn for_each_purchase_days(
        &self,
        as_of: NaiveDate,
        f: impl FnMut(i64, &[(NaiveDate, f64)]) -> Result<()>,
    ) -> Result<u64> {
        scan_purchase_days(&self.db(), as_of, ALL_IDS, f)
    }

    /// The service facts of every customer in bulk: open complaints past a
    /// time limit at `now`, the last detractor or CSAT 1–2 answer on or
    /// after `answers_since` and not after `now`'s day, and each customer's move at the last rating
    /// that was not undone.
    pub fn churn_service_facts(
        &self,
        now: NaiveDateTime,
        answers_since: NaiveDate,
    ) -> Result<ChurnServiceFacts> {
        let mut facts = ChurnServiceFacts::default();
        let db = self.db();
        let until = now.date();
        let now = tierdesk_domain::case::time_text(now);
        // The complaints' own overdue rule (kept in step with
        // `Case::with_overdue` by the store tests), not a second copy.
        db.for_each(
            &format!(
                "SELECT customer_id, count(*) FROM cases c WHERE {} GROUP BY customer_id",
                crate::cases::OVERDUE
            ),
            args![now],
            |r| {
                facts.overdue_cases.insert(r.get(0)?, r.get(1)?);
                Ok(())
            },
        )?;
        // Answers after the as-of day count for nothing: a later one must
        // not hide one inside the window.
        let unhappy = match db.dialect() {
            // SQLite takes the bare columns from the row with the max().
            Dialect::Sqlite => {
                "SELECT customer_id, max(answered_on), nps, csat FROM survey_answers
                 WHERE answered_on >= ?1 AND answered_on <= ?2 AND (nps <= 6 OR csat <= 2)
                 GROUP BY customer_id"
            }
            // No bare columns there: the first row of each customer's, by
            // day (latest) and then entry (first, as SQLite's max() keeps).
            Dialect::Postgres => {
                "SELECT DISTINCT ON (customer_id) customer_id, answered_on, nps, csat
                 FROM survey_answers
                 WHERE answered_on >= ?1 AND answered_on <= ?2 AND (nps <= 6 OR csat <= 2)
                 ORDER BY customer_id, answered_on DESC, id"
            }
        };
        db.for_each(
            unhappy,
            args![day_text(answers_since), day_text(until)],
            |r| {
                if let Some(d) = cell_day(r, 1)? {
                    facts
                        .unhappy_answer
                        .insert(r.get(0)?, (d, r.get(2)?, r.get(3)?));
                }
                Ok(())
            },
        )?;
        db.for_each(
            "SELECT customer_id, from_tier, to_tier FROM tier_history
             WHERE batch_id = (SELECT max(id) FROM batches WHERE undone_at IS NULL)",
            args![],
            |r| {
                facts.last_move.insert(r.get(0)?, (r.get(1)?, r.get(2)?));
                Ok(())
            },
        )?;
        Ok(facts)
    }
}
