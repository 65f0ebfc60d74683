//! Migrations: older files are brought up to date, and a migration missing
//! from a file's record runs even when a higher number already did.

use rusqlite::Connection;
use tierdesk_domain::CustomerDraft;
use tierdesk_store::{Store, SCHEMA_VERSION};

fn applied(path: &std::path::Path) -> (Vec<i64>, i64) {
    let conn = Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare("SELECT number FROM schema_migrations ORDER BY number")
        .unwrap();
    let numbers = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<Vec<i64>>>()
        .unwrap();
    let version = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    (numbers, version)
}

/// Takes 0004 out of a database, as if it had been written before it.
fn strip_0004(conn: &Connection) {
    conn.execute_batch(
        "DROP TABLE tier_overrides;
         ALTER TABLE batches DROP COLUMN overrides;",
    )
    .unwrap();
}

/// Takes 0005 out of a database, as if it had been written before it.
fn strip_0005(conn: &Connection) {
    conn.execute_batch(
        "DROP TABLE benefit_uses;
         ALTER TABLE customers DROP COLUMN imported_tier;
         ALTER TABLE import_changes DROP COLUMN imported_tier_set;",
    )
    .unwrap();
}

/// Every migration this build knows, as a fresh file records them.
fn every() -> Vec<i64> {
    tierdesk_store::migration_numbers()
}

/// Takes the migrations after 0011 out of a database, as if it had been
/// written before them (each feature's tables: contacts and dates, to-dos).
fn strip_after_0011(conn: &Connection) {
    // 0025: each scheme's revision and when it was saved.
    conn.execute_batch(
        "ALTER TABLE schemes DROP COLUMN revision; ALTER TABLE schemes DROP COLUMN updated_at;
         DELETE FROM schema_migrations WHERE number = 25;",
    )
    .unwrap();
    // 0023: nothing in a file (a team database's kept customer counts).
    conn.execute("DELETE FROM schema_migrations WHERE number = 23", [])
        .unwrap();
    // 0022: row versions and who wrote each row last.
    conn.execute_batch(
        "ALTER TABLE customers DROP COLUMN version; ALTER TABLE customers DROP COLUMN updated_by;
         ALTER TABLE followups DROP COLUMN version; ALTER TABLE followups DROP COLUMN updated_by;
         ALTER TABLE cases DROP COLUMN version; ALTER TABLE cases DROP COLUMN updated_by;
         ALTER TABLE schemes DROP COLUMN updated_by;
         DELETE FROM schema_migrations WHERE number = 22;",
    )
    .unwrap();
    // 0021: users and each customer's owner.
    conn.execute_batch(
        "DROP INDEX customers_owner; ALTER TABLE customers DROP COLUMN owner_id;
         DROP TABLE users; DELETE FROM schema_migrations WHERE number = 21;",
    )
    .unwrap();
    // 0020: the rule rows' columns (the rebuilt `todos` goes with 0014 below).
    conn.execute_batch(
        "DROP INDEX points_ledger_bonus; DROP INDEX points_ledger_batch;
         DROP INDEX points_ledger_opening; DROP INDEX points_ledger_expires;
         ALTER TABLE points_ledger DROP COLUMN bonus; ALTER TABLE points_ledger DROP COLUMN batch_id;
         DELETE FROM schema_migrations WHERE number = 20;",
    )
    .unwrap();
    // 0019: the points ledger and catalogue.
    conn.execute_batch(
        "DROP TABLE points_ledger; DROP TABLE points_catalogue;
         DELETE FROM schema_migrations WHERE number = 19;",
    )
    .unwrap();
    // 0017: churn scores, fits, alerts and their steps.
    conn.execute_batch(
        "DROP TABLE churn_alert_steps; DROP TABLE churn_alerts; DROP TABLE churn_fits;
         DROP TRIGGER churn_scores_follow_customer; DROP TABLE churn_scores;
         DELETE FROM schema_migrations WHERE number = 17;",
    )
    .unwrap();
    // 0016: survey answers (the rebuilt `imports` stays: applying 0016
    // again rebuilds it from itself).
    conn.execute_batch(
        "DROP TABLE survey_answers; DROP TABLE surveys;
         DELETE FROM schema_migrations WHERE number = 16;",
    )
    .unwrap();
    // 0015: complaints, their steps and the numbers' counter.
    conn.execute_batch(
        "DROP TABLE case_steps; DROP TABLE cases; DROP TABLE case_numbers;
         DELETE FROM schema_migrations WHERE number = 15;",
    )
    .unwrap();
    conn.execute_batch(
        "DROP TABLE customer_contacts; DROP TABLE customer_dates;
         DROP INDEX import_changes_customer; DELETE FROM schema_migrations WHERE number = 12;",
    )
    .unwrap();
    conn.execute_batch(
        "DROP TABLE todos; DROP INDEX customers_live_tier_contact;
         DROP INDEX customers_live_birthday; DELETE FROM schema_migrations WHERE number = 14;",
    )
    .unwrap();
    // 0013: follow-ups and the customer's contact dates.
    conn.execute_batch(
        "DROP TABLE followups; DROP INDEX customers_live_last_contact;
         DROP INDEX customers_live_next_contact; ALTER TABLE customers DROP COLUMN next_contact_on;
         ALTER TABLE customers DROP COLUMN contact_typed_on;
         ALTER TABLE customers DROP COLUMN contact_auto_on;
         DELETE FROM schema_migrations WHERE number = 13;",
    )
    .unwrap();
}

