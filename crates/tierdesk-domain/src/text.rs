//! Text normalisation shared by forms, imports and duplicate matching.

/// Full-width digits, letters, punctuation and the ideographic space become ASCII.
pub fn to_halfwidth(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("不是有效的电话号码：'{0}'（手机号如 13812345678，座机如 010-12345678）")]
pub struct PhoneError(pub String);

/// Canonical phone: mobiles as 11 digits, landlines as area-number.
pub fn normalize_phone(raw: &str) -> Result<String, PhoneError> {
    let s = to_halfwidth(raw.trim());
    let digits: String = s.chars().filter(|c| c.is_ascii_digit()).collect();
    let bad = || PhoneError(raw.trim().to_owned());
    if s.chars()
        .any(|c| !(c.is_ascii_digit() || " -+()（）".contains(c)))
    {
        return Err(bad());
    }
    let mobile = digits
        .strip_prefix("0086")
        .or_else(|| digits.strip_prefix("86").filter(|d| d.len() == 11))
        .unwrap_or(&digits);
    if mobile.len() == 11 && mobile.starts_with('1') && matches!(mobile.as_bytes()[1], b'3'..=b'9')
    {
        return Ok(mobile.to_owned());
    }
    if digits.starts_with('0') && (10..=12).contains(&digits.len()) {
        let area_len = if matches!(&digits[..2], "01" | "02") {
            3
        } else {
            4
        };
        let (area, number) = digits.split_at(area_len);
        if (7..=8).contains(&number.len()) {
            return Ok(format!("{area}-{number}"));
        }
    }
    Err(bad())
}

pub fn is_valid_email(s: &str) -> bool {
    let s = s.trim();
    match s.split_once('@') {
        Some((user, domain)) => {
            !user.is_empty()
                && !s.contains(char::is_whitespace)
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
        }
        None => false,
    }
}

/// The key two spellings of one customer name share.
pub fn match_key_name(name: &str) -> String {
    let mut s: String = to_halfwidth(name)
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace() && !"()[]【】".contains(*c))
        .collect();
    // Brackets go first, so 华信科技（有限公司） and 华信科技有限公司 share a key.
    for suffix in [
        "股份有限公司",
        "有限责任公司",
        "有限公司",
        "集团",
        "co.,ltd.",
        "co.ltd",
        "ltd.",
        "inc.",
    ] {
        if let Some(stripped) = s.strip_suffix(suffix) {
            s = stripped.to_owned();
            break;
        }
    }
    s
}

/// Digits-only phone key for duplicate matching.
pub fn match_key_phone(phone: &str) -> Option<String> {
    normalize_phone(phone).ok().map(|p| p.replace('-', ""))
}
