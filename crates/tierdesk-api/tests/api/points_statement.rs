//! The 积分对账单 through the API, over a ledger written by the real writers
//! (an order import earning at the tier's rate, adjustments, a redemption and
//! its undo, an expiry run) across a year boundary: the figures equal the
//! ledger's, the saved PDF's text shows them and one line per row of the
//! period, bad periods and file names get a Chinese message, and printing
//! and saving each leave their audit entry.

use std::path::Path;

use chrono::NaiveDate;
use tierdesk_api::domain::audit::AuditFilter;
use tierdesk_api::domain::points::{EntryKind, ItemKind};
use tierdesk_api::domain::CustomerDraft;
use tierdesk_api::testing::{another_like, each_api_with_dir};
use tierdesk_api::{Api, ErrorCode};

use crate::churn::import_orders;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A gold customer (×1.5) and a plain one under a scheme earning points;
/// orders of 2024 and 2025, hand rows, a redemption undone, one kept, and
/// the expiry of 2024's points run at the end of 2025.
fn archive(api: &mut Api, dir: &Path) -> (i64, i64) {
    let mut s = api.active_scheme().unwrap();
    s.key = "points_on".into();
    s.name = "积分方案".into();
    s.points.enabled = true;
    api.import_scheme(&s.to_toml()).unwrap();
    api.activate_scheme("points_on").unwrap();
    let gold = s.tiers[1].key.clone();
    let mut add = |code: &str, tier: Option<&str>| {
        api.create_customer(CustomerDraft {
            code: Some(code.into()),
            name: format!("客户{code}"),
            phone: Some("13812345678".into()),
            tier: tier.map(str::to_owned),
            ..Default::default()
        })
        .unwrap()
        .id
    };
    let a = add("P001", Some(&gold));
    let b = add("P002", None);
    import_orders(
        api,
        dir,
        "orders.csv",
        "O-1,P001,2024-05-10 10:00:00,茶叶,1,1000,1000\n\
         O-2,P001,2025-02-01 10:00:00,茶叶,1,2000,2000\n\
         O-3,P002,2025-03-01 10:00:00,茶叶,1,500,500\n",
    );
    api.points_adjust(a, 100, "老客户补录", d("2024-12-31"))
        .unwrap();
    api.points_catalogue_add("保温杯", ItemKind::Gift, 200, None)
        .unwrap();
    let r = api.points_redeem(a, "保温杯", 1, d("2025-01-05")).unwrap();
    api.points_undo(r.id, "客户改选其他礼品", d("2025-01-06"))
        .unwrap();
    api.points_redeem(a, "保温杯", 1, d("2025-04-01")).unwrap();
    api.points_expire(d("2025-12-31")).unwrap();
    api.points_adjust(a, -10, "系统误差更正", d("2026-01-02"))
        .unwrap();
    (a, b)
}

