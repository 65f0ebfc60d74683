//! The churn refresh on the UCI Online Retail lines (541,909 order lines,
//! 4,338 buying customers) beside the same computation in Python with pandas
//! and `lifetimes`.
//!
//! Times, best of `BENCH_RUNS` (default 3):
//! - **refresh**: `Api::churn_refresh` on a fresh database holding the lines
//!   (imported first, untimed): purchase days read from the store, the
//!   MBG/NBD fit, P(alive) and expected purchases, the signals (median
//!   intervals, 90-day spend decline, service), alerts and scores written;
//! - **compute**: the same figures from the order lines in memory, without
//!   the database: purchase days per customer, `History`, the fit, P(alive),
//!   expected purchases in 90 days, and `Signaller`'s scores;
//! - **Python** (benches/churn.py, when a Python with pandas and lifetimes is
//!   found: `CHURN_PYTHON`, the reference venv of scripts/churn_reference.py
//!   at `$CHURN_REF_VENV` or /tmp/tierdesk-churn-ref, else `PANDAS_PYTHON`,
//!   ~/.cache/tierdesk-pyenv or python3): the lines in a DataFrame → the
//!   summary, the fit, P(alive), expected 90 days, median intervals and the
//!   spend windows.
//!
//! Prints the times side by side with the ratio against the 20× goal, and
//! whether the figures agree customer by customer (ids, x, t_x, T, P(alive),
//! expected purchases, median interval, spend windows).
//!
//! `cargo bench -p tierdesk-api --bench churn`

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use chrono::NaiveDate;
use tierdesk_api::domain::ImportKind;
use tierdesk_api::{Api, ImportRequest};
use tierdesk_churn::{fit, CustomerFacts, History, HistoryCounts, MbgParams, Scores, Signaller};

mod common;

use common::{cache, find_python, online_retail_csv, runs, BenchAlloc};

#[global_allocator]
static ALLOCATOR: BenchAlloc = BenchAlloc;

/// The as-of day: the last day of the data.
const AS_OF: (i32, u32, u32) = (2011, 12, 9);

/// One order line, as much as churn reads.
struct Line {
    customer: Option<u64>,
    day: NaiveDate,
    quantity: f64,
    unit_price: f64,
}

/// One customer's figures, from Rust or from Python.
#[derive(Debug, Clone, PartialEq)]
struct Figures {
    history: (f64, f64, f64),
    p_alive: f64,
    expected: f64,
    median: Option<f64>,
    spend: [f64; 3],
}

