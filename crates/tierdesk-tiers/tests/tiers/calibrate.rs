//! Cut points that agree best with old tiers, checked against trying every
//! monotone choice of cuts on small inputs.

use tierdesk_tiers::{best_cuts, calibration, metal4, single_figure, star4, CustomerFacts, Scheme};

/// The tier (0 = highest) a figure gets under cuts given highest first.
fn tier_of(v: Option<f64>, cuts: &[f64]) -> usize {
    match v {
        None => cuts.len(),
        Some(v) => cuts.iter().position(|c| v >= *c).unwrap_or(cuts.len()),
    }
}

fn agreement(points: &[(Option<f64>, usize)], cuts: &[f64]) -> u64 {
    points
        .iter()
        .filter(|(v, old)| tier_of(*v, cuts) == *old)
        .count() as u64
}

/// The best agreement over every monotone choice of cuts among the values
/// (and one above them all).
fn brute(points: &[(Option<f64>, usize)], tiers: usize) -> u64 {
    let mut candidates: Vec<f64> = points.iter().filter_map(|p| p.0).collect();
    candidates.sort_by(f64::total_cmp);
    candidates.dedup();
    candidates.push(candidates.last().copied().unwrap_or(0.0) + 1.0);
    let mut best = 0;
    let mut idx = vec![0usize; tiers - 1];
    loop {
        // Cuts highest first must not rise.
        let cuts: Vec<f64> = idx.iter().map(|&i| candidates[i]).collect();
        if cuts.windows(2).all(|w| w[0] >= w[1]) {
            best = best.max(agreement(points, &cuts));
        }
        let mut k = 0;
        loop {
            if k == idx.len() {
                return best;
            }
            idx[k] += 1;
            if idx[k] < candidates.len() {
                break;
            }
            idx[k] = 0;
            k += 1;
        }
    }
}

fn check(points: &[(Option<f64>, usize)], tiers: usize, cuts: &[f64], agreed: u64) {
    let got = best_cuts(points, tiers);
    assert_eq!(got.cuts, cuts, "{points:?}");
    assert_eq!(got.agreed, agreed, "{points:?}");
    assert_eq!(
        agreement(points, &got.cuts),
        got.agreed,
        "reported agreement is real"
    );
}

#[test]
fn cuts_sit_at_the_lowest_figure_of_the_tier_above() {
    // Separable: every old tier is a range of its own.
    check(
        &[
            (Some(5.0), 2),
            (Some(10.0), 1),
            (Some(12.0), 1),
            (Some(40.0), 0),
        ],
        3,
        &[40.0, 10.0],
        4,
    );
    // Equal figures in one tier stay together.
    check(
        &[(Some(10.0), 1), (Some(10.0), 1), (Some(9.0), 2)],
        3,
        &[11.0, 10.0],
        3,
    );
    // A missing figure is the bottom tier whatever the cuts.
    check(&[(None, 1), (None, 0), (Some(3.0), 0)], 2, &[3.0], 2);
    // Overlap: the best cut keeps the majority on each side.
    check(
        &[
            (Some(1.0), 1),
            (Some(2.0), 0),
            (Some(3.0), 1),
            (Some(4.0), 0),
            (Some(5.0), 0),
        ],
        2,
        &[4.0],
        4,
    );
}

#[test]
fn best_cuts_match_trying_every_choice() {
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    for _ in 0..300 {
        let tiers = 2 + next(3) as usize;
        let n = 1 + next(9) as usize;
        let points: Vec<(Option<f64>, usize)> = (0..n)
            .map(|_| {
                let v = if next(8) == 0 {
                    None
                } else {
                    Some(next(6) as f64 * 10.0)
                };
                (v, next(tiers as u64) as usize)
            })
            .collect();
        let got = best_cuts(&points, tiers);
        assert_eq!(
            got.agreed,
            brute(&points, tiers),
            "{points:?} in {tiers} tiers"
        );
        assert_eq!(agreement(&points, &got.cuts), got.agreed, "{points:?}");
        assert!(
            got.cuts.windows(2).all(|w| w[0] >= w[1]),
            "monotone: {:?}",
            got.cuts
        );
    }
}

#[test]
fn a_hundred_thousand_customers_in_one_pass() {
    // Old tiers by spend bands with no noise: the cuts are found exactly.
    let points: Vec<(Option<f64>, usize)> = (0..100_000)
        .map(|i| {
            let v = i as f64;
            let old = if v >= 90_000.0 {
                0
            } else if v >= 60_000.0 {
                1
            } else if v >= 20_000.0 {
                2
            } else {
                3
            };
            (Some(v), old)
        })
        .collect();
    let got = best_cuts(&points, 4);
    assert_eq!(got.cuts, vec![90_000.0, 60_000.0, 20_000.0]);
    assert_eq!(got.agreed, 100_000);
}

