//! `build_report` with a batch: the movement matrix, movers up and down,
//! and the customers at risk — counts and which customers, in which order.

use std::collections::HashMap;

use tierdesk_domain::Customer;
use tierdesk_report::{build_report_from, BatchFacts, ReportFacts, TierMove};

use crate::figures::facts;
use crate::{customer, day};

fn mv(id: i64, from: Option<&str>, to: Option<&str>) -> TierMove {
    TierMove {
        customer_id: id,
        code: Some(format!("C{id:03}")),
        name: format!("客户{id}"),
        phone: Some("13912345678".into()),
        spend: Some(1000.0 - id as f64),
        from_tier: from.map(str::to_owned),
        to_tier: to.map(str::to_owned),
        reason: format!("理由{id}"),
    }
}

fn with_batch(moves: Vec<TierMove>, flows: Vec<(Option<&str>, Option<&str>, u64)>) -> ReportFacts {
    ReportFacts {
        batch: Some(BatchFacts {
            id: 7,
            label: "2024年第二季度 评级（截至 2024-06-30，第 7 批）".into(),
            label_msg: tierdesk_domain::Msg::new("rating.batch_label")
                .with("period", "2024Q2")
                .with("as_of", "2024-06-30")
                .with("id", 7),
            flows: flows
                .into_iter()
                .map(|(f, t, n)| (f.map(str::to_owned), t.map(str::to_owned), n))
                .collect(),
            moves,
        }),
        ..facts()
    }
}

#[test]
fn movers_up_and_down() {
    // (moves as (id, from, to), upgraded ids, downgraded ids)
    type Case = (
        &'static str,
        Vec<(i64, Option<&'static str>, Option<&'static str>)>,
        Vec<i64>,
        Vec<i64>,
    );
    let cases: Vec<Case> = vec![
        ("no moves", vec![], vec![], vec![]),
        (
            "up and down by rank, in the order given",
            vec![
                (1, Some("gold"), Some("diamond")),
                (2, Some("diamond"), Some("regular")),
                (3, Some("regular"), Some("silver")),
                (4, Some("silver"), Some("gold")),
                (5, Some("gold"), Some("silver")),
            ],
            vec![1, 3, 4],
            vec![2, 5],
        ),
        (
            "first ratings, unknown tiers and unchanged tiers are neither",
            vec![
                (1, None, Some("gold")),
                (2, Some("VIP"), Some("gold")),
                (3, Some("gold"), Some("VIP")),
                (4, Some("gold"), None),
                (5, Some("gold"), Some("gold")),
            ],
            vec![],
            vec![],
        ),
        (
            "at most 30 of each are listed",
            (1..=35)
                .map(|i| (i, Some("regular"), Some("silver")))
                .chain((36..=70).map(|i| (i, Some("silver"), Some("regular"))))
                .collect(),
            (1..=30).collect(),
            (36..=65).collect(),
        ),
    ];
    for (name, moves, up, down) in cases {
        let r = build_report_from(
            with_batch(
                moves.iter().map(|(i, f, t)| mv(*i, *f, *t)).collect(),
                vec![],
            ),
            vec![],
        );
        let ids =
            |l: &[tierdesk_report::Mover]| l.iter().map(|m| m.customer_id).collect::<Vec<_>>();
        assert_eq!(ids(&r.upgrades), up, "{name}: upgrades");
        assert_eq!(ids(&r.downgrades), down, "{name}: downgrades");
    }
    let r = build_report_from(
        with_batch(vec![mv(9, Some("diamond"), Some("silver"))], vec![]),
        vec![],
    );
    let m = &r.downgrades[0];
    assert_eq!(
        (
            m.code.as_str(),
            m.name.as_str(),
            m.from.as_str(),
            m.to.as_str()
        ),
        ("C009", "客户9", "钻石", "银牌")
    );
    assert_eq!(
        (m.phone.as_str(), m.reason.as_str()),
        ("139****5678", "理由9")
    );
    assert_eq!(m.spend, Some(991.0));
    let unmasked = build_report_from(
        ReportFacts {
            mask_phones: false,
            ..with_batch(vec![mv(9, Some("diamond"), Some("silver"))], vec![])
        },
        vec![],
    );
    assert_eq!(unmasked.downgrades[0].phone, "13912345678");
    assert!(!unmasked.masked && r.masked);
}

