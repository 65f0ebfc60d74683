//! Imports through the API: preview, commit, duplicates, profiles, undo, the
//! error workbook and order lines, against real files and a real SQLite file.

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use tierdesk_api::domain::{CustomerQuery, ImportKind};
use tierdesk_api::testing::{each_api, new_api, team_choices};
use tierdesk_api::{Api, ErrorCode, ImportRequest, OnDuplicate, RowFate};

pub(crate) fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/星级客户管理表_示例.xlsx")
}

pub(crate) fn request(path: &Path) -> ImportRequest {
    ImportRequest {
        path: path.display().to_string(),
        skip_bad_rows: true,
        ..ImportRequest::default()
    }
}

pub(crate) fn all(api: &Api) -> Vec<tierdesk_api::domain::Customer> {
    api.list_customers(&CustomerQuery {
        limit: 1000,
        ..CustomerQuery::default()
    })
    .unwrap()
    .items
}

pub(crate) fn go(_: tierdesk_api::ImportProgress) -> bool {
    true
}

#[test]
fn messy_sheet_preview_commit_reimport_and_undo() {
    each_api(|api| {
        let req = request(&fixture());

        let p = api.preview_import(&req, &mut go).unwrap();
        assert_eq!(p.sheet, "星级客户");
        assert_eq!(p.kind, ImportKind::Customers);
        assert_eq!(
            (
                p.counts.rows_read,
                p.counts.new,
                p.counts.skipped,
                p.counts.rejected
            ),
            (6, 2, 2, 2)
        );
        assert_eq!(p.counts.duplicates_in_file, 1);
        assert_eq!(p.counts.new_fields, vec!["满意度"]);
        let cells: Vec<String> = p
            .problems
            .iter()
            .map(|x| format!("{}{}", x.column, x.row))
            .collect();
        assert_eq!(cells, vec!["C6", "D6", "7"]);
        assert!(
            p.problems[1].message.contains("十万") && p.problems[1].header == "消费金额（万元）"
        );
        assert!(p
            .rows
            .iter()
            .any(|r| r.fate == RowFate::NotData && r.cells[0] == "合计"));
        assert_eq!(all(api).len(), 0, "a preview writes nothing");

        let s = api.commit_import(&req, "测试", &mut go).unwrap();
        assert_eq!((s.inserted, s.updated, s.skipped), (2, 0, 2));
        assert_eq!(s.errors.len(), 3);
        let list = all(api);
        let hx = list.iter().find(|c| c.name == "华信科技有限公司").unwrap();
        assert_eq!(hx.spend, Some(12000.0));
        assert_eq!(hx.frequency, Some(24.0));
        assert_eq!(hx.tenure_years, Some(3.5));
        assert_eq!(hx.tier.as_deref(), Some("gold"));
        assert_eq!(hx.fields.get("manyidu"), Some(&serde_json::json!(4.5)));
        assert!(
            hx.notes.as_deref().unwrap_or("").contains("每月2次"),
            "the original words are kept"
        );
        let li = list.iter().find(|c| c.name == "李四").unwrap();
        assert_eq!(
            (li.phone.as_deref(), li.spend, li.tier.as_deref()),
            (Some("13912345678"), Some(500000.0), Some("diamond"))
        );

        // The same file again changes nothing; its mapping was saved as a profile.
        let again = api.preview_import(&req, &mut go).unwrap();
        assert_eq!((again.counts.new, again.counts.unchanged), (0, 2));
        assert!(again.profile.is_some());

        // A person edits a customer, then a second import updates it; undo puts it back.
        let mut draft = tierdesk_api::domain::CustomerDraft::from(li);
        draft.spend = Some(1.0);
        draft.email = Some("li@example.com".into());
        api.update_customer(li.id, draft).unwrap();
        let s2 = api.commit_import(&req, "测试", &mut go).unwrap();
        assert_eq!((s2.inserted, s2.updated, s2.unchanged), (0, 1, 1));
        let li2 = api.customer(li.id).unwrap();
        assert_eq!(li2.spend, Some(500000.0));
        assert_eq!(
            li2.email.as_deref(),
            Some("li@example.com"),
            "an empty cell keeps the archive's value"
        );
        // Undoing the first import while the second still stands is refused.
        let err = api.undo_import(s.import_id).unwrap_err();
        assert_eq!(err.code, ErrorCode::Conflict);
        api.undo_import(s2.import_id).unwrap();
        assert_eq!(api.customer(li.id).unwrap().spend, Some(1.0));
        // 李四 was changed by hand after the first import: undoing it would
        // delete that change with him, so it is refused and names him.
        let err = api.undo_import(s.import_id).unwrap_err();
        assert_eq!(err.code, ErrorCode::Conflict);
        assert!(err.message.contains("李四"), "{}", err.message);
        assert_eq!(all(api).len(), 2);
        // Once the person has dealt with him (here: deleted him), it goes through.
        api.delete_customers(&[li.id]).unwrap();
        api.empty_recycle_bin().unwrap();
        api.undo_import(s.import_id).unwrap();
        assert_eq!(all(api).len(), 0);
        assert_eq!(
            api.imports()
                .unwrap()
                .iter()
                .filter(|r| r.undone_at.is_some())
                .count(),
            2
        );
    });
}

