//! A tier changed by hand in the customer form or with `customers update
//! --tier`: the change goes into the tier history like an adjustment at
//! review (from, to, who, when, why), in the same transaction as the edit,
//! so no tier ever changes without a trace.

use chrono::NaiveDate;
use tierdesk_domain::audit::{changed_labels, customer_ref, NewEntry};
use tierdesk_domain::points_rules::ReachPlan;
use tierdesk_domain::{Customer, CustomerDraft};

use crate::customers::{draft_values, UPDATE};
use crate::db::{AsDb, OptionalExt, Val};
use crate::{args, audit, now_text, Result, Store, StoreError};

/// What an edit by hand leaves in the audit log: a `tier.manual` entry with
/// the tier before and after and the reason when the tier changed, and a
/// `customer.edit` entry with the other fields that changed.
fn hand_entries(
    conn: &impl AsDb,
    old: &Customer,
    new: &Customer,
    reason: Option<&str>,
) -> Result<Vec<NewEntry>> {
    let Some(mut edit) = audit::customer_entry(conn, "customer.edit", Some(old), new)? else {
        return Ok(Vec::new());
    };
    let (tier, others): (Vec<_>, Vec<_>) = edit
        .details
        .changes
        .into_iter()
        .partition(|c| c.field == "tier");
    let who = customer_ref(new.id);
    let mut out = Vec::new();
    if !tier.is_empty() {
        let mut entry =
            NewEntry::for_customer("tier.manual", new.id, format!("手动调整等级 {who}"));
        entry.details.changes = tier;
        out.push(entry.fact("原因", reason.unwrap_or_default()));
    }
    if !others.is_empty() {
        edit.summary = format!("修改客户 {who}：{}", changed_labels(&others));
        edit.details.changes = others;
        out.push(edit);
    }
    Ok(out)
}

impl Store {
    /// Updates a customer like [`Store::update_customer`] and, when its tier
    /// changes, adds a history row with no batch: the tier before and after,
    /// `who`, the time and `reason`. The rating dates are kept as they were
    /// (a change by hand is not a rating). Returns the customer as stored.
    ///
    /// `reason` is `None` when the caller saw no change of tier. If the tier
    /// stored by the time the write lock is held differs all the same
    /// (another window changed it in between), the edit is refused rather
    /// than recorded without a reason.
    pub fn update_customer_by_hand(
        &mut self,
        id: i64,
        d: &CustomerDraft,
        who: &str,
        reason: Option<&str>,
    ) -> Result<Customer> {
        self.update_customer_by_hand_with(id, d, who, reason, None)
    }

    /// [`Store::update_customer_by_hand`] giving the reach bonus (`reach`:
    /// the active scheme's, when its points are on, with the day) of a tier
    /// raised by hand into one the customer holds no bonus for, in the same
    /// transaction.
    pub fn update_customer_by_hand_with(
        &mut self,
        id: i64,
        d: &CustomerDraft,
        who: &str,
        reason: Option<&str>,
        reach: Option<(&ReachPlan, NaiveDate)>,
    ) -> Result<Customer> {
        self.update_customer_at(id, d, (who, reason), reach, None)
    }

    /// [`Store::update_customer_by_hand_with`] that saves only while the
    /// customer is still at `version` (when given), checked inside the write
    /// transaction: else [`StoreError::VersionMoved`] and nothing is written
    /// (the API merges again against the newer row; see `merge.rs`).
    pub fn update_customer_at(
        &mut self,
        id: i64,
        d: &CustomerDraft,
        (who, reason): (&str, Option<&str>),
        reach: Option<(&ReachPlan, NaiveDate)>,
        version: Option<i64>,
    ) -> Result<Customer> {
        let actor = self.actor().clone();
        let tx = self.write()?;
        Self::check_code_free(&tx, d.code.as_deref(), Some(id))?;
        let old = crate::customers::customer_in(&tx, id)?;
        if let Some(v) = version.filter(|v| *v != old.version) {
            return Err(StoreError::VersionMoved {
                opened: v,
                now: old.version,
            });
        }
        // Read inside the transaction, so the "from" tier is the one the
        // edit really replaces even when another window changed it since.
        let before: Option<(Option<String>, Option<String>, Option<String>)> = tx
            .query_row(
                "SELECT tier, last_rated_on, next_rating_on FROM customers WHERE id = ?1",
                args![id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let Some((from, last, next)) = before else {
            return Err(StoreError::CustomerNotFound(id.to_string()));
        };
        let now = now_text();
        let mut bonus = 0;
        let mut values: Vec<Val<'static>> = draft_values(d).into_iter().map(Val::from).collect();
        values.push(Val::Text(now.clone().into()));
        values.push(Val::Int(id));
        values.push(Val::Text(actor.user.clone().into()));
        tx.execute(UPDATE, &values)?;
        if from.as_deref().filter(|t| !t.is_empty()) != d.tier.as_deref().filter(|t| !t.is_empty())
        {
            let Some(reason) = reason else {
                return Err(StoreError::TierChangedMeanwhile(d.name.clone()));
            };
            tx.execute(
                "INSERT INTO tier_history(customer_id, batch_id, from_tier, to_tier, score, reason, who, at, prev_last_rated_on, prev_next_rating_on)
                 VALUES (?1, NULL, ?2, ?3, NULL, ?4, ?5, ?6, ?7, ?8)",
                args![id, from, d.tier, reason, who, now, last, next],
            )?;
            if let Some((plan, day)) = reach {
                bonus = crate::points_rules::reach_hand_in(
                    &tx,
                    id,
                    (from.as_deref(), d.tier.as_deref()),
                    day,
                    plan,
                    who,
                )?;
            }
        }
        let new = crate::customers::customer_in(&tx, id)?;
        for mut entry in hand_entries(&tx, &old, &new, reason)? {
            if bonus > 0 && entry.action == "tier.manual" {
                entry = entry.fact("升级奖励积分", bonus);
            }
            audit::record(&tx, &actor, &entry)?;
        }
        tx.commit()?;
        Ok(new)
    }
}
