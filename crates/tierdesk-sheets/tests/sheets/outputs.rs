//! Output files appear complete or not at all: a write that fails half-way
//! leaves the earlier file byte for byte and no temporary file beside it.

use std::io::Write;
use std::path::{Path, PathBuf};

use calamine::{open_workbook_auto, Reader};
use tierdesk_domain::Cell;
use tierdesk_sheets::{
    save_output, write_customer_book, write_error_workbook, CellProblem, ColumnKind, CustomerBook,
    ExportColumn, OutputFile, SheetError,
};

fn book() -> CustomerBook {
    let col = |h: &str, kind: ColumnKind| ExportColumn {
        header: h.into(),
        kind,
        width: 12.0,
    };
    CustomerBook {
        sheet: "星级客户管理表".into(),
        columns: vec![
            col("客户编号", ColumnKind::Code),
            col("客户名称", ColumnKind::Text),
            col("消费金额", ColumnKind::Number("#,##0.00")),
        ],
        instructions: Vec::new(),
    }
}

fn row(i: usize) -> Vec<Cell> {
    vec![
        Cell::Text(format!("C{i:05}")),
        Cell::Text(format!("客户{i}")),
        Cell::Number(i as f64 * 10.0),
    ]
}

/// The names in a folder, sorted: the test's way to see stray files.
fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Data rows of the first sheet as calamine reads them (the header not counted),
/// and the codes in column A.
fn data_rows(path: &Path) -> Vec<String> {
    let mut wb = open_workbook_auto(path).unwrap();
    let sheet = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&sheet).unwrap();
    range.rows().skip(1).map(|r| r[0].to_string()).collect()
}

fn good_export(dir: &Path, rows: usize) -> (PathBuf, Vec<u8>) {
    let out = dir.join("客户.xlsx");
    let n = write_customer_book(&book(), &mut (1..=rows).map(row), &out, &mut |_| {}).unwrap();
    assert_eq!(n, rows as u64);
    let bytes = std::fs::read(&out).unwrap();
    (out, bytes)
}

#[test]
fn a_complete_export_holds_every_row_and_nothing_else_is_left() {
    let dir = tempfile::tempdir().unwrap();
    let (out, _) = good_export(dir.path(), 2_345);
    let codes = data_rows(&out);
    assert_eq!(codes.len(), 2_345);
    assert_eq!(codes[0], "C00001");
    assert_eq!(codes[2_344], "C02345");
    assert_eq!(entries(dir.path()), ["客户.xlsx"]);
}

#[test]
fn an_export_that_fails_half_way_keeps_the_earlier_file() {
    let dir = tempfile::tempdir().unwrap();
    let (out, before) = good_export(dir.path(), 50);
    // Excel's limit is 32,767 characters a cell: the writer refuses row 700
    // after 699 rows have gone out.
    let mut rows = (1..=1_000usize).map(|i| {
        let mut r = row(i);
        if i == 700 {
            r[1] = Cell::Text("长".repeat(40_000));
        }
        r
    });
    let err = write_customer_book(&book(), &mut rows, &out, &mut |_| {}).unwrap_err();
    assert!(matches!(err, SheetError::Write { .. }), "{err:?}");
    assert!(err.to_string().contains("原来的文件没有改动"), "{err}");
    assert_eq!(
        std::fs::read(&out).unwrap(),
        before,
        "the earlier export is intact"
    );
    assert_eq!(entries(dir.path()), ["客户.xlsx"], "no temporary file left");
    assert_eq!(data_rows(&out).len(), 50);

    // With no earlier file, a failed export leaves no file at all.
    let fresh = dir.path().join("新.xlsx");
    let mut rows = (1..=10usize).map(|i| {
        let mut r = row(i);
        if i == 5 {
            r[1] = Cell::Text("长".repeat(40_000));
        }
        r
    });
    write_customer_book(&book(), &mut rows, &fresh, &mut |_| {}).unwrap_err();
    assert!(!fresh.exists());
    assert_eq!(entries(dir.path()), ["客户.xlsx"]);
}

