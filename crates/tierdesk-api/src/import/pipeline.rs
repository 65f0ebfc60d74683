//! Reading a sheet on three threads: parse, interpret, keep or store.

use std::ops::ControlFlow;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;

use tierdesk_domain::{Cell, TransactionDraft};
use tierdesk_import::RowReader;

use super::read::ReadPlan;
use super::{ImportProgress, ImportStage};
use crate::{ApiError, ErrorCode, Result};

/// Rows handed from the parsing thread to the interpreting one at a time.
const ROW_BATCH: usize = 1024;
/// Rows between two progress reports.
const PROGRESS_EVERY: u64 = 4096;

/// Order lines with the rows they come from, as they pass between threads.
pub(super) type LineBatch = Vec<(usize, TransactionDraft)>;

type RowBatch = Vec<(usize, Vec<Cell>)>;

/// Reads and interprets the rows under the header, three stages on three
/// threads so each works while the others do: a reader parses the file
/// (calamine or the CSV reader), an interpreter turns rows into customers
/// (kept in `plan`) and order lines, and this thread gets the lines, in
/// order, in batches (an empty batch for rows without lines) to keep or
/// store. `consume` returning `Break`, or `progress` returning `false`,
/// stops everything; the result says whether every row was read.
pub(super) fn pipe_lines(
    book: &mut tierdesk_sheets::Book,
    plan: &mut ReadPlan,
    how: &RowReader,
    progress: &mut dyn FnMut(ImportProgress) -> bool,
    consume: &mut dyn FnMut(&mut LineBatch) -> ControlFlow<()>,
) -> Result<bool> {
    let total = rows_in_sheet(book, plan);
    let sheet = plan.sheet.clone();
    let data_start = plan.rows.mapping.data_start;
    let rows = &mut plan.rows;
    let rows_done = AtomicU64::new(0);
    let (read, interpreted, consumed) = std::thread::scope(|scope| {
        let (row_tx, row_rx) = mpsc::sync_channel::<RowBatch>(8);
        let (line_tx, line_rx) = mpsc::sync_channel::<LineBatch>(8);
        // Empty batches go back up the pipeline to be refilled. Lines go
        // back whole to the interpreter, which allocated them and frees them
        // there (cheaper than freeing on another thread), so the writer
        // spends its time on SQLite. Rows are emptied by the interpreter
        // (with a .xlsx the reader, busy parsing, is the slowest stage) and
        // only their vector goes back to the reader.
        let (spent_rows_tx, spent_rows_rx) = mpsc::channel::<RowBatch>();
        let (spent_lines_tx, spent_lines_rx) = mpsc::channel::<LineBatch>();
        let reader = scope.spawn(move || {
            let fresh = || {
                let mut batch = spent_rows_rx
                    .try_recv()
                    .unwrap_or_else(|_| Vec::with_capacity(ROW_BATCH));
                batch.clear();
                batch
            };
            let mut batch = fresh();
            let result = book.for_each_row(&sheet, |i, row| {
                if i < data_start {
                    return ControlFlow::Continue(());
                }
                batch.push((i, std::mem::take(row)));
                if batch.len() == ROW_BATCH {
                    let full = std::mem::replace(&mut batch, fresh());
                    if row_tx.send(full).is_err() {
                        return ControlFlow::Break(());
                    }
                }
                ControlFlow::Continue(())
            });
            if result.is_ok() && !batch.is_empty() {
                let _ = row_tx.send(batch);
            }
            drop(row_tx);
            result
        });
        let rows_done = &rows_done;
        let interpreter = scope.spawn(move || {
            for mut batch in row_rx {
                let mut lines = spent_lines_rx
                    .try_recv()
                    .unwrap_or_else(|_| Vec::with_capacity(batch.len()));
                lines.clear();
                for (i, row) in &batch {
                    if let Some(line) = rows.interpret(*i, row, how) {
                        lines.push((*i, line));
                    }
                }
                rows_done.store(rows.rows_read, Ordering::Relaxed);
                if line_tx.send(lines).is_err() {
                    break;
                }
                batch.clear();
                let _ = spent_rows_tx.send(batch);
            }
        });
        let consumed = catch_unwind(AssertUnwindSafe(|| {
            let mut shown = 0;
            for mut lines in line_rx.iter() {
                if consume(&mut lines).is_break() {
                    return false;
                }
                let _ = spent_lines_tx.send(lines);
                let done = rows_done.load(Ordering::Relaxed);
                if done >= shown + PROGRESS_EVERY {
                    shown = done;
                    let stage = ImportStage::Reading;
                    if !progress(ImportProgress { stage, done, total }) {
                        return false;
                    }
                }
            }
            true
        }));
        drop(line_rx);
        (reader.join(), interpreter.join(), consumed)
    });
    let internal = || ApiError::new(ErrorCode::Internal, "读取表格的行时出错，没有导入任何数据");
    match (read, interpreted, consumed) {
        (Ok(Err(e)), _, _) => Err(e.into()),
        (Ok(Ok(())), Ok(()), Ok(done)) => Ok(done),
        _ => Err(internal()),
    }
}

/// Rows the sheet says it has, for the progress bar.
fn rows_in_sheet(book: &tierdesk_sheets::Book, plan: &ReadPlan) -> Option<u64> {
    book.sheets()
        .iter()
        .find(|s| s.name == plan.sheet)
        .and_then(|s| s.rows)
        .map(|r| r as u64)
}
