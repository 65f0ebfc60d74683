//! `tierdesk customers timeline` and `tierdesk customers lines`: a
//! customer's record from an imported order sheet, as JSON and text, a kind
//! given in Chinese or as its key, and pages of lines.

use crate::{ok_json, run_ok, tierdesk};

#[test]
fn the_timeline_and_lines_of_an_imported_customer() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    let csv = dir.path().join("orders.csv");
    std::fs::write(
        &csv,
        "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n\
         536365,85123A,WHITE HEART,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom\n\
         536365,22633,HAND WARMER,6,2010-12-01 08:26:00,1.85,17850.0,United Kingdom\n\
         545000,22728,ALARM CLOCK,24,2011-03-01 10:00:00,3.75,17850.0,United Kingdom\n\
         536370,22728,ALARM CLOCK,24,2010-12-01 08:45:00,3.75,12583.0,France\n",
    )
    .unwrap();
    ok_json(&db, &["import", "transactions", csv.to_str().unwrap()]);

    let t = ok_json(&db, &["customers", "timeline", "17850", "--kind", "购买"]);
    let events = t["events"].as_array().unwrap();
    let orders: Vec<(&str, &str)> = events
        .iter()
        .map(|e| (e["title"].as_str().unwrap(), e["at"].as_str().unwrap()))
        .collect();
    assert_eq!(
        orders,
        vec![
            ("订单 545000", "2011-03-01 10:00:00"),
            ("订单 536365", "2010-12-01 08:26:00")
        ]
    );
    assert_eq!(
        events[1]["detail"],
        "2 行：85123A WHITE HEART,22633 HAND WARMER"
    );
    assert_eq!(t["more"], false);
    // The key works as well as the word; every kind when none is given.
    let imports = ok_json(&db, &["customers", "timeline", "17850", "--kind", "import"]);
    assert_eq!(imports["events"][0]["title"], "导入订单明细 3 行");
    let all = ok_json(&db, &["customers", "timeline", "17850", "--all"]);
    assert!(all["events"].as_array().unwrap().len() >= 3);
    // One event a page: the newest, and more to come.
    let one = ok_json(&db, &["customers", "timeline", "17850", "--limit", "1"]);
    assert_eq!(one["events"].as_array().unwrap().len(), 1);
    assert_eq!(one["more"], true);

    let l = ok_json(
        &db,
        &[
            "customers",
            "lines",
            "17850",
            "--page",
            "2",
            "--page-size",
            "2",
        ],
    );
    assert_eq!(
        (l["total"].as_u64(), l["pages"].as_u64()),
        (Some(3), Some(2))
    );
    let items = l["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["occurred_at"], "2010-12-01 08:26:00");

    let text = run_ok(&db, &["customers", "timeline", "17850", "--kind", "购买"]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("2011-03-01 10:00:00  [购买] 订单 545000"),
        "{text}"
    );
    // A kind outside the list is refused with the list.
    let bad = tierdesk(&db, &["customers", "timeline", "17850", "--kind", "电话"]);
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(err.contains("购买") && err.contains("满意度"), "{err}");
}
