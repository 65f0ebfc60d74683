//! Rating: previews of a scheme over every customer (and of a draft scheme,
//! for what-if), applying a preview as a batch with the tiers chosen at
//! review, batches and their undo, a customer's explanation and tier history.
//! The as-of date is always the caller's: nothing here reads the clock.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

use tierdesk_domain::rating::reason_msg;
use tierdesk_domain::{
    Batch, HistoryEntry, ManualChoice, Msg, NewBatch, OverrideEntry, TierChange,
};
use tierdesk_store::{PurchaseTotals, PurchaseWindow, RatingCustomer};
use tierdesk_tiers::{self as tiers, CustomerFacts, Explanation, Figures, Model, Scheme};
use ts_rs::TS;

use crate::schemes::parse;
use crate::{Api, ApiError, ErrorCode, Result};

/// A customer who would change tier.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct MoveLine {
    pub customer_id: i64,
    pub code: Option<String>,
    pub name: String,
    pub from: Option<String>,
    pub to: String,
    pub reason: Option<String>,
    /// Set when `to` is a tier chosen at an earlier review that still holds:
    /// the last day it holds.
    pub standing_until: Option<NaiveDate>,
}

/// A person's choice of tier for one customer at review, sent with the
/// approval of an evaluation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Override {
    pub customer_id: i64,
    /// Key of a tier of the scheme being applied.
    pub tier: String,
    /// Why; required.
    pub reason: String,
    /// Later ratings keep the chosen tier up to and including this day;
    /// without one the choice is for this rating only.
    pub expires_on: Option<NaiveDate>,
}

/// An applied batch in full, for `batch show` and the batch page.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct BatchDetail {
    pub batch: Batch,
    pub scheme_name: String,
    /// Customers per tier after the batch, highest tier first.
    pub counts: Vec<tiers::TierCount>,
    /// Previous tier → new tier → customers (`""` for not rated).
    #[ts(type = "Record<string, Record<string, number>>")]
    pub matrix: BTreeMap<String, BTreeMap<String, u64>>,
    pub overrides: Vec<OverrideEntry>,
    /// The customers who changed tier, highest spend first.
    pub moves: Vec<MoveLine>,
}

/// What an evaluation would do, before anything is saved.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct EvaluationPreview {
    pub scheme: String,
    pub scheme_version: u32,
    pub as_of: NaiveDate,
    pub period: String,
    pub customers: u64,
    pub counts: Vec<tiers::TierCount>,
    /// Previous tier → new tier → customers (`""` for not rated).
    #[ts(type = "Record<string, Record<string, number>>")]
    pub matrix: std::collections::BTreeMap<String, std::collections::BTreeMap<String, u64>>,
    pub moved: u64,
    /// The customers who would move (at most 1,000 listed).
    pub moves: Vec<MoveLine>,
    /// Customers whose tier comes from a choice made at an earlier review
    /// that still holds, moving or not.
    pub standing: Vec<MoveLine>,
}

/// A rating ready to be written: the scheme, the period, what the engine
/// knew of each live customer and one change for each, in the same order.
pub(crate) struct PlannedRating {
    pub scheme: Scheme,
    pub period: String,
    pub facts: Vec<CustomerFacts>,
    pub changes: Vec<TierChange>,
    /// The scheme's revision, read before the scheme itself: the write
    /// refuses a rating whose scheme was saved since.
    pub revision: i64,
    /// How long reading the figures and evaluating took.
    pub times: RatingTimes,
}

/// How long the parts of a rating took: reading every customer's figures,
/// evaluating them (with the review's choices) and writing the batch. For
/// the benchmarks, which print them apart.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, Default)]
pub struct RatingTimes {
    pub read: Duration,
    pub evaluate: Duration,
    pub write: Duration,
}

/// The engine's view of a customer's purchases, from the store's totals.
fn purchases(t: &PurchaseTotals) -> tiers::Purchases {
    tiers::Purchases {
        orders: t.orders,
        spend: t.spend,
        first: t.first.map(|d| d.date()),
        last: t.last.map(|d| d.date()),
        first_ever: t.first_ever.map(|d| d.date()),
    }
}

