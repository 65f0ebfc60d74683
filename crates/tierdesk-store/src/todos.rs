//! To-dos (待办): adding, closing, repeating and listing them.
//!
//! Other features add and close to-dos inside their own transactions through
//! [`add_todo_in`], [`close_todos_for_in`] and [`close_due_followups_in`];
//! their own audit entry covers the to-do (they name it in a fact). The
//! to-dos a person adds, completes, postpones, cancels or edits here get an
//! entry each. Overdue is worked out when read, never stored.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use tierdesk_domain::audit::{action_label, customer_ref, NewEntry};
use tierdesk_domain::todo::{is_overdue, next_due};
use tierdesk_domain::{NewTodo, Repeat, RepeatUnit, Todo, TodoKind, TodoStatus};

use crate::db::{AsDb, Db, OptionalExt, Row, Val};
use crate::{args, now_text, Result, Store, StoreError};

/// The statuses of a to-do still to be done, as SQL.
pub(crate) const ACTIVE: &str = "('open', 'postponed')";

pub(crate) const COLUMNS: &str = "t.id, t.customer_id, c.code, c.name, c.tier, t.kind, t.title,
    t.note, t.due_on, t.due_time, t.owner, t.status, t.repeat_unit, t.repeat_every, t.source_kind,
    t.source_id, t.rule_key, t.who, t.created_at, t.updated_at, t.done_at, t.done_by";

/// The `FROM` of every to-do read: the customer's code, name and tier beside it.
pub(crate) const FROM: &str = "todos t LEFT JOIN customers c ON c.id = t.customer_id";

use crate::stored_day as day;

fn hour(text: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(text, "%H:%M").ok()
}

/// One row of [`COLUMNS`], overdue worked out at `now`.
pub(crate) fn from_row(r: &Row<'_>, now: NaiveDateTime) -> Result<Todo> {
    let kind: String = r.get(5)?;
    let status: String = r.get(11)?;
    let due_on = day(&r.get::<String>(8)?);
    let due_time: Option<String> = r.get(9)?;
    let unit: Option<String> = r.get(12)?;
    let every: Option<i64> = r.get(13)?;
    let status = TodoStatus::parse(&status).unwrap_or(TodoStatus::Open);
    let repeat = unit
        .as_deref()
        .and_then(RepeatUnit::parse)
        .map(|unit| Repeat {
            unit,
            every: every.unwrap_or(1).clamp(1, i64::from(u32::MAX)) as u32,
        });
    Ok(Todo {
        id: r.get(0)?,
        customer_id: r.get(1)?,
        customer_code: r.get(2)?,
        customer_name: r.get(3)?,
        customer_tier: r.get(4)?,
        kind: TodoKind::parse(&kind).unwrap_or(TodoKind::Custom),
        title: r.get(6)?,
        note: r.get(7)?,
        overdue: status.is_active() && is_overdue(due_on, due_time.as_deref().and_then(hour), now),
        due_on,
        due_time,
        owner: r.get(10)?,
        status,
        repeat,
        source_kind: r.get(14)?,
        source_id: r.get(15)?,
        rule_key: r.get(16)?,
        who: r.get(17)?,
        created_at: r.get(18)?,
        updated_at: r.get(19)?,
        done_at: r.get(20)?,
        done_by: r.get(21)?,
    })
}

pub(crate) fn date_text(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn time_text(t: Option<NaiveTime>) -> Option<String> {
    t.map(|t| t.format("%H:%M").to_string())
}

/// Adds a to-do inside the caller's transaction and returns its id, or
/// `None` when a to-do with the same `rule_key` already exists (whatever its
/// status), so a rule run twice adds nothing. The caller checks the text
/// (`NewTodo::problems`) and records the audit entry of its own change.
pub(crate) fn add_todo_in(conn: &impl AsDb, todo: &NewTodo) -> Result<Option<i64>> {
    let now = now_text();
    let db = conn.as_db();
    // Prepared once (cached): a churn refresh or the rules add thousands in
    // one transaction. Nothing added when the rule key was there already.
    const INSERT: &str = "INSERT INTO todos(customer_id, kind, title, note, due_on, due_time,
             owner, status, repeat_unit, repeat_every, repeat_from, source_kind, source_id,
             rule_key, who, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'open', ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15)
         ON CONFLICT(rule_key) DO NOTHING";
    // SQLite keeps its plain insert and reads the new id: `RETURNING` there
    // doubles this insert's cost (76,000 to-dos: 1.75 s against 0.89 s).
    let insert = |args: &[Val<'_>]| match db.lite() {
        Some(lite) => Ok((db.execute(INSERT, args)? > 0).then(|| lite.last_insert_rowid())),
        None => db
            .query_row(&format!("{INSERT} RETURNING id"), args, |r| r.get(0))
            .optional(),
    };
    insert(args![
        todo.customer_id,
        todo.kind.key(),
        todo.title.trim(),
        todo.note,
        date_text(todo.due_on),
        time_text(todo.due_time),
        todo.owner.trim(),
        todo.repeat.map(|r| r.unit.key()),
        todo.repeat.map(|r| r.every),
        todo.repeat.map(|_| date_text(todo.due_on)),
        todo.source_kind,
        todo.source_id,
        todo.rule_key,
        todo.who,
        now,
    ])
}

