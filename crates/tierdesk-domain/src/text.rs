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

/// A whole number with thousands separators, as every count is shown:
/// 5130 → 「5,130」.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// The message for a text longer than its limit, saying both lengths, so a
/// long name is refused out loud instead of cut: 「客户名称最多 200 字，当前
/// 10,000 字」. Lengths are in characters, as people count them.
pub fn too_long(label: &str, max: usize, len: usize) -> String {
    too_long_msg(label, max, len).zh()
}

/// [`too_long`] as a message for the UI (`field.too_long`). `label` is the
/// field's Chinese name, a program word the English leaves out: the form
/// shows the message under its field.
pub fn too_long_msg(label: &str, max: usize, len: usize) -> crate::Msg {
    crate::Msg::new("field.too_long")
        .with("label", label)
        .with("max", thousands(max as u64))
        .with("len", thousands(len as u64))
}

/// A text that is no phone number, as written (`value.phone`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneError(pub String);

impl PhoneError {
    /// The message people read, with the examples of what is accepted.
    pub fn msg(&self) -> crate::Msg {
        crate::Msg::new("value.phone").with("value", &self.0)
    }
}

impl std::fmt::Display for PhoneError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.msg().zh())
    }
}

impl std::error::Error for PhoneError {}

/// A phone number in its stored form, as forms and imports write it and
/// search finds it:
///
/// | written                                   | stored               |
/// |-------------------------------------------|----------------------|
/// | 138 1234 5678, +86 138-1234-5678          | `13812345678`        |
/// | 010 12345678, (0755)1234567, +86 10 …     | `010-12345678`       |
/// | 12345678, 1234567 (no area code)          | `12345678`           |
/// | 400-123-4567, 8001234567                  | `400-123-4567`       |
/// | +852 9123 4567, (853)62345678             | `+852 91234567`      |
/// | +886 912 345 678, 0912345678              | `+886 912345678`     |
/// | +1 415 555 1234 (any other country)       | `+14155551234`       |
/// | 010-12345678 转 123, ext. 123, -123       | `010-12345678转123`  |
///
/// Mobiles and landlines keep the forms they always had, so archives
/// written before the other kinds were read still match (see
/// [`match_key_phone`]). A mobile takes no extension.
///
/// Read by hand rather than with a port of libphonenumber: the forms that
/// matter here are few, two of them (local numbers without an area code,
/// extensions written 转 123) are ones libphonenumber refuses, and this runs
/// on every row of imports of a million rows, where its regular
/// expressions would cost more than the rest of the row.
pub fn normalize_phone(raw: &str) -> Result<String, PhoneError> {
    let raw = raw.trim();
    let bad = || PhoneError(raw.to_owned());
    let s = to_halfwidth(raw);
    let (main, mut ext) = split_extension(&s).ok_or_else(bad)?;
    let main = main.trim();
    let separator = |c: char| matches!(c, ' ' | '-' | '(' | ')' | '.' | '\u{2013}' | '\u{2014}');
    // The plus of a country code comes first, or just inside a bracket: (+86).
    let plus = main
        .find(|c: char| c != '(' && c != ' ')
        .filter(|i| main[*i..].starts_with('+'));
    let without_plus;
    let body = match plus {
        Some(i) => {
            without_plus = format!("{}{}", &main[..i], &main[i + 1..]);
            without_plus.as_str()
        }
        None => main,
    };
    if body.is_empty() || !body.chars().all(|c| c.is_ascii_digit() || separator(c)) {
        return Err(bad());
    }
    let mut digits: String = body.chars().filter(char::is_ascii_digit).collect();
    let mut international = plus.is_some();
    if let Some(rest) = digits.strip_prefix("00") {
        digits = rest.to_owned();
        international = true;
    }
    let mut found = canonical(&digits, international);
    if found.is_none() && ext.is_none() {
        // 010-12345678-123: a short group after a whole local number is an
        // extension.
        let groups: Vec<&str> = body
            .split(|c: char| !c.is_ascii_digit())
            .filter(|g| !g.is_empty())
            .collect();
        if let [.., local, last] = groups[..] {
            let dash_before_last = body[..body.rfind(last).unwrap_or(0)]
                .trim_end()
                .ends_with('-');
            if groups.len() >= 3
                && (1..=5).contains(&last.len())
                && (7..=8).contains(&local.len())
                && dash_before_last
            {
                found = canonical(&digits[..digits.len() - last.len()], international)
                    .filter(|(p, _)| p.contains('-'));
                ext = found.as_ref().map(|_| last.to_owned());
            }
        }
    }
    match (found, ext) {
        (Some((number, _)), None) => Ok(number),
        (Some((number, true)), Some(ext)) => Ok(format!("{number}转{ext}")),
        _ => Err(bad()),
    }
}

