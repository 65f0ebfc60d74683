//! The team database (PostgreSQL) beside the local file (SQLite), each figure
//! printed with its goal (issue 19, "Speed on PostgreSQL"):
//!
//! - `import`: the UCI Online Retail CSV (541,909 rows; 406,829 order lines
//!   of 4,372 customers stored) imported through the API into a new file and
//!   into a new team database — goal ≤ 2× the file's time — beside pandas
//!   `read_csv` + `to_sql` into a table of the same shape on the same server
//!   (scripts/pandas_to_sql.py, in a Python with pandas, SQLAlchemy and
//!   psycopg2: `PANDAS_PYTHON`, else ~/.cache/bench-py, ~/.cache/tierdesk-pyenv
//!   or python3) — goal: faster than pandas;
//! - `list`: the list's query shapes (`tierdesk_api::list_shapes`, the same
//!   as `tierdesk bench`) over 1,000,000 demo customers, p50 and p95 of
//!   `TEAM_BENCH_LIST_RUNS` (40) runs each — goal p95 ≤ 50 ms on PostgreSQL;
//! - `rating`: applying the active scheme to the same 1,000,000 customers
//!   (the preview's read and evaluation timed apart), undone after each run —
//!   goal ≤ 2 s on PostgreSQL.
//!
//! Every figure is the best of `BENCH_RUNS` (3) runs, with the slowest
//! beside it (the machine is shared). The server is the one of
//! `TIERDESK_TEST_PG`; `scripts/pg-bench.sh` starts a throwaway cluster with
//! the package's default settings and runs this under `nice`. The file of a
//! million customers is kept in the bench cache for the next run; the team
//! database is filled anew each time (`TEAM_BENCH_KEEP_DB=1` leaves it on
//! the server afterwards; `TEAM_BENCH_DB=<its URL>` then uses it again
//! instead of filling a new one). `TEAM_BENCH_CUSTOMERS` changes the million.
//!
//! `scripts/pg-bench.sh [import] [list] [rating]`

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use tierdesk_api::domain::ImportKind;
use tierdesk_api::list_shapes::{percentile, shapes};
use tierdesk_api::{Api, ImportRequest};

mod common;

use common::{cache, find_python, online_retail_csv, runs, BenchAlloc};

#[global_allocator]
static ALLOCATOR: BenchAlloc = BenchAlloc;

/// The best and the slowest of a figure's runs.
#[derive(Clone, Copy)]
struct Spread {
    best: f64,
    worst: f64,
}

impl Spread {
    fn of(times: &[f64]) -> Spread {
        Spread {
            best: times.iter().copied().fold(f64::INFINITY, f64::min),
            worst: times.iter().copied().fold(0.0, f64::max),
        }
    }

    fn seconds(self) -> String {
        format!("{:.2} s ({:.2}–{:.2})", self.best, self.best, self.worst)
    }
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.replace(['_', ','], "").parse().ok())
        .unwrap_or(default)
}

/// A count with thousands separators.
fn count(n: u64) -> String {
    tierdesk_api::domain::text::thousands(n)
}

