//! The team database's schema is the file's: a fresh SQLite file and a fresh
//! PostgreSQL database, each migrated by its own backend's migrations, hold
//! the same tables with the same columns in the same order and of matching
//! types, the same NOT NULLs, defaults, primary keys, indexes (unique ones
//! and partial ones included, compared by their columns), foreign keys with
//! their ON DELETE, and as many CHECKs. What only one backend has is listed
//! here with its counterpart on the other.
//!
//! Needs a server: `TIERDESK_TEST_PG` (scripts/pg-test.sh starts one). Without
//! it the tests say they skipped, unless `TIERDESK_REQUIRE_PG=1`, when they fail.

mod read;

use std::collections::BTreeSet;

use postgres::{Client, NoTls};
use read::{postgres_schema, sqlite_schema, Column, Schema};
use rusqlite::Connection;
use tierdesk_store::{testing, Store, StoreError, SCHEMA_VERSION};

/// SQLite's FTS5 search table (and the shadow tables FTS5 keeps beside it,
/// named after it) and the triggers that fill it: on PostgreSQL one pg_trgm
/// index over the same column, kept by the server itself.
const FTS_TABLE: &str = "customers_fts";
const FTS_TRIGGERS: &[&str] = &[
    "customers_fts_delete",
    "customers_fts_insert",
    "customers_fts_update",
];
const TRGM_INDEX: (&str, &str) = ("customers", "search_text");

/// Tables whose implicit SQLite `rowid` the store reads: PostgreSQL carries
/// it as a column of that name (an identity, unique).
const ROWID_TABLES: &[&str] = &["import_changes", "schemes"];

/// PostgreSQL has TRUNCATE, which row triggers do not see: the audit tables
/// refuse it with a statement trigger SQLite has no need of.
const PG_TRUNCATE_GUARDS: &[&str] = &[
    "audit_details_no_truncate",
    "audit_erased_no_truncate",
    "audit_log_no_truncate",
];

/// The number of live customers, in all and per tier, that a team database
/// keeps for the list's total (migration 0023), with the triggers that keep
/// it in step with every write: counting a million customers takes
/// PostgreSQL 35–60 ms, SQLite counts its b-tree in a few and keeps nothing.
const PG_COUNT_TABLE: &str = "customer_counts";
const PG_COUNT_TRIGGERS: &[&str] = &[
    "customer_counts_fold",
    "customers_count_delete",
    "customers_count_insert",
    "customers_count_move",
    "customers_count_truncate",
];

/// SQLite `INTEGER PRIMARY KEY` columns that hold a key given elsewhere (an
/// entry's, a customer's, a migration's number), never a number the table
/// gives out: plain BIGINT keys on PostgreSQL, not identity columns.
const KEYS_GIVEN_ELSEWHERE: &[(&str, &str)] = &[
    ("audit_details", "entry_id"),
    ("audit_erased", "customer_id"),
    ("churn_scores", "customer_id"),
    ("schema_migrations", "number"),
];