/// Takes 0011 (and later ones) out of a database, as if it had been written
/// before it: no audit log.
fn strip_0011(conn: &Connection) {
    strip_after_0011(conn);
    conn.execute_batch(
        "DROP TABLE audit_details; DROP TABLE audit_erased; DROP TABLE audit_log;
         DELETE FROM schema_migrations WHERE number = 11; PRAGMA user_version = 10;",
    )
    .unwrap();
}

/// Takes 0010 (and 0011) out of a database, as if it had been written
/// before it: no order-day totals.
fn strip_0010(conn: &Connection) {
    strip_0011(conn);
    conn.execute_batch(
        "DROP TRIGGER order_days_follow_customer; DROP TABLE order_days;
         DELETE FROM schema_migrations WHERE number = 10; PRAGMA user_version = 9;",
    )
    .unwrap();
}

/// Takes 0009 (and 0010) out of a database, as if it had been written
/// before it: `customers` without AUTOINCREMENT and `revision`, the import
/// changes without their revisions, the search index without secure-delete.
fn strip_0009(conn: &Connection) {
    strip_0010(conn);
    let table: String = conn
        .query_row(
            "SELECT sql FROM sqlite_master WHERE name = 'customers'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let old_table = table
        .replace("CREATE TABLE \"customers\"", "CREATE TABLE customers_old")
        .replace("CREATE TABLE customers (", "CREATE TABLE customers_old (")
        .replace(" AUTOINCREMENT", "")
        .replace(",\n    revision           INTEGER NOT NULL DEFAULT 0", "");
    assert!(
        old_table.starts_with("CREATE TABLE customers_old"),
        "{old_table}"
    );
    assert!(!old_table.contains("revision"), "{old_table}");
    let objects: Vec<String> = {
        let mut stmt = conn
            .prepare(
                "SELECT sql FROM sqlite_master WHERE tbl_name = 'customers'
                 AND type IN ('index', 'trigger') AND sql IS NOT NULL",
            )
            .unwrap();
        let rows = stmt.query_map([], |r| r.get(0)).unwrap();
        rows.collect::<rusqlite::Result<_>>().unwrap()
    };
    conn.execute_batch("PRAGMA foreign_keys = OFF; BEGIN;")
        .unwrap();
    conn.execute_batch(&old_table).unwrap();
    conn.execute_batch(
        "INSERT INTO customers_old SELECT id, code, name, name_initials, name_key, phone, phone_key,
             spend, frequency, tenure_years, influence, tier, last_rated_on, next_rating_on, gender,
             birth_date, email, address, registered_on, last_contact_on, preferred_category, notes,
             manager, tags, fields, search_text, created_at, updated_at, deleted_at, imported_tier
         FROM customers;
         DROP TABLE customers;
         ALTER TABLE customers_old RENAME TO customers;
         DELETE FROM sqlite_sequence WHERE name = 'customers';
         ALTER TABLE import_changes DROP COLUMN revision_before;
         ALTER TABLE import_changes DROP COLUMN revision_after;
         INSERT INTO customers_fts(customers_fts, rank) VALUES ('secure-delete', 0);
         DELETE FROM schema_migrations WHERE number = 9;
         PRAGMA user_version = 8;",
    )
    .unwrap();
    for sql in objects {
        conn.execute_batch(&sql).unwrap();
    }
    conn.execute_batch("COMMIT; PRAGMA foreign_keys = ON;")
        .unwrap();
}

#[test]
fn a_file_from_before_the_record_gets_0004_0005_and_the_back_fill() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let mut store = Store::open(&path).unwrap();
        for (name, tier) in [("甲", Some("VIP")), ("乙", None)] {
            store
                .insert_customer(&CustomerDraft {
                    name: name.into(),
                    tier: tier.map(Into::into),
                    ..Default::default()
                })
                .unwrap();
        }
    }
    {
        let conn = Connection::open(&path).unwrap();
        strip_0009(&conn);
        strip_0005(&conn);
        strip_0004(&conn);
        conn.execute_batch("DROP TABLE schema_migrations; PRAGMA user_version = 3;")
            .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.imported_tiers().unwrap(), vec![(1, "VIP".to_owned())]);
    drop(store);
    assert_eq!(applied(&path), (every(), SCHEMA_VERSION));
    assert!(every().starts_with(&(1..=11).collect::<Vec<_>>()));
}

