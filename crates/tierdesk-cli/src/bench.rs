//! `tierdesk bench`: list-query latency over a large archive, printed as
//! p50/p95 per query shape against the 50 ms goal.

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;
use tierdesk_api::list_shapes::shapes;
use tierdesk_api::{Api, ApiError};

#[derive(Args)]
pub struct BenchArgs {
    /// Customers to fill (a fresh database file is used).
    #[arg(long, default_value_t = 1_000_000)]
    customers: usize,
    /// Runs of each query shape.
    #[arg(long, default_value_t = 40)]
    runs: usize,
    /// Where the benchmark database is written (kept for reuse when it already holds enough customers).
    #[arg(long)]
    file: Option<PathBuf>,
}

/// The value at fraction `p` of sorted timings; `todo bench` uses it too.
pub(crate) use tierdesk_api::list_shapes::percentile;

pub fn run(args: BenchArgs) -> Result<(), ApiError> {
    let file = args.file.unwrap_or_else(|| {
        std::env::temp_dir().join(format!("tierdesk-bench-{}.db", args.customers))
    });
    let mut api = Api::open(&file)?;
    let have = api.db_info()?.customers as usize;
    if have < args.customers {
        let t = Instant::now();
        api.fill_demo(args.customers - have, 7, |_| {})?;
        println!(
            "filled {} demo customers in {:.1} s ({})",
            args.customers - have,
            t.elapsed().as_secs_f64(),
            file.display()
        );
    }
    let shapes = shapes();
    println!(
        "list query latency over {} customers, {} runs each (goal: p95 <= 50 ms)",
        api.db_info()?.customers,
        args.runs
    );
    println!(
        "{:<44} {:>10} {:>10} {:>10} {:>9}",
        "query", "p50 ms", "p95 ms", "max ms", "matches"
    );
    let mut worst: f64 = 0.0;
    for (label, query) in &shapes {
        let mut times = Vec::with_capacity(args.runs);
        let mut total = 0;
        for _ in 0..args.runs {
            let t = Instant::now();
            let page = api.list_customers(query)?;
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            total = page.total;
        }
        times.sort_by(|a, b| a.total_cmp(b));
        let p95 = percentile(&times, 0.95);
        worst = worst.max(p95);
        println!(
            "{:<44} {:>10.2} {:>10.2} {:>10.2} {:>9}",
            label,
            percentile(&times, 0.5),
            p95,
            times[times.len() - 1],
            total
        );
    }
    println!(
        "worst p95: {worst:.2} ms ({})",
        if worst <= 50.0 {
            "meets the 50 ms goal"
        } else {
            "ABOVE the 50 ms goal"
        }
    );
    Ok(())
}
