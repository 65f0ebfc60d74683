//! Evaluates a million synthetic customers with `five_level`, `weighted5`,
//! `star4`, `rfm10` and `rfm8` and prints the time of each against the 1 s goal.
//! Nine in ten customers have purchases for RFM; the rest land in 无购买记录.

use std::collections::BTreeMap;
use std::time::Instant;

use chrono::NaiveDate;
use tierdesk_tiers::{evaluate, five_level, rfm10, rfm8, star4, weighted5, CustomerFacts};

/// splitmix64: a well-spread number from an index.
fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e3779b97f4a7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d049bb133111eb);
    z ^ (z >> 31)
}

fn customers(n: usize) -> Vec<CustomerFacts> {
    // A small linear congruential generator keeps the data the same on every run.
    let mut x: u64 = 42;
    let mut next = move || {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (x >> 33) as f64 / (1u64 << 31) as f64
    };
    (0..n)
        .map(|i| {
            let mut custom = BTreeMap::new();
            custom.insert("purchase_behavior".to_owned(), (next() * 100.0).round());
            custom.insert("satisfaction".to_owned(), (next() * 100.0).round());
            custom.insert("recommendation".to_owned(), (next() * 100.0).round());
            CustomerFacts {
                id: i as i64,
                code: Some(format!("C{i:07}")),
                name: format!("客户{i}"),
                spend: Some((3000.0 * (next() * 5.5).exp()).round()),
                frequency: Some((next() * 60.0).round()),
                tenure_years: Some((next() * 10.0).round()),
                influence: Some((1.0 + next() * 4.0).round()),
                // From the index, so the figures above stay as they were.
                orders: (i % 10 != 0).then(|| 1.0 + (mix(i as u64) % 41) as f64),
                recency_days: (i % 10 != 0).then(|| (mix(i as u64 + n as u64) % 721) as f64),
                current_tier: Some("regular".into()),
                custom,
                ..Default::default()
            }
        })
        .collect()
}

fn main() {
    let n = 1_000_000;
    let people = customers(n);
    let as_of = NaiveDate::from_ymd_opt(2024, 12, 31).unwrap();
    println!("tier engine over {n} customers (goal: <= 1 s each, release build)");
    for scheme in [five_level(), weighted5(), star4(), rfm10(), rfm8()] {
        let mut best = f64::MAX;
        let mut counts = Vec::new();
        for _ in 0..3 {
            let t = Instant::now();
            let e = evaluate(&scheme, as_of, &people).unwrap();
            best = best.min(t.elapsed().as_secs_f64());
            counts = e
                .counts
                .iter()
                .map(|c| format!("{} {}", c.name, c.count))
                .collect();
        }
        println!(
            "{:<12} {:>8.3} s  ({})  {}",
            scheme.key,
            best,
            if best <= 1.0 {
                "meets goal"
            } else {
                "ABOVE goal"
            },
            counts.join(", ")
        );
    }
}
