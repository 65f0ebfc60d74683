//! Numbered schema migrations of a team database on PostgreSQL: the twins of
//! `migrate.rs`'s, in `src/migrations_pg/`, with the same numbers and names
//! (a test holds the two lists equal) and the same end state, table by table
//! (tests/store/schema_pg.rs compares them). A shipped migration is never
//! edited, on either backend.
//!
//! Applied as on SQLite: each number once, in ascending order, recorded in a
//! `schema_migrations` table of the same shape, all pending ones in one
//! transaction with their record, so a failure leaves the database as it
//! was. Two desks opening a new team database at once must not both migrate
//! it: the transaction first takes an advisory lock, and the second desk,
//! once the first has committed, reads that nothing is left to do. A
//! database some newer program brought further than this one understands is
//! refused, as a newer file is.

use postgres::types::ToSql;
use postgres::Client;

use crate::migrate::SCHEMA_VERSION;
use crate::{Result, StoreError};

/// The key of the advisory lock migrations hold (transaction-scoped). Not
/// the one writers take: a desk migrating must not wait for itself.
pub(crate) const MIGRATE_LOCK: i64 = 0x7469_6572_6d69_6772; // "tiermigr"

const MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        1,
        "0001_customers",
        include_str!("migrations_pg/0001_customers.sql"),
    ),
    (
        2,
        "0002_rating",
        include_str!("migrations_pg/0002_rating.sql"),
    ),
    (
        3,
        "0003_imports",
        include_str!("migrations_pg/0003_imports.sql"),
    ),
    (
        4,
        "0004_overrides",
        include_str!("migrations_pg/0004_overrides.sql"),
    ),
    (
        5,
        "0005_benefits",
        include_str!("migrations_pg/0005_benefits.sql"),
    ),
    (
        6,
        "0006_lines_without_fk",
        include_str!("migrations_pg/0006_lines_without_fk.sql"),
    ),
    (
        7,
        "0007_lines_lighter",
        include_str!("migrations_pg/0007_lines_lighter.sql"),
    ),
    (
        8,
        "0008_tier_name_index",
        include_str!("migrations_pg/0008_tier_name_index.sql"),
    ),
    (
        9,
        "0009_ids_never_reused",
        include_str!("migrations_pg/0009_ids_never_reused.sql"),
    ),
    (
        10,
        "0010_order_days",
        include_str!("migrations_pg/0010_order_days.sql"),
    ),
    (
        11,
        "0011_audit",
        include_str!("migrations_pg/0011_audit.sql"),
    ),
    (
        12,
        "0012_contacts",
        include_str!("migrations_pg/0012_contacts.sql"),
    ),
    (
        13,
        "0013_followups",
        include_str!("migrations_pg/0013_followups.sql"),
    ),
    (
        14,
        "0014_todos",
        include_str!("migrations_pg/0014_todos.sql"),
    ),
    (
        15,
        "0015_cases",
        include_str!("migrations_pg/0015_cases.sql"),
    ),
    (
        16,
        "0016_surveys",
        include_str!("migrations_pg/0016_surveys.sql"),
    ),
    (
        17,
        "0017_churn",
        include_str!("migrations_pg/0017_churn.sql"),
    ),
    (
        19,
        "0019_points",
        include_str!("migrations_pg/0019_points.sql"),
    ),
    (
        20,
        "0020_points_rules",
        include_str!("migrations_pg/0020_points_rules.sql"),
    ),
    (
        21,
        "0021_users",
        include_str!("migrations_pg/0021_users.sql"),
    ),
    (
        22,
        "0022_row_versions",
        include_str!("migrations_pg/0022_row_versions.sql"),
    ),
    (
        23,
        "0023_customer_counts",
        include_str!("migrations_pg/0023_customer_counts.sql"),
    ),
    (
        25,
        "0025_scheme_revisions",
        include_str!("migrations_pg/0025_scheme_revisions.sql"),
    ),
];

/// The table that records what was applied: SQLite's shape, PostgreSQL's types.
const RECORD_TABLE: &str = "CREATE TABLE IF NOT EXISTS schema_migrations (
    number     BIGINT PRIMARY KEY,
    name       TEXT COLLATE \"C\" NOT NULL,
    applied_at TEXT COLLATE \"C\" NOT NULL
)";

