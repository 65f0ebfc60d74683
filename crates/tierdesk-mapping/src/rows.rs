//! One data row into a customer draft or an order line.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use tierdesk_domain::{
    Cell, CustomerDraft, FieldKind, Gender, Msg, TierLabel, TransactionDraft, TxKind,
};
use ts_rs::TS;

use crate::values::*;
use crate::{ColumnMapping, CustomerField, Mapping, Target, TxField, Unit};

/// One value that could not be read: where, what it said, and why.
///
/// The why is `msg` (and the sentences in `more`, what happens to the rest
/// of the row): the UI renders them in its language. `message` is the same
/// in Chinese, as the CLI and the error workbook print it: always
/// [`Problem::chinese`] of `msg` and `more`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Problem {
    /// Excel row − 1.
    pub row: usize,
    /// Excel column − 1.
    pub col: usize,
    pub header: String,
    pub value: String,
    pub message: String,
    pub msg: Msg,
    /// Further sentences after `msg`.
    #[serde(default)]
    pub more: Vec<Msg>,
    /// The row was imported all the same, without this value. Only a value
    /// whose absence costs nothing else is reported this way (a phone that
    /// is no phone: the customer is still found by code or name); every
    /// other problem refuses its row, and so does this one when the row is
    /// refused for another.
    #[serde(default)]
    pub row_kept: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReadOptions {
    /// The workbook counts dates from 1904.
    pub date_1904: bool,
    /// The active scheme's tiers, highest first.
    pub tiers: Vec<TierLabel>,
}

/// A customer read from a row, with the original words of values that were
/// converted (每月2次 became 24 per year) and the values left out of a row
/// that was kept (each with `row_kept`).
#[derive(Debug, Clone, PartialEq)]
pub struct CustomerRow {
    pub draft: CustomerDraft,
    pub originals: Vec<(CustomerField, String)>,
    pub warnings: Vec<Problem>,
    /// The row's 期初积分, when its cell holds a whole number of points.
    pub opening_points: Option<i64>,
}

impl Problem {
    /// A problem with the whole row rather than one of its cells.
    pub fn whole_row(row: usize, msg: Msg) -> Problem {
        Problem {
            row,
            col: usize::MAX,
            header: String::new(),
            value: String::new(),
            message: msg.zh(),
            msg,
            more: Vec::new(),
            row_kept: false,
        }
    }

    /// A problem with the cell of column `c` that showed `value`.
    pub fn at(row: usize, c: &ColumnMapping, value: String, msg: Msg) -> Problem {
        Problem {
            col: c.col,
            header: c.header.clone(),
            value,
            ..Problem::whole_row(row, msg)
        }
    }

    /// Adds a sentence after the problem's own (its Chinese joined by '；').
    pub fn then(mut self, msg: Msg) -> Problem {
        self.more.push(msg);
        self.message = Problem::chinese(&self.msg, &self.more);
        self
    }

    /// The Chinese of a problem's messages, as `message` holds it.
    pub fn chinese(msg: &Msg, more: &[Msg]) -> String {
        let mut text = msg.zh();
        for m in more {
            text.push('；');
            text.push_str(&m.zh());
        }
        text
    }
}

fn problem(row: usize, c: &ColumnMapping, cell: &Cell, msg: Msg) -> Problem {
    Problem::at(row, c, cell.display().trim().to_owned(), msg)
}

fn some_text(cell: &Cell) -> Option<String> {
    some_text_in(cell).map(Cow::into_owned)
}

/// [`some_text`] borrowed from the cell when the cell is text: trimmed
/// where it lies, so only what is kept is ever copied.
fn some_text_in(cell: &Cell) -> Option<Cow<'_, str>> {
    let s = match cell {
        Cell::Text(s) => Cow::Borrowed(s.trim()),
        other => Cow::Owned(other.display().trim().to_owned()),
    };
    (!s.is_empty()).then_some(s)
}

