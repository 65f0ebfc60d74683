//! The layout of the customer workbook (星级客户管理表), defined once: the
//! built-in columns in order, each with its header, kind, width and the way
//! it takes its value from a [`Customer`]; the custom fields follow them.
//! The template and the customer list are both written from it, so a list
//! that TierDesk writes imports back without a mapping step.

use chrono::NaiveDate;
use serde_json::Value;
use tierdesk_domain::{Customer, FieldDef, FieldKind, Gender};

use crate::{ColumnKind, CustomerBook, ExportColumn};

/// What a built-in column holds; [`CustomerLayout::new`] turns it into the
/// [`ColumnKind`] that decides the column's format.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum BuiltinKind {
    Text,
    /// Phones and codes: text, even when they look like numbers.
    Code,
    /// A number shown with this Excel number format.
    Number(&'static str),
    Date,
    /// 男 or 女, offered as a drop-down.
    Gender,
    /// The tier, shown by its name in the scheme and offered as a drop-down.
    Tier,
}

/// The value one column takes from a customer, borrowed from it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CustomerValue<'a> {
    /// Text; empty text leaves the cell empty.
    Text(Option<&'a str>),
    Number(Option<f64>),
    Date(Option<NaiveDate>),
    /// A tier key, written as the tier's name (or as itself when the scheme
    /// has no such tier: the text of an old sheet).
    Tier(Option<&'a str>),
    /// Several words (tags), written joined by 、.
    List(&'a [String]),
}

/// One built-in column of the customer workbook.
#[derive(Debug, Clone, Copy)]
pub struct CustomerColumn {
    /// The header, which is also the field's name on import.
    pub header: &'static str,
    pub kind: BuiltinKind,
    /// Width in characters.
    pub width: f64,
    /// The customer's value in this column.
    pub value: for<'a> fn(&'a Customer) -> CustomerValue<'a>,
}

/// The built-in columns, in the order of the seed sheet (客户编号 first,
/// then the columns of the 星级客户管理表, then the other built-in fields).
/// Custom fields are appended after them.
pub const CUSTOMER_COLUMNS: [CustomerColumn; 20] = {
    use BuiltinKind as K;
    use CustomerValue as V;
    const fn col(
        header: &'static str,
        kind: BuiltinKind,
        width: f64,
        value: for<'a> fn(&'a Customer) -> CustomerValue<'a>,
    ) -> CustomerColumn {
        CustomerColumn {
            header,
            kind,
            width,
            value,
        }
    }
    [
        col("客户编号", K::Code, 12.0, |c| {
            V::Text(c.code.as_deref())
        }),
        col("客户名称", K::Text, 24.0, |c| V::Text(Some(&c.name))),
        col("联系方式", K::Code, 16.0, |c| {
            V::Text(c.phone.as_deref())
        }),
        col("消费金额", K::Number("#,##0.00"), 14.0, |c| {
            V::Number(c.spend)
        }),
        col("购买频次", K::Number("0.##"), 10.0, |c| {
            V::Number(c.frequency)
        }),
        col("使用年限", K::Number("0.##"), 10.0, |c| {
            V::Number(c.tenure_years)
        }),
        col("影响力评分", K::Number("0.##"), 11.0, |c| {
            V::Number(c.influence)
        }),
        col("当前等级", K::Tier, 11.0, |c| {
            V::Tier(c.tier.as_deref())
        }),
        col("上次评级日期", K::Date, 14.0, |c| {
            V::Date(c.last_rated_on)
        }),
        col("下一次评级日期", K::Date, 14.0, |c| {
            V::Date(c.next_rating_on)
        }),
        col("性别", K::Gender, 7.0, |c| {
            V::Text(c.gender.map(Gender::label))
        }),
        col("出生日期", K::Date, 14.0, |c| V::Date(c.birth_date)),
        col("邮箱", K::Text, 14.0, |c| V::Text(c.email.as_deref())),
        col("地址", K::Text, 30.0, |c| V::Text(c.address.as_deref())),
        col("注册时间", K::Date, 14.0, |c| V::Date(c.registered_on)),
        col("最近联系时间", K::Date, 14.0, |c| {
            V::Date(c.last_contact_on)
        }),
        col("偏好品类", K::Text, 14.0, |c| {
            V::Text(c.preferred_category.as_deref())
        }),
        col("客户经理", K::Text, 14.0, |c| {
            V::Text(c.manager.as_deref())
        }),
        col("标签", K::Text, 14.0, |c| V::List(&c.tags)),
        col("备注", K::Text, 30.0, |c| V::Text(c.notes.as_deref())),
    ]
};

