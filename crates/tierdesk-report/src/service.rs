//! The report's 客户服务 section: per tier, how many customers were
//! contacted within their tier's visit interval, open and overdue
//! complaints, and the NPS and CSAT of the survey answers of the period.
//!
//! Contact coverage is counted while the customers are tallied (each
//! customer's last contact date against the as-of date); complaints and
//! survey answers come counted per tier from the caller.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use tierdesk_domain::case::CaseTierCounts;
use tierdesk_domain::survey::{SurveyFigures, LOW_COUNT};
use tierdesk_domain::TierLabel;
use ts_rs::TS;

/// What the service section needs besides the customers, read by the caller.
#[derive(Debug, Clone, Default)]
pub struct ServiceFacts {
    /// The tier keys' visit intervals in days (the scheme's care settings);
    /// a tier without regular visits is absent.
    pub visit_days: HashMap<String, u32>,
    /// Complaints per tier key (`""`: no tier).
    pub cases: Vec<CaseTierCounts>,
    /// Survey figures per tier key held when answering (`""`: no tier).
    pub surveys: Vec<(String, SurveyFigures)>,
    /// The time the survey answers were given in, in words (e.g. 2026年第四季度).
    pub survey_span: String,
}

/// One tier's line of the service section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ServiceLine {
    pub tier: String,
    pub color: String,
    pub customers: u64,
    /// The tier's visit interval; `None` when it has no regular visits.
    pub visit_days: Option<u32>,
    /// Customers whose last contact lies within the interval before the as-of date.
    pub contacted: u64,
    /// `contacted / customers`, 0–1; `None` without an interval or customers.
    pub coverage: Option<f64>,
    pub open_cases: u64,
    pub overdue_cases: u64,
    pub nps_answers: u64,
    /// % promoters − % detractors, −100…100.
    pub nps: Option<f64>,
    pub csat_answers: u64,
    /// Share of satisfied (4–5) answers, 0–1.
    pub csat: Option<f64>,
    /// Some answers, but fewer than [`LOW_COUNT`].
    pub low_count: bool,
}

/// The lines per tier (highest first, then customers without a tier when
/// any of them has customers, complaints or answers). `counts` and
/// `contacted` are per tier index with the unrated slot last.
pub(crate) fn service_lines(
    tiers: &[TierLabel],
    counts: &[u64],
    contacted: &[u64],
    facts: &ServiceFacts,
) -> Vec<ServiceLine> {
    let slot = |key: &str| {
        tiers
            .iter()
            .position(|t| t.key == key)
            .unwrap_or(tiers.len())
    };
    let n = tiers.len() + 1;
    let mut cases = vec![(0u64, 0u64); n];
    for c in &facts.cases {
        let i = slot(&c.tier);
        cases[i].0 += c.open;
        cases[i].1 += c.overdue;
    }
    let mut surveys: Vec<Option<&SurveyFigures>> = vec![None; n];
    for (tier, figures) in &facts.surveys {
        // Answers under a tier no longer in the scheme share the last line
        // with those given before any rating; the larger group is shown.
        let at = &mut surveys[slot(tier)];
        if at.is_none_or(|f| f.responses < figures.responses) {
            *at = Some(figures);
        }
    }
    let line = |i: usize, name: &str, color: &str, visit: Option<u32>| {
        let (open, overdue) = cases[i];
        let s = surveys[i];
        let customers = counts.get(i).copied().unwrap_or(0);
        let contacted = contacted.get(i).copied().unwrap_or(0);
        ServiceLine {
            tier: name.to_owned(),
            color: color.to_owned(),
            customers,
            visit_days: visit,
            contacted,
            coverage: visit
                .filter(|_| customers > 0)
                .map(|_| contacted as f64 / customers as f64),
            open_cases: open,
            overdue_cases: overdue,
            nps_answers: s.map_or(0, |f| f.nps_answers),
            nps: s.and_then(|f| f.nps),
            csat_answers: s.map_or(0, |f| f.csat_answers),
            csat: s.and_then(|f| f.csat).map(|pct| pct / 100.0),
            low_count: s.is_some_and(|f| f.responses > 0 && f.responses < LOW_COUNT),
        }
    };
    let mut out: Vec<ServiceLine> = tiers
        .iter()
        .enumerate()
        .map(|(i, t)| line(i, &t.name, &t.color, facts.visit_days.get(&t.key).copied()))
        .collect();
    let last = tiers.len();
    let unrated = line(last, crate::figures::UNRATED, crate::figures::GREY, None);
    if unrated.customers + unrated.open_cases + unrated.nps_answers + unrated.csat_answers > 0 {
        out.push(unrated);
    }
    out
}
