//! The `tierdesk` binary, run as a user would run it.
//!
//! (Over 600 lines: one test per command group, each running the real binary end to end.)

mod analysis;
mod audit;
mod backup;
mod cases;
mod churn;
mod followups;
mod import_ask;
mod safety;
mod surveys;
mod team_database;
mod todos;
mod users;
mod who;

use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

use serde_json::Value;

mod outputs;
mod password;
mod points;
mod points_statement;
mod privacy;
mod record;

/// `tierdesk --db <db>`, with no database named by the environment.
fn command(db: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tierdesk"));
    cmd.arg("--db").arg(db).env_remove("TIERDESK_DB");
    cmd
}

fn tierdesk(db: &Path, args: &[&str]) -> Output {
    command(db).args(args).output().expect("run tierdesk")
}

/// Runs `args` and asserts that they succeed.
fn run_ok(db: &Path, args: &[&str]) -> Output {
    let out = tierdesk(db, args);
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn ok_json(db: &Path, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.push("--json");
    let out = run_ok(db, &all);
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{args:?}: {e}: {}", String::from_utf8_lossy(&out.stdout)))
}

/// `customers add --name <name> --code <code>` with the `more` flags given.
fn add_customer(db: &Path, name: &str, code: &str, more: &[&str]) -> Value {
    let mut args = vec!["customers", "add", "--name", name, "--code", code];
    args.extend_from_slice(more);
    ok_json(db, &args)
}

/// Starts `args` with its output thrown away, to be killed.
fn spawn_quiet(db: &Path, args: &[&str]) -> Child {
    command(db)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("run tierdesk")
}

/// Kills `child` with SIGKILL (`Child::kill` on Unix: no destructor, no
/// rollback, no clean-up runs) and returns whether it was still running.
fn kill(mut child: Child) -> bool {
    let running = child.try_wait().unwrap().is_none();
    let _ = child.kill();
    child.wait().unwrap();
    running
}

#[test]
fn customer_lifecycle_with_json_output() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let c = add_customer(
        &db,
        "张三",
        "C001",
        &[
            "--phone",
            "13812345678",
            "--spend",
            "10000",
            "--frequency",
            "5",
            "--tenure-years",
            "2",
            "--influence",
            "3",
            "--tier",
            "silver",
        ],
    );
    for key in [
        "id",
        "code",
        "name",
        "phone",
        "spend",
        "frequency",
        "tenure_years",
        "influence",
        "tier",
        "last_rated_on",
        "next_rating_on",
        "fields",
    ] {
        assert!(c.get(key).is_some(), "JSON customer lacks {key}: {c}");
    }
    assert_eq!(c["spend"], 10000.0);
    assert_eq!(c["tier"], "silver");

    add_customer(&db, "李四", "C002", &["--spend", "30000"]);
    let list = ok_json(&db, &["customers", "list", "--search", "zs"]);
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["name"], "张三");

    let updated = ok_json(&db, &["customers", "update", "C001", "--spend", "15000"]);
    assert_eq!(updated["spend"], 15000.0);
    // Shown masked, and kept exactly as it was.
    assert_eq!(
        updated["phone"], "138****5678",
        "fields not given stay as they were"
    );
    let shown = ok_json(&db, &["customers", "show", "C001"]);
    assert_eq!(shown["spend"], 15000.0);

    ok_json(&db, &["customers", "delete", "C001"]);
    assert_eq!(ok_json(&db, &["customers", "list"])["total"], 1);
    assert_eq!(
        ok_json(&db, &["customers", "list", "--deleted"])["total"],
        1
    );
    ok_json(&db, &["customers", "restore", "C001"]);
    assert_eq!(
        ok_json(&db, &["customers", "list", "--sort", "spend", "--desc"])["items"][0]["name"],
        "李四"
    );
}

#[test]
fn errors_exit_non_zero_with_the_chinese_message() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let check = |args: &[&str], want: &str| {
        let out = tierdesk(&db, args);
        assert!(!out.status.success(), "{args:?} should fail");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(want),
            "{args:?}: stderr {err:?} should contain {want:?}"
        );
    };
    check(
        &["customers", "add", "--name", "王五", "--phone", "123"],
        "联系方式",
    );
    check(&["customers", "add", "--name", " "], "请填写「客户名称」");
    check(
        &["customers", "show", "X999"],
        "找不到编号或 ID 为「X999」的客户",
    );
    check(
        &[
            "customers",
            "add",
            "--name",
            "赵六",
            "--field",
            "satisfaction",
        ],
        "--field 需要写成",
    );
    check(
        &[
            "customers",
            "add",
            "--name",
            "赵六",
            "--field",
            "satisfaction=9",
        ],
        "没有名为「satisfaction」的自定义字段",
    );
}

