//! Text files: which encoding, which delimiter.

use std::io::Read;

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

/// What a first pass over a text file that is UTF-8 throughout finds,
/// without keeping the file in memory (see [`scan_utf8`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Utf8Scan {
    /// Bytes of a UTF-8 byte-order mark at the start of the file (0 or 3).
    pub start: u64,
    /// The text's first part (about a megabyte, whole characters), past the mark.
    pub head: String,
    /// Whether `head` is known to be the whole text.
    pub whole: bool,
    /// Lines as `text.lines()` would count them.
    pub lines: usize,
    /// Whether the text is only white space.
    pub blank: bool,
}

/// Bytes read at a time by [`scan_utf8`]; the first read is also the head.
const SCAN_CHUNK: usize = 1 << 20;

/// Reads a text file through a one-megabyte buffer and says whether
/// [`decode`] would take it as UTF-8 (a UTF-8 byte-order mark or none, not
/// UTF-16 without a mark, valid UTF-8 to the end), with what the opening
/// checks need: its head, its line count and whether it is blank. `None`
/// means the file must be decoded whole. A large UTF-8 CSV is then parsed
/// straight from the file instead of being held in memory.
pub fn scan_utf8(file: impl Read) -> std::io::Result<Option<Utf8Scan>> {
    scan_utf8_by(file, SCAN_CHUNK)
}

fn scan_utf8_by(mut file: impl Read, chunk: usize) -> std::io::Result<Option<Utf8Scan>> {
    let mut buf = vec![0u8; chunk.max(8)];
    let mut scan = Utf8Scan {
        start: 0,
        head: String::new(),
        whole: false,
        lines: 0,
        blank: true,
    };
    // Bytes of a character cut by the end of the previous read, moved to
    // the front of the buffer.
    let mut carry = 0;
    let mut first = true;
    let mut last = None;
    loop {
        let mut filled = carry;
        while filled < buf.len() {
            match file.read(&mut buf[filled..]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        let eof = filled < buf.len();
        let mut from = 0;
        if first {
            match Encoding::for_bom(&buf[..filled]) {
                Some((enc, _)) if enc != UTF_8 => return Ok(None),
                Some((_, bom)) => from = bom,
                None if looks_utf16(&buf[..filled]) => return Ok(None),
                None => {}
            }
            scan.start = from as u64;
        }
        let data = &buf[from..filled];
        let (text, valid) = match std::str::from_utf8(data) {
            Ok(text) => (text, data.len()),
            // A character cut in two by the read: its first bytes wait for the rest.
            Err(e) if e.error_len().is_none() && !eof => {
                match std::str::from_utf8(&data[..e.valid_up_to()]) {
                    Ok(text) => (text, e.valid_up_to()),
                    Err(_) => return Ok(None),
                }
            }
            Err(_) => return Ok(None),
        };
        scan.lines += memchr::memchr_iter(b'\n', text.as_bytes()).count();
        if let Some(b) = text.as_bytes().last() {
            last = Some(*b);
        }
        scan.blank = scan.blank && text.trim().is_empty();
        if first {
            scan.head = text.to_owned();
            scan.whole = eof;
            first = false;
        }
        if eof {
            break;
        }
        carry = data.len() - valid;
        buf.copy_within(from + valid..filled, 0);
    }
    scan.lines += usize::from(last.is_some_and(|b| b != b'\n'));
    Ok(Some(scan))
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

    /// The first pass agrees with decoding the whole file, whatever the
    /// size of the reads (characters cut between reads included).
    #[test]
    fn the_utf8_scan_agrees_with_decoding_the_whole_file() {
        let cases: Vec<Vec<u8>> = vec![
            Vec::new(),
            b"a,b\n1,2".to_vec(),
            b"a,b\n1,2\n".to_vec(),
            "客户名称,消费金额\n张三,¥10,000\n李四,3.5万\n"
                .as_bytes()
                .to_vec(),
            [
                &[0xEF, 0xBB, 0xBF][..],
                "编号,姓名\r\n1,王五\r\n".as_bytes(),
            ]
            .concat(),
            " \n\u{3000}\n".as_bytes().to_vec(),
            "😀😀,𠀀\n".repeat(20).into_bytes(),
        ];
        for bytes in &cases {
            let (text, start) = decode(bytes.clone());
            let text = &text[start..];
            for chunk in [8, 9, 10, 11, 13, 64, 1 << 20] {
                let scan = scan_utf8_by(&bytes[..], chunk)
                    .unwrap()
                    .unwrap_or_else(|| panic!("{bytes:?} by {chunk}"));
                assert_eq!(scan.start as usize, start, "{bytes:?} by {chunk}");
                assert_eq!(scan.lines, count_lines(text), "{bytes:?} by {chunk}");
                assert_eq!(scan.blank, text.trim().is_empty(), "{bytes:?} by {chunk}");
                assert!(text.starts_with(&scan.head), "{bytes:?} by {chunk}");
                // Whole when known to be (a file of exactly one read is not told apart).
                assert!(!scan.whole || scan.head == text, "{bytes:?} by {chunk}");
                assert_eq!(scan.whole, bytes.len() < chunk, "{bytes:?} by {chunk}");
            }
        }
    }

    /// Whatever `decode` would not take as UTF-8 is left to it.
    #[test]
    fn the_utf8_scan_leaves_other_encodings_to_decode() {
        let chinese = "客户名称,消费金额\n张三,10000\n".repeat(10);
        let gbk = encoding_rs::GBK.encode(&chinese).0.into_owned();
        let mut late = "a,b\n".repeat(100).into_bytes();
        late.extend_from_slice(&gbk);
        let utf16: Vec<u8> = "a,b\n1,2\n"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        let utf16_bom = [&[0xFF, 0xFE][..], &utf16].concat();
        let cut = "张三".as_bytes()[..4].to_vec();
        for bytes in [gbk, late, utf16, utf16_bom, cut] {
            for chunk in [8, 64, 1 << 20] {
                assert_eq!(
                    scan_utf8_by(&bytes[..], chunk).unwrap(),
                    None,
                    "{bytes:?} by {chunk}"
                );
            }
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
