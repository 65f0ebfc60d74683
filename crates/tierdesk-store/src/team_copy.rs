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

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::types::Value;
use sha2::{Digest, Sha256};
use tierdesk_domain::audit::NewEntry;

use crate::copy_rows::CopyRows;
use crate::db::{Db, FromCol, WriteTx};
use crate::{args, audit, Result, Store, StoreError};

/// Tables of the file that are not copied: the name (a name ending in `*`
/// covers every table starting with the rest), the kind of reason (the UI's
/// key: `migrations`, `sequence`, `stats`, `search`, `users`), and why.
pub const SKIPPED: &[(&str, &str, &str)] = &[
    (
        "schema_migrations",
        "migrations",
        "结构版本：团队数据库由它自己的迁移记录；复制前已核对两边版本相同",
    ),
    (
        "sqlite_sequence",
        "sequence",
        "SQLite 记下的已用最大编号：复制后团队数据库的编号从它之后继续",
    ),
    (
        "sqlite_stat*",
        "stats",
        "SQLite 查询计划的统计：团队数据库复制后自己重新统计",
    ),
    (
        "customers_fts*",
        "search",
        "SQLite 的全文搜索表：团队数据库用 customers.search_text 上的 pg_trgm 索引，搜索文字随客户一起复制",
    ),
    (
        "users",
        "users",
        "团队数据库的用户只在团队数据库上创建：复制后第一台电脑创建管理员",
    ),
];

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

/// The canonical checksum of a table's rows: each value as a kind byte and
/// its exact content — an integer's 8 bytes, a real's bit pattern (0.1 + 0.2
/// is not 0.3), a text's or blob's length and bytes (so "ab","c" is not
/// "a","bc"), NULL apart from an empty text — fed to SHA-256 in row order.
pub struct Checksum {
    hash: Sha256,
    rows: u64,
}

impl Default for Checksum {
    fn default() -> Self {
        Checksum::new()
    }
}

impl Checksum {
    pub fn new() -> Checksum {
        Checksum {
            hash: Sha256::new(),
            rows: 0,
        }
    }

    pub fn row(&mut self, values: &[Value]) {
        for v in values {
            match v {
                Value::Null => self.hash.update(b"N"),
                Value::Integer(i) => {
                    self.hash.update(b"I");
                    self.hash.update(i.to_be_bytes());
                }
                Value::Real(f) => {
                    self.hash.update(b"R");
                    self.hash.update(f.to_bits().to_be_bytes());
                }
                Value::Text(t) => self.bytes(b'T', t.as_bytes()),
                Value::Blob(b) => self.bytes(b'B', b),
            }
        }
        self.rows += 1;
    }

    fn bytes(&mut self, kind: u8, b: &[u8]) {
        self.hash.update([kind]);
        self.hash.update((b.len() as u64).to_be_bytes());
        self.hash.update(b);
    }

    /// How many rows, and the hex digest.
    pub fn finish(self) -> (u64, String) {
        let digest = self.hash.finalize();
        let hex = digest.iter().map(|b| format!("{b:02x}")).collect();
        (self.rows, hex)
    }
}

/// A value of any column, read alike on both backends: SQLite's own storage
/// class; on PostgreSQL by the column's type (the schema maps INTEGER to
/// BIGINT, REAL to DOUBLE PRECISION, TEXT to TEXT, BLOB to BYTEA).
impl FromCol for Value {
    fn from_pg(
        ty: &postgres::types::Type,
        raw: Option<&[u8]>,
    ) -> std::result::Result<Self, String> {
        use postgres::types::Type;
        let Some(raw) = raw else {
            return Ok(Value::Null);
        };
        let fixed = |n: usize| -> std::result::Result<&[u8], String> {
            (raw.len() == n)
                .then_some(raw)
                .ok_or_else(|| format!("长度 {} 不对", raw.len()))
        };
        Ok(match *ty {
            Type::INT8 => {
                Value::Integer(i64::from_be_bytes(fixed(8)?.try_into().unwrap_or_default()))
            }
            Type::INT4 => Value::Integer(i64::from(i32::from_be_bytes(
                fixed(4)?.try_into().unwrap_or_default(),
            ))),
            Type::INT2 => Value::Integer(i64::from(i16::from_be_bytes(
                fixed(2)?.try_into().unwrap_or_default(),
            ))),
            Type::BOOL => Value::Integer(i64::from(fixed(1)?[0] != 0)),
            Type::FLOAT8 => {
                Value::Real(f64::from_be_bytes(fixed(8)?.try_into().unwrap_or_default()))
            }
            Type::BYTEA => Value::Blob(raw.to_vec()),
            Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME => Value::Text(
                String::from_utf8(raw.to_vec()).map_err(|_| "不是 UTF-8 文字".to_owned())?,
            ),
            _ => return Err(format!("{} 类型的列无法核对", ty.name())),
        })
    }
}

