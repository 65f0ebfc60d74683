//! Columns of numbers written as digits — 邮编, QQ, 手机, 电话, 身份证, 账号,
//! 卡号 — are text: 012345 keeps its 0 and an 18-digit id every digit.
//! Excel may have stored such a cell as a number already; what a number
//! can still give back is read here, and what it lost is said.

use tierdesk_domain::text::to_halfwidth;
use tierdesk_domain::Msg;

/// A column whose values are digits, by what its header names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DigitColumn {
    /// 邮编: six digits; 010000 starts with 0.
    Postcode,
    /// QQ, 手机, 电话, 身份证, 账号, 卡号 …
    Other,
}

/// Header words (lower case, half width) of digit columns.
const WORDS: [&str; 21] = [
    "邮编",
    "邮政编码",
    "邮码",
    "qq",
    "手机",
    "电话",
    "传真",
    "身份证",
    "证件号",
    "账号",
    "帐号",
    "卡号",
    "银行卡",
    "号码",
    "微信",
    "工号",
    "税号",
    "注册号",
    "信用代码",
    "邮政",
    "zip",
];

/// Whether a header names a digit column (and which).
pub(crate) fn digit_column(header: &str) -> Option<DigitColumn> {
    let h = to_halfwidth(header).to_lowercase();
    if h.contains("邮编") || h.contains("邮政") || h.contains("邮码") || h.contains("zip") {
        return Some(DigitColumn::Postcode);
    }
    WORDS
        .iter()
        .any(|w| h.contains(w))
        .then_some(DigitColumn::Other)
}

/// Excel keeps 15 significant digits of a number: a longer one has lost
/// its last digits.
const EXACT_LIMIT: f64 = 1e15;

/// The digits of a number cell in a digit column, or why they cannot be
/// trusted (the cell is then left empty and the person told).
pub(crate) fn digits_of_number(n: f64, column: DigitColumn) -> Result<String, Msg> {
    if n.fract() != 0.0 || n < 0.0 {
        return Ok(format!("{n}"));
    }
    if n >= EXACT_LIMIT {
        return Err(Msg::new("value.digits_lost").with("number", format!("{n:.0}")));
    }
    let digits = format!("{}", n as i64);
    if column == DigitColumn::Postcode && digits.len() < 6 {
        return Err(Msg::new("value.postcode_zero").with("number", digits));
    }
    Ok(digits)
}
