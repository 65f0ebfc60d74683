//! `tierdesk backup create|list|restore`, and a restore killed with SIGKILL
//! at moments spread over its whole run: the database is always the old
//! file or the restored one, whole.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Instant;

use rusqlite::Connection;
use serde_json::Value;

use super::{command, kill};

/// `tierdesk --db <db>` with its backups folder under `dir`.
fn backup_cmd(dir: &Path, db: &Path, args: &[&str]) -> Command {
    let mut cmd = command(db);
    cmd.env("TIERDESK_BACKUP_DIR", dir.join("backups"))
        .args(args);
    cmd
}

fn run(dir: &Path, db: &Path, args: &[&str]) -> Output {
    backup_cmd(dir, db, args).output().expect("run tierdesk")
}

fn run_ok(dir: &Path, db: &Path, args: &[&str]) -> Output {
    let out = run(dir, db, args);
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn json(dir: &Path, db: &Path, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.push("--json");
    serde_json::from_slice(&run_ok(dir, db, &all).stdout).unwrap()
}

/// How many customers, and every customer's identity as one text.
fn customers(db: &Path) -> (i64, String) {
    let conn = Connection::open(db).unwrap();
    conn.query_row(
        "SELECT count(*), COALESCE(group_concat(row, char(10)), '') FROM (
             SELECT concat_ws('|', id, code, name, phone, spend, tier, deleted_at) AS row
             FROM customers ORDER BY id)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .unwrap()
}

fn integrity(db: &Path) -> String {
    let conn = Connection::open(db).unwrap();
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn create_list_and_restore_with_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    run_ok(dir.path(), &db, &["demo", "--customers", "120"]);
    let made = json(dir.path(), &db, &["backup", "create"]);
    assert_eq!(made["customers"], 120);
    assert_eq!(made["ok"], true);
    assert_eq!(made["reason"], "manual");
    let elsewhere = dir.path().join("copy.db");
    let copy = json(
        dir.path(),
        &db,
        &["backup", "create", elsewhere.to_str().unwrap()],
    );
    assert_eq!(copy["file"], elsewhere.display().to_string());
    assert_eq!(copy["reason"], Value::Null);

    let list = json(dir.path(), &db, &["backup", "list"]);
    let list = list.as_array().unwrap();
    assert_eq!(
        list.len(),
        1,
        "a backup written elsewhere is not in the folder"
    );
    let line = list[0].as_object().unwrap();
    let mut keys: Vec<&str> = line.keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "bytes",
            "created_at",
            "customers",
            "file",
            "last_change",
            "ok",
            "reason"
        ]
    );
    assert_eq!(line["file"], made["file"]);
    assert_eq!(line["customers"], 120);
    assert_eq!(line["ok"], true);
    assert_eq!(
        line["bytes"].as_u64().unwrap(),
        std::fs::metadata(line["file"].as_str().unwrap())
            .unwrap()
            .len()
    );

    let before = customers(&db);
    run_ok(dir.path(), &db, &["demo", "--customers", "30"]);
    assert_eq!(customers(&db).0, 150);
    // A bare name from the list is found in the folder.
    let name = Path::new(made["file"].as_str().unwrap())
        .file_name()
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    let restored = json(dir.path(), &db, &["backup", "restore", &name]);
    assert_eq!(restored["customers_before"], 150);
    assert_eq!(restored["customers_after"], 120);
    // The safety backup's name says why it was taken (`-restore.db`, or
    // `-restore-2.db` after the manual one in the same second).
    let safety = restored["safety_backup"].as_str().unwrap();
    let file = Path::new(safety).file_name().unwrap().to_str().unwrap();
    let (_, why) = tierdesk_api::parse_backup_name(file).expect("a backup's name");
    assert_eq!(why, tierdesk_api::BackupReason::Restore, "{safety}");
    assert_eq!(customers(&db), before);
    let text = String::from_utf8(run_ok(dir.path(), &db, &["backup", "list"]).stdout).unwrap();
    assert!(text.contains("恢复前"), "{text}");
    assert!(text.contains("手动"), "{text}");

    // A refusal says why in Chinese, exits 1 and changes nothing.
    let out = run(dir.path(), &db, &["backup", "restore", "nowhere.db"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "错误：找不到备份文件「nowhere.db」，当前数据库没有改动"
    );
    let out = run(dir.path(), &db, &["backup", "create", db.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(customers(&db), before);
}

/// A database of `n` demo customers, closed, in `dir`.
fn demo(dir: &Path, name: &str, n: &str) -> PathBuf {
    let db = dir.join(name);
    run_ok(dir, &db, &["demo", "--customers", n, "--seed", "5"]);
    db
}

fn rounds() -> usize {
    std::env::var("TIERDESK_STRESS_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(12)
}

#[test]
fn a_restore_killed_at_any_moment_leaves_the_old_file_or_the_new_one_whole() {
    let dir = tempfile::tempdir().unwrap();
    let base = demo(dir.path(), "base.db", "3000");
    let backup = dir.path().join("backup.db");
    run_ok(
        dir.path(),
        &base,
        &["backup", "create", backup.to_str().unwrap()],
    );
    run_ok(dir.path(), &base, &["demo", "--customers", "1500"]);
    let old = customers(&base);
    let new = customers(&backup);
    assert_eq!((old.0, new.0), (4_500, 3_000));

    // One whole restore, to spread the kills over its length.
    let timed = dir.path().join("timed.db");
    std::fs::copy(&base, &timed).unwrap();
    let started = Instant::now();
    run_ok(
        dir.path(),
        &timed,
        &["backup", "restore", backup.to_str().unwrap()],
    );
    let took = started.elapsed();
    assert_eq!(customers(&timed), new);

    let n = rounds();
    let (mut olds, mut news) = (0, 0);
    for round in 0..n {
        let db = dir.path().join(format!("kill{round}.db"));
        std::fs::copy(&base, &db).unwrap();
        let at = took.mul_f64(1.2 * (round as f64 + 0.5) / n as f64);
        let child = backup_cmd(
            dir.path(),
            &db,
            &["backup", "restore", backup.to_str().unwrap()],
        )
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
        std::thread::sleep(at);
        kill(child);
        let report = format!("round {round}, killed after {at:?} of {took:?}");
        assert_eq!(integrity(&db), "ok", "{report}");
        let now = customers(&db);
        if now == old {
            olds += 1;
        } else if now == new {
            news += 1;
        } else {
            panic!("{report}: {} customers, neither file", now.0);
        }
        // And the file opens and works for the program itself.
        run_ok(dir.path(), &db, &["info"]);
    }
    eprintln!("restore killed: {olds} rounds left the old file, {news} the restored one ({took:?} a restore)");
    assert_eq!(olds + news, n);
}
