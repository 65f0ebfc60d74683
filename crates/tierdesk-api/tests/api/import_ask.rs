//! Imports that ask instead of guessing wrong, through the API: a guessed
//! column waits for a confirmation, rows that share only a phone under
//! another name are possible duplicates, instruction rows are notes, digit
//! columns keep every digit, a missing file is named by its whole path.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rust_xlsxwriter::Workbook;
use tierdesk_api::domain::Customer;
use tierdesk_api::mapping::{Confidence, CustomerField, Target};
use tierdesk_api::testing::{each_api, new_api, team_choices};
use tierdesk_api::{Api, ErrorCode, ImportRequest, PairChoice, PairRow};

use crate::import::{all, go, request};

fn template(name: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/templates")
        .join(name);
    if path.exists() {
        Some(path)
    } else {
        eprintln!("跳过：没有找到 {}", path.display());
        None
    }
}

fn by_name(api: &Api) -> Vec<(String, Option<String>, Option<f64>)> {
    let mut v: Vec<_> = all(api)
        .into_iter()
        .map(|c| (c.name, c.code, c.spend))
        .collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

/// The real WPS member template: its 营业额元 (the member company's own
/// turnover) is proposed as 消费金额 but not imported until confirmed, so
/// the dashboard's revenue stays what the sheet's purchases say (none).
#[test]
fn turnover_is_not_spend_without_a_confirmation() {
    let Some(path) = template("会员导入模板_WPS.xlsx") else {
        return;
    };
    each_api(|api| {
        let req = request(&path);
        let p = api.preview_import(&req, &mut go).unwrap();
        let turnover = p.guessed.iter().find(|g| g.header == "营业额元").unwrap();
        assert_eq!(turnover.column, "I");
        assert_eq!(turnover.target, Target::Customer(CustomerField::Spend));
        assert_eq!(turnover.samples, vec!["10000000", "10000000"]);
        let col = p
            .mapping
            .columns
            .iter()
            .find(|c| c.header == "营业额元")
            .unwrap();
        assert_eq!(col.confidence, Confidence::Low);
        // The instruction row under the examples is a note, not a bad row.
        assert!(
            p.problems
                .iter()
                .all(|x| !x.message.contains("客户名称为空")),
            "{:?}",
            p.problems
        );
        assert_eq!(
            (p.counts.new, p.counts.skipped, p.counts.rejected),
            (2, 1, 0)
        );

        let s = api.commit_import(&req, "测试", &mut go).unwrap();
        assert_eq!(s.inserted, 2);
        assert!(s.guessed.iter().any(|g| g.header == "营业额元"));
        assert!(
            by_name(api).iter().all(|c| c.2.is_none()),
            "{:?}",
            by_name(api)
        );
        let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        assert_eq!(api.dashboard(today).unwrap().report.revenue, 0.0);
        // The saved mapping keeps asking: the same sheet again leaves it out.
        let again = api.preview_import(&req, &mut go).unwrap();
        assert!(again.profile.is_some());
        assert!(again.guessed.iter().any(|g| g.header == "营业额元"));

        // Confirmed (one click 确认 sets the column's confidence high): applied.
        let mut mapping = p.mapping.clone();
        for c in &mut mapping.columns {
            if c.header == "营业额元" {
                c.confidence = Confidence::High;
            }
        }
        let confirmed = ImportRequest {
            mapping: Some(mapping),
            ..request(&path)
        };
        let s = api.commit_import(&confirmed, "测试", &mut go).unwrap();
        assert!(s.guessed.iter().all(|g| g.header != "营业额元"));
        assert!(
            by_name(api).iter().all(|c| c.2 == Some(10_000_000.0)),
            "{:?}",
            by_name(api)
        );
        assert_eq!(api.dashboard(today).unwrap().report.revenue, 20_000_000.0);
    });
}

/// `--accept-guesses` applies every guess as it is.
#[test]
fn accepting_the_guesses_applies_them() {
    let Some(path) = template("会员导入模板_WPS.xlsx") else {
        return;
    };
    each_api(|api| {
        let req = ImportRequest {
            accept_guesses: true,
            pairs_all: Some(PairChoice::Separate),
            ..request(&path)
        };
        let s = api.commit_import(&req, "测试", &mut go).unwrap();
        assert!(s.guessed.is_empty());
        assert_eq!(s.inserted, 2);
        // The two example companies share the representative's mobile.
        assert_eq!(s.possible_duplicates.len(), 1);
        assert_eq!(s.possible_duplicates[0].phone, "18106969590");
        assert!(by_name(api).iter().all(|c| c.2 == Some(10_000_000.0)));
    });
}

fn sheet(dir: &Path, name: &str, rows: &[(&str, &str, &str)]) -> PathBuf {
    let path = dir.join(name);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["客户编号", "客户名称", "联系电话"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, (code, name, phone)) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        if !code.is_empty() {
            ws.write_string(r, 0, *code).unwrap();
        }
        ws.write_string(r, 1, *name).unwrap();
        ws.write_string(r, 2, *phone).unwrap();
    }
    wb.save(&path).unwrap();
    path
}

