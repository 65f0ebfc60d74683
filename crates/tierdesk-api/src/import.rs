//! Importing the sheets people already have.
//!
//! An import runs in three steps so the slow part never holds the database:
//! [`Api::import_context`] takes what matching needs from the store (quick),
//! [`read_import`] reads and interprets every row of the file (slow, no
//! database), and [`Api::preview_import_plan`] / [`Api::commit_import_plan`]
//! match the rows against the archive and either report what would happen
//! or write it all in one transaction. [`Api::preview_import`] and
//! [`Api::commit_import`] run the steps in one call for the CLI; there an
//! order sheet's lines are stored while the file is still being read.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::ops::ControlFlow;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use serde::{Deserialize, Serialize};
use tierdesk_domain::{
    text, Cell, Customer, CustomerDraft, CustomerKeys, CustomerWrite, FieldDef, ImportKind,
    ImportRecord, LineOwner, NewImport, TierLabel, TransactionDraft,
};
use tierdesk_mapping::{Mapping, Problem, ReadOptions, RowKind, Target};
use tierdesk_sheets::CellProblem;
use ts_rs::TS;

use crate::{Api, ApiError, ErrorCode, Result};

/// What to do with a row that matches a customer already in the archive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum OnDuplicate {
    /// Fill in the sheet's values; empty cells keep what the archive has.
    #[default]
    Update,
    /// Leave the archived customer as it is.
    Skip,
    /// Keep both: add the row as another customer.
    New,
}

impl OnDuplicate {
    pub fn parse(s: &str) -> Option<OnDuplicate> {
        match s {
            "update" => Some(OnDuplicate::Update),
            "skip" => Some(OnDuplicate::Skip),
            "new" => Some(OnDuplicate::New),
            _ => None,
        }
    }
}

/// Everything a person chose in the import wizard (or on the command line).
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ImportRequest {
    pub path: String,
    /// `None`: the sheet that looks most like the table.
    pub sheet: Option<String>,
    /// `None`: decided from the header.
    pub kind: Option<ImportKind>,
    /// The mapping the person confirmed; `None`: a saved profile for these
    /// headers, else the guess.
    pub mapping: Option<Mapping>,
    /// Use the saved mapping of this name.
    pub profile: Option<String>,
    pub on_duplicate: OnDuplicate,
    /// `true`: rows that cannot be read are skipped and listed; `false`: one
    /// bad row refuses the whole import.
    pub skip_bad_rows: bool,
}

/// A sheet of a file, for the wizard's sheet step.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SheetSummary {
    pub name: String,
    pub visible: bool,
    pub rows: Option<u64>,
}

/// What the wizard shows after a file is picked.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct FileInspection {
    pub path: String,
    pub file_name: String,
    pub format: String,
    pub sheets: Vec<SheetSummary>,
    /// The sheet that looks most like a customer or order table.
    pub suggested_sheet: String,
}

/// One problem with a row, as Excel shows it: row number, column letter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RowProblem {
    /// Excel's row number (1 = the first row of the sheet).
    pub row: u64,
    /// Excel's column letter; empty when the problem is the whole row.
    pub column: String,
    pub header: String,
    pub value: String,
    pub message: String,
    /// True when the row is imported all the same (a cell that is not a
    /// phone is left empty): the UI shows it as a note, not as an error.
    pub row_kept: bool,
}

/// What happens to one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RowFate {
    New,
    Update,
    Unchanged,
    Skip,
    Rejected,
    /// A total, note, blank or repeated header row: not a customer.
    NotData,
}

/// One row of the preview table: the cells as the sheet shows them.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PreviewRow {
    pub row: u64,
    pub cells: Vec<String>,
    pub fate: RowFate,
    /// The archived customer the row matched, by name.
    pub matched: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct ImportCounts {
    /// Rows under the header, totals and notes included.
    pub rows_read: u64,
    pub new: u64,
    pub updated: u64,
    pub unchanged: u64,
    /// Rows left alone: totals, notes, blanks, and duplicates the person chose to skip.
    pub skipped: u64,
    pub rejected: u64,
    /// Rows in the file that are the same customer as an earlier row.
    pub duplicates_in_file: u64,
    /// Order lines to store (transaction imports).
    pub lines: u64,
    /// Order lines without a customer (kept out, reported).
    pub lines_without_customer: u64,
    /// Columns that will become new custom fields.
    pub new_fields: Vec<String>,
}

/// The dry run: what the import would do, without doing it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ImportPreview {
    pub file_name: String,
    pub sheet: String,
    pub format: String,
    pub kind: ImportKind,
    pub mapping: Mapping,
    /// The saved mapping that was recognised, if any.
    pub profile: Option<String>,
    /// Every header is exactly a TierDesk column name (a template or an
    /// export written by TierDesk): the mapping needs no confirming.
    pub exact_headers: bool,
    pub headers: Vec<String>,
    pub rows: Vec<PreviewRow>,
    pub counts: ImportCounts,
    /// The first problems (all of them are in the error workbook).
    pub problems: Vec<RowProblem>,
    pub problem_count: u64,
}

/// The result of an import; the CLI prints it as JSON.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ImportSummary {
    pub import_id: i64,
    pub file: String,
    pub sheet: String,
    pub rows_read: u64,
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub skipped: u64,
    /// Rows refused (each has at least one problem).
    pub rejected: u64,
    pub lines: u64,
    /// The first problems, in row order (every one is in the error workbook).
    pub errors: Vec<RowProblem>,
    /// Problems in all.
    pub error_count: u64,
}

