//! Text files: which encoding, which delimiter.

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE, UTF_8};

/// Decodes a text file: a byte-order mark decides when there is one; valid
/// UTF-8 is taken as UTF-8; anything else is guessed (in practice GBK/GB18030
/// from Chinese Excel and WPS, which GB18030 decodes as a superset).
pub fn decode(bytes: &[u8]) -> String {
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
    // GBK text is also valid GB18030; decoding with the superset loses nothing.
    let enc = if guess == encoding_rs::GBK {
        GB18030
    } else {
        guess
    };
    let enc = if enc == UTF_8 { GB18030 } else { enc };
    enc.decode_without_bom_handling(bytes).0.into_owned()
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