/// Two differently named companies sharing a contact's mobile: both stored
/// by default, one (the first row) on request.
#[test]
fn two_companies_sharing_a_mobile_in_one_sheet() {
    for team in team_choices() {
        let dir = tempfile::tempdir().unwrap();
        let path = sheet(
            dir.path(),
            "共用手机.xlsx",
            &[
                ("", "甲贸易有限公司", "13800000001"),
                ("", "乙科技有限公司", "138-0000-0001"),
            ],
        );
        let mut api = new_api(team, dir.path());
        let p = api.preview_import(&request(&path), &mut go).unwrap();
        assert_eq!(p.possible_duplicates.len(), 1);
        let pair = &p.possible_duplicates[0];
        assert_eq!(
            (
                pair.row,
                pair.other_row,
                pair.name.as_str(),
                pair.other_name.as_str()
            ),
            (3, Some(2), "乙科技有限公司", "甲贸易有限公司")
        );
        assert_eq!(
            (pair.suggested, pair.chosen),
            (PairChoice::Separate, PairChoice::Separate)
        );
        assert_eq!(p.counts.possible_duplicates, 1);
        api.commit_import(&request(&path), "测试", &mut go).unwrap();
        let names: Vec<String> = by_name(&api).into_iter().map(|c| c.0).collect();
        assert_eq!(names, vec!["乙科技有限公司", "甲贸易有限公司"]);

        let mut merged = new_api(team, dir.path());
        let req = ImportRequest {
            pairs: vec![PairRow {
                row: 3,
                choice: PairChoice::Merge,
            }],
            ..request(&path)
        };
        let s = merged.commit_import(&req, "测试", &mut go).unwrap();
        assert_eq!((s.inserted, s.rejected), (1, 1));
        let names: Vec<String> = by_name(&merged).into_iter().map(|c| c.0).collect();
        assert_eq!(names, vec!["甲贸易有限公司"]);
    }
}

/// A row sharing only the phone of an archived customer: a new customer by
/// default; merged on request into the archived one, which keeps its code
/// and name.
#[test]
fn a_row_sharing_an_archived_customers_phone() {
    for team in team_choices() {
        let dir = tempfile::tempdir().unwrap();
        let first = sheet(
            dir.path(),
            "一.xlsx",
            &[("C001", "甲贸易有限公司", "13800000001")],
        );
        let second = sheet(
            dir.path(),
            "二.xlsx",
            &[("", "乙科技有限公司", "13800000001")],
        );
        for (choice, want) in [
            (
                None,
                vec![
                    ("乙科技有限公司".to_owned(), None),
                    ("甲贸易有限公司".to_owned(), Some("C001".to_owned())),
                ],
            ),
            (
                Some(PairChoice::Merge),
                vec![("甲贸易有限公司".to_owned(), Some("C001".to_owned()))],
            ),
        ] {
            let mut api = new_api(team, dir.path());
            api.commit_import(&request(&first), "测试", &mut go)
                .unwrap();
            let req = ImportRequest {
                pairs_all: choice,
                ..request(&second)
            };
            let p = api.preview_import(&req, &mut go).unwrap();
            let pair = &p.possible_duplicates[0];
            assert_eq!(
                (
                    pair.other_row,
                    pair.other_code.as_deref(),
                    pair.other_name.as_str()
                ),
                (None, Some("C001"), "甲贸易有限公司")
            );
            api.commit_import(&req, "测试", &mut go).unwrap();
            let got: Vec<(String, Option<String>)> =
                by_name(&api).into_iter().map(|c| (c.0, c.1)).collect();
            assert_eq!(got, want, "{choice:?}");
        }
    }
}

