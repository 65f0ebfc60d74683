//! Purchase totals over windows: only purchases count, and only inside the days asked for.

use chrono::{NaiveDate, NaiveDateTime};
use tierdesk_domain::{CustomerDraft, LineOwner, OwnedLine, TransactionDraft, TxKind};
use tierdesk_store::{PurchaseTotals, PurchaseWindow, Store};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
}

fn line(
    owner: i64,
    order_no: &str,
    when: &str,
    quantity: f64,
    unit_price: f64,
    kind: TxKind,
) -> OwnedLine {
    OwnedLine {
        owner: LineOwner::Existing(owner),
        line: TransactionDraft {
            order_no: order_no.into(),
            customer_code: None,
            customer_name: None,
            occurred_at: at(when),
            product: Some("商品".into()),
            quantity,
            unit_price: Some(unit_price),
            amount: quantity * unit_price,
            kind,
        },
    }
}

/// Customers 甲 (many kinds of lines), 乙 (only a return), 丙 (no lines) and
/// 丁 (only a line after the end of 2024).
fn store() -> (Store, [i64; 4]) {
    let mut store = Store::open_in_memory().unwrap();
    let mut ids = [0; 4];
    for (i, name) in ["甲", "乙", "丙", "丁"].iter().enumerate() {
        ids[i] = store
            .insert_customer(&CustomerDraft {
                name: (*name).into(),
                ..Default::default()
            })
            .unwrap()
            .id;
    }
    let [a, b, _, d] = ids;
    use TxKind::*;
    let lines = vec![
        line(a, "O0", "2024-09-30 23:59:59", 1.0, 7.0, Purchase),
        line(a, "O1", "2024-10-01 00:00:00", 2.0, 10.0, Purchase),
        line(a, "O1", "2024-10-01 09:00:00", 1.0, 5.0, Purchase),
        line(a, "R1", "2024-11-01 10:00:00", -1.0, 20.0, Return),
        line(a, "C1", "2024-11-02 10:00:00", -1.0, 5.0, Cancellation),
        line(a, "Z1", "2024-11-03 10:00:00", 3.0, 0.0, Purchase),
        line(a, "N1", "2024-11-04 10:00:00", 0.0, 9.0, Purchase),
        line(a, "O2", "2024-12-31 23:59:59", 4.0, 25.0, Purchase),
        line(a, "O3", "2025-01-01 00:00:00", 1.0, 1000.0, Purchase),
        line(b, "R2", "2024-11-15 12:00:00", -2.0, 3.0, Return),
        line(d, "O4", "2025-02-01 08:00:00", 1.0, 50.0, Purchase),
    ];
    let new = crate::order_import(lines.len() as u64);
    store
        .apply_transaction_import(&new, &[], &[], &lines, |_, _| None)
        .unwrap();
    (store, ids)
}

#[test]
fn windows_count_purchases_only_and_only_inside_the_days() {
    let (store, [a, b, _, d]) = store();
    let totals = |id: i64,
                  orders: u64,
                  spend: f64,
                  first: Option<&str>,
                  last: Option<&str>,
                  ever: Option<&str>| PurchaseTotals {
        customer_id: id,
        orders,
        spend,
        first: first.map(at),
        last: last.map(at),
        first_ever: ever.map(at),
    };
    let check = |from: Option<&str>, to: &str, net_returns: bool, want: Vec<PurchaseTotals>| {
        let w = PurchaseWindow {
            from: from.map(day),
            to: day(to),
            net_returns,
        };
        assert_eq!(store.purchase_totals(&w).unwrap(), want, "{w:?}");
    };
    // The fourth quarter, both ends inclusive: O1 (two lines) and O2 at
    // 23:59:59 on the last day. O0 the second before it counts only as the
    // first purchase ever; the return, the cancellation, the free line and
    // the line without quantity are no purchases; O3 comes after the end.
    // 乙 has lines but bought nothing; 丙 has none; 丁's line is too late.
    check(
        Some("2024-10-01"),
        "2024-12-31",
        false,
        vec![
            totals(
                a,
                2,
                125.0,
                Some("2024-10-01 00:00:00"),
                Some("2024-12-31 23:59:59"),
                Some("2024-09-30 23:59:59"),
            ),
            totals(b, 0, 0.0, None, None, None),
        ],
    );
    // Netting returns takes both the return and the cancellation off.
    check(
        Some("2024-10-01"),
        "2024-12-31",
        true,
        vec![
            totals(
                a,
                2,
                100.0,
                Some("2024-10-01 00:00:00"),
                Some("2024-12-31 23:59:59"),
                Some("2024-09-30 23:59:59"),
            ),
            totals(b, 0, -6.0, None, None, None),
        ],
    );
    // A lifetime window up to the end of 2024.
    check(
        None,
        "2024-12-31",
        false,
        vec![
            totals(
                a,
                3,
                132.0,
                Some("2024-09-30 23:59:59"),
                Some("2024-12-31 23:59:59"),
                Some("2024-09-30 23:59:59"),
            ),
            totals(b, 0, 0.0, None, None, None),
        ],
    );
    // Ending the day before the quarter: only O0, and 乙's later return is not there yet.
    check(
        None,
        "2024-09-30",
        false,
        vec![totals(
            a,
            1,
            7.0,
            Some("2024-09-30 23:59:59"),
            Some("2024-09-30 23:59:59"),
            Some("2024-09-30 23:59:59"),
        )],
    );
    // From the day of O2 into 2025: O2 and O3, and 丁 with its one order.
    check(
        Some("2024-12-31"),
        "2025-12-31",
        false,
        vec![
            totals(
                a,
                2,
                1100.0,
                Some("2024-12-31 23:59:59"),
                Some("2025-01-01 00:00:00"),
                Some("2024-09-30 23:59:59"),
            ),
            totals(b, 0, 0.0, None, None, None),
            totals(
                d,
                1,
                50.0,
                Some("2025-02-01 08:00:00"),
                Some("2025-02-01 08:00:00"),
                Some("2025-02-01 08:00:00"),
            ),
        ],
    );
    check(Some("2023-01-01"), "2023-12-31", false, vec![]);
}

#[test]
fn emptying_the_recycle_bin_takes_the_customers_lines_with_them() {
    // Lines carry no foreign key; a trigger removes them with their customer.
    let (mut store, [a, b, _, d]) = store();
    assert_eq!(store.transaction_count().unwrap(), 11);
    store.delete_customers(&[a]).unwrap();
    assert_eq!(
        store.transaction_count().unwrap(),
        11,
        "the recycle bin keeps them"
    );
    store.empty_recycle_bin().unwrap();
    assert_eq!(store.transaction_count().unwrap(), 2);
    assert!(store.line_totals(a).unwrap().is_none());
    assert!(store.line_totals(b).unwrap().is_some());
    assert!(store.line_totals(d).unwrap().is_some());
}

#[test]
fn lines_of_a_customer_deleted_meanwhile_refuse_the_import() {
    let (mut store, [_, _, c, _]) = store();
    store.delete_customers(&[c]).unwrap();
    store.empty_recycle_bin().unwrap();
    let new = crate::order_import(1);
    let lines = vec![line(
        c,
        "L1",
        "2025-03-01 10:00:00",
        1.0,
        9.0,
        TxKind::Purchase,
    )];
    let err = store
        .apply_transaction_import(&new, &[], &[], &lines, |_, _| None)
        .unwrap_err();
    assert!(err.to_string().contains("被永久删除"), "{err}");
    assert_eq!(
        store.transaction_count().unwrap(),
        11,
        "nothing of it stored"
    );
    assert_eq!(store.imports().unwrap().len(), 1);
}
