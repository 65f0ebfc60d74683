//! The 即将过期 rule of the to-do list: one `points` to-do per customer and
//! expiry day whose points run out within [`EXPIRING_TODO_DAYS`], titled
//! 「积分即将过期：1,200 分将于 2026-12-31 过期」, due a week before that day
//! (not before the run's day), owned by the customer's manager. Its
//! `rule_key` is `points:<customer>:<day>`, so running the rules again adds
//! nothing. A to-do still to do is kept true: its figure follows the points
//! that are left, and it is closed (done, by 系统规则) once they are used,
//! expired, or their day has passed, and an undo of an import or a rating
//! that reverses points brings it up to date in the same transaction.

use chrono::{Days, NaiveDate};
use tierdesk_domain::points_rules::{expiring_title, next_expiry, EXPIRING_TODO_DAYS};

use crate::db::{AsDb, Db};
use crate::points::lots_in;
use crate::todo_rules::{DATE_LEAD_DAYS, RULE_WHO};
use crate::todos::{date_text, ACTIVE};
use crate::{args, Result};

/// Points of `customer_id` still left that run out on `day`, first earned
/// first used.
fn left_on(db: &Db<'_>, customer_id: i64, day: NaiveDate) -> Result<i64> {
    let (lots, used) = lots_in(db, customer_id)?;
    Ok(tierdesk_domain::points::remaining(&lots, used)
        .iter()
        .filter(|l| l.expires_on == Some(day))
        .map(|l| l.points)
        .sum())
}

/// Brings the open `points` to-dos (of one customer, or all) up to date as
/// of `as_of`: closed when nothing is left to expire on their day or the
/// day has passed, else titled with what is left. Returns how many closed.
pub(crate) fn keep_points_todos_in(
    conn: &impl AsDb,
    customer: Option<i64>,
    as_of: NaiveDate,
    now: &str,
) -> Result<u64> {
    let db = conn.as_db();
    // `CAST(?1 AS INTEGER) IS NULL`: PostgreSQL cannot type a bare `?1 IS
    // NULL`. In id order: PostgreSQL has no implicit one.
    let open: Vec<(i64, i64, String, String)> = db.query_map(
        &format!(
            "SELECT id, customer_id, rule_key, title FROM todos
             WHERE kind = 'points' AND status IN {ACTIVE} AND rule_key LIKE 'points:%'
               AND (CAST(?1 AS INTEGER) IS NULL OR customer_id = ?1)
             ORDER BY id"
        ),
        args![customer],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    let mut closed = 0;
    for (id, customer_id, key, title) in open {
        let Some(day) = key
            .rsplit(':')
            .next()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        else {
            continue;
        };
        let left = if day < as_of {
            0
        } else {
            left_on(&db, customer_id, day)?
        };
        if left <= 0 {
            db.execute(
                "UPDATE todos SET status = 'done', done_at = ?2, done_by = ?3, updated_at = ?2
                 WHERE id = ?1",
                args![id, now, RULE_WHO],
            )?;
            closed += 1;
        } else if expiring_title(left, day) != title {
            db.execute(
                "UPDATE todos SET title = ?2, updated_at = ?3 WHERE id = ?1",
                args![id, expiring_title(left, day), now],
            )?;
        }
    }
    Ok(closed)
}

/// [`keep_points_todos_in`] for the customers among `customers` that have
/// an open `points` to-do, as of `as_of`: what an undo that reversed their
/// rows calls in its own transaction, so the to-do shows the new figure (or
/// is closed) at once rather than at the rules' next run. Reads the open
/// to-dos once; the others' are left alone. Returns how many closed.
pub(crate) fn keep_points_todos_of(
    conn: &impl AsDb,
    customers: &[i64],
    as_of: NaiveDate,
    now: &str,
) -> Result<u64> {
    let db = conn.as_db();
    let open: std::collections::BTreeSet<i64> = db
        .query_map(
            &format!(
                "SELECT DISTINCT customer_id FROM todos
                 WHERE kind = 'points' AND status IN {ACTIVE} AND rule_key LIKE 'points:%'
                   AND customer_id IS NOT NULL"
            ),
            args![],
            |r| r.get(0),
        )?
        .into_iter()
        .collect();
    let mut closed = 0;
    for c in customers.iter().filter(|c| open.contains(c)) {
        closed += keep_points_todos_in(&db, Some(*c), as_of, now)?;
    }
    Ok(closed)
}

/// Runs the rule as of `as_of`: the customers with points running out
/// within the days ahead (read through the expiry index), each with its
/// next expiry day and what is left of it. Returns (added, closed). A
/// to-do the rule itself closed (its points used) opens again when points
/// are left for its day once more (the use undone); one a person closed
/// stays closed.
pub(crate) fn points_todos_in(conn: &impl AsDb, as_of: NaiveDate, now: &str) -> Result<(u64, u64)> {
    let db = conn.as_db();
    let closed = keep_points_todos_in(&db, None, as_of, now)?;
    let until = as_of
        .checked_add_days(Days::new(EXPIRING_TODO_DAYS))
        .unwrap_or(as_of);
    let customers: Vec<(i64, String)> = db.query_map(
        "SELECT c.id, coalesce(c.manager, '') FROM customers c
         WHERE c.deleted_at IS NULL AND c.id IN (
             SELECT customer_id FROM points_ledger
             WHERE expires_on IS NOT NULL AND expires_on BETWEEN ?1 AND ?2)
         ORDER BY c.id",
        args![date_text(as_of), date_text(until)],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let mut added = 0;
    for (id, owner) in customers {
        let (lots, used) = lots_in(&db, id)?;
        let Some((day, points)) = next_expiry(&lots, used, as_of, EXPIRING_TODO_DAYS) else {
            continue;
        };
        if points <= 0 {
            continue;
        }
        let due = day
            .checked_sub_days(Days::new(DATE_LEAD_DAYS))
            .unwrap_or(day)
            .max(as_of);
        added += db.execute(
            "INSERT INTO todos(customer_id, kind, title, note, due_on, owner, status, rule_key,
                 who, created_at, updated_at)
             VALUES (?1, 'points', ?2, '', ?3, ?4, 'open', ?5, ?6, ?7, ?7)
             ON CONFLICT(rule_key) DO UPDATE SET status = 'open', title = excluded.title,
                 due_on = excluded.due_on, done_at = NULL, done_by = NULL,
                 updated_at = excluded.updated_at
             WHERE todos.status = 'done' AND todos.done_by = excluded.who",
            args![
                id,
                expiring_title(points, day),
                date_text(due),
                owner,
                format!("points:{id}:{day}"),
                RULE_WHO,
                now
            ],
        )?;
    }
    Ok((added, closed))
}
