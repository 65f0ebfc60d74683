//! Records of rating: evaluation batches and each customer's tier history.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

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
    pub who: String,
    pub at: String,
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