/// Marks done every to-do still to do about one record (`case`, 17), inside
/// the caller's transaction: the case was closed, the survey answer handled.
/// Returns how many. `who` is the person who closed the record.
pub(crate) fn close_todos_for_in(
    conn: &impl AsDb,
    source_kind: &str,
    source_id: i64,
    who: &str,
) -> Result<usize> {
    end_todos_for_in(conn, source_kind, source_id, who, TodoStatus::Done)
}

/// Cancels every to-do still to do about one record, inside the caller's
/// transaction: the record is gone or no longer asks for it (a follow-up
/// deleted, its next contact date changed). Returns how many.
pub(crate) fn cancel_todos_for_in(
    conn: &impl AsDb,
    source_kind: &str,
    source_id: i64,
    who: &str,
) -> Result<usize> {
    end_todos_for_in(conn, source_kind, source_id, who, TodoStatus::Cancelled)
}

/// Cancels the open reminders a yearly date's rule made (`prefix` is its
/// rule key's start, `contact-birthday` or `date`, `ref_id` the contact or
/// date), inside the caller's transaction: the contact or date was removed,
/// so there is nothing left to remind of. Returns how many.
pub(crate) fn cancel_reminders_in(
    conn: &impl AsDb,
    customer_id: i64,
    prefix: &str,
    ref_id: i64,
    who: &str,
) -> Result<usize> {
    let now = now_text();
    Ok(conn.as_db().execute(
        &format!(
            "UPDATE todos SET status = 'cancelled', done_at = ?3, done_by = ?4, updated_at = ?3
             WHERE customer_id = ?1 AND kind = 'date' AND status IN {ACTIVE}
               AND rule_key LIKE ?2"
        ),
        args![customer_id, format!("{prefix}:{ref_id}:%"), now, who],
    )? as usize)
}

fn end_todos_for_in(
    conn: &impl AsDb,
    source_kind: &str,
    source_id: i64,
    who: &str,
    status: TodoStatus,
) -> Result<usize> {
    let now = now_text();
    Ok(conn.as_db().execute(
        &format!(
            "UPDATE todos SET status = ?5, done_at = ?3, done_by = ?4, updated_at = ?3
             WHERE source_kind = ?1 AND source_id = ?2 AND status IN {ACTIVE}"
        ),
        args![source_kind, source_id, now, who, status.key()],
    )? as usize)
}

/// Marks done a customer's `followup` to-dos still to do that are due on or
/// before `due_by`, inside the caller's transaction: logging a follow-up
/// does the visit they asked for. Returns how many.
pub(crate) fn close_due_followups_in(
    conn: &impl AsDb,
    customer_id: i64,
    due_by: NaiveDate,
    who: &str,
) -> Result<usize> {
    let now = now_text();
    Ok(conn.as_db().execute(
        &format!(
            "UPDATE todos SET status = 'done', done_at = ?3, done_by = ?4, updated_at = ?3
             WHERE customer_id = ?1 AND kind = 'followup' AND status IN {ACTIVE}
                 AND due_on <= ?2"
        ),
        args![customer_id, date_text(due_by), now, who],
    )? as usize)
}

/// Completes one to-do still to be done inside the caller's transaction, as
/// the to-do's own 完成 does (a repeating one gets its next one): the
/// follow-up form logged for a to-do closes it in the same transaction.
/// `false` when there is no such to-do or it is no longer to be done.
pub(crate) fn complete_todo_in(conn: &impl AsDb, id: i64, who: &str) -> Result<bool> {
    let db = conn.as_db();
    let now = chrono::Local::now().naive_local();
    match todo_in(&db, id, now)? {
        Some(t) if t.status.is_active() => {
            complete_in(&db, &t, who)?;
            Ok(true)
        }
        _ => Ok(false),
    }
}

