//! The rules that create to-dos, run as a few set-based statements.
//!
//! * Regular visits: a live customer of a tier with a visit interval gets a
//!   `followup` to-do due its last contact + the interval (today when it was
//!   never contacted), once that day is within the week ahead, and only when
//!   it has no `followup` to-do still to do (one open at a time). A
//!   `followup` to-do done, or cancelled by a person, counts as a contact on
//!   that day (one the program cancelled with its source does not).
//! * Birthdays, contacts' birthdays and dates that matter (合作纪念日, 开业日 …
//!   with a reminder): a `date` to-do due 7 days before the day, added once
//!   the day is within the two weeks ahead.
//! * Rating due dates: one `rating` to-do per due date (not one per
//!   customer: a rating is run for everyone at once), closed by the next run
//!   once no live customer is due on that date any more.
//! * 积分即将过期: one `points` to-do per customer and expiry day within 30
//!   days (`points_todos`), kept true and closed once the points are gone.
//!
//! The rules run in steps, each its own short write transaction, so that a
//! big archive never holds the database (or the app's lock on it) for long:
//! visits over customer id ranges of [`REFRESH_CHUNK`], the dates one day
//! ahead at a time, then the ratings together with the one audit entry of
//! the whole run (see [`TodoRun`]).
//!
//! Every to-do carries a `rule_key` (`visit:<customer>:<due>`,
//! `birthday:<customer>:<year>`, `contact-birthday:<contact>:<year>`,
//! `date:<date>:<year>`, `rating:<date>`), so running the rules
//! twice adds nothing, even after a to-do was done or cancelled.

use std::path::{Path, PathBuf};

use chrono::{Datelike, Days, NaiveDate};
use tierdesk_domain::audit::NewEntry;
use tierdesk_domain::TodoRefresh;

use crate::db::{Db, Dialect};
use crate::todos::{date_text, ACTIVE};
use crate::{args, now_text, Result, Store, StoreError};

/// Who the rules' to-dos say added them.
pub const RULE_WHO: &str = "系统规则";

/// How far ahead of the day a birthday's to-do is due.
pub const DATE_LEAD_DAYS: u64 = 7;

/// The days ahead within which a to-do due is added (the 今日待办 week).
pub const HORIZON_DAYS: u64 = 7;

/// Customers per step of a refresh's visits: a step over 1,000,000
/// customers' archive then holds the database for a fraction of a second.
pub const REFRESH_CHUNK: i64 = 20_000;

/// What the rules need from the tier scheme: each tier's key and visit
/// interval in days (tiers without one are left out).
#[derive(Debug, Clone, PartialEq)]
pub struct TodoRules {
    pub as_of: NaiveDate,
    pub visits: Vec<(String, u32)>,
}

/// The yearly dates that make `date` to-dos: for a month-day (`?1`, `MM-DD`)
/// each gives the customer, the id its rule key names, the title's start and
/// the owner (the customer's manager): customers' birthdays, their contacts'
/// birthdays, and the dates that matter with a reminder (RECORD's tables).
const DATE_SOURCES: &[(&str, &str)] = &[
    (
        "birthday",
        "SELECT c.id AS customer_id, c.id AS ref_id, '客户生日' AS what,
                coalesce(c.manager, '') AS owner
         FROM customers c
         WHERE c.deleted_at IS NULL AND c.birth_date IS NOT NULL
           AND substr(c.birth_date, 6, 5) = ?1",
    ),
    (
        "contact-birthday",
        "SELECT k.customer_id AS customer_id, k.id AS ref_id,
                '联系人 ' || k.name || ' 生日' AS what, coalesce(c.manager, '') AS owner
         FROM customer_contacts k JOIN customers c ON c.id = k.customer_id
         WHERE k.birth_date IS NOT NULL AND substr(k.birth_date, 6) = ?1
           AND c.deleted_at IS NULL",
    ),
    (
        "date",
        "SELECT d.customer_id AS customer_id, d.id AS ref_id, d.label AS what,
                coalesce(c.manager, '') AS owner
         FROM customer_dates d JOIN customers c ON c.id = d.customer_id
         WHERE d.remind = 1 AND d.month = CAST(substr(?1, 1, 2) AS INTEGER)
           AND d.day = CAST(substr(?1, 4, 2) AS INTEGER) AND c.deleted_at IS NULL",
    ),
];

