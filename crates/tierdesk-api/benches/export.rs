//! Exporting 1,000,000 customers to .xlsx (the 导出客户 layout, constant
//! memory) beside Python XlsxWriter in constant_memory mode writing the same
//! rows read from the same SQLite file, where Python with xlsxwriter is
//! available; and the time to produce the PDF tier report for 100,000
//! customers. Each case runs in a child process so its peak memory is its own.
//!
//! `PANDAS_PYTHON=/path/to/python cargo bench -p tierdesk-api --bench export`
//! (a Python with xlsxwriter; without one the comparison is left out). The
//! goal: at least 12× XlsxWriter's speed, with memory that does not grow
//! with the list.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use chrono::NaiveDate;
use tierdesk_api::domain::CustomerQuery;
use tierdesk_api::{Api, ReportRequest};

mod common;
use common::{cache, find_python, peak_mb, run_child, BenchAlloc};

/// mimalloc, as the app and the command line use.
#[global_allocator]
static ALLOCATOR: BenchAlloc = BenchAlloc;

/// A database of `n` demo customers rated with star4, made once and kept.
fn database(n: usize) -> std::path::PathBuf {
    let db = cache().join(format!("export-{n}.db"));
    let ready = Api::open(&db)
        .and_then(|a| a.db_info())
        .map(|i| i.customers as usize == n)
        .unwrap_or(false);
    if !ready {
        for ext in ["db", "db-wal", "db-shm"] {
            let _ = std::fs::remove_file(db.with_extension(ext));
        }
        eprintln!("preparing {n} demo customers in {} …", db.display());
        let mut api = Api::open(&db).unwrap();
        api.fill_demo(n, 7, |_| {}).unwrap();
        api.apply_evaluation(
            "star4",
            NaiveDate::from_ymd_opt(2024, 12, 31).unwrap(),
            Some("2024"),
            "bench",
            &[],
        )
        .unwrap();
    }
    db
}

fn child(case: &str, db: &Path) {
    let api = Api::open(db).unwrap();
    let started = Instant::now();
    let what = match case {
        "xlsx" => {
            let out = cache().join("export-customers.xlsx");
            let n = api
                .export_customers(&CustomerQuery::default(), false, &out, &mut |_, _| {})
                .unwrap();
            format!(
                "{n} rows, {:.0} MB file",
                std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0) as f64 / 1e6
            )
        }
        _ => {
            let out = cache().join("report.pdf");
            let r = api
                .export_report(&ReportRequest::default(), &out, tierdesk_api::today())
                .unwrap();
            format!(
                "{} customers, {:.0} KB file",
                r.customers,
                std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0) as f64 / 1e3
            )
        }
    };
    println!(
        "{case}\t{:.2}\t{:.0}\t{what}",
        started.elapsed().as_secs_f64(),
        peak_mb()
    );
}

/// The machine's load (1, 5, 15 minutes): the figures move with it, ours
/// (two threads) more than Python's (one).
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

/// The same rows, the same columns, written by XlsxWriter with constant_memory.
const PYTHON: &str = r##"
import sys, time, sqlite3
import xlsxwriter
db, out = sys.argv[1], sys.argv[2]
t = time.time()
con = sqlite3.connect(db)
cols = ["code","name","phone","spend","frequency","tenure_years","influence","tier","last_rated_on","next_rating_on",
        "gender","birth_date","email","address","registered_on","last_contact_on","preferred_category","manager","tags","notes"]
wb = xlsxwriter.Workbook(out, {"constant_memory": True})
ws = wb.add_worksheet("customers")
text = wb.add_format({"num_format": "@"}); money = wb.add_format({"num_format": "#,##0.00"})
for c, h in enumerate(cols): ws.write_string(0, c, h)
n = 0
for r, row in enumerate(con.execute("SELECT " + ",".join(cols) + " FROM customers WHERE deleted_at IS NULL ORDER BY id"), start=1):
    for c, v in enumerate(row):
        if v is None: continue
        if isinstance(v, (int, float)): ws.write_number(r, c, v, money if c == 3 else None)
        else: ws.write_string(r, c, v, text if c in (0, 2) else None)
    n += 1
wb.close()
# Peak memory from VmHWM: ru_maxrss keeps the peak of the process this one
# was forked from (the benchmark, which may have just filled the database).
peak = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
print(f"{time.time()-t:.2f}\t{peak/1024:.0f}\t{n}")
"##;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--child") {
        child(&args[i + 1], Path::new(&args[i + 2]));
        return;
    }
    let big = database(1_000_000);
    println!("Export 1,000,000 customers to .xlsx (time in s, peak memory in MB)");
    println!("  load average before: {}", load_average());
    let ours = run_child("xlsx", &big);
    if let Some((t, m, what)) = &ours {
        println!("  TierDesk export_customers           {t:>7.2} s  {m:>6.0} MB  ({what})");
    }
    match (find_python("import xlsxwriter"), &ours) {
        (Some(py), Some((ours_t, _, _))) => {
            let out = cache().join("export-python.xlsx");
            let res = Command::new(&py)
                .args(["-c", PYTHON, &big.display().to_string(), &out.display().to_string()])
                .output();
            let text = res
                .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
                .unwrap_or_default();
            let f: Vec<f64> = text.trim().split('\t').filter_map(|x| x.parse().ok()).collect();
            if let [t, m, ..] = f[..] {
                let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0) as f64 / 1e6;
                println!("  Python XlsxWriter (constant_memory) {t:>7.2} s  {m:>6.0} MB  ({size:.0} MB file)");
                let ratio = t / ours_t;
                println!(
                    "  TierDesk is {ratio:.1}× faster than XlsxWriter (goal ≥ 12×: {})",
                    if ratio >= 12.0 { "met" } else { "NOT met" }
                );
            }
            println!("  load average after: {}", load_average());
        }
        (None, _) => println!("  Python XlsxWriter: not available (pip install xlsxwriter into ~/.cache/tierdesk-pyenv or set PANDAS_PYTHON)"),
        (_, None) => println!("  TierDesk export failed"),
    }
    let mid = database(100_000);
    println!("Tier report as PDF for 100,000 customers");
    if let Some((t, m, what)) = run_child("pdf", &mid) {
        println!("  TierDesk export_report .pdf  {t:>7.2} s  {m:>6.0} MB  ({what})");
    }
}
