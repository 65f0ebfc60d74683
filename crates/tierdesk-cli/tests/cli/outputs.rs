//! What the CLI writes and prints: output files under a real `kill -9` (an
//! export killed at any moment leaves the earlier file at the target byte
//! for byte, and never a partial file under the final name), list limits
//! honoured in full, and a tier changed by hand recorded with its reason.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use calamine::{open_workbook_auto, Reader};

use super::{add_customer, kill, ok_json, run_ok, spawn_quiet, tierdesk};

const CUSTOMERS: usize = 20_000;

/// Data rows of the customer sheet (the header not counted) and the
/// distinct customer codes among them.
fn count_rows(path: &Path) -> (usize, usize) {
    let mut wb = open_workbook_auto(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let sheet = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&sheet).unwrap();
    let codes: std::collections::HashSet<String> =
        range.rows().skip(1).map(|r| r[0].to_string()).collect();
    (range.rows().skip(1).count(), codes.len())
}

/// Whatever is in the folder besides the database, the target files and
/// the hidden temporary files a killed writer could not remove.
fn strays(dir: &Path, targets: &[&str]) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with("t.db") && !targets.contains(&n.as_str()))
        .filter(|n| !targets.iter().any(|t| n.starts_with(&format!(".~{t}."))))
        .collect()
}

/// When to kill an export.
enum Moment {
    /// After this long.
    After(Duration),
    /// As soon as the workbook's bytes are going out: the temporary file
    /// beside the target is no longer empty (the moment the old writer left
    /// half a zip under the final name).
    WhileSaving,
}

/// Whether the writer of `out` has begun putting bytes in its temporary file.
fn saving(out: &Path) -> bool {
    let name = out.file_name().unwrap().to_string_lossy().into_owned();
    std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(&format!(".~{name}."))
        })
        .any(|e| e.metadata().map(|m| m.len() > 0).unwrap_or(false))
}

/// Starts `tierdesk export customers out` and kills it with SIGKILL at
/// `moment` (if it is still running). Returns whether it was still running.
fn export_killed(db: &Path, out: &Path, moment: &Moment) -> bool {
    let mut child = spawn_quiet(db, &["export", "customers", out.to_str().unwrap()]);
    match moment {
        Moment::After(d) => std::thread::sleep(*d),
        Moment::WhileSaving => {
            let started = Instant::now();
            while !saving(out) && started.elapsed() < Duration::from_secs(60) {
                if child.try_wait().unwrap().is_some() {
                    break;
                }
                std::thread::sleep(Duration::from_micros(200));
            }
        }
    }
    kill(child)
}

