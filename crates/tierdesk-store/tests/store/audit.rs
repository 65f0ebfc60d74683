//! The audit log: entries come back as recorded, the triggers refuse to
//! change or remove them, and `audit_verify` names the first entry an
//! attacker with a SQLite shell changed, removed or stripped of details.

use std::path::Path;

use rusqlite::Connection;
use tierdesk_domain::audit::{Actor, AuditFilter, NewEntry, Source};
use tierdesk_store::{Store, GENESIS};

/// A file with `n` events recorded by 张三 from the CLI; every odd entry is
/// about customer 7 and has details (a before/after pair).
fn logged(path: &Path, n: i64) {
    log_into(&mut Store::open(path).unwrap(), n);
}

/// What [`logged`] records, on any store.
fn log_into(store: &mut Store, n: i64) {
    store.set_actor(Actor {
        user: "张三".into(),
        source: Source::Cli,
    });
    for i in 1..=n {
        let entry = if i % 2 == 1 {
            NewEntry::for_customer("customer.edit", 7, format!("修改客户 C{i}：电话")).change(
                "phone",
                "电话",
                Some(format!("1380000{i:04}")),
                Some(format!("1390000{i:04}")),
            )
        } else {
            NewEntry::new(
                "export.customers",
                "file",
                format!("out{i}.xlsx"),
                "导出客户",
            )
        };
        assert_eq!(store.audit_event(&entry).unwrap(), i);
    }
}

/// A raw connection without the triggers: what someone with the file and
/// a SQLite shell can do.
fn attacker(path: &Path) -> Connection {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch(
        "PRAGMA foreign_keys = OFF;
         DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;
         DROP TRIGGER audit_details_no_update; DROP TRIGGER audit_details_no_delete;",
    )
    .unwrap();
    conn
}

/// On a file, and then on both backends (the same entries, filters and
/// hash chain on a team database).
#[test]
fn entries_come_back_newest_first_with_who_what_and_details() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.db");
    logged(&path, 5);
    entries_listed_and_verified(&Store::open(&path).unwrap());
    let mut runs = 0;
    tierdesk_store::testing::each_backend(|store| {
        runs += 1;
        log_into(store, 5);
        entries_listed_and_verified(store);
    });
    assert_eq!(runs, tierdesk_store::testing::backends());
}

