//! One row of the sheet, interpreted: a customer draft or an order line, or
//! the problems that refuse it.

use std::collections::{BTreeMap, BTreeSet};

use tierdesk_domain::{Cell, CustomerDraft, ImportKind, Msg, TransactionDraft};
use tierdesk_mapping::{Mapping, Problem, ReadOptions, RowKind, Target};

use crate::columns::customer_columns;
use crate::merge::keep_originals;

/// Rows kept as the sheet shows them, for the preview table.
pub const SAMPLE_ROWS: usize = 200;

/// How each row of an opened file is interpreted.
pub struct RowReader {
    opts: ReadOptions,
    /// Columns that name an order line's customer.
    customer_cols: Vec<usize>,
    /// Columns shown in the preview table.
    width: usize,
    /// Whether the file had bytes its encoding could not read (now U+FFFD
    /// in their cells), so rows are checked for them.
    undecodable: bool,
    /// The longest cell a reader keeps whole (`tierdesk_sheets::MAX_CELL_CHARS`).
    max_cell_chars: usize,
}

impl RowReader {
    pub fn new(
        mapping: &Mapping,
        opts: ReadOptions,
        undecodable: bool,
        max_cell_chars: usize,
    ) -> RowReader {
        RowReader {
            opts,
            customer_cols: customer_columns(mapping),
            width: mapping.columns.iter().map(|c| c.col + 1).max().unwrap_or(0),
            undecodable,
            max_cell_chars,
        }
    }
}

/// The rows of a sheet read under one mapping: the customers and order
/// lines to match, and every row refused or not data, with its problems.
/// Row indexes are Excel's row number minus one.
#[derive(Debug, Clone)]
pub struct Interpreted {
    pub kind: ImportKind,
    pub mapping: Mapping,
    pub customers: Vec<(usize, CustomerDraft)>,
    /// The 期初积分 of customer rows that carry one, by row.
    pub opening_points: BTreeMap<usize, i64>,
    /// Order lines, filled by the caller from what `interpret` hands back.
    pub lines: Vec<(usize, TransactionDraft)>,
    pub problems: Vec<Problem>,
    pub rejected: BTreeSet<usize>,
    /// Totals, notes, blank rows and repeated headers.
    pub not_data: BTreeSet<usize>,
    /// Rows under the header, data or not.
    pub rows_read: u64,
    /// Order lines with neither a customer code nor a name.
    pub without_customer: u64,
    /// The first rows under the header, as displayed, for the preview table.
    pub sample: Vec<(usize, Vec<String>)>,
}

impl Interpreted {
    pub fn new(kind: ImportKind, mapping: Mapping) -> Interpreted {
        Interpreted {
            kind,
            mapping,
            customers: Vec::new(),
            opening_points: BTreeMap::new(),
            lines: Vec::new(),
            problems: Vec::new(),
            rejected: BTreeSet::new(),
            not_data: BTreeSet::new(),
            rows_read: 0,
            without_customer: 0,
            sample: Vec::new(),
        }
    }

    /// Interprets one row under the header. Customers are kept here; an
    /// order line is handed back, so the caller decides whether to keep it
    /// or store it at once.
    pub fn interpret(
        &mut self,
        i: usize,
        row: &[Cell],
        how: &RowReader,
    ) -> Option<TransactionDraft> {
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
        let mut damaged = oversized_cells(i, row, &self.mapping, how.max_cell_chars);
        if how.undecodable {
            damaged.extend(undecodable_cells(i, row, &self.mapping));
        }
        if !damaged.is_empty() {
            self.refuse(i, damaged);
            return None;
        }
        match self.kind {
            ImportKind::Customers => {
                match tierdesk_mapping::read_customer(i, row, &self.mapping, &how.opts) {
                    Ok(mut r) => {
                        // Values left out of a kept row are reported, and refuse nothing.
                        self.problems.append(&mut r.warnings);
                        if let Some(points) = r.opening_points {
                            self.opening_points.insert(i, points);
                        }
                        self.customers.push((i, keep_originals(r)));
                    }
                    Err(ps) => self.refuse(i, ps),
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
                let msg = Msg::new("import.no_customer_skipped");
                self.refuse(i, vec![Problem::whole_row(i, msg)]);
                None
            }
            ImportKind::Transactions => {
                match tierdesk_mapping::read_transaction(i, row, &self.mapping, &how.opts) {
                    Ok(t) => Some(t),
                    Err(ps) => {
                        self.refuse(i, ps);
                        None
                    }
                }
            }
            ImportKind::Surveys => {
                let msg = Msg::new("import.surveys_elsewhere");
                self.refuse(i, vec![Problem::whole_row(i, msg)]);
                None
            }
        }
    }

    fn refuse(&mut self, row: usize, problems: Vec<Problem>) {
        self.rejected.insert(row);
        self.problems.extend(problems);
    }
}

/// The imported cells of a row that `judge` finds damaged, each as a
/// problem that refuses the row (`judge` gives the message and the value to
/// show). Columns the import ignores do not matter.
fn damaged_cells(
    row: usize,
    cells: &[Cell],
    mapping: &Mapping,
    judge: impl Fn(&str) -> Option<(Msg, String)>,
) -> Vec<Problem> {
    mapping
        .columns
        .iter()
        .filter(|c| !matches!(c.target, Target::Ignore))
        .filter_map(|c| {
            let Some(Cell::Text(t)) = cells.get(c.col) else {
                return None;
            };
            let (msg, value) = judge(t)?;
            let mut p = Problem::whole_row(row, msg);
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
            let msg = Msg::new("import.undecodable").with("value", t.trim());
            (msg, t.trim().to_owned())
        })
    })
}

/// Cells longer than Excel's 32,767 characters (`limit`). No person types
/// such a cell; it is a file exported wrong or damaged, and the CSV reader
/// keeps only its start (see `tierdesk_sheets::MAX_CELL_CHARS`), so storing
/// it would store a value cut short. The row is refused and named by row and
/// column, and the rest of the file is imported; refusing the whole file for
/// one cell would leave the person nothing to import.
fn oversized_cells(row: usize, cells: &[Cell], mapping: &Mapping, limit: usize) -> Vec<Problem> {
    damaged_cells(row, cells, mapping, |t| {
        // Bytes first: a text of at most `limit` bytes cannot be too long.
        (t.len() > limit && t.chars().count() > limit).then(|| {
            let msg = Msg::new("import.oversized").with("limit", limit);
            let start: String = t.trim().chars().take(20).collect();
            (msg, format!("{start}…"))
        })
    })
}
