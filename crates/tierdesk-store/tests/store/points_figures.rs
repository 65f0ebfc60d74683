//! The report's points figures from a ledger written by the real writers:
//! an order import earning for a gold and an untiered customer in two
//! quarters, a hand adjustment, a redemption and its undo, a redemption
//! kept, an expiry run, and an undone import whose reversals take its
//! points back. Checked per tier and month (a table) and per tier held.

use chrono::NaiveDate;
use tierdesk_domain::points::{EarnPlan, Expiry, ItemKind, Rounding};
use tierdesk_domain::{CustomerDraft, LineOwner, TransactionDraft, TxKind};
use tierdesk_store::testing::each_backend;
use tierdesk_store::{PointsHolding, PointsMonth, Store};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn plan() -> EarnPlan {
    EarnPlan {
        yuan_per_point: 10.0,
        rounding: Rounding::Down,
        net_of_returns: false,
        birthday_multiplier: 1.0,
        expiry: Expiry::YearEnd { years: 1 },
        multipliers: vec![("gold".into(), 2.0), ("silver".into(), 1.0)],
        untiered: 1.0,
        first_purchase_bonus: 0,
    }
}

fn line(order: &str, when: &str, amount: f64) -> TransactionDraft {
    crate::points_import::line(order, when, amount, TxKind::Purchase)
}

fn import(store: &mut Store, lines: &[(i64, TransactionDraft)]) -> i64 {
    let new = crate::order_import(lines.len() as u64);
    let mut run = store.begin_line_import(&new, &[]).unwrap();
    run.earn_points(plan());
    for (owner, l) in lines {
        run.push(LineOwner::Existing(*owner), l).unwrap();
    }
    run.finish(&new, &[], |_, _| None).unwrap().id
}

fn customer(store: &mut Store, name: &str, tier: Option<&str>) -> i64 {
    store
        .insert_customer(&CustomerDraft {
            name: name.into(),
            tier: tier.map(str::to_owned),
            ..Default::default()
        })
        .unwrap()
        .id
}

fn month(tier: Option<&str>, month: &str, v: [i64; 4]) -> PointsMonth {
    PointsMonth {
        tier: tier.map(str::to_owned),
        month: month.into(),
        issued: v[0],
        redeemed: v[1],
        expired: v[2],
        adjusted: v[3],
    }
}

#[test]
fn figures_per_tier_and_month_follow_the_ledger() {
    each_backend(|store| {
        let gold = customer(store, "金甲", Some("gold"));
        let plain = customer(store, "散客乙", None);
        let silver = customer(store, "银丙", Some("silver"));
        let gone = customer(store, "已删丁", Some("gold"));
        // 2024-11: gold ¥1,000 ×2 = 200; plain ¥300 = 30.  2025-02: gold ¥500 ×2 = 100.
        import(
            store,
            &[
                (gold, line("G1", "2024-11-05", 1000.0)),
                (plain, line("P1", "2024-11-20", 300.0)),
                (gold, line("G2", "2025-02-10", 500.0)),
                (gone, line("X1", "2025-02-11", 900.0)),
            ],
        );
        // An import of silver's that is undone: its 80 points come back out in 2025-03.
        let undone = import(store, &[(silver, line("S1", "2025-03-03", 800.0))]);
        store.undo_import(undone).unwrap();
        store
            .points_adjust(plain, 15, "补录", d("2025-02-20"), None)
            .unwrap();
        let mug = store
            .points_catalogue_add("保温杯", ItemKind::Gift, 50, None)
            .unwrap();
        let r = store
            .points_redeem(gold, mug.id, 1, d("2025-03-01"))
            .unwrap();
        store
            .points_undo(r.id, "客户改选", d("2025-03-02"))
            .unwrap();
        store
            .points_redeem(gold, mug.id, 2, d("2025-03-15"))
            .unwrap();
        // 2024's points expire on 2025-12-31: gold's 200 less the 100 used first, plain's 30.
        store.points_expire(d("2025-12-31")).unwrap();
        store.delete_customers(&[gone]).unwrap();

        // The undo's reversals are dated the day it ran (today).
        let undo_month = chrono::Local::now()
            .date_naive()
            .format("%Y-%m")
            .to_string();
        let sums = store.points_sums(d("2099-12-31"), d("2100-03-31")).unwrap();
        let expected = vec![
            month(Some("gold"), "2024-11", [200, 0, 0, 0]),
            month(None, "2024-11", [30, 0, 0, 0]),
            month(Some("gold"), "2025-02", [100, 0, 0, 0]),
            month(None, "2025-02", [0, 0, 0, 15]),
            month(Some("gold"), "2025-03", [0, 100, 0, 0]),
            month(Some("silver"), "2025-03", [80, 0, 0, 0]),
            month(Some("silver"), &undo_month, [-80, 0, 0, 0]),
            month(Some("gold"), "2025-12", [0, 0, 100, 0]),
            month(None, "2025-12", [0, 0, 30, 0]),
        ];
        let mut got = sums.months.clone();
        let key = |m: &PointsMonth| (m.month.clone(), m.tier.clone());
        let mut want = expected.clone();
        want.sort_by_key(key);
        got.sort_by_key(key);
        assert_eq!(got, want);
        let mut holdings = sums.holdings.clone();
        holdings.sort_by_key(|h| h.tier.clone());
        assert_eq!(
            holdings,
            vec![
                PointsHolding {
                    tier: None,
                    customers: 1,
                    balance: 15,
                    expiring: 0
                },
                PointsHolding {
                    tier: Some("gold".into()),
                    customers: 1,
                    balance: 100,
                    expiring: 100
                },
                PointsHolding {
                    tier: Some("silver".into()),
                    customers: 0,
                    balance: 0,
                    expiring: 0
                },
            ]
        );
        // Per customer the holdings equal the ledger's balances.
        assert_eq!(store.points_balance(gold).unwrap(), 100);
        assert_eq!(store.points_balance(plain).unwrap(), 15);

        // As of the end of 2024 only 2024's rows count.
        let early = store.points_sums(d("2024-12-31"), d("2025-03-31")).unwrap();
        assert_eq!(early.months.len(), 2);
        let held: i64 = early.holdings.iter().map(|h| h.balance).sum();
        assert_eq!(held, 230);
        // An empty ledger has no figures.
        let empty = Store::open_in_memory().unwrap();
        assert!(empty
            .points_sums(d("2025-12-31"), d("2026-03-31"))
            .unwrap()
            .is_empty());
    });
}

