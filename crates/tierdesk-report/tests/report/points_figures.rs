//! The report's 九、积分 section out of the store's monthly sums: the
//! report year's figures per tier (a tier the scheme lacks counts as
//! untiered), quarters and years cut at their boundaries with the balance
//! at each end, the liability, and the section in the A4 blocks and PDF.

use tierdesk_report::content::{blocks, Block, Val};
use tierdesk_report::points_figures::{points_section, HEADING, PERIODS, TIERS};
use tierdesk_report::{add_points, PointsFacts, PointsHoldingFacts, PointsMonthFacts};

use crate::day;

fn m(tier: &str, month: &str, v: [i64; 4]) -> PointsMonthFacts {
    PointsMonthFacts {
        tier: tier.into(),
        month: month.into(),
        issued: v[0],
        redeemed: v[1],
        expired: v[2],
        adjusted: v[3],
    }
}

fn facts() -> PointsFacts {
    PointsFacts {
        months: vec![
            m("diamond", "2024-03", [1_000, 0, 0, 0]),
            // The last day of a quarter's month and the first of the next quarter's.
            m("diamond", "2025-03", [500, 200, 0, 0]),
            m("diamond", "2025-04", [0, 100, 0, 10]),
            m("gone", "2025-06", [300, 0, 0, 0]),
            m("", "2025-12", [0, 0, 50, 0]),
            m("diamond", "2026-01", [70, 0, 0, 0]),
        ],
        holdings: vec![
            PointsHoldingFacts {
                tier: "diamond".into(),
                customers: 2,
                balance: 1_280,
                expiring: 40,
            },
            PointsHoldingFacts {
                tier: "gone".into(),
                customers: 1,
                balance: 250,
                expiring: 0,
            },
        ],
        value_per_point: 0.01,
        as_of: day("2025-12-31"),
        expiring_by: day("2026-03-31"),
    }
}

#[test]
fn tiers_periods_and_liability() {
    let r = crate::churn::report();
    let s = points_section(&r, &facts()).expect("a section");
    let diamond = s.tiers.iter().find(|t| t.tier == "钻石").unwrap();
    // 2025 only: 500 + 0 issued, 200 + 100 redeemed; held now 1,280.
    assert_eq!(
        (
            diamond.issued,
            diamond.redeemed,
            diamond.expired,
            diamond.customers,
            diamond.balance
        ),
        (500, 300, 0, 2, 1_280)
    );
    assert!((diamond.liability - 12.8).abs() < 1e-9);
    let untiered = s.tiers.iter().find(|t| t.tier == "未评级").unwrap();
    assert_eq!(s.tiers.last(), Some(untiered), "the 未评级 line comes last");
    assert_eq!(
        (untiered.issued, untiered.expired, untiered.balance),
        (300, 50, 250)
    );
    assert_eq!(
        (s.total.balance, s.total.customers, s.total.expiring),
        (1_530, 3, 40)
    );

    // (period, issued, redeemed, expired, adjusted, closing)
    let want: &[(&str, i64, i64, i64, i64, i64)] = &[
        ("2024年第一季度", 1_000, 0, 0, 0, 1_000),
        ("2024年第二季度", 0, 0, 0, 0, 1_000),
        ("2024年第三季度", 0, 0, 0, 0, 1_000),
        ("2024年第四季度", 0, 0, 0, 0, 1_000),
        ("2025年第一季度", 500, 200, 0, 0, 1_300),
        ("2025年第二季度", 300, 100, 0, 10, 1_510),
        ("2025年第三季度", 0, 0, 0, 0, 1_510),
        ("2025年第四季度", 0, 0, 50, 0, 1_460),
        ("2023年度", 0, 0, 0, 0, 0),
        ("2024年度", 1_000, 0, 0, 0, 1_000),
        ("2025年度", 800, 300, 50, 10, 1_460),
    ];
    let got: Vec<(&str, i64, i64, i64, i64, i64)> = s
        .periods
        .iter()
        .map(|p| {
            (
                p.period.as_str(),
                p.issued,
                p.redeemed,
                p.expired,
                p.adjusted,
                p.closing,
            )
        })
        .collect();
    assert_eq!(got, want);
}

#[test]
fn the_section_follows_churn_in_the_blocks_only_with_rows() {
    let mut r = crate::churn::report();
    add_points(&mut r, &facts());
    let b = blocks(&r, 500.0);
    let at = b
        .iter()
        .position(|x| *x == Block::Heading(HEADING.into()))
        .expect("九、积分");
    let churn = b
        .iter()
        .position(|x| matches!(x, Block::Heading(h) if h.starts_with("八、")))
        .unwrap();
    assert!(at > churn);
    let tables: Vec<&str> = b[at..]
        .iter()
        .filter_map(|x| match x {
            Block::Table(t) => Some(t.name.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(tables, [TIERS, PERIODS]);
    let Block::Table(t) = &b[at + 2] else {
        panic!()
    };
    assert_eq!(t.total.as_ref().unwrap()[5], Val::Points(1_530));

    let mut empty = crate::churn::report();
    add_points(
        &mut empty,
        &PointsFacts {
            months: vec![],
            holdings: vec![],
            ..facts()
        },
    );
    assert!(empty.points.is_none());
    assert!(!blocks(&empty, 500.0).contains(&Block::Heading(HEADING.into())));
}
