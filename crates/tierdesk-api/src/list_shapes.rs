//! The customer list's query shapes that the benchmarks time (`tierdesk
//! bench` over a file, the team bench over a file and a team database side
//! by side): pages, sorts, tier filters and searches of every kind the
//! archive page makes. Not part of the API; hidden from its documentation.

use tierdesk_domain::{CustomerQuery, SortKey};

/// Each shape with its label, 100 rows a page.
pub fn shapes() -> Vec<(&'static str, CustomerQuery)> {
    let q = |search: Option<&str>, tier: Option<&str>, sort: SortKey, desc: bool, offset: u32| {
        CustomerQuery {
            search: search.map(str::to_owned),
            tier: tier.map(str::to_owned),
            sort,
            descending: desc,
            offset,
            limit: 100,
            ..CustomerQuery::default()
        }
    };
    vec![
        ("first page, by id", q(None, None, SortKey::Id, false, 0)),
        ("page 100, by id", q(None, None, SortKey::Id, false, 10_000)),
        ("sort by spend desc", q(None, None, SortKey::Spend, true, 0)),
        ("sort by name", q(None, None, SortKey::Name, false, 0)),
        (
            "filter tier=gold, sort spend desc",
            q(None, Some("gold"), SortKey::Spend, true, 0),
        ),
        (
            "filter tier=diamond, sort name",
            q(None, Some("diamond"), SortKey::Name, false, 0),
        ),
        (
            "filter tier=silver, by id, page 50",
            q(None, Some("silver"), SortKey::Id, false, 5_000),
        ),
        (
            "filter tier=regular, sort next rating",
            q(None, Some("regular"), SortKey::NextRatingOn, false, 0),
        ),
        (
            "search pinyin 'zs'",
            q(Some("zs"), None, SortKey::Id, false, 0),
        ),
        (
            "search name prefix '王'",
            q(Some("王"), None, SortKey::Id, false, 0),
        ),
        (
            "search name '北京华信' (substring)",
            q(Some("华信科技"), None, SortKey::Id, false, 0),
        ),
        (
            "search phone '1381234'",
            q(Some("1381234"), None, SortKey::Id, false, 0),
        ),
        (
            "search code 'C000123'",
            q(Some("C000123"), None, SortKey::Id, false, 0),
        ),
        (
            "search '张' + tier=silver, sort spend desc",
            q(Some("张"), Some("silver"), SortKey::Spend, true, 0),
        ),
        (
            "sort by last contact desc",
            q(None, None, SortKey::LastContactOn, true, 0),
        ),
        (
            "sort by next contact",
            q(None, None, SortKey::NextContactOn, false, 0),
        ),
        (
            "not contacted for 90 days, by id",
            CustomerQuery {
                last_contact_before: Some(days_ago(90)),
                ..q(None, None, SortKey::Id, false, 0)
            },
        ),
        (
            "not contacted for 90 days, sort spend desc",
            CustomerQuery {
                last_contact_before: Some(days_ago(90)),
                ..q(None, None, SortKey::Spend, true, 0)
            },
        ),
        (
            "next contact due, sort next contact",
            CustomerQuery {
                next_contact_by: Some(days_ago(0)),
                ..q(None, None, SortKey::NextContactOn, false, 0)
            },
        ),
    ]
}

/// The day `n` days before today (the demo data's contact dates count back from today).
fn days_ago(n: i64) -> chrono::NaiveDate {
    crate::today() - chrono::Duration::days(n)
}

/// The value at fraction `p` of sorted timings (nearest rank).
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx.min(sorted.len() - 1)]
}
