//! Points earned by an order import: the rate of the tier in force on the
//! order's day, the birthday bonus, purchases only; importing the same
//! lines again earns nothing more; undoing the import reverses exactly its
//! rows (which customers, how many points), after which the lines earn again.
//! Runs on a SQLite file and on a team database of its own (a past rating
//! is written straight into tier_history on each).

use chrono::{NaiveDate, NaiveDateTime};
use tierdesk_domain::points::{EarnPlan, EntryKind, Expiry, Rounding};
use tierdesk_domain::{CustomerDraft, LineOwner, TransactionDraft, TxKind};
use tierdesk_store::Store;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub(crate) fn plan() -> EarnPlan {
    EarnPlan {
        yuan_per_point: 10.0,
        rounding: Rounding::Down,
        net_of_returns: false,
        birthday_multiplier: 2.0,
        expiry: Expiry::YearEnd { years: 1 },
        multipliers: vec![
            ("diamond".into(), 2.0),
            ("gold".into(), 1.5),
            ("normal".into(), 1.0),
        ],
        untiered: 1.0,
        first_purchase_bonus: 0,
    }
}

/// An order line of `amount` on `when` (a return takes a negative amount).
pub(crate) fn line(order: &str, when: &str, amount: f64, kind: TxKind) -> TransactionDraft {
    TransactionDraft {
        order_no: order.into(),
        customer_code: None,
        customer_name: None,
        occurred_at: NaiveDateTime::parse_from_str(
            &format!("{when} 10:00:00"),
            "%Y-%m-%d %H:%M:%S",
        )
        .unwrap(),
        product: None,
        quantity: if kind == TxKind::Purchase { 1.0 } else { -1.0 },
        unit_price: Some(amount.abs()),
        amount,
        kind,
    }
}

/// Imports the sheet: 甲's and 乙's orders and a new customer 丙's.
fn import(store: &mut Store, a: i64, b: i64, new_c: bool) -> i64 {
    let lines: Vec<(LineOwner, TransactionDraft)> = vec![
        (
            LineOwner::Existing(a),
            line("A1", "2025-02-10", 100.0, TxKind::Purchase),
        ),
        (
            LineOwner::Existing(a),
            line("A2", "2025-03-01", 100.0, TxKind::Purchase),
        ),
        (
            LineOwner::Existing(a),
            line("A3", "2025-03-05", 50.0, TxKind::Purchase),
        ),
        (
            LineOwner::Existing(a),
            line("A3", "2025-03-06", 49.0, TxKind::Purchase),
        ),
        (
            LineOwner::Existing(a),
            line("A3", "2025-03-07", -20.0, TxKind::Return),
        ),
        (
            LineOwner::Existing(b),
            line("B1", "2025-04-02", 100.0, TxKind::Purchase),
        ),
        (
            LineOwner::Existing(b),
            line("B2", "2025-05-02", 9.0, TxKind::Purchase),
        ),
    ];
    let c_owner = if new_c {
        LineOwner::New(0)
    } else {
        LineOwner::Existing(c_id(store))
    };
    let new_customers = if new_c {
        vec![CustomerDraft {
            name: "丙".into(),
            ..Default::default()
        }]
    } else {
        vec![]
    };
    let new = crate::order_import(8);
    let mut run = store.begin_line_import(&new, &[]).unwrap();
    run.earn_points(plan());
    for (owner, l) in &lines {
        run.push(*owner, l).unwrap();
    }
    run.push(c_owner, &line("C1", "2025-06-01", 55.0, TxKind::Purchase))
        .unwrap();
    run.finish(&new, &new_customers, |_, _| None).unwrap().id
}

fn c_id(store: &Store) -> i64 {
    store
        .list_customers(&Default::default())
        .unwrap()
        .items
        .into_iter()
        .find(|c| c.name == "丙")
        .unwrap()
        .id
}

fn rows(store: &Store, id: i64) -> Vec<(EntryKind, Option<String>, i64, i64)> {
    store
        .points_ledger(id)
        .unwrap()
        .into_iter()
        .map(|e| (e.kind, e.order_no, e.points, e.balance_after))
        .collect()
}

