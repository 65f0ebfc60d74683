//! The report's 流失与留存 section over a real database: order lines
//! imported, alerts refreshed; the section's figures are the 分析 API's
//! for the report's date, the lapsed customer moves from the old fixed
//! 流失风险 list to the alert list (masked phone, reasons), and the saved
//! workbook and HTML carry it.

use std::io::Read;
use std::path::Path;

use calamine::{open_workbook_auto, Data, Reader};
use chrono::NaiveDate;
use tierdesk_api::domain::survey::PeriodKind;
use tierdesk_api::domain::CustomerDraft;
use tierdesk_api::testing::each_api_with_dir;
use tierdesk_api::{Api, ReportRequest};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn add(api: &mut Api, code: &str, tier: &str, phone: &str, manager: &str) -> i64 {
    api.create_customer(CustomerDraft {
        code: Some(code.into()),
        name: format!("客户{code}"),
        phone: Some(phone.into()),
        tier: Some(tier.into()),
        manager: Some(manager.into()),
        ..CustomerDraft::default()
    })
    .unwrap()
    .id
}

/// V1 (diamond, 王经理) bought on the 15th of every month of 2024 and
/// never again; G1 (gold, 李经理) every month from January 2024 to June
/// 2025; R1 (regular) once. The report is made on 2025-06-30.
fn archive(api: &mut Api, dir: &Path) {
    add(api, "V1", "diamond", "13812345678", "王经理");
    add(api, "G1", "gold", "13900001111", "李经理");
    add(api, "R1", "regular", "13700002222", "李经理");
    let mut rows = String::new();
    for m in 1..=12 {
        rows.push_str(&format!(
            "V-{m},V1,2024-{m:02}-15 10:00:00,茶,1,20000,20000\n"
        ));
    }
    for i in 0..18 {
        let (y, m) = (2024 + i / 12, i % 12 + 1);
        rows.push_str(&format!("G-{i},G1,{y}-{m:02}-05 10:00:00,茶,1,3000,3000\n"));
    }
    rows.push_str("R-1,R1,2025-03-01 10:00:00,茶,1,100,100\n");
    crate::churn::import_orders(api, dir, "订单.csv", &rows);
}

fn made() -> NaiveDate {
    day("2025-06-30")
}