/// Wipes the personal text of a customer's to-dos inside an erase's
/// transaction: the title becomes the kind's name (a birthday's title holds
/// the day), the note goes; kind, dates, owner and status stay for the
/// counts. Returns how many.
pub(crate) fn erase_todos_in(conn: &impl AsDb, customer_id: i64) -> Result<usize> {
    Ok(conn.as_db().execute(
        "UPDATE todos SET note = '',
             title = CASE kind WHEN 'followup' THEN '跟进' WHEN 'date' THEN '生日/纪念日'
                 WHEN 'rating' THEN '评级到期' WHEN 'case' THEN '投诉处理'
                 WHEN 'benefit' THEN '权益到期' WHEN 'points' THEN '积分即将过期'
                 ELSE '自定义' END || '（内容已随个人信息删除）'
         WHERE customer_id = ?1",
        args![customer_id],
    )? as usize)
}

/// Completes one to-do inside a transaction: marks it done and, when it
/// repeats, adds its next one. Returns the next one's id.
fn complete_in(db: &Db<'_>, t: &Todo, who: &str) -> Result<Option<i64>> {
    let now = now_text();
    db.execute(
        "UPDATE todos SET status = 'done', done_at = ?2, done_by = ?3, updated_at = ?2
         WHERE id = ?1",
        args![t.id, now, who],
    )?;
    let Some(repeat) = t.repeat else {
        return Ok(None);
    };
    let from: Option<String> = db.query_row(
        "SELECT repeat_from FROM todos WHERE id = ?1",
        args![t.id],
        |r| r.get(0),
    )?;
    let from = from.as_deref().map(day).unwrap_or(t.due_on);
    let Some(due) = next_due(from, repeat, t.due_on) else {
        return Ok(None);
    };
    let id = db.insert_id(
        "INSERT INTO todos(customer_id, kind, title, note, due_on, due_time, owner, status,
             repeat_unit, repeat_every, repeat_from, who, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'open', ?8, ?9, ?10, ?11, ?12, ?12)",
        args![
            t.customer_id,
            t.kind.key(),
            t.title,
            t.note,
            date_text(due),
            t.due_time,
            t.owner,
            repeat.unit.key(),
            repeat.every,
            date_text(from),
            who,
            now,
        ],
    )?;
    Ok(Some(id))
}

/// The entry of a change to one to-do; its title and note are personal
/// text, so they go in the details.
fn todo_entry(action: &str, t: &Todo) -> NewEntry {
    let about = match t.customer_id {
        Some(id) => format!("{} {}", t.kind.label(), customer_ref(id)),
        None => t.kind.label().to_owned(),
    };
    let mut e = NewEntry::new(
        action,
        "todo",
        t.id.to_string(),
        format!("{}：{about}（{}）", action_label(action), t.due_on),
    )
    .fact("待办事项", &t.title)
    .fact("负责人", &t.owner);
    if !t.note.is_empty() {
        e = e.fact("备注", &t.note);
    }
    if let Some(id) = t.customer_id {
        e = e.customer(id);
    }
    e
}

/// What a person changes in a to-do: everything but its kind, customer and source.
#[derive(Debug, Clone, PartialEq)]
pub struct TodoEdit {
    pub title: String,
    pub note: String,
    pub due_on: NaiveDate,
    pub due_time: Option<NaiveTime>,
    pub owner: String,
    pub repeat: Option<Repeat>,
}

impl Store {
    /// One to-do, overdue worked out at `now`.
    pub fn todo(&self, id: i64, now: NaiveDateTime) -> Result<Option<Todo>> {
        todo_in(&self.db(), id, now)
    }

    fn todo_or_missing(&self, id: i64, now: NaiveDateTime) -> Result<Todo> {
        self.todo(id, now)?
            .ok_or_else(|| StoreError::TodoNotFound(id))
    }

    /// Adds a to-do a person wrote (`custom` or any kind) and returns it.
    pub fn add_todo(&mut self, todo: &NewTodo, now: NaiveDateTime) -> Result<Todo> {
        let problems = todo.problems();
        if !problems.is_empty() {
            return Err(StoreError::TodoRefused(problems.join("；")));
        }
        let id = self.write_with_audit(|db| {
            let id = add_todo_in(db, todo)?.ok_or_else(|| {
                StoreError::TodoRefused("同一规则的待办已经存在，没有重复添加".to_owned())
            })?;
            let stored = todo_in(db, id, now)?.ok_or(StoreError::TodoNotFound(id))?;
            Ok((id, Some(todo_entry("todo.add", &stored))))
        })?;
        self.todo_or_missing(id, now)
    }

