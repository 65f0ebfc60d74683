use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Api, Result};

/// How a tier is shown: one colour per tier, the same everywhere in the app,
/// the reports and the exports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TierLabel {
    pub key: String,
    pub name: String,
    /// CSS hex colour such as `#1f4e8c`.
    pub color: String,
    pub stars: u8,
}

impl Api {
    /// The tiers of the active scheme, highest first.
    pub fn tier_labels(&self) -> Result<Vec<TierLabel>> {
        Ok(default_tiers())
    }
}

/// The four tiers of the seed 星级客户管理表 (普通/银牌/金牌/钻石).
fn default_tiers() -> Vec<TierLabel> {
    [("diamond", "钻石", "#6b3fa0", 4), ("gold", "金牌", "#d4a017", 3), ("silver", "银牌", "#8c9aa8", 2), ("regular", "普通", "#5b8c5a", 1)]
        .into_iter()
        .map(|(key, name, color, stars)| TierLabel { key: key.into(), name: name.into(), color: color.into(), stars })
        .collect()
}