/// How far a long import has come, for the progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
pub struct ImportProgress {
    pub stage: ImportStage,
    pub done: u64,
    pub total: Option<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ImportStage {
    Reading,
    Matching,
    Writing,
}

/// What matching needs from the store, taken in one quick call.
pub struct ImportContext {
    field_defs: Vec<FieldDef>,
    tiers: Vec<TierLabel>,
    profiles: Vec<(String, String, String)>,
}

/// A file read and interpreted, not yet matched against the archive.
pub struct ReadPlan {
    path: String,
    file_name: String,
    sheet: String,
    format: String,
    kind: ImportKind,
    mapping: Mapping,
    profile: Option<String>,
    signature: String,
    customers: Vec<(usize, CustomerDraft)>,
    lines: Vec<(usize, TransactionDraft)>,
    problems: Vec<Problem>,
    rejected: BTreeSet<usize>,
    not_data: BTreeSet<usize>,
    rows_read: u64,
    /// Order lines with neither a customer code nor a name.
    without_customer: u64,
    /// The first rows under the header, as displayed, for the preview table.
    sample: Vec<(usize, Vec<String>)>,
}

const SAMPLE_ROWS: usize = 200;
const PREVIEW_PROBLEMS: usize = 500;
const HEAD_ROWS: usize = 60;

fn file_name(path: &str) -> String {
    Path::new(path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_owned())
}

fn cancelled() -> ApiError {
    ApiError::new(ErrorCode::Cancelled, "导入已取消，数据库没有任何改动")
}

fn kind_of(mapping: &Mapping) -> ImportKind {
    if mapping
        .columns
        .iter()
        .any(|c| matches!(c.target, Target::Tx(_)))
    {
        ImportKind::Transactions
    } else {
        ImportKind::Customers
    }
}

/// Whether every column's header is the exact name of the field it maps to:
/// a built-in column's label or an existing custom field's label.
fn exact_headers(mapping: &Mapping, fields: &[FieldDef]) -> bool {
    !mapping.columns.is_empty()
        && mapping.columns.iter().all(|c| {
            let h = c.header.trim();
            match &c.target {
                Target::Customer(f) => f.label() == h,
                Target::Custom { key, label, .. } => {
                    label == h && fields.iter().any(|d| &d.key == key && d.label == h)
                }
                Target::Tx(_) | Target::Ignore => false,
            }
        })
}

fn headers_of(mapping: &Mapping) -> Vec<String> {
    mapping.columns.iter().map(|c| c.header.clone()).collect()
}

/// The problems a preview or a summary lists (every one is counted, and
/// written into the error workbook).
fn first_problems(problems: &[Problem]) -> Vec<RowProblem> {
    problems
        .iter()
        .take(PREVIEW_PROBLEMS)
        .map(row_problem)
        .collect()
}

fn row_problem(p: &Problem) -> RowProblem {
    RowProblem {
        row: p.row as u64 + 1,
        column: if p.col == usize::MAX {
            String::new()
        } else {
            tierdesk_domain::column_letter(p.col)
        },
        header: p.header.clone(),
        value: p.value.clone(),
        message: p.message.clone(),
        row_kept: p.row_kept,
    }
}

fn whole_row_problem(row: usize, message: String) -> Problem {
    Problem {
        row,
        col: usize::MAX,
        header: String::new(),
        value: String::new(),
        message,
        row_kept: false,
    }
}

/// How many columns a mapping recognised as fields, to pick the right sheet.
fn recognised(mapping: &Mapping) -> usize {
    mapping
        .columns
        .iter()
        .filter(|c| matches!(c.target, Target::Customer(_) | Target::Tx(_)))
        .count()
}

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
fn inspect_book(
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
        let score = recognised(&tierdesk_mapping::guess_mapping(&head, None, &[]));
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

/// Rows handed from the parsing thread to the interpreting one at a time.
const ROW_BATCH: usize = 1024;
/// Rows between two progress reports.
const PROGRESS_EVERY: u64 = 4096;

/// How each row of an opened file is interpreted.
struct RowReader {
    opts: ReadOptions,
    /// Columns that name an order line's customer.
    customer_cols: Vec<usize>,
    /// Columns shown in the preview table.
    width: usize,
    /// Whether the file had bytes its encoding could not read (now U+FFFD
    /// in their cells), so rows are checked for them.
    undecodable: bool,
}

/// A file opened for an import, its sheet and mapping decided, no row read.
struct OpenedImport {
    book: tierdesk_sheets::Book,
    plan: ReadPlan,
    how: RowReader,
}

fn open_import(ctx: &ImportContext, req: &ImportRequest) -> Result<OpenedImport> {
    let path = Path::new(&req.path);
    let mut book = tierdesk_sheets::open(path)?;
    let (sheet, head) = match &req.sheet {
        Some(s) => {
            if !book.sheets().iter().any(|i| &i.name == s) {
                return Err(ApiError::invalid(format!(
                    "文件「{}」里没有名为「{s}」的工作表",
                    file_name(&req.path)
                )));
            }
            (s.clone(), None)
        }
        None => {
            let (inspection, head) = inspect_book(&mut book, &req.path)?;
            (inspection.suggested_sheet, head)
        }
    };
    let head = match head {
        Some(head) => head,
        None => book.preview(&sheet, HEAD_ROWS)?,
    };
    let guessed = tierdesk_mapping::guess_mapping(&head, None, &ctx.field_defs);
    let signature = tierdesk_mapping::header_signature(&headers_of(&guessed));
    let (mut mapping, mut profile) = (guessed, None);
    if let Some(name) = &req.profile {
        let (_, _, json) = ctx
            .profiles
            .iter()
            .find(|(_, n, _)| n == name)
            .ok_or_else(|| {
                ApiError::new(ErrorCode::NotFound, format!("没有名为「{name}」的导入方案"))
            })?;
        mapping = serde_json::from_str(json)
            .map_err(|e| ApiError::invalid(format!("导入方案「{name}」无法读取：{e}")))?;
        profile = Some(name.clone());
    } else if let Some((_, name, json)) = ctx.profiles.iter().find(|(sig, _, _)| *sig == signature)
    {
        if let Ok(saved) = serde_json::from_str::<Mapping>(json) {
            mapping = saved;
            profile = Some(name.clone());
        }
    }
    if let Some(m) = &req.mapping {
        mapping = m.clone();
    }
    let kind = req.kind.unwrap_or_else(|| kind_of(&mapping));
    check_mapping(&mapping, kind)?;

    let how = RowReader {
        opts: ReadOptions {
            date_1904: book.date_1904(),
            tiers: ctx.tiers.clone(),
        },
        customer_cols: mapping
            .columns
            .iter()
            .filter(|c| {
                matches!(
                    c.target,
                    Target::Tx(
                        tierdesk_mapping::TxField::CustomerCode
                            | tierdesk_mapping::TxField::CustomerName
                    )
                )
            })
            .map(|c| c.col)
            .collect(),
        width: mapping.columns.iter().map(|c| c.col + 1).max().unwrap_or(0),
        undecodable: book.undecodable() > 0,
    };
    let plan = ReadPlan {
        path: req.path.clone(),
        file_name: file_name(&req.path),
        sheet,
        format: book.format().label().to_owned(),
        kind,
        mapping,
        profile,
        signature,
        customers: Vec::new(),
        lines: Vec::new(),
        problems: Vec::new(),
        rejected: BTreeSet::new(),
        not_data: BTreeSet::new(),
        rows_read: 0,
        without_customer: 0,
        sample: Vec::new(),
    };
    Ok(OpenedImport { book, plan, how })
}

impl ReadPlan {
    /// Interprets one row under the header. Customers are kept in the plan;
    /// an order line is handed back, so the caller decides whether to keep
    /// it or store it at once.
    fn interpret(&mut self, i: usize, row: &[Cell], how: &RowReader) -> Option<TransactionDraft> {
        self.rows_read += 1;
        if self.sample.len() < SAMPLE_ROWS {
            self.sample.push((
                i,
                (0..how.width)
                    .map(|c| row.get(c).map(Cell::display).unwrap_or_default())
                    .collect(),
            ));
        }
        if tierdesk_mapping::row_kind(row, &self.mapping) != RowKind::Data {
            self.not_data.insert(i);
            return None;
        }
        let mut damaged = oversized_cells(i, row, &self.mapping);
        if how.undecodable {
            damaged.extend(undecodable_cells(i, row, &self.mapping));
        }
        if !damaged.is_empty() {
            self.rejected.insert(i);
            self.problems.extend(damaged);
            return None;
        }
        match self.kind {
            ImportKind::Customers => {
                match tierdesk_mapping::read_customer(i, row, &self.mapping, &how.opts) {
                    Ok(mut r) => {
                        // Values left out of a kept row are reported, and refuse nothing.
                        self.problems.append(&mut r.warnings);
                        self.customers.push((i, keep_originals(r)));
                    }
                    Err(ps) => {
                        self.rejected.insert(i);
                        self.problems.extend(ps);
                    }
                }
                None
            }
            ImportKind::Transactions
                if how
                    .customer_cols
                    .iter()
                    .all(|c| row.get(*c).is_none_or(Cell::is_empty)) =>
            {
                self.without_customer += 1;
                self.rejected.insert(i);
                self.problems.push(whole_row_problem(
                    i,
                    "这一行没有客户编号也没有客户名称，无法归到客户名下，未导入".into(),
                ));
                None
            }
            ImportKind::Transactions => {
                match tierdesk_mapping::read_transaction(i, row, &self.mapping, &how.opts) {
                    Ok(t) => Some(t),
                    Err(ps) => {
                        self.rejected.insert(i);
                        self.problems.extend(ps);
                        None
                    }
                }
            }
        }
    }
}

/// The imported cells of a row that `judge` finds damaged, each as a
/// problem that refuses the row (`judge` gives the message and the value to
/// show). Columns the import ignores do not matter.
fn damaged_cells(
    row: usize,
    cells: &[Cell],
    mapping: &Mapping,
    judge: impl Fn(&str) -> Option<(String, String)>,
) -> Vec<Problem> {
    mapping
        .columns
        .iter()
        .filter(|c| !matches!(c.target, Target::Ignore))
        .filter_map(|c| {
            let Some(Cell::Text(t)) = cells.get(c.col) else {
                return None;
            };
            let (message, value) = judge(t)?;
            let mut p = whole_row_problem(row, message);
            p.col = c.col;
            p.header = c.header.clone();
            p.value = value;
            Some(p)
        })
        .collect()
}

/// Cells holding bytes the file's encoding could not read (U+FFFD in their
/// text). Such a row is refused rather than imported with the mark: a name
/// or code missing a character would be stored as another customer (and the
/// next, mended import would not find it), an amount or phone would be read
/// wrong, and a refused row is listed with its cell, so the person mends it
/// at the source and imports it again.
fn undecodable_cells(row: usize, cells: &[Cell], mapping: &Mapping) -> Vec<Problem> {
    damaged_cells(row, cells, mapping, |t| {
        t.contains('\u{FFFD}').then(|| {
            let message = format!(
                "含有无法识别的字符（显示为“\u{FFFD}”）：'{}'。文件里这几个字节不是有效的文字编码\
                 （多半是复制粘贴或转存时损坏），这一行未导入；请在原文件中改正这个单元格后重新导入",
                t.trim()
            );
            (message, t.trim().to_owned())
        })
    })
}

/// Cells longer than Excel's 32,767 characters. No person types such a
/// cell; it is a file exported wrong or damaged, and the CSV reader keeps
/// only its start (see `tierdesk_sheets::MAX_CELL_CHARS`), so storing it
/// would store a value cut short. The row is refused and named by row and
/// column, and the rest of the file is imported; refusing the whole file for
/// one cell would leave the person nothing to import.
fn oversized_cells(row: usize, cells: &[Cell], mapping: &Mapping) -> Vec<Problem> {
    let limit = tierdesk_sheets::MAX_CELL_CHARS;
    damaged_cells(row, cells, mapping, |t| {
        // Bytes first: a text of at most `limit` bytes cannot be too long.
        (t.len() > limit && t.chars().count() > limit).then(|| {
            let message = format!(
                "这个单元格超过 {limit} 个字符（Excel 一个单元格最多能放 {limit} 个字符），\
                 不像是填写的内容，多半是导出或转存时出错；这一行未导入，请在原文件中改正后重新导入"
            );
            let start: String = t.trim().chars().take(20).collect();
            (message, format!("{start}…"))
        })
    })
}

/// Order lines with the rows they come from, as they pass between threads.
type LineBatch = Vec<(usize, TransactionDraft)>;

/// Reads and interprets the rows under the header, three stages on three
/// threads so each works while the others do: a reader parses the file
/// (calamine or the CSV reader), an interpreter turns rows into customers
/// (kept in `plan`) and order lines, and this thread gets the lines, in
/// order, in batches (an empty batch for rows without lines) to keep or
/// store. `consume` returning `Break`, or `progress` returning `false`,
/// stops everything; the result says whether every row was read.
fn pipe_lines(
    book: &mut tierdesk_sheets::Book,
    plan: &mut ReadPlan,
    how: &RowReader,
    progress: &mut dyn FnMut(ImportProgress) -> bool,
    consume: &mut dyn FnMut(&mut LineBatch) -> ControlFlow<()>,
) -> Result<bool> {
    let total = rows_in_sheet(book, plan);
    let sheet = plan.sheet.clone();
    let data_start = plan.mapping.data_start;
    let rows_done = std::sync::atomic::AtomicU64::new(0);
    let (read, interpreted, consumed) = std::thread::scope(|scope| {
        let (row_tx, row_rx) = std::sync::mpsc::sync_channel::<Vec<(usize, Vec<Cell>)>>(8);
        let (line_tx, line_rx) = std::sync::mpsc::sync_channel::<LineBatch>(8);
        // Empty batches go back up the pipeline to be refilled. Lines go
        // back whole to the interpreter, which allocated them and frees them
        // there (cheaper than freeing on another thread), so the writer
        // spends its time on SQLite. Rows are emptied by the interpreter
        // (with a .xlsx the reader, busy parsing, is the slowest stage) and
        // only their vector goes back to the reader.
        let (spent_rows_tx, spent_rows_rx) = std::sync::mpsc::channel::<Vec<(usize, Vec<Cell>)>>();
        let (spent_lines_tx, spent_lines_rx) = std::sync::mpsc::channel::<LineBatch>();
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
            for mut rows in row_rx {
                let mut lines = spent_lines_rx
                    .try_recv()
                    .unwrap_or_else(|_| Vec::with_capacity(rows.len()));
                lines.clear();
                for (i, row) in &rows {
                    if let Some(line) = plan.interpret(*i, row, how) {
                        lines.push((*i, line));
                    }
                }
                rows_done.store(plan.rows_read, std::sync::atomic::Ordering::Relaxed);
                if line_tx.send(lines).is_err() {
                    break;
                }
                rows.clear();
                let _ = spent_rows_tx.send(rows);
            }
        });
        let consumed = catch_unwind(AssertUnwindSafe(|| {
            let mut shown = 0;
            for mut lines in line_rx.iter() {
                if consume(&mut lines).is_break() {
                    return false;
                }
                let _ = spent_lines_tx.send(lines);
                let done = rows_done.load(std::sync::atomic::Ordering::Relaxed);
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

/// Reads every row of the file the request names and interprets it with the
/// confirmed (or saved, or guessed) mapping. No database needed; `progress`
/// returning `false` cancels.
pub fn read_import(
    ctx: &ImportContext,
    req: &ImportRequest,
    progress: &mut dyn FnMut(ImportProgress) -> bool,
) -> Result<ReadPlan> {
    let OpenedImport {
        mut book,
        mut plan,
        how,
    } = open_import(ctx, req)?;
    let mut kept = Vec::new();
    let completed = pipe_lines(&mut book, &mut plan, &how, progress, &mut |lines| {
        kept.append(lines);
        ControlFlow::Continue(())
    })?;
    if !completed {
        return Err(cancelled());
    }
    if plan.rows_read == 0 {
        return Err(no_data_rows(&plan));
    }
    plan.lines = kept;
    progress(ImportProgress {
        stage: ImportStage::Reading,
        done: plan.rows_read,
        total: Some(plan.rows_read),
    });
    Ok(plan)
}

/// A sheet with a header and nothing under it: said plainly instead of an
/// import of nothing that looks like it worked.
fn no_data_rows(plan: &ReadPlan) -> ApiError {
    ApiError::invalid(format!(
        "「{}」的工作表「{}」在表头下面没有数据行，没有可以导入的内容，数据库没有改动。\
         请确认选的是填好数据的文件和工作表",
        file_name(&plan.path),
        plan.sheet
    ))
}

/// Rows the sheet says it has, for the progress bar.
fn rows_in_sheet(book: &tierdesk_sheets::Book, plan: &ReadPlan) -> Option<u64> {
    book.sheets()
        .iter()
        .find(|s| s.name == plan.sheet)
        .and_then(|s| s.rows)
        .map(|r| r as u64)
}

/// The refusal when one bad row refuses the whole import.
fn refusal(problems: &[Problem], rejected: u64) -> ApiError {
    let first = row_problem(
        problems
            .iter()
            .find(|p| !p.row_kept)
            .unwrap_or(&problems[0]),
    );
    ApiError::invalid(format!(
        "有 {} 行无法导入，按设置整批拒绝，数据库没有改动。第一处：第 {} 行{}：{}",
        rejected,
        first.row,
        if first.header.is_empty() {
            String::new()
        } else {
            format!("「{}」", first.header)
        },
        first.message
    ))
}

/// The record of an import, as the import history shows it.
fn new_import(plan: &ReadPlan, who: &str, counts: &ImportCounts) -> NewImport {
    NewImport {
        kind: plan.kind,
        file: plan.path.clone(),
        sheet: plan.sheet.clone(),
        mapping: serde_json::to_string(&plan.mapping).unwrap_or_default(),
        rows_read: plan.rows_read,
        unchanged: counts.unchanged,
        skipped: counts.skipped,
        rejected: counts.rejected,
        who: who.to_owned(),
    }
}

/// A mapping must give each row its identity before anything is read.
fn check_mapping(mapping: &Mapping, kind: ImportKind) -> Result<()> {
    use tierdesk_mapping::{CustomerField, TxField};
    let has = |t: &dyn Fn(&Target) -> bool| mapping.columns.iter().any(|c| t(&c.target));
    match kind {
        ImportKind::Customers => {
            if !has(&|t| matches!(t, Target::Customer(CustomerField::Name))) {
                return Err(ApiError::invalid(
                    "没有找到「客户名称」列：请在列对应中把客户名称所在的列设为「客户名称」",
                ));
            }
        }
        ImportKind::Transactions => {
            if !has(&|t| matches!(t, Target::Tx(TxField::OrderNo))) {
                return Err(ApiError::invalid(
                    "没有找到「订单编号」列：请在列对应中指定订单编号所在的列",
                ));
            }
            if !has(&|t| matches!(t, Target::Tx(TxField::OccurredAt))) {
                return Err(ApiError::invalid(
                    "没有找到「下单日期」列：请在列对应中指定日期所在的列",
                ));
            }
            if !has(&|t| {
                matches!(
                    t,
                    Target::Tx(TxField::CustomerCode) | Target::Tx(TxField::CustomerName)
                )
            }) {
                return Err(ApiError::invalid(
                    "没有找到客户列：订单需要「客户编号」或「客户名称」才能归到客户名下",
                ));
            }
        }
    }
    Ok(())
}

/// A lossy reading (每月2次 → 24 次/年) keeps the original words in the notes,
/// so the person can always see what their sheet said.
fn keep_originals(r: tierdesk_mapping::CustomerRow) -> CustomerDraft {
    let mut draft = r.draft;
    if !r.originals.is_empty() {
        let said: Vec<String> = r
            .originals
            .iter()
            .map(|(f, s)| format!("{}：{s}", f.label()))
            .collect();
        let line = format!("原表写作 {}", said.join("，"));
        draft.notes = Some(match draft.notes.take().filter(|n| !n.trim().is_empty()) {
            Some(n) if !n.contains(&line) => format!("{n}\n{line}"),
            Some(n) => n,
            None => line,
        });
    }
    draft
}

/// The sheet's values over the archived customer's: a field the sheet leaves
/// empty keeps what the archive has.
fn merge(existing: &CustomerDraft, incoming: &CustomerDraft) -> CustomerDraft {
    let mut m = existing.clone();
    macro_rules! take {
        ($($f:ident),*) => { $( if incoming.$f.is_some() { m.$f = incoming.$f.clone(); } )* };
    }
    take!(
        code,
        phone,
        spend,
        frequency,
        tenure_years,
        influence,
        tier,
        last_rated_on,
        next_rating_on,
        gender,
        birth_date,
        email,
        address,
        registered_on,
        last_contact_on,
        preferred_category,
        notes,
        manager
    );
    if !incoming.name.trim().is_empty() {
        m.name = incoming.name.clone();
    }
    for t in &incoming.tags {
        if !m.tags.contains(t) {
            m.tags.push(t.clone());
        }
    }
    for (k, v) in &incoming.fields {
        if !v.is_null() {
            m.fields.insert(k.clone(), v.clone());
        }
    }
    m
}

/// The archive's customers by each match key.
struct KeyIndex {
    code: HashMap<String, i64>,
    phone: HashMap<String, i64>,
    name: HashMap<String, i64>,
}

impl KeyIndex {
    fn new(keys: Vec<CustomerKeys>) -> KeyIndex {
        let mut ix = KeyIndex {
            code: HashMap::new(),
            phone: HashMap::new(),
            name: HashMap::new(),
        };
        for k in keys {
            if let Some(c) = k.code {
                ix.code.entry(c).or_insert(k.id);
            }
            if let Some(p) = k.phone_key {
                ix.phone.entry(p).or_insert(k.id);
            }
            if !k.name_key.is_empty() {
                ix.name.entry(k.name_key).or_insert(k.id);
            }
        }
        ix
    }

    /// By code, else by phone, else by name.
    fn find(&self, d: &CustomerDraft) -> Option<i64> {
        if let Some(id) = d.code.as_ref().and_then(|c| self.code.get(c)) {
            return Some(*id);
        }
        if d.code.is_some() {
            // A sheet that gives codes means them: another code is another customer.
            return None;
        }
        if let Some(id) = d
            .phone
            .as_deref()
            .and_then(text::match_key_phone)
            .and_then(|p| self.phone.get(&p))
        {
            return Some(*id);
        }
        self.name.get(&text::match_key_name(&d.name)).copied()
    }
}

/// The first row of the file each customer key was seen on.
#[derive(Default)]
struct SeenInFile {
    code: HashMap<String, usize>,
    phone: HashMap<String, usize>,
    name: HashMap<String, usize>,
}

impl SeenInFile {
    /// The earlier row this draft repeats, with what they share.
    fn check(&mut self, row: usize, d: &CustomerDraft) -> Option<(usize, &'static str)> {
        if let Some(code) = &d.code {
            if let Some(r) = self.code.get(code) {
                return Some((*r, "客户编号"));
            }
            self.code.insert(code.clone(), row);
            return None;
        }
        if let Some(p) = d.phone.as_deref().and_then(text::match_key_phone) {
            if let Some(r) = self.phone.get(&p) {
                return Some((*r, "联系方式"));
            }
            self.phone.insert(p, row);
        }
        let n = text::match_key_name(&d.name);
        if let Some(r) = self.name.get(&n) {
            return Some((*r, "客户名称"));
        }
        self.name.insert(n, row);
        None
    }
}

/// What matching decided, before anything is written.
struct Decided {
    writes: Vec<CustomerWrite>,
    new_fields: Vec<FieldDef>,
    fates: HashMap<usize, (RowFate, Option<String>)>,
    counts: ImportCounts,
    problems: Vec<Problem>,
    new_customers: Vec<CustomerDraft>,
    /// Whose each of the plan's order lines is (`None`: nobody's, rejected).
    owners: Vec<Option<LineOwner>>,
}

/// Who each order line belongs to, decided line by line: a customer in the
/// archive (by code; by name when the sheet gives no code), else a new
/// customer this import creates, first named by this line or an earlier one.
struct LineMatcher<'a> {
    index: &'a KeyIndex,
    by_code: HashMap<String, usize>,
    by_name: HashMap<String, usize>,
    new_customers: Vec<CustomerDraft>,
    /// Customers already in the archive that get lines.
    touched: HashSet<i64>,
    lines: u64,
    without_customer: u64,
}

impl<'a> LineMatcher<'a> {
    fn new(index: &'a KeyIndex) -> LineMatcher<'a> {
        LineMatcher {
            index,
            by_code: HashMap::new(),
            by_name: HashMap::new(),
            new_customers: Vec::new(),
            touched: HashSet::new(),
            lines: 0,
            without_customer: 0,
        }
    }

    /// The owner of the line on `row`; a line naming nobody is reported and
    /// its row rejected.
    fn place(
        &mut self,
        row: usize,
        line: &TransactionDraft,
        problems: &mut Vec<Problem>,
        rejected: &mut BTreeSet<usize>,
    ) -> Option<LineOwner> {
        let code = line
            .customer_code
            .as_deref()
            .filter(|c| !c.trim().is_empty());
        let name = line
            .customer_name
            .as_deref()
            .filter(|n| !n.trim().is_empty());
        let name_key = match (code, name) {
            (None, Some(n)) => Some(text::match_key_name(n)),
            _ => None,
        };
        let existing = match (code, &name_key) {
            (Some(c), _) => self.index.code.get(c),
            (None, Some(k)) => self.index.name.get(k),
            (None, None) => None,
        };
        if let Some(id) = existing {
            self.touched.insert(*id);
            self.lines += 1;
            return Some(LineOwner::Existing(*id));
        }
        let slot = match (code, &name_key) {
            (Some(c), _) => self.by_code.get(c),
            (None, Some(k)) => self.by_name.get(k),
            (None, None) => {
                self.without_customer += 1;
                problems.push(whole_row_problem(
                    row,
                    "这一行没有客户编号也没有客户名称，无法归到客户名下".into(),
                ));
                rejected.insert(row);
                return None;
            }
        };
        let n = match slot {
            Some(n) => *n,
            None => {
                let n = self.new_customers.len();
                self.new_customers.push(CustomerDraft {
                    code: code.map(str::to_owned),
                    name: name
                        .map(str::to_owned)
                        .unwrap_or_else(|| format!("客户 {}", code.unwrap_or_default())),
                    ..CustomerDraft::default()
                });
                match (code, name_key) {
                    (Some(c), _) => self.by_code.insert(c.to_owned(), n),
                    (None, Some(k)) => self.by_name.insert(k, n),
                    (None, None) => None,
                };
                n
            }
        };
        self.lines += 1;
        Some(LineOwner::New(n))
    }
}

impl Api {
    /// What matching needs, in one quick call.
    pub fn import_context(&self) -> Result<ImportContext> {
        let tiers = match self.active_scheme() {
            Ok(s) => s.labels(),
            Err(_) => Vec::new(),
        };
        Ok(ImportContext {
            field_defs: self.store.field_defs()?,
            tiers,
            profiles: self.store.import_profiles()?,
        })
    }

    fn new_fields(&self, mapping: &Mapping) -> Result<Vec<FieldDef>> {
        let existing = self.store.field_defs()?;
        let mut out: Vec<FieldDef> = Vec::new();
        for c in &mapping.columns {
            if let Target::Custom { key, label, kind } = &c.target {
                if !existing.iter().any(|d| &d.key == key) && !out.iter().any(|d| &d.key == key) {
                    FieldDef::check_key(key).map_err(ApiError::invalid)?;
                    out.push(FieldDef {
                        key: key.clone(),
                        label: label.clone(),
                        kind: *kind,
                        choices: Vec::new(),
                    });
                }
            }
        }
        Ok(out)
    }

    fn decide(
        &self,
        plan: &ReadPlan,
        req: &ImportRequest,
        progress: &mut dyn FnMut(ImportProgress) -> bool,
    ) -> Result<Decided> {
        let new_fields = self.new_fields(&plan.mapping)?;
        let mut defs = self.store.field_defs()?;
        defs.extend(new_fields.iter().cloned());
        let index = KeyIndex::new(self.store.customer_keys()?);
        let mut d = Decided {
            writes: Vec::new(),
            counts: ImportCounts {
                rows_read: plan.rows_read,
                skipped: plan.not_data.len() as u64,
                new_fields: new_fields.iter().map(|f| f.label.clone()).collect(),
                ..ImportCounts::default()
            },
            new_fields,
            fates: HashMap::new(),
            problems: plan.problems.clone(),
            new_customers: Vec::new(),
            owners: Vec::new(),
        };
        let mut rejected = plan.rejected.clone();
        match plan.kind {
            ImportKind::Customers => {
                let mut seen = SeenInFile::default();
                let total = plan.customers.len() as u64;
                for (n, (row, draft)) in plan.customers.iter().enumerate() {
                    if n % 4096 == 0
                        && !progress(ImportProgress {
                            stage: ImportStage::Matching,
                            done: n as u64,
                            total: Some(total),
                        })
                    {
                        return Err(cancelled());
                    }
                    if let Some((earlier, what)) = seen.check(*row, draft) {
                        d.counts.duplicates_in_file += 1;
                        d.problems.push(whole_row_problem(
                            *row,
                            format!(
                                "与第 {} 行是同一位客户（{what}相同），本行未导入",
                                earlier + 1
                            ),
                        ));
                        rejected.insert(*row);
                        continue;
                    }
                    let matched = index.find(draft);
                    let (write, fate, name) = match (matched, req.on_duplicate) {
                        (Some(id), OnDuplicate::Skip) => {
                            let c = self.store.customer(id)?;
                            (None, RowFate::Skip, Some(c.name))
                        }
                        (Some(id), OnDuplicate::Update) => {
                            let c: Customer = self.store.customer(id)?;
                            let previous = CustomerDraft::from(&c);
                            let merged = merge(&previous, draft);
                            if merged == previous {
                                (None, RowFate::Unchanged, Some(c.name))
                            } else {
                                (
                                    Some(CustomerWrite::Update {
                                        id,
                                        draft: merged,
                                        previous,
                                    }),
                                    RowFate::Update,
                                    Some(c.name),
                                )
                            }
                        }
                        (Some(id), OnDuplicate::New) => {
                            let c = self.store.customer(id)?;
                            if draft.code.is_some() && draft.code == c.code {
                                d.problems.push(whole_row_problem(
                                    *row,
                                    format!(
                                        "客户编号「{}」已属于客户「{}」，不能再新建一位同编号的客户",
                                        draft.code.clone().unwrap_or_default(),
                                        c.name
                                    ),
                                ));
                                rejected.insert(*row);
                                continue;
                            }
                            (
                                Some(CustomerWrite::Insert(draft.clone())),
                                RowFate::New,
                                None,
                            )
                        }
                        (None, _) => (
                            Some(CustomerWrite::Insert(draft.clone())),
                            RowFate::New,
                            None,
                        ),
                    };
                    // Validation runs on what will be stored, so a merged
                    // record is checked as a whole.
                    let checked = match &write {
                        Some(CustomerWrite::Insert(x))
                        | Some(CustomerWrite::Update { draft: x, .. }) => {
                            x.clone().validate(&defs).map(Some)
                        }
                        None => Ok(None),
                    };
                    match checked {
                        Err(errs) => {
                            for p in errs.0 {
                                let col = column_of_field(&plan.mapping, &p.field);
                                d.problems.push(Problem {
                                    row: *row,
                                    col: col.as_ref().map(|c| c.0).unwrap_or(usize::MAX),
                                    header: col.map(|c| c.1).unwrap_or_default(),
                                    value: String::new(),
                                    message: p.message,
                                    row_kept: false,
                                });
                            }
                            rejected.insert(*row);
                        }
                        Ok(valid) => {
                            match fate {
                                RowFate::New => d.counts.new += 1,
                                RowFate::Update => d.counts.updated += 1,
                                RowFate::Unchanged => d.counts.unchanged += 1,
                                _ => d.counts.skipped += 1,
                            }
                            d.fates.insert(*row, (fate, name));
                            match (write, valid) {
                                (Some(CustomerWrite::Insert(_)), Some(v)) => {
                                    d.writes.push(CustomerWrite::Insert(v))
                                }
                                (Some(CustomerWrite::Update { id, previous, .. }), Some(v)) => {
                                    d.writes.push(CustomerWrite::Update {
                                        id,
                                        draft: v,
                                        previous,
                                    })
                                }
                                _ => {}
                            }
                        }
                    }
                }
            }
            ImportKind::Transactions => {
                let mut m = LineMatcher::new(&index);
                d.owners = plan
                    .lines
                    .iter()
                    .map(|(row, line)| m.place(*row, line, &mut d.problems, &mut rejected))
                    .collect();
                d.counts.lines = m.lines;
                d.counts.new = m.new_customers.len() as u64;
                d.counts.updated = m.touched.len() as u64;
                d.counts.lines_without_customer += m.without_customer;
                d.new_customers = m.new_customers;
            }
        }
        d.counts.lines_without_customer += plan.without_customer;
        d.counts.rejected = rejected.len() as u64;
        for r in &rejected {
            d.fates.insert(*r, (RowFate::Rejected, None));
        }
        for r in &plan.not_data {
            d.fates.insert(*r, (RowFate::NotData, None));
        }
        d.problems.sort_by_key(|p| (p.row, p.col));
        Ok(d)
    }

    /// The dry run over a read file.
    pub fn preview_import_plan(
        &self,
        plan: &ReadPlan,
        req: &ImportRequest,
        progress: &mut dyn FnMut(ImportProgress) -> bool,
    ) -> Result<ImportPreview> {
        let d = self.decide(plan, req, progress)?;
        let rows = plan
            .sample
            .iter()
            .map(|(row, cells)| {
                let (fate, matched) = d.fates.get(row).cloned().unwrap_or((RowFate::New, None));
                PreviewRow {
                    row: *row as u64 + 1,
                    cells: cells.clone(),
                    fate,
                    matched,
                }
            })
            .collect();
        Ok(ImportPreview {
            file_name: plan.file_name.clone(),
            sheet: plan.sheet.clone(),
            format: plan.format.clone(),
            kind: plan.kind,
            mapping: plan.mapping.clone(),
            profile: plan.profile.clone(),
            exact_headers: plan.kind == ImportKind::Customers
                && exact_headers(&plan.mapping, &self.field_defs()?),
            headers: headers_of(&plan.mapping),
            rows,
            problem_count: d.problems.len() as u64,
            problems: first_problems(&d.problems),
            counts: d.counts,
        })
    }

    /// Writes a read file in one transaction, records it for undo and saves
    /// the mapping as a profile for the next file with the same headers.
    pub fn commit_import_plan(
        &mut self,
        plan: &ReadPlan,
        req: &ImportRequest,
        who: &str,
        progress: &mut dyn FnMut(ImportProgress) -> bool,
    ) -> Result<ImportSummary> {
        let d = self.decide(plan, req, progress)?;
        if !req.skip_bad_rows && d.problems.iter().any(|p| !p.row_kept) {
            return Err(refusal(&d.problems, d.counts.rejected));
        }
        if !progress(ImportProgress {
            stage: ImportStage::Writing,
            done: 0,
            total: None,
        }) {
            return Err(cancelled());
        }
        let new = new_import(plan, who, &d.counts);
        let sheet_has_tier = plan.mapping.columns.iter().any(|c| {
            c.target == tierdesk_mapping::Target::Customer(tierdesk_mapping::CustomerField::Tier)
        });
        let record: ImportRecord = match plan.kind {
            ImportKind::Customers => {
                self.store
                    .apply_customer_import(&new, &d.new_fields, &d.writes, sheet_has_tier)?
            }
            ImportKind::Transactions => {
                let mut import = self.store.begin_line_import(&new, &d.new_fields)?;
                for ((_, line), owner) in plan.lines.iter().zip(&d.owners) {
                    if let Some(owner) = owner {
                        import.push(*owner, line)?;
                    }
                }
                import.finish(&new, &d.new_customers, refresh_from_lines)?
            }
        };
        self.finish_import(plan, &record, &new.mapping, &d.problems)
    }

    /// Saves the mapping as a profile for the next file with the same
    /// headers and sums the import up.
    fn finish_import(
        &mut self,
        plan: &ReadPlan,
        record: &ImportRecord,
        mapping: &str,
        problems: &[Problem],
    ) -> Result<ImportSummary> {
        let name = plan
            .profile
            .clone()
            .unwrap_or_else(|| format!("{} · {}", plan.file_name, plan.sheet));
        self.store
            .save_import_profile(&plan.signature, &name, plan.kind, mapping)?;
        Ok(ImportSummary {
            import_id: record.id,
            file: plan.path.clone(),
            sheet: plan.sheet.clone(),
            rows_read: record.rows_read,
            inserted: record.inserted,
            updated: record.updated,
            unchanged: record.unchanged,
            skipped: record.skipped,
            rejected: record.rejected,
            lines: record.lines,
            errors: first_problems(problems),
            error_count: problems.len() as u64,
        })
    }

    /// Reads an order sheet and stores its lines as they are read, in one
    /// transaction: the database writes while the next rows are parsed.
    fn stream_transactions(
        &mut self,
        opened: OpenedImport,
        req: &ImportRequest,
        who: &str,
        progress: &mut dyn FnMut(ImportProgress) -> bool,
    ) -> Result<ImportSummary> {
        let OpenedImport {
            mut book,
            mut plan,
            how,
        } = opened;
        let new_fields = self.new_fields(&plan.mapping)?;
        let index = KeyIndex::new(self.store.customer_keys()?);
        let mut m = LineMatcher::new(&index);
        let mut counts = ImportCounts::default();
        let mut new = new_import(&plan, who, &counts);
        let (mut problems, mut rejected) = (Vec::new(), BTreeSet::new());
        let mut import = self.store.begin_line_import(&new, &new_fields)?;
        let mut failed: Option<ApiError> = None;
        let completed = pipe_lines(&mut book, &mut plan, &how, progress, &mut |lines| {
            for (i, line) in lines.iter() {
                if let Some(owner) = m.place(*i, line, &mut problems, &mut rejected) {
                    if let Err(e) = import.push(owner, line) {
                        failed = Some(e.into());
                        return ControlFlow::Break(());
                    }
                }
            }
            ControlFlow::Continue(())
        })?;
        if let Some(e) = failed {
            return Err(e);
        }
        if !completed {
            return Err(cancelled());
        }
        if plan.rows_read == 0 {
            return Err(no_data_rows(&plan));
        }
        problems.append(&mut plan.problems);
        problems.sort_by_key(|p| (p.row, p.col));
        rejected.append(&mut plan.rejected);
        counts.rows_read = plan.rows_read;
        counts.skipped = plan.not_data.len() as u64;
        counts.rejected = rejected.len() as u64;
        if !req.skip_bad_rows && problems.iter().any(|p| !p.row_kept) {
            return Err(refusal(&problems, counts.rejected));
        }
        new = new_import(&plan, who, &counts);
        let record = import.finish(&new, &m.new_customers, refresh_from_lines)?;
        self.finish_import(&plan, &record, &new.mapping, &problems)
    }

    /// Reads, matches and reports, without writing (the CLI's `--dry-run`).
    pub fn preview_import(
        &self,
        req: &ImportRequest,
        progress: &mut dyn FnMut(ImportProgress) -> bool,
    ) -> Result<ImportPreview> {
        let plan = read_import(&self.import_context()?, req, progress)?;
        self.preview_import_plan(&plan, req, progress)
    }

    pub fn commit_import(
        &mut self,
        req: &ImportRequest,
        who: &str,
        progress: &mut dyn FnMut(ImportProgress) -> bool,
    ) -> Result<ImportSummary> {
        let ctx = self.import_context()?;
        let opened = open_import(&ctx, req)?;
        if opened.plan.kind == ImportKind::Transactions {
            return self.stream_transactions(opened, req, who, progress);
        }
        let plan = read_import(&ctx, req, progress)?;
        self.commit_import_plan(&plan, req, who, progress)
    }

    pub fn imports(&self) -> Result<Vec<ImportRecord>> {
        Ok(self.store.imports()?)
    }

    pub fn undo_import(&mut self, id: i64) -> Result<ImportRecord> {
        Ok(self.store.undo_import(id)?)
    }
}

/// A copy of the person's own sheet with every bad cell marked and a reason
/// column, to fix and import again.
pub fn write_error_workbook(plan: &ReadPlan, problems: &[RowProblem], out: &Path) -> Result<()> {
    let cells: Vec<CellProblem> = problems
        .iter()
        .map(|p| CellProblem {
            row: (p.row as usize).saturating_sub(1),
            col: plan
                .mapping
                .columns
                .iter()
                .find(|c| c.header == p.header && !p.column.is_empty())
                .map(|c| c.col),
            message: p.message.clone(),
        })
        .collect();
    let header_row = plan.mapping.header_rows.last().copied().unwrap_or(0);
    tierdesk_sheets::write_error_workbook(
        Path::new(&plan.path),
        &plan.sheet,
        header_row,
        &cells,
        out,
    )?;
    Ok(())
}

impl Api {
    /// Reads the file again, finds every problem and writes the error workbook.
    pub fn write_import_errors(&self, req: &ImportRequest, out: &Path) -> Result<u64> {
        let plan = read_import(&self.import_context()?, req, &mut |_| true)?;
        let d = self.decide(&plan, req, &mut |_| true)?;
        let problems: Vec<RowProblem> = d.problems.iter().map(row_problem).collect();
        write_error_workbook(&plan, &problems, out)?;
        Ok(problems.len() as u64)
    }
}

/// The column a draft field came from, for messages.
fn column_of_field(mapping: &Mapping, field: &str) -> Option<(usize, String)> {
    mapping
        .columns
        .iter()
        .find(|c| match &c.target {
            Target::Customer(f) => f.key() == field,
            Target::Custom { key, .. } => key == field,
            _ => false,
        })
        .map(|c| (c.col, c.header.clone()))
}

/// A customer's record after new order lines: spend is the sum of purchases,
/// frequency the purchase orders per year over the span of their purchases
/// (at least a year), and the first purchase stands in for a missing 注册时间.
fn refresh_from_lines(c: &CustomerDraft, t: &tierdesk_store::LineTotals) -> Option<CustomerDraft> {
    let mut d = c.clone();
    let parse = |s: &Option<String>| {
        s.as_deref()
            .and_then(|s| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").ok())
    };
    let (first, last) = (parse(&t.first), parse(&t.last));
    let years = match (first, last) {
        (Some(f), Some(l)) => ((l - f).num_days() as f64 / 365.25).max(1.0),
        _ => 1.0,
    };
    d.spend = Some((t.spend * 100.0).round() / 100.0);
    d.frequency = Some(((t.orders as f64 / years) * 100.0).round() / 100.0);
    if d.registered_on.is_none() {
        d.registered_on = first.map(|f| f.date());
    }
    (d != *c).then_some(d)
}

/// One choice in the wizard's column drop-down.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct TargetOption {
    pub target: Target,
    pub label: String,
    /// 客户字段, 订单字段, 自定义字段 or 不导入, to group the drop-down.
    pub group: String,
}

impl Api {
    /// Every field a column can be mapped to, with the labels people see.
    pub fn import_targets(&self) -> Result<Vec<TargetOption>> {
        use tierdesk_mapping::{CustomerField, TxField};
        let mut out: Vec<TargetOption> = CustomerField::ALL
            .iter()
            .map(|f| TargetOption {
                target: Target::Customer(*f),
                label: f.label().to_owned(),
                group: "客户字段".into(),
            })
            .collect();
        out.extend(TxField::ALL.iter().map(|f| TargetOption {
            target: Target::Tx(*f),
            label: f.label().to_owned(),
            group: "订单字段".into(),
        }));
        out.extend(self.store.field_defs()?.into_iter().map(|d| TargetOption {
            label: d.label.clone(),
            target: Target::Custom {
                key: d.key,
                label: d.label,
                kind: d.kind,
            },
            group: "自定义字段".into(),
        }));
        out.push(TargetOption {
            target: Target::Ignore,
            label: "不导入".into(),
            group: "不导入".into(),
        });
        Ok(out)
    }
}
