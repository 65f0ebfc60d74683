//! Reading to-dos: lists by due date, owner, kind and customer, and the
//! counts of 今日待办 and the dashboard.
//!
//! "Overdue" is worked out here from the due day and hour and the `now`
//! passed in: before today, or today at an hour that has come. The lists of
//! to-dos still to do read the partial indexes of migration 0014 (only open
//! and postponed to-dos are in them), so their cost follows the to-dos
//! listed, not the millions done over the years.
//!
//! To-dos of customers in the recycle bin are left out of the lists and the
//! counts (a customer's own tab still shows them): they come back with the
//! customer when it is restored. The bin is small, so the lists check each
//! row against it and the counts subtract what the bin's customers hold.

use chrono::{Days, NaiveDateTime};
use tierdesk_domain::{Todo, TodoCounts, TodoDue, TodoFilter};

use crate::db::{Dialect, Val};
use crate::todos::{date_text, from_row, ACTIVE, COLUMNS, FROM};
use crate::{Result, Store};

/// A bound value of the lists' conditions.
type Value = Val<'static>;

/// The customers in the recycle bin (a partial index holds them).
const BINNED: &str = "SELECT id FROM customers WHERE deleted_at IS NOT NULL";

/// The most to-dos one list gives when the filter says nothing.
pub const DEFAULT_LIMIT: u32 = 500;

/// `now` as the day and the `HH:MM` compared with `due_time`.
fn day_and_hour(now: NaiveDateTime) -> (String, String) {
    (date_text(now.date()), now.format("%H:%M").to_string())
}

/// A due-date condition over `t.` columns, with its parameters (`?` in order).
fn due_clause(due: TodoDue, now: NaiveDateTime) -> (String, Vec<Value>) {
    let text = |s: &String| Value::Text(s.clone().into());
    let (today, hour) = day_and_hour(now);
    let week_end = date_text(
        now.date()
            .checked_add_days(Days::new(7))
            .unwrap_or(now.date()),
    );
    match due {
        TodoDue::Today => (
            "t.due_on = ? AND (t.due_time IS NULL OR t.due_time > ?)".to_owned(),
            vec![text(&today), text(&hour)],
        ),
        // Each a range of the due day (so one range of the index) with the
        // hour checked on the rows of today.
        TodoDue::Overdue => (
            "t.due_on <= ? AND (t.due_on < ? OR t.due_time <= ?)".to_owned(),
            vec![text(&today), text(&today), text(&hour)],
        ),
        TodoDue::Week => (
            "t.due_on >= ? AND t.due_on <= ? AND (t.due_on > ? OR t.due_time IS NULL OR t.due_time > ?)"
                .to_owned(),
            vec![text(&today), text(&week_end), text(&today), text(&hour)],
        ),
        TodoDue::Upcoming => (
            "t.due_on > ? AND t.due_on <= ?".to_owned(),
            vec![text(&today), text(&week_end)],
        ),
        TodoDue::All => ("TRUE".to_owned(), Vec::new()),
    }
}

