//! `tierdesk customers bench`: how fast one customer's record opens in the
//! core — a customer with 10,000 order lines and about 2,000 timeline
//! events in a file of many customers and lines — printed as p50/p95 per
//! read (purchase summary, first page of lines, first page of the timeline,
//! a filtered page, a page deep in the timeline, the counts per kind)
//! against the 50 ms goal.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use clap::Args;
use tierdesk_api::domain::record::{TimelineCursor, TimelineQuery};
use tierdesk_api::domain::{CustomerDraft, ImportKind};
use tierdesk_api::{Api, ApiError, ImportRequest};

#[derive(Args)]
pub struct RecordBenchArgs {
    /// Demo customers in the file besides the one measured.
    #[arg(long, default_value_t = 50_000)]
    customers: usize,
    /// Order lines of other customers.
    #[arg(long, default_value_t = 200_000)]
    other_lines: usize,
    /// The measured customer's order lines (in orders of about six lines).
    #[arg(long, default_value_t = 10_000)]
    lines: usize,
    /// Tier changes by hand, each with an edit of the notes (two events each).
    #[arg(long, default_value_t = 200)]
    changes: usize,
    /// Runs of each read.
    #[arg(long, default_value_t = 50)]
    runs: usize,
    /// The benchmark's database file (default: in the temporary folder; kept for reuse).
    #[arg(long)]
    file: Option<PathBuf>,
}

/// One read the benchmark times; it returns how many rows it gave.
type Read<'a> = Box<dyn Fn() -> Result<usize, ApiError> + 'a>;

/// The measured customer's code: a demo customer's.
const CODE: &str = "C0000777";

/// A fixed pseudo-random sequence (xorshift), the same in every run.
struct Noise(u64);

impl Noise {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

/// Writes an order sheet (CSV) and imports it as order lines.
fn import_lines(
    api: &mut Api,
    path: &std::path::Path,
    rows: impl Iterator<Item = String>,
) -> Result<u64, ApiError> {
    let io = |e: std::io::Error| ApiError::invalid(format!("写不了测试文件：{e}"));
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).map_err(io)?);
    writeln!(out, "订单号,客户编号,下单时间,商品,数量,单价,金额").map_err(io)?;
    for row in rows {
        writeln!(out, "{row}").map_err(io)?;
    }
    out.flush().map_err(io)?;
    drop(out);
    let req = ImportRequest {
        path: path.display().to_string(),
        sheet: None,
        kind: Some(ImportKind::Transactions),
        mapping: None,
        profile: None,
        on_duplicate: Default::default(),
        skip_bad_rows: true,
        ..ImportRequest::default()
    };
    let s = api.commit_import(&req, "bench", &mut |_| true)?;
    Ok(s.lines)
}

/// One order line row: order, customer, day and time, product, quantity, price, amount.
fn row(order: u64, code: &str, day: u64, noise: &mut Noise) -> String {
    let date = chrono::NaiveDate::from_ymd_opt(2022, 1, 1).expect("a date")
        + chrono::Duration::days(day as i64);
    let q = 1 + noise.below(5);
    let price = 10 + noise.below(490);
    format!(
        "SO{order:08},{code},{date} {:02}:{:02}:00,商品{},{q},{price},{}",
        8 + noise.below(10),
        noise.below(60),
        noise.below(300),
        q * price
    )
}

fn fill(api: &mut Api, args: &RecordBenchArgs, dir: &std::path::Path) -> Result<i64, ApiError> {
    let t = Instant::now();
    let have = api.db_info()?.customers as usize;
    if have < args.customers {
        api.fill_demo(args.customers - have, 11, |_| {})?;
    }
    let mut noise = Noise(0x9E37_79B9_7F4A_7C15);
    let customers = args.customers.max(1) as u64;
    let others: Vec<String> = (0..args.other_lines as u64)
        .map(|i| {
            let code = format!("C{:07}", 1 + noise.below(customers));
            row(10_000_000 + i / 3, &code, noise.below(1_400), &mut noise)
        })
        .collect();
    let n_other = import_lines(api, &dir.join("other-orders.csv"), others.into_iter())?;
    // The measured customer: orders of 1–11 lines over four years.
    let mut mine = Vec::with_capacity(args.lines);
    let mut order = 0u64;
    while mine.len() < args.lines {
        let day = order * 1_400 / (args.lines as u64 / 6).max(1);
        for _ in 0..(1 + noise.below(11)).min((args.lines - mine.len()) as u64) {
            mine.push(row(order, CODE, day.min(1_460), &mut noise));
        }
        order += 1;
    }
    let n_mine = import_lines(api, &dir.join("orders.csv"), mine.into_iter())?;
    let id = api.find_customer(CODE)?.id;
    for i in 0..args.changes {
        let mut d = CustomerDraft::from(&api.customer(id)?);
        d.tier = Some(if i % 2 == 0 { "gold" } else { "diamond" }.into());
        d.notes = Some(format!("第 {i} 次调整"));
        api.update_customer_with_reason(id, d, "大客户复核", "bench")?;
    }
    println!(
        "filled in {:.1} s: {} customers, {n_other} other lines, {n_mine} lines in {order} orders \
         and {} tier changes for {CODE}",
        t.elapsed().as_secs_f64(),
        api.db_info()?.customers,
        args.changes
    );
    Ok(id)
}

