//! `tierdesk churn bench`: the churn refresh over a large file — a million
//! customers and twenty million order lines — timed against the 10 s goal,
//! with the read of every customer's purchase days timed alone (the part
//! that grows with the lines) and the peak memory (VmHWM) of the process.
//!
//! Filling the file takes minutes and is kept for reuse; when the bench
//! has to fill it, it measures in a fresh process afterwards, so the
//! memory figure is the refresh's and not the fill's.

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;
use tierdesk_api::{Api, ApiError};

#[derive(Args, Clone)]
pub struct ChurnBenchArgs {
    /// Customers to fill (demo customers; kept in the file for reuse).
    #[arg(long, default_value_t = 1_000_000)]
    customers: usize,
    /// Order lines to fill, spread over the customers.
    #[arg(long, default_value_t = 20_000_000)]
    lines: u64,
    /// The as-of day of the lines and the refresh (default: today).
    #[arg(long)]
    as_of: Option<chrono::NaiveDate>,
    /// The benchmark's database file (default: in the temporary folder).
    #[arg(long)]
    file: Option<PathBuf>,
    /// Measure only (the file is filled already); set by the bench itself.
    #[arg(long, hide = true)]
    measure: bool,
}

/// The goal for one refresh, in seconds.
const GOAL_S: f64 = 10.0;

/// The peak resident memory of this process so far, in MB (VmHWM).
fn peak_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|k| k.parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn fill(api: &mut Api, args: &ChurnBenchArgs, as_of: chrono::NaiveDate) -> Result<(), ApiError> {
    let have = api.db_info()?.customers as usize;
    if have < args.customers {
        let t = Instant::now();
        api.fill_demo(args.customers - have, 17, |_| {})?;
        println!(
            "filled {} demo customers in {:.1} s",
            args.customers - have,
            t.elapsed().as_secs_f64()
        );
    }
    let t = Instant::now();
    let n = api.fill_churn_demo_lines(args.lines, as_of, |done| {
        eprint!("\r{done} order lines…");
    })?;
    eprintln!();
    println!(
        "filled {n} order lines in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    Ok(())
}

pub fn run(args: ChurnBenchArgs) -> Result<(), ApiError> {
    let file = args.file.clone().unwrap_or_else(|| {
        std::env::temp_dir().join(format!(
            "tierdesk-churn-bench-{}-{}.db",
            args.customers, args.lines
        ))
    });
    let as_of = args.as_of.unwrap_or_else(tierdesk_api::today);
    if !args.measure {
        let mut api = Api::open(&file)?;
        api.schemes()?;
        let filled = api.order_line_count()? > 0;
        if !filled {
            fill(&mut api, &args, as_of)?;
        }
        drop(api);
        if !filled {
            // Measure in a fresh process: this one's peak is the fill's.
            let status = std::process::Command::new(
                std::env::current_exe()
                    .map_err(|e| ApiError::invalid(format!("找不到程序自身：{e}")))?,
            )
            .args([
                "churn",
                "bench",
                "--measure",
                "--as-of",
                &as_of.to_string(),
                "--file",
            ])
            .arg(&file)
            .status()
            .map_err(|e| ApiError::invalid(format!("无法重新启动测量：{e}")))?;
            if !status.success() {
                return Err(ApiError::invalid("测量进程失败"));
            }
            return Ok(());
        }
    }
    measure(&file, as_of)
}

fn measure(file: &std::path::Path, as_of: chrono::NaiveDate) -> Result<(), ApiError> {
    let mut api = Api::open(file)?;
    println!(
        "churn refresh over {} customers and {} order lines as of {as_of} ({})",
        api.db_info()?.customers,
        api.order_line_count()?,
        file.display()
    );
    // The page check every connection runs before its first write (the
    // app runs it in the background after the first screen): timed apart,
    // so the refreshes below are the refresh alone.
    let t = Instant::now();
    api.verify_database()?;
    println!(
        "page check before the first write (not part of a refresh): {:.2} s",
        t.elapsed().as_secs_f64()
    );
    let start = peak_mb();
    let t = Instant::now();
    let (customers, days) = api.churn_scan_purchase_days(as_of)?;
    let scan = t.elapsed().as_secs_f64();
    println!(
        "read of the purchase days alone: {scan:.2} s ({customers} customers, {days} purchase days)"
    );
    // The first refresh raises every alert with its to-do; the daily one
    // (the same day again, nothing new) writes the scores only.
    for run in ["first refresh", "daily refresh (nothing new)"] {
        let t = Instant::now();
        // Step by step as the app runs it, so the longest hold of its lock shows.
        let mut steps = api.churn_refresh_start(as_of)?;
        let mut longest = t.elapsed().as_secs_f64();
        loop {
            let step = Instant::now();
            let done = api.churn_refresh_step(&mut steps)?;
            let took = step.elapsed().as_secs_f64();
            if took > 0.3 && std::env::var_os("TIERDESK_CHURN_TIMING").is_some() {
                eprintln!("    a step took {took:.2} s");
            }
            longest = longest.max(took);
            if done {
                break;
            }
        }
        let s = t.elapsed().as_secs_f64();
        let c = steps.counts();
        println!(
            "{run}: {s:.2} s (goal <= {GOAL_S:.0} s: {}); longest step (the app's lock held): {longest:.2} s; \
             {} customers scored, {} with signals; raised {}, updated {}, signals gone {}, to-dos {}; \
             open {} (高 {})",
            if s <= GOAL_S { "met" } else { "missed" },
            c.customers,
            c.found,
            c.raised,
            c.updated,
            c.gone,
            c.todos,
            c.open,
            c.open_high
        );
    }
    println!(
        "peak memory (VmHWM): {:.0} MB (goal: bounded — every customer's purchase days, 16 bytes \
         a day, and one part's writes; after opening the file: {start:.0} MB)",
        peak_mb()
    );
    Ok(())
}
