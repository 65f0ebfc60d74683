//! The points ledger: hand adjustments, redeeming from the catalogue and
//! undoing it, expiry as of a day (first earned first used, idempotent),
//! the erase of typed reasons, and the audit entries of each writer.
//! Each test runs on SQLite and on a fresh PostgreSQL database
//! (`each_backend`); four desks redeem at once on a file and on a team
//! database.

use chrono::NaiveDate;
use tierdesk_domain::audit::AuditFilter;
use tierdesk_domain::points::{EntryKind, ItemKind};
use tierdesk_store::testing::{self, each_backend};
use tierdesk_store::{ExpireRun, Store, StoreError};

use crate::cases::customer;

pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub fn refused(r: Result<impl std::fmt::Debug, StoreError>) -> String {
    match r {
        Err(StoreError::PointsRefused(m)) => m,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn kinds(store: &Store, id: i64) -> Vec<(EntryKind, i64, i64)> {
    store
        .points_ledger(id)
        .unwrap()
        .into_iter()
        .map(|e| (e.kind, e.points, e.balance_after))
        .collect()
}

#[test]
fn redeem_is_refused_beyond_the_balance_and_undo_gives_back_points_and_stock() {
    each_backend(|store| {
        let a = customer(store, "甲");
        let b = customer(store, "乙");
        let mug = store
            .points_catalogue_add("保温杯", ItemKind::Gift, 300, Some(2))
            .unwrap();
        let coupon = store
            .points_catalogue_add("满减券", ItemKind::Coupon, 100, None)
            .unwrap();
        assert!(
            refused(store.points_catalogue_add(" 保温杯 ", ItemKind::Gift, 1, None))
                .contains("已有")
        );
        store
            .points_adjust(a, 1000, "老客户补录", d("2025-01-10"), None)
            .unwrap();
        store
            .points_adjust(b, 250, "活动赠送", d("2025-01-10"), None)
            .unwrap();

        assert!(refused(store.points_redeem(b, mug.id, 1, d("2025-02-01"))).contains("不够兑换"));
        assert!(refused(store.points_redeem(a, mug.id, 3, d("2025-02-01"))).contains("库存只有 2"));
        let r1 = store.points_redeem(a, mug.id, 2, d("2025-02-01")).unwrap();
        assert_eq!((r1.points, r1.balance_after, r1.qty), (-600, 400, Some(2)));
        let r2 = store
            .points_redeem(a, coupon.id, 4, d("2025-02-02"))
            .unwrap();
        assert_eq!(r2.balance_after, 0);
        assert!(refused(store.points_redeem(a, coupon.id, 1, d("2025-02-03"))).contains("不够"));
        let stock = |s: &Store| {
            s.points_catalogue()
                .unwrap()
                .iter()
                .find(|i| i.id == mug.id)
                .unwrap()
                .stock
        };
        assert_eq!(stock(store), Some(0));

        assert!(refused(store.points_undo(r1.id, " ", d("2025-02-05"))).contains("原因"));
        let back = store
            .points_undo(r1.id, "客户退回礼品", d("2025-02-05"))
            .unwrap();
        assert_eq!(
            (back.kind, back.points, back.balance_after),
            (EntryKind::Reverse, 600, 600)
        );
        assert_eq!(back.reverses_id, Some(r1.id));
        assert_eq!(stock(store), Some(2));
        assert!(
            refused(store.points_undo(r1.id, "再退一次", d("2025-02-06"))).contains("已经撤销")
        );
        assert!(
            refused(store.points_undo(back.id, "撤销冲销", d("2025-02-06"))).contains("只能撤销")
        );

        assert_eq!(store.points_balance(a).unwrap(), 600);
        assert_eq!(store.points_balance(b).unwrap(), 250);
        assert_eq!(
            kinds(store, a),
            [
                (EntryKind::Adjust, 1000, 1000),
                (EntryKind::Redeem, -600, 400),
                (EntryKind::Redeem, -400, 0),
                (EntryKind::Reverse, 600, 600),
            ]
        );
        assert!(
            refused(store.points_adjust(b, -251, "扣减", d("2025-03-01"), None))
                .contains("只有 250")
        );
        assert!(refused(store.points_adjust(b, 5, "", d("2025-03-01"), None)).contains("原因"));
        // Writers are audited: 2 items, 2 adjustments, 2 redemptions, 1 undo.
        let actions: Vec<String> = store
            .audit_list(&AuditFilter::default())
            .unwrap()
            .items
            .into_iter()
            .map(|e| e.action)
            .filter(|a| a.starts_with("points."))
            .collect();
        let count = |k: &str| actions.iter().filter(|a| *a == k).count();
        assert_eq!(
            [
                count("points.catalogue"),
                count("points.adjust"),
                count("points.redeem"),
                count("points.undo")
            ],
            [2, 2, 2, 1]
        );
    });
}

#[test]
fn expiry_takes_the_oldest_lots_first_and_twice_expires_nothing_more() {
    each_backend(|store| {
        let a = customer(store, "甲");
        let b = customer(store, "乙");
        let c = customer(store, "丙");
        // a: 100 earned on 29 Feb 2024 (to 2025-12-31), 50 in 2025 (to 2026-12-31), 70 used.
        store
            .points_adjust(a, 100, "补录", d("2024-02-29"), Some(d("2025-12-31")))
            .unwrap();
        store
            .points_adjust(a, 50, "补录", d("2025-03-01"), Some(d("2026-12-31")))
            .unwrap();
        store
            .points_adjust(a, -70, "扣减", d("2025-06-01"), None)
            .unwrap();
        // b: never expires. c: all used.
        store
            .points_adjust(b, 80, "补录", d("2024-01-01"), None)
            .unwrap();
        store
            .points_adjust(c, 40, "补录", d("2024-01-01"), Some(d("2024-12-31")))
            .unwrap();
        store
            .points_adjust(c, -40, "扣减", d("2024-06-01"), None)
            .unwrap();

        // e: 60 to 2025-12-31, 60 taken and the taking undone: all 60 expire.
        let e = customer(store, "丁");
        store
            .points_adjust(e, 60, "补录", d("2024-05-01"), Some(d("2025-12-31")))
            .unwrap();
        let taken = store
            .points_adjust(e, -60, "扣减", d("2024-06-01"), None)
            .unwrap();
        store
            .points_undo(taken.id, "扣错了", d("2024-06-02"))
            .unwrap();
        assert_eq!(store.points_expiring(a, d("2025-12-31")).unwrap(), 30);
        assert_eq!(
            store.points_expire(d("2025-12-30")).unwrap(),
            ExpireRun::default()
        );
        let run = store.points_expire(d("2025-12-31")).unwrap();
        assert_eq!(
            run,
            ExpireRun {
                customers: 2,
                points: 90
            }
        );
        assert_eq!(store.points_balance(e).unwrap(), 0);
        assert_eq!(
            store.points_expire(d("2025-12-31")).unwrap(),
            ExpireRun::default()
        );
        assert_eq!(store.points_balance(a).unwrap(), 50);
        assert_eq!(store.points_balance(b).unwrap(), 80);
        assert_eq!(store.points_balance(c).unwrap(), 0);
        let run = store.points_expire(d("2026-12-31")).unwrap();
        assert_eq!(
            run,
            ExpireRun {
                customers: 1,
                points: 50
            }
        );
        assert_eq!(kinds(store, a).last(), Some(&(EntryKind::Expire, -50, 0)));
        assert_eq!(store.points_ledger(c).unwrap().len(), 2);
    });
}

#[test]
fn erase_wipes_typed_reasons_and_keeps_the_sums() {
    each_backend(|store| {
        let a = customer(store, "甲");
        let keep = customer(store, "乙");
        let e = store
            .points_adjust(a, 100, "张三介绍的朋友", d("2025-01-01"), None)
            .unwrap();
        store
            .points_undo(e.id, "张三说弄错了", d("2025-01-02"))
            .unwrap();
        store
            .points_adjust(a, 20, "生日礼", d("2025-01-03"), None)
            .unwrap();
        store
            .points_adjust(keep, 20, "生日礼", d("2025-01-03"), None)
            .unwrap();
        let erased = store.erase_customer(a, "客户要求").unwrap();
        assert_eq!(erased.points_reasons, 3);
        let rows = store.points_ledger(a).unwrap();
        assert_eq!(rows.len(), 3);
        assert!(rows
            .iter()
            .all(|r| !r.reason.contains("张三") && !r.reason.contains("生日")));
        assert_eq!(store.points_balance(a).unwrap(), 20);
        assert_eq!(store.points_ledger(keep).unwrap()[0].reason, "生日礼");
    });
}

#[test]
fn two_desks_redeeming_at_once_never_overdraw() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.db");
    four_desks_redeem(path.to_str().unwrap(), |at| {
        Store::open(std::path::Path::new(at)).unwrap()
    });
}

/// Four desks, each its own connection, redeem 100 of 150 points at once:
/// one goes through, the others see its balance; the ledger ends at 50.
fn four_desks_redeem(at: &str, open: fn(&str) -> Store) {
    let (id, item) = {
        let mut store = open(at);
        let id = customer(&mut store, "甲");
        store
            .points_adjust(id, 150, "补录", d("2025-01-01"), None)
            .unwrap();
        let item = store
            .points_catalogue_add("保温杯", ItemKind::Gift, 100, None)
            .unwrap();
        (id, item.id)
    };
    let start = std::sync::Arc::new(std::sync::Barrier::new(4));
    let desks: Vec<_> = (0..4)
        .map(|_| {
            let (at, start) = (at.to_owned(), start.clone());
            std::thread::spawn(move || {
                let mut store = open(&at);
                start.wait();
                store.points_redeem(id, item, 1, d("2025-02-01")).is_ok()
            })
        })
        .collect();
    let done = desks
        .into_iter()
        .map(|t| t.join().unwrap())
        .filter(|ok| *ok)
        .count();
    assert_eq!(done, 1);
    let store = open(at);
    assert_eq!(store.points_balance(id).unwrap(), 50);
    let rows = store.points_ledger(id).unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1].balance_after, 50);
}