fn entries_listed_and_verified(store: &Store) {
    let all = store.audit_list(&AuditFilter::default()).unwrap();
    assert_eq!(all.total, 5);
    let ids: Vec<i64> = all.items.iter().map(|e| e.id).collect();
    assert_eq!(ids, [5, 4, 3, 2, 1]);
    let first = &all.items[4];
    assert_eq!(
        (first.actor.as_str(), first.source, first.action.as_str()),
        ("张三", Source::Cli, "customer.edit")
    );
    assert_eq!(first.customer_id, Some(7));
    let change = &first.details.as_ref().unwrap().changes[0];
    assert_eq!(change.before.as_deref(), Some("13800000001"));
    assert_eq!(change.after.as_deref(), Some("13900000001"));
    assert!(all.items[3].details.is_none());

    let by_customer = store
        .audit_list(&AuditFilter {
            customer_id: Some(7),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(by_customer.total, 3);
    let group = store
        .audit_list(&AuditFilter {
            action: Some("export.".into()),
            limit: Some(1),
            offset: Some(1),
            ..Default::default()
        })
        .unwrap();
    assert_eq!((group.total, group.items[0].id), (2, 2));
    let nobody = store
        .audit_list(&AuditFilter {
            actor: Some("李四".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(nobody.total, 0);
    let today = chrono::Local::now().date_naive();
    let dated = |since, until| {
        store
            .audit_list(&AuditFilter {
                since,
                until,
                ..Default::default()
            })
            .unwrap()
            .total
    };
    assert_eq!(dated(Some(today), Some(today)), 5);
    assert_eq!(dated(today.succ_opt(), None), 0);
    assert_eq!(dated(None, today.pred_opt()), 0);

    let check = store.audit_verify().unwrap();
    assert_eq!(
        (check.entries, check.broken.clone()),
        (5, None),
        "{check:?}"
    );
    assert!(check.message.contains("完好"), "{}", check.message);
}

#[test]
fn the_first_entry_links_to_zeros_and_each_to_the_one_before() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.db");
    logged(&path, 3);
    let conn = Connection::open(&path).unwrap();
    let mut stmt = conn
        .prepare("SELECT prev_hash, hash FROM audit_log ORDER BY id")
        .unwrap();
    let links: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(links[0].0, GENESIS);
    assert_eq!(links[1].0, links[0].1);
    assert_eq!(links[2].0, links[1].1);
    assert!(links.iter().all(|(_, h)| h.len() == 64 && h != GENESIS));
}

#[test]
fn the_triggers_refuse_to_change_or_remove_entries() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.db");
    logged(&path, 3);
    let conn = Connection::open(&path).unwrap();
    let cases = [
        (
            "UPDATE audit_log SET summary = 'x' WHERE id = 1",
            "不能修改",
        ),
        ("DELETE FROM audit_log WHERE id = 3", "不能删除"),
        (
            "UPDATE audit_details SET body = '{}' WHERE entry_id = 1",
            "不能修改",
        ),
        (
            "DELETE FROM audit_details WHERE entry_id = 1",
            "只有在删除该客户个人信息时",
        ),
        (
            "INSERT INTO audit_erased VALUES (99, 'x'); UPDATE audit_erased SET at = 'y'",
            "不能修改",
        ),
        ("DELETE FROM audit_erased", "不能删除"),
    ];
    for (sql, words) in cases {
        let err = conn.execute_batch(sql).unwrap_err().to_string();
        assert!(err.contains(words), "{sql}: {err}");
    }
    let count: i64 = conn
        .query_row(
            "SELECT (SELECT COUNT(*) FROM audit_log) + (SELECT COUNT(*) FROM audit_details)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(count, 5);
}

#[test]
fn verify_names_the_first_entry_an_attacker_touched() {
    // (what the attacker does, the entry named, words of the problem)
    let cases: &[(&str, i64, &str)] = &[
        (
            "UPDATE audit_log SET summary = '导出客户（已脱敏）' WHERE id = 4",
            4,
            "内容被改动",
        ),
        (
            "UPDATE audit_log SET actor = '李四' WHERE id = 1",
            1,
            "内容被改动",
        ),
        (
            "UPDATE audit_log SET at = '2020-01-01 00:00:00' WHERE id = 5",
            5,
            "内容被改动",
        ),
        ("DELETE FROM audit_log WHERE id = 3", 4, "第 3 条记录被删除"),
        (
            "DELETE FROM audit_log WHERE id IN (2, 3)",
            4,
            "第 2–3 条记录被删除",
        ),
        (
            // Removed, and the ids and links of what followed rewritten:
            // the hashes no longer match.
            "DELETE FROM audit_log WHERE id = 2; UPDATE audit_log SET id = id - 1 WHERE id > 2",
            2,
            "链接值不符",
        ),
        (
            "UPDATE audit_details SET body = replace(body, '1390', '1370') WHERE entry_id = 3",
            3,
            "详情被改动",
        ),
        (
            "DELETE FROM audit_details WHERE entry_id = 5",
            5,
            "详情被删除",
        ),
        (
            "INSERT INTO audit_details VALUES (2, 'aa', '{}')",
            2,
            "多出了详情",
        ),
        (
            // Marked erased to get past the trigger, without an erase entry.
            "INSERT INTO audit_erased VALUES (7, '2026-01-01 00:00:00')",
            5,
            "没有删除个人信息的记录",
        ),
    ];
    for (sql, entry, words) in cases {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.db");
        logged(&path, 6);
        attacker(&path).execute_batch(sql).unwrap();
        let check = Store::open(&path).unwrap().audit_verify().unwrap();
        let broken = check
            .broken
            .as_ref()
            .unwrap_or_else(|| panic!("{sql}: not noticed"));
        assert_eq!(broken.entry_id, *entry, "{sql}: {check:?}");
        assert!(broken.problem.contains(words), "{sql}: {}", broken.problem);
        assert!(
            check.message.contains(&format!("第 {entry} 条")),
            "{}",
            check.message
        );
    }
}

#[test]
fn an_erased_customer_loses_the_details_and_the_chain_still_holds() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.db");
    logged(&path, 4);
    // What an erase does, with the triggers in place: mark, delete, record.
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(
        "INSERT INTO audit_erased VALUES (7, '2026-01-01 00:00:00');
         DELETE FROM audit_details WHERE entry_id IN (SELECT id FROM audit_log WHERE customer_id = 7);",
    )
    .unwrap();
    drop(conn);
    let store = Store::open(&path).unwrap();
    store
        .audit_event(
            &NewEntry::for_customer("customer.erase", 7, "删除个人信息：客户 C1")
                .fact("原因", "本人要求"),
        )
        .unwrap();
    let entries = store.audit_list(&AuditFilter::default()).unwrap().items;
    let erased: Vec<(i64, bool, bool)> = entries
        .iter()
        .map(|e| (e.id, e.details.is_some(), e.details_erased))
        .collect();
    assert_eq!(
        erased,
        [
            (5, true, true),
            (4, false, false),
            (3, false, true),
            (2, false, false),
            (1, false, true)
        ]
    );
    let check = store.audit_verify().unwrap();
    assert_eq!(check.broken, None, "{check:?}");
    assert_eq!(check.entries, 5);
}
