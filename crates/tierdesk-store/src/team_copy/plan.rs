//! What a copy copies: the file's tables (from its schema), the team
//! database's columns, and for each table its columns, its order and its
//! place after the tables its foreign keys point at.

use std::collections::{BTreeMap, BTreeSet};

use super::SkippedTable;
use crate::db::{Db, WriteTx};
use crate::{args, Result, StoreError};

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

/// How one table is copied and read back.
pub(super) struct TablePlan {
    pub(super) name: String,
    /// Columns copied, in the file's order; `rowid` last where the team
    /// table carries SQLite's implicit rowid as a column.
    pub(super) columns: Vec<String>,
    /// The columns rows are read in order of: the primary key, else the
    /// rowid, else every column.
    pub(super) order: Vec<String>,
    /// Columns that are text on the team side (ordered byte-wise there, as
    /// SQLite orders them).
    pub(super) text: BTreeSet<String>,
    /// Rows in the file.
    pub(super) rows: u64,
}

impl TablePlan {
    /// The statement reading the rows in the canonical order. NULLs first on
    /// both (SQLite's order; PostgreSQL's default puts them last).
    pub(super) fn select(&self, team: bool) -> String {
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

    pub(super) fn column_list(&self) -> String {
        let cols: Vec<String> = self.columns.iter().map(|c| quoted(c)).collect();
        cols.join(", ")
    }
}

/// A team database column: name, type, whether it is an identity.
pub(super) struct TeamColumn {
    pub(super) name: String,
    pub(super) ty: String,
    pub(super) identity: bool,
}

pub(super) fn quoted(name: &str) -> String {
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

/// The file's tables: those to copy, and those skipped with why.
pub(super) fn file_tables(local: Db<'_>) -> Result<(Vec<String>, Vec<SkippedTable>)> {
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

pub(super) fn same_version(local: Db<'_>, team: &WriteTx<'_>) -> Result<()> {
    let (file, server) = (schema_version(local)?, schema_version(**team)?);
    if file != server {
        return Err(StoreError::TeamSchemaDiffers {
            detail: format!("本机文件的结构版本 {file}，团队数据库 {server}"),
        });
    }
    Ok(())
}

/// Every table of the team database with its columns in order.
pub(super) fn team_columns(team: &WriteTx<'_>) -> Result<BTreeMap<String, Vec<TeamColumn>>> {
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
pub(super) fn refuse_rows(
    team: &WriteTx<'_>,
    tables: &BTreeMap<String, Vec<TeamColumn>>,
) -> Result<()> {
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
pub(super) fn plan(
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