impl Store {
    /// To-dos matching `filter`, soonest due first (those of the whole day
    /// before those with an hour, then by id); at most `limit`
    /// ([`DEFAULT_LIMIT`] when not given). Closed ones only when asked
    /// (a customer's tab), then newest due first.
    pub fn todos(&self, filter: &TodoFilter, now: NaiveDateTime) -> Result<Vec<Todo>> {
        let mut clauses: Vec<String> = Vec::new();
        let mut args: Vec<Value> = Vec::new();
        if !filter.include_closed {
            clauses.push(format!("t.status IN {ACTIVE}"));
        }
        if let Some(due) = filter.due {
            let (c, a) = due_clause(due, now);
            clauses.push(c);
            args.extend(a);
        }
        if let Some(owner) = filter.owner.as_deref().filter(|o| !o.trim().is_empty()) {
            clauses.push("t.owner = ?".to_owned());
            args.push(Value::Text(owner.trim().to_owned().into()));
        }
        if let Some(kind) = filter.kind {
            clauses.push("t.kind = ?".to_owned());
            args.push(Value::Text(kind.key().into()));
        }
        if let Some(id) = filter.customer_id {
            clauses.push("t.customer_id = ?".to_owned());
            args.push(Value::Int(id));
        } else {
            clauses.push(format!(
                "(t.customer_id IS NULL OR t.customer_id NOT IN ({BINNED}))"
            ));
        }
        let limit = filter.limit.unwrap_or(DEFAULT_LIMIT);
        args.push(Value::Int(i64::from(limit)));
        let order = if filter.include_closed {
            "CASE WHEN t.status IN ('open', 'postponed') THEN 0 ELSE 1 END,
             CASE WHEN t.status IN ('open', 'postponed') THEN t.due_on END,
             t.due_on DESC, t.id DESC"
        } else if self.dialect() == Dialect::Sqlite {
            // The order of `todos_active_due` (due day, hour, rowid): a list
            // stops after its first rows instead of sorting every match. A
            // to-do of the whole day comes before those with an hour.
            "t.due_on, t.due_time, t.id"
        } else {
            // PostgreSQL puts NULLs last unless told.
            "t.due_on, t.due_time NULLS FIRST, t.id"
        };
        let sql = format!(
            "SELECT {COLUMNS} FROM {FROM} WHERE {} ORDER BY {order} LIMIT ?",
            if clauses.is_empty() {
                "TRUE".to_owned()
            } else {
                clauses.join(" AND ")
            }
        );
        self.db().query_map(&sql, &args, |r| from_row(r, now))
    }

    /// How many to-dos still to do are due today, overdue and within the
    /// week, for one owner or everyone. Counted as four plain ranges of the
    /// index (before today; today; today up to the hour; after today within
    /// the week), which SQLite counts without reading the rows: the same sets
    /// as the lists' conditions, put together here.
    pub fn todo_counts(&self, now: NaiveDateTime, owner: Option<&str>) -> Result<TodoCounts> {
        let (today, hour) = day_and_hour(now);
        let week_end = date_text(
            now.date()
                .checked_add_days(Days::new(7))
                .unwrap_or(now.date()),
        );
        let owner = owner.map(str::trim).filter(|o| !o.is_empty());
        // Each range counted over every to-do still to do, less those of the
        // customers in the bin (read from the bin's side: CROSS JOIN keeps
        // SQLite from walking the whole range for them).
        let count = |range: &str, args: Vec<Value>| -> Result<u64> {
            let mut args = args;
            let mut filter = format!("t.status IN {ACTIVE} AND {range}");
            if let Some(o) = owner {
                filter.push_str(" AND t.owner = ?");
                args.push(Value::Text(o.to_owned().into()));
            }
            let sql = format!(
                "SELECT (SELECT count(*) FROM todos t WHERE {filter})
                      - (SELECT count(*) FROM customers c CROSS JOIN todos t
                         WHERE c.deleted_at IS NOT NULL AND t.customer_id = c.id AND {filter})"
            );
            let twice: Vec<Value> = args.iter().chain(args.iter()).cloned().collect();
            let n: i64 = self.db().query_row(&sql, &twice, |r| r.get(0))?;
            Ok(n as u64)
        };
        let text = |v: &String| Value::Text(v.clone().into());
        let before = count("t.due_on < ?", vec![text(&today)])?;
        let on_day = count("t.due_on = ?", vec![text(&today)])?;
        let passed = count(
            "t.due_on = ? AND t.due_time <= ?",
            vec![text(&today), text(&hour)],
        )?;
        let later = count(
            "t.due_on > ? AND t.due_on <= ?",
            vec![text(&today), text(&week_end)],
        )?;
        Ok(TodoCounts {
            today: on_day - passed,
            overdue: before + passed,
            week: on_day - passed + later,
        })
    }
}
