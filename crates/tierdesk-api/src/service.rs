//! What the report's 客户服务 section reads: each tier's visit interval from
//! the scheme's care settings, complaints per tier, and the survey answers of
//! the report's period per tier.

use chrono::{Months, NaiveDate};
use tierdesk_report::ServiceFacts;
use tierdesk_tiers::Scheme;

use crate::{Api, Result};

/// The days the survey answers of a report are taken from, and their name:
/// the report's period when it has one, else the twelve months up to `as_of`.
pub(crate) fn survey_span(period: &str, as_of: NaiveDate) -> (NaiveDate, NaiveDate, String) {
    if let Ok((from, to)) = tierdesk_tiers::parse_period(period) {
        return (from, to.min(as_of), tierdesk_tiers::period_label(period));
    }
    let from = as_of
        .checked_sub_months(Months::new(12))
        .and_then(|d| d.succ_opt())
        .unwrap_or(as_of);
    (from, as_of, format!("截至 {as_of} 的近 12 个月"))
}

impl Api {
    /// The facts of the report's 客户服务 section for `scheme` as of `as_of`.
    pub(crate) fn service_facts(
        &self,
        scheme: &Scheme,
        period: &str,
        as_of: NaiveDate,
    ) -> Result<ServiceFacts> {
        let (from, to, span) = survey_span(period, as_of);
        let end_of_day = as_of.and_hms_opt(23, 59, 59).unwrap_or_default();
        let surveys = self
            .survey_by_tier(from, to)?
            .into_iter()
            .filter_map(|row| Some((row.tier?, row.figures)))
            .collect();
        Ok(ServiceFacts {
            visit_days: scheme
                .tiers
                .iter()
                .filter_map(|t| Some((t.key.clone(), scheme.care(&t.key).visit_days?)))
                .collect(),
            cases: self.case_counts_by_tier(from, to, end_of_day)?,
            surveys,
            survey_span: span,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn answers_come_from_the_period_or_the_last_twelve_months() {
        assert_eq!(
            survey_span("2024Q2", day("2024-12-31")),
            (
                day("2024-04-01"),
                day("2024-06-30"),
                "2024年第二季度".into()
            )
        );
        assert_eq!(
            survey_span("2024Q2", day("2024-05-10")).1,
            day("2024-05-10"),
            "not past the as-of date"
        );
        assert_eq!(
            survey_span("", day("2024-06-30")),
            (
                day("2023-07-01"),
                day("2024-06-30"),
                "截至 2024-06-30 的近 12 个月".into()
            )
        );
    }
}