/// Every difference between the two schemas, in words; empty when they match.
fn differences(lite: &Schema, pg: &Schema) -> Vec<String> {
    let mut out = Vec::new();
    let names = |s: &Schema| s.tables.keys().cloned().collect::<BTreeSet<_>>();
    for t in names(lite).difference(&names(pg)) {
        out.push(format!("table {t}: only on SQLite"));
    }
    for t in names(pg)
        .difference(&names(lite))
        .filter(|t| *t != PG_COUNT_TABLE)
    {
        out.push(format!("table {t}: only on PostgreSQL"));
    }
    for (name, l) in &lite.tables {
        let Some(p) = pg.tables.get(name) else {
            continue;
        };
        let rowid = ROWID_TABLES.contains(&name.as_str());
        let p_columns: Vec<&Column> = p
            .columns
            .iter()
            .filter(|c| !(rowid && c.name == "rowid"))
            .collect();
        if rowid && p_columns.len() == p.columns.len() {
            out.push(format!("{name}: no rowid column on PostgreSQL"));
        }
        let l_names: Vec<&str> = l.columns.iter().map(|c| c.name.as_str()).collect();
        let p_names: Vec<&str> = p_columns.iter().map(|c| c.name.as_str()).collect();
        if l_names != p_names {
            out.push(format!(
                "{name}: columns {l_names:?} on SQLite, {p_names:?} on PostgreSQL"
            ));
        }
        for lc in &l.columns {
            let Some(pc) = p_columns.iter().find(|c| c.name == lc.name) else {
                continue;
            };
            if lc != *pc {
                out.push(format!(
                    "{name}.{}: {lc:?} on SQLite, {pc:?} on PostgreSQL",
                    lc.name
                ));
            }
        }
        if l.primary_key != p.primary_key {
            out.push(format!(
                "{name}: primary key {:?} on SQLite, {:?} on PostgreSQL",
                l.primary_key, p.primary_key
            ));
        }
        let mut p_indexes: Vec<String> = p
            .indexes
            .iter()
            .filter(|i| !(rowid && *i == "unique (rowid)"))
            .filter(|i| **i != format!("gin({})", TRGM_INDEX.1) || name != TRGM_INDEX.0)
            .cloned()
            .collect();
        p_indexes.sort();
        if l.indexes != p_indexes {
            out.push(format!(
                "{name}: indexes {:?} on SQLite, {p_indexes:?} on PostgreSQL",
                l.indexes
            ));
        }
        if l.foreign_keys != p.foreign_keys {
            out.push(format!(
                "{name}: foreign keys {:?} on SQLite, {:?} on PostgreSQL",
                l.foreign_keys, p.foreign_keys
            ));
        }
        if l.checks != p.checks {
            out.push(format!(
                "{name}: {} CHECKs on SQLite, {} on PostgreSQL",
                l.checks, p.checks
            ));
        }
        let mut l_generated = l.generated.clone();
        for (table, column) in KEYS_GIVEN_ELSEWHERE {
            if table == name {
                l_generated.remove(*column);
            }
        }
        let mut p_generated = p.generated.clone();
        if rowid && !p_generated.remove("rowid") {
            out.push(format!("{name}: its rowid column gives out no numbers"));
        }
        if l_generated != p_generated {
            out.push(format!(
                "{name}: generated ids {l_generated:?} on SQLite, {p_generated:?} on PostgreSQL"
            ));
        }
    }
    let l_triggers: BTreeSet<&str> = lite
        .triggers
        .iter()
        .map(|t| t.as_str())
        .filter(|t| !FTS_TRIGGERS.contains(t))
        .collect();
    let p_triggers: BTreeSet<&str> = pg
        .triggers
        .iter()
        .map(|t| t.as_str())
        .filter(|t| !PG_TRUNCATE_GUARDS.contains(t) && !PG_COUNT_TRIGGERS.contains(t))
        .collect();
    if l_triggers != p_triggers {
        out.push(format!(
            "triggers {l_triggers:?} on SQLite, {p_triggers:?} on PostgreSQL"
        ));
    }
    out
}

/// The things only one backend has, each checked present where it should be.
fn only_on_one_side(lite: &Schema, lite_conn: &Connection, pg: &Schema) -> Vec<String> {
    let mut out = Vec::new();
    let fts: i64 = lite_conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name = ?1 AND sql LIKE '%fts5%trigram%'",
            [FTS_TABLE],
            |r| r.get(0),
        )
        .unwrap();
    if fts != 1 {
        out.push(format!("SQLite: no FTS5 trigram table {FTS_TABLE}"));
    }
    for t in FTS_TRIGGERS {
        if !lite.triggers.contains(*t) {
            out.push(format!("SQLite: no trigger {t}"));
        }
    }
    let trgm = format!("gin({})", TRGM_INDEX.1);
    if !pg
        .tables
        .get(TRGM_INDEX.0)
        .is_some_and(|t| t.indexes.contains(&trgm))
    {
        out.push(format!(
            "PostgreSQL: no pg_trgm index on {}({})",
            TRGM_INDEX.0, TRGM_INDEX.1
        ));
    }
    for t in PG_TRUNCATE_GUARDS.iter().chain(PG_COUNT_TRIGGERS) {
        if !pg.triggers.contains(*t) {
            out.push(format!("PostgreSQL: no trigger {t}"));
        }
    }
    if !pg.tables.contains_key(PG_COUNT_TABLE) {
        out.push(format!("PostgreSQL: no table {PG_COUNT_TABLE}"));
    }
    out
}

