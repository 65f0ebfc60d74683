//! What a page of the customer list costs the store alone: 200,000
//! customers filled through `insert_customers` into a fresh file, then each
//! query shape the list sends (sorts, a tier filter, searches of three
//! characters or more and of fewer, a deep page) timed over 30 runs, p50
//! and p95. The app's goal is 50 ms at p95 over a million customers (see
//! `tierdesk bench`); this one measures the store's part on a smaller file
//! quickly, so a change of the database layer can be compared before and
//! after on one machine.
//!
//! `cargo bench -p tierdesk-store --bench list`

use std::time::Instant;

use tierdesk_domain::{CustomerDraft, CustomerQuery, SortKey};
use tierdesk_store::Store;

const CUSTOMERS: usize = 200_000;
const RUNS: usize = 30;

fn drafts() -> Vec<CustomerDraft> {
    let surnames = ["张", "王", "李", "赵", "陈", "刘", "杨", "黄"];
    let given = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "勇"];
    let tiers = ["diamond", "gold", "silver", "regular"];
    (0..CUSTOMERS)
        .map(|i| CustomerDraft {
            code: Some(format!("C{i:07}")),
            name: format!(
                "{}{}{}",
                surnames[i % surnames.len()],
                given[(i / 8) % given.len()],
                given[(i / 80) % given.len()]
            ),
            phone: Some(format!("138{:08}", (i * 7_919) % 100_000_000)),
            spend: (i % 13 != 0).then_some(((i * 37) % 500_000) as f64),
            tier: Some(tiers[(i * 7) % 97 % tiers.len()].to_owned()),
            ..CustomerDraft::default()
        })
        .collect()
}

fn main() {
    let dir = std::env::temp_dir().join(format!("tierdesk-list-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("list.db");
    let mut store = Store::open(&path).unwrap();
    let all = drafts();
    let t = Instant::now();
    for chunk in all.chunks(10_000) {
        store.insert_customers(chunk).unwrap();
    }
    println!(
        "filled {CUSTOMERS} customers through insert_customers in {:.2} s",
        t.elapsed().as_secs_f64()
    );
    let q = |f: fn(&mut CustomerQuery)| {
        let mut q = CustomerQuery {
            limit: 50,
            ..CustomerQuery::default()
        };
        f(&mut q);
        q
    };
    let shapes: Vec<(&str, CustomerQuery)> = vec![
        ("first page, by id", q(|_| {})),
        ("by name", q(|q| q.sort = SortKey::Name)),
        (
            "by spend, descending",
            q(|q| {
                q.sort = SortKey::Spend;
                q.descending = true;
            }),
        ),
        (
            "tier gold, by name",
            q(|q| {
                q.tier = Some("gold".into());
                q.sort = SortKey::Name;
            }),
        ),
        (
            "search '12345' (3+ characters)",
            q(|q| q.search = Some("12345".into())),
        ),
        (
            "search '张伟' (prefix)",
            q(|q| q.search = Some("张伟".into())),
        ),
        (
            "page 2,000, by name",
            q(|q| {
                q.sort = SortKey::Name;
                q.offset = 100_000;
            }),
        ),
    ];
    println!(
        "{:<36} {:>9} {:>9} {:>9}",
        "query", "p50 ms", "p95 ms", "matches"
    );
    for (label, query) in &shapes {
        let mut times = Vec::with_capacity(RUNS);
        let mut total = 0;
        for _ in 0..RUNS {
            let t = Instant::now();
            let page = store.list_customers(query).unwrap();
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            total = page.total;
        }
        times.sort_by(f64::total_cmp);
        let at = |p: f64| times[((times.len() - 1) as f64 * p).round() as usize];
        println!("{label:<36} {:>9.2} {:>9.2} {total:>9}", at(0.5), at(0.95));
    }
    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
}
