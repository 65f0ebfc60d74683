//! `import customers` asks instead of guessing: guessed columns are left
//! out and listed in Chinese until `--accept-guesses`; possible duplicates
//! are listed and imported apart unless `--merge-row` / `--merge-possible-duplicates`.

use std::path::{Path, PathBuf};

use crate::{ok_json, run_ok, tierdesk};

fn wps_template() -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/templates/会员导入模板_WPS.xlsx");
    if path.exists() {
        Some(path)
    } else {
        eprintln!("跳过：没有找到 {}", path.display());
        None
    }
}

#[test]
fn guesses_wait_for_accept_and_pairs_for_a_merge() {
    let Some(sheet) = wps_template() else {
        return;
    };
    let sheet = sheet.to_str().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let out = run_ok(&db, &["import", "customers", sheet, "--dry-run"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("以下列的对应只是猜测，需要确认，本次没有导入"),
        "{text}"
    );
    assert!(
        text.contains("I列「营业额元」猜测为「消费金额」，前几个值：10000000 / 10000000"),
        "{text}"
    );
    assert!(text.contains("--accept-guesses"), "{text}");

    // Accepted: the shared mobile makes the two examples a pair, imported apart.
    let apart = ok_json(
        &db,
        &[
            "import",
            "customers",
            sheet,
            "--accept-guesses",
            "--dry-run",
        ],
    );
    assert_eq!(apart["guessed"].as_array().unwrap().len(), 0);
    assert_eq!(apart["inserted"], 2);
    let pairs = apart["possible_duplicates"].as_array().unwrap();
    assert_eq!(pairs.len(), 1);
    assert_eq!(
        (pairs[0]["row"].as_u64(), pairs[0]["other_row"].as_u64()),
        (Some(3), Some(2))
    );
    assert_eq!(pairs[0]["chosen"], "separate");

    let merged = ok_json(
        &db,
        &[
            "import",
            "customers",
            sheet,
            "--accept-guesses",
            "--merge-row",
            "3",
        ],
    );
    assert_eq!(
        (merged["inserted"].as_u64(), merged["rejected"].as_u64()),
        (Some(1), Some(1))
    );
    let list = ok_json(&db, &["customers", "list"]);
    let names: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["厦门协会宝网络科技有限公司"]);
}

#[test]
fn a_missing_file_is_named_whole() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("没有这个文件夹").join("会员表.xlsx");
    let out = tierdesk(
        &dir.path().join("t.db"),
        &["import", "customers", missing.to_str().unwrap()],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("找不到文件：{}", missing.display())),
        "{err}"
    );
}
