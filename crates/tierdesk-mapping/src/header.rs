//! Finding the header in the first rows of a sheet and proposing where each
//! column goes.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use tierdesk_domain::text::to_halfwidth;
use tierdesk_domain::{Cell, FieldDef, FieldKind};
use ts_rs::TS;

use crate::fields::{customer_match, tx_match};
use crate::{values, CustomerField, Target, TxField, Unit};

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

/// What a row under the header is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    Data,
    Blank,
    /// 合计 / 总计 / 小计.
    Total,
    /// 备注：…, 说明：…, 注：… written across the sheet.
    Note,
    /// The header again (sheets pasted together).
    RepeatedHeader,
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
    let mut header_rows = vec![header_row];
    let mut headers = single.clone();
    // A two-row header: the row below (or above) holds more names.
    if let Some(below) = rows.get(header_row + 1).filter(|r| is_header_like(r)) {
        let joined = combine(&single, &texts(below, width));
        let (c, t) = score(&joined);
        if c.max(t) > single_score {
            header_rows = vec![header_row, header_row + 1];
            headers = joined;
        }
    }
    if header_rows.len() == 1 && header_row > 0 {
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
                header_rows = vec![header_row - 1, header_row];
                headers = joined;
            }
        }
    }
    let data_start = header_rows.last().copied().unwrap_or(0) + 1;
    let sample: Vec<&Vec<Cell>> = rows.iter().skip(data_start).take(30).collect();

    let (c_score, t_score) = score(&headers);
    let kind = kind.unwrap_or(
        if headers
            .iter()
            .any(|h| tx_match(&normalize(h)).is_some_and(|m| m.0 == TxField::OrderNo && m.1 < 100))
            && t_score >= 3
            && t_score >= c_score.saturating_sub(1)
        {
            TableKind::Transactions
        } else {
            TableKind::Customers
        },
    );

    let mut columns: Vec<ColumnMapping> = Vec::new();
    let mut taken: Vec<(Target, usize, usize)> = Vec::new(); // (target, rank, column index in `columns`)
    let mut keys: HashSet<String> = existing_fields.iter().map(|f| f.key.clone()).collect();
    for (col, header) in headers.iter().enumerate() {
        let has_data = sample
            .iter()
            .any(|r| r.get(col).is_some_and(|c| !c.is_empty()));
        if header.is_empty() && !has_data {
            continue;
        }
        let (norm, unit) = split_unit(header);
        let header_shown = if header.is_empty() {
            format!("（{}列）", tierdesk_domain::column_letter(col))
        } else {
            header.clone()
        };
        let matched: Option<(Target, usize)> =
            if matches!(norm.as_str(), "序号" | "no" | "no." | "行号" | "错误原因") {
                Some((Target::Ignore, 0))
            } else {
                match kind {
                    TableKind::Customers => {
                        customer_match(&norm).map(|(f, r)| (Target::Customer(f), r))
                    }
                    TableKind::Transactions => tx_match(&norm).map(|(f, r)| (Target::Tx(f), r)),
                }
            };
        let mut target = match matched {
            Some((t, rank)) => {
                // Two columns for one field: the better header keeps it.
                if t != Target::Ignore {
                    if let Some(prev) = taken.iter_mut().find(|(pt, _, _)| *pt == t) {
                        if rank < prev.1 {
                            let loser = &columns[prev.2];
                            let (loser_header, loser_col) = (loser.header.clone(), loser.col);
                            columns[prev.2].target = fallback(
                                kind,
                                &loser_header,
                                loser_col,
                                &sample,
                                existing_fields,
                                &mut keys,
                            );
                            *prev = (t.clone(), rank, columns.len());
                            t
                        } else {
                            fallback(
                                kind,
                                &header_shown,
                                col,
                                &sample,
                                existing_fields,
                                &mut keys,
                            )
                        }
                    } else {
                        taken.push((t.clone(), rank, columns.len()));
                        t
                    }
                } else {
                    t
                }
            }
            None => fallback(
                kind,
                &header_shown,
                col,
                &sample,
                existing_fields,
                &mut keys,
            ),
        };
        if let Target::Customer(CustomerField::Name) = target {
            // A name column in an order sheet is the customer's.
            if kind == TableKind::Transactions {
                target = Target::Tx(TxField::CustomerName);
            }
        }
        columns.push(ColumnMapping {
            col,
            header: header_shown,
            target,
            unit,
        });
    }
    Mapping {
        header_rows,
        data_start,
        columns,
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
    Target::Custom {
        key,
        label,
        kind: guess_kind(sample, col),
    }
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

const TOTAL_WORDS: [&str; 6] = ["合计", "总计", "小计", "总合计", "共计", "total"];
const NOTE_PREFIXES: [&str; 7] = ["备注", "说明", "注:", "注：", "填表说明", "注意", "制表"];

/// Whether a cell's text is a total word once half width, lower case and
/// without spaces or colons (` 合 计：`, `ＴＯＴＡＬ`). The normalised text is
/// built a character at a time on the stack and given up as soon as it is
/// longer than the longest word, so data cells cost a few characters' work.
fn is_total_word(s: &str) -> bool {
    const LONGEST: usize = 5; // "total"
                              // Every total word starts with one of these, so most data cells are
                              // answered by their first character.
    let first = s
        .chars()
        .map(values::halfwidth_char)
        .find(|c| !(c.is_whitespace() || *c == ':' || *c == '：'));
    if !matches!(first, Some('合' | '总' | '小' | '共' | 't' | 'T')) {
        return false;
    }
    let mut buf = ['\0'; LONGEST];
    let mut len = 0;
    for c in s.chars() {
        for l in values::halfwidth_char(c).to_lowercase() {
            if l.is_whitespace() || l == ':' || l == '：' {
                continue;
            }
            if len == LONGEST {
                return false;
            }
            buf[len] = l;
            len += 1;
        }
    }
    let t = &buf[..len];
    TOTAL_WORDS
        .iter()
        .any(|w| w.chars().count() == len && w.chars().zip(t).all(|(a, b)| a == *b))
}

/// Whether the trimmed text, half width, starts with a note prefix and is
/// longer than the prefix could be alone (more than three characters).
fn is_note(s: &str) -> bool {
    let t = s.trim();
    if t.chars().nth(3).is_none() {
        return false;
    }
    NOTE_PREFIXES.iter().any(|p| {
        let mut text = t.chars().map(values::halfwidth_char);
        p.chars().all(|pc| text.next() == Some(pc))
    })
}

/// What a row under the header is: data, or a total, note, blank or repeated header.
/// Called on every row of a file, so it allocates nothing.
pub fn row_kind(row: &[Cell], mapping: &Mapping) -> RowKind {
    let mut filled = row.iter().filter(|c| !c.is_empty());
    let Some(first) = filled.next() else {
        return RowKind::Blank;
    };
    for c in std::iter::once(first).chain(filled.clone()).take(3) {
        if let Cell::Text(s) = c {
            if is_total_word(s) {
                return RowKind::Total;
            }
        }
    }
    // At most two filled cells.
    if filled.nth(1).is_none() {
        if let Cell::Text(s) = first {
            if is_note(s) {
                return RowKind::Note;
            }
        }
    }
    // The header again: at least two columns, and half of them, hold their
    // header. A data row is given up on as soon as too few columns are left
    // to get there, and a cell shorter than its header is not looked into.
    let needed = mapping.columns.len().div_ceil(2).max(2);
    let named = || mapping.columns.iter().filter(|c| !c.header.is_empty());
    let (mut left, mut same) = (named().count(), 0);
    for c in named() {
        if same + left < needed {
            break;
        }
        left -= 1;
        if matches!(row.get(c.col), Some(Cell::Text(s))
            if s.len() >= c.header.len() && s.trim() == c.header)
        {
            same += 1;
        }
    }
    if same >= needed {
        return RowKind::RepeatedHeader;
    }
    RowKind::Data
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `row_kind` as first written, copying every cell it looks at.
    fn row_kind_by_copying(row: &[Cell], mapping: &Mapping) -> RowKind {
        let filled: Vec<&Cell> = row.iter().filter(|c| !c.is_empty()).collect();
        if filled.is_empty() {
            return RowKind::Blank;
        }
        for c in row.iter().filter(|c| !c.is_empty()).take(3) {
            if let Cell::Text(s) = c {
                let t: String = to_halfwidth(s)
                    .to_lowercase()
                    .chars()
                    .filter(|c| !c.is_whitespace() && *c != ':' && *c != '：')
                    .collect();
                if TOTAL_WORDS.contains(&t.as_str()) {
                    return RowKind::Total;
                }
            }
        }
        if filled.len() <= 2 {
            if let Some(Cell::Text(s)) = filled.first() {
                let t = to_halfwidth(s.trim());
                if NOTE_PREFIXES.iter().any(|p| t.starts_with(p)) && t.chars().count() > 3 {
                    return RowKind::Note;
                }
            }
        }
        let same = mapping
            .columns
            .iter()
            .filter(|c| !c.header.is_empty())
            .filter(|c| matches!(row.get(c.col), Some(Cell::Text(s)) if s.trim() == c.header))
            .count();
        if same >= 2 && same * 2 >= mapping.columns.len() {
            return RowKind::RepeatedHeader;
        }
        RowKind::Data
    }

    #[test]
    fn row_kind_agrees_with_the_copying_version() {
        let t = |s: &str| Cell::Text(s.into());
        let mapping_of = |headers: &[&str]| Mapping {
            header_rows: vec![0],
            data_start: 1,
            columns: headers
                .iter()
                .enumerate()
                .map(|(col, h)| ColumnMapping {
                    col,
                    header: h.to_string(),
                    target: Target::Ignore,
                    unit: None,
                })
                .collect(),
        };
        let mappings = [
            guess_mapping(
                &[
                    vec![t("客户名称"), t("消费金额"), t("下单日期")],
                    vec![t("张三"), t("1"), t("2023-01-01")],
                ],
                None,
                &[],
            ),
            mapping_of(&["客户名称"]),
            mapping_of(&["客户名称", "消费金额"]),
            mapping_of(&["x", "客户名称", "", "消费金额"]),
            mapping_of(&["客户名称", "", "", "消费金额", "下单日期"]),
            mapping_of(&["x", "y", "客户名称", "消费金额", "张三"]),
        ];
        let texts = [
            "合计",
            "总计",
            "小计",
            "总合计",
            "共计",
            "total",
            "Total",
            "TOTAL",
            "ＴＯＴＡＬ",
            "ｔｏｔａｌ",
            " 合 计 ",
            "合\u{3000}计",
            "合计：",
            "合计:",
            "合计：:",
            "：合计",
            "总 计：",
            "小　计",
            "合计金额",
            "合计科技有限公司",
            "totals",
            "tota",
            "t o t a l",
            "ΣTOTAL",
            "İtotal",
            "备注",
            "备注：",
            "备注：金额单位为万元",
            "说明：见附表",
            "注：单位万元",
            "注:单位万元",
            "注：",
            "注：一",
            "填表说明",
            "填表说明：",
            "注意事项",
            "制表人：张三",
            "制表",
            "  备注：前后有空格  ",
            "\u{3000}说明：全角空格在前",
            "备　注：",
            "客户名称",
            " 客户名称 ",
            "消费金额",
            "下单日期",
            "张三",
            "536365",
            "2010-12-01 08:26",
            "WHITE HANGING HEART T-LIGHT HOLDER",
            "",
            " ",
            "\u{3000}",
        ];
        let others = [
            Cell::Empty,
            Cell::Number(1.0),
            Cell::Bool(true),
            Cell::Error("#N/A".into()),
        ];
        let cells: Vec<Cell> = texts.iter().map(|s| t(s)).chain(others).collect();
        let mut rows: Vec<Vec<Cell>> = Vec::new();
        for a in &cells {
            rows.push(vec![a.clone()]);
            for b in &cells {
                rows.push(vec![a.clone(), b.clone()]);
                rows.push(vec![Cell::Empty, a.clone(), b.clone()]);
                rows.push(vec![a.clone(), b.clone(), t("x")]);
                rows.push(vec![t("x"), t("y"), a.clone(), b.clone()]);
                rows.push(vec![t("x"), a.clone(), b.clone(), Cell::Number(2.0)]);
            }
        }
        for mapping in &mappings {
            for row in &rows {
                assert_eq!(
                    row_kind(row, mapping),
                    row_kind_by_copying(row, mapping),
                    "{row:?} {:?}",
                    mapping.columns
                );
            }
        }
    }
}
