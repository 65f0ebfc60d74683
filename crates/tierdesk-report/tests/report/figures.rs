//! `build_report` from known customers: tier counts and shares, Pareto
//! points, benefits and the tier history — counts and which customers.

use tierdesk_domain::Customer;
use tierdesk_report::{build_report_from, BenefitOffer, BenefitUses, ReportFacts, TierReport};

use crate::{customer, day, star4};

pub fn facts() -> ReportFacts {
    ReportFacts {
        scheme_key: "star4".into(),
        scheme_name: "四星".into(),
        tiers: star4(),
        as_of: day("2024-06-30"),
        generated_on: day("2024-07-02"),
        mask_phones: true,
        ..ReportFacts::default()
    }
}

fn report(customers: Vec<Customer>) -> TierReport {
    build_report_from(facts(), customers)
}

#[test]
fn tier_counts_revenue_and_shares() {
    // (customers as (tier, spend), expected (name, customers, revenue) per line)
    type Case = (
        &'static str,
        Vec<(Option<&'static str>, Option<f64>)>,
        Vec<(&'static str, u64, f64)>,
    );
    let cases: Vec<Case> = vec![
        (
            "nobody",
            vec![],
            vec![
                ("钻石", 0, 0.0),
                ("金牌", 0, 0.0),
                ("银牌", 0, 0.0),
                ("普通", 0, 0.0),
            ],
        ),
        (
            "one per tier",
            vec![
                (Some("diamond"), Some(400.0)),
                (Some("gold"), Some(300.0)),
                (Some("silver"), Some(200.0)),
                (Some("regular"), Some(100.0)),
            ],
            vec![
                ("钻石", 1, 400.0),
                ("金牌", 1, 300.0),
                ("银牌", 1, 200.0),
                ("普通", 1, 100.0),
            ],
        ),
        (
            "unrated and unknown tiers share the last line; no spend is 0",
            vec![
                (Some("gold"), Some(50.0)),
                (Some("gold"), None),
                (None, Some(30.0)),
                (Some("VIP"), Some(20.0)),
            ],
            vec![
                ("钻石", 0, 0.0),
                ("金牌", 2, 50.0),
                ("银牌", 0, 0.0),
                ("普通", 0, 0.0),
                ("未评级", 2, 50.0),
            ],
        ),
        (
            "a negative spend (a refund) counts in revenue",
            vec![
                (Some("regular"), Some(-10.0)),
                (Some("regular"), Some(110.0)),
            ],
            vec![
                ("钻石", 0, 0.0),
                ("金牌", 0, 0.0),
                ("银牌", 0, 0.0),
                ("普通", 2, 100.0),
            ],
        ),
    ];
    for (name, people, want) in cases {
        let r = report(
            people
                .iter()
                .enumerate()
                .map(|(i, (t, s))| customer(i as i64 + 1, *t, *s))
                .collect(),
        );
        let got: Vec<(&str, u64, f64)> = r
            .tiers
            .iter()
            .map(|t| (t.name.as_str(), t.customers, t.revenue))
            .collect();
        assert_eq!(got, want, "{name}");
        assert_eq!(r.customers, people.len() as u64, "{name}");
        let revenue: f64 = want.iter().map(|w| w.2).sum();
        assert_eq!(r.revenue, revenue, "{name}");
        for t in &r.tiers {
            let share = |p: f64, w: f64| if w > 0.0 { p / w } else { 0.0 };
            assert_eq!(
                t.customer_share,
                share(t.customers as f64, r.customers as f64)
            );
            assert_eq!(t.revenue_share, share(t.revenue, r.revenue), "{name}");
            assert_eq!(t.avg_spend, share(t.revenue, t.customers as f64), "{name}");
        }
    }
    let r = report(vec![
        customer(1, Some("diamond"), Some(300.0)),
        customer(2, Some("regular"), Some(100.0)),
        customer(3, Some("regular"), Some(100.0)),
        customer(4, Some("regular"), Some(0.0)),
    ]);
    assert_eq!(r.tiers[0].customer_share, 0.25);
    assert_eq!(r.tiers[0].revenue_share, 0.6);
    assert_eq!(r.tiers[3].avg_spend, 200.0 / 3.0);
    assert_eq!(r.tiers[3].color, "#5b8ff9");
}

#[test]
fn pareto_points_and_the_top_fifth() {
    // (spends, share of revenue of the top 20 %, points (customers, revenue) checked)
    type Case = (&'static str, Vec<f64>, f64, Vec<(usize, f64, f64)>);
    let cases: Vec<Case> = vec![
        ("nobody", vec![], 0.0, vec![]),
        ("nobody spent", vec![0.0, 0.0], 0.0, vec![]),
        ("refunds only", vec![-5.0, 0.0], 0.0, vec![]),
        (
            "one customer brings everything",
            vec![0.0, 100.0, 0.0, 0.0, 0.0],
            1.0,
            vec![(0, 0.025, 1.0), (7, 0.2, 1.0), (39, 1.0, 1.0)],
        ),
        (
            // Sorted 10..1 (sum 55): the top two bring 19.
            "ten customers",
            (1..=10).map(f64::from).collect(),
            19.0 / 55.0,
            vec![(3, 0.1, 10.0 / 55.0), (7, 0.2, 19.0 / 55.0), (39, 1.0, 1.0)],
        ),
        (
            // A third of the customers reaches 13/40; the 14th step needs two.
            "three customers",
            vec![1.0, 3.0, 6.0],
            0.6,
            vec![
                (12, 13.0 / 40.0, 0.6),
                (13, 14.0 / 40.0, 0.9),
                (26, 27.0 / 40.0, 1.0),
            ],
        ),
        (
            "negative spends count as nothing",
            vec![-100.0, 50.0, 50.0, 0.0, 0.0],
            0.5,
            vec![(7, 0.2, 0.5), (15, 0.4, 1.0)],
        ),
    ];
    for (name, spends, top20, points) in cases {
        let r = report(
            spends
                .iter()
                .enumerate()
                .map(|(i, s)| customer(i as i64 + 1, Some("regular"), Some(*s)))
                .collect(),
        );
        assert!(
            (r.top20_revenue_share - top20).abs() < 1e-12,
            "{name}: {}",
            r.top20_revenue_share
        );
        if points.is_empty() {
            assert!(r.pareto.is_empty(), "{name}");
            continue;
        }
        assert_eq!(r.pareto.len(), 40, "{name}");
        for (i, c, v) in points {
            let p = r.pareto[i];
            assert!(
                (p.customers - c).abs() < 1e-12 && (p.revenue - v).abs() < 1e-12,
                "{name}: point {i} is {p:?}, expected ({c}, {v})"
            );
        }
        assert!(
            r.pareto.windows(2).all(|w| w[0].revenue <= w[1].revenue),
            "{name}: the curve never falls"
        );
    }
}

#[test]
fn benefits_cost_and_uses() {
    let offer = |tier: &str, name: &str, quota: Option<u32>, cost: f64| BenefitOffer {
        tier: tier.into(),
        name: name.into(),
        description: format!("{name}说明"),
        quota,
        cost,
    };
    let uses = |tier: &str, benefit: &str, uses: u64| BenefitUses {
        tier: tier.into(),
        benefit: benefit.into(),
        uses,
    };
    let facts = ReportFacts {
        benefits: vec![
            offer("diamond", "生日礼品", Some(1), 300.0),
            offer("silver", "免费配送", Some(2), 50.0),
            offer("gold", "专属客服", None, 20.0),
            offer("nobody", "无主权益", Some(3), 10.0),
        ],
        benefit_uses: vec![
            uses("silver", "免费配送", 3),
            uses("silver", "免费配送", 1),
            uses("gold", "免费配送", 9),
            uses("gold", "专属客服", 4),
        ],
        ..facts()
    };
    let r = build_report_from(
        facts,
        vec![
            customer(1, Some("diamond"), Some(1.0)),
            customer(2, Some("silver"), Some(1.0)),
            customer(3, Some("silver"), Some(1.0)),
            customer(4, Some("gold"), Some(1.0)),
        ],
    );
    // (tier, name, customers, cost, uses, used cost)
    let got: Vec<(&str, &str, u64, f64, u64, f64)> = r
        .benefits
        .iter()
        .map(|b| {
            (
                b.tier.as_str(),
                b.name.as_str(),
                b.customers,
                b.cost,
                b.uses,
                b.used_cost,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("钻石", "生日礼品", 1, 300.0, 0, 0.0),
            ("银牌", "免费配送", 2, 200.0, 4, 200.0),
            ("金牌", "专属客服", 1, 20.0, 4, 80.0),
            ("nobody", "无主权益", 0, 0.0, 0, 0.0),
        ]
    );
    assert_eq!((r.benefits_cost, r.benefits_used_cost), (520.0, 280.0));
}

/// Tier counts after batches 1..=n: batch i has i gold, 1 regular and 2
/// without a tier; batch 99 is another scheme's (or undone).
fn history_facts(n: i64) -> ReportFacts {
    let mut counts = Vec::new();
    for id in (1..=n).chain([99]) {
        counts.push((id, Some("gold".to_owned()), id as u64));
        counts.push((id, Some("regular".to_owned()), 1));
        counts.push((id, None, 2));
    }
    ReportFacts {
        past_batches: (1..=n).map(|id| (id, format!("第{id}期"))).collect(),
        past_counts: counts,
        ..facts()
    }
}

#[test]
fn tier_history_keeps_the_last_eight_batches_of_the_scheme() {
    // (batches, the first batch listed)
    for (n, first) in [(0, 1), (1, 1), (7, 1), (8, 1), (9, 2), (10, 3), (20, 13)] {
        let r = build_report_from(history_facts(n), vec![customer(1, None, None)]);
        let labels: Vec<String> = r.history.iter().map(|h| h.label.clone()).collect();
        let want: Vec<String> = (first..=n).map(|i| format!("第{i}期")).collect();
        assert_eq!(labels, want, "{n} batches");
        // Lines: 钻石 金牌 银牌 普通 未评级; no tier counts in the last one.
        for (h, id) in r.history.iter().zip(first..) {
            assert_eq!(
                h.counts,
                [0, id as u64, 0, 1, 2],
                "{n} batches: {}",
                h.label
            );
        }
    }
    // Without a 未评级 line, an unknown tier counts in the lowest tier.
    let facts = ReportFacts {
        past_batches: vec![(1, "2024".into())],
        past_counts: vec![(1, Some("regular".into()), 1), (1, Some("VIP".into()), 4)],
        ..self::facts()
    };
    let r = build_report_from(facts, vec![]);
    assert_eq!(r.history[0].counts, [0, 0, 0, 5]);
}

#[test]
fn the_report_carries_its_days_and_names() {
    let facts = ReportFacts {
        company: "华东贸易".into(),
        period: "2024Q2".into(),
        period_label: "2024年第二季度".into(),
        ..facts()
    };
    let r = build_report_from(facts, vec![]);
    assert_eq!(
        (
            r.company.as_str(),
            r.scheme_key.as_str(),
            r.scheme_name.as_str(),
            r.period.as_str(),
            r.period_label.as_str(),
            r.as_of.as_str(),
            r.generated_on.as_str(),
        ),
        (
            "华东贸易",
            "star4",
            "四星",
            "2024Q2",
            "2024年第二季度",
            "2024-06-30",
            "2024-07-02"
        )
    );
}
