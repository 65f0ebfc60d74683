//! Applying a scheme to customers.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use tierdesk_domain::Msg;
use ts_rs::TS;

use crate::expr::Condition;
use crate::figures::{CustomerFacts, Figures};
use crate::rfm::RfmModel;
use crate::scheme::{Method, Missing, Normalize, Scheme};
use crate::TierError;

/// The result for one customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Outcome {
    pub customer_id: i64,
    /// The tier the rules give.
    pub computed: String,
    /// The tier proposed after protection rules (equal to `computed` unless protected).
    pub tier: String,
    /// The tier held before this evaluation.
    pub previous: Option<String>,
    /// Composite score (weighted method) or spend share (ABC), when the method has one.
    pub score: Option<f64>,
    /// Why protection kept the customer from moving down, in Chinese.
    pub protection: Option<String>,
    /// Figures the rules needed but the customer lacks.
    pub missing: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TierCount {
    pub tier: String,
    pub name: String,
    pub color: String,
    pub count: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Evaluation {
    pub scheme: String,
    pub scheme_version: u32,
    pub as_of: NaiveDate,
    pub outcomes: Vec<Outcome>,
    /// Customers per tier, highest tier first.
    pub counts: Vec<TierCount>,
}

impl Evaluation {
    /// Puts one outcome into another tier of the scheme (a person's choice
    /// made at review), keeping the counts in step. `reason` replaces the
    /// outcome's protection note. Returns `false`, changing nothing, when
    /// the index or the tier key is unknown.
    pub fn set_tier(&mut self, index: usize, tier: &str, reason: String) -> bool {
        let Some(to) = self.counts.iter().position(|c| c.tier == tier) else {
            return false;
        };
        let Some(o) = self.outcomes.get_mut(index) else {
            return false;
        };
        if let Some(from) = self.counts.iter().position(|c| c.tier == o.tier) {
            self.counts[from].count -= 1;
        }
        self.counts[to].count += 1;
        o.tier = tier.to_owned();
        o.protection = Some(reason);
        true
    }
}

/// Population statistics a weighted factor needs to turn a figure into a score.
#[derive(Debug, Clone)]
pub(crate) struct FactorStats {
    pub min: f64,
    pub max: f64,
    pub sorted: Vec<f64>,
}

/// A scheme made ready to apply to a population: conditions parsed and
/// factor statistics gathered once.
pub struct Model<'a> {
    pub scheme: &'a Scheme,
    pub(crate) conditions: Vec<Option<Condition>>,
    pub(crate) stats: Vec<FactorStats>,
    /// ABC: each customer's cumulative revenue share before them, by customer index.
    pub(crate) abc_share: Vec<f64>,
    /// RFM: scores by customer index, and the tier of each segment.
    pub(crate) rfm: Option<RfmModel>,
    /// Weighted: each customer's total and missing-factor bits, by customer index.
    pub(crate) weighted: Vec<(f64, u32)>,
}