/// Reads one data row into a customer. Every value that cannot be read is
/// a problem (with the row, column, header, value and reason); a row with
/// any problem gives only its problems, except that a phone that is no
/// phone leaves the row without a phone and is reported among its
/// `warnings`.
pub fn read_customer(
    row_index: usize,
    row: &[Cell],
    mapping: &Mapping,
    opts: &ReadOptions,
) -> Result<CustomerRow, Vec<Problem>> {
    let mut d = CustomerDraft::default();
    let mut originals = Vec::new();
    let mut problems = Vec::new();
    let mut opening_points = None;
    let mut name_col: Option<&ColumnMapping> = None;
    for c in &mapping.columns {
        if matches!(c.target, Target::Customer(CustomerField::Name)) {
            name_col = Some(c);
        }
        let Some(cell) = row.get(c.col).filter(|x| !x.is_empty()) else {
            continue;
        };
        let read = match &c.target {
            // Points are no field of the record: a bad figure is left out
            // and the row imports all the same.
            Target::Customer(CustomerField::OpeningPoints) => crate::points::read_points(cell)
                .map(|p| opening_points = Some(p))
                .map_err(Bad::Leave),
            Target::Customer(f) => read_field(&mut d, &mut originals, *f, cell, c.unit, opts),
            Target::Custom { key, kind, .. } => {
                read_custom(cell, *kind, &c.header, opts).map(|v| {
                    d.fields.insert(key.clone(), v);
                })
            }
            Target::Tx(_) | Target::Ignore => Ok(()),
        };
        match read {
            Ok(()) => {}
            Err(Bad::Refuse(m)) => problems.push(problem(row_index, c, cell, m)),
            Err(Bad::Leave(m)) => problems.push(Problem {
                row_kept: true,
                ..problem(row_index, c, cell, m)
            }),
        }
    }
    if d.name.trim().is_empty() {
        let msg = Msg::new("import.name_missing");
        problems.push(missing(row_index, name_col, "客户名称", msg));
    }
    if problems.iter().all(|p| p.row_kept) {
        let problems: Vec<Problem> = problems
            .into_iter()
            .map(|p| {
                let kept = Msg::new("import.row_kept").with("header", &p.header);
                p.then(kept)
            })
            .collect();
        Ok(CustomerRow {
            draft: d,
            originals,
            warnings: problems,
            opening_points,
        })
    } else {
        // The row is refused after all, for every problem it has.
        for p in &mut problems {
            p.row_kept = false;
        }
        Err(problems)
    }
}

/// Why a cell was not read: it refuses its row, or it is left out of a row
/// that is imported all the same.
enum Bad {
    Refuse(Msg),
    Leave(Msg),
}

/// Reads one cell into its customer field; a lossy reading keeps the
/// cell's words in `originals`.
fn read_field(
    d: &mut CustomerDraft,
    originals: &mut Vec<(CustomerField, String)>,
    f: CustomerField,
    cell: &Cell,
    unit: Option<Unit>,
    opts: &ReadOptions,
) -> Result<(), Bad> {
    let set = |slot: &mut Option<f64>, v: Result<f64, Msg>| v.map(|v| *slot = Some(v));
    match f {
        CustomerField::Code => {
            // A number Excel cut to 15 digits (a 19-digit 卡号) is no code
            // any more: matching by it would find someone else.
            if let Cell::Number(n) = cell {
                crate::digits::digits_of_number(*n, crate::digits::DigitColumn::Other)
                    .map_err(Bad::Refuse)?;
            }
            d.code = Some(read_code(cell))
        }
        CustomerField::Name => d.name = cell.display().trim().to_owned(),
        CustomerField::Phone => d.phone = Some(read_phone(cell).map_err(Bad::Leave)?),
        CustomerField::Spend => set(&mut d.spend, read_money(cell, unit)).map_err(Bad::Refuse)?,
        CustomerField::Frequency => {
            let (v, converted) = read_count_per_year(cell).map_err(Bad::Refuse)?;
            d.frequency = Some(v);
            if converted {
                originals.push((f, cell.display().trim().to_owned()));
            }
        }
        CustomerField::TenureYears => {
            set(&mut d.tenure_years, read_years(cell)).map_err(Bad::Refuse)?
        }
        CustomerField::Influence => set(&mut d.influence, read_score(cell)).map_err(Bad::Refuse)?,
        CustomerField::Tier => d.tier = Some(read_tier(cell, &opts.tiers)),
        CustomerField::LastRatedOn
        | CustomerField::NextRatingOn
        | CustomerField::BirthDate
        | CustomerField::RegisteredOn
        | CustomerField::LastContactOn => {
            let v = read_date(cell, opts.date_1904).map_err(Bad::Refuse)?;
            let slot = match f {
                CustomerField::LastRatedOn => &mut d.last_rated_on,
                CustomerField::NextRatingOn => &mut d.next_rating_on,
                CustomerField::BirthDate => &mut d.birth_date,
                CustomerField::RegisteredOn => &mut d.registered_on,
                _ => &mut d.last_contact_on,
            };
            *slot = Some(v);
        }
        CustomerField::Gender => match Gender::parse(&cell.display()) {
            Some(g) => d.gender = Some(g),
            None => {
                let shown = cell.display().trim().to_owned();
                return Err(Bad::Refuse(Msg::new("value.gender").with("value", shown)));
            }
        },
        CustomerField::Email => d.email = some_text(cell),
        CustomerField::Address => d.address = some_text(cell),
        CustomerField::PreferredCategory => d.preferred_category = some_text(cell),
        CustomerField::Notes => d.notes = some_text(cell),
        CustomerField::Manager => d.manager = some_text(cell),
        CustomerField::Tags => d.tags = read_tags(cell),
        // Read by `read_customer` into the row, not the draft.
        CustomerField::OpeningPoints => {}
    }
    Ok(())
}

