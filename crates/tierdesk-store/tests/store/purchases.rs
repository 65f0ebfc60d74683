//! Purchase totals over windows: only purchases count, and only inside the days asked for.

use chrono::{NaiveDate, NaiveDateTime};
use tierdesk_domain::{CustomerDraft, LineOwner, OwnedLine, TransactionDraft, TxKind};
use tierdesk_store::testing::{backends, each_backend};
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
/// 丁 (only a line after the end of 2024), added to `store` (either backend).
pub(crate) fn fill(store: &mut Store) -> [i64; 4] {
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
    ids
}

#[test]
fn windows_count_purchases_only_and_only_inside_the_days() {
    let mut runs = 0;
    each_backend(|store| {
        runs += 1;
        let [a, b, _, d] = fill(store);
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
    });
    assert_eq!(runs, backends());
}

#[test]
fn emptying_the_recycle_bin_takes_the_customers_lines_with_them() {
    // Lines carry no foreign key; a trigger removes them with their customer.
    let mut runs = 0;
    each_backend(|store| {
        runs += 1;
        let [a, b, _, d] = fill(store);
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
    });
    assert_eq!(runs, backends());
}

#[test]
fn lines_of_a_customer_deleted_meanwhile_refuse_the_import() {
    let mut runs = 0;
    each_backend(|store| {
        runs += 1;
        let [_, _, c, _] = fill(store);
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
    });
    assert_eq!(runs, backends());
}

/// The grouped query over the order lines that ratings ran before the
/// order-day totals existed: the oracle the totals must equal.
fn totals_from_lines(conn: &rusqlite::Connection, w: &PurchaseWindow) -> Vec<PurchaseTotals> {
    const PURCHASE: &str = "kind = 'purchase' AND quantity > 0 AND amount > 0";
    let in_window = "occurred_at >= ?1";
    let sql = format!(
        "SELECT customer_id,
                COUNT(DISTINCT CASE WHEN {PURCHASE} AND {in_window} THEN order_no END),
                COALESCE(SUM(CASE WHEN {PURCHASE} AND {in_window} THEN amount END), 0)
                  - CASE WHEN ?3 THEN COALESCE(SUM(CASE WHEN kind IN ('return', 'cancellation')
                                               AND {in_window} THEN ABS(amount) END), 0)
                    ELSE 0 END,
                MIN(CASE WHEN {PURCHASE} AND {in_window} THEN occurred_at END),
                MAX(CASE WHEN {PURCHASE} AND {in_window} THEN occurred_at END),
                MIN(CASE WHEN {PURCHASE} THEN occurred_at END)
         FROM transactions
         WHERE occurred_at < ?2
         GROUP BY customer_id
         ORDER BY customer_id"
    );
    let stamp = |d: NaiveDate| format!("{d} 00:00:00");
    let from = w.from.map(stamp).unwrap_or_default();
    let end = stamp(w.to.succ_opt().unwrap());
    let parse = |s: Option<String>| s.map(|s| at(&s));
    let mut stmt = conn.prepare(&sql).unwrap();
    let rows = stmt
        .query_map(rusqlite::params![from, end, w.net_returns], |r| {
            Ok(PurchaseTotals {
                customer_id: r.get(0)?,
                orders: r.get::<_, i64>(1)? as u64,
                spend: r.get(2)?,
                first: parse(r.get(3)?),
                last: parse(r.get(4)?),
                first_ever: parse(r.get(5)?),
            })
        })
        .unwrap();
    rows.collect::<rusqlite::Result<_>>().unwrap()
}

