//! Use cases through the API crate, against real SQLite files.

mod bindings;
mod benefits;
mod customers;
mod fields;
mod import;
mod overrides;
mod rating;
mod report;
mod whatif;
