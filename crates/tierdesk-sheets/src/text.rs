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
    let mut tally = Utf8Tally::default();
    tally.feed(&bytes);
    if tally.mostly_utf8() {
        return (String::from_utf8_lossy(&bytes).into_owned(), 0);
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
    (enc.decode_without_bom_handling(&bytes).0.into_owned(), 0)
}

/// What a first pass over a text file that is UTF-8 (perhaps but for a few
/// bad bytes) finds, without keeping the file in memory (see [`scan_utf8`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Utf8Scan {
    /// Bytes of a UTF-8 byte-order mark at the start of the file (0 or 3).
    pub start: u64,
    /// The text's first part (about a megabyte, whole characters), past the
    /// mark; bytes that are not UTF-8 are shown as U+FFFD.
    pub head: String,
    /// Whether `head` is known to be the whole text.
    pub whole: bool,
    /// Lines as a text editor counts them (see [`LineCount`]).
    pub lines: usize,
    /// Whether the text is only white space.
    pub blank: bool,
    /// Byte sequences that are not UTF-8 (each read as one U+FFFD).
    pub invalid: usize,
}

/// Bytes read at a time by [`scan_utf8`]; the first read is also the head.
const SCAN_CHUNK: usize = 1 << 20;

/// How much of a text is UTF-8: characters beyond ASCII that are well
/// formed, and byte sequences that are not UTF-8 at all.
#[derive(Debug, Default, Clone, Copy)]
pub struct Utf8Tally {
    pub wide: usize,
    pub invalid: usize,
}

impl Utf8Tally {
    /// Tallies whole bytes (a sequence cut at the end counts as invalid).
    pub fn feed(&mut self, bytes: &[u8]) {
        // Lead bytes of multi-byte characters, one per character. Counted
        // in byte-wide sums of at most 255, which the compiler turns into
        // vector instructions: this runs over every byte of a large CSV.
        let leads = |b: &[u8]| -> usize {
            b.chunks(255)
                .map(|c| usize::from(c.iter().fold(0u8, |n, b| n + u8::from(*b >= 0xC0))))
                .sum()
        };
        // The usual case, valid throughout, is checked by the standard
        // library's fast validator; only damaged text is walked in pieces.
        if std::str::from_utf8(bytes).is_ok() {
            self.wide += leads(bytes);
            return;
        }
        for chunk in bytes.utf8_chunks() {
            self.wide += leads(chunk.valid().as_bytes());
            self.invalid += usize::from(!chunk.invalid().is_empty());
        }
    }

    /// Whether a text that is not UTF-8 throughout is still UTF-8 with a few
    /// damaged bytes (a stray 0xA0 from a copy out of a web page, a character
    /// cut by an editor) rather than another encoding. Text in GBK, the other
    /// encoding Chinese files come in, is nearly all invalid as UTF-8: at best
    /// a fifth of its characters happen to form UTF-8 sequences. UTF-8 text
    /// with stray bytes has hundreds of good characters for each bad one. One
    /// bad sequence for every eight good characters lies far from both.
    pub fn mostly_utf8(&self) -> bool {
        self.invalid == 0 || self.wide >= self.invalid.saturating_mul(8)
    }
}

