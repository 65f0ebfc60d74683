//! Text files: a CSV in any encoding, parsed a field at a time. A UTF-8 file
//! is parsed straight from disk each time its rows are read; another
//! encoding is decoded whole first. A text file that is really a web page
//! goes on to the HTML reader in `workbook`.

use std::fs::File;
use std::io::Read;
use std::ops::ControlFlow;
use std::path::Path;

use tierdesk_domain::Cell;

use super::{io_error, stem, workbook, Book, Format, SheetInfo, Source};
use super::{MAX_CELL_CHARS, MAX_COLUMNS};
use crate::text::{self, Utf8Scan};
use crate::SheetError;

/// Opens a file whose first bytes are text: a CSV, or an HTML page or an
/// Excel 2003 XML file saved with a spreadsheet's name.
pub(super) fn open_text(path: &Path, file: String) -> Result<Book, SheetError> {
    // A UTF-8 file (the usual CSV) is checked through a small buffer and
    // then parsed from the file as its rows are read: a file of hundreds of
    // megabytes is never held whole. Other encodings, and anything that
    // starts like markup, are decoded whole below.
    let scan = File::open(path)
        .and_then(text::scan_utf8)
        .map_err(|e| io_error(&file, &e))?;
    if let Some(scan) = scan.filter(|s| !s.head.trim_start().starts_with('<')) {
        return utf8_book(path, file, scan);
    }
    let bytes = std::fs::read(path).map_err(|e| io_error(&file, &e))?;
    let (content, start) = text::decode(bytes);
    let decoded = &content[start..];
    // Whatever could not be decoded is U+FFFD now (a file that already held
    // the mark itself is treated alike: its text was damaged before).
    let undecodable = memchr::memmem::find_iter(decoded.as_bytes(), "\u{FFFD}".as_bytes()).count();
    let lower_head: String = decoded
        .chars()
        .take(4096)
        .collect::<String>()
        .to_lowercase();
    if lower_head.contains("urn:schemas-microsoft-com:office:spreadsheet")
        && lower_head.contains("<workbook")
    {
        return Err(SheetError::NotASheet {
            file,
            what: "这是 Excel 2003 XML 表格，请在 Excel 中打开后另存为 .xlsx".into(),
        });
    }
    if lower_head.trim_start().starts_with('<')
        && (lower_head.contains("<html") || lower_head.contains("<table"))
    {
        return workbook::html_book(path, file, decoded, undecodable);
    }
    if decoded.trim().is_empty() {
        return Err(SheetError::Empty { file });
    }
    let delimiter = csv_delimiter(decoded, path, &file)?;
    let rows = text::count_lines(decoded);
    let info = SheetInfo {
        name: stem(path),
        visible: true,
        rows: Some(rows),
        cols: None,
    };
    Ok(Book {
        file,
        format: Format::Csv,
        source: Source::Text {
            text: content,
            start,
            delimiter,
        },
        sheets: vec![info],
        date_1904: false,
        undecodable,
    })
}

/// A UTF-8 CSV file, from the scan of its head: read from disk as its rows
/// are asked for.
fn utf8_book(path: &Path, file: String, scan: Utf8Scan) -> Result<Book, SheetError> {
    if scan.blank {
        return Err(SheetError::Empty { file });
    }
    // The delimiter is sniffed from the first 30 non-blank lines of the
    // head (about a megabyte, whole lines only unless it is the whole
    // file), as it was from the whole text: only a file whose first 30
    // lines do not fit in a megabyte is judged on fewer.
    let head = match scan.head.rfind(['\n', '\r']) {
        Some(end) if !scan.whole => &scan.head[..=end],
        _ => &scan.head,
    };
    let delimiter = csv_delimiter(head, path, &file)?;
    Ok(Book {
        sheets: vec![SheetInfo {
            name: stem(path),
            visible: true,
            rows: Some(scan.lines),
            cols: None,
        }],
        file,
        format: Format::Csv,
        source: Source::Utf8File {
            path: path.to_owned(),
            start: scan.start,
            delimiter,
        },
        date_1904: false,
        undecodable: scan.invalid,
    })
}

/// Bytes of the file handed to the CSV parser at a time.
const CSV_CHUNK: usize = 256 << 10;
/// Bytes of one cell kept while it is parsed: more than enough for
/// [`MAX_CELL_CHARS`] + 1 characters of four bytes each, so a cell cut here
/// still shows that it was longer than Excel allows.
const CELL_KEEP_BYTES: usize = (MAX_CELL_CHARS + 2) * 4;

