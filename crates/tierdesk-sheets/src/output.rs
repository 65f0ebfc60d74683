//! Output files that appear complete or not at all.
//!
//! Every file TierDesk writes for a person (customer lists, the template,
//! reports, error workbooks, benefit statements, scheme files) goes through
//! [`OutputFile`]: the bytes go to a hidden temporary file in the target's own
//! folder, and only [`OutputFile::commit`] renames it over the target. A
//! rename within one folder replaces the file in one step, so a program that
//! is killed, a full disk or a writer that fails half-way leaves the earlier
//! file as it was, and dropping an uncommitted `OutputFile` removes the
//! temporary file. The temporary file must be in the same folder: a rename
//! across disks is a copy and would no longer be all or nothing.
//!
//! `tempfile`'s `NamedTempFile` does the creating (a fresh random name,
//! opened exclusively), the removing on drop and the replacing rename
//! (`MoveFileEx` with replace on Windows); it is well kept and used across
//! the ecosystem, so there is no point in writing our own.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::SheetError;

/// A file being written: the target it will replace and the temporary file
/// beside it that holds the bytes so far. Dropping it without
/// [`commit`](OutputFile::commit) removes the temporary file and leaves the
/// target untouched.
#[derive(Debug)]
pub struct OutputFile {
    target: PathBuf,
    tmp: NamedTempFile,
}

/// What was being done when the system refused, which decides the advice.
#[derive(Clone, Copy, PartialEq)]
enum Step {
    /// Creating the temporary file in the folder.
    Create,
    /// Writing the bytes.
    Write,
    /// Renaming the finished file over the target.
    Replace,
}

impl OutputFile {
    /// Starts writing `target`: creates the temporary file now, so a folder
    /// that cannot be written is reported before any long work begins.
    pub fn create(target: &Path) -> Result<OutputFile, SheetError> {
        let dir = folder_of(target);
        // The name says what the file is for when a crash leaves it behind.
        // It is cut short so the temporary name stays within the 255 bytes a
        // file name may have even when the target's name is long.
        let short: String = display_name(target).chars().take(40).collect();
        let prefix = format!(".~{short}.");
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(".tmp");
        // `NamedTempFile` makes its files readable by their owner only; a
        // saved workbook should get the same permissions as any file the
        // person creates (0666 less the umask), as File::create gives.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let tmp = builder
            .tempfile_in(dir)
            .map_err(|e| write_error(target, Step::Create, &e))?;
        Ok(OutputFile {
            target: target.to_path_buf(),
            tmp,
        })
    }

    /// The file the bytes go to until the commit.
    pub fn file(&mut self) -> &mut File {
        self.tmp.as_file_mut()
    }

