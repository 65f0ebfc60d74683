//! The report's figures from small known customer sets, the benefit
//! statement and the HTML pages, as tables of cases and snapshots.
//!
//! Snapshots live in `snapshots/` beside this file; a missing or changed
//! snapshot fails under `CI=true` (or `INSTA_UPDATE=no`). After a wanted
//! change: `cargo insta review` or `INSTA_UPDATE=always cargo test -p
//! tierdesk-report`, then read the `.snap` diff before committing it.

mod churn;
mod churn_xlsx;
mod figures;
mod html;
mod movement;
mod pdf_cells;
mod points_figures;
mod points_statement;
mod service;
mod statement;

use chrono::NaiveDate;
use tierdesk_domain::{Customer, TierLabel};

pub fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// star4's tiers, highest first.
pub fn star4() -> Vec<TierLabel> {
    [
        ("diamond", "钻石", "#6b3fa0", 4),
        ("gold", "金牌", "#d4a017", 3),
        ("silver", "银牌", "#8c8c8c", 2),
        ("regular", "普通", "#5b8ff9", 1),
    ]
    .into_iter()
    .map(|(key, name, color, stars)| TierLabel {
        key: key.into(),
        name: name.into(),
        color: color.into(),
        stars,
    })
    .collect()
}

/// A live customer with an id, a tier key and a spend; the rest empty.
pub fn customer(id: i64, tier: Option<&str>, spend: Option<f64>) -> Customer {
    Customer {
        id,
        code: Some(format!("C{id:03}")),
        name: format!("客户{id}"),
        phone: Some(format!("138{:08}", id)),
        spend,
        frequency: None,
        tenure_years: None,
        influence: None,
        tier: tier.map(str::to_owned),
        last_rated_on: None,
        next_rating_on: None,
        gender: None,
        birth_date: None,
        email: None,
        address: None,
        registered_on: None,
        last_contact_on: None,
        next_contact_on: None,
        owner_id: None,
        owner_name: None,
        version: 1,
        updated_by: None,
        preferred_category: None,
        notes: None,
        manager: None,
        tags: Vec::new(),
        fields: Default::default(),
        created_at: "2024-01-01 00:00:00".into(),
        updated_at: "2024-01-01 00:00:00".into(),
        deleted_at: None,
    }
}
