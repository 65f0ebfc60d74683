//! The customer record (客户详情): one timeline of everything that happened
//! to a customer, their purchases, their contacts and the dates that matter
//! to them.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Every kind of timeline event, with the word the page's filter shows.
/// The store has one SQL source per kind (`tierdesk-store` `timeline.rs`);
/// a kind listed here whose source is not there yet simply has no events.
pub const TIMELINE_KINDS: &[(&str, &str)] = &[
    ("purchase", "购买"),
    ("tier", "等级变化"),
    ("followup", "跟进"),
    ("case", "投诉"),
    ("survey", "满意度"),
    ("benefit", "权益使用"),
    ("import", "导入"),
    ("edit", "资料修改"),
    ("todo", "待办完成"),
];

/// The Chinese word of a timeline kind; an unknown kind is shown as it is.
pub fn timeline_kind_label(kind: &str) -> &str {
    TIMELINE_KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map(|(_, label)| *label)
        .unwrap_or(kind)
}

/// One event of a customer's timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TimelineEvent {
    /// Local time `YYYY-MM-DD HH:MM:SS` (a day alone is at `00:00:00`).
    pub at: String,
    /// One of [`TIMELINE_KINDS`].
    pub kind: String,
    /// The row's id in its own table (an order's first line for a
    /// purchase, an entry of the log for an edit).
    pub ref_id: i64,
    /// One short Chinese line.
    pub title: String,
    pub detail: Option<String>,
    /// Money, when the event has an amount (an order's net amount).
    pub amount: Option<f64>,
}

/// Where a page of the timeline ends: the next page starts after it.
/// Events are ordered by `at` (newest first), then `kind`, then `ref_id`
/// (highest first), so the three make a place no two events share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TimelineCursor {
    pub at: String,
    pub kind: String,
    pub ref_id: i64,
}

impl TimelineCursor {
    /// The place of an event.
    pub fn of(e: &TimelineEvent) -> TimelineCursor {
        TimelineCursor {
            at: e.at.clone(),
            kind: e.kind.clone(),
            ref_id: e.ref_id,
        }
    }
}

/// Which events a page asks for.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct TimelineQuery {
    /// Kinds to show; empty: every kind.
    pub kinds: Vec<String>,
    /// Events after this place (the previous page's `next`); `None`: the newest.
    pub before: Option<TimelineCursor>,
    /// How many events (1–500); `None`: 50.
    pub limit: Option<u32>,
}

impl TimelineQuery {
    /// The page size asked for, within 1–500.
    pub fn page_size(&self) -> u32 {
        self.limit.unwrap_or(50).clamp(1, 500)
    }
}

/// One page of a timeline, newest first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct TimelinePage {
    pub events: Vec<TimelineEvent>,
    /// Where the next page starts; `None` when this is the last page.
    pub next: Option<TimelineCursor>,
}

/// How many events of one kind a customer's timeline holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TimelineCount {
    pub kind: String,
    pub label: String,
    pub count: u64,
}