/// Reads a text file through a one-megabyte buffer and says whether
/// [`decode`] would take it as UTF-8 (a UTF-8 byte-order mark or none, not
/// UTF-16 without a mark, UTF-8 to the end but perhaps for a few bad bytes),
/// with what the opening checks need: its head, its line count, whether it
/// is blank and how many bad byte sequences it has. `None` means the file
/// must be decoded whole. A large UTF-8 CSV is then parsed straight from the
/// file instead of being held in memory.
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
        invalid: 0,
    };
    let mut tally = Utf8Tally::default();
    let mut lines = LineCount::default();
    let mut marked = false;
    // Bytes of a character cut by the end of the previous read, moved to
    // the front of the buffer.
    let mut carry = 0;
    let mut first = true;
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
            marked = from > 0;
        }
        let data = &buf[from..filled];
        // A character cut in two by the read waits for the rest of its bytes.
        let valid = if eof { data.len() } else { whole_chars(data) };
        let data = &data[..valid];
        tally.feed(data);
        // A file full of bytes that are not UTF-8 is another encoding: no
        // need to read to its end to know (decode judges the whole file by
        // the same rule, so stopping early never changes how it is read).
        if !marked && tally.invalid > 4096 && !tally.mostly_utf8() {
            return Ok(None);
        }
        lines.feed(data);
        // Only the head is kept as text; blankness is a byte test (white
        // space beyond ASCII is rare enough to look at only when present).
        if scan.blank && !data.iter().all(u8::is_ascii_whitespace) {
            scan.blank = String::from_utf8_lossy(data).trim().is_empty();
        }
        if first {
            scan.head = String::from_utf8_lossy(data).into_owned();
            scan.whole = eof;
            first = false;
        }
        if eof {
            break;
        }
        carry = filled - from - valid;
        buf.copy_within(from + valid..filled, 0);
    }
    // A byte-order mark says UTF-8 whatever follows, as it does to decode.
    if !marked && !tally.mostly_utf8() {
        return Ok(None);
    }
    scan.lines = lines.lines();
    scan.invalid = tally.invalid;
    Ok(Some(scan))
}

/// How many leading bytes of a read are whole characters or bytes that can
/// never start one: only a sequence that the next read may complete is held
/// back.
fn whole_chars(data: &[u8]) -> usize {
    // A UTF-8 character is at most four bytes: only the last three can be
    // the start of one cut short.
    let tail = data.len().saturating_sub(3);
    for at in (tail..data.len()).rev() {
        let b = data[at];
        if b & 0xC0 == 0x80 {
            continue;
        }
        let need = match b {
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF4 => 4,
            _ => return data.len(),
        };
        let have = data.len() - at;
        if have < need && std::str::from_utf8(&data[at..]).is_err_and(|e| e.error_len().is_none()) {
            return at;
        }
        return data.len();
    }
    data.len()
}

/// Counts lines as a text editor (and a spreadsheet opening a CSV) does:
/// CR LF, a lone LF and a lone CR (old Mac files) each end one line, and a
/// last line without an ending still counts. Fed in pieces, a CR LF cut
/// between two pieces is still one ending.
#[derive(Debug, Default, Clone, Copy)]
pub struct LineCount {
    breaks: usize,
    /// The last byte fed, if any.
    last: Option<u8>,
}

impl LineCount {
    pub fn feed(&mut self, bytes: &[u8]) {
        let Some(&end) = bytes.last() else {
            return;
        };
        // memchr's counting is several times quicker than a byte loop on a
        // file of tens of megabytes, and this runs before the first row is
        // read. Every CR ends a line, and every LF but one right after a CR.
        let lfs = memchr::memchr_iter(b'\n', bytes).count();
        let mut crlfs = 0;
        let mut crs = 0;
        for at in memchr::memchr_iter(b'\r', bytes) {
            crs += 1;
            crlfs += usize::from(bytes.get(at + 1) == Some(&b'\n'));
        }
        crlfs += usize::from(self.last == Some(b'\r') && bytes[0] == b'\n');
        self.breaks += crs + lfs - crlfs;
        self.last = Some(end);
    }

    /// Lines so far (a last line without an ending included).
    pub fn lines(&self) -> usize {
        self.breaks + usize::from(self.last.is_some_and(|b| b != b'\n' && b != b'\r'))
    }
}

/// How many lines a text has, as [`LineCount`] counts them.
pub fn count_lines(text: &str) -> usize {
    let mut count = LineCount::default();
    count.feed(text.as_bytes());
    count.lines()
}