/// Splits `010-12345678 转 123`, `… ext. 123`, `… 分机123`, `… x123` into
/// the number and the extension's digits. `None` when a mark is followed
/// by anything but one to six digits.
fn split_extension(s: &str) -> Option<(&str, Option<String>)> {
    let lower = s.to_ascii_lowercase();
    let Some((at, mark)) = ["转", "分机", "ext", "x"]
        .iter()
        .filter_map(|m| lower.find(m).map(|i| (i, m.len())))
        .min()
    else {
        return Some((s, None));
    };
    let ext = s[at + mark..].trim_start_matches(['.', ':', ' ']).trim();
    ((1..=6).contains(&ext.len()) && ext.bytes().all(|b| b.is_ascii_digit()))
        .then(|| (&s[..at], Some(ext.to_owned())))
}

/// The stored form of a number without extension, and whether it may
/// have one. `international` when it was written with + or 00 before a
/// country code.
fn canonical(digits: &str, international: bool) -> Option<(String, bool)> {
    // Hong Kong and Macau numbers have 8 digits, Taiwan's 8 or 9 after the
    // code; written without a plus, 852…, 853… and 886… are still theirs,
    // since no mainland number starts with 8 and has that many digits.
    for (code, lens) in [("852", 8..=8), ("853", 8..=8), ("886", 8..=9)] {
        if let Some(rest) = digits.strip_prefix(code) {
            // +886 0912… is written too: the trunk 0 does not belong after a code.
            let rest = rest
                .strip_prefix('0')
                .filter(|_| code == "886")
                .unwrap_or(rest);
            if lens.contains(&rest.len()) {
                return Some((format!("+{code} {rest}"), true));
            }
        }
    }
    if let Some(rest) = digits.strip_prefix("86") {
        if let Some(m) = mobile(rest) {
            return Some(m);
        }
        if international {
            // +86 10 12345678 drops the 0 of the area code; +86 010… keeps it.
            return landline(&format!("0{rest}"))
                .or_else(|| landline(rest))
                .or_else(|| service(rest));
        }
    }
    if international {
        // Another country: kept as written, if it has as many digits as
        // an international number can (E.164: at most 15 with the code).
        return (8..=15)
            .contains(&digits.len())
            .then(|| (format!("+{digits}"), true));
    }
    mobile(digits)
        .or_else(|| landline(digits))
        .or_else(|| service(digits))
        .or_else(|| {
            // 0912345678: a Taiwan mobile written at home (a mainland area
            // code starting 09 leaves six digits, too few for a number).
            (digits.len() == 10 && digits.starts_with("09"))
                .then(|| (format!("+886 {}", &digits[1..]), true))
        })
        .or_else(|| {
            ((7..=8).contains(&digits.len()) && !digits.starts_with('0'))
                .then(|| (digits.to_owned(), true))
        })
}

fn mobile(digits: &str) -> Option<(String, bool)> {
    let b = digits.as_bytes();
    (b.len() == 11 && b[0] == b'1' && matches!(b[1], b'3'..=b'9'))
        .then(|| (digits.to_owned(), false))
}

/// Mainland landlines: area code 010, 02x (three digits) or 0xxx (four),
/// then a local number of 7 or 8 digits.
fn landline(digits: &str) -> Option<(String, bool)> {
    let area = match digits.as_bytes() {
        [b'0', b'1', b'0', ..] | [b'0', b'2', ..] => 3,
        [b'0', b'3'..=b'9', ..] => 4,
        _ => return None,
    };
    let (area, local) = digits.split_at(area);
    (7..=8)
        .contains(&local.len())
        .then(|| (format!("{area}-{local}"), true))
}

/// 400 and 800 numbers, written 400-123-4567.
fn service(digits: &str) -> Option<(String, bool)> {
    (digits.len() == 10 && (digits.starts_with("400") || digits.starts_with("800"))).then(|| {
        (
            format!("{}-{}-{}", &digits[..3], &digits[3..6], &digits[6..]),
            true,
        )
    })
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

/// The key duplicate matching compares: the stored form without its
/// dashes and spaces. A mobile's key is its 11 digits and a landline's its
/// digits with the area code, as they always were, so keys stored by
/// earlier versions still match.
pub fn match_key_phone(phone: &str) -> Option<String> {
    normalize_phone(phone)
        .ok()
        .map(|p| p.replace(['-', ' '], ""))
}
