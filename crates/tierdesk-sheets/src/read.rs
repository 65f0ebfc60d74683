//! Opening a file and reading its rows.

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::ops::ControlFlow;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use calamine::{Data, DataRef, Ods, Reader, SheetType, SheetVisible, Xls, Xlsb, Xlsx};
use tierdesk_domain::Cell;

use crate::{html, text, SheetError};

/// Excel's own column limit; wider rows are cut there.
pub const MAX_COLUMNS: usize = 16_384;
/// Excel's limit on the characters of one cell. A CSV cell longer than this
/// is not something a person typed into a sheet; it is read as its first
/// `MAX_CELL_CHARS + 1` characters, so the caller sees that it is too long
/// (and can say which row and column) without the reader holding it whole.
pub const MAX_CELL_CHARS: usize = 32_767;
/// Sheets that need a full grid in memory (.xls, .ods) and claim more cells
/// than this are refused rather than risk the computer's memory.
pub const MAX_CELLS: u64 = 30_000_000;
/// Larger files are refused outright.
const MAX_FILE_BYTES: u64 = 1 << 30;
/// A zip that inflates to more than this (or far more than its own size)
/// is a zip bomb, not a workbook.
const MAX_INFLATED_BYTES: u64 = 3 << 30;
const MAX_RATIO: u64 = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Xlsm,
    Xlsb,
    Xls,
    Ods,
    Csv,
    Html,
}

