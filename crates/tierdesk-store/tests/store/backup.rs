//! Backups: a consistent, checked copy, made even from a file opened only to
//! be read, appearing whole or not at all; the facts of a backup read
//! without changing it.

use std::path::{Path, PathBuf};

use rusqlite::Connection;
use tierdesk_domain::CustomerDraft;
use tierdesk_store::{
    backup_file, check_backup, migration_needs_backup, read_backup_facts, Store, SCHEMA_VERSION,
};

/// `n` customers C00000… with distinct names and phones.
fn drafts(from: usize, n: usize) -> Vec<CustomerDraft> {
    (from..from + n)
        .map(|i| CustomerDraft {
            code: Some(format!("C{i:05}")),
            name: format!("客户{i}"),
            phone: Some(format!("139{i:08}")),
            ..Default::default()
        })
        .collect()
}

/// A closed database of `n` customers in a fresh folder.
fn database(n: usize) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("live.db");
    let mut store = Store::open(&path).unwrap();
    store.insert_customers(&drafts(0, n)).unwrap();
    (dir, path)
}

/// Every customer's code, name and phone, sorted by code.
fn customers(path: &Path) -> Vec<(String, String, String)> {
    let conn = Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare("SELECT code, name, phone FROM customers ORDER BY code")
        .unwrap();
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap();
    rows.collect::<rusqlite::Result<_>>().unwrap()
}

/// The files in `dir`, sorted.
fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Overwrites pages in the middle of the file with noise.
fn damage_middle(path: &Path) {
    let mut bytes = std::fs::read(path).unwrap();
    let page = 4096;
    let pages = bytes.len() / page;
    assert!(
        pages >= 6,
        "too small to damage in the middle: {pages} pages"
    );
    for b in &mut bytes[(pages / 2) * page..(pages / 2 + 2) * page] {
        *b = 0x5a;
    }
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn a_file_opened_only_to_read_is_backed_up_and_stays_read_only() {
    let (dir, path) = database(300);
    let store = Store::open(&path).unwrap();
    assert!(!store.verified(), "a sound WAL file opens query_only");
    let dest = dir.path().join("backups").join("copy.db");
    store.backup_into(&dest).unwrap();
    assert_eq!(customers(&dest), customers(&path));
    assert_eq!(customers(&dest).len(), 300);
    // Still unchecked and read-only: the copy wrote nothing to the live file.
    assert!(!store.verified());
    assert_eq!(store.page_checks(), 0);
    // Only the backup, no temporary file left beside it.
    assert_eq!(files_in(&dir.path().join("backups")), ["copy.db"]);
    let facts = read_backup_facts(&dest, None);
    assert!(facts.ok, "{facts:?}");
    assert_eq!(facts.customers, 300);
    assert_eq!(facts.schema_version, SCHEMA_VERSION);
    assert!(facts.last_change.is_some());
}

#[test]
fn a_damaged_file_leaves_no_backup_behind() {
    let (dir, path) = database(2_000);
    damage_middle(&path);
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let dest = out.join("copy.db");
    let result = Store::open(&path).and_then(|store| store.backup_into(&dest));
    assert!(result.is_err(), "a damaged file gave a backup");
    assert!(files_in(&out).is_empty(), "{:?}", files_in(&out));
}

#[test]
fn an_earlier_backup_stays_when_a_new_one_fails() {
    let (dir, path) = database(2_000);
    let dest = dir.path().join("copy.db");
    Store::open(&path).unwrap().backup_into(&dest).unwrap();
    let before = std::fs::read(&dest).unwrap();
    damage_middle(&path);
    assert!(Store::open(&path)
        .and_then(|store| store.backup_into(&dest))
        .is_err());
    assert_eq!(std::fs::read(&dest).unwrap(), before);
}

#[test]
fn facts_and_the_full_check_tell_a_good_backup_from_a_bad_one() {
    let (dir, path) = database(2_000);
    let good = dir.path().join("good.db");
    Store::open(&path).unwrap().backup_into(&good).unwrap();
    let facts = check_backup(&good, None);
    assert!(facts.ok, "{facts:?}");
    assert_eq!(facts.customers, 2_000);

    let bad = dir.path().join("bad.db");
    std::fs::copy(&good, &bad).unwrap();
    damage_middle(&bad);
    let checked = check_backup(&bad, None);
    assert!(!checked.ok);
    assert!(checked.problem.is_some());

    let text = dir.path().join("notes.db");
    std::fs::write(&text, "这不是数据库".repeat(200)).unwrap();
    for facts in [read_backup_facts(&text, None), check_backup(&text, None)] {
        assert!(!facts.ok, "{facts:?}");
        assert_eq!(facts.customers, 0);
    }
    let missing = dir.path().join("missing.db");
    assert!(!read_backup_facts(&missing, None).ok);
    assert!(!missing.exists(), "reading facts created the file");

    // A SQLite file that is not TierDesk's.
    let other = dir.path().join("other.db");
    Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE notes(x); INSERT INTO notes VALUES (1);")
        .unwrap();
    let facts = check_backup(&other, None);
    assert!(!facts.ok);
    assert_eq!(facts.problem.as_deref(), Some("它不是 TierDesk 数据库"));

    // A file from a newer TierDesk.
    let newer = dir.path().join("newer.db");
    std::fs::copy(&good, &newer).unwrap();
    Connection::open(&newer)
        .unwrap()
        .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .unwrap();
    let facts = check_backup(&newer, None);
    assert!(!facts.ok);
    assert!(facts.problem.unwrap().contains("更新版本"));
    assert!(
        read_backup_facts(&newer, None).ok,
        "facts alone still read it"
    );
}

#[test]
fn a_backup_while_another_connection_writes_is_one_consistent_moment() {
    let (dir, path) = database(100);
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (path, stop) = (path.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut store = Store::open(&path).unwrap();
            let mut next = 100;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                // Ten customers per transaction: a consistent copy holds a
                // multiple of ten, each of them whole.
                store.insert_customers(&drafts(next, 10)).unwrap();
                next += 10;
            }
            next
        })
    };
    let reader = Store::open(&path).unwrap();
    let mut counts = Vec::new();
    for i in 0..8 {
        let dest = dir.path().join(format!("b{i}.db"));
        reader.backup_into(&dest).unwrap();
        let rows = customers(&dest);
        assert_eq!(
            rows.len() % 10,
            0,
            "a transaction was split: {}",
            rows.len()
        );
        for (i, (code, name, phone)) in rows.iter().enumerate() {
            assert_eq!(code, &format!("C{i:05}"));
            assert_eq!(name, &format!("客户{i}"));
            assert_eq!(phone, &format!("139{i:08}"));
        }
        counts.push(rows.len());
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let written = writer.join().unwrap();
    assert!(counts.windows(2).all(|w| w[0] <= w[1]), "{counts:?}");
    assert!(
        counts.last().unwrap() > &100,
        "the writer did not overlap the backups: {counts:?}"
    );
    assert_eq!(customers(&path).len(), written);
}