impl Api {
    /// What-if: runs a draft scheme (TOML, e.g. a changed threshold) over
    /// every customer without saving it — the new distribution, the matrix
    /// current tier → new tier and the customers who would move.
    pub fn preview_scheme_draft(
        &self,
        toml_text: &str,
        as_of: NaiveDate,
    ) -> Result<EvaluationPreview> {
        self.allow(crate::domain::Perm::View)?;
        self.ensure_schemes()?;
        let scheme = self.read_scheme(toml_text)?;
        let period = scheme.rating_period(as_of, None)?;
        let input = self.population(&scheme, as_of, &period)?;
        self.preview_with(&scheme, as_of, period, &input)
    }

    /// What the engine knows of every live customer (in id order) for a
    /// rating as of a date in a period: who it is, its tier and the record's
    /// figures, replaced by what the order lines in the scheme's window give
    /// for customers who have order lines.
    pub(crate) fn population(
        &self,
        scheme: &Scheme,
        as_of: NaiveDate,
        period: &str,
    ) -> Result<Vec<CustomerFacts>> {
        // Room for everyone at once: growing a vector of a million by
        // doubling copied it over and over into fresh memory (a third of a
        // million-customer read went on zeroing new pages).
        let live = self.store.customer_count()? as usize;
        let mut input: Vec<CustomerFacts> = Vec::with_capacity(live);
        self.store
            .for_each_rating_customer(|c| input.push(facts_of(c)))?;
        // By id, as everything below looks customers up. A team database
        // sends them as it stores them: in order (the sort's one pass, about
        // 10 ms at a million) until edits move rows, then the sort costs
        // 0.16–0.37 s at a million. Sorting the ids alone and moving the
        // customers into place was no faster (moving 224-byte items is the
        // cost); asking the server for id order cost it about 0.4 s more.
        input.sort_unstable_by_key(|c| c.id);
        let span = scheme.window.span(as_of, period)?;
        let window = PurchaseWindow {
            from: span.from,
            to: span.to,
            net_returns: scheme.net_returns,
        };
        for t in self.store.purchase_totals(&window)? {
            // Lines of customers in the recycle bin have no one to go to.
            if let Ok(i) = input.binary_search_by_key(&t.customer_id, |c| c.id) {
                input[i].take_purchases(&purchases(&t), span, as_of);
            }
        }
        // Survey answers up to the as-of date: nps, csat, nps_avg, csat_avg.
        for (id, facts) in self.store.survey_facts(as_of)? {
            if let Ok(i) = input.binary_search_by_key(&id, |c| c.id) {
                input[i].take_survey(&facts);
            }
        }
        if scheme.protection.grace_periods.is_some() {
            for (id, n) in self.store.reason_streaks(tiers::GRACE_PREFIX)? {
                if let Ok(i) = input.binary_search_by_key(&id, |c| c.id) {
                    input[i].grace_periods_used = n;
                }
            }
        }
        Ok(input)
    }

    /// Runs a scheme over every customer without saving anything.
    pub fn preview_evaluation(
        &self,
        scheme_key: &str,
        as_of: NaiveDate,
    ) -> Result<EvaluationPreview> {
        self.allow(crate::domain::Perm::View)?;
        self.preview_evaluation_in(scheme_key, as_of, None)
    }

    /// A preview for a named period (2024Q1, 2024H1, 2024), which decides
    /// the purchases a `calendar_period` window reads; without one, the
    /// period of the scheme's cycle that holds the as-of date.
    pub fn preview_evaluation_in(
        &self,
        scheme_key: &str,
        as_of: NaiveDate,
        period: Option<&str>,
    ) -> Result<EvaluationPreview> {
        self.allow(crate::domain::Perm::View)?;
        let scheme = self.scheme(scheme_key)?;
        let period = scheme.rating_period(as_of, period)?;
        let input = self.population(&scheme, as_of, &period)?;
        self.preview_with(&scheme, as_of, period, &input)
    }