impl Format {
    /// How the wizard names the format.
    pub fn label(self) -> &'static str {
        match self {
            Format::Xlsx => "Excel 工作簿 (.xlsx)",
            Format::Xlsm => "Excel 启用宏的工作簿 (.xlsm)",
            Format::Xlsb => "Excel 二进制工作簿 (.xlsb)",
            Format::Xls => "Excel 97-2003 工作簿 (.xls)",
            Format::Ods => "OpenDocument 表格 (.ods)",
            Format::Csv => "CSV / 文本表格",
            Format::Html => "网页格式的表格（以 Excel 文件名保存的 HTML）",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct SheetInfo {
    pub name: String,
    pub visible: bool,
    /// Rows the sheet says it has, where that is known without reading it.
    pub rows: Option<usize>,
    pub cols: Option<usize>,
}

// One `Source` per open file: the size of the calamine variant does not matter.
#[allow(clippy::large_enum_variant)]
enum Source {
    Workbook(calamine::Sheets<BufReader<File>>),
    /// A CSV file that is UTF-8 throughout, parsed straight from the file
    /// (from `start`, past a byte-order mark) each time its rows are read.
    Utf8File {
        path: PathBuf,
        start: u64,
        delimiter: u8,
    },
    /// Decoded text of a CSV file in another encoding (from `start`, past a
    /// byte-order mark) and its delimiter; rows are parsed as read.
    Text {
        text: String,
        start: usize,
        delimiter: u8,
    },
    /// An HTML table, small enough to hold.
    Rows(Vec<Vec<Cell>>),
}

/// An open spreadsheet or CSV file.
pub struct Book {
    file: String,
    format: Format,
    source: Source,
    sheets: Vec<SheetInfo>,
    date_1904: bool,
    /// Byte sequences of a text file that its encoding could not read.
    undecodable: usize,
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

const CFB_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

fn utf16(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect()
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// Opens a file after looking at what it really is.
pub fn open(path: &Path) -> Result<Book, SheetError> {
    let file = file_name(path);
    if file.starts_with("~$") {
        return Err(SheetError::LockFile { file });
    }
    let io = |e: std::io::Error| SheetError::Io {
        file: file.clone(),
        reason: io_reason(&e),
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.is_dir() {
        return Err(SheetError::NotASheet {
            file,
            what: "这是一个文件夹".into(),
        });
    }
    if meta.len() == 0 {
        return Err(SheetError::Empty { file });
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(SheetError::TooLarge {
            file,
            detail: format!("{} MB，超过 1 GB", meta.len() >> 20),
        });
    }
    let mut head = vec![0u8; 8192.min(meta.len() as usize)];
    File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .map_err(io)?;

    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        let format = zip_format(path, &file, meta.len())?;
        return open_workbook(path, file, format);
    }
    if head.starts_with(&CFB_MAGIC) {
        // An OOXML file with a password is a CFB container holding the
        // encrypted package; Excel 97-2003 files are CFB containers too.
        let encrypted = match cfb_encrypted(path) {
            Ok(answer) => answer,
            // A container the CFB reader refuses is never handed to
            // calamine, whose own CFB reader follows a chain of sectors that
            // loops back on itself until memory runs out (found by the
            // randomised reader tests). A damaged file that still shows the
            // marks of encryption is called encrypted, as before.
            Err(cause) => {
                let mut scan = Vec::new();
                File::open(path)
                    .and_then(|f| f.take(1 << 20).read_to_end(&mut scan))
                    .map_err(io)?;
                if contains(&scan, &utf16("EncryptionInfo"))
                    || contains(&scan, &utf16("EncryptedPackage"))
                    || biff_filepass(&scan)
                {
                    return Err(SheetError::Encrypted { file });
                }
                return Err(SheetError::Corrupt {
                    file,
                    detail: "Excel 97-2003 文件的内部结构损坏".into(),
                    cause,
                });
            }
        };
        if encrypted {
            return Err(SheetError::Encrypted { file });
        }
        if let Some((rows, cols)) = biff_widest_sheet(path).filter(|(r, c)| r * c > MAX_CELLS) {
            return Err(SheetError::TooLarge {
                file,
                detail: format!("工作表声称有 {rows} 行 × {cols} 列"),
            });
        }
        return open_workbook(path, file, Format::Xls);
    }
    if head.len() >= 4
        && head[0] == 0x09
        && matches!(head[1], 0x00 | 0x02 | 0x04)
        && head[2] <= 0x10
    {
        return Err(SheetError::NotASheet {
            file,
            what: "这是 Excel 4.0 或更早版本的旧格式，请在 Excel 中打开后另存为 .xlsx".into(),
        });
    }
    if !text::is_text(&head) {
        return Err(SheetError::NotASheet {
            file,
            what: "它不是 Excel、WPS 或 CSV 表格（无法识别的文件内容）".into(),
        });
    }
    // A UTF-8 file (the usual CSV) is checked through a small buffer and
    // then parsed from the file as its rows are read: a file of hundreds of
    // megabytes is never held whole. Other encodings, and anything that
    // starts like markup, are decoded whole below.
    let scan = File::open(path).and_then(text::scan_utf8).map_err(io)?;
    if let Some(scan) = scan.filter(|s| !s.head.trim_start().starts_with('<')) {
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
        return Ok(Book {
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
        });
    }
    let bytes = std::fs::read(path).map_err(io)?;
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
        let rows = catch_unwind(|| html::table_rows(decoded))
            .ok()
            .flatten()
            .unwrap_or_default();
        if rows.is_empty() {
            return Err(SheetError::NotASheet {
                file,
                what: "这是一个网页文件，里面没有表格".into(),
            });
        }
        let name = stem(path);
        let info = SheetInfo {
            name,
            visible: true,
            rows: Some(rows.len()),
            cols: rows.iter().map(Vec::len).max(),
        };
        return Ok(Book {
            file,
            format: Format::Html,
            source: Source::Rows(rows),
            sheets: vec![info],
            date_1904: false,
            undecodable,
        });
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
fn csv_rows(
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
                Err(e) => {
                    return Err(SheetError::Io {
                        file,
                        reason: io_reason(&e),
                    })
                }
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

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "Sheet1".into())
}

/// Why a file could not be read, in words: the system's own message is
/// English, so only its number is kept, for whoever helps.
fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::NotFound => "找不到这个文件".into(),
        ErrorKind::PermissionDenied => "没有读取权限（文件可能正被其他程序占用）".into(),
        ErrorKind::UnexpectedEof => "文件不完整".into(),
        ErrorKind::OutOfMemory => "电脑内存不足".into(),
        _ => match e.raw_os_error() {
            Some(code) => format!(
                "读取时出错（系统错误代码 {code}），磁盘、U 盘或网络共享可能出了问题；请把文件复制到本机后再试"
            ),
            None => "读取时出错，磁盘、U 盘或网络共享可能出了问题；请把文件复制到本机后再试".into(),
        },
    }
}

/// Which workbook a zip holds, after checking it is not a zip bomb.
fn zip_format(path: &Path, file: &str, size: u64) -> Result<Format, SheetError> {
    let corrupt = |e: zip::result::ZipError| SheetError::Corrupt {
        file: file.to_owned(),
        detail: "压缩包结构损坏，可能没有下载或复制完整".into(),
        cause: e.to_string(),
    };
    let f = File::open(path).map_err(|e| SheetError::Io {
        file: file.to_owned(),
        reason: io_reason(&e),
    })?;
    let mut zip = zip::ZipArchive::new(BufReader::new(f)).map_err(corrupt)?;
    let mut inflated: u64 = 0;
    let (mut workbook_xml, mut workbook_bin, mut macros, mut ods) = (false, false, false, false);
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(corrupt)?;
        inflated = inflated.saturating_add(entry.size());
        let name = entry
            .name()
            .map(|n| n.to_ascii_lowercase())
            .unwrap_or_default();
        let name = name.trim_start_matches('/');
        workbook_xml |= name == "xl/workbook.xml";
        workbook_bin |= name == "xl/workbook.bin";
        macros |= name == "xl/vbaproject.bin";
        ods |= name == "content.xml";
    }
    if inflated > MAX_INFLATED_BYTES || (inflated > 256 << 20 && inflated / size.max(1) > MAX_RATIO)
    {
        return Err(SheetError::TooLarge {
            file: file.to_owned(),
            detail: format!(
                "解压后达 {} MB，是文件本身的 {} 倍",
                inflated >> 20,
                inflated / size.max(1)
            ),
        });
    }
    if workbook_bin {
        Ok(Format::Xlsb)
    } else if workbook_xml {
        Ok(if macros { Format::Xlsm } else { Format::Xlsx })
    } else if ods {
        Ok(Format::Ods)
    } else {
        Err(SheetError::NotASheet {
            file: file.to_owned(),
            what: "这是一个 zip 压缩包（或 Word 等其他 Office 文件），不是表格".into(),
        })
    }
}

/// Whether a CFB file is protected by a password: an encrypted OOXML
/// package, or an Excel 97–2003 workbook whose stream has a FILEPASS record.
/// `Err` (the reader's words) when the container cannot be read: the CFB
/// reader checks that no chain of sectors loops or is shared.
///
/// calamine refuses RC4-encrypted workbooks itself but reads XOR-obfuscated
/// ones (encryption type 0) as if they were plain and fails on the garbage,
/// which would be reported as a damaged file; so the stream is looked at
/// here first, by name, wherever it lies in the container.
fn cfb_encrypted(path: &Path) -> Result<bool, String> {
    let found = catch_unwind(|| -> Result<bool, String> {
        let mut cfb = cfb::open(path).map_err(|e| e.to_string())?;
        if cfb.is_stream("/EncryptionInfo") || cfb.is_stream("/EncryptedPackage") {
            return Ok(true);
        }
        // BIFF8 calls the stream Workbook, BIFF5 Book (names are compared
        // without regard to case).
        let Some(name) = ["/Workbook", "/Book"]
            .into_iter()
            .find(|n| cfb.is_stream(n))
        else {
            // calamine says what is missing.
            return Ok(false);
        };
        let mut head = Vec::new();
        cfb.open_stream(name)
            .and_then(|s| s.take(4096).read_to_end(&mut head))
            .map_err(|e| e.to_string())?;
        Ok(biff_records_have_filepass(&head))
    });
    found.unwrap_or_else(|_| Err("the CFB reader panicked".into()))
}

/// The largest grid (rows, columns) a sheet of an Excel 97–2003 workbook
/// spans, from the positions of its cells. calamine reads every sheet when
/// it opens the file and makes each a full grid from its first to its last
/// cell at once, so one cell record claiming row 60,000 and column 60,000
/// (a damaged file; found by the randomised reader tests) asked for 14 GB
/// before the cell cap could be checked. The records are walked here first
/// (headers and the cells' first bytes only, not the whole stream at once).
/// `None` when the stream cannot be walked: calamine then says what is wrong.
fn biff_widest_sheet(path: &Path) -> Option<(u64, u64)> {
    let walk = || -> std::io::Result<Option<(u64, u64)>> {
        let mut cfb = cfb::open(path)?;
        let Some(name) = ["/Workbook", "/Book"]
            .into_iter()
            .find(|n| cfb.is_stream(n))
        else {
            return Ok(None);
        };
        let mut stream = std::io::BufReader::new(cfb.open_stream(name)?);
        let mut widest = (0u64, 0u64);
        // Rows and columns of the cells of the substream being read.
        let mut bounds: Option<(u16, u16, u16, u16)> = None;
        let mut depth = 0u32;
        let mut head = [0u8; 4];
        let mut body = Vec::new();
        loop {
            match stream.read_exact(&mut head) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => break,
                Err(e) => return Err(e),
            }
            let kind = u16::from_le_bytes([head[0], head[1]]);
            let len = u16::from_le_bytes([head[2], head[3]]);
            body.clear();
            (&mut stream).take(u64::from(len)).read_to_end(&mut body)?;
            let cell = match kind {
                // Number, Label, RString, BoolErr, Rk, LabelSst, Formula.
                0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 if body.len() >= 4 => {
                    let col = u16::from_le_bytes([body[2], body[3]]);
                    Some((u16::from_le_bytes([body[0], body[1]]), col, col))
                }
                // MulRk: one row, columns from the first to the last.
                0x00BD if body.len() >= 6 => Some((
                    u16::from_le_bytes([body[0], body[1]]),
                    u16::from_le_bytes([body[2], body[3]]),
                    u16::from_le_bytes([body[body.len() - 2], body[body.len() - 1]]),
                )),
                0x0809 => {
                    depth += 1;
                    None
                }
                0x000A => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        if let Some((r0, r1, c0, c1)) = bounds.take() {
                            let size = (u64::from(r1 - r0) + 1, u64::from(c1 - c0) + 1);
                            if size.0 * size.1 > widest.0 * widest.1 {
                                widest = size;
                            }
                        }
                    }
                    None
                }
                _ => None,
            };
            if let Some((row, first, last)) = cell {
                let (lo, hi) = (first.min(last), first.max(last));
                bounds = Some(match bounds {
                    None => (row, row, lo, hi),
                    Some((r0, r1, c0, c1)) => (r0.min(row), r1.max(row), c0.min(lo), c1.max(hi)),
                });
            }
        }
        if let Some((r0, r1, c0, c1)) = bounds {
            let size = (u64::from(r1 - r0) + 1, u64::from(c1 - c0) + 1);
            if size.0 * size.1 > widest.0 * widest.1 {
                widest = size;
            }
        }
        Ok(Some(widest))
    };
    catch_unwind(walk).ok()?.ok()?
}

