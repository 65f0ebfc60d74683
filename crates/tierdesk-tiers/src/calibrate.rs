//! Calibration against an old sheet: reading the tier words people used
//! before (金牌, VIP, ★★★) as a scheme's tiers, and the cut points of a
//! single-figure thresholds scheme that agree best with them.

use tierdesk_domain::tier_words::{place_tier, Placement};

use crate::expr::Condition;
use crate::scheme::{Method, Scheme};

/// The rank (0 = highest) of the scheme tier an old sheet's tier text
/// means, read by the rules an import's 当前等级 follows
/// ([`tierdesk_domain::tier_words::place_tier`]): by key, name, stars,
/// letter and synonym, and, guessed, the common words for the top or the
/// bottom of a scale (VIP → the top tier, 普通 → the bottom one), which
/// calibration takes since it shows every match for review. `None` when the
/// text says nothing the scheme can place.
pub fn match_old_tier(text: &str, scheme: &Scheme) -> Option<usize> {
    place_tier(text, &scheme.labels()).map(Placement::rank)
}

/// The one figure a thresholds scheme's conditions compare, when every
/// condition is a single `figure >= number` (or `>`) on the same figure.
pub fn single_figure(scheme: &Scheme) -> Option<String> {
    if scheme.method != Method::Thresholds {
        return None;
    }
    let mut figure: Option<String> = None;
    let last = scheme.tiers.len() - 1;
    for t in &scheme.tiers[..last] {
        let cond = Condition::parse(t.condition.as_deref()?).ok()?;
        let comps = cond.comparisons();
        if cond.figures.len() != 1 || comps.len() != 1 {
            return None;
        }
        if comps[0].op != ">=" && comps[0].op != ">" {
            return None;
        }
        match &figure {
            Some(f) if *f != comps[0].figure => return None,
            None => figure = Some(comps[0].figure.clone()),
            _ => {}
        }
    }
    figure
}

/// The cut points that agree best with the old tiers.
#[derive(Debug, Clone, PartialEq)]
pub struct BestCuts {
    /// The threshold of each tier but the last, highest first: a customer
    /// whose figure is at least `cuts[i]` (and below `cuts[i - 1]`) belongs
    /// to tier `i`.
    pub cuts: Vec<f64>,
    /// Customers whose tier under these cuts equals their old tier.
    pub agreed: u64,
}

/// Finds monotone cut points for `tiers` tiers that maximise agreement with
/// the old tiers. Each point is a customer's figure (`None` when missing:
/// such customers land in the last tier whatever the cuts) and the rank of
/// their old tier (0 = highest). Exact: a dynamic programme over the sorted
/// distinct figure values, O(n log n + values × tiers).
///
/// Each cut sits at the smallest figure of the customers above it, so the
/// customers who hold that figure are in the higher tier (`figure >= cut`).
/// When several cut points agree equally well the highest is taken, so a
/// tie never moves a customer up.
pub fn best_cuts(points: &[(Option<f64>, usize)], tiers: usize) -> BestCuts {
    assert!(tiers >= 2, "a scheme has at least two tiers");
    let bottom = tiers - 1;
    let mut fixed = 0u64;
    let mut valued: Vec<(f64, usize)> = Vec::with_capacity(points.len());
    for &(v, rank) in points {
        match v.filter(|v| v.is_finite()) {
            Some(v) => valued.push((v, rank.min(bottom))),
            None => fixed += u64::from(rank >= bottom),
        }
    }
    valued.sort_by(|a, b| a.0.total_cmp(&b.0));
    // Distinct values, and per value how many customers of each level
    // (level 0 = bottom tier, the ascending order of the figure).
    let mut values: Vec<f64> = Vec::new();
    let mut counts: Vec<Vec<u64>> = Vec::new();
    for (v, rank) in valued {
        if values.last() != Some(&v) {
            values.push(v);
            counts.push(vec![0; tiers]);
        }
        counts.last_mut().expect("pushed above")[bottom - rank] += 1;
    }
    // best[j]: the most agreement for the values so far with the last one
    // at level j or lower; `from[g][j]` records the level of value g then.
    let m = values.len();
    let mut best = vec![0u64; tiers];
    let mut level_of: Vec<Vec<u8>> = Vec::with_capacity(m);
    for c in &counts {
        let mut here = vec![0u64; tiers];
        for j in 0..tiers {
            here[j] = best[j] + c[j];
        }
        // Prefix maximum: value g at level ≤ j; ties keep the lower level,
        // which puts cuts as high as they can go.
        let mut lv = vec![0u8; tiers];
        let mut run = here[0];
        for j in 1..tiers {
            if here[j] > run {
                run = here[j];
                lv[j] = j as u8;
            } else {
                here[j] = run;
                lv[j] = lv[j - 1];
            }
        }
        best = here;
        level_of.push(lv);
    }
    // Walk back: the level of each value, non-decreasing with the value.
    let mut levels = vec![0usize; m];
    let mut j = bottom;
    for g in (0..m).rev() {
        let l = level_of[g][j] as usize;
        levels[g] = l;
        j = l;
    }
    let above_all = values.last().map(|v| v + 1.0).unwrap_or(1.0);
    let cuts = (1..tiers)
        .rev()
        .map(|level| {
            levels
                .iter()
                .position(|&l| l >= level)
                .map(|g| values[g])
                .unwrap_or(above_all)
        })
        .collect();
    BestCuts {
        cuts,
        agreed: best[bottom] + fixed,
    }
}
