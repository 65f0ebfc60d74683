//! Calibration against an old sheet: reading the tier words people used
//! before (金牌, VIP, ★★★) as a scheme's tiers, comparing them with the
//! tiers a scheme gives ([`calibration`]: the old × new matrix, agreement,
//! who disagrees, words that match no tier), and the cut points of a
//! single-figure thresholds scheme that agree best with them.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tierdesk_domain::tier_words::{place_tier, Placement};
use tierdesk_domain::TierLabel;
use ts_rs::TS;

use crate::evaluate::{evaluate, Outcome};
use crate::expr::Condition;
use crate::figures::{figure_label, CustomerFacts, Figures};
use crate::scheme::{Method, Scheme};
use crate::TierError;

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

/// A customer whose old tier differs from the scheme's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Disagreement {
    pub customer_id: i64,
    pub code: Option<String>,
    pub name: String,
    /// The old sheet's text, e.g. VIP.
    pub old_text: String,
    /// The tier key the old text maps to.
    pub old: String,
    pub proposed: String,
    pub spend: Option<f64>,
}

/// An old tier text no tier of the scheme matches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct UnmappedTier {
    pub text: String,
    pub customers: u64,
}

/// One tier's threshold now and as suggested.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SuggestedCut {
    pub tier: String,
    pub name: String,
    pub current: Option<f64>,
    pub suggested: f64,
}

/// Cut points that agree best with the old tiers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CutSuggestion {
    pub figure: String,
    pub figure_label: String,
    /// Every tier but the last, highest first.
    pub cuts: Vec<SuggestedCut>,
    pub agreed: u64,
    /// Percentage of compared customers, 0–100.
    pub agreement: f64,
    /// A copy of the scheme with these cuts (key `<key>_calibrated`), as TOML
    /// ready for the scheme import.
    pub toml: String,
}

/// How a scheme compares with the old sheet's tiers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Calibration {
    pub scheme: String,
    pub scheme_name: String,
    pub as_of: NaiveDate,
    /// The scheme's tiers, highest first: the rows and columns of `matrix`.
    pub tiers: Vec<TierLabel>,
    /// Live customers with an old tier.
    pub with_old_tier: u64,
    /// Customers whose old tier maps to a tier of the scheme.
    pub compared: u64,
    pub agreed: u64,
    /// Percentage of compared customers whose proposed tier is the old one, 0–100.
    pub agreement: f64,
    /// `matrix[old][proposed]`: customers, in the order of `tiers`.
    pub matrix: Vec<Vec<u64>>,
    pub unmapped: Vec<UnmappedTier>,
    /// Disagreeing customers, by spend descending (at most 1,000 listed).
    pub disagreements: Vec<Disagreement>,
    pub disagreement_count: u64,
    pub suggestion: Option<CutSuggestion>,
    /// Why there is no suggestion, when there is none.
    pub suggestion_note: Option<String>,
}

/// How many disagreeing customers a calibration lists.
pub const DISAGREEMENTS_LISTED: usize = 1000;

/// 0–100 with one decimal.
fn pct(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        (part as f64 * 1000.0 / whole as f64).round() / 10.0
    }
}

/// Compares a scheme's tiers, as rated on `as_of` before protection rules,
/// with the tier each customer's old sheet gave it. `customers` are the
/// live customers' facts; `old_tiers` holds (customer id, the old sheet's
/// text), and ids of customers not among `customers` are passed over.
pub fn calibration(
    scheme: &Scheme,
    as_of: NaiveDate,
    customers: &[CustomerFacts],
    old_tiers: &[(i64, String)],
) -> Result<Calibration, TierError> {
    let eval = evaluate(scheme, as_of, customers)?;
    let figure = single_figure(scheme);
    let c = compare(
        scheme,
        as_of,
        customers,
        &eval.outcomes,
        old_tiers,
        figure.as_deref(),
    );
    let (suggestion, suggestion_note) = match (&figure, c.compared) {
        (_, 0) => (
            None,
            Some("没有可以对照的旧等级：请先导入带「当前等级」列的客户表。".to_owned()),
        ),
        (None, _) => (
            None,
            Some(
                "只有各等级条件都只比较同一个指标（如 spend >= 100000）的门槛方案才能推荐分界点。"
                    .to_owned(),
            ),
        ),
        (Some(f), _) => (Some(suggest(scheme, f, &c.points, c.compared)), None),
    };
    Ok(Calibration {
        scheme: scheme.key.clone(),
        scheme_name: scheme.name.clone(),
        as_of,
        tiers: scheme.labels(),
        with_old_tier: c.with_old,
        compared: c.compared,
        agreed: c.agreed,
        agreement: pct(c.agreed, c.compared),
        matrix: c.matrix,
        unmapped: c.unmapped,
        disagreement_count: c.disagreement_count,
        disagreements: c.disagreements,
        suggestion,
        suggestion_note,
    })
}

