//! One spreadsheet cell as read from a file, before it is interpreted.

use chrono::NaiveDateTime;

/// A raw cell value. Readers (the sheets crate) produce it; value parsers
/// (the mapping crate) interpret it for a field.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    /// A cell the file itself marks as a date or time, already converted
    /// from the workbook's date system (1900 or 1904).
    DateTime(NaiveDateTime),
    /// An error value such as `#DIV/0!`, kept as the text Excel shows.
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

    /// The value as a person would read it in the sheet, for messages.
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
            Cell::Bool(b) => if *b { "TRUE".into() } else { "FALSE".into() },
            Cell::DateTime(d) => {
                if d.time() == chrono::NaiveTime::MIN {
                    d.date().format("%Y-%m-%d").to_string()
                } else {
                    d.format("%Y-%m-%d %H:%M:%S").to_string()
                }
            }
            Cell::Error(e) => e.clone(),
        }
    }
}
