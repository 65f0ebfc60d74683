//! Reading real and hostile files, text encodings, and the error workbook.

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rust_xlsxwriter::Workbook;
use tierdesk_domain::Cell;
use tierdesk_sheets::{open, write_error_workbook, CellProblem, Format, SheetError};

mod fuzz;
mod line_endings;
mod messages;
mod outputs;
mod passwords;

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data")
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tierdesk-sheets-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn rows_of(path: &Path) -> Vec<(usize, Vec<Cell>)> {
    let mut book = open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let sheet = book.sheets()[0].name.clone();
    let mut out = Vec::new();
    book.for_each_row(&sheet, |i, r| {
        out.push((i, r.to_vec()));
        ControlFlow::Continue(())
    })
    .unwrap();
    out
}

fn text(s: &str) -> Cell {
    Cell::Text(s.into())
}

/// Peak resident memory of this process in MB since the last [`reset_peak`]
/// (Linux; `None` elsewhere).
fn peak_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: f64 = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()?;
    Some(kb / 1024.0)
}

/// Starts a new peak-memory measurement (writing 5 to clear_refs resets VmHWM).
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// Every file in the corpus gives rows or a clear message, within 2 s and
/// 500 MB, and never panics.
#[test]
fn corpus_sweep() {
    let root = data_dir();
    if !root.exists() {
        eprintln!("跳过：没有找到 {}", root.display());
        return;
    }
    let mut files = Vec::new();
    for sub in [
        "corpus/calamine",
        "corpus/apache-poi",
        "corpus/openpyxl",
        "corpus/xlrd",
        "templates",
    ] {
        if let Ok(rd) = std::fs::read_dir(root.join(sub)) {
            files.extend(
                rd.flatten()
                    .map(|e| e.path())
                    .filter(|p| p.is_file() && p.extension().is_some_and(|e| e != "txt")),
            );
        }
    }
    files.sort();
    assert!(files.len() > 50, "corpus too small: {}", files.len());
    let mut slow = Vec::new();
    let mut heavy = Vec::new();
    for path in &files {
        reset_peak();
        let started = Instant::now();
        let result = std::panic::catch_unwind(|| -> Result<String, SheetError> {
            let mut book = open(path)?;
            let sheets: Vec<String> = book.sheets().iter().map(|s| s.name.clone()).collect();
            let mut rows = 0usize;
            for s in &sheets {
                book.for_each_row(s, |_, _| {
                    rows += 1;
                    ControlFlow::Continue(())
                })?;
            }
            Ok(format!(
                "{:?}, {} 张表, {rows} 行",
                book.format(),
                sheets.len()
            ))
        });
        let took = started.elapsed();
        let peak = peak_mb();
        let line = match result {
            Ok(Ok(s)) => s,
            Ok(Err(e)) => {
                let msg = e.to_string();
                assert!(msg.contains('「'), "message names the file: {msg}");
                format!("拒绝：{msg}")
            }
            Err(_) => panic!("panicked on {}", path.display()),
        };
        println!(
            "{:<60} {:>6} ms {:>6.0} MB  {line}",
            path.file_name().unwrap().to_string_lossy(),
            took.as_millis(),
            peak.unwrap_or(f64::NAN)
        );
        if took > Duration::from_secs(2) {
            slow.push(path.clone());
        }
        if peak.is_some_and(|mb| mb > 500.0) {
            heavy.push(path.clone());
        }
    }
    assert!(slow.is_empty(), "slower than 2 s: {slow:?}");
    assert!(heavy.is_empty(), "more than 500 MB: {heavy:?}");
}

#[test]
fn refusals_say_why() {
    let root = data_dir();
    if !root.exists() {
        eprintln!("跳过：没有找到 {}", root.display());
        return;
    }
    let check = |rel: &str, want: &str| {
        let err = open(&root.join(rel))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_else(|| {
                // Some files open and fail on reading.
                let mut b = open(&root.join(rel)).unwrap();
                let s = b.sheets()[0].name.clone();
                b.for_each_row(&s, |_, _| ControlFlow::Continue(()))
                    .err()
                    .map(|e| e.to_string())
                    .unwrap_or_default()
            });
        assert!(err.contains(want), "{rel}: expected '{want}' in '{err}'");
    };
    check("corpus/calamine/pass_protected.xlsx", "密码");
    check("corpus/calamine/pass_protected.xlsb", "密码");
    check("corpus/calamine/pass_protected.ods", "密码");
    check("corpus/apache-poi/protected_passtika.xlsx", "密码");
    check("corpus/apache-poi/password.xls", "密码");
    check("corpus/apache-poi/xor-encryption-abc.xls", "密码");
    check("corpus/calamine/too_small.xls", "不是可以导入的表格");
    check("corpus/calamine/issue_594_dos.ods", "「issue_594_dos.ods」");
    check(
        "corpus/apache-poi/poc-xmlbomb-empty.xlsx",
        "「poc-xmlbomb-empty.xlsx」",
    );
    check("corpus/apache-poi/testEXCEL_3.xls", "Excel 4.0");
}

