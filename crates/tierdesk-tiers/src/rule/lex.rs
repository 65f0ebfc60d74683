//! Rule text into tokens, each with the place (in characters) it starts at.

use super::error::{RuleError, Why};
use super::{ArithOp, CmpOp, Vocab};

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tok {
    Num(f64),
    /// A name: a figure's key when the vocabulary knows it (`known`), else the word as written.
    Name {
        word: String,
        key: Option<String>,
    },
    And,
    Or,
    Not,
    Cmp(CmpOp),
    /// A comparison written after its number: 30万以上 (≥), 90天以内 (≤).
    After(CmpOp),
    Arith(ArithOp),
    Open,
    Close,
    End,
}

#[derive(Debug, Clone)]
pub(super) struct Token {
    pub tok: Tok,
    /// First character, counted from 0.
    pub at: usize,
    /// Characters taken.
    pub len: usize,
}

/// Chinese words for and/or/not, longest first.
const WORDS: [(&str, Tok); 6] = [
    ("并且", Tok::And),
    ("或者", Tok::Or),
    ("且", Tok::And),
    ("或", Tok::Or),
    ("非", Tok::Not),
    ("不", Tok::Not),
];

/// Symbols, longest first; full-width forms are folded before matching.
const SYMBOLS: [(&str, Tok); 19] = [
    (">=", Tok::Cmp(CmpOp::Ge)),
    ("<=", Tok::Cmp(CmpOp::Le)),
    ("==", Tok::Cmp(CmpOp::Eq)),
    ("!=", Tok::Cmp(CmpOp::Ne)),
    ("&&", Tok::And),
    ("||", Tok::Or),
    ("≥", Tok::Cmp(CmpOp::Ge)),
    ("≤", Tok::Cmp(CmpOp::Le)),
    ("≠", Tok::Cmp(CmpOp::Ne)),
    (">", Tok::Cmp(CmpOp::Gt)),
    ("<", Tok::Cmp(CmpOp::Lt)),
    ("=", Tok::Cmp(CmpOp::Eq)),
    ("!", Tok::Not),
    ("+", Tok::Arith(ArithOp::Add)),
    ("-", Tok::Arith(ArithOp::Sub)),
    ("*", Tok::Arith(ArithOp::Mul)),
    ("/", Tok::Arith(ArithOp::Div)),
    ("(", Tok::Open),
    (")", Tok::Close),
];

/// Everyday words for a comparison, written where a symbol would be:
/// 消费金额 大于 30万, 购买频次 不低于 2. Longer words sharing a start come
/// first (不低于 before 不, 大于等于 before 大于). 以上/以下/以内 count the
/// number in (≥ / ≤) and 超过/不满 do not (> / <), as 《民法典》第1259条 reads
/// them; docs/schemes.md writes the convention down.
const CMP_WORDS: [(&str, CmpOp); 27] = [
    ("大于或等于", CmpOp::Ge),
    ("小于或等于", CmpOp::Le),
    ("大于等于", CmpOp::Ge),
    ("小于等于", CmpOp::Le),
    ("不低于", CmpOp::Ge),
    ("不少于", CmpOp::Ge),
    ("不小于", CmpOp::Ge),
    ("不高于", CmpOp::Le),
    ("不超过", CmpOp::Le),
    ("不大于", CmpOp::Le),
    ("不多于", CmpOp::Le),
    ("不等于", CmpOp::Ne),
    ("不满", CmpOp::Lt),
    ("未满", CmpOp::Lt),
    ("不足", CmpOp::Lt),
    ("大于", CmpOp::Gt),
    ("超过", CmpOp::Gt),
    ("高于", CmpOp::Gt),
    ("多于", CmpOp::Gt),
    ("小于", CmpOp::Lt),
    ("低于", CmpOp::Lt),
    ("少于", CmpOp::Lt),
    ("至少", CmpOp::Ge),
    ("至多", CmpOp::Le),
    ("等于", CmpOp::Eq),
    ("达到", CmpOp::Ge),
    ("满", CmpOp::Ge),
];

/// Words written after a number: 30万以上 is ≥ 30万, 90天以内 ≤ 90 (and 内
/// right after a number: 90天内).
const AFTER_WORDS: [(&str, CmpOp); 8] = [
    ("及以上", CmpOp::Ge),
    ("或以上", CmpOp::Ge),
    ("及以下", CmpOp::Le),
    ("或以下", CmpOp::Le),
    ("以上", CmpOp::Ge),
    ("以下", CmpOp::Le),
    ("以内", CmpOp::Le),
    ("之内", CmpOp::Le),
];

/// Number suffixes: 30万 = 300000.
const SCALES: [(&str, u32); 6] = [
    ("千万", 7),
    ("百万", 6),
    ("亿", 8),
    ("万", 4),
    ("千", 3),
    ("百", 2),
];