#[test]
fn a_choice_outside_its_list_is_refused_with_the_list() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let csv = dir.path().join("客户.csv");
    std::fs::write(&csv, "客户编号,客户名称\nA1,张三\n").unwrap();
    let csv = csv.to_str().unwrap();
    #[rustfmt::skip]
    let cases: &[(&[&str], &str, &[&str])] = &[
        (&["import", "customers", csv, "--on-duplicate", "merge"], "merge",
         &["update", "skip", "new"]),
        (&["import", "transactions", csv, "--on-duplicate", "Update"], "Update",
         &["update", "skip", "new"]),
        (&["customers", "list", "--sort", "shoe_size"], "shoe_size",
         &["id", "code", "name", "spend", "frequency", "tenure_years", "influence", "tier",
           "last_rated_on", "next_rating_on", "updated_at", "last_contact_on", "next_contact_on",
           "points"]),
    ];
    for (args, wrong, choices) in cases {
        let out = tierdesk(&db, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: a usage error");
        let err = String::from_utf8_lossy(&out.stderr);
        let flag = args[args.len() - 2];
        assert_eq!(
            err.trim_end(),
            format!(
                "错误：{flag} 不能是「{wrong}」；可选：{}",
                choices.join("、")
            ),
            "{args:?}"
        );
    }
    assert!(!db.exists(), "a refused command opens no database");
    // The same choices, spelled right, are taken.
    let s = ok_json(&db, &["import", "customers", csv, "--on-duplicate", "new"]);
    assert_eq!(s["inserted"], 1);
    let skipped = ok_json(&db, &["import", "customers", csv, "--on-duplicate", "skip"]);
    assert_eq!(
        (skipped["inserted"].as_u64(), skipped["skipped"].as_u64()),
        (Some(0), Some(1))
    );
    let list = ok_json(
        &db,
        &["customers", "list", "--sort", "tenure_years", "--desc"],
    );
    assert_eq!(list["total"], 1);
}

#[test]
fn skip_bad_rows_is_gone_and_bad_rows_are_skipped_unless_reject_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let csv = dir.path().join("客户.csv");
    // Row 3 has no name: refused; row 4's phone is no phone: kept without it.
    std::fs::write(
        &csv,
        "客户编号,客户名称,联系方式\nA1,张三,\nA2,,\nA3,王五,12345\n",
    )
    .unwrap();
    let csv = csv.to_str().unwrap();
    let old = tierdesk(&db, &["import", "customers", csv, "--skip-bad-rows"]);
    assert_eq!(old.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&old.stderr).contains("unexpected argument '--skip-bad-rows'"));
    let refused = tierdesk(&db, &["import", "customers", csv, "--reject-file"]);
    assert!(!refused.status.success());
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(
        err.contains("有 1 行无法导入，按设置整批拒绝") && err.contains("第 3 行"),
        "{err}"
    );
    assert!(ok_json(&db, &["import", "list"])
        .as_array()
        .unwrap()
        .is_empty());
    let s = ok_json(&db, &["import", "customers", csv]);
    assert_eq!(
        (
            s["inserted"].as_u64(),
            s["rejected"].as_u64(),
            s["error_count"].as_u64()
        ),
        (Some(2), Some(1), Some(2))
    );
    let rows: Vec<(u64, bool)> = s["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["row"].as_u64().unwrap(), e["row_kept"].as_bool().unwrap()))
        .collect();
    assert_eq!(rows, [(3, false), (4, true)]);
}

#[test]
fn db_can_come_from_the_environment_and_demo_fills_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("env.db");
    let out = Command::new(env!("CARGO_BIN_EXE_tierdesk"))
        .args(["demo", "--customers", "300", "--json"])
        .env("TIERDESK_DB", &db)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(ok_json(&db, &["info"])["customers"], 300);
    let page = ok_json(
        &db,
        &["customers", "list", "--limit", "5", "--offset", "10"],
    );
    assert_eq!(page["items"].as_array().unwrap().len(), 5);
    assert_eq!(page["items"][0]["code"], "C0000011");
}

