//! Records of benefits used by customers.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One recorded use of a benefit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct BenefitUse {
    pub id: i64,
    pub customer_id: i64,
    /// The benefit's name in the scheme, e.g. 生日礼品.
    pub benefit: String,
    /// The tier the customer held when using it.
    pub tier: String,
    pub scheme_key: String,
    pub used_on: NaiveDate,
    pub note: String,
    pub who: String,
    /// Why a use beyond the quota was allowed; `None` within the quota.
    pub over_quota_reason: Option<String>,
    pub created_at: String,
}

/// A use about to be recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct NewBenefitUse {
    pub customer_id: i64,
    pub benefit: String,
    pub tier: String,
    pub scheme_key: String,
    pub used_on: NaiveDate,
    pub note: String,
    pub who: String,
    pub over_quota_reason: Option<String>,
}
