//! Surveys through the API: a real .xlsx written with rust_xlsxwriter and
//! read back through the survey import (counts, which customers, problems
//! for bad cells, undo taking back exactly its answers), NPS per tier, the
//! rule figures in a scheme, answers by hand refused in Chinese, the copy.

use std::path::Path;

use chrono::NaiveDate;
use tierdesk_api::domain::survey::{NewSurveyAnswer, SurveyChannel};
use tierdesk_api::domain::CustomerDraft;
use tierdesk_api::testing::each_api_with_dir;
use tierdesk_api::{Api, ErrorCode, SurveyImportRequest};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn customer(api: &mut Api, code: &str, name: &str, phone: &str, tier: &str) -> i64 {
    api.create_customer(CustomerDraft {
        code: Some(code.into()),
        name: name.into(),
        phone: Some(phone.into()),
        tier: Some(tier.into()),
        ..Default::default()
    })
    .unwrap()
    .id
}

/// A survey sheet under a title row, as offices send them: customers named
/// by code, by name only and by phone only; one bad NPS, one bad CSAT, one
/// unknown customer, one row without any score, and a total row.
fn write_sheet(path: &Path) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("2026年11月回访").unwrap();
    ws.write_string(0, 0, "2026年11月客户满意度调查").unwrap();
    let header = [
        "序号",
        "客户编号",
        "客户名称",
        "手机",
        "日期",
        "推荐意愿",
        "满意度",
        "渠道",
        "服务态度",
        "评价",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    // (code, name, phone, date, nps, csat, channel, service score, comment)
    type Row<'a> = (
        &'a str,
        &'a str,
        &'a str,
        &'a str,
        &'a str,
        &'a str,
        &'a str,
        Option<f64>,
        &'a str,
    );
    let rows: [Row; 8] = [
        (
            "S1",
            "",
            "",
            "2026-11-02",
            "10",
            "5",
            "电话",
            Some(5.0),
            "很好",
        ),
        (
            "S2",
            "",
            "",
            "2026-11-03",
            "6",
            "4",
            "微信",
            Some(3.0),
            "一般",
        ),
        ("", "丙公司", "", "2026-11-04", "9", "", "问卷", None, ""),
        (
            "",
            "",
            "139 0000 0004",
            "2026-11-05",
            "3",
            "2",
            "短信",
            Some(2.0),
            "太慢了",
        ),
        (
            "S2",
            "",
            "",
            "2026-11-06",
            "11",
            "4",
            "电话",
            None,
            "NPS 填错",
        ),
        (
            "S1",
            "",
            "",
            "2026-11-07",
            "8",
            "6",
            "电话",
            None,
            "CSAT 填错",
        ),
        (
            "S9",
            "",
            "",
            "2026-11-08",
            "9",
            "5",
            "电话",
            None,
            "不认识的客户",
        ),
        ("S1", "", "", "2026-11-09", "", "", "电话", None, "只有评价"),
    ];
    for (i, (code, name, phone, date, nps, csat, channel, service, comment)) in
        rows.iter().enumerate()
    {
        let r = i as u32 + 2;
        ws.write_number(r, 0, (i + 1) as f64).unwrap();
        let cells = [*code, *name, *phone, *date, *nps, *csat, *channel];
        for (c, v) in cells.iter().enumerate() {
            if v.is_empty() {
                continue;
            }
            match v.parse::<f64>() {
                Ok(n) if c == 4 || c == 5 => ws.write_number(r, c as u16 + 1, n).map(|_| ()),
                _ => ws.write_string(r, c as u16 + 1, *v).map(|_| ()),
            }
            .unwrap();
        }
        if let Some(s) = service {
            ws.write_number(r, 8, *s).unwrap();
        }
        if !comment.is_empty() {
            ws.write_string(r, 9, *comment).unwrap();
        }
    }
    ws.write_string(10, 1, "合计").unwrap();
    wb.save(path).unwrap();
}

struct Fixture {
    sheet: std::path::PathBuf,
    ids: [i64; 4],
}

fn fixture(api: &mut Api, dir: &Path) -> Fixture {
    let ids = [
        customer(api, "S1", "甲公司", "13900000001", "diamond"),
        customer(api, "S2", "乙公司", "13900000002", "gold"),
        customer(api, "S3", "丙公司", "13900000003", "gold"),
        customer(api, "S4", "丁公司", "13900000004", "silver"),
    ];
    let sheet = dir.join("满意度.xlsx");
    write_sheet(&sheet);
    Fixture { sheet, ids }
}