    /// Evaluates and then puts in the tier chosen at an earlier review every
    /// customer whose choice still holds on `as_of`. Returns the evaluation
    /// and, by customer id, the last day each such choice holds.
    fn evaluate_reviewed(
        &self,
        scheme: &Scheme,
        as_of: NaiveDate,
        input: &[CustomerFacts],
    ) -> Result<(tiers::Evaluation, HashMap<i64, NaiveDate>)> {
        let mut eval = tiers::evaluate(scheme, as_of, input)?;
        let mut standing = HashMap::new();
        for o in self.store.standing_overrides(&scheme.key, as_of)? {
            let (Ok(i), Some(until)) = (
                input.binary_search_by_key(&o.customer_id, |c| c.id),
                o.expires_on,
            ) else {
                continue;
            };
            // A tier the scheme no longer has cannot be kept.
            if eval.set_tier(
                i,
                &o.tier,
                Msg::new("rating.reason_manual_until")
                    .with("until", until)
                    .zh(),
            ) {
                standing.insert(o.customer_id, until);
            }
        }
        Ok((eval, standing))
    }

    fn preview_with(
        &self,
        scheme: &Scheme,
        as_of: NaiveDate,
        period: String,
        input: &[CustomerFacts],
    ) -> Result<EvaluationPreview> {
        let (eval, standing) = self.evaluate_reviewed(scheme, as_of, input)?;
        let migration = tiers::migration(&eval);
        let line = |i: usize| {
            let o = &eval.outcomes[i];
            MoveLine {
                customer_id: o.customer_id,
                code: input[i].code.clone(),
                name: input[i].name.clone(),
                from: o.previous.clone(),
                to: o.tier.clone(),
                reason: o.protection.clone(),
                standing_until: standing.get(&o.customer_id).copied(),
            }
        };
        let moves = migration
            .moves
            .iter()
            .take(1000)
            .filter_map(|m| {
                input
                    .binary_search_by_key(&m.customer_id, |c| c.id)
                    .ok()
                    .map(line)
            })
            .collect();
        let mut standing_lines: Vec<MoveLine> = standing
            .keys()
            .filter_map(|id| input.binary_search_by_key(id, |c| c.id).ok().map(line))
            .collect();
        standing_lines.sort_by_key(|l| l.customer_id);
        Ok(EvaluationPreview {
            scheme: scheme.key.clone(),
            scheme_version: scheme.version,
            as_of,
            period,
            customers: input.len() as u64,
            counts: eval.counts,
            matrix: migration.matrix,
            moved: migration.moves.len() as u64,
            moves,
            standing: standing_lines,
        })
    }

    /// Evaluates every customer and applies the result as one batch: tiers,
    /// 上次评级日期 and 下一次评级日期 change, and each customer's history
    /// records the change. `overrides` are the tiers a person chose at
    /// review instead of the proposal, each with a reason; one with an end
    /// date also holds for later ratings by this scheme until that day has
    /// passed. The newest batch can be undone.
    pub fn apply_evaluation(
        &mut self,
        scheme_key: &str,
        as_of: NaiveDate,
        period: Option<&str>,
        who: &str,
        overrides: &[Override],
    ) -> Result<Batch> {
        self.apply_evaluation_timed(scheme_key, as_of, period, who, overrides)
            .map(|(batch, _)| batch)
    }

    /// How long reading the figures and evaluating them take for a rating
    /// of a scheme, without writing anything: the computation the
    /// benchmarks time apart from the write.
    #[doc(hidden)]
    pub fn time_rating_computation(
        &self,
        scheme_key: &str,
        as_of: NaiveDate,
    ) -> Result<RatingTimes> {
        self.allow(crate::domain::Perm::View)?;
        Ok(self.rating_changes(scheme_key, as_of, None, &[])?.times)
    }

    /// [`Api::apply_evaluation`], saying how long its parts took.
    #[doc(hidden)]
    pub fn apply_evaluation_timed(
        &mut self,
        scheme_key: &str,
        as_of: NaiveDate,
        period: Option<&str>,
        who: &str,
        overrides: &[Override],
    ) -> Result<(Batch, RatingTimes)> {
        self.allow(crate::domain::Perm::Ratings)?;
        let planned = self.rating_changes(scheme_key, as_of, period, overrides)?;
        let mut times = planned.times;
        let batch = NewBatch {
            scheme_key: planned.scheme.key.clone(),
            scheme_version: planned.scheme.version,
            period: planned.period,
            as_of,
            applied_by: who.to_owned(),
            rated_on: as_of,
            next_rating_on: tiers::next_rating_date(as_of, planned.scheme.cycle),
        };
        self.backup_before(crate::BackupReason::Rating)?;
        // The rated scheme's reach bonuses, when its points are on.
        let reach = planned.scheme.reach_plan();
        let t = Instant::now();
        let batch = self.store.apply_batch_rated_at(
            &batch,
            &planned.changes,
            reach.as_ref(),
            Some(planned.revision),
        )?;
        times.write = t.elapsed();
        Ok((batch, times))
    }