#[test]
fn the_statement_adds_up_to_the_ledger_and_the_pdf_shows_it() {
    each_api_with_dir(|api, dir| {
        let (a, b) = archive(api, dir);
        let ledger = api.points_account(a, d("2026-02-01")).unwrap().entries;
        // 2024: O-1 ¥1,000 ×1.5 = 150, +100 by hand. 2025: O-2 ¥2,000 ×1.5 = 300,
        // a redemption of 200 undone, one kept (taken from 2024's oldest points
        // first), so 50 of 2024's points expire on 2025-12-31.
        let kinds: Vec<(EntryKind, i64)> = ledger.iter().map(|e| (e.kind, e.points)).collect();
        assert_eq!(
            kinds,
            vec![
                (EntryKind::Earn, 150),
                (EntryKind::Earn, 300),
                (EntryKind::Adjust, 100),
                (EntryKind::Redeem, -200),
                (EntryKind::Reverse, 200),
                (EntryKind::Redeem, -200),
                (EntryKind::Expire, -50),
                (EntryKind::Adjust, -10),
            ]
        );

        let s = api
            .points_statement(
                a,
                Some(d("2025-01-01")),
                Some(d("2025-12-31")),
                d("2026-02-01"),
            )
            .unwrap();
        assert_eq!(
            (s.opening, s.earned, s.redeemed, s.expired, s.adjusted, s.closing),
            (250, 300, 400, 50, 200, 300)
        );
        let in_period = ledger
            .iter()
            .filter(|e| e.on_day >= s.from && e.on_day <= s.to)
            .count();
        assert_eq!(s.lines.len(), in_period);
        assert_eq!(s.lines.len(), 5);
        assert_eq!(s.phone.as_deref(), Some("138****5678"));
        assert_eq!(s.tier.as_ref().map(|t| t.name.as_str()), Some("金牌"));

        // The default period: this calendar year up to today, closing = balance.
        let now = api
            .points_statement(a, None, None, d("2026-02-01"))
            .unwrap();
        assert_eq!((now.from, now.to), (d("2026-01-01"), d("2026-02-01")));
        assert_eq!(now.opening, s.closing);
        assert_eq!(now.closing, api.points_balance(a).unwrap());
        assert_eq!(now.lines.len(), 1);

        // The other customer's statement has only their order.
        let other = api
            .points_statement(b, None, Some(d("2025-12-31")), d("2026-02-01"))
            .unwrap();
        assert_eq!(
            (other.earned, other.closing, other.lines.len()),
            (50, 50, 1)
        );

        let out = dir.join("对账单.pdf");
        let saved = api
            .save_points_statement(
                a,
                Some(d("2025-01-01")),
                Some(d("2025-12-31")),
                &out,
                d("2026-02-01"),
            )
            .unwrap();
        assert_eq!(saved.closing, s.closing);
        let bytes = std::fs::read(&out).unwrap();
        assert!(bytes.starts_with(b"%PDF"));
        if let Ok(o) = std::process::Command::new("pdftotext")
            .args(["-layout"])
            .arg(&out)
            .arg("-")
            .output()
        {
            let text = String::from_utf8_lossy(&o.stdout);
            assert!(
                text.contains("客户P001") && text.contains("138****5678"),
                "{text}"
            );
            assert!(!text.contains("13812345678"));
            for figure in [
                "期初余额",
                "250",
                "+300",
                "-400",
                "-50",
                "+200",
                "期末余额",
                "300",
            ] {
                assert!(text.contains(figure), "{figure} missing:\n{text}");
            }
            let kinds = ["获得", "兑换", "调整", "过期", "冲销", "期初"];
            let printed = text
                .lines()
                .filter(|l| {
                    let l = l.trim_start();
                    l.starts_with("2025-")
                        && l.get(10..).is_some_and(|rest| {
                            kinds.iter().any(|k| rest.trim_start().starts_with(k))
                        })
                })
                .count();
            assert_eq!(printed, in_period, "{text}");
        }
        let html = api
            .points_statement_html(
                a,
                Some(d("2025-01-01")),
                Some(d("2025-12-31")),
                d("2026-02-01"),
            )
            .unwrap();
        assert!(html.contains("客户改选其他礼品；冲销第"));
    });
}

#[test]
fn bad_periods_files_and_customers_get_a_chinese_message() {
    each_api_with_dir(|api, dir| {
        let (a, _) = archive(api, dir);
        let today = d("2026-02-01");
        let e = api
            .points_statement(a, Some(d("2025-12-31")), Some(d("2025-01-01")), today)
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::Invalid);
        assert!(e.message.contains("晚于结束日期"), "{}", e.message);
        let out = dir.join("对账单.docx");
        let e = api
            .save_points_statement(a, None, None, &out, today)
            .unwrap_err();
        assert!(e.message.contains(".pdf 或 .html"), "{}", e.message);
        assert!(!out.exists());
        let e = api
            .points_statement(999_999, None, None, today)
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::NotFound);
    });
}

