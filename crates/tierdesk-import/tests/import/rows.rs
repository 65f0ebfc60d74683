//! One row of the sheet into a customer, an order line, or the problems
//! that refuse it.

use tierdesk_domain::{Cell, ImportKind};
use tierdesk_import::{Interpreted, RowReader};
use tierdesk_mapping::{CustomerField, Mapping, ReadOptions, Target, TxField};

use crate::columns as mapping;

fn text(s: &str) -> Cell {
    if s.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(s.into())
    }
}

/// What became of a row: kept as a customer, kept as an order line,
/// rejected (with the column of its first problem), or not data.
#[derive(Debug, PartialEq)]
enum Outcome {
    Customer,
    Line,
    Rejected(Option<usize>),
    NotData,
}

fn interpret(kind: ImportKind, m: &Mapping, undecodable: bool, cells: &[&str]) -> Outcome {
    let how = RowReader::new(m, ReadOptions::default(), undecodable, 40);
    let mut rows = Interpreted::new(kind, m.clone());
    let row: Vec<Cell> = cells.iter().map(|s| text(s)).collect();
    let line = rows.interpret(7, &row, &how);
    assert_eq!(rows.rows_read, 1);
    assert_eq!(
        rows.sample,
        [(7, cells.iter().map(|s| s.to_string()).collect())]
    );
    match (
        line,
        rows.customers.len(),
        rows.rejected.contains(&7),
        rows.not_data.contains(&7),
    ) {
        (Some(_), 0, false, false) => Outcome::Line,
        (None, 1, false, false) => Outcome::Customer,
        (None, 0, true, false) => {
            assert!(!rows.problems.is_empty());
            assert!(rows.problems.iter().all(|p| p.row == 7));
            let col = rows.problems[0].col;
            Outcome::Rejected((col != usize::MAX).then_some(col))
        }
        (None, 0, false, true) => Outcome::NotData,
        other => panic!("{cells:?}: {other:?}"),
    }
}

#[test]
fn customer_rows() {
    let m = mapping(&[
        ("客户名称", Target::Customer(CustomerField::Name)),
        ("消费金额", Target::Customer(CustomerField::Spend)),
        ("说明", Target::Ignore),
    ]);
    let long = "长".repeat(41);
    use Outcome::*;
    #[rustfmt::skip]
    let cases: &[(&str, bool, [&str; 3], Outcome)] = &[
        ("a customer",                        false, ["张三", "100", ""],        Customer),
        ("an amount that is no number",       false, ["张三", "十万", ""],       Rejected(Some(1))),
        ("a total row",                       false, ["合计", "100", ""],        NotData),
        ("a blank row",                       false, ["", "", ""],              NotData),
        ("a cell over the limit",             false, [&long, "1", ""],          Rejected(Some(0))),
        ("a long cell the import ignores",    false, ["张三", "1", &long],       Customer),
        ("an undecodable name",               true,  ["张\u{FFFD}", "1", ""],   Rejected(Some(0))),
        ("undecodable, the file is fine",     false, ["张\u{FFFD}", "1", ""],   Customer),
        ("undecodable in an ignored column",  true,  ["张三", "1", "\u{FFFD}"],  Customer),
    ];
    for (what, undecodable, cells, want) in cases {
        assert_eq!(
            interpret(ImportKind::Customers, &m, *undecodable, cells),
            *want,
            "{what}"
        );
    }
}

#[test]
fn order_line_rows() {
    let m = mapping(&[
        ("订单编号", Target::Tx(TxField::OrderNo)),
        ("客户编号", Target::Tx(TxField::CustomerCode)),
        ("下单日期", Target::Tx(TxField::OccurredAt)),
        ("金额", Target::Tx(TxField::Amount)),
    ]);
    use Outcome::*;
    #[rustfmt::skip]
    let cases: &[(&str, [&str; 4], Outcome)] = &[
        ("a line",                 ["536365", "17850", "2011-01-01", "10"], Line),
        ("no customer",            ["536365", "", "2011-01-01", "10"],      Rejected(None)),
        ("a date that is no date", ["536365", "17850", "明天", "10"],        Rejected(Some(2))),
    ];
    for (what, cells, want) in cases {
        assert_eq!(
            interpret(ImportKind::Transactions, &m, false, cells),
            *want,
            "{what}"
        );
    }
}
