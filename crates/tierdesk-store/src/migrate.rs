//! Numbered schema migrations. A migration that has shipped is never edited:
//! changes go into a new file with the next number.
//!
//! Each migration is applied once, in ascending number order, and recorded
//! in `schema_migrations`. Numbers may have gaps: two changes developed side
//! by side can each take a number, and whichever ships second is still
//! applied to databases the first one already brought up to date.
//! `PRAGMA user_version` holds the highest number applied, so an older
//! program can tell that a file is newer than it understands.

use rusqlite::Connection;

use crate::{Result, StoreError};

const MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        1,
        "0001_customers",
        include_str!("migrations/0001_customers.sql"),
    ),
    (2, "0002_rating", include_str!("migrations/0002_rating.sql")),
    (
        3,
        "0003_imports",
        include_str!("migrations/0003_imports.sql"),
    ),
    (
        4,
        "0004_overrides",
        include_str!("migrations/0004_overrides.sql"),
    ),
    (
        5,
        "0005_benefits",
        include_str!("migrations/0005_benefits.sql"),
    ),
    (
        6,
        "0006_lines_without_fk",
        include_str!("migrations/0006_lines_without_fk.sql"),
    ),
    (
        7,
        "0007_lines_lighter",
        include_str!("migrations/0007_lines_lighter.sql"),
    ),
    (
        8,
        "0008_tier_name_index",
        include_str!("migrations/0008_tier_name_index.sql"),
    ),
    (
        9,
        "0009_ids_never_reused",
        include_str!("migrations/0009_ids_never_reused.sql"),
    ),
    (
        10,
        "0010_order_days",
        include_str!("migrations/0010_order_days.sql"),
    ),
    (11, "0011_audit", include_str!("migrations/0011_audit.sql")),
    (
        12,
        "0012_contacts",
        include_str!("migrations/0012_contacts.sql"),
    ),
    (
        13,
        "0013_followups",
        include_str!("migrations/0013_followups.sql"),
    ),
    (14, "0014_todos", include_str!("migrations/0014_todos.sql")),
    (15, "0015_cases", include_str!("migrations/0015_cases.sql")),
    (
        16,
        "0016_surveys",
        include_str!("migrations/0016_surveys.sql"),
    ),
    (17, "0017_churn", include_str!("migrations/0017_churn.sql")),
    (
        19,
        "0019_points",
        include_str!("migrations/0019_points.sql"),
    ),
    (
        20,
        "0020_points_rules",
        include_str!("migrations/0020_points_rules.sql"),
    ),
    (21, "0021_users", include_str!("migrations/0021_users.sql")),
    (
        22,
        "0022_row_versions",
        include_str!("migrations/0022_row_versions.sql"),
    ),
    (
        23,
        "0023_customer_counts",
        include_str!("migrations/0023_customer_counts.sql"),
    ),
    (
        25,
        "0025_scheme_revisions",
        include_str!("migrations/0025_scheme_revisions.sql"),
    ),
];

/// Work a migration needs beyond its SQL, run right after it in the same
/// transaction: 0010's table of order days is filled from the lines by the
/// store's own code, since its sums carry error terms SQL cannot compute.
const FILLS: &[(i64, Fill)] = &[(10, crate::purchases::fill_order_days)];

/// A migration's work beyond its SQL, given the migration's transaction.
type Fill = fn(&Connection) -> Result<()>;

/// The schema version this build writes: the highest migration number.
pub const SCHEMA_VERSION: i64 = MIGRATIONS[MIGRATIONS.len() - 1].0;

/// The numbers of every migration this build knows, in the order applied
/// (with the gaps left by changes developed side by side).
pub fn migration_numbers() -> Vec<i64> {
    MIGRATIONS.iter().map(|m| m.0).collect()
}

/// The numbers and names of every migration, in the order applied: the
/// PostgreSQL twins (`migrate_pg.rs`) must list the same.
#[cfg(test)]
pub(crate) fn migration_list() -> Vec<(i64, &'static str)> {
    MIGRATIONS.iter().map(|m| (m.0, m.1)).collect()
}

/// Whether [`run`] would write: a migration to apply (or a file newer than
/// this build, which `run` refuses, and which is checked like one). Only
/// reads, so `Store::open` can decide whether to check the pages first.
pub(crate) fn needed(conn: &Connection) -> Result<bool> {
    let current: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    Ok(current != SCHEMA_VERSION || pending(conn)?)
}

pub(crate) fn run(conn: &mut Connection) -> Result<()> {
    let current: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if current > SCHEMA_VERSION {
        return Err(too_new(conn, current));
    }
    if current == SCHEMA_VERSION && !pending(conn)? {
        // The usual case, decided by reading only: a program that opens the
        // file while another one writes (a long import) must not queue for
        // the write lock just to find nothing to do.
        return Ok(());
    }
    // A migration may rebuild a table that others point at (0009 rebuilds
    // `customers`). With foreign keys on, dropping the old table would first
    // delete its rows and cascade into the history, benefits and overrides,
    // so SQLite's procedure for changing a table is followed: keys off
    // (which only takes effect outside a transaction), the change, a
    // `foreign_key_check` before the commit, keys on again.
    conn.pragma_update(None, "foreign_keys", "OFF")?;
    let done = migrate(conn);
    conn.pragma_update(None, "foreign_keys", "ON")?;
    done
}

