//! Schemes: named, versioned rule sets that people can read, save as TOML
//! and trust to be applied the same way every period.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tierdesk_domain::TierLabel;
use ts_rs::TS;

use crate::care::{CareSettings, TierCare};
use crate::churn::{ChurnRules, ChurnSettings, TierChurn};
use crate::expr::Condition;
use crate::points::{PointsRules, PointsSettings, TierPoints};
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
    /// Visits and complaint time limits for this tier's customers
    /// (`[tiers.care]`); what is left out takes [`TierCare::default_for`].
    #[serde(default, skip_serializing_if = "CareSettings::is_empty")]
    pub care: CareSettings,
    /// Churn warning thresholds for this tier's customers (`[tiers.churn]`);
    /// what is left out takes [`TierChurn::default_for`].
    #[serde(default, skip_serializing_if = "ChurnSettings::is_empty")]
    pub churn: ChurnSettings,
    /// This tier's points multiplier and reach bonus (`[tiers.points]`);
    /// what is left out takes [`TierPoints::default_for`].
    #[serde(default, skip_serializing_if = "PointsSettings::is_empty")]
    pub points: PointsSettings,
}

impl TierDef {
    /// How the tier is shown.
    pub fn label(&self) -> TierLabel {
        TierLabel {
            key: self.key.clone(),
            name: self.name.clone(),
            color: self.color.clone(),
            stars: self.stars,
        }
    }

    /// A tier with no rule of its own yet (a condition, score or share is set afterwards).
    pub fn plain(key: &str, name: &str, color: &str, stars: u8) -> TierDef {
        TierDef {
            key: key.into(),
            name: name.into(),
            color: color.into(),
            stars,
            condition: None,
            min_score: None,
            max_share: None,
            missing: Missing::NoMatch,
            care: CareSettings::default(),
            churn: ChurnSettings::default(),
            points: PointsSettings::default(),
        }
    }
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
    /// Recency, frequency and monetary scores 1–5 from order lines, mapped
    /// to named segments; the tiers are the segments (see [`crate::rfm`]).
    Rfm {
        segments: Segments,
        /// Scoring of `recency_days` (reversed: the most recent get 5).
        #[serde(default)]
        r: Scoring,
        /// Scoring of `orders`.
        #[serde(default)]
        f: Scoring,
        /// Scoring of `spend`.
        #[serde(default)]
        m: Scoring,
    },
}

/// The segment map of an RFM scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Segments {
    /// Ten segments on the R × F grid (champions, loyal, … hibernating).
    Rfm10,
    /// Eight types from R, F and M each above or below their mean (重要价值客户 …).
    Rfm8,
}

/// How one RFM figure becomes a score of 1–5.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Scoring {
    /// Five equal-count groups, as pandas `qcut(x, 5)` makes them. With
    /// `rank_first` the figure is ranked first (ties in customer-code order),
    /// so ties never pile into one group.
    Quintiles {
        #[serde(default, skip_serializing_if = "is_false")]
        rank_first: bool,
    },
    /// Four cut points `[a, b, c, d]`: 1 up to a, 2 up to b, … 5 above d.
    Cuts { cuts: Vec<f64> },
}

impl Default for Scoring {
    fn default() -> Scoring {
        Scoring::Quintiles { rank_first: false }
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Which order lines the figures of an evaluation come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, Default)]
#[serde(rename_all = "snake_case")]
pub enum Window {
    /// Every purchase up to the as-of date.
    #[default]
    Lifetime,
    /// The N months before the as-of date: `{ months = 3 }` rated on
    /// 2024-12-31 covers 2024-10-01 to 2024-12-31.
    Months(u32),
    /// The rated period itself (2024Q1, 2024H2, 2024), up to the as-of date.
    CalendarPeriod,
}

/// Days whose order lines count, both ends inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// First day counted; `None` counts from the first order line.
    pub from: Option<NaiveDate>,
    /// Last day counted.
    pub to: NaiveDate,
}

impl Window {
    /// The days a rating as of `as_of` for `period` (such as 2024Q1) reads.
    pub fn span(self, as_of: NaiveDate, period: &str) -> Result<Span, TierError> {
        match self {
            Window::Lifetime => Ok(Span {
                from: None,
                to: as_of,
            }),
            Window::Months(n) => {
                let from = as_of
                    .checked_sub_months(chrono::Months::new(n))
                    .and_then(|d| d.succ_opt())
                    .ok_or_else(|| TierError::Invalid(format!("无法从 {as_of} 往前推 {n} 个月")))?;
                Ok(Span {
                    from: Some(from),
                    to: as_of,
                })
            }
            Window::CalendarPeriod => {
                let (start, end) = crate::period::parse_period(period)?;
                let to = end.min(as_of);
                if to < start {
                    return Err(TierError::Invalid(format!(
                        "评级日期 {as_of} 早于评级周期 {period} 的第一天 {start}，这个周期还没有购买记录可算"
                    )));
                }
                Ok(Span {
                    from: Some(start),
                    to,
                })
            }
        }
    }

    pub fn label(self) -> String {
        match self {
            Window::Lifetime => "全部购买记录".into(),
            Window::Months(n) => format!("评级日期前 {n} 个月"),
            Window::CalendarPeriod => "评级周期内".into(),
        }
    }
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
    /// A customer who no longer meets the current tier keeps it for up to
    /// this many consecutive ratings, then drops.
    #[serde(default)]
    pub grace_periods: Option<u32>,
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
    /// Which order lines the figures come from (customers without order
    /// lines keep the figures on their record).
    #[serde(default)]
    pub window: Window,
    /// Subtract returns and cancellations from spend.
    #[serde(default, skip_serializing_if = "is_false")]
    pub net_returns: bool,
    pub method: Method,
    pub tiers: Vec<TierDef>,
    #[serde(default)]
    pub protection: Protection,
    #[serde(default)]
    pub benefits: Vec<Benefit>,
    /// Which churn warning rules are on (`[churn]`; all when left out).
    #[serde(default, skip_serializing_if = "ChurnRules::is_default")]
    pub churn: ChurnRules,
    /// Points earning rules (`[points]`; off when left out).
    #[serde(default, skip_serializing_if = "PointsRules::is_default")]
    pub points: PointsRules,
}

