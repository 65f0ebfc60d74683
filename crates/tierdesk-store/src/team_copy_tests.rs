//! Tests of 迁移到团队数据库 (team_copy.rs). The copies need the test
//! server (`TIERDESK_TEST_PG`); without one they return early, unless
//! `TIERDESK_REQUIRE_PG=1`, when `fresh_postgres` fails them.

use rusqlite::types::Value;
use sha2::{Digest, Sha256};
use tierdesk_domain::CustomerDraft;

use super::{skip_reason, Checksum, CopyStep, TeamCopy};
use crate::testing::fresh_postgres;
use crate::{args, Store, StoreError};

fn digest(rows: &[Vec<Value>]) -> String {
    let mut c = Checksum::new();
    for r in rows {
        c.row(r);
    }
    c.finish().1
}

/// Values that look alike but are not must sum differently; the same rows
/// the same; the order of rows counts.
#[test]
fn the_checksum_tells_apart_what_only_looks_alike() {
    use Value::{Blob, Integer, Null, Real, Text};
    let t = |s: &str| Text(s.to_owned());
    type Rows = Vec<Vec<Value>>;
    let pairs: Vec<(Rows, Rows)> = vec![
        (vec![vec![Null]], vec![vec![t("")]]),
        (vec![vec![t("1")]], vec![vec![Integer(1)]]),
        (vec![vec![Integer(1)]], vec![vec![Real(1.0)]]),
        (vec![vec![Real(0.1 + 0.2)]], vec![vec![Real(0.3)]]),
        (vec![vec![t("ab"), t("c")]], vec![vec![t("a"), t("bc")]]),
        (vec![vec![t("ab")]], vec![vec![Blob(b"ab".to_vec())]]),
        (
            vec![vec![Integer(1)], vec![Integer(2)]],
            vec![vec![Integer(2)], vec![Integer(1)]],
        ),
        (vec![vec![Integer(-1)]], vec![vec![Integer(i64::MAX)]]),
    ];
    for (a, b) in &pairs {
        assert_ne!(digest(a), digest(b), "{a:?} and {b:?} summed alike");
        assert_eq!(digest(a), digest(&a.clone()));
    }
    // No rows: SHA-256 of nothing.
    assert_eq!(
        digest(&[]),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
    let mut c = Checksum::new();
    c.row(&[Integer(7)]);
    c.row(&[Null]);
    assert_eq!(c.finish().0, 2);
}

#[test]
fn skipped_tables_are_named_with_a_reason() {
    for t in [
        "schema_migrations",
        "sqlite_sequence",
        "sqlite_stat1",
        "sqlite_stat4",
        "customers_fts",
        "customers_fts_data",
        "users",
    ] {
        assert!(
            skip_reason(t).is_some_and(|(kind, why)| !kind.is_empty() && !why.is_empty()),
            "{t}"
        );
    }
    for t in [
        "customers",
        "customer_contacts",
        "users_x",
        "audit_log",
        "schemes",
    ] {
        assert_eq!(skip_reason(t), None, "{t}");
    }
}

/// A file with values of every kind and the awkward corners: text COPY
/// must escape, reals with every bit, NULLs, a second saved scheme (the
/// rowid carried), and the newest customer deleted for good (the sequence
/// must pass an id no row holds).
fn filled_file(dir: &std::path::Path) -> Store {
    let mut store = Store::open(&dir.join("local.db")).unwrap();
    let drafts: Vec<CustomerDraft> = (0..30)
        .map(|i| CustomerDraft {
            code: Some(format!("K{i:03}")),
            name: format!("客户{i}\t带制表符\\反斜杠"),
            phone: (i % 3 != 0).then(|| format!("1380000{i:04}")),
            notes: (i % 2 == 0).then(|| format!("第一行\n第二行\r 😀 {i}")),
            ..Default::default()
        })
        .collect();
    store.insert_customers(&drafts).unwrap();
    {
        let tx = store.write().unwrap();
        tx.execute(
            "UPDATE customers SET spend = ?1, frequency = ?2 WHERE code = 'K001'",
            args![0.1 + 0.2, 1e300],
        )
        .unwrap();
        tx.execute(
            "UPDATE customers SET spend = ?1 WHERE code = 'K002'",
            args![-0.0f64],
        )
        .unwrap();
        tx.commit().unwrap();
    }
    for version in [1, 2] {
        store
            .save_scheme(&crate::StoredScheme {
                key: "s".into(),
                version,
                name: format!("方案 {version}"),
                definition: "name = \"x\"".into(),
            })
            .unwrap();
    }
    store.set_setting("k", "值\t\\N").unwrap();
    let last: i64 = store
        .db()
        .query_row("SELECT MAX(id) FROM customers", args![], |r| r.get(0))
        .unwrap();
    store.delete_customers(&[last]).unwrap();
    store.empty_recycle_bin().unwrap();
    store
}

fn file_bytes(path: &std::path::Path) -> String {
    let bytes = std::fs::read(path).unwrap_or_default();
    format!("{:x}", Sha256::digest(bytes))
}

fn count(store: &Store, table: &str) -> i64 {
    store
        .db()
        .query_row(&format!("SELECT COUNT(*) FROM {table}"), args![], |r| {
            r.get(0)
        })
        .unwrap()
}

fn copy(file: &Store, team: &Store) -> crate::Result<TeamCopy> {
    file.copy_to_team(team, &mut |_| {})
}

/// Every table of the file is either copied, with the same rows and
/// checksum on both sides, or named as skipped with a reason; the file is
/// not changed by a byte; ids go on past the file's.
#[test]
fn a_file_is_copied_whole_and_left_as_it_was() {
    let Some(team) = fresh_postgres() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let file = filled_file(dir.path());
    let path = dir.path().join("local.db");
    // The main file and the WAL hold the data; the -shm file is SQLite's
    // shared index of the WAL, which readers mark, so it is not compared.
    let before = (
        file_bytes(&path),
        file_bytes(&dir.path().join("local.db-wal")),
    );
    let mut steps = Vec::new();
    let report = file
        .copy_to_team(&team, &mut |p| steps.push((p.step, p.done, p.total)))
        .unwrap();
    let after = (
        file_bytes(&path),
        file_bytes(&dir.path().join("local.db-wal")),
    );
    assert_eq!(before, after, "the local file changed");

    assert!(report.saved);
    let tables: Vec<String> = file
        .db()
        .query_map(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
            args![],
            |r| r.get(0),
        )
        .unwrap();
    for t in &tables {
        let copied = report.tables.iter().filter(|c| &c.table == t).count();
        let skipped = report.skipped.iter().filter(|s| &s.table == t).count();
        assert_eq!(
            copied + skipped,
            1,
            "{t}: copied {copied}, skipped {skipped}"
        );
    }
    assert_eq!(report.tables.len() + report.skipped.len(), tables.len());
    for t in &report.tables {
        assert!(t.same(), "{t:?}");
        assert_eq!(t.local_rows as i64, count(&file, &t.table), "{}", t.table);
        assert_eq!(t.local_checksum.len(), 64);
    }
    let rows = |name: &str| report.tables.iter().find(|t| t.table == name).unwrap();
    assert_eq!(rows("customers").team_rows, 29);
    assert_eq!(rows("schemes").team_rows, 2);
    assert_eq!(count(&team, "customers"), 29);
    // Parents before children: customers before their contacts and audit.
    let at = |name: &str| report.tables.iter().position(|t| t.table == name).unwrap();
    assert!(at("customers") < at("customer_contacts"));
    assert!(at("audit_log") < at("audit_details"));
    assert!(at("schemes") < at("batches"));

    // The indexes set aside during the copy are all back, as a new
    // database has them.
    let indexes = |s: &Store| -> Vec<String> {
        s.db()
            .query_map(
                "SELECT indexname::text || ' ' || indexdef FROM pg_indexes
                 WHERE schemaname = current_schema() ORDER BY indexname",
                args![],
                |r| r.get(0),
            )
            .unwrap()
    };
    let fresh = fresh_postgres().unwrap();
    assert_eq!(indexes(&team), indexes(&fresh));
    assert!(indexes(&team).iter().any(|i| i.contains("gin_trgm_ops")));
    drop(fresh);

    // Values exactly: the real's bits, the escaped texts.
    let (spend, freq, name): (f64, f64, String) = team
        .db()
        .query_row(
            "SELECT spend, frequency, name FROM customers WHERE code = 'K001'",
            args![],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(spend.to_bits(), (0.1f64 + 0.2).to_bits());
    assert_eq!(freq, 1e300);
    assert_eq!(name, "客户1\t带制表符\\反斜杠");
    assert_eq!(team.setting("k").unwrap().as_deref(), Some("值\t\\N"));

    // Progress: both passes, up to the whole.
    let (_, done, total) = *steps.last().unwrap();
    assert_eq!(done, total);
    assert!(steps.iter().any(|s| s.0 == CopyStep::Copy));
    assert!(steps.iter().any(|s| s.0 == CopyStep::Check));

    // The copy is in the team's audit log, after the copied chain, whole.
    let entries = count(&file, "audit_log");
    assert_eq!(count(&team, "audit_log"), entries + 1);
    assert_eq!(report.entry_id, Some(entries + 1));
    let check = team.audit_verify().unwrap();
    assert!(check.broken.is_none(), "{check:?}");

    // A new customer on the team database gets an id past every id the
    // file gave, the purged one too (AUTOINCREMENT's promise kept).
    let given: i64 = file
        .db()
        .query_row(
            "SELECT seq FROM sqlite_sequence WHERE name = 'customers'",
            args![],
            |r| r.get(0),
        )
        .unwrap();
    let mut team = team;
    let new = team
        .insert_customer(&CustomerDraft {
            name: "团队新客户".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(new.id, given + 1);
}

/// A team database with a row in it is refused, and nothing is written.
#[test]
fn a_team_database_with_rows_is_refused() {
    let Some(team) = fresh_postgres() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let file = filled_file(dir.path());
    team.set_setting("x", "y").unwrap();
    let err = copy(&file, &team).unwrap_err();
    // The first table found with rows (the setting's audit entry, here).
    assert!(
        matches!(&err, StoreError::TeamNotEmpty { table, rows: 1 }
            if ["audit_details", "audit_log", "settings"].contains(&table.as_str())),
        "{err:?}"
    );
    assert!(err.to_string().contains("不是空的"), "{err}");
    assert_eq!(count(&team, "customers"), 0);
    assert_eq!(count(&team, "settings"), 1);
    // A second copy into a database already copied to: refused too.
    let other = fresh_postgres().unwrap();
    assert!(copy(&file, &other).unwrap().saved);
    assert!(matches!(
        copy(&file, &other),
        Err(StoreError::TeamNotEmpty { .. })
    ));
    assert_eq!(count(&other, "customers"), 29);
}

const LATER_PG: &str = "CREATE TABLE later_things (id BIGINT PRIMARY KEY, \
    customer_id BIGINT REFERENCES customers(id), b BYTEA, r DOUBLE PRECISION)";

/// A table a later version adds is copied without being listed anywhere;
/// a table the team database lacks refuses the copy, nothing written.
#[test]
fn tables_come_from_the_schema_itself() {
    let Some(team) = fresh_postgres() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let file = filled_file(dir.path());
    let tx = file.write().unwrap();
    tx.execute_batch(
        "CREATE TABLE later_things (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(id), b BLOB, r REAL);
         INSERT INTO later_things VALUES (1, 1, x'00ff10', 2.5), (2, NULL, NULL, NULL), (3, 2, x'', -1e-300);",
    )
    .unwrap();
    tx.commit().unwrap();
    team.db().execute_batch(LATER_PG).unwrap();
    let report = copy(&file, &team).unwrap();
    let t = report
        .tables
        .iter()
        .find(|t| t.table == "later_things")
        .unwrap();
    assert!(t.same() && t.team_rows == 3, "{t:?}");
    let b: Vec<u8> = team
        .db()
        .query_row("SELECT b FROM later_things WHERE id = 1", args![], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(b, vec![0, 0xff, 0x10]);

    let other = fresh_postgres().unwrap();
    other.db().execute_batch(LATER_PG).unwrap();
    let tx = file.write().unwrap();
    tx.execute_batch("CREATE TABLE only_here (id INTEGER PRIMARY KEY)")
        .unwrap();
    tx.commit().unwrap();
    let err = copy(&file, &other).unwrap_err();
    assert!(
        matches!(&err, StoreError::TeamSchemaDiffers { detail } if detail.contains("only_here")),
        "{err:?}"
    );
    assert_eq!(count(&other, "customers"), 0);
}

/// When the server holds something else than was sent (here a trigger
/// changes a name on its way in), the checksums differ, the report says
/// which table, and the whole copy is rolled back.
#[test]
fn a_difference_is_reported_and_nothing_is_kept() {
    let Some(team) = fresh_postgres() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let file = filled_file(dir.path());
    team.db()
        .execute_batch(
            "CREATE FUNCTION bend() RETURNS trigger LANGUAGE plpgsql AS $$
             BEGIN NEW.name := NEW.name || '!'; RETURN NEW; END $$;
             CREATE TRIGGER bend BEFORE INSERT ON customers FOR EACH ROW EXECUTE FUNCTION bend();",
        )
        .unwrap();
    let report = copy(&file, &team).unwrap();
    assert!(!report.saved);
    assert_eq!(report.entry_id, None);
    let differ: Vec<&str> = report
        .tables
        .iter()
        .filter(|t| !t.same())
        .map(|t| t.table.as_str())
        .collect();
    assert_eq!(differ, ["customers"]);
    let c = report
        .tables
        .iter()
        .find(|t| t.table == "customers")
        .unwrap();
    assert_eq!(c.local_rows, c.team_rows);
    assert_eq!(count(&team, "customers"), 0);
    assert_eq!(count(&team, "audit_log"), 0);
}

/// Copying needs a file on one side and a team database on the other.
#[test]
fn only_a_file_is_copied_only_into_a_team_database() {
    let dir = tempfile::tempdir().unwrap();
    let file = filled_file(dir.path());
    let other = Store::open_in_memory().unwrap();
    assert!(matches!(
        copy(&file, &other),
        Err(StoreError::CopyNeedsFile)
    ));
    let Some(team) = fresh_postgres() else {
        return;
    };
    assert!(matches!(copy(&team, &team), Err(StoreError::CopyNeedsFile)));
}
