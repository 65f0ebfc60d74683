//! What the API benchmarks share: the cache folder, peak memory, and a
//! Python with the packages a comparison needs.

#![allow(dead_code)]

use std::path::PathBuf;
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
        Some(format!("{}/tierdesk-pyenv/bin/python", dirs_cache().display())),
        Some("python3".into()),
    ];
    candidates.into_iter().flatten().find(|p| {
        Command::new(p)
            .args(["-c", check])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}