impl<'a> Model<'a> {
    pub fn build(scheme: &'a Scheme, figures: &[Figures]) -> Result<Model<'a>, TierError> {
        scheme.check()?;
        let conditions = scheme
            .tiers
            .iter()
            .map(|t| t.condition.as_deref().map(Condition::parse).transpose())
            .collect::<Result<Vec<_>, _>>()
            .map_err(TierError::Invalid)?;
        let mut stats = Vec::new();
        // Weighted: each factor's values sorted once with the customer they
        // belong to, so percentile scores come from one walk over the ranks
        // instead of two binary searches per customer.
        let mut ranked: Vec<Vec<(f64, u32)>> = Vec::new();
        if let Method::Weighted { factors } = &scheme.method {
            for f in factors {
                let mut pairs: Vec<(f64, u32)> = figures
                    .iter()
                    .enumerate()
                    .filter_map(|(i, x)| x.get(&f.figure).map(|v| (v, i as u32)))
                    .collect();
                pairs.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
                let sorted: Vec<f64> = pairs.iter().map(|p| p.0).collect();
                let min = sorted.first().copied().unwrap_or(0.0);
                let max = sorted.last().copied().unwrap_or(0.0);
                stats.push(FactorStats { min, max, sorted });
                ranked.push(pairs);
            }
        }
        let mut abc_share = Vec::new();
        if let Method::Abc = scheme.method {
            let spend: Vec<f64> = figures
                .iter()
                .map(|f| f.get("spend").unwrap_or(0.0).max(0.0))
                .collect();
            let total: f64 = spend.iter().sum();
            let mut order: Vec<usize> = (0..spend.len()).collect();
            order.sort_by(|&a, &b| spend[b].total_cmp(&spend[a]).then(a.cmp(&b)));
            abc_share = vec![0.0; spend.len()];
            let mut cum = 0.0;
            for i in order {
                abc_share[i] = if total > 0.0 { cum / total } else { 0.0 };
                cum += spend[i];
            }
        }
        let rfm = RfmModel::build(&scheme.method, figures);
        let mut model = Model {
            scheme,
            conditions,
            stats,
            abc_share,
            rfm,
            weighted: Vec::new(),
        };
        model.weighted = model.weighted_totals(&ranked, figures.len());
        Ok(model)
    }

    /// Every customer's weighted total (before rounding) and a bit per
    /// missing factor, summed factor by factor in the scheme's order exactly
    /// as [`Model::composite`] does. Empty for other methods or more than 32 factors.
    fn weighted_totals(&self, ranked: &[Vec<(f64, u32)>], n: usize) -> Vec<(f64, u32)> {
        let Method::Weighted { factors } = &self.scheme.method else {
            return Vec::new();
        };
        if factors.len() > 32 {
            return Vec::new();
        }
        let all_missing = if factors.len() == 32 {
            u32::MAX
        } else {
            (1u32 << factors.len()) - 1
        };
        let mut out = vec![(0.0f64, all_missing); n];
        for (k, (f, pairs)) in factors.iter().zip(ranked).enumerate() {
            let m = pairs.len();
            let mut start = 0;
            while start < m {
                let value = pairs[start].0;
                let mut end = start + 1;
                while end < m && pairs[end].0 == value {
                    end += 1;
                }
                let score = match f.normalize {
                    Normalize::Percentile => {
                        ((start as f64 + (end - start) as f64 / 2.0) / m as f64 * 100.0)
                            .clamp(0.0, 100.0)
                    }
                    _ => self.factor_score(k, value),
                };
                for &(_, i) in &pairs[start..end] {
                    let slot = &mut out[i as usize];
                    slot.0 += score * f.weight;
                    slot.1 &= !(1u32 << k);
                }
                start = end;
            }
        }
        out
    }

    /// A factor's 0–100 score for a value.
    pub(crate) fn factor_score(&self, factor: usize, value: f64) -> f64 {
        let Method::Weighted { factors } = &self.scheme.method else {
            return 0.0;
        };
        let st = &self.stats[factor];
        let s = match &factors[factor].normalize {
            Normalize::None => value,
            Normalize::MinMax => {
                if st.max > st.min {
                    (value - st.min) / (st.max - st.min) * 100.0
                } else {
                    100.0
                }
            }
            Normalize::Percentile => {
                let n = st.sorted.len();
                if n == 0 {
                    0.0
                } else {
                    let below = st.sorted.partition_point(|x| *x < value);
                    let not_above = st.sorted.partition_point(|x| *x <= value);
                    // Mid-rank, so ties share one score and the scale is symmetric.
                    (below as f64 + (not_above - below) as f64 / 2.0) / n as f64 * 100.0
                }
            }
            Normalize::Breakpoints { points } => points
                .iter()
                .filter(|(v, _)| value >= *v)
                .map(|(_, s)| *s)
                .next_back()
                .unwrap_or(0.0),
        };
        s.clamp(0.0, 100.0)
    }

    /// The composite score of a weighted scheme, and the factors that were missing.
    pub(crate) fn composite(&self, figures: &Figures) -> (f64, Vec<String>) {
        let Method::Weighted { factors } = &self.scheme.method else {
            return (0.0, vec![]);
        };
        let mut total = 0.0;
        let mut missing = Vec::new();
        for (i, f) in factors.iter().enumerate() {
            match figures.get(&f.figure) {
                Some(v) => total += self.factor_score(i, v) * f.weight,
                None => missing.push(f.figure.clone()),
            }
        }
        // Round away floating noise so 85.25 prints as 85.25.
        ((total * 1e6).round() / 1e6, missing)
    }

    /// The tier index the rules give one customer (index into scheme.tiers).
    pub(crate) fn classify(
        &self,
        index: usize,
        figures: &Figures,
    ) -> (usize, Option<f64>, Vec<String>) {
        self.classify_with(index, figures, &mut Vec::new())
    }

    pub(crate) fn classify_with(
        &self,
        index: usize,
        figures: &Figures,
        scratch: &mut Vec<crate::expr::V>,
    ) -> (usize, Option<f64>, Vec<String>) {
        let tiers = &self.scheme.tiers;
        let last = tiers.len() - 1;
        match &self.scheme.method {
            Method::Thresholds => {
                let mut missing: Vec<String> = Vec::new();
                for (i, t) in tiers.iter().enumerate() {
                    let Some(cond) = &self.conditions[i] else {
                        return (i, None, missing);
                    };
                    match cond.holds_with(figures, t.missing == Missing::Zero, scratch) {
                        Some(true) => return (i, None, missing),
                        Some(false) => {}
                        None => {
                            for f in &cond.figures {
                                if figures.get(f).is_none() && !missing.contains(f) {
                                    missing.push(f.clone());
                                }
                            }
                        }
                    }
                }
                (last, None, missing)
            }
            Method::Weighted { factors } => {
                let (score, missing) = match self.weighted.get(index) {
                    Some(&(total, bits)) => (
                        (total * 1e6).round() / 1e6,
                        factors
                            .iter()
                            .enumerate()
                            .filter(|(k, _)| bits & (1u32 << k) != 0)
                            .map(|(_, f)| f.figure.clone())
                            .collect(),
                    ),
                    None => self.composite(figures),
                };
                let i = tiers
                    .iter()
                    .position(|t| t.min_score.is_none_or(|m| score >= m))
                    .unwrap_or(last);
                (i, Some(score), missing)
            }
            Method::Abc => {
                let share = self.abc_share.get(index).copied().unwrap_or(1.0);
                let i = tiers
                    .iter()
                    .position(|t| t.max_share.is_none_or(|m| share < m))
                    .unwrap_or(last);
                let missing = if figures.get("spend").is_none() {
                    vec!["spend".to_owned()]
                } else {
                    vec![]
                };
                (i, Some((share * 10000.0).round() / 100.0), missing)
            }
            Method::Rfm { .. } => {
                let Some(rfm) = &self.rfm else {
                    return (last, None, vec![]);
                };
                // check() makes sure every segment has its tier.
                let i = self.scheme.rank(rfm.segment(index)).unwrap_or(last);
                (i, rfm.code(index), crate::rfm::missing(figures))
            }
        }
    }
}

/// Applies a scheme to customers as of a date, protection rules included.
pub fn evaluate(
    scheme: &Scheme,
    as_of: NaiveDate,
    customers: &[CustomerFacts],
) -> Result<Evaluation, TierError> {
    evaluate_in_parts(scheme, as_of, customers, parts_for(customers.len()))
}

/// [`evaluate`] with the customers split into `parts` run side by side:
/// the same evaluation however many (a test compares them).
#[doc(hidden)]
pub fn evaluate_in_parts(
    scheme: &Scheme,
    as_of: NaiveDate,
    customers: &[CustomerFacts],
    parts: usize,
) -> Result<Evaluation, TierError> {
    let figures: Vec<Figures> = joined(in_parts(customers.len(), parts, |part| {
        customers[part]
            .iter()
            .map(|c| Figures::of(c, as_of))
            .collect::<Vec<_>>()
    }));
    let model = Model::build(scheme, &figures)?;
    // Each customer's tier depends on the model (built from everyone's
    // figures above) and their own figures only, so the customers are
    // classified in parts side by side and the parts joined in order.
    let parts = in_parts(customers.len(), parts, |part| {
        let mut counts = vec![0u64; scheme.tiers.len()];
        let mut outcomes = Vec::with_capacity(part.len());
        let mut scratch = Vec::new();
        for i in part {
            let (c, f) = (&customers[i], &figures[i]);
            let (computed, score, missing) = model.classify_with(i, f, &mut scratch);
            let (tier, protection) = protect(&model, c, f, computed, score, as_of);
            counts[tier] += 1;
            outcomes.push(Outcome {
                customer_id: c.id,
                computed: scheme.tiers[computed].key.clone(),
                tier: scheme.tiers[tier].key.clone(),
                previous: c.current_tier.clone(),
                score,
                protection,
                missing,
            });
        }
        (counts, outcomes)
    });
    let mut counts = vec![0u64; scheme.tiers.len()];
    let mut outcomes = Vec::with_capacity(parts.len());
    for (part_counts, part_outcomes) in parts {
        for (total, n) in counts.iter_mut().zip(part_counts) {
            *total += n;
        }
        outcomes.push(part_outcomes);
    }
    let outcomes = joined(outcomes);
    Ok(Evaluation {
        scheme: scheme.key.clone(),
        scheme_version: scheme.version,
        as_of,
        outcomes,
        counts: scheme
            .tiers
            .iter()
            .zip(counts)
            .map(|(t, count)| TierCount {
                tier: t.key.clone(),
                name: t.name.clone(),
                color: t.color.clone(),
                count,
            })
            .collect(),
    })
}

/// Customers below which an evaluation runs on one thread: starting
/// threads costs more than a small evaluation. Parts are of equal size, so
/// each has about this many or more.
const PART_MIN: usize = 50_000;

/// The parts' results one after another, the first part's vector
/// extended (not every part copied into a new one).
fn joined<T>(parts: Vec<Vec<T>>) -> Vec<T> {
    let total: usize = parts.iter().map(Vec::len).sum();
    let mut parts = parts.into_iter();
    let mut all = parts.next().unwrap_or_default();
    all.reserve(total - all.len());
    for part in parts {
        all.extend(part);
    }
    all
}

/// How many parts an evaluation of `n` customers runs in: one per core,
/// none smaller than [`PART_MIN`].
fn parts_for(n: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
    cores.min(n / PART_MIN).max(1)
}

/// `work` on `parts` consecutive ranges covering `0..n`, each on a scoped
/// thread of its own, run side by side; the results in range order (a
/// single range runs on this thread). Scoped threads from the standard
/// library: the parts are few and equal, so no work-stealing pool is needed.
fn in_parts<T: Send>(
    n: usize,
    parts: usize,
    work: impl Fn(std::ops::Range<usize>) -> T + Sync,
) -> Vec<T> {
    let parts = parts.clamp(1, n.max(1));
    if parts == 1 {
        return vec![work(0..n)];
    }
    let size = n.div_ceil(parts);
    let work = &work;
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..parts)
            .map(|k| {
                let range = (k * size).min(n)..((k + 1) * size).min(n);
                s.spawn(move || work(range))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| match h.join() {
                Ok(v) => v,
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    })
}

/// How the reason of a customer kept by `grace_periods` begins; the caller
/// counts consecutive ratings whose history reason starts with it.
/// (The words `rating.protect_grace` starts with: a test keeps them so.)
pub const GRACE_PREFIX: &str = "宽限期：";

/// Softens a downgrade by the scheme's protection rules. Returns the tier
/// index to propose and, when it differs, why.
fn protect(
    model: &Model<'_>,
    c: &CustomerFacts,
    figures: &Figures,
    computed: usize,
    score: Option<f64>,
    as_of: NaiveDate,
) -> (usize, Option<String>) {
    let scheme = model.scheme;
    let p = &scheme.protection;
    // RFM segments describe behaviour in the window; holding a customer in
    // one they no longer fit would make the segment wrong, not gentler.
    if matches!(scheme.method, Method::Rfm { .. }) {
        return (computed, None);
    }
    let Some(current) = c.current_tier.as_deref().and_then(|t| scheme.rank(t)) else {
        return (computed, None);
    };
    if computed <= current {
        return (computed, None);
    }
    let current_name = &scheme.tiers[current].name;
    if let (Some(months), Some(reg)) = (p.new_customer_months, c.registered_on) {
        if reg
            .checked_add_months(Months::new(months))
            .is_some_and(|end| end > as_of)
        {
            return (
                current,
                Some(
                    Msg::new("rating.protect_new")
                        .with("months", months)
                        .with("tier", current_name)
                        .zh(),
                ),
            );
        }
    }
    if let Some(g) = p.grace_percent.filter(|g| *g > 0.0) {
        let within = match &scheme.method {
            Method::Thresholds => model.conditions[current].as_ref().is_some_and(|cond| {
                let parts = cond.comparisons();
                !parts.is_empty()
                    && parts.iter().all(|cmp| match figures.get(&cmp.figure) {
                        Some(v) => {
                            cmp.holds(v)
                                || (matches!(cmp.op, ">=" | ">")
                                    && v >= cmp.threshold * (1.0 - g / 100.0))
                        }
                        None => false,
                    })
            }),
            Method::Weighted { .. } => match (score, scheme.tiers[current].min_score) {
                (Some(s), Some(m)) => s >= m * (1.0 - g / 100.0),
                _ => false,
            },
            Method::Abc | Method::Rfm { .. } => false,
        };
        if within {
            return (
                current,
                Some(
                    Msg::new("rating.protect_margin")
                        .with("tier", current_name)
                        .with("percent", g)
                        .zh(),
                ),
            );
        }
    }
    if let Some(n) = p.grace_periods.filter(|n| *n > 0) {
        if c.grace_periods_used < n {
            let k = c.grace_periods_used + 1;
            return (
                current,
                Some(
                    Msg::new("rating.protect_grace")
                        .with("k", k)
                        .with("n", n)
                        .with("tier", current_name)
                        .zh(),
                ),
            );
        }
    }
    if let Some(n) = p.max_levels_down {
        let floor = current + n as usize;
        if computed > floor {
            return (
                floor,
                Some(
                    Msg::new("rating.protect_levels")
                        .with("n", n)
                        .with("from", current_name)
                        .with("to", &scheme.tiers[floor].name)
                        .zh(),
                ),
            );
        }
    }
    (computed, None)
}

#[cfg(test)]
mod weighted_tests {
    use super::*;
    use crate::figures::CustomerFacts;