/// The list's indexes on PostgreSQL serve its order (`col NULLS FIRST, id`
/// and its reverse, SQLite's order): each `customers_live_*` index over
/// plain columns ends with `id` and keeps the NULLs of its nullable columns
/// first.
fn lists_sorted_from_an_index(client: &mut Client) -> Vec<String> {
    let rows = client
        .query(
            "SELECT i.relname::text, bool_or(NOT a.attnotnull AND (k.opt & 2) = 0),
                    (array_agg(a.attname::text ORDER BY k.n DESC))[1]
             FROM pg_index ix
             JOIN pg_class i ON i.oid = ix.indexrelid
             CROSS JOIN LATERAL unnest(ix.indkey::int2[], ix.indoption::int2[])
                 WITH ORDINALITY AS k(att, opt, n)
             JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.att
             WHERE i.relname LIKE 'customers\\_live\\_%' AND 0 <> ALL (ix.indkey::int2[])
             GROUP BY i.relname",
            &[],
        )
        .unwrap();
    let mut out: Vec<String> = rows
        .iter()
        .filter(|r| r.get::<_, bool>(1) || r.get::<_, String>(2) != "id")
        .map(|r| {
            let name: String = r.get(0);
            format!("PostgreSQL: index {name} does not serve the list's order")
        })
        .collect();
    if rows.len() != 16 {
        out.push(format!("PostgreSQL: {} list indexes, not 16", rows.len()));
    }
    out
}

/// A database of its own on the test server, dropped when the test ends.
struct TempDb {
    admin: String,
    name: String,
    url: String,
}

impl TempDb {
    /// `None` (after saying so) when no server is given; a failure when
    /// one must be (`TIERDESK_REQUIRE_PG=1`). Created empty, from
    /// `template0`, so that the migrations under test are the ones applied.
    fn new(test: &str) -> Option<TempDb> {
        let Some(admin) = testing::server() else {
            eprintln!("{test}: skipped, no PostgreSQL server (TIERDESK_TEST_PG is not set)");
            return None;
        };
        let name = format!("tierdesk_schema_{test}_{}", std::process::id());
        let mut client = Client::connect(&admin, NoTls).unwrap();
        client
            .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .unwrap();
        client
            .batch_execute(&format!("CREATE DATABASE {name} TEMPLATE template0"))
            .unwrap();
        let url = testing::url_for(&admin, &name);
        Some(TempDb { admin, name, url })
    }

    /// A new database migrated by `Store::open_postgres`, and a client of it.
    fn migrated(test: &str) -> Option<(TempDb, Client)> {
        let db = TempDb::new(test)?;
        drop(Store::open_postgres(&db.url).unwrap());
        let client = db.client();
        Some((db, client))
    }

    fn client(&self) -> Client {
        Client::connect(&self.url, NoTls).unwrap()
    }
}

