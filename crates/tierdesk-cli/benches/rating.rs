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

/// The whole recipe as one run: the shared functions
/// (`tierdesk-tiers/benches/python/rfm_recipe.py`) are put before it.
const RECIPE: &str = r#"
import json, sys
g = aggregate(read_orders(sys.argv[1]))
r, f, m, segment = score(g)
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
        c.args(["-c", &format!("{}\n{RECIPE}", python::RFM_RECIPE)])
            .arg(&csv);
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
