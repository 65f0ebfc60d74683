//! `tierdesk points`: earn by hand, the catalogue with a Chinese kind,
//! redeem refused beyond the balance with a Chinese message, undo, expire
//! twice (the second expires nothing), show as JSON.

use crate::{add_customer, ok_json, tierdesk};

#[test]
fn points_are_earned_redeemed_undone_and_shown() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    add_customer(&db, "甲公司", "A1", &[]);
    let e = ok_json(
        &db,
        &["points", "earn", "A1", "120", "--reason", "旧表积分"],
    );
    assert_eq!(
        (e["kind"].as_str(), e["balance_after"].as_i64()),
        (Some("adjust"), Some(120))
    );
    let item = ok_json(
        &db,
        &[
            "points",
            "catalogue",
            "add",
            "保温杯",
            "--kind",
            "礼品",
            "--price",
            "100",
            "--stock",
            "1",
        ],
    );
    assert_eq!(item["kind"], "gift");
    let r = ok_json(&db, &["points", "redeem", "A1", "保温杯"]);
    assert_eq!(
        (r["points"].as_i64(), r["balance_after"].as_i64()),
        (Some(-100), Some(20))
    );
    let refused = tierdesk(&db, &["points", "redeem", "A1", "#1"]);
    assert!(!refused.status.success());
    let msg = String::from_utf8_lossy(&refused.stderr);
    assert!(msg.contains("库存只有 0"), "{msg}");
    let back = ok_json(
        &db,
        &[
            "points",
            "undo",
            &r["id"].to_string(),
            "--reason",
            "客户退回",
        ],
    );
    assert_eq!(back["balance_after"], 120);
    let over = tierdesk(&db, &["points", "earn", "A1", "-121", "--reason", "扣减"]);
    assert!(String::from_utf8_lossy(&over.stderr).contains("只有 120"));
    let run = ok_json(&db, &["points", "expire", "--as-of", "2099-12-31"]);
    assert_eq!(run["points"], 120);
    let again = ok_json(&db, &["points", "expire", "--as-of", "2099-12-31"]);
    assert_eq!(again["points"], 0);
    let shown = ok_json(&db, &["points", "show", "A1"]);
    assert_eq!(shown["balance"], 0);
    let kinds: Vec<&str> = shown["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["adjust", "redeem", "reverse", "expire"]);
    let list = ok_json(&db, &["points", "catalogue"]);
    assert_eq!(list[0]["stock"], 1);
}
