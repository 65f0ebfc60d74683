//! `tierdesk survey` and `tierdesk import surveys`: answers with a Chinese
//! channel, a sheet imported with its bad rows named, the summary as JSON
//! (NPS per tier), refusals in Chinese, undo.

use crate::{add_customer, ok_json, run_ok, tierdesk};

#[test]
fn answers_and_a_survey_sheet_give_nps_per_tier_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    add_customer(
        &db,
        "甲公司",
        "A1",
        &["--tier", "gold", "--manager", "赵经理"],
    );
    add_customer(&db, "乙公司", "B1", &["--tier", "silver"]);
    let a = ok_json(
        &db,
        &[
            "survey",
            "add",
            "A1",
            "--nps",
            "3",
            "--csat",
            "2",
            "--channel",
            "电话",
            "--date",
            "2026-11-20",
            "--comment",
            "送货太慢",
        ],
    );
    assert_eq!(a["channel"], "phone");
    assert_eq!(a["tier_at"], "gold");
    assert_eq!((a["nps"].as_i64(), a["csat"].as_i64()), (Some(3), Some(2)));

    // Outside the ranges: refused in Chinese, nothing stored.
    let out = tierdesk(&db, &["survey", "add", "B1", "--nps", "11"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("0 到 10 之间"), "{err}");
    let out = tierdesk(
        &db,
        &["survey", "add", "B1", "--nps", "9", "--channel", "飞鸽"],
    );
    assert!(!out.status.success(), "a channel outside the list");

    let sheet = dir.path().join("回访.csv");
    std::fs::write(
        &sheet,
        "客户编号,日期,推荐意愿,满意度,渠道,评价\n\
         B1,2026-11-21,10,5,微信,很好\n\
         A1,2026-11-22,9,4,电话,\n\
         B1,2026-11-23,十,5,微信,\n\
         X9,2026-11-23,9,5,微信,\n",
    )
    .unwrap();
    let done = ok_json(&db, &["import", "surveys", sheet.to_str().unwrap()]);
    assert_eq!(
        (done["answers"].as_u64(), done["rejected"].as_u64()),
        (Some(2), Some(2))
    );
    let rows: Vec<u64> = done["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["row"].as_u64().unwrap())
        .collect();
    assert_eq!(rows, vec![4, 5]);

    let s = ok_json(&db, &["survey", "summary", "--period", "2026Q4"]);
    assert_eq!(s["label"], "2026年第四季度");
    let nps: Vec<(String, u64, f64)> = s["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["tier"].as_str().unwrap_or("全部").to_owned(),
                r["figures"]["responses"].as_u64().unwrap(),
                r["figures"]["nps"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        nps,
        vec![
            ("gold".to_owned(), 2, 0.0),
            ("silver".to_owned(), 1, 100.0),
            ("全部".to_owned(), 3, 33.3),
        ]
    );
    let list = ok_json(&db, &["survey", "list", "B1"]);
    assert_eq!(list.as_array().unwrap().len(), 1);

    // Undo through the import history takes the sheet's answers back.
    let id = done["import_id"].as_i64().unwrap().to_string();
    run_ok(&db, &["import", "undo", &id]);
    let s = ok_json(&db, &["survey", "summary", "--period", "2026-11"]);
    let total = s["rows"].as_array().unwrap().last().unwrap()["figures"]["responses"].clone();
    assert_eq!(total.as_u64(), Some(1), "only the answer given by hand");
}
