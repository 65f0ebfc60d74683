//! Messages that reach the UI as a key and parameters (`tierdesk_domain::msg`):
//! the UI's Chinese catalogue of them is generated from Rust and committed,
//! and each one renders to exactly the Chinese the CLI prints.

use std::path::PathBuf;

use tierdesk_api::{ApiError, ErrorCode};
use tierdesk_domain::msg::{template, MESSAGES};
use tierdesk_store::StoreError;

/// `ui/src/i18n/rustZh.ts`: every key Rust can send, with its Chinese.
fn generated_catalogue() -> String {
    let mut out = String::from(
        "// Generated from tierdesk_domain::msg::MESSAGES by \
         `UPDATE_BINDINGS=1 cargo test -p tierdesk-api --test api messages`; do not edit.\n\
         // Every message key Rust can send to the UI, with its Chinese; the English is in rustEn.ts.\n\
         export const rustZh: Record<string, string> = {\n",
    );
    for (key, zh) in MESSAGES {
        out.push_str(&format!(
            "  {}: {},\n",
            serde_json::to_string(key).unwrap(),
            serde_json::to_string(zh).unwrap()
        ));
    }
    out.push_str("};\n");
    out
}

#[test]
fn the_ui_catalogue_of_rust_messages_matches_rust() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/i18n/rustZh.ts");
    let generated = generated_catalogue();
    assert_eq!(generated.matches("\n  \"").count(), MESSAGES.len());
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &generated).expect("write rustZh.ts");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "ui/src/i18n/rustZh.ts is out of date; run `UPDATE_BINDINGS=1 cargo test -p \
         tierdesk-api --test api messages` and commit it"
    );
}

/// One of every store failure. The `match` keeps this list whole: a new
/// variant fails to compile here until it has an example.
fn store_examples() -> Vec<StoreError> {
    let names = || vec!["客户「甲」（编号 P1）".to_owned(), "客户「乙」".to_owned()];
    let all = vec![
        StoreError::Open {
            path: "D:/客户.db".into(),
            reason: "文件是只读的".into(),
        },
        StoreError::Io {
            path: "D:/备份".into(),
            reason: "拒绝访问".into(),
        },
        StoreError::TooNew {
            path: "a.db".into(),
            found: 40,
            supported: 23,
        },
        StoreError::DuplicateCode {
            code: "C1".into(),
            holder: "甲公司".into(),
        },
        StoreError::CustomerNotFound("#7".into()),
        StoreError::DuplicateField("行业".into()),
        StoreError::FieldNotFound("行业".into()),
        StoreError::ImportNotFound(4),
        StoreError::CustomerGone(9),
        StoreError::ImportAlreadyUndone(4),
        StoreError::ImportOutOfOrder { id: 4, later: 6 },
        StoreError::ProfileNotFound("会员表".into()),
        StoreError::EmptyProfileName,
        StoreError::DuplicateProfile("会员表".into()),
        StoreError::Busy,
        StoreError::Damaged {
            path: "a.db".into(),
            detail: "malformed".into(),
        },
        StoreError::Damaged {
            path: String::new(),
            detail: "malformed".into(),
        },
        StoreError::NotADatabase {
            path: "a.xlsx".into(),
            detail: "x".into(),
        },
        StoreError::UndoWouldLoseEdits {
            id: 3,
            customers: names(),
            count: 2,
        },
        StoreError::UndoWouldLoseEdits {
            id: 3,
            customers: names(),
            count: 12,
        },
        StoreError::BatchUndoWouldLoseEdits {
            id: 5,
            customers: names(),
            count: 2,
        },
        StoreError::BatchUndoWouldLoseEdits {
            id: 5,
            customers: names(),
            count: 7,
        },
        StoreError::TierChangedMeanwhile("甲公司".into()),
        StoreError::DiskFull,
        StoreError::ReadOnly,
        StoreError::DiskIo { detail: "x".into() },
        StoreError::Sqlite(rusqlite::Error::InvalidQuery),
        StoreError::Corrupt("tier".into()),
        StoreError::PasswordNeeded {
            path: "a.db".into(),
        },
        StoreError::WrongPassword {
            path: "a.db".into(),
        },
        StoreError::NoFile,
        StoreError::Backup {
            path: "b.db".into(),
            reason: "磁盘已满".into(),
        },
        StoreError::TodoNotFound(2),
        StoreError::ContactNotFound(2),
        StoreError::DateNotFound(2),
        StoreError::TodoRefused("不能".into()),
        StoreError::PointsRefused("不能".into()),
        StoreError::SignInNeeded,
        StoreError::ViewOnly,
        StoreError::NotOwner {
            owner: "王五".into(),
        },
        StoreError::WrongSignIn,
        StoreError::UserRefused(tierdesk_domain::Msg::new("users.last_admin")),
        StoreError::TeamLost {
            reason: "服务器断开了连接".into(),
            detail: "x".into(),
        },
        StoreError::Team { detail: "x".into() },
        StoreError::CopyNeedsFile,
        StoreError::TeamNotEmpty {
            table: "customers".into(),
            rows: 5130,
        },
        StoreError::TeamSchemaDiffers { detail: "x".into() },
        StoreError::TeamConnect(tierdesk_store::TeamProblem::Url {
            key: "store.team_url_sslmode",
            value: "require".into(),
        }),
        StoreError::TeamConnect(tierdesk_store::TeamProblem::Unreachable {
            server: "10.0.0.5:5432".into(),
            detail: tierdesk_domain::Msg::new("store.team_refused"),
        }),
        StoreError::TeamConnect(tierdesk_store::TeamProblem::Untrusted {
            server: "10.0.0.5:5432".into(),
        }),
        StoreError::TeamConnect(tierdesk_store::TeamProblem::NoTrgm {
            database: "tierdesk".into(),
        }),
        StoreError::VersionMoved { opened: 3, now: 4 },
        StoreError::SchemeChangedDuringRating {
            who: "张三".into()
        },
    ];
    for e in &all {
        // Exhaustive on purpose (see above).
        match e {
            StoreError::Open { .. }
            | StoreError::Io { .. }
            | StoreError::TooNew { .. }
            | StoreError::DuplicateCode { .. }
            | StoreError::CustomerNotFound(_)
            | StoreError::DuplicateField(_)
            | StoreError::FieldNotFound(_)
            | StoreError::ImportNotFound(_)
            | StoreError::CustomerGone(_)
            | StoreError::ImportAlreadyUndone(_)
            | StoreError::ImportOutOfOrder { .. }
            | StoreError::ProfileNotFound(_)
            | StoreError::EmptyProfileName
            | StoreError::DuplicateProfile(_)
            | StoreError::Busy
            | StoreError::Damaged { .. }
            | StoreError::NotADatabase { .. }
            | StoreError::UndoWouldLoseEdits { .. }
            | StoreError::BatchUndoWouldLoseEdits { .. }
            | StoreError::TierChangedMeanwhile(_)
            | StoreError::DiskFull
            | StoreError::ReadOnly
            | StoreError::DiskIo { .. }
            | StoreError::Sqlite(_)
            | StoreError::Corrupt(_)
            | StoreError::PasswordNeeded { .. }
            | StoreError::WrongPassword { .. }
            | StoreError::NoFile
            | StoreError::Backup { .. }
            | StoreError::TodoNotFound(_)
            | StoreError::ContactNotFound(_)
            | StoreError::DateNotFound(_)
            | StoreError::TodoRefused(_)
            | StoreError::PointsRefused(_)
            | StoreError::SignInNeeded
            | StoreError::ViewOnly
            | StoreError::NotOwner { .. }
            | StoreError::WrongSignIn
            | StoreError::UserRefused(_)
            | StoreError::CopyNeedsFile
            | StoreError::TeamNotEmpty { .. }
            | StoreError::TeamSchemaDiffers { .. }
            | StoreError::TeamLost { .. }
            | StoreError::TeamConnect(_)
            | StoreError::Team { .. }
            | StoreError::VersionMoved { .. }
            | StoreError::SchemeChangedDuringRating { .. } => {}
        }
    }
    all
}

