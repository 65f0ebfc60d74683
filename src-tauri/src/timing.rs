//! Launch timing for the benchmark (`tests/bench/launch.mjs`). With
//! `TIERDESK_TIMING=1` the app prints one line per moment of its start to
//! standard error: `tierdesk-timing <moment> <ms since the process started>`.
//! Without it nothing is printed and marking costs an atomic read.

use std::collections::HashSet;
use std::sync::{Mutex, OnceLock};
use std::time::Instant;

struct Clock {
    start: Instant,
    /// Milliseconds between the process's exec and `start` (from /proc).
    before_main: f64,
    printed: Mutex<HashSet<String>>,
}

static CLOCK: OnceLock<Option<Clock>> = OnceLock::new();

/// Starts the clock; called first thing in `run()`.
pub fn start() {
    CLOCK.get_or_init(|| {
        (std::env::var_os("TIERDESK_TIMING").is_some_and(|v| v == "1")).then(|| Clock {
            start: Instant::now(),
            before_main: since_exec_ms().unwrap_or(0.0),
            printed: Mutex::new(HashSet::new()),
        })
    });
}

/// Prints `moment` once, the first time it happens.
pub fn mark(moment: &str) {
    let Some(Some(clock)) = CLOCK.get() else {
        return;
    };
    let mut printed = clock.printed.lock().unwrap_or_else(|p| p.into_inner());
    if printed.insert(moment.to_owned()) {
        let ms = clock.before_main + clock.start.elapsed().as_secs_f64() * 1000.0;
        eprintln!("tierdesk-timing {moment} {ms:.0}");
    }
}

/// How long ago the process was started, read from /proc (Linux only; the
/// kernel counts in clock ticks, usually 10 ms).
fn since_exec_ms() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The command name may hold spaces; the fields after it are plain.
    let rest = &stat[stat.rfind(')')? + 2..];
    let start_ticks: f64 = rest.split(' ').nth(19)?.parse().ok()?;
    let uptime: f64 = std::fs::read_to_string("/proc/uptime")
        .ok()?
        .split(' ')
        .next()?
        .parse()
        .ok()?;
    Some(((uptime - start_ticks / 100.0) * 1000.0).max(0.0))
}
