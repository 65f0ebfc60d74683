//! Records the store keeps about one person that have no type of their own
//! elsewhere, for a person's copy (PIPL art. 45): their order lines as
//! stored, and the imports that created or changed them.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{CustomerDraft, ImportKind, TxKind};

/// One stored order line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct OrderLine {
    pub id: i64,
    pub import_id: Option<i64>,
    pub order_no: String,
    /// As stored: `YYYY-MM-DD HH:MM:SS`.
    pub occurred_at: String,
    pub product: Option<String>,
    pub quantity: f64,
    pub unit_price: Option<f64>,
    pub amount: f64,
    pub kind: TxKind,
}

/// An import that created or changed a customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ImportTouch {
    pub import_id: i64,
    pub kind: ImportKind,
    pub file: String,
    pub sheet: String,
    pub at: String,
    pub who: String,
    /// The import created the customer (`false`: it changed them, or only
    /// brought order lines).
    pub created: bool,
    /// Whether it changed the customer's own values.
    pub changed: bool,
    /// How many of the customer's order lines it brought (still stored).
    pub lines: u64,
    /// The customer's values before the import changed them.
    pub previous: Option<CustomerDraft>,
    pub undone_at: Option<String>,
}