    /// Runs `write` with a buffered writer into the temporary file, then
    /// flushes it. An error, and a panic of the writer (rust_xlsxwriter
    /// panics when its own temporary rows file cannot be written, as on a
    /// full disk), become a [`SheetError`] with the advice that fits; the
    /// target stays as it was until [`commit`](OutputFile::commit).
    pub fn write_with<T, E>(
        &mut self,
        write: impl FnOnce(&mut BufWriter<&mut File>) -> Result<T, E>,
    ) -> Result<T, SheetError>
    where
        E: std::error::Error + From<io::Error> + 'static,
    {
        let outcome = {
            let mut sink = BufWriter::new(self.tmp.as_file_mut());
            catch_unwind(AssertUnwindSafe(|| {
                let value = write(&mut sink)?;
                sink.flush()?;
                Ok::<T, E>(value)
            }))
        };
        match outcome {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(e)) => Err(self.error(&e)),
            Err(payload) => Err(self.panicked(payload.as_ref())),
        }
    }

    /// Where the bytes go until the commit (a writer that can only write to a
    /// path may use it; the file already exists and is empty).
    pub fn temp_path(&self) -> &Path {
        self.tmp.path()
    }

    /// The file this one will replace.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// The error to report for a failure while writing the bytes, with the
    /// advice that fits it (a full disk, for instance).
    pub fn error(&self, e: &(dyn std::error::Error + 'static)) -> SheetError {
        match find_io(e) {
            Some(io) => write_error(&self.target, Step::Write, io),
            None => SheetError::Write {
                file: display_name(&self.target),
                reason: format!("{e}{}", kept_note(&self.target)),
            },
        }
    }

    /// The error to report when the workbook writer panicked instead of
    /// returning an error. rust_xlsxwriter's constant-memory sheets write
    /// their rows to temporary files and panic when such a write fails
    /// (a full disk, a file size limit); the panic's text carries the
    /// system's error number, which gives the same advice as a returned
    /// error would.
    pub fn panicked(&self, payload: &(dyn std::any::Any + Send)) -> SheetError {
        let text = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("");
        let code = text.split("code: ").nth(1).and_then(|rest| {
            rest.split(|c: char| !c.is_ascii_digit())
                .next()
                .and_then(|d| d.parse::<i32>().ok())
        });
        match code {
            Some(code) => write_error(
                &self.target,
                Step::Write,
                &io::Error::from_raw_os_error(code),
            ),
            None => SheetError::Write {
                file: display_name(&self.target),
                reason: format!(
                    "写入时意外中断，请确认磁盘空间充足后重试{}",
                    kept_note(&self.target)
                ),
            },
        }
    }

    /// Makes the bytes durable and puts the file in place of the target in
    /// one step. On failure the temporary file is removed and the target is
    /// left as it was.
    pub fn commit(self) -> Result<(), SheetError> {
        let OutputFile { target, tmp } = self;
        // Flushed to the disk before the rename, so a power cut cannot leave
        // the new name pointing at a file whose bytes never arrived.
        tmp.as_file()
            .sync_all()
            .map_err(|e| write_error(&target, Step::Write, &e))?;
        // On failure `PersistError` hands the temporary file back; dropping
        // it with the error removes it.
        tmp.persist(&target)
            .map_err(|e| write_error(&target, Step::Replace, &e.error))?;
        remove_stale(&target);
        Ok(())
    }
}

/// Writes `bytes` to `target` through an [`OutputFile`]: the target holds
/// either its earlier content or all of `bytes`, never a part.
pub fn save_output(target: &Path, bytes: &[u8]) -> Result<(), SheetError> {
    let mut out = OutputFile::create(target)?;
    out.file()
        .write_all(bytes)
        .map_err(|e| write_error(target, Step::Write, &e))?;
    out.commit()
}

/// How old a temporary file of ours must be before a later save of the same
/// target removes it. Only a writer that was killed (power cut, task
/// manager) leaves one behind; the longest export (a million customers)
/// takes about a minute, so a file this old is never one still being written.
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(3600);

/// Removes temporary files that killed writers of `target` left in its
/// folder, so crashes do not pile up hidden files beside a person's work.
/// Best effort: a file that cannot be removed stays.
fn remove_stale(target: &Path) {
    let short: String = display_name(target).chars().take(40).collect();
    let prefix = format!(".~{short}.");
    let Ok(entries) = std::fs::read_dir(folder_of(target)) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(&prefix) && name.ends_with(".tmp")) {
            continue;
        }
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > STALE_AFTER);
        if old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn folder_of(target: &Path) -> &Path {
    match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

fn display_name(target: &Path) -> String {
    target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| target.display().to_string())
}

