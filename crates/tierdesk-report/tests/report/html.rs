//! The report page from known figures: the whole page as a snapshot, and
//! names from the archive escaped exactly once in tables, headings and charts.

use tierdesk_report::{
    build_report_from, render_html, BatchFacts, BenefitOffer, ReportFacts, TierMove,
};

use crate::{customer, day, star4};

fn facts(company: &str) -> ReportFacts {
    ReportFacts {
        company: company.into(),
        scheme_key: "star4".into(),
        scheme_name: "四星客户".into(),
        tiers: star4(),
        period: "2024Q2".into(),
        period_label: "2024年第二季度".into(),
        as_of: day("2024-06-30"),
        generated_on: day("2024-07-02"),
        mask_phones: true,
        batch: Some(BatchFacts {
            id: 2,
            label: "2024年第二季度 评级（截至 2024-06-30，第 2 批）".into(),
            label_msg: tierdesk_domain::Msg::new("rating.batch_label")
                .with("period", "2024Q2")
                .with("as_of", "2024-06-30")
                .with("id", 2),
            flows: vec![
                (Some("gold".into()), Some("silver".into()), 1),
                (Some("diamond".into()), Some("diamond".into()), 1),
                (Some("regular".into()), Some("regular".into()), 7),
                (Some("silver".into()), Some("silver".into()), 1),
            ],
            moves: vec![TierMove {
                customer_id: 2,
                code: Some("G1".into()),
                name: "金牌客户乙".into(),
                phone: Some("13900001111".into()),
                spend: Some(50000.0),
                from_tier: Some("gold".into()),
                to_tier: Some("silver".into()),
                reason: "spend < 100000".into(),
            }],
        }),
        benefits: vec![BenefitOffer {
            tier: "diamond".into(),
            name: "生日礼品".into(),
            description: "生日当月寄送礼品".into(),
            quota: Some(1),
            cost: 300.0,
        }],
        past_batches: vec![(1, "2024Q1".into()), (2, "2024Q2".into())],
        past_counts: vec![
            (1, Some("diamond".into()), 1),
            (1, Some("gold".into()), 1),
            (1, Some("silver".into()), 1),
            (1, Some("regular".into()), 7),
            (2, Some("diamond".into()), 1),
            (2, Some("silver".into()), 2),
            (2, Some("regular".into()), 7),
        ],
        ..ReportFacts::default()
    }
}

fn customers() -> Vec<tierdesk_domain::Customer> {
    let mut all = vec![
        customer(1, Some("diamond"), Some(500000.0)),
        customer(2, Some("silver"), Some(50000.0)),
        customer(3, Some("silver"), Some(30000.0)),
    ];
    all.extend((0..7).map(|i| customer(10 + i, Some("regular"), Some(1000.0 * (i + 1) as f64))));
    all
}

#[test]
fn the_report_page() {
    let r = build_report_from(facts("华东贸易有限公司"), customers());
    assert_eq!(r.customers, 10);
    assert_eq!(r.revenue, 608000.0);
    assert_eq!(r.downgrades.len(), 1);
    let html = render_html(&r);
    assert_eq!(
        html.matches("<svg").count(),
        4,
        "distribution, revenue, Pareto, history"
    );
    assert_eq!(html.matches("139****1111").count(), 1);
    assert!(!html.contains("13900001111"));
    insta::assert_snapshot!("report_page", html.replace("><", ">\n<"));
}

#[test]
fn names_are_escaped_once_everywhere() {
    let mut f = facts("<b>&\"'");
    f.tiers[0].name = "<钻>".into();
    let mut people = customers();
    people[1].name = "A&B<c>".into();
    f.batch.as_mut().unwrap().moves[0].name = "A&B<c>".into();
    let html = render_html(&build_report_from(f, people));
    assert!(!html.contains("<b>") && !html.contains("<c>") && !html.contains("<钻>"));
    assert!(
        !html.contains("&amp;lt;") && !html.contains("&amp;amp;"),
        "escaped twice"
    );
    // The title, the header line and nowhere else.
    assert_eq!(
        html.matches("&lt;b&gt;&amp;&quot;&#39;").count(),
        2,
        "{html}"
    );
    assert_eq!(html.matches("<td>A&amp;B&lt;c&gt;</td>").count(), 1);
    // The tier's name in tables and in the charts' SVG text.
    assert!(html.matches("&lt;钻&gt;").count() >= 3);
}
