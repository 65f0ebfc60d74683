//! The tier engine at its boundary: schemes in, tiers and explanations out.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use tierdesk_tiers::*;

mod calibrate;
mod explain_msgs;
mod rfm;
mod rule_words;
mod rules;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn facts(id: i64, spend: Option<f64>, frequency: Option<f64>) -> CustomerFacts {
    CustomerFacts {
        id,
        name: format!("客户{id}"),
        spend,
        frequency,
        ..Default::default()
    }
}

fn tiers_of(scheme: &Scheme, customers: &[CustomerFacts]) -> Vec<String> {
    evaluate(scheme, day("2024-12-31"), customers)
        .unwrap()
        .outcomes
        .into_iter()
        .map(|o| o.tier)
        .collect()
}

#[test]
fn seed_000_sample_customers_under_metal4() {
    let zhang = CustomerFacts {
        id: 1,
        name: "张三".into(),
        spend: Some(10_000.0),
        frequency: Some(5.0),
        tenure_years: Some(2.0),
        influence: Some(3.0),
        ..Default::default()
    };
    let li = CustomerFacts {
        id: 2,
        name: "李四".into(),
        spend: Some(30_000.0),
        frequency: Some(10.0),
        tenure_years: Some(3.0),
        influence: Some(5.0),
        ..Default::default()
    };
    let scheme = metal4();
    let names: Vec<String> = tiers_of(&scheme, &[zhang, li])
        .iter()
        .map(|k| scheme.tier(k).unwrap().name.clone())
        .collect();
    assert_eq!(names, ["白银", "铂金"]);
}

#[test]
fn thresholds_boundaries_are_inclusive_and_first_match_wins() {
    let check = |spend: f64, want: &str| {
        assert_eq!(
            tiers_of(&star4(), &[facts(1, Some(spend), None)]),
            [want],
            "spend {spend}"
        );
    };
    check(300_000.0, "diamond");
    check(299_999.99, "gold");
    check(100_000.0, "gold");
    check(20_000.0, "silver");
    check(19_999.0, "regular");
    check(0.0, "regular");
    check(-500.0, "regular");
}

#[test]
fn five_level_needs_spend_and_monthly_frequency() {
    let s = five_level();
    let cases = [
        (600_000.0, 12.0, "vip"),     // 1 per month
        (600_000.0, 11.0, "regular"), // below once a month, and too few for the others
        (250_000.0, 24.0, "platinum"),
        (150_000.0, 36.0, "gold"),
        (60_000.0, 48.0, "silver"),
        (60_000.0, 47.0, "regular"),
    ];
    for (spend, freq, want) in cases {
        assert_eq!(
            tiers_of(&s, &[facts(1, Some(spend), Some(freq))]),
            [want],
            "{spend} {freq}"
        );
    }
}

#[test]
fn missing_figures_follow_the_rule_choice_and_are_reported() {
    let s = metal4();
    let e = evaluate(&s, day("2024-12-31"), &[facts(1, Some(50_000.0), None)]).unwrap();
    assert_eq!(
        e.outcomes[0].tier, "bronze",
        "a rule whose figure is missing does not match"
    );
    assert_eq!(e.outcomes[0].missing, ["frequency"]);

    let mut zero = star4();
    for t in &mut zero.tiers {
        t.missing = Missing::Zero;
    }
    let e = evaluate(&zero, day("2024-12-31"), &[facts(1, None, None)]).unwrap();
    assert_eq!(e.outcomes[0].tier, "regular");
}

#[test]
fn seed_003_weighted_example_scores_85_25() {
    let mut s = weighted5();
    if let Method::Weighted { factors } = &mut s.method {
        for f in factors.iter_mut() {
            f.normalize = Normalize::None;
        }
    }
    let mut custom = BTreeMap::new();
    custom.insert("purchase_behavior".to_owned(), 90.0);
    custom.insert("satisfaction".to_owned(), 95.0);
    custom.insert("recommendation".to_owned(), 75.0);
    let c = CustomerFacts {
        id: 7,
        name: "VIP 客户".into(),
        spend: Some(85.0),
        frequency: Some(80.0),
        custom,
        ..Default::default()
    };
    let e = evaluate(&s, day("2024-12-31"), std::slice::from_ref(&c)).unwrap();
    assert_eq!(e.outcomes[0].score, Some(85.25));
    assert_eq!(e.outcomes[0].tier, "vip");

    let figures = vec![Figures::of(&c, day("2024-12-31"))];
    let model = Model::build(&s, &figures).unwrap();
    let x = model.explain(0, &c, &figures[0]);
    let contributions: Vec<f64> = x.figures.iter().map(|f| f.contribution.unwrap()).collect();
    assert_eq!(contributions, [27.0, 17.0, 12.0, 14.25, 15.0]);
    assert_eq!(x.margin.as_deref(), Some("高出「VIP」最低分 0.25 分"));
}