#[test]
fn a_survey_sheet_imports_known_customers_answers_and_names_every_bad_cell() {
    each_api_with_dir(|api, dir| {
        let f = fixture(api, dir);
        let today = day("2026-11-30");
        let req = SurveyImportRequest {
            path: f.sheet.to_string_lossy().into_owned(),
            sheet: None,
        };
        let preview = api.preview_survey_import(&req, today).unwrap();
        assert_eq!(preview.import_id, None);
        assert!(
            api.customer_survey_answers(f.ids[0]).unwrap().is_empty(),
            "a preview writes nothing"
        );
        let read_as: Vec<(&str, &str)> = preview
            .columns
            .iter()
            .map(|c| (c.header.as_str(), c.read_as.as_str()))
            .collect();
        assert_eq!(read_as[0], ("序号", "不导入"));
        assert_eq!(read_as[5], ("推荐意愿", "推荐意愿（NPS 0–10）"));
        assert_eq!(read_as[8], ("服务态度", "题目得分：服务态度"));

        let done = api.import_surveys(&req, today).unwrap();
        assert!(done.import_id.is_some());
        assert_eq!(
            (
                done.rows_read,
                done.answers,
                done.customers,
                done.follow_ups,
                done.rejected
            ),
            (9, 4, 4, 2, 4)
        );
        // Which rows were refused, and why (Excel rows: the header is row 2).
        let problems: Vec<(u64, &str, &str)> = done
            .problems
            .iter()
            .map(|p| (p.row, p.header.as_str(), p.value.as_str()))
            .collect();
        assert_eq!(
            problems,
            vec![
                (7, "推荐意愿", "11"),
                (8, "满意度", "6"),
                (9, "客户编号", "S9"),
                (10, "", "")
            ]
        );
        assert!(
            done.problems[0].message.contains("应在 0 到 10 之间"),
            "{}",
            done.problems[0].message
        );
        assert!(done.problems[2].message.contains("找不到这位客户"));
        // Each customer got exactly the answer of its row.
        type Answers = Vec<(Option<u8>, Option<u8>, String)>;
        let got: Vec<Answers> = f
            .ids
            .iter()
            .map(|id| {
                api.customer_survey_answers(*id)
                    .unwrap()
                    .into_iter()
                    .map(|a| (a.nps, a.csat, a.answered_on.to_string()))
                    .collect()
            })
            .collect();
        assert_eq!(
            got,
            vec![
                vec![(Some(10), Some(5), "2026-11-02".to_owned())],
                vec![(Some(6), Some(4), "2026-11-03".to_owned())],
                vec![(Some(9), None, "2026-11-04".to_owned())],
                vec![(Some(3), Some(2), "2026-11-05".to_owned())],
            ]
        );
        let first = &api.customer_survey_answers(f.ids[0]).unwrap()[0];
        assert_eq!(
            (first.channel, first.scores.get("服务态度")),
            (SurveyChannel::Phone, Some(&5.0))
        );
        assert_eq!(first.tier_at.as_deref(), Some("diamond"));
        // The sheet has a question column: its answers belong to one named survey.
        let surveys: Vec<Option<i64>> = f
            .ids
            .iter()
            .map(|id| api.customer_survey_answers(*id).unwrap()[0].survey_id)
            .collect();
        assert!(surveys[0].is_some() && surveys.iter().all(|s| *s == surveys[0]));

        // NPS per tier: diamond 100, gold (6 and 9) 0, silver −100.
        let summary = api.survey_summary(Some("2026-11"), None, today).unwrap();
        let nps: Vec<(Option<&str>, u64, Option<f64>)> = summary
            .rows
            .iter()
            .map(|r| (r.tier.as_deref(), r.figures.responses, r.figures.nps))
            .collect();
        assert_eq!(
            nps,
            vec![
                (Some("diamond"), 1, Some(100.0)),
                (Some("gold"), 2, Some(0.0)),
                (Some("silver"), 1, Some(-100.0)),
                (None, 4, Some(0.0)),
            ]
        );
        assert!(summary.rows.iter().all(|r| r.figures.low_count));
        assert_eq!(summary.label, "2026年11月");

        // Undo takes back exactly this import's answers; one given by hand stays.
        let by_hand = api
            .add_survey_answer(
                NewSurveyAnswer {
                    customer_id: f.ids[1],
                    survey_id: None,
                    answered_on: day("2026-11-20"),
                    channel: SurveyChannel::Visit,
                    nps: Some(9),
                    csat: None,
                    scores: Default::default(),
                    comment: String::new(),
                },
                today,
            )
            .unwrap();
        api.undo_import(done.import_id.unwrap()).unwrap();
        let left: Vec<i64> = f
            .ids
            .iter()
            .flat_map(|id| api.customer_survey_answers(*id).unwrap())
            .map(|a| a.id)
            .collect();
        assert_eq!(left, vec![by_hand.id]);
    });
}