fn one() -> u32 {
    1
}

impl Scheme {
    /// How the scheme's tiers are shown, highest first.
    pub fn labels(&self) -> Vec<TierLabel> {
        self.tiers.iter().map(TierDef::label).collect()
    }

    /// Reads a scheme from TOML and checks it.
    pub fn from_toml(text: &str) -> Result<Scheme, TierError> {
        let scheme: Scheme = toml::from_str(text)
            .map_err(|e| TierError::Toml(crate::TomlProblem::of(text, &e).to_string()))?;
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

    /// A tier's visit interval and complaint time limits, defaults filled in;
    /// a tier the scheme does not know is cared for as [`TierCare::untiered`].
    pub fn care(&self, tier: &str) -> TierCare {
        match self.rank(tier) {
            Some(rank) => {
                TierCare::default_for(rank, self.tiers.len()).with(&self.tiers[rank].care)
            }
            None => TierCare::untiered(),
        }
    }

    /// A tier's churn warning thresholds, defaults filled in; a tier the
    /// scheme does not know is warned as [`TierChurn::untiered`].
    pub fn churn(&self, tier: &str) -> TierChurn {
        match self.rank(tier) {
            Some(rank) => {
                TierChurn::default_for(rank, self.tiers.len()).with(&self.tiers[rank].churn)
            }
            None => TierChurn::untiered(),
        }
    }

    /// A tier's points multiplier and reach bonus, defaults filled in; a
    /// tier the scheme does not know earns as [`TierPoints::untiered`].
    pub fn tier_points(&self, tier: &str) -> TierPoints {
        match self.rank(tier) {
            Some(rank) => {
                TierPoints::default_for(rank, self.tiers.len()).with(&self.tiers[rank].points)
            }
            None => TierPoints::untiered(),
        }
    }

    /// Which churn warning rules the scheme uses.
    pub fn churn_rules(&self) -> ChurnRules {
        self.churn
    }

    /// Checks that the scheme can be applied: tiers, conditions, weights, ranges.
    // Over 100 lines: one branch per rating method, each a few checks in a row.
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
            if let Some(m) = t.care.problem() {
                return bad(format!("等级「{}」的{m}", t.name));
            }
            if let Some(m) = t.churn.problem() {
                return bad(format!("等级「{}」的{m}", t.name));
            }
            if let Some(m) = t.points.problem() {
                return bad(format!("等级「{}」的{m}", t.name));
            }
            if !is_colour(&t.color) {
                return bad(format!(
                    "等级「{}」的颜色「{}」不是颜色：请写成 #1f4e8c 这样的十六进制颜色",
                    t.name, t.color
                ));
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
                            return bad(format!(
                                "等级「{}」还没有条件：除最后一个等级外，每个等级都要写条件",
                                t.name
                            ))
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
            Method::Rfm { segments, r, f, m } => {
                for (letter, s) in [("R", r), ("F", f), ("M", m)] {
                    if let Scoring::Cuts { cuts } = s {
                        let rising = cuts.windows(2).all(|w| w[0] < w[1]);
                        if cuts.len() != 4 || !rising || cuts.iter().any(|c| !c.is_finite()) {
                            return bad(format!(
                                "{letter} 的分界点 cuts 应为四个从小到大的数，如 [30, 90, 180, 365]"
                            ));
                        }
                    }
                }
                let keys: Vec<&str> = crate::rfm::segment_keys(*segments).collect();
                for k in keys.iter().chain([&crate::rfm::NO_PURCHASE]) {
                    if self.tier(k).is_none() {
                        return bad(format!("RFM 方案缺少分群「{k}」对应的等级"));
                    }
                }
                if let Some(t) = self
                    .tiers
                    .iter()
                    .find(|t| *t.key != *crate::rfm::NO_PURCHASE && !keys.contains(&t.key.as_str()))
                {
                    return bad(format!(
                        "等级「{}」（{}）不是这种 RFM 分群的一部分，可用的标识：{}、{}",
                        t.name,
                        t.key,
                        keys.join("、"),
                        crate::rfm::NO_PURCHASE
                    ));
                }
                if self.protection != Protection::default() {
                    return bad("RFM 分群每次按购买记录重新划分，不适用保护规则，请删除 [protection] 中的设置".into());
                }
            }
        }
        if let Some(m) = self.churn.problem() {
            return bad(m);
        }
        if let Some(m) = self.points.problem() {
            return bad(m);
        }
        if self.window == Window::Months(0) {
            return bad("购买记录窗口 window 的月数至少为 1".into());
        }
        Ok(())
    }
}

/// A tier colour is written into the app's styles, the report's HTML and SVG
/// and the workbooks, so a scheme file may only give a colour: `#` and 3, 4,
/// 6 or 8 hex digits, or a CSS colour name (letters only). Anything else —
/// `url(https://…)`, a quote, a semicolon — could reach out of the style it
/// is put in.
pub fn is_colour(text: &str) -> bool {
    match text.strip_prefix('#') {
        Some(hex) => {
            matches!(hex.len(), 3 | 4 | 6 | 8) && hex.bytes().all(|b| b.is_ascii_hexdigit())
        }
        None => (1..=20).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_alphabetic()),
    }
}