/// A small seeded generator (xorshift), so a failing case can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Random order lines over January to June 2024: orders of one to six lines,
/// some running over two days, order numbers shared between customers,
/// purchases with prices in cents, a third of a yuan or nothing, negative
/// and zero quantities, returns and cancellations. Owners are the customers
/// in `existing` and, when `new` is above 0, that many customers the import
/// creates.
fn random_lines(rng: &mut Rng, existing: &[i64], new: usize, orders: usize) -> Vec<OwnedLine> {
    use TxKind::*;
    let mut lines = Vec::new();
    let start = at("2024-01-01 08:00:00");
    for _ in 0..orders {
        let pick = rng.below((existing.len() + new) as u64) as usize;
        let owner = match existing.get(pick) {
            Some(id) => LineOwner::Existing(*id),
            None => LineOwner::New(pick - existing.len()),
        };
        let order_no = format!(
            "{}{}",
            ["", "C", "A"][rng.below(3) as usize],
            rng.below(400)
        );
        let mut when = start + chrono::Duration::minutes(rng.below(182 * 24 * 60) as i64);
        for _ in 0..1 + rng.below(6) {
            if rng.below(8) == 0 {
                when += chrono::Duration::hours(20);
            }
            let quantity: f64 = [1.0, 2.0, 12.0, 0.0, -3.0, 24.0][rng.below(6) as usize];
            let price = match rng.below(5) {
                0 => 0.0,
                1 => (1 + rng.below(300)) as f64 / 3.0,
                _ => (1 + rng.below(99_999)) as f64 / 100.0,
            };
            let kind = [Purchase, Purchase, Purchase, Purchase, Return, Cancellation]
                [rng.below(6) as usize];
            let quantity = if kind == Purchase {
                quantity
            } else {
                -quantity.abs()
            };
            lines.push(OwnedLine {
                owner,
                line: TransactionDraft {
                    order_no: order_no.clone(),
                    customer_code: None,
                    customer_name: None,
                    occurred_at: when,
                    product: None,
                    quantity,
                    unit_price: Some(price),
                    amount: quantity * price,
                    kind,
                },
            });
            when += chrono::Duration::seconds(rng.below(4_000) as i64);
        }
    }
    lines
}

/// Every window a scheme can ask for over the data: lifetime and the last
/// 1, 3, 6 and 12 months up to several rating dates (some inside the data,
/// one on its first day, one after it), the months, quarters and halves of
/// 2024 as rated periods, each with and without returns netted.
fn windows() -> Vec<PurchaseWindow> {
    let mut out = Vec::new();
    let mut add = |from: Option<NaiveDate>, to: NaiveDate| {
        for net_returns in [false, true] {
            out.push(PurchaseWindow {
                from,
                to,
                net_returns,
            });
        }
    };
    for as_of in [
        "2024-01-01",
        "2024-02-15",
        "2024-03-31",
        "2024-04-30",
        "2024-06-29",
        "2024-07-01",
        "2025-01-01",
    ] {
        let as_of = day(as_of);
        add(None, as_of);
        for months in [1, 3, 6, 12] {
            add(as_of.checked_sub_months(chrono::Months::new(months)), as_of);
        }
    }
    for (from, to) in [
        ("2024-01-01", "2024-01-31"),
        ("2024-02-01", "2024-02-29"),
        ("2024-01-01", "2024-03-31"),
        ("2024-04-01", "2024-06-30"),
        ("2024-01-01", "2024-06-30"),
        ("2024-07-01", "2024-12-31"),
        ("2024-01-01", "2024-12-31"),
    ] {
        add(Some(day(from)), day(to));
    }
    out
}

/// The totals of every window against the grouped query over the lines,
/// customer by customer, to the last bit; returns how many customers the
/// lifetime window lists.
fn same_as_lines(store: &Store, conn: &rusqlite::Connection, when: &str) -> usize {
    for w in windows() {
        let ours = store.purchase_totals(&w).unwrap();
        let theirs = totals_from_lines(conn, &w);
        assert_eq!(ours.len(), theirs.len(), "{when}: customers listed, {w:?}");
        for (o, t) in ours.iter().zip(&theirs) {
            assert_eq!(o, t, "{when}: {w:?}");
            assert_eq!(o.spend.to_bits(), t.spend.to_bits(), "{when}: {w:?}");
        }
    }
    let lifetime = PurchaseWindow {
        from: None,
        to: day("2099-12-31"),
        net_returns: false,
    };
    store.purchase_totals(&lifetime).unwrap().len()
}

/// `n` customers 客户0, 客户1, … added to the archive; their ids.
fn customers(store: &mut Store, n: usize) -> Vec<i64> {
    (0..n)
        .map(|i| {
            let draft = CustomerDraft {
                name: format!("客户{i}"),
                ..Default::default()
            };
            store.insert_customer(&draft).unwrap().id
        })
        .collect()
}

#[test]
fn order_day_totals_equal_the_lines_through_imports_undo_and_deletion() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orders.db");
    let mut store = Store::open(&path).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    imports_undo_and_deletion(&mut store, &mut |store, when| {
        same_as_lines(store, &conn, when);
    });
}