/// Width of a custom field's column, in characters.
const CUSTOM_WIDTH: f64 = 14.0;

/// A tier of the scheme the workbook is written for.
#[derive(Debug, Clone, PartialEq)]
pub struct TierStyle {
    pub key: String,
    pub name: String,
    /// CSS colour of the tier, e.g. `#D4A017`.
    pub color: String,
}

/// The customer workbook for one scheme and one set of custom fields: the
/// columns to write (`book`) and how each customer fills them.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomerLayout {
    pub book: CustomerBook,
    pub(crate) fields: Vec<FieldDef>,
    pub(crate) tiers: Vec<TierStyle>,
}

impl CustomerLayout {
    /// [`CUSTOMER_COLUMNS`], then one column per custom field, in a sheet
    /// named 星级客户管理表; `instructions` are the lines of the 填写说明
    /// sheet (none: no such sheet).
    pub fn new(tiers: Vec<TierStyle>, fields: Vec<FieldDef>, instructions: Vec<String>) -> Self {
        let mut columns: Vec<ExportColumn> = CUSTOMER_COLUMNS
            .iter()
            .map(|c| ExportColumn {
                header: c.header.into(),
                kind: match c.kind {
                    BuiltinKind::Text => ColumnKind::Text,
                    BuiltinKind::Code => ColumnKind::Code,
                    BuiltinKind::Number(f) => ColumnKind::Number(f),
                    BuiltinKind::Date => ColumnKind::Date,
                    BuiltinKind::Gender => ColumnKind::Choice(
                        [Gender::Male, Gender::Female]
                            .map(|g| g.label().to_owned())
                            .into(),
                    ),
                    BuiltinKind::Tier => ColumnKind::Tier(
                        tiers
                            .iter()
                            .map(|t| (t.name.clone(), t.color.clone()))
                            .collect(),
                    ),
                },
                width: c.width,
            })
            .collect();
        columns.extend(fields.iter().map(|d| ExportColumn {
            header: d.label.clone(),
            kind: match d.kind {
                FieldKind::Number => ColumnKind::Number("0.##"),
                FieldKind::Date => ColumnKind::Date,
                FieldKind::Choice if !d.choices.is_empty() => ColumnKind::Choice(d.choices.clone()),
                _ => ColumnKind::Text,
            },
            width: CUSTOM_WIDTH,
        }));
        CustomerLayout {
            book: CustomerBook {
                sheet: "星级客户管理表".into(),
                columns,
                instructions,
            },
            fields,
            tiers,
        }
    }

    /// The name the 当前等级 column shows for a tier key.
    pub(crate) fn tier_name<'a>(&'a self, key: &'a str) -> &'a str {
        self.tiers
            .iter()
            .find(|t| t.key == key)
            .map_or(key, |t| t.name.as_str())
    }
}

/// The value of a custom field, as its column shows it: a date field's
/// `2024-03-01` as a date, numbers as numbers, anything else as its text.
pub(crate) fn custom_value<'a>(def: &FieldDef, value: Option<&'a Value>) -> CustomValue<'a> {
    match value {
        None | Some(Value::Null) => CustomValue::Empty,
        Some(Value::Number(n)) => n.as_f64().map_or(CustomValue::Empty, CustomValue::Number),
        Some(Value::String(s)) if def.kind == FieldKind::Date => {
            match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
                Ok(day) => CustomValue::Date(day),
                Err(_) => CustomValue::Text(s),
            }
        }
        Some(Value::String(s)) => CustomValue::Text(s),
        Some(other) => CustomValue::Json(other),
    }
}

/// See [`custom_value`].
pub(crate) enum CustomValue<'a> {
    Empty,
    Number(f64),
    Date(NaiveDate),
    Text(&'a str),
    /// A value of another JSON type (true, a list), written as JSON text.
    Json(&'a Value),
}
