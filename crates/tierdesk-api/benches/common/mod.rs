//! What the API benchmarks share: the cache folder, peak memory, and a
//! Python with the packages a comparison needs.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn cache() -> PathBuf {
    let dir = dirs_cache().join("tierdesk-bench");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub fn dirs_cache() -> PathBuf {
    std::env::var_os("HOME")
        .map(|h| PathBuf::from(h).join(".cache"))
        .unwrap_or_else(std::env::temp_dir)
}

/// The UCI Online Retail lines as plain CSV in the cache (decompressed from
/// ../shared/data once), or `None`, said, when the data is not there.
pub fn online_retail_csv() -> Option<PathBuf> {
    let gz = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/online_retail/online_retail_uci_541909.csv.gz");
    if !gz.exists() {
        println!("跳过：没有找到 {}", gz.display());
        return None;
    }
    let csv = cache().join("online_retail.csv");
    if !csv.exists() {
        let mut text = String::new();
        std::io::Read::read_to_string(
            &mut flate2::read::GzDecoder::new(std::fs::File::open(&gz).ok()?),
            &mut text,
        )
        .ok()?;
        std::fs::write(&csv, text).ok()?;
    }
    Some(csv)
}

/// How many times each case runs: `BENCH_RUNS`, default 3 (the best counts).
pub fn runs() -> usize {
    std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3)
        .max(1)
}

pub fn peak_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|k| k.parse::<f64>().ok())
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

/// A Python interpreter that can run `check` (an import line): PANDAS_PYTHON,
/// else ~/.cache/tierdesk-pyenv, else python3.
pub fn find_python(check: &str) -> Option<String> {
    let candidates = [
        std::env::var("PANDAS_PYTHON").ok(),
        Some(format!(
            "{}/tierdesk-pyenv/bin/python",
            dirs_cache().display()
        )),
        Some("python3".into()),
    ];
    candidates.into_iter().flatten().find(|p| {
        Command::new(p)
            .args(["-c", check])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// Runs this benchmark again as `--child CASE PATH` so the case's peak memory
/// is its own; the child prints `CASE\tseconds\tpeak MB\twhat`.
pub fn run_child(case: &str, path: &Path) -> Option<(f64, f64, String)> {
    run_child_with(case, path, false)
}

/// [`run_child`], the child using the system allocator when `system_alloc`.
pub fn run_child_with(case: &str, path: &Path, system_alloc: bool) -> Option<(f64, f64, String)> {
    let mut cmd = Command::new(std::env::current_exe().ok()?);
    cmd.args(["--child", case, &path.display().to_string()]);
    if system_alloc {
        cmd.env(SYSTEM_ALLOC, "1");
    } else {
        cmd.env_remove(SYSTEM_ALLOC);
    }
    let out = cmd.output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text.lines().find(|l| l.starts_with(case))?;
    let f: Vec<&str> = line.split('\t').collect();
    Some((
        f.get(1)?.parse().ok()?,
        f.get(2)?.parse().ok()?,
        f.get(3)?.to_string(),
    ))
}

/// Set in a child's environment: it allocates with the system allocator.
pub const SYSTEM_ALLOC: &str = "TIERDESK_BENCH_SYSTEM_ALLOC";

/// The benchmarks' allocator: mimalloc, as the app and the command line use,
/// or the system allocator a plain program gets when the process was started
/// with [`SYSTEM_ALLOC`] set (so a baseline is timed as its users run it).
/// The choice is made at the first allocation and never changes, so every
/// block is freed by the allocator that gave it.
pub struct BenchAlloc;

static CHOICE: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(0);

fn system() -> bool {
    use std::sync::atomic::Ordering;
    match CHOICE.load(Ordering::Relaxed) {
        1 => true,
        2 => false,
        _ => {
            // getenv does not allocate, so it is safe inside the allocator.
            let name = c"TIERDESK_BENCH_SYSTEM_ALLOC";
            let system = !unsafe { libc::getenv(name.as_ptr()) }.is_null();
            CHOICE.store(if system { 1 } else { 2 }, Ordering::Relaxed);
            system
        }
    }
}

unsafe impl std::alloc::GlobalAlloc for BenchAlloc {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        if system() {
            unsafe { std::alloc::System.alloc(layout) }
        } else {
            unsafe { mimalloc::MiMalloc.alloc(layout) }
        }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: std::alloc::Layout) {
        if system() {
            unsafe { std::alloc::System.dealloc(ptr, layout) }
        } else {
            unsafe { mimalloc::MiMalloc.dealloc(ptr, layout) }
        }
    }
    unsafe fn alloc_zeroed(&self, layout: std::alloc::Layout) -> *mut u8 {
        if system() {
            unsafe { std::alloc::System.alloc_zeroed(layout) }
        } else {
            unsafe { mimalloc::MiMalloc.alloc_zeroed(layout) }
        }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, new: usize) -> *mut u8 {
        if system() {
            unsafe { std::alloc::System.realloc(ptr, layout, new) }
        } else {
            unsafe { mimalloc::MiMalloc.realloc(ptr, layout, new) }
        }
    }
}
