//! A database password: an encrypted file shows nothing of SQLite, opens
//! only with its password, is never changed by a wrong one, and setting,
//! changing or removing the password keeps every row.

use std::path::{Path, PathBuf};

use tierdesk_domain::{Customer, CustomerDraft, CustomerQuery};
use tierdesk_store::{Store, StoreError};

const HEADER: &[u8] = b"SQLite format 3\0";

fn drafts(n: usize) -> Vec<CustomerDraft> {
    (0..n)
        .map(|i| CustomerDraft {
            code: Some(format!("P{i:04}")),
            name: format!("密码客户{i}"),
            phone: Some(format!("138{i:08}")),
            address: Some(format!("上海市{}号", i % 7)),
            notes: Some(format!("备注 {i}")),
            spend: Some(1000.0 * i as f64 + 0.25),
            tags: vec![format!("标签{}", i % 3)],
            manager: Some("王经理".into()),
            ..Default::default()
        })
        .collect()
}

/// Every customer, archive and recycle bin, in id order, every field.
fn everyone(store: &Store) -> Vec<Customer> {
    let mut all = Vec::new();
    for deleted in [false, true] {
        all.extend(
            store
                .list_customers(&CustomerQuery {
                    limit: 10_000,
                    deleted,
                    ..Default::default()
                })
                .unwrap()
                .items,
        );
    }
    all.sort_by_key(|c| c.id);
    all
}

fn sha(path: &Path) -> Vec<u8> {
    // A plain copy of the bytes compares as well as a hash and needs no crate.
    std::fs::read(path).unwrap()
}