/// Units people write after a number; read and dropped.
const UNITS: [char; 7] = ['元', '次', '年', '天', '分', '单', '笔'];

/// Full-width forms and other spellings, one character for one.
fn fold(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '（' => '(',
        '）' => ')',
        '＞' => '>',
        '＜' => '<',
        '＝' => '=',
        '！' => '!',
        '＋' => '+',
        '－' | '−' => '-',
        '＊' | '×' => '*',
        '／' | '÷' => '/',
        '．' => '.',
        '，' => ',',
        '＆' => '&',
        '｜' => '|',
        '￥' => '¥',
        '　' => ' ',
        c => c,
    }
}

fn starts(chars: &[char], at: usize, word: &str) -> bool {
    word.chars()
        .enumerate()
        .all(|(k, w)| chars.get(at + k) == Some(&w))
}

fn is_ascii_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Whether a number starts at `i`, after spaces (a sign or ¥ included).
fn number_follows(chars: &[char], i: usize) -> bool {
    let mut j = i;
    while chars.get(j).is_some_and(|c| c.is_whitespace()) {
        j += 1;
    }
    if matches!(chars.get(j), Some('¥' | '-')) {
        j += 1;
    }
    chars.get(j).is_some_and(|c| c.is_ascii_digit())
}

/// A comparison word starting at `i`: its comparison, its length, and
/// whether it is written after the number (以上). Words holding 满 count
/// only before a number, so 满意度 and 不满意 stay names.
fn cmp_word_at(chars: &[char], i: usize) -> Option<(Tok, usize)> {
    if let Some((w, op)) = AFTER_WORDS.iter().find(|(w, _)| starts(chars, i, w)) {
        return Some((Tok::After(*op), w.chars().count()));
    }
    let (w, op) = CMP_WORDS.iter().find(|(w, _)| starts(chars, i, w))?;
    let len = w.chars().count();
    if w.contains('满') && !number_follows(chars, i + len) {
        return None;
    }
    Some((Tok::Cmp(*op), len))
}

/// A comparison word at `i`, 内 right after a number (90天内 is 90天以内),
/// or 在 before a number, which says nothing (消费金额在30万以上): the
/// token (none for 在) and the characters taken.
fn word_at(chars: &[char], i: usize, last: Option<&Token>) -> Option<(Option<Tok>, usize)> {
    let after_number = last.is_some_and(|t| matches!(t.tok, Tok::Num(_)) && t.at + t.len == i);
    if chars[i] == '内' && after_number {
        return Some((Some(Tok::After(CmpOp::Le)), 1));
    }
    if chars[i] == '在' && number_follows(chars, i + 1) {
        return Some((None, 1));
    }
    cmp_word_at(chars, i).map(|(tok, len)| (Some(tok), len))
}

/// The length of an unknown name at `i`: up to a space, symbol, digit, a
/// word for and/or/not or a comparison word; at least one character.
fn unknown_len(chars: &[char], i: usize) -> usize {
    chars[i..]
        .iter()
        .enumerate()
        .take_while(|(k, &c)| {
            c.is_alphanumeric() && !c.is_ascii_digit() && (*k == 0 || !name_ends(chars, i + k))
        })
        .count()
        .max(1)
}

/// Whether a name stops at `i`: a word for and/or/not, a comparison word,
/// or 在 before a number (消费金额在30万以上).
fn name_ends(chars: &[char], i: usize) -> bool {
    WORDS.iter().any(|(w, _)| starts(chars, i, w))
        || cmp_word_at(chars, i).is_some()
        || (chars[i] == '在' && number_follows(chars, i + 1))
}