#[test]
fn normalisations() {
    let s = |n: Normalize| Scheme {
        method: Method::Weighted {
            factors: vec![Factor {
                figure: "spend".into(),
                label: "消费金额".into(),
                weight: 1.0,
                normalize: n,
            }],
        },
        ..weighted5()
    };
    let people: Vec<CustomerFacts> = [100.0, 200.0, 200.0, 500.0]
        .iter()
        .enumerate()
        .map(|(i, v)| facts(i as i64, Some(*v), None))
        .collect();
    let scores = |n| {
        evaluate(&s(n), day("2024-12-31"), &people)
            .unwrap()
            .outcomes
            .iter()
            .map(|o| o.score.unwrap())
            .collect::<Vec<_>>()
    };
    assert_eq!(scores(Normalize::MinMax), [0.0, 25.0, 25.0, 100.0]);
    assert_eq!(scores(Normalize::Percentile), [12.5, 50.0, 50.0, 87.5]);
    assert_eq!(
        scores(Normalize::Breakpoints {
            points: vec![(150.0, 60.0), (400.0, 90.0)]
        }),
        [0.0, 60.0, 60.0, 90.0]
    );
}

#[test]
fn abc_by_cumulative_revenue_share() {
    // 50 + 30 + 10 + 5 + 5 = 100: A takes customers while the revenue before them is under 80 %.
    let people: Vec<CustomerFacts> = [5.0, 50.0, 10.0, 30.0, 5.0]
        .iter()
        .enumerate()
        .map(|(i, v)| facts(i as i64, Some(*v), None))
        .collect();
    assert_eq!(
        tiers_of(&abc(), &people),
        ["b", "a", "b", "a", "c"],
        "ties keep customer order"
    );
}

#[test]
fn protection_rules_soften_downgrades() {
    let mut s = star4();
    s.protection = Protection {
        max_levels_down: Some(1),
        grace_percent: Some(5.0),
        new_customer_months: Some(6),
        grace_periods: None,
    };
    let with = |spend: f64, tier: &str, registered: Option<&str>| CustomerFacts {
        current_tier: Some(tier.into()),
        registered_on: registered.map(day),
        ..facts(1, Some(spend), None)
    };
    let one = |c: CustomerFacts| {
        evaluate(&s, day("2024-12-31"), &[c])
            .unwrap()
            .outcomes
            .remove(0)
    };

    let o = one(with(1_000.0, "diamond", Some("2020-01-01")));
    assert_eq!((o.computed.as_str(), o.tier.as_str()), ("regular", "gold"));
    assert!(o.protection.unwrap().contains("最多降 1 级"));

    let o = one(with(290_000.0, "diamond", Some("2020-01-01")));
    assert_eq!(o.tier, "diamond", "within 5 % of the diamond threshold");
    assert!(o.protection.unwrap().contains("宽限"));

    let o = one(with(1_000.0, "diamond", Some("2024-09-01")));
    assert_eq!(o.tier, "diamond", "new customers are not downgraded");

    let o = one(with(500_000.0, "silver", Some("2020-01-01")));
    assert_eq!(
        (o.tier.as_str(), o.protection),
        ("diamond", None),
        "upgrades are never held back"
    );
}

#[test]
fn grace_periods_keep_the_tier_for_n_ratings_then_drop() {
    let mut s = star4();
    s.protection = Protection {
        grace_periods: Some(2),
        ..Protection::default()
    };
    // (spend, periods already kept by grace) → (tier, reason)
    let check = |s: &Scheme, spend: f64, used: u32, tier: &str, reason: Option<&str>| {
        let c = CustomerFacts {
            current_tier: Some("diamond".into()),
            grace_periods_used: used,
            ..facts(1, Some(spend), None)
        };
        let o = evaluate(s, day("2024-12-31"), &[c])
            .unwrap()
            .outcomes
            .remove(0);
        assert_eq!(
            (o.tier.as_str(), o.protection.as_deref()),
            (tier, reason),
            "spend {spend}, {used} grace periods used"
        );
    };
    check(
        &s,
        1_000.0,
        0,
        "diamond",
        Some("宽限期：第 1/2 期，保留「钻石」"),
    );
    check(
        &s,
        1_000.0,
        1,
        "diamond",
        Some("宽限期：第 2/2 期，保留「钻石」"),
    );
    // Exactly N periods used: the customer drops.
    check(&s, 1_000.0, 2, "regular", None);
    check(&s, 1_000.0, 5, "regular", None);
    // Still meeting the tier needs no grace.
    check(&s, 400_000.0, 1, "diamond", None);

    // With max_levels_down as well, the drop after grace is still softened.
    s.protection.max_levels_down = Some(1);
    check(
        &s,
        1_000.0,
        2,
        "gold",
        Some("每次评级最多降 1 级，由「钻石」降至「金牌」"),
    );

    // A scheme file round-trips the setting.
    let back = Scheme::from_toml(&s.to_toml()).unwrap();
    assert_eq!(back.protection.grace_periods, Some(2));
    assert!(s.to_toml().contains("grace_periods = 2"));
}

