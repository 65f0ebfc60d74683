//! Search keys derived from a customer's name.

use pinyin::ToPinyin;

/// The pinyin initials of a name, lower case: 张三 → "zs", 北京ABC科技 → "bjabckj".
/// Letters and digits are kept as they are (lower-cased) so mixed names still
/// match; other characters are dropped. Polyphonic characters take their most
/// common reading, which is what people type when they search.
pub fn pinyin_initials(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for ch in name.chars() {
        if let Some(letter) = name_reading(ch) {
            out.push(letter);
        } else if let Some(p) = ch.to_pinyin() {
            out.push_str(p.first_letter());
        } else if ch.is_ascii_alphanumeric() {
            out.push(ch.to_ascii_lowercase());
        } else if ('０'..='９').contains(&ch)
            || ('Ａ'..='Ｚ').contains(&ch)
            || ('ａ'..='ｚ').contains(&ch)
        {
            // Full-width letters and digits are common in pasted names.
            let half = char::from_u32(ch as u32 - 0xFEE0).unwrap_or(ch);
            out.push(half.to_ascii_lowercase());
        }
    }
    out
}

/// Characters whose most common reading is not the one they take in
/// customer and place names (长沙 is "cs", 重庆 "cq", 商行 "sh", 曾 as a
/// surname "z", 厦门 "xm", 朝阳 "cy").
fn name_reading(ch: char) -> Option<char> {
    match ch {
        '长' | '重' | '朝' => Some('c'),
        '行' => Some('h'),
        '曾' => Some('z'),
        '厦' => Some('x'),
        '单' => Some('s'),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::pinyin_initials;

    #[test]
    fn initials() {
        for (name, want) in [
            ("张三", "zs"),
            ("李四", "ls"),
            ("北京ABC科技有限公司", "bjabckjyxgs"),
            ("王小明 2", "wxm2"),
            ("长沙锦程文化传媒商行", "csjcwhcmsh"),
            ("重庆", "cq"),
            ("曾国藩", "zgf"),
            ("Ｈｅｌｌｏ", "hello"),
            ("", ""),
        ] {
            assert_eq!(pinyin_initials(name), want, "{name}");
        }
    }
}