#[test]
fn schemes_evaluate_explain_and_undo_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    add_customer(
        &db,
        "张三",
        "C001",
        &["--spend", "10000", "--frequency", "5"],
    );
    add_customer(
        &db,
        "李四",
        "C002",
        &["--spend", "30000", "--frequency", "10"],
    );

    let list = ok_json(&db, &["scheme", "list"]);
    assert_eq!(list[0]["key"], "star4");
    assert_eq!(list[0]["active"], true);

    let file = dir.path().join("metal4.toml");
    run_ok(&db, &["scheme", "export", "metal4", file.to_str().unwrap()]);
    assert!(std::fs::read_to_string(&file)
        .unwrap()
        .contains("spend >= 30000 and frequency >= 10"));
    ok_json(&db, &["scheme", "import", file.to_str().unwrap()]);

    let dry = ok_json(
        &db,
        &[
            "evaluate",
            "--scheme",
            "metal4",
            "--period",
            "2024",
            "--dry-run",
        ],
    );
    assert_eq!(dry["scheme"], "metal4");
    assert_eq!(dry["as_of"], "2024-12-31");
    assert_eq!(dry["counts"]["silver"], 1);
    assert_eq!(dry["counts"]["platinum"], 1);
    assert_eq!(dry["moves"].as_array().unwrap().len(), 2);
    assert_eq!(dry["matrix"][""]["platinum"], 1);
    assert_eq!(
        ok_json(&db, &["customers", "show", "C002"])["tier"],
        serde_json::Value::Null,
        "a dry run saves nothing"
    );

    let applied = ok_json(
        &db,
        &[
            "evaluate", "--scheme", "metal4", "--period", "2024", "--apply",
        ],
    );
    assert!(applied["batch_id"].as_i64().is_some());
    let li = ok_json(&db, &["customers", "show", "C002"]);
    assert_eq!(li["tier"], "platinum");
    assert_eq!(li["next_rating_on"], "2025-12-31");

    let x = ok_json(&db, &["explain", "C001", "--scheme", "metal4"]);
    assert_eq!(x["tier_name"], "白银");
    assert_eq!(x["next_up"], "还差 ¥10,000、购买频次 3 升至黄金");

    assert_eq!(
        ok_json(&db, &["batch", "list"]).as_array().unwrap().len(),
        1
    );
    let id = applied["batch_id"].as_i64().unwrap().to_string();
    let shown = ok_json(&db, &["batch", "show", &id]);
    assert_eq!(shown["batch"]["scheme_key"], "metal4");
    assert_eq!(shown["batch"]["period"], "2024");
    assert_eq!(shown["batch"]["moved"], 2);
    assert_eq!(shown["batch"]["overrides"], 0);
    assert_eq!(shown["scheme_name"], "金属四级（青铜/白银/黄金/铂金）");
    let counts: Vec<(String, u64)> = shown["counts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["tier"].as_str().unwrap().into(),
                c["count"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        counts,
        [
            ("platinum".into(), 1),
            ("gold".into(), 0),
            ("silver".into(), 1),
            ("bronze".into(), 0)
        ]
    );
    assert_eq!(shown["matrix"][""]["silver"], 1);
    assert_eq!(shown["overrides"].as_array().unwrap().len(), 0);
    let moved: Vec<(&str, &str)> = shown["moves"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["code"].as_str().unwrap(), m["to"].as_str().unwrap()))
        .collect();
    assert_eq!(moved, [("C002", "platinum"), ("C001", "silver")]);
    let text = String::from_utf8(run_ok(&db, &["batch", "show", &id]).stdout).unwrap();
    assert!(text.contains("未评级 → 铂金：1"), "{text}");
    assert!(text.contains("C002 李四"), "{text}");
    let missing = tierdesk(&db, &["batch", "show", "999"]);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("没有编号为 999 的评级批次"));
    ok_json(&db, &["batch", "undo"]);
    assert_eq!(
        ok_json(&db, &["customers", "show", "C002"])["tier"],
        serde_json::Value::Null
    );
}