/// Walks the first records of a workbook stream. FILEPASS (0x002F) follows
/// the opening BOF, after at most a WRITEPROT record ("read-only
/// recommended", 0x0086) and before the sheets are listed (BOUNDSHEET,
/// 0x0085); record headers stay readable in an encrypted stream, only their
/// contents are scrambled.
fn biff_records_have_filepass(stream: &[u8]) -> bool {
    let mut at = 0usize;
    for k in 0..32 {
        let Some(head) = stream.get(at..at + 4) else {
            return false;
        };
        let kind = u16::from_le_bytes([head[0], head[1]]);
        let len = usize::from(u16::from_le_bytes([head[2], head[3]]));
        match kind {
            0x002F => return true,
            // Every BIFF version's BOF, which must come first.
            0x0809 | 0x0409 | 0x0209 | 0x0009 if k == 0 => {}
            _ if k == 0 => return false,
            0x0085 | 0x000A => return false,
            _ => {}
        }
        at += 4 + len;
    }
    false
}

/// The fallback for a container the CFB reader refuses: an Excel 97–2003
/// workbook protected by a password usually starts its Workbook stream with
/// a BOF record (0x0809, 16 bytes) followed at once by a FILEPASS record.
fn biff_filepass(bytes: &[u8]) -> bool {
    bytes
        .windows(22)
        .any(|w| w[..4] == [0x09, 0x08, 0x10, 0x00] && w[20..22] == [0x2F, 0x00])
}