#[test]
fn an_export_killed_at_any_moment_leaves_the_earlier_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let made = ok_json(&db, &["demo", "--customers", &CUSTOMERS.to_string()]);
    assert_eq!(made["inserted"], CUSTOMERS as u64);

    // A complete export first: every customer is in it, once.
    let target = dir.path().join("客户.xlsx");
    let started = Instant::now();
    let done = ok_json(&db, &["export", "customers", target.to_str().unwrap()]);
    let full = started.elapsed();
    assert_eq!(done["customers"], CUSTOMERS as u64);
    assert_eq!(count_rows(&target), (CUSTOMERS, CUSTOMERS));
    eprintln!(
        "a full export of {CUSTOMERS} customers took {:.2} s",
        full.as_secs_f64()
    );

    // Killed early (opening the database), in the middle (rows streaming),
    // while the zip is being written, and around the end. A run may beat
    // the kill, or be killed just after its rename: then the file at the
    // target is the new export, and it must be complete.
    // The saving window is short, and on a busy machine the poll can miss
    // it: kill while saving until it has been caught three times (at most
    // twenty tries), so the test does not depend on luck.
    let timed = [1u32, 10, 30, 60, 90, 100, 120]
        .into_iter()
        .map(|p| (format!("{p}% of a run"), Moment::After(full * p / 100)));
    let saving_tries = (0..20).map(|i| (format!("saving ({i})"), Moment::WhileSaving));
    let mut before = std::fs::read(&target).unwrap();
    let mut kept_while_saving = 0;
    for (label, moment) in timed.chain(saving_tries) {
        if matches!(moment, Moment::WhileSaving) && kept_while_saving >= 3 {
            break;
        }
        let running = export_killed(&db, &target, &moment);
        let now = std::fs::read(&target).unwrap();
        if now == before {
            if running && matches!(moment, Moment::WhileSaving) {
                kept_while_saving += 1;
            }
        } else {
            assert_eq!(
                count_rows(&target),
                (CUSTOMERS, CUSTOMERS),
                "killed at {label}, the target is neither the earlier export nor a complete new one"
            );
            before = now;
        }
        assert_eq!(strays(dir.path(), &["客户.xlsx"]), Vec::<String>::new());
    }
    assert!(
        kept_while_saving >= 1,
        "no run was killed while its workbook was being written"
    );

    // Without an earlier file: a killed export leaves nothing under the
    // name, or (killed after its rename) a complete file.
    let fresh = dir.path().join("新客户.xlsx");
    for (label, moment) in [
        ("10%", Moment::After(full / 10)),
        ("50%", Moment::After(full / 2)),
        ("saving", Moment::WhileSaving),
    ] {
        export_killed(&db, &fresh, &moment);
        if fresh.exists() {
            assert_eq!(count_rows(&fresh), (CUSTOMERS, CUSTOMERS), "at {label}");
            std::fs::remove_file(&fresh).unwrap();
        }
    }
    let out = tierdesk(&db, &["info"]);
    assert!(out.status.success(), "the database still opens");
}

#[test]
fn customers_list_returns_as_many_rows_as_the_limit_asks() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    ok_json(&db, &["demo", "--customers", "5000"]);
    let mut first_ids: Vec<i64> = Vec::new();
    for (limit, want) in [(10u64, 10usize), (1000, 1000), (5000, 5000), (100000, 5000)] {
        let page = ok_json(&db, &["customers", "list", "--limit", &limit.to_string()]);
        let ids: Vec<i64> = page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_i64().unwrap())
            .collect();
        assert_eq!(ids.len(), want, "--limit {limit}");
        assert_eq!(page["total"], 5000);
        let distinct: std::collections::HashSet<i64> = ids.iter().copied().collect();
        assert_eq!(distinct.len(), want, "--limit {limit}: each customer once");
        // The effective limit is in the JSON, checked after the rows so a
        // cut list fails on its count.
        assert_eq!(page["limit"], limit);
        if first_ids.is_empty() {
            first_ids = ids;
        } else {
            assert_eq!(ids[..first_ids.len()], first_ids[..], "the same first rows");
        }
    }
    // The text output says which part of the list it shows.
    let out = tierdesk(
        &db,
        &["customers", "list", "--limit", "1500", "--offset", "4000"],
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("共 5000 位客户"), "{text}");
    assert!(text.contains("以下为第 4001 至 5000 位"), "{text}");
    assert_eq!(text.lines().count(), 2 + 1000, "{text}");
}

