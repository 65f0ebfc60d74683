//! Complaints and feedback (投诉与反馈): cases, their steps, their numbers,
//! the lists with overdue cases first and the counts per tier for the
//! report. Migration 0015 says why the tables look as they do.
//!
//! Receiving a case and each step are one transaction each: the case row,
//! its step row, its `case` to-do and the audit entry land together or not
//! at all.

use chrono::{NaiveDate, NaiveDateTime};
use tierdesk_domain::audit::{customer_ref, NewEntry};
use tierdesk_domain::case::{
    parse_time, time_text, Case, CaseChannel, CaseFilter, CaseMove, CaseSeverity, CaseStatus,
    CaseStep, CaseTierCounts, CaseType, NewCase,
};
use tierdesk_domain::{NewTodo, Page, TodoKind};

use crate::db::{AsDb, Db, Dialect, OptionalExt, Row, Val};
use crate::todos::{add_todo_in, close_todos_for_in};
use crate::{args, audit, now_text, Result, Store, StoreError};

/// Every read of cases names the table `c`.
const COLUMNS: &str = "c.id, c.number, c.customer_id, c.received_at, c.channel, c.type,
    c.severity, c.description, c.owner, c.status, c.tier_at, c.respond_by, c.resolve_by,
    c.first_response_at, c.resolved_at, c.closed_at, c.resolution, c.satisfaction, c.created_at,
    c.updated_at, c.version, c.updated_by";

/// A stored choice read back; a word no build wrote is a damaged row (the
/// same error as before the team database, on both backends).
fn choice<T>(r: &Row<'_>, i: usize, parse: fn(&str) -> Option<T>) -> Result<T> {
    let text: String = r.get(i)?;
    parse(&text).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            i,
            rusqlite::types::Type::Text,
            format!("unknown case value {text:?}").into(),
        )
        .into()
    })
}

fn from_row(r: &Row<'_>) -> Result<Case> {
    Ok(Case {
        id: r.get(0)?,
        number: r.get(1)?,
        customer_id: r.get(2)?,
        received_at: r.get(3)?,
        channel: choice(r, 4, CaseChannel::parse)?,
        kind: choice(r, 5, CaseType::parse)?,
        severity: choice(r, 6, CaseSeverity::parse)?,
        description: r.get(7)?,
        owner: r.get(8)?,
        status: choice(r, 9, CaseStatus::parse)?,
        tier_at: r.get(10)?,
        respond_by: r.get(11)?,
        resolve_by: r.get(12)?,
        first_response_at: r.get(13)?,
        resolved_at: r.get(14)?,
        closed_at: r.get(15)?,
        resolution: r.get(16)?,
        satisfaction: r.get(17)?,
        created_at: r.get(18)?,
        updated_at: r.get(19)?,
        response_overdue_minutes: None,
        resolve_overdue_minutes: None,
        version: r.get(20)?,
        updated_by: r.get(21)?,
    })
}

fn step_from_row(r: &Row<'_>) -> Result<CaseStep> {
    let from: Option<String> = r.get(2)?;
    Ok(CaseStep {
        id: r.get(0)?,
        case_id: r.get(1)?,
        from_status: from.as_deref().and_then(CaseStatus::parse),
        to_status: choice(r, 3, CaseStatus::parse)?,
        note: r.get(4)?,
        who: r.get(5)?,
        at: r.get(6)?,
    })
}

/// Open: neither closed nor rejected (SQL, for cases `c`).
const OPEN: &str = "c.status IN ('new', 'in_progress', 'awaiting_customer')";

/// Overdue at the time bound as `?1` (SQL): no first response by
/// `respond_by`, or still open after `resolve_by`. `Case::with_overdue` is
/// the same rule in Rust; the store tests hold the two together.
pub(crate) const OVERDUE: &str = "(c.status IN ('new', 'in_progress', 'awaiting_customer')
    AND ((c.first_response_at IS NULL AND c.respond_by < ?1) OR c.resolve_by < ?1))";