#[test]
fn a_scheme_may_rate_by_survey_answers() {
    each_api_with_dir(|api, dir| {
        let f = fixture(api, dir);
        let today = day("2026-11-30");
        let req = SurveyImportRequest {
            path: f.sheet.to_string_lossy().into_owned(),
            sheet: None,
        };
        api.import_surveys(&req, today).unwrap();
        // 钻石 for promoters, 金牌 for an average CSAT of 4 or more.
        let draft = api
            .scheme("star4")
            .unwrap()
            .to_toml()
            .replace("spend >= 300000", "nps >= 9")
            .replace("spend >= 100000", "csat_avg >= 4")
            .replace("spend >= 20000", "nps_avg >= 0");
        let p = api.preview_scheme_draft(&draft, today).unwrap();
        // 甲 10/5 → 钻石; 乙 6/4 → 金牌; 丙 9 → 钻石; 丁 3/2 → 银牌 (an NPS
        // average); only 丙 moves from the tier it held.
        let counts: Vec<(&str, u64)> = p
            .counts
            .iter()
            .map(|c| (c.tier.as_str(), c.count))
            .collect();
        assert_eq!(
            counts,
            vec![("diamond", 2), ("gold", 1), ("silver", 1), ("regular", 0)]
        );
        let moves: Vec<(&str, &str)> = p
            .moves
            .iter()
            .map(|m| (m.name.as_str(), m.to.as_str()))
            .collect();
        assert_eq!(moves, vec![("丙公司", "diamond")]);
    });
}

#[test]
fn answers_by_hand_are_checked_in_chinese_and_in_the_persons_copy() {
    each_api_with_dir(|api, dir| {
        let f = fixture(api, dir);
        let today = day("2026-11-30");
        let base = NewSurveyAnswer {
            customer_id: f.ids[0],
            survey_id: None,
            answered_on: day("2026-11-10"),
            channel: SurveyChannel::Phone,
            nps: Some(9),
            csat: Some(5),
            scores: Default::default(),
            comment: "服务周到".into(),
        };
        for (bad, says) in [
            (
                NewSurveyAnswer {
                    nps: Some(11),
                    ..base.clone()
                },
                "0 到 10",
            ),
            (
                NewSurveyAnswer {
                    nps: None,
                    csat: None,
                    ..base.clone()
                },
                "至少要有",
            ),
            (
                NewSurveyAnswer {
                    answered_on: day("2026-12-01"),
                    ..base.clone()
                },
                "晚于今天",
            ),
        ] {
            let err = api.add_survey_answer(bad, today).unwrap_err();
            assert_eq!(err.code, ErrorCode::Invalid);
            assert!(err.message.contains(says), "{}", err.message);
        }
        let a = api.add_survey_answer(base, today).unwrap();
        let copy = api.person_copy("S1", today).unwrap();
        let section = copy
            .more
            .iter()
            .find(|s| s.title == "满意度答卷")
            .expect("a survey sheet");
        assert_eq!(section.rows.len(), 1);
        assert_eq!(section.rows[0][5], "服务周到");
        assert_eq!(api.delete_survey_answer(a.id).unwrap().id, a.id);
        assert_eq!(
            api.delete_survey_answer(a.id).unwrap_err().code,
            ErrorCode::NotFound
        );
    });
}

/// The end-to-end test's survey sheet (tests/fixtures/满意度调查_示例.xlsx,
/// written again with `TIERDESK_WRITE_FIXTURES=1`): no date column, so the
/// answers are dated the day they are imported and land in the current
/// period whenever the test runs.
fn write_e2e_sheet(path: &Path) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("满意度调查").unwrap();
    ws.write_string(0, 0, "客户满意度回访记录").unwrap();
    for (c, h) in ["客户编号", "客户名称", "推荐意愿", "满意度", "渠道", "意见"]
        .iter()
        .enumerate()
    {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    let rows: [(&str, &str, f64, f64, &str, &str); 5] = [
        ("S1", "甲公司", 10.0, 5.0, "电话", "服务周到"),
        ("S2", "乙公司", 9.0, 4.0, "微信", ""),
        ("S3", "丙公司", 5.0, 2.0, "电话", "送货慢"),
        ("S4", "丁公司", 8.0, 4.0, "短信", ""),
        ("S4", "丁公司", 12.0, 4.0, "短信", "填错了"),
    ];
    for (i, (code, name, nps, csat, channel, comment)) in rows.iter().enumerate() {
        let r = i as u32 + 2;
        ws.write_string(r, 0, *code).unwrap();
        ws.write_string(r, 1, *name).unwrap();
        ws.write_number(r, 2, *nps).unwrap();
        ws.write_number(r, 3, *csat).unwrap();
        ws.write_string(r, 4, *channel).unwrap();
        ws.write_string(r, 5, *comment).unwrap();
    }
    wb.save(path).unwrap();
}

