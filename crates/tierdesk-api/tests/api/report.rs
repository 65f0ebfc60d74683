//! Exports and the tier report, read back: the template imports with no
//! mapping step, customer exports round-trip, formula-like text stays text,
//! and the PDF, HTML and workbook reports say what the database holds.
//!
//! (Over 600 lines: one round-trip check per output format, each reading the file back in full.)

use std::io::Read;
use std::path::Path;

use calamine::{open_workbook_auto, Data, Reader};
use chrono::NaiveDate;
use tierdesk_api::domain::{CustomerDraft, CustomerQuery, FieldDef, FieldKind};
use tierdesk_api::testing::{each_api, each_api_with_dir};
use tierdesk_api::{Api, ImportRequest, OnDuplicate, ReportRequest};

use crate::import::{all, go};

fn rows(path: &Path, sheet: &str) -> Vec<Vec<Data>> {
    let mut wb = open_workbook_auto(path).unwrap();
    let range = wb.worksheet_range(sheet).unwrap();
    range.rows().map(|r| r.to_vec()).collect()
}

fn zip_text(path: &Path, name: &str) -> String {
    let f = std::fs::File::open(path).unwrap();
    let mut z = zip::ZipArchive::new(f).unwrap();
    let mut s = String::new();
    z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

fn zip_names(path: &Path) -> Vec<String> {
    let f = std::fs::File::open(path).unwrap();
    let z = zip::ZipArchive::new(f).unwrap();
    z.file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .collect()
}

fn add(api: &mut Api, code: &str, name: &str, phone: &str, spend: f64) -> i64 {
    let d = CustomerDraft {
        code: Some(code.into()),
        name: name.into(),
        phone: Some(phone.into()),
        spend: Some(spend),
        frequency: Some(6.0),
        ..CustomerDraft::default()
    };
    api.create_customer(d).unwrap().id
}

#[test]
fn template_has_the_seed_layout_and_imports_with_no_mapping() {
    each_api_with_dir(|api, dir| {
        let out = dir.join("模板.xlsx");
        api.export_template(None, &out).unwrap();
        let data = rows(&out, "星级客户管理表");
        let header: Vec<String> = data[0].iter().map(|c| c.to_string()).collect();
        assert_eq!(
            &header[..10],
            [
                "客户编号",
                "客户名称",
                "联系方式",
                "消费金额",
                "购买频次",
                "使用年限",
                "影响力评分",
                "当前等级",
                "上次评级日期",
                "下一次评级日期"
            ]
        );
        let sheet = zip_text(&out, "xl/worksheets/sheet1.xml");
        assert!(
            sheet.contains("<dataValidation") && sheet.contains("钻石,金牌,银牌,普通"),
            "tier drop-down: {sheet}"
        );
        assert!(
            sheet.contains("<pane") && sheet.contains("frozen"),
            "frozen header"
        );
        assert_eq!(
            sheet.matches("<cfRule").count(),
            4,
            "each tier in its colour"
        );
        assert!(
            zip_text(&out, "xl/styles.xml").contains("FF6B3FA0"),
            "钻石's colour"
        );
        let help = rows(&out, "填写说明");
        assert!(help[0][0].to_string().contains("填写说明"));

        // Filled in like a person would, it imports with no mapping to confirm.
        let filled = dir.join("填好.xlsx");
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("星级客户管理表").unwrap();
        for (i, h) in header.iter().enumerate() {
            ws.write_string(0, i as u16, h).unwrap();
        }
        ws.write_string(1, 0, "C001").unwrap();
        ws.write_string(1, 1, "张三").unwrap();
        ws.write_string(1, 2, "13812345678").unwrap();
        ws.write_number(1, 3, 10000).unwrap();
        ws.write_number(1, 4, 5).unwrap();
        ws.write_string(1, 7, "金牌").unwrap();
        wb.save(&filled).unwrap();
        let req = ImportRequest {
            path: filled.display().to_string(),
            skip_bad_rows: true,
            ..ImportRequest::default()
        };
        let p = api.preview_import(&req, &mut go).unwrap();
        assert!(p.exact_headers, "{:?}", p.mapping.columns);
        assert_eq!((p.counts.new, p.problem_count), (1, 0));
    });
}

#[test]
fn customer_export_round_trips_and_keeps_formula_text_as_text() {
    each_api_with_dir(|api, dir| {
        api.add_field_def(FieldDef {
            key: "satisfaction".into(),
            label: "满意度".into(),
            kind: FieldKind::Number,
            choices: vec![],
        })
        .unwrap();
        add(api, "001", "华信科技有限公司", "13812345678", 120000.0);
        add(
            api,
            "0002",
            "=HYPERLINK(\"http://x\",\"点我\")",
            "010-12345678",
            5000.0,
        );
        let id = add(api, "C3", "+SUM(1,2)", "13900001111", 300000.0);
        let mut d = CustomerDraft::from(&api.customer(id).unwrap());
        d.notes = Some("@cmd|' /C calc'!A0".into());
        d.address = Some("-2+3".into());
        d.birth_date = Some(NaiveDate::from_ymd_opt(1980, 5, 6).unwrap());
        d.fields
            .insert("satisfaction".into(), serde_json::json!(4.5));
        api.update_customer(id, d).unwrap();
        api.apply_evaluation(
            "star4",
            NaiveDate::from_ymd_opt(2024, 3, 31).unwrap(),
            None,
            "测试",
            &[],
        )
        .unwrap();

        let out = dir.join("客户.xlsx");
        let mut seen = Vec::new();
        let n = api
            .export_customers(
                &CustomerQuery::default(),
                false,
                &out,
                &mut |done, total| seen.push((done, total)),
            )
            .unwrap();
        assert_eq!(n, 3);
        assert_eq!(seen.last(), Some(&(3, 3)));
        let data = rows(&out, "星级客户管理表");
        assert_eq!(data.len(), 4);
        let header: Vec<String> = data[0].iter().map(|c| c.to_string()).collect();
        let col = |h: &str| header.iter().position(|x| x == h).unwrap();
        // Codes and phones are text, with their leading zeros.
        assert_eq!(data[1][col("客户编号")], Data::String("001".into()));
        assert_eq!(data[2][col("客户编号")], Data::String("0002".into()));
        assert_eq!(data[1][col("联系方式")], Data::String("13812345678".into()));
        assert_eq!(data[1][col("消费金额")], Data::Float(120000.0));
        assert_eq!(data[1][col("当前等级")], Data::String("金牌".into()));
        assert_eq!(data[3][col("满意度")], Data::Float(4.5));
        // Formula-like text is a string cell, and the sheet holds no formula at all.
        assert_eq!(
            data[2][col("客户名称")],
            Data::String("=HYPERLINK(\"http://x\",\"点我\")".into())
        );
        assert_eq!(data[3][col("客户名称")], Data::String("+SUM(1,2)".into()));
        assert_eq!(
            data[3][col("备注")],
            Data::String("@cmd|' /C calc'!A0".into())
        );
        assert_eq!(data[3][col("地址")], Data::String("-2+3".into()));
        assert!(!zip_text(&out, "xl/worksheets/sheet1.xml").contains("<f>"));

        // Edit one cell in "Excel" and import: the same customers are updated,
        // nobody is added, nothing is lost.
        let edited = dir.join("改过.xlsx");
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("星级客户管理表").unwrap();
        for (r, row) in data.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match v {
                    Data::String(s) if r == 1 && c as usize == col("消费金额") => {
                        ws.write_string(r, c, s).map(|_| ())
                    }
                    Data::Float(_) if r == 1 && c as usize == col("消费金额") => {
                        ws.write_number(r, c, 150000.0).map(|_| ())
                    }
                    Data::String(s) => ws.write_string(r, c, s).map(|_| ()),
                    Data::Float(f) => ws.write_number(r, c, *f).map(|_| ()),
                    Data::DateTime(d) => ws.write_number(r, c, d.as_f64()).map(|_| ()),
                    _ => Ok(()),
                }
                .unwrap();
            }
        }
        wb.save(&edited).unwrap();
        let req = ImportRequest {
            path: edited.display().to_string(),
            skip_bad_rows: false,
            on_duplicate: OnDuplicate::Update,
            ..ImportRequest::default()
        };
        let p = api.preview_import(&req, &mut go).unwrap();
        assert!(p.exact_headers);
        let s = api.commit_import(&req, "测试", &mut go).unwrap();
        assert_eq!(
            (s.inserted, s.updated, s.unchanged),
            (0, 1, 2),
            "{:?}",
            s.errors
        );
        let list = all(api);
        assert_eq!(list.len(), 3);
        let hx = list
            .iter()
            .find(|c| c.code.as_deref() == Some("001"))
            .unwrap();
        assert_eq!(hx.spend, Some(150000.0));
        assert_eq!(
            hx.tier.as_deref(),
            Some("gold"),
            "tier names map back to the scheme's keys"
        );
        let c3 = list
            .iter()
            .find(|c| c.code.as_deref() == Some("C3"))
            .unwrap();
        assert_eq!(c3.name, "+SUM(1,2)");
        assert_eq!(c3.birth_date, NaiveDate::from_ymd_opt(1980, 5, 6));
        assert_eq!(c3.fields.get("satisfaction"), Some(&serde_json::json!(4.5)));

        // Masked exports and filters.
        let masked = dir.join("脱敏.xlsx");
        let q = CustomerQuery {
            tier: Some("diamond".into()),
            ..CustomerQuery::default()
        };
        assert_eq!(
            api.export_customers(&q, true, &masked, &mut |_, _| {})
                .unwrap(),
            1
        );
        let m = rows(&masked, "星级客户管理表");
        assert_eq!(m[1][col("联系方式")], Data::String("139****1111".into()));
    });
}