/// "2010-12-01 08:26:00" → the day.
fn day_of(text: &[u8]) -> Option<NaiveDate> {
    let num = |r: std::ops::Range<usize>| {
        text.get(r)?.iter().try_fold(0u32, |n, d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)
}

fn read(csv: &Path) -> Vec<Line> {
    let mut rdr = csv::Reader::from_path(csv).expect("the CSV opens");
    let mut record = csv::ByteRecord::new();
    let mut lines = Vec::with_capacity(542_000);
    let number = |b: &[u8]| std::str::from_utf8(b).ok()?.parse::<f64>().ok();
    while rdr.read_byte_record(&mut record).expect("a CSV record") {
        let (Some(quantity), Some(unit_price), Some(day)) =
            (number(&record[3]), number(&record[5]), day_of(&record[4]))
        else {
            continue;
        };
        lines.push(Line {
            customer: number(&record[6]).map(|c| c as u64),
            day,
            quantity,
            unit_price,
        });
    }
    lines
}

/// The whole computation from lines in memory: per customer, purchase days
/// with their spend, the model and the scores.
fn compute(lines: &[Line], as_of: NaiveDate) -> (MbgParams, BTreeMap<u64, Figures>, f64) {
    let mut days: BTreeMap<u64, Vec<(NaiveDate, f64)>> = BTreeMap::new();
    for l in lines {
        if let Some(c) = l
            .customer
            .filter(|_| l.quantity > 0.0 && l.unit_price > 0.0)
        {
            days.entry(c)
                .or_default()
                .push((l.day, l.quantity * l.unit_price));
        }
    }
    for list in days.values_mut() {
        list.sort_by_key(|(d, _)| *d);
        list.dedup_by(|(d, s), (keep, total)| {
            let same = d == keep;
            if same {
                *total += *s;
            }
            same
        });
    }
    let history = |d: &[(NaiveDate, f64)]| History::from_days(d.iter().map(|(d, _)| *d), as_of);
    let counts: HistoryCounts = days.values().filter_map(|d| history(d)).collect();
    let rows = counts.into_rows();
    let started = Instant::now();
    let params = fit(&rows).expect("the model fits").params;
    let fit_s = started.elapsed().as_secs_f64();
    let scheme = tierdesk_tiers::star4();
    let mut signaller = Signaller::new(&scheme);
    let figures = days
        .iter()
        .filter_map(|(id, d)| {
            let h = history(d)?;
            let (p_alive, expected) = (params.p_alive(&h), params.expected_purchases(90.0, &h));
            let facts = CustomerFacts {
                tier: None,
                days: d,
                p_alive: Some(p_alive),
                expected_90: Some(expected),
                service: Default::default(),
            };
            let Scores {
                median_interval,
                spend_90,
                spend_prior_90,
                spend_year_ago_90,
                ..
            } = signaller.assess(as_of, &facts).scores;
            let figures = Figures {
                history: (h.frequency, h.recency, h.age),
                p_alive,
                expected,
                median: median_interval,
                spend: [spend_90, spend_prior_90, spend_year_ago_90],
            };
            Some((*id, figures))
        })
        .collect();
    (params, figures, fit_s)
}

/// A fresh database with the lines imported (untimed), then the refresh timed.
fn refresh(csv: &Path, as_of: NaiveDate) -> Option<(f64, String)> {
    let db = cache().join(format!("churn-{}.db", std::process::id()));
    let mut api = Api::open(&db).ok()?;
    let req = ImportRequest {
        path: csv.display().to_string(),
        kind: Some(ImportKind::Transactions),
        skip_bad_rows: true,
        ..ImportRequest::default()
    };
    api.commit_import(&req, "bench", &mut |_| true).ok()?;
    let started = Instant::now();
    let counts = api.churn_refresh(as_of);
    let seconds = started.elapsed().as_secs_f64();
    drop(api);
    for f in [
        db.clone(),
        db.with_extension("db-wal"),
        db.with_extension("db-shm"),
    ] {
        let _ = std::fs::remove_file(f);
    }
    let c = counts.ok()?;
    let what = format!(
        "{} customers scored, {} alerts raised ({} open, {} 高), {} to-dos",
        c.customers, c.raised, c.open, c.open_high, c.todos
    );
    Some((seconds, what))
}

fn python() -> Option<String> {
    let check = "import pandas, lifetimes";
    let venv = std::env::var("CHURN_REF_VENV").unwrap_or_else(|_| "/tmp/tierdesk-churn-ref".into());
    let candidates = [
        std::env::var("CHURN_PYTHON").ok(),
        Some(format!("{venv}/bin/python")),
    ];
    candidates
        .into_iter()
        .flatten()
        .find(|p| {
            Command::new(p)
                .args(["-c", check])
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .or_else(|| find_python(check))
}

/// Runs benches/churn.py; its seconds, parameters and figures per customer.
/// Python's figures: seconds computing, seconds reading the CSV, the
/// parameters and the figures per customer.
type PythonRun = (f64, f64, MbgParams, BTreeMap<u64, Figures>);

fn in_python(python: &str, csv: &Path, as_of: NaiveDate) -> Option<PythonRun> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/churn.py");
    let out = cache().join("churn-python.json");
    let run = Command::new(python)
        .args([
            script.display().to_string(),
            csv.display().to_string(),
            out.display().to_string(),
            as_of.to_string(),
        ])
        .output()
        .ok()?;
    if !run.status.success() {
        println!(
            "Python 计算失败（{}）：{}",
            run.status,
            String::from_utf8_lossy(&run.stderr)
        );
        return None;
    }
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&out).ok()?).ok()?;
    let _ = std::fs::remove_file(&out);
    let column = |name: &str| -> Vec<Option<f64>> {
        v[name]
            .as_array()
            .map(|a| a.iter().map(|x| x.as_f64()).collect())
            .unwrap_or_default()
    };
    let ids: Vec<u64> = v["id"]
        .as_array()?
        .iter()
        .filter_map(|x| x.as_u64())
        .collect();
    let cols = [
        "frequency",
        "recency",
        "age",
        "p_alive",
        "expected",
        "median",
        "spend_90",
        "spend_prior_90",
        "spend_year_ago_90",
    ]
    .map(column);
    let at = |c: usize, i: usize| cols[c].get(i).copied().flatten();
    let mut figures = BTreeMap::new();
    for (i, id) in ids.iter().enumerate() {
        let f = Figures {
            history: (at(0, i)?, at(1, i)?, at(2, i)?),
            p_alive: at(3, i)?,
            expected: at(4, i)?,
            median: at(5, i),
            spend: [at(6, i)?, at(7, i)?, at(8, i)?],
        };
        figures.insert(*id, f);
    }
    let p = &v["params"];
    let params = MbgParams {
        r: p["r"].as_f64()?,
        alpha: p["alpha"].as_f64()?,
        a: p["a"].as_f64()?,
        b: p["b"].as_f64()?,
    };
    Some((
        v["seconds"].as_f64()?,
        v["read_seconds"].as_f64()?,
        params,
        figures,
    ))
}

