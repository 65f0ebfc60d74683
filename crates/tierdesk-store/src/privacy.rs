//! What the store holds about one person, read for their copy (PIPL art.
//! 45), and erasing them (art. 47): every table that copies a customer's
//! values is listed here, so a new one has one place to be added.
//!
//! Tables and what an erase does with them:
//! - `customers`: the row stays (its order lines, tiers and benefit uses
//!   still count in statistics) with the personal values gone
//!   ([`privacy::anonymised`]); the search index follows through its
//!   trigger (FTS5 secure-delete, migration 0009).
//! - `import_changes.previous`: the values before an import, anonymised
//!   the same way (undo stays refused: the erase counts as a change).
//! - `tier_history.reason`, `tier_overrides.reason`: tiers and dates stay;
//!   a reason a person typed goes (the generated ones name no one).
//! - `benefit_uses`: what and when stay; the note and the reason for a use
//!   beyond the quota go.
//! - `cases`, `case_steps` (complaints): numbers, types, times, statuses
//!   and satisfaction stay for the counts; descriptions, resolutions and
//!   step notes go (`cases::erase_cases_in`).
//! - `followups`: channel, time, who made it and the next contact date
//!   stay (the customer's contact dates and the coverage figures use
//!   them); the contact spoken to, subject, content, outcome and next step
//!   go (`followups::erase_followups_in`).
//! - `survey_answers`: dates, channels, scores and the tier stay (the
//!   figures per tier use them); the comment goes (`surveys::erase_answers_in`).
//! - `todos`: kind, due dates, owner and status stay; the title (a
//!   birthday's holds the day) becomes the kind's name and the note goes
//!   (`todos::erase_todos_in`).
//! - `churn_alerts`, `churn_alert_steps`: levels, reasons (the program's
//!   words about purchases and service), times and statuses stay; the notes
//!   people typed go (`churn_alerts::erase_churn_in`). `churn_scores` holds
//!   figures only.
//! - `points_ledger`: points, days and balances stay; the reasons people
//!   typed on hand adjustments and undos go (`points::erase_points_in`).
//! - `transactions`, `order_days`: amounts, dates, order numbers and
//!   products stay; they hold no name or phone.
//! - `customer_contacts`, `customer_dates`: deleted (names, numbers,
//!   birthdays and named dates are all the person's or their people's).
//! - `audit_details`: the details of every entry about the customer
//!   (`audit::forget_customer`); the entries themselves stay, chained.
//! - `sqlite_stat4` (samples of index keys, names and phones among them,
//!   written by `ANALYZE`): analysed again.
//!
//! Then the bytes: `secure_delete` zeroes what the transaction freed, a
//! checkpoint empties the WAL into the file, `VACUUM` rebuilds the file
//! without free pages, and a last `TRUNCATE` checkpoint leaves the WAL
//! empty.

use tierdesk_domain::audit::NewEntry;
use tierdesk_domain::privacy::anonymised;
use tierdesk_domain::{CustomerDraft, ImportKind, ImportTouch, OrderLine};

use crate::customer_purchases::{line_from, LINE_COLUMNS};
use crate::customers::{customer_in, draft_values, UPDATE};
use crate::db::{Dialect, Val};
use crate::{args, audit, now_text, Result, Store};

/// What an erase changed, in counts (nothing personal).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Erased {
    pub customer_id: i64,
    pub import_changes: usize,
    pub history_reasons: usize,
    pub override_reasons: usize,
    pub benefit_notes: usize,
    /// Follow-ups whose contact and free text were wiped.
    pub followups: usize,
    /// Cases and case steps whose free text was wiped.
    pub cases: usize,
    /// Survey answers whose comment was wiped.
    pub survey_comments: usize,
    pub contacts: usize,
    pub dates: usize,
    /// To-dos whose title and note were wiped.
    pub todos: usize,
    /// Churn alerts whose notes were wiped.
    pub churn_alerts: usize,
    /// Points ledger rows whose typed reason was wiped.
    pub points_reasons: usize,
    pub audit_details: usize,
    /// Whether the last checkpoint moved every page into the file and
    /// emptied the WAL (another program reading the file can hold pages
    /// back; they go at its next checkpoint).
    pub wal_emptied: bool,
}

