//! Importing the UCI Online Retail data (541,909 order lines) into a fresh
//! database, as CSV and as .xlsx, beside the bare calamine read of the same
//! .xlsx and, where Python with pandas is available, pandas `read_csv` /
//! `read_excel` (openpyxl and calamine engines) each followed by `to_sql`.
//! Each case runs in a child process so its peak memory is its own.
//!
//! `cargo bench -p tierdesk-api --bench import` (PANDAS_PYTHON=/path/to/python to pick the interpreter).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use tierdesk_api::domain::ImportKind;
use tierdesk_api::{Api, ImportRequest};

mod common;

/// The allocator the app and the command line use.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use common::{cache, find_python, peak_mb, run_child};

fn prepare() -> Option<(PathBuf, PathBuf)> {
    let gz = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/online_retail/online_retail_uci_541909.csv.gz");
    if !gz.exists() {
        println!("跳过：没有找到 {}", gz.display());
        return None;
    }
    let csv = cache().join("online_retail.csv");
    if !csv.exists() {
        let mut text = String::new();
        flate2::read::GzDecoder::new(std::fs::File::open(&gz).unwrap())
            .read_to_string(&mut text)
            .unwrap();
        std::fs::write(&csv, text).unwrap();
    }
    let xlsx = cache().join("online_retail.xlsx");
    if !xlsx.exists() {
        let text = std::fs::read_to_string(&csv).unwrap();
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet_with_constant_memory().unwrap();
        let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd hh:mm");
        let mut rdr = csv_rows(&text);
        for (r, fields) in rdr.by_ref().enumerate() {
            for (c, v) in fields.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                // Numbers as numbers and dates as dates, as Excel would hold them.
                if r > 0 && c == 4 {
                    let dt = rust_xlsxwriter::ExcelDateTime::parse_from_str(&v.replace(' ', "T"))
                        .unwrap();
                    ws.write_datetime_with_format(r, c, &dt, &date).unwrap();
                } else if r > 0 && matches!(c, 3 | 5 | 6) && !v.is_empty() {
                    ws.write_number(r, c, v.parse::<f64>().unwrap()).unwrap();
                } else {
                    ws.write_string(r, c, v).unwrap();
                }
            }
        }
        wb.save(&xlsx).unwrap();
    }
    Some((csv, xlsx))
}

/// A tiny CSV splitter for the bench's own conversion (quoted fields with commas).
fn csv_rows(text: &str) -> impl Iterator<Item = Vec<String>> + '_ {
    text.lines().map(|line| {
        let mut out = Vec::new();
        let (mut cur, mut quoted) = (String::new(), false);
        for ch in line.chars() {
            match ch {
                '"' => quoted = !quoted,
                ',' if !quoted => out.push(std::mem::take(&mut cur)),
                _ => cur.push(ch),
            }
        }
        out.push(cur);
        out
    })
}

fn child(case: &str, file: &Path) {
    let started = Instant::now();
    let rows = match case {
        "calamine" => {
            use calamine::Reader;
            let mut wb: calamine::Xlsx<_> = calamine::open_workbook(file).unwrap();
            let name = wb.sheet_names()[0].clone();
            wb.worksheet_range(&name).unwrap().height() as u64
        }
        _ => {
            let db = cache().join(format!("import-{case}.db"));
            let _ = std::fs::remove_file(&db);
            let _ = std::fs::remove_file(db.with_extension("db-wal"));
            let mut api = Api::open(&db).unwrap();
            let req = ImportRequest {
                path: file.display().to_string(),
                kind: Some(ImportKind::Transactions),
                skip_bad_rows: true,
                ..ImportRequest::default()
            };
            let s = api.commit_import(&req, "bench", &mut |_| true).unwrap();
            s.lines
        }
    };
    println!(
        "{case}\t{:.2}\t{:.0}\t{rows}",
        started.elapsed().as_secs_f64(),
        peak_mb()
    );
}

const PANDAS: &str = r#"
import sys, time, sqlite3, resource, os
import pandas as pd
case, path, db = sys.argv[1], sys.argv[2], sys.argv[3]
if os.path.exists(db): os.remove(db)
t = time.time()
if case == "csv": df = pd.read_csv(path)
else: df = pd.read_excel(path, engine=case)
con = sqlite3.connect(db); df.to_sql("transactions", con, index=False); con.commit()
print(f"{time.time()-t:.2f}\t{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024:.0f}\t{len(df)}")
"#;

fn pandas(python: &str, case: &str, file: &Path) -> Option<(f64, f64)> {
    let db = cache().join(format!("pandas-{case}.db"));
    let out = Command::new(python)
        .args([
            "-c",
            PANDAS,
            case,
            &file.display().to_string(),
            &db.display().to_string(),
        ])
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let f: Vec<&str> = text.trim().split('\t').collect();
    Some((f.first()?.parse().ok()?, f.get(1)?.parse().ok()?))
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--child") {
        child(&args[i + 1], Path::new(&args[i + 2]));
        return;
    }
    let Some((csv, xlsx)) = prepare() else { return };
    println!(
        "UCI Online Retail, 541,909 rows; seconds (peak MB) on this machine, {} cores",
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    );
    let bare = run_child("calamine", &xlsx);
    let ours_x = run_child("xlsx", &xlsx);
    let ours_c = run_child("csv", &csv);
    let show = |name: &str, r: &Option<(f64, f64, String)>| match r {
        Some((s, m, rows)) => println!("{name:<44} {s:>7.2} s  {m:>6.0} MB  ({rows} rows/lines)"),
        None => println!("{name:<44} failed"),
    };
    show("bare calamine read of the .xlsx", &bare);
    show("TierDesk import .xlsx → SQLite", &ours_x);
    show("TierDesk import .csv → SQLite", &ours_c);
    if let (Some(b), Some(x)) = (&bare, &ours_x) {
        println!(
            "  .xlsx import / bare calamine read = {:.2}× (goal ≤ 1.5×)",
            x.0 / b.0
        );
    }
    match find_python("import pandas, openpyxl, python_calamine") {
        None => println!("pandas: not available (set PANDAS_PYTHON or create ~/.cache/tierdesk-pyenv with pandas, openpyxl, python-calamine)"),
        Some(py) => {
            let p_csv = pandas(&py, "csv", &csv);
            let p_cal = pandas(&py, "calamine", &xlsx);
            let p_opx = pandas(&py, "openpyxl", &xlsx);
            for (name, r) in [("pandas read_csv + to_sql", &p_csv), ("pandas read_excel(calamine) + to_sql", &p_cal), ("pandas read_excel(openpyxl) + to_sql", &p_opx)] {
                match r {
                    Some((s, m)) => println!("{name:<44} {s:>7.2} s  {m:>6.0} MB"),
                    None => println!("{name:<44} failed"),
                }
            }
            if let (Some(x), Some(o), Some(c)) = (&ours_x, &p_opx, &p_cal) {
                println!("  .xlsx: {:.1}× faster than pandas+openpyxl (goal ≥ 20×), {:.1}× faster than pandas+calamine (goal ≥ 3×)", o.0 / x.0, c.0 / x.0);
            }
            if let (Some(c), Some(p)) = (&ours_c, &p_csv) {
                println!("  .csv: {:.1}× faster than pandas read_csv (goal ≥ 2×)", p.0 / c.0);
            }
        }
    }
}