#[test]
fn customers_update_tier_needs_a_reason_and_records_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    add_customer(&db, "张三", "C001", &["--tier", "silver"]);

    let out = tierdesk(&db, &["customers", "update", "C001", "--tier", "gold"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("请填写调整等级的原因"), "{err}");
    assert_eq!(
        ok_json(&db, &["customers", "show", "C001"])["tier"],
        "silver"
    );

    let c = ok_json(
        &db,
        &[
            "customers",
            "update",
            "C001",
            "--tier",
            "gold",
            "--reason",
            "年底大单",
        ],
    );
    assert_eq!(c["tier"], "gold");
    let history = ok_json(&db, &["customers", "history", "C001"]);
    let rows = history.as_array().unwrap_or_else(|| panic!("{history}"));
    assert_eq!(rows.len(), 1, "{history}");
    assert_eq!(rows[0]["from_tier"], "silver");
    assert_eq!(rows[0]["to_tier"], "gold");
    assert_eq!(rows[0]["reason"], "手工调整：年底大单");
    assert!(rows[0]["batch_id"].is_null());

    // Other fields change without a reason and add no history.
    ok_json(&db, &["customers", "update", "C001", "--spend", "500"]);
    assert_eq!(
        ok_json(&db, &["customers", "history", "C001"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

/// Runs tierdesk under a file size limit of about 100 KB (`ulimit -f 200`:
/// dash counts 512-byte blocks), the nearest a test gets to a disk that
/// fills up during the save. With `ignore_signal` the write fails with an
/// error (EFBIG) that the program reports; without, the system kills the
/// program (SIGXFSZ) half-way through the file.
#[cfg(unix)]
fn tierdesk_limited(db: &Path, args: &[&str], ignore_signal: bool) -> std::process::Output {
    let trap = if ignore_signal { "trap '' XFSZ; " } else { "" };
    Command::new("sh")
        .arg("-c")
        .arg(format!("{trap}ulimit -f 200; exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_tierdesk"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("TIERDESK_DB")
        .output()
        .expect("run tierdesk")
}

#[cfg(unix)]
#[test]
fn a_save_that_runs_out_of_room_keeps_the_earlier_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    ok_json(&db, &["demo", "--customers", "5000"]);
    let target = dir.path().join("客户.xlsx");
    ok_json(&db, &["export", "customers", target.to_str().unwrap()]);
    let before = std::fs::read(&target).unwrap();
    assert!(before.len() > 200 * 512, "the export must exceed the limit");

    for ignore_signal in [true, false] {
        let out = tierdesk_limited(
            &db,
            &["export", "customers", target.to_str().unwrap()],
            ignore_signal,
        );
        assert!(!out.status.success(), "the export cannot fit");
        assert!(
            std::fs::read(&target).unwrap() == before,
            "the earlier export changed"
        );
        if ignore_signal {
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(
                err.contains("客户.xlsx") && err.contains("原来的文件没有改动"),
                "{err}"
            );
            // The writer cleaned up after itself.
            assert_eq!(strays(dir.path(), &["客户.xlsx"]), Vec::<String>::new());
            assert!(
                !std::fs::read_dir(dir.path()).unwrap().any(|e| e
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .starts_with(".~")),
                "a temporary file was left behind"
            );
        }
    }
    assert_eq!(count_rows(&target), (5000, 5000));

    // The error workbook of an import, written beside a good earlier one.
    let sheet = dir.path().join("导入.csv");
    let mut text = String::from("客户编号,客户名称,消费金额\n");
    for i in 0..6000 {
        let spend = if i == 17 {
            "十万".to_owned()
        } else {
            (i * 10).to_string()
        };
        text.push_str(&format!("K{i:05},客户{i},{spend}\n"));
    }
    std::fs::write(&sheet, text).unwrap();
    let errors = dir.path().join("错误表.xlsx");
    let args = [
        "import",
        "customers",
        sheet.to_str().unwrap(),
        "--dry-run",
        "--errors-out",
        errors.to_str().unwrap(),
    ];
    run_ok(&db, &args);
    let before = std::fs::read(&errors).unwrap();
    assert!(
        before.len() > 200 * 512,
        "the error workbook must exceed the limit"
    );
    for ignore_signal in [true, false] {
        let out = tierdesk_limited(&db, &args, ignore_signal);
        assert!(!out.status.success());
        assert!(
            std::fs::read(&errors).unwrap() == before,
            "the earlier error workbook changed"
        );
        if ignore_signal {
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(err.contains("错误表.xlsx"), "{err}");
        }
    }
}
