//! What kind of file this is, from its bytes rather than its name: which
//! workbook a zip holds (and whether it is a zip bomb), whether an Excel
//! 97-2003 container is protected by a password or claims a grid too large
//! to hold, and the oldest Excel formats no reader here opens.

use std::fs::File;
use std::io::{BufReader, Read};
use std::panic::catch_unwind;
use std::path::Path;

use super::{io_error, Format, MAX_CELLS};
use crate::SheetError;

/// A zip that inflates to more than this (or far more than its own size)
/// is a zip bomb, not a workbook.
const MAX_INFLATED_BYTES: u64 = 3 << 30;
const MAX_RATIO: u64 = 200;

/// The first bytes of a CFB container (Excel 97-2003, or an encrypted OOXML
/// package).
pub(super) const CFB_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

fn utf16(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect()
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// Whether the first bytes are those of an Excel 4.0 (or older) BIFF file,
/// which starts with its BOF record rather than a container.
pub(super) fn is_excel4(head: &[u8]) -> bool {
    head.len() >= 4 && head[0] == 0x09 && matches!(head[1], 0x00 | 0x02 | 0x04) && head[2] <= 0x10
}

/// Refuses a CFB container that calamine must not be given: one protected by
/// a password, one the CFB reader finds damaged, and an Excel 97-2003
/// workbook whose sheet claims more cells than [`MAX_CELLS`].
pub(super) fn check_cfb(path: &Path, file: &str) -> Result<(), SheetError> {
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
                .map_err(|e| io_error(file, &e))?;
            if contains(&scan, &utf16("EncryptionInfo"))
                || contains(&scan, &utf16("EncryptedPackage"))
                || biff_filepass(&scan)
            {
                return Err(SheetError::Encrypted {
                    file: file.to_owned(),
                });
            }
            return Err(SheetError::Corrupt {
                file: file.to_owned(),
                detail: "Excel 97-2003 文件的内部结构损坏".into(),
                cause,
            });
        }
    };
    if encrypted {
        return Err(SheetError::Encrypted {
            file: file.to_owned(),
        });
    }
    if let Some((rows, cols)) = biff_widest_sheet(path).filter(|(r, c)| r * c > MAX_CELLS) {
        return Err(SheetError::TooLarge {
            file: file.to_owned(),
            detail: format!("工作表声称有 {rows} 行 × {cols} 列"),
        });
    }
    Ok(())
}

/// Which workbook a zip holds, after checking it is not a zip bomb.
pub(super) fn zip_format(path: &Path, file: &str, size: u64) -> Result<Format, SheetError> {
    let corrupt = |e: zip::result::ZipError| SheetError::Corrupt {
        file: file.to_owned(),
        detail: "压缩包结构损坏，可能没有下载或复制完整".into(),
        cause: e.to_string(),
    };
    let f = File::open(path).map_err(|e| io_error(file, &e))?;
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
