//! RFM: quintiles as pandas cuts them, ranking ties by customer code, the
//! segment maps, customers without purchases, windows and figures from order lines.
//!
//! (Over 600 lines: pandas' expected scores and segments are written out as tables.)

use tierdesk_tiers::*;

use crate::day;

fn buyer(id: i64, code: Option<&str>, recency: f64, orders: f64, spend: f64) -> CustomerFacts {
    CustomerFacts {
        id,
        code: code.map(Into::into),
        name: format!("客户{id}"),
        recency_days: Some(recency),
        orders: Some(orders),
        spend: Some(spend),
        ..Default::default()
    }
}

fn with_scoring(mut s: Scheme, r: Scoring, f: Scoring, m: Scoring) -> Scheme {
    let Method::Rfm { segments, .. } = s.method else {
        panic!("an RFM scheme")
    };
    s.method = Method::Rfm { segments, r, f, m };
    s
}

fn cuts(c: [f64; 4]) -> Scoring {
    Scoring::Cuts { cuts: c.to_vec() }
}

fn quintiles() -> Scoring {
    Scoring::Quintiles { rank_first: false }
}

/// Each customer's (tier, RFM code such as 543).
fn rated(s: &Scheme, people: &[CustomerFacts]) -> Vec<(String, Option<f64>)> {
    evaluate(s, day("2024-12-31"), people)
        .unwrap()
        .outcomes
        .into_iter()
        .map(|o| (o.tier, o.score))
        .collect()
}

fn digit(code: Option<f64>, place: u32) -> u8 {
    (code.unwrap() as u32 / 10u32.pow(place) % 10) as u8
}

#[test]
fn quintile_edges_match_pandas_qcut() {
    // Edges and groups as pandas 3 / numpy 2 give them for the same values
    // (`Series.quantile` of qcut's points and `searchsorted(side="left")`).
    let check = |values: &[f64], edges: [f64; 6], groups: &[u8]| {
        let got = quintile_edges(values);
        assert_eq!(got, edges, "{values:?}");
        let scores: Vec<u8> = values.iter().map(|v| score(&got[1..5], *v)).collect();
        assert_eq!(scores, groups, "{values:?}");
    };
    let ten: Vec<f64> = (1..=10).map(f64::from).collect();
    // 0.6 is nudged up as pandas does, so the 60 % edge is 6.400000000000002.
    check(
        &ten,
        [1.0, 2.8, 4.6, 6.400000000000002, 8.2, 10.0],
        &[1, 1, 2, 2, 3, 3, 4, 4, 5, 5],
    );
    // A value equal to an edge belongs to the group on its left (bins closed on the right).
    let six: Vec<f64> = (1..=6).map(f64::from).collect();
    check(
        &six,
        [1.0, 2.0, 3.0, 4.000000000000001, 5.0, 6.0],
        &[1, 1, 2, 3, 4, 5],
    );
    // Interpolation done as numpy does it: 45.9 sits below the 60 % edge 45.90000000000006.
    check(
        &[
            12.5, 80.0, 80.0, 3.2, 1000.0, 45.9, 45.9, 45.9, 7.0, 300.25, 18.0,
        ],
        [3.2, 12.5, 45.9, 45.90000000000006, 80.0, 1000.0],
        &[1, 4, 4, 1, 5, 2, 2, 2, 1, 5, 2],
    );
    // Ties make edges repeat (pandas refuses these): a value takes the lowest
    // group whose right edge is at least the value, so equal values share a score.
    check(
        &[1.0, 1.0, 1.0, 1.0, 2.0, 3.0, 4.0, 5.0, 5.0, 5.0],
        [1.0, 1.0, 1.6, 3.400000000000002, 5.0, 5.0],
        &[1, 1, 1, 1, 3, 3, 4, 4, 4, 4],
    );
    check(
        &[1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 2.0, 3.0, 4.0],
        [1.0, 1.0, 1.0, 1.0, 2.2, 4.0],
        &[1, 1, 1, 1, 1, 1, 1, 4, 5, 5],
    );
    check(&[7.0], [7.0; 6], &[1]);
    assert!(quintile_edges(&[]).iter().all(|e| e.is_nan()));
}

#[test]
fn cut_points_score_right_closed() {
    let c = [30.0, 90.0, 180.0, 365.0];
    for (v, want) in [
        (0.0, 1),
        (30.0, 1),
        (30.5, 2),
        (90.0, 2),
        (180.0, 3),
        (365.0, 4),
        (366.0, 5),
        (1e9, 5),
    ] {
        assert_eq!(score(&c, v), want, "{v}");
    }
}

