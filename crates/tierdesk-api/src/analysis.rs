//! The 分析 figures: retention per period and tier, cohorts, tier movement
//! and the figures per 客户经理. The store streams the customers; the churn
//! crate adds them up; the active scheme gives the tiers' order, each
//! tier's rhythm rule (k and usual interval) and visit interval.

use std::collections::HashMap;

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use tierdesk_churn::cohorts::{CohortTally, Cohorts};
use tierdesk_churn::managers::{ManagerFacts, ManagerFigures, ManagerTally};
use tierdesk_churn::movement::{tier_movement, BatchInfo, TierMovement};
use tierdesk_churn::retention::{
    CustomerHistory, PurchaseDay, RetentionFigures, RetentionTally, Rhythm, Rhythms, TierChange,
};
use tierdesk_domain::survey::PeriodKind;
use tierdesk_store::{AnalysisCustomer, AnalysisRead};
use tierdesk_tiers::{Scheme, TierChurn};
use ts_rs::TS;

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

/// The tallies one pass over the customers feeds; each is optional, so one
/// figure costs one read and the whole 分析 page one read too.
#[derive(Default)]
struct Tallies<'a> {
    retention: Option<&'a mut RetentionTally>,
    cohorts: Option<&'a mut CohortTally>,
    managers: Option<&'a mut ManagerTally>,
}

/// Everything the 分析 page shows, from one pass over the customers.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct AnalysisFigures {
    pub retention: RetentionFigures,
    pub cohorts: Cohorts,
    pub managers: ManagerFigures,
    pub movement: TierMovement,
}

/// The managers' span: `from` (default: twelve months before `to`, the day
/// after) to `to`.
fn manager_span(from: Option<NaiveDate>, to: NaiveDate) -> Result<(NaiveDate, NaiveDate)> {
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
    Ok((from, to))
}

