//! What a tier report says, computed by the API from the database and drawn
//! by the renderers. The dashboard shows the same figures.

use crate::service::ServiceLine;
use serde::{Deserialize, Serialize};
use tierdesk_domain::{Msg, TierLabel};
use ts_rs::TS;

/// One tier's key figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TierFigures {
    /// The scheme's tier key, or `""` for customers without one of its tiers.
    pub key: String,
    pub name: String,
    /// CSS hex colour, the same everywhere.
    pub color: String,
    pub customers: u64,
    /// Share of all customers, 0–1.
    pub customer_share: f64,
    pub revenue: f64,
    /// Share of all revenue, 0–1.
    pub revenue_share: f64,
    pub avg_spend: f64,
}

/// A point of the Pareto curve: the top `customers` share of customers
/// (by spend) bring `revenue` share of the revenue. Both 0–1.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
pub struct ParetoPoint {
    pub customers: f64,
    pub revenue: f64,
}

/// Movement between tiers in a batch: `counts[from][to]`, indices into `tiers`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Movement {
    pub batch_id: i64,
    /// e.g. 「2024Q1 评级（2024-03-31）」.
    pub label: String,
    /// `label` as a message, shown in the UI's language.
    pub label_msg: Msg,
    pub tiers: Vec<TierLabel>,
    pub counts: Vec<Vec<u64>>,
}

/// A customer who moved up or down.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Mover {
    pub customer_id: i64,
    pub code: String,
    pub name: String,
    /// Masked unless the report was made without masking.
    pub phone: String,
    pub from: String,
    pub to: String,
    pub spend: Option<f64>,
    pub reason: String,
}

/// A high-value customer showing signs of leaving.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RiskLine {
    pub customer_id: i64,
    pub code: String,
    pub name: String,
    pub phone: String,
    pub tier: String,
    pub spend: Option<f64>,
    pub reason: String,
}

/// One benefit of one tier and what it costs for the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct BenefitLine {
    pub tier: String,
    pub name: String,
    pub description: String,
    /// Uses per customer per period; `None` without limit.
    pub quota: Option<u32>,
    pub customers: u64,
    pub cost_per_use: f64,
    /// customers × quota × cost per use (one use when without limit).
    pub cost: f64,
    /// Uses recorded in the period of the report's rating date.
    pub uses: u64,
    /// uses × cost per use.
    pub used_cost: f64,
}

/// Tier counts after one past batch, in the order of [`TierReport::tiers`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct HistoryPoint {
    pub label: String,
    pub counts: Vec<u64>,
}

/// The company logo for the report header: PNG or JPEG bytes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Logo {
    pub bytes: Vec<u8>,
    pub jpeg: bool,
}

impl Logo {
    /// Recognises PNG and JPEG by their first bytes; anything else is not a logo.
    pub fn from_bytes(bytes: Vec<u8>) -> Option<Logo> {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(Logo { bytes, jpeg: false })
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(Logo { bytes, jpeg: true })
        } else {
            None
        }
    }

    pub fn mime(&self) -> &'static str {
        if self.jpeg {
            "image/jpeg"
        } else {
            "image/png"
        }
    }
}

/// Everything the printed tier report and the dashboard show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TierReport {
    pub company: String,
    /// Printed in the header of the report files; not sent to the UI.
    #[serde(skip)]
    #[ts(skip)]
    pub logo: Option<Logo>,
    pub scheme_key: String,
    pub scheme_name: String,
    /// 2024, 2024H1, 2024Q1 or empty when no batch is reported.
    pub period: String,
    /// The period in words, e.g. 2024年第一季度.
    pub period_label: String,
    pub as_of: String,
    pub generated_on: String,
    pub masked: bool,
    pub customers: u64,
    pub revenue: f64,
    /// Highest tier first; customers without one of the scheme's tiers last.
    pub tiers: Vec<TierFigures>,
    pub pareto: Vec<ParetoPoint>,
    /// The share of revenue the top 20 % of customers bring, 0–1.
    pub top20_revenue_share: f64,
    pub movement: Option<Movement>,
    pub upgrades: Vec<Mover>,
    pub downgrades: Vec<Mover>,
    pub at_risk: Vec<RiskLine>,
    pub benefits: Vec<BenefitLine>,
    pub benefits_cost: f64,
    pub benefits_used_cost: f64,
    pub history: Vec<HistoryPoint>,
    /// The 客户服务 section, one line per tier.
    pub service: Vec<ServiceLine>,
    /// The time the survey answers in `service` were given in, in words.
    pub survey_span: String,
    /// The 流失与留存 section; only in printed and saved reports (not the
    /// dashboard), so the UI's type leaves it out.
    #[ts(skip)]
    pub churn: Option<crate::churn::ChurnFacts>,
    /// The 积分 section, when the ledger has a row; only in printed and
    /// saved reports.
    #[ts(skip)]
    #[serde(default)]
    pub points: Option<crate::points_figures::PointsSection>,
}

/// Phones in reports and statements are masked as everywhere else.
pub use tierdesk_domain::privacy::mask_phone;
use tierdesk_domain::text::thousands;

/// ¥1,234,567 (whole yuan) for tables.
pub fn yuan(v: f64) -> String {
    let neg = v < 0.0;
    let whole = v.abs().round() as u64;
    format!("{}¥{}", if neg { "-" } else { "" }, thousands(whole))
}

/// 12.3% from a 0–1 share.
pub fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

/// 1,234 for counts.
pub fn count(n: u64) -> String {
    thousands(n)
}