/// The day the reports in these tests are made.
pub fn made() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 7, 2).unwrap()
}

pub fn rated_archive(api: &mut Api) {
    api.set_setting(tierdesk_api::COMPANY, "华东贸易有限公司")
        .unwrap();
    add(api, "V1", "钻石客户甲", "13812345678", 500000.0);
    add(api, "G1", "金牌客户乙", "13900001111", 150000.0);
    add(api, "S1", "银牌客户丙", "13700002222", 30000.0);
    for i in 0..7 {
        add(
            api,
            &format!("R{i}"),
            &format!("普通客户{i}"),
            "",
            1000.0 * (i + 1) as f64,
        );
    }
    api.apply_evaluation(
        "star4",
        NaiveDate::from_ymd_opt(2024, 3, 31).unwrap(),
        Some("2024Q1"),
        "测试",
        &[],
    )
    .unwrap();
    // The gold customer spends less and drops a tier next quarter.
    let g = api.find_customer("G1").unwrap();
    let mut d = CustomerDraft::from(&g);
    d.spend = Some(50000.0);
    api.update_customer(g.id, d).unwrap();
    api.apply_evaluation(
        "star4",
        NaiveDate::from_ymd_opt(2024, 6, 30).unwrap(),
        Some("2024Q2"),
        "测试",
        &[],
    )
    .unwrap();
}

