//! Masking of personal values (个人信息保护法): the one set of functions
//! every list, drawer, report, statement and export uses to show
//! 138****5678 instead of a phone number, and the rule that lets a form
//! send a masked value back without it being written into the record.
//!
//! Masking keeps a value's length and its separators, so a person can still
//! tell numbers apart by their shape and last digits, and replaces every
//! other character with `*`.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::{Customer, CustomerDraft};

/// The mark masking puts in place of a hidden character.
pub const MASK: char = '*';

/// How many of `n` digits (or characters) stay visible at the start and at
/// the end. Eleven-digit mobiles and other long numbers show the first three
/// and last four (138****5678); shorter numbers only their end.
fn keep_digits(n: usize) -> (usize, usize) {
    match n {
        0 => (0, 0),
        1..=4 => (0, 1),
        5..=6 => (0, 2),
        7..=9 => (0, 4),
        _ => (3, 4),
    }
}

/// Masks the digits of `s` whose position among its digits lies outside
/// the `head` first and `tail` last ones; other characters stay.
fn mask_digits(s: &str, head: usize, tail: usize) -> String {
    let n = s.chars().filter(char::is_ascii_digit).count();
    let mut i = 0;
    s.chars()
        .map(|c| {
            if !c.is_ascii_digit() {
                return c;
            }
            let keep = i < head || i + tail >= n;
            i += 1;
            if keep {
                c
            } else {
                MASK
            }
        })
        .collect()
}

/// A phone number as people may see it without a reason: 13812345678 →
/// 138****5678, 010-12345678 → 010-****5678, 0755-1234567转123 →
/// 0755-***4567转123, +852 91234567 → +852 ****4567, 400-123-4567 →
/// 400-***-4567, 12345678 → ****5678, 95588 → ***88. The area or country
/// code and an extension stay (they say where, not who); of the number
/// itself the last four digits stay, and of an eleven-digit or longer one
/// the first three too. Empty stays empty. Works on any text, not only the
/// stored forms of [`crate::text::normalize_phone`].
pub fn mask_phone(phone: &str) -> String {
    let (number, extension) = match phone.find('转') {
        Some(i) => phone.split_at(i),
        None => (phone, ""),
    };
    // The country code of "+852 91234567" or the area code of
    // "010-12345678" names a place; 400-123-4567 is one number in groups.
    let prefix_end = if number.starts_with('+') {
        number.find(' ').map(|i| i + 1)
    } else if number.starts_with('0') {
        number.find('-').map(|i| i + 1)
    } else {
        None
    };
    let (prefix, local) = number.split_at(prefix_end.unwrap_or(0));
    let digits = local.chars().filter(char::is_ascii_digit).count();
    let (head, tail) = keep_digits(digits);
    format!("{prefix}{}{extension}", mask_digits(local, head, tail))
}

/// An e-mail address with its user part hidden but its first character:
/// zhang.san@example.com → z***@example.com. Text without an @ is masked
/// like an ID number.
pub fn mask_email(email: &str) -> String {
    match email.rsplit_once('@') {
        Some((user, domain)) if !user.is_empty() => {
            let first: String = user.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        _ => mask_id(email),
    }
}

/// An ID number or any other text a person marked sensitive, with its
/// middle hidden and its length kept: a 身份证号 110101199003071234 →
/// 110101********1234 (the first six name the region of issue, the last
/// four are what people compare), a passport E12345678 → E1*****78, short
/// values all but their last character, up to three characters entirely.
pub fn mask_id(value: &str) -> String {
    let chars: Vec<char> = value.trim().chars().collect();
    let n = chars.len();
    let (head, tail) = match n {
        0..=3 => (0, 0),
        4..=7 => (0, 1),
        8..=14 => (2, 2),
        _ => (6, 4),
    };
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| if i < head || i + tail >= n { *c } else { MASK })
        .collect()
}

