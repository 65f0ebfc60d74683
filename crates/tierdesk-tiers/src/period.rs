//! Rating periods: 2024Q1, 2024H1, 2024.

use chrono::{Datelike, Months, NaiveDate};

use crate::scheme::Cycle;
use crate::TierError;

/// A rating period as written in schemes, batches and reports: a year
/// (`2024`), a half (`2024H1`) or a quarter (`2024Q3`). The one grammar for
/// periods: parsing, its days and its Chinese label all go through it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Year(i32),
    Half(i32, u8),
    Quarter(i32, u8),
}

impl Period {
    /// Reads `2024`, `2024H1`, `2024q3` (spaces around allowed); `None` for
    /// anything else, never a panic (the year is four ASCII digits, so text
    /// such as 「二〇二四」 is simply not a period).
    pub fn parse(text: &str) -> Option<Period> {
        let t = text.trim().to_ascii_uppercase();
        let (year, rest) = (t.get(..4)?, t.get(4..)?);
        if !year.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let year: i32 = year.parse().ok()?;
        match rest.as_bytes() {
            [] => Some(Period::Year(year)),
            [b'H', n @ b'1'..=b'2'] => Some(Period::Half(year, n - b'0')),
            [b'Q', n @ b'1'..=b'4'] => Some(Period::Quarter(year, n - b'0')),
            _ => None,
        }
    }

    /// The first and last day.
    pub fn days(self) -> Option<(NaiveDate, NaiveDate)> {
        let (year, start_month, months) = match self {
            Period::Year(y) => (y, 1, 12),
            Period::Half(y, h) => (y, 1 + 6 * (u32::from(h) - 1), 6),
            Period::Quarter(y, q) => (y, 1 + 3 * (u32::from(q) - 1), 3),
        };
        let start = NaiveDate::from_ymd_opt(year, start_month, 1)?;
        let end = start.checked_add_months(Months::new(months))?.pred_opt()?;
        Some((start, end))
    }

    /// How people say it: 2024年度, 2024年上半年, 2024年第三季度 (the words
    /// live with the messages, where a `period` hole is shown the same way).
    pub fn label(self) -> String {
        tierdesk_domain::msg::period_zh(&match self {
            Period::Year(y) => format!("{y}"),
            Period::Half(y, h) => format!("{y}H{h}"),
            Period::Quarter(y, q) => format!("{y}Q{q}"),
        })
    }
}

/// A period's first and last day.
pub fn parse_period(text: &str) -> Result<(NaiveDate, NaiveDate), TierError> {
    Period::parse(text).and_then(Period::days).ok_or_else(|| {
        TierError::Invalid(format!(
            "评级周期「{text}」看不懂，应写成 2024、2024H1（上半年）或 2024Q1（第一季度）"
        ))
    })
}

/// The Chinese label of a period (2024年第二季度); text that is no period is
/// shown as it was written.
pub fn period_label(text: &str) -> String {
    tierdesk_domain::msg::period_zh(text)
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
