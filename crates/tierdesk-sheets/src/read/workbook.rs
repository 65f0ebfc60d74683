//! Workbooks: what calamine reads (.xlsx, .xlsm, .xlsb, .xls, .ods), its
//! errors and panics turned into messages a person understands, its cells
//! into [`Cell`]s; and HTML tables saved with an Excel name, held whole.

use std::fs::File;
use std::io::BufReader;
use std::ops::ControlFlow;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use calamine::{Data, DataRef, Ods, Reader, SheetType, SheetVisible, Xls, Xlsb, Xlsx};
use tierdesk_domain::Cell;

use super::{io_error, stem, Book, Format, SheetInfo, Source, MAX_CELLS, MAX_COLUMNS};
use crate::{html, SheetError};

/// A web page saved with an Excel name: the rows of its largest table.
pub(super) fn html_book(
    path: &Path,
    file: String,
    page: &str,
    undecodable: usize,
) -> Result<Book, SheetError> {
    let rows = catch_unwind(|| html::table_rows(page))
        .ok()
        .flatten()
        .unwrap_or_default();
    if rows.is_empty() {
        return Err(SheetError::NotASheet {
            file,
            what: "这是一个网页文件，里面没有表格".into(),
        });
    }
    let name = stem(path);
    let info = SheetInfo {
        name,
        visible: true,
        rows: Some(rows.len()),
        cols: rows.iter().map(Vec::len).max(),
    };
    Ok(Book {
        file,
        format: Format::Html,
        source: Source::Rows(rows),
        sheets: vec![info],
        date_1904: false,
        undecodable,
    })
}

/// Hands every non-empty row of `sheet` to `f` (see [`Book::for_each_row`]);
/// a panic inside calamine is reported as a damaged file.
pub(super) fn read(
    sheets: &mut calamine::Sheets<BufReader<File>>,
    file: &str,
    sheet: &str,
    f: &mut dyn FnMut(usize, &mut Vec<Cell>) -> ControlFlow<()>,
) -> Result<(), SheetError> {
    guarded(file, || read_sheet(sheets, file, sheet, f))
}

/// Opens a workbook calamine reads and lists its worksheets (with their
/// size where an .xlsx says it without being read).
pub(super) fn open(path: &Path, file: String, format: Format) -> Result<Book, SheetError> {
    let f = File::open(path).map_err(|e| io_error(&file, &e))?;
    let reader = BufReader::new(f);
    let fname = file.clone();
    guarded(&file, move || {
        let err = |e: &dyn std::fmt::Display| calamine_error(&fname, e);
        let mut sheets = match format {
            Format::Xlsx | Format::Xlsm => {
                calamine::Sheets::Xlsx(Xlsx::new(reader).map_err(|e| err(&e))?)
            }
            Format::Xlsb => calamine::Sheets::Xlsb(Xlsb::new(reader).map_err(|e| err(&e))?),
            Format::Ods => calamine::Sheets::Ods(Ods::new(reader).map_err(|e| err(&e))?),
            _ => calamine::Sheets::Xls(Xls::new(reader).map_err(|e| err(&e))?),
        };
        let date_1904 = match &sheets {
            calamine::Sheets::Xlsx(x) => x.has_1904_epoch(),
            _ => false,
        };
        let metas: Vec<calamine::Sheet> = sheets.sheets_metadata().to_vec();
        let mut infos = Vec::new();
        for m in metas.into_iter().filter(|m| m.typ == SheetType::WorkSheet) {
            let (rows, cols) = match &mut sheets {
                calamine::Sheets::Xlsx(x) => match x.worksheet_cells_reader(&m.name) {
                    Ok(r) => {
                        let d = r.dimensions();
                        let rows = (d.end.0.saturating_sub(d.start.0) as usize).saturating_add(1);
                        let cols = (d.end.1.saturating_sub(d.start.1) as usize).saturating_add(1);
                        if d.len() > 0 {
                            (Some(rows), Some(cols))
                        } else {
                            (None, None)
                        }
                    }
                    Err(_) => (None, None),
                },
                _ => (None, None),
            };
            infos.push(SheetInfo {
                name: m.name,
                visible: m.visible == SheetVisible::Visible,
                rows,
                cols,
            });
        }
        if infos.is_empty() {
            return Err(SheetError::NotASheet {
                file: fname.clone(),
                what: "工作簿里没有普通工作表（只有图表或宏表）".into(),
            });
        }
        Ok(Book {
            file: fname.clone(),
            format,
            source: Source::Workbook(sheets),
            sheets: infos,
            date_1904,
            undecodable: 0,
        })
    })
}