#[test]
fn a_reviewer_can_move_an_outcome_and_the_counts_follow() {
    let s = star4();
    let people = [
        facts(1, Some(400_000.0), None),
        facts(2, Some(1_000.0), None),
    ];
    let mut e = evaluate(&s, day("2024-12-31"), &people).unwrap();
    let count = |e: &tierdesk_tiers::Evaluation, t: &str| {
        e.counts.iter().find(|c| c.tier == t).unwrap().count
    };
    assert_eq!((count(&e, "diamond"), count(&e, "regular")), (1, 1));
    assert!(e.set_tier(1, "gold", "人工调整：老客户".into()));
    assert_eq!(
        (
            count(&e, "diamond"),
            count(&e, "gold"),
            count(&e, "regular")
        ),
        (1, 1, 0)
    );
    assert_eq!(e.outcomes[1].tier, "gold");
    assert_eq!(e.outcomes[1].computed, "regular");
    assert!(
        !e.set_tier(1, "platinum", "x".into()),
        "not a tier of star4"
    );
    assert!(!e.set_tier(9, "gold", "x".into()));
}

#[test]
fn explanation_says_what_is_missing_for_the_next_tier() {
    let s = star4();
    let c = CustomerFacts {
        spend: Some(88_000.0),
        ..facts(1, None, None)
    };
    let f = vec![Figures::of(&c, day("2024-12-31"))];
    let m = Model::build(&s, &f).unwrap();
    let x = m.explain(0, &c, &f[0]);
    assert_eq!(x.tier_name, "银牌");
    assert_eq!(x.next_up.as_deref(), Some("还差 ¥12,000 升至金牌"));
    assert_eq!(x.margin.as_deref(), Some("高出「银牌」门槛 ¥68,000"));
    let holds: Vec<Option<bool>> = x.conditions.iter().map(|c| c.holds).collect();
    assert_eq!(holds, [Some(false), Some(false), Some(true)]);
    assert_eq!(
        x.conditions[1].parts[0].text,
        "消费金额 >= ¥100,000（实际 ¥88,000）"
    );
}

#[test]
fn migration_matrix_and_moves() {
    let people = vec![
        CustomerFacts {
            current_tier: Some("gold".into()),
            ..facts(1, Some(500_000.0), None)
        },
        CustomerFacts {
            current_tier: Some("gold".into()),
            ..facts(2, Some(150_000.0), None)
        },
        facts(3, Some(25_000.0), None),
    ];
    let e = evaluate(&star4(), day("2024-12-31"), &people).unwrap();
    let m = migration(&e);
    assert_eq!(m.unchanged, 1);
    assert_eq!(m.moves.len(), 2);
    assert_eq!(m.matrix["gold"]["diamond"], 1);
    assert_eq!(m.matrix[""]["silver"], 1);
    let counts: Vec<u64> = e.counts.iter().map(|c| c.count).collect();
    assert_eq!(counts, [1, 1, 1, 0]);
}

#[test]
fn every_preset_round_trips_through_toml() {
    for s in presets() {
        let text = s.to_toml();
        assert_eq!(Scheme::from_toml(&text).unwrap(), s, "{}", s.key);
    }
}