fn side(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// An encrypted database of `n` customers (two of them in the recycle bin),
/// closed.
fn encrypted(dir: &Path, password: &str, n: usize) -> PathBuf {
    let path = dir.join("secret.db");
    let mut store = Store::open_with(&path, Some(password)).unwrap();
    assert!(store.has_password());
    store.insert_customers(&drafts(n)).unwrap();
    store.delete_customers(&[2, 3]).unwrap();
    path
}

#[test]
fn an_encrypted_file_has_no_sqlite_header_and_opens_only_with_its_password() {
    let dir = tempfile::tempdir().unwrap();
    let path = encrypted(dir.path(), "芝麻开门 open", 50);
    let bytes = std::fs::read(&path).unwrap();
    assert!(!bytes.starts_with(HEADER));
    assert!(!bytes.windows(HEADER.len()).any(|w| w == HEADER));
    // Nothing of the customers shows in the file.
    let name = "密码客户17".as_bytes();
    assert!(!bytes.windows(name.len()).any(|w| w == name));

    let err = Store::open(&path).err().expect("no password");
    assert!(matches!(err, StoreError::PasswordNeeded { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!(
            "「{}」不是普通的 TierDesk 数据库：它可能设了密码（请输入密码），也可能不是数据库文件",
            path.display()
        )
    );
    let err = Store::open_with(&path, Some("")).err().expect("empty");
    assert!(matches!(err, StoreError::PasswordNeeded { .. }), "{err:?}");

    let store = Store::open_with(&path, Some("芝麻开门 open")).unwrap();
    assert!(store.has_password());
    assert_eq!(store.customer_count().unwrap(), 48);
    assert_eq!(store.customer(18).unwrap().name, "密码客户17");
}

/// Five wrong passwords: each refused with the plain sentence, no panic,
/// the file's bytes the same after as before; then the right one opens it.
#[test]
fn five_wrong_passwords_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = encrypted(dir.path(), "right", 20);
    assert!(!side(&path, "-wal").exists(), "closed cleanly");
    let before = sha(&path);
    for wrong in ["wrong", "Right", "right ", "", "密码"] {
        let err = Store::open_with(&path, Some(wrong)).err().expect(wrong);
        if wrong.is_empty() {
            assert!(matches!(err, StoreError::PasswordNeeded { .. }), "{err:?}");
            continue;
        }
        assert!(matches!(err, StoreError::WrongPassword { .. }), "{err:?}");
        assert_eq!(
            err.to_string(),
            "密码不对，或者这个文件不是 TierDesk 数据库。文件没有被改动"
        );
        assert!(sha(&path) == before, "changed by {wrong:?}");
        assert!(
            !side(&path, "-wal").exists()
                || std::fs::metadata(side(&path, "-wal")).unwrap().len() == 0
        );
    }
    let store = Store::open_with(&path, Some("right")).unwrap();
    assert_eq!(store.customer_count().unwrap(), 18);
}

/// A plain file opened with a password is opened plain (the password is
/// not used); a new file opened with one is created encrypted.
#[test]
fn a_password_for_a_plain_file_is_not_used() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plain.db");
    Store::open(&path)
        .unwrap()
        .insert_customers(&drafts(3))
        .unwrap();
    let store = Store::open_with(&path, Some("unused")).unwrap();
    assert!(!store.has_password());
    assert_eq!(store.customer_count().unwrap(), 3);
    drop(store);
    assert!(std::fs::read(&path).unwrap().starts_with(HEADER));
}

/// Set, change, remove: every customer (ids, count, every field) is the
/// same after each; the ids are not reused; the search index came along;
/// the file is encrypted exactly while it has a password.
#[test]
fn set_change_remove_keeps_every_customer() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("round.db");
    let mut store = Store::open(&path).unwrap();
    store.insert_customers(&drafts(300)).unwrap();
    store.delete_customers(&[5, 6, 7]).unwrap();
    store.empty_recycle_bin().unwrap();
    store.delete_customers(&[10]).unwrap();
    let all = everyone(&store);
    assert_eq!(all.len(), 297);
    assert!(!store.has_password());

    let steps: [(Option<&str>, bool); 4] = [
        (Some("第一个密码"), true),
        (Some("second"), true),
        (None, false),
        (Some("third"), true),
    ];
    for (password, encrypted) in steps {
        store.set_password(password).unwrap();
        assert_eq!(store.has_password(), encrypted);
        assert_eq!(everyone(&store), all, "{password:?}");
        let found = store
            .list_customers(&CustomerQuery {
                search: Some("密码客户29".into()),
                limit: 100,
                ..Default::default()
            })
            .unwrap();
        assert_eq!(found.total, 11, "{password:?}"); // 29 and 290–299
        assert_eq!(
            std::fs::read(&path).unwrap().starts_with(HEADER),
            !encrypted,
            "{password:?}"
        );
        // Reopened from the file, with that password only.
        drop(store);
        if encrypted {
            assert!(Store::open(&path).is_err());
        }
        store = Store::open_with(&path, password).unwrap();
        assert_eq!(everyone(&store), all, "{password:?} reopened");
    }
    // AUTOINCREMENT survived: a new customer gets an id never used before.
    let new = store
        .insert_customer(&drafts(1)[0].clone().with_code("NEW"))
        .unwrap();
    assert_eq!(new.id, 301);
    // No temporary file is left beside it.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with("round.db"))
        .collect();
    assert!(names.is_empty(), "{names:?}");
}

trait WithCode {
    fn with_code(self, code: &str) -> Self;
}

impl WithCode for CustomerDraft {
    fn with_code(mut self, code: &str) -> Self {
        self.code = Some(code.into());
        self
    }
}