/// A customer not in the recycle bin (SQL, for cases `c`): the few deleted
/// customers through their index, cheaper than joining every case's customer.
const LIVE: &str = "c.customer_id NOT IN (SELECT id FROM customers WHERE deleted_at IS NOT NULL)";

/// The deadline that matters next: the response while there is none, then
/// the resolution.
const DEADLINE: &str =
    "CASE WHEN c.first_response_at IS NULL THEN c.respond_by ELSE c.resolve_by END";

/// The next number for a case received on `day`: TS, the day, and that
/// day's sequence from the counter, which never goes back.
fn next_number(db: &Db<'_>, day: NaiveDate) -> Result<String> {
    let key = day.format("%Y%m%d").to_string();
    let last: i64 = db.query_row(
        "INSERT INTO case_numbers(day, last) VALUES (?1, 1)
         ON CONFLICT(day) DO UPDATE SET last = case_numbers.last + 1
         RETURNING last",
        args![key],
        |r| r.get(0),
    )?;
    Ok(format!("TS{key}{last:04}"))
}

fn insert_step(
    db: &Db<'_>,
    case_id: i64,
    from: Option<CaseStatus>,
    to: CaseStatus,
    note: &str,
    who: &str,
    at: &str,
) -> Result<()> {
    db.execute(
        "INSERT INTO case_steps(case_id, from_status, to_status, note, who, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        args![case_id, from.map(CaseStatus::key), to.key(), note, who, at],
    )?;
    Ok(())
}

fn case_in(db: &Db<'_>, id: i64) -> Result<Option<Case>> {
    let sql = format!("SELECT {COLUMNS} FROM cases c WHERE c.id = ?1");
    db.query_row(&sql, args![id], from_row).optional()
}

/// Records a received case inside the caller's transaction: its number, its
/// first step (新建) and its to-do; returns it with its audit entry, which
/// the caller records (one per case, or one for a demo's lot).
pub(crate) fn open_case_in(tx: &impl AsDb, c: &NewCase, who: &str) -> Result<(Case, NewEntry)> {
    let tx = &tx.as_db();
    let number = next_number(tx, c.received_at.date())?;
    let now = now_text();
    let received = time_text(c.received_at);
    let id: i64 = tx.query_row(
            "INSERT INTO cases(number, customer_id, received_at, channel, type, severity,
                 description, owner, status, tier_at, respond_by, resolve_by, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'new', ?9, ?10, ?11, ?12, ?12)
             RETURNING id",
            args![
                number,
                c.customer_id,
                received,
                c.channel.key(),
                c.kind.key(),
                c.severity.key(),
                c.description,
                c.owner,
                c.tier_at,
                time_text(c.respond_by),
                time_text(c.resolve_by),
                now
            ],
            |r| r.get(0),
        )?;
    insert_step(tx, id, None, CaseStatus::New, "", who, &received)?;
    let case = case_in(tx, id)?
        .ok_or_else(|| StoreError::Corrupt(format!("刚登记的投诉 {number} 不见了")))?;
    todo_opened_in(tx, &case, who)?;
    let entry = NewEntry::new(
        "case.open",
        "case",
        id.to_string(),
        format!(
            "登记投诉 {number}（客户 {}）：{}，{}",
            customer_ref(c.customer_id),
            c.kind.label(),
            c.severity.label()
        ),
    )
    .customer(c.customer_id)
    .fact("编号", &number)
    .fact("渠道", c.channel.label())
    .fact("类型", c.kind.label())
    .fact("严重程度", c.severity.label())
    .fact("负责人", &c.owner)
    .fact("响应时限", time_text(c.respond_by))
    .fact("解决时限", time_text(c.resolve_by))
    .fact("描述", &c.description);
    Ok((case, entry))
}

