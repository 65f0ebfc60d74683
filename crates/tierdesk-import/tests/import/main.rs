//! Import planning, tested with tables of cases and no database: which
//! archived customer a row is, what an import may overwrite, the original
//! words it keeps, the figures order lines give, and every row's fate.

// Each case table is a slice of tuples, one column per input and expected
// value, read row by row like the table it is.
#![allow(clippy::type_complexity)]

mod decide;
mod lines;
mod matching;
mod merging;
mod messages;
mod originals;
mod pairs;
mod refresh;
mod rows;

use tierdesk_domain::{text, Customer, CustomerDraft, CustomerKeys, TransactionDraft, TxKind};
use tierdesk_mapping::{ColumnMapping, Mapping, Target};

/// A one-row header mapping each column, from A on, to its target.
fn columns(targets: &[(&str, Target)]) -> Mapping {
    Mapping {
        header_rows: vec![0],
        data_start: 1,
        columns: targets
            .iter()
            .enumerate()
            .map(|(col, (header, target))| ColumnMapping {
                col,
                header: header.to_string(),
                target: target.clone(),
                unit: None,
                confidence: Default::default(),
            })
            .collect(),
    }
}

/// A draft with a code, a phone and a name (`None`: the cell is empty).
fn draft(code: Option<&str>, phone: Option<&str>, name: &str) -> CustomerDraft {
    CustomerDraft {
        code: code.map(str::to_owned),
        phone: phone.map(str::to_owned),
        name: name.to_owned(),
        ..CustomerDraft::default()
    }
}

/// The keys the store keeps for a customer, made the way the store makes them.
fn keys(id: i64, d: &CustomerDraft) -> CustomerKeys {
    CustomerKeys {
        id,
        code: d.code.clone(),
        phone_key: d.phone.as_deref().and_then(text::match_key_phone),
        name_key: text::match_key_name(&d.name),
    }
}

/// The archive's match keys for these stored customers.
fn key_index(customers: &std::collections::HashMap<i64, Customer>) -> tierdesk_import::KeyIndex {
    tierdesk_import::KeyIndex::new(
        customers
            .values()
            .map(|c| keys(c.id, &CustomerDraft::from(c)))
            .collect(),
    )
}

/// A stored customer with the draft's values.
fn stored(id: i64, d: &CustomerDraft) -> Customer {
    let mut v = serde_json::to_value(d).unwrap();
    let o = v.as_object_mut().unwrap();
    o.insert("id".into(), id.into());
    o.insert("created_at".into(), "2024-01-01 09:00:00".into());
    o.insert("updated_at".into(), "2024-01-01 09:00:00".into());
    o.insert("deleted_at".into(), serde_json::Value::Null);
    serde_json::from_value(v).unwrap()
}

/// A purchase of ¥10 on 2011-01-01 by the customer with this code or name.
fn line(code: Option<&str>, name: Option<&str>) -> TransactionDraft {
    TransactionDraft {
        order_no: "536365".into(),
        customer_code: code.map(str::to_owned),
        customer_name: name.map(str::to_owned),
        occurred_at: chrono::NaiveDate::from_ymd_opt(2011, 1, 1)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap(),
        product: None,
        quantity: 1.0,
        unit_price: None,
        amount: 10.0,
        kind: TxKind::Purchase,
    }
}
