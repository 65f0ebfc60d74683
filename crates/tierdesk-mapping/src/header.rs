//! Finding the header in the first rows of a sheet and proposing where each
//! column goes.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use tierdesk_domain::text::to_halfwidth;
use tierdesk_domain::{Cell, FieldDef, FieldKind};
use ts_rs::TS;

use crate::fields::{
    customer_match, customer_match_word, is_weak_word, match_confidence, tx_match, tx_match_word,
};
use crate::{values, Confidence, CustomerField, Target, TxField, Unit};

/// One column of the sheet and where it goes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ColumnMapping {
    /// Excel column − 1 (A = 0).
    pub col: usize,
    /// The header as the sheet writes it (two-row headers joined).
    pub header: String,
    pub target: Target,
    /// The unit the header names (金额（万元）), applied to bare numbers.
    pub unit: Option<Unit>,
    /// How sure the guess is; a `Low` column is read only once confirmed.
    /// Saved mappings from before confidences existed were confirmed.
    #[serde(default)]
    pub confidence: Confidence,
}

/// Where the table is and what each column is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Mapping {
    /// The header rows (Excel row − 1); two for a two-row header.
    pub header_rows: Vec<usize>,
    /// The first row under the header.
    pub data_start: usize,
    pub columns: Vec<ColumnMapping>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TableKind {
    Customers,
    Transactions,
}

/// The header as compared with synonyms: half width, lower case, no spaces,
/// no unit in brackets, no `*` required-field marks.
pub fn normalize(header: &str) -> String {
    let (base, _) = split_unit(header);
    base
}

/// The longest text read as a header, in characters. Longer text is a
/// paragraph, a pasted record or a whole file on one line (a CSV without
/// line breaks is one row of one huge cell); reading it as a header would
/// compare every synonym against all of it.
const MAX_HEADER_CHARS: usize = 200;

/// The cell's text trimmed, when it is short enough to be a header; only
/// the first [`MAX_HEADER_CHARS`] + 1 characters are looked at.
fn header_text(s: &str) -> Option<&str> {
    let t = s.trim();
    t.chars().nth(MAX_HEADER_CHARS).is_none().then_some(t)
}

/// `消费金额（万元）` → ("消费金额", Some(Wan)). Text too long to be a
/// header is nothing: ("", None).
fn split_unit(header: &str) -> (String, Option<Unit>) {
    let Some(header) = header_text(header) else {
        return (String::new(), None);
    };
    let s: String = to_halfwidth(header)
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '*' | '_' | ':' | '：' | '\u{feff}'))
        .collect();
    let mut unit = None;
    let mut base = s.clone();
    if let Some(open) = s.find(['(', '[', '（', '【']) {
        let inner: String = s[open..]
            .chars()
            .skip(1)
            .take_while(|c| !matches!(c, ')' | ']' | '）' | '】'))
            .collect();
        unit = unit_of(&inner);
        base = s[..open].to_owned();
    }
    if unit.is_none() {
        if let Some(b) = base.strip_suffix("万元") {
            unit = Some(Unit::Wan);
            base = b.to_owned();
        } else if base.chars().count() > 2 && base.ends_with('元') && !base.ends_with("单元") {
            unit = Some(Unit::Yuan);
            base = base.trim_end_matches('元').to_owned();
        }
    }
    (base, unit)
}

fn unit_of(inner: &str) -> Option<Unit> {
    match inner {
        "万元" | "万" | "万元人民币" => Some(Unit::Wan),
        "元" | "人民币" | "rmb" | "¥" | "￥" | "元人民币" => Some(Unit::Yuan),
        _ => None,
    }
}

/// A stable signature of a sheet's headers, to recognise the same layout
/// the next time and apply the saved mapping.
pub fn header_signature(headers: &[String]) -> String {
    // The unit stays in: 金额（万元） and 金额 need different mappings.
    headers
        .iter()
        .map(|h| match split_unit(h) {
            (base, Some(u)) => format!("{base}({u:?})"),
            (base, None) => base,
        })
        .collect::<Vec<_>>()
        .join("|")
}

fn cell_text(c: Option<&Cell>) -> String {
    match c {
        Some(Cell::Text(s)) => header_text(s).unwrap_or_default().to_owned(),
        Some(Cell::Number(_)) | Some(Cell::Date(_)) | Some(Cell::Bool(_)) => String::new(),
        _ => String::new(),
    }
}