#[test]
fn refuse_whole_file_and_skip_existing() {
    each_api(|api| {
        let mut req = request(&fixture());
        req.skip_bad_rows = false;
        let err = api.commit_import(&req, "测试", &mut go).unwrap_err();
        assert!(
            err.message.contains("整批拒绝") && err.message.contains("第 6 行"),
            "{}",
            err.message
        );
        // The refusal is a message naming the row (English leaves the Chinese reason to the preview).
        let msg = err.msg.as_ref().expect("the refusal's message");
        assert!(msg.key.starts_with("import.refused"), "{msg:?}");
        assert_eq!(msg.params.get("row").map(String::as_str), Some("6"));
        assert_eq!(msg.zh(), err.message);
        // The reason is a message inside it (English says it too), the problem of row 6.
        let reason = msg.list("message");
        assert_eq!(reason.len(), 1, "{msg:?}");
        assert!(!reason[0].key.starts_with("import.refused"), "{msg:?}");
        assert_eq!(msg.params.get("message"), None);
        // Every problem of the preview carries its messages, and its Chinese is theirs.
        let p = api.preview_import(&req, &mut go).unwrap();
        assert!(!p.problems.is_empty());
        for r in &p.problems {
            let chinese = tierdesk_mapping::Problem::chinese(&r.msg, &r.more);
            assert_eq!(r.message, chinese, "{r:?}");
        }
        assert_eq!(all(api).len(), 0);
        req.skip_bad_rows = true;
        api.commit_import(&req, "测试", &mut go).unwrap();
        req.on_duplicate = OnDuplicate::Skip;
        let p = api.preview_import(&req, &mut go).unwrap();
        assert_eq!(
            (p.counts.new, p.counts.updated, p.counts.skipped),
            (0, 0, 4)
        );
        req.on_duplicate = OnDuplicate::New;
        let p = api.preview_import(&req, &mut go).unwrap();
        assert_eq!(p.counts.new, 2);
    });
}

