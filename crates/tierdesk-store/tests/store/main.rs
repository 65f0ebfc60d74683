//! The store at its boundary: what goes in through its methods comes back
//! out through them, against a real SQLite database.

mod analysis;
mod audit;
mod backup;
mod cases;
mod churn;
mod contacts;
mod counts;
mod customers;
mod damage;
mod desks;
mod fields;
mod followups;
mod import_profiles;
mod lines;
mod locking;
mod migrate;
mod owner;
mod password;
mod points;
mod points_catalogue;
mod points_figures;
mod points_import;
mod privacy;
mod purchases;
mod rating;
mod schema_pg;
mod surveys;
mod team_conn;
mod timeline;
mod todo_steps;
mod todos;
mod undo;
mod undo_points_todos;
mod users;

/// The record of an order-sheet import of `rows_read` rows.
pub(crate) fn order_import(rows_read: u64) -> tierdesk_domain::NewImport {
    tierdesk_domain::NewImport {
        kind: tierdesk_domain::ImportKind::Transactions,
        file: "orders.csv".into(),
        sheet: "orders".into(),
        mapping: "{}".into(),
        rows_read,
        unchanged: 0,
        skipped: 0,
        rejected: 0,
        who: "测试".into(),
    }
}

/// The first page of a customer's timeline, events of one kind only.
pub(crate) fn timeline_of(
    store: &tierdesk_store::Store,
    customer: i64,
    kind: &str,
) -> Vec<tierdesk_domain::record::TimelineEvent> {
    store
        .timeline_page(
            customer,
            &tierdesk_domain::record::TimelineQuery {
                kinds: vec![kind.into()],
                ..Default::default()
            },
        )
        .unwrap()
        .events
}

/// Every to-do (closed ones too) from records of `source_kind` (`case`,
/// `survey`, `churn` …), by id, as the to-do list reads them.
pub(crate) fn todos_of_source(
    store: &tierdesk_store::Store,
    source_kind: &str,
) -> Vec<tierdesk_domain::Todo> {
    let filter = tierdesk_domain::TodoFilter {
        include_closed: true,
        limit: Some(1000),
        ..Default::default()
    };
    let now = chrono::NaiveDate::from_ymd_opt(2026, 12, 31)
        .and_then(|d| d.and_hms_opt(12, 0, 0))
        .unwrap();
    let mut todos: Vec<_> = store
        .todos(&filter, now)
        .unwrap()
        .into_iter()
        .filter(|t| t.source_kind.as_deref() == Some(source_kind))
        .collect();
    todos.sort_by_key(|t| t.id);
    todos
}

/// One text of each customer in the archive (not the recycle bin), sorted:
/// who is there, by code or by name.
pub(crate) fn live_sorted(
    store: &tierdesk_store::Store,
    text: impl Fn(tierdesk_domain::Customer) -> Option<String>,
) -> Vec<String> {
    let mut texts: Vec<String> = store
        .list_customers(&tierdesk_domain::CustomerQuery {
            limit: 1_000,
            ..Default::default()
        })
        .unwrap()
        .items
        .into_iter()
        .filter_map(text)
        .collect();
    texts.sort();
    texts
}

/// `n` bytes of a fixed pseudo-random sequence (xorshift): noise that looks
/// like no file format, the same in every run.
pub(crate) fn noise(n: usize) -> Vec<u8> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}