/// A custom field's value, read as its kind says. A number in a text
/// column of digits (邮编, 身份证 …) gives back its digits, or is left out
/// when Excel already lost some.
fn read_custom(
    cell: &Cell,
    kind: FieldKind,
    header: &str,
    opts: &ReadOptions,
) -> Result<Value, Bad> {
    match (kind, cell) {
        (FieldKind::Number, _) => read_number(cell)
            .map(|n| serde_json::json!(n))
            .map_err(Bad::Refuse),
        (FieldKind::Date, _) => read_date(cell, opts.date_1904)
            .map(|d| Value::String(d.format("%Y-%m-%d").to_string()))
            .map_err(Bad::Refuse),
        (FieldKind::Text, Cell::Number(n)) => match crate::digits::digit_column(header) {
            Some(column) => crate::digits::digits_of_number(*n, column)
                .map(Value::String)
                .map_err(Bad::Leave),
            None => Ok(Value::String(cell.display().trim().to_owned())),
        },
        (FieldKind::Text | FieldKind::Choice, _) => {
            Ok(Value::String(cell.display().trim().to_owned()))
        }
    }
}

/// A required value the row lacks, named by its column (`col`) or, when the
/// mapping has no such column, by the field's name.
fn missing(row: usize, col: Option<&ColumnMapping>, field: &str, msg: Msg) -> Problem {
    let (col, header) = col
        .map(|c| (c.col, c.header.clone()))
        .unwrap_or((0, field.into()));
    Problem {
        col,
        header,
        ..Problem::whole_row(row, msg)
    }
}