#[test]
fn error_workbook_marks_the_bad_cells() {
    let dir = tempfile::tempdir().unwrap();
    each_api(|api| {
        let out = dir.path().join("错误.xlsx");
        let n = api.write_import_errors(&request(&fixture()), &out).unwrap();
        assert_eq!(n, 3);
        let mut book = tierdesk_sheets::open(&out).unwrap();
        let sheet = book.sheets()[0].name.clone();
        let mut rows = Vec::new();
        book.for_each_row(&sheet, |i, r| {
            rows.push((i, r.iter().map(|c| c.display()).collect::<Vec<_>>()));
            ControlFlow::Continue(())
        })
        .unwrap();
        let header = rows.iter().find(|(i, _)| *i == 2).unwrap();
        assert_eq!(header.1.last().map(String::as_str), Some("错误原因"));
        let bad = rows.iter().find(|(i, _)| *i == 5).unwrap();
        assert!(
            bad.1.iter().any(|c| c == "十万"),
            "the original value is kept: {bad:?}"
        );
        assert!(bad.1.last().unwrap().contains("D列") && bad.1.last().unwrap().contains("C列"));
        // The marked-up copy reads back as the same table: the reason column is not a field.
        let p = api.preview_import(&request(&out), &mut go).unwrap();
        assert_eq!(p.counts.new, 2);
        assert!(p
            .mapping
            .columns
            .iter()
            .any(|c| c.header == "错误原因" && c.target == tierdesk_api::mapping::Target::Ignore));
    });
}

#[test]
fn order_lines_create_customers_and_undo_removes_them() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("orders.csv");
    std::fs::write(
        &csv,
        "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n\
         536365,85123A,WHITE HEART,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom\n\
         536365,71053,WHITE LANTERN,6,2010-12-01 08:26:00,3.39,17850.0,United Kingdom\n\
         536366,22633,HAND WARMER,6,2011-06-01 08:28:00,1.85,17850.0,United Kingdom\n\
         C536379,D,Discount,-1,2010-12-01 09:41:00,27.5,14527.0,United Kingdom\n\
         536380,22,Mug,2,2010-12-01 09:41:00,1,,United Kingdom\n",
    )
    .unwrap();
    each_api(|api| {
        let req = ImportRequest {
            kind: Some(ImportKind::Transactions),
            ..request(&csv)
        };
        let p = api.preview_import(&req, &mut go).unwrap();
        assert_eq!(
            (
                p.counts.lines,
                p.counts.new,
                p.counts.lines_without_customer
            ),
            (4, 2, 1)
        );
        let s = api.commit_import(&req, "测试", &mut go).unwrap();
        assert_eq!((s.inserted, s.lines), (2, 4));
        let c = api.find_customer("17850").unwrap();
        assert_eq!(
            c.spend,
            Some(46.74),
            "15.30 + 20.34 + 11.10, purchases only"
        );
        assert_eq!(c.frequency, Some(2.0));
        assert_eq!(
            c.registered_on.map(|d| d.to_string()).as_deref(),
            Some("2010-12-01")
        );
        let cancelled = api.find_customer("14527").unwrap();
        assert_eq!(
            cancelled.spend,
            Some(0.0),
            "a cancellation is not a purchase"
        );
        api.undo_import(s.import_id).unwrap();
        assert!(all(api).is_empty());
    });
}

#[test]
fn chinese_order_sheet_from_the_templates() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/templates/销售记录_bicycle_sales.xlsx");
    if !path.exists() {
        eprintln!("跳过：没有找到 {}", path.display());
        return;
    }
    each_api(|api| {
        let s = api.commit_import(&request(&path), "测试", &mut go).unwrap();
        assert_eq!((s.rows_read, s.lines, s.inserted), (15092, 15092, 5108));
        let total: f64 = all_spend(api);
        assert!((total - 70_299_898.66).abs() < 1.0, "sum(金额) = {total}");
    });
}

fn all_spend(api: &Api) -> f64 {
    let mut total = 0.0;
    let mut offset = 0;
    loop {
        let p = api
            .list_customers(&CustomerQuery {
                offset,
                limit: 1000,
                ..CustomerQuery::default()
            })
            .unwrap();
        total += p.items.iter().filter_map(|c| c.spend).sum::<f64>();
        if p.items.len() < 1000 {
            return total;
        }
        offset += 1000;
    }
}

