//! The rules a signal can come from, their groups (what `[churn]` switches
//! off) and how strong a signal is.

use serde::{Deserialize, Serialize};
use tierdesk_tiers::ChurnRules;
use ts_rs::TS;

/// What raised a signal. Each rule belongs to one of the four groups a
/// scheme can switch off ([`Rule::group`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// Longer without a purchase than k × the customer's usual interval.
    Rhythm,
    /// The model's P(alive) under the tier's threshold.
    Model,
    /// The last 90 days' spend fell against the 90 before or a year earlier.
    Decline,
    /// An open complaint past its time limit.
    Complaint,
    /// A detractor (NPS 0–6) or CSAT 1–2 answer within the survey window.
    Survey,
    /// No follow-up within the tier's visit interval.
    Followup,
    /// Moved to a lower tier at the last rating.
    Downgrade,
}

/// The four rule groups of `[churn]`, each switched on or off as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RuleGroup {
    Rhythm,
    Model,
    Decline,
    Service,
}

impl Rule {
    pub const ALL: [Rule; 7] = [
        Rule::Rhythm,
        Rule::Model,
        Rule::Decline,
        Rule::Complaint,
        Rule::Survey,
        Rule::Followup,
        Rule::Downgrade,
    ];

    /// The stored word (an alert reason's `rule`).
    pub fn key(self) -> &'static str {
        match self {
            Rule::Rhythm => "rhythm",
            Rule::Model => "model",
            Rule::Decline => "decline",
            Rule::Complaint => "complaint",
            Rule::Survey => "survey",
            Rule::Followup => "followup",
            Rule::Downgrade => "downgrade",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Rule::Rhythm => "购买节奏",
            Rule::Model => "模型估计",
            Rule::Decline => "消费下降",
            Rule::Complaint => "投诉超时",
            Rule::Survey => "评价不满",
            Rule::Followup => "未按时跟进",
            Rule::Downgrade => "等级下降",
        }
    }

    /// The stored word or the Chinese label.
    pub fn parse(text: &str) -> Option<Rule> {
        let t = text.trim();
        Rule::ALL
            .into_iter()
            .find(|r| r.key().eq_ignore_ascii_case(t) || r.label() == t)
    }

    pub fn group(self) -> RuleGroup {
        match self {
            Rule::Rhythm => RuleGroup::Rhythm,
            Rule::Model => RuleGroup::Model,
            Rule::Decline => RuleGroup::Decline,
            Rule::Complaint | Rule::Survey | Rule::Followup | Rule::Downgrade => RuleGroup::Service,
        }
    }
}

impl RuleGroup {
    pub(super) fn index(self) -> usize {
        self as usize
    }

    /// Whether the scheme's `[churn]` table leaves this group on.
    pub fn is_on(self, rules: &ChurnRules) -> bool {
        match self {
            RuleGroup::Rhythm => rules.rhythm,
            RuleGroup::Model => rules.model,
            RuleGroup::Decline => rules.decline,
            RuleGroup::Service => rules.service,
        }
    }
}

/// How strongly a signal speaks for churn (强/弱); see each rule in
/// docs/churn.md for when it is strong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Strength {
    Weak,
    Strong,
}

impl Strength {
    pub fn label(self) -> &'static str {
        match self {
            Strength::Weak => "弱",
            Strength::Strong => "强",
        }
    }
}