#[test]
fn import_dry_run_commit_list_and_undo() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let sheet =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/星级客户管理表_示例.xlsx");
    let sheet = sheet.to_str().unwrap();
    let dry = ok_json(&db, &["import", "customers", sheet, "--dry-run"]);
    assert_eq!(dry["inserted"], 2);
    assert_eq!(
        ok_json(&db, &["customers", "list"])["total"],
        0,
        "a dry run writes nothing"
    );
    let errors_out = dir.path().join("错误.xlsx");
    let s = ok_json(
        &db,
        &[
            "import",
            "customers",
            sheet,
            "--errors-out",
            errors_out.to_str().unwrap(),
        ],
    );
    for key in [
        "import_id",
        "file",
        "sheet",
        "rows_read",
        "inserted",
        "updated",
        "unchanged",
        "skipped",
        "errors",
    ] {
        assert!(s.get(key).is_some(), "missing {key}: {s}");
    }
    assert_eq!(
        (s["rows_read"].as_u64(), s["inserted"].as_u64()),
        (Some(6), Some(2))
    );
    let e = &s["errors"][0];
    assert_eq!(
        (
            e["row"].as_u64(),
            e["column"].as_str(),
            e["header"].as_str()
        ),
        (Some(6), Some("C"), Some("联系方式"))
    );
    assert_eq!(e["value"], "12345");
    assert!(errors_out.exists());
    let refused = tierdesk(
        &db,
        &[
            "import",
            "customers",
            sheet,
            "--reject-file",
            "--on-duplicate",
            "skip",
        ],
    );
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("整批拒绝"));
    let list = ok_json(&db, &["import", "list"]);
    assert_eq!(list.as_array().map(Vec::len), Some(1));
    run_ok(&db, &["import", "undo", &s["import_id"].to_string()]);
    assert_eq!(ok_json(&db, &["customers", "list"])["total"], 0);
}

#[test]
fn rfm_from_imported_order_lines() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let csv = dir.path().join("orders.csv");
    // 17850 bought twice (last 2011-06-01), 13047 once the day before the
    // rating date, 12583 three times, 14527 only cancelled.
    std::fs::write(
        &csv,
        "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n\
         536365,85123A,WHITE HEART,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom\n\
         536366,22633,HAND WARMER,6,2011-06-01 08:28:00,1.85,17850.0,United Kingdom\n\
         581587,22613,SPACEBOY,12,2011-12-09 12:50:00,0.85,13047.0,United Kingdom\n\
         536370,22728,ALARM CLOCK,24,2010-12-01 08:45:00,3.75,12583.0,France\n\
         545000,22728,ALARM CLOCK,24,2011-03-01 10:00:00,3.75,12583.0,France\n\
         573000,22728,ALARM CLOCK,24,2011-11-01 10:00:00,3.75,12583.0,France\n\
         C536379,D,Discount,-1,2010-12-01 09:41:00,27.5,14527.0,United Kingdom\n",
    )
    .unwrap();
    ok_json(&db, &["import", "transactions", csv.to_str().unwrap()]);
    let e = ok_json(
        &db,
        &["evaluate", "--scheme", "rfm10", "--as-of", "2011-12-10"],
    );
    let counts: Vec<(String, u64)> = e["counts"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, n)| n.as_u64() != Some(0))
        .map(|(k, n)| (k.clone(), n.as_u64().unwrap()))
        .collect();
    let want = [("at_risk", 1), ("loyal", 1), ("new", 1), ("no_purchase", 1)];
    assert_eq!(
        counts,
        want.map(|(k, n)| (k.to_owned(), n)),
        "R 1/3/5 and F 3/5/1 by the days and orders"
    );
    let out = run_ok(&db, &["explain", "12583", "--scheme", "rfm10"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("（RFM "), "{text}");
    assert!(text.contains("F 订单数：3，5 分（按排名五等分"), "{text}");
    assert_eq!(
        text.matches('✓').count(),
        1,
        "one segment rule holds: {text}"
    );
}