/// The month-days whose yearly date falls on `day`: its own, and 02-29 on
/// 28 February of a year that has no 29th.
fn month_days(day: NaiveDate) -> Vec<String> {
    let mut out = vec![day.format("%m-%d").to_string()];
    if day.month() == 2 && day.day() == 28 && NaiveDate::from_ymd_opt(day.year(), 2, 29).is_none() {
        out.push("02-29".to_owned());
    }
    out
}

/// The visits of the customers with ids in `ids` (inclusive). The customers
/// are read by id range (`NOT INDEXED`: the tier and last-contact index
/// would read the whole tier for each range).
fn add_visits(db: &Db<'_>, rules: &TodoRules, now: &str, ids: (i64, i64)) -> Result<u64> {
    let horizon = rules
        .as_of
        .checked_add_days(Days::new(HORIZON_DAYS))
        .unwrap_or(rules.as_of);
    let mut added = 0;
    for (tier, days) in &rules.visits {
        let Some(cutoff) = horizon.checked_sub_days(Days::new(u64::from(*days))) else {
            continue;
        };
        let title = format!("定期回访（每 {days} 天）");
        let (cutoff, as_of) = (date_text(cutoff), date_text(rules.as_of));
        added += match db.dialect() {
            Dialect::Sqlite => db.execute(
                &visits_sql(Dialect::Sqlite),
                args![
                    tier,
                    format!("+{days} days"),
                    cutoff,
                    title,
                    RULE_WHO,
                    now,
                    as_of,
                    ids.0,
                    ids.1,
                ],
            )?,
            Dialect::Postgres => db.execute(
                &visits_sql(Dialect::Postgres),
                args![tier, days, cutoff, title, RULE_WHO, now, as_of, ids.0, ids.1],
            )?,
        };
    }
    Ok(added)
}

/// [`add_visits`]'s statement for one tier. The last contact is the later
/// of the customer's date and the day a visit to-do was last done or
/// cancelled by a person, so a visit ticked off without a follow-up is not
/// asked for again the next day. A to-do the program cancelled
/// (`source_kind` set: its follow-up deleted or moved, its survey import
/// undone) is no contact. PostgreSQL spells SQLite's scalar `max` of three
/// `GREATEST`, adds days to a `DATE` (`?2` is then the days as a number,
/// on SQLite `+N days`) and has no `NOT INDEXED`.
fn visits_sql(dialect: Dialect) -> String {
    let (max, from, due) = match dialect {
        Dialect::Sqlite => (
            "max",
            "customers c NOT INDEXED",
            "coalesce(date(b.base, ?2), ?7)",
        ),
        Dialect::Postgres => (
            "GREATEST",
            "customers c",
            "CASE WHEN b.base = '' THEN ?7
                               ELSE to_char(CAST(b.base AS DATE) + CAST(?2 AS INT),
                                            'YYYY-MM-DD') END",
        ),
    };
    format!(
        "WITH base AS MATERIALIZED (
                     SELECT c.id AS id, coalesce(c.manager, '') AS owner,
                            {max}(coalesce(c.last_contact_on, ''),
                                coalesce((SELECT max(substr(t.done_at, 1, 10)) FROM todos t
                                          WHERE t.customer_id = c.id AND t.kind = 'followup'
                                            AND t.status = 'done'), ''),
                                coalesce((SELECT max(substr(t.done_at, 1, 10)) FROM todos t
                                          WHERE t.customer_id = c.id AND t.kind = 'followup'
                                            AND t.status = 'cancelled'
                                            AND t.source_kind IS NULL), '')) AS base
                     FROM {from}
                     WHERE c.id BETWEEN ?8 AND ?9 AND c.deleted_at IS NULL AND c.tier = ?1
                       AND (c.last_contact_on IS NULL OR c.last_contact_on <= ?3))
                 INSERT INTO todos(customer_id, kind, title, note, due_on, owner, status, rule_key,
                     who, created_at, updated_at)
                 SELECT v.id, 'followup', ?4, '', v.due, v.owner, 'open',
                        'visit:' || v.id || ':' || v.due, ?5, ?6, ?6
                 FROM (SELECT b.id AS id, b.owner AS owner, b.base AS base,
                              {due} AS due
                       FROM base b) v
                 WHERE (v.base = '' OR v.base <= ?3)
                   AND NOT EXISTS (SELECT 1 FROM todos t WHERE t.customer_id = v.id
                                   AND t.kind = 'followup' AND t.status IN {ACTIVE})
                 ON CONFLICT(rule_key) DO NOTHING"
    )
}