#[test]
fn recency_is_reversed_most_recent_gets_5() {
    let people: Vec<CustomerFacts> = (1..=10)
        .map(|d| buyer(d, None, d as f64, 1.0, 100.0))
        .collect();
    let r: Vec<u8> = rated(&rfm10(), &people)
        .iter()
        .map(|(_, c)| digit(*c, 2))
        .collect();
    assert_eq!(r, [5, 5, 4, 4, 3, 3, 2, 2, 1, 1]);
    // Cut points read the same way: up to 30 days is the best score.
    let s = with_scoring(
        rfm10(),
        cuts([30.0, 90.0, 180.0, 365.0]),
        quintiles(),
        quintiles(),
    );
    let people: Vec<CustomerFacts> = [5.0, 30.0, 60.0, 120.0, 200.0, 400.0]
        .iter()
        .enumerate()
        .map(|(i, d)| buyer(i as i64, None, *d, 1.0, 1.0))
        .collect();
    let r: Vec<u8> = rated(&s, &people)
        .iter()
        .map(|(_, c)| digit(*c, 2))
        .collect();
    assert_eq!(r, [5, 5, 4, 3, 2, 1]);
}

#[test]
fn rank_first_breaks_ties_by_customer_code() {
    // Five customers with one order each: ranked first, the order of their
    // codes decides F. Numeric codes compare as numbers ("9" before "10"),
    // equal numbers by text ("009" before "9"), then text codes, then no code, then id.
    let s = with_scoring(
        rfm10(),
        quintiles(),
        Scoring::Quintiles { rank_first: true },
        quintiles(),
    );
    let people = vec![
        buyer(1, Some("A1"), 5.0, 1.0, 10.0),
        buyer(2, Some("10"), 5.0, 1.0, 10.0),
        buyer(3, None, 5.0, 1.0, 10.0),
        buyer(4, Some("9"), 5.0, 1.0, 10.0),
        buyer(5, Some("009"), 5.0, 1.0, 10.0),
    ];
    let f: Vec<u8> = rated(&s, &people)
        .iter()
        .map(|(_, c)| digit(*c, 1))
        .collect();
    assert_eq!(f, [4, 3, 5, 2, 1]);

    // Ties broken by id when codes are equal or absent; higher values rank after ties.
    let people = vec![
        buyer(7, None, 5.0, 2.0, 10.0),
        buyer(3, None, 5.0, 2.0, 10.0),
        buyer(5, Some("x"), 5.0, 2.0, 10.0),
        buyer(1, None, 5.0, 9.0, 10.0),
        buyer(2, None, 5.0, 1.0, 10.0),
    ];
    let f: Vec<u8> = rated(&s, &people)
        .iter()
        .map(|(_, c)| digit(*c, 1))
        .collect();
    assert_eq!(f, [4, 3, 2, 5, 1]);

    // Without ranking first, the same ties share one score.
    let plain = with_scoring(rfm10(), quintiles(), quintiles(), quintiles());
    let f: Vec<u8> = rated(&plain, &people)
        .iter()
        .map(|(_, c)| digit(*c, 1))
        .collect();
    assert_eq!(f, [2, 2, 2, 5, 1]);
}