fn calamine_error(file: &str, e: impl std::fmt::Display) -> SheetError {
    let cause = e.to_string();
    let lower = cause.to_lowercase();
    if lower.contains("password") || lower.contains("encrypt") {
        return SheetError::Encrypted {
            file: file.to_owned(),
        };
    }
    if lower.contains("cell") && lower.contains("limit") {
        return SheetError::TooLarge {
            file: file.to_owned(),
            detail: "工作表声称含有的单元格数量过多".into(),
        };
    }
    // calamine's errors are English sentences for developers; the person
    // is told what kind of damage it is, the sentence is kept as the cause.
    let detail = if lower.contains("eof") || lower.contains("end of") || lower.contains("too short")
    {
        "文件内容在中途断了，可能没有下载或复制完整"
    } else if lower.contains("zip") {
        "压缩包结构损坏，可能没有下载或复制完整"
    } else if lower.contains("xml") {
        "工作簿内部的 XML 内容损坏"
    } else if lower.contains("cfb") || lower.contains("sector") {
        "Excel 97-2003 文件的内部结构损坏"
    } else if lower.contains("not found") || lower.contains("cannot find") {
        "工作簿缺少必需的组成部分"
    } else {
        "文件内容不符合表格格式的规范"
    };
    SheetError::Corrupt {
        file: file.to_owned(),
        detail: detail.into(),
        cause,
    }
}