    /// What applying a scheme with the review's choices writes: one change
    /// per live customer, in id order (`facts[i]` is the customer of
    /// `changes[i]`). Applying and the count the confirmation announces
    /// ([`Api::apply_plan`]) both start here.
    pub(crate) fn rating_changes(
        &self,
        scheme_key: &str,
        as_of: NaiveDate,
        period: Option<&str>,
        overrides: &[Override],
    ) -> Result<PlannedRating> {
        // The revision first: a save landing between the two reads makes the
        // write refuse (never a batch naming rules it was not rated by).
        self.ensure_schemes()?;
        let revision = self
            .store
            .scheme_head(scheme_key)?
            .map_or(0, |h| h.revision);
        let scheme = self.scheme(scheme_key)?;
        let period = scheme.rating_period(as_of, period)?;
        let t = Instant::now();
        let input = self.population(&scheme, as_of, &period)?;
        let read = t.elapsed();
        let t = Instant::now();
        let chosen = check_overrides(&scheme, as_of, &input, overrides)?;
        let (eval, _) = self.evaluate_reviewed(&scheme, as_of, &input)?;
        // The one reason of every customer the rules placed, written once.
        let rated = format!("{period} 评级（{}）", scheme.name);
        let changes: Vec<TierChange> = eval
            .outcomes
            .into_iter()
            .map(|o| match chosen.get(&o.customer_id) {
                Some(v) => TierChange {
                    customer_id: o.customer_id,
                    to_tier: v.tier.clone(),
                    score: o.score,
                    reason: format!("人工调整：{}", v.reason.trim()),
                    manual: Some(ManualChoice {
                        proposed_tier: o.tier,
                        reason: v.reason.trim().to_owned(),
                        expires_on: v.expires_on,
                    }),
                },
                None => TierChange {
                    customer_id: o.customer_id,
                    to_tier: o.tier,
                    score: o.score,
                    reason: o.protection.unwrap_or_else(|| rated.clone()),
                    manual: None,
                },
            })
            .collect();
        let times = RatingTimes {
            read,
            evaluate: t.elapsed(),
            write: Duration::ZERO,
        };
        Ok(PlannedRating {
            scheme,
            period,
            facts: input,
            changes,
            revision,
            times,
        })
    }

    /// A batch with its counts per tier, movement matrix, the tiers chosen
    /// at review and the customers who moved.
    pub fn batch_detail(&self, id: i64) -> Result<BatchDetail> {
        self.allow(crate::domain::Perm::View)?;
        let batch = self.store.batch(id)?.ok_or_else(|| {
            ApiError::new(ErrorCode::NotFound, format!("没有编号为 {id} 的评级批次"))
        })?;
        let scheme = match self
            .store
            .scheme_version(&batch.scheme_key, batch.scheme_version)?
        {
            Some(s) => Some(parse(&s)?),
            None => None,
        };
        let mut matrix: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
        let mut after: BTreeMap<String, u64> = BTreeMap::new();
        for (from, to, n) in self.store.batch_matrix(id)? {
            let to = to.unwrap_or_default();
            *after.entry(to.clone()).or_default() += n;
            *matrix
                .entry(from.unwrap_or_default())
                .or_default()
                .entry(to)
                .or_default() += n;
        }
        let counts = match &scheme {
            Some(s) => s
                .tiers
                .iter()
                .map(|t| tiers::TierCount {
                    tier: t.key.clone(),
                    name: t.name.clone(),
                    color: t.color.clone(),
                    count: after.get(&t.key).copied().unwrap_or(0),
                })
                .collect(),
            None => after
                .iter()
                .map(|(k, n)| tiers::TierCount {
                    tier: k.clone(),
                    name: k.clone(),
                    color: String::new(),
                    count: *n,
                })
                .collect(),
        };
        let moves = self
            .store
            .batch_moves(id)?
            .into_iter()
            .map(|m| MoveLine {
                customer_id: m.customer_id,
                code: m.code,
                name: m.name,
                from: m.from_tier,
                to: m.to_tier.unwrap_or_default(),
                reason: Some(m.reason),
                standing_until: None,
            })
            .collect();
        Ok(BatchDetail {
            scheme_name: scheme
                .map(|s| s.name)
                .unwrap_or_else(|| batch.scheme_key.clone()),
            overrides: self.store.batch_overrides(id)?,
            batch,
            counts,
            matrix,
            moves,
        })
    }