#[test]
fn calibrate_against_an_imported_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let csv = dir.path().join("旧表.csv");
    std::fs::write(
        &csv,
        "客户编号,客户名称,消费金额,当前等级\nA1,张三,400000,VIP\nA2,李四,90000,金牌\nA3,王五,150000,金牌\nA4,赵六,5000,普通\nA5,钱七,8000,重点\n",
    )
    .unwrap();
    ok_json(&db, &["import", "customers", csv.to_str().unwrap()]);
    let c = ok_json(
        &db,
        &["calibrate", "--scheme", "star4", "--as-of", "2026-06-30"],
    );
    assert_eq!(c["with_old_tier"], 5);
    assert_eq!(c["compared"], 4);
    assert_eq!(c["agreed"], 3);
    assert_eq!(c["agreement"], 75.0);
    assert_eq!(c["unmapped"][0]["text"], "重点");
    assert_eq!(c["disagreements"][0]["code"], "A2");
    assert_eq!(c["matrix"][1], serde_json::json!([0, 1, 1, 0]));
    let cuts: Vec<f64> = c["suggestion"]["cuts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["suggested"].as_f64().unwrap())
        .collect();
    assert_eq!(cuts[1], 90_000.0);
    assert_eq!(c["suggestion"]["agreement"], 100.0);

    let text = run_ok(
        &db,
        &["calibrate", "--scheme", "star4", "--as-of", "2026-06-30"],
    );
    insta::assert_snapshot!("calibrate", String::from_utf8_lossy(&text.stdout));
}

#[test]
fn benefits_show_use_refuse_undo_and_statement() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    add_customer(
        &db,
        "周八",
        "B1",
        &["--phone", "13912345678", "--spend", "150000"],
    );
    ok_json(&db, &["evaluate", "--scheme", "star4", "--apply"]);
    let on = ["--as-of", "2026-05-01"];
    let b = ok_json(&db, &["benefits", "show", "B1", on[0], on[1]]);
    assert_eq!(b["tier"]["key"], "gold");
    assert_eq!(b["period"], "2026");
    assert_eq!(b["benefits"][0]["name"], "生日礼品");
    assert_eq!(b["benefits"][0]["remaining"], 1);

    let day = ["--date", "2026-04-20", "--who", "小李"];
    let mut args = vec!["benefits", "use", "B1", "生日礼品", "--note", "门店领取"];
    args.extend(day);
    let u = ok_json(&db, &args);
    assert_eq!(u["remaining"], 0);
    let again = tierdesk(&db, &["benefits", "use", "B1", "生日礼品", day[0], day[1]]);
    assert!(!again.status.success());
    insta::assert_snapshot!(
        "benefits_use_refused",
        String::from_utf8_lossy(&again.stderr)
    );
    let mut args = vec!["benefits", "use", "B1", "生日礼品", "--over-quota", "补发"];
    args.extend(day);
    let forced = run_ok(&db, &args);
    insta::assert_snapshot!(
        "benefits_use_forced",
        String::from_utf8_lossy(&forced.stdout)
    );
    let mut args = vec!["benefits", "use", "B1", "免费配送"];
    args.extend(["--date", "2026-03-02", "--who", "小王"]);
    run_ok(&db, &args);

    let shown = run_ok(&db, &["benefits", "show", "B1", on[0], on[1]]);
    insta::assert_snapshot!("benefits_show", String::from_utf8_lossy(&shown.stdout));

    let out = dir.path().join("权益单.html");
    ok_json(
        &db,
        &[
            "benefits",
            "statement",
            "B1",
            out.to_str().unwrap(),
            on[0],
            on[1],
        ],
    );
    let html = std::fs::read_to_string(&out).unwrap();
    assert_eq!(html.matches("139****5678").count(), 1);
    assert!(!html.contains("13912345678"));
    insta::assert_snapshot!("benefits_statement", html.replace("><", ">\n<"));

    let id = u["use"]["id"].as_i64().unwrap().to_string();
    let undone = run_ok(&db, &["benefits", "undo", &id]);
    insta::assert_snapshot!("benefits_undo", String::from_utf8_lossy(&undone.stdout));
    let b = ok_json(&db, &["benefits", "show", "B1", on[0], on[1]]);
    assert_eq!(b["benefits"][0]["used"], 1);
    let cat = ok_json(&db, &["benefits", "catalogue", on[0], on[1]]);
    assert_eq!(cat["tiers"][1]["benefits"][0]["uses"], 1);
    let cat = run_ok(&db, &["benefits", "catalogue", on[0], on[1]]);
    insta::assert_snapshot!("benefits_catalogue", String::from_utf8_lossy(&cat.stdout));
    // Another year: nothing used yet.
    let next = ok_json(&db, &["benefits", "show", "B1", "--as-of", "2027-01-02"]);
    assert_eq!(
        (
            next["period"].as_str(),
            next["benefits"][0]["used"].as_u64()
        ),
        (Some("2027"), Some(0))
    );
}

