//! The error workbook: the person's own sheet back, bad cells marked red and
//! a reason column at the end, ready to fix and import again.

use std::collections::HashMap;
use std::ops::ControlFlow;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use rust_xlsxwriter::{Color, ExcelDateTime, Format, FormatBorder, Workbook, Worksheet, XlsxError};
use tierdesk_domain::{column_letter, Cell};

use crate::{open, OutputFile, SheetError};

/// One problem to mark: the row (Excel row − 1), the column when it is one
/// cell's fault, and the reason.
#[derive(Debug, Clone, PartialEq)]
pub struct CellProblem {
    pub row: usize,
    pub col: Option<usize>,
    pub message: String,
}

/// The header of the reason column. Imports skip a column with this header,
/// so a corrected error workbook imports like the original sheet.
pub const REASON_HEADER: &str = "错误原因";

/// Writes a copy of `sheet` of `source` to `out`: every cell's value as read,
/// cells with a problem filled red, rows with a problem filled light red, and
/// the reasons in a last column headed 「错误原因」. The file at `out` is
/// replaced only when the workbook is complete (see [`OutputFile`]).
pub fn write_error_workbook(
    source: &Path,
    sheet: &str,
    header_row: usize,
    problems: &[CellProblem],
    out: &Path,
) -> Result<(), SheetError> {
    let mut book = open(source)?;
    let mut file = OutputFile::create(out)?;
    let werr = |e: XlsxError| file.error(&e);
    // The reason column goes right of the widest row, so one pass to measure.
    let mut width = 0usize;
    book.for_each_row(sheet, |_, row| {
        width = width.max(row.len());
        ControlFlow::Continue(())
    })?;
    let mut by_row: HashMap<usize, Vec<&CellProblem>> = HashMap::new();
    for p in problems {
        by_row.entry(p.row).or_default().push(p);
    }

    let mut wb = Workbook::new();
    let marks = Marks::new();
    let ws = wb.add_worksheet_with_constant_memory().map_err(werr)?;
    ws.set_name(safe_sheet_name(sheet)).map_err(werr)?;
    ws.set_column_width(width as u16, 60).map_err(werr)?;
    let mut failure: Option<SheetError> = None;
    book.for_each_row(sheet, |i, row| {
        let r = i as u32;
        let row_problems = by_row.get(&i);
        let write = |ws: &mut Worksheet| {
            let header = i == header_row;
            write_marked_row(ws, r, row, row_problems, header, width, &marks)
        };
        // rust_xlsxwriter panics when a constant-memory sheet cannot write
        // its temporary file (a full disk). Caught here, it is reported as
        // a failed write, not taken by the reader's guard for a damaged
        // source file.
        match catch_unwind(AssertUnwindSafe(|| write(ws))) {
            Ok(Ok(())) => ControlFlow::Continue(()),
            Ok(Err(e)) => {
                failure = Some(werr(e));
                ControlFlow::Break(())
            }
            Err(payload) => {
                failure = Some(file.panicked(payload.as_ref()));
                ControlFlow::Break(())
            }
        }
    })?;
    if let Some(e) = failure {
        return Err(e);
    }
    ws.set_freeze_panes(header_row as u32 + 1, 0)
        .map_err(werr)?;
    file.write_with(|sink| wb.save_to_writer(sink))?;
    file.commit()
}

/// The formats that mark a copied sheet.
struct Marks {
    bad_cell: Format,
    bad_row: Format,
    reason: Format,
    header: Format,
}

impl Marks {
    fn new() -> Self {
        Marks {
            bad_cell: Format::new()
                .set_background_color(Color::RGB(0xFF7875))
                .set_border(FormatBorder::Thin),
            bad_row: Format::new().set_background_color(Color::RGB(0xFFF1F0)),
            reason: Format::new()
                .set_font_color(Color::RGB(0xCF1322))
                .set_text_wrap(),
            header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xFFE58F)),
        }
    }
}

/// One row of the source sheet as row `r` of the copy: its cells as they
/// were (a bad cell in red, the rest of a bad row in pink), then in column
/// `width` the reasons (or, on the header row, the reason column's header).
fn write_marked_row(
    ws: &mut Worksheet,
    r: u32,
    row: &[Cell],
    row_problems: Option<&Vec<&CellProblem>>,
    is_header: bool,
    width: usize,
    marks: &Marks,
) -> Result<(), XlsxError> {
    for (c, cell) in row.iter().enumerate() {
        let col = c as u16;
        let marked = row_problems.is_some_and(|ps| ps.iter().any(|p| p.col == Some(c)));
        let mut fmt = if marked {
            marks.bad_cell.clone()
        } else if row_problems.is_some() {
            marks.bad_row.clone()
        } else {
            Format::new()
        };
        match cell {
            Cell::Empty => {
                if marked || row_problems.is_some() {
                    ws.write_blank(r, col, &fmt)?;
                }
            }
            // Text stays text: a value like "=1+1" must not become a formula.
            Cell::Text(s) | Cell::Error(s) => {
                // A cell longer than Excel allows (the CSV reader
                // keeps one character more, to tell) is written as
                // much as a cell can hold; its reason says why.
                let s = match s.char_indices().nth(crate::MAX_CELL_CHARS) {
                    Some((end, _)) => &s[..end],
                    None => s.as_str(),
                };
                ws.write_string_with_format(r, col, s, &fmt)?;
            }
            Cell::Number(n) => {
                ws.write_number_with_format(r, col, *n, &fmt)?;
            }
            Cell::Bool(b) => {
                ws.write_boolean_with_format(r, col, *b, &fmt)?;
            }
            Cell::Date(d) => {
                let pattern = if d.time() == chrono::NaiveTime::MIN {
                    "yyyy-mm-dd"
                } else {
                    "yyyy-mm-dd hh:mm:ss"
                };
                fmt = fmt.set_num_format(pattern);
                let v = ExcelDateTime::parse_from_str(&d.format("%Y-%m-%dT%H:%M:%S").to_string())?;
                ws.write_datetime_with_format(r, col, &v, &fmt)?;
            }
        }
    }
    if is_header {
        ws.write_string_with_format(r, width as u16, REASON_HEADER, &marks.header)?;
    } else if let Some(ps) = row_problems {
        let text: Vec<String> = ps
            .iter()
            .map(|p| match p.col {
                Some(c) => format!("{}列：{}", column_letter(c), p.message),
                None => p.message.clone(),
            })
            .collect();
        ws.write_string_with_format(r, width as u16, text.join("；"), &marks.reason)?;
    }
    Ok(())
}

/// Excel refuses some characters and names over 31 characters.
fn safe_sheet_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .take(31)
        .collect();
    if cleaned.trim().is_empty() {
        "Sheet1".into()
    } else {
        cleaned
    }
}