/// A failure before the rename leaves the old file open, as it was, with
/// its old password: here the copy's place is taken by a folder, and then
/// another program is still reading the file when the copy is done.
#[test]
fn a_failed_rewrite_leaves_the_file_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let path = encrypted(dir.path(), "old", 30);
    let mut store = Store::open_with(&path, Some("old")).unwrap();
    let all = everyone(&store);

    let occupied = dir.path().join(".secret.db.rekey.tmp");
    std::fs::create_dir(&occupied).unwrap();
    let err = store.set_password(Some("new")).unwrap_err();
    assert!(matches!(err, StoreError::Io { .. }), "{err:?}");
    std::fs::remove_dir(&occupied).unwrap();
    assert!(store.has_password());
    assert_eq!(everyone(&store), all);

    let reader = rusqlite::Connection::open(&path).unwrap();
    reader.pragma_update(None, "key", "old").unwrap();
    reader.execute_batch("BEGIN").unwrap();
    let n: i64 = reader
        .query_row("SELECT count(*) FROM customers", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 30);
    let err = store.set_password(Some("new")).unwrap_err();
    assert!(matches!(err, StoreError::Busy), "{err:?}");
    reader.execute_batch("COMMIT").unwrap();
    drop(reader);
    assert!(store.has_password());
    assert_eq!(everyone(&store), all);
    assert!(!occupied.exists(), "the copy was removed");

    drop(store);
    assert!(Store::open_with(&path, Some("new")).is_err());
    let mut store = Store::open_with(&path, Some("old")).unwrap();
    assert_eq!(everyone(&store), all);
    // Once nobody else reads, the change goes through.
    store.set_password(Some("new")).unwrap();
    drop(store);
    assert_eq!(
        everyone(&Store::open_with(&path, Some("new")).unwrap()),
        all
    );
}

/// The child side of the next test: rewrites the file with one password,
/// then the other, until it is killed. Does nothing in a normal test run.
#[test]
fn rekey_child() {
    let Some(path) = std::env::var_os("TIERDESK_REKEY_CHILD") else {
        return;
    };
    let path = PathBuf::from(path);
    let (mut password, mut store) = ["a", "b"]
        .iter()
        .find_map(|p| Store::open_with(&path, Some(p)).ok().map(|s| (*p, s)))
        .expect("the file opens with a or b");
    loop {
        password = if password == "a" { "b" } else { "a" };
        store.set_password(Some(password)).unwrap();
        println!("rekeyed");
    }
}