#[test]
fn an_error_workbook_that_fails_keeps_the_earlier_one() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("源.csv");
    std::fs::write(&src, "客户名称,消费金额\n张三,100\n李四,abc\n").unwrap();
    let out = dir.path().join("错误.xlsx");
    let problems = [CellProblem {
        row: 2,
        col: Some(1),
        message: "不是数字".into(),
    }];
    let sheet = tierdesk_sheets::open(&src).unwrap().sheets()[0]
        .name
        .clone();
    write_error_workbook(&src, &sheet, 0, &problems, &out).unwrap();
    let before = std::fs::read(&out).unwrap();

    // A reason longer than a cell can hold cannot be written. (A source
    // cell over Excel's limit no longer fails: the CSV reader cuts it, and
    // the import refuses its row and says why.)
    let long = [CellProblem {
        message: "长".repeat(40_000),
        ..problems[0].clone()
    }];
    let err = write_error_workbook(&src, &sheet, 0, &long, &out).unwrap_err();
    assert!(matches!(err, SheetError::Write { .. }), "{err:?}");
    assert_eq!(std::fs::read(&out).unwrap(), before);
    assert_eq!(entries(dir.path()), ["源.csv", "错误.xlsx"]);
}

#[test]
fn an_output_file_replaces_its_target_only_when_committed() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("报告.html");
    std::fs::write(&target, "旧的报告").unwrap();

    // Written in part, then abandoned (an error, a cancel): nothing changes.
    let mut f = OutputFile::create(&target).unwrap();
    f.file().write_all(b"<html>half").unwrap();
    assert_eq!(
        entries(dir.path()).len(),
        2,
        "the bytes go to a file beside it"
    );
    drop(f);
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "旧的报告");
    assert_eq!(entries(dir.path()), ["报告.html"]);

    save_output(&target, "新的报告".as_bytes()).unwrap();
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "新的报告");
    assert_eq!(entries(dir.path()), ["报告.html"]);

    // A new file gets the permissions any file the person creates gets,
    // not the owner-only ones of a temporary file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let plain = dir.path().join("plain");
        std::fs::File::create(&plain).unwrap();
        let want = std::fs::metadata(&plain).unwrap().permissions().mode() & 0o777;
        let got = std::fs::metadata(&target).unwrap().permissions().mode() & 0o777;
        assert_eq!(got, want);
    }
}

#[test]
fn a_missing_folder_is_named_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("没有的文件夹").join("客户.xlsx");
    let err = write_customer_book(&book(), &mut (1..=3).map(row), &target, &mut |_| {})
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("客户.xlsx") && err.contains("没有的文件夹") && err.contains("不存在"),
        "{err}"
    );
}

#[test]
fn a_target_that_is_a_folder_is_refused_and_cleaned_up() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("报告.pdf");
    std::fs::create_dir(&target).unwrap();
    let err = save_output(&target, b"%PDF").unwrap_err();
    assert!(matches!(err, SheetError::Write { .. }), "{err:?}");
    #[cfg(unix)]
    assert_eq!(
        err.to_string(),
        "无法写入文件「报告.pdf」：这个名字已被一个文件夹占用，请换一个文件名保存"
    );
    assert_eq!(entries(dir.path()), ["报告.pdf"], "no temporary file left");
}

#[test]
fn leftovers_of_a_killed_writer_are_removed_by_the_next_save() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("客户.xlsx");
    let stale = dir.path().join(".~客户.xlsx.a1b2c3.tmp");
    let recent = dir.path().join(".~客户.xlsx.d4e5f6.tmp");
    let other = dir.path().join(".~别的.xlsx.g7h8i9.tmp");
    for p in [&stale, &recent, &other] {
        std::fs::write(p, b"PK half").unwrap();
    }
    let two_hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
    for p in [&stale, &other] {
        std::fs::File::options()
            .write(true)
            .open(p)
            .unwrap()
            .set_modified(two_hours_ago)
            .unwrap();
    }
    save_output(&target, b"new").unwrap();
    // Only the old leftover of this target goes: a recent one may belong to
    // a save still running in another window, and another file's is not ours.
    assert_eq!(
        entries(dir.path()),
        [
            ".~别的.xlsx.g7h8i9.tmp",
            ".~客户.xlsx.d4e5f6.tmp",
            "客户.xlsx"
        ]
    );
}