/// The points about to expire per tier, computed in SQL, equal the sum of
/// each customer's FIFO answer from the domain (`Store::points_expiring`,
/// capped at the balance) on a ledger of random additions with and without
/// expiry, uses, undos and an expiry run, for several days.
#[test]
fn expiring_in_sql_equals_the_fifo_of_each_customer() {
    each_backend(|store| {
        let tiers = [Some("gold"), Some("silver"), None];
        let ids: Vec<i64> = (0..24)
            .map(|i| customer(store, &format!("客户{i}"), tiers[i % 3]))
            .collect();
        let mut seed: u64 = 7;
        let mut next = |n: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        let start = d("2024-01-01");
        for step in 0..600 {
            let id = ids[next(ids.len() as u64) as usize];
            let on = start + chrono::Days::new(next(700));
            let balance = store.points_balance(id).unwrap();
            match next(10) {
                0..=5 => {
                    let expires = match next(3) {
                        0 => None,
                        _ => Some(on + chrono::Days::new(30 + next(500))),
                    };
                    store
                        .points_adjust(id, 1 + next(300) as i64, "加", on, expires)
                        .unwrap();
                }
                6..=7 if balance > 0 => {
                    store
                        .points_adjust(id, -(1 + next(balance as u64) as i64), "减", on, None)
                        .unwrap();
                }
                8 => {
                    let last = store.points_ledger(id).unwrap().into_iter().last();
                    if let Some(e) = last.filter(|e| e.points > 0 && e.points <= balance) {
                        store.points_undo(e.id, "撤销", on).unwrap();
                    }
                }
                _ if step == 400 => {
                    store.points_expire(d("2024-09-30")).unwrap();
                }
                _ => {}
            }
        }
        let tier_of = |i: usize| tiers[i % 3].map(str::to_owned);
        for by in ["2024-06-30", "2024-12-31", "2025-06-30", "2026-12-31"] {
            let sums = store.points_sums(d("2099-12-31"), d(by)).unwrap();
            for h in &sums.holdings {
                let oracle: i64 = ids
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| tier_of(*i) == h.tier)
                    .map(|(_, id)| {
                        let balance = store.points_balance(*id).unwrap();
                        store
                            .points_expiring(*id, d(by))
                            .unwrap()
                            .min(balance.max(0))
                    })
                    .sum();
                assert_eq!(h.expiring, oracle, "{:?} by {by}", h.tier);
            }
            let total: i64 = sums.holdings.iter().map(|h| h.expiring).sum();
            if by == "2026-12-31" {
                assert!(total > 0, "the case has points to expire");
            }
        }
    });
}
