//! The report's 客户服务 section: per tier, how many customers were
//! contacted within their tier's visit interval, open and overdue
//! complaints, and the NPS and CSAT of the survey answers of the period.
//!
//! Contact coverage is counted while the customers are tallied (each
//! customer's last contact date against the as-of date); complaints and
//! survey answers come counted per tier from the caller.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use tierdesk_domain::TierLabel;
use ts_rs::TS;

/// Under this many answers a tier's NPS or CSAT is marked as resting on too few.
pub const LOW_COUNT: u64 = 30;

/// What the service section needs besides the customers, read by the caller.
#[derive(Debug, Clone, Default)]
pub struct ServiceFacts {
    /// The tier keys' visit intervals in days (the scheme's care settings);
    /// a tier without regular visits is absent.
    pub visit_days: HashMap<String, u32>,
    /// Complaints per tier of the customer now.
    pub cases: Vec<CaseTally>,
    /// Survey answers per tier the customer held when answering.
    pub surveys: Vec<SurveyTally>,
    /// The time the survey answers were given in, in words (e.g. 2026年第四季度).
    pub survey_span: String,
}

/// Complaints of one tier (`None`: customers without one of the scheme's tiers).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CaseTally {
    pub tier: Option<String>,
    /// Not closed and not rejected.
    pub open: u64,
    /// Open and past its response or resolution time limit.
    pub overdue: u64,
}

/// Survey answers of one tier.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SurveyTally {
    pub tier: Option<String>,
    /// Answers with a 0–10 recommendation score, and how many were 9–10 and 0–6.
    pub nps_answers: u64,
    pub promoters: u64,
    pub detractors: u64,
    /// Answers with a 1–5 satisfaction score, and how many were 4–5.
    pub csat_answers: u64,
    pub csat_satisfied: u64,
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
    /// Fewer than [`LOW_COUNT`] answers of either kind (but some).
    pub low_count: bool,
}

/// NPS from the counts: % promoters − % detractors; `None` without answers.
pub fn nps(answers: u64, promoters: u64, detractors: u64) -> Option<f64> {
    (answers > 0).then(|| (promoters as f64 - detractors as f64) * 100.0 / answers as f64)
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
    let slot = |key: Option<&str>| {
        key.and_then(|k| tiers.iter().position(|t| t.key == k))
            .unwrap_or(tiers.len())
    };
    let n = tiers.len() + 1;
    let mut cases = vec![CaseTally::default(); n];
    for c in &facts.cases {
        let i = slot(c.tier.as_deref());
        cases[i].open += c.open;
        cases[i].overdue += c.overdue;
    }
    let mut surveys = vec![SurveyTally::default(); n];
    for s in &facts.surveys {
        let t = &mut surveys[slot(s.tier.as_deref())];
        t.nps_answers += s.nps_answers;
        t.promoters += s.promoters;
        t.detractors += s.detractors;
        t.csat_answers += s.csat_answers;
        t.csat_satisfied += s.csat_satisfied;
    }
    let line = |i: usize, name: &str, color: &str, visit: Option<u32>| {
        let (c, s) = (&cases[i], &surveys[i]);
        let customers = counts.get(i).copied().unwrap_or(0);
        let contacted = contacted.get(i).copied().unwrap_or(0);
        let few = |k: u64| k > 0 && k < LOW_COUNT;
        ServiceLine {
            tier: name.to_owned(),
            color: color.to_owned(),
            customers,
            visit_days: visit,
            contacted,
            coverage: visit
                .filter(|_| customers > 0)
                .map(|_| contacted as f64 / customers as f64),
            open_cases: c.open,
            overdue_cases: c.overdue,
            nps_answers: s.nps_answers,
            nps: nps(s.nps_answers, s.promoters, s.detractors),
            csat_answers: s.csat_answers,
            csat: (s.csat_answers > 0).then(|| s.csat_satisfied as f64 / s.csat_answers as f64),
            low_count: few(s.nps_answers) || few(s.csat_answers),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nps_is_promoters_minus_detractors_in_percent() {
        assert_eq!(nps(0, 0, 0), None);
        assert_eq!(nps(10, 5, 2), Some(30.0));
        assert_eq!(nps(4, 0, 4), Some(-100.0));
    }
}