#[test]
fn every_rfm10_grid_cell() {
    // Rows R 5 down to R 1, columns F 1 to F 5.
    let grid = [
        [
            "new",
            "potential_loyalist",
            "potential_loyalist",
            "champions",
            "champions",
        ],
        [
            "promising",
            "potential_loyalist",
            "potential_loyalist",
            "loyal",
            "loyal",
        ],
        [
            "about_to_sleep",
            "about_to_sleep",
            "need_attention",
            "loyal",
            "loyal",
        ],
        [
            "hibernating",
            "hibernating",
            "at_risk",
            "at_risk",
            "cant_lose",
        ],
        [
            "hibernating",
            "hibernating",
            "at_risk",
            "at_risk",
            "cant_lose",
        ],
    ];
    // With cut points every customer lands in a chosen cell: recency 5, 15,
    // … 45 days give R 5 … 1; 1 … 5 orders give F 1 … 5.
    let s = with_scoring(
        rfm10(),
        cuts([10.0, 20.0, 30.0, 40.0]),
        cuts([1.0, 2.0, 3.0, 4.0]),
        quintiles(),
    );
    let mut people = Vec::new();
    for row in 0..5 {
        for col in 0..5 {
            people.push(buyer(
                (row * 5 + col) as i64,
                None,
                5.0 + 10.0 * row as f64,
                1.0 + col as f64,
                100.0,
            ));
        }
    }
    let got = rated(&s, &people);
    for row in 0..5 {
        for col in 0..5 {
            let (tier, code) = &got[row * 5 + col];
            let (r, f) = (5 - row as u8, 1 + col as u8);
            assert_eq!((digit(*code, 2), digit(*code, 1)), (r, f));
            assert_eq!(tier, grid[row][col], "R {r} F {f}");
            assert_eq!(segment_rfm10(r, f), grid[row][col]);
        }
    }
    let e = evaluate(&s, day("2024-12-31"), &people).unwrap();
    let counts: Vec<(&str, u64)> = e
        .counts
        .iter()
        .map(|c| (c.tier.as_str(), c.count))
        .collect();
    assert_eq!(
        counts,
        [
            ("champions", 2),
            ("loyal", 4),
            ("potential_loyalist", 4),
            ("new", 1),
            ("promising", 1),
            ("need_attention", 1),
            ("about_to_sleep", 2),
            ("cant_lose", 2),
            ("at_risk", 4),
            ("hibernating", 4),
            ("no_purchase", 0)
        ]
    );
}

#[test]
fn rfm8_all_eight_types_against_the_means() {
    // Each of R, F, M is high for half the buyers: recency 10 vs 100 days
    // (mean 55; fewer days is high), 10 vs 1 orders (mean 5.5), ¥1,000 vs
    // ¥100 (mean 550). A customer without purchases changes no mean.
    let cases = [
        ([true, true, true], "important_value", "重要价值客户"),
        ([true, false, true], "important_develop", "重要发展客户"),
        ([false, true, true], "important_keep", "重要保持客户"),
        ([false, false, true], "important_retain", "重要挽留客户"),
        ([true, true, false], "general_value", "一般价值客户"),
        ([true, false, false], "general_develop", "一般发展客户"),
        ([false, true, false], "general_keep", "一般保持客户"),
        ([false, false, false], "general_retain", "一般挽留客户"),
    ];
    let mut people: Vec<CustomerFacts> = cases
        .iter()
        .enumerate()
        .map(|(i, (h, _, _))| {
            buyer(
                i as i64,
                None,
                if h[0] { 10.0 } else { 100.0 },
                if h[1] { 10.0 } else { 1.0 },
                if h[2] { 1000.0 } else { 100.0 },
            )
        })
        .collect();
    people.push(CustomerFacts {
        id: 99,
        spend: Some(1e9),
        ..Default::default()
    });
    let s = rfm8();
    let got = rated(&s, &people);
    for (i, (high, key, name)) in cases.iter().enumerate() {
        assert_eq!(got[i].0, *key, "{high:?}");
        assert_eq!(segment_rfm8(*high), *key);
        assert_eq!(s.tier(key).unwrap().name, *name);
    }
    assert_eq!(got[8].0, "no_purchase");
    // A figure equal to its mean is not above it.
    let even = vec![
        buyer(1, None, 10.0, 3.0, 50.0),
        buyer(2, None, 10.0, 3.0, 50.0),
    ];
    assert_eq!(rated(&s, &even)[0].0, "general_retain");
}

#[test]
fn customers_without_purchases_go_to_no_purchase() {
    let people = vec![
        buyer(1, None, 3.0, 4.0, 900.0),
        // Only the record's figures: no order lines at all.
        CustomerFacts {
            id: 2,
            spend: Some(50_000.0),
            frequency: Some(12.0),
            ..Default::default()
        },
        // Order lines, but none a purchase in the window.
        CustomerFacts {
            id: 3,
            orders: Some(0.0),
            spend: Some(0.0),
            frequency: Some(0.0),
            ..Default::default()
        },
        buyer(4, None, 30.0, 1.0, 100.0),
    ];
    for s in [rfm10(), rfm8()] {
        let e = evaluate(&s, day("2024-12-31"), &people).unwrap();
        let tiers: Vec<&str> = e.outcomes.iter().map(|o| o.tier.as_str()).collect();
        assert_eq!(&tiers[1..3], ["no_purchase", "no_purchase"], "{}", s.key);
        assert_ne!(tiers[0], "no_purchase");
        assert_eq!(e.outcomes[1].missing, ["recency_days", "orders"]);
        assert_eq!(e.outcomes[2].missing, ["recency_days"]);
        assert_eq!(e.outcomes[1].score, None);
        assert_eq!(
            e.counts
                .last()
                .map(|c| (c.tier.as_str(), c.name.as_str(), c.count)),
            Some(("no_purchase", "无购买记录", 2))
        );
    }
    // Nobody bought anything: everyone is in no_purchase, nothing breaks.
    let e = evaluate(&rfm10(), day("2024-12-31"), &people[1..3]).unwrap();
    assert!(e.outcomes.iter().all(|o| o.tier == "no_purchase"));
}