/// Every row of CSV text, as cells, with its index as Excel numbers it.
///
/// Excel and WPS (and LibreOffice) show one row per record, however many
/// lines its quoted cells span, and a blank line between records as an empty
/// row; a text editor's line numbers agree only until the first cell holding
/// a line break. So a record's index is the number of records and blank lines
/// before it. CR LF, a lone LF and a lone CR each end one line.
///
/// Parsed with `csv_core` (the parser under the `csv` crate, from the same
/// well-kept project) field by field, rather than with `csv`'s records: a
/// record is then never held whole, so a cell that is not something a person
/// typed (a 50 MB line) costs [`CELL_KEEP_BYTES`], not its length. Such a cell
/// is cut to [`MAX_CELL_CHARS`] + 1 characters — one more than Excel's limit,
/// so the caller can tell it was cut and report it — and the file is read on.
pub(super) fn each_row(
    mut input: impl Read,
    delimiter: u8,
    file: String,
    f: &mut impl FnMut(usize, &mut Vec<Cell>) -> ControlFlow<()>,
) -> Result<(), SheetError> {
    // The default terminator takes CR LF, LF and CR alike; quotes doubled
    // inside a quoted field, as Excel writes them.
    let mut parser = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
    let mut buf = vec![0u8; CSV_CHUNK];
    let (mut at, mut filled, mut eof) = (0usize, 0usize, false);
    // The cell being parsed: the parser writes into `field` (grown up to
    // CELL_KEEP_BYTES), whose first `kept` bytes it has filled; what a
    // longer cell has beyond that goes to `spill` and is dropped (`cut`).
    let mut field: Vec<u8> = vec![0u8; 4 << 10];
    let mut kept = 0usize;
    let mut spill = vec![0u8; 64 << 10];
    let mut cut = false;
    let mut row: Vec<Cell> = Vec::new();
    // Excel's index of the record being parsed.
    let mut index = 0usize;
    // Between two records (or before the first): line endings there are
    // blank lines, each an empty row.
    let mut between = true;
    // Whether the last byte parsed was a CR, which an LF completes.
    let mut after_cr = false;
    loop {
        if at == filled && !eof {
            match read_some(&mut input, &mut buf) {
                Ok(0) => eof = true,
                Ok(n) => (at, filled) = (0, n),
                // The file could not be read (a disk or network share failing
                // under a file parsed straight from it): not the file's fault.
                Err(e) => return Err(io_error(&file, &e)),
            }
            continue;
        }
        if between && at < filled {
            // The parser would skip these bytes too; skipped here they are
            // counted. The CR of a record's CR LF ends the record (the parser
            // takes it); its LF is not another line.
            while at < filled && matches!(buf[at], b'\r' | b'\n') {
                if !(buf[at] == b'\n' && after_cr) {
                    index += 1;
                }
                after_cr = buf[at] == b'\r';
                at += 1;
            }
            if at == filled {
                continue;
            }
            between = false;
        }
        if kept == field.len() && field.len() < CELL_KEEP_BYTES {
            field.resize((field.len() * 2).min(CELL_KEEP_BYTES), 0);
        }
        let keeping = kept < field.len();
        let output = if keeping {
            &mut field[kept..]
        } else {
            &mut spill[..]
        };
        let (result, nin, nout) = parser.read_field(&buf[at..filled], output);
        if nin > 0 {
            after_cr = buf[at + nin - 1] == b'\r';
        }
        at += nin;
        if keeping {
            kept += nout;
        } else {
            cut |= nout > 0;
        }
        match result {
            csv_core::ReadFieldResult::InputEmpty | csv_core::ReadFieldResult::OutputFull => {}
            csv_core::ReadFieldResult::Field { record_end } => {
                if row.len() < MAX_COLUMNS {
                    row.push(cell_of(&field[..kept], cut));
                }
                kept = 0;
                cut = false;
                if record_end {
                    between = true;
                    let blank = row.iter().all(Cell::is_empty);
                    if !blank && f(index, &mut row).is_break() {
                        return Ok(());
                    }
                    // The row may have been handed on (taken) by the caller:
                    // room for as many cells as this one saves regrowing it.
                    let width = row.len();
                    row.clear();
                    row.reserve(width);
                    index += 1;
                }
            }
            csv_core::ReadFieldResult::End => return Ok(()),
        }
    }
}

/// Fills as much of `buf` as one read gives, past interruptions; 0 at the end.
fn read_some(input: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    loop {
        match input.read(buf) {
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            other => return other,
        }
    }
}

/// One CSV field as a cell. The text is UTF-8 already (but for bytes that
/// are not, which become U+FFFD); a cell cut while parsing, or longer than
/// Excel allows, keeps [`MAX_CELL_CHARS`] + 1 characters.
fn cell_of(bytes: &[u8], cut: bool) -> Cell {
    if bytes.is_empty() {
        return Cell::Empty;
    }
    let mut text = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => String::from_utf8_lossy(bytes).into_owned(),
    };
    if cut || text.len() > MAX_CELL_CHARS {
        if let Some((end, _)) = text.char_indices().nth(MAX_CELL_CHARS + 1) {
            text.truncate(end);
        }
    }
    Cell::Text(text)
}