/// The last day offset the date rules look at (a day's to-do is due
/// [`DATE_LEAD_DAYS`] before it, and added within the week ahead).
const DATE_DAYS_AHEAD: u64 = DATE_LEAD_DAYS + HORIZON_DAYS;

/// The `date` to-dos of the yearly dates falling `ahead` days after `as_of`
/// (each source read through its month-day index).
fn add_dates(db: &Db<'_>, as_of: NaiveDate, ahead: u64, now: &str) -> Result<u64> {
    let Some(day) = as_of.checked_add_days(Days::new(ahead)) else {
        return Ok(0);
    };
    let mut added = 0;
    let due = day
        .checked_sub_days(Days::new(DATE_LEAD_DAYS))
        .unwrap_or(day)
        .max(as_of);
    let label = format!("{}月{}日", day.month(), day.day());
    for md in month_days(day) {
        for (prefix, source) in DATE_SOURCES {
            let sql = format!(
                "INSERT INTO todos(customer_id, kind, title, note, due_on, owner, status,
                     rule_key, who, created_at, updated_at)
                 SELECT s.customer_id, 'date', s.what || '（' || ?2 || '）', '', ?3, s.owner,
                        'open', ?4 || ':' || s.ref_id || ':' || ?5, ?6, ?7, ?7
                 FROM ({source}) s WHERE TRUE
                 ON CONFLICT(rule_key) DO NOTHING"
            );
            added += db.execute(
                &sql,
                args![
                    md,
                    label,
                    date_text(due),
                    prefix,
                    day.year().to_string(),
                    RULE_WHO,
                    now
                ],
            )?;
        }
    }
    Ok(added)
}

fn add_ratings(db: &Db<'_>, as_of: NaiveDate, now: &str) -> Result<(u64, u64)> {
    let horizon = as_of
        .checked_add_days(Days::new(HORIZON_DAYS))
        .unwrap_or(as_of);
    // Only due dates that are real days (SQLite's `date` reads them; a
    // pattern of digits on PostgreSQL, where a cast would fail instead).
    let is_day = match db.dialect() {
        Dialect::Sqlite => "date(next_rating_on) IS NOT NULL",
        Dialect::Postgres => {
            "next_rating_on ~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'"
        }
    };
    let added = db.execute(
        &format!(
            "INSERT INTO todos(customer_id, kind, title, note, due_on, owner, status, rule_key, who,
             created_at, updated_at)
         SELECT NULL, 'rating', '评级到期（' || count(*) || ' 位客户）', '', next_rating_on, '',
                'open', 'rating:' || next_rating_on, ?2, ?3, ?3
         FROM customers
         WHERE deleted_at IS NULL AND next_rating_on <= ?1 AND {is_day}
         GROUP BY next_rating_on
         ON CONFLICT(rule_key) DO NOTHING"
        ),
        args![date_text(horizon), RULE_WHO, now],
    )?;
    let closed = db.execute(
        &format!(
            "UPDATE todos SET status = 'done', done_at = ?1, done_by = ?2, updated_at = ?1
             WHERE kind = 'rating' AND status IN {ACTIVE} AND rule_key LIKE 'rating:%'
               AND NOT EXISTS (SELECT 1 FROM customers c
                               WHERE c.deleted_at IS NULL AND c.next_rating_on = todos.due_on)"
        ),
        args![now, RULE_WHO],
    )?;
    Ok((added, closed))
}

/// A refresh under way: what is left to run and what the steps so far
/// added. Made by [`Store::start_todo_refresh`], advanced by
/// [`Store::refresh_todos_step`]. Rule keys make every step idempotent, so a
/// run stopped half-way (the app closed) is safe: the next run adds the rest.
#[derive(Debug, Clone, PartialEq)]
pub struct TodoRun {
    rules: TodoRules,
    chunk: i64,
    /// The next customer id whose visits are to run.
    next_id: i64,
    /// The highest customer id when the run started (customers added later
    /// are the next run's).
    last_id: i64,
    /// The next day offset whose dates are to run.
    next_day: u64,
    done: TodoRefresh,
    finished: bool,
    /// The file the run started on: a step on another (the app opened a
    /// different database meanwhile) is refused.
    file: Option<PathBuf>,
}

