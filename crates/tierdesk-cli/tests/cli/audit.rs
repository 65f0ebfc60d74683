//! `tierdesk audit`: the log lists what the CLI changed, filtered, as JSON;
//! `verify` exits 0 on an intact log and 1, naming the entry, once someone
//! with a SQLite shell has edited it.

use super::{add_customer, command, ok_json, run_ok, tierdesk};

#[test]
fn list_shows_the_cli_changes_with_before_and_after() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let a = add_customer(&db, "王五", "A1", &["--phone", "13812345678"]);
    add_customer(&db, "赵六", "B1", &[]);
    run_ok(
        &db,
        &["customers", "update", "A1", "--phone", "13700000000"],
    );

    let all = ok_json(&db, &["audit", "list"]);
    let actions: Vec<(&str, &str)> = all
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"].as_str().unwrap().starts_with("customer."))
        .map(|e| (e["action"].as_str().unwrap(), e["source"].as_str().unwrap()))
        .collect();
    assert_eq!(
        actions,
        [
            ("customer.edit", "cli"),
            ("customer.add", "cli"),
            ("customer.add", "cli")
        ]
    );

    let own = ok_json(
        &db,
        &[
            "audit",
            "list",
            "--customer",
            "A1",
            "--action",
            "customer.edit",
        ],
    );
    let own = own.as_array().unwrap();
    assert_eq!(own.len(), 1);
    assert_eq!(own[0]["customer_id"], a["id"]);
    assert_eq!(own[0]["customer_code"], "A1");
    let change = &own[0]["details"]["changes"][0];
    assert_eq!(
        (&change["field"], &change["before"], &change["after"]),
        (
            &"phone".into(),
            &"138****5678".into(),
            &"137****0000".into()
        )
    );
    let group = ok_json(
        &db,
        &["audit", "list", "--action", "customer.", "--limit", "2"],
    );
    assert_eq!(group.as_array().unwrap().len(), 2);

    // The text form says who, from where, what, and the change.
    let text =
        String::from_utf8(run_ok(&db, &["audit", "list", "--customer", "A1"]).stdout).unwrap();
    let edit = format!("修改客户 #{}：联系方式  [A1]", a["id"]);
    assert!(text.contains(&edit), "{text}");
    assert!(
        text.contains("联系方式：138****5678 → 137****0000"),
        "{text}"
    );
    assert!(text.contains("（命令行）"), "{text}");

    let refused = tierdesk(&db, &["audit", "list", "--action", "customer.eat"]);
    assert_eq!(refused.status.code(), Some(2));
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(
        err.contains("不能是「customer.eat」") && err.contains("customer.edit"),
        "{err}"
    );
}

#[test]
fn verify_exits_0_when_intact_and_1_naming_the_edited_entry() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    add_customer(&db, "王五", "A1", &["--phone", "13812345678"]);
    run_ok(
        &db,
        &["customers", "update", "A1", "--phone", "13700000000"],
    );
    let ok = run_ok(&db, &["audit", "verify"]);
    assert!(String::from_utf8_lossy(&ok.stdout).contains("操作日志完好"));
    let check = ok_json(&db, &["audit", "verify"]);
    assert!(check["broken"].is_null());
    let entries = check["entries"].as_u64().unwrap();

    // Someone with the file drops the trigger and rewrites who made the edit.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch(
        "DROP TRIGGER audit_log_no_update;
         UPDATE audit_log SET actor = '别人' WHERE action = 'customer.edit';",
    )
    .unwrap();
    let edited: i64 = conn
        .query_row(
            "SELECT id FROM audit_log WHERE action = 'customer.edit'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    drop(conn);
    let out = tierdesk(&db, &["audit", "verify"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("第 {edited} 条记录处校验失败")),
        "{err}"
    );
    let out = tierdesk(&db, &["audit", "verify", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let check: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(check["broken"]["entry_id"], edited);
    assert_eq!(check["entries"].as_u64(), Some(entries));
}

/// A program started without a login shell may have no USER: the log still
/// names the system's user, never 未知用户.
#[test]
fn the_log_names_the_system_user_without_user_in_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("who.db");
    let out = command(&db)
        .env_remove("USER")
        .env_remove("USERNAME")
        .env_remove("LOGNAME")
        .args(["customers", "add", "--name", "无名"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let all = ok_json(&db, &["audit", "list"]);
    let actor = all[0]["actor"].as_str().unwrap().to_owned();
    assert!(!actor.is_empty() && actor != "未知用户", "{actor}");
}