/// Moves a case inside the caller's transaction (see `Store::step_case`);
/// returns it with its audit entry for the caller to record, or `None` when
/// there is no such case or its status is no longer `from`.
pub(crate) fn step_case_in(
    tx: &impl AsDb,
    id: i64,
    from: CaseStatus,
    m: &CaseMove,
    at: NaiveDateTime,
    who: &str,
) -> Result<Option<(Case, NewEntry)>> {
    let tx = &tx.as_db();
    let Some(before) = case_in(tx, id)? else {
        return Ok(None);
    };
    if before.status != from {
        return Ok(None);
    }
    let at = time_text(at);
    let resolution = m
        .resolution
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    tx.execute(
        "UPDATE cases SET status = ?2,
                 first_response_at = coalesce(first_response_at, CASE WHEN ?2 <> 'new' THEN ?3 END),
                 resolved_at = CASE WHEN ?2 = 'awaiting_customer' THEN ?3 ELSE resolved_at END,
                 closed_at = CASE WHEN ?2 IN ('closed', 'rejected') THEN ?3 ELSE closed_at END,
                 resolution = coalesce(?4, resolution),
                 satisfaction = coalesce(?5, satisfaction),
                 updated_at = ?6, version = version + 1, updated_by = ?7
             WHERE id = ?1",
        args![
            id,
            m.to.key(),
            at,
            resolution,
            m.satisfaction,
            now_text(),
            who
        ],
    )?;
    insert_step(tx, id, Some(from), m.to, m.note.trim(), who, &at)?;
    let after = case_in(tx, id)?
        .ok_or_else(|| StoreError::Corrupt(format!("投诉 {} 不见了", before.number)))?;
    todo_stepped_in(tx, &before, &after, who)?;
    let mut entry = NewEntry::new(
        "case.step",
        "case",
        id.to_string(),
        format!(
            "投诉 {}（客户 {}）：{} → {}",
            after.number,
            customer_ref(after.customer_id),
            from.label(),
            m.to.label()
        ),
    )
    .customer(after.customer_id)
    .fact("说明", m.note.trim());
    if let Some(r) = resolution {
        entry = entry.fact("处理结果", r);
    }
    if let Some(s) = m.satisfaction {
        entry = entry.fact("客户满意度", s);
    }
    Ok(Some((after, entry)))
}

impl Store {
    /// Records a received case with its number, its first step (received,
    /// 新建), its to-do for the owner and the audit entry.
    pub fn open_case(&mut self, c: &NewCase) -> Result<Case> {
        let who = self.actor().user.clone();
        let actor = self.actor().clone();
        let tx = self.write()?;
        let (case, entry) = open_case_in(&tx, c, &who)?;
        audit::record(&tx, &actor, &entry)?;
        tx.commit()?;
        Ok(case)
    }

    /// Moves a case from `from` as `m` asks (the caller has checked the step
    /// with `case::check_move`), at `at`: its status, the times the step
    /// sets, a step row, its to-dos and the audit entry, in one transaction.
    /// `None` when there is no such case or its status is no longer `from`
    /// (another window moved it meanwhile): nothing is written then.
    pub fn step_case(
        &mut self,
        id: i64,
        from: CaseStatus,
        m: &CaseMove,
        at: NaiveDateTime,
    ) -> Result<Option<Case>> {
        self.step_case_at(id, (from, None), m, at)
    }

    /// [`Store::step_case`] that also needs the case still at `version`
    /// (when given), checked inside the write transaction: else
    /// [`StoreError::VersionMoved`] and nothing is written.
    pub fn step_case_at(
        &mut self,
        id: i64,
        (from, version): (CaseStatus, Option<i64>),
        m: &CaseMove,
        at: NaiveDateTime,
    ) -> Result<Option<Case>> {
        let who = self.actor().user.clone();
        let actor = self.actor().clone();
        let tx = self.write()?;
        if let Some(v) = version {
            let now: Option<i64> = tx
                .query_row("SELECT version FROM cases WHERE id = ?1", args![id], |r| {
                    r.get(0)
                })
                .optional()?;
            if let Some(now) = now.filter(|n| *n != v) {
                return Err(StoreError::VersionMoved { opened: v, now });
            }
        }
        let Some((after, entry)) = step_case_in(&tx, id, from, m, at, &who)? else {
            return Ok(None);
        };
        audit::record(&tx, &actor, &entry)?;
        tx.commit()?;
        Ok(Some(after))
    }

