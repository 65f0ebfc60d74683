//! A cell as a spreadsheet or CSV file holds it, before anyone decides what
//! it means. The sheets crate produces cells; the mapping crate reads them
//! into customer fields and transactions.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(tag = "t", content = "v", rename_all = "snake_case")]
pub enum Cell {
    #[default]
    Empty,
    /// Text exactly as stored (not trimmed: the reader decides).
    Text(String),
    /// A number the file stores as a number. Excel stores dates as numbers
    /// too when the reader could not tell it is a date; see [`Cell::Date`].
    Number(f64),
    Bool(bool),
    /// A date or date-time the file marks as such (a date-formatted number
    /// in Excel, already converted with the workbook's 1900 or 1904 system).
    #[ts(type = "string")]
    Date(NaiveDateTime),
    /// An Excel error value such as `#N/A` or `#DIV/0!`.
    Error(String),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as a person sees it in Excel, for messages and previews.
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Number(n) => {
                if n.fract() == 0.0 && n.abs() < 1e15 {
                    format!("{}", *n as i64)
                } else {
                    format!("{n}")
                }
            }
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
            Cell::Date(d) => {
                if d.time() == chrono::NaiveTime::MIN {
                    d.format("%Y-%m-%d").to_string()
                } else {
                    d.format("%Y-%m-%d %H:%M:%S").to_string()
                }
            }
            Cell::Error(e) => e.clone(),
        }
    }
}

/// Column letters as Excel shows them: 0 → A, 25 → Z, 26 → AA.
pub fn column_letter(mut index: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters() {
        for (i, want) in [
            (0, "A"),
            (25, "Z"),
            (26, "AA"),
            (27, "AB"),
            (701, "ZZ"),
            (702, "AAA"),
        ] {
            assert_eq!(column_letter(i), want);
        }
    }

    #[test]
    fn display_like_excel() {
        assert_eq!(Cell::Number(13812345678.0).display(), "13812345678");
        assert_eq!(Cell::Number(1.5).display(), "1.5");
        assert!(Cell::Text("  ".into()).is_empty());
    }
}