impl TodoRun {
    /// What the steps so far added and closed.
    pub fn done(&self) -> TodoRefresh {
        self.done
    }

    pub fn finished(&self) -> bool {
        self.finished
    }
}

impl Store {
    /// Runs the rules as of a day and says what they added and closed, all
    /// steps in a row. A second run on the same day adds nothing and records
    /// no entry.
    pub fn refresh_todos(&mut self, rules: &TodoRules) -> Result<TodoRefresh> {
        self.refresh_todos_by(rules, REFRESH_CHUNK)
    }

    /// [`Store::refresh_todos`] with visits over `chunk` customers a step.
    pub fn refresh_todos_by(&mut self, rules: &TodoRules, chunk: i64) -> Result<TodoRefresh> {
        let mut run = self.start_todo_refresh(rules, chunk)?;
        while !self.refresh_todos_step(&mut run)? {}
        Ok(run.done())
    }

    /// A refresh to run step by step, `chunk` customers' visits a step.
    pub fn start_todo_refresh(&self, rules: &TodoRules, chunk: i64) -> Result<TodoRun> {
        let last_id: Option<i64> =
            self.db()
                .query_row("SELECT max(id) FROM customers", args![], |r| r.get(0))?;
        Ok(TodoRun {
            rules: rules.clone(),
            chunk: chunk.max(1),
            next_id: 1,
            last_id: last_id.unwrap_or(0),
            next_day: 0,
            done: TodoRefresh::default(),
            finished: false,
            file: self.path().map(Path::to_path_buf),
        })
    }

    /// Runs the run's next step in its own transaction: the visits of the
    /// next id range, else the dates of the next day ahead, else the
    /// ratings with the run's one audit entry (when the whole run added or
    /// closed anything). Returns whether the run is finished.
    pub fn refresh_todos_step(&mut self, run: &mut TodoRun) -> Result<bool> {
        if run.finished {
            return Ok(true);
        }
        if self.path() != run.file.as_deref() {
            return Err(StoreError::TodoRefused(
                "打开的数据库已经换了，这次按规则生成待办没有做完；下次刷新时会为当前数据库重新生成".into(),
            ));
        }
        let now = now_text();
        if run.next_id <= run.last_id {
            let ids = (
                run.next_id,
                run.next_id.saturating_add(run.chunk - 1).min(run.last_id),
            );
            let added =
                self.write_with_audit(|db| Ok((add_visits(db, &run.rules, &now, ids)?, None)))?;
            run.done.visits += added;
            run.next_id = ids.1 + 1;
            return Ok(false);
        }
        if run.next_day <= DATE_DAYS_AHEAD {
            let added = self.write_with_audit(|db| {
                Ok((add_dates(db, run.rules.as_of, run.next_day, &now)?, None))
            })?;
            run.done.dates += added;
            run.next_day += 1;
            return Ok(false);
        }
        let as_of = run.rules.as_of;
        let before = run.done;
        run.done = self.write_with_audit(|db| {
            let (ratings, closed) = add_ratings(db, as_of, &now)?;
            let (points, points_closed) = crate::points_todos::points_todos_in(db, as_of, &now)?;
            let done = TodoRefresh {
                ratings,
                closed,
                points,
                points_closed,
                ..before
            };
            let (visits, dates) = (done.visits, done.dates);
            let entry = (done.added() + done.closed + done.points_closed > 0).then(|| {
                NewEntry::new(
                    "todo.refresh",
                    "todo",
                    date_text(as_of),
                    format!(
                        "按规则生成待办（{}）：回访 {visits} 项，生日/纪念日 {dates} 项，评级 {ratings} 项，积分即将过期 {points} 项；关闭评级待办 {closed} 项，积分待办 {points_closed} 项",
                        as_of
                    ),
                )
            });
            Ok((done, entry))
        })?;
        run.finished = true;
        Ok(true)
    }
}