/// The first `io::Error` in an error's chain of causes: rust_xlsxwriter and
/// zip wrap the system's refusal (disk full, access denied) in their own
/// errors, and the advice depends on that refusal.
fn find_io<'a>(e: &'a (dyn std::error::Error + 'static)) -> Option<&'a io::Error> {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cur {
        if let Some(io) = err.downcast_ref::<io::Error>() {
            return Some(io);
        }
        // rust_xlsxwriter's `source` of an IO error skips the IO error itself.
        if let Some(rust_xlsxwriter::XlsxError::IoError(io)) =
            err.downcast_ref::<rust_xlsxwriter::XlsxError>()
        {
            return Some(io);
        }
        cur = err.source();
    }
    None
}

/// Reassures the person that a failed save did not harm the earlier file.
fn kept_note(target: &Path) -> &'static str {
    if target.is_file() {
        "；原来的文件没有改动"
    } else {
        ""
    }
}

/// The system's refusals that call for their own advice, by raw error number
/// (the `ErrorKind`s for them are newer than the Rust this workspace
/// supports).
#[derive(PartialEq)]
enum Refusal {
    DiskFull,
    ReadOnly,
    /// The target's name is taken by a folder.
    Folder,
    /// The file is larger than the disk's format or the system allows.
    TooBig,
    // Told apart only on Windows, where a file open in Excel is locked.
    #[cfg_attr(not(windows), allow(dead_code))]
    Locked,
    Other,
}

fn refusal(e: &io::Error) -> Refusal {
    if e.kind() == io::ErrorKind::PermissionDenied {
        return Refusal::ReadOnly;
    }
    let Some(code) = e.raw_os_error() else {
        return Refusal::Other;
    };
    #[cfg(unix)]
    {
        // ENOSPC, EROFS, EISDIR, EFBIG; EDQUOT is 122 on Linux and 69 on macOS and
        // the BSDs.
        const EDQUOT: i32 = if cfg!(target_os = "linux") { 122 } else { 69 };
        match code {
            28 => return Refusal::DiskFull,
            c if c == EDQUOT => return Refusal::DiskFull,
            30 => return Refusal::ReadOnly,
            21 => return Refusal::Folder,
            27 => return Refusal::TooBig,
            _ => {}
        }
    }
    #[cfg(windows)]
    {
        // ERROR_HANDLE_DISK_FULL, ERROR_DISK_FULL; ERROR_SHARING_VIOLATION and
        // ERROR_LOCK_VIOLATION when Excel or WPS holds the file open.
        match code {
            39 | 112 => return Refusal::DiskFull,
            // ERROR_FILE_TOO_LARGE.
            223 => return Refusal::TooBig,
            32 | 33 => return Refusal::Locked,
            _ => {}
        }
    }
    let _ = code;
    Refusal::Other
}

fn write_error(target: &Path, step: Step, e: &io::Error) -> SheetError {
    let dir = folder_of(target).display().to_string();
    let reason = match (refusal(e), step) {
        (Refusal::DiskFull, _) => "磁盘空间已满，请清理磁盘或换一个磁盘保存".to_owned(),
        (Refusal::TooBig, _) => {
            "文件超过了这个磁盘或系统允许的大小（例如 FAT32 格式的 U 盘单个文件最大 4 GB），请换一个磁盘保存"
                .to_owned()
        }
        (Refusal::Folder, _) => "这个名字已被一个文件夹占用，请换一个文件名保存".to_owned(),
        (Refusal::Locked, _) | (Refusal::ReadOnly, Step::Replace) => {
            "同名文件正被其他程序（例如 Excel 或 WPS）打开，或被设为只读；请先关闭该文件，或换一个文件名保存"
                .to_owned()
        }
        (Refusal::ReadOnly, _) => {
            format!("没有在文件夹「{dir}」中写入的权限，请换一个文件夹（例如“文档”或桌面）保存")
        }
        (Refusal::Other, Step::Create) if e.kind() == io::ErrorKind::NotFound => {
            format!("文件夹「{dir}」不存在，请先创建它或换一个文件夹保存")
        }
        (Refusal::Other, _) => format!("系统拒绝了写入（{e}）"),
    };
    SheetError::Write {
        file: display_name(target),
        reason: format!("{reason}{}", kept_note(target)),
    }
}