#[test]
fn a_migration_missing_from_the_record_runs_after_a_higher_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gap.db");
    drop(Store::open(&path).unwrap());
    {
        // The file is at the newest version but lacks 0004, as a file
        // written by a build that shipped 0005 before 0004 would.
        let conn = Connection::open(&path).unwrap();
        strip_0004(&conn);
        conn.execute("DELETE FROM schema_migrations WHERE number = 4", [])
            .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert!(store.imported_tiers().unwrap().is_empty());
    drop(store);
    assert_eq!(applied(&path), (every(), SCHEMA_VERSION));
    let conn = Connection::open(&path).unwrap();
    let n: i64 = conn
        .query_row("SELECT count(*) FROM tier_overrides", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 0, "0004's table is there");
    drop(conn);
    // Opening again runs nothing twice.
    drop(Store::open(&path).unwrap());
    assert_eq!(applied(&path).0, every());
}

#[test]
fn order_lines_survive_0006_and_0007() {
    use tierdesk_domain::{LineOwner, OwnedLine, TransactionDraft, TxKind};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lines.db");
    {
        let mut store = Store::open(&path).unwrap();
        let id = store
            .insert_customer(&CustomerDraft {
                name: "甲".into(),
                ..Default::default()
            })
            .unwrap()
            .id;
        let at = chrono::NaiveDate::from_ymd_opt(2024, 5, 1)
            .unwrap()
            .and_hms_opt(9, 30, 0)
            .unwrap();
        let lines: Vec<OwnedLine> = (0..3)
            .map(|i| OwnedLine {
                owner: LineOwner::Existing(id),
                line: TransactionDraft {
                    order_no: format!("O{i}"),
                    customer_code: None,
                    customer_name: None,
                    occurred_at: at,
                    product: None,
                    quantity: 1.0,
                    unit_price: Some(10.0),
                    amount: 10.0,
                    kind: TxKind::Purchase,
                },
            })
            .collect();
        let new = crate::order_import(3);
        store
            .apply_transaction_import(&new, &[], &[], &lines, |_, _| None)
            .unwrap();
    }
    {
        // As a file written before 0006 would be at its next opening.
        let conn = Connection::open(&path).unwrap();
        strip_0009(&conn);
        conn.execute("DELETE FROM schema_migrations WHERE number >= 6", [])
            .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.transaction_count().unwrap(), 3);
    let totals = store.line_totals(1).unwrap().unwrap();
    assert_eq!((totals.spend, totals.orders), (30.0, 3));
    drop(store);
    assert_eq!(applied(&path).0, every());
    let conn = Connection::open(&path).unwrap();
    let index: String = conn
        .query_row(
            "SELECT sql FROM sqlite_master WHERE name = 'transactions_customer'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(index.ends_with("transactions(customer_id)"), "{index}");
    let trigger: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name = 'transactions_follow_customer'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(trigger, 1);
}

/// The check on a line's kind still refuses other words, and is made of
/// plain comparisons: no temporary table built for every line stored.
#[test]
fn the_kind_check_refuses_other_words_cheaply() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kind.db");
    drop(Store::open(&path).unwrap());
    let conn = Connection::open(&path).unwrap();
    let insert =
        "INSERT INTO transactions(customer_id, order_no, occurred_at, quantity, amount, kind)
                  VALUES (1, 'A1', '2024-05-01 09:30:00', 1, 10, ?1)";
    for kind in ["purchase", "return", "cancellation"] {
        conn.execute(insert, [kind]).unwrap();
    }
    let refused = conn.execute(insert, ["gift"]).unwrap_err().to_string();
    assert!(refused.contains("CHECK"), "{refused}");
    let mut plan = conn.prepare(&format!("EXPLAIN {insert}")).unwrap();
    let ops: Vec<String> = plan
        .query_map(["purchase"], |r| r.get(1))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert!(ops.iter().any(|o| o == "Insert"), "{ops:?}");
    assert!(!ops.iter().any(|o| o == "OpenEphemeral"), "{ops:?}");
}