/// The text a reason typed by a person becomes.
const REASON_GONE: &str = "（原因已随个人信息删除）";

impl Store {
    /// A customer's order lines, oldest first.
    pub fn customer_lines(&self, customer_id: i64) -> Result<Vec<OrderLine>> {
        self.db().query_map(
            &format!(
                "SELECT {LINE_COLUMNS} FROM transactions WHERE customer_id = ?1 ORDER BY occurred_at, id"
            ),
            crate::args![customer_id],
            line_from,
        )
    }

    /// The imports that created or changed a customer or brought their
    /// order lines, oldest first.
    pub fn customer_imports(&self, customer_id: i64) -> Result<Vec<ImportTouch>> {
        self.db().query_map(
            "SELECT i.id, i.kind, i.file, i.sheet, i.created_at, i.who, i.undone_at,
                    ch.action, ch.previous,
                    (SELECT count(*) FROM transactions t
                     WHERE t.customer_id = ?1 AND t.import_id = i.id)
             FROM imports i
             LEFT JOIN import_changes ch ON ch.import_id = i.id AND ch.customer_id = ?1
             WHERE ch.customer_id IS NOT NULL
                OR i.id IN (SELECT import_id FROM transactions WHERE customer_id = ?1)
             ORDER BY i.id",
            args![customer_id],
            |r| {
                let kind: String = r.get(1)?;
                let action: Option<String> = r.get(7)?;
                let previous: Option<String> = r.get(8)?;
                Ok(ImportTouch {
                    import_id: r.get(0)?,
                    kind: ImportKind::parse(&kind).unwrap_or(ImportKind::Customers),
                    file: r.get(2)?,
                    sheet: r.get(3)?,
                    at: r.get(4)?,
                    who: r.get(5)?,
                    undone_at: r.get(6)?,
                    created: action.as_deref() == Some("inserted"),
                    changed: action.is_some(),
                    previous: previous.and_then(|p| serde_json::from_str(&p).ok()),
                    lines: r.get::<i64>(9)? as u64,
                })
            },
        )
    }