/// Digit columns written by rust_xlsxwriter as numbers and as text: every
/// text keeps every digit, a number keeps its digits when Excel could hold
/// them, and a number that lost some is left empty with a warning.
#[test]
fn digit_columns_keep_every_digit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("号码.xlsx");
    let headers = ["客户名称", "邮编", "QQ", "身份证号", "银行账号", "传真"];
    enum V {
        T(&'static str),
        N(f64),
    }
    use V::{N, T};
    // (name, cells, what each cell must store: None = left out with a warning)
    /// A customer's name, its five cells, and what each must store.
    type Row<'a> = (&'a str, [V; 5], [Option<&'a str>; 5]);
    let rows: Vec<Row> = vec![
        (
            "文本客户",
            [
                T("010010"),
                T("0123456"),
                T("11010119900307123X"),
                T("6222020200112233445"),
                T("0592-5230081"),
            ],
            [
                Some("010010"),
                Some("0123456"),
                Some("11010119900307123X"),
                Some("6222020200112233445"),
                Some("0592-5230081"),
            ],
        ),
        (
            "数字客户",
            [
                N(361000.0),
                N(123456789.0),
                N(110101900307123.0),
                N(62220202001.0),
                N(5925230081.0),
            ],
            [
                Some("361000"),
                Some("123456789"),
                Some("110101900307123"),
                Some("62220202001"),
                Some("5925230081"),
            ],
        ),
        (
            "丢位客户",
            [
                N(10010.0),
                N(13800138000.0),
                N(110101199003071234.0),
                N(6222020200112233445.0),
                N(12.0),
            ],
            [None, Some("13800138000"), None, None, Some("12")],
        ),
    ];
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, (name, cells, _)) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        ws.write_string(r, 0, *name).unwrap();
        for (c, v) in cells.iter().enumerate() {
            let c = c as u16 + 1;
            match v {
                T(s) => ws.write_string(r, c, *s).unwrap(),
                N(n) => ws.write_number(r, c, *n).unwrap(),
            };
        }
    }
    wb.save(&path).unwrap();
    each_api(|api| {
        let s = api.commit_import(&request(&path), "测试", &mut go).unwrap();
        assert_eq!((s.inserted, s.rejected), (3, 0));
        let warned: Vec<(u64, String)> =
            s.errors.iter().map(|e| (e.row, e.header.clone())).collect();
        assert_eq!(
            warned,
            vec![
                (4, "邮编".to_owned()),
                (4, "身份证号".to_owned()),
                (4, "银行账号".to_owned())
            ]
        );
        assert!(s
            .errors
            .iter()
            .all(|e| e.row_kept && e.message.contains("无法恢复")));
        let defs = api.field_defs().unwrap();
        let key = |label: &str| defs.iter().find(|d| d.label == label).unwrap().key.clone();
        let customers: Vec<Customer> = all(api);
        for (name, _, want) in &rows {
            let c = customers.iter().find(|c| c.name == *name).unwrap();
            for (h, w) in headers[1..].iter().zip(want) {
                let got = c.fields.get(&key(h)).and_then(|v| v.as_str());
                assert_eq!(got, *w, "{name} {h}");
            }
        }
    });
}

/// A path that does not exist is named whole, in the message and its key.
#[test]
fn a_missing_file_is_named_by_its_whole_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("某个文件夹").join("会员表.xlsx");
    each_api(|api| {
        let err = api.preview_import(&request(&path), &mut go).unwrap_err();
        assert_eq!(err.code, ErrorCode::File);
        assert!(
            err.message
                .starts_with(&format!("找不到文件：{}。", path.display())),
            "{}",
            err.message
        );
        let msg = err.msg.unwrap();
        assert_eq!(msg.key, "import.file_not_found");
        assert_eq!(msg.params["path"], path.display().to_string());
        assert!(
            tierdesk_api::import::inspect_file(&path.display().to_string())
                .unwrap_err()
                .message
                .contains(&path.display().to_string())
        );
    });
}