fn guarded<T>(file: &str, f: impl FnOnce() -> Result<T, SheetError>) -> Result<T, SheetError> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|_| {
        Err(SheetError::Corrupt {
            file: file.to_owned(),
            detail: "文件内容不符合表格格式的规范".into(),
            cause: "the reader panicked".into(),
        })
    })
}

fn open_workbook(path: &Path, file: String, format: Format) -> Result<Book, SheetError> {
    let f = File::open(path).map_err(|e| SheetError::Io {
        file: file.clone(),
        reason: io_reason(&e),
    })?;
    let reader = BufReader::new(f);
    let fname = file.clone();
    guarded(&file, move || {
        let err = |e: &dyn std::fmt::Display| calamine_error(&fname, e);
        let mut sheets = match format {
            Format::Xlsx | Format::Xlsm => {
                calamine::Sheets::Xlsx(Xlsx::new(reader).map_err(|e| err(&e))?)
            }
            Format::Xlsb => calamine::Sheets::Xlsb(Xlsb::new(reader).map_err(|e| err(&e))?),
            Format::Ods => calamine::Sheets::Ods(Ods::new(reader).map_err(|e| err(&e))?),
            _ => calamine::Sheets::Xls(Xls::new(reader).map_err(|e| err(&e))?),
        };
        let date_1904 = match &sheets {
            calamine::Sheets::Xlsx(x) => x.has_1904_epoch(),
            _ => false,
        };
        let metas: Vec<calamine::Sheet> = sheets.sheets_metadata().to_vec();
        let mut infos = Vec::new();
        for m in metas.into_iter().filter(|m| m.typ == SheetType::WorkSheet) {
            let (rows, cols) = match &mut sheets {
                calamine::Sheets::Xlsx(x) => match x.worksheet_cells_reader(&m.name) {
                    Ok(r) => {
                        let d = r.dimensions();
                        let rows = (d.end.0.saturating_sub(d.start.0) as usize).saturating_add(1);
                        let cols = (d.end.1.saturating_sub(d.start.1) as usize).saturating_add(1);
                        if d.len() > 0 {
                            (Some(rows), Some(cols))
                        } else {
                            (None, None)
                        }
                    }
                    Err(_) => (None, None),
                },
                _ => (None, None),
            };
            infos.push(SheetInfo {
                name: m.name,
                visible: m.visible == SheetVisible::Visible,
                rows,
                cols,
            });
        }
        if infos.is_empty() {
            return Err(SheetError::NotASheet {
                file: fname.clone(),
                what: "工作簿里没有普通工作表（只有图表或宏表）".into(),
            });
        }
        Ok(Book {
            file: fname.clone(),
            format,
            source: Source::Workbook(sheets),
            sheets: infos,
            date_1904,
            undecodable: 0,
        })
    })
}

