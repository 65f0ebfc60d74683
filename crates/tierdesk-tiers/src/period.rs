//! Rating periods: 2024Q1, 2024H1, 2024.

use chrono::{Datelike, Months, NaiveDate};

use crate::scheme::Cycle;
use crate::TierError;

/// A period's first and last day.
pub fn parse_period(text: &str) -> Result<(NaiveDate, NaiveDate), TierError> {
    let t = text.trim().to_uppercase();
    let bad = || {
        TierError::Invalid(format!(
            "评级周期「{text}」看不懂，应写成 2024、2024H1（上半年）或 2024Q1（第一季度）"
        ))
    };
    let year: i32 = t.get(..4).and_then(|y| y.parse().ok()).ok_or_else(bad)?;
    let (start_month, months) = match &t[4..] {
        "" => (1, 12),
        "H1" => (1, 6),
        "H2" => (7, 6),
        "Q1" => (1, 3),
        "Q2" => (4, 3),
        "Q3" => (7, 3),
        "Q4" => (10, 3),
        _ => return Err(bad()),
    };
    let start = NaiveDate::from_ymd_opt(year, start_month, 1).ok_or_else(bad)?;
    let end = start
        .checked_add_months(Months::new(months))
        .ok_or_else(bad)?
        .pred_opt()
        .ok_or_else(bad)?;
    Ok((start, end))
}

/// The period of a cycle that contains a date, e.g. 2024Q2 for 2024-05-10 quarterly.
pub fn period_of(date: NaiveDate, cycle: Cycle) -> String {
    match cycle {
        Cycle::Yearly => format!("{}", date.year()),
        Cycle::HalfYearly => format!("{}H{}", date.year(), if date.month() <= 6 { 1 } else { 2 }),
        Cycle::Quarterly => format!("{}Q{}", date.year(), (date.month() - 1) / 3 + 1),
    }
}

/// The next rating date after a rating on `rated_on`.
pub fn next_rating_date(rated_on: NaiveDate, cycle: Cycle) -> NaiveDate {
    rated_on
        .checked_add_months(Months::new(cycle.months()))
        .unwrap_or(rated_on)
}