pub fn run(args: RecordBenchArgs) -> Result<(), ApiError> {
    let file = args.file.clone().unwrap_or_else(|| {
        std::env::temp_dir().join(format!(
            "tierdesk-record-bench-{}-{}-{}.db",
            args.customers, args.other_lines, args.lines
        ))
    });
    let dir = tempfile_dir(&file);
    let mut api = Api::open(&file)?;
    api.schemes()?;
    let id = match api.find_customer(CODE) {
        Ok(c) if api.record_lines(c.id, 0, 1)?.total > 0 => c.id,
        _ => fill(&mut api, &args, &dir)?,
    };
    drop(api);
    // Opened again, as the app is: the first reads meet a cold cache.
    let t = Instant::now();
    let api = Api::open(&file)?;
    let first = api.customer_timeline(id, &TimelineQuery::default())?;
    let cold = t.elapsed().as_secs_f64() * 1000.0;
    let counts = api.timeline_counts(id)?;
    let events: u64 = counts.iter().map(|c| c.count).sum();
    let lines = api.record_lines(id, 0, 1)?.total;
    println!(
        "customer {CODE}: {lines} order lines, {events} timeline events ({}) in {}",
        counts
            .iter()
            .map(|c| format!("{} {}", c.label, c.count))
            .collect::<Vec<_>>()
            .join("，"),
        file.display()
    );
    println!(
        "open + first timeline page (cold): {cold:.2} ms; {} runs each (goal: p95 <= 50 ms)",
        args.runs
    );
    println!(
        "{:<40} {:>9} {:>9} {:>9} {:>6}",
        "read", "p50 ms", "p95 ms", "max ms", "rows"
    );
    // A page deep in the timeline: after the 1,000th event.
    let mut deep: Option<TimelineCursor> = first.next.clone();
    for _ in 0..19 {
        let q = TimelineQuery {
            before: deep.clone(),
            ..TimelineQuery::default()
        };
        deep = api.customer_timeline(id, &q)?.next.or(deep);
    }
    let reads = reads(&api, id, deep);
    let mut worst: f64 = 0.0;
    for (label, read) in &reads {
        let [p50, p95, max, n] = crate::todo_bench::time(args.runs, read)?;
        worst = worst.max(p95);
        println!("{label:<40} {p50:>9.2} {p95:>9.2} {max:>9.2} {n:>6}");
    }
    crate::todo_bench::print_worst(worst);
    Ok(())
}

/// A folder for the generated order sheets, beside the benchmark's file.
fn tempfile_dir(file: &std::path::Path) -> PathBuf {
    let dir = file.with_extension("sheets");
    let _ = std::fs::create_dir_all(&dir);
    dir
}

/// The reads the benchmark times for customer `id`; `deep` is where the
/// page after the 1,000th event starts.
fn reads(api: &Api, id: i64, deep: Option<TimelineCursor>) -> Vec<(&'static str, Read<'_>)> {
    vec![
        (
            "purchase summary (with months)",
            Box::new(move || Ok(api.purchase_summary(id)?.months.len())),
        ),
        (
            "first page of lines (20)",
            Box::new(move || Ok(api.record_lines(id, 0, 20)?.items.len())),
        ),
        (
            "first timeline page (50, all kinds)",
            Box::new(move || {
                Ok(api
                    .customer_timeline(id, &TimelineQuery::default())?
                    .events
                    .len())
            }),
        ),
        (
            "timeline page, kind 等级变化 (50)",
            Box::new(move || {
                let q = TimelineQuery {
                    kinds: vec!["tier".into()],
                    ..TimelineQuery::default()
                };
                Ok(api.customer_timeline(id, &q)?.events.len())
            }),
        ),
        (
            "timeline page, kind 购买 (50)",
            Box::new(move || {
                let q = TimelineQuery {
                    kinds: vec!["purchase".into()],
                    ..TimelineQuery::default()
                };
                Ok(api.customer_timeline(id, &q)?.events.len())
            }),
        ),
        (
            "timeline page after 1,000 events",
            Box::new(move || {
                let q = TimelineQuery {
                    before: deep.clone(),
                    ..TimelineQuery::default()
                };
                Ok(api.customer_timeline(id, &q)?.events.len())
            }),
        ),
        (
            "counts per kind",
            Box::new(move || Ok(api.timeline_counts(id)?.len())),
        ),
    ]
}
