//! The audit log (migration 0011): append-only, hash-chained entries.
//!
//! A method that changes data calls [`record`] on its own transaction, so
//! the change and its entry land together or not at all. Events that change
//! no data (an export, a print, a reveal, a backup) go through
//! [`Store::audit_event`], a small transaction of its own. Nothing here
//! updates or deletes an entry; the only deletion is [`forget_customer`],
//! which removes an erased customer's details (the triggers allow nothing
//! else).
//!
//! Both backends write the same rows and compute the same hashes: the
//! reading of the last entry and the insert share one serialised write
//! transaction (`BEGIN IMMEDIATE` on a file, the write lock on a team
//! database; see `db/tx.rs`), and ids are given here, not by the database.

use sha2::{Digest, Sha256};
use tierdesk_domain::audit::{
    action_label, changed_labels, customer_changes, customer_ref, Actor, AuditBreak, AuditCheck,
    AuditDetails, AuditEntry, AuditFilter, NewEntry, Source,
};
use tierdesk_domain::{Customer, Page};

use crate::db::{AsDb, Db, OptionalExt, Val};
use crate::{args, now_text, Result, Store, StoreError};

/// The previous hash of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Who a store opened without further word acts as: the operating system's
/// user (`USER`, or `USERNAME` on Windows), from the CLI. The API names the
/// program (the app says it is the app), and later a signed-in person.
pub(crate) fn os_actor() -> Actor {
    match os_user() {
        Some(user) => Actor {
            user,
            source: Source::Cli,
        },
        None => Actor::unknown(),
    }
}

/// The operating system's user at the desk: the login name from the system
/// (`whoami`: the password database on Linux and macOS, the account on
/// Windows), else `USER` / `USERNAME`; `None` when none is known. A desktop
/// started without a login shell (a launcher, a service) may have no `USER`
/// set, but the system still knows who runs it.
pub fn os_user() -> Option<String> {
    whoami::fallible::username()
        .ok()
        .or_else(|| std::env::var("USER").ok())
        .or_else(|| std::env::var("USERNAME").ok())
        .filter(|u| !u.trim().is_empty())
}

impl Store {
    /// Who the entries written from now on name. The API sets it when it
    /// opens the file (the OS user; the app and the CLI say which they are).
    pub fn set_actor(&mut self, actor: Actor) {
        self.actor = actor;
    }

    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// Records an event that changes no data (an export, a print, a reveal,
    /// a backup taken) in a transaction of its own. Returns the entry's id.
    pub fn audit_event(&self, entry: &NewEntry) -> Result<i64> {
        // A 只读 user's exports and prints are logged too (db/gate.rs).
        let _door = self.event_door()?;
        self.write_with_audit(|db| Ok((record(db, &self.actor, entry)?, None)))
    }