#[test]
fn bad_schemes_get_chinese_messages() {
    let check = |toml: &str, want: &str| {
        let err = Scheme::from_toml(toml).unwrap_err().to_string();
        assert!(err.contains(want), "{err} should contain {want}");
    };
    let base = "key = \"x\"\nname = \"测试\"\n[method]\nkind = \"thresholds\"\n";
    check(&format!("{base}[[tiers]]\nkey = \"a\"\nname = \"甲\"\ncolor = \"#f00\"\ncondition = \"spend >=\"\n[[tiers]]\nkey = \"b\"\nname = \"乙\"\ncolor = \"#0f0\"\n"), "等级「甲」的条件有误");
    check(&format!("{base}[[tiers]]\nkey = \"a\"\nname = \"甲\"\ncolor = \"#f00\"\n[[tiers]]\nkey = \"b\"\nname = \"乙\"\ncolor = \"#0f0\"\n"), "还没有条件");
    check(
        &format!("{base}[[tiers]]\nkey = \"a\"\nname = \"甲\"\ncolor = \"#f00\"\n"),
        "至少需要两个等级",
    );
    check("key = ", "方案文件格式有误");
    let mut w = weighted5();
    if let Method::Weighted { factors } = &mut w.method {
        factors[0].weight = 0.5;
    }
    assert!(w
        .check()
        .unwrap_err()
        .to_string()
        .contains("权重之和应为 100%"));
}

#[test]
fn care_limits_beyond_reason_are_refused_in_chinese() {
    let refused = |edit: &dyn Fn(&mut CareSettings), want: &str| {
        let mut s = weighted5();
        edit(&mut s.tiers[0].care);
        let err = s.check().unwrap_err().to_string();
        assert!(err.contains(want), "{err} should contain {want}");
    };
    refused(&|c| c.resolve_hours = Some(u32::MAX), "解决时限");
    refused(&|c| c.response_hours = Some(MAX_CARE_HOURS + 1), "响应时限");
    refused(&|c| c.visit_days = Some(MAX_VISIT_DAYS + 1), "回访间隔");
    let mut s = weighted5();
    s.tiers[0].care = CareSettings {
        visit_days: Some(MAX_VISIT_DAYS),
        response_hours: Some(MAX_CARE_HOURS),
        resolve_hours: Some(MAX_CARE_HOURS),
    };
    s.check().unwrap();
}

#[test]
fn periods_and_next_rating_dates() {
    let check = |p: &str, from: &str, to: &str| {
        assert_eq!(parse_period(p).unwrap(), (day(from), day(to)), "{p}")
    };
    check("2024", "2024-01-01", "2024-12-31");
    check("2024H1", "2024-01-01", "2024-06-30");
    check("2024h2", "2024-07-01", "2024-12-31");
    check("2024Q1", "2024-01-01", "2024-03-31");
    check("2024Q4", "2024-10-01", "2024-12-31");
    assert!(parse_period("2024Q5")
        .unwrap_err()
        .to_string()
        .contains("2024Q1"));
    assert_eq!(period_of(day("2024-05-10"), Cycle::Quarterly), "2024Q2");
    assert_eq!(period_of(day("2024-08-10"), Cycle::HalfYearly), "2024H2");
    assert_eq!(
        next_rating_date(day("2024-03-01"), Cycle::Yearly),
        day("2025-03-01")
    );
    assert_eq!(
        next_rating_date(day("2024-08-31"), Cycle::Quarterly),
        day("2024-11-30")
    );
}

/// One grammar for periods: what it reads, the label it gives, and text that
/// is no period (never a panic, however the text is written).
#[test]
fn period_grammar_and_labels() {
    use tierdesk_tiers::{period_label, Period};
    let cases: &[(&str, Option<Period>, &str)] = &[
        ("2024", Some(Period::Year(2024)), "2024年度"),
        (" 2024H1 ", Some(Period::Half(2024, 1)), "2024年上半年"),
        ("2024h2", Some(Period::Half(2024, 2)), "2024年下半年"),
        ("2024Q1", Some(Period::Quarter(2024, 1)), "2024年第一季度"),
        ("2024q3", Some(Period::Quarter(2024, 3)), "2024年第三季度"),
        ("2024Q4", Some(Period::Quarter(2024, 4)), "2024年第四季度"),
        ("2024Q5", None, "2024Q5"),
        ("2024H3", None, "2024H3"),
        ("20245", None, "20245"),
        ("二〇二四", None, "二〇二四"),
        ("２０２４", None, "２０２４"),
        ("2024年", None, "2024年"),
        ("年度", None, "年度"),
        ("", None, ""),
        ("-024", None, "-024"),
    ];
    for (text, period, label) in cases {
        assert_eq!(Period::parse(text), *period, "{text:?}");
        assert_eq!(period_label(text), *label, "{text:?}");
        assert_eq!(parse_period(text).is_ok(), period.is_some(), "{text:?}");
    }
}

