//! Follow-ups (跟进记录, migration 0013) and the customer's last and next
//! contact dates that follow from them.
//!
//! Every write here — add, edit, delete — recomputes the customer's dates in
//! the same transaction ([`refresh_contact_dates_in`]) and records one audit
//! entry naming the customer as `#id`; what was said stays in the details.

use chrono::NaiveDate;
use tierdesk_domain::audit::{action_label, customer_ref, NewEntry};
use tierdesk_domain::todo::{NewTodo, TodoKind, MAX_TITLE};
use tierdesk_domain::{
    manager_or, Channel, CheckedFollowup, CustomerQuery, Followup, FollowupFilter, FollowupLine,
    Page,
};

use crate::db::{AsDb, Dialect, OptionalExt, Param, Row, Val};
use crate::todos::{add_todo_in, cancel_todos_for_in, close_due_followups_in, complete_todo_in};
use crate::{args, now_text, Result, Store, StoreError};

const COLUMNS: &str = "f.id, f.customer_id, f.channel, f.at, f.who, f.contact_id, f.contact_name,
    f.subject, f.content, f.outcome, f.next_step, f.next_contact_on, f.created_at, f.updated_at,
    f.version, f.updated_by";

use crate::customers::{date_text as day_text, parse_date as day};

fn from_row(r: &Row<'_>) -> Result<Followup> {
    let channel: String = r.get(2)?;
    Ok(Followup {
        id: r.get(0)?,
        customer_id: r.get(1)?,
        // The table's CHECK allows only the six keys.
        channel: Channel::parse(&channel).unwrap_or(Channel::Other),
        at: r.get(3)?,
        who: r.get(4)?,
        contact_id: r.get(5)?,
        contact_name: r.get(6)?,
        subject: r.get(7)?,
        content: r.get(8)?,
        outcome: r.get(9)?,
        next_step: r.get(10)?,
        next_contact_on: day(r.get(11)?),
        created_at: r.get(12)?,
        updated_at: r.get(13)?,
        version: r.get(14)?,
        updated_by: r.get(15)?,
    })
}

pub(crate) fn followup_in(conn: &impl AsDb, id: i64) -> Result<Option<Followup>> {
    let sql = format!("SELECT {COLUMNS} FROM followups f WHERE f.id = ?1");
    conn.as_db().query_row(&sql, args![id], from_row).optional()
}

/// A customer's last and next contact dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ContactDates {
    pub last: Option<NaiveDate>,
    pub next: Option<NaiveDate>,
}

