//! What a scheme says in words (its method and each tier's rule, as the
//! scheme page lists them), the figures it needs, and the period a rating
//! by it is for.

use chrono::NaiveDate;

use crate::figures::{CustomerFacts, BUILT_IN, SURVEY_FIGURES};
use crate::scheme::{Method, Scheme};
use crate::{period, rfm, Condition, TierError};

impl Scheme {
    /// The method in words: 门槛条件, 加权评分, ABC 分类 or RFM 分群.
    pub fn method_label(&self) -> &'static str {
        match self.method {
            Method::Thresholds => "门槛条件",
            Method::Weighted { .. } => "加权评分",
            Method::Abc => "ABC 分类",
            Method::Rfm { .. } => "RFM 分群",
        }
    }

    /// The rule of the tier at `index` in words: its condition, its least
    /// score, its share of revenue or its RFM cells; the last tier of the
    /// other methods takes 其余客户. Empty for an index out of range.
    pub fn rule_text(&self, index: usize) -> String {
        let Some(t) = self.tiers.get(index) else {
            return String::new();
        };
        match (&self.method, index + 1 == self.tiers.len()) {
            (Method::Rfm { segments, .. }, _) => {
                rfm::segment_rule(*segments, &t.key).unwrap_or_default()
            }
            (_, true) => "其余客户".into(),
            (Method::Thresholds, _) => t.condition.clone().unwrap_or_default(),
            (Method::Weighted { .. }, _) => {
                format!("综合得分 ≥ {}", t.min_score.unwrap_or(0.0))
            }
            (Method::Abc, _) => {
                format!("累计收入占比 < {}%", t.max_share.unwrap_or(0.0) * 100.0)
            }
        }
    }

    /// Every figure the scheme names must be built in or one of `custom`
    /// (the custom fields of the database it is used in).
    pub fn check_figures(&self, custom: &[String]) -> Result<(), TierError> {
        let known = |f: &str| {
            BUILT_IN
                .iter()
                .chain(SURVEY_FIGURES.iter())
                .any(|(k, _)| *k == f)
                || custom.iter().any(|c| c == f)
        };
        let mut names: Vec<String> = Vec::new();
        for t in &self.tiers {
            if let Some(cond) = t
                .condition
                .as_deref()
                .and_then(|c| Condition::parse(c).ok())
            {
                names.extend(cond.figures);
            }
        }
        if let Method::Weighted { factors } = &self.method {
            names.extend(factors.iter().map(|f| f.figure.clone()));
        }
        let Some(bad) = names.iter().find(|n| !known(n)) else {
            return Ok(());
        };
        let builtin: Vec<&str> = BUILT_IN
            .iter()
            .chain(SURVEY_FIGURES.iter())
            .map(|(k, _)| *k)
            .collect();
        Err(TierError::Invalid(format!(
            "方案「{}」用到的指标「{bad}」不存在。可用的指标：{}{}",
            self.name,
            builtin.join("、"),
            if custom.is_empty() {
                String::new()
            } else {
                format!("，以及自定义字段 {}", custom.join("、"))
            }
        )))
    }

    /// The period a rating is for: the one named (checked, and written the
    /// standard way: 2024q1 becomes 2024Q1), else the period of the
    /// scheme's cycle that holds the as-of date.
    pub fn rating_period(
        &self,
        as_of: NaiveDate,
        named: Option<&str>,
    ) -> Result<String, TierError> {
        match named {
            Some(p) => {
                period::parse_period(p)?;
                Ok(p.trim().to_uppercase())
            }
            None => Ok(period::period_of(as_of, self.cycle)),
        }
    }
}

impl From<&tierdesk_domain::Customer> for CustomerFacts {
    /// What the engine knows of a customer from the record alone: the
    /// order-line figures come later, through `take_purchases`.
    fn from(c: &tierdesk_domain::Customer) -> CustomerFacts {
        CustomerFacts {
            id: c.id,
            code: c.code.clone(),
            name: c.name.clone(),
            spend: c.spend,
            frequency: c.frequency,
            tenure_years: c.tenure_years,
            influence: c.influence,
            orders: None,
            recency_days: None,
            avg_order_value: None,
            registered_on: c.registered_on,
            current_tier: c.tier.clone(),
            custom: c
                .fields
                .iter()
                .filter_map(|(k, v)| v.as_f64().map(|x| (k.clone(), x)))
                .collect(),
            grace_periods_used: 0,
        }
    }
}
