//! A damaged file is refused at open with a plain sentence, before anything
//! is written to it; deleted personal data leaves the file.

use std::path::{Path, PathBuf};

use rusqlite::Connection;
use tierdesk_domain::CustomerDraft;
use tierdesk_store::{Store, StoreError};

/// A closed database of `n` customers (the log checkpointed into the file).
fn database(path: &Path, n: usize) {
    let mut store = Store::open(path).unwrap();
    let drafts: Vec<CustomerDraft> = (0..n)
        .map(|i| CustomerDraft {
            code: Some(format!("C{i:05}")),
            name: format!("客户{i}"),
            phone: Some(format!("139{i:08}")),
            ..Default::default()
        })
        .collect();
    store.insert_customers(&drafts).unwrap();
}

/// A temporary folder holding `name`, a closed database of `n` customers.
fn temp_database(name: &str, n: usize) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    database(&path, n);
    (dir, path)
}

/// Opens a damaged file: refused with the plain sentence naming the file,
/// the technical detail kept apart, and the file's bytes as they were.
fn check_refused(path: &Path) {
    check_refused_with(
        path,
        "数据库文件「{}」已损坏，TierDesk 没有打开也没有改动它。请从备份恢复这个文件，或打开另一个数据库文件",
    )
}

fn check_refused_with(path: &Path, sentence: &str) {
    let before = std::fs::read(path).unwrap();
    let err = Store::open(path).err().expect("a damaged file is refused");
    let (StoreError::Damaged { detail, .. } | StoreError::NotADatabase { detail, .. }) = &err
    else {
        panic!("{err:?}");
    };
    assert!(!detail.is_empty());
    assert_eq!(
        err.to_string(),
        sentence.replace("{}", &path.display().to_string())
    );
    assert!(
        std::fs::read(path).unwrap() == before,
        "the file was changed"
    );
}

#[test]
fn a_file_of_random_bytes_is_refused_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("random.db");
    // A fixed pseudo-random sequence (xorshift), 64 KB.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let bytes: Vec<u8> = (0..65_536)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect();
    std::fs::write(&path, bytes).unwrap();
    check_refused_with(
        &path,
        "文件「{}」不是 TierDesk 数据库文件（或已损坏），TierDesk 没有打开也没有改动它。请打开另一个数据库文件，或从备份恢复这个文件",
    );
}

#[test]
fn a_database_with_an_index_page_overwritten_is_refused_unchanged() {
    let (_dir, path) = temp_database("page.db", 2_000);
    let (root, page_size): (i64, i64) = {
        let conn = Connection::open(&path).unwrap();
        (
            conn.query_row(
                "SELECT rootpage FROM sqlite_master WHERE name = 'customers_live_name'",
                [],
                |r| r.get(0),
            )
            .unwrap(),
            conn.query_row("PRAGMA page_size", [], |r| r.get(0))
                .unwrap(),
        )
    };
    let mut bytes = std::fs::read(&path).unwrap();
    let at = ((root - 1) * page_size) as usize;
    for (i, b) in bytes[at..at + page_size as usize].iter_mut().enumerate() {
        *b = (i * 31 % 251) as u8;
    }
    std::fs::write(&path, bytes).unwrap();
    check_refused(&path);
}

#[test]
fn a_truncated_database_is_refused_unchanged() {
    let (_dir, path) = temp_database("short.db", 2_000);
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    check_refused(&path);
}

#[test]
fn a_sound_database_opens_and_an_empty_file_becomes_one() {
    let (dir, path) = temp_database("ok.db", 10);
    assert_eq!(Store::open(&path).unwrap().customer_count().unwrap(), 10);
    let empty = dir.path().join("empty.db");
    std::fs::write(&empty, b"").unwrap();
    assert_eq!(Store::open(&empty).unwrap().customer_count().unwrap(), 0);
}

/// Every place the text could be found in the raw bytes: the whole value
/// and each two-character piece (the search index keeps three-character
/// pieces, and may store a piece without its first byte or two).
fn traces(text: &str) -> Vec<Vec<u8>> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = vec![text.as_bytes().to_vec()];
    if !text.is_ascii() {
        for pair in chars.windows(2) {
            out.push(pair.iter().collect::<String>().into_bytes());
        }
    }
    out
}

fn holds(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn a_customer_deleted_for_good_leaves_no_name_or_phone_in_the_file() {
    let (dir, path) = temp_database("erase.db", 300);
    let name = "鲜于翾霙";
    let phone = "19876543210";
    let code = "QZ-7731";
    {
        let mut store = Store::open(&path).unwrap();
        let c = store
            .insert_customer(&CustomerDraft {
                code: Some(code.into()),
                name: name.into(),
                phone: Some(phone.into()),
                notes: Some(format!("{name} 的备注")),
                ..Default::default()
            })
            .unwrap();
        // The search index really holds the name before the delete.
        assert_eq!(
            store
                .list_customers(&tierdesk_domain::CustomerQuery {
                    search: Some("于翾霙".into()),
                    ..Default::default()
                })
                .unwrap()
                .total,
            1
        );
        store.delete_customers(&[c.id]).unwrap();
        assert_eq!(store.empty_recycle_bin().unwrap(), 1);
        assert_eq!(store.customer_count().unwrap(), 300);
    }
    let mut files = vec![std::fs::read(&path).unwrap()];
    for suffix in ["-wal", "-journal"] {
        let side = dir.path().join(format!("erase.db{suffix}"));
        if let Ok(bytes) = std::fs::read(side) {
            files.push(bytes);
        }
    }
    for text in [name, phone, code] {
        for trace in traces(text) {
            for bytes in &files {
                assert!(
                    !holds(bytes, &trace),
                    "「{}」 is still in the file",
                    String::from_utf8_lossy(&trace)
                );
            }
        }
    }
}