#[test]
fn the_section_has_the_analysis_figures_and_the_alerts_replace_the_fixed_list() {
    each_api_with_dir(|api, dir| {
        archive(api, dir);
        let req = ReportRequest::default();

        // Before any refresh: the old list names V1, the section has no alerts.
        let r = api.tier_report(&req, made()).unwrap();
        let c = r.churn.as_ref().expect("the section");
        assert!(c.alerts.is_none());
        assert_eq!(
            r.at_risk
                .iter()
                .map(|l| l.code.as_str())
                .collect::<Vec<_>>(),
            ["V1"]
        );
        // The figures are the 分析 page's for the report's date.
        assert_eq!(
            c.retention,
            api.analysis_retention(PeriodKind::Quarter, made(), Some(8))
                .unwrap()
        );
        assert_eq!(c.cohorts, api.analysis_cohorts(made(), Some(12)).unwrap());
        assert_eq!(c.managers, api.analysis_managers(None, made()).unwrap());
        assert_eq!(c.retention.totals.len(), 8);
        let q2 = c.retention.totals.last().unwrap();
        assert_eq!((q2.period.as_str(), q2.active), ("2025Q2", 1), "only G1");
        let managers: Vec<(&str, u64)> = c
            .managers
            .rows
            .iter()
            .map(|m| (m.manager.as_str(), m.customers))
            .collect();
        assert_eq!(managers, [("王经理", 1), ("李经理", 2)], "by revenue");

        // After a refresh the alert list replaces it.
        api.churn_refresh(made()).unwrap();
        let r = api.tier_report(&req, made()).unwrap();
        assert!(r.at_risk.is_empty(), "one list of customers at risk");
        let a = r.churn.as_ref().unwrap().alerts.as_ref().unwrap();
        assert_eq!(a.refreshed_on, "2025-06-30");
        let v1 = a.lines.iter().find(|l| l.code == "V1").expect("V1 alerted");
        assert_eq!(a.lines[0].code, "V1", "the highest value at risk first");
        assert_eq!(v1.phone, "138****5678");
        assert_eq!((v1.tier.as_str(), v1.owner.as_str()), ("diamond", "王经理"));
        assert!(
            v1.reasons.iter().any(|s| s.contains("未下单")),
            "{:?}",
            v1.reasons
        );
        assert!(v1.value_at_risk > 0.0);
        // G1 keeps buying: whatever else is said of G1, not that it stopped ordering.
        for l in a.lines.iter().filter(|l| l.code == "G1") {
            assert!(
                !l.reasons.iter().any(|s| s.contains("未下单")),
                "{:?}",
                l.reasons
            );
        }
        let (open, high) = api.churn_open_counts().unwrap();
        assert_eq!((a.open, a.high), (open, high));
        assert_eq!(a.lines.len() as u64, open);

        // The files carry it: HTML section and the workbook's alert sheet.
        let html = dir.join("报告.html");
        api.export_report(&req, &html, made()).unwrap();
        let text = std::fs::read_to_string(&html).unwrap();
        let at = text.find("<h2>八、流失与留存</h2>").expect("the section");
        assert!(text[at..].contains(">V1<") && text[at..].contains("138****5678"));
        assert!(!text.contains("13812345678"), "masked");
        assert!(
            text.contains("流失预警已按预警规则生成"),
            "section 五 points at it"
        );

        let xlsx = dir.join("报告.xlsx");
        api.export_report(&req, &xlsx, made()).unwrap();
        let mut wb = open_workbook_auto(&xlsx).unwrap();
        let sheet = wb.worksheet_range("流失预警").unwrap();
        let rows: Vec<&[Data]> = sheet.rows().skip(4).collect();
        assert_eq!(rows.len() as u64, open);
        assert_eq!(rows[0][0], Data::String("V1".into()));
        assert_eq!(rows[0][7], Data::Float(a.lines[0].value_at_risk));
        let rates = wb.worksheet_range("流失与留存").unwrap();
        assert_eq!(
            rates.rows().skip(4).count(),
            c_rows(api),
            "every period of everyone and of each tier"
        );
        let f = std::fs::File::open(&xlsx).unwrap();
        let mut z = zip::ZipArchive::new(f).unwrap();
        let charts = (0..z.len())
            .filter(|i| {
                let mut s = String::new();
                let mut file = z.by_index(*i).unwrap();
                let is_chart = file
                    .name()
                    .map(|n| n.starts_with("xl/charts/chart"))
                    .unwrap_or(false);
                is_chart && file.read_to_string(&mut s).is_ok() && s.contains("<c:f>流失")
            })
            .count();
        assert_eq!(charts, 2, "the rate lines and the value-at-risk bars");
    });
}

#[test]
fn the_tier_table_has_the_batches_of_the_report_s_scheme_only() {
    each_api_with_dir(|api, dir| {
        archive(api, dir);
        let star = api
            .apply_evaluation("star4", made(), Some("2025Q2"), "测试", &[])
            .unwrap();
        api.apply_evaluation("metal4", made(), Some("2025Q2"), "测试", &[])
            .unwrap();
        let star_again = api
            .apply_evaluation("star4", made(), Some("2025Q2"), "测试", &[])
            .unwrap();
        let all = api.analysis_tier_movement().unwrap().batches.len();
        assert_eq!(all, 3);
        let req = ReportRequest {
            scheme: Some("star4".into()),
            ..ReportRequest::default()
        };
        let r = api.tier_report(&req, made()).unwrap();
        let ids: Vec<i64> = r
            .churn
            .unwrap()
            .movement
            .batches
            .iter()
            .map(|b| b.batch_id)
            .collect();
        assert_eq!(ids, [star.id, star_again.id]);
    });
}

/// Rows of the workbook's rate sheet: everyone's periods from the first
/// with a purchase, and each tier's.
fn c_rows(api: &Api) -> usize {
    let r = api.tier_report(&ReportRequest::default(), made()).unwrap();
    let c = r.churn.unwrap();
    assert_eq!(
        c.totals().len(),
        6,
        "2024Q1–2025Q2: the two quarters before are left out"
    );
    c.totals().len() + c.retention.by_tier.len()
}
