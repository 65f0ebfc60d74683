//! Reading the values office sheets hold. Each reader takes a cell and gives
//! the value or the reason as a message (`value.*` keys; `Msg::zh` is the
//! Chinese the CLI and the error workbook print); nothing is guessed.

use std::borrow::Cow;

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use tierdesk_domain::text::{normalize_phone, to_halfwidth};
use tierdesk_domain::tier_words::{place_tier, Placement};
use tierdesk_domain::Cell;
use tierdesk_domain::Msg;
use tierdesk_domain::TierLabel;

use crate::Unit;

fn clean(s: &str) -> String {
    to_halfwidth(s)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn shown(cell: &Cell) -> String {
    cell.display().trim().to_owned()
}

/// The message `key` about the value as the cell showed it.
fn bad_value(key: &str, raw: &str) -> Msg {
    Msg::new(key).with("value", raw)
}

/// Whether [`to_halfwidth`] would change this character.
fn is_fullwidth(c: char) -> bool {
    matches!(c, '\u{3000}' | '\u{FF01}'..='\u{FF5E}')
}

/// One character as [`to_halfwidth`] writes it, for comparing text without
/// building the converted copy.
pub(crate) fn halfwidth_char(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// [`to_halfwidth`] without a copy when nothing changes, which is every
/// ASCII text (most cells of most files).
pub(crate) fn halfwidth(s: &str) -> Cow<'_, str> {
    if s.is_ascii() || !s.chars().any(is_fullwidth) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(to_halfwidth(s))
    }
}