#[test]
fn movement_matrix_adds_tiers_the_scheme_lacks() {
    let r = build_report_from(
        with_batch(
            vec![],
            vec![
                (Some("gold"), Some("silver"), 3),
                (None, Some("regular"), 5),
                (Some("VIP"), Some("diamond"), 2),
                (Some("regular"), Some("regular"), 10),
                (Some("silver"), None, 1),
            ],
        ),
        vec![],
    );
    let m = r.movement.expect("a batch was given");
    assert_eq!(m.batch_id, 7);
    assert_eq!(m.label, "2024年第二季度 评级（截至 2024-06-30，第 7 批）");
    let keys: Vec<(&str, &str)> = m
        .tiers
        .iter()
        .map(|t| (t.key.as_str(), t.name.as_str()))
        .collect();
    assert_eq!(
        keys,
        [
            ("diamond", "钻石"),
            ("gold", "金牌"),
            ("silver", "银牌"),
            ("regular", "普通"),
            ("", "未评级"),
            ("VIP", "VIP"),
        ]
    );
    assert_eq!(
        m.counts,
        vec![
            vec![0, 0, 0, 0, 0, 0],
            vec![0, 0, 3, 0, 0, 0],
            vec![0, 0, 0, 0, 1, 0],
            vec![0, 0, 0, 10, 0, 0],
            vec![0, 0, 0, 5, 0, 0],
            vec![2, 0, 0, 0, 0, 0],
        ]
    );
    assert!(build_report_from(facts(), vec![]).movement.is_none());
}

/// A customer of `tier` last contacted `contact` days before 2024-06-30.
fn contacted(id: i64, tier: &str, spend: f64, contact: Option<i64>) -> Customer {
    let mut c = customer(id, Some(tier), Some(spend));
    c.last_contact_on = contact.map(|d| day("2024-06-30") - chrono::Days::new(d as u64));
    c
}

#[test]
fn customers_at_risk() {
    // (customers, last purchases as (id, day), moves, at-risk (id, reason) in order)
    type Case = (
        &'static str,
        Vec<Customer>,
        Vec<(i64, &'static str)>,
        Vec<TierMove>,
        Vec<(i64, &'static str)>,
    );
    let cases: Vec<Case> = vec![
        (
            "contact: 181 days is too long, 180 is not",
            vec![
                contacted(1, "diamond", 10.0, Some(181)),
                contacted(2, "diamond", 20.0, Some(180)),
                contacted(3, "gold", 30.0, None),
            ],
            vec![],
            vec![],
            vec![(1, "已 181 天未联系")],
        ),
        (
            "purchases: 91 days is too long, 90 is not; the time is cut off",
            vec![
                contacted(1, "gold", 10.0, None),
                contacted(2, "gold", 20.0, None),
                contacted(3, "gold", 30.0, None),
            ],
            vec![(1, "2024-03-31 10:00:00"), (2, "2024-04-01"), (3, "坏日期")],
            vec![],
            vec![(1, "最近一次购买距今 91 天")],
        ),
        (
            "only the two highest tiers; moved down counts; by spend then id",
            vec![
                contacted(1, "silver", 90.0, Some(400)),
                contacted(2, "regular", 80.0, Some(400)),
                contacted(3, "gold", 50.0, None),
                contacted(4, "diamond", 50.0, Some(200)),
                contacted(5, "gold", 70.0, Some(365)),
            ],
            vec![(5, "2024-01-01")],
            vec![
                mv(3, Some("diamond"), Some("gold")),
                mv(1, Some("gold"), Some("silver")),
            ],
            vec![
                (5, "最近一次购买距今 181 天；已 365 天未联系"),
                (3, "本期由钻石降为金牌"),
                (4, "已 200 天未联系"),
            ],
        ),
        (
            "at most 30, the highest spends",
            (1..=40)
                .map(|i| contacted(i, "gold", i as f64, Some(365)))
                .collect(),
            vec![],
            vec![],
            (11..=40).rev().map(|i| (i, "已 365 天未联系")).collect(),
        ),
    ];
    for (name, customers, purchases, moves, want) in cases {
        let facts = ReportFacts {
            last_purchases: purchases
                .into_iter()
                .map(|(id, d)| (id, d.to_owned()))
                .collect::<HashMap<_, _>>(),
            ..with_batch(moves, vec![])
        };
        let r = build_report_from(facts, customers);
        let got: Vec<(i64, &str)> = r
            .at_risk
            .iter()
            .map(|l| (l.customer_id, l.reason.as_str()))
            .collect();
        assert_eq!(got, want, "{name}");
    }
    let r = build_report_from(facts(), vec![contacted(1, "diamond", 5.0, Some(365))]);
    let l = &r.at_risk[0];
    assert_eq!(
        (
            l.code.as_str(),
            l.name.as_str(),
            l.tier.as_str(),
            l.phone.as_str()
        ),
        ("C001", "客户1", "钻石", "138****0001")
    );
    // With two tiers only the higher one is watched.
    let mut two = facts();
    two.tiers.truncate(2);
    let r = build_report_from(
        two,
        vec![
            contacted(1, "diamond", 5.0, Some(365)),
            contacted(2, "gold", 5.0, Some(365)),
        ],
    );
    assert_eq!(
        r.at_risk.iter().map(|l| l.customer_id).collect::<Vec<_>>(),
        [1]
    );
}