    pub fn undo_last_batch(&mut self) -> Result<Batch> {
        self.allow(crate::domain::Perm::Ratings)?;
        self.backup_before(crate::BackupReason::Rating)?;
        self.store
            .undo_last_batch()?
            .ok_or_else(|| ApiError::new(ErrorCode::NotFound, "没有可以撤销的评级批次"))
    }

    pub fn batches(&self) -> Result<Vec<Batch>> {
        self.allow(crate::domain::Perm::View)?;
        Ok(self.store.batches()?)
    }

    pub fn tier_history(&self, customer_id: i64) -> Result<Vec<HistoryEntry>> {
        self.allow(crate::domain::Perm::View)?;
        Ok(self.store.tier_history(customer_id)?)
    }

    /// Why a customer gets the tier a scheme gives it, figure by figure.
    pub fn explain(
        &self,
        customer_id: i64,
        scheme_key: Option<&str>,
        as_of: NaiveDate,
    ) -> Result<Explanation> {
        self.allow(crate::domain::Perm::View)?;
        let scheme = match scheme_key {
            Some(k) => self.scheme(k)?,
            None => self.active_scheme()?,
        };
        let period = scheme.rating_period(as_of, None)?;
        let input = self.population(&scheme, as_of, &period)?;
        let index = input
            .binary_search_by_key(&customer_id, |c| c.id)
            .map_err(|_| {
                ApiError::new(
                    ErrorCode::NotFound,
                    format!("找不到客户 {customer_id}（或已在回收站中）"),
                )
            })?;
        let figures: Vec<Figures> = input.iter().map(|c| Figures::of(c, as_of)).collect();
        let model = Model::build(&scheme, &figures)?;
        let mut x = model.explain(index, &input[index], &figures[index]);
        // The rules' tier is only where a rating starts: protection (the new
        // customer rule, the grace margin, grace for N ratings, the most
        // levels down) and a tier chosen at review that still holds can keep
        // the customer elsewhere. The explanation starts from the tier the
        // rating would actually give, the same evaluation a preview runs, and
        // says which rule holds it there and what the figures alone give.
        let (eval, standing) = self.evaluate_reviewed(&scheme, as_of, &input)?;
        let outcome = &eval.outcomes[index];
        let name_of = |key: &str| {
            scheme
                .tiers
                .iter()
                .find(|t| t.key == key)
                .map(|t| t.name.clone())
                .unwrap_or_else(|| key.to_owned())
        };
        if outcome.tier != x.tier {
            let by_rules = x.tier_name.clone();
            let held = match standing.get(&customer_id) {
                Some(until) => {
                    let reason = self
                        .store
                        .standing_overrides(&scheme.key, as_of)?
                        .into_iter()
                        .find(|o| o.customer_id == customer_id)
                        .map(|o| o.reason)
                        .unwrap_or_default();
                    Msg::new("explain.held_manual")
                        .with("tier", name_of(&outcome.tier))
                        .with("until", until)
                        .with("reason", reason)
                        .with("by_rules", &by_rules)
                }
                // The engine's reason names the rule and the tier kept,
                // e.g. 宽限期：第 1/2 期，保留「铂金」.
                None => Msg::new("explain.held_rule")
                    .with_msg(
                        "rule",
                        match outcome.protection.as_deref() {
                            Some(rule) => reason_msg(rule),
                            None => Msg::new("rating.kept"),
                        },
                    )
                    .with("by_rules", &by_rules),
            };
            x.held = Some(held.zh());
            x.held_msg = Some(held);
            x.tier = outcome.tier.clone();
            x.tier_name = name_of(&outcome.tier);
        }
        // Custom fields are shown by their labels, not their keys.
        let defs = self.field_defs()?;
        for line in &mut x.figures {
            if let Some(d) = defs.iter().find(|d| d.key == line.key) {
                line.label = d.label.clone();
                line.label_msg = tierdesk_domain::Msg::text(&d.label);
            }
        }
        Ok(x)
    }
}