#[test]
fn protection_does_not_hold_customers_in_a_segment() {
    let people = vec![
        CustomerFacts {
            current_tier: Some("champions".into()),
            ..buyer(1, None, 300.0, 1.0, 10.0)
        },
        buyer(2, None, 1.0, 9.0, 1000.0),
    ];
    let e = evaluate(&rfm10(), day("2024-12-31"), &people).unwrap();
    assert_eq!(
        (
            e.outcomes[0].tier.as_str(),
            e.outcomes[0].protection.as_deref()
        ),
        ("hibernating", None)
    );
    let mut s = rfm10();
    s.protection.max_levels_down = Some(1);
    assert!(s
        .check()
        .unwrap_err()
        .to_string()
        .contains("不适用保护规则"));
}

#[test]
fn explanation_shows_figures_scores_and_edges() {
    let people: Vec<CustomerFacts> = (1..=10)
        .map(|i| {
            buyer(
                i,
                Some(&format!("{i}")),
                (11 - i) as f64 * 10.0,
                i as f64,
                i as f64 * 100.0,
            )
        })
        .collect();
    let s = rfm10();
    let figures: Vec<Figures> = people
        .iter()
        .map(|c| Figures::of(c, day("2024-12-31")))
        .collect();
    let model = Model::build(&s, &figures).unwrap();
    let x = model.explain(9, &people[9], &figures[9]);
    assert_eq!(
        (x.tier.as_str(), x.tier_name.as_str(), x.score),
        ("champions", "冠军客户", Some(555.0))
    );
    let lines: Vec<(&str, &str, Option<f64>, Option<f64>)> = x
        .figures
        .iter()
        .map(|f| (f.key.as_str(), f.label.as_str(), f.value, f.score))
        .collect();
    assert_eq!(
        lines,
        [
            ("recency_days", "R 最近购买距今天数", Some(10.0), Some(5.0)),
            ("orders", "F 订单数", Some(10.0), Some(5.0)),
            ("spend", "M 消费金额", Some(1000.0), Some(5.0)),
        ]
    );
    assert_eq!(
        x.figures[0].edges,
        [10.0, 28.0, 46.0, 64.00000000000003, 82.0, 100.0],
        "as pandas gives them"
    );
    assert_eq!(
        x.figures[1].edges,
        [1.0, 2.8, 4.6, 6.400000000000002, 8.2, 10.0],
        "ranks 1–10"
    );
    assert_eq!(
        x.figures[0].note.as_deref(),
        Some("五分位分界 28 / 46 / 64 / 82；距今越近得分越高")
    );
    assert_eq!(x.figures[1].note.as_deref(), Some("按排名五等分：第 10 名（共 10 名，同值按客户编号先后），分界 第 2.8 名 / 第 4.6 名 / 第 6.4 名 / 第 8.2 名"));
    assert_eq!(
        x.figures[2].note.as_deref(),
        Some("五分位分界 ¥280 / ¥460 / ¥640 / ¥820")
    );
    assert_eq!(x.margin.as_deref(), Some("R 5 分 · F 5 分 · M 5 分"));
    let holding: Vec<&str> = x
        .conditions
        .iter()
        .filter(|c| c.holds == Some(true))
        .map(|c| c.text.as_str())
        .collect();
    assert_eq!(holding, ["R 5 且 F 4–5"]);
    assert_eq!(x.conditions.len(), 11);

    let s8 = rfm8();
    let model = Model::build(&s8, &figures).unwrap();
    let x = model.explain(0, &people[0], &figures[0]);
    assert_eq!(x.tier, "general_retain");
    assert!(
        x.figures[0]
            .note
            .as_deref()
            .unwrap()
            .ends_with("平均 55，低"),
        "{:?}",
        x.figures[0].note
    );
    assert_eq!(x.conditions[7].text, "R 低、F 低、M 低（与平均值相比）");

    let cut = with_scoring(
        rfm10(),
        cuts([30.0, 90.0, 180.0, 365.0]),
        quintiles(),
        quintiles(),
    );
    let model = Model::build(&cut, &figures).unwrap();
    let x = model.explain(0, &people[0], &figures[0]);
    assert_eq!(x.figures[0].edges, [30.0, 90.0, 180.0, 365.0]);
    assert_eq!(
        x.figures[0].note.as_deref(),
        Some("按分界点 30 / 90 / 180 / 365 评分；距今越近得分越高")
    );
}

