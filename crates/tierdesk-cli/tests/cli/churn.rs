//! `tierdesk churn`: an order import refreshes the alerts by itself (and so
//! does its undo), the list filters by Chinese words, a status step with a
//! note, and refusals in Chinese.

use chrono::{Days, Local};

use crate::{add_customer, ok_json, tierdesk};

/// Orders of L001 every 30 days, nine of them, the last 124 days ago.
fn lapsed_orders(dir: &std::path::Path) -> std::path::PathBuf {
    let today = Local::now().date_naive();
    let mut text = String::from("订单编号,客户编号,下单日期,产品,数量,单价\n");
    for k in 0..9u64 {
        let day = today - Days::new(364 - 30 * k);
        text.push_str(&format!("O{k},L001,{day} 10:00:00,龙井,1,1000\n"));
    }
    let path = dir.join("订单.csv");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn an_order_import_raises_the_alert_and_a_person_follows_it_up() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    add_customer(&db, "林小流", "L001", &["--manager", "王经理"]);
    // Nothing refreshed yet: no alert.
    assert_eq!(ok_json(&db, &["churn", "list"])["total"], 0);
    let csv = lapsed_orders(dir.path());
    let import = ok_json(&db, &["import", "transactions", csv.to_str().unwrap()]);
    assert_eq!(import["lines"], 9);
    // The import refreshed the alerts by itself.
    let list = ok_json(&db, &["churn", "list", "--level", "高"]);
    let all = ok_json(&db, &["churn", "list"]);
    assert_eq!(all["total"], 1, "{all}");
    let alert = &all["items"][0];
    assert_eq!(alert["customer_code"], "L001");
    assert_eq!(alert["owner"], "王经理");
    assert_eq!(alert["status"], "new");
    let level = alert["level"].as_str().unwrap().to_owned();
    assert_eq!(list["total"], u64::from(level == "high"), "{list}");
    let reason = alert["reasons"][0]["reason"].as_str().unwrap();
    assert!(reason.contains("124 天未下单"), "{reason}");
    let id = alert["id"].as_i64().unwrap().to_string();
    // Refreshing again raises nothing more.
    let again = ok_json(&db, &["churn", "refresh"]);
    assert_eq!(
        (again["raised"].as_u64(), again["open"].as_u64()),
        (Some(0), Some(1))
    );
    // A step with a Chinese status word and a note.
    let d = ok_json(
        &db,
        &[
            "churn",
            "set",
            &id,
            "--status",
            "已跟进",
            "--note",
            "电话联系，客户在比价",
        ],
    );
    assert_eq!(d["line"]["status"], "followed");
    assert_eq!(d["steps"].as_array().unwrap().len(), 2);
    // Closing without a note, and a word that is no status, are refused in Chinese.
    let out = tierdesk(&db, &["churn", "set", &id, "--status", "已挽回"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("需要填写说明"), "{err}");
    let out = tierdesk(&db, &["churn", "set", &id, "--status", "挽回了"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("已挽回"), "{err}");
    // The undo of the import refreshes too: the signals are gone, the
    // followed-up alert stays open, marked.
    let import_id = import["import_id"].as_i64().unwrap().to_string();
    ok_json(&db, &["import", "undo", &import_id]);
    let after = ok_json(&db, &["churn", "list", "--status", "已跟进"]);
    assert_eq!(after["total"], 1, "{after}");
    assert!(after["items"][0]["signals_gone_on"].is_string(), "{after}");
}