fn from_data(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Float(f) => Cell::Number(*f),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(v) if dt.is_datetime() => Cell::Date(v),
            _ => Cell::Number(dt.as_f64()),
        },
        Data::DateTimeIso(s) => iso(s),
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

fn from_ref(d: DataRef<'_>) -> Cell {
    match d {
        DataRef::Empty => Cell::Empty,
        DataRef::String(s) => Cell::Text(s),
        DataRef::SharedString(s) => Cell::Text(s.to_owned()),
        DataRef::Float(f) => Cell::Number(f),
        DataRef::Int(i) => Cell::Number(i as f64),
        DataRef::Bool(b) => Cell::Bool(b),
        DataRef::DateTime(dt) => match dt.as_datetime() {
            Some(v) if dt.is_datetime() => Cell::Date(v),
            _ => Cell::Number(dt.as_f64()),
        },
        DataRef::DateTimeIso(s) => iso(&s),
        DataRef::DurationIso(s) => Cell::Text(s),
        DataRef::Error(e) => Cell::Error(e.to_string()),
    }
}

fn iso(s: &str) -> Cell {
    use chrono::{NaiveDate, NaiveDateTime};
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S"))
        .ok()
        .or_else(|| {
            NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
        })
        .map(Cell::Date)
        .unwrap_or_else(|| Cell::Text(s.to_owned()))
}

impl Book {
    pub fn format(&self) -> Format {
        self.format
    }

    /// The file's name, for messages.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// Worksheets (chart sheets and macro sheets are left out).
    pub fn sheets(&self) -> &[SheetInfo] {
        &self.sheets
    }

    /// Whether the workbook counts dates from 1904 (old Mac Excel), so a
    /// plain serial number in a date column is read the same way.
    pub fn date_1904(&self) -> bool {
        self.date_1904
    }

    /// How many byte sequences of a text file (CSV, HTML) could not be read
    /// in its encoding: each is a U+FFFD in the cell that held it, and the
    /// rest of the file is read as usual. A UTF-8 file with a stray byte is
    /// still read as UTF-8 (see `text::Utf8Tally::mostly_utf8`); the caller
    /// reports the cells so the person can mend them. Always 0 for workbooks.
    pub fn undecodable(&self) -> usize {
        self.undecodable
    }

    /// The first `max_rows` rows; `result[i]` is Excel row `i + 1`.
    pub fn preview(&mut self, sheet: &str, max_rows: usize) -> Result<Vec<Vec<Cell>>, SheetError> {
        let mut out: Vec<Vec<Cell>> = Vec::new();
        self.for_each_row(sheet, |i, row| {
            if i >= max_rows {
                return ControlFlow::Break(());
            }
            while out.len() < i {
                out.push(Vec::new());
            }
            out.push(row.to_vec());
            ControlFlow::Continue(())
        })?;
        Ok(out)
    }

