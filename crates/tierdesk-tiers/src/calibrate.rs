//! Calibration against an old sheet: reading the tier words people used
//! before (金牌, VIP, ★★★) as a scheme's tiers, and the cut points of a
//! single-figure thresholds scheme that agree best with them.

use crate::expr::Condition;
use crate::scheme::{Method, Scheme};

/// Words old sheets use for tiers, each with the scheme keys it most likely
/// means and where it falls when the scheme has none of those keys.
const WORDS: &[(&[&str], &[&str], Fallback)] = &[
    (&["钻石", "钻石卡", "diamond"], &["diamond"], Fallback::Top),
    (
        &["铂金", "白金", "铂金卡", "白金卡", "platinum"],
        &["platinum"],
        Fallback::Top,
    ),
    (
        &["vip", "svip", "至尊", "黑金", "黑卡", "贵宾", "重要"],
        &[],
        Fallback::Top,
    ),
    (
        &["黄金", "金牌", "金卡", "金", "gold"],
        &["gold"],
        Fallback::None,
    ),
    (
        &["白银", "银牌", "银卡", "银", "silver"],
        &["silver"],
        Fallback::None,
    ),
    (
        &["青铜", "铜牌", "铜卡", "铜", "bronze"],
        &["bronze"],
        Fallback::Bottom,
    ),
    (
        &["普通", "一般", "普卡", "大众", "regular", "normal"],
        &["regular"],
        Fallback::Bottom,
    ),
];

#[derive(Clone, Copy)]
enum Fallback {
    Top,
    Bottom,
    None,
}

const CHINESE_DIGITS: &[(char, u8)] = &[
    ('一', 1),
    ('二', 2),
    ('两', 2),
    ('三', 3),
    ('四', 4),
    ('五', 5),
    ('六', 6),
    ('七', 7),
];

fn core(text: &str) -> String {
    let mut s = text.trim().to_lowercase().replace([' ', '\u{3000}'], "");
    for suffix in ["客户", "会员", "用户", "等级", "级别", "级"] {
        if let Some(head) = s.strip_suffix(suffix) {
            if !head.is_empty() {
                s = head.to_owned();
            }
        }
    }
    s
}

fn stars(s: &str) -> Option<u8> {
    if !s.is_empty() && s.chars().all(|c| c == '★' || c == '☆') {
        return Some(s.chars().filter(|c| *c == '★').count() as u8);
    }
    let head = s.strip_suffix("星级").or_else(|| s.strip_suffix('星'))?;
    head.parse::<u8>().ok().or_else(|| {
        let mut chars = head.chars();
        let c = chars.next()?;
        if chars.next().is_some() {
            return None;
        }
        CHINESE_DIGITS
            .iter()
            .find(|(d, _)| *d == c)
            .map(|(_, n)| *n)
    })
}

/// The rank (0 = highest) of the scheme tier an old sheet's tier text
/// means: by key, by name, by star count, by letter (A highest) and by the
/// common words (钻石/铂金/白金/VIP → the top tier, 普通 → the bottom one).
/// `None` when the text says nothing the scheme can place.
pub fn match_old_tier(text: &str, scheme: &Scheme) -> Option<usize> {
    let raw = text.trim();
    if raw.is_empty() {
        return None;
    }
    let lower = raw.to_lowercase();
    let tiers = &scheme.tiers;
    if let Some(i) = tiers
        .iter()
        .position(|t| t.key.to_lowercase() == lower || t.name == raw)
    {
        return Some(i);
    }
    let s = core(raw);
    if let Some(i) = tiers
        .iter()
        .position(|t| t.key.to_lowercase() == s || core(&t.name) == s)
    {
        return Some(i);
    }
    if let Some(n) = stars(&s) {
        if let Some(i) = tiers.iter().position(|t| t.stars == n && n > 0) {
            return Some(i);
        }
    }
    if s.len() == 1 && s.chars().all(|c| c.is_ascii_alphabetic()) {
        let i = (s.as_bytes()[0] - b'a') as usize;
        let letters = tiers.iter().all(|t| t.name.chars().count() == 1);
        if !letters && i < tiers.len() {
            return Some(i);
        }
    }
    for (words, keys, fallback) in WORDS {
        if !words.iter().any(|w| *w == s) {
            continue;
        }
        if let Some(i) = tiers.iter().position(|t| keys.contains(&t.key.as_str())) {
            return Some(i);
        }
        // The scheme may name the tier with a synonym (金牌 for 黄金).
        if let Some(i) = tiers
            .iter()
            .position(|t| words.contains(&core(&t.name).as_str()))
        {
            return Some(i);
        }
        return match fallback {
            Fallback::Top => Some(0),
            Fallback::Bottom => Some(tiers.len() - 1),
            Fallback::None => None,
        };
    }
    None
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