/// The old tiers against the computed ones.
struct Comparison {
    with_old: u64,
    compared: u64,
    agreed: u64,
    matrix: Vec<Vec<u64>>,
    unmapped: Vec<UnmappedTier>,
    disagreements: Vec<Disagreement>,
    disagreement_count: u64,
    /// (the single figure, the old tier's rank) of each compared customer.
    points: Vec<(Option<f64>, usize)>,
}

fn compare(
    scheme: &Scheme,
    as_of: NaiveDate,
    customers: &[CustomerFacts],
    outcomes: &[Outcome],
    old_tiers: &[(i64, String)],
    figure: Option<&str>,
) -> Comparison {
    let n = scheme.tiers.len();
    let at: HashMap<i64, usize> = customers
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id, i))
        .collect();
    let mut unmapped: BTreeMap<String, u64> = BTreeMap::new();
    let mut c = Comparison {
        with_old: 0,
        compared: 0,
        agreed: 0,
        matrix: vec![vec![0u64; n]; n],
        unmapped: Vec::new(),
        disagreements: Vec::new(),
        disagreement_count: 0,
        points: Vec::new(),
    };
    for (id, text) in old_tiers {
        let Some(&i) = at.get(id) else {
            continue;
        };
        c.with_old += 1;
        let Some(old) = match_old_tier(text, scheme) else {
            *unmapped.entry(text.trim().to_owned()).or_default() += 1;
            continue;
        };
        c.compared += 1;
        let proposed_key = &outcomes[i].computed;
        let proposed = scheme.rank(proposed_key).unwrap_or(n - 1);
        c.matrix[old][proposed] += 1;
        let figures = Figures::of(&customers[i], as_of);
        if old == proposed {
            c.agreed += 1;
        } else {
            let who = &customers[i];
            c.disagreements.push(Disagreement {
                customer_id: who.id,
                code: who.code.clone(),
                name: who.name.clone(),
                old_text: text.clone(),
                old: scheme.tiers[old].key.clone(),
                proposed: proposed_key.clone(),
                spend: figures.get("spend"),
            });
        }
        if let Some(f) = figure {
            c.points.push((figures.get(f), old));
        }
    }
    c.disagreement_count = c.disagreements.len() as u64;
    c.disagreements.sort_by(|a, b| {
        b.spend
            .unwrap_or(f64::MIN)
            .total_cmp(&a.spend.unwrap_or(f64::MIN))
    });
    c.disagreements.truncate(DISAGREEMENTS_LISTED);
    c.unmapped = unmapped
        .into_iter()
        .map(|(text, customers)| UnmappedTier { text, customers })
        .collect();
    c.unmapped
        .sort_by(|a, b| b.customers.cmp(&a.customers).then(a.text.cmp(&b.text)));
    c
}

/// The best cuts on `figure` and a copy of the scheme that uses them.
fn suggest(
    scheme: &Scheme,
    figure: &str,
    points: &[(Option<f64>, usize)],
    compared: u64,
) -> CutSuggestion {
    let best = best_cuts(points, scheme.tiers.len());
    let mut copy = scheme.clone();
    copy.key = format!("{}_calibrated", scheme.key);
    copy.name = format!("{}（校准）", scheme.name);
    copy.version = 1;
    let mut cuts = Vec::new();
    for (t, cut) in copy.tiers.iter_mut().zip(&best.cuts) {
        let current = t
            .condition
            .as_deref()
            .and_then(|c| Condition::parse(c).ok())
            .and_then(|c| c.comparisons().first().map(|x| x.threshold));
        cuts.push(SuggestedCut {
            tier: t.key.clone(),
            name: t.name.clone(),
            current,
            suggested: *cut,
        });
        t.condition = Some(format!("{figure} >= {cut}"));
    }
    CutSuggestion {
        figure: figure.to_owned(),
        figure_label: figure_label(figure).to_owned(),
        cuts,
        agreed: best.agreed,
        agreement: pct(best.agreed, compared),
        toml: copy.to_toml(),
    }
}
