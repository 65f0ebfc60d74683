//! `tierdesk case`: a complaint received, walked through its steps and
//! listed, in JSON; choices and refusals in Chinese.

use crate::{add_customer, ok_json, tierdesk};

#[test]
fn a_complaint_runs_through_its_steps_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    add_customer(
        &db,
        "张三",
        "C1",
        &["--tier", "diamond", "--manager", "王经理"],
    );
    add_customer(&db, "李四", "C2", &[]);
    let a = ok_json(
        &db,
        &[
            "case",
            "add",
            "C1",
            "--type",
            "服务",
            "--content",
            "送货晚了三天",
            "--channel",
            "微信",
            "--received",
            "2026-11-29 09:00",
        ],
    );
    assert_eq!(a["number"], "TS202611290001");
    assert_eq!(a["kind"], "service");
    assert_eq!(a["channel"], "wechat");
    assert_eq!(a["owner"], "王经理");
    assert_eq!(a["respond_by"], "2026-11-29 13:00:00");
    assert_eq!(a["resolve_by"], "2026-11-30 09:00:00");
    // Stored words are taken as well as labels.
    let b = ok_json(
        &db,
        &[
            "case",
            "add",
            "C2",
            "--type",
            "praise",
            "--content",
            "服务很好",
            "--severity",
            "严重",
        ],
    );
    assert_eq!(b["severity"], "critical");
    assert_eq!(b["tier_at"], serde_json::Value::Null);

    // A step the table refuses: non-zero, the reason in Chinese, nothing changed.
    let out = tierdesk(
        &db,
        &[
            "case",
            "update",
            "TS202611290001",
            "--status",
            "已关闭",
            "--note",
            "x",
        ],
    );
    assert!(!out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "错误：「新建」的投诉不能改为「已关闭」，只能改为：处理中、驳回。"
    );
    let id = a["id"].as_i64().unwrap().to_string();
    for (status, key, note) in [
        ("处理中", "in_progress", "已联系客户"),
        ("待客户确认", "awaiting_customer", "已补发"),
    ] {
        let d = ok_json(
            &db,
            &["case", "update", &id, "--status", status, "--note", note],
        );
        assert_eq!(d["line"]["status"], key, "{status}");
    }
    let d = ok_json(
        &db,
        &[
            "case",
            "update",
            "TS202611290001",
            "--status",
            "已关闭",
            "--note",
            "客户确认",
            "--resolution",
            "补发并致歉",
            "--satisfaction",
            "4",
        ],
    );
    assert_eq!(d["line"]["status"], "closed");
    assert_eq!(d["line"]["satisfaction"], 4);
    assert_eq!(d["steps"].as_array().unwrap().len(), 4);
    assert_eq!(d["next"].as_array().unwrap().len(), 0);

    let all = ok_json(&db, &["case", "list"]);
    assert_eq!(all["total"], 2);
    let numbers: Vec<&str> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["number"].as_str().unwrap())
        .collect();
    // The open one before the closed one.
    assert_eq!(numbers[1], "TS202611290001");
    let open = ok_json(&db, &["case", "list", "--open"]);
    assert_eq!(open["total"], 1);
    assert_eq!(open["items"][0]["customer_name"], "李四");
    let mine = ok_json(&db, &["case", "list", "--customer", "C1"]);
    assert_eq!(mine["total"], 1);

    let out = tierdesk(
        &db,
        &["case", "add", "C1", "--type", "售后", "--content", "x"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "错误：--type 不能是「售后」；可选：产品质量、服务、物流、价格、建议、表扬、其他"
    );
    let out = tierdesk(
        &db,
        &[
            "case",
            "add",
            "C1",
            "--type",
            "服务",
            "--content",
            "x",
            "--received",
            "昨天",
        ],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("收到时间「昨天」看不懂"));
}
