//! What a confirmed (or saved, or guessed) mapping says about the import.

use tierdesk_domain::{FieldDef, ImportKind};
use tierdesk_mapping::{CustomerField, Mapping, Target, TxField};

/// An order sheet when any column maps to an order-line field.
pub fn kind_of(mapping: &Mapping) -> ImportKind {
    if mapping
        .columns
        .iter()
        .any(|c| matches!(c.target, Target::Tx(_)))
    {
        ImportKind::Transactions
    } else {
        ImportKind::Customers
    }
}

/// Whether every column's header is the exact name of the field it maps to:
/// a built-in column's label or an existing custom field's label.
pub fn exact_headers(mapping: &Mapping, fields: &[FieldDef]) -> bool {
    !mapping.columns.is_empty()
        && mapping.columns.iter().all(|c| {
            let h = c.header.trim();
            match &c.target {
                Target::Customer(f) => f.label() == h,
                Target::Custom { key, label, .. } => {
                    label == h && fields.iter().any(|d| &d.key == key && d.label == h)
                }
                Target::Tx(_) | Target::Ignore => false,
            }
        })
}

pub fn headers_of(mapping: &Mapping) -> Vec<String> {
    mapping.columns.iter().map(|c| c.header.clone()).collect()
}

/// How many columns a mapping recognised as fields, to pick the right sheet.
pub fn recognised(mapping: &Mapping) -> usize {
    mapping
        .columns
        .iter()
        .filter(|c| matches!(c.target, Target::Customer(_) | Target::Tx(_)))
        .count()
}

/// Survey sheets are not read through a column mapping of customer or
/// order fields; they have their own path (`crate::survey`).
pub const SURVEYS_ELSEWHERE: &str =
    "满意度调查表请在导入时选择「满意度调查」（命令行：tierdesk import surveys 文件）";

/// A mapping must give each row its identity before anything is read; the
/// message says which column is missing.
pub fn check_mapping(mapping: &Mapping, kind: ImportKind) -> Result<(), &'static str> {
    let has = |t: &dyn Fn(&Target) -> bool| mapping.columns.iter().any(|c| t(&c.target));
    match kind {
        ImportKind::Customers => {
            if !has(&|t| matches!(t, Target::Customer(CustomerField::Name))) {
                return Err(
                    "没有找到「客户名称」列：请在列对应中把客户名称所在的列设为「客户名称」",
                );
            }
        }
        ImportKind::Transactions => {
            if !has(&|t| matches!(t, Target::Tx(TxField::OrderNo))) {
                return Err("没有找到「订单编号」列：请在列对应中指定订单编号所在的列");
            }
            if !has(&|t| matches!(t, Target::Tx(TxField::OccurredAt))) {
                return Err("没有找到「下单日期」列：请在列对应中指定日期所在的列");
            }
            if !has(&|t| {
                matches!(
                    t,
                    Target::Tx(TxField::CustomerCode) | Target::Tx(TxField::CustomerName)
                )
            }) {
                return Err("没有找到客户列：订单需要「客户编号」或「客户名称」才能归到客户名下");
            }
        }
        ImportKind::Surveys => return Err(SURVEYS_ELSEWHERE),
    }
    Ok(())
}

/// The custom fields the mapping fills that the archive does not define
/// yet (`existing`), each once; a key that cannot be a field's key refuses
/// the import with the domain's message.
pub fn new_fields(mapping: &Mapping, existing: &[FieldDef]) -> Result<Vec<FieldDef>, String> {
    let mut out: Vec<FieldDef> = Vec::new();
    for c in &mapping.columns {
        if let Target::Custom { key, label, kind } = &c.target {
            if !existing.iter().any(|d| &d.key == key) && !out.iter().any(|d| &d.key == key) {
                FieldDef::check_key(key)?;
                out.push(FieldDef {
                    key: key.clone(),
                    label: label.clone(),
                    kind: *kind,
                    choices: Vec::new(),
                });
            }
        }
    }
    Ok(out)
}

/// The column a draft field came from (index and header), for messages.
pub fn column_of_field(mapping: &Mapping, field: &str) -> Option<(usize, String)> {
    mapping
        .columns
        .iter()
        .find(|c| match &c.target {
            Target::Customer(f) => f.key() == field,
            Target::Custom { key, .. } => key == field,
            _ => false,
        })
        .map(|c| (c.col, c.header.clone()))
}

/// The columns that name an order line's customer.
pub fn customer_columns(mapping: &Mapping) -> Vec<usize> {
    mapping
        .columns
        .iter()
        .filter(|c| {
            matches!(
                c.target,
                Target::Tx(TxField::CustomerCode | TxField::CustomerName)
            )
        })
        .map(|c| c.col)
        .collect()
}
