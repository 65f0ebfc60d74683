//! The report's 客户服务 section from what staff recorded: a follow-up, two
//! complaints and survey answers inside and outside the report's period —
//! which tier each lands on and how many.

use chrono::NaiveDate;
use tierdesk_api::domain::case::{CaseChannel, CaseType};
use tierdesk_api::domain::followup::FollowupDraft;
use tierdesk_api::domain::survey::{NewSurveyAnswer, SurveyChannel};
use tierdesk_api::testing::each_api;
use tierdesk_api::{CaseRequest, ReportRequest};

use crate::report::{made, rated_archive};

fn at(s: &str) -> chrono::NaiveDateTime {
    chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn service_section_counts_follow_ups_cases_and_answers_per_tier() {
    each_api(|api| {
        rated_archive(api);
        let id = |api: &tierdesk_api::Api, code: &str| api.find_customer(code).unwrap().id;
        let (v1, s1, r0) = (id(api, "V1"), id(api, "S1"), id(api, "R0"));

        // The diamond customer was called on 15 June: within its 30 days of 30 June.
        let call = FollowupDraft {
            at: Some("2024-06-15 10:00:00".into()),
            content: "季度回访".into(),
            ..FollowupDraft::default()
        };
        api.add_followup(v1, call, at("2024-06-15 10:00:00"))
            .unwrap();

        // A diamond complaint left unanswered for weeks, and a regular one
        // received on the last morning (48 h to answer: not overdue yet).
        for (customer, received) in [(v1, "2024-06-01 09:00:00"), (r0, "2024-06-30 10:00:00")] {
            let req = CaseRequest {
                customer_id: customer,
                channel: CaseChannel::Phone,
                kind: CaseType::Service,
                severity: None,
                description: "送货延误".into(),
                owner: None,
                received_at: Some(at(received)),
            };
            api.open_case(&req, at(received)).unwrap();
        }

        // Answers in 2024Q2 count; the diamond customer's 0 from March does not.
        let answer = |customer: i64, on: &str, nps: i64, csat: Option<i64>| NewSurveyAnswer {
            customer_id: customer,
            survey_id: None,
            answered_on: day(on),
            channel: SurveyChannel::Phone,
            nps: Some(nps),
            csat,
            scores: Default::default(),
            comment: String::new(),
        };
        for a in [
            answer(v1, "2024-05-01", 10, Some(5)),
            answer(v1, "2024-03-01", 0, Some(1)),
            answer(s1, "2024-06-01", 3, Some(2)),
        ] {
            api.add_survey_answer(a, made()).unwrap();
        }

        let r = api.tier_report(&ReportRequest::default(), made()).unwrap();
        assert_eq!(r.survey_span, "2024年第二季度");
        let lines: Vec<_> = r
            .service
            .iter()
            .map(|s| {
                (
                    s.tier.as_str(),
                    s.customers,
                    s.visit_days,
                    s.contacted,
                    s.open_cases,
                    s.overdue_cases,
                    s.nps_answers,
                    s.nps,
                )
            })
            .collect();
        assert_eq!(
            lines,
            vec![
                ("钻石", 1, Some(30), 1, 1, 1, 1, Some(100.0)),
                ("金牌", 0, Some(90), 0, 0, 0, 0, None),
                ("银牌", 2, Some(180), 0, 0, 0, 1, Some(-100.0)),
                ("普通", 7, None, 0, 1, 0, 0, None),
            ]
        );
        assert_eq!(r.service[0].coverage, Some(1.0));
        assert_eq!(r.service[2].csat, Some(0.0));
        assert!(r.service[0].low_count);
    });
}
