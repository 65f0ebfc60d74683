//! The database under stress, through the real `tierdesk` binary: killed
//! mid-way (kill -9 at seeded moments during an order-line import and a
//! rating), and several processes writing and reading one file at once.
//! After each, SQLite's full `integrity_check` passes, the data that was
//! there before is intact, and an import or a rating is all or nothing.
//!
//! CI runs a few rounds; `TIERDESK_STRESS_ROUNDS=50 cargo test -p
//! tierdesk-cli --test cli safety` runs more.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::Output;
use std::thread;
use std::time::{Duration, Instant};

use rusqlite::Connection;

use super::{kill, run_ok, spawn_quiet, tierdesk};

/// What every process says when another one held the write lock too long.
const BUSY: &str = "另一个 TierDesk 窗口或其他程序正在写入这个数据库文件，请稍等片刻再试一次";

fn rounds(ci: usize) -> usize {
    std::env::var("TIERDESK_STRESS_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(ci)
}

/// The moments to kill at come from a fixed seed, so a failing round can be
/// run again; splitmix64 is enough for that and keeps a random-number crate
/// out of the test's dependencies.
struct Seeds(u64);

impl Seeds {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A fraction in [lo, hi).
    fn between(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (self.next() >> 11) as f64 / (1u64 << 53) as f64 * (hi - lo)
    }
}

/// An Online Retail style order sheet: `lines` lines over `customers`
/// customer numbers starting at `first_customer`, several lines per order.
fn order_csv(path: &Path, lines: usize, customers: usize, first_customer: usize) {
    let mut text = String::with_capacity(lines * 90);
    text.push_str(
        "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n",
    );
    for i in 0..lines {
        let order = i / 4;
        let customer = first_customer + order * 7 % customers;
        let day = 1 + order % 28;
        let month = 1 + order / 28 % 12;
        text.push_str(&format!(
            "{},{},ITEM {},{},2011-{month:02}-{day:02} 10:{:02}:00,{}.{:02},{customer}.0,United Kingdom\n",
            600_000 + order,
            20_000 + i % 500,
            i % 500,
            1 + i % 12,
            i % 60,
            1 + i % 9,
            i % 100,
        ));
    }
    std::fs::write(path, text).unwrap();
}

fn integrity(db: &Path) -> String {
    let conn = Connection::open(db).unwrap();
    let mut stmt = conn.prepare("PRAGMA integrity_check").unwrap();
    let rows: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    rows.join("\n")
}

fn hash_of(text: &str) -> u64 {
    let mut h = DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

/// Count and checksum of the customers with ids up to `max_id`, over the
/// columns given.
fn digest(conn: &Connection, columns: &str, max_id: i64) -> (i64, u64) {
    let (n, text): (i64, String) = conn
        .query_row(
            &format!(
                "SELECT count(*), COALESCE(group_concat(row, char(10)), '') FROM (
                     SELECT concat_ws('|', {columns}) AS row FROM customers
                     WHERE id <= ?1 ORDER BY id)"
            ),
            [max_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    (n, hash_of(&text))
}

const IDENTITY: &str = "id, code, name, phone, spend, frequency, created_at, deleted_at";
const RATING: &str = "id, tier, last_rated_on, next_rating_on";

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Runs `args` on a copy of `base` and kills it with SIGKILL after `after`:
/// only what SQLite already made durable counts.
fn killed_run(base: &Path, copy: &Path, args: &[&str], after: Duration) {
    std::fs::copy(base, copy).unwrap();
    let child = spawn_quiet(copy, args);
    thread::sleep(after);
    kill(child);
}

/// Kills `args` on a fresh copy of `base`, `rounds(3)` times, at moments
/// drawn from `seed` between `lo` and `hi` of `took`. After each, SQLite's
/// integrity check passes and the customers up to `max_id` are still
/// `identity`; then `check` looks at the copy (with a sentence naming the
/// round for its messages).
fn kill_rounds(
    base: &Path,
    args: &[&str],
    took: Duration,
    (seed, lo, hi): (u64, f64, f64),
    (max_id, identity): (i64, (i64, u64)),
    mut check: impl FnMut(&Path, Connection, &str),
) {
    let mut seeds = Seeds(seed);
    for round in 0..rounds(3) {
        let db = base.with_file_name(format!("kill{round}.db"));
        let at = took.mul_f64(seeds.between(lo, hi));
        killed_run(base, &db, args, at);
        let report = format!("round {round}, killed after {at:?} of {took:?}");
        assert_eq!(integrity(&db), "ok", "{report}");
        let conn = Connection::open(&db).unwrap();
        assert_eq!(digest(&conn, IDENTITY, max_id), identity, "{report}");
        check(&db, conn, &report);
    }
}

fn timed(db: &Path, args: &[&str]) -> Duration {
    let started = Instant::now();
    run_ok(db, args);
    started.elapsed()
}

#[test]
fn an_order_import_killed_at_any_moment_is_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base.db");
    run_ok(&base, &["demo", "--customers", "300", "--seed", "7"]);
    let csv = dir.path().join("orders.csv");
    order_csv(&csv, 100_000, 2_000, 90_000);
    let (before, max_id) = {
        let conn = Connection::open(&base).unwrap();
        let max_id = count(&conn, "SELECT MAX(id) FROM customers");
        (digest(&conn, IDENTITY, max_id), max_id)
    };
    let args = ["import", "transactions", csv.to_str().unwrap(), "--json"];

    // One run to the end: how long it takes, and what "all" is.
    let full = dir.path().join("full.db");
    std::fs::copy(&base, &full).unwrap();
    let took = timed(&full, &args);
    let (all_lines, all_customers) = {
        let conn = Connection::open(&full).unwrap();
        (
            count(&conn, "SELECT count(*) FROM transactions"),
            count(&conn, "SELECT count(*) FROM customers"),
        )
    };
    assert_eq!(all_lines, 100_000);
    assert_eq!(all_customers, before.0 + 2_000);

    let (mut none, mut all) = (0, 0);
    let moments = (12, 0.05, 1.05);
    kill_rounds(
        &base,
        &args,
        took,
        moments,
        (max_id, before),
        |db, conn, report| {
            let lines = count(&conn, "SELECT count(*) FROM transactions");
            let imports = count(&conn, "SELECT count(*) FROM imports");
            let customers = count(&conn, "SELECT count(*) FROM customers");
            if lines == 0 {
                none += 1;
                assert_eq!((imports, customers), (0, before.0), "{report}");
            } else {
                all += 1;
                assert_eq!(lines, all_lines, "{report}: part of the import is stored");
                assert_eq!(customers, all_customers, "{report}");
                assert_eq!(
                    count(&conn, "SELECT lines FROM imports"),
                    all_lines,
                    "{report}: the import's record disagrees with its lines"
                );
            }
            drop(conn);
            // The file opens again in TierDesk.
            run_ok(db, &["info"]);
        },
    );
    eprintln!("import killed: {none} rounds stored nothing, {all} stored everything");
}

#[test]
fn a_rating_killed_at_any_moment_is_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base.db");
    run_ok(&base, &["demo", "--customers", "5000", "--seed", "3"]);
    let args = ["evaluate", "--apply", "--as-of", "2024-12-31", "--json"];
    let (identity, tiers_before, max_id) = {
        let conn = Connection::open(&base).unwrap();
        let max_id = count(&conn, "SELECT MAX(id) FROM customers");
        (
            digest(&conn, IDENTITY, max_id),
            digest(&conn, RATING, max_id),
            max_id,
        )
    };
    let full = dir.path().join("full.db");
    std::fs::copy(&base, &full).unwrap();
    let took = timed(&full, &args);
    let tiers_after = digest(&Connection::open(&full).unwrap(), RATING, max_id);
    assert_ne!(tiers_after, tiers_before, "the rating changes tiers");

    let moments = (34, 0.1, 1.0);
    kill_rounds(
        &base,
        &args,
        took,
        moments,
        (max_id, identity),
        |_, conn, report| {
            let batches = count(&conn, "SELECT count(*) FROM batches");
            let tiers = digest(&conn, RATING, max_id);
            if batches == 0 {
                assert_eq!(
                    tiers, tiers_before,
                    "{report}: tiers changed without a batch"
                );
                assert_eq!(
                    count(&conn, "SELECT count(*) FROM tier_history"),
                    0,
                    "{report}"
                );
            } else {
                assert_eq!(batches, 1, "{report}");
                assert_eq!(tiers, tiers_after, "{report}: part of the rating is stored");
                assert_eq!(
                    count(&conn, "SELECT count(*) FROM tier_history"),
                    count(&conn, "SELECT customers FROM batches"),
                    "{report}"
                );
            }
        },
    );
}

/// What one process said: success, or the message it failed with.
#[derive(Debug)]
enum Said {
    Done(String),
    Failed(String),
}

fn said(out: Output) -> Said {
    if out.status.success() {
        Said::Done(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Said::Failed(String::from_utf8_lossy(&out.stderr).trim().to_owned())
    }
}

/// A failure is the busy sentence, in Chinese, never SQLite's own English.
fn check_failure(what: &str, message: &str) {
    assert_eq!(message, format!("错误：{BUSY}"), "{what} failed otherwise");
}

#[test]
fn several_processes_writing_and_reading_one_file_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shared.db");
    run_ok(&db, &["demo", "--customers", "200", "--seed", "5"]);
    for u in 0..3 {
        run_ok(
            &db,
            &[
                "customers",
                "add",
                "--name",
                &format!("待改{u}"),
                "--code",
                &format!("U{u}"),
            ],
        );
    }
    let csvs: Vec<PathBuf> = (0..2)
        .map(|n| {
            let csv = dir.path().join(format!("orders{n}.csv"));
            order_csv(&csv, 30_000, 500, 70_000 + n * 1_000);
            csv
        })
        .collect();
    let per_round = rounds(1);
    let mut workers: Vec<thread::JoinHandle<Vec<(String, Said)>>> = Vec::new();
    for w in 0..3 {
        let db = db.clone();
        workers.push(thread::spawn(move || {
            (0..12 * per_round)
                .map(|i| {
                    let code = format!("W{w}-{i}");
                    let out = tierdesk(
                        &db,
                        &[
                            "customers",
                            "add",
                            "--name",
                            &format!("并发{w}号{i}"),
                            "--code",
                            &code,
                            "--json",
                        ],
                    );
                    (format!("add {code}"), said(out))
                })
                .collect()
        }));
    }
    {
        let db = db.clone();
        workers.push(thread::spawn(move || {
            (0..12 * per_round)
                .map(|i| {
                    let code = format!("U{}", i % 3);
                    let manager = format!("经理{i}");
                    let out = tierdesk(
                        &db,
                        &[
                            "customers",
                            "update",
                            &code,
                            "--manager",
                            &manager,
                            "--json",
                        ],
                    );
                    (format!("update {code} {manager}"), said(out))
                })
                .collect()
        }));
    }
    for csv in csvs {
        let db = db.clone();
        workers.push(thread::spawn(move || {
            let out = tierdesk(
                &db,
                &["import", "transactions", csv.to_str().unwrap(), "--json"],
            );
            vec![(format!("import {}", csv.display()), said(out))]
        }));
    }
    {
        let db = db.clone();
        workers.push(thread::spawn(move || {
            (0..15 * per_round)
                .map(|i| {
                    let out = tierdesk(&db, &["customers", "list", "--limit", "20", "--json"]);
                    (format!("list {i}"), said(out))
                })
                .collect()
        }));
    }
    let results: Vec<(String, Said)> = workers
        .into_iter()
        .flat_map(|w| w.join().unwrap())
        .collect();

    assert_eq!(integrity(&db), "ok");
    let conn = Connection::open(&db).unwrap();
    let (mut done, mut failed) = (0, 0);
    // Each kind of command must have got through at least once, or the
    // test would pass with every command refused.
    let mut succeeded: std::collections::BTreeMap<&str, usize> = Default::default();
    let mut last_manager: [Option<String>; 3] = Default::default();
    let mut imported = 0;
    for (what, outcome) in &results {
        match outcome {
            Said::Failed(message) => {
                failed += 1;
                check_failure(what, message);
            }
            Said::Done(stdout) => {
                done += 1;
                *succeeded
                    .entry(what.split(' ').next().unwrap())
                    .or_default() += 1;
                let mut words = what.split(' ');
                match (words.next(), words.next(), words.next()) {
                    (Some("add"), Some(code), _) => {
                        let name: Option<String> = conn
                            .query_row("SELECT name FROM customers WHERE code = ?1", [code], |r| {
                                r.get(0)
                            })
                            .ok();
                        assert!(
                            name.is_some(),
                            "{what} said it succeeded ({stdout}) but is not stored"
                        );
                    }
                    (Some("update"), Some(code), Some(manager)) => {
                        let u: usize = code[1..].parse().unwrap();
                        last_manager[u] = Some(manager.to_owned());
                    }
                    (Some("import"), _, _) => imported += 1,
                    _ => {}
                }
            }
        }
    }
    for (u, manager) in last_manager.iter().enumerate() {
        if let Some(manager) = manager {
            let now: String = conn
                .query_row(
                    "SELECT manager FROM customers WHERE code = ?1",
                    [format!("U{u}")],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(
                &now, manager,
                "the last successful update of U{u} is what is stored"
            );
        }
    }
    assert_eq!(
        count(&conn, "SELECT count(*) FROM transactions"),
        imported * 30_000,
        "every import that succeeded is stored whole, no other"
    );
    eprintln!("{done} commands succeeded, {failed} failed with the busy sentence: {succeeded:?}");
    for kind in ["add", "update", "import", "list"] {
        assert!(
            succeeded.get(kind).copied().unwrap_or(0) > 0,
            "no {kind} got through: {succeeded:?}"
        );
    }
}

/// Runs `args` while another connection holds the write lock (as a second
/// window or a script would) for `hold`, or, with `None`, until the command
/// has finished: then the command cannot win the lock however slowly the
/// machine runs, and must give up after its own timeout.
fn run_while_locked(db: &Path, args: &[&str], hold: Option<Duration>) -> Output {
    let conn = Connection::open(db).unwrap();
    conn.execute_batch(
        "BEGIN IMMEDIATE;
         UPDATE customers SET notes = '另一个窗口' WHERE code = 'H1';",
    )
    .unwrap();
    thread::scope(|s| {
        let run = s.spawn(|| tierdesk(db, args));

        match hold {
            Some(hold) => {
                thread::sleep(hold);
                conn.execute_batch("COMMIT").unwrap();
                run.join().unwrap()
            }
            None => {
                let out = run.join().unwrap();
                conn.execute_batch("COMMIT").unwrap();
                out
            }
        }
    })
}

#[test]
fn every_command_waits_for_a_lock_held_a_second_and_says_busy_past_the_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    run_ok(&db, &["demo", "--customers", "50", "--seed", "9"]);
    for (code, name) in [("H1", "占锁"), ("U1", "待改"), ("D1", "待删")] {
        run_ok(&db, &["customers", "add", "--name", name, "--code", code]);
    }
    let csv = dir.path().join("orders.csv");
    order_csv(&csv, 200, 20, 50_000);
    let csv = csv.to_str().unwrap().to_owned();
    let commands: Vec<Vec<&str>> = vec![
        vec!["customers", "add", "--name", "新增", "--code", "A1"],
        vec!["customers", "update", "U1", "--manager", "王经理"],
        vec!["customers", "delete", "D1"],
        vec!["evaluate", "--apply", "--as-of", "2024-12-31"],
        vec!["import", "transactions", &csv],
        vec!["customers", "list", "--limit", "5"],
    ];
    for args in &commands {
        let out = run_while_locked(&db, args, Some(Duration::from_secs(1)));
        assert!(
            out.status.success(),
            "{args:?} did not wait: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let conn = Connection::open(&db).unwrap();
    assert_eq!(
        count(&conn, "SELECT count(*) FROM customers WHERE code = 'A1'"),
        1
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM customers WHERE code = 'U1' AND manager = '王经理'"
        ),
        1
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM customers WHERE code = 'D1' AND deleted_at IS NOT NULL"
        ),
        1
    );
    assert_eq!(count(&conn, "SELECT count(*) FROM batches"), 1);
    assert_eq!(count(&conn, "SELECT count(*) FROM transactions"), 200);
    drop(conn);

    // Held until the command gives up: the write fails with the sentence,
    // and is not stored.
    let add = ["customers", "add", "--name", "迟到", "--code", "A2"];
    let out = run_while_locked(&db, &add, None);
    assert!(!out.status.success());
    check_failure(
        "add during a long lock",
        String::from_utf8_lossy(&out.stderr).trim(),
    );
    let conn = Connection::open(&db).unwrap();
    assert_eq!(
        count(&conn, "SELECT count(*) FROM customers WHERE code = 'A2'"),
        0
    );
}

/// The database file cannot grow (a full disk, here a file-size limit on the
/// process): the write fails with a Chinese sentence, not SQLite's English,
/// and the file is intact with exactly the customers it had.
#[test]
fn a_database_that_cannot_grow_keeps_what_it_had() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    run_ok(&db, &["demo", "--customers", "200", "--seed", "3"]);
    let kb = std::fs::metadata(&db).unwrap().len() / 1024;
    // bash counts the limit in KiB; SIGXFSZ is ignored so that the write
    // returns an error, as a full disk does, instead of killing the process.
    let script = format!(
        "trap '' XFSZ; ulimit -f {}; exec \"$0\" --db \"$1\" demo --customers 20000 --seed 4",
        kb + 200
    );
    let out = std::process::Command::new("bash")
        .args([
            "-c",
            &script,
            env!("CARGO_BIN_EXE_tierdesk"),
            db.to_str().unwrap(),
        ])
        .env_remove("TIERDESK_DB")
        .output()
        .unwrap();
    assert!(!out.status.success(), "the limit was not reached");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("这次的修改没有保存"), "{said}");
    assert!(!said.chars().any(|c| c.is_ascii_alphabetic()), "{said}");
    assert_eq!(integrity(&db), "ok");
    let conn = Connection::open(&db).unwrap();
    assert_eq!(count(&conn, "SELECT count(*) FROM customers"), 200);
}
