//! 迁移到团队数据库: the open local file copied into an EMPTY team database,
//! every table, then counted and checksummed on both sides.
//!
//! The tables come from the file's own schema (`sqlite_master`), so a table a
//! later migration adds is copied without anyone listing it; what is not
//! copied is in [`SKIPPED`] with the reason. Tables go in foreign-key order
//! (parents first), each read in primary-key order and sent with `COPY … FROM
//! STDIN` (text form, exact numbers) inside ONE write transaction on the
//! server (under TierDesk's write lock: a second desk copying at once finds
//! rows and is refused). Identity sequences then move past the copied ids
//! (and past SQLite's `sqlite_sequence`, so an id deleted for good is never
//! given again, as AUTOINCREMENT promised on the file).
//!
//! The checksum of a table is the SHA-256 of its rows in primary-key order,
//! each value in one canonical form ([`Checksum`]): the same Rust code reads
//! the file's rows (while copying them) and the server's (after). Any table
//! that differs rolls the whole copy back: the team database stays empty and
//! the report says which table. The file is only read, in one read
//! transaction (a consistent snapshot), never written: not even the audit
//! entry goes there — the copy is recorded on the team database, in the same
//! transaction, after the checksums.

mod checksum;
mod plan;

use std::collections::BTreeMap;

use rusqlite::types::Value;
use tierdesk_domain::audit::NewEntry;

pub use checksum::Checksum;
use plan::{
    file_tables, plan, quoted, refuse_rows, same_version, team_columns, TablePlan, TeamColumn,
};
pub use plan::{skip_reason, SKIPPED};

use crate::copy_rows::CopyRows;
use crate::db::{Db, WriteTx};
use crate::{args, audit, Result, Store, StoreError};

/// Rows sent per `COPY` statement.
const COPY_ROWS: u64 = 20_000;

/// One copied table: what each side holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopiedTable {
    pub table: String,
    pub local_rows: u64,
    pub team_rows: u64,
    /// SHA-256 of the rows in primary-key order, hex ([`Checksum`]).
    pub local_checksum: String,
    pub team_checksum: String,
}

impl CopiedTable {
    /// Both sides hold the same rows with the same values.
    pub fn same(&self) -> bool {
        self.local_rows == self.team_rows && self.local_checksum == self.team_checksum
    }
}

/// A table of the file left out, and why (from [`SKIPPED`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedTable {
    pub table: String,
    /// The kind of reason (`search`, `users` …), for the UI's words.
    pub kind: String,
    pub reason: String,
}

/// What a copy did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamCopy {
    /// In the order they were copied (parents first).
    pub tables: Vec<CopiedTable>,
    pub skipped: Vec<SkippedTable>,
    /// Committed: every table the same on both sides. When not, nothing was
    /// written to the team database (the copy was rolled back).
    pub saved: bool,
    /// The team database's audit entry recording the copy (when saved).
    pub entry_id: Option<i64>,
}

/// Which pass a progress report is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopyStep {
    /// Reading the file and sending its rows.
    Copy,
    /// Reading the team database back for the checksums.
    Check,
}

/// How far a copy is: `done` of `total` rows (every row counts twice: once
/// copied, once checked).
#[derive(Debug, Clone, Copy)]
pub struct CopyProgress<'a> {
    pub step: CopyStep,
    pub table: &'a str,
    pub done: u64,
    pub total: u64,
}

