//! The 客户服务 section: contact coverage per tier against the tier's visit
//! interval, complaints and NPS/CSAT per tier — counts per line, and the
//! section's place in the report.

use std::collections::HashMap;

use tierdesk_domain::case::CaseTierCounts;
use tierdesk_domain::survey::SurveyFigures;
use tierdesk_report::content::{blocks, Block};
use tierdesk_report::{build_report_from, ServiceFacts, TierReport};

use crate::{customer, day, figures::facts};

fn contacted(id: i64, tier: Option<&str>, last: Option<&str>) -> tierdesk_domain::Customer {
    let mut c = customer(id, tier, Some(100.0));
    c.last_contact_on = last.map(day);
    c
}

fn cases(tier: &str, open: u64, overdue: u64) -> CaseTierCounts {
    CaseTierCounts {
        tier: tier.into(),
        received: open,
        open,
        overdue,
        closed: 0,
        closed_on_time: 0,
        satisfaction: None,
    }
}

fn service() -> ServiceFacts {
    ServiceFacts {
        visit_days: HashMap::from([("diamond".into(), 30), ("gold".into(), 90)]),
        cases: vec![
            cases("diamond", 3, 1),
            cases("no-such", 4, 4),
            cases("", 1, 0),
        ],
        surveys: vec![(
            "gold".into(),
            SurveyFigures {
                responses: 12,
                nps_answers: 10,
                nps: Some(30.0),
                csat_answers: 10,
                csat: Some(70.0),
                low_count: true,
                ..SurveyFigures::default()
            },
        )],
        survey_span: "2024年第二季度".into(),
    }
}

#[test]
fn an_interval_longer_than_the_calendar_counts_every_contact() {
    let mut f = facts();
    f.service = service();
    f.service.visit_days.insert("gold".into(), u32::MAX);
    let customers = vec![
        contacted(4, Some("gold"), Some("0001-01-01")),
        contacted(5, Some("gold"), None),
    ];
    let r = build_report_from(f, customers);
    let gold = r.service.iter().find(|s| s.tier == "金牌").unwrap();
    assert_eq!((gold.customers, gold.contacted), (2, 1));
}

fn report() -> TierReport {
    // as of 2024-06-30: diamond's window starts 2024-05-31, gold's 2024-04-01.
    let customers = vec![
        contacted(1, Some("diamond"), Some("2024-05-31")), // on the first day: counts
        contacted(2, Some("diamond"), Some("2024-05-30")), // a day too early
        contacted(3, Some("diamond"), None),
        contacted(4, Some("gold"), Some("2024-04-01")),
        contacted(5, Some("gold"), Some("2024-06-30")),
        contacted(6, Some("silver"), Some("2024-06-30")), // silver has no interval here
        contacted(7, None, Some("2024-06-30")),
    ];
    let mut f = facts();
    f.service = service();
    build_report_from(f, customers)
}

#[test]
fn coverage_complaints_and_satisfaction_per_tier() {
    let r = report();
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
            )
        })
        .collect();
    assert_eq!(
        lines,
        vec![
            ("钻石", 3, Some(30), 1, 3, 1),
            ("金牌", 2, Some(90), 2, 0, 0),
            ("银牌", 1, None, 0, 0, 0),
            ("普通", 0, None, 0, 0, 0),
            ("未评级", 1, None, 0, 5, 4),
        ]
    );
    let diamond = &r.service[0];
    assert!((diamond.coverage.unwrap() - 1.0 / 3.0).abs() < 1e-12);
    assert_eq!(r.service[2].coverage, None, "no interval, no coverage");
    let gold = &r.service[1];
    assert_eq!(gold.nps, Some(30.0));
    assert_eq!(gold.csat, Some(0.7));
    assert!(gold.low_count, "12 answers are too few");
    assert_eq!(diamond.nps, None);
    assert!(!diamond.low_count, "no answers is not a low count");
}

#[test]
fn the_section_is_the_seventh_with_its_table() {
    let r = report();
    let b = blocks(&r, 500.0);
    let at = b
        .iter()
        .position(|x| x == &Block::Heading("七、客户服务".into()))
        .expect("the section heading");
    match (&b[at + 1], &b[at + 2]) {
        (Block::Paragraph(p), Block::Table(t)) => {
            assert!(p.contains("2024年第二季度"), "{p}");
            assert!(p.contains("标 * 的等级"), "{p}");
            assert_eq!(t.rows[1][0].display(), "金牌 *");
            assert_eq!(t.rows.len(), r.service.len());
            assert_eq!(t.rows[0][4].display(), tierdesk_report::percent(1.0 / 3.0));
            assert_eq!(t.rows[1][8].display(), "30.0");
        }
        other => panic!("expected a note and a table, got {other:?}"),
    }
    assert_eq!(at + 3, b.len(), "the last section");
}
