//! The command line on a team database (`--db postgres://…`, or the URL in
//! `TIERDESK_DB`): a sheet imported, the customers listed, a rating applied
//! and read back, as on a file; the commands about the database file itself
//! (backups, its password) refused in Chinese, nothing written. Needs a test
//! server (`TIERDESK_TEST_PG`, see scripts/pg-test.sh).

use std::process::{Command, Output};

use serde_json::Value;

const ADMIN_PASSWORD: &str = "team-admin-secret";

/// `tierdesk <args> --json` on the team database at `url` (named by
/// `TIERDESK_DB`), signed in as its 管理员.
fn team(url: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tierdesk"))
        .args(args)
        .env("TIERDESK_DB", url)
        .env("TIERDESK_USER", "admin")
        .env("TIERDESK_USER_PASSWORD", ADMIN_PASSWORD)
        .env("TIERDESK_NEW_USER_PASSWORD", ADMIN_PASSWORD)
        .env("TIERDESK_NEW_DB_PASSWORD", "file-password-1")
        .env_remove("TIERDESK_DB_PASSWORD")
        .output()
        .expect("run tierdesk")
}

fn json(url: &str, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.push("--json");
    let out = team(url, &all);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{args:?}: {e}: {}", String::from_utf8_lossy(&out.stdout)))
}

fn refused(url: &str, args: &[&str]) -> String {
    let out = team(url, args);
    assert!(!out.status.success(), "{args:?} must be refused");
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn a_sheet_imported_listed_and_rated_on_a_team_database() {
    let Some(db) = tierdesk_api::testing::team_database() else {
        return;
    };
    let url = db.url.as_str();
    let dir = tempfile::tempdir().unwrap();
    // The first 管理员 (the --user flags are read, not needed yet).
    let first = team(
        url,
        &[
            "team",
            "first-admin",
            "--login",
            "admin",
            "--name",
            "王管理",
        ],
    );
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );

    let csv = dir.path().join("客户.csv");
    std::fs::write(
        &csv,
        "客户编号,客户名称,联系方式,消费金额\n\
         C001,张三,13800000001,500000\n\
         C002,李四,13800000002,20000\n\
         C003,,13800000003,3000\n\
         C004,王五,13800000004,150000\n",
    )
    .unwrap();
    let s = json(url, &["import", "customers", csv.to_str().unwrap()]);
    assert_eq!(
        (
            s["inserted"].as_u64(),
            s["rejected"].as_u64(),
            s["errors"][0]["row"].as_u64()
        ),
        (Some(3), Some(1), Some(4))
    );
    let list = json(url, &["customers", "list", "--sort", "code"]);
    assert_eq!(list["total"], 3);
    let codes: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["C001", "C002", "C004"]);
    let found = json(url, &["customers", "list", "--search", "zs"]);
    assert_eq!(found["items"][0]["name"], "张三");

    let applied = json(
        url,
        &[
            "evaluate", "--scheme", "star4", "--period", "2024", "--apply",
        ],
    );
    assert!(applied["batch_id"].as_i64().is_some(), "{applied}");
    // star4: 钻石 from ¥300,000, 金牌 from ¥100,000, 银牌 from ¥20,000.
    let tiers: Vec<Value> = ["C001", "C002", "C004"]
        .iter()
        .map(|c| json(url, &["customers", "show", c])["tier"].clone())
        .collect();
    assert_eq!(tiers, ["diamond", "silver", "gold"]);
    let batches = json(url, &["batch", "list"]);
    assert_eq!(batches.as_array().map(Vec::len), Some(1), "{batches}");
    // The batch names the person signed in, not the OS user or --who.
    assert_eq!(batches[0]["applied_by"], "王管理", "{batches}");

    // The database file's own commands: refused in Chinese, nothing written.
    let copy = dir.path().join("另存.db");
    for args in [
        vec!["backup", "create"],
        vec!["backup", "create", copy.to_str().unwrap()],
        vec!["password", "set"],
    ] {
        let said = refused(url, &args);
        assert!(said.contains("只用于本机数据库文件"), "{args:?}: {said}");
    }
    assert!(!copy.exists());
    let info = json(url, &["info"]);
    assert_eq!(info["customers"], 3);
}

/// `--help` says that --db takes a team database's URL as well as a file.
#[test]
fn the_help_says_db_takes_a_file_or_a_team_url() {
    let out = Command::new(env!("CARGO_BIN_EXE_tierdesk"))
        .arg("--help")
        .env_remove("TIERDESK_DB")
        .output()
        .unwrap();
    assert!(out.status.success());
    let help = String::from_utf8(out.stdout).unwrap();
    let line = help
        .lines()
        .find(|l| l.trim_start().starts_with("--db"))
        .unwrap_or_else(|| panic!("no --db in\n{help}"));
    assert!(line.contains("<FILE|URL>"), "{line}");
    assert!(help.contains("a file, or a team database's URL"), "{help}");
    assert!(
        help.contains("postgres://user@host:port/database"),
        "{help}"
    );
}