#[test]
fn tier_report_figures() {
    each_api(|api| {
        rated_archive(api);
        let r = api.tier_report(&ReportRequest::default(), made()).unwrap();
        assert_eq!(r.company, "华东贸易有限公司");
        assert_eq!(
            (r.period.as_str(), r.period_label.as_str()),
            ("2024Q2", "2024年第二季度")
        );
        assert_eq!(r.customers, 10);
        assert_eq!(r.revenue, 500000.0 + 50000.0 + 30000.0 + 28000.0);
        let names: Vec<_> = r
            .tiers
            .iter()
            .map(|t| (t.name.as_str(), t.customers))
            .collect();
        assert_eq!(
            names,
            vec![("钻石", 1), ("金牌", 0), ("银牌", 2), ("普通", 7)]
        );
        let diamond = &r.tiers[0];
        assert!((diamond.revenue_share - 500000.0 / 608000.0).abs() < 1e-9);
        assert_eq!(r.downgrades.len(), 1);
        assert_eq!(
            (r.downgrades[0].from.as_str(), r.downgrades[0].to.as_str()),
            ("金牌", "银牌")
        );
        assert_eq!(r.downgrades[0].phone, "139****1111", "masked by default");
        let m = r.movement.as_ref().unwrap();
        let gold = m.tiers.iter().position(|t| t.key == "gold").unwrap();
        let silver = m.tiers.iter().position(|t| t.key == "silver").unwrap();
        assert_eq!(m.counts[gold][silver], 1);
        assert_eq!(
            r.history
                .iter()
                .map(|h| h.label.as_str())
                .collect::<Vec<_>>(),
            ["2024Q1", "2024Q2"]
        );
        assert_eq!(r.history[0].counts[1], 1, "one gold customer after Q1");
        assert!((r.top20_revenue_share - 550000.0 / 608000.0).abs() < 1e-9);
        assert_eq!(
            r.pareto.last().map(|p| (p.customers, p.revenue)),
            Some((1.0, 1.0))
        );
        // Benefits: 1 diamond × 1 birthday gift × ¥300, 2 silver × 2 × ¥50, …
        let gift = r
            .benefits
            .iter()
            .find(|b| b.tier == "钻石" && b.name == "生日礼品")
            .unwrap();
        assert_eq!((gift.customers, gift.cost, gift.uses), (1, 300.0, 0));
        // A recorded use in the period shows with its cost.
        let v1 = api.find_customer("V1").unwrap();
        api.record_benefit_use(
            &tierdesk_api::BenefitUseRequest {
                customer_id: v1.id,
                benefit: "生日礼品".into(),
                date: NaiveDate::from_ymd_opt(2024, 5, 6),
                note: String::new(),
                over_quota_reason: None,
            },
            "测试",
            made(),
        )
        .unwrap();
        let r = api.tier_report(&ReportRequest::default(), made()).unwrap();
        let gift = r
            .benefits
            .iter()
            .find(|b| b.tier == "钻石" && b.name == "生日礼品")
            .unwrap();
        assert_eq!(
            (gift.uses, gift.used_cost, r.benefits_used_cost),
            (1, 300.0, 300.0)
        );
        // An earlier period, unmasked.
        let q1 = api
            .tier_report(
                &ReportRequest {
                    period: Some("2024q1".into()),
                    no_mask: true,
                    ..ReportRequest::default()
                },
                made(),
            )
            .unwrap();
        assert_eq!(q1.period, "2024Q1");
        assert!(q1.downgrades.is_empty());
        // Bad period words get a Chinese message.
        let err = api
            .tier_report(
                &ReportRequest {
                    period: Some("明年".into()),
                    ..ReportRequest::default()
                },
                made(),
            )
            .unwrap_err();
        assert!(err.message.contains("评级周期"), "{}", err.message);
    });
}