/// Sets a customer's `last_contact_on` to the later of the date typed by
/// hand (or imported) and the latest follow-up's day, and `next_contact_on`
/// to the latest follow-up's next contact date (none without follow-ups).
/// A `last_contact_on` that differs from what this function last wrote was
/// typed since, and becomes the typed date (see migration 0013). Returns the
/// dates before and after. The customer's row is written (its version
/// raised, `who` named) only when one of the dates moves.
pub(crate) fn refresh_contact_dates_in(
    conn: &impl AsDb,
    customer_id: i64,
    who: &str,
) -> Result<(ContactDates, ContactDates)> {
    let db = conn.as_db();
    let (last, next, typed, auto): (
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    ) = db
        .query_row(
            "SELECT last_contact_on, next_contact_on, contact_typed_on, contact_auto_on
             FROM customers WHERE id = ?1",
            args![customer_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?
        .ok_or_else(|| StoreError::CustomerNotFound(customer_ref(customer_id)))?;
    let stored = (last.clone(), next.clone(), typed.clone(), auto.clone());
    let before = ContactDates {
        last: day(last.clone()),
        next: day(next),
    };
    let typed = if last != auto { day(last) } else { day(typed) };
    let latest: Option<(String, Option<String>)> = db
        .query_row(
            "SELECT at, next_contact_on FROM followups WHERE customer_id = ?1
             ORDER BY at DESC, id DESC LIMIT 1",
            args![customer_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let latest_day = latest
        .as_ref()
        .and_then(|(at, _)| day(at.get(..10).map(str::to_owned)));
    let after = ContactDates {
        last: typed.max(latest_day),
        next: latest.and_then(|(_, next)| day(next)),
    };
    let new = (
        day_text(after.last),
        day_text(after.next),
        day_text(typed),
        day_text(after.last),
    );
    if new != stored {
        db.execute(
            "UPDATE customers SET last_contact_on = ?1, next_contact_on = ?2,
                 contact_typed_on = ?3, contact_auto_on = ?1,
                 version = version + 1, updated_by = ?5, updated_at = ?6
             WHERE id = ?4",
            args![new.0, new.1, new.2, customer_id, who, now_text()],
        )?;
    }
    Ok((before, after))
}

/// After a customer's record was written (the form, a sheet, an undo): a
/// 最近联系 older than the newest follow-up becomes the typed date and the
/// follow-up's day stays shown, as [`refresh_contact_dates_in`] decides.
/// Customers without follow-ups keep what was written (one index probe).
pub(crate) fn keep_contact_dates_in(conn: &impl AsDb, customer_id: i64, who: &str) -> Result<()> {
    let any: bool = conn.as_db().query_row(
        "SELECT EXISTS (SELECT 1 FROM followups WHERE customer_id = ?1)",
        args![customer_id],
        |r| r.get(0),
    )?;
    if any {
        refresh_contact_dates_in(conn, customer_id, who)?;
    }
    Ok(())
}

/// What a follow-up's content becomes when its customer is erased.
const CONTENT_GONE: &str = "（内容已随个人信息删除）";

/// Wipes the personal side of a customer's follow-ups for an erase (see
/// `privacy.rs`): the contact spoken to and every text go; the channel, the
/// time, who made it and the next contact date stay. Returns how many.
pub(crate) fn erase_followups_in(conn: &impl AsDb, customer_id: i64) -> Result<usize> {
    Ok(conn.as_db().execute(
        "UPDATE followups SET contact_id = NULL, contact_name = '', subject = '',
             content = ?2, outcome = '', next_step = '', version = version + 1
         WHERE customer_id = ?1",
        args![customer_id, CONTENT_GONE],
    )? as usize)
}

/// The entry of a follow-up logged, changed or deleted: the summary names
/// the customer by `#id` and the channel and day; what was said and with
/// whom goes in the details, and so do the contact dates it moved.
fn followup_entry(
    action: &str,
    f: &Followup,
    dates: (ContactDates, ContactDates),
    todos: &TodoEffects,
) -> NewEntry {
    let who = customer_ref(f.customer_id);
    let (before, after) = dates;
    let mut entry = NewEntry::new(
        action,
        "followup",
        f.id.to_string(),
        format!(
            "{} {who}：{}（{}）",
            action_label(action),
            f.channel.label(),
            f.at.get(..10).unwrap_or(&f.at)
        ),
    )
    .customer(f.customer_id)
    .fact("方式", f.channel.label())
    .fact("跟进时间", &f.at)
    .fact("跟进人", &f.who)
    .fact("联系人", &f.contact_name)
    .fact("主题", &f.subject)
    .fact("跟进内容", &f.content)
    .fact("结果", &f.outcome)
    .fact("下一步", &f.next_step)
    .fact(
        "下次联系日期",
        day_text(f.next_contact_on).unwrap_or_else(|| "（无）".into()),
    );
    if todos.closed > 0 {
        entry = entry.fact("完成的待办", todos.closed);
    }
    if todos.cancelled > 0 {
        entry = entry.fact("取消的待办", todos.cancelled);
    }
    if let Some(id) = todos.added {
        entry = entry.fact("新建待办", format!("#{id}"));
    }
    for (field, label, was, now) in [
        ("last_contact_on", "最近联系时间", before.last, after.last),
        ("next_contact_on", "下次联系日期", before.next, after.next),
    ] {
        if was != now {
            entry = entry.change(field, label, day_text(was), day_text(now));
        }
    }
    entry
}

/// What a follow-up did to the to-dos, for its audit entry.
#[derive(Debug, Default)]
struct TodoEffects {
    closed: usize,
    cancelled: usize,
    added: Option<i64>,
}

/// The to-do a follow-up with a next contact date asks for: due that day,
/// for the customer's manager (else the person who made the contact). Its
/// rule key holds the date, so a changed date gets a to-do of its own.
pub(crate) fn add_next_todo_in(conn: &impl AsDb, f: &Followup, who: &str) -> Result<Option<i64>> {
    let Some(due) = f.next_contact_on else {
        return Ok(None);
    };
    let manager: Option<String> = conn
        .as_db()
        .query_row(
            "SELECT manager FROM customers WHERE id = ?1",
            args![f.customer_id],
            |r| r.get(0),
        )
        .optional()?
        .flatten();
    let owner = manager_or(manager.as_deref(), &f.who);
    let title = if f.next_step.is_empty() {
        "按约再次联系".to_owned()
    } else {
        format!("跟进：{}", f.next_step)
    };
    let todo = NewTodo {
        customer_id: Some(f.customer_id),
        owner: owner.chars().take(50).collect(),
        source_kind: Some("followup".into()),
        source_id: Some(f.id),
        rule_key: Some(format!("followup:{}:{due}", f.id)),
        who: who.to_owned(),
        ..NewTodo::new(
            TodoKind::Followup,
            title.chars().take(MAX_TITLE).collect::<String>(),
            due,
        )
    };
    add_todo_in(conn, &todo)
}

/// The values of a checked follow-up in the order of the INSERT and UPDATE
/// statements' parameters (after the INSERT's customer).
fn values(f: &CheckedFollowup) -> [Val<'_>; 10] {
    [
        f.channel.as_str().val(),
        f.at_text().val().into_owned(),
        f.who.val(),
        f.contact_id.val(),
        f.contact_name.val(),
        f.subject.val(),
        f.content.val(),
        f.outcome.val(),
        f.next_step.val(),
        day_text(f.next_contact_on).val().into_owned(),
    ]
}

impl Store {
    /// Logs a follow-up of a customer and moves the customer's contact dates.
    /// `f.who` must already be filled (the API names the manager or the
    /// person logging it). Returns the follow-up as stored.
    pub fn add_followup(&mut self, customer_id: i64, f: &CheckedFollowup) -> Result<Followup> {
        let actor = self.actor().user.clone();
        self.write_with_audit(|db| {
            let now = now_text();
            let mut args = vec![Val::Int(customer_id)];
            args.extend(values(f));
            args.push(now.val());
            let inserted: Option<i64> = db
                .query_row(
                    "INSERT INTO followups(customer_id, channel, at, who, contact_id, contact_name,
                     subject, content, outcome, next_step, next_contact_on, created_at, updated_at)
                 SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12
                 WHERE EXISTS (SELECT 1 FROM customers WHERE id = ?1 AND deleted_at IS NULL)
                 RETURNING id",
                    &args,
                    |r| r.get(0),
                )
                .optional()?;
            let Some(id) = inserted else {
                return Err(StoreError::CustomerNotFound(customer_ref(customer_id)));
            };
            let dates = refresh_contact_dates_in(db, customer_id, &actor)?;
            let stored = followup_in(db, id)?
                .ok_or_else(|| StoreError::Corrupt(format!("刚记录的跟进 {id} 不见了")))?;
            // The to-do it answers first (a repeating one gets its next),
            // then whatever follow-up to-dos of the customer were due by its
            // day: the contact they asked for has happened.
            let mut effects = TodoEffects::default();
            if let Some(todo) = f.todo_id {
                // A to-do of another customer (a stale page, a typed id)
                // must not be ticked off by this customer's follow-up.
                let of: Option<Option<i64>> = db
                    .query_row(
                        "SELECT customer_id FROM todos WHERE id = ?1",
                        args![todo],
                        |r| r.get(0),
                    )
                    .optional()?;
                if let Some(other) = of.flatten().filter(|c| *c != customer_id) {
                    return Err(StoreError::TodoRefused(format!(
                        "待办 #{todo} 不是客户 {} 的待办（它属于客户 {}），跟进没有记录",
                        customer_ref(customer_id),
                        customer_ref(other)
                    )));
                }
                effects.closed += usize::from(complete_todo_in(db, todo, &actor)?);
            }
            effects.closed += close_due_followups_in(db, customer_id, f.at.date(), &actor)?;
            effects.added = add_next_todo_in(db, &stored, &actor)?;
            let entry = followup_entry("followup.add", &stored, dates, &effects);
            Ok((stored, Some(entry)))
        })
    }

    /// Changes a follow-up (`None` when there is no such follow-up) and
    /// recomputes its customer's contact dates.
    pub fn edit_followup(&mut self, id: i64, f: &CheckedFollowup) -> Result<Option<Followup>> {
        self.edit_followup_at(id, f, None)
    }

    /// [`Store::edit_followup`] that saves only while the follow-up is still
    /// at `version` (when given), checked inside the write transaction; else
    /// [`StoreError::VersionMoved`] and nothing is written.
    pub fn edit_followup_at(
        &mut self,
        id: i64,
        f: &CheckedFollowup,
        version: Option<i64>,
    ) -> Result<Option<Followup>> {
        let actor = self.actor().user.clone();
        self.write_with_audit(|db| {
            let Some(old) = followup_in(db, id)? else {
                return Ok((None, None));
            };
            if let Some(v) = version.filter(|v| *v != old.version) {
                return Err(StoreError::VersionMoved {
                    opened: v,
                    now: old.version,
                });
            }
            let mut args: Vec<Val<'_>> = values(f).into();
            args.push(Val::Text(now_text().into()));
            args.push(Val::Int(id));
            args.push(actor.as_str().val());
            db.execute(
                "UPDATE followups SET channel = ?1, at = ?2, who = ?3, contact_id = ?4,
                     contact_name = ?5, subject = ?6, content = ?7, outcome = ?8,
                     next_step = ?9, next_contact_on = ?10, updated_at = ?11,
                     version = version + 1, updated_by = ?13
                 WHERE id = ?12",
                &args,
            )?;
            let dates = refresh_contact_dates_in(db, old.customer_id, &actor)?;
            let stored = followup_in(db, id)?
                .ok_or_else(|| StoreError::Corrupt(format!("刚修改的跟进 {id} 不见了")))?;
            // A changed next contact date moves the to-do: the old one is
            // cancelled, one for the new date comes (its own rule key).
            let mut effects = TodoEffects::default();
            if old.next_contact_on != stored.next_contact_on {
                effects.cancelled = cancel_todos_for_in(db, "followup", id, &actor)?;
                effects.added = add_next_todo_in(db, &stored, &actor)?;
            }
            let mut entry = followup_entry("followup.edit", &stored, dates, &effects);
            for (field, label, before, after) in [
                (
                    "channel",
                    "方式",
                    old.channel.label().to_owned(),
                    stored.channel.label().to_owned(),
                ),
                ("at", "跟进时间", old.at.clone(), stored.at.clone()),
                (
                    "content",
                    "跟进内容",
                    old.content.clone(),
                    stored.content.clone(),
                ),
                (
                    "outcome",
                    "结果",
                    old.outcome.clone(),
                    stored.outcome.clone(),
                ),
            ] {
                if before != after {
                    entry = entry.change(field, label, Some(before), Some(after));
                }
            }
            Ok((Some(stored), Some(entry)))
        })
    }

    /// Deletes a follow-up and returns it (`None` when there is no such
    /// follow-up); its customer's contact dates are recomputed.
    pub fn delete_followup(&mut self, id: i64) -> Result<Option<Followup>> {
        let actor = self.actor().user.clone();
        self.write_with_audit(|db| {
            let Some(old) = followup_in(db, id)? else {
                return Ok((None, None));
            };
            db.execute("DELETE FROM followups WHERE id = ?1", args![id])?;
            let dates = refresh_contact_dates_in(db, old.customer_id, &actor)?;
            let effects = TodoEffects {
                cancelled: cancel_todos_for_in(db, "followup", id, &actor)?,
                ..TodoEffects::default()
            };
            let entry = followup_entry("followup.delete", &old, dates, &effects);
            Ok((Some(old), Some(entry)))
        })
    }

    pub fn followup(&self, id: i64) -> Result<Option<Followup>> {
        followup_in(&self.db(), id)
    }

    /// A customer's follow-ups, newest first.
    pub fn customer_followups(&self, customer_id: i64) -> Result<Vec<Followup>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM followups f WHERE f.customer_id = ?1
             ORDER BY f.at DESC, f.id DESC"
        );
        self.db().query_map(&sql, args![customer_id], from_row)
    }

    /// Follow-ups of live customers matching `filter`, newest first, with
    /// their customer's code and name, and how many match in all.
    pub fn list_followups(&self, filter: &FollowupFilter) -> Result<Page<FollowupLine>> {
        let mut wheres = vec!["c.deleted_at IS NULL".to_owned()];
        let mut args: Vec<Val<'static>> = Vec::new();
        let mut arg = |v: Val<'static>, wheres: &mut Vec<String>, cond: &str| {
            args.push(v);
            wheres.push(cond.replace('?', &format!("?{}", args.len())));
        };
        if let Some(id) = filter.customer_id {
            arg(Val::Int(id), &mut wheres, "f.customer_id = ?");
        }
        if let Some(ch) = filter.channel {
            arg(Val::Text(ch.as_str().into()), &mut wheres, "f.channel = ?");
        }
        if let Some(who) = filter
            .who
            .as_deref()
            .map(str::trim)
            .filter(|w| !w.is_empty())
        {
            arg(Val::Text(who.to_owned().into()), &mut wheres, "f.who = ?");
        }
        if let Some(from) = filter.from {
            arg(
                Val::Text(from.format("%Y-%m-%d").to_string().into()),
                &mut wheres,
                "f.at >= ?",
            );
        }
        if let Some(to) = filter.to {
            // Every time of the last day sorts below the next day.
            let next = to.succ_opt().unwrap_or(to);
            arg(
                Val::Text(next.format("%Y-%m-%d").to_string().into()),
                &mut wheres,
                "f.at < ?",
            );
        }
        let where_sql = wheres.join(" AND ");
        let from = "followups f JOIN customers c ON c.id = f.customer_id";
        let db = self.db();
        let total: i64 = db.query_row(
            &format!("SELECT count(*) FROM {from} WHERE {where_sql}"),
            &args,
            |r| r.get(0),
        )?;
        let limit = if filter.limit == 0 {
            100
        } else {
            filter.limit.min(1000)
        };
        let sql = format!(
            "SELECT {COLUMNS}, c.code, c.name FROM {from} WHERE {where_sql}
             ORDER BY f.at DESC, f.id DESC LIMIT {limit} OFFSET {}",
            filter.offset
        );
        let items = db.query_map(&sql, &args, |r| {
            Ok(FollowupLine {
                followup: from_row(r)?,
                customer_code: r.get(16)?,
                customer_name: r.get(17)?,
            })
        })?;
        Ok(Page {
            items,
            total: total as u64,
        })
    }
}