impl Store {
    /// Copies this file into the empty team database `team` (see the
    /// module's documentation). Refused, with nothing written, when this
    /// store is not a file, `team` is not a team database, the two schema
    /// versions differ, a table's columns differ, or any team table holds a
    /// row. `progress` hears how far it is.
    pub fn copy_to_team(
        &self,
        team: &Store,
        progress: &mut dyn FnMut(&CopyProgress<'_>),
    ) -> Result<TeamCopy> {
        if self.is_team() || !team.is_team() {
            return Err(StoreError::CopyNeedsFile);
        }
        // No one can be signed in to an empty team database: the copy goes
        // through the gate's door (its emptiness is checked below).
        let _door = team.door();
        let local = self.db();
        let _snapshot = ReadSnapshot::begin(local)?;
        let (names, skipped) = file_tables(local)?;
        let tx = team.write()?;
        same_version(local, &tx)?;
        let team_columns = team_columns(&tx)?;
        refuse_rows(&tx, &team_columns)?;
        let plans = plan(local, &names, &team_columns)?;
        let total = 2 * plans.iter().map(|p| p.rows).sum::<u64>();
        let mut done = 0u64;
        let mut tables = Vec::with_capacity(plans.len());
        for p in &plans {
            let rebuild = set_indexes_aside(&tx, &p.name)?;
            let (rows, sum) = copy_table(local, &tx, p, &mut |n| {
                done += n;
                progress(&CopyProgress {
                    step: CopyStep::Copy,
                    table: &p.name,
                    done,
                    total,
                });
            })?;
            for index in &rebuild {
                tx.execute_batch(index)?;
            }
            tables.push(CopiedTable {
                table: p.name.clone(),
                local_rows: rows,
                team_rows: 0,
                local_checksum: sum,
                team_checksum: String::new(),
            });
        }
        move_sequences(local, &tx, &team_columns)?;
        for (p, t) in plans.iter().zip(&mut tables) {
            let (rows, sum) = checksum(&tx, p, true)?;
            done += rows;
            progress(&CopyProgress {
                step: CopyStep::Check,
                table: &p.name,
                done,
                total,
            });
            t.team_rows = rows;
            t.team_checksum = sum;
        }
        if !tables.iter().all(CopiedTable::same) {
            // Dropping the transaction rolls the copy back.
            return Ok(TeamCopy {
                tables,
                skipped,
                saved: false,
                entry_id: None,
            });
        }
        let entry = copy_entry(self, &tables);
        let entry_id = audit::record(&tx, &self.actor, &entry)?;
        tx.commit()?;
        // Fresh planner statistics for the tables just filled; the copy is
        // whole without them, so a failure here is not one of the copy's.
        let _ = team.db().execute_batch("ANALYZE");
        Ok(TeamCopy {
            tables,
            skipped,
            saved: true,
            entry_id: Some(entry_id),
        })
    }
}

/// The audit entry on the team database: where the rows came from and how
/// many, no personal value.
fn copy_entry(store: &Store, tables: &[CopiedTable]) -> NewEntry {
    let file = store
        .path()
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let rows: u64 = tables.iter().map(|t| t.local_rows).sum();
    let customers = tables
        .iter()
        .find(|t| t.table == "customers")
        .map_or(0, |t| t.local_rows);
    let mut entry = NewEntry::new(
        "team.copy",
        "file",
        file.clone(),
        format!(
            "从本机数据库文件复制到团队数据库：{} 张表，{} 位客户，共 {} 行，两边核对一致",
            tables.len(),
            tierdesk_domain::text::thousands(customers),
            tierdesk_domain::text::thousands(rows)
        ),
    )
    .fact("文件", file);
    for t in tables {
        entry = entry.fact(
            &t.table,
            format!("{} 行 {}", t.local_rows, &t.local_checksum[..16]),
        );
    }
    entry
}

/// A read transaction on the file: one snapshot for every table, even while
/// another window writes. It writes nothing; ending it changes nothing.
struct ReadSnapshot<'c>(Db<'c>);

impl<'c> ReadSnapshot<'c> {
    fn begin(db: Db<'c>) -> Result<ReadSnapshot<'c>> {
        db.execute_batch("BEGIN DEFERRED")?;
        // A deferred transaction takes its snapshot at the first read.
        db.query_row("SELECT COUNT(*) FROM sqlite_master", args![], |r| {
            r.get::<i64>(0)
        })?;
        Ok(ReadSnapshot(db))
    }
}

impl Drop for ReadSnapshot<'_> {
    fn drop(&mut self) {
        let _ = self.0.execute_batch("COMMIT");
    }
}

