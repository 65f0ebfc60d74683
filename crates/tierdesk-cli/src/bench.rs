//! `tierdesk bench`: list-query latency over a large archive, printed as
//! p50/p95 per query shape against the 50 ms goal.

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;
use tierdesk_api::domain::{CustomerQuery, SortKey};
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

/// The value at fraction `p` of sorted timings (nearest rank); `todo bench` uses it too.
pub(crate) fn percentile(sorted: &[f64], p: f64) -> f64 {
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx.min(sorted.len() - 1)]
}

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

/// The list queries measured: pages, sorts, tier filters and searches of
/// every kind the archive page makes.
fn shapes() -> Vec<(&'static str, CustomerQuery)> {
    let q = |search: Option<&str>, tier: Option<&str>, sort: SortKey, desc: bool, offset: u32| {
        CustomerQuery {
            search: search.map(str::to_owned),
            tier: tier.map(str::to_owned),
            sort,
            descending: desc,
            offset,
            limit: 100,
            ..CustomerQuery::default()
        }
    };
    vec![
        ("first page, by id", q(None, None, SortKey::Id, false, 0)),
        ("page 100, by id", q(None, None, SortKey::Id, false, 10_000)),
        ("sort by spend desc", q(None, None, SortKey::Spend, true, 0)),
        ("sort by name", q(None, None, SortKey::Name, false, 0)),
        (
            "filter tier=gold, sort spend desc",
            q(None, Some("gold"), SortKey::Spend, true, 0),
        ),
        (
            "filter tier=diamond, sort name",
            q(None, Some("diamond"), SortKey::Name, false, 0),
        ),
        (
            "filter tier=silver, by id, page 50",
            q(None, Some("silver"), SortKey::Id, false, 5_000),
        ),
        (
            "filter tier=regular, sort next rating",
            q(None, Some("regular"), SortKey::NextRatingOn, false, 0),
        ),
        (
            "search pinyin 'zs'",
            q(Some("zs"), None, SortKey::Id, false, 0),
        ),
        (
            "search name prefix '王'",
            q(Some("王"), None, SortKey::Id, false, 0),
        ),
        (
            "search name '北京华信' (substring)",
            q(Some("华信科技"), None, SortKey::Id, false, 0),
        ),
        (
            "search phone '1381234'",
            q(Some("1381234"), None, SortKey::Id, false, 0),
        ),
        (
            "search code 'C000123'",
            q(Some("C000123"), None, SortKey::Id, false, 0),
        ),
        (
            "search '张' + tier=silver, sort spend desc",
            q(Some("张"), Some("silver"), SortKey::Spend, true, 0),
        ),
        (
            "sort by last contact desc",
            q(None, None, SortKey::LastContactOn, true, 0),
        ),
        (
            "sort by next contact",
            q(None, None, SortKey::NextContactOn, false, 0),
        ),
        (
            "not contacted for 90 days, by id",
            CustomerQuery {
                last_contact_before: Some(days_ago(90)),
                ..q(None, None, SortKey::Id, false, 0)
            },
        ),
        (
            "not contacted for 90 days, sort spend desc",
            CustomerQuery {
                last_contact_before: Some(days_ago(90)),
                ..q(None, None, SortKey::Spend, true, 0)
            },
        ),
        (
            "next contact due, sort next contact",
            CustomerQuery {
                next_contact_by: Some(days_ago(0)),
                ..q(None, None, SortKey::NextContactOn, false, 0)
            },
        ),
    ]
}

/// The day `n` days before today (the demo data's contact dates count back from today).
fn days_ago(n: i64) -> chrono::NaiveDate {
    tierdesk_api::today() - chrono::Duration::days(n)
}
