//! Text files: which encoding, which delimiter.

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE, UTF_8};

/// Decodes a text file: a byte-order mark decides when there is one; valid
/// UTF-8 is taken as UTF-8; anything else is guessed (in practice GBK/GB18030
/// from Chinese Excel and WPS, which GB18030 decodes as a superset).
///
/// Returns the text and where it starts in it: UTF-8, the usual case, keeps
/// the file's own buffer (a large CSV is not copied a second time), so a
/// UTF-8 byte-order mark is skipped by offset rather than cut off.
pub fn decode(bytes: Vec<u8>) -> (String, usize) {
    if let Some((enc, bom)) = Encoding::for_bom(&bytes) {
        if enc == UTF_8 {
            match String::from_utf8(bytes) {
                Ok(text) => return (text, bom),
                Err(e) => {
                    let bytes = e.into_bytes();
                    let text = enc.decode_without_bom_handling(&bytes[bom..]).0;
                    return (text.into_owned(), 0);
                }
            }
        }
        return (
            enc.decode_without_bom_handling(&bytes[bom..])
                .0
                .into_owned(),
            0,
        );
    }
    if looks_utf16(&bytes) {
        let enc = if bytes.len() > 1 && bytes[0] == 0 {
            UTF_16BE
        } else {
            UTF_16LE
        };
        return (enc.decode_without_bom_handling(&bytes).0.into_owned(), 0);
    }
    let bytes = match String::from_utf8(bytes) {
        Ok(text) => return (text, 0),
        Err(e) => e.into_bytes(),
    };
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(&bytes[..bytes.len().min(1 << 20)], bytes.len() <= 1 << 20);
    let guess = det.guess(Some(b"cn"), chardetng::Utf8Detection::Allow);
    // GBK text is also valid GB18030; decoding with the superset loses nothing.
    let enc = if guess == encoding_rs::GBK {
        GB18030
    } else {
        guess
    };
    let enc = if enc == UTF_8 { GB18030 } else { enc };
    (enc.decode_without_bom_handling(&bytes).0.into_owned(), 0)
}

/// How many lines `text.lines()` would give, counted on the bytes.
pub fn count_lines(text: &str) -> usize {
    let b = text.as_bytes();
    // memchr's search is several times quicker than a byte loop on a file
    // of tens of megabytes, and this runs before the first row is read.
    let breaks = memchr::memchr_iter(b'\n', b).count();
    breaks + usize::from(b.last().is_some_and(|c| *c != b'\n'))
}

/// UTF-16 without a byte-order mark: every other byte of ASCII text is zero.
fn looks_utf16(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(512)];
    if head.len() < 8 {
        return false;
    }
    let zeros_even = head.iter().step_by(2).filter(|b| **b == 0).count();
    let zeros_odd = head.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
    let half = head.len() / 2;
    zeros_even > half * 6 / 10 || zeros_odd > half * 6 / 10
}

/// The delimiter that splits the first lines into the same number of fields
/// most consistently (quotes respected). Ties prefer comma, then tab.
pub fn sniff_delimiter(text: &str) -> Option<u8> {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(30)
        .collect();
    let mut best: Option<(u8, usize)> = None;
    for d in [b',', b'\t', b';', b'|'] {
        let counts: Vec<usize> = lines
            .iter()
            .map(|l| count_outside_quotes(l, d as char))
            .collect();
        let Some(first) = counts.first().copied() else {
            continue;
        };
        if first == 0 {
            continue;
        }
        let agreeing = counts.iter().filter(|c| **c == first).count();
        let score = agreeing * 1000 + first;
        if best.is_none_or(|b| score > b.1) {
            best = Some((d, score));
        }
    }
    best.map(|b| b.0)
}

fn count_outside_quotes(line: &str, d: char) -> usize {
    let mut quoted = false;
    let mut n = 0;
    for c in line.chars() {
        if c == '"' {
            quoted = !quoted;
        } else if c == d && !quoted {
            n += 1;
        }
    }
    n
}

/// Whether bytes are text a person would call a table (not a binary file).
pub fn is_text(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    if Encoding::for_bom(head).is_some() || looks_utf16(head) {
        return true;
    }
    let controls = head
        .iter()
        .filter(|b| **b < 0x09 || (**b > 0x0d && **b < 0x20))
        .count();
    controls * 100 <= head.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Decoding as first written: always a fresh copy, the mark cut off.
    fn decode_by_copying(bytes: &[u8]) -> String {
        if let Some((enc, bom)) = Encoding::for_bom(bytes) {
            return enc
                .decode_without_bom_handling(&bytes[bom..])
                .0
                .into_owned();
        }
        if looks_utf16(bytes) {
            let enc = if bytes.len() > 1 && bytes[0] == 0 {
                UTF_16BE
            } else {
                UTF_16LE
            };
            return enc.decode_without_bom_handling(bytes).0.into_owned();
        }
        if let Ok(s) = std::str::from_utf8(bytes) {
            return s.to_owned();
        }
        let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        det.feed(&bytes[..bytes.len().min(1 << 20)], bytes.len() <= 1 << 20);
        let guess = det.guess(Some(b"cn"), chardetng::Utf8Detection::Allow);
        let enc = if guess == encoding_rs::GBK {
            GB18030
        } else {
            guess
        };
        let enc = if enc == UTF_8 { GB18030 } else { enc };
        enc.decode_without_bom_handling(bytes).0.into_owned()
    }

    #[test]
    fn decoding_in_place_gives_the_same_text() {
        let table = "客户名称,消费金额\r\n张三,\"1,000\"\r\n李四,1.2万\n";
        let gbk = encoding_rs::GBK.encode(table).0.into_owned();
        let utf16le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(table.encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        let utf16be_bare: Vec<u8> = "name,amount\nA,1\n"
            .encode_utf16()
            .flat_map(|u| u.to_be_bytes())
            .collect();
        let cases: Vec<Vec<u8>> = vec![
            table.as_bytes().to_vec(),
            [b"\xEF\xBB\xBF".as_slice(), table.as_bytes()].concat(),
            b"\xEF\xBB\xBF".to_vec(),
            // A UTF-8 mark before bytes that are not UTF-8.
            [b"\xEF\xBB\xBF".as_slice(), &gbk].concat(),
            gbk,
            utf16le,
            utf16be_bare,
            b"a,b\n1,2".to_vec(),
        ];
        for bytes in cases {
            let (text, start) = decode(bytes.clone());
            assert_eq!(&text[start..], decode_by_copying(&bytes), "{bytes:?}");
        }
    }

    #[test]
    fn lines_are_counted_as_str_lines_counts_them() {
        for s in [
            "",
            "\n",
            "\n\n",
            "a",
            "a\n",
            "a\nb",
            "a\r\nb\r\n",
            "a\r\n\r\nb",
            "\r",
            "a\rb\n",
            "客户\n张三",
            "x\n\n\ny",
        ] {
            assert_eq!(count_lines(s), s.lines().count(), "{s:?}");
        }
    }
}
