//! A customer's figures after new order lines.

use chrono::NaiveDate;
use tierdesk_domain::CustomerDraft;
use tierdesk_import::{refresh_from_lines, LineFigures};

fn day(d: &str) -> NaiveDate {
    d.parse().unwrap()
}

#[test]
fn order_lines_give_spend_frequency_and_a_first_purchase() {
    // (what, registered before, spend, orders, first, last, want: spend, frequency, registered)
    #[rustfmt::skip]
    let cases: &[(&str, Option<&str>, f64, u64, Option<&str>, Option<&str>, (f64, f64, Option<&str>))] = &[
        ("two years of lines",      None, 1234.567, 3, Some("2020-01-01 08:00:00"), Some("2022-01-01 08:00:00"), (1234.57, 1.5, Some("2020-01-01"))),
        ("under a year counts one", None, 40.0,     4, Some("2021-01-01 08:00:00"), Some("2021-03-01 18:30:00"), (40.0, 4.0, Some("2021-01-01"))),
        ("one day",                 None, 5.0,      1, Some("2021-01-01 08:00:00"), Some("2021-01-01 08:00:00"), (5.0, 1.0, Some("2021-01-01"))),
        ("ten years",               None, 0.0,      5, Some("2010-01-01 00:00:00"), Some("2020-01-01 00:00:00"), (0.0, 0.5, Some("2010-01-01"))),
        ("no dates: one year",      None, 2.0,      2, None, None,                                               (2.0, 2.0, None)),
        ("unreadable dates",        None, 2.0,      2, Some("2021/01/01"), Some("yesterday"),                     (2.0, 2.0, None)),
        ("registration is kept",    Some("2019-06-01"), 10.0, 1, Some("2021-01-01 08:00:00"), Some("2021-01-01 08:00:00"), (10.0, 1.0, Some("2019-06-01"))),
        ("spend rounded to fen",    None, 0.005,    0, None, None,                                               (0.01, 0.0, None)),
    ];
    for (what, registered, spend, orders, first, last, want) in cases {
        let before = CustomerDraft {
            name: "张三".into(),
            spend: Some(999.0),
            registered_on: registered.map(day),
            ..CustomerDraft::default()
        };
        let figures = LineFigures {
            spend: *spend,
            orders: *orders,
            first: *first,
            last: *last,
        };
        let after =
            refresh_from_lines(&before, &figures).unwrap_or_else(|| panic!("{what}: no change"));
        assert_eq!(
            (after.spend, after.frequency, after.registered_on),
            (Some(want.0), Some(want.1), want.2.map(day)),
            "{what}"
        );
        assert_eq!(after.name, "张三", "{what}");
    }
}

#[test]
fn a_customer_whose_figures_already_agree_is_left_alone() {
    let c = CustomerDraft {
        name: "张三".into(),
        spend: Some(10.0),
        frequency: Some(1.0),
        registered_on: Some(day("2020-01-01")),
        ..CustomerDraft::default()
    };
    let same = LineFigures {
        spend: 10.0,
        orders: 1,
        first: Some("2020-01-01 09:00:00"),
        last: Some("2020-01-01 09:00:00"),
    };
    assert_eq!(refresh_from_lines(&c, &same), None);
    let more = LineFigures {
        spend: 10.001,
        ..same
    };
    assert_eq!(refresh_from_lines(&c, &more), None, "the same to the fen");
    let other = LineFigures { orders: 2, ..same };
    assert_eq!(
        refresh_from_lines(&c, &other).and_then(|d| d.frequency),
        Some(2.0)
    );
}