/// Sends one table's rows with COPY while summing them; how many rows and
/// the file's checksum. `sent` hears each batch's row count.
fn copy_table(
    local: Db<'_>,
    team: &WriteTx<'_>,
    p: &TablePlan,
    sent: &mut dyn FnMut(u64),
) -> Result<(u64, String)> {
    let copy = format!("COPY {} ({}) FROM STDIN", quoted(&p.name), p.column_list());
    let mut sum = Checksum::new();
    let mut rows = CopyRows::new();
    let mut pending = 0u64;
    let mut values = Vec::with_capacity(p.columns.len());
    let in_table = |e: StoreError| match e {
        StoreError::Team { detail } => StoreError::Team {
            detail: format!("复制表 {} 时：{detail}", p.name),
        },
        other => other,
    };
    local
        .for_each(&p.select(false), args![], |r| {
            values.clear();
            for i in 0..p.columns.len() {
                values.push(r.get::<Value>(i)?);
            }
            sum.row(&values);
            for v in &values {
                match v {
                    Value::Null => rows.text(None),
                    Value::Integer(i) => rows.int(*i),
                    Value::Real(f) => rows.real(Some(*f)),
                    Value::Text(t) => rows.text(Some(t)),
                    Value::Blob(b) => rows.blob(b),
                }
            }
            rows.end_row();
            pending += 1;
            if pending == COPY_ROWS {
                rows.send(team, &copy)?;
                sent(pending);
                pending = 0;
            }
            Ok(())
        })
        .and_then(|_| rows.send(team, &copy))
        .map_err(in_table)?;
    sent(pending);
    Ok(sum.finish())
}

/// Reads a table back in the canonical order: rows and checksum.
fn checksum(db: &Db<'_>, p: &TablePlan, team: bool) -> Result<(u64, String)> {
    let mut sum = Checksum::new();
    let mut values = Vec::with_capacity(p.columns.len());
    db.for_each(&p.select(team), args![], |r| {
        values.clear();
        for i in 0..p.columns.len() {
            values.push(r.get::<Value>(i)?);
        }
        sum.row(&values);
        Ok(())
    })?;
    Ok(sum.finish())
}

/// Drops `table`'s indexes that no constraint needs (the list's sort
/// indexes, the search index …) and gives back the statements that make
/// them again: built once over the copied rows instead of kept up to date
/// row by row (the customers of a large file copy in a fraction of the
/// time). Inside the copy's transaction, so a failure leaves them as they
/// were; keys, unique constraints and the indexes foreign keys use stay.
fn set_indexes_aside(team: &WriteTx<'_>, table: &str) -> Result<Vec<String>> {
    let indexes: Vec<(String, String)> = team.query_map(
        "SELECT i.relname::text, pg_get_indexdef(i.oid)
         FROM pg_index x
         JOIN pg_class i ON i.oid = x.indexrelid
         JOIN pg_class t ON t.oid = x.indrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace
         WHERE n.nspname = current_schema() AND t.relname = ?1
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
         ORDER BY i.relname",
        args![table],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    for (name, _) in &indexes {
        team.execute_batch(&format!("DROP INDEX {}", quoted(name)))?;
    }
    Ok(indexes.into_iter().map(|(_, def)| def).collect())
}

/// Moves every identity sequence of the team database past the ids copied
/// and past the highest id the file ever gave (`sqlite_sequence`).
fn move_sequences(
    local: Db<'_>,
    team: &WriteTx<'_>,
    tables: &BTreeMap<String, Vec<TeamColumn>>,
) -> Result<()> {
    let given: BTreeMap<String, i64> = local
        .query_map("SELECT name, seq FROM sqlite_sequence", args![], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .into_iter()
        .collect();
    for (table, cols) in tables {
        for col in cols.iter().filter(|c| c.identity) {
            let copied: i64 = team.query_row(
                &format!(
                    "SELECT IFNULL(MAX({}), 0) FROM {}",
                    quoted(&col.name),
                    quoted(table)
                ),
                args![],
                |r| r.get(0),
            )?;
            let past = copied.max(given.get(table).copied().unwrap_or(0));
            if past > 0 {
                team.query_row(
                    "SELECT setval(pg_get_serial_sequence(?1, ?2), ?3)",
                    args![quoted(table), col.name.as_str(), past],
                    |r| r.get::<i64>(0),
                )?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
#[path = "team_copy_tests.rs"]
mod tests;
