//! The store at its boundary: what goes in through its methods comes back
//! out through them, against a real SQLite database.

mod audit;
mod backup;
mod cases;
mod churn;
mod contacts;
mod customers;
mod damage;
mod followups;
mod import_profiles;
mod lines;
mod locking;
mod migrate;
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
mod timeline;
mod todo_steps;
mod todos;
mod undo;
mod undo_points_todos;

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
