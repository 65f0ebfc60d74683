//! Spreadsheet and CSV files: reading them into [`tierdesk_domain::Cell`]s and
//! writing workbooks. The only crate that knows calamine and rust_xlsxwriter.
//!
//! [`open`] looks at a file's bytes (not its name) to tell an .xlsx from an
//! .xls, an ODS, a CSV, or an HTML page saved with an Excel name, and refuses
//! encrypted, truncated and hostile files with a [`SheetError`] whose message
//! a person understands. [`Book::for_each_row`] then hands over every row with
//! its index as Excel numbers it (row 1 is index 0, column A is index 0),
//! streaming where the format allows so large files stay within memory.
//! [`write_error_workbook`] writes a copy of a sheet with the bad cells marked;
//! [`CustomerLayout`] is the one definition of the customer workbook's columns
//! ([`CUSTOMER_COLUMNS`], then custom fields); [`write_customer_book`] writes
//! the template and [`write_customers_to`] customer lists in it.

mod error;
mod errors_book;
mod export;
mod html;
mod layout;
mod output;
mod person;
mod read;
mod text;

pub use error::SheetError;
pub use errors_book::{write_error_workbook, CellProblem};
pub use export::{
    write_customer_book, write_customer_book_to, write_customers_to, ColumnKind, CustomerBook,
    ExportColumn,
};
pub use layout::{
    BuiltinKind, CustomerColumn, CustomerLayout, CustomerValue, TierStyle, CUSTOMER_COLUMNS,
};
pub use output::{save_output, OutputFile};
pub use person::{write_person_copy, PersonCell, PersonSheet};
pub use read::{open, Book, Format, SheetInfo, MAX_CELLS, MAX_CELL_CHARS, MAX_COLUMNS};
