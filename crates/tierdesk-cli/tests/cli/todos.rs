//! `tierdesk todo`: add (Chinese kind and repetition), list as JSON by due
//! date and owner, done (a repeating one makes its next), postpone, refresh
//! twice (the second adds nothing), refusals in Chinese.

use crate::{add_customer, ok_json, tierdesk};

fn ids(v: &serde_json::Value) -> Vec<i64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_i64().unwrap())
        .collect()
}

#[test]
fn to_dos_are_added_listed_done_and_made_by_the_rules_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    add_customer(&db, "甲公司", "A1", &["--manager", "赵经理"]);
    let today = chrono::Local::now().date_naive();
    let yesterday = (today - chrono::Days::new(1)).to_string();
    let in_three = (today + chrono::Days::new(3)).to_string();
    let late = ok_json(
        &db,
        &[
            "todo",
            "add",
            "回电话",
            "--due",
            &yesterday,
            "--customer",
            "A1",
        ],
    );
    assert_eq!(late["kind"], "custom");
    assert_eq!(late["owner"], "赵经理");
    assert_eq!(late["overdue"], true);
    let monthly = ok_json(
        &db,
        &[
            "todo",
            "add",
            "月度回访",
            "--due",
            &in_three,
            "--kind",
            "跟进",
            "--owner",
            "钱助理",
            "--every",
            "1",
            "--unit",
            "月",
        ],
    );
    assert_eq!(monthly["kind"], "followup");
    assert_eq!(monthly["repeat"]["unit"], "month");

    let overdue = ok_json(&db, &["todo", "list", "--due", "逾期"]);
    assert_eq!(ids(&overdue), [late["id"].as_i64().unwrap()]);
    let week = ok_json(&db, &["todo", "list", "--due", "week"]);
    assert_eq!(ids(&week), [monthly["id"].as_i64().unwrap()]);
    let mine = ok_json(&db, &["todo", "list", "--owner", "钱助理"]);
    assert_eq!(ids(&mine), [monthly["id"].as_i64().unwrap()]);

    let id = monthly["id"].as_i64().unwrap().to_string();
    let done = ok_json(&db, &["todo", "done", &id]);
    assert_eq!(done["todo"]["status"], "done");
    let next_due = (today + chrono::Days::new(3))
        .checked_add_months(chrono::Months::new(1))
        .unwrap()
        .to_string();
    assert_eq!(done["next"]["due_on"], next_due.as_str());
    let again = tierdesk(&db, &["todo", "done", &id]);
    assert!(!again.status.success());
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("已完成"),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );

    let late_id = late["id"].as_i64().unwrap().to_string();
    let moved = ok_json(&db, &["todo", "postpone", &late_id, "--to", &in_three]);
    assert_eq!(
        (moved["status"].as_str(), moved["due_on"].as_str()),
        (Some("postponed"), Some(in_three.as_str()))
    );

    // The rules: A1 has no tier with a visit interval and no dates, so the
    // first run may add nothing; the second certainly adds nothing.
    ok_json(&db, &["todo", "refresh"]);
    let second = ok_json(&db, &["todo", "refresh"]);
    assert_eq!(
        (
            second["visits"].as_u64(),
            second["dates"].as_u64(),
            second["ratings"].as_u64()
        ),
        (Some(0), Some(0), Some(0))
    );
    let bad = tierdesk(
        &db,
        &["todo", "add", "x", "--due", &in_three, "--time", "25点"],
    );
    assert!(String::from_utf8_lossy(&bad.stderr).contains("看不懂"));
}
