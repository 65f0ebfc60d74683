//! The 分析 figures: retention per period and tier, cohorts, tier movement
//! and the figures per 客户经理. The store streams the customers; the churn
//! crate adds them up; the active scheme gives the tiers' order, each
//! tier's rhythm rule (k and usual interval) and visit interval.

use std::collections::HashMap;

use chrono::{Months, NaiveDate};
use tierdesk_churn::cohorts::{CohortTally, Cohorts};
use tierdesk_churn::managers::{ManagerFacts, ManagerFigures, ManagerTally};
use tierdesk_churn::movement::{tier_movement, BatchInfo, TierMovement};
use tierdesk_churn::retention::{
    CustomerHistory, PurchaseDay, RetentionFigures, RetentionTally, Rhythm, Rhythms, TierChange,
};
use tierdesk_domain::survey::PeriodKind;
use tierdesk_store::{AnalysisCustomer, AnalysisRead};
use tierdesk_tiers::{Scheme, TierChurn};

use crate::{Api, ApiError, ErrorCode, Result};

/// The most periods or cohort months one call computes.
pub const MAX_PERIODS: u32 = 120;

/// Periods shown when none are asked for: 12 months, 8 quarters, 5 years.
pub fn default_periods(by: PeriodKind) -> u32 {
    match by {
        PeriodKind::Month => 12,
        PeriodKind::Quarter => 8,
        PeriodKind::Year => 5,
    }
}

fn check_count(what: &str, n: u32) -> Result<u32> {
    if n == 0 || n > MAX_PERIODS {
        return Err(ApiError::new(
            ErrorCode::Invalid,
            format!("{what}应在 1 到 {MAX_PERIODS} 之间，收到 {n}"),
        ));
    }
    Ok(n)
}

fn rhythm(c: TierChurn) -> Rhythm {
    Rhythm {
        factor: c.rhythm_factor,
        usual_interval_days: c.usual_interval_days,
    }
}

/// Each tier's rhythm rule from the scheme's churn settings.
fn rhythms(scheme: Option<&Scheme>) -> Rhythms {
    Rhythms {
        by_tier: scheme
            .map(|s| {
                s.tiers
                    .iter()
                    .map(|t| (t.key.clone(), rhythm(s.churn(&t.key))))
                    .collect()
            })
            .unwrap_or_default(),
        other: rhythm(TierChurn::untiered()),
    }
}

fn tier_order(scheme: Option<&Scheme>) -> Vec<String> {
    scheme
        .map(|s| s.tiers.iter().map(|t| t.key.clone()).collect())
        .unwrap_or_default()
}

/// The store's row in the churn crate's types, in reused buffers.
#[derive(Default)]
struct Buffers {
    days: Vec<PurchaseDay>,
    changes: Vec<TierChange>,
}

impl Buffers {
    fn fill(&mut self, c: &AnalysisCustomer, changes: bool) {
        self.days.clear();
        self.days
            .extend(
                c.days
                    .iter()
                    .map(|&(day, orders, spend)| PurchaseDay { day, orders, spend }),
            );
        self.changes.clear();
        if changes {
            self.changes
                .extend(c.tier_changes.iter().map(|(on, from, to)| TierChange {
                    on: *on,
                    from: from.clone(),
                    to: to.clone(),
                }));
        }
    }
}

impl Api {
    /// The active scheme, or `None` when it cannot be read (the figures
    /// then use the defaults of customers without a tier).
    fn analysis_scheme(&self) -> Option<Scheme> {
        self.active_scheme().ok()
    }

    /// Retention figures for the last `periods` periods of `by` up to
    /// `as_of` (the default count by kind when `None`).
    pub fn analysis_retention(
        &self,
        by: PeriodKind,
        as_of: NaiveDate,
        periods: Option<u32>,
    ) -> Result<RetentionFigures> {
        let count = check_count("期数", periods.unwrap_or(default_periods(by)))?;
        let scheme = self.analysis_scheme();
        let mut tally = RetentionTally::new(by, as_of, count as usize, rhythms(scheme.as_ref()));
        let read = AnalysisRead {
            as_of,
            tier_changes: true,
            followups: false,
            alerts: None,
        };
        let mut buf = Buffers::default();
        self.store.for_each_analysis_customer(&read, |c| {
            buf.fill(c, true);
            tally.add(&CustomerHistory {
                tier_now: c.tier.as_deref(),
                tier_changes: &buf.changes,
                days: &buf.days,
            });
            Ok(())
        })?;
        Ok(tally.finish(&tier_order(scheme.as_ref())))
    }

    /// Cohort retention for the `months` months up to `as_of` (12 when `None`).
    pub fn analysis_cohorts(&self, as_of: NaiveDate, months: Option<u32>) -> Result<Cohorts> {
        let months = check_count("月数", months.unwrap_or(12))?;
        let mut tally = CohortTally::new(as_of, months);
        let read = AnalysisRead {
            as_of,
            tier_changes: false,
            followups: false,
            alerts: None,
        };
        let mut buf = Buffers::default();
        self.store.for_each_analysis_customer(&read, |c| {
            buf.fill(c, false);
            tally.add(&buf.days);
            Ok(())
        })?;
        Ok(tally.finish())
    }

    /// The figures per 客户经理 over `from..=to` (`from` defaults to twelve
    /// months before `to`, the day after).
    pub fn analysis_managers(
        &self,
        from: Option<NaiveDate>,
        to: NaiveDate,
    ) -> Result<ManagerFigures> {
        let from = from.unwrap_or_else(|| {
            to.checked_sub_months(Months::new(12))
                .and_then(|d| d.succ_opt())
                .unwrap_or(to)
        });
        if from > to {
            return Err(ApiError::new(
                ErrorCode::Invalid,
                format!("开始日期 {from} 晚于结束日期 {to}"),
            ));
        }
        let scheme = self.analysis_scheme();
        let visit_days: HashMap<String, u32> = scheme
            .as_ref()
            .map(|s| {
                s.tiers
                    .iter()
                    .filter_map(|t| Some((t.key.clone(), s.care(&t.key).visit_days?)))
                    .collect()
            })
            .unwrap_or_default();
        let known = self.store.churn_refreshed()?;
        let mut tally = ManagerTally::new(from, to, visit_days, known);
        let read = AnalysisRead {
            as_of: to,
            tier_changes: false,
            followups: true,
            alerts: known.then_some((from, to)),
        };
        let mut buf = Buffers::default();
        self.store.for_each_analysis_customer(&read, |c| {
            buf.fill(c, false);
            tally.add(&ManagerFacts {
                manager: c.manager.as_deref(),
                tier_now: c.tier.as_deref(),
                days: &buf.days,
                last_followup: c.last_followup,
                alerts_open: c.alerts_open,
                alerts_recovered: c.alerts_recovered,
            });
            Ok(())
        })?;
        Ok(tally.finish())
    }

    /// Tier counts and moves of every rating batch not undone, oldest first.
    pub fn analysis_tier_movement(&self) -> Result<TierMovement> {
        let mut batches: Vec<BatchInfo> = self
            .store
            .batches()?
            .into_iter()
            .filter(|b| b.undone_at.is_none())
            .map(|b| BatchInfo {
                id: b.id,
                period: b.period,
                as_of: b.as_of,
            })
            .collect();
        batches.sort_by_key(|b| b.id);
        let flows = self.store.tier_flows()?;
        let scheme = self.analysis_scheme();
        Ok(tier_movement(
            &batches,
            &flows,
            &tier_order(scheme.as_ref()),
        ))
    }
}