    /// Marks a to-do done; a repeating one gets its next one. Returns the
    /// done to-do and the next one's id.
    pub fn complete_todo(
        &mut self,
        id: i64,
        who: &str,
        now: NaiveDateTime,
    ) -> Result<(Todo, Option<i64>)> {
        let t = self.active_todo(id, now)?;
        let next = self.write_with_audit(|db| {
            let next = complete_in(db, &t, who)?;
            let mut e = todo_entry("todo.done", &t);
            if let Some(n) = next {
                e = e.fact("下一次待办", n);
            }
            Ok((next, Some(e)))
        })?;
        Ok((self.todo_or_missing(id, now)?, next))
    }

    /// Cancels a to-do still to be done.
    pub fn cancel_todo(&mut self, id: i64, who: &str, now: NaiveDateTime) -> Result<Todo> {
        let t = self.active_todo(id, now)?;
        self.write_with_audit(|db| {
            db.execute(
                "UPDATE todos SET status = 'cancelled', done_at = ?2, done_by = ?3, updated_at = ?2
                 WHERE id = ?1",
                args![id, now_text(), who],
            )?;
            Ok(((), Some(todo_entry("todo.cancel", &t))))
        })?;
        self.todo_or_missing(id, now)
    }

    /// Moves a to-do still to be done to a new day (and hour).
    pub fn postpone_todo(
        &mut self,
        id: i64,
        due_on: NaiveDate,
        due_time: Option<NaiveTime>,
        now: NaiveDateTime,
    ) -> Result<Todo> {
        let t = self.active_todo(id, now)?;
        self.write_with_audit(|db| {
            db.execute(
                "UPDATE todos SET status = 'postponed', due_on = ?2, due_time = ?3, updated_at = ?4
                 WHERE id = ?1",
                args![id, date_text(due_on), time_text(due_time), now_text()],
            )?;
            let e = todo_entry("todo.postpone", &t).change(
                "due_on",
                "到期日",
                Some(t.due_on.to_string()),
                Some(date_text(due_on)),
            );
            Ok(((), Some(e)))
        })?;
        self.todo_or_missing(id, now)
    }

    /// Changes a to-do's text, date, owner and repetition.
    pub fn edit_todo(&mut self, id: i64, edit: &TodoEdit, now: NaiveDateTime) -> Result<Todo> {
        let problems =
            tierdesk_domain::todo::todo_problems(&edit.title, &edit.note, &edit.owner, edit.repeat);
        if !problems.is_empty() {
            return Err(StoreError::TodoRefused(problems.join("；")));
        }
        let t = self.todo_or_missing(id, now)?;
        self.write_with_audit(|db| {
            // `CAST(?7 AS TEXT) IS NULL`: PostgreSQL cannot tell a bare
            // `?7 IS NULL`'s type; `IS NOT DISTINCT FROM` is `IS` on both.
            db.execute(
                "UPDATE todos SET title = ?2, note = ?3, due_on = ?4, due_time = ?5, owner = ?6,
                     repeat_unit = ?7, repeat_every = ?8,
                     repeat_from = CASE WHEN CAST(?7 AS TEXT) IS NULL THEN NULL
                                        WHEN repeat_unit IS NOT DISTINCT FROM ?7
                                             AND repeat_every IS NOT DISTINCT FROM ?8
                                             AND due_on = ?4 THEN repeat_from
                                        ELSE ?4 END,
                     updated_at = ?9
                 WHERE id = ?1",
                args![
                    id,
                    edit.title.trim(),
                    edit.note,
                    date_text(edit.due_on),
                    time_text(edit.due_time),
                    edit.owner.trim(),
                    edit.repeat.map(|r| r.unit.key()),
                    edit.repeat.map(|r| r.every),
                    now_text()
                ],
            )?;
            let text = |v: &str| Some(v.to_owned());
            let e = todo_entry("todo.edit", &t)
                .change("title", "待办事项", text(&t.title), text(edit.title.trim()))
                .change(
                    "due_on",
                    "到期日",
                    Some(t.due_on.to_string()),
                    Some(date_text(edit.due_on)),
                )
                .change("owner", "负责人", text(&t.owner), text(edit.owner.trim()));
            Ok(((), Some(e)))
        })?;
        self.todo_or_missing(id, now)
    }

