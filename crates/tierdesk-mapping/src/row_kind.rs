//! What a row under the header is: data, or a total, a note, a blank row or
//! the header again. Called on every row of a file, so nothing here
//! allocates.

use tierdesk_domain::Cell;

use crate::{values, Mapping};

/// What a row under the header is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    Data,
    Blank,
    /// 合计 / 总计 / 小计.
    Total,
    /// 备注：…, 说明：…, 注：… written across the sheet; a template's
    /// instruction (填写说明, a sentence alone in its row, a row of
    /// 必填 / 选填 marks).
    Note,
    /// The header again (sheets pasted together).
    RepeatedHeader,
}

const TOTAL_WORDS: [&str; 6] = ["合计", "总计", "小计", "总合计", "共计", "total"];
const NOTE_PREFIXES: [&str; 11] = [
    "备注",
    "说明",
    "注:",
    "注：",
    "填表说明",
    "填写说明",
    "注意",
    "制表",
    "温馨提示",
    "提示:",
    "提示：",
];

/// What a template writes under each header to say whether it must be filled.
const REQUIREMENT_MARKS: [&str; 6] = ["必填", "选填", "非必填", "可选", "必填项", "选填项"];

/// The shortest text alone in its row that is read as an instruction when
/// it is written as a sentence (这是两个例子,上传时把不必要的内容清空…); a
/// customer's name is shorter, and has no sentence marks.
const SENTENCE_CHARS: usize = 12;

/// A template's instruction alone in its row: long, written as a sentence.
fn is_sentence(s: &str) -> bool {
    let t = s.trim();
    t.chars().nth(SENTENCE_CHARS - 1).is_some()
        && t.chars()
            .any(|c| matches!(c, '，' | ',' | '。' | '；' | ';' | '！' | '!'))
}

/// 必填, （必填）, [选填], *必填 … as a template writes it under a header.
fn is_requirement_mark(s: &str) -> bool {
    let t = s
        .trim()
        .trim_start_matches(['(', '（', '[', '【', '*'])
        .trim_end_matches([')', '）', ']', '】']);
    REQUIREMENT_MARKS.contains(&t)
}

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
    let alone = filled.clone().next().is_none();
    if filled.nth(1).is_none() {
        if let Cell::Text(s) = first {
            if is_note(s) || (alone && is_sentence(s)) {
                return RowKind::Note;
            }
        }
    }
    if row
        .iter()
        .filter(|c| !c.is_empty())
        .all(|c| matches!(c, Cell::Text(s) if is_requirement_mark(s)))
    {
        return RowKind::Note;
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
    use crate::{guess_mapping, ColumnMapping, Target};
    use tierdesk_domain::text::to_halfwidth;

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
                let trimmed = s.trim();
                if filled.len() == 1
                    && trimmed.chars().count() >= SENTENCE_CHARS
                    && "，,。；;！!".chars().any(|m| trimmed.contains(m))
                {
                    return RowKind::Note;
                }
            }
        }
        let marks: Vec<String> = filled
            .iter()
            .map(|c| match c {
                Cell::Text(s) => s
                    .trim()
                    .chars()
                    .filter(|c| !"()（）[]【】*".contains(*c))
                    .collect(),
                _ => String::new(),
            })
            .collect();
        if marks
            .iter()
            .all(|m| REQUIREMENT_MARKS.contains(&m.as_str()))
        {
            return RowKind::Note;
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
    // Long because it holds its table of rows and mappings.
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
                    confidence: Default::default(),
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
            "填写说明：红色为必填",
            "温馨提示：请勿修改表头",
            "这是两个例子,上传时把不必要的内容清空,不填默认为空",
            "请按模板填写，不要改动表头。",
            "北京某某科技有限公司",
            "一二三四五六七八九十一，",
            "一二三四五六七八九十，",
            "必填",
            "（必填）",
            "*选填",
            "[非必填]",
            "必填项目",
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