    /// Runs `change` in one write transaction on either backend (see
    /// [`Store::write`]) and records the entry it returns, if any, in the
    /// same transaction.
    pub(crate) fn write_with_audit<T>(
        &self,
        change: impl FnOnce(&Db<'_>) -> Result<(T, Option<NewEntry>)>,
    ) -> Result<T> {
        let tx = self.write()?;
        let (out, entry) = change(&tx)?;
        if let Some(entry) = entry {
            record(&tx, &self.actor, &entry)?;
        }
        tx.commit()?;
        Ok(out)
    }

    /// Entries matching `filter`, newest first, with how many match in all.
    pub fn audit_list(&self, filter: &AuditFilter) -> Result<Page<AuditEntry>> {
        let db = self.db();
        let (clause, args) = where_clause(filter);
        let total: i64 = db.query_row(
            &format!("SELECT COUNT(*) FROM audit_log l {clause}"),
            &args,
            |r| r.get(0),
        )?;
        let sql = format!(
            "SELECT l.id, l.at, l.actor, l.source, l.action, l.object_kind, l.object_id,
                    l.customer_id, l.summary, d.body,
                    (SELECT COUNT(*) FROM audit_erased e WHERE e.customer_id = l.customer_id),
                    c.code, c.name
             FROM audit_log l LEFT JOIN audit_details d ON d.entry_id = l.id
                  LEFT JOIN customers c ON c.id = l.customer_id
             {clause} ORDER BY l.id DESC LIMIT ?{} OFFSET ?{}",
            args.len() + 1,
            args.len() + 2
        );
        let mut args = args;
        args.push(Val::Int(i64::from(filter.limit.unwrap_or(200))));
        args.push(Val::Int(i64::from(filter.offset.unwrap_or(0))));
        let items = db.query_map(&sql, &args, |r| {
            let body: Option<String> = r.get(9)?;
            let source: String = r.get(3)?;
            Ok(AuditEntry {
                id: r.get(0)?,
                at: r.get(1)?,
                actor: r.get(2)?,
                source: Source::parse(&source).unwrap_or(Source::Cli),
                action: r.get(4)?,
                object_kind: r.get(5)?,
                object_id: r.get(6)?,
                customer_id: r.get(7)?,
                customer_code: r.get(11)?,
                customer_name: r.get(12)?,
                summary: r.get(8)?,
                details: body.and_then(|b| serde_json::from_str::<AuditDetails>(&b).ok()),
                details_erased: r.get::<i64>(10)? > 0,
            })
        })?;
        Ok(Page {
            items,
            total: total as u64,
        })
    }

    /// Everyone the log names, in order.
    pub fn audit_actors(&self) -> Result<Vec<String>> {
        self.db().query_map(
            "SELECT DISTINCT actor FROM audit_log ORDER BY actor",
            args![],
            |r| r.get(0),
        )
    }

    /// Walks the whole chain and reports the first entry where it does not
    /// hold: an entry changed (its hash differs), removed (a gap in the ids,
    /// or the next entry's previous hash differs), details changed (digest
    /// differs) or removed without an erase of the customer, or a customer
    /// marked erased without an erase entry. Only reads.
    pub fn audit_verify(&self) -> Result<AuditCheck> {
        let mut entries = 0u64;
        let mut prev = GENESIS.to_owned();
        let mut last_id = 0i64;
        let mut broken = None;
        self.db().for_each(
            "SELECT l.id, l.at, l.actor, l.source, l.action, l.object_kind, l.object_id,
                    l.customer_id, l.summary, l.details_digest, l.prev_hash, l.hash,
                    d.salt, d.body,
                    (SELECT COUNT(*) FROM audit_erased e WHERE e.customer_id = l.customer_id)
             FROM audit_log l LEFT JOIN audit_details d ON d.entry_id = l.id
             ORDER BY l.id",
            args![],
            |r| {
                entries += 1;
                let stored = StoredEntry {
                    id: r.get(0)?,
                    at: r.get(1)?,
                    actor: r.get(2)?,
                    source: r.get(3)?,
                    action: r.get(4)?,
                    object_kind: r.get(5)?,
                    object_id: r.get(6)?,
                    customer_id: r.get(7)?,
                    summary: r.get(8)?,
                    details_digest: r.get(9)?,
                };
                let prev_hash: String = r.get(10)?;
                let hash: String = r.get(11)?;
                let salt: Option<String> = r.get(12)?;
                let body: Option<String> = r.get(13)?;
                let erased = r.get::<i64>(14)? > 0;
                if broken.is_some() {
                    return Ok(());
                }
                let id = stored.id;
                let problem = if id != last_id + 1 {
                    Some(if last_id + 1 == id - 1 {
                        format!("第 {} 条记录被删除了（记录编号不连续）", last_id + 1)
                    } else {
                        format!(
                            "第 {}–{} 条记录被删除了（记录编号不连续）",
                            last_id + 1,
                            id - 1
                        )
                    })
                } else if prev_hash != prev {
                    Some("它前面的记录被改动或删除过（链接值不符）".to_owned())
                } else if chain_hash(&prev, &stored) != hash {
                    Some("这条记录的内容被改动过（校验值不符）".to_owned())
                } else {
                    details_problem(&stored, salt.as_deref(), body.as_deref(), erased)
                };
                if let Some(problem) = problem {
                    broken = Some(AuditBreak {
                        entry_id: id,
                        problem,
                    });
                }
                prev = hash;
                last_id = id;
                Ok(())
            },
        )?;
        if broken.is_none() {
            broken = self.erased_without_entry()?;
        }
        let message = match &broken {
            None => format!("操作日志完好：共 {entries} 条记录，校验链完整，没有被改动的迹象"),
            Some(b) => format!(
                "操作日志被改动过：第 {} 条记录处校验失败——{}。请联系管理员，并从备份核对",
                b.entry_id, b.problem
            ),
        };
        Ok(AuditCheck {
            entries,
            broken,
            message,
        })
    }

    /// The hash of entry `id`, if the log has it.
    pub fn audit_hash(&self, id: i64) -> Result<Option<String>> {
        self.db()
            .query_row("SELECT hash FROM audit_log WHERE id = ?1", args![id], |r| {
                r.get(0)
            })
            .optional()
    }

    /// A customer marked erased must have an erase entry: otherwise someone
    /// marked them to delete their details unseen.
    fn erased_without_entry(&self) -> Result<Option<AuditBreak>> {
        let found: Option<(i64, i64)> = self
            .db()
            .query_row(
                "SELECT e.customer_id,
                        (SELECT COALESCE(MAX(id), 0) FROM audit_log WHERE customer_id = e.customer_id)
                 FROM audit_erased e
                 WHERE NOT EXISTS (SELECT 1 FROM audit_log l
                                   WHERE l.customer_id = e.customer_id
                                     AND l.action IN ('customer.erase', 'customer.purge'))
                 ORDER BY e.customer_id LIMIT 1",
                args![],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        Ok(found.map(|(customer, entry)| AuditBreak {
            entry_id: entry,
            problem: format!(
                "客户（内部编号 {customer}）被标记为已删除个人信息，却没有删除个人信息的记录，其详情可能被人删除"
            ),
        }))
    }
}

/// Checks an entry's details against its digest.
fn details_problem(
    e: &StoredEntry,
    salt: Option<&str>,
    body: Option<&str>,
    erased: bool,
) -> Option<String> {
    match (&e.details_digest, salt, body) {
        (None, None, None) => None,
        (None, _, _) => Some("这条记录本没有详情，却多出了详情".to_owned()),
        (Some(_), None, _) | (Some(_), _, None) if erased => None,
        (Some(_), None, _) | (Some(_), _, None) => Some("这条记录的详情被删除了".to_owned()),
        (Some(digest), Some(salt), Some(body)) => {
            (details_digest(salt, body) != *digest).then(|| "这条记录的详情被改动过".to_owned())
        }
    }
}

/// The fields an entry's hash covers, as stored.
struct StoredEntry {
    id: i64,
    at: String,
    actor: String,
    source: String,
    action: String,
    object_kind: String,
    object_id: String,
    customer_id: Option<i64>,
    summary: String,
    details_digest: Option<String>,
}

/// sha256(prev_hash || canonical text), the canonical text being the JSON
/// array of the entry's fields in column order (JSON escapes every string,
/// so no two entries share a text).
fn chain_hash(prev: &str, e: &StoredEntry) -> String {
    let canonical = serde_json::json!([
        e.id,
        e.at,
        e.actor,
        e.source,
        e.action,
        e.object_kind,
        e.object_id,
        e.customer_id,
        e.summary,
        e.details_digest
    ])
    .to_string();
    let mut h = Sha256::new();
    h.update(prev.as_bytes());
    h.update(canonical.as_bytes());
    hex(&h.finalize())
}

fn details_digest(salt: &str, body: &str) -> String {
    let mut h = Sha256::new();
    h.update(salt.as_bytes());
    h.update(body.as_bytes());
    hex(&h.finalize())
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// A fresh random salt (16 bytes, hex) from the operating system.
fn new_salt() -> Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| StoreError::Corrupt(format!("无法取得随机数：{e}")))?;
    Ok(hex(&bytes))
}

/// Appends an entry on `conn`, which must be the transaction of the change
/// it records (or the small one of [`Store::audit_event`]). Returns its id.
pub(crate) fn record(conn: &impl AsDb, actor: &Actor, e: &NewEntry) -> Result<i64> {
    let db = conn.as_db();
    let last: Option<(i64, String)> = db
        .query_row(
            "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1",
            args![],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (last_id, prev) = last.unwrap_or((0, GENESIS.to_owned()));
    let details = if e.details.is_empty() {
        None
    } else {
        let body = serde_json::to_string(&e.details)
            .map_err(|err| StoreError::Corrupt(format!("操作日志详情无法保存：{err}")))?;
        let salt = new_salt()?;
        Some((details_digest(&salt, &body), salt, body))
    };
    let stored = StoredEntry {
        id: last_id + 1,
        at: now_text(),
        actor: actor.user.clone(),
        source: actor.source.key().to_owned(),
        action: e.action.clone(),
        object_kind: e.object_kind.clone(),
        object_id: e.object_id.clone(),
        customer_id: e.customer_id,
        summary: e.summary.clone(),
        details_digest: details.as_ref().map(|d| d.0.clone()),
    };
    let hash = chain_hash(&prev, &stored);
    db.execute(
        "INSERT INTO audit_log (id, at, actor, source, action, object_kind, object_id,
                                customer_id, summary, details_digest, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        args![
            stored.id,
            stored.at,
            stored.actor,
            stored.source,
            stored.action,
            stored.object_kind,
            stored.object_id,
            stored.customer_id,
            stored.summary,
            stored.details_digest,
            prev,
            hash
        ],
    )?;
    if let Some((_, salt, body)) = details {
        db.execute(
            "INSERT INTO audit_details (entry_id, salt, body) VALUES (?1, ?2, ?3)",
            args![stored.id, salt, body],
        )?;
    }
    Ok(stored.id)
}

/// The entry of a customer added (`before` is `None`) or edited, with every
/// changed field before and after; `None` when nothing changed.
pub(crate) fn customer_entry(
    conn: &impl AsDb,
    action: &str,
    before: Option<&Customer>,
    after: &Customer,
) -> Result<Option<NewEntry>> {
    let labels = crate::fields::labels_in(conn)?;
    let changes = customer_changes(before, after, |k| labels.get(k).cloned());
    if changes.is_empty() {
        return Ok(None);
    }
    let who = customer_ref(after.id);
    let summary = match before {
        None => format!("{} {who}", action_label(action)),
        Some(_) => format!(
            "{} {who}：{}",
            action_label(action),
            changed_labels(&changes)
        ),
    };
    let mut entry = NewEntry::for_customer(action, after.id, summary);
    entry.details.changes = changes;
    Ok(Some(entry))
}

/// Removes the personal values an erased customer left in the log: marks
/// the customer erased, then deletes the details of every entry about them
/// (the triggers allow this and only this). Call it inside the erase's
/// transaction, then [`record`] the `customer.erase` entry after it, so that
/// entry keeps its own details (the reason); `audit_verify` reports a
/// customer marked erased without such an entry. Returns how many details
/// were removed.
pub(crate) fn forget_customer(conn: &impl AsDb, customer_id: i64) -> Result<usize> {
    let db = conn.as_db();
    db.execute(
        "INSERT INTO audit_erased (customer_id, at) VALUES (?1, ?2)
         ON CONFLICT(customer_id) DO NOTHING",
        args![customer_id, now_text()],
    )?;
    let n = db.execute(
        "DELETE FROM audit_details
         WHERE entry_id IN (SELECT id FROM audit_log WHERE customer_id = ?1)",
        args![customer_id],
    )?;
    Ok(n as usize)
}

/// The `WHERE` clause of a list and its bound values.
fn where_clause(f: &AuditFilter) -> (String, Vec<Val<'static>>) {
    let text = |s: String| Val::Text(s.into());
    let mut parts = Vec::new();
    let mut args: Vec<Val<'static>> = Vec::new();
    if let Some(actor) = f.actor.as_deref().filter(|a| !a.is_empty()) {
        args.push(text(actor.to_owned()));
        parts.push(format!("l.actor = ?{}", args.len()));
    }
    if let Some(action) = f.action.as_deref().filter(|a| !a.is_empty()) {
        if let Some(group) = action.strip_suffix('.') {
            args.push(text(format!("{group}.")));
            parts.push(format!(
                // The cast gives PostgreSQL the placeholder's type (its
                // `length` has several); SQLite's value is text already.
                "substr(l.action, 1, length(CAST(?{n} AS TEXT))) = ?{n}",
                n = args.len()
            ));
        } else {
            args.push(text(action.to_owned()));
            parts.push(format!("l.action = ?{}", args.len()));
        }
    }
    if let Some(id) = f.customer_id {
        args.push(Val::Int(id));
        parts.push(format!("l.customer_id = ?{}", args.len()));
    }
    if let Some(since) = f.since {
        args.push(text(since.format("%Y-%m-%d").to_string()));
        parts.push(format!("l.at >= ?{}", args.len()));
    }
    if let Some(until) = f.until.and_then(|d| d.succ_opt()) {
        args.push(text(until.format("%Y-%m-%d").to_string()));
        parts.push(format!("l.at < ?{}", args.len()));
    }
    let clause = if parts.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", parts.join(" AND "))
    };
    (clause, args)
}