/// A team database of its own for the desks of one test, dropped after.
pub(crate) struct TeamDb {
    admin: String,
    name: String,
}

impl Drop for TeamDb {
    fn drop(&mut self) {
        if let Ok(mut client) = postgres::Client::connect(&self.admin, postgres::NoTls) {
            let _ = client.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}

impl TeamDb {
    /// A new team database (migrated when first opened) and its address;
    /// `None` when no test server is given (and none is required).
    pub(crate) fn new(test: &str) -> Option<(TeamDb, String)> {
        let admin = testing::server()?;
        let team = TeamDb {
            name: format!("tierdesk_{test}_{}", std::process::id()),
            admin,
        };
        let mut client = postgres::Client::connect(&team.admin, postgres::NoTls).unwrap();
        client
            .batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                team.name
            ))
            .unwrap();
        client
            .batch_execute(&format!("CREATE DATABASE {}", team.name))
            .unwrap();
        let url = testing::url_for(&team.admin, &team.name);
        Some((team, url))
    }
}

/// The same race on a team database: four desks, each its own connection,
/// redeem the last 150 points at once; the write lock (an advisory lock
/// taken by every write transaction) lets one through and the other three
/// see its balance.
#[test]
fn four_desks_on_a_team_database_never_overdraw() {
    let Some((team, url)) = TeamDb::new("points_race") else {
        eprintln!("skipped: no PostgreSQL server (TIERDESK_TEST_PG is not set)");
        return;
    };
    four_desks_redeem(&url, testing::open_desk);
    drop(team);
}