/// Columns recognised in a header row, for either kind of table.
fn score(headers: &[String]) -> (usize, usize) {
    let c = headers
        .iter()
        .filter(|h| customer_match(&normalize(h)).is_some_and(|m| m.1 < 100))
        .count();
    let t = headers
        .iter()
        .filter(|h| tx_match(&normalize(h)).is_some_and(|m| m.1 < 100))
        .count();
    (c, t)
}

fn texts(row: &[Cell], width: usize) -> Vec<String> {
    (0..width).map(|i| cell_text(row.get(i))).collect()
}

fn is_header_like(row: &[Cell]) -> bool {
    let filled: Vec<&Cell> = row.iter().filter(|c| !c.is_empty()).collect();
    !filled.is_empty()
        && filled.iter().all(|c| {
            matches!(c, Cell::Text(s) if header_text(s).is_some()
                && values::read_number(c).is_err()
                && values::read_datetime(c, false).is_err())
        })
}

/// Joins a two-row header: a parent over several columns (merged, so only
/// its first cell holds text) carries right; a child under it names the
/// column; a column whose child is empty keeps the parent (merged down).
fn combine(top: &[String], bottom: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(top.len());
    let mut parent = String::new();
    for i in 0..top.len().max(bottom.len()) {
        let t = top.get(i).cloned().unwrap_or_default();
        let b = bottom.get(i).cloned().unwrap_or_default();
        if !t.is_empty() {
            parent = t.clone();
        }
        let name = match (t.is_empty(), b.is_empty()) {
            (_, true) => t,
            (true, false) if parent.is_empty() => b,
            (true, false) | (false, false) => {
                // A child that is a field by itself is the better name.
                if customer_match(&normalize(&b)).is_some_and(|m| m.1 < 100)
                    || tx_match(&normalize(&b)).is_some_and(|m| m.1 < 100)
                {
                    b
                } else {
                    format!("{parent}{b}")
                }
            }
        };
        out.push(name);
    }
    out
}

/// Looks at the first rows of a sheet (index = Excel row − 1) and proposes a
/// mapping: the header row (or two), where the data starts, and a target for
/// every column that has a header or data. Columns that match no field
/// become custom fields, so nothing is dropped.
pub fn guess_mapping(
    rows: &[Vec<Cell>],
    kind: Option<TableKind>,
    existing_fields: &[FieldDef],
) -> Mapping {
    let (header_rows, headers) = find_header(rows);
    let data_start = header_rows.last().copied().unwrap_or(0) + 1;
    let sample: Vec<&Vec<Cell>> = rows.iter().skip(data_start).take(30).collect();
    let mut columns = Columns {
        kind: kind.unwrap_or_else(|| table_kind(&headers)),
        about_purchases: headers.iter().any(|h| {
            let n = normalize(h);
            PURCHASE_WORDS.iter().any(|w| n.contains(w))
        }),
        sample: &sample,
        existing: existing_fields,
        keys: existing_fields.iter().map(|f| f.key.clone()).collect(),
        columns: Vec::new(),
        taken: Vec::new(),
    };
    for (col, header) in headers.iter().enumerate() {
        columns.add(col, header);
    }
    Mapping {
        header_rows,
        data_start,
        columns: columns.columns,
    }
}

