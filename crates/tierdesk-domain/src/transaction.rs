//! Order lines: what an order sheet or a till export holds, one line per
//! product. Imports build [`TransactionDraft`]s; the store keeps them linked
//! to customers; the tier engine derives spend, orders and recency from them.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What a line records. Returns and cancellations are kept (they are part of
/// the customer's history) but not counted as purchases by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TxKind {
    Purchase,
    /// A negative quantity or amount on an ordinary order.
    Return,
    /// The order number says so (a `C` prefix in many tills) or a status column does.
    Cancellation,
}

impl TxKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TxKind::Purchase => "purchase",
            TxKind::Return => "return",
            TxKind::Cancellation => "cancellation",
        }
    }

    pub fn parse(s: &str) -> Option<TxKind> {
        match s {
            "purchase" => Some(TxKind::Purchase),
            "return" => Some(TxKind::Return),
            "cancellation" => Some(TxKind::Cancellation),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            TxKind::Purchase => "购买",
            TxKind::Return => "退货",
            TxKind::Cancellation => "取消",
        }
    }
}

/// One order line as read from a file, before it is linked to a customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TransactionDraft {
    /// 订单编号 / InvoiceNo, as written (a `C` prefix kept).
    pub order_no: String,
    /// 客户编号 / 客户ID / CustomerID, canonical text ("17850", not "17850.0").
    pub customer_code: Option<String>,
    /// 客户名称, when the sheet has one.
    pub customer_name: Option<String>,
    #[ts(type = "string")]
    pub occurred_at: NaiveDateTime,
    /// 产品 / StockCode + Description, as one readable text.
    pub product: Option<String>,
    pub quantity: f64,
    pub unit_price: Option<f64>,
    /// 金额: quantity × unit price when the sheet has no amount column.
    pub amount: f64,
    pub kind: TxKind,
}