    fn active_todo(&self, id: i64, now: NaiveDateTime) -> Result<Todo> {
        let t = self.todo_or_missing(id, now)?;
        if !t.status.is_active() {
            return Err(StoreError::TodoRefused(format!(
                "待办 #{id} {}，不能再改",
                t.status.label()
            )));
        }
        Ok(t)
    }
}

/// To-do `id` as read in `db` (`None` when there is none).
fn todo_in(db: &Db<'_>, id: i64, now: NaiveDateTime) -> Result<Option<Todo>> {
    let sql = format!("SELECT {COLUMNS} FROM {FROM} WHERE t.id = ?1");
    db.query_row(&sql, args![id], |r| from_row(r, now))
        .optional()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn in_tx<T>(store: &Store, f: impl FnOnce(&Db<'_>) -> Result<T>) -> T {
        store
            .write_with_audit(|db| Ok((f(db)?, None)))
            .expect("write")
    }

    fn statuses(store: &Store) -> Vec<(i64, String)> {
        store
            .db()
            .query_map("SELECT id, status FROM todos ORDER BY id", args![], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap()
    }

    #[test]
    fn rule_keys_make_adding_idempotent_and_sources_close() {
        crate::testing::each_backend(|store| rule_keys_on(store));
    }

    fn rule_keys_on(store: &Store) {
        let mut t = NewTodo::new(TodoKind::Case, "处理投诉", d("2026-12-01"));
        t.source_kind = Some("case".to_owned());
        t.source_id = Some(17);
        t.rule_key = Some("case:17:respond".to_owned());
        let first = in_tx(store, |c| add_todo_in(c, &t));
        let again = in_tx(store, |c| add_todo_in(c, &t));
        assert!(first.is_some());
        assert_eq!(again, None);
        let other = NewTodo {
            rule_key: None,
            source_id: Some(18),
            ..t.clone()
        };
        let second = in_tx(store, |c| add_todo_in(c, &other)).unwrap();
        assert_eq!(
            in_tx(store, |c| close_todos_for_in(c, "case", 17, "张三")),
            1
        );
        assert_eq!(
            in_tx(store, |c| close_todos_for_in(c, "case", 17, "张三")),
            0
        );
        assert_eq!(
            statuses(store),
            vec![
                (first.unwrap(), "done".to_owned()),
                (second, "open".to_owned())
            ]
        );
        assert_eq!(
            in_tx(store, |c| cancel_todos_for_in(c, "case", 18, "张三")),
            1
        );
        assert_eq!(statuses(store)[1], (second, "cancelled".to_owned()));
    }

    #[test]
    fn a_follow_up_closes_the_due_visits_only() {
        crate::testing::each_backend(due_visits_on);
    }

    fn due_visits_on(store: &mut Store) {
        let c = store
            .insert_customer(&tierdesk_domain::CustomerDraft {
                name: "甲公司".to_owned(),
                ..Default::default()
            })
            .unwrap();
        let visit = |due: &str, kind| NewTodo {
            customer_id: Some(c.id),
            ..NewTodo::new(kind, "回访", d(due))
        };
        let due = in_tx(store, |x| {
            add_todo_in(x, &visit("2026-11-20", TodoKind::Followup))
        });
        let later = in_tx(store, |x| {
            add_todo_in(x, &visit("2026-12-20", TodoKind::Followup))
        });
        let other = in_tx(store, |x| {
            add_todo_in(x, &visit("2026-11-01", TodoKind::Date))
        });
        let n = in_tx(store, |x| {
            close_due_followups_in(x, c.id, d("2026-11-30"), "李四")
        });
        assert_eq!(n, 1);
        assert_eq!(
            statuses(store),
            vec![
                (due.unwrap(), "done".to_owned()),
                (later.unwrap(), "open".to_owned()),
                (other.unwrap(), "open".to_owned())
            ]
        );
        // Completing by id: once, and a repeating one brings its next.
        let mut rep = visit("2026-01-31", TodoKind::Custom);
        rep.repeat = Some(Repeat {
            unit: RepeatUnit::Month,
            every: 1,
        });
        let id = in_tx(store, |x| add_todo_in(x, &rep)).unwrap();
        assert!(in_tx(store, |x| complete_todo_in(x, id, "李四")));
        assert!(!in_tx(store, |x| complete_todo_in(x, id, "李四")));
        let next: (i64, String, String) = store
            .db()
            .query_row(
                "SELECT id, due_on, repeat_from FROM todos WHERE id > ?1",
                args![id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!(
            next,
            (id + 1, "2026-02-28".to_owned(), "2026-01-31".to_owned())
        );
    }
}