#[test]
fn report_files_pdf_html_and_xlsx() {
    each_api_with_dir(|api, dir| {
        rated_archive(api);
        let req = ReportRequest::default();

        let html = dir.join("报告.html");
        api.export_report(&req, &html, made()).unwrap();
        let text = std::fs::read_to_string(&html).unwrap();
        assert_eq!(text.matches("<svg").count(), 4, "four charts");
        assert_eq!(
            text.matches("139****1111").count(),
            1,
            "the downgraded gold customer"
        );
        assert!(!text.contains("13900001111"));
        assert_eq!(
            text,
            api.report_html(&req, made()).unwrap(),
            "the file is the preview"
        );
        insta::assert_snapshot!("report_html", text.replace("><", ">\n<"));

        let xlsx = dir.join("报告.xlsx");
        api.export_report(&req, &xlsx, made()).unwrap();
        let names = zip_names(&xlsx);
        assert!(
            names
                .iter()
                .filter(|n| n.starts_with("xl/charts/chart"))
                .count()
                >= 3,
            "{names:?}"
        );
        let overview = rows(&xlsx, "等级报告");
        let tier_row = overview
            .iter()
            .find(|r| matches!(r.first(), Some(Data::String(s)) if s == "钻石"))
            .unwrap();
        assert_eq!(tier_row[1], Data::Float(1.0));
        assert_eq!(tier_row[3], Data::Float(500000.0));
        let ws = zip_text(&xlsx, "xl/worksheets/sheet1.xml");
        assert!(
            ws.contains("paperSize=\"9\"") && ws.contains("fitToHeight=\"0\""),
            "A4, fit to width"
        );
        assert!(
            zip_text(&xlsx, "xl/workbook.xml").contains("_xlnm.Print_Titles"),
            "repeated header rows"
        );

        let pdf = dir.join("报告.pdf");
        api.export_report(&req, &pdf, made()).unwrap();
        let bytes = std::fs::read(&pdf).unwrap();
        assert!(bytes.starts_with(b"%PDF"));
        assert!(
            bytes.windows(8).any(|w| w == b"FontFile"),
            "the font is embedded"
        );

        let err = api
            .export_report(&req, &dir.join("报告.doc"), made())
            .unwrap_err();
        assert!(err.message.contains(".pdf"));
    });
}

#[test]
fn masks_phones() {
    assert_eq!(
        tierdesk_api::report_model::mask_phone("13812345678"),
        "138****5678"
    );
    assert_eq!(
        tierdesk_api::report_model::mask_phone("010-12345678"),
        "010-****5678"
    );
    assert_eq!(tierdesk_api::report_model::mask_phone(""), "");
}

