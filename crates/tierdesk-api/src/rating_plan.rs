//! The questions asked before a rating is written or undone, answered from
//! the store rather than from what a page still shows: how many customers
//! applying will move (counted as the batch will count them, after the
//! review's choices) and which batch an undo would take back, with its
//! title and the number of customers whose tier it puts back.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tierdesk_tiers::period_label;
use ts_rs::TS;

use crate::rating::Override;
use crate::{Api, Result};

/// What applying a rating with the review's choices would write.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ApplyPlan {
    /// Customers rated (every live customer).
    pub customers: u64,
    /// Customers whose tier changes: the batch's `moved` once applied.
    pub moved: u64,
    /// Customers whose tier a person chose at review.
    pub overrides: u64,
}

/// The batch an undo would take back now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct UndoPlan {
    pub batch_id: i64,
    /// 2026Q4, 2026H1 or 2026.
    pub period: String,
    /// 「2026年第四季度评级」: the period in words and 评级.
    pub title: String,
    /// `title` as a message (`rating.undo_title`), in the UI's language.
    pub title_msg: tierdesk_domain::Msg,
    /// Customers whose tier and rating dates the undo puts back.
    pub customers: u64,
}

/// A batch's title as people name it: 2026Q4 → 「2026年第四季度评级」.
pub fn batch_title(period: &str) -> String {
    format!("{}评级", period_label(period))
}

impl Api {
    /// The count the confirmation of a rating announces, from the same
    /// changes [`Api::apply_evaluation`] writes and the same test the store
    /// counts `moved` with ([`tierdesk_domain::TierChange::moves_from`]): a
    /// customer a person kept in their tier at review is not counted, one
    /// moved to the tier they already hold neither.
    pub fn apply_plan(
        &self,
        scheme_key: &str,
        as_of: NaiveDate,
        period: Option<&str>,
        overrides: &[Override],
    ) -> Result<ApplyPlan> {
        self.allow(crate::domain::Perm::View)?;
        let planned = self.rating_changes(scheme_key, as_of, period, overrides)?;
        let moved = planned
            .facts
            .iter()
            .zip(&planned.changes)
            .filter(|(c, change)| change.moves_from(c.current_tier.as_deref()))
            .count();
        Ok(ApplyPlan {
            customers: planned.changes.len() as u64,
            moved: moved as u64,
            overrides: planned
                .changes
                .iter()
                .filter(|c| c.manual.is_some())
                .count() as u64,
        })
    }

    /// The batch [`Api::undo_last_batch`] would undo, or `None`.
    pub fn undo_plan(&self) -> Result<Option<UndoPlan>> {
        self.allow(crate::domain::Perm::View)?;
        Ok(self.store.batch_to_undo()?.map(|(b, customers)| UndoPlan {
            batch_id: b.id,
            title: batch_title(&b.period),
            title_msg: tierdesk_domain::Msg::new("rating.undo_title").with("period", &b.period),
            period: b.period,
            customers,
        }))
    }
}
