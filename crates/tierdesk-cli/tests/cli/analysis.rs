//! `tierdesk analysis`: the figures as JSON with Chinese choices, the tables
//! in Chinese, the page's one-pass figures equal to each command's, and a
//! refusal in Chinese.

use crate::{add_customer, ok_json, run_ok, tierdesk};

/// A001 (王经理) bought on 10 January, 10 February and twice on 10 March 2026;
/// B001 (nobody) on 5 January.
fn orders(dir: &std::path::Path) -> std::path::PathBuf {
    let text = "订单编号,客户编号,下单日期,产品,数量,单价\n\
                O1,A001,2026-01-10 10:00:00,龙井,1,1000\n\
                O2,A001,2026-02-10 10:00:00,龙井,1,1000\n\
                O3,A001,2026-03-10 10:00:00,龙井,1,1200\n\
                O4,A001,2026-03-10 15:00:00,龙井,1,800\n\
                O5,B001,2026-01-05 09:00:00,龙井,1,100\n";
    let path = dir.join("订单.csv");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn figures_by_chinese_choices_as_json_and_tables() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    add_customer(&db, "甲公司", "A001", &["--manager", "王经理"]);
    add_customer(&db, "乙公司", "B001", &[]);
    let csv = orders(dir.path());
    ok_json(&db, &["import", "transactions", csv.to_str().unwrap()]);

    let q = ok_json(
        &db,
        &[
            "analysis",
            "retention",
            "--by",
            "季度",
            "--as-of",
            "2026-03-31",
            "--periods",
            "1",
        ],
    );
    assert_eq!(q["by"], "quarter");
    let t = &q["totals"][0];
    assert_eq!(t["period"], "2026Q1");
    // Both new in the quarter; A001 ordered 4 times, B001 once.
    assert_eq!(
        (t["active"].as_u64(), t["new"].as_u64()),
        (Some(2), Some(2))
    );
    assert_eq!(
        (t["orders"].as_u64(), t["repeat"].as_u64()),
        (Some(5), Some(1))
    );
    assert_eq!(t["spend"].as_f64(), Some(4100.0));

    let all = ok_json(
        &db,
        &[
            "analysis",
            "all",
            "--by",
            "quarter",
            "--as-of",
            "2026-03-31",
        ],
    );
    let cohorts = ok_json(&db, &["analysis", "cohorts", "--as-of", "2026-03-31"]);
    assert_eq!(all["cohorts"], cohorts);
    let managers = ok_json(&db, &["analysis", "managers", "--as-of", "2026-03-31"]);
    assert_eq!(all["managers"], managers);
    let names: Vec<&str> = managers["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["manager"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["王经理", "未指定"]);

    let text = String::from_utf8(
        run_ok(
            &db,
            &[
                "analysis",
                "retention",
                "--by",
                "年",
                "--as-of",
                "2026-03-31",
            ],
        )
        .stdout,
    )
    .unwrap();
    assert!(text.contains("留存分析（按年，截至 2026-03-31"), "{text}");
    assert!(
        text.contains("2026年度（至 2026-03-31）\t2\t2\t0"),
        "{text}"
    );
    assert!(text.contains("¥4,100"), "{text}");

    let bad = tierdesk(&db, &["analysis", "retention", "--by", "周"]);
    assert!(!bad.status.success());
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(err.contains("月") && err.contains("季度"), "{err}");
    let bad = tierdesk(
        &db,
        &[
            "analysis",
            "managers",
            "--from",
            "2026-04-01",
            "--as-of",
            "2026-03-31",
        ],
    );
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("晚于"));
}