impl Api {
    /// The active scheme, or `None` when there is none (the active key names
    /// no stored scheme: the figures then use the defaults of customers
    /// without a tier). A database error or an unreadable scheme is an error,
    /// not silently untiered figures.
    fn analysis_scheme(&self) -> Result<Option<Scheme>> {
        match self.active_scheme() {
            Ok(s) => Ok(Some(s)),
            Err(e) if e.code == ErrorCode::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    fn retention_tally(
        &self,
        scheme: Option<&Scheme>,
        by: PeriodKind,
        as_of: NaiveDate,
        periods: Option<u32>,
    ) -> Result<RetentionTally> {
        let count = check_count("期数", periods.unwrap_or(default_periods(by)))?;
        Ok(RetentionTally::new(
            by,
            as_of,
            count as usize,
            rhythms(scheme),
        ))
    }

    fn manager_tally(
        &self,
        scheme: Option<&Scheme>,
        span: (NaiveDate, NaiveDate),
    ) -> Result<ManagerTally> {
        let visit_days: HashMap<String, u32> = scheme
            .map(|s| {
                s.tiers
                    .iter()
                    .filter_map(|t| Some((t.key.clone(), s.care(&t.key).visit_days?)))
                    .collect()
            })
            .unwrap_or_default();
        let known = self.store.churn_refreshed()?;
        Ok(ManagerTally::new(span.0, span.1, visit_days, known))
    }

    /// One pass over the live customers up to `as_of` into the tallies given.
    fn analysis_pass(&self, as_of: NaiveDate, mut t: Tallies<'_>) -> Result<()> {
        let changes = t.retention.is_some();
        let read = AnalysisRead {
            as_of,
            tier_changes: changes,
            followups: t.managers.is_some(),
            alerts: t
                .managers
                .as_deref()
                .filter(|m| m.alerts_known())
                .map(ManagerTally::span),
        };
        let mut buf = Buffers::default();
        self.store.for_each_analysis_customer(&read, |c| {
            buf.fill(c, changes);
            if let Some(r) = t.retention.as_mut() {
                r.add(&CustomerHistory {
                    tier_now: c.tier.as_deref(),
                    tier_changes: &buf.changes,
                    days: &buf.days,
                });
            }
            if let Some(co) = t.cohorts.as_mut() {
                co.add(&buf.days);
            }
            if let Some(m) = t.managers.as_mut() {
                m.add(&ManagerFacts {
                    manager: c.manager.as_deref(),
                    tier_now: c.tier.as_deref(),
                    days: &buf.days,
                    last_followup: c.last_followup,
                    alerts_open: c.alerts_open,
                    alerts_recovered: c.alerts_recovered,
                });
            }
            Ok(())
        })?;
        Ok(())
    }

    /// Retention figures for the last `periods` periods of `by` up to
    /// `as_of` (the default count by kind when `None`).
    pub fn analysis_retention(
        &self,
        by: PeriodKind,
        as_of: NaiveDate,
        periods: Option<u32>,
    ) -> Result<RetentionFigures> {
        self.allow(crate::domain::Perm::View)?;
        let scheme = self.analysis_scheme()?;
        let mut tally = self.retention_tally(scheme.as_ref(), by, as_of, periods)?;
        let t = Tallies {
            retention: Some(&mut tally),
            ..Tallies::default()
        };
        self.analysis_pass(as_of, t)?;
        Ok(tally.finish(&tier_order(scheme.as_ref())))
    }

    /// Cohort retention for the `months` months up to `as_of` (12 when `None`).
    pub fn analysis_cohorts(&self, as_of: NaiveDate, months: Option<u32>) -> Result<Cohorts> {
        self.allow(crate::domain::Perm::View)?;
        let months = check_count("月数", months.unwrap_or(12))?;
        let mut tally = CohortTally::new(as_of, months);
        let t = Tallies {
            cohorts: Some(&mut tally),
            ..Tallies::default()
        };
        self.analysis_pass(as_of, t)?;
        Ok(tally.finish())
    }

    /// The figures per 客户经理 over `from..=to` (`from` defaults to twelve
    /// months before `to`, the day after).
    pub fn analysis_managers(
        &self,
        from: Option<NaiveDate>,
        to: NaiveDate,
    ) -> Result<ManagerFigures> {
        self.allow(crate::domain::Perm::View)?;
        let span = manager_span(from, to)?;
        let scheme = self.analysis_scheme()?;
        let mut tally = self.manager_tally(scheme.as_ref(), span)?;
        let t = Tallies {
            managers: Some(&mut tally),
            ..Tallies::default()
        };
        self.analysis_pass(to, t)?;
        Ok(tally.finish())
    }

    /// Everything the 分析 page shows as of `as_of`, in one pass: retention
    /// by `by` (default count), cohorts of 12 months, the 客户经理 of the
    /// twelve months up to `as_of`, and the tier movement. Each part equals
    /// what its own method returns.
    pub fn analysis_all(&self, by: PeriodKind, as_of: NaiveDate) -> Result<AnalysisFigures> {
        self.allow(crate::domain::Perm::View)?;
        let scheme = self.analysis_scheme()?;
        let mut retention = self.retention_tally(scheme.as_ref(), by, as_of, None)?;
        let mut cohorts = CohortTally::new(as_of, 12);
        let mut managers = self.manager_tally(scheme.as_ref(), manager_span(None, as_of)?)?;
        let t = Tallies {
            retention: Some(&mut retention),
            cohorts: Some(&mut cohorts),
            managers: Some(&mut managers),
        };
        self.analysis_pass(as_of, t)?;
        Ok(AnalysisFigures {
            retention: retention.finish(&tier_order(scheme.as_ref())),
            cohorts: cohorts.finish(),
            managers: managers.finish(),
            movement: self.analysis_tier_movement()?,
        })
    }

    /// Tier counts and moves of every rating batch not undone, oldest first.
    pub fn analysis_tier_movement(&self) -> Result<TierMovement> {
        self.allow(crate::domain::Perm::View)?;
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
        let scheme = self.analysis_scheme()?;
        Ok(tier_movement(
            &batches,
            &flows,
            &tier_order(scheme.as_ref()),
        ))
    }
}
