//! `tierdesk followup`: log with a Chinese channel, list as JSON (one
//! customer's and everyone's), the customer's dates, refusals in Chinese.

use crate::{add_customer, ok_json, run_ok, tierdesk};

#[test]
fn follow_ups_are_logged_listed_and_deleted_with_json_output() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.db");
    add_customer(&db, "甲公司", "A1", &["--manager", "赵经理"]);
    add_customer(&db, "乙公司", "B1", &[]);
    let first = ok_json(
        &db,
        &[
            "followup",
            "add",
            "A1",
            "--channel",
            "电话",
            "--content",
            "电话沟通续约",
            "--next",
            "2026-12-15",
            "--at",
            "2026-11-20 10:30",
            "--contact",
            "李总",
        ],
    );
    assert_eq!(first["channel"], "phone");
    assert_eq!(first["at"], "2026-11-20 10:30:00");
    assert_eq!(first["who"], "赵经理");
    assert_eq!(first["contact_name"], "李总");
    assert_eq!(first["next_contact_on"], "2026-12-15");
    // The stored word is accepted too.
    let second = ok_json(
        &db,
        &[
            "followup",
            "add",
            "B1",
            "--channel",
            "visit",
            "--content",
            "上门拜访",
            "--at",
            "2026-11-21",
            "--who",
            "钱助理",
        ],
    );
    assert_eq!(second["channel"], "visit");
    assert!(second["id"].as_i64() > first["id"].as_i64());

    let all = ok_json(&db, &["followup", "list"]);
    assert_eq!(all["total"], 2);
    let ids: Vec<i64> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_i64().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            second["id"].as_i64().unwrap(),
            first["id"].as_i64().unwrap()
        ]
    );
    assert_eq!(all["items"][0]["customer_code"], "B1");
    let mine = ok_json(&db, &["followup", "list", "A1"]);
    assert_eq!(mine["total"], 1);
    assert_eq!(mine["items"][0]["id"], first["id"]);

    // The customer carries the dates.
    let a = ok_json(&db, &["customers", "show", "A1"]);
    assert_eq!(a["last_contact_on"], "2026-11-20");
    assert_eq!(a["next_contact_on"], "2026-12-15");

    let id = first["id"].as_i64().unwrap().to_string();
    let gone = ok_json(&db, &["followup", "delete", &id]);
    assert_eq!(gone["id"], first["id"]);
    let a = ok_json(&db, &["customers", "show", "A1"]);
    assert!(a["next_contact_on"].is_null());
    let text = run_ok(&db, &["followup", "list", "A1"]);
    assert!(String::from_utf8_lossy(&text.stdout).contains("没有跟进记录"));
}

#[test]
fn bad_input_is_refused_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.db");
    add_customer(&db, "甲公司", "A1", &[]);
    let cases: [(&[&str], &str); 4] = [
        (
            &["--channel", "飞鸽", "--content", "x"],
            "可选：拜访、电话、微信、会议、邮件、其他",
        ),
        (
            &["--channel", "电话", "--content", " "],
            "请填写「跟进内容」",
        ),
        (
            &["--channel", "电话", "--content", "x", "--at", "2999-01-01"],
            "晚于今天",
        ),
        (
            &[
                "--channel",
                "电话",
                "--content",
                "x",
                "--at",
                "2026-11-20",
                "--next",
                "2026-11-01",
            ],
            "应晚于",
        ),
    ];
    for (more, said) in cases {
        let mut args = vec!["followup", "add", "A1"];
        args.extend_from_slice(more);
        let out = tierdesk(&db, &args);
        assert!(!out.status.success(), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(said), "{args:?}: {err}");
    }
    let out = tierdesk(
        &db,
        &[
            "followup",
            "add",
            "没有这个",
            "--channel",
            "电话",
            "--content",
            "x",
        ],
    );
    assert!(!out.status.success());
    assert_eq!(ok_json(&db, &["followup", "list"])["total"], 0);
}