/// A custom field's value masked: text and numbers alike become masked
/// text; an empty value stays as it is.
pub fn mask_value(value: &Value) -> Value {
    match value {
        Value::Null => Value::Null,
        Value::String(s) if s.is_empty() => value.clone(),
        Value::String(s) => Value::String(mask_id(s)),
        other => Value::String(mask_id(&other.to_string())),
    }
}

/// What is masked besides phones, which always are: e-mail addresses when
/// the person turned that on (setting `privacy.mask_email`), and the custom
/// fields marked sensitive (setting `privacy.sensitive_fields`, their keys).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Masking {
    pub mask_email: bool,
    pub sensitive_fields: Vec<String>,
}

impl Masking {
    /// Setting keys, as stored.
    pub const EMAIL_SETTING: &'static str = "privacy.mask_email";
    pub const FIELDS_SETTING: &'static str = "privacy.sensitive_fields";

    /// The policy from the two settings' stored texts: `mask_email` is on
    /// for "true" or "1"; the fields are a JSON list of keys (anything else
    /// counts as none).
    pub fn from_settings(mask_email: Option<&str>, fields: Option<&str>) -> Masking {
        Masking {
            mask_email: matches!(mask_email.map(str::trim), Some("true" | "1")),
            sensitive_fields: fields
                .and_then(|f| serde_json::from_str::<Vec<String>>(f).ok())
                .unwrap_or_default(),
        }
    }

    /// `c` as a person may see it without a reason.
    pub fn apply(&self, c: &mut Customer) {
        if let Some(p) = &c.phone {
            c.phone = Some(mask_phone(p));
        }
        if self.mask_email {
            if let Some(e) = &c.email {
                c.email = Some(mask_email(e));
            }
        }
        for key in &self.sensitive_fields {
            if let Some(v) = c.fields.get_mut(key) {
                *v = mask_value(v);
            }
        }
    }

    /// Puts the stored value back wherever a form sent the masked value it
    /// was shown, unchanged: a person who edits a customer's name without
    /// asking to see the phone saves the phone exactly as it was. Every
    /// masked form is compared, whatever the policy is now, since it may
    /// have changed while the form was open; a masked form always holds a
    /// `*`, so a value a person typed is never mistaken for one.
    pub fn keep_stored(draft: &mut CustomerDraft, stored: &Customer) {
        let untouched = |sent: &Option<String>, shown: Option<String>| {
            matches!((sent.as_deref().map(str::trim), shown.as_deref()),
                (Some(s), Some(m)) if m.contains(MASK) && s == m)
        };
        if untouched(&draft.phone, stored.phone.as_deref().map(mask_phone)) {
            draft.phone = stored.phone.clone();
        }
        if untouched(&draft.email, stored.email.as_deref().map(mask_email)) {
            draft.email = stored.email.clone();
        }
        for (key, value) in draft.fields.iter_mut() {
            let Some(kept) = stored.fields.get(key) else {
                continue;
            };
            let shown = mask_value(kept);
            if shown.as_str().is_some_and(|m| m.contains(MASK)) && value == &shown {
                *value = kept.clone();
            }
        }
    }
}

/// The name an erased customer's record keeps (PIPL art. 47): the row stays
/// so that order amounts, tiers and dates still count in statistics, but
/// nothing in it names the person.
pub fn erased_name(id: i64) -> String {
    format!("已删除的客户 #{id}")
}

/// `d` with everything that could name or reach the person removed: the
/// name becomes [`erased_name`]; the code (it links the row to the person
/// in other systems: an ERP, old sheets), phone, e-mail, address, birth
/// date, gender, notes, tags and custom fields go. Figures, tiers and
/// rating dates, dates of registration and contact, the preferred category
/// and the account manager stay: they describe the business, not who the
/// person is, and reports count them.
pub fn anonymised(d: &CustomerDraft, id: i64) -> CustomerDraft {
    CustomerDraft {
        code: None,
        name: erased_name(id),
        phone: None,
        email: None,
        address: None,
        birth_date: None,
        gender: None,
        notes: None,
        tags: Vec::new(),
        fields: Default::default(),
        ..d.clone()
    }
}
