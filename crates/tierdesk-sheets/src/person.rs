//! A person's copy (个人信息副本, PIPL art. 45) as one workbook: a sheet per
//! kind of record, each a header row and the records below it. The sheets
//! come ready from the caller; this module only knows how to lay them out.

use std::path::Path;

use rust_xlsxwriter::{Format, FormatBorder, Workbook, XlsxError};

use crate::{OutputFile, SheetError};

/// One sheet of the copy: its name (at most 31 characters, as Excel
/// allows), its column headers and its rows.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonSheet {
    pub name: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<PersonCell>>,
}

/// A value in a person's copy: text is always written as text (a phone or
/// an ID number never becomes a number or a formula), numbers as numbers.
#[derive(Debug, Clone, PartialEq)]
pub enum PersonCell {
    Text(String),
    Number(f64),
    Empty,
}

impl From<&str> for PersonCell {
    fn from(s: &str) -> Self {
        PersonCell::Text(s.to_owned())
    }
}

impl From<String> for PersonCell {
    fn from(s: String) -> Self {
        PersonCell::Text(s)
    }
}

impl<T: Into<PersonCell>> From<Option<T>> for PersonCell {
    fn from(v: Option<T>) -> Self {
        v.map_or(PersonCell::Empty, Into::into)
    }
}

impl From<f64> for PersonCell {
    fn from(v: f64) -> Self {
        if v.is_finite() {
            PersonCell::Number(v)
        } else {
            PersonCell::Empty
        }
    }
}

impl From<i64> for PersonCell {
    fn from(v: i64) -> Self {
        PersonCell::Number(v as f64)
    }
}

/// Writes `sheets` into one workbook at `out`, which appears complete or
/// not at all. Every sheet is written, even one without rows (its header
/// says what kind of record the copy would hold).
pub fn write_person_copy(sheets: &[PersonSheet], out: &Path) -> Result<(), SheetError> {
    let mut file = OutputFile::create(out)?;
    file.write_with(|sink| book(sheets)?.save_to_writer(sink))?;
    file.commit()
}

fn book(sheets: &[PersonSheet]) -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    let header = Format::new()
        .set_bold()
        .set_background_color("#FFE58F")
        .set_border(FormatBorder::Thin);
    let text = Format::new().set_num_format("@");
    for sheet in sheets {
        let ws = wb.add_worksheet();
        let name: String = sheet.name.chars().take(31).collect();
        ws.set_name(&name)?;
        for (c, h) in sheet.headers.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, h, &header)?;
            let width = sheet
                .rows
                .iter()
                .filter_map(|r| match r.get(c) {
                    Some(PersonCell::Text(t)) => Some(t.chars().count()),
                    _ => None,
                })
                .chain([h.chars().count()])
                .max()
                .unwrap_or(8);
            ws.set_column_width(c as u16, (width as f64 * 1.6 + 2.0).clamp(8.0, 80.0))?;
        }
        for (r, row) in sheet.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                match cell {
                    PersonCell::Text(t) => {
                        ws.write_string_with_format(r, c as u16, t, &text)?;
                    }
                    PersonCell::Number(v) => {
                        ws.write_number(r, c as u16, *v)?;
                    }
                    PersonCell::Empty => {}
                }
            }
        }
        ws.set_freeze_panes(1, 0)?;
    }
    Ok(wb)
}
