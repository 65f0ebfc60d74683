//! `tierdesk password set|change|remove|status` and opening an encrypted
//! file with `--password-file` or `TIERDESK_DB_PASSWORD`.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

const HEADER: &[u8] = b"SQLite format 3\0";

/// `tierdesk --db <db> args…` with no password from the environment unless
/// `env` gives one.
fn run(db: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tierdesk"));
    cmd.arg("--db")
        .arg(db)
        .env_remove("TIERDESK_DB")
        .env_remove("TIERDESK_DB_PASSWORD")
        .env_remove("TIERDESK_NEW_DB_PASSWORD")
        .args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run tierdesk")
}

fn ok(db: &Path, args: &[&str], env: &[(&str, &str)]) -> String {
    let out = run(db, args, env);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Fails with exit code 1 and the Chinese sentence containing `words`, no
/// panic and none of SQLCipher's own English.
fn refused(db: &Path, args: &[&str], env: &[(&str, &str)], words: &str) {
    let out = run(db, args, env);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
    assert!(stderr.contains(words), "{args:?}: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        !stderr.contains("hmac") && !stderr.contains("ERROR"),
        "{stderr}"
    );
}

/// The customers as `customers list --json` prints them.
fn customers(db: &Path, env: &[(&str, &str)]) -> Value {
    let out = ok(db, &["customers", "list", "--json", "--limit", "1000"], env);
    serde_json::from_str(&out).unwrap()
}

#[test]
fn set_open_change_remove_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    ok(&db, &["demo", "--customers", "60"], &[]);
    let all = customers(&db, &[]);
    assert!(std::fs::read(&db).unwrap().starts_with(HEADER));

    // The new password from a file: the first line, its CRLF stripped.
    let new_file = dir.path().join("new.txt");
    std::fs::write(&new_file, "开门 密码\r\nsecond line is not read\n").unwrap();
    let said = ok(
        &db,
        &[
            "password",
            "set",
            "--new-password-file",
            new_file.to_str().unwrap(),
        ],
        &[],
    );
    assert!(said.contains("已设置密码"), "{said}");
    let bytes = std::fs::read(&db).unwrap();
    assert!(!bytes.windows(HEADER.len()).any(|w| w == HEADER));

    // Without the password: the sentence and exit code 1, not a panic.
    refused(&db, &["info"], &[], "可能设了密码（请输入密码）");
    refused(
        &db,
        &["info"],
        &[("TIERDESK_DB_PASSWORD", "开门")],
        "密码不对，或者这个文件不是 TierDesk 数据库。文件没有被改动",
    );
    assert!(
        std::fs::read(&db).unwrap() == bytes,
        "a wrong try changed the file"
    );
    // With it, from a file or from the environment.
    let pw_file = dir.path().join("pw.txt");
    std::fs::write(&pw_file, "开门 密码\n").unwrap();
    let with_file = ["--password-file", pw_file.to_str().unwrap()];
    assert_eq!(
        customers(&db, &[("TIERDESK_DB_PASSWORD", "开门 密码")]),
        all
    );
    let mut args = with_file.to_vec();
    args.extend(["password", "status", "--json"]);
    let status: Value = serde_json::from_str(&ok(&db, &args, &[])).unwrap();
    assert_eq!(status["password"], true);

    // Change: the current one from the file, the new one from the environment.
    let mut args = with_file.to_vec();
    args.extend(["password", "change"]);
    ok(&db, &args, &[("TIERDESK_NEW_DB_PASSWORD", "new-pass")]);
    refused(
        &db,
        &args[..2]
            .iter()
            .copied()
            .chain(["info"])
            .collect::<Vec<_>>(),
        &[],
        "密码不对",
    );
    assert_eq!(customers(&db, &[("TIERDESK_DB_PASSWORD", "new-pass")]), all);

    // Remove: a plain file again, every customer kept.
    ok(
        &db,
        &["password", "remove"],
        &[("TIERDESK_DB_PASSWORD", "new-pass")],
    );
    assert!(std::fs::read(&db).unwrap().starts_with(HEADER));
    assert_eq!(customers(&db, &[]), all);
    let status: Value =
        serde_json::from_str(&ok(&db, &["password", "status", "--json"], &[])).unwrap();
    assert_eq!(status["password"], false);
}

/// A password is never an argument; a missing one is asked for in Chinese.
#[test]
fn passwords_come_from_files_or_the_environment_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("args.db");
    ok(&db, &["demo", "--customers", "3"], &[]);
    let out = run(&db, &["password", "set", "--new-password", "x"], &[]);
    assert_eq!(out.status.code(), Some(2));
    refused(&db, &["password", "set"], &[], "--new-password-file");
    refused(
        &db,
        &["password", "change"],
        &[("TIERDESK_NEW_DB_PASSWORD", "n")],
        "没有设密码",
    );
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "\nsecret on line two\n").unwrap();
    refused(
        &db,
        &[
            "password",
            "set",
            "--new-password-file",
            empty.to_str().unwrap(),
        ],
        &[],
        "第一行是空的",
    );
    refused(
        &db,
        &["--password-file", "/no/such/file", "info"],
        &[],
        "无法读取密码文件「/no/such/file」",
    );
    assert!(std::fs::read(&db).unwrap().starts_with(HEADER));
    // Change and remove need the current password.
    ok(
        &db,
        &["password", "set"],
        &[("TIERDESK_NEW_DB_PASSWORD", "p1")],
    );
    refused(&db, &["password", "remove"], &[], "可能设了密码");
}

#[test]
fn a_backup_from_before_a_password_change_restores_with_backup_password_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("old.db");
    ok(&db, &["demo", "--customers", "12"], &[]);
    ok(
        &db,
        &["password", "set"],
        &[("TIERDESK_NEW_DB_PASSWORD", "第一个")],
    );
    let first = [("TIERDESK_DB_PASSWORD", "第一个")];
    let made: Value =
        serde_json::from_str(&ok(&db, &["backup", "create", "--json"], &first)).unwrap();
    let backup = made["file"].as_str().unwrap().to_owned();
    let before = customers(&db, &first);
    ok(
        &db,
        &["password", "change"],
        &[
            ("TIERDESK_DB_PASSWORD", "第一个"),
            ("TIERDESK_NEW_DB_PASSWORD", "第二个"),
        ],
    );
    let second = [("TIERDESK_DB_PASSWORD", "第二个")];
    ok(&db, &["customers", "delete", "1"], &second);
    let listed = ok(&db, &["backup", "list"], &second);
    assert!(listed.contains("用当时的密码加密"), "{listed}");
    // Without the password of that time: refused, nothing changed.
    refused(
        &db,
        &["backup", "restore", &backup],
        &second,
        "做这个备份时的密码",
    );
    assert_eq!(customers(&db, &second)["total"], 11);
    let pw = dir.path().join("old-password.txt");
    std::fs::write(&pw, "第一个\n").unwrap();
    let restore = [
        "backup",
        "restore",
        backup.as_str(),
        "--backup-password-file",
        pw.to_str().unwrap(),
    ];
    ok(&db, &restore, &second);
    // The file has the password of that time again, and every customer.
    refused(&db, &["customers", "list"], &second, "密码");
    assert_eq!(customers(&db, &first), before);
}