fn main() {
    let wanted: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let want = |part: &str| wanted.is_empty() || wanted.iter().any(|w| w == part);
    let Ok(server) = std::env::var("TIERDESK_TEST_PG") else {
        println!(
            "跳过：没有 PostgreSQL 服务器（用 scripts/pg-bench.sh 运行，它会启动一个临时服务器）"
        );
        return;
    };
    println!(
        "The team database (PostgreSQL) beside the local file (SQLite); best of {} runs \
         (slowest in brackets), {} cores",
        runs(),
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    if want("import") {
        import(&server);
    }
    if want("list") || want("rating") {
        let n = env_number("TEAM_BENCH_CUSTOMERS", 1_000_000);
        let mut file = file_with(n);
        let mut team = match std::env::var("TEAM_BENCH_DB") {
            Ok(url) => team_kept(&url),
            Err(_) => team_with(n),
        };
        if want("list") {
            list(n, &file, &team);
        }
        if want("rating") {
            rating(n, &mut file, &mut team);
        }
        // TEAM_BENCH_KEEP_DB=1 leaves the filled team database on the
        // server, to look at its plans (EXPLAIN) after the run.
        if std::env::var_os("TEAM_BENCH_KEEP_DB").is_some() {
            println!("(team database kept: {})", team.db_info().unwrap().path);
            std::mem::forget(team);
        }
    }
}

/// The Online Retail CSV into a new file, into a new team database, and by
/// pandas into the same server.
fn import(server: &str) {
    let Some(csv) = online_retail_csv() else {
        return;
    };
    let req = ImportRequest {
        path: csv.display().to_string(),
        kind: Some(ImportKind::Transactions),
        skip_bad_rows: true,
        ..ImportRequest::default()
    };
    let timed = |api: &mut Api| {
        let t = Instant::now();
        let s = api.commit_import(&req, "bench", &mut |_| true).unwrap();
        (t.elapsed().as_secs_f64(), s.lines)
    };
    let (mut lite, mut team, mut lines) = (Vec::new(), Vec::new(), [0u64; 2]);
    for _ in 0..runs() {
        let dir = tierdesk_api::testing::TestDir::new();
        let (s, n) = timed(&mut tierdesk_api::testing::file_api(dir.path()));
        lite.push(s);
        lines[0] = n;
        let mut api = tierdesk_api::testing::team_api().expect("a team database");
        let (s, n) = timed(&mut api);
        team.push(s);
        lines[1] = n;
    }
    let (lite, team) = (Spread::of(&lite), Spread::of(&team));
    println!(
        "\nImport the Online Retail CSV (541,909 rows; order lines stored: file {}, team {})",
        count(lines[0]),
        count(lines[1])
    );
    println!("  {:<44} {}", "TierDesk → SQLite file", lite.seconds());
    println!(
        "  {:<44} {}   {:.2}× the file (goal ≤ 2×)",
        "TierDesk → PostgreSQL",
        team.seconds(),
        team.best / lite.best
    );
    match pandas(server, &csv) {
        Some((p, mb, rows)) => println!(
            "  {:<44} {}   {rows} rows, {mb:.0} MB; TierDesk {:.1}× faster (goal: faster)",
            "pandas read_csv + to_sql → PostgreSQL",
            p.seconds(),
            p.best / team.best
        ),
        None => println!(
            "  pandas: not available (a Python with pandas, sqlalchemy, psycopg2: PANDAS_PYTHON or ~/.cache/bench-py)"
        ),
    }
}

/// scripts/pandas_to_sql.py `runs()` times: its times, peak MB and rows.
fn pandas(server: &str, csv: &Path) -> Option<(Spread, f64, String)> {
    // PANDAS_PYTHON when set (an interpreter without the packages: no
    // comparison), else the benchmark venv, else what `find_python` finds.
    let python = match std::env::var("PANDAS_PYTHON") {
        Ok(p) => Some(p).filter(|p| can_write_sql(p))?,
        Err(_) => Some(common::dirs_cache().join("bench-py/bin/python"))
            .map(|p| p.display().to_string())
            .filter(|p| can_write_sql(p))
            .or_else(|| find_python(PANDAS_SQL))?,
    };
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/pandas_to_sql.py");
    let (mut times, mut mb, mut rows) = (Vec::new(), 0.0, String::new());
    for _ in 0..runs() {
        let out = Command::new(&python)
            .arg(&script)
            .arg(csv)
            .arg(server)
            .output()
            .ok()?;
        let text = String::from_utf8_lossy(&out.stdout);
        let f: Vec<&str> = text.trim().split('\t').collect();
        times.push(f.first()?.parse().ok()?);
        mb = f.get(1)?.parse().ok()?;
        rows = f.get(2)?.to_string();
    }
    Some((Spread::of(&times), mb, rows))
}

/// The imports scripts/pandas_to_sql.py needs.
const PANDAS_SQL: &str = "import pandas, sqlalchemy, psycopg2";

fn can_write_sql(python: &str) -> bool {
    Command::new(python)
        .args(["-c", PANDAS_SQL])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// A file of `n` demo customers, kept in the bench cache.
fn file_with(n: usize) -> Api {
    let path: PathBuf = cache().join(format!("team-bench-{n}.db"));
    let mut api = Api::open(&path).unwrap();
    let have = api.db_info().unwrap().customers as usize;
    if have < n {
        let t = Instant::now();
        api.fill_demo(n - have, 7, |_| {}).unwrap();
        println!(
            "(filled the file with {} demo customers in {:.1} s: {})",
            count((n - have) as u64),
            t.elapsed().as_secs_f64(),
            path.display()
        );
    }
    api
}

/// A new team database with the same `n` demo customers.
fn team_with(n: usize) -> Api {
    let mut api = tierdesk_api::testing::team_api().expect("a team database");
    let t = Instant::now();
    api.fill_demo(n, 7, |_| {}).unwrap();
    println!(
        "(filled a team database with {} demo customers in {:.1} s)",
        count(n as u64),
        t.elapsed().as_secs_f64()
    );
    api
}

/// A team database an earlier run kept (`TEAM_BENCH_KEEP_DB=1` prints its
/// URL), opened again without filling it.
fn team_kept(url: &str) -> Api {
    let mut api = Api::open_team(url).expect("the kept team database");
    tierdesk_api::testing::sign_in_admin(&mut api);
    println!(
        "(the kept team database, {} customers)",
        count(api.db_info().unwrap().customers)
    );
    api
}

/// p50 and p95 of each shape on both, each pass of `runs()` keeping its
/// best p50/p95 and the slowest p95.
fn list(n: usize, file: &Api, team: &Api) {
    let per = env_number("TEAM_BENCH_LIST_RUNS", 40);
    println!(
        "\nList queries over {} customers, {per} runs a shape; p50 / p95 ms (slowest p95 in brackets)",
        count(n as u64)
    );
    println!(
        "  {:<44} {:>24} {:>24} {:>9}",
        "query", "SQLite file", "PostgreSQL", "matches"
    );
    let mut worst = 0.0f64;
    for (label, query) in shapes() {
        let mut cells = Vec::new();
        let mut totals = Vec::new();
        for api in [file, team] {
            let (mut p50, mut p95) = (Vec::new(), Vec::new());
            for _ in 0..runs() {
                let mut times = Vec::with_capacity(per);
                for _ in 0..per {
                    let t = Instant::now();
                    let page = api.list_customers(&query).unwrap();
                    times.push(t.elapsed().as_secs_f64() * 1000.0);
                    totals.push(page.total);
                }
                times.sort_by(f64::total_cmp);
                p50.push(percentile(&times, 0.5));
                p95.push(percentile(&times, 0.95));
            }
            let (p50, p95) = (Spread::of(&p50), Spread::of(&p95));
            cells.push(format!(
                "{:.2} / {:.2} ({:.2})",
                p50.best, p95.best, p95.worst
            ));
            worst = worst.max(p95.best);
        }
        let same = totals.iter().all(|t| *t == totals[0]);
        println!(
            "  {label:<44} {:>24} {:>24} {:>9}{}",
            cells[0],
            cells[1],
            count(totals[0]),
            if same { "" } else { "  (the two differ!)" }
        );
    }
    println!("  worst best-of-runs p95 of either: {worst:.2} ms (goal ≤ 50 ms on PostgreSQL)");
}

/// The active scheme applied to every customer and undone, on both: the
/// preview, the apply in its parts (reading every customer's figures,
/// evaluating them, writing the batch) and the undo.
fn rating(n: usize, file: &mut Api, team: &mut Api) {
    let today = tierdesk_api::today();
    let key = file.active_scheme().unwrap().key;
    println!(
        "\nRating {} customers with the active scheme ({key}); seconds, best (best–slowest)",
        count(n as u64)
    );
    println!("  {:<44} {:>22} {:>22}", "", "SQLite file", "PostgreSQL");
    const LABELS: [&str; 6] = [
        "preview (read every customer, evaluate)",
        "apply (evaluate and write the batch)",
        "  of which: read every customer's figures",
        "  of which: evaluate",
        "  of which: write the batch",
        "undo the batch",
    ];
    // TEAM_BENCH_RATING_WRITE=0 times the preview and the computation
    // alone (read and evaluate, nothing written).
    let write = std::env::var("TEAM_BENCH_RATING_WRITE").map_or(true, |v| v != "0");
    let mut rows: Vec<[String; 2]> = vec![Default::default(); LABELS.len()];
    let mut moved = [0u64; 2];
    let mut team_best = [f64::NAN; 3];
    for (k, api) in [file, team].into_iter().enumerate() {
        let mut times: Vec<Vec<f64>> = vec![Vec::new(); LABELS.len()];
        for _ in 0..runs() {
            let t = Instant::now();
            api.preview_evaluation(&key, today).unwrap();
            times[0].push(t.elapsed().as_secs_f64());
            if !write {
                let parts = api.time_rating_computation(&key, today).unwrap();
                times[2].push(parts.read.as_secs_f64());
                times[3].push(parts.evaluate.as_secs_f64());
                continue;
            }
            let t = Instant::now();
            let (batch, parts) = api
                .apply_evaluation_timed(&key, today, None, "bench", &[])
                .unwrap();
            times[1].push(t.elapsed().as_secs_f64());
            times[2].push(parts.read.as_secs_f64());
            times[3].push(parts.evaluate.as_secs_f64());
            times[4].push(parts.write.as_secs_f64());
            moved[k] = batch.moved;
            let t = Instant::now();
            api.undo_last_batch().unwrap();
            times[5].push(t.elapsed().as_secs_f64());
        }
        for (row, times) in rows.iter_mut().zip(&times) {
            row[k] = match times.is_empty() {
                true => "—".to_owned(),
                false => Spread::of(times).seconds(),
            };
        }
        if k == 1 {
            for (best, i) in team_best.iter_mut().zip([1, 2, 3]) {
                *best = Spread::of(&times[i]).best;
            }
        }
    }
    for (label, row) in LABELS.iter().zip(&rows) {
        println!("  {label:<44} {:>22} {:>22}", row[0], row[1]);
    }
    let [apply, read, evaluate] = team_best;
    if !write {
        println!(
            "  on PostgreSQL the computation (read and evaluate) {:.2} s (goal ≤ 2 s; nothing written)",
            read + evaluate
        );
        return;
    }
    println!(
        "  customers moved: file {}, team {}; on PostgreSQL apply {apply:.2} s, of which the \
         computation (read and evaluate) {:.2} s (goal ≤ 2 s; the file's apply includes its \
         backup before a rating)",
        count(moved[0]),
        count(moved[1]),
        read + evaluate
    );
}
