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