/// A table that gets an index from a migration, in a file that has the
/// planner's statistics, is analysed whole at once: the new index gets
/// statistics, and the others are brought up to date with it (without,
/// SQLite took the new (tier, name) index for lists sorted by spend, and
/// old statistics beside new ones misled it too); a file without
/// statistics is left without.
#[test]
fn a_table_given_an_index_in_an_analysed_file_is_analysed_again() {
    let dir = tempfile::tempdir().unwrap();
    let stats_of = |path: &std::path::Path, index: &str| -> Option<String> {
        let conn = Connection::open(path).unwrap();
        let has: bool = conn
            .query_row(
                "SELECT count(*) > 0 FROM sqlite_master WHERE name = 'sqlite_stat1'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        has.then(|| {
            conn.query_row(
                "SELECT stat FROM sqlite_stat1 WHERE idx = ?1",
                [index],
                |r| r.get(0),
            )
            .unwrap_or_default()
        })
    };
    let drafts = |from: usize, n: usize| -> Vec<CustomerDraft> {
        (from..from + n)
            .map(|i| CustomerDraft {
                name: format!("客户{i}"),
                tier: Some(if i % 4 == 0 { "gold" } else { "regular" }.into()),
                ..Default::default()
            })
            .collect()
    };
    for analysed in [true, false] {
        let path = dir.path().join(format!("stats-{analysed}.db"));
        {
            let mut store = Store::open(&path).unwrap();
            store.insert_customers(&drafts(0, 40)).unwrap();
            if analysed {
                store.analyze().unwrap();
            }
            // The archive grows after the statistics were taken.
            store.insert_customers(&drafts(40, 20)).unwrap();
        }
        {
            // As the file was before 0008.
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(
                "DROP INDEX customers_live_tier_name;
                 DELETE FROM schema_migrations WHERE number = 8;
                 PRAGMA user_version = 7;",
            )
            .unwrap();
        }
        assert_eq!(stats_of(&path, "customers_live_tier").is_some(), analysed);
        if analysed {
            assert!(stats_of(&path, "customers_live_tier")
                .unwrap()
                .starts_with("40 "));
            assert_eq!(stats_of(&path, "customers_live_tier_name").unwrap(), "");
        }
        drop(Store::open(&path).unwrap());
        for index in [
            "customers_live_tier_name",
            "customers_live_tier",
            "customers_live_name",
        ] {
            match stats_of(&path, index) {
                Some(stat) => {
                    assert!(analysed);
                    assert!(stat.starts_with("60 "), "{index}: {stat}");
                }
                None => assert!(!analysed),
            }
        }
    }
}

