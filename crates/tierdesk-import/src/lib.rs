//! Import planning: which stored customer a sheet row is, and what the row
//! changes on it. Pure: no IO. The API crate reads the file, feeds each row
//! to [`Interpreted::interpret`], hands [`decide`] the archive's match keys
//! and a way to fetch a matched customer, and writes what it decides.
//!
//! - [`columns`]: what a mapping says (the kind of table, whether it names
//!   each row's identity, the custom fields it adds).
//! - [`rows`]: one row of the sheet into a customer draft or an order line,
//!   or into problems (damaged cells, rows naming no customer).
//! - [`matching`]: the archive's customers by code, phone and name, repeats
//!   inside one sheet, and the owner of each order line.
//! - [`pairs`]: rows that share only a phone with another record under
//!   another name (可能重复), merged or imported apart as the person chooses.
//! - [`merge`]: what an import may overwrite on a stored customer, the
//!   original words of a lossy reading, figures refreshed from order lines.
//! - [`decide`](mod@decide): every row's fate, the writes and the counts.
//! - [`survey`]: a survey sheet's rows into answers of known customers.

pub mod columns;
pub mod decide;
pub mod matching;
pub mod merge;
pub mod pairs;
pub mod rows;
pub mod survey;

pub use columns::{
    check_mapping, exact_headers, headers_of, kind_of, new_fields, recognised, SURVEYS_ELSEWHERE,
};
pub use decide::{decide, decide_with, Archive, Decided, Halt, ImportCounts, OnDuplicate, RowFate};
pub use matching::{Found, KeyIndex, LineMatcher, SameBy, Seen, SeenInFile};
pub use merge::{keep_originals, merge, refresh_from_lines, LineFigures};
pub use pairs::{suggest, PairChoice, PairChoices, PossibleDuplicate};
pub use rows::{Interpreted, RowReader};
