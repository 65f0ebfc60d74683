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
//!
//! This module orchestrates only: it opens the file, calls the store, and
//! leaves every decision (matching, merging, fates, counts) to the pure
//! `tierdesk-import` crate.
//!
//! - `inspect`: what is in a file, and which sheet looks like the table.
//! - `read`: opening a file for an import and reading every row ([`ReadPlan`]).
//! - `pipeline`: the three threads that parse, interpret and keep rows.
//! - `run`: matching a read file, its preview, and writing a customer sheet.
//! - `lines`: writing an order sheet, also while it is being read.
//! - `opening`: a customer sheet's 积分 column as opening balances.
//! - `history`: the list of imports and undo.
//! - `errors`: the error workbook.
//! - `targets`: the fields a column can be mapped to.

mod asking;
mod errors;
mod history;
mod inspect;
mod lines;
mod opening;
mod pipeline;
mod read;
mod run;
mod surveys;
mod targets;

use serde::{Deserialize, Serialize};
use tierdesk_domain::points_rules::OpeningCounts;
use tierdesk_domain::{ImportKind, Msg};
use tierdesk_mapping::{Mapping, Problem};
use ts_rs::TS;

use crate::{ApiError, ErrorCode};

pub use asking::{GuessedColumn, PairRow, PossibleDuplicateRow};
pub use errors::write_error_workbook;
pub use inspect::inspect_file;
pub use read::{read_import, ImportContext, ReadPlan};
pub use surveys::{SurveyColumnInfo, SurveyImportRequest, SurveyImportSummary};
pub use targets::TargetOption;
pub use tierdesk_import::{ImportCounts, OnDuplicate, PairChoice, RowFate};

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
    /// Apply the guessed mappings that need confirming (需确认) as they are
    /// (the CLI's `--accept-guesses`); else such a column is left out until
    /// the person confirms it (its `confidence` set to high).
    pub accept_guesses: bool,
    /// What to do with every possible duplicate (rows that share only a
    /// phone with another record under another name); `None`: as each
    /// pair's own choice, else TierDesk's suggestion.
    pub pairs_all: Option<PairChoice>,
    /// The person's choice per possible duplicate, by the row's Excel number.
    pub pairs: Vec<PairRow>,
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
    /// In Chinese, as the CLI and the error workbook print it.
    pub message: String,
    /// The same as a message the UI renders in its language, with the
    /// sentences after it (`more`; in `message` joined by '；').
    pub msg: Msg,
    pub more: Vec<Msg>,
    /// True when the row is imported all the same (a cell that is not a
    /// phone is left empty): the UI shows it as a note, not as an error.
    pub row_kept: bool,
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
    /// Guessed columns that need confirming and are left out until then.
    pub guessed: Vec<GuessedColumn>,
    /// Rows that share only a phone with another record under another
    /// name, with what the import does with each.
    pub possible_duplicates: Vec<PossibleDuplicateRow>,
    /// What the sheet's 积分 column would do (opening balances).
    #[serde(default)]
    pub opening: OpeningCounts,
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
    /// Guessed columns that were left out because nobody confirmed them.
    pub guessed: Vec<GuessedColumn>,
    /// The possible duplicates and what the import did with each.
    pub possible_duplicates: Vec<PossibleDuplicateRow>,
    /// What the sheet's 积分 column did (opening balances).
    #[serde(default)]
    pub opening: OpeningCounts,
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

/// Problems a preview or a summary lists (every one is counted, and written
/// into the error workbook).
const PREVIEW_PROBLEMS: usize = 500;

fn file_name(path: &str) -> String {
    std::path::Path::new(path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_owned())
}

fn cancelled() -> ApiError {
    ApiError::new(ErrorCode::Cancelled, "导入已取消，数据库没有任何改动")
}

/// The problems a preview or a summary lists.
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
        msg: p.msg.clone(),
        more: p.more.clone(),
        row_kept: p.row_kept,
    }
}

/// The refusal when one bad row refuses the whole import.
fn refusal(problems: &[Problem], rejected: u64) -> ApiError {
    let first = row_problem(
        problems
            .iter()
            .find(|p| !p.row_kept)
            .unwrap_or(&problems[0]),
    );
    // The first problem travels as a message inside the refusal, so English
    // says the reason too; with sentences after it (never for a refused row,
    // kept for safety) its Chinese is a parameter.
    let msg = if first.header.is_empty() {
        Msg::new("import.refused")
    } else {
        Msg::new("import.refused_at").with("header", &first.header)
    };
    let msg = msg.with("rejected", rejected).with("row", first.row);
    let msg = if first.more.is_empty() {
        msg.with_msg("message", first.msg.clone())
    } else {
        msg.with("message", &first.message)
    };
    ApiError::coded(ErrorCode::Invalid, msg)
}