/// The delimiter of a CSV file from its first lines. A file named like a
/// workbook that holds one line of words is not taken for a table.
fn csv_delimiter(text: &str, path: &Path, file: &str) -> Result<u8, SheetError> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match text::sniff_delimiter(text) {
        Some(d) => Ok(d),
        None if matches!(ext.as_str(), "xls" | "xlsx" | "xlsm" | "xlsb" | "ods") => {
            let words: String = text.trim().chars().take(40).collect();
            Err(SheetError::NotASheet {
                file: file.to_owned(),
                what: format!("文件里只有一段文字（「{words}」），不是表格"),
            })
        }
        // One column of names is still a table.
        None => Ok(b','),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Gives its text, then fails as a disk or network share can.
    struct Failing(&'static [u8]);

    impl Read for Failing {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.0.is_empty() {
                return Err(std::io::Error::other("设备 I/O 错误"));
            }
            let n = buf.len().min(self.0.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn a_read_failing_half_way_is_reported_as_such_not_as_a_bad_file() {
        let mut rows = 0;
        let err = each_row(
            Failing(b"a,b\n1,2\n3,"),
            b',',
            "orders.csv".into(),
            &mut |_, _| {
                rows += 1;
                ControlFlow::Continue(())
            },
        )
        .unwrap_err();
        assert_eq!(rows, 2);
        match err {
            SheetError::Io { file, reason } => {
                assert_eq!(file, "orders.csv");
                assert!(reason.contains("读取时出错"), "{reason}");
            }
            other => panic!("{other:?}"),
        }
    }
    /// Gives its text a few bytes at a time, so every line ending and every
    /// quote is cut between two reads somewhere.
    struct Trickle<'a>(&'a [u8], usize);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = buf.len().min(self.0.len()).min(self.1);
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    fn indexes(text: &str, step: usize) -> Vec<(usize, Vec<Cell>)> {
        let mut out = Vec::new();
        each_row(
            Trickle(text.as_bytes(), step),
            b',',
            "t.csv".into(),
            &mut |i, row| {
                out.push((i, std::mem::take(row)));
                ControlFlow::Continue(())
            },
        )
        .unwrap();
        out
    }

    /// Rows are numbered as Excel shows them: one per record, a blank line
    /// an empty row, a record of empty cells an empty row (not handed over),
    /// whatever the line endings and however the text is cut into reads.
    #[test]
    fn records_are_numbered_as_excel_shows_them() {
        for (text, want) in [
            ("a,b\r\n1,\"x\r\ny\"\r\n2,z\r\n", vec![0, 1, 2]),
            ("a,b\n1,\"x\ny\"\n2,z", vec![0, 1, 2]),
            ("a,b\r1,\"x\ry\"\r2,z\r", vec![0, 1, 2]),
            ("\"x\n\n\ny\"\nb", vec![0, 1]),
            ("\na,b\n1,2", vec![1, 2]),
            ("\r\n\r\na", vec![2]),
            ("a\n\n\nb", vec![0, 3]),
            ("a\r\n\r\nb\r\n", vec![0, 2]),
            ("a\r\rb", vec![0, 2]),
            ("a\n\rb", vec![0, 2]),
            ("a\r\n\nb", vec![0, 2]),
            ("a\n,\n\"\"\nb\n\n", vec![0, 3]),
            ("\"a\r\n\",\"\r\nb\"\r\n\r\n\"c\"\"\r\"", vec![0, 2]),
        ] {
            for step in [1, 2, 3, 7, 1 << 20] {
                let got: Vec<usize> = indexes(text, step).iter().map(|r| r.0).collect();
                assert_eq!(got, want, "{text:?} by {step}");
            }
        }
        let rows = indexes("\"a\r\n\",\"\r\nb\"\r\n\r\n\"c\"\"\r\"", 1);
        assert_eq!(
            rows[0].1,
            [Cell::Text("a\r\n".into()), Cell::Text("\r\nb".into())]
        );
        assert_eq!(rows[1].1, [Cell::Text("c\"\r".into())]);
    }

    /// A cell far longer than Excel allows is cut to one character more than
    /// Excel's limit while it is parsed, and the rows after it are read.
    #[test]
    fn an_oversized_cell_is_cut_and_reading_goes_on() {
        for (unit, quoted) in [("x", false), ("客", true), ("😀", false)] {
            let long = unit.repeat(300_000);
            let cell = if quoted { format!("\"{long}\"") } else { long };
            let text = format!("客户名称,备注\n张三,{cell}\n李四,短\n");
            let rows = indexes(&text, 1 << 20);
            assert_eq!(
                rows.iter().map(|r| r.0).collect::<Vec<_>>(),
                [0, 1, 2],
                "{unit}"
            );
            assert_eq!(rows[1].1[0], Cell::Text("张三".into()));
            let Cell::Text(kept) = &rows[1].1[1] else {
                panic!("{:?}", rows[1].1[1]);
            };
            assert_eq!(kept.chars().count(), MAX_CELL_CHARS + 1, "{unit}");
            assert!(kept.chars().all(|c| c.to_string() == unit), "{unit}");
            assert_eq!(
                rows[2].1,
                [Cell::Text("李四".into()), Cell::Text("短".into())]
            );
        }
        // Exactly Excel's limit is kept as it is.
        let full = "字".repeat(MAX_CELL_CHARS);
        let rows = indexes(&format!("{full}\n"), 4096);
        assert_eq!(rows[0].1, [Cell::Text(full)]);
    }
}