/// The lines of a text, every kind of line ending taken as one (see
/// [`LineCount`]); `str::lines` would keep a file with lone CRs in one line.
pub fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text).filter(|t| !t.is_empty());
    std::iter::from_fn(move || {
        let t = rest?;
        match memchr::memchr2(b'\r', b'\n', t.as_bytes()) {
            Some(at) => {
                let len = if t[at..].starts_with("\r\n") { 2 } else { 1 };
                rest = Some(&t[at + len..]).filter(|r| !r.is_empty());
                Some(&t[..at])
            }
            None => {
                rest = None;
                Some(t)
            }
        }
    })
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
    let lines: Vec<&str> = split_lines(text)
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
        let mut tally = Utf8Tally::default();
        tally.feed(bytes);
        if tally.mostly_utf8() {
            return String::from_utf8_lossy(bytes).into_owned();
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
            b"a,b\r1,2\r".to_vec(),
            "编号,姓名\r\n1,王五\r\n2,赵六".as_bytes().to_vec(),
            // UTF-8 but for one stray byte, cut by reads everywhere.
            [
                "客户名称,联系方式\n张三,1\n李四,2\n王五,3\n".as_bytes(),
                b"\xA0",
                "赵六,4\n".as_bytes(),
            ]
            .concat(),
            // A character cut short at the very end.
            [
                "客户名称,联系方式\n张三,李四,王五\n".as_bytes(),
                &"赵".as_bytes()[..2],
            ]
            .concat(),
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

    /// Every kind of line ending ends one line, however the text is cut
    /// into pieces; a last line without an ending counts.
    #[test]
    fn lines_are_counted_as_a_text_editor_counts_them() {
        for (s, want) in [
            ("", 0),
            ("\n", 1),
            ("\n\n", 2),
            ("a", 1),
            ("a\n", 1),
            ("a\nb", 2),
            ("a\r\nb\r\n", 2),
            ("a\r\n\r\nb", 3),
            ("\r", 1),
            ("\r\n", 1),
            ("a\rb\n", 2),
            ("a\rb\rc", 3),
            ("a\r\rb\r", 3),
            ("a\n\rb", 3),
            ("客户\n张三", 2),
            ("x\n\n\ny", 4),
        ] {
            assert_eq!(count_lines(s), want, "{s:?}");
            assert_eq!(split_lines(s).count(), want, "{s:?}");
            for cut in 0..=s.len() {
                let mut count = LineCount::default();
                count.feed(&s.as_bytes()[..cut]);
                count.feed(&s.as_bytes()[cut..]);
                assert_eq!(count.lines(), want, "{s:?} cut at {cut}");
            }
        }
        let parts: Vec<&str> = split_lines("甲,1\r\n乙,2\r丙,3\n\n丁,4").collect();
        assert_eq!(parts, ["甲,1", "乙,2", "丙,3", "", "丁,4"]);
    }

    /// UTF-8 with a few bad bytes is UTF-8; GBK, however much of it
    /// happens to look like UTF-8, is not.
    #[test]
    fn a_few_bad_bytes_leave_utf8_text_utf8() {
        let table: String = (0..300)
            .map(|i| format!("P{i:03},客户{i}号,1390000{i:04}\n"))
            .collect();
        let mut stray = table.clone().into_bytes();
        let at = stray.len() / 2;
        stray[at] = 0xA0;
        let (text, start) = decode(stray.clone());
        assert_eq!(&text[start..], String::from_utf8_lossy(&stray));
        assert_eq!(text.matches('\u{FFFD}').count(), 1);
        for chunk in [8, 64, 1 << 20] {
            let scan = scan_utf8_by(&stray[..], chunk).unwrap().unwrap();
            assert_eq!(scan.invalid, 1, "by {chunk}");
            assert_eq!(scan.lines, 300, "by {chunk}");
        }
        let gbk = encoding_rs::GBK.encode(&table).0.into_owned();
        let (text, _) = decode(gbk.clone());
        assert_eq!(text, table);
        assert_eq!(scan_utf8_by(&gbk[..], 64).unwrap(), None);
        // Common names whose GBK bytes are partly valid UTF-8.
        let names = "欧阳娜娜,诸葛亮,司马懿,张伟,王芳,李娜,刘洋,陈静\n".repeat(50);
        let gbk = encoding_rs::GBK.encode(&names).0.into_owned();
        assert_eq!(decode(gbk.clone()).0, names);
        assert_eq!(scan_utf8_by(&gbk[..], 1 << 20).unwrap(), None);
    }
}
