//! Calibration: how well a scheme agrees with the tiers customers had in the
//! old sheet they came from, and for a single-figure thresholds scheme the
//! cut points that would agree best.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tierdesk_tiers::{self as tiers, Figures};
use ts_rs::TS;

use crate::{Api, Result};
use tierdesk_domain::TierLabel;

/// A customer whose old tier differs from the scheme's.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
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
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct UnmappedTier {
    pub text: String,
    pub customers: u64,
}

/// One tier's threshold now and as suggested.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SuggestedCut {
    pub tier: String,
    pub name: String,
    pub current: Option<f64>,
    pub suggested: f64,
}

/// Cut points that agree best with the old tiers.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
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
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
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

fn pct(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        (part as f64 * 1000.0 / whole as f64).round() / 10.0
    }
}

impl Api {
    /// Compares a scheme's tiers (as rated on `as_of`, before protection
    /// rules) with the tier each customer's old sheet gave it.
    pub fn calibrate(&self, scheme_key: &str, as_of: NaiveDate) -> Result<Calibration> {
        let scheme = self.scheme(scheme_key)?;
        let period = tiers::period_of(as_of, scheme.cycle);
        let (customers, input) = self.population(&scheme, as_of, &period)?;
        let eval = tiers::evaluate(&scheme, as_of, &input)?;
        let n = scheme.tiers.len();
        let mut matrix = vec![vec![0u64; n]; n];
        let mut unmapped: BTreeMap<String, u64> = BTreeMap::new();
        let mut disagreements = Vec::new();
        let (mut with_old, mut compared, mut agreed) = (0u64, 0u64, 0u64);
        let figure = tiers::single_figure(&scheme);
        let mut points: Vec<(Option<f64>, usize)> = Vec::new();
        for (id, text) in self.store.imported_tiers()? {
            let Ok(i) = customers.binary_search_by_key(&id, |c| c.id) else {
                continue;
            };
            with_old += 1;
            let Some(old) = tiers::match_old_tier(&text, &scheme) else {
                *unmapped.entry(text.trim().to_owned()).or_default() += 1;
                continue;
            };
            compared += 1;
            let proposed_key = &eval.outcomes[i].computed;
            let proposed = scheme.rank(proposed_key).unwrap_or(n - 1);
            matrix[old][proposed] += 1;
            if old == proposed {
                agreed += 1;
            } else {
                let c = &customers[i];
                disagreements.push(Disagreement {
                    customer_id: c.id,
                    code: c.code.clone(),
                    name: c.name.clone(),
                    old_text: text.clone(),
                    old: scheme.tiers[old].key.clone(),
                    proposed: proposed_key.clone(),
                    spend: Figures::of(&input[i], as_of).get("spend"),
                });
            }
            if let Some(f) = &figure {
                points.push((Figures::of(&input[i], as_of).get(f), old));
            }
        }
        let disagreement_count = disagreements.len() as u64;
        disagreements.sort_by(|a, b| {
            b.spend
                .unwrap_or(f64::MIN)
                .total_cmp(&a.spend.unwrap_or(f64::MIN))
        });
        disagreements.truncate(1000);
        let (suggestion, suggestion_note) = match (&figure, compared) {
            (_, 0) => (None, Some("没有可以对照的旧等级：请先导入带「当前等级」列的客户表。".to_owned())),
            (None, _) => (
                None,
                Some("只有各等级条件都只比较同一个指标（如 spend >= 100000）的门槛方案才能推荐分界点。".to_owned()),
            ),
            (Some(f), _) => {
                let best = tiers::best_cuts(&points, n);
                let mut copy = scheme.clone();
                copy.key = format!("{}_calibrated", scheme.key);
                copy.name = format!("{}（校准）", scheme.name);
                copy.version = 1;
                let mut cuts = Vec::new();
                for (t, cut) in copy.tiers.iter_mut().zip(&best.cuts) {
                    let current = t
                        .condition
                        .as_deref()
                        .and_then(|c| tiers::Condition::parse(c).ok())
                        .and_then(|c| c.comparisons().first().map(|x| x.threshold));
                    cuts.push(SuggestedCut {
                        tier: t.key.clone(),
                        name: t.name.clone(),
                        current,
                        suggested: *cut,
                    });
                    t.condition = Some(format!("{f} >= {cut}"));
                }
                (
                    Some(CutSuggestion {
                        figure: f.clone(),
                        figure_label: tiers::figure_label(f).to_owned(),
                        cuts,
                        agreed: best.agreed,
                        agreement: pct(best.agreed, compared),
                        toml: copy.to_toml(),
                    }),
                    None,
                )
            }
        };
        let mut unmapped: Vec<UnmappedTier> = unmapped
            .into_iter()
            .map(|(text, customers)| UnmappedTier { text, customers })
            .collect();
        unmapped.sort_by(|a, b| b.customers.cmp(&a.customers).then(a.text.cmp(&b.text)));
        Ok(Calibration {
            scheme: scheme.key.clone(),
            scheme_name: scheme.name.clone(),
            as_of,
            tiers: scheme.labels(),
            with_old_tier: with_old,
            compared,
            agreed,
            agreement: pct(agreed, compared),
            matrix,
            unmapped,
            disagreements,
            disagreement_count,
            suggestion,
            suggestion_note,
        })
    }

    /// Sets the tier a customer's old sheet gave it, for customers entered
    /// by hand or corrected later (imports set it themselves).
    pub fn set_imported_tier(&self, customer_id: i64, tier: Option<&str>) -> Result<()> {
        self.customer(customer_id)?;
        Ok(self.store.set_imported_tier(customer_id, tier)?)
    }
}
