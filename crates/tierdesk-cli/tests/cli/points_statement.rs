//! `tierdesk points statement`: the PDF and the HTML of a period, the
//! figures as JSON equal to the ledger's, and a Chinese refusal for a
//! period the wrong way round or a file type it cannot write.

use std::path::Path;
use std::process::Output;

use crate::{add_customer, ok_json, tierdesk};

/// `tierdesk points statement A1 <file> <more…>` over `db`.
fn statement(db: &Path, file: &Path, more: &[&str]) -> Output {
    let mut args = vec!["points", "statement", "A1", file.to_str().unwrap()];
    args.extend_from_slice(more);
    tierdesk(db, &args)
}

#[test]
fn the_statement_is_saved_as_pdf_and_html_with_the_ledgers_figures() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    add_customer(&db, "甲公司", "A1", &["--phone", "13912345678"]);
    ok_json(
        &db,
        &["points", "earn", "A1", "1200", "--reason", "旧表积分"],
    );
    ok_json(&db, &["points", "earn", "A1", "-200", "--reason", "更正"]);
    let pdf = dir.path().join("对账单.pdf");
    let s = ok_json(&db, &["points", "statement", "A1", pdf.to_str().unwrap()]);
    let shown = ok_json(&db, &["points", "show", "A1"]);
    assert_eq!(s["closing"], shown["balance"]);
    assert_eq!(
        (s["opening"].as_i64(), s["adjusted"].as_i64()),
        (Some(0), Some(1_000))
    );
    assert_eq!(s["lines"].as_array().unwrap().len(), 2);
    assert_eq!(s["phone"], "139****5678");
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));

    let html = dir.path().join("对账单.html");
    let out = statement(&db, &html, &["--from", "2000-01-01"]);
    assert!(out.status.success());
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("期末 1,000") && said.contains("明细 2 条"),
        "{said}"
    );
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("积分对账单") && page.contains("1,000"));
    assert!(!page.contains("13912345678"));

    let wrong = statement(&db, &html, &["--from", "2025-12-31", "--to", "2025-01-01"]);
    assert!(!wrong.status.success());
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("晚于结束日期"));
    let docx = dir.path().join("对账单.docx");
    let wrong = statement(&db, &docx, &[]);
    assert!(String::from_utf8_lossy(&wrong.stderr).contains(".pdf 或 .html"));
    assert!(!docx.exists());
}