#[test]
fn logo_in_every_report_format() {
    each_api_with_dir(|api, dir| {
        rated_archive(api);
        let logo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/logo.png");
        api.set_setting(tierdesk_api::LOGO, &logo.display().to_string())
            .unwrap();
        let req = ReportRequest::default();
        let html = api.report_html(&req, made()).unwrap();
        assert!(html.contains("data:image/png;base64,"));
        let pdf = dir.join("r.pdf");
        api.export_report(&req, &pdf, made()).unwrap();
        let bytes = std::fs::read(&pdf).unwrap();
        assert!(
            bytes.windows(6).any(|w| w == b"/Image"),
            "the PDF holds an image"
        );
        let xlsx = dir.join("r.xlsx");
        api.export_report(&req, &xlsx, made()).unwrap();
        assert!(zip_names(&xlsx)
            .iter()
            .any(|n| n.starts_with("xl/media/image")));
        // The dashboard never fails over a logo; a report with a bad logo says why.
        let not_image = dir.join("logo.txt");
        std::fs::write(&not_image, "not an image").unwrap();
        api.set_setting(tierdesk_api::LOGO, &not_image.display().to_string())
            .unwrap();
        assert!(api.dashboard(made()).is_ok());
        let err = api.report_html(&req, made()).unwrap_err();
        assert!(err.message.contains("不是 PNG 或 JPEG"), "{}", err.message);
    });
}

/// Every exported cell of 500 demo customers equals the database.
#[test]
fn export_matches_the_database_cell_by_cell() {
    each_api_with_dir(|api, dir| {
        api.fill_demo(500, 11, |_| {}).unwrap();
        api.apply_evaluation(
            "star4",
            NaiveDate::from_ymd_opt(2024, 12, 31).unwrap(),
            None,
            "测试",
            &[],
        )
        .unwrap();
        let out = dir.join("all.xlsx");
        assert_eq!(
            api.export_customers(&CustomerQuery::default(), false, &out, &mut |_, _| {})
                .unwrap(),
            500
        );
        let data = rows(&out, "星级客户管理表");
        let header: Vec<String> = data[0].iter().map(|c| c.to_string()).collect();
        let col = |h: &str| header.iter().position(|x| x == h).unwrap();
        let scheme = api.scheme("star4").unwrap();
        let text = |d: &Data| match d {
            Data::Empty => None,
            Data::String(s) => Some(s.clone()),
            other => panic!("expected text, got {other:?}"),
        };
        let num = |d: &Data| match d {
            Data::Empty => None,
            Data::Float(f) => Some(*f),
            Data::Int(i) => Some(*i as f64),
            other => panic!("expected a number, got {other:?}"),
        };
        let date = |d: &Data| match d {
            Data::Empty => None,
            Data::DateTime(x) => x.as_datetime().map(|t| t.date()),
            other => panic!("expected a date, got {other:?}"),
        };
        let all = api
            .list_customers(&CustomerQuery {
                limit: 1000,
                ..CustomerQuery::default()
            })
            .unwrap()
            .items;
        assert_eq!(data.len() - 1, all.len());
        for (row, c) in data[1..].iter().zip(&all) {
            let at = |h: &str| &row[col(h)];
            assert_eq!(text(at("客户编号")), c.code, "{}", c.name);
            assert_eq!(text(at("客户名称")).as_deref(), Some(c.name.as_str()));
            assert_eq!(text(at("联系方式")), c.phone);
            assert_eq!(num(at("消费金额")), c.spend);
            assert_eq!(num(at("购买频次")), c.frequency);
            assert_eq!(num(at("使用年限")), c.tenure_years);
            assert_eq!(num(at("影响力评分")), c.influence);
            let tier = c
                .tier
                .as_deref()
                .map(|k| scheme.tier(k).unwrap().name.clone());
            assert_eq!(text(at("当前等级")), tier);
            assert_eq!(date(at("上次评级日期")), c.last_rated_on);
            assert_eq!(date(at("下一次评级日期")), c.next_rating_on);
            assert_eq!(date(at("出生日期")), c.birth_date);
            assert_eq!(date(at("注册时间")), c.registered_on);
            assert_eq!(date(at("最近联系时间")), c.last_contact_on);
            assert_eq!(text(at("性别")), c.gender.map(|g| g.label().to_owned()));
            assert_eq!(text(at("邮箱")), c.email);
            assert_eq!(text(at("地址")), c.address);
            assert_eq!(text(at("偏好品类")), c.preferred_category);
            assert_eq!(text(at("客户经理")), c.manager);
            assert_eq!(text(at("备注")), c.notes);
            let tags = text(at("标签"))
                .map(|t| t.split('、').map(str::to_owned).collect::<Vec<_>>())
                .unwrap_or_default();
            assert_eq!(tags, c.tags);
        }
    });
}
