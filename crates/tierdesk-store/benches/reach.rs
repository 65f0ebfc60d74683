//! What the reach-a-tier bonus costs a rating: a batch over 1,000,000
//! customers (four tiers; every customer moves: one in two up a tier, the
//! rest down or sideways) applied without bonuses and with a bonus on the
//! top two tiers (about 500,000 bonus rows written by one INSERT … SELECT
//! over the batch's history), each run undone again (the undo reverses the
//! bonuses); best of `BENCH_RUNS` (2) each, alternated on the shared machine.
//!
//! `BENCH_DIR=/tmp/x cargo bench -p tierdesk-store --bench reach` (the
//! file is made once and kept there; `REACH_CUSTOMERS=100000` for a
//! smaller one: on the shared 2 cores the million-customer apply alone took
//! over 20 minutes under a load of 6, in the existing per-customer writes).

use std::path::PathBuf;
use std::time::Instant;

use chrono::NaiveDate;
use tierdesk_domain::points::Expiry;
use tierdesk_domain::points_rules::{ReachPlan, ReachTier};
use tierdesk_domain::{CustomerDraft, NewBatch, TierChange};
use tierdesk_store::{Store, StoredScheme};

/// Customers in the file (`REACH_CUSTOMERS`, default 1,000,000).
fn customers() -> usize {
    std::env::var("REACH_CUSTOMERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000)
}
const TIERS: [&str; 4] = ["diamond", "gold", "silver", "regular"];

fn db() -> PathBuf {
    let dir = std::env::var("BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| std::env::temp_dir());
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(format!("reach-{}.db", customers()))
}

fn fill(store: &mut Store) {
    if store.customer_count().unwrap() as usize >= customers() {
        return;
    }
    let t = Instant::now();
    let drafts: Vec<CustomerDraft> = (0..customers())
        .map(|i| CustomerDraft {
            code: Some(format!("R{i:07}")),
            name: format!("客户{i}"),
            tier: Some(TIERS[i % 4].into()),
            ..Default::default()
        })
        .collect();
    for chunk in drafts.chunks(50_000) {
        store.insert_customers(chunk).unwrap();
    }
    store.analyze().unwrap();
    eprintln!(
        "filled {} customers in {:.1} s",
        customers(),
        t.elapsed().as_secs_f64()
    );
}

fn plan() -> ReachPlan {
    ReachPlan {
        tiers: TIERS
            .iter()
            .enumerate()
            .map(|(rank, key)| ReachTier {
                key: (*key).into(),
                name: (*key).into(),
                rank,
                bonus: [1000, 500, 0, 0][rank],
            })
            .collect(),
        expiry: Expiry::YearEnd { years: 1 },
    }
}

fn main() {
    let mut store = Store::open(&db()).unwrap();
    fill(&mut store);
    // A batch names its scheme (the text is never read here).
    store
        .save_scheme(&StoredScheme {
            key: "star4".into(),
            version: 1,
            name: "bench".into(),
            definition: String::new(),
        })
        .unwrap();
    let ids: Vec<i64> = {
        let mut v = Vec::with_capacity(customers());
        store
            .for_each_live_customer(|c| v.push((c.id, c.tier)))
            .unwrap();
        v.sort_unstable();
        v.into_iter().map(|(id, _)| id).collect()
    };
    // Customer i (tier i % 4) goes up one tier when i is odd, else down one
    // (the lowest goes up to the top, a second kind of move).
    let changes: Vec<TierChange> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let from = i % 4;
            let to = if i % 2 == 1 {
                (from + 3) % 4
            } else {
                (from + 1) % 4
            };
            TierChange {
                customer_id: *id,
                to_tier: TIERS[to].into(),
                score: None,
                reason: "bench".into(),
                manual: None,
            }
        })
        .collect();
    let batch = NewBatch {
        scheme_key: "star4".into(),
        scheme_version: 1,
        period: "2026".into(),
        as_of: NaiveDate::from_ymd_opt(2026, 6, 30).unwrap(),
        applied_by: "bench".into(),
        rated_on: NaiveDate::from_ymd_opt(2026, 6, 30).unwrap(),
        next_rating_on: NaiveDate::from_ymd_opt(2027, 6, 30).unwrap(),
    };
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2);
    let plan = plan();
    let mut best = [(f64::MAX, f64::MAX); 2];
    for _ in 0..runs {
        for (k, reach) in [None, Some(&plan)].into_iter().enumerate() {
            let t = Instant::now();
            store.apply_batch_with(&batch, &changes, reach).unwrap();
            let apply = t.elapsed().as_secs_f64();
            let given: i64 = store.points_balance(ids[1]).unwrap();
            let t = Instant::now();
            store.undo_last_batch().unwrap();
            let undo = t.elapsed().as_secs_f64();
            eprintln!("{}: apply {apply:.2} s, undo {undo:.2} s (customer 2's balance after apply: {given})",
                if reach.is_some() { "with bonuses" } else { "without" });
            best[k] = (best[k].0.min(apply), best[k].1.min(undo));
        }
    }
    let rows: i64 = store.points_ledger(ids[1]).unwrap().len() as i64;
    println!(
        "rating of {} customers, best of {runs}: apply {:.2} s without bonuses, {:.2} s with \
         (+{:.0} %); undo {:.2} s without, {:.2} s with; customer 2's ledger rows after the runs: {rows}",
        customers(),
        best[0].0,
        best[1].0,
        (best[1].0 / best[0].0 - 1.0) * 100.0,
        best[0].1,
        best[1].1
    );
}
