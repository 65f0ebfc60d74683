//! Who the CLI acts as: `--who` (or `TIERDESK_WHO`) names the batch, the tier
//! history and the 操作日志; without it the OS user does — never 「命令行」 or
//! the app's 我的名字.

use crate::{add_customer, command, ok_json};

fn batch_by(db: &std::path::Path, who: Option<&str>, env: Option<&str>) -> String {
    let mut cmd = command(db);
    cmd.env_remove("TIERDESK_WHO");
    if let Some(e) = env {
        cmd.env("TIERDESK_WHO", e);
    }
    cmd.args([
        "evaluate", "--scheme", "star4", "--period", "2024", "--apply", "--json",
    ]);
    if let Some(w) = who {
        cmd.args(["--who", w]);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list = ok_json(db, &["batch", "list"]);
    list[0]["applied_by"].as_str().unwrap().to_owned()
}

#[test]
fn who_names_the_batch_else_the_os_user() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("who.db");
    add_customer(&db, "甲", "C1", &["--spend", "150000"]);
    let os = tierdesk_api::os_user("命令行");
    assert_ne!(os, "小李");
    // (--who, TIERDESK_WHO, who the batch names)
    let cases = [
        (Some("小李"), None, "小李".to_owned()),
        (None, Some("小王"), "小王".to_owned()),
        (Some("小李"), Some("小王"), "小李".to_owned()),
        (None, None, os),
    ];
    for (who, env, want) in cases {
        assert_eq!(batch_by(&db, who, env), want, "{who:?} {env:?}");
    }
    // The tier history of the last batch names the same person.
    let history = ok_json(&db, &["customers", "history", "C1"]);
    assert_eq!(history[0]["who"], tierdesk_api::os_user("命令行").as_str());
    assert_eq!(history.as_array().unwrap().len(), 4, "one row per batch");
}
