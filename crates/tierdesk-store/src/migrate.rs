//! Numbered schema migrations. A migration that has shipped is never edited:
//! changes go into a new file with the next number.

use rusqlite::Connection;

use crate::{Result, StoreError};

const MIGRATIONS: &[(&str, &str)] = &[
    (
        "0001_customers",
        include_str!("migrations/0001_customers.sql"),
    ),
    ("0002_rating", include_str!("migrations/0002_rating.sql")),
    ("0003_imports", include_str!("migrations/0003_imports.sql")),
    (
        "0004_overrides",
        include_str!("migrations/0004_overrides.sql"),
    ),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

pub(crate) fn run(conn: &mut Connection) -> Result<()> {
    let current: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if current > SCHEMA_VERSION {
        let path = conn.path().unwrap_or("").to_owned();
        return Err(StoreError::TooNew {
            path,
            found: current,
            supported: SCHEMA_VERSION,
        });
    }
    if current == SCHEMA_VERSION {
        return Ok(());
    }
    // All pending migrations and the version bump commit together, so a
    // crash mid-way leaves the file as it was.
    let tx = conn.transaction()?;
    for (_, sql) in &MIGRATIONS[current as usize..] {
        tx.execute_batch(sql)?;
    }
    tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    tx.commit()?;
    Ok(())
}
