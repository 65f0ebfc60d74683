//! Schemes: named, versioned rule sets that people can read, save as TOML
//! and trust to be applied the same way every period.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::expr::Condition;
use crate::TierError;

/// How often customers are re-rated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, Default)]
#[serde(rename_all = "snake_case")]
pub enum Cycle {
    Quarterly,
    HalfYearly,
    #[default]
    Yearly,
}

impl Cycle {
    pub fn months(self) -> u32 {
        match self {
            Cycle::Quarterly => 3,
            Cycle::HalfYearly => 6,
            Cycle::Yearly => 12,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Cycle::Quarterly => "每季度",
            Cycle::HalfYearly => "每半年",
            Cycle::Yearly => "每年",
        }
    }
}

/// What a rule does when a figure it uses is missing for a customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, Default)]
#[serde(rename_all = "snake_case")]
pub enum Missing {
    /// The rule does not match (the customer falls to a lower tier).
    #[default]
    NoMatch,
    /// The figure counts as 0.
    Zero,
}

/// One tier of a scheme, highest first in the scheme's list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TierDef {
    pub key: String,
    pub name: String,
    /// CSS hex colour, the same in the app, reports and exports.
    pub color: String,
    #[serde(default)]
    pub stars: u8,
    /// Thresholds method: the condition a customer must meet for this tier.
    /// The last tier takes everyone else and needs none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
    /// Weighted method: the lowest composite score (0–100) of this tier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_score: Option<f64>,
    /// ABC method: the cumulative share of revenue (0–1) this tier reaches up to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_share: Option<f64>,
    #[serde(default)]
    pub missing: Missing,
}

/// How a weighted factor's figure becomes a 0–100 score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Normalize {
    /// The figure already is a 0–100 score.
    None,
    /// (value − min) / (max − min) × 100 over all customers evaluated.
    MinMax,
    /// The share of customers with a lower value, × 100.
    Percentile,
    /// Breakpoints `[[value, score], ...]` in ascending value order: the
    /// score of the highest breakpoint the value reaches (0 below the first).
    Breakpoints { points: Vec<(f64, f64)> },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Factor {
    pub figure: String,
    /// Chinese label shown in explanations, e.g. 购买行为.
    pub label: String,
    /// Weight as a fraction; the weights of a scheme add up to 1.
    pub weight: f64,
    pub normalize: Normalize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Method {
    /// First tier from the top whose condition holds.
    Thresholds,
    /// Composite of weighted factor scores; tiers by `min_score`.
    Weighted { factors: Vec<Factor> },
    /// Customers sorted by spend; tiers by cumulative revenue share (`max_share`).
    Abc,
}

/// A benefit a tier's customers receive.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Benefit {
    pub tier: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// How many times per rating period; `None` means without limit.
    #[serde(default)]
    pub quota: Option<u32>,
    /// Cost to the company per use, in yuan.
    #[serde(default)]
    pub cost: f64,
}

/// Rules that soften a re-rating so customers are not bounced around.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct Protection {
    /// At most this many levels down in one evaluation.
    #[serde(default)]
    pub max_levels_down: Option<u8>,
    /// Keep the current tier when the customer misses it by no more than
    /// this percentage of its threshold (thresholds and weighted methods).
    #[serde(default)]
    pub grace_percent: Option<f64>,
    /// No downgrade for customers registered fewer than this many months ago.
    #[serde(default)]
    pub new_customer_months: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Scheme {
    pub key: String,
    pub name: String,
    #[serde(default = "one")]
    pub version: u32,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub cycle: Cycle,
    pub method: Method,
    pub tiers: Vec<TierDef>,
    #[serde(default)]
    pub protection: Protection,
    #[serde(default)]
    pub benefits: Vec<Benefit>,
}

fn one() -> u32 {
    1
}

impl Scheme {
    /// Reads a scheme from TOML and checks it.
    pub fn from_toml(text: &str) -> Result<Scheme, TierError> {
        let scheme: Scheme = toml::from_str(text).map_err(|e| TierError::Toml(e.to_string()))?;
        scheme.check()?;
        Ok(scheme)
    }

    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).expect("schemes serialise to TOML")
    }

    /// Position of a tier key, 0 for the highest tier.
    pub fn rank(&self, tier: &str) -> Option<usize> {
        self.tiers.iter().position(|t| t.key == tier)
    }

    pub fn tier(&self, key: &str) -> Option<&TierDef> {
        self.tiers.iter().find(|t| t.key == key)
    }

    /// Checks that the scheme can be applied: tiers, conditions, weights, ranges.
    pub fn check(&self) -> Result<(), TierError> {
        let bad = |m: String| Err(TierError::Invalid(format!("方案「{}」：{m}", self.name)));
        if self.key.trim().is_empty() {
            return bad("缺少方案标识 key".into());
        }
        if self.tiers.len() < 2 {
            return bad("至少需要两个等级".into());
        }
        for (i, t) in self.tiers.iter().enumerate() {
            if self.tiers[..i].iter().any(|o| o.key == t.key) {
                return bad(format!("等级标识「{}」重复", t.key));
            }
        }
        let last = self.tiers.len() - 1;
        match &self.method {
            Method::Thresholds => {
                for (i, t) in self.tiers.iter().enumerate() {
                    match (&t.condition, i == last) {
                        (Some(c), _) => {
                            Condition::parse(c).map_err(|e| {
                                TierError::Invalid(format!(
                                    "方案「{}」等级「{}」的条件有误：{e}",
                                    self.name, t.name
                                ))
                            })?;
                        }
                        (None, false) => {
                            return bad(format!("等级「{}」缺少条件 condition", t.name))
                        }
                        (None, true) => {}
                    }
                }
            }
            Method::Weighted { factors } => {
                if factors.is_empty() {
                    return bad("加权评分至少需要一个因素".into());
                }
                let sum: f64 = factors.iter().map(|f| f.weight).sum();
                if (sum - 1.0).abs() > 1e-6 {
                    return bad(format!(
                        "各因素权重之和应为 100%，现在是 {:.1}%",
                        sum * 100.0
                    ));
                }
                for (i, t) in self.tiers.iter().enumerate() {
                    if t.min_score.is_none() && i != last {
                        return bad(format!("等级「{}」缺少最低分 min_score", t.name));
                    }
                }
            }
            Method::Abc => {
                for (i, t) in self.tiers.iter().enumerate() {
                    if t.max_share.is_none() && i != last {
                        return bad(format!("等级「{}」缺少累计收入占比 max_share", t.name));
                    }
                }
            }
        }
        Ok(())
    }
}