#[test]
fn date_systems_agree() {
    let root = data_dir();
    if !root.exists() {
        eprintln!("跳过：没有找到 {}", root.display());
        return;
    }
    let dates = |rel: &str| -> Vec<chrono::NaiveDateTime> {
        rows_of(&root.join(rel))
            .into_iter()
            .flat_map(|(_, r)| r)
            .filter_map(|c| if let Cell::Date(d) = c { Some(d) } else { None })
            .collect()
    };
    let d1900 = dates("corpus/apache-poi/1900DateWindowing.xls");
    let d1904 = dates("corpus/apache-poi/1904DateWindowing.xls");
    assert!(!d1900.is_empty());
    assert_eq!(d1900, d1904);
    let x1904 = dates("corpus/calamine/date_1904.xlsx");
    assert!(
        x1904.iter().all(|d| d.date().year_ce().1 > 1950),
        "{x1904:?}"
    );
}

use chrono::Datelike;

#[test]
fn wps_html_named_xlsx_is_read_as_a_table() {
    let path = data_dir().join("templates/会费导入模板_WPS_HTML_named_xlsx.xlsx");
    if !path.exists() {
        eprintln!("跳过：没有找到 {}", path.display());
        return;
    }
    let book = open(&path).unwrap();
    assert_eq!(book.format(), Format::Html);
    let rows = rows_of(&path);
    let all: Vec<String> = rows
        .iter()
        .flat_map(|(_, r)| r.iter().map(Cell::display))
        .collect();
    for h in ["会员等级", "单位名称", "缴费金额"] {
        assert!(
            all.iter().any(|c| c.contains(h)),
            "missing {h}: {:?}",
            &all[..all.len().min(40)]
        );
    }
}