#[test]
fn rfm_presets_and_hand_written_toml() {
    for s in [rfm10(), rfm8()] {
        let text = s.to_toml();
        assert_eq!(Scheme::from_toml(&text).unwrap(), s, "{}", s.key);
        assert_eq!((s.window, s.cycle), (Window::Lifetime, Cycle::Quarterly));
        let mut colours: Vec<&str> = s.tiers.iter().map(|t| t.color.as_str()).collect();
        colours.sort();
        colours.dedup();
        assert_eq!(
            colours.len(),
            s.tiers.len(),
            "{}: one colour per segment",
            s.key
        );
        assert_eq!(s.tiers.last().unwrap().key, NO_PURCHASE);
    }
    let keys: Vec<String> = presets().into_iter().map(|s| s.key).collect();
    assert!(keys.ends_with(&["rfm10".to_owned(), "rfm8".to_owned()]));

    // What a person writes: a window of months inline, scorings left out or given.
    let mut text = String::from(
        "key = \"rfm_q\"\nname = \"季度 RFM\"\nwindow = { months = 3 }\nnet_returns = true\n\
         [method]\nkind = \"rfm\"\nsegments = \"rfm10\"\nf = { kind = \"quintiles\", rank_first = true }\n\
         m = { kind = \"cuts\", cuts = [100, 500, 2000, 10000] }\n",
    );
    for t in segment_tiers(Segments::Rfm10) {
        text.push_str(&format!(
            "[[tiers]]\nkey = \"{}\"\nname = \"{}\"\ncolor = \"{}\"\n",
            t.key, t.name, t.color
        ));
    }
    let s = Scheme::from_toml(&text).unwrap();
    assert_eq!(s.window, Window::Months(3));
    assert!(s.net_returns);
    assert_eq!(
        s.method,
        Method::Rfm {
            segments: Segments::Rfm10,
            r: quintiles(),
            f: Scoring::Quintiles { rank_first: true },
            m: cuts([100.0, 500.0, 2000.0, 10000.0])
        }
    );
    assert_eq!(Scheme::from_toml(&s.to_toml()).unwrap(), s);
    let calendar = text.replace("window = { months = 3 }", "window = \"calendar_period\"");
    assert_eq!(
        Scheme::from_toml(&calendar).unwrap().window,
        Window::CalendarPeriod
    );
    // Schemes written before windows existed read every purchase.
    assert_eq!(
        Scheme::from_toml(&star4().to_toml().replace("window = \"lifetime\"\n", ""))
            .unwrap()
            .window,
        Window::Lifetime
    );
}

#[test]
fn bad_rfm_schemes_get_chinese_messages() {
    let check = |s: Scheme, want: &str| {
        let err = s.check().unwrap_err().to_string();
        assert!(err.contains(want), "{err} should contain {want}");
    };
    let mut s = rfm10();
    s.tiers.retain(|t| t.key != "new");
    check(s, "缺少分群「new」");
    let mut s = rfm10();
    s.tiers.retain(|t| t.key != NO_PURCHASE);
    check(s, "缺少分群「no_purchase」");
    let mut s = rfm8();
    s.tiers.push(star4().tiers[0].clone());
    check(s, "不是这种 RFM 分群的一部分");
    check(
        with_scoring(
            rfm10(),
            cuts([90.0, 30.0, 180.0, 365.0]),
            quintiles(),
            quintiles(),
        ),
        "四个从小到大的数",
    );
    check(
        with_scoring(
            rfm10(),
            quintiles(),
            Scoring::Cuts {
                cuts: vec![1.0, 2.0],
            },
            quintiles(),
        ),
        "F 的分界点",
    );
    let mut s = rfm10();
    s.window = Window::Months(0);
    check(s, "月数至少为 1");
}

