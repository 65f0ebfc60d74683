//! `tierdesk privacy` and masking on the command line: lists and exports
//! masked by default, `--full` to opt out, a person's copy by extension,
//! an erase that needs its reason, 显示完整 with a purpose.

use calamine::{open_workbook_auto, Data, Reader};

use super::{add_customer, ok_json, run_ok, tierdesk};

#[test]
fn masked_by_default_reveal_copy_and_erase() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    add_customer(&db, "上官婉儿", "C001", &["--phone", "13812345678"]);
    add_customer(&db, "独孤求败", "C002", &["--phone", "010-87654321"]);

    let list = ok_json(&db, &["customers", "list", "--search", "13812345678"]);
    assert_eq!(list["total"], 1, "a full phone still finds");
    assert_eq!(list["items"][0]["phone"], "138****5678");
    let shown = ok_json(&db, &["customers", "show", "C002"]);
    assert_eq!(shown["phone"], "010-****4321");
    let text = String::from_utf8(run_ok(&db, &["customers", "list"]).stdout).unwrap();
    assert!(
        text.contains("138****5678") && !text.contains("13812345678"),
        "{text}"
    );

    // A reveal needs a purpose.
    let out = tierdesk(&db, &["privacy", "reveal", "C001", "--purpose", " "]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("用途"));
    let full = ok_json(
        &db,
        &["privacy", "reveal", "C001", "--purpose", "客户来电核实"],
    );
    assert_eq!(full["phone"], "13812345678");

    // Exports: masked unless --full.
    let masked = dir.path().join("masked.xlsx");
    let unmasked = dir.path().join("full.xlsx");
    run_ok(&db, &["export", "customers", masked.to_str().unwrap()]);
    run_ok(
        &db,
        &["export", "customers", unmasked.to_str().unwrap(), "--full"],
    );
    let phones = |path: &std::path::Path| {
        let mut wb = open_workbook_auto(path).unwrap();
        let r = wb.worksheet_range("星级客户管理表").unwrap();
        let col = r
            .rows()
            .next()
            .unwrap()
            .iter()
            .position(|h| *h == Data::String("联系方式".into()))
            .unwrap();
        r.rows()
            .skip(1)
            .map(|row| row[col].to_string())
            .collect::<Vec<_>>()
    };
    let mut m = phones(&masked);
    m.sort();
    assert_eq!(m, vec!["010-****4321", "138****5678"]);
    let mut f = phones(&unmasked);
    f.sort();
    assert_eq!(f, vec!["010-87654321", "13812345678"]);

    // The copy, by extension.
    let xlsx = dir.path().join("copy.xlsx");
    let written = ok_json(&db, &["privacy", "export", "C001", xlsx.to_str().unwrap()]);
    let sheets = written["sheets"].as_array().unwrap();
    assert_eq!(sheets.len(), 7);
    let mut wb = open_workbook_auto(&xlsx).unwrap();
    let basics = wb.worksheet_range("基本信息").unwrap();
    assert!(basics
        .rows()
        .any(|r| r[0] == Data::String("联系方式".into())
            && r[1] == Data::String("13812345678".into())));
    let json_out = dir.path().join("copy.json");
    run_ok(
        &db,
        &["privacy", "export", "C001", json_out.to_str().unwrap()],
    );
    let copy: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&json_out).unwrap()).unwrap();
    assert_eq!(copy["customer"]["name"], "上官婉儿");
    let out = tierdesk(&db, &["privacy", "export", "C001", "copy.csv"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains(".xlsx 或 .json"));

    // The erase needs its reason; the record stays, nameless.
    let out = tierdesk(&db, &["privacy", "erase", "C001"]);
    assert!(!out.status.success(), "--reason is required");
    let erased = ok_json(
        &db,
        &["privacy", "erase", "C001", "--reason", "客户本人要求删除"],
    );
    let id = erased["customer_id"].as_i64().unwrap();
    assert_eq!(erased["name"], format!("已删除的客户 #{id}"));
    assert!(erased["backup"]
        .as_str()
        .is_some_and(|b| std::path::Path::new(b).exists()));
    let list = ok_json(&db, &["customers", "list"]);
    assert_eq!(list["total"], 2);
    let names: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert!(
        !names.contains(&"上官婉儿") && names.contains(&"独孤求败"),
        "{names:?}"
    );
    let out = tierdesk(&db, &["customers", "show", "C001"]);
    assert!(!out.status.success(), "the code went with the person");
}

/// A person's copy holds everything about them, unmasked: it never leaves
/// without its entry in the log. When the log cannot be written (another
/// program holds the write lock past the wait), no file appears.
#[test]
fn a_copy_that_cannot_be_logged_is_not_written() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    add_customer(&db, "慕容复", "C009", &["--phone", "13912345678"]);
    let out = dir.path().join("副本.json");
    let other = rusqlite::Connection::open(&db).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    let res = tierdesk(&db, &["privacy", "export", "C009", out.to_str().unwrap()]);
    other.execute_batch("ROLLBACK").unwrap();
    assert!(!res.status.success(), "the log could not be written");
    assert!(!out.exists(), "a copy left without its log entry");
    // Once the lock is gone, the copy is written and logged.
    run_ok(&db, &["privacy", "export", "C009", out.to_str().unwrap()]);
    assert!(out.exists());
    let logged = ok_json(&db, &["audit", "list", "--action", "privacy.copy"]);
    assert_eq!(logged.as_array().map(Vec::len), Some(1), "{logged}");
}
