//! Records of rating: evaluation batches and each customer's tier history.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::msg::{period_zh, read_back, Msg};

/// One applied evaluation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Batch {
    pub id: i64,
    pub scheme_key: String,
    pub scheme_version: u32,
    /// 2024, 2024H1 or 2024Q1.
    pub period: String,
    pub as_of: NaiveDate,
    pub applied_at: String,
    pub applied_by: String,
    pub customers: u64,
    pub moved: u64,
    /// Customers whose tier a person chose at review.
    pub overrides: u64,
    pub undone_at: Option<String>,
}

/// A change of one customer's tier, by a batch or by hand.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct HistoryEntry {
    pub id: i64,
    pub customer_id: i64,
    pub batch_id: Option<i64>,
    pub from_tier: Option<String>,
    pub to_tier: Option<String>,
    pub score: Option<f64>,
    pub reason: String,
    /// The reason as a message ([`reason_msg`]): the UI shows it in its language.
    pub reason_msg: Msg,
    pub who: String,
    pub at: String,
}

/// A tier change's stored reason as a message, read back from the Chinese
/// the program wrote ([`crate::msg::read_back`]): a rating's
/// 「2026 评级（<scheme>）」 (`rating.title`, the period's key and the
/// scheme's name as written), a review choice's 「人工调整：<why>」 and
/// 「人工调整（至 <day> 有效）」, a protection rule's sentence; anything else
/// (a person's reason) is data shown as written.
pub fn reason_msg(reason: &str) -> Msg {
    const KEYS: &[&str] = &[
        "rating.reason_manual_until",
        "rating.reason_manual",
        "rating.protect_new",
        "rating.protect_margin",
        "rating.protect_grace",
        "rating.protect_levels",
        "rating.kept",
        "rating.title",
    ];
    read_back(reason, KEYS)
        // Only a period key (2026, 2026H1, 2026Q4) makes a rating's title.
        .filter(|m| {
            m.key != "rating.title" || {
                let p = &m.params["period_key"];
                !p.is_empty() && period_zh(p) != *p
            }
        })
        .unwrap_or_else(|| Msg::text(reason))
}

/// What applying a batch does to one customer.
#[derive(Debug, Clone, PartialEq)]
pub struct TierChange {
    pub customer_id: i64,
    pub to_tier: String,
    pub score: Option<f64>,
    pub reason: String,
    /// Set when a person chose `to_tier` at review instead of the proposal.
    pub manual: Option<ManualChoice>,
}

impl TierChange {
    /// Whether this change moves a customer whose tier is now `from`: the
    /// one test behind the count a rating's confirmation announces and the
    /// count its batch records, so the two cannot disagree.
    pub fn moves_from(&self, from: Option<&str>) -> bool {
        from != Some(self.to_tier.as_str())
    }
}

/// A person's choice of tier at review, as the batch records it.
#[derive(Debug, Clone, PartialEq)]
pub struct ManualChoice {
    /// The tier the rules proposed.
    pub proposed_tier: String,
    /// Why, in the reviewer's words.
    pub reason: String,
    /// Later ratings keep the chosen tier up to and including this day.
    pub expires_on: Option<NaiveDate>,
}

/// A tier chosen at review, as recorded with its batch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct OverrideEntry {
    pub id: i64,
    pub batch_id: i64,
    pub customer_id: i64,
    pub code: Option<String>,
    pub name: String,
    pub proposed_tier: String,
    pub tier: String,
    pub reason: String,
    pub expires_on: Option<NaiveDate>,
    pub who: String,
    pub at: String,
}

/// A batch about to be applied.
#[derive(Debug, Clone, PartialEq)]
pub struct NewBatch {
    pub scheme_key: String,
    pub scheme_version: u32,
    pub period: String,
    pub as_of: NaiveDate,
    pub applied_by: String,
    pub rated_on: NaiveDate,
    pub next_rating_on: NaiveDate,
}

/// One customer whose tier a batch changed, as the report lists movers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TierMove {
    pub customer_id: i64,
    pub code: Option<String>,
    pub name: String,
    pub phone: Option<String>,
    pub spend: Option<f64>,
    pub from_tier: Option<String>,
    pub to_tier: Option<String>,
    pub reason: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each reason the program writes is read back as its message, whose
    /// Chinese is the stored text; anything else is data.
    #[test]
    fn reasons_are_read_back_as_messages() {
        let cases = [
            ("2026 评级（四星级（普通/银牌/金牌/钻石））", "rating.title"),
            ("2026Q4 评级（我的方案）", "rating.title"),
            ("人工调整：老客户", "rating.reason_manual"),
            (
                "人工调整（至 2027-06-30 有效）",
                "rating.reason_manual_until",
            ),
            ("年度 评级（方案）", "data.text"),
            ("老板说的", "data.text"),
            (
                "新客户（注册不满 6 个月）不降级，保留「金牌」",
                "rating.protect_new",
            ),
            (
                "差距在「金牌」门槛的 10% 宽限范围内，保留等级",
                "rating.protect_margin",
            ),
            ("宽限期：第 1/2 期，保留「铂金」", "rating.protect_grace"),
            (
                "每次评级最多降 1 级，由「钻石」降至「金牌」",
                "rating.protect_levels",
            ),
            ("保留原等级", "rating.kept"),
            ("保留原等级吧", "data.text"),
            ("宽限期：第 1/2 期", "data.text"),
        ];
        for (reason, key) in cases {
            let m = reason_msg(reason);
            assert_eq!(m.key, key, "{reason}");
            assert_eq!(m.zh(), reason);
        }
        let m = reason_msg("2026Q4 评级（我的方案）");
        assert_eq!(m.params["period_key"], "2026Q4");
        assert_eq!(m.params["scheme"], "我的方案");
        assert_eq!(reason_msg("人工调整：老客户").params["reason"], "老客户");
        // The review's own reason may hold the template's words: it is taken whole.
        let m = reason_msg("人工调整：（至 2027 有效）");
        assert_eq!(m.key, "rating.reason_manual");
        assert_eq!(m.params["reason"], "（至 2027 有效）");
        let m = reason_msg("每次评级最多降 2 级，由「钻石」降至「银牌」");
        let holes: Vec<(&str, &str)> = m
            .params
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(holes, [("from", "钻石"), ("n", "2"), ("to", "银牌")]);
    }
}
