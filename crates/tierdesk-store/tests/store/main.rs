//! The store at its boundary: what goes in through its methods comes back
//! out through them, against a real SQLite database.

mod lines;
mod migrate;
mod purchases;
mod rating;