/// Killed (`SIGKILL`) at any moment of rewriting, the folder holds the old
/// file whole or the new one whole: after each kill the file opens with one
/// of the two passwords, passes the page check, and holds every customer.
/// The child says when each rewrite is done; each round lets it finish one
/// to three and then kills it a varying moment into the next, so the kills
/// land in the copy, the check, the close and the rename, however fast the
/// machine is.
#[cfg(unix)]
#[test]
fn a_rewrite_killed_at_any_moment_leaves_a_whole_file() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap();
    let path = encrypted(dir.path(), "a", 400);
    let all = everyone(&Store::open_with(&path, Some("a")).unwrap());
    let exe = std::env::current_exe().unwrap();
    let mut rewrites = 0;
    for round in 0..8u64 {
        let mut child = std::process::Command::new(&exe)
            .args([
                "password::rekey_child",
                "--exact",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("TIERDESK_REKEY_CHILD", &path)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
        let wanted = 1 + round % 3;
        let mut done = 0;
        while done < wanted {
            match lines.next() {
                Some(Ok(line)) if line == "rekeyed" => done += 1,
                Some(Ok(_)) => {}
                _ => panic!("round {round}: the child stopped"),
            }
        }
        rewrites += done;
        std::thread::sleep(std::time::Duration::from_millis(round * 41 % 230));
        child.kill().unwrap();
        child.wait().unwrap();
        let store = ["a", "b"]
            .iter()
            .find_map(|p| Store::open_with(&path, Some(p)).ok())
            .unwrap_or_else(|| panic!("round {round}: opens with neither password"));
        store.verify().unwrap();
        assert_eq!(everyone(&store), all, "round {round}");
    }
    assert_eq!(rewrites, 1 + 2 + 3 + 1 + 2 + 3 + 1 + 2);
}

/// A file of random bytes in whole pages could be an encrypted database:
/// without a password it is "maybe a password"; with one, "wrong password";
/// unchanged either way. Cut to a length no database has, it is simply not
/// a database.
#[test]
fn random_bytes_are_a_possible_password_file_only_in_whole_pages() {
    let dir = tempfile::tempdir().unwrap();
    let noise = crate::noise(65_536);
    let pages = dir.path().join("pages.db");
    std::fs::write(&pages, &noise).unwrap();
    let err = Store::open(&pages).err().unwrap();
    assert!(matches!(err, StoreError::PasswordNeeded { .. }), "{err:?}");
    let err = Store::open_with(&pages, Some("x")).err().unwrap();
    assert!(matches!(err, StoreError::WrongPassword { .. }), "{err:?}");
    assert!(std::fs::read(&pages).unwrap() == noise);

    let cut = dir.path().join("cut.db");
    std::fs::write(&cut, &noise[..65_000]).unwrap();
    for password in [None, Some("x")] {
        let err = Store::open_with(&cut, password).err().unwrap();
        assert!(matches!(err, StoreError::NotADatabase { .. }), "{err:?}");
    }
    assert!(std::fs::read(&cut).unwrap() == noise[..65_000]);
}

/// The backup of an encrypted database (`VACUUM INTO`, which SQLCipher
/// writes with the same key as the database it copies) is encrypted too: no
/// SQLite header, none of the customers' text, and it opens only with the
/// password.
#[test]
fn the_backup_of_an_encrypted_database_is_encrypted_with_its_password() {
    let dir = tempfile::tempdir().unwrap();
    let path = encrypted(dir.path(), "备份密码", 40);
    let store = Store::open_with(&path, Some("备份密码")).unwrap();
    let all = everyone(&store);
    let copy = dir.path().join("backups").join("copy.db");
    store.backup_into(&copy).unwrap();
    let bytes = std::fs::read(&copy).unwrap();
    assert!(!bytes.windows(HEADER.len()).any(|w| w == HEADER));
    let name = "密码客户17".as_bytes();
    assert!(!bytes.windows(name.len()).any(|w| w == name));
    let err = Store::open(&copy).err().expect("no password");
    assert!(matches!(err, StoreError::PasswordNeeded { .. }), "{err:?}");
    let err = Store::open_with(&copy, Some("wrong")).err().expect("wrong");
    assert!(matches!(err, StoreError::WrongPassword { .. }), "{err:?}");
    assert_eq!(
        everyone(&Store::open_with(&copy, Some("备份密码")).unwrap()),
        all
    );
    // A plain database's backup stays plain.
    let plain = dir.path().join("plain.db");
    Store::open(&plain)
        .unwrap()
        .insert_customers(&drafts(3))
        .unwrap();
    let plain_copy = dir.path().join("backups").join("plain-copy.db");
    Store::open(&plain)
        .unwrap()
        .backup_into(&plain_copy)
        .unwrap();
    assert!(std::fs::read(&plain_copy).unwrap().starts_with(HEADER));
}

/// Another program that writes right after the copy is made and closes
/// before the rewrite replaces the file leaves no log behind; without a
/// check its customer would be lost with the old file. The rewrite is
/// refused as busy instead, and the customer is there.
#[test]
fn a_write_by_another_program_during_a_rewrite_is_never_lost() {
    let dir = tempfile::tempdir().unwrap();
    let path = encrypted(dir.path(), "old", 20_000);
    let mut store = Store::open_with(&path, Some("old")).unwrap();
    let temp = dir.path().join(".secret.db.rekey.tmp");
    let other = {
        let path = path.clone();
        std::thread::spawn(move || {
            // The copy exists once the export holds the write lock; this
            // write waits for the lock and commits right after the copy.
            let started = std::time::Instant::now();
            while !temp.exists() {
                assert!(started.elapsed().as_secs() < 60, "the rewrite never began");
                std::thread::yield_now();
            }
            let mut writer = Store::open_with(&path, Some("old")).unwrap();
            writer
                .insert_customers(&[CustomerDraft {
                    name: "写在中间的客户".into(),
                    ..Default::default()
                }])
                .unwrap();
        })
    };
    let result = store.set_password(Some("new"));
    other.join().unwrap();
    let err = result.expect_err("the rewrite must not replace a file written since its copy");
    assert!(matches!(err, StoreError::Busy), "{err:?}");
    drop(store);
    let store = Store::open_with(&path, Some("old")).unwrap();
    let found = store
        .list_customers(&CustomerQuery {
            search: Some("写在中间的客户".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(found.total, 1, "the other program's customer is kept");
}
