//! Spreadsheet and CSV files: reading them into [`tierdesk_domain::Cell`]s and
//! writing workbooks. The only crate that knows calamine and rust_xlsxwriter.