#[test]
fn a_sheet_without_dates_is_dated_the_import_day_and_the_e2e_fixture_reads_as_expected() {
    each_api_with_dir(|api, dir| {
        let f = fixture(api, dir);
        let today = day("2026-11-30");
        let fixture =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/满意度调查_示例.xlsx");
        if std::env::var_os("TIERDESK_WRITE_FIXTURES").is_some() {
            write_e2e_sheet(&fixture);
        }
        // The committed fixture must be what the writer writes (read, not compared byte for byte).
        let fresh = f.sheet.with_file_name("e2e.xlsx");
        write_e2e_sheet(&fresh);
        let mut results = Vec::new();
        for path in [&fixture, &fresh] {
            let req = SurveyImportRequest {
                path: path.to_string_lossy().into_owned(),
                sheet: None,
            };
            let p = api.preview_survey_import(&req, today).unwrap();
            results.push((p.answers, p.rejected, p.follow_ups, p.problems.len()));
        }
        assert_eq!(
            results[0], results[1],
            "the fixture is out of date: write it again"
        );
        assert_eq!(results[0], (4, 1, 1, 1));
        let req = SurveyImportRequest {
            path: fixture.to_string_lossy().into_owned(),
            sheet: None,
        };
        let first = api.import_surveys(&req, today).unwrap();
        assert_eq!((first.answers, first.unchanged), (4, 0));
        // The same sheet again the same day: nothing is counted twice, and
        // the preview says so before.
        let p = api.preview_survey_import(&req, today).unwrap();
        assert_eq!((p.answers, p.unchanged, p.follow_ups), (0, 4, 0));
        let again = api.import_surveys(&req, today).unwrap();
        assert_eq!(
            (again.answers, again.unchanged, again.follow_ups),
            (0, 4, 0)
        );
        assert_ne!(again.import_id, first.import_id);
        let days: Vec<String> = f
            .ids
            .iter()
            .flat_map(|id| api.customer_survey_answers(*id).unwrap())
            .map(|a| a.answered_on.to_string())
            .collect();
        assert_eq!(days, vec!["2026-11-30"; 4]);
        // What the e2e test sees on the 满意度 page: 钻石 +100, 金牌 0, 银牌 0, in all +25.
        let s = api.survey_summary(Some("2026Q4"), None, today).unwrap();
        let nps: Vec<(Option<&str>, Option<f64>)> = s
            .rows
            .iter()
            .map(|r| (r.tier.as_deref(), r.figures.nps))
            .collect();
        assert_eq!(
            nps,
            vec![
                (Some("diamond"), Some(100.0)),
                (Some("gold"), Some(0.0)),
                (Some("silver"), Some(0.0)),
                (None, Some(25.0)),
            ]
        );
    });
}

#[test]
fn a_sheet_without_one_answer_to_import_is_refused_as_a_message_naming_the_first_row() {
    // No customer in the archive: every answer's customer is unknown.
    each_api_with_dir(|api, dir| {
        let sheet = dir.join("满意度.xlsx");
        write_sheet(&sheet);
        let req = SurveyImportRequest {
            path: sheet.to_string_lossy().into_owned(),
            sheet: None,
        };
        let err = api.import_surveys(&req, day("2026-11-30")).unwrap_err();
        assert_eq!(err.code, ErrorCode::Invalid);
        let msg = err.msg.as_ref().expect("a message");
        assert_eq!(msg.key, "survey.none_to_import_at");
        let params: Vec<(&str, &str)> = msg
            .params
            .iter()
            .filter(|(k, _)| k.as_str() != "message")
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            params,
            vec![
                ("file", "满意度.xlsx"),
                ("row", "3"),
                ("sheet", "2026年11月回访")
            ]
        );
        // The Chinese is the sentence it always was.
        assert_eq!(err.message, msg.zh());
        assert!(
        err.message.starts_with(
            "文件「满意度.xlsx」的工作表「2026年11月回访」里没有可以导入的答卷，数据库没有改动。第一处：第 3 行："
        ),
        "{}",
        err.message
    );
    });
}