    /// Calls `f` with each non-empty row and its index (Excel row − 1), in
    /// order; cells are placed by column (A = 0). Returning `Break` stops.
    /// The row is lent mutably so a caller may take it (`std::mem::take`)
    /// instead of copying it.
    pub fn for_each_row(
        &mut self,
        sheet: &str,
        mut f: impl FnMut(usize, &mut Vec<Cell>) -> ControlFlow<()>,
    ) -> Result<(), SheetError> {
        if !self.sheets.iter().any(|s| s.name == sheet) {
            return Err(SheetError::NoSuchSheet {
                file: self.file.clone(),
                sheet: sheet.to_owned(),
            });
        }
        let file = self.file.clone();
        match &mut self.source {
            Source::Rows(rows) => {
                let mut row = Vec::new();
                for (i, r) in rows.iter().enumerate() {
                    row.clear();
                    row.extend_from_slice(r);
                    if f(i, &mut row).is_break() {
                        break;
                    }
                }
                Ok(())
            }
            Source::Text {
                text,
                start,
                delimiter,
            } => csv_rows(&text.as_bytes()[*start..], *delimiter, file, &mut f),
            Source::Utf8File {
                path,
                start,
                delimiter,
            } => {
                let opened = File::open(&*path).and_then(|mut handle| {
                    handle.seek(SeekFrom::Start(*start))?;
                    Ok(handle)
                });
                match opened {
                    Ok(handle) => csv_rows(handle, *delimiter, file, &mut f),
                    Err(e) => Err(SheetError::Io {
                        file,
                        reason: io_reason(&e),
                    }),
                }
            }
            Source::Workbook(sheets) => {
                guarded(&file, || read_workbook(sheets, &file, sheet, &mut f))
            }
        }
    }
}

fn read_workbook(
    sheets: &mut calamine::Sheets<BufReader<File>>,
    file: &str,
    sheet: &str,
    f: &mut dyn FnMut(usize, &mut Vec<Cell>) -> ControlFlow<()>,
) -> Result<(), SheetError> {
    // Streaming readers hand over cells in row order; a row is complete when
    // a cell of a later row arrives.
    let mut row: Vec<Cell> = Vec::new();
    let mut current: Option<u32> = None;
    let mut flush = |current: Option<u32>, row: &mut Vec<Cell>| -> ControlFlow<()> {
        let out = match current {
            Some(r) if !row.iter().all(Cell::is_empty) => f(r as usize, row),
            _ => ControlFlow::Continue(()),
        };
        row.clear();
        out
    };
    macro_rules! stream {
        ($reader:expr) => {{
            let mut reader = $reader.map_err(|e| calamine_error(file, e))?;
            loop {
                let Some(cell) = reader.next_cell().map_err(|e| calamine_error(file, e))? else {
                    break;
                };
                let (r, c) = cell.get_position();
                if current != Some(r) {
                    // A caller that takes the row leaves an empty one: room
                    // for as many cells as the last row saves regrowing it.
                    let width = row.len();
                    if flush(current, &mut row).is_break() {
                        return Ok(());
                    }
                    row.reserve(width);
                    current = Some(r);
                }
                let c = c as usize;
                if c >= MAX_COLUMNS {
                    continue;
                }
                if row.len() <= c {
                    row.resize(c + 1, Cell::Empty);
                }
                row[c] = from_ref(cell.get_value().clone());
            }
            let _ = flush(current, &mut row);
            Ok(())
        }};
    }
    match sheets {
        calamine::Sheets::Xlsx(x) => stream!(x.worksheet_cells_reader(sheet)),
        calamine::Sheets::Xlsb(x) => stream!(x.worksheet_cells_reader(sheet)),
        other => {
            let range = other
                .worksheet_range(sheet)
                .map_err(|e| calamine_error(file, e))?;
            let (h, w) = range.get_size();
            if (h as u64).saturating_mul(w as u64) > MAX_CELLS {
                return Err(SheetError::TooLarge {
                    file: file.to_owned(),
                    detail: format!("{h} 行 × {w} 列"),
                });
            }
            let Some((r0, c0)) = range.start() else {
                return Ok(());
            };
            let mut row: Vec<Cell> = Vec::new();
            for (i, cells) in range.rows().enumerate() {
                row.clear();
                row.resize(c0 as usize, Cell::Empty);
                row.extend(
                    cells
                        .iter()
                        .take(MAX_COLUMNS.saturating_sub(c0 as usize))
                        .map(from_data),
                );
                if row.iter().all(Cell::is_empty) {
                    continue;
                }
                if f(r0 as usize + i, &mut row).is_break() {
                    break;
                }
            }
            Ok(())
        }
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
        let err = csv_rows(
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
        csv_rows(
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
