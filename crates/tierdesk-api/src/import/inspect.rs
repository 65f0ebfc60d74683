//! What is in a file: its sheets, and which one looks like the table.

use std::path::Path;

use tierdesk_domain::Cell;

use super::{file_name, FileInspection, SheetSummary};
use crate::{ApiError, Result};

/// Rows read from the top of a sheet to find its header.
pub(super) const HEAD_ROWS: usize = 60;

/// Opens a file and says what is in it. Refuses files that are not
/// spreadsheets, are locked with a password, or are hostile, with a message.
pub fn inspect_file(path: &str) -> Result<FileInspection> {
    let mut book = tierdesk_sheets::open(Path::new(path))?;
    Ok(inspect_book(&mut book, path)?.0)
}

/// What [`inspect_file`] says about an open book, and the first rows of the
/// suggested sheet when they were read to suggest it: an import that goes on
/// to read that sheet starts from them instead of parsing them again (for a
/// CSV with a very long first line, the costliest rows of the file).
pub(super) fn inspect_book(
    book: &mut tierdesk_sheets::Book,
    path: &str,
) -> Result<(FileInspection, Option<Vec<Vec<Cell>>>)> {
    let sheets: Vec<SheetSummary> = book
        .sheets()
        .iter()
        .map(|s| SheetSummary {
            name: s.name.clone(),
            visible: s.visible,
            rows: s.rows.map(|r| r as u64),
        })
        .collect();
    if sheets.is_empty() {
        return Err(ApiError::invalid(format!(
            "文件「{}」里没有可以导入的工作表",
            file_name(path)
        )));
    }
    let mut best: Option<(usize, String, Vec<Vec<Cell>>)> = None;
    for s in sheets.iter().filter(|s| s.visible) {
        let Ok(head) = book.preview(&s.name, HEAD_ROWS) else {
            continue;
        };
        let score = tierdesk_import::recognised(&tierdesk_mapping::guess_mapping(&head, None, &[]));
        if best.as_ref().is_none_or(|(b, _, _)| score > *b) {
            best = Some((score, s.name.clone(), head));
        }
    }
    let (suggested_sheet, head) = match best {
        Some((_, name, head)) => (name, Some(head)),
        None => (sheets[0].name.clone(), None),
    };
    let inspection = FileInspection {
        path: path.to_owned(),
        file_name: file_name(path),
        format: book.format().label().to_owned(),
        sheets,
        suggested_sheet,
    };
    Ok((inspection, head))
}