/// Reads one order line. Returns and cancellations are recognised by a
/// negative quantity or amount, a `C` before the order number (as tills such
/// as the UCI data write it), or a status of 取消/退货/退款.
pub fn read_transaction(
    row_index: usize,
    row: &[Cell],
    mapping: &Mapping,
    opts: &ReadOptions,
) -> Result<TransactionDraft, Vec<Problem>> {
    let mut problems = Vec::new();
    let (mut order_no, mut code, mut name, mut at) = (None, None, None, None);
    let (mut product, mut product_code, mut quantity, mut price, mut amount, mut status) =
        (None, None, None, None, None, None);
    let mut date_col: Option<&ColumnMapping> = None;
    let mut order_col: Option<&ColumnMapping> = None;
    for c in &mapping.columns {
        let Target::Tx(f) = &c.target else { continue };
        match f {
            TxField::OccurredAt => date_col = Some(c),
            TxField::OrderNo => order_col = Some(c),
            _ => {}
        }
        let Some(cell) = row.get(c.col).filter(|x| !x.is_empty()) else {
            continue;
        };
        let mut fail = |m: Msg| problems.push(problem(row_index, c, cell, m));
        match f {
            TxField::OrderNo => order_no = Some(read_code(cell)),
            TxField::CustomerCode => code = Some(read_code(cell)).filter(|s| !s.is_empty()),
            TxField::CustomerName => name = some_text(cell),
            TxField::OccurredAt => match read_datetime(cell, opts.date_1904) {
                Ok(v) => at = Some(v),
                Err(m) => fail(m),
            },
            TxField::Product => product = some_text_in(cell),
            TxField::ProductCode => product_code = Some(code_text(cell)),
            TxField::Quantity => match read_number(cell) {
                Ok(v) => quantity = Some(v),
                Err(m) => fail(m),
            },
            TxField::UnitPrice => match read_money(cell, c.unit) {
                Ok(v) => price = Some(v),
                Err(m) => fail(m),
            },
            TxField::Amount => match read_money(cell, c.unit) {
                Ok(v) => amount = Some(v),
                Err(m) => fail(m),
            },
            TxField::Status => status = some_text(cell),
        }
    }
    let Some(order_no) = order_no.filter(|o| !o.is_empty()) else {
        let msg = Msg::new("import.order_missing");
        problems.push(missing(row_index, order_col, "订单编号", msg));
        return Err(problems);
    };
    if at.is_none()
        && !problems
            .iter()
            .any(|p| Some(p.col) == date_col.map(|c| c.col))
    {
        let msg = Msg::new("import.date_missing");
        problems.push(missing(row_index, date_col, "下单日期", msg));
    }
    if code.is_none() && name.is_none() {
        problems.push(Problem::whole_row(
            row_index,
            Msg::new("import.no_customer"),
        ));
    }
    let quantity_v = quantity.unwrap_or(1.0);
    let amount_v = match (amount, price) {
        (Some(a), _) => Some(a),
        (None, Some(p)) => Some(((quantity_v * p) * 100.0).round() / 100.0),
        (None, None) => None,
    };
    if amount_v.is_none() && problems.is_empty() {
        problems.push(Problem::whole_row(row_index, Msg::new("import.no_amount")));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let (Some(at), Some(amount)) = (at, amount_v) else {
        return Err(problems);
    };
    let kind = line_kind(status.as_deref(), &order_no, quantity_v, amount);
    let product = product_text(product_code, product);
    // Codes are half width already unless a cell of another kind gave them.
    let code = code.map(|c| match halfwidth(&c) {
        Cow::Borrowed(_) => c,
        Cow::Owned(h) => h,
    });
    Ok(TransactionDraft {
        order_no,
        customer_code: code,
        customer_name: name,
        occurred_at: at,
        product,
        quantity: quantity_v,
        unit_price: price,
        amount,
        kind,
    })
}

/// A line's kind: as its status says (取消/作废/cancel, 退/return/refund),
/// else a cancellation for an order number like C536379, a return for a
/// negative quantity or amount, else a purchase.
fn line_kind(status: Option<&str>, order_no: &str, quantity: f64, amount: f64) -> TxKind {
    let status_kind = status.and_then(|s| {
        if s.contains("取消") || s.contains("作废") || s.to_lowercase().contains("cancel") {
            Some(TxKind::Cancellation)
        } else if s.contains('退')
            || s.to_lowercase().contains("return")
            || s.to_lowercase().contains("refund")
        {
            Some(TxKind::Return)
        } else {
            None
        }
    });
    let cancelled_no = {
        let mut ch = order_no.chars();
        matches!(ch.next(), Some('C') | Some('c')) && ch.next().is_some_and(|c| c.is_ascii_digit())
    };
    status_kind.unwrap_or(if cancelled_no {
        TxKind::Cancellation
    } else if quantity < 0.0 || amount < 0.0 {
        TxKind::Return
    } else {
        TxKind::Purchase
    })
}

/// The product as one readable text: its code and its name, joined straight
/// from the cells (one copy).
fn product_text(code: Option<Cow<'_, str>>, name: Option<Cow<'_, str>>) -> Option<String> {
    match (code, name) {
        (Some(c), Some(p)) => {
            let mut both = String::with_capacity(c.len() + 1 + p.len());
            both.push_str(&c);
            both.push(' ');
            both.push_str(&p);
            Some(both)
        }
        (c, p) => p.or(c).map(Cow::into_owned),
    }
}
