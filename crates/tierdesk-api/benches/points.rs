//! Points: the Online Retail order import (its purchase lines) with the
//! active scheme's points off and on, best of `BENCH_RUNS` each, alternated
//! on the shared machine; then a balance look-up from a ledger of a million
//! rows (median and worst of 10,000 look-ups over random customers).
//!
//! `cargo bench -p tierdesk-api --bench points` (BENCH_DIR for the databases, default the cache).

use std::path::{Path, PathBuf};
use std::time::Instant;

use tierdesk_api::domain::ImportKind;
use tierdesk_api::{Api, ImportRequest};

mod common;

use common::{cache, online_retail_csv, runs};

fn dir() -> PathBuf {
    std::env::var("BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| cache())
}

/// Imports the orders into a fresh file; returns the seconds, the lines
/// stored and the database.
fn import(csv: &Path, points: bool, n: usize) -> (f64, u64, PathBuf) {
    let db = dir().join(format!("points-{points}-{n}-{}.db", std::process::id()));
    let _ = std::fs::remove_file(&db);
    let mut api = Api::open(&db).unwrap();
    if points {
        let mut s = api.active_scheme().unwrap();
        s.key = "points_on".into();
        s.name = "积分方案".into();
        s.points.enabled = true;
        api.import_scheme(&s.to_toml()).unwrap();
        api.activate_scheme("points_on").unwrap();
    }
    let req = ImportRequest {
        path: csv.display().to_string(),
        kind: Some(ImportKind::Transactions),
        skip_bad_rows: true,
        ..ImportRequest::default()
    };
    let t = Instant::now();
    let s = api.commit_import(&req, "bench", &mut |_| true).unwrap();
    (t.elapsed().as_secs_f64(), s.lines, db)
}

fn main() {
    let Some(csv) = online_retail_csv() else {
        return;
    };
    let (mut off, mut on) = (f64::MAX, f64::MAX);
    let mut last = None;
    for n in 0..runs() {
        let (t, lines, db) = import(&csv, false, n);
        off = off.min(t);
        let _ = std::fs::remove_file(&db);
        let (t, lines_on, db) = import(&csv, true, n);
        assert_eq!(lines, lines_on);
        on = on.min(t);
        if let Some(old) = last.replace(db) {
            let _ = std::fs::remove_file(old);
        }
        println!("run {n}: {lines} 行");
    }
    println!(
        "订单导入：不计积分 {off:.2} s，计积分 {on:.2} s，多 {:.1}%",
        (on / off - 1.0) * 100.0
    );
    let db = last.unwrap();
    let earned: i64 = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("SELECT COUNT(*) FROM points_ledger", [], |r| r.get(0))
        .unwrap();
    println!("积分记录 {earned} 行");
    balance(&db);
    let _ = std::fs::remove_file(&db);
}

/// Fills the ledger to a million rows over the file's customers, then
/// times `points_balance`.
fn balance(db: &Path) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let ids: Vec<i64> = conn
        .prepare("SELECT id FROM customers")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let have: i64 = conn
        .query_row("SELECT COUNT(*) FROM points_ledger", [], |r| r.get(0))
        .unwrap();
    conn.execute_batch("BEGIN").unwrap();
    {
        let mut ins = conn
            .prepare(
                "INSERT INTO points_ledger(customer_id, at, on_day, kind, points, balance_after,
                     source_kind, reason, who)
                 VALUES (?1, '2025-01-01 00:00:00', '2025-01-01', 'adjust', 1, ?2, 'person', 'bench', 'bench')",
            )
            .unwrap();
        for i in have..1_000_000 {
            let c = ids[(i as usize * 7919) % ids.len()];
            ins.execute(rusqlite::params![c, i]).unwrap();
        }
    }
    conn.execute_batch("COMMIT").unwrap();
    drop(conn);
    let api = Api::open(db).unwrap();
    let mut times = Vec::with_capacity(10_000);
    let mut seed = 12345u64;
    for _ in 0..10_000 {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
        let c = ids[(seed >> 33) as usize % ids.len()];
        let t = Instant::now();
        std::hint::black_box(api.points_balance(c).unwrap());
        times.push(t.elapsed().as_secs_f64() * 1e6);
    }
    times.sort_by(|a, b| a.total_cmp(b));
    println!(
        "余额查询（1,000,000 行积分记录，{} 位客户）：中位 {:.1} µs，p99 {:.1} µs，最慢 {:.1} µs",
        ids.len(),
        times[times.len() / 2],
        times[times.len() * 99 / 100],
        times[times.len() - 1]
    );
}