#[test]
fn only_single_figure_threshold_schemes_get_cuts() {
    assert_eq!(single_figure(&star4()).as_deref(), Some("spend"));
    assert_eq!(single_figure(&metal4()), None);
}

/// Calibration reads old tier words by the same rules as an import's
/// 当前等级 (the table of cases is the domain's `tier_words`): width, case,
/// spacing, words around the name, and guesses for VIP and 普通.
#[test]
fn old_tier_words_are_read_like_an_import_reads_them() {
    let s = star4();
    let key =
        |text: &str| tierdesk_tiers::match_old_tier(text, &s).map(|i| s.tiers[i].key.as_str());
    for (text, want) in [
        ("ＧＯＬＤ", Some("gold")),
        ("金 牌", Some("gold")),
        ("黄金会员", Some("gold")),
        ("钻石级VIP", Some("diamond")),
        ("３星", Some("gold")),
        ("八星", None),
        ("VIP", Some("diamond")),
        ("青铜", Some("regular")),
        ("重点关注", None),
    ] {
        assert_eq!(key(text), want, "{text}");
    }
    let m = metal4();
    assert_eq!(
        tierdesk_tiers::match_old_tier("金牌", &m).map(|i| m.tiers[i].key.as_str()),
        Some("gold")
    );
}

