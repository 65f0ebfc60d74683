//! Users and sign-in on a team database from the command line: the first
//! 管理员, users added and changed by a 管理员, `--user` with the password from
//! the environment, refusals in Chinese. Needs a test server
//! (`TIERDESK_TEST_PG`, see scripts/pg-test.sh).

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

const ADMIN_PASSWORD: &str = "admin-secret-1";
const LI_PASSWORD: &str = "li-secret-12";

/// `tierdesk --db <url> <args>` signed in as `user` (with its password from
/// the environment), a new password in TIERDESK_NEW_USER_PASSWORD.
fn team(url: &str, user: Option<(&str, &str)>, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tierdesk"));
    cmd.arg("--db")
        .arg(url)
        .args(args)
        .env_remove("TIERDESK_USER")
        .env_remove("TIERDESK_USER_PASSWORD")
        .env("TIERDESK_NEW_USER_PASSWORD", LI_PASSWORD);
    if let Some((login, password)) = user {
        cmd.arg("--user")
            .arg(login)
            .env("TIERDESK_USER_PASSWORD", password);
    }
    cmd.output().expect("run tierdesk")
}

fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn refused(out: Output) -> String {
    assert!(
        !out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn users_and_sign_in_on_a_team_database() {
    let Some(db) = tierdesk_api::testing::team_database() else {
        return;
    };
    let url = db.url.as_str();
    let admin = Some(("admin", ADMIN_PASSWORD));
    let li = Some(("li", LI_PASSWORD));
    // An empty team database: nothing before its first 管理员.
    assert!(refused(team(url, None, &["customers", "list"])).contains("请先登录团队数据库"));
    let mut first = Command::new(env!("CARGO_BIN_EXE_tierdesk"));
    first
        .arg("--db")
        .arg(url)
        .args([
            "team",
            "first-admin",
            "--login",
            "admin",
            "--name",
            "王管理",
        ])
        .env("TIERDESK_NEW_USER_PASSWORD", ADMIN_PASSWORD);
    let said = ok(first.output().unwrap());
    assert_eq!(said.trim(), "已创建管理员「王管理」（登录名 admin）");
    // Once only: with users in it, the database asks who signs in first.
    assert!(refused(team(url, None, &["customers", "list"])).contains("--user"));
    let again = team(
        url,
        admin,
        &["team", "first-admin", "--login", "x", "--name", "乙"],
    );
    assert!(refused(again).contains("已经有用户"));
    let added: Value = serde_json::from_str(&ok(team(
        url,
        admin,
        &[
            "users",
            "add",
            "--login",
            "li",
            "--name",
            "李四",
            "--role",
            "业务员",
            "--json",
        ],
    )))
    .unwrap();
    assert_eq!(
        (added["login"].as_str(), added["role"].as_str()),
        (Some("li"), Some("sales"))
    );
    let list: Value =
        serde_json::from_str(&ok(team(url, admin, &["users", "list", "--json"]))).unwrap();
    let logins: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["login"].as_str().unwrap())
        .collect();
    assert_eq!(logins, ["admin", "li"]);
    // A 业务员 adds a customer (his), and may not manage users.
    ok(team(
        url,
        li,
        &["customers", "add", "--name", "李四的客户", "--code", "L1"],
    ));
    assert!(refused(team(url, li, &["users", "list"])).contains("业务员用户不能管理用户"));
    assert!(refused(team(
        url,
        Some(("li", "wrong-pass-1")),
        &["customers", "list"]
    ))
    .contains("登录名或密码不正确"));
    // The log names him.
    let log: Value =
        serde_json::from_str(&ok(team(url, admin, &["audit", "list", "--json"]))).unwrap();
    let text = log.to_string();
    assert!(text.contains("\"actor\":\"李四\""), "{text}");
    // Turned off, he cannot sign in; on again, he can.
    ok(team(url, admin, &["users", "edit", "li", "--off"]));
    assert!(refused(team(url, li, &["customers", "list"])).contains("已停用"));
    ok(team(
        url,
        admin,
        &["users", "edit", "li", "--on", "--role", "只读"],
    ));
    assert!(refused(team(
        url,
        li,
        &["customers", "add", "--name", "乙", "--code", "L2"]
    ))
    .contains("只读用户不能修改客户"));
    // A new password set by the 管理员 (TIERDESK_NEW_USER_PASSWORD).
    ok(team(url, admin, &["users", "password", "li"]));
    ok(team(url, li, &["customers", "list"]));
}

/// A local file has no users: the flags are ignored, the commands say so.
#[test]
fn a_local_file_has_no_users() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let path = db.to_str().unwrap();
    ok(team(
        path,
        Some(("nobody", "whatever-1")),
        &["customers", "list"],
    ));
    assert!(refused(team(path, None, &["users", "list"])).contains("本机数据库文件没有用户和登录"));
    assert!(Path::new(path).exists());
}