#[test]
fn refusals_reach_the_person_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    each_api(|api| {
        let empty = dir.path().join("空表.xlsx");
        std::fs::write(&empty, b"").unwrap();
        let err = api.preview_import(&request(&empty), &mut go).unwrap_err();
        // A file that cannot be read is a file problem, as in exports.
        assert_eq!(err.code, ErrorCode::File);
        assert!(
            err.message.contains("「空表.xlsx」") && err.message.contains("空的"),
            "{}",
            err.message
        );
        let cancelled = api
            .preview_import(&request(&fixture()), &mut |_| false)
            .unwrap_err();
        assert_eq!(cancelled.code, ErrorCode::Cancelled);
    });
}

/// An order sheet of `n` lines over 40 customers (`C0001`…`C0040`), with a
/// date no one can read on line `bad` (1-based, under the header).
fn order_csv(dir: &Path, n: usize, bad: Option<usize>) -> PathBuf {
    let mut text = String::from("订单编号,客户编号,下单日期,产品,数量,单价\n");
    for i in 1..=n {
        let date = if Some(i) == bad {
            "下周二".to_owned()
        } else {
            format!(
                "2024-{:02}-{:02} 10:{:02}:00",
                i % 12 + 1,
                i % 28 + 1,
                i % 60
            )
        };
        let order = if i % 97 == 0 {
            format!("C{}", 50_000 + i / 3)
        } else {
            format!("{}", 50_000 + i / 3)
        };
        text.push_str(&format!(
            "{order},C{:04},{date},产品{},{},{}.5\n",
            i % 40 + 1,
            i % 13,
            if i % 97 == 0 { -1 } else { 1 + i as i64 % 4 },
            i % 9
        ));
    }
    let path = dir.join(format!("orders-{n}-{bad:?}.csv"));
    std::fs::write(&path, text).unwrap();
    path
}

/// A new archive (a file in `dir` or a team database) with one customer.
fn with_old_customer(team: bool, dir: &Path) -> Api {
    let mut api = new_api(team, dir);
    api.create_customer(tierdesk_api::domain::CustomerDraft {
        code: Some("C0007".into()),
        name: "老客户".into(),
        spend: Some(1.0),
        ..Default::default()
    })
    .unwrap();
    api
}

#[test]
fn streamed_and_previewed_order_imports_store_the_same() {
    for team in team_choices() {
        // The command line stores lines while the file is read; the app reads
        // first (for its preview) and stores what it read. Both must agree.
        let dir = tempfile::tempdir().unwrap();
        let csv = order_csv(dir.path(), 5000, Some(77));
        let req = ImportRequest {
            kind: Some(ImportKind::Transactions),
            ..request(&csv)
        };
        let mut streamed = with_old_customer(team, dir.path());
        let a = streamed.commit_import(&req, "测试", &mut go).unwrap();
        let mut planned = with_old_customer(team, dir.path());
        let plan =
            tierdesk_api::import::read_import(&planned.import_context().unwrap(), &req, &mut go)
                .unwrap();
        let b = planned
            .commit_import_plan(&plan, &req, "测试", &mut go)
            .unwrap();
        assert_eq!(
            (
                a.rows_read,
                a.inserted,
                a.updated,
                a.lines,
                a.skipped,
                a.errors.clone()
            ),
            (
                b.rows_read,
                b.inserted,
                b.updated,
                b.lines,
                b.skipped,
                b.errors.clone()
            )
        );
        assert_eq!(
            (a.rows_read, a.inserted, a.updated, a.lines),
            (5000, 39, 1, 4999)
        );
        assert_eq!(a.errors.len(), 1);
        assert_eq!(
            (a.errors[0].row, a.errors[0].value.as_str()),
            (78, "下周二")
        );
        let key = |api: &Api| {
            let mut v: Vec<_> = all(api)
                .into_iter()
                .map(|c| (c.code, c.name, c.spend, c.frequency, c.registered_on))
                .collect();
            v.sort_by(|x, y| x.0.cmp(&y.0));
            v
        };
        assert_eq!(key(&streamed), key(&planned));
        // New customers are stored many per statement; each is found by search.
        for api in [&streamed, &planned] {
            for code in ["C0001", "C0023", "C0040"] {
                let found = api
                    .list_customers(&CustomerQuery {
                        search: Some(code.into()),
                        limit: 10,
                        ..CustomerQuery::default()
                    })
                    .unwrap()
                    .items;
                assert_eq!(found.len(), 1, "{code}");
                assert_eq!(found[0].code.as_deref(), Some(code));
            }
        }
        let old = streamed.find_customer("C0007").unwrap();
        assert_eq!(old.name, "老客户");
        assert!(
            old.spend.unwrap() > 100.0,
            "figures follow the lines: {:?}",
            old.spend
        );
        let record = |api: &Api| {
            let r = api.imports().unwrap().remove(0);
            (
                r.rows_read,
                r.inserted,
                r.updated,
                r.lines,
                r.skipped,
                r.rejected,
            )
        };
        assert_eq!(record(&streamed), record(&planned));
        // Undo gives the old customer its figures back and removes the new ones.
        streamed.undo_import(a.import_id).unwrap();
        let back = all(&streamed);
        assert_eq!(back.len(), 1);
        assert_eq!(back[0].spend, Some(1.0));
    }
}