/// Every store failure reaches the UI with a key whose Chinese is exactly
/// the message the CLI prints (only the refusals written elsewhere have
/// none), and the keys tell the failures apart.
#[test]
fn every_store_failure_carries_a_key_that_renders_its_chinese() {
    let mut keys = Vec::new();
    let mut uncoded = 0;
    for e in store_examples() {
        let err = ApiError::from(e);
        let Some(msg) = &err.msg else {
            uncoded += 1;
            continue;
        };
        assert!(
            template(&msg.key).is_some(),
            "{} is not in MESSAGES",
            msg.key
        );
        assert_eq!(msg.zh(), err.message, "{}", msg.key);
        keys.push(msg.key.clone());
    }
    assert_eq!(
        uncoded, 2,
        "only TodoRefused and PointsRefused go without a key"
    );
    let n = keys.len();
    keys.sort();
    keys.dedup();
    assert_eq!(n, 51);
    assert_eq!(keys.len(), 51, "two failures share a key");
}

/// The API's own coded refusals render the Chinese they always had.
#[test]
fn coded_errors_keep_their_chinese() {
    let err = ApiError::coded(
        ErrorCode::Invalid,
        tierdesk_domain::Msg::new("customers.tier_reason_needed")
            .with("name", "甲公司")
            .with("from", "金牌")
            .with("to", "银牌"),
    );
    assert_eq!(
        err.message,
        "请填写调整等级的原因：客户「甲公司」的当前等级由「金牌」改为「银牌」"
    );
    let json = serde_json::to_value(&err).unwrap();
    assert_eq!(json["msg"]["key"], "customers.tier_reason_needed");
    assert_eq!(json["msg"]["params"]["from"], "金牌");
}