/// Says, in one line each, whether the two sides agree.
fn compare(
    ours: &(MbgParams, BTreeMap<u64, Figures>),
    theirs: &(MbgParams, BTreeMap<u64, Figures>),
) -> bool {
    let (p, q) = (ours.0, theirs.0);
    let rel = |x: f64, y: f64| (x - y).abs() / y.abs().max(f64::MIN_POSITIVE);
    let params = [
        rel(p.r, q.r),
        rel(p.alpha, q.alpha),
        rel(p.a, q.a),
        rel(p.b, q.b),
    ]
    .into_iter()
    .fold(0.0, f64::max);
    let same_ids = ours.1.keys().eq(theirs.1.keys());
    let (mut history, mut median, mut alive, mut expected, mut spend) =
        (0, 0, 0.0f64, 0.0f64, 0.0f64);
    for (id, a) in &ours.1 {
        let Some(b) = theirs.1.get(id) else { continue };
        history += usize::from(a.history != b.history);
        median += usize::from(a.median != b.median);
        alive = alive.max((a.p_alive - b.p_alive).abs());
        expected = expected.max((a.expected - b.expected).abs() / b.expected.abs().max(1.0));
        for k in 0..3 {
            spend = spend.max((a.spend[k] - b.spend[k]).abs() / b.spend[k].abs().max(1.0));
        }
    }
    let ok = same_ids
        && params < 1e-3
        && history == 0
        && median == 0
        && alive < 1e-6
        && expected < 1e-6
        && spend < 1e-9;
    println!(
        "  customers {} / {} (ids {}), summaries differing {history}, medians differing {median}",
        ours.1.len(),
        theirs.1.len(),
        if same_ids { "equal" } else { "DIFFER" }
    );
    println!(
        "  parameters {params:.1e} (relative), P(alive) {alive:.1e}, expected 90 days {expected:.1e}, spend windows {spend:.1e}"
    );
    println!("  figures agree: {}", if ok { "yes" } else { "NO" });
    ok
}

fn main() {
    let Some(csv) = online_retail_csv() else {
        return;
    };
    let Some(as_of) = NaiveDate::from_ymd_opt(AS_OF.0, AS_OF.1, AS_OF.2) else {
        return;
    };
    let lines = read(&csv);
    println!("Online Retail: {} order lines, as of {as_of}", lines.len());

    let mut computed = None;
    let (mut compute_s, mut fit_s) = (f64::INFINITY, f64::INFINITY);
    for _ in 0..runs() {
        let t = Instant::now();
        let (params, figures, fit_took) = compute(&lines, as_of);
        compute_s = compute_s.min(t.elapsed().as_secs_f64());
        fit_s = fit_s.min(fit_took);
        computed = Some((params, figures));
    }
    let Some(computed) = computed else { return };
    let p = computed.0;
    println!(
        "{:<44} {compute_s:>8.3} s  ({} customers; of it the fit {:.1} ms: r {:.4} α {:.2} a {:.6} b {:.3})",
        "Rust: compute (lines in memory)",
        computed.1.len(),
        fit_s * 1e3,
        p.r,
        p.alpha,
        p.a,
        p.b
    );
    let refreshed = (0..runs())
        .filter_map(|_| refresh(&csv, as_of))
        .min_by(|a, b| a.0.total_cmp(&b.0));
    match &refreshed {
        Some((s, what)) => println!(
            "{:<44} {s:>8.3} s  ({what})",
            "Rust: Api::churn_refresh (database)"
        ),
        None => println!("{:<44} failed", "Rust: Api::churn_refresh (database)"),
    }
    let Some(python) = python() else {
        println!(
            "跳过 Python：没有找到装有 pandas 和 lifetimes 的 Python（python3 scripts/churn_reference.py 会建一个）"
        );
        return;
    };
    // Best of the runs, as for Rust: the machine is shared.
    let Some((python_s, read_s, params, figures)) = (0..runs())
        .filter_map(|_| in_python(&python, &csv, as_of))
        .min_by(|a, b| a.0.total_cmp(&b.0))
    else {
        return;
    };
    println!(
        "{:<44} {python_s:>8.3} s  ({python})",
        "Python: pandas + lifetimes (DataFrame in memory)"
    );
    println!(
        "{:<44} {:>8.3} s  (read_csv {read_s:.3} s first)",
        "Python: the same from the CSV file",
        python_s + read_s
    );
    let goal = |name: &str, s: f64, theirs: f64, against: &str| {
        let ratio = theirs / s;
        let verdict = if ratio >= 20.0 {
            "goal ≥ 20× met"
        } else {
            "goal ≥ 20× NOT met"
        };
        println!("  {name}: {ratio:.1}× faster than Python {against} ({verdict})");
    };
    goal(
        "compute (lines in memory)",
        compute_s,
        python_s,
        "with the DataFrame in memory",
    );
    if let Some((s, _)) = refreshed {
        // Like for like: the refresh starts from the stored lines, Python
        // from the file that holds them.
        goal(
            "whole refresh (stored lines → alerts)",
            s,
            python_s + read_s,
            "from the CSV",
        );
        goal("whole refresh", s, python_s, "with the DataFrame in memory");
    }
    println!("Rust compute against Python:");
    compare(&computed, &(params, figures));
}