/// The header among the first rows: its row (or two rows, joined) and the
/// header of every column.
pub(crate) fn find_header(rows: &[Vec<Cell>]) -> (Vec<usize>, Vec<String>) {
    let look = rows.len().min(40);
    let width = rows.iter().take(look + 20).map(Vec::len).max().unwrap_or(0);
    // The header: the row naming the most fields; ties go to the earlier row.
    // Without any known header word, the first row of two or more text cells.
    let mut best = (0usize, 0usize); // (score, row)
    for (i, row) in rows.iter().enumerate().take(look) {
        let (c, t) = score(&texts(row, width));
        if c.max(t) > best.0 {
            best = (c.max(t), i);
        }
    }
    let header_row = if best.0 > 0 {
        best.1
    } else {
        rows.iter()
            .take(look)
            .position(|r| r.iter().filter(|c| !c.is_empty()).count() >= 2 && is_header_like(r))
            .unwrap_or(0)
    };
    let single = texts(
        rows.get(header_row).map(Vec::as_slice).unwrap_or(&[]),
        width,
    );
    let single_score = {
        let (c, t) = score(&single);
        c.max(t)
    };
    // A two-row header: the row below (or above) holds more names.
    if let Some(below) = rows.get(header_row + 1).filter(|r| is_header_like(r)) {
        let joined = combine(&single, &texts(below, width));
        let (c, t) = score(&joined);
        if c.max(t) > single_score {
            return (vec![header_row, header_row + 1], joined);
        }
    }
    if header_row > 0 {
        if let Some(above) = rows
            .get(header_row - 1)
            .filter(|r| r.iter().filter(|c| !c.is_empty()).count() >= 2 && is_header_like(r))
        {
            let joined = combine(&texts(above, width), &single);
            let (c, t) = score(&joined);
            if c.max(t) > single_score
                || single.iter().filter(|h| h.is_empty()).count()
                    > joined.iter().filter(|h| h.is_empty()).count()
            {
                return (vec![header_row - 1, header_row], joined);
            }
        }
    }
    (vec![header_row], single)
}

/// An order sheet when the headers name an order number and mostly order
/// fields; else a customer sheet.
fn table_kind(headers: &[String]) -> TableKind {
    let (c_score, t_score) = score(headers);
    if headers
        .iter()
        .any(|h| tx_match(&normalize(h)).is_some_and(|m| m.0 == TxField::OrderNo && m.1 < 100))
        && t_score >= 3
        && t_score >= c_score.saturating_sub(1)
    {
        TableKind::Transactions
    } else {
        TableKind::Customers
    }
}

/// Header words that show a sheet counts purchases, so that its 金额 is what
/// was bought.
const PURCHASE_WORDS: [&str; 5] = ["消费", "购买", "订单", "购物", "下单"];

/// The columns mapped so far, column by column from the left.
struct Columns<'a> {
    kind: TableKind,
    /// Some header speaks of purchases (消费次数, 购买日期 …).
    about_purchases: bool,
    /// The first rows under the header, to tell a custom field's kind.
    sample: &'a [&'a Vec<Cell>],
    existing: &'a [FieldDef],
    /// Custom field keys in use, existing or given to a column here.
    keys: HashSet<String>,
    columns: Vec<ColumnMapping>,
    /// Each field a column claimed: (target, rank of its header, index in `columns`).
    taken: Vec<(Target, usize, usize)>,
}

impl Columns<'_> {
    /// Maps the column `col` under `header`; a column without header or data is left out.
    fn add(&mut self, col: usize, header: &str) {
        let has_data = self
            .sample
            .iter()
            .any(|r| r.get(col).is_some_and(|c| !c.is_empty()));
        if header.is_empty() && !has_data {
            return;
        }
        let (norm, unit) = split_unit(header);
        let header_shown = if header.is_empty() {
            format!("（{}列）", tierdesk_domain::column_letter(col))
        } else {
            header.to_owned()
        };
        let matched: Option<(Target, usize, Confidence)> =
            if matches!(norm.as_str(), "序号" | "no" | "no." | "行号" | "错误原因") {
                Some((Target::Ignore, 0, Confidence::High))
            } else {
                match self.kind {
                    TableKind::Customers => customer_match_word(&norm).map(|(f, r, w)| {
                        let weak = is_weak_word(f, w)
                            && !(self.about_purchases && matches!(w, "金额" | "amount"));
                        (Target::Customer(f), r, match_confidence(&norm, w, r, weak))
                    }),
                    TableKind::Transactions => tx_match_word(&norm)
                        .map(|(f, r, w)| (Target::Tx(f), r, match_confidence(&norm, w, r, false))),
                }
            };
        let (mut target, confidence) = match matched {
            Some((Target::Ignore, _, _)) => (Target::Ignore, Confidence::High),
            Some((t, rank, confidence)) => {
                let claimed = self.claim(t.clone(), rank, col, &header_shown);
                // A column that lost its field to a better header keeps its
                // values as a custom field: nothing guessed.
                let sure = if claimed == t {
                    confidence
                } else {
                    Confidence::High
                };
                (claimed, sure)
            }
            None => (self.fallback(&header_shown, col), Confidence::High),
        };
        if let Target::Customer(CustomerField::Name) = target {
            // A name column in an order sheet is the customer's.
            if self.kind == TableKind::Transactions {
                target = Target::Tx(TxField::CustomerName);
            }
        }
        self.columns.push(ColumnMapping {
            col,
            header: header_shown,
            target,
            unit,
            confidence,
        });
    }

    /// The target of a column whose header names field `t` with `rank`
    /// (lower is better). Two columns for one field: the better header
    /// keeps it (the earlier one on a tie), the other becomes what a
    /// column of no field becomes.
    fn claim(&mut self, t: Target, rank: usize, col: usize, header: &str) -> Target {
        let Some(prev) = self.taken.iter().position(|(pt, _, _)| *pt == t) else {
            self.taken.push((t.clone(), rank, self.columns.len()));
            return t;
        };
        if rank >= self.taken[prev].1 {
            return self.fallback(header, col);
        }
        let loser = self.taken[prev].2;
        let (loser_header, loser_col) =
            (self.columns[loser].header.clone(), self.columns[loser].col);
        self.columns[loser].target = self.fallback(&loser_header, loser_col);
        self.columns[loser].confidence = Confidence::High;
        self.taken[prev] = (t.clone(), rank, self.columns.len());
        t
    }

    fn fallback(&mut self, header: &str, col: usize) -> Target {
        fallback(
            self.kind,
            header,
            col,
            self.sample,
            self.existing,
            &mut self.keys,
        )
    }
}