/// How one table is copied and read back.
struct TablePlan {
    name: String,
    /// Columns copied, in the file's order; `rowid` last where the team
    /// table carries SQLite's implicit rowid as a column.
    columns: Vec<String>,
    /// The columns rows are read in order of: the primary key, else the
    /// rowid, else every column.
    order: Vec<String>,
    /// Columns that are text on the team side (ordered byte-wise there, as
    /// SQLite orders them).
    text: BTreeSet<String>,
    /// Rows in the file.
    rows: u64,
}

impl TablePlan {
    /// The statement reading the rows in the canonical order. NULLs first on
    /// both (SQLite's order; PostgreSQL's default puts them last).
    fn select(&self, team: bool) -> String {
        let order: Vec<String> = self
            .order
            .iter()
            .map(|c| {
                let collate = if team && self.text.contains(c) {
                    " COLLATE \"C\""
                } else {
                    ""
                };
                format!("{}{collate} NULLS FIRST", quoted(c))
            })
            .collect();
        format!(
            "SELECT {} FROM {} ORDER BY {}",
            self.column_list(),
            quoted(&self.name),
            order.join(", ")
        )
    }

    fn column_list(&self) -> String {
        let cols: Vec<String> = self.columns.iter().map(|c| quoted(c)).collect();
        cols.join(", ")
    }
}

/// A team database column: name, type, whether it is an identity.
struct TeamColumn {
    name: String,
    ty: String,
    identity: bool,
}

fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Why a table of the file is skipped, if it is: the kind and the words.
pub fn skip_reason(table: &str) -> Option<(&'static str, &'static str)> {
    SKIPPED.iter().find_map(|(name, kind, why)| {
        let hit = match name.strip_suffix('*') {
            Some(prefix) => table.starts_with(prefix),
            None => table == *name,
        };
        hit.then_some((*kind, *why))
    })
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
            let (rows, sum) = copy_table(local, &tx, p, &mut |n| {
                done += n;
                progress(&CopyProgress {
                    step: CopyStep::Copy,
                    table: &p.name,
                    done,
                    total,
                });
            })?;
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

/// The file's tables: those to copy, and those skipped with why.
fn file_tables(local: Db<'_>) -> Result<(Vec<String>, Vec<SkippedTable>)> {
    let all: Vec<String> = local.query_map(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
        args![],
        |r| r.get(0),
    )?;
    let mut copied = Vec::new();
    let mut skipped = Vec::new();
    for name in all {
        match skip_reason(&name) {
            Some((kind, why)) => skipped.push(SkippedTable {
                table: name,
                kind: kind.to_owned(),
                reason: why.to_owned(),
            }),
            None => copied.push(name),
        }
    }
    Ok((copied, skipped))
}

fn schema_version(db: Db<'_>) -> Result<i64> {
    db.query_row(
        "SELECT IFNULL(MAX(number), 0) FROM schema_migrations",
        args![],
        |r| r.get(0),
    )
}

fn same_version(local: Db<'_>, team: &WriteTx<'_>) -> Result<()> {
    let (file, server) = (schema_version(local)?, schema_version(**team)?);
    if file != server {
        return Err(StoreError::TeamSchemaDiffers {
            detail: format!("本机文件的结构版本 {file}，团队数据库 {server}"),
        });
    }
    Ok(())
}

/// Every table of the team database with its columns in order.
fn team_columns(team: &WriteTx<'_>) -> Result<BTreeMap<String, Vec<TeamColumn>>> {
    let rows: Vec<(String, TeamColumn)> = team.query_map(
        "SELECT c.relname::text, a.attname::text, format_type(a.atttypid, a.atttypmod),
                a.attidentity::text <> ''
         FROM pg_attribute a
         JOIN pg_class c ON c.oid = a.attrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
           AND a.attnum > 0 AND NOT a.attisdropped
         ORDER BY c.relname, a.attnum",
        args![],
        |r| {
            Ok((
                r.get(0)?,
                TeamColumn {
                    name: r.get(1)?,
                    ty: r.get(2)?,
                    identity: r.get(3)?,
                },
            ))
        },
    )?;
    let mut out: BTreeMap<String, Vec<TeamColumn>> = BTreeMap::new();
    for (table, col) in rows {
        out.entry(table).or_default().push(col);
    }
    Ok(out)
}

/// Refuses a team database with a row in any table but its migrations'.
fn refuse_rows(team: &WriteTx<'_>, tables: &BTreeMap<String, Vec<TeamColumn>>) -> Result<()> {
    for table in tables.keys().filter(|t| *t != "schema_migrations") {
        let rows: i64 = team.query_row(
            &format!("SELECT COUNT(*) FROM {}", quoted(table)),
            args![],
            |r| r.get(0),
        )?;
        if rows > 0 {
            return Err(StoreError::TeamNotEmpty {
                table: table.clone(),
                rows: rows as u64,
            });
        }
    }
    Ok(())
}

/// The tables to copy, parents before the tables whose foreign keys point
/// at them, each matched column for column with its team table.
fn plan(
    local: Db<'_>,
    names: &[String],
    team: &BTreeMap<String, Vec<TeamColumn>>,
) -> Result<Vec<TablePlan>> {
    let mut plans = Vec::with_capacity(names.len());
    for name in fk_order(local, names)? {
        plans.push(plan_table(local, &name, team)?);
    }
    Ok(plans)
}

fn plan_table(
    local: Db<'_>,
    name: &str,
    team: &BTreeMap<String, Vec<TeamColumn>>,
) -> Result<TablePlan> {
    let differs = |detail: String| StoreError::TeamSchemaDiffers { detail };
    let Some(team_cols) = team.get(name) else {
        return Err(differs(format!("团队数据库没有表 {name}")));
    };
    let cols: Vec<(String, i64)> = local.query_map(
        "SELECT name, pk FROM pragma_table_info(?1) ORDER BY cid",
        args![name],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let mut columns: Vec<String> = cols.iter().map(|(c, _)| c.clone()).collect();
    let mut key: Vec<(i64, String)> = cols
        .iter()
        .filter(|(_, pk)| *pk > 0)
        .map(|(c, pk)| (*pk, c.clone()))
        .collect();
    key.sort();
    let carries_rowid =
        !columns.iter().any(|c| c == "rowid") && team_cols.iter().any(|c| c.name == "rowid");
    if carries_rowid {
        columns.push("rowid".to_owned());
    }
    let team_names: BTreeSet<&str> = team_cols.iter().map(|c| c.name.as_str()).collect();
    let file_names: BTreeSet<&str> = columns.iter().map(String::as_str).collect();
    if team_names != file_names {
        return Err(differs(format!(
            "表 {name} 的列：本机文件 {file_names:?}，团队数据库 {team_names:?}"
        )));
    }
    let order = if !key.is_empty() {
        key.into_iter().map(|(_, c)| c).collect()
    } else if carries_rowid {
        vec!["rowid".to_owned()]
    } else {
        columns.clone()
    };
    let rows: i64 = local.query_row(
        &format!("SELECT COUNT(*) FROM {}", quoted(name)),
        args![],
        |r| r.get(0),
    )?;
    Ok(TablePlan {
        name: name.to_owned(),
        text: team_cols
            .iter()
            .filter(|c| c.ty == "text")
            .map(|c| c.name.clone())
            .collect(),
        columns,
        order,
        rows: rows as u64,
    })
}

/// `names` with every table after the tables its foreign keys point at
/// (alphabetical among equals; a table pointing at itself is fine, as its
/// rows go in id order). A cycle is reported, never looped on.
fn fk_order(local: Db<'_>, names: &[String]) -> Result<Vec<String>> {
    let known: BTreeSet<&str> = names.iter().map(String::as_str).collect();
    let mut parents: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for name in names {
        let refs: Vec<String> = local.query_map(
            "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?1)",
            args![name],
            |r| r.get(0),
        )?;
        parents.insert(
            name,
            refs.into_iter()
                .filter(|p| p != name && known.contains(p.as_str()))
                .collect(),
        );
    }
    let mut order: Vec<String> = Vec::with_capacity(names.len());
    while order.len() < names.len() {
        let ready = parents
            .iter()
            .find(|(t, ps)| !order.iter().any(|o| o == *t) && ps.iter().all(|p| order.contains(p)))
            .map(|(t, _)| t.to_string());
        match ready {
            Some(t) => order.push(t),
            None => {
                return Err(StoreError::TeamSchemaDiffers {
                    detail: "外键关系有环，无法确定复制顺序".to_owned(),
                })
            }
        }
    }
    Ok(order)
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