fn read_sheet(
    sheets: &mut calamine::Sheets<BufReader<File>>,
    file: &str,
    sheet: &str,
    f: &mut dyn FnMut(usize, &mut Vec<Cell>) -> ControlFlow<()>,
) -> Result<(), SheetError> {
    // Streaming readers hand over cells in row order; a row is complete when
    // a cell of a later row arrives.
    let mut row: Vec<Cell> = Vec::new();
    let mut current: Option<u32> = None;
    let mut flush = |current: Option<u32>, row: &mut Vec<Cell>| -> ControlFlow<()> {
        let out = match current {
            Some(r) if !row.iter().all(Cell::is_empty) => f(r as usize, row),
            _ => ControlFlow::Continue(()),
        };
        row.clear();
        out
    };
    macro_rules! stream {
        ($reader:expr) => {{
            let mut reader = $reader.map_err(|e| calamine_error(file, e))?;
            loop {
                let Some(cell) = reader.next_cell().map_err(|e| calamine_error(file, e))? else {
                    break;
                };
                let (r, c) = cell.get_position();
                if current != Some(r) {
                    // A caller that takes the row leaves an empty one: room
                    // for as many cells as the last row saves regrowing it.
                    let width = row.len();
                    if flush(current, &mut row).is_break() {
                        return Ok(());
                    }
                    row.reserve(width);
                    current = Some(r);
                }
                let c = c as usize;
                if c >= MAX_COLUMNS {
                    continue;
                }
                if row.len() <= c {
                    row.resize(c + 1, Cell::Empty);
                }
                row[c] = from_ref(cell.get_value().clone());
            }
            let _ = flush(current, &mut row);
            Ok(())
        }};
    }
    match sheets {
        calamine::Sheets::Xlsx(x) => stream!(x.worksheet_cells_reader(sheet)),
        calamine::Sheets::Xlsb(x) => stream!(x.worksheet_cells_reader(sheet)),
        other => {
            let range = other
                .worksheet_range(sheet)
                .map_err(|e| calamine_error(file, e))?;
            let (h, w) = range.get_size();
            if (h as u64).saturating_mul(w as u64) > MAX_CELLS {
                return Err(SheetError::TooLarge {
                    file: file.to_owned(),
                    detail: format!("{h} 行 × {w} 列"),
                });
            }
            let Some((r0, c0)) = range.start() else {
                return Ok(());
            };
            let mut row: Vec<Cell> = Vec::new();
            for (i, cells) in range.rows().enumerate() {
                row.clear();
                row.resize(c0 as usize, Cell::Empty);
                row.extend(
                    cells
                        .iter()
                        .take(MAX_COLUMNS.saturating_sub(c0 as usize))
                        .map(from_data),
                );
                if row.iter().all(Cell::is_empty) {
                    continue;
                }
                if f(r0 as usize + i, &mut row).is_break() {
                    break;
                }
            }
            Ok(())
        }
    }
}

fn calamine_error(file: &str, e: impl std::fmt::Display) -> SheetError {
    let cause = e.to_string();
    let lower = cause.to_lowercase();
    if lower.contains("password") || lower.contains("encrypt") {
        return SheetError::Encrypted {
            file: file.to_owned(),
        };
    }
    if lower.contains("cell") && lower.contains("limit") {
        return SheetError::TooLarge {
            file: file.to_owned(),
            detail: "工作表声称含有的单元格数量过多".into(),
        };
    }
    // calamine's errors are English sentences for developers; the person
    // is told what kind of damage it is, the sentence is kept as the cause.
    let detail = if lower.contains("eof") || lower.contains("end of") || lower.contains("too short")
    {
        "文件内容在中途断了，可能没有下载或复制完整"
    } else if lower.contains("zip") {
        "压缩包结构损坏，可能没有下载或复制完整"
    } else if lower.contains("xml") {
        "工作簿内部的 XML 内容损坏"
    } else if lower.contains("cfb") || lower.contains("sector") {
        "Excel 97-2003 文件的内部结构损坏"
    } else if lower.contains("not found") || lower.contains("cannot find") {
        "工作簿缺少必需的组成部分"
    } else {
        "文件内容不符合表格格式的规范"
    };
    SheetError::Corrupt {
        file: file.to_owned(),
        detail: detail.into(),
        cause,
    }
}

fn guarded<T>(file: &str, f: impl FnOnce() -> Result<T, SheetError>) -> Result<T, SheetError> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|_| {
        Err(SheetError::Corrupt {
            file: file.to_owned(),
            detail: "文件内容不符合表格格式的规范".into(),
            cause: "the reader panicked".into(),
        })
    })
}

fn from_data(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Float(f) => Cell::Number(*f),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(v) if dt.is_datetime() => Cell::Date(v),
            _ => Cell::Number(dt.as_f64()),
        },
        Data::DateTimeIso(s) => iso(s),
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

fn from_ref(d: DataRef<'_>) -> Cell {
    match d {
        DataRef::Empty => Cell::Empty,
        DataRef::String(s) => Cell::Text(s),
        DataRef::SharedString(s) => Cell::Text(s.to_owned()),
        DataRef::Float(f) => Cell::Number(f),
        DataRef::Int(i) => Cell::Number(i as f64),
        DataRef::Bool(b) => Cell::Bool(b),
        DataRef::DateTime(dt) => match dt.as_datetime() {
            Some(v) if dt.is_datetime() => Cell::Date(v),
            _ => Cell::Number(dt.as_f64()),
        },
        DataRef::DateTimeIso(s) => iso(&s),
        DataRef::DurationIso(s) => Cell::Text(s),
        DataRef::Error(e) => Cell::Error(e.to_string()),
    }
}

fn iso(s: &str) -> Cell {
    use chrono::{NaiveDate, NaiveDateTime};
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S"))
        .ok()
        .or_else(|| {
            NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
        })
        .map(Cell::Date)
        .unwrap_or_else(|| Cell::Text(s.to_owned()))
}