pub(super) fn lex(text: &str, vocab: &Vocab) -> Result<Vec<Token>, RuleError> {
    let raw: Vec<char> = text.chars().collect();
    let chars: Vec<char> = raw.iter().map(|&c| fold(c)).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let at = i;
        if c.is_ascii_digit() || (c == '¥' && chars.get(i + 1).is_some_and(|d| d.is_ascii_digit()))
        {
            let (value, len) = number(&chars, i)?;
            out.push(Token {
                tok: Tok::Num(value),
                at,
                len,
            });
            i += len;
            continue;
        }
        // A figure's label or alias (longest first; labels may hold brackets).
        // A name running on into more letters is a different word (影响力分 is not 影响力).
        let runs_on = |len: usize| {
            chars.get(i + len).is_some_and(|&c| {
                c.is_alphanumeric() && !c.is_ascii_digit() && !name_ends(&chars, i + len)
            })
        };
        if let Some((key, len)) = label_at(&chars, i, vocab).filter(|(_, len)| !runs_on(*len)) {
            out.push(Token {
                tok: Tok::Name {
                    word: raw[i..i + len].iter().collect(),
                    key: Some(key),
                },
                at,
                len,
            });
            i += len;
            continue;
        }
        if let Some((tok, len)) = word_at(&chars, i, out.last()) {
            out.extend(tok.map(|tok| Token { tok, at, len }));
            i += len;
            continue;
        }
        if let Some((tok, len)) = WORDS
            .iter()
            .chain(SYMBOLS.iter())
            .find(|(w, _)| starts(&chars, i, w))
            .map(|(w, t)| (t.clone(), w.chars().count()))
        {
            out.push(Token { tok, at, len });
            i += len;
            continue;
        }
        if c.is_ascii_alphabetic() || c == '_' {
            let len = chars[i..].iter().take_while(|&&c| is_ascii_word(c)).count();
            let word: String = chars[i..i + len].iter().collect();
            let tok = match word.to_ascii_lowercase().as_str() {
                "and" => Tok::And,
                "or" => Tok::Or,
                "not" => Tok::Not,
                _ => Tok::Name {
                    key: vocab.knows_key(&word).then(|| word.clone()),
                    word,
                },
            };
            out.push(Token { tok, at, len });
            i += len;
            continue;
        }
        if c.is_alphanumeric() {
            let len = unknown_len(&chars, i);
            out.push(Token {
                tok: Tok::Name {
                    word: raw[i..i + len].iter().collect(),
                    key: None,
                },
                at,
                len,
            });
            i += len;
            continue;
        }
        return Err(RuleError::new(at, Why::Symbol(raw[i].to_string())));
    }
    out.push(Token {
        tok: Tok::End,
        at: chars.len(),
        len: 0,
    });
    Ok(out)
}

/// The longest label or alias of a figure starting at `i`. A label ending
/// in an ASCII letter or digit must not run on into a longer word.
fn label_at(chars: &[char], i: usize, vocab: &Vocab) -> Option<(String, usize)> {
    let mut best: Option<(String, usize)> = None;
    for f in vocab.figures() {
        for name in std::iter::once(&f.label).chain(f.aliases.iter()) {
            let folded: String = name.chars().map(fold).collect();
            let n = folded.chars().count();
            if n == 0 || !starts(chars, i, &folded) || best.as_ref().is_some_and(|b| b.1 >= n) {
                continue;
            }
            let ascii_end = folded.chars().last().is_some_and(is_ascii_word);
            if ascii_end && chars.get(i + n).is_some_and(|&c| is_ascii_word(c)) {
                continue;
            }
            best = Some((f.key.clone(), n));
        }
    }
    best
}

/// A number from `i`: digits with thousands separators and a decimal part,
/// then 万/千/亿 and a unit; read through its decimal text, so 1.1万 is
/// exactly 11000.
fn number(chars: &[char], start: usize) -> Result<(f64, usize), RuleError> {
    let mut i = start;
    if chars[i] == '¥' {
        i += 1;
    }
    let mut int = String::new();
    let mut frac = String::new();
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            int.push(c);
            i += 1;
        } else if c == ','
            && !int.is_empty()
            && chars.len() >= i + 4
            && chars[i + 1..i + 4].iter().all(|d| d.is_ascii_digit())
            && !chars.get(i + 4).is_some_and(|d| d.is_ascii_digit())
        {
            i += 1;
        } else {
            break;
        }
    }
    if chars.get(i) == Some(&'.') {
        i += 1;
        while let Some(&c) = chars.get(i).filter(|c| c.is_ascii_digit()) {
            frac.push(c);
            i += 1;
        }
        if frac.is_empty() || chars.get(i) == Some(&'.') {
            let written: String = chars[start..=i.min(chars.len() - 1)].iter().collect();
            return Err(RuleError::new(start, Why::Number(written)));
        }
    }
    let mut shift = 0;
    if let Some((w, s)) = SCALES.iter().find(|(w, _)| starts(chars, i, w)) {
        shift = *s as usize;
        i += w.chars().count();
    }
    if chars.get(i).is_some_and(|c| UNITS.contains(c)) {
        i += 1;
    }
    // Move the decimal point `shift` places right in the text itself.
    let mut moved = frac.chars().take(shift).collect::<String>();
    while moved.len() < shift {
        moved.push('0');
    }
    let rest: String = frac.chars().skip(shift).collect();
    let text = format!(
        "{int}{moved}{}{rest}",
        if rest.is_empty() { "" } else { "." }
    );
    let value: f64 = text
        .parse()
        .map_err(|_| RuleError::new(start, Why::Number(chars[start..i].iter().collect())))?;
    if !value.is_finite() {
        return Err(RuleError::new(
            start,
            Why::Number(chars[start..i].iter().collect()),
        ));
    }
    Ok((value, i - start))
}