/// The totals of every window, after each step of
/// [`imports_undo_and_deletion`] on both backends, are the same to the last
/// bit (SQLite's are the lines' own, by the test above): PostgreSQL's
/// order-day rows are merged and read in the same order.
#[test]
fn order_day_totals_are_the_same_on_both_backends() {
    let mut runs: Vec<Vec<(String, Vec<PurchaseTotals>)>> = Vec::new();
    each_backend(|store| {
        let mut seen = Vec::new();
        imports_undo_and_deletion(store, &mut |store, when| {
            for w in windows() {
                seen.push((format!("{when}: {w:?}"), store.purchase_totals(&w).unwrap()));
            }
        });
        runs.push(seen);
    });
    assert_eq!(runs.len(), backends());
    let bits = |t: &[PurchaseTotals]| t.iter().map(|t| t.spend.to_bits()).collect::<Vec<_>>();
    for other in &runs[1..] {
        assert_eq!(other.len(), runs[0].len());
        for ((when, lite), (_, pg)) in runs[0].iter().zip(other) {
            assert_eq!(lite, pg, "{when}");
            assert_eq!(bits(lite), bits(pg), "{when}");
        }
    }
    assert!(
        runs[0].iter().any(|(_, t)| t.len() > 10),
        "the windows list customers"
    );
}

/// Two random order imports (the first creating customers), the second
/// sheet imported again and that undone, the undo of the second, emptying
/// the recycle bin of two customers and the undo of the first; `check`
/// looks at the store after each step.
fn imports_undo_and_deletion(store: &mut Store, check: &mut dyn FnMut(&Store, &str)) {
    let ids = customers(store, 12);
    let new: Vec<CustomerDraft> = (0..6)
        .map(|i| CustomerDraft {
            name: format!("新客户{i}"),
            ..Default::default()
        })
        .collect();
    let mut rng = Rng(0x005e_ed0f_0de2);
    let import = |store: &mut Store, lines: &[OwnedLine], new: &[CustomerDraft]| {
        let record = crate::order_import(lines.len() as u64);
        store
            .apply_transaction_import(&record, &[], new, lines, |_, _| None)
            .unwrap()
            .id
    };
    let lifetime = |store: &Store| {
        store
            .purchase_totals(&PurchaseWindow {
                from: None,
                to: day("2099-12-31"),
                net_returns: false,
            })
            .unwrap()
    };
    check(store, "before any line");
    assert_eq!(lifetime(store).len(), 0);
    let first = random_lines(&mut rng, &ids, new.len(), 700);
    import(store, &first, &new);
    check(store, "after the first import");
    let everyone = lifetime(store).len();
    assert_eq!(everyone, ids.len() + new.len(), "every customer has lines");
    // The second import adds to orders and days the first one already has.
    let mut all_ids: Vec<i64> = lifetime(store).iter().map(|t| t.customer_id).collect();
    all_ids.sort_unstable();
    let second_lines = random_lines(&mut rng, &all_ids, 0, 500);
    let second = import(store, &second_lines, &[]);
    check(store, "after the second import");
    // The same sheet once more: every order-day row it touches is one
    // already stored, added to.
    let again = import(store, &second_lines, &[]);
    check(store, "after the second sheet again");
    store.undo_import(again).unwrap();
    check(store, "after undoing it again");
    store.undo_import(second).unwrap();
    check(store, "after undoing the second import");
    assert_eq!(lifetime(store).len(), everyone);
    // A customer deleted for good takes their totals with their lines.
    store.delete_customers(&ids[..2]).unwrap();
    store.empty_recycle_bin().unwrap();
    check(store, "after emptying the recycle bin");
    assert_eq!(lifetime(store).len(), everyone - 2);
    // Undoing the first import removes its new customers and every line.
    let first_id = store.imports().unwrap().last().unwrap().id;
    store.undo_import(first_id).unwrap();
    check(store, "after undoing both");
    assert_eq!(lifetime(store).len(), 0);
    assert_eq!(store.transaction_count().unwrap(), 0);
}

#[test]
fn a_file_with_lines_from_before_order_day_totals_gets_them_at_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let mut store = Store::open(&path).unwrap();
    let ids = customers(&mut store, 8);
    let mut rng = Rng(0xfeed_beef);
    for orders in [300, 200] {
        let lines = random_lines(&mut rng, &ids, 0, orders);
        let record = crate::order_import(lines.len() as u64);
        store
            .apply_transaction_import(&record, &[], &[], &lines, |_, _| None)
            .unwrap();
    }
    drop(store);
    // The file as a build before migration 0010 left it.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "DROP TRIGGER order_days_follow_customer; DROP TABLE order_days;
         DELETE FROM schema_migrations WHERE number = 10; PRAGMA user_version = 9;",
    )
    .unwrap();
    let store = Store::open(&path).unwrap();
    let rows: i64 = conn
        .query_row("SELECT count(*) FROM order_days", [], |r| r.get(0))
        .unwrap();
    assert!(rows > 100, "filled from the lines: {rows} rows");
    assert_eq!(same_as_lines(&store, &conn, "after the upgrade"), ids.len());
}
