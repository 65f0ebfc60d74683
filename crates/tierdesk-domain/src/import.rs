//! Records of imports: what a sheet brought in, and what undo needs.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{CustomerDraft, TransactionDraft};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    Customers,
    Transactions,
    /// Satisfaction survey answers (满意度调查), read by their own path:
    /// `tierdesk_import::survey`.
    Surveys,
}

impl ImportKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ImportKind::Customers => "customers",
            ImportKind::Transactions => "transactions",
            ImportKind::Surveys => "surveys",
        }
    }

    pub fn parse(s: &str) -> Option<ImportKind> {
        match s {
            "customers" => Some(ImportKind::Customers),
            "transactions" => Some(ImportKind::Transactions),
            "surveys" => Some(ImportKind::Surveys),
            _ => None,
        }
    }
}

/// One import as the history page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ImportRecord {
    pub id: i64,
    pub kind: ImportKind,
    pub file: String,
    pub sheet: String,
    pub rows_read: u64,
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub skipped: u64,
    pub rejected: u64,
    /// Order lines stored (transaction imports).
    pub lines: u64,
    pub created_at: String,
    pub who: String,
    pub undone_at: Option<String>,
}

/// What an import is about to record, before the store adds its counts.
#[derive(Debug, Clone, PartialEq)]
pub struct NewImport {
    pub kind: ImportKind,
    pub file: String,
    pub sheet: String,
    /// The confirmed column mapping, as JSON.
    pub mapping: String,
    pub rows_read: u64,
    pub unchanged: u64,
    pub skipped: u64,
    pub rejected: u64,
    pub who: String,
}

/// One customer write of an import.
// An update carries the draft before and after; boxing them would cost an
// allocation per row for nothing, as writes are moved, never copied in bulk.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum CustomerWrite {
    Insert(CustomerDraft),
    Update {
        id: i64,
        draft: CustomerDraft,
        previous: CustomerDraft,
    },
}

/// The keys an import matches existing customers by.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomerKeys {
    pub id: i64,
    pub code: Option<String>,
    pub phone_key: Option<String>,
    pub name_key: String,
}

/// Who an order line belongs to: a customer already in the archive, or the
/// n-th customer the same import creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineOwner {
    Existing(i64),
    New(usize),
}

/// An order line ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct OwnedLine {
    pub owner: LineOwner,
    pub line: TransactionDraft,
}

/// A saved column mapping (导入方案) as the store keeps it: recognised again
/// by the header signature, the mapping itself as JSON. What the mapping
/// says (headers, fields) is read by the API, which knows the mapping types.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportProfile {
    /// The header signature the profile is recognised by.
    pub signature: String,
    pub name: String,
    pub kind: ImportKind,
    /// The confirmed column mapping, as JSON.
    pub mapping: String,
    /// When the profile was last saved or applied by an import.
    pub updated_at: String,
}
