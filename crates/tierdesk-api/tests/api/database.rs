//! The check of the database file's pages, which the app runs in the
//! background once its first screen is drawn.
//!
//! SQLite only: about the file's pages (a team database's are its server's).

use tierdesk_api::{Api, ErrorCode};

/// A sound file passes; the same file with its last page overwritten opens
/// (opening reads no more than it needs), is reported as damaged in plain
/// Chinese by `verify_database` and refuses a write, and keeps its bytes.
#[test]
fn verify_database_reports_a_damaged_file_without_changing_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("check.db");
    {
        let mut api = Api::open(&path).unwrap();
        api.fill_demo(500, 7, |_| {}).unwrap();
    }
    Api::open(&path).unwrap().verify_database().unwrap();

    let mut bytes = std::fs::read(&path).unwrap();
    let page = 4096;
    let last = bytes.len() - page;
    for (i, b) in bytes[last..].iter_mut().enumerate() {
        *b = (i * 31 % 251) as u8;
    }
    std::fs::write(&path, &bytes).unwrap();

    let api = Api::open(&path).unwrap();
    let sentence = format!(
        "数据库文件「{}」已损坏，TierDesk 没有改动它。请从备份恢复这个文件，或打开另一个数据库文件",
        path.display()
    );
    let err = api.verify_database().unwrap_err();
    assert_eq!(
        (err.code, err.message.as_str()),
        (ErrorCode::Database, sentence.as_str())
    );
    let err = api.set_setting("theme", "dark").unwrap_err();
    assert_eq!(
        (err.code, err.message.as_str()),
        (ErrorCode::Database, sentence.as_str())
    );
    drop(api);
    assert!(
        std::fs::read(&path).unwrap() == bytes,
        "the file was changed"
    );
}