impl Store {
    /// How many customers a query with a contact filter matches, counted
    /// through the contact dates' indexes. Counting through the OR of 超过 N
    /// 天未联系 reads every row (0.5 s over a million), so its halves (never
    /// contacted, contacted before the day) are counted apart: the condition
    /// and its argument are the last (`filter`). The live list names the
    /// index, since statistics gathered while every customer's next contact
    /// was empty (right after migration 0013) make SQLite scan the table
    /// instead (0.7 s); the recycle bin is not in these partial indexes.
    pub(crate) fn count_by_contact(
        &self,
        q: &CustomerQuery,
        wheres: &[String],
        args: &[crate::db::Val<'_>],
    ) -> Result<i64> {
        let db = self.db();
        let count = |from: &str, wheres: &[String], args: &[crate::db::Val<'_>]| -> Result<i64> {
            db.query_row(
                &format!("SELECT count(*) FROM {from} WHERE {}", wheres.join(" AND ")),
                args,
                |r| r.get(0),
            )
        };
        // PostgreSQL picks the partial indexes itself (it has no INDEXED BY).
        let indexed = |index: &str| {
            if q.deleted || db.dialect() == Dialect::Postgres {
                "customers".to_owned()
            } else {
                format!("customers INDEXED BY {index}")
            }
        };
        if q.last_contact_before.is_none() {
            return count(&indexed("customers_live_next_contact"), wheres, args);
        }
        let from = indexed("customers_live_last_contact");
        let (n, mut rest) = (args.len(), wheres[..wheres.len() - 1].to_vec());
        rest.push("last_contact_on IS NULL".into());
        let never = count(&from, &rest, &args[..n - 1])?;
        rest.pop();
        rest.push(format!("last_contact_on < ?{n}"));
        Ok(never + count(&from, &rest, args)?)
    }
}