#[test]
fn report_text_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    for (name, code, spend) in [
        ("甲", "R1", "500000"),
        ("乙", "R2", "150000"),
        ("丙", "R3", "30000"),
    ] {
        add_customer(
            &db,
            name,
            code,
            &["--spend", spend, "--phone", "13912345678"],
        );
    }
    let q1 = [
        "evaluate", "--scheme", "star4", "--period", "2024Q1", "--apply",
    ];
    ok_json(&db, &q1);
    let out = dir.path().join("报告.html");
    let text = run_ok(
        &db,
        &["report", out.to_str().unwrap(), "--period", "2024Q1"],
    );
    let text = String::from_utf8_lossy(&text.stdout).replace(out.to_str().unwrap(), "<OUT>");
    insta::assert_snapshot!("report_text", text);
    let mut args = vec!["report", out.to_str().unwrap(), "--period", "2024q1"];
    args.extend(["--company", "华东贸易"]);
    let json = ok_json(&db, &args);
    assert_eq!(json["customers"], 3);
    assert_eq!(json["as_of"], "2024-03-31");
    let json = serde_json::to_string_pretty(&json)
        .unwrap()
        .replace(out.to_str().unwrap(), "<OUT>");
    insta::assert_snapshot!("report_json", json);
    let html = std::fs::read_to_string(&out).unwrap();
    assert_eq!(
        html.matches("华东贸易 客户等级报告").count(),
        2,
        "title and heading"
    );
}

#[test]
fn import_profiles_list_rename_and_delete() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    assert_eq!(ok_json(&db, &["import", "profiles"]), serde_json::json!([]));
    let empty = tierdesk(&db, &["import", "profiles"]);
    assert!(String::from_utf8_lossy(&empty.stdout).contains("还没有导入方案"));

    let customers = dir.path().join("客户.csv");
    std::fs::write(
        &customers,
        "客户名称,手机号码,备忘\n张三,13800000000,老客户\n",
    )
    .unwrap();
    ok_json(&db, &["import", "customers", customers.to_str().unwrap()]);
    let orders = dir.path().join("订单.csv");
    std::fs::write(
        &orders,
        "订单号,客户名称,下单时间,金额\nA1,张三,2024-03-01,100\n",
    )
    .unwrap();
    ok_json(&db, &["import", "transactions", orders.to_str().unwrap()]);

    let list = ok_json(&db, &["import", "profiles"]);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2, "{list:?}");
    let p = list.iter().find(|p| p["kind"] == "customers").unwrap();
    let name = p["name"].as_str().unwrap().to_owned();
    assert!(name.contains("客户.csv"), "{name}");
    let pairs: Vec<(String, String)> = p["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["header"].as_str().unwrap().into(),
                c["field"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert!(
        pairs.contains(&("手机号码".into(), "联系方式".into())),
        "{pairs:?}"
    );
    assert!(p["updated_at"].as_str().is_some_and(|s| !s.is_empty()));
    let order_name = list.iter().find(|p| p["kind"] == "transactions").unwrap()["name"]
        .as_str()
        .unwrap()
        .to_owned();
    let text = String::from_utf8_lossy(&tierdesk(&db, &["import", "profiles"]).stdout).into_owned();
    assert!(text.contains("手机号码 → 联系方式"), "{text}");

    let renamed = ok_json(&db, &["import", "profile-rename", &name, "门店客户"]);
    assert_eq!(renamed["name"], "门店客户");
    let clash = tierdesk(&db, &["import", "profile-rename", "门店客户", &order_name]);
    assert!(!clash.status.success());
    assert!(
        String::from_utf8_lossy(&clash.stderr).contains("已有名为"),
        "{}",
        String::from_utf8_lossy(&clash.stderr)
    );
    let names: Vec<String> = ok_json(&db, &["import", "profiles"])
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_owned())
        .collect();
    assert!(names.contains(&"门店客户".to_owned()) && !names.contains(&name));

    // The renamed mapping is used by name.
    ok_json(
        &db,
        &[
            "import",
            "customers",
            customers.to_str().unwrap(),
            "--profile",
            "门店客户",
            "--dry-run",
        ],
    );

    let out = run_ok(&db, &["import", "profile-delete", "门店客户"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("已删除导入方案「门店客户」"));
    ok_json(&db, &["import", "profile-delete", &order_name]);
    assert_eq!(ok_json(&db, &["import", "profiles"]), serde_json::json!([]));
    let again = tierdesk(&db, &["import", "profile-delete", "门店客户"]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("找不到导入方案「门店客户」"));
}