#[test]
fn an_import_earns_by_the_tier_of_the_day_once_and_its_undo_reverses_exactly_its_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("points.db");
    let lite = |a: i64| {
        rusqlite::Connection::open(&path)
            .unwrap()
            .execute(HISTORY, [a])
            .unwrap();
    };
    earns_and_undoes(&mut Store::open(&path).unwrap(), lite);
    if let Some((_team, url)) = crate::points::TeamDb::new("points_import") {
        let mut store = tierdesk_store::testing::open_desk(&url);
        let pg = |a: i64| {
            let sql = HISTORY.replace("?1", "$1");
            let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
            client.execute(&sql, &[&a]).unwrap();
        };
        earns_and_undoes(&mut store, pg);
    }
}

/// 甲 rated from normal to gold on 1 March 2025.
const HISTORY: &str = "INSERT INTO tier_history(customer_id, from_tier, to_tier, reason, who, at)
     VALUES (?1, 'normal', 'gold', '人工调整：测试', '测试', '2025-03-01 09:00:00')";

fn earns_and_undoes(store: &mut Store, rated: impl Fn(i64)) {
    let a = store
        .insert_customer(&CustomerDraft {
            name: "甲".into(),
            tier: Some("gold".into()),
            ..Default::default()
        })
        .unwrap()
        .id;
    let b = store
        .insert_customer(&CustomerDraft {
            name: "乙".into(),
            tier: Some("diamond".into()),
            birth_date: Some(d("1990-04-20")),
            ..Default::default()
        })
        .unwrap()
        .id;
    rated(a);

    let first = import(store, a, b, true);
    let c = c_id(store);
    let earn = |o: &str, p: i64, bal: i64| (EntryKind::Earn, Some(o.to_owned()), p, bal);
    // A1 before the rating: normal ×1 → 10; A2 on its day: gold ×1.5 → 15;
    // A3 ¥99 over two days (its return not counted) ×1.5 = 14.85 → 14.
    assert_eq!(
        rows(store, a),
        [earn("A1", 10, 10), earn("A2", 15, 25), earn("A3", 14, 39)]
    );
    // B1 in the birthday month: ×2 ×2 → 40; B2 ¥9 → 1.8 → 1 at ×2 in May.
    assert_eq!(rows(store, b), [earn("B1", 40, 40), earn("B2", 1, 41)]);
    assert_eq!(rows(store, c), [earn("C1", 5, 5)]);
    let a1 = &store.points_ledger(a).unwrap()[0];
    assert_eq!(
        (a1.import_id, a1.expires_on),
        (Some(first), Some(d("2026-12-31")))
    );

    // The same sheet again: no order earns twice.
    let second = import(store, a, b, false);
    assert_eq!(store.points_ledger(a).unwrap().len(), 3);
    assert_eq!(store.points_ledger(b).unwrap().len(), 2);
    assert_eq!(store.points_ledger(c).unwrap().len(), 1);

    // 甲 redeems by hand meanwhile; the undo reverses only the import's rows.
    store
        .points_adjust(a, -30, "兑换礼品", d("2025-07-01"), None)
        .unwrap();
    store.undo_import(second).unwrap();
    assert_eq!(store.points_balance(a).unwrap(), 9);
    store.undo_import(first).unwrap();
    let reversed: Vec<(i64, i64)> = [a, b]
        .iter()
        .flat_map(|id| store.points_ledger(*id).unwrap())
        .filter(|e| e.kind == EntryKind::Reverse)
        .map(|e| (e.customer_id, e.points))
        .collect();
    assert_eq!(reversed, [(a, -10), (a, -15), (a, -14), (b, -40), (b, -1)]);
    assert_eq!(store.points_balance(a).unwrap(), -30);
    assert_eq!(store.points_balance(b).unwrap(), 0);
    // 丙 was created by the undone import: gone with its rows.
    assert!(store.points_ledger(c).unwrap().is_empty());

    // Undone, the lines earn again.
    import(store, a, b, true);
    assert_eq!(store.points_balance(b).unwrap(), 41);
    assert_eq!(store.points_balance(a).unwrap(), 9);
}