/// A text cell that is a plain decimal number as it stands (`12`, `-3.5`,
/// `1e3`: ASCII digits, signs, point and exponent only, no spaces inside):
/// read at once, as [`plain_number`] would after [`clean`]. Anything else,
/// or text that does not parse, is left to the general readers.
fn fast_number(cell: &Cell) -> Option<f64> {
    let Cell::Text(s) = cell else { return None };
    let t = s.trim();
    if t.is_empty()
        || !t
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E'))
    {
        return None;
    }
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A plain number in text: `1,234.5`, `-3`, `1.2e3`.
fn plain_number(s: &str) -> Option<f64> {
    let s: String = s.chars().filter(|c| *c != ',').collect();
    if s.is_empty()
        || s.chars()
            .any(|c| !(c.is_ascii_digit() || "+-.eE".contains(c)))
    {
        return None;
    }
    s.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Money: `¥10,000`, `10,000元`, `1.2万`, `3.5万元`, `（1,000）` (negative),
/// full-width digits; a bare number takes the header's unit (万元).
pub fn read_money(cell: &Cell, unit: Option<Unit>) -> Result<f64, Msg> {
    // A bare number has no sign in brackets, currency mark or unit word.
    match fast_number(cell) {
        Some(n) => Ok(n * unit.unwrap_or(Unit::Yuan).factor()),
        None => read_money_general(cell, unit),
    }
}

fn read_money_general(cell: &Cell, unit: Option<Unit>) -> Result<f64, Msg> {
    let factor = unit.unwrap_or(Unit::Yuan).factor();
    match cell {
        Cell::Number(n) => return Ok(n * factor),
        Cell::Text(_) => {}
        other => return Err(bad_value("value.money", &shown(other))),
    }
    let raw = shown(cell);
    let mut s = clean(&raw);
    let mut negative = false;
    if (s.starts_with('(') && s.ends_with(')')) || (s.starts_with('（') && s.ends_with('）')) {
        negative = true;
        s = s
            .trim_start_matches(['(', '（'])
            .trim_end_matches([')', '）'])
            .to_owned();
    }
    for prefix in ["¥", "￥", "rmb", "RMB", "人民币", "$"] {
        if let Some(rest) = s.strip_prefix(prefix) {
            s = rest.to_owned();
        }
    }
    let mut own_factor = None;
    for (suffix, f) in [
        ("万元", 1e4),
        ("万", 1e4),
        ("亿元", 1e8),
        ("亿", 1e8),
        ("元", 1.0),
        ("rmb", 1.0),
        ("RMB", 1.0),
    ] {
        if let Some(rest) = s.strip_suffix(suffix) {
            s = rest.to_owned();
            own_factor = Some(f);
            break;
        }
    }
    let n = plain_number(&s).ok_or_else(|| bad_value("value.money_hint", &raw))?;
    let n = n * own_factor.unwrap_or(factor);
    Ok(if negative { -n } else { n })
}

/// A number with an optional unit word after it (`3分`, `10次`).
fn number_with_suffix(s: &str, suffixes: &[&str]) -> Option<f64> {
    let mut t = s;
    for suf in suffixes {
        if let Some(rest) = t.strip_suffix(suf) {
            t = rest;
            break;
        }
    }
    plain_number(t)
}

/// Purchases per year: `5次/年`, `10次`, `每月2次` (×12), `每季度1次` (×4),
/// `每周1次` (×52). The second value is true when the number was converted,
/// so the caller can keep the original words.
pub fn read_count_per_year(cell: &Cell) -> Result<(f64, bool), Msg> {
    if let Cell::Number(n) = cell {
        return Ok((*n, false));
    }
    let raw = shown(cell);
    let s = clean(&raw);
    let bad = || bad_value("value.count", &raw);
    let digits: String = s
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let n: f64 = digits.parse().map_err(|_| bad())?;
    let rest: String = s
        .chars()
        .filter(|c| !(c.is_ascii_digit() || *c == '.'))
        .collect();
    let per = if rest.contains("月") {
        12.0
    } else if rest.contains('季') {
        4.0
    } else if rest.contains('周') || rest.contains("星期") {
        52.0
    } else if rest.contains('天') || rest.contains('日') {
        365.0
    } else {
        1.0
    };
    let allowed = [
        "次", "年", "每", "/", "月", "季", "度", "周", "星期", "天", "日", "均", "平",
    ];
    let mut leftover = rest.clone();
    for a in allowed {
        leftover = leftover.replace(a, "");
    }
    if !leftover.is_empty() {
        return Err(bad());
    }
    Ok((n * per, per != 1.0))
}

/// Years: `2年`, `3年6个月` (3.5), `18个月` (1.5), `半年`, `1年半`.
pub fn read_years(cell: &Cell) -> Result<f64, Msg> {
    if let Cell::Number(n) = cell {
        return Ok(*n);
    }
    let raw = shown(cell);
    let s = clean(&raw);
    let bad = || bad_value("value.years", &raw);
    if s == "半年" {
        return Ok(0.5);
    }
    if let Some(n) = plain_number(&s) {
        return Ok(n);
    }
    let (years, rest) = match s.split_once('年') {
        Some((y, rest)) => (plain_number(y).ok_or_else(bad)?, rest),
        None => (0.0, s.as_str()),
    };
    let rest = rest.trim_start_matches('又');
    let months = if rest.is_empty() {
        0.0
    } else if rest == "半" {
        6.0
    } else {
        let m = rest
            .strip_suffix("个月")
            .or_else(|| rest.strip_suffix("月"))
            .ok_or_else(bad)?;
        plain_number(m).ok_or_else(bad)?
    };
    Ok(years + months / 12.0)
}

/// Scores: `3分`, `4.5`, `★★★` (3).
pub fn read_score(cell: &Cell) -> Result<f64, Msg> {
    if let Cell::Number(n) = cell {
        return Ok(*n);
    }
    let raw = shown(cell);
    let s = clean(&raw);
    if !s.is_empty() && s.chars().all(|c| c == '★' || c == '☆') {
        return Ok(s.chars().filter(|c| *c == '★').count() as f64);
    }
    number_with_suffix(&s, &["分", "星"]).ok_or_else(|| bad_value("value.score", &raw))
}

/// A number for a custom number field.
pub fn read_number(cell: &Cell) -> Result<f64, Msg> {
    match fast_number(cell) {
        Some(n) => Ok(n),
        None => read_number_general(cell),
    }
}

fn read_number_general(cell: &Cell) -> Result<f64, Msg> {
    match cell {
        Cell::Number(n) => Ok(*n),
        _ => {
            let raw = shown(cell);
            let s = clean(&raw);
            plain_number(&s)
                .or_else(|| number_with_suffix(&s, &["分", "次", "个", "件", "元", "%"]))
                .ok_or_else(|| bad_value("value.number", &raw))
        }
    }
}

/// Excel's serial day number as a date-time, in the 1900 system (with its
/// make-believe 1900-02-29) or the 1904 system.
pub fn from_serial(serial: f64, date_1904: bool) -> Option<NaiveDateTime> {
    if !(0.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let days = serial.trunc() as i64;
    let base = if date_1904 {
        NaiveDate::from_ymd_opt(1904, 1, 1)?
    } else if days >= 61 {
        NaiveDate::from_ymd_opt(1899, 12, 30)?
    } else if days == 60 {
        return None;
    } else {
        NaiveDate::from_ymd_opt(1899, 12, 31)?
    };
    let secs = ((serial - serial.trunc()) * 86_400.0).round() as i64;
    Some(base.and_time(NaiveTime::MIN) + Duration::days(days) + Duration::seconds(secs))
}

const DATE_FORMATS: [&str; 5] = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d"];
const DATETIME_FORMATS: [&str; 8] = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y.%m.%d %H:%M",
    "%Y年%m月%d日 %H:%M",
    "%Y年%m月%d日%H:%M",
];

/// One or two ASCII digits at the start of `b` (exactly two when `two`),
/// as a number, and the bytes after them.
fn digits(b: &[u8], two: bool) -> Option<(u32, &[u8])> {
    let n = b.iter().take(2).take_while(|c| c.is_ascii_digit()).count();
    if n == 0 || (two && n < 2) {
        return None;
    }
    let v = b[..n].iter().fold(0, |v, c| v * 10 + u32::from(c - b'0'));
    Some((v, &b[n..]))
}

/// `2010-12-01 08:26`, `2010-12-01 08:26:00`, `2010/3/5 8:26` and the like
/// (four-digit year, month, day and hour of one or two digits, minutes and
/// seconds of two, one space), as exports, databases and Excel's own CSV
/// write them: read by hand instead of trying every format in turn. `None`
/// for anything else, including impossible dates and times, which the
/// general reader then decides on.
fn date_text_fast(s: &str) -> Option<NaiveDateTime> {
    let b = s.as_bytes();
    if b.len() < 13 || !b[..4].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let year = b[..4].iter().fold(0, |v, c| v * 10 + i32::from(c - b'0'));
    let sep = b[4];
    if sep != b'-' && sep != b'/' {
        return None;
    }
    let (month, rest) = digits(&b[5..], false)?;
    let rest = rest.strip_prefix(&[sep])?;
    let (day, rest) = digits(rest, false)?;
    let rest = rest.strip_prefix(b" ")?;
    let (hour, rest) = digits(rest, false)?;
    let rest = rest.strip_prefix(b":")?;
    let (minute, rest) = digits(rest, true)?;
    let (second, rest) = match rest.strip_prefix(b":") {
        Some(r) => digits(r, true)?,
        None => (0, rest),
    };
    if !rest.is_empty() {
        return None;
    }
    // A leap second (:60) is left to the general reader.
    let time = NaiveTime::from_hms_opt(hour, minute, second)?;
    Some(NaiveDate::from_ymd_opt(year, month, day)?.and_time(time))
}

fn date_text(raw: &str) -> Option<NaiveDateTime> {
    date_text_fast(raw.trim()).or_else(|| date_text_general(raw))
}

/// Every form [`read_datetime`] accepts in text, tried one after another.
fn date_text_general(raw: &str) -> Option<NaiveDateTime> {
    let s = to_halfwidth(raw.trim());
    let s = s.trim();
    for f in DATETIME_FORMATS {
        if let Ok(d) = NaiveDateTime::parse_from_str(s, f) {
            return Some(d);
        }
    }
    let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    for f in DATE_FORMATS {
        if f == "%Y%m%d" && compact.len() != 8 {
            continue;
        }
        if let Ok(d) = NaiveDate::parse_from_str(&compact, f) {
            return d.and_hms_opt(0, 0, 0);
        }
    }
    // 2023年5月 and 2023-05 name a month: its first day.
    let month = compact
        .strip_suffix('月')
        .unwrap_or(&compact)
        .replace('年', "-")
        .replace(['/', '.'], "-");
    if let Some((y, m)) = month.split_once('-') {
        if let (Ok(y), Ok(m)) = (y.parse::<i32>(), m.parse::<u32>()) {
            if (1900..=2200).contains(&y) {
                return NaiveDate::from_ymd_opt(y, m, 1).and_then(|d| d.and_hms_opt(0, 0, 0));
            }
        }
    }
    None
}

/// Date and time: a date cell, an Excel serial number, 20230301, or text in
/// the forms Chinese sheets use (2023-03-01, 2023/3/1, 2023.3.1, 2023年3月1日,
/// 2023年5月, with an optional time).
pub fn read_datetime(cell: &Cell, date_1904: bool) -> Result<NaiveDateTime, Msg> {
    let bad = |raw: &str| bad_value("value.date", raw);
    match cell {
        Cell::Date(d) => Ok(*d),
        Cell::Number(n) => {
            if n.fract() == 0.0 && (19_000_101.0..=22_001_231.0).contains(n) {
                return date_text(&format!("{}", *n as i64)).ok_or_else(|| bad(&cell.display()));
            }
            from_serial(*n, date_1904).ok_or_else(|| bad(&cell.display()))
        }
        Cell::Text(s) => date_text(s).ok_or_else(|| bad(s.trim())),
        other => Err(bad(&other.display())),
    }
}

pub fn read_date(cell: &Cell, date_1904: bool) -> Result<NaiveDate, Msg> {
    read_datetime(cell, date_1904).map(|d| d.date())
}

/// Codes read as text: 17850.0 → "17850", 1.0E10 → "10000000000".
pub fn read_code(cell: &Cell) -> String {
    code_text(cell).into_owned()
}

/// [`read_code`], borrowing from the cell where the code is the cell's own
/// text or a part of it, for callers that only copy it somewhere else.
pub(crate) fn code_text(cell: &Cell) -> Cow<'_, str> {
    let whole_number = |head: &str| !head.is_empty() && head.chars().all(|c| c.is_ascii_digit());
    match cell {
        Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e17 => {
            Cow::Owned(format!("{}", *n as i64))
        }
        Cell::Text(s) => match halfwidth(s.trim()) {
            Cow::Borrowed(t) => match t.strip_suffix(".0") {
                Some(head) if whole_number(head) => Cow::Borrowed(head),
                _ => Cow::Borrowed(t),
            },
            Cow::Owned(t) => match t.strip_suffix(".0") {
                Some(head) if whole_number(head) => Cow::Owned(head.to_owned()),
                _ => Cow::Owned(t),
            },
        },
        other => Cow::Owned(other.display().trim().to_owned()),
    }
}

/// A phone: mobiles as 11 digits, landlines as area-number; numbers from
/// Excel (1.3812345678E10) are read as the digits they are.
pub fn read_phone(cell: &Cell) -> Result<String, Msg> {
    let text = match cell {
        Cell::Number(n) if n.fract() == 0.0 && *n > 0.0 => format!("{}", *n as i64),
        other => other.display(),
    };
    normalize_phone(&text).map_err(|e| e.msg())
}

/// A tier as written (钻石, 金牌客户, ★★★, 三星, A) to the key of the tier of
/// the active scheme it names, read by the rules calibration uses
/// ([`tierdesk_domain::tier_words`]); otherwise the text as written. A word
/// that only guesses a tier (VIP in a scheme without one) stays as written:
/// nothing is guessed into the archive.
pub fn read_tier(cell: &Cell, tiers: &[TierLabel]) -> String {
    let raw = cell.display().trim().to_owned();
    match place_tier(&raw, tiers).and_then(Placement::named) {
        Some(i) => tiers[i].key.clone(),
        None => raw,
    }
}

/// The tags in one cell: split at Chinese and Western commas, 、 and semicolons.
pub fn read_tags(cell: &Cell) -> Vec<String> {
    cell.display()
        .split([',', '，', '、', ';', '；', '|'])
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
        .collect()
}

#[cfg(test)]
mod tests;
