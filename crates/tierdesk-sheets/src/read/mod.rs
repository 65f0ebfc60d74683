//! Opening a file and reading its rows.
//!
//! [`open`] looks at a file's first bytes (`sniff`: zip, Excel 97-2003
//! container, text), then hands it to the reader of its kind: `csv` for text
//! (CSV in any encoding, and the HTML pages among them, which go on to
//! `workbook`), `workbook` for what calamine reads (.xlsx, .xlsb, .xls,
//! .ods) and for HTML tables. [`Book`] is what each of them opens.

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use tierdesk_domain::Cell;

use crate::{text, SheetError};

mod csv;
mod sniff;
mod workbook;

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

/// Opens a file after looking at what it really is.
pub fn open(path: &Path) -> Result<Book, SheetError> {
    let file = file_name(path);
    if file.starts_with("~$") {
        return Err(SheetError::LockFile { file });
    }
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => SheetError::NotFound {
            path: path.display().to_string(),
        },
        _ => io_error(&file, &e),
    })?;
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
        .map_err(|e| io_error(&file, &e))?;

    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        let format = sniff::zip_format(path, &file, meta.len())?;
        return workbook::open(path, file, format);
    }
    if head.starts_with(&sniff::CFB_MAGIC) {
        sniff::check_cfb(path, &file)?;
        return workbook::open(path, file, Format::Xls);
    }
    if sniff::is_excel4(&head) {
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
    csv::open_text(path, file)
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

/// A file that could not be read, as the error the person is shown.
fn io_error(file: &str, e: &std::io::Error) -> SheetError {
    SheetError::Io {
        file: file.to_owned(),
        reason: io_reason(e),
    }
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
            } => csv::each_row(&text.as_bytes()[*start..], *delimiter, file, &mut f),
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
                    Ok(handle) => csv::each_row(handle, *delimiter, file, &mut f),
                    Err(e) => Err(io_error(&file, &e)),
                }
            }
            Source::Workbook(sheets) => workbook::read(sheets, &file, sheet, &mut f),
        }
    }
}