/// Whether a migration this build knows is not recorded as applied.
fn pending(conn: &Connection) -> Result<bool> {
    let had_table: bool = conn.query_row(
        "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'",
        [],
        |r| r.get(0),
    )?;
    if !had_table {
        return Ok(true);
    }
    let applied: i64 = conn.query_row(
        &format!(
            "SELECT count(*) FROM schema_migrations WHERE number IN ({})",
            MIGRATIONS
                .iter()
                .map(|m| m.0.to_string())
                .collect::<Vec<_>>()
                .join(",")
        ),
        [],
        |r| r.get(0),
    )?;
    Ok(applied < MIGRATIONS.len() as i64)
}

fn too_new(conn: &Connection, found: i64) -> StoreError {
    StoreError::TooNew {
        path: conn.path().unwrap_or("").to_owned(),
        found,
        supported: SCHEMA_VERSION,
    }
}

fn migrate(conn: &mut Connection) -> Result<()> {
    // All pending migrations, the record of them and the version bump
    // commit together, so a crash mid-way leaves the file as it was. The
    // transaction takes the write lock first and reads the state again
    // inside it: two programs opening an old file at once must not both
    // decide to run the same migration. (`Store::open` checked the pages
    // before calling this, which is why it is not `Store::write_tx`.)
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let current: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if current > SCHEMA_VERSION {
        return Err(too_new(&tx, current));
    }
    let had_table: bool = tx.query_row(
        "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'",
        [],
        |r| r.get(0),
    )?;
    if !had_table {
        tx.execute_batch(
            "CREATE TABLE schema_migrations (
                 number     INTEGER PRIMARY KEY,
                 name       TEXT NOT NULL,
                 applied_at TEXT NOT NULL
             )",
        )?;
        // Files written before migrations were recorded applied 0001 up to
        // their user_version with no gaps.
        for (number, name, _) in MIGRATIONS.iter().filter(|m| m.0 <= current) {
            record(&tx, *number, name)?;
        }
    }
    let applied: Vec<i64> = {
        let mut stmt = tx.prepare("SELECT number FROM schema_migrations")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    // Rows of an old file that already pointed at a missing customer before
    // this upgrade (a slip of an earlier version) are no reason to refuse
    // the file for ever; only rows the migrations themselves broke are.
    let mut dangling_before = None;
    let mut ran = false;
    for (number, name, sql) in MIGRATIONS {
        if !applied.contains(number) {
            if dangling_before.is_none() {
                dangling_before = Some(dangling_customer_refs(&tx)?);
            }
            tx.execute_batch(sql)?;
            for (_, fill) in FILLS.iter().filter(|f| f.0 == *number) {
                fill(&tx)?;
            }
            record(&tx, *number, name)?;
            ran = true;
        }
    }
    if ran {
        // Only rows pointing at customers: a rebuild of `customers` is what
        // could break them, and an old file's unrelated slip is no reason
        // to refuse it.
        let broken = dangling_customer_refs(&tx)?
            .into_iter()
            .find(|(table, n)| {
                dangling_before
                    .as_ref()
                    .and_then(|before| before.get(table))
                    .is_none_or(|before| n > before)
            })
            .map(|(table, _)| table);
        if let Some(table) = broken {
            return Err(StoreError::Corrupt(format!(
                "升级数据库结构后表「{table}」中有记录指向不存在的数据，数据库没有改动"
            )));
        }
        analyze_new_indexes(&tx)?;
    }
    if current != SCHEMA_VERSION {
        tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    }
    tx.commit()?;
    Ok(())
}

/// How many rows of each table point at a customer that is not there.
fn dangling_customer_refs(conn: &Connection) -> Result<std::collections::HashMap<String, i64>> {
    let mut stmt = conn.prepare(
        "SELECT \"table\", count(*) FROM pragma_foreign_key_check WHERE parent = 'customers'
         GROUP BY \"table\"",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// In a file that has the query planner's statistics (`Store::analyze`
/// after a large import), an index a migration just added has none, and
/// SQLite then takes it for far more selective than it is: a new (tier,
/// name) index was chosen over (tier, spend) for a tier sorted by spend,
/// and that list went from 12 ms to 350 ms over a million customers. A
/// rebuilt table (0007) loses its statistics altogether. Each table with
/// an index left without statistics is analysed whole, so all its indexes
/// are judged from the same, current figures (statistics from an older,
/// smaller archive beside fresh ones for the new index misled the planner
/// as well). A file without statistics is left without, as the planner's
/// defaults treat every index alike there.
fn analyze_new_indexes(tx: &rusqlite::Transaction<'_>) -> Result<()> {
    let has_stats: bool = tx.query_row(
        "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'",
        [],
        |r| r.get(0),
    )?;
    if !has_stats {
        return Ok(());
    }
    let tables: Vec<String> = {
        let mut stmt = tx.prepare(
            "SELECT DISTINCT m.tbl_name FROM sqlite_master m
             WHERE m.type = 'index' AND m.sql IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM sqlite_stat1 s WHERE s.idx = m.name)",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for table in tables {
        tx.execute_batch(&format!("ANALYZE \"{}\"", table.replace('"', "\"\"")))?;
    }
    Ok(())
}

fn record(tx: &rusqlite::Transaction<'_>, number: i64, name: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO schema_migrations(number, name, applied_at) VALUES (?1, ?2, ?3)",
        rusqlite::params![number, name, crate::now_text()],
    )?;
    Ok(())
}
