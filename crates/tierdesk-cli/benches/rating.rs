//! `tierdesk evaluate --scheme rfm10 --dry-run --json` on the UCI Online
//! Retail order lines already in the database, beside the whole pandas RFM
//! recipe run from the CSV (interpreter start, `read_csv`, clean, group,
//! `qcut`, the R × F segment map), each as one process, as a person would
//! run either. Prints both medians, the ratio against the 10× goal, how much
//! of ours is opening the database (`tierdesk info`), and whether the
//! segment counts agree.
//!
//! The order lines are imported once into a fresh database through
//! `tierdesk import transactions`. Python with pandas comes from
//! `PANDAS_PYTHON`, else `~/.cache/bench-py`, `~/.cache/tierdesk-pyenv`, else
//! `python3`; without it only our time is printed. `BENCH_RUNS` (9) runs of
//! each, after one warm-up.
//!
//! `cargo bench -p tierdesk-cli --bench rating`

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

#[path = "../../tierdesk-tiers/benches/python/mod.rs"]
mod python;
use python::find_python;

const RECIPE: &str = r#"
import json, sys
import pandas as pd

SEGMENTS = {
    r'[1-2][1-2]': 'hibernating', r'[1-2][3-4]': 'at_risk', r'[1-2]5': 'cant_lose',
    r'3[1-2]': 'about_to_sleep', r'33': 'need_attention', r'[3-4][4-5]': 'loyal',
    r'41': 'promising', r'51': 'new', r'[4-5][2-3]': 'potential_loyalist', r'5[4-5]': 'champions',
}
df = pd.read_csv(sys.argv[1], dtype={'InvoiceNo': str, 'StockCode': str}, parse_dates=['InvoiceDate'])
d = df[(df.Quantity > 0) & (df.UnitPrice > 0) & df.CustomerID.notna()]
d = d.assign(Amount=d.Quantity * d.UnitPrice)
as_of = d.InvoiceDate.max().normalize() + pd.Timedelta(days=1)
g = d.groupby('CustomerID').agg(
    Last=('InvoiceDate', 'max'), Frequency=('InvoiceNo', 'nunique'), Monetary=('Amount', 'sum'))
g['Recency'] = (as_of - g.Last.dt.normalize()).dt.days
r = pd.qcut(g.Recency, 5, labels=[5, 4, 3, 2, 1]).astype(int)
f = pd.qcut(g.Frequency.rank(method='first'), 5, labels=[1, 2, 3, 4, 5]).astype(int)
m = pd.qcut(g.Monetary, 5, labels=[1, 2, 3, 4, 5]).astype(int)
segment = (r.astype(str) + f.astype(str)).replace(SEGMENTS, regex=True)
print(json.dumps({'pandas': pd.__version__, 'counts': segment.value_counts().to_dict()}))
"#;

fn cache() -> PathBuf {
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    home.join(".cache/tierdesk-bench")
}

/// The Online Retail CSV, unpacked once into the bench cache.
fn csv() -> Option<PathBuf> {
    let gz = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/online_retail/online_retail_uci_541909.csv.gz");
    if !gz.exists() {
        println!("跳过：没有找到 {}", gz.display());
        return None;
    }
    let out = cache().join("online_retail.csv");
    if !out.exists() {
        std::fs::create_dir_all(cache()).ok()?;
        let data = Command::new("gzip").arg("-dc").arg(&gz).output().ok()?;
        if !data.status.success() {
            println!("跳过：gzip 无法解压 {}", gz.display());
            return None;
        }
        std::fs::write(&out, data.stdout).ok()?;
    }
    Some(out)
}

fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().expect("the program starts");
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The median wall time of `runs` runs, after one warm-up, and the last output.
fn median(runs: usize, mut make: impl FnMut() -> Command) -> (f64, Output) {
    let mut last = run(&mut make());
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        last = run(&mut make());
        times.push(t.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    (times[times.len() / 2], last)
}

fn counts(json: &serde_json::Value) -> BTreeMap<String, u64> {
    json.as_object()
        .map(|o| {
            o.iter()
                .filter(|(k, v)| k.as_str() != "no_purchase" && v.as_u64() != Some(0))
                .map(|(k, v)| (k.clone(), v.as_u64().unwrap_or(0)))
                .collect()
        })
        .unwrap_or_default()
}

fn main() {
    let Some(csv) = csv() else { return };
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(9)
        .max(1);
    let exe = env!("CARGO_BIN_EXE_tierdesk");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let db = dir.path().join("online_retail.db");
    let tierdesk = |args: &[&str]| {
        let mut c = Command::new(exe);
        c.arg("--db").arg(&db).args(args);
        c
    };
    let t = Instant::now();
    run(tierdesk(&["--json", "import", "transactions"]).arg(&csv));
    println!(
        "imported {} into a fresh database in {:.2} s",
        csv.display(),
        t.elapsed().as_secs_f64()
    );
    let (ours, out) = median(runs, || {
        tierdesk(&["--json", "evaluate", "--scheme", "rfm10", "--dry-run"])
    });
    let (open, _) = median(runs, || tierdesk(&["info"]));
    let preview: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("evaluate prints JSON");
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "tierdesk evaluate --scheme rfm10 --dry-run --json: median of {runs} {:>7.3} s ({} cores; opening the database, `tierdesk info`: {:.3} s)",
        ours, cores, open
    );
    let Some(python) = find_python() else {
        println!("pandas 不可用（设置 PANDAS_PYTHON，或建 ~/.cache/bench-py），只测 tierdesk");
        return;
    };
    let (pandas, out) = median(runs.min(5), || {
        let mut c = Command::new(&python);
        c.args(["-c", RECIPE]).arg(&csv);
        c
    });
    let theirs: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("the recipe prints JSON");
    let ratio = pandas / ours;
    println!(
        "pandas {} recipe from the CSV (whole process):     median of {} {:>7.3} s",
        theirs["pandas"].as_str().unwrap_or("?"),
        runs.min(5),
        pandas
    );
    println!(
        "tierdesk is {ratio:.1}× faster (goal ≥ 10×: {})",
        if ratio >= 10.0 { "met" } else { "NOT met" }
    );
    let (a, b) = (counts(&preview["counts"]), counts(&theirs["counts"]));
    println!(
        "segment counts {}: {a:?}",
        if a == b {
            "agree with pandas"
        } else {
            "DIFFER"
        }
    );
    if a != b {
        println!("pandas:                      {b:?}");
    }
}