impl Drop for TempDb {
    fn drop(&mut self) {
        if let Ok(mut client) = Client::connect(&self.admin, NoTls) {
            let _ = client.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}

fn sqlite_file() -> (tempfile::TempDir, Connection) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("schema.tierdesk");
    drop(Store::open(&path).unwrap());
    let conn = Connection::open(&path).unwrap();
    (dir, conn)
}

#[test]
fn both_backends_build_the_same_schema() {
    let Some((_db, mut client)) = TempDb::migrated("same") else {
        return;
    };
    let pg = postgres_schema(&mut client);
    let (_dir, conn) = sqlite_file();
    let lite = sqlite_schema(&conn, FTS_TABLE);

    let mut problems = differences(&lite, &pg);
    problems.extend(only_on_one_side(&lite, &conn, &pg));
    problems.extend(
        pg.not_c
            .iter()
            .map(|c| format!("PostgreSQL: {c}, not \"C\"")),
    );
    problems.extend(lists_sorted_from_an_index(&mut client));
    assert!(
        problems.is_empty(),
        "the schemas differ:\n{}",
        problems.join("\n")
    );
    // Identity: the comparison saw every table, columns and all.
    assert_eq!(lite.tables.len(), 33, "{:?}", lite.tables.keys());
    let columns: usize = lite.tables.values().map(|t| t.columns.len()).sum();
    let counts = pg.tables[PG_COUNT_TABLE].columns.len();
    assert_eq!(counts, 4);
    assert_eq!(
        columns,
        pg.tables.values().map(|t| t.columns.len()).sum::<usize>() - 2 - counts
    );
    assert!(columns > 300, "{columns}");
}

/// The comparison itself catches a missing column, a column of another type
/// or nullability, a lost index, foreign key or CHECK, and an unlisted trigger.
#[test]
fn the_comparison_names_each_kind_of_difference() {
    let Some((_db, mut client)) = TempDb::migrated("diff") else {
        return;
    };
    client
        .batch_execute(
            "ALTER TABLE customers DROP COLUMN notes;
             ALTER TABLE batches ALTER COLUMN moved TYPE integer;
             ALTER TABLE followups ALTER COLUMN who DROP NOT NULL;
             ALTER TABLE todos ALTER COLUMN status SET DEFAULT 'done';
             DROP INDEX cases_received;
             ALTER TABLE tier_overrides DROP CONSTRAINT tier_overrides_batch_id_fkey;
             ALTER TABLE imports DROP CONSTRAINT imports_kind_check;
             CREATE TRIGGER extra AFTER INSERT ON settings
                 FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse('x');",
        )
        .unwrap();
    let pg = postgres_schema(&mut client);
    let (_dir, conn) = sqlite_file();
    let lite = sqlite_schema(&conn, FTS_TABLE);
    let problems = differences(&lite, &pg);
    let expect = [
        "customers: columns",
        "batches.moved:",
        "followups.who:",
        "todos.status:",
        "cases: indexes",
        "tier_overrides: foreign keys",
        "imports: 1 CHECKs on SQLite, 0 on PostgreSQL",
        "triggers",
    ];
    for e in expect {
        assert!(
            problems.iter().any(|p| p.starts_with(e)),
            "{e} not found in:\n{}",
            problems.join("\n")
        );
    }
    assert_eq!(problems.len(), expect.len(), "{}", problems.join("\n"));
    assert!(
        problems.iter().any(|p| p.contains("integer")),
        "{problems:?}"
    );
}

fn applied(client: &mut Client) -> Vec<(i64, String)> {
    client
        .query(
            "SELECT number, name FROM schema_migrations ORDER BY number",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect()
}

/// Opening a team database again applies nothing; two desks opening a new
/// one at the same moment both succeed, and each migration is recorded once.
#[test]
fn migrations_run_once_even_from_two_desks_at_once() {
    let Some(db) = TempDb::new("twice") else {
        return;
    };
    let opened: Vec<_> = std::thread::scope(|s| {
        let desks: Vec<_> = (0..2)
            .map(|_| s.spawn(|| Store::open_postgres(&db.url).map(drop)))
            .collect();
        desks.into_iter().map(|d| d.join().unwrap()).collect()
    });
    for o in opened {
        o.unwrap();
    }
    let mut client = db.client();
    let first = applied(&mut client);
    let numbers: Vec<i64> = first.iter().map(|m| m.0).collect();
    assert_eq!(numbers, tierdesk_store::migration_numbers());
    drop(Store::open_postgres(&db.url).unwrap());
    assert_eq!(applied(&mut client), first);
}

/// The same on a server whose default isolation is REPEATABLE READ: the desk
/// that waited for the lock sees the other's migrations (its snapshot is not
/// the one taken before the wait) and applies none of them again.
#[test]
fn migrations_run_once_under_repeatable_read() {
    let Some(db) = TempDb::new("rr") else {
        return;
    };
    Client::connect(&db.admin, NoTls)
        .unwrap()
        .batch_execute(&format!(
            "ALTER DATABASE {} SET default_transaction_isolation = 'repeatable read'",
            db.name
        ))
        .unwrap();
    let opened: Vec<_> = std::thread::scope(|s| {
        let desks: Vec<_> = (0..2)
            .map(|_| s.spawn(|| Store::open_postgres(&db.url).map(drop)))
            .collect();
        desks.into_iter().map(|d| d.join().unwrap()).collect()
    });
    for o in opened {
        o.unwrap();
    }
    let numbers: Vec<i64> = applied(&mut db.client()).iter().map(|m| m.0).collect();
    assert_eq!(numbers, tierdesk_store::migration_numbers());
}

/// A team database a newer TierDesk brought further is refused, untouched.
#[test]
fn a_newer_team_database_is_refused() {
    let Some((db, mut client)) = TempDb::migrated("newer") else {
        return;
    };
    client
        .execute(
            "INSERT INTO schema_migrations(number, name, applied_at)
             VALUES ($1, '9999_later', '2030-01-01 00:00:00')",
            &[&(SCHEMA_VERSION + 1)],
        )
        .unwrap();
    let before = applied(&mut client);
    match Store::open_postgres(&db.url) {
        Err(
            e @ StoreError::TooNew {
                found, supported, ..
            },
        ) => {
            assert_eq!((found, supported), (SCHEMA_VERSION + 1, SCHEMA_VERSION));
            assert!(e.to_string().contains("请升级 TierDesk"), "{e}");
        }
        Err(other) => panic!("{other}"),
        Ok(_) => panic!("a newer team database was opened"),
    }
    assert_eq!(applied(&mut client), before);
}

/// The PostgreSQL triggers do what SQLite's do: a customer deleted for good
/// takes its order lines, order days and churn score with it (others' stay),
/// and the audit tables refuse changes, removals and TRUNCATE, except the
/// details of an erased customer.
#[test]
fn the_triggers_keep_the_rules_sqlite_keeps() {
    let Some((_db, mut client)) = TempDb::migrated("triggers") else {
        return;
    };
    client
        .batch_execute(
            "INSERT INTO customers (id, name, created_at, updated_at) VALUES
                 (1, '甲', '2026-01-01 00:00:00', '2026-01-01 00:00:00'),
                 (2, '乙', '2026-01-01 00:00:00', '2026-01-01 00:00:00'),
                 (3, '丙', '2026-01-01 00:00:00', '2026-01-01 00:00:00');
             INSERT INTO transactions (customer_id, order_no, occurred_at, quantity, amount, kind)
                 SELECT c, 'A' || n, '2026-02-01', 1, 10, 'purchase'
                 FROM generate_series(1, 3) c, generate_series(1, 4) n;
             INSERT INTO order_days (customer_id, day, order_no, lines, purchases)
                 SELECT c, '2026-02-01', 'A1', 4, 4 FROM generate_series(1, 3) c;
             INSERT INTO churn_scores (customer_id, as_of, spend_365, value_at_risk)
                 SELECT c, '2026-03-01', 40, 4 FROM generate_series(1, 3) c;
             DELETE FROM customers WHERE id IN (1, 3);",
        )
        .unwrap();
    for (table, left) in [("transactions", 4), ("order_days", 1), ("churn_scores", 1)] {
        let rows: Vec<i64> = client
            .query(&format!("SELECT customer_id FROM {table}"), &[])
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect();
        assert_eq!(rows, vec![2; left], "{table}");
    }

    client
        .batch_execute(
            "INSERT INTO audit_log (id, at, actor, source, action, object_kind, object_id,
                                    customer_id, summary, prev_hash, hash) VALUES
                 (1, '2026-01-01 00:00:00', 'a', 'app', 'x', 'customer', '2', 2, 's', '', 'h1'),
                 (2, '2026-01-01 00:00:00', 'a', 'app', 'x', 'customer', '5', 5, 's', 'h1', 'h2');
             INSERT INTO audit_details (entry_id, salt, body) VALUES (1, 's', '{}'), (2, 's', '{}');
             INSERT INTO audit_erased (customer_id, at) VALUES (5, '2026-01-02 00:00:00');",
        )
        .unwrap();
    for (sql, words) in [
        (
            "UPDATE audit_log SET summary = 'x'",
            "操作日志只能追加，不能修改",
        ),
        ("DELETE FROM audit_log", "操作日志只能追加，不能删除"),
        ("TRUNCATE audit_log CASCADE", "操作日志只能追加，不能删除"),
        (
            "UPDATE audit_details SET body = 'x'",
            "操作日志的详情不能修改",
        ),
        (
            "DELETE FROM audit_details WHERE entry_id = 1",
            "操作日志的详情只有在删除该客户个人信息时才能删除",
        ),
        (
            "TRUNCATE audit_details",
            "操作日志的详情只有在删除该客户个人信息时才能删除",
        ),
        (
            "UPDATE audit_erased SET at = 'x'",
            "个人信息删除记录不能修改",
        ),
        ("DELETE FROM audit_erased", "个人信息删除记录不能删除"),
        ("TRUNCATE audit_erased", "个人信息删除记录不能删除"),
    ] {
        let e = client.batch_execute(sql).unwrap_err();
        let db = e.as_db_error().unwrap_or_else(|| panic!("{sql}: {e}"));
        assert_eq!(db.message(), words, "{sql}");
        assert_eq!(db.code().code(), "23000", "{sql}");
    }
    // The erased customer's details may go; the entry itself stays.
    let gone = client
        .execute("DELETE FROM audit_details WHERE entry_id = 2", &[])
        .unwrap();
    assert_eq!(gone, 1);
    let left: i64 = client
        .query_one("SELECT count(*) FROM audit_log", &[])
        .unwrap()
        .get(0);
    assert_eq!(left, 2);
}