/// Checks the tiers chosen at review before anything is written: each for a
/// customer of the archive, once, with a tier of the scheme, a reason and an
/// end date not before the rating date.
fn check_overrides<'a>(
    scheme: &Scheme,
    as_of: NaiveDate,
    customers: &[CustomerFacts],
    overrides: &'a [Override],
) -> Result<HashMap<i64, &'a Override>> {
    let mut chosen = HashMap::new();
    for v in overrides {
        let c = customers
            .binary_search_by_key(&v.customer_id, |c| c.id)
            .map(|i| &customers[i])
            .map_err(|_| {
                ApiError::new(
                    ErrorCode::NotFound,
                    format!("找不到要调整的客户 {}（或已在回收站中）", v.customer_id),
                )
            })?;
        let Some(rank) = scheme.rank(&v.tier) else {
            let names: Vec<&str> = scheme.tiers.iter().map(|t| t.name.as_str()).collect();
            return Err(ApiError::invalid(format!(
                "方案「{}」没有等级「{}」，客户「{}」只能调整为：{}",
                scheme.name,
                v.tier,
                c.name,
                names.join("、")
            )));
        };
        let tier_name = &scheme.tiers[rank].name;
        if v.reason.trim().is_empty() {
            return Err(ApiError::invalid(format!(
                "请填写把客户「{}」调整为「{tier_name}」的原因",
                c.name
            )));
        }
        if let Some(d) = v.expires_on.filter(|d| *d < as_of) {
            return Err(ApiError::invalid(format!(
                "客户「{}」的调整有效期 {d} 早于评级日期 {as_of}",
                c.name
            )));
        }
        if chosen.insert(v.customer_id, v).is_some() {
            return Err(ApiError::invalid(format!(
                "客户「{}」被调整了不止一次，请只保留一项",
                c.name
            )));
        }
    }
    Ok(chosen)
}

/// What the engine knows of a customer from the record alone (what a
/// rating reads of it, `RatingCustomer`): the order-line figures come
/// later, through `take_purchases`. The one conversion into the engine's
/// facts.
fn facts_of(c: RatingCustomer) -> CustomerFacts {
    CustomerFacts {
        id: c.id,
        code: c.code,
        name: c.name,
        spend: c.spend,
        frequency: c.frequency,
        tenure_years: c.tenure_years,
        influence: c.influence,
        orders: None,
        recency_days: None,
        avg_order_value: None,
        registered_on: c.registered_on,
        current_tier: c.tier,
        custom: c
            .fields
            .iter()
            .filter_map(|(k, v)| v.as_f64().map(|x| (k.clone(), x)))
            .collect(),
        grace_periods_used: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::facts_of;
    use tierdesk_store::RatingCustomer;

    #[test]
    fn the_engine_takes_a_customers_record_figures_and_numeric_custom_fields() {
        let c = RatingCustomer {
            id: 7,
            code: Some("C007".into()),
            name: "王五".into(),
            tier: Some("gold".into()),
            spend: Some(1200.5),
            frequency: None,
            tenure_years: None,
            influence: Some(3.0),
            registered_on: None,
            fields: serde_json::from_value(
                serde_json::json!({ "satisfaction": 88, "channel": "门店" }),
            )
            .unwrap(),
        };
        let f = facts_of(c);
        assert_eq!(
            (f.id, f.code.as_deref(), f.name.as_str()),
            (7, Some("C007"), "王五")
        );
        assert_eq!(
            (f.spend, f.frequency, f.influence),
            (Some(1200.5), None, Some(3.0))
        );
        assert_eq!(f.current_tier.as_deref(), Some("gold"));
        assert_eq!(
            f.custom.into_iter().collect::<Vec<_>>(),
            vec![("satisfaction".to_owned(), 88.0)],
            "text fields are no figures"
        );
        assert_eq!(
            (f.orders, f.recency_days, f.grace_periods_used),
            (None, None, 0)
        );
    }
}
