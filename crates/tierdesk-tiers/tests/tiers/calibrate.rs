//! Cut points that agree best with old tiers, checked against trying every
//! monotone choice of cuts on small inputs.

use tierdesk_tiers::{best_cuts, metal4, single_figure, star4};

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