/// Everything SQLite keeps about a table's indexes and triggers, by name.
fn schema_of(conn: &Connection, table: &str) -> Vec<(String, String)> {
    let mut stmt = conn
        .prepare(
            "SELECT name, COALESCE(sql, '') FROM sqlite_master
             WHERE tbl_name = ?1 AND type IN ('index', 'trigger') ORDER BY name",
        )
        .unwrap();
    let rows = stmt
        .query_map([table], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    rows.collect::<rusqlite::Result<_>>().unwrap()
}

#[test]
fn migration_0009_keeps_every_customer_and_what_points_at_them_and_never_reuses_an_id() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let kept_id;
    {
        let mut store = Store::open(&path).unwrap();
        for (code, name) in [("A1", "张三丰"), ("A2", "李四"), ("A3", "王五")] {
            store
                .insert_customer(&CustomerDraft {
                    code: Some(code.into()),
                    name: name.into(),
                    phone: Some("13900000000".into()),
                    ..Default::default()
                })
                .unwrap();
        }
        kept_id = store.customer_by_code("A1").unwrap().unwrap().id;
    }
    let before = {
        let conn = Connection::open(&path).unwrap();
        strip_0009(&conn);
        // As an old file: a rating's history of 张三丰, a benefit use; import
        // 1 (February) created customer 9, since deleted for good (its id is
        // the largest ever used, and only the import remembers it), and
        // customer 2, deleted for good too, whose id 李四 (added by hand in
        // March) was then given; import 2 (April) created 王五; import 3
        // updated 张三丰, who was edited by hand in May.
        conn.execute_batch(
            "UPDATE customers SET created_at = '2025-01-05 08:00:00', updated_at = '2025-05-01 10:00:00' WHERE id = 1;
             UPDATE customers SET created_at = '2025-03-01 10:00:00', updated_at = '2025-03-01 10:00:00' WHERE id = 2;
             UPDATE customers SET created_at = '2025-04-01 09:00:03', updated_at = '2025-04-01 09:00:03' WHERE id = 3;",
        )
        .unwrap();
        conn.execute_batch(
            "INSERT INTO schemes VALUES ('star4', 1, '四星', '{}', '2024-01-01 00:00:00');
             INSERT INTO batches(id, scheme_key, scheme_version, period, as_of, applied_at, applied_by,
                 customers, moved) VALUES (1, 'star4', 1, '2024', '2024-12-31', 'x', 'x', 1, 1);
             INSERT INTO tier_history(customer_id, batch_id, from_tier, to_tier, reason, who, at)
                 VALUES (1, 1, NULL, 'gold', '规则', '测试', '2024-12-31 00:00:00');
             INSERT INTO benefit_uses(customer_id, benefit, tier, scheme_key, used_on, created_at)
                 VALUES (1, '生日礼', 'gold', 'star4', '2025-01-02', '2025-01-02 00:00:00');
             INSERT INTO imports(id, kind, file, sheet, mapping, rows_read, inserted, updated,
                 unchanged, skipped, rejected, created_at, who)
                 VALUES (1, 'customers', 'a.xlsx', 'S', '{}', 2, 2, 0, 0, 0, 0, '2025-02-01 09:00:00', 'x'),
                        (2, 'customers', 'b.xlsx', 'S', '{}', 1, 1, 0, 0, 0, 0, '2025-04-01 09:00:00', 'x'),
                        (3, 'customers', 'c.xlsx', 'S', '{}', 1, 0, 1, 0, 0, 0, '2025-04-02 09:00:00', 'x');
             INSERT INTO import_changes(import_id, customer_id, action) VALUES (1, 9, 'inserted');
             INSERT INTO import_changes(import_id, customer_id, action) VALUES (1, 2, 'inserted');
             INSERT INTO import_changes(import_id, customer_id, action) VALUES (2, 3, 'inserted');
             INSERT INTO import_changes(import_id, customer_id, action, previous)
                 SELECT 3, 1, 'updated', json_object('name', '张三丰') ;",
        )
        .unwrap();
        assert_eq!(applied(&path), ((1..=8).collect::<Vec<i64>>(), 8));
        schema_of(&conn, "customers")
    };
    let mut store = Store::open(&path).unwrap();
    assert_eq!(applied(&path), (every(), SCHEMA_VERSION));
    assert_eq!(store.customer_count().unwrap(), 3);
    assert_eq!(store.customer(kept_id).unwrap().name, "张三丰");
    assert_eq!(store.tier_history(kept_id).unwrap().len(), 1);
    {
        let conn = Connection::open(&path).unwrap();
        // 0010 adds its own trigger on customers after 0009 has run, and
        // later migrations their indexes.
        let later = [
            "order_days_follow_customer",
            "customers_live_tier_contact",
            "customers_live_birthday",
            "customers_live_last_contact",
            "customers_live_next_contact",
            "churn_scores_follow_customer",
            "customers_owner",
        ];
        let mut after = schema_of(&conn, "customers");
        after.retain(|(name, _)| !later.contains(&name.as_str()));
        assert_eq!(after, before, "indexes and triggers as they were");
        let table: String = conn
            .query_row(
                "SELECT sql FROM sqlite_master WHERE name = 'customers'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(
            table.contains("INTEGER PRIMARY KEY AUTOINCREMENT"),
            "{table}"
        );
        let n: i64 = conn
            .query_row("SELECT count(*) FROM benefit_uses", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 1);
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok");
    }
    // The search index still finds the customers it held.
    let found = store
        .list_customers(&tierdesk_domain::CustomerQuery {
            search: Some("张三丰".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        found.items.iter().map(|c| c.id).collect::<Vec<_>>(),
        [kept_id]
    );
    // The next customer gets 10: 9 was an import's, though no customer holds it.
    let next = store
        .insert_customer(&CustomerDraft {
            name: "新客户".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(next.id, 10);
    // Import 3's 张三丰 was edited by hand after it: undo refuses, and
    // changes nothing.
    let refused = store.undo_import(3).unwrap_err().to_string();
    assert!(refused.contains("张三丰"), "{refused}");
    assert_eq!(store.customer_count().unwrap(), 4);
    // Import 2 created 王五 within its own minute: undo removes exactly him.
    let live = |s: &Store| crate::live_sorted(s, |c| Some(c.name));
    store.undo_import(2).unwrap();
    assert_eq!(live(&store), ["张三丰", "新客户", "李四"]);
    // Import 1's customer 2 is 李四, added by hand a month after the import
    // (an id given out again): undo refuses to delete him.
    let refused = store.undo_import(1).unwrap_err().to_string();
    assert!(refused.contains("李四"), "{refused}");
    assert_eq!(live(&store), ["张三丰", "新客户", "李四"]);
    // Deleting a customer still cascades into its history and benefits.
    store.delete_customers(&[kept_id]).unwrap();
    store.empty_recycle_bin().unwrap();
    assert!(store.tier_history(kept_id).unwrap().is_empty());
}

/// An old file with a history row that already pointed at a missing
/// customer (a slip of an earlier version) still opens after the upgrade:
/// only rows the upgrade itself would break refuse it.
#[test]
fn an_old_slip_does_not_refuse_the_file_for_ever() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let mut store = Store::open(&path).unwrap();
        store
            .insert_customer(&CustomerDraft {
                code: Some("A1".into()),
                name: "张三".into(),
                ..Default::default()
            })
            .unwrap();
    }
    {
        let conn = Connection::open(&path).unwrap();
        strip_0009(&conn);
        conn.execute_batch(
            "PRAGMA foreign_keys = OFF;
             INSERT INTO tier_history(customer_id, batch_id, from_tier, to_tier, reason, who, at)
                 VALUES (77, NULL, NULL, 'gold', '旧版本', '测试', '2024-12-31 00:00:00');",
        )
        .unwrap();
    }
    for _ in 0..2 {
        let store = Store::open(&path).unwrap();
        assert_eq!(applied(&path), (every(), SCHEMA_VERSION));
        assert_eq!(store.customer_count().unwrap(), 1);
    }
}