#[test]
fn windows_cover_the_right_days() {
    let check = |w: Window, as_of: &str, period: &str, from: Option<&str>, to: &str| {
        assert_eq!(
            w.span(day(as_of), period).unwrap(),
            Span {
                from: from.map(day),
                to: day(to)
            },
            "{w:?} {as_of} {period}"
        );
    };
    check(Window::Lifetime, "2024-12-31", "2024Q4", None, "2024-12-31");
    check(
        Window::Months(3),
        "2024-12-31",
        "2024Q4",
        Some("2024-10-01"),
        "2024-12-31",
    );
    check(
        Window::Months(6),
        "2024-08-31",
        "2024Q3",
        Some("2024-03-01"),
        "2024-08-31",
    );
    check(
        Window::Months(12),
        "2024-02-29",
        "2024Q1",
        Some("2023-03-01"),
        "2024-02-29",
    );
    check(
        Window::CalendarPeriod,
        "2024-03-31",
        "2024Q1",
        Some("2024-01-01"),
        "2024-03-31",
    );
    // Rated before the period is over: only the days so far.
    check(
        Window::CalendarPeriod,
        "2024-05-10",
        "2024Q2",
        Some("2024-04-01"),
        "2024-05-10",
    );
    // Rated after it: the whole period.
    check(
        Window::CalendarPeriod,
        "2024-07-05",
        "2024H1",
        Some("2024-01-01"),
        "2024-06-30",
    );
    let err = Window::CalendarPeriod
        .span(day("2024-03-01"), "2024Q2")
        .unwrap_err()
        .to_string();
    assert!(err.contains("早于评级周期"), "{err}");
}

#[test]
fn figures_from_order_lines() {
    let as_of = day("2024-12-31");
    let p = |orders: u64, spend: f64, first: &str, last: &str, ever: &str| Purchases {
        orders,
        spend,
        first: Some(day(first)),
        last: Some(day(last)),
        first_ever: Some(day(ever)),
    };
    let record = CustomerFacts {
        id: 1,
        spend: Some(99.0),
        frequency: Some(40.0),
        tenure_years: Some(9.0),
        ..Default::default()
    };
    let take = |c: &CustomerFacts, p: &Purchases, span: Span| {
        let mut c = c.clone();
        c.take_purchases(p, span, as_of);
        let f = Figures::of(&c, as_of);
        [
            "spend",
            "orders",
            "recency_days",
            "avg_order_value",
            "frequency",
            "orders_per_month",
            "tenure_years",
        ]
        .map(|k| f.get(k))
    };
    let lifetime = Span {
        from: None,
        to: as_of,
    };
    // Two years of buying: 8 orders are 4 a year.
    let got = take(
        &record,
        &p(8, 2000.0, "2023-01-01", "2024-12-21", "2023-01-01"),
        lifetime,
    );
    assert_eq!(
        got,
        [
            Some(2000.0),
            Some(8.0),
            Some(10.0),
            Some(250.0),
            Some(8.0 / (731.0 / 365.25)),
            Some(8.0 / (731.0 / 365.25) / 12.0),
            Some(2.0)
        ]
    );
    // One recent order is not read as many a year: at least a year counts.
    let got = take(
        &record,
        &p(1, 50.0, "2024-12-01", "2024-12-01", "2024-12-01"),
        lifetime,
    );
    assert_eq!((got[4], got[6]), (Some(1.0), Some(0.08)));
    // A three-month window: 92 days.
    let q4 = Span {
        from: Some(day("2024-10-01")),
        to: as_of,
    };
    let got = take(
        &record,
        &p(2, 300.0, "2024-10-05", "2024-11-30", "2020-01-01"),
        q4,
    );
    assert_eq!(
        (got[2], got[4], got[6]),
        (Some(31.0), Some(2.0 / (92.0 / 365.25)), Some(5.0))
    );
    // Lines but no purchase in the window: nothing bought, no recency, no average.
    let none = Purchases {
        first_ever: Some(day("2020-01-01")),
        ..Default::default()
    };
    let got = take(&record, &none, q4);
    assert_eq!(&got[..5], [Some(0.0), Some(0.0), None, None, Some(0.0)]);
    // 注册时间 wins over the first purchase for tenure.
    let registered = CustomerFacts {
        registered_on: Some(day("2022-12-31")),
        ..record.clone()
    };
    let got = take(
        &registered,
        &p(1, 1.0, "2024-06-01", "2024-06-01", "2024-06-01"),
        lifetime,
    );
    assert_eq!(got[6], Some(2.0));
    assert_eq!(figure_label("recency_days"), "最近购买距今天数");
    assert_eq!(figure_label("orders"), "订单数");
    assert_eq!(figure_label("avg_order_value"), "平均客单价");
}