/// The numbers and names of every PostgreSQL migration, in the order applied.
#[cfg(test)]
pub(crate) fn migration_names() -> Vec<(i64, &'static str)> {
    MIGRATIONS.iter().map(|m| (m.0, m.1)).collect()
}

/// A digest of every migration's text: the test harness names its migrated
/// template database after it, so a changed migration gets a new template.
pub(crate) fn fingerprint() -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for (number, name, sql) in MIGRATIONS {
        h.update(format!("{number}\0{name}\0{sql}\0").as_bytes());
    }
    h.finalize()[..6]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Brings a team database's schema up to date (see the module's comment).
pub(crate) fn run(client: &mut Client) -> Result<()> {
    let place = place(client)?;
    // READ COMMITTED whatever the server's default, so that a desk which
    // waited for the lock reads what the desk before it recorded (under
    // REPEATABLE READ its snapshot would date from before the wait).
    let mut tx = client
        .build_transaction()
        .isolation_level(postgres::IsolationLevel::ReadCommitted)
        .start()
        .map_err(|e| failed(&place, e))?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATE_LOCK])
        .map_err(|e| failed(&place, e))?;
    tx.batch_execute(RECORD_TABLE)
        .map_err(|e| failed(&place, e))?;
    let applied = applied(&mut tx, &place)?;
    if let Some(found) = applied
        .iter()
        .copied()
        .max()
        .filter(|n| *n > SCHEMA_VERSION)
    {
        return Err(StoreError::TooNew {
            path: place,
            found,
            supported: SCHEMA_VERSION,
        });
    }
    for (number, name, sql) in MIGRATIONS {
        if applied.contains(number) {
            continue;
        }
        tx.batch_execute(sql)
            .map_err(|e| failed(&format!("{place}（{name}）"), e))?;
        tx.execute(
            "INSERT INTO schema_migrations(number, name, applied_at) VALUES ($1, $2, $3)",
            &[number, name as &(dyn ToSql + Sync), &crate::now_text()],
        )
        .map_err(|e| failed(&place, e))?;
    }
    tx.commit().map_err(|e| failed(&place, e))
}

/// The numbers recorded as applied.
fn applied(client: &mut impl postgres::GenericClient, place: &str) -> Result<Vec<i64>> {
    let rows = client
        .query("SELECT number FROM schema_migrations", &[])
        .map_err(|e| failed(place, e))?;
    Ok(rows.iter().map(|r| r.get(0)).collect())
}

/// How a message names the team database: its name on the server.
fn place(client: &mut Client) -> Result<String> {
    client
        .query_one("SELECT current_database()", &[])
        .map(|r| format!("团队数据库 {}", r.get::<_, String>(0)))
        .map_err(|e| failed("团队数据库", e))
}

/// A server error while migrating: the database could not be opened for
/// work. The server's own words go into the reason (they carry the
/// statement's problem, for support); the transaction was rolled back.
fn failed(place: &str, e: postgres::Error) -> StoreError {
    let reason = match e.as_db_error() {
        Some(db) => format!("升级数据库结构失败，数据库没有改动：{}", db.message()),
        None if e.is_closed() => "与团队数据库的连接中断，数据库没有改动".to_owned(),
        None => format!("升级数据库结构失败，数据库没有改动：{e}"),
    };
    StoreError::Open {
        path: place.to_owned(),
        reason,
    }
}

#[cfg(test)]
mod tests {
    /// Both backends know the same migrations: the same numbers, in the
    /// same order, under the same names. A SQLite migration without its
    /// PostgreSQL twin (or a twin misnamed) fails here.
    #[test]
    fn both_backends_list_the_same_migrations() {
        let lite = crate::migrate::migration_list();
        let pg = super::migration_names();
        assert_eq!(pg, lite);
        assert_eq!(pg.len(), 23);
    }

    /// Each twin's file is named after its number and name.
    #[test]
    fn each_twin_reads_its_own_file() {
        for (number, name, sql) in super::MIGRATIONS {
            assert!(name.starts_with(&format!("{number:04}_")), "{name}");
            assert!(
                sql.starts_with(&format!("-- PostgreSQL twin of migrations/{name}.sql")),
                "{name}: {}",
                &sql[..sql.len().min(80)]
            );
        }
    }
}