    /// A case by its id (overdue not filled: see `Case::with_overdue`).
    pub fn case(&self, id: i64) -> Result<Option<Case>> {
        case_in(&self.db(), id)
    }

    /// A case by its number (TS202611300001).
    pub fn case_by_number(&self, number: &str) -> Result<Option<Case>> {
        let sql = format!("SELECT {COLUMNS} FROM cases c WHERE c.number = ?1");
        self.db()
            .query_row(&sql, args![number.trim()], from_row)
            .optional()
    }

    /// A case's steps, in the order they were taken.
    pub fn case_steps(&self, case_id: i64) -> Result<Vec<CaseStep>> {
        self.db().query_map(
            "SELECT id, case_id, from_status, to_status, note, who, at
             FROM case_steps WHERE case_id = ?1 ORDER BY id",
            args![case_id],
            step_from_row,
        )
    }

    /// Cases of live customers matching `f` as of `now`: overdue ones first
    /// (the longest overdue first), then the open ones by their next
    /// deadline, then closed and rejected ones, newest first. Each comes
    /// with its overdue minutes filled for `now`.
    ///
    /// Open and finished cases are read apart: the open ones (few) sorted
    /// by their deadlines, the finished ones (most of a file after a year)
    /// straight from the `received_at` index, so a page costs about the
    /// same at 100,000 cases as at 100 (see the report for figures).
    pub fn list_cases(&self, f: &CaseFilter, now: NaiveDateTime) -> Result<Page<Case>> {
        let db = self.db();
        // `+` keeps SQLite's status index out of the finished part's plan
        // (PostgreSQL has no unary plus for text, and plans on its own).
        let plus = match db.dialect() {
            Dialect::Sqlite => "+",
            Dialect::Postgres => "",
        };
        let mut args: Vec<Val<'static>> = vec![Val::Text(time_text(now).into())];
        let mut clause = vec![LIVE.to_owned(), "?1 = ?1".to_owned()];
        let mut bind = |cond: &str, v: Val<'static>| {
            args.push(v);
            clause.push(cond.replace('?', &format!("?{}", args.len())));
        };
        if let Some(s) = f.status {
            bind(&format!("{plus}c.status = ?"), Val::Text(s.key().into()));
        }
        if let Some(k) = f.kind {
            bind("c.type = ?", Val::Text(k.key().into()));
        }
        if let Some(t) = f.tier.as_deref().filter(|t| !t.is_empty()) {
            bind(
                "coalesce(c.tier_at, '') = ?",
                Val::Text(t.to_owned().into()),
            );
        }
        if let Some(o) = f.owner.as_deref().filter(|o| !o.is_empty()) {
            bind("c.owner = ?", Val::Text(o.to_owned().into()));
        }
        if let Some(id) = f.customer_id {
            bind("c.customer_id = ?", Val::Int(id));
        }
        let mut open = clause.clone();
        open.push(OPEN.to_owned());
        if f.overdue {
            open.push(OVERDUE.to_owned());
        }
        let mut finished = clause;
        finished.push(format!("{plus}c.status IN ('closed', 'rejected')"));
        let final_status = f.status.map(CaseStatus::is_final);
        let parts = [
            // Overdue first (the longest overdue first), then by the
            // deadline that matters next.
            (
                open,
                final_status != Some(true),
                format!("{OVERDUE} DESC, {DEADLINE}, c.received_at DESC, c.id DESC"),
            ),
            (
                finished,
                !f.open && !f.overdue && final_status != Some(false),
                "c.received_at DESC, c.id DESC".to_owned(),
            ),
        ];
        let (limit, offset) = (
            u64::from(f.limit.unwrap_or(200)),
            u64::from(f.offset.unwrap_or(0)),
        );
        let mut items: Vec<Case> = Vec::new();
        let mut total = 0u64;
        for (clause, wanted, order) in parts {
            if !wanted {
                continue;
            }
            let filter = clause.join(" AND ");
            let count: i64 = db.query_row(
                &format!("SELECT count(*) FROM cases c WHERE {filter}"),
                &args,
                |r| r.get(0),
            )?;
            let count = count as u64;
            // This part's rows follow the `total` rows of the parts before.
            let skip = offset.saturating_sub(total);
            let room = limit.saturating_sub(items.len() as u64);
            if room > 0 && skip < count {
                let n = args.len();
                let sql = format!(
                    "SELECT {COLUMNS} FROM cases c WHERE {filter} ORDER BY {order}
                     LIMIT ?{} OFFSET ?{}",
                    n + 1,
                    n + 2
                );
                let mut page_args = args.clone();
                page_args.extend([Val::Int(room as i64), Val::Int(skip as i64)]);
                items.extend(
                    db.query_map(&sql, &page_args, from_row)?
                        .into_iter()
                        .map(|c| c.with_overdue(now)),
                );
            }
            total += count;
        }
        Ok(Page { items, total })
    }

    /// The owners cases have, for the list's filter.
    pub fn case_owners(&self) -> Result<Vec<String>> {
        self.db().query_map(
            "SELECT DISTINCT owner FROM cases WHERE owner <> '' ORDER BY owner",
            args![],
            |r| r.get(0),
        )
    }

    /// Cases of live customers per tier held when received, for the
    /// report's 客户服务 section: received and closed between `from` and `to`
    /// (days, both included), open and overdue at `as_of`.
    pub fn case_counts_by_tier(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        as_of: NaiveDateTime,
    ) -> Result<Vec<CaseTierCounts>> {
        let db = self.db();
        // How many rows hold a condition: SQLite sums its 0/1 as ever;
        // PostgreSQL's truth values do not add up, so it counts them.
        let n = |cond: &str| match db.dialect() {
            Dialect::Sqlite => format!("sum({cond})"),
            Dialect::Postgres => format!("count(*) FILTER (WHERE {cond})"),
        };
        let first = format!("{} 00:00:00", from.format("%Y-%m-%d"));
        let last = format!("{} 23:59:59", to.format("%Y-%m-%d"));
        let open_at = "(c.received_at <= ?1 AND (c.closed_at IS NULL OR c.closed_at > ?1))";
        // Overdue at as_of for a case open then: no response by then past
        // its response deadline, or past its resolution deadline.
        // (A response after as_of is none yet: SQLite's `coalesce` of the
        // comparison with 1 for no response, a truth value on PostgreSQL.)
        let no_response_yet = match db.dialect() {
            Dialect::Sqlite => "coalesce(c.first_response_at > ?1, 1)",
            Dialect::Postgres => "coalesce(c.first_response_at > ?1, TRUE)",
        };
        let overdue_at = format!(
            "({open_at} AND (({no_response_yet} AND c.respond_by < ?1)
                             OR c.resolve_by < ?1))"
        );
        let closed_in = "(c.closed_at BETWEEN ?2 AND ?3)";
        let sql = format!(
            "SELECT coalesce(c.tier_at, ''),
                    {},
                    {},
                    {},
                    {},
                    {},
                    avg(CASE WHEN {closed_in} THEN c.satisfaction END)
             FROM cases c JOIN customers cu ON cu.id = c.customer_id
             WHERE cu.deleted_at IS NULL
             GROUP BY 1 ORDER BY 1",
            n("c.received_at BETWEEN ?2 AND ?3"),
            n(open_at),
            n(&overdue_at),
            n(closed_in),
            n(&format!("{closed_in} AND c.closed_at <= c.resolve_by")),
        );
        db.query_map(&sql, args![time_text(as_of), first, last], |r| {
            let n = |i: usize| r.get::<Option<i64>>(i).map(|v| v.unwrap_or(0) as u64);
            Ok(CaseTierCounts {
                tier: r.get(0)?,
                received: n(1)?,
                open: n(2)?,
                overdue: n(3)?,
                closed: n(4)?,
                closed_on_time: n(5)?,
                satisfaction: r.get(6)?,
            })
        })
    }

    /// Every case of a customer with its steps, oldest first (the person's copy).
    pub fn customer_cases(&self, customer_id: i64) -> Result<Vec<(Case, Vec<CaseStep>)>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM cases c WHERE c.customer_id = ?1 ORDER BY c.received_at, c.id"
        );
        let cases = self.db().query_map(&sql, args![customer_id], from_row)?;
        cases
            .into_iter()
            .map(|c| {
                let steps = self.case_steps(c.id)?;
                Ok((c, steps))
            })
            .collect()
    }
}