/// A tier colour reaches styles, HTML, SVG and workbooks, so a scheme file may
/// only give a colour; anything that could reach out of a style is refused
/// with the tier and the text named.
#[test]
fn a_tier_colour_must_be_a_colour() {
    #[rustfmt::skip]
    let cases: &[(&str, bool)] = &[
        ("#1f4e8c", true), ("#F00", true), ("#1f4e8cff", true), ("#abcd", true), ("gold", true),
        ("url(https://example.com/x.png)", false), ("red;background:url(x)", false),
        ("#1f4e8c\" onload=\"x", false), ("#12345", false), ("#ggg", false), ("", false),
        ("rgb(1,2,3)", false), ("#", false), ("expression(alert(1))", false),
        ("aliceblueantiquewhitex", false),
    ];
    let mut wrong = Vec::new();
    for &(colour, ok) in cases {
        let mut s = metal4();
        s.tiers[1].color = colour.into();
        let name = s.tiers[1].name.clone();
        match (Scheme::from_toml(&s.to_toml()), ok) {
            (Ok(_), true) => {}
            (Err(e), false) => {
                let want = format!("等级「{name}」的颜色「{colour}」不是颜色");
                if !e.to_string().contains(&want) {
                    wrong.push(format!("{colour:?}: {e}"));
                }
            }
            (got, _) => wrong.push(format!("{colour:?}: {:?}", got.map(|_| "accepted"))),
        }
        assert_eq!(is_colour(colour), ok, "{colour:?}");
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    // Every built-in scheme passes.
    for s in presets() {
        assert!(s.tiers.iter().all(|t| is_colour(&t.color)), "{}", s.key);
    }
}

/// An evaluation split into parts run side by side is the evaluation on one
/// thread, outcome for outcome and count for count, for every preset
/// (the population-wide methods — weighted percentiles, ABC shares, RFM
/// quintiles — included) with the protection rules on where a method
/// takes them: customer i's
/// outcome is still customer i's, none lost or doubled at a part's edge.
#[test]
fn an_evaluation_in_parts_is_the_evaluation_in_one() {
    let tiers = ["diamond", "gold", "silver", "regular", "A", "B", "C"];
    let customers: Vec<CustomerFacts> = (0..1_009i64)
        .map(|i| CustomerFacts {
            code: (i % 5 != 0).then(|| format!("C{:05}", (i * 37) % 1_009)),
            spend: (i % 11 != 3).then_some(((i * 7_919) % 600_000) as f64),
            frequency: (i % 7 != 2).then_some(((i * 31) % 60) as f64),
            tenure_years: (i % 3 == 0).then_some((i % 9) as f64),
            influence: (i % 4 == 1).then_some((i % 100) as f64),
            orders: (i % 2 == 0).then_some((i % 13) as f64),
            recency_days: (i % 2 == 0).then_some((i % 400) as f64),
            avg_order_value: (i % 2 == 0).then_some(((i * 13) % 5_000) as f64),
            registered_on: Some(day("2018-01-01") + chrono::Days::new((i * 3) as u64 % 2_500)),
            current_tier: (i % 6 != 0).then(|| tiers[i as usize % tiers.len()].to_owned()),
            custom: [("satisfaction".to_owned(), (i % 100) as f64)].into(),
            ..facts(i + 1, None, None)
        })
        .collect();
    for mut scheme in presets() {
        // RFM segments take no protection (the scheme check refuses it).
        if !matches!(scheme.method, Method::Rfm { .. }) {
            scheme.protection = Protection {
                max_levels_down: Some(1),
                grace_percent: Some(5.0),
                new_customer_months: Some(6),
                grace_periods: None,
            };
        }
        let one = evaluate_in_parts(&scheme, day("2024-12-31"), &customers, 1).unwrap();
        assert_eq!(one.outcomes.len(), customers.len(), "{}", scheme.key);
        let ids: Vec<i64> = one.outcomes.iter().map(|o| o.customer_id).collect();
        assert_eq!(ids, (1..=1_009).collect::<Vec<_>>(), "{}", scheme.key);
        assert_eq!(
            one.counts.iter().map(|c| c.count).sum::<u64>(),
            customers.len() as u64
        );
        // A spread of outcomes, so that equal parts mean something.
        let distinct: std::collections::BTreeSet<&str> =
            one.outcomes.iter().map(|o| o.tier.as_str()).collect();
        assert!(distinct.len() >= 2, "{}: {distinct:?}", scheme.key);
        for parts in [2, 3, 7, 1_009, 5_000] {
            let split = evaluate_in_parts(&scheme, day("2024-12-31"), &customers, parts).unwrap();
            assert_eq!(split, one, "{} in {parts} parts", scheme.key);
        }
    }
}
