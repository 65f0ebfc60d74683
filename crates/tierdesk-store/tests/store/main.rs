//! The store at its boundary: what goes in through its methods comes back
//! out through them, against a real SQLite database.

mod customers;
mod damage;
mod lines;
mod locking;
mod migrate;
mod purchases;
mod rating;
mod undo;

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