#[test]
fn a_refused_or_cancelled_order_import_leaves_nothing() {
    for team in team_choices() {
        let dir = tempfile::tempdir().unwrap();
        let csv = order_csv(dir.path(), 20_000, Some(15_000));
        let mut api = with_old_customer(team, dir.path());
        let strict = ImportRequest {
            kind: Some(ImportKind::Transactions),
            skip_bad_rows: false,
            ..request(&csv)
        };
        // The bad line comes after thousands of lines were already stored.
        let err = api.commit_import(&strict, "测试", &mut go).unwrap_err();
        assert_eq!(err.code, ErrorCode::Invalid);
        assert!(
            err.message.contains("第 15001 行") && err.message.contains("数据库没有改动"),
            "{}",
            err.message
        );
        assert!(api.imports().unwrap().is_empty());
        assert_eq!(all(&api).len(), 1);
        assert_eq!(api.find_customer("C0007").unwrap().spend, Some(1.0));

        let mut calls = 0;
        let err = api
            .commit_import(
                &ImportRequest {
                    skip_bad_rows: true,
                    ..strict
                },
                "测试",
                &mut |_| {
                    // The second report comes after 8,192 rows, lines stored.
                    calls += 1;
                    calls < 2
                },
            )
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::Cancelled);
        assert_eq!(calls, 2, "cancelled half-way, not before the first line");
        assert!(api.imports().unwrap().is_empty());
        assert_eq!(all(&api).len(), 1);
        assert_eq!(api.find_customer("C0007").unwrap().spend, Some(1.0));
    }
}

/// An import with thousands of problems reports them all by count and
/// returns the first 500 (the error workbook has every one), so the app is
/// not sent megabytes it only counts.
#[test]
fn a_summary_carries_the_first_problems_and_the_count_of_all() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("InvoiceNo,Quantity,InvoiceDate,UnitPrice,CustomerID\n");
    for i in 0..1_200 {
        let customer = if i % 3 == 0 { "17850" } else { "" };
        text.push_str(&format!(
            "{},1,2011-01-02 10:00:00,2.5,{customer}\n",
            600_000 + i
        ));
    }
    let csv = dir.path().join("orders.csv");
    std::fs::write(&csv, text).unwrap();
    each_api(|api| {
        let req = ImportRequest {
            kind: Some(ImportKind::Transactions),
            ..request(&csv)
        };
        let s = api.commit_import(&req, "测试", &mut go).unwrap();
        assert_eq!((s.rows_read, s.lines), (1_200, 400));
        assert_eq!((s.error_count, s.rejected), (800, 800));
        assert_eq!(s.errors.len(), 500);
        // In row order: the first rows without a customer are rows 3 and 4.
        assert_eq!((s.errors[0].row, s.errors[1].row), (3, 4));
        let out = dir.path().join("errors.xlsx");
        assert_eq!(api.write_import_errors(&req, &out).unwrap(), 800);
    });
}