#[test]
fn xlsx_rows_keep_excel_positions() {
    let path = temp("positions.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("客户").unwrap();
    ws.merge_range(
        0,
        0,
        0,
        3,
        "星级客户管理表",
        &rust_xlsxwriter::Format::new(),
    )
    .unwrap();
    ws.write_string(2, 1, "客户名称").unwrap();
    ws.write_string(2, 2, "联系方式").unwrap();
    ws.write_string(3, 1, "张三").unwrap();
    ws.write_string(3, 2, "13812345678").unwrap();
    ws.write_number(4, 2, 13912345678.0).unwrap();
    let d = rust_xlsxwriter::ExcelDateTime::from_ymd(2023, 3, 1).unwrap();
    ws.write_datetime_with_format(
        4,
        3,
        &d,
        &rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd"),
    )
    .unwrap();
    let hidden = wb.add_worksheet();
    hidden.set_name("说明").unwrap().set_hidden(true);
    wb.save(&path).unwrap();

    let book = open(&path).unwrap();
    assert_eq!(book.format(), Format::Xlsx);
    assert_eq!(book.sheets().len(), 2);
    assert!(book.sheets()[0].visible && !book.sheets()[1].visible);
    let rows = rows_of(&path);
    assert_eq!(rows[0].0, 0);
    assert_eq!(rows[0].1[0], text("星级客户管理表"));
    assert_eq!(rows[1].0, 2);
    assert_eq!(
        rows[1].1,
        vec![Cell::Empty, text("客户名称"), text("联系方式")]
    );
    assert_eq!(rows[3].1[2], Cell::Number(13912345678.0));
    assert_eq!(
        rows[3].1[3],
        Cell::Date(
            chrono::NaiveDate::from_ymd_opt(2023, 3, 1)
                .unwrap()
                .and_hms_opt(0, 0, 0)
                .unwrap()
        )
    );
}

#[test]
fn csv_encodings_and_delimiters() {
    let rows = [
        ["客户名称", "消费金额", "备注"],
        ["张三", "￥10,000", "说明,含逗号"],
        ["李四", "1.2万", ""],
    ];
    let check = |name: &str, bytes: Vec<u8>| {
        let path = temp(name);
        std::fs::write(&path, bytes).unwrap();
        let got = rows_of(&path);
        assert_eq!(got.len(), 3, "{name}: {got:?}");
        assert_eq!(got[0].1[0], text("客户名称"), "{name}");
        assert_eq!(got[1].1[1], text("￥10,000"), "{name}");
        assert_eq!(got[1].1[2], text("说明,含逗号"), "{name}");
        assert_eq!(got[2].1[1], text("1.2万"), "{name}");
    };
    let line = |d: &str| {
        rows.iter()
            .map(|r| {
                r.iter()
                    .map(|c| {
                        if c.contains(',') {
                            format!("\"{c}\"")
                        } else {
                            c.to_string()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(d)
            })
            .collect::<Vec<_>>()
            .join("\r\n")
    };
    let comma = line(",");
    check("utf8.csv", comma.clone().into_bytes());
    check(
        "utf8bom.csv",
        [b"\xEF\xBB\xBF".to_vec(), comma.clone().into_bytes()].concat(),
    );
    check("gbk.csv", encoding_rs::GBK.encode(&comma).0.into_owned());
    let u16le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(comma.encode_utf16().flat_map(|u| u.to_le_bytes()))
        .collect();
    check("utf16.csv", u16le);
    check("tab.txt", line("\t").into_bytes());
    // The row count the wizard shows is the file's line count, mark or not.
    for (name, bytes) in [
        ("lines.csv", comma.clone().into_bytes()),
        (
            "linesbom.csv",
            [
                b"\xEF\xBB\xBF".to_vec(),
                (comma.clone() + "\r\n").into_bytes(),
            ]
            .concat(),
        ),
    ] {
        let path = temp(name);
        std::fs::write(&path, bytes).unwrap();
        let book = open(&path).unwrap();
        assert_eq!(book.sheets()[0].rows, Some(3), "{name}");
    }
    // Fields as written: quoted line breaks kept, spaces kept, empty fields
    // empty, rows numbered as Excel shows them (the two-line cell is one row,
    // the row of empty cells is row 3 and not handed over, so 丙 is row 4).
    let path = temp("fields.csv");
    std::fs::write(&path, "名称,金额\n\"多\n行\",  \n,\n丙,\"\"\"3\"\"\"\n").unwrap();
    assert_eq!(
        rows_of(&path),
        vec![
            (0, vec![text("名称"), text("金额")]),
            (1, vec![text("多\n行"), text("  ")]),
            (3, vec![text("丙"), text("\"3\"")]),
        ]
    );
    check("semicolon.csv", line(";").into_bytes());
    check("pipe.csv", line("|").into_bytes());
}

#[test]
fn empty_lock_and_fake_files_are_refused() {
    let empty = temp("空.xlsx");
    std::fs::write(&empty, b"").unwrap();
    assert!(matches!(open(&empty), Err(SheetError::Empty { .. })));
    let lock = temp("~$客户表.xlsx");
    std::fs::write(&lock, b"\x0bUser  ").unwrap();
    assert!(matches!(open(&lock), Err(SheetError::LockFile { .. })));
    let zip = temp("fake.xlsx");
    std::fs::write(&zip, b"PK\x03\x04 truncated").unwrap();
    let e = open(&zip).err().unwrap().to_string();
    assert!(e.contains("已损坏"), "{e}");
    let binary = temp("binary.xls");
    std::fs::write(&binary, (0u8..=255).cycle().take(5000).collect::<Vec<_>>()).unwrap();
    assert!(matches!(open(&binary), Err(SheetError::NotASheet { .. })));
    let missing = open(&temp("不存在.xlsx")).err().unwrap().to_string();
    assert!(missing.contains("找不到"), "{missing}");
}

#[test]
fn error_workbook_round_trip() {
    let src = temp("source.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "客户名称").unwrap();
    ws.write_string(0, 1, "消费金额").unwrap();
    ws.write_string(1, 0, "张三").unwrap();
    ws.write_string(1, 1, "十万").unwrap();
    ws.write_string(2, 0, "=1+1").unwrap();
    ws.write_number(2, 1, 5000.0).unwrap();
    wb.save(&src).unwrap();
    let out = temp("errors.xlsx");
    let problems = [CellProblem {
        row: 1,
        col: Some(1),
        message: "「消费金额」不是数字：'十万'".into(),
    }];
    write_error_workbook(&src, "Sheet1", 0, &problems, &out).unwrap();
    let rows = rows_of(&out);
    assert_eq!(
        rows[0].1,
        vec![text("客户名称"), text("消费金额"), text("错误原因")]
    );
    assert_eq!(
        rows[1].1,
        vec![
            text("张三"),
            text("十万"),
            text("B列：「消费金额」不是数字：'十万'")
        ]
    );
    assert_eq!(rows[2].1, vec![text("=1+1"), Cell::Number(5000.0)]);
}