#[test]
fn a_pending_migration_of_a_file_with_customers_asks_for_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.db");
    assert!(!migration_needs_backup(&empty, None), "missing file");
    std::fs::write(&empty, b"").unwrap();
    assert!(!migration_needs_backup(&empty, None), "empty file");

    let (_keep, path) = database(5);
    assert!(!migration_needs_backup(&path, None), "up to date");
    Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", SCHEMA_VERSION - 1)
        .unwrap();
    assert!(migration_needs_backup(&path, None), "older schema");
    let dest = dir.path().join("before-migration.db");
    backup_file(&path, &dest, None).unwrap();
    let facts = check_backup(&dest, None);
    assert_eq!(facts.schema_version, SCHEMA_VERSION - 1);
    assert_eq!(facts.customers, 5);

    let fresh = dir.path().join("fresh.db");
    drop(Store::open(&fresh).unwrap());
    Connection::open(&fresh)
        .unwrap()
        .pragma_update(None, "user_version", SCHEMA_VERSION - 1)
        .unwrap();
    assert!(
        !migration_needs_backup(&fresh, None),
        "no customer, nothing to lose"
    );
}

/// The stand-in a restore puts in place of the file while it is replaced
/// refuses every read and write: if the file cannot be opened again, the
/// person's next edits fail loudly instead of going into memory.
#[test]
fn the_stand_in_during_a_replace_refuses_reads_and_writes() {
    let store = Store::closed().unwrap();
    assert!(store.customer_count().is_err());
    assert!(store
        .list_customers(&tierdesk_domain::CustomerQuery::default())
        .is_err());
    let mut store = store;
    assert!(store
        .insert_customers(&[tierdesk_domain::CustomerDraft {
            name: "不会写进内存".into(),
            ..Default::default()
        }])
        .is_err());
    assert!(store.set_setting("x", "y").is_err());
}
