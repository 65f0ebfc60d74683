//! 迁移到团队数据库, end to end through the API: a local file filled through
//! the real paths (demo customers with their follow-ups, contacts, cases,
//! surveys and to-dos; a real order sheet imported; custom fields; a rating;
//! points), copied into a fresh team database, then read back through the
//! API on the team side and compared with the file, value for value.
//!
//! Needs the test server (`TIERDESK_TEST_PG`); without one it returns early
//! (and fails under `TIERDESK_REQUIRE_PG=1`).

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use serde_json::json;
use tierdesk_api::domain::audit::AuditFilter;
use tierdesk_api::domain::{CustomerDraft, CustomerQuery, FieldDef, FieldKind};
use tierdesk_api::{Api, ErrorCode};

use crate::import::{go, request};

const TODAY: &str = "2026-11-30";

fn today() -> NaiveDate {
    TODAY.parse().unwrap()
}

/// A local file with something in every part of the program.
fn filled_file(path: &Path) -> Api {
    let mut api = Api::open(path).unwrap();
    api.fill_demo(300, 7, |_| {}).unwrap();
    api.add_field_def(FieldDef {
        key: "region".into(),
        label: "大区".into(),
        kind: FieldKind::Choice,
        choices: vec!["华东".into(), "华南".into()],
    })
    .unwrap();
    api.add_field_def(FieldDef {
        key: "credit".into(),
        label: "授信额度".into(),
        kind: FieldKind::Number,
        choices: vec![],
    })
    .unwrap();
    for i in 0..5 {
        let mut fields = BTreeMap::new();
        fields.insert(
            "region".to_owned(),
            json!(if i % 2 == 0 { "华东" } else { "华南" }),
        );
        fields.insert("credit".to_owned(), json!(12_345.678 + f64::from(i)));
        api.create_customer(CustomerDraft {
            code: Some(format!("F{i:03}")),
            name: format!("自定义字段客户{i}"),
            fields,
            ..Default::default()
        })
        .unwrap();
    }
    let sheet = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/templates/销售记录_bicycle_sales.xlsx");
    let s = api
        .commit_import(&request(&sheet), "测试", &mut go)
        .unwrap();
    assert_eq!(s.lines, 15_092);
    let scheme = api.schemes().unwrap()[0].key.clone();
    api.apply_evaluation(&scheme, today(), None, "测试", &[])
        .unwrap();
    let someone = all_customers(&api)[0].id;
    // Points may be off in the active scheme; when on, one adjustment.
    let _ = api.points_adjust(someone, 120, "开户赠送", today());
    api
}

fn all_customers(api: &Api) -> Vec<tierdesk_api::domain::Customer> {
    let mut out = Vec::new();
    loop {
        let page = api
            .list_customers(&CustomerQuery {
                limit: 1000,
                offset: out.len() as u32,
                ..CustomerQuery::default()
            })
            .unwrap();
        let n = page.items.len();
        out.extend(page.items);
        if n < 1000 {
            return out;
        }
    }
}

/// The file's bytes (the main file: the -wal and -shm files of the open
/// connection are SQLite's journal and its shared index, compared in the
/// store's own test).
fn file_hash(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

#[test]
fn a_filled_file_reads_the_same_on_the_team_database() {
    let Some(db) = tierdesk_store::testing::fresh_postgres_database() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("local.db");
    let file = filled_file(&path);
    let before = file_hash(&path);

    let mut seen = 0u64;
    let report = file
        .copy_to_team(&db.url, &mut |p| {
            assert!(p.done <= p.total);
            seen = p.done;
        })
        .unwrap();
    assert_eq!(file_hash(&path), before, "the local file changed");
    assert!(report.saved, "{report:?}");
    assert!(report.tables.iter().all(|t| t.same), "{report:?}");
    // The team database by its name and server, never its password.
    let name = db
        .url
        .rsplit('/')
        .next()
        .unwrap()
        .split('?')
        .next()
        .unwrap();
    assert!(report.team.contains(name), "{}", report.team);
    assert!(!report.team.contains("postgres:"), "{}", report.team);
    let total: u64 = report.tables.iter().map(|t| t.local_rows).sum();
    assert_eq!(seen, 2 * total);
    let rows = |t: &str| {
        report
            .tables
            .iter()
            .find(|c| c.table == t)
            .unwrap_or_else(|| panic!("{t} not copied"))
            .team_rows
    };
    assert_eq!(rows("transactions"), 15_092);
    let local = all_customers(&file);
    assert_eq!(rows("customers"), local.len() as u64);
    for t in [
        "followups",
        "cases",
        "survey_answers",
        "tier_history",
        "todos",
    ] {
        assert!(rows(t) > 0, "{t}: nothing to compare");
    }

    // The team side, read through the API as a desk reads it: the users
    // table is empty after a copy, so the first desk creates the 管理员.
    let mut team = Api::open_team(&db.url).unwrap();
    assert!(team.needs_first_admin().unwrap());
    team.create_first_admin("admin", "管理员甲", "a-long-password")
        .unwrap();
    let remote = all_customers(&team);
    assert_eq!(remote.len(), local.len());
    for (l, r) in local.iter().zip(&remote) {
        assert_eq!(l, r, "customer {} differs", l.id);
    }
    assert_eq!(team.field_defs().unwrap(), file.field_defs().unwrap());
    assert_eq!(team.imports().unwrap(), file.imports().unwrap());
    assert_eq!(team.batches().unwrap(), file.batches().unwrap());
    for c in local.iter().step_by(37) {
        assert_eq!(
            team.timeline_counts(c.id).unwrap(),
            file.timeline_counts(c.id).unwrap(),
            "timeline of customer {}",
            c.id
        );
    }
    // The audit chain goes on unbroken on the team side: the copied entries,
    // then the copy's own and what the 管理员 did since.
    let copied = file.audit_verify().unwrap().entries;
    let check = team.audit_verify().unwrap();
    assert!(check.broken.is_none(), "{check:?}");
    assert!(check.entries > copied);
    let copy_entries = team
        .audit_list(&AuditFilter {
            action: Some("team.copy".into()),
            ..AuditFilter::default()
        })
        .unwrap();
    assert_eq!(copy_entries.items.len(), 1);
    assert_eq!(copy_entries.items[0].id, copied as i64 + 1);

    // A customer added on the team database after the copy gets an id past
    // every copied one.
    let max = local.iter().map(|c| c.id).max().unwrap();
    let new = team
        .create_customer(CustomerDraft {
            name: "迁移后新客户".into(),
            ..Default::default()
        })
        .unwrap();
    assert!(new.id > max, "{} after {max}", new.id);
}

#[test]
fn a_team_database_in_use_is_refused_and_left_alone() {
    let Some(db) = tierdesk_store::testing::fresh_postgres_database() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("local.db");
    let mut file = Api::open(&path).unwrap();
    file.fill_demo(20, 3, |_| {}).unwrap();
    let mut team = Api::open_team(&db.url).unwrap();
    team.create_first_admin("admin", "管理员甲", "a-long-password")
        .unwrap();
    let err = file.copy_to_team(&db.url, &mut |_| {}).unwrap_err();
    assert_eq!(err.code, ErrorCode::Conflict);
    assert!(err.message.contains("不是空的"), "{}", err.message);
    assert_eq!(all_customers(&team).len(), 0);
    // From a team database there is no file to copy.
    let err = team.copy_to_team(&db.url, &mut |_| {}).unwrap_err();
    assert_eq!(err.code, ErrorCode::Invalid);
}