    /// Erases a customer's personal values everywhere the file holds them
    /// (see the module's list), records `customer.erase` with `reason` and
    /// no personal value, all in one transaction; then makes sure the freed
    /// bytes are gone from the file and its WAL.
    pub fn erase_customer(&mut self, id: i64, reason: &str) -> Result<Erased> {
        let actor = self.actor().clone();
        let tx = self.write()?;
        let current = customer_in(&tx, id)?;
        let mut erased = Erased {
            customer_id: id,
            ..Erased::default()
        };
        let mut values: Vec<Val<'static>> =
            draft_values(&anonymised(&CustomerDraft::from(&current), id))
                .into_iter()
                .map(Val::from)
                .collect();
        values.push(Val::Text(now_text().into()));
        values.push(Val::Int(id));
        values.push(Val::Text(actor.user.clone().into()));
        tx.execute(UPDATE, &values)?;

        // `rowid` is a real column of import_changes on PostgreSQL.
        let previous: Vec<(i64, String)> = tx.query_map(
            "SELECT rowid, previous FROM import_changes
             WHERE customer_id = ?1 AND previous IS NOT NULL ORDER BY rowid",
            args![id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        for (rowid, text) in previous {
            // A record that cannot be read holds nothing undo could use:
            // it goes entirely rather than stay with the person in it.
            let kept = serde_json::from_str::<CustomerDraft>(&text)
                .ok()
                .map(|d| serde_json::to_string(&anonymised(&d, id)).expect("drafts serialise"));
            tx.execute(
                "UPDATE import_changes SET previous = ?1 WHERE rowid = ?2",
                args![kept, rowid],
            )?;
            erased.import_changes += 1;
        }
        // Reasons typed by a person start with 人工调整： (at review) or
        // 手工调整： (a tier changed by hand): the five characters of the
        // kind stay, the words go.
        erased.history_reasons = tx.execute(
            "UPDATE tier_history SET reason = substr(reason, 1, 5) || ?2
             WHERE customer_id = ?1
               AND (substr(reason, 1, 5) = '人工调整：' OR substr(reason, 1, 5) = '手工调整：')",
            args![id, REASON_GONE],
        )? as usize;
        erased.override_reasons = tx.execute(
            "UPDATE tier_overrides SET reason = ?2 WHERE customer_id = ?1",
            args![id, REASON_GONE],
        )? as usize;
        erased.benefit_notes = tx.execute(
            "UPDATE benefit_uses SET note = '',
                 over_quota_reason = CASE WHEN over_quota_reason IS NULL THEN NULL ELSE ?2 END
             WHERE customer_id = ?1",
            args![id, REASON_GONE],
        )? as usize;
        erased.cases = crate::cases::erase_cases_in(&tx, id)?;
        erased.followups = crate::followups::erase_followups_in(&tx, id)?;
        erased.survey_comments = crate::surveys::erase_answers_in(&tx, id)?;
        erased.contacts = tx.execute(
            "DELETE FROM customer_contacts WHERE customer_id = ?1",
            args![id],
        )? as usize;
        erased.dates = tx.execute(
            "DELETE FROM customer_dates WHERE customer_id = ?1",
            args![id],
        )? as usize;
        erased.todos = crate::todos::erase_todos_in(&tx, id)?;
        erased.churn_alerts = crate::churn_alerts::erase_churn_in(&tx, id)?;
        erased.points_reasons = crate::points::erase_points_in(&tx, id, REASON_GONE)?;
        // Old segments of the search index may still hold the text the
        // trigger deleted: merging them leaves only live rows. (PostgreSQL
        // has no such table: its trigram index follows the row itself.)
        if tx.dialect() == Dialect::Sqlite {
            tx.execute(
                "INSERT INTO customers_fts(customers_fts) VALUES ('optimize')",
                args![],
            )?;
        }
        erased.audit_details = audit::forget_customer(&tx, id)?;
        audit::record(
            &tx,
            &actor,
            &NewEntry::for_customer("customer.erase", id, format!("删除了客户 #{id} 的个人信息"))
                .fact("原因", reason)
                .fact("导入记录", erased.import_changes)
                .fact(
                    "等级记录的原因",
                    erased.history_reasons + erased.override_reasons,
                )
                .fact("权益使用备注", erased.benefit_notes)
                .fact("投诉记录", erased.cases)
                .fact("跟进记录", erased.followups)
                .fact("满意度答卷评价", erased.survey_comments)
                .fact("联系人", erased.contacts)
                .fact("纪念日", erased.dates)
                .fact("待办", erased.todos)
                .fact("流失预警备注", erased.churn_alerts)
                .fact("积分调整原因", erased.points_reasons)
                .fact("操作日志详情", erased.audit_details),
        )?;
        tx.commit()?;
        // The file's bytes are SQLite's to purge; a team database's server
        // keeps its own storage (its vacuum reclaims the old row versions).
        erased.wal_emptied = match self.dialect() {
            Dialect::Sqlite => self.purge_freed_bytes()?,
            Dialect::Postgres => true,
        };
        Ok(erased)
    }

    /// Index samples analysed again (when `ANALYZE` has kept any), the WAL
    /// moved into the file, the file rebuilt without free pages, the WAL
    /// emptied. Returns whether the last checkpoint completed.
    fn purge_freed_bytes(&self) -> Result<bool> {
        let conn = self.writable()?;
        let stat4: bool = conn.query_row(
            "SELECT count(*) > 0 FROM sqlite_master WHERE name = 'sqlite_stat4'",
            [],
            |r| r.get(0),
        )?;
        if stat4 {
            conn.execute_batch("ANALYZE")?;
        }
        checkpoint(conn)?;
        conn.execute_batch("VACUUM")?;
        checkpoint(conn)
    }
}

/// `PRAGMA wal_checkpoint(TRUNCATE)`: true when every frame went into the
/// file and the WAL is empty.
fn checkpoint(conn: &rusqlite::Connection) -> Result<bool> {
    let (busy, _log, _done): (i64, i64, i64) =
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
    Ok(busy == 0)
}
