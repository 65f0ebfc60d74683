//! Workbooks written for people: the blank 星级客户管理表 template and
//! customer lists in the same layout, so what TierDesk writes imports back
//! without a mapping step.
//!
//! Every text goes in as a string cell, never as a formula, so a value such as
//! `=HYPERLINK(...)` or `+86 138…` stays the text it was. Phone numbers and
//! codes are text columns (no 1.38E+10), dates are real Excel dates, and the
//! sheet streams row by row (constant memory) so a million customers fit.

use std::io::Write;
use std::path::Path;

use chrono::{Datelike, NaiveDateTime, Timelike};
use rust_xlsxwriter::{
    ConditionalFormatCell, ConditionalFormatCellRule, DataValidation, DataValidationErrorStyle,
    ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};
use tierdesk_domain::{Cell, Customer};

use crate::layout::{custom_value, CustomValue, CustomerLayout, CustomerValue, CUSTOMER_COLUMNS};
use crate::{OutputFile, SheetError};

/// What a column holds, which decides its format.
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnKind {
    /// Free text.
    Text,
    /// Text that looks like a number but is not one: phones, codes. Typed
    /// values stay text too (the column's format is `@`).
    Code,
    /// A number shown with this Excel number format, e.g. `#,##0.00`.
    Number(&'static str),
    Date,
    /// One of these names, offered as a drop-down.
    Choice(Vec<String>),
    /// A tier: the scheme's tier names (name, CSS colour) as a drop-down,
    /// each shown in its tier's colour.
    Tier(Vec<(String, String)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct ExportColumn {
    pub header: String,
    pub kind: ColumnKind,
    /// Width in characters.
    pub width: f64,
}

/// The layout of a customer workbook.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomerBook {
    /// The name of the data sheet, e.g. 星级客户管理表.
    pub sheet: String,
    pub columns: Vec<ExportColumn>,
    /// Lines of the instruction sheet 填写说明 (none: no such sheet).
    pub instructions: Vec<String>,
}

/// Writes `rows` under the header. `rows` yields one `Vec<Cell>` per customer
/// in column order; `progress` is called every 1,000 rows with the count so far.
/// Returns the number of rows written. The file at `out` is replaced only
/// when the workbook is complete: on failure it keeps its earlier content (or
/// stays absent) and no temporary file is left behind.
pub fn write_customer_book(
    book: &CustomerBook,
    rows: &mut dyn Iterator<Item = Vec<Cell>>,
    out: &Path,
    progress: &mut dyn FnMut(u64),
) -> Result<u64, SheetError> {
    let mut file = OutputFile::create(out)?;
    let n = write_customer_book_to(book, rows, &mut file, progress)?;
    file.commit()?;
    Ok(n)
}

/// Like [`write_customer_book`], but leaves the commit to the caller, who
/// may still learn that the rows it sent were incomplete (a database read
/// that failed half-way) and then drop `out` instead of committing it.
pub fn write_customer_book_to(
    book: &CustomerBook,
    rows: &mut dyn Iterator<Item = Vec<Cell>>,
    out: &mut OutputFile,
    progress: &mut dyn FnMut(u64),
) -> Result<u64, SheetError> {
    let kinds: Vec<&ColumnKind> = book.columns.iter().map(|c| &c.kind).collect();
    let mut write_row = |ws: &mut Worksheet, r: u32, row: Vec<Cell>| -> Result<(), XlsxError> {
        for (i, (cell, kind)) in row.iter().zip(&kinds).enumerate() {
            write_cell(ws, r, i as u16, cell, kind)?;
        }
        Ok(())
    };
    out.write_with(|sink| write(book, rows, &mut write_row, sink, progress))
}

/// Writes customers in `layout`, straight from each [`Customer`] (no row of
/// cells in between), and leaves the commit to the caller as
/// [`write_customer_book_to`] does. Phones are written as the customer holds
/// them: a caller that masks them does so before.
pub fn write_customers_to(
    layout: &CustomerLayout,
    customers: &mut dyn Iterator<Item = Customer>,
    out: &mut OutputFile,
    progress: &mut dyn FnMut(u64),
) -> Result<u64, SheetError> {
    let mut joined = String::new();
    let mut write_row =
        |ws: &mut Worksheet, r: u32, c: Customer| write_customer(ws, r, &c, layout, &mut joined);
    out.write_with(|sink| write(&layout.book, customers, &mut write_row, sink, progress))
}

/// The header row and its columns' formats, drop-downs and tier colours,
/// then `rows` (each written by `write_row` at its row number), the filter
/// over them and the instruction sheet.
fn write<T>(
    book: &CustomerBook,
    rows: &mut dyn Iterator<Item = T>,
    write_row: &mut dyn FnMut(&mut Worksheet, u32, T) -> Result<(), XlsxError>,
    out: &mut (dyn Write + Send),
    progress: &mut dyn FnMut(u64),
) -> Result<u64, XlsxError> {
    let mut wb = Workbook::new();
    let header = Format::new()
        .set_bold()
        .set_background_color("#FFE58F")
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center);
    let text = Format::new().set_num_format("@");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let formats: Vec<Format> = book
        .columns
        .iter()
        .map(|c| match &c.kind {
            ColumnKind::Code => text.clone(),
            ColumnKind::Number(f) => Format::new().set_num_format(*f),
            ColumnKind::Date => date.clone(),
            ColumnKind::Text | ColumnKind::Choice(_) | ColumnKind::Tier(_) => Format::new(),
        })
        .collect();

    let ws = wb.add_worksheet_with_constant_memory()?;
    ws.set_name(&book.sheet)?;
    for (i, c) in book.columns.iter().enumerate() {
        let col = i as u16;
        ws.set_column_width(col, c.width)?;
        if !matches!(c.kind, ColumnKind::Text) {
            ws.set_column_format(col, &formats[i])?;
        }
        if let ColumnKind::Tier(tiers) = &c.kind {
            for (name, color) in tiers {
                let rule = ConditionalFormatCell::new()
                    .set_rule(ConditionalFormatCellRule::EqualTo(name.as_str()))
                    .set_format(
                        Format::new()
                            .set_background_color(color.as_str())
                            .set_font_color("#FFFFFF")
                            .set_bold(),
                    );
                ws.add_conditional_format(1, col, 1_048_575, col, &rule)?;
            }
        }
        let names: Vec<String> = match &c.kind {
            ColumnKind::Choice(names) => names.clone(),
            ColumnKind::Tier(tiers) => tiers.iter().map(|(n, _)| n.clone()).collect(),
            _ => Vec::new(),
        };
        {
            if !names.is_empty() {
                let v = DataValidation::new()
                    .allow_list_strings(&names.iter().map(String::as_str).collect::<Vec<_>>())?
                    .set_error_style(DataValidationErrorStyle::Warning)
                    .set_error_title("等级不在列表中")?
                    .set_error_message(
                        "请从下拉列表中选择当前方案的等级；仍可保留原表中的等级文字。",
                    )?;
                ws.add_data_validation(1, col, 1_048_575, col, &v)?;
            }
        }
    }
    for (i, c) in book.columns.iter().enumerate() {
        ws.write_string_with_format(0, i as u16, &c.header, &header)?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.set_row_height(0, 20)?;

    let mut n: u64 = 0;
    for row in rows {
        write_row(ws, (n + 1) as u32, row)?;
        n += 1;
        if n.is_multiple_of(1000) {
            progress(n);
        }
    }
    progress(n);
    if n > 0 {
        ws.autofilter(0, 0, n as u32, book.columns.len().saturating_sub(1) as u16)?;
    }

    if !book.instructions.is_empty() {
        let help = wb.add_worksheet();
        help.set_name("填写说明")?;
        help.set_column_width(0, 100)?;
        let title = Format::new().set_bold().set_font_size(14);
        let wrap = Format::new().set_text_wrap();
        for (i, line) in book.instructions.iter().enumerate() {
            let f = if i == 0 { &title } else { &wrap };
            help.write_string_with_format(i as u32, 0, line, f)?;
        }
    }
    wb.set_zip_compression_level(compression_level(n));
    wb.save_to_writer(out)?;
    Ok(n)
}

/// Lists longer than this are compressed for speed rather than size.
const FAST_SAVE_ROWS: u64 = 100_000;

/// The zip compression level for a sheet of `rows` rows. Compressing the
/// sheet is most of the time a long list takes to save: a million customers
/// take about 15 s at the default level 6, 5 s at 3 (what Excel uses) and 2.5 s
/// at 1, for a file of 108, 126 and 173 MB (on a busy 2-core machine). Shorter
/// lists save in well under a second either way and keep the smallest file.
fn compression_level(rows: u64) -> u8 {
    if rows > FAST_SAVE_ROWS {
        1
    } else {
        6
    }
}

/// Writes one value: texts as strings (never formulas), numbers as numbers,
/// dates as Excel dates; codes and phones as text even when numeric. No
/// format is given: each cell takes its column's (see [`write`]).
fn write_cell(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    cell: &Cell,
    kind: &ColumnKind,
) -> Result<(), XlsxError> {
    match cell {
        Cell::Empty => {}
        // A string needs no number format: it shows as written.
        Cell::Text(s) => {
            ws.write_string(r, c, s)?;
        }
        Cell::Number(v) if matches!(kind, ColumnKind::Code) => {
            ws.write_string(r, c, Cell::Number(*v).display())?;
        }
        Cell::Number(v) => {
            ws.write_number(r, c, *v)?;
        }
        Cell::Bool(b) => {
            ws.write_boolean(r, c, *b)?;
        }
        Cell::Date(d) => write_date(ws, r, c, *d)?,
        Cell::Error(e) => {
            ws.write_string(r, c, e)?;
        }
    }
    Ok(())
}

/// A date (and time) as an Excel date; years outside Excel's are clamped.
fn write_date(ws: &mut Worksheet, r: u32, c: u16, d: NaiveDateTime) -> Result<(), XlsxError> {
    let dt = ExcelDateTime::from_ymd(
        d.year().clamp(1900, 9999) as u16,
        d.month() as u8,
        d.day() as u8,
    )?
    .and_hms(d.hour() as u16, d.minute() as u8, d.second() as f64)?;
    ws.write_datetime(r, c, &dt)?;
    Ok(())
}

/// One customer's row: [`CUSTOMER_COLUMNS`], then the layout's custom
/// fields. `joined` is a buffer reused for the tags of every row.
fn write_customer(
    ws: &mut Worksheet,
    r: u32,
    customer: &Customer,
    layout: &CustomerLayout,
    joined: &mut String,
) -> Result<(), XlsxError> {
    for (i, column) in CUSTOMER_COLUMNS.iter().enumerate() {
        let c = i as u16;
        match (column.value)(customer) {
            CustomerValue::Text(Some(s)) => {
                ws.write_string(r, c, s)?;
            }
            CustomerValue::Number(Some(v)) => {
                ws.write_number(r, c, v)?;
            }
            CustomerValue::Date(Some(d)) => write_date(ws, r, c, d.into())?,
            CustomerValue::Tier(Some(key)) => {
                ws.write_string(r, c, layout.tier_name(key))?;
            }
            CustomerValue::List(words) => {
                joined.clear();
                for (k, w) in words.iter().enumerate() {
                    if k > 0 {
                        joined.push('、');
                    }
                    joined.push_str(w);
                }
                ws.write_string(r, c, joined.as_str())?;
            }
            CustomerValue::Text(None)
            | CustomerValue::Number(None)
            | CustomerValue::Date(None)
            | CustomerValue::Tier(None) => {}
        }
    }
    for (j, def) in layout.fields.iter().enumerate() {
        let c = (CUSTOMER_COLUMNS.len() + j) as u16;
        match custom_value(def, customer.fields.get(&def.key)) {
            CustomValue::Empty => {}
            CustomValue::Number(v) => {
                ws.write_number(r, c, v)?;
            }
            CustomValue::Date(d) => write_date(ws, r, c, d.into())?,
            CustomValue::Text(s) => {
                ws.write_string(r, c, s)?;
            }
            CustomValue::Json(v) => {
                ws.write_string(r, c, v.to_string())?;
            }
        }
    }
    Ok(())
}
