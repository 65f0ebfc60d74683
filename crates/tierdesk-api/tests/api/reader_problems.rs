//! What the file readers find reaches the import: every row of a CR LF (or
//! CR) file stored under its own row number, and bytes that are not text
//! reported on their row and cell instead of refusing the file.

use std::path::PathBuf;

use tierdesk_api::testing::{each_api, new_api, team_choices};
use tierdesk_api::Api;

use crate::import::{all, go, request};

fn temp_file(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Codes of the stored customers, sorted.
fn codes(api: &Api) -> Vec<String> {
    let mut codes: Vec<String> = all(api).into_iter().filter_map(|c| c.code).collect();
    codes.sort();
    codes
}

/// The file from the report, with each line ending and encoding: both
/// customers stored, two rows read, and a bad amount reported on the row a
/// person sees it on.
#[test]
fn every_line_ending_stores_every_row_under_its_number() {
    for team in team_choices() {
        let table = [
            "客户编号,客户名称,联系方式,消费金额",
            "P001,张三,13900000001,1000",
            "P002,李四,13900000002,十万",
            "",
            "P003,王五,13900000003,3000",
        ];
        for (eol_name, eol) in [("crlf", "\r\n"), ("lf", "\n"), ("cr", "\r")] {
            let text = table.join(eol) + eol;
            let encodings: [(&str, Vec<u8>); 3] = [
                ("utf8", text.clone().into_bytes()),
                (
                    "bom",
                    [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
                ),
                ("gbk", encoding_rs::GBK.encode(&text).0.into_owned()),
            ];
            for (enc, bytes) in encodings {
                let dir = tempfile::tempdir().unwrap();
                let name = format!("{eol_name}-{enc}.csv");
                let path = temp_file(&dir, &name, &bytes);
                let mut api = new_api(team, dir.path());
                let s = api.commit_import(&request(&path), "测试", &mut go).unwrap();
                assert_eq!(s.rows_read, 3, "{name}");
                assert_eq!((s.inserted, s.rejected), (2, 1), "{name}");
                assert_eq!(codes(&api), ["P001", "P003"], "{name}");
                let at: Vec<(u64, &str)> = s
                    .errors
                    .iter()
                    .map(|e| (e.row, e.column.as_str()))
                    .collect();
                assert_eq!(at, [(3, "D")], "{name}: {:?}", s.errors);
                assert!(s.errors[0].message.contains("十万"), "{name}");
            }
        }
    }
}

/// A UTF-8 file with one byte that is not UTF-8 (0xA0, on line 202, in a
/// name): every other row is imported, and the damaged one is refused and
/// named by row and column, never the whole file refused as having no
/// 「客户名称」 column.
#[test]
fn a_stray_byte_refuses_its_row_only_and_says_where() {
    for team in team_choices() {
        for eol in ["\n", "\r\n"] {
            let mut bytes = format!("客户编号,客户名称,联系方式{eol}").into_bytes();
            for i in 1..=300 {
                let name = if i == 201 {
                    ["客户", "\u{0}"].concat()
                } else {
                    format!("客户{i}号")
                };
                let mut line = format!("P{i:03},{name},1390000{i:04}{eol}").into_bytes();
                if i == 201 {
                    let at = line.iter().position(|b| *b == 0).unwrap();
                    line[at] = 0xA0;
                }
                bytes.extend_from_slice(&line);
            }
            let dir = tempfile::tempdir().unwrap();
            let path = temp_file(&dir, "stray.csv", &bytes);
            let mut api = new_api(team, dir.path());
            let req = request(&path);
            let p = api.preview_import(&req, &mut go).unwrap();
            assert_eq!(p.problem_count, 1, "{eol:?}");
            let e = &p.problems[0];
            assert_eq!(
                (e.row, e.column.as_str(), e.header.as_str()),
                (202, "B", "客户名称")
            );
            assert!(e.message.contains("无法识别的字符"), "{}", e.message);
            assert!(e.value.contains('\u{FFFD}'), "{}", e.value);

            let s = api.commit_import(&req, "测试", &mut go).unwrap();
            assert_eq!((s.rows_read, s.inserted, s.rejected), (300, 299, 1));
            let stored = codes(&api);
            assert_eq!(stored.len(), 299);
            assert!(!stored.contains(&"P201".to_string()));
            assert!(stored.contains(&"P200".to_string()) && stored.contains(&"P202".to_string()));
            assert!(all(&api).iter().all(|c| !c.name.contains('\u{FFFD}')));
        }
    }
}

/// The rows of a workbook as read back: Excel's row index and each cell as shown.
fn rows_of_book(path: &std::path::Path) -> Vec<(usize, Vec<String>)> {
    let mut book = tierdesk_sheets::open(path).unwrap();
    let sheet = book.sheets()[0].name.clone();
    let mut rows = Vec::new();
    book.for_each_row(&sheet, |i, r| {
        rows.push((i, r.iter().map(|c| c.display()).collect()));
        std::ops::ControlFlow::Continue(())
    })
    .unwrap();
    rows
}

/// The reproduction from the report: a note written on two lines leaves the
/// next customer on row 3, as Excel and WPS show the file, so the bad amount
/// is reported on row 3 (not on row 4, the line it starts on). The error
/// workbook copies the sheet row for row: three rows, no empty one added.
#[test]
fn a_cell_on_two_lines_leaves_the_next_row_its_excel_number() {
    for team in team_choices() {
        for (eol_name, eol) in [("crlf", "\r\n"), ("lf", "\n"), ("cr", "\r")] {
            let text = format!(
            "客户编号,客户名称,消费金额,备注{eol}P001,张三,100,\"第一行{eol}第二行\"{eol}P002,李四,十万,{eol}"
        );
            for (enc, bytes) in [
                ("utf8", text.clone().into_bytes()),
                ("gbk", encoding_rs::GBK.encode(&text).0.into_owned()),
            ] {
                let name = format!("{eol_name}-{enc}");
                let dir = tempfile::tempdir().unwrap();
                let path = temp_file(&dir, "ml.csv", &bytes);
                let mut api = new_api(team, dir.path());
                let req = request(&path);
                let out = dir.path().join("错误.xlsx");
                assert_eq!(api.write_import_errors(&req, &out).unwrap(), 1, "{name}");
                let copy = rows_of_book(&out);
                let at: Vec<usize> = copy.iter().map(|r| r.0).collect();
                assert_eq!(at, [0, 1, 2], "{name}: {copy:?}");
                assert_eq!(copy[1].1[3], format!("第一行{eol}第二行"), "{name}");
                assert_eq!(copy[2].1[..3], ["P002", "李四", "十万"], "{name}");
                assert!(copy[2].1.last().unwrap().contains("C列"), "{name}");

                let s = api.commit_import(&req, "测试", &mut go).unwrap();
                assert_eq!((s.rows_read, s.inserted, s.rejected), (2, 1, 1), "{name}");
                assert_eq!(codes(&api), ["P001"], "{name}");
                let at: Vec<(u64, &str)> = s
                    .errors
                    .iter()
                    .map(|e| (e.row, e.column.as_str()))
                    .collect();
                assert_eq!(at, [(3, "C")], "{name}: {:?}", s.errors);
            }
        }
    }
}

/// A cell longer than Excel's 32,767 characters is not something a person
/// typed: its row is refused and named by row and column, every other row is
/// imported, and the error workbook still copies the sheet (the cell cut to
/// what Excel can hold).
#[test]
fn an_oversized_cell_refuses_its_row_and_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let long = "很".repeat(200_000);
    let text = format!(
        "客户编号,客户名称,消费金额,备注\nP001,张三,100,{long}\nP002,李四,200,老客户\nP003,王五,300,\n"
    );
    let path = temp_file(&dir, "long.csv", text.as_bytes());
    each_api(|api| {
        let req = request(&path);
        let out = dir.path().join("错误.xlsx");
        assert_eq!(api.write_import_errors(&req, &out).unwrap(), 1);
        let copy = rows_of_book(&out);
        assert_eq!(copy.iter().map(|r| r.0).collect::<Vec<_>>(), [0, 1, 2, 3]);
        assert_eq!(
            copy[1].1[3].chars().count(),
            tierdesk_sheets::MAX_CELL_CHARS
        );
        assert!(copy[1].1.last().unwrap().contains("D列"));

        let s = api.commit_import(&req, "测试", &mut go).unwrap();
        assert_eq!((s.rows_read, s.inserted, s.rejected), (3, 2, 1));
        assert_eq!(codes(api), ["P002", "P003"]);
        let e = &s.errors[0];
        assert_eq!(
            (e.row, e.column.as_str(), e.header.as_str()),
            (2, "D", "备注")
        );
        assert!(e.message.contains("32767"), "{}", e.message);
        assert!(
            e.value.chars().count() < 100,
            "the message shows the start only: {}",
            e.value
        );
    });
}

/// A cell that is not a phone keeps its row (the customer is stored without
/// the phone) and is reported as a note; a bad amount keeps its row out. The
/// summary tells the two apart, so the app can show 提示 beside 不导入.
#[test]
fn a_wrong_phone_is_a_note_and_a_bad_amount_refuses_the_row() {
    let text = "客户编号,客户名称,联系方式,消费金额\n\
                P001,张三,请打总机,1000\n\
                P002,李四,13900000002,十万\n\
                P003,王五,010-12345678,3000\n";
    let dir = tempfile::tempdir().unwrap();
    let path = temp_file(&dir, "notes.csv", text.as_bytes());
    each_api(|api| {
        let s = api.commit_import(&request(&path), "测试", &mut go).unwrap();
        assert_eq!((s.rows_read, s.inserted, s.rejected), (3, 2, 1));
        assert_eq!(codes(api), ["P001", "P003"]);
        let seen: Vec<(u64, &str, bool)> = s
            .errors
            .iter()
            .map(|e| (e.row, e.column.as_str(), e.row_kept))
            .collect();
        assert_eq!(seen, [(2, "C", true), (3, "D", false)], "{:?}", s.errors);
        let stored = all(api);
        let p001 = stored
            .iter()
            .find(|c| c.code.as_deref() == Some("P001"))
            .unwrap();
        assert_eq!((p001.name.as_str(), p001.phone.as_deref()), ("张三", None));
        let p003 = stored
            .iter()
            .find(|c| c.code.as_deref() == Some("P003"))
            .unwrap();
        assert_eq!(p003.phone.as_deref(), Some("010-12345678"));
    });
}

/// A sheet with its header and nothing under it (a template not filled in,
/// or a file saved on one line) is refused with a sentence that says so,
/// and nothing is recorded as an import.
#[test]
fn a_header_without_rows_is_said_plainly() {
    for team in team_choices() {
        for (kind, text) in [
        ("customers", "客户编号,客户名称,联系方式\r\n"),
        (
            "orders",
            "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let path = temp_file(&dir, &format!("{kind}.csv"), text.as_bytes());
        let mut api = new_api(team, dir.path());
        let err = api
            .commit_import(&request(&path), "测试", &mut go)
            .unwrap_err();
        assert!(
            err.message.contains("没有数据行"),
            "{kind}: {}",
            err.message
        );
        assert!(
            err.message.contains(&format!("{kind}.csv")),
            "{}",
            err.message
        );
        assert_eq!(api.imports().unwrap().len(), 0, "{kind}");
        assert!(all(&api).is_empty(), "{kind}");
    }
    }
}
