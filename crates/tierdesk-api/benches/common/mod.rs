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
    let out = Command::new(std::env::current_exe().ok()?)
        .args(["--child", case, &path.display().to_string()])
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text.lines().find(|l| l.starts_with(case))?;
    let f: Vec<&str> = line.split('\t').collect();
    Some((
        f.get(1)?.parse().ok()?,
        f.get(2)?.parse().ok()?,
        f.get(3)?.to_string(),
    ))
}
