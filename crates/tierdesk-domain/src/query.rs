//! What a customer list asks for, and what it gets back.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Columns the customer list can be sorted by. Each has an index in the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, Default)]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    #[default]
    Id,
    Code,
    Name,
    Spend,
    Frequency,
    TenureYears,
    Influence,
    Tier,
    LastRatedOn,
    NextRatingOn,
    UpdatedAt,
    LastContactOn,
    NextContactOn,
    /// The points balance (积分): the customer's last ledger row.
    Points,
}

impl SortKey {
    pub const ALL: [SortKey; 14] = [
        SortKey::Id,
        SortKey::Code,
        SortKey::Name,
        SortKey::Spend,
        SortKey::Frequency,
        SortKey::TenureYears,
        SortKey::Influence,
        SortKey::Tier,
        SortKey::LastRatedOn,
        SortKey::NextRatingOn,
        SortKey::UpdatedAt,
        SortKey::LastContactOn,
        SortKey::NextContactOn,
        SortKey::Points,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SortKey::Id => "id",
            SortKey::Code => "code",
            SortKey::Name => "name",
            SortKey::Spend => "spend",
            SortKey::Frequency => "frequency",
            SortKey::TenureYears => "tenure_years",
            SortKey::Influence => "influence",
            SortKey::Tier => "tier",
            SortKey::LastRatedOn => "last_rated_on",
            SortKey::NextRatingOn => "next_rating_on",
            SortKey::UpdatedAt => "updated_at",
            SortKey::LastContactOn => "last_contact_on",
            SortKey::NextContactOn => "next_contact_on",
            SortKey::Points => "points",
        }
    }

    pub fn parse(s: &str) -> Option<SortKey> {
        SortKey::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A page of the customer list: search text, filters, sort and window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct CustomerQuery {
    /// Matches name (also by pinyin initials: "zs" finds 张三), code and phone.
    pub search: Option<String>,
    /// Only customers whose current tier is this key.
    pub tier: Option<String>,
    /// Only customers handled by this manager.
    pub manager: Option<String>,
    pub sort: SortKey,
    pub descending: bool,
    pub limit: u32,
    pub offset: u32,
    /// List the recycle bin instead of the live archive.
    pub deleted: bool,
    /// 超过 N 天未联系: only customers last contacted before this day, or never.
    pub last_contact_before: Option<chrono::NaiveDate>,
    /// 下次联系已到期: only customers whose next contact date is on or before this day.
    pub next_contact_by: Option<chrono::NaiveDate>,
    /// 我的客户 / 全部 on a team database: `"mine"` (the signed-in user's),
    /// `"none"` (shared: no owner), a user's id, or `"all"`/absent. Ignored on
    /// a local file, which has no users.
    #[ts(optional = nullable)]
    pub owner: Option<String>,
}

impl Default for CustomerQuery {
    fn default() -> Self {
        CustomerQuery {
            search: None,
            tier: None,
            manager: None,
            sort: SortKey::Id,
            descending: false,
            limit: 100,
            offset: 0,
            deleted: false,
            last_contact_before: None,
            next_contact_by: None,
            owner: None,
        }
    }
}

impl CustomerQuery {
    /// The most rows one page may hold; larger requests are cut to this.
    pub const MAX_LIMIT: u32 = 1000;

    pub fn search_text(&self) -> Option<&str> {
        self.search
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }
}

/// One page of results and the number of rows matching in all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
}
