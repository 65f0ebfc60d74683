//! From cells to customers and order lines: finding the header, matching
//! columns to fields, reading the values office sheets hold. Pure: no IO.
//!
//! [`guess_mapping`] looks at the first rows of a sheet, skips title rows
//! and finds the header (two-row headers joined), proposes a [`Target`] for
//! every column from built-in Chinese and English synonyms (units such as
//! 万元 in the header noted), and makes unknown columns custom fields so
//! nothing is dropped. [`row_kind`] tells totals, notes and repeated headers
//! from data. [`read_customer`] and [`read_transaction`] turn a data row into
//! a draft or into [`Problem`]s that name the row, column, value and reason.

mod digits;
mod fields;
mod header;
mod points;
mod row_kind;
mod rows;
pub mod survey;
pub mod values;

pub use fields::{Confidence, CustomerField, Target, TxField, Unit};
pub use header::{
    field_key, guess_mapping, header_signature, normalize, ColumnMapping, Mapping, TableKind,
};
pub use points::read_points;
pub use row_kind::{row_kind, RowKind};
pub use rows::{read_customer, read_transaction, CustomerRow, Problem, ReadOptions};