/// The owner's `case` to-do for a case just received: answer it by its
/// response deadline (rule key `case:<id>:respond`).
fn todo_opened_in(conn: &Db<'_>, c: &Case, who: &str) -> Result<()> {
    add_case_todo(conn, c, "respond", &c.respond_by, "回复投诉", who)
}

/// A step's effect on the case's to-dos: the first response closes the
/// response to-do and opens one to resolve it by its resolution deadline
/// (`case:<id>:resolve`); closing or rejecting closes what is left.
fn todo_stepped_in(conn: &Db<'_>, before: &Case, after: &Case, who: &str) -> Result<()> {
    if after.status.is_final() {
        close_todos_for_in(conn, "case", after.id, who)?;
    } else if before.first_response_at.is_none() && after.first_response_at.is_some() {
        close_todos_for_in(conn, "case", after.id, who)?;
        add_case_todo(conn, after, "resolve", &after.resolve_by, "解决投诉", who)?;
    }
    Ok(())
}

fn add_case_todo(
    conn: &Db<'_>,
    c: &Case,
    stage: &str,
    by: &str,
    verb: &str,
    who: &str,
) -> Result<()> {
    let due = parse_time(by)
        .ok_or_else(|| StoreError::Corrupt(format!("投诉 {} 的时限「{by}」不是时间", c.number)))?;
    let todo = NewTodo {
        customer_id: Some(c.customer_id),
        note: format!("{}，{}", c.kind.label(), c.severity.label()),
        due_time: Some(due.time()),
        owner: c.owner.clone(),
        source_kind: Some("case".to_owned()),
        source_id: Some(c.id),
        rule_key: Some(format!("case:{}:{stage}", c.id)),
        who: who.to_owned(),
        ..NewTodo::new(TodoKind::Case, format!("{verb} {}", c.number), due.date())
    };
    add_todo_in(conn, &todo)?;
    Ok(())
}

/// The text a description, note or resolution becomes when its customer's
/// personal information is erased.
pub(crate) const TEXT_GONE: &str = "（内容已随个人信息删除）";

/// Wipes the free text of a customer's cases and their steps (descriptions,
/// notes, resolutions); numbers, types, times and statuses stay for the
/// counts. Returns how many cases and steps it changed.
pub(crate) fn erase_cases_in(conn: &impl AsDb, customer_id: i64) -> Result<usize> {
    let db = conn.as_db();
    let cases = db.execute(
        "UPDATE cases SET description = CASE WHEN description = '' THEN '' ELSE ?2 END,
             resolution = CASE WHEN resolution = '' THEN '' ELSE ?2 END,
             version = version + 1
         WHERE customer_id = ?1",
        args![customer_id, TEXT_GONE],
    )?;
    let steps = db.execute(
        "UPDATE case_steps SET note = ?2
         WHERE note <> '' AND case_id IN (SELECT id FROM cases WHERE customer_id = ?1)",
        args![customer_id, TEXT_GONE],
    )?;
    Ok((cases + steps) as usize)
}