/// One calibration case: customers as (id, spend, old sheet's text or none)
/// and what the comparison must find.
struct Case {
    name: &'static str,
    scheme: Scheme,
    customers: Vec<(i64, f64, Option<&'static str>)>,
    /// Old texts of customers who are not live (not among the customers).
    gone: Vec<(i64, &'static str)>,
    with_old: u64,
    compared: u64,
    agreed: u64,
    agreement: f64,
    matrix: Vec<Vec<u64>>,
    /// (text, customers), most first.
    unmapped: Vec<(&'static str, u64)>,
    /// (customer id, old key, proposed key), by spend, highest first.
    disagreements: Vec<(i64, &'static str, &'static str)>,
    /// Suggested cuts, highest tier first, and the agreement they reach.
    cuts: Option<(Vec<f64>, u64, f64)>,
}

fn check_calibration(case: Case) {
    let name = case.name;
    let customers: Vec<CustomerFacts> = case
        .customers
        .iter()
        .map(|&(id, spend, _)| crate::facts(id, Some(spend), None))
        .collect();
    let old: Vec<(i64, String)> = case
        .customers
        .iter()
        .filter_map(|&(id, _, t)| t.map(|t| (id, t.to_owned())))
        .chain(case.gone.iter().map(|&(id, t)| (id, t.to_owned())))
        .collect();
    let c = calibration(&case.scheme, crate::day("2026-06-30"), &customers, &old).unwrap();
    assert_eq!(
        (c.with_old_tier, c.compared, c.agreed, c.agreement),
        (case.with_old, case.compared, case.agreed, case.agreement),
        "{name}: with old tier, compared, agreed, agreement"
    );
    assert_eq!(c.matrix, case.matrix, "{name}: matrix[old][proposed]");
    let unmapped: Vec<(&str, u64)> = c
        .unmapped
        .iter()
        .map(|u| (u.text.as_str(), u.customers))
        .collect();
    assert_eq!(unmapped, case.unmapped, "{name}: unmapped");
    let who: Vec<(i64, &str, &str)> = c
        .disagreements
        .iter()
        .map(|d| (d.customer_id, d.old.as_str(), d.proposed.as_str()))
        .collect();
    assert_eq!(who, case.disagreements, "{name}: disagreements");
    assert_eq!(
        c.disagreement_count,
        case.disagreements.len() as u64,
        "{name}"
    );
    let got = c.suggestion.as_ref().map(|s| {
        let cuts: Vec<f64> = s.cuts.iter().map(|x| x.suggested).collect();
        (cuts, s.agreed, s.agreement)
    });
    assert_eq!(got, case.cuts, "{name}: suggestion");
    assert_eq!(
        c.suggestion.is_none(),
        c.suggestion_note.is_some(),
        "{name}"
    );
    assert_eq!(c.tiers, case.scheme.labels(), "{name}");
}

#[test]
fn calibration_table() {
    let cases = vec![
        Case {
            // star4: diamond ≥ 300000, gold ≥ 100000, silver ≥ 20000. The
            // old sheet put diamond at 250000 and gold at 80000.
            name: "agreement, matrix, who disagrees and the cuts",
            scheme: star4(),
            customers: vec![
                (1, 400_000.0, Some("钻石")),
                (2, 250_000.0, Some("VIP")),
                (3, 180_000.0, Some("金牌")),
                (4, 80_000.0, Some("金牌")),
                (5, 50_000.0, Some("银牌")),
                (6, 20_000.0, Some("★★")),
                (7, 5_000.0, Some("普通")),
                (8, 19_000.0, Some("普通")),
                (9, 10_000.0, Some("重点关注")),
                (10, 1.0, None),
            ],
            gone: vec![(99, "钻石")],
            with_old: 9,
            compared: 8,
            agreed: 6,
            agreement: 75.0,
            matrix: vec![
                vec![1, 1, 0, 0],
                vec![0, 1, 1, 0],
                vec![0, 0, 2, 0],
                vec![0, 0, 0, 2],
            ],
            unmapped: vec![("重点关注", 1)],
            disagreements: vec![(2, "diamond", "gold"), (4, "gold", "silver")],
            cuts: Some((vec![250_000.0, 80_000.0, 20_000.0], 8, 100.0)),
        },
        Case {
            name: "nobody has an old tier",
            scheme: star4(),
            customers: vec![(1, 500_000.0, None), (2, 5.0, None)],
            gone: vec![],
            with_old: 0,
            compared: 0,
            agreed: 0,
            agreement: 0.0,
            matrix: vec![vec![0; 4]; 4],
            unmapped: vec![],
            disagreements: vec![],
            cuts: None,
        },
        Case {
            name: "only words no tier matches: counted, trimmed, most first",
            scheme: star4(),
            customers: vec![
                (1, 1.0, Some("重点")),
                (2, 2.0, Some(" 重点 ")),
                (3, 3.0, Some("观察")),
                (4, 4.0, Some("八星")),
            ],
            gone: vec![],
            with_old: 4,
            compared: 0,
            agreed: 0,
            agreement: 0.0,
            matrix: vec![vec![0; 4]; 4],
            unmapped: vec![("重点", 2), ("八星", 1), ("观察", 1)],
            disagreements: vec![],
            cuts: None,
        },
        Case {
            name: "one in three agrees: 33.3 %",
            scheme: star4(),
            customers: vec![
                (1, 500_000.0, Some("普通")),
                (2, 150_000.0, Some("钻石")),
                (3, 30_000.0, Some("银牌")),
            ],
            gone: vec![],
            with_old: 3,
            compared: 3,
            agreed: 1,
            agreement: 33.3,
            matrix: vec![
                vec![0, 1, 0, 0],
                vec![0, 0, 0, 0],
                vec![0, 0, 1, 0],
                vec![1, 0, 0, 0],
            ],
            unmapped: vec![],
            disagreements: vec![(1, "regular", "diamond"), (2, "diamond", "gold")],
            cuts: Some((vec![150_000.0, 150_000.0, 30_000.0], 2, 66.7)),
        },
        Case {
            name: "two figures: compared, but no cuts suggested",
            scheme: metal4(),
            customers: vec![(1, 40_000.0, Some("铂金"))],
            gone: vec![],
            with_old: 1,
            compared: 1,
            agreed: 0,
            agreement: 0.0,
            matrix: vec![
                vec![0, 0, 0, 1],
                vec![0, 0, 0, 0],
                vec![0, 0, 0, 0],
                vec![0, 0, 0, 0],
            ],
            unmapped: vec![],
            disagreements: vec![(1, "platinum", "bronze")],
            cuts: None,
        },
    ];
    for case in cases {
        check_calibration(case);
    }
}

#[test]
fn disagreements_listed_are_capped_but_all_counted() {
    let customers: Vec<CustomerFacts> = (1..=1200)
        .map(|id| crate::facts(id, Some(id as f64), None))
        .collect();
    let old: Vec<(i64, String)> = (1..=1200).map(|id| (id, "钻石".to_owned())).collect();
    let c = calibration(&star4(), crate::day("2026-06-30"), &customers, &old).unwrap();
    assert_eq!(
        (c.compared, c.agreed, c.disagreement_count),
        (1200, 0, 1200)
    );
    assert_eq!(c.disagreements.len(), 1000);
    assert_eq!(c.disagreements[0].customer_id, 1200, "highest spend first");
    assert_eq!(c.disagreements[999].customer_id, 201);
}