/// A column no field claims: a custom field in a customer sheet (an existing
/// one with the same label, else a new one), ignored in an order sheet.
fn fallback(
    kind: TableKind,
    header: &str,
    col: usize,
    sample: &[&Vec<Cell>],
    existing: &[FieldDef],
    keys: &mut HashSet<String>,
) -> Target {
    if kind == TableKind::Transactions {
        return Target::Ignore;
    }
    let label = header.trim().to_owned();
    if let Some(def) = existing.iter().find(|d| d.label == label) {
        return Target::Custom {
            key: def.key.clone(),
            label: def.label.clone(),
            kind: def.kind,
        };
    }
    let key = unique_key(&field_key(&label), keys);
    keys.insert(key.clone());
    // Digits (邮编, QQ, 身份证 …) are text whatever Excel stored them as.
    let kind = if crate::digits::digit_column(&label).is_some() {
        FieldKind::Text
    } else {
        guess_kind(sample, col)
    };
    Target::Custom { key, label, kind }
}

/// A field key from a header: pinyin for Chinese (满意度 → manyidu), letters
/// and digits otherwise, always starting with a letter.
pub fn field_key(header: &str) -> String {
    use pinyin::ToPinyin;
    let mut key = String::new();
    for c in to_halfwidth(header).to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            key.push(c);
        } else if let Some(p) = c.to_pinyin() {
            key.push_str(p.plain());
        } else if !key.ends_with('_') && !key.is_empty() {
            key.push('_');
        }
        if key.len() >= 36 {
            break;
        }
    }
    let key = key.trim_matches('_').to_owned();
    if key.is_empty() || !key.starts_with(|c: char| c.is_ascii_lowercase()) {
        format!("f_{key}").trim_end_matches('_').to_owned()
    } else {
        key
    }
}

fn unique_key(base: &str, keys: &HashSet<String>) -> String {
    if !keys.contains(base) {
        return base.to_owned();
    }
    (2..)
        .map(|n| format!("{base}_{n}"))
        .find(|k| !keys.contains(k))
        .unwrap_or_else(|| base.to_owned())
}

/// Number when every filled sample cell reads as a number, date when every
/// one reads as a date, text otherwise.
fn guess_kind(sample: &[&Vec<Cell>], col: usize) -> FieldKind {
    let cells: Vec<&Cell> = sample
        .iter()
        .filter_map(|r| r.get(col))
        .filter(|c| !c.is_empty())
        .collect();
    if cells.is_empty() {
        return FieldKind::Text;
    }
    if cells.iter().all(|c| matches!(c, Cell::Date(_))
        || matches!(c, Cell::Text(s) if s.chars().any(|ch| ch == '-' || ch == '/' || ch == '年') && values::read_date(c, false).is_ok()))
    {
        return FieldKind::Date;
    }
    if cells.iter().all(|c| values::read_number(c).is_ok()) {
        return FieldKind::Number;
    }
    FieldKind::Text
}