impl Store {
    /// Adds `count` demo to-dos over the live customers for the benchmark:
    /// due days spread over a year either side of `today`, one in five with
    /// an hour, kinds and fifty owners in turn; of those due more than three
    /// days ago nine in ten are done, the rest overdue. Returns how many.
    pub fn fill_demo_todos(&self, count: u64, today: NaiveDate) -> Result<u64> {
        self.write_with_audit(|db| {
            let customers: i64 =
                db.query_row("SELECT max(id) FROM customers", args![], |r| r.get(0))?;
            let now = now_text();
            let sql = match db.dialect() {
                Dialect::Sqlite => DEMO_TODOS,
                Dialect::Postgres => DEMO_TODOS_PG,
            };
            let added = db.execute(
                sql,
                args![count as i64, customers.max(1), date_text(today), now],
            )?;
            let entry = NewEntry::new(
                "demo.load",
                "todo",
                added.to_string(),
                format!("载入演示待办 {added} 项"),
            );
            Ok((added, Some(entry)))
        })
    }
}

/// The demo to-dos of [`Store::fill_demo_todos`]: `?1` how many, `?2` the
/// largest customer id, `?3` today, `?4` now.
const DEMO_TODOS: &str = "
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1),
     d(i, off) AS (SELECT i, (i * 7919) % 731 - 365 FROM n)
INSERT INTO todos(customer_id, kind, title, note, due_on, due_time, owner, status,
    who, created_at, updated_at, done_at, done_by)
SELECT CASE WHEN i % 20 = 0 THEN NULL ELSE (i * 104729) % ?2 + 1 END,
       CASE i % 6 WHEN 0 THEN 'followup' WHEN 1 THEN 'date' WHEN 2 THEN 'rating'
           WHEN 3 THEN 'case' WHEN 4 THEN 'benefit' ELSE 'custom' END,
       '演示待办 ' || i, '', date(?3, off || ' days'),
       CASE WHEN i % 5 = 0 THEN printf('%02d:%02d', 8 + i % 10, (i * 7) % 60) END,
       '经理' || (i % 50),
       CASE WHEN off < -3 AND i % 10 <> 0 THEN 'done' ELSE 'open' END,
       '演示数据', ?4, ?4,
       CASE WHEN off < -3 AND i % 10 <> 0 THEN ?4 END,
       CASE WHEN off < -3 AND i % 10 <> 0 THEN '演示数据' END
FROM d WHERE ?2 > 0";

/// [`DEMO_TODOS`] for PostgreSQL: the numbers from `generate_series` (as
/// BIGINT: `i * 104729` passes 2^31), date arithmetic on a `DATE`, `lpad`
/// for `printf`.
const DEMO_TODOS_PG: &str = "
INSERT INTO todos(customer_id, kind, title, note, due_on, due_time, owner, status,
    who, created_at, updated_at, done_at, done_by)
SELECT CASE WHEN i % 20 = 0 THEN NULL ELSE (i * 104729) % ?2 + 1 END,
       CASE i % 6 WHEN 0 THEN 'followup' WHEN 1 THEN 'date' WHEN 2 THEN 'rating'
           WHEN 3 THEN 'case' WHEN 4 THEN 'benefit' ELSE 'custom' END,
       '演示待办 ' || i, '', to_char(CAST(CAST(?3 AS TEXT) AS DATE) + CAST(off AS INT), 'YYYY-MM-DD'),
       CASE WHEN i % 5 = 0 THEN lpad(CAST(8 + i % 10 AS TEXT), 2, '0') || ':'
           || lpad(CAST((i * 7) % 60 AS TEXT), 2, '0') END,
       '经理' || (i % 50),
       CASE WHEN off < -3 AND i % 10 <> 0 THEN 'done' ELSE 'open' END,
       '演示数据', ?4, ?4,
       CASE WHEN off < -3 AND i % 10 <> 0 THEN ?4 END,
       CASE WHEN off < -3 AND i % 10 <> 0 THEN '演示数据' END
FROM (SELECT i, (i * 7919) % 731 - 365 AS off
      FROM generate_series(CAST(1 AS BIGINT), CAST(?1 AS BIGINT)) AS n(i)) d
WHERE ?2 > 0";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn february_29_falls_on_the_28th_in_common_years() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(month_days(d("2026-02-28")), vec!["02-28", "02-29"]);
        assert_eq!(month_days(d("2028-02-28")), vec!["02-28"]);
        assert_eq!(month_days(d("2028-02-29")), vec!["02-29"]);
        assert_eq!(month_days(d("2026-03-01")), vec!["03-01"]);
    }
}