#[test]
fn printing_and_saving_leave_their_entries() {
    each_api_with_dir(|api, dir| {
        let (a, _) = archive(api, dir);
        let today = d("2026-02-01");
        api.points_statement_html(a, None, None, today).unwrap();
        let out = dir.join("对账单.html");
        api.save_points_statement(a, None, None, &out, today)
            .unwrap();
        let entries = api
            .audit_list(&AuditFilter {
                limit: Some(10),
                ..Default::default()
            })
            .unwrap()
            .items;
        let ours: Vec<(&str, Option<i64>)> = entries
            .iter()
            .filter(|e| e.action.starts_with("points.statement"))
            .map(|e| (e.action.as_str(), e.customer_id))
            .collect();
        assert_eq!(
            ours,
            vec![
                ("points.statement_export", Some(a)),
                ("points.statement", Some(a))
            ]
        );
        assert!(entries.iter().all(|e| !e.summary.contains("客户P001")));
    });
}

/// The report's 九、积分 section and its sheet 积分 (with a native chart)
/// carry the ledger's figures; a report of a file without points has neither.
#[test]
fn the_report_has_the_points_section_only_with_a_ledger() {
    use calamine::{open_workbook_auto, Data, Reader};
    each_api_with_dir(|api, dir| {
        archive(api, dir);
        let req = tierdesk_api::ReportRequest::default();
        let report = api.tier_report(&req, d("2026-02-01")).unwrap();
        let p = report.points.as_ref().expect("the 积分 section");
        // P001 holds 290 (gold), P002 50 (no tier): 340 points, ¥3.40 at ¥0.01.
        assert_eq!((p.total.balance, p.total.customers), (340, 2));
        assert!((p.total.liability - 3.4).abs() < 1e-9);
        let gold = p.tiers.iter().find(|t| t.tier == "金牌").unwrap();
        assert_eq!((gold.balance, gold.customers), (290, 1));
        let year = p.periods.iter().find(|l| l.period == "2025年度").unwrap();
        assert_eq!(
            (
                year.issued,
                year.redeemed,
                year.expired,
                year.adjusted,
                year.closing
            ),
            (350, 200, 50, 0, 350)
        );
        let html = dir.join("报告.html");
        api.export_report(&req, &html, d("2026-02-01")).unwrap();
        let page = std::fs::read_to_string(&html).unwrap();
        assert!(
            page.contains("九、积分") && page.contains("现有积分 340 分"),
            "the section"
        );
        let xlsx = dir.join("报告.xlsx");
        api.export_report(&req, &xlsx, d("2026-02-01")).unwrap();
        let mut wb = open_workbook_auto(&xlsx).unwrap();
        assert!(wb.sheet_names().contains(&"积分".to_owned()));
        let sheet = wb.worksheet_range("积分").unwrap();
        let numbers: Vec<f64> = sheet
            .rows()
            .flat_map(|r| r.iter())
            .filter_map(|c| match c {
                Data::Float(f) => Some(*f),
                _ => None,
            })
            .collect();
        assert!(numbers.contains(&340.0) && numbers.contains(&290.0));
        // A native chart over the sheet's own cells (the churn sheets have theirs).
        let mut zip = zip::ZipArchive::new(std::fs::File::open(&xlsx).unwrap()).unwrap();
        let names: Vec<String> = zip
            .file_names()
            .filter_map(|n| n.ok().map(|n| n.to_string()))
            .filter(|n| n.starts_with("xl/charts/chart"))
            .collect();
        let ours = names
            .iter()
            .filter(|n| {
                let mut xml = String::new();
                std::io::Read::read_to_string(&mut zip.by_name(n).unwrap(), &mut xml).unwrap();
                xml.contains("<c:f>积分!$B$")
            })
            .count();
        assert_eq!(ours, 1, "one chart over the sheet 积分");

        let empty = another_like(api, dir);
        let report = empty.tier_report(&req, d("2026-02-01")).unwrap();
        assert!(report.points.is_none());
        let html = dir.join("空.html");
        empty.export_report(&req, &html, d("2026-02-01")).unwrap();
        assert!(!std::fs::read_to_string(&html).unwrap().contains("九、积分"));
    });
}