    /// The totals gathered once per population equal the per-customer
    /// composite score (ties, missing figures and every normalisation).
    #[test]
    fn precomputed_totals_equal_the_composite() {
        let scheme = crate::presets::weighted5();
        let mut facts = Vec::new();
        for i in 0..500u32 {
            let mut c = CustomerFacts {
                id: i as i64,
                spend: Some(((i * 37) % 50) as f64 * 1000.0),
                ..Default::default()
            };
            c.frequency = (i % 7 != 0).then_some((i % 13) as f64);
            c.tenure_years = Some((i % 5) as f64);
            c.influence = (i % 11 != 0).then_some((i % 100) as f64);
            for key in ["satisfaction", "recommendation", "purchase_behavior"] {
                if i % 9 != 1 {
                    c.custom.insert(key.into(), ((i * 13) % 100) as f64);
                }
            }
            facts.push(c);
        }
        let day = chrono::NaiveDate::from_ymd_opt(2024, 12, 31).unwrap();
        let figures: Vec<Figures> = facts.iter().map(|c| Figures::of(c, day)).collect();
        let model = Model::build(&scheme, &figures).unwrap();
        assert_eq!(model.weighted.len(), figures.len());
        for (i, f) in figures.iter().enumerate() {
            let (_, score, missing) = model.classify(i, f);
            let (want, want_missing) = model.composite(f);
            assert_eq!(score, Some(want), "customer {i}");
            assert_eq!(missing, want_missing, "customer {i}");
        }
    }
}
