//! The fast readers of numbers, dates and codes against the general ones
//! they stand in for (the oracle beside the fast code).

use chrono::Datelike;

use super::*;

/// The date forms the fast reader takes, and near misses it must leave
/// to the general one; both readers must give the same answer for all.
const DATE_FORMS: [&str; 57] = [
    "2010-12-01 08:26",
    "2010-12-01 08:26:00",
    "2010-12-01 08:26:59",
    "2010-12-01 23:59:59",
    "2010-12-01 00:00",
    "2012-02-29 12:00",
    "2011-02-29 12:00",
    "2010-12-31 24:00",
    "2010-12-01 08:60",
    "2010-12-01 08:26:60",
    "2010-13-01 08:26",
    "2010-00-01 08:26",
    "2010-12-00 08:26",
    "2010-12-32 08:26",
    "0000-01-01 00:00",
    "9999-12-31 23:59:59",
    "  2010-12-01 08:26:00  ",
    "2010-12-01  08:26",
    "2010-12-01T08:26:00",
    "2010-12-1 8:26",
    "2010-1-01 08:26",
    "2010-12-01 8:26",
    "2010-12-01 08:26:0",
    "2010-12-01 08:26:00.5",
    "2010-12-01 08:26:",
    "2010-12-01",
    "2010/12/01 08:26",
    "2010/12/1 8:26",
    "2010/3/5 8:26:07",
    "2010-12/01 08:26",
    "2010/12-01 08:26",
    "2010-123-01 08:26",
    "2010-12-011 08:26",
    "2010-12-01 008:26",
    "2010-12-01 08:5",
    "2010-12-01 08:26:5",
    "2010-12-01 08:26:007",
    "2010-12-01 8",
    "2010-12-01 08:",
    "20100-12-01 08:26",
    "12/1/2010 8:26",
    "12/01/2010 08:26",
    "1/13/2011 16:05",
    "２０１０－１２－０１ ０８：２６",
    "2010-12-01\u{3000}08:26",
    "2010年12月1日 08:26",
    "2010.12.01 08:26",
    "20101201",
    "2010-12",
    "2010年5月",
    "+010-12-01 08:26",
    "-010-12-01 08:26",
    "2010-12-01 0a:26",
    "201a-12-01 08:26",
    "2010-12-01 08-26",
    "2010_12_01 08:26",
    "",
];

#[test]
fn fast_and_general_date_readers_agree() {
    for s in DATE_FORMS {
        assert_eq!(date_text(s), date_text_general(s), "{s:?}");
        if let Some(d) = date_text_fast(s.trim()) {
            assert_eq!(Some(d), date_text_general(s), "{s:?}");
        }
    }
    // Every day of four years (leap day included) in each way of writing
    // it the fast reader takes, with a spread of times.
    let mut day = NaiveDate::from_ymd_opt(2010, 1, 1).unwrap();
    while day.year() < 2014 {
        let (y, m, d) = (day.year(), day.month(), day.day());
        for date in [
            format!("{y}-{m:02}-{d:02}"),
            format!("{y}/{m:02}/{d:02}"),
            format!("{y}-{m}-{d}"),
            format!("{y}/{m}/{d}"),
        ] {
            for (h, mi, sec) in [(0, 0, 0), (8, 26, 0), (13, 5, 9), (23, 59, 59)] {
                for text in [
                    format!("{date} {h:02}:{mi:02}:{sec:02}"),
                    format!("{date} {h:02}:{mi:02}"),
                    format!("{date} {h}:{mi:02}"),
                ] {
                    assert!(date_text_fast(&text).is_some(), "{text}");
                    assert_eq!(date_text_fast(&text), date_text_general(&text), "{text}");
                }
            }
        }
        day = day.succ_opt().unwrap();
    }
}

#[test]
fn fast_and_general_number_readers_agree() {
    let forms = [
        "0",
        "6",
        "-6",
        "+6",
        "12.5",
        "2.55",
        ".5",
        "5.",
        "-0",
        "1e3",
        "1E-2",
        "1e",
        "e3",
        "1e400",
        "-1e400",
        "1-2",
        "--1",
        "+-1",
        "1.2.3",
        ".",
        "-",
        "+",
        "",
        " 3 ",
        "3 4",
        "1,234.5",
        "１２３",
        "3分",
        "10%",
        "NaN",
        "nan",
        "inf",
        "-inf",
        "infinity",
        "0x10",
        "00012",
        "17850.0",
        "1_000",
        "１.5",
        "\u{3000}7\u{3000}",
    ];
    for s in forms {
        let cell = Cell::Text(s.into());
        assert_eq!(read_number(&cell), read_number_general(&cell), "{s:?}");
        for unit in [None, Some(Unit::Yuan), Some(Unit::Wan)] {
            assert_eq!(
                read_money(&cell, unit),
                read_money_general(&cell, unit),
                "{s:?} {unit:?}"
            );
        }
    }
}

#[test]
fn codes_are_copied_only_when_they_change() {
    assert!(matches!(halfwidth("17850"), Cow::Borrowed(_)));
    assert!(matches!(halfwidth("客户 A"), Cow::Borrowed(_)));
    assert_eq!(halfwidth("ＡＢ１\u{3000}２"), "AB1 2");
    for s in [
        "17850.0",
        " 85123A ",
        "ＣＵ００１",
        "１７８５０.０",
        "C536379",
        "客户Ａ",
    ] {
        let general = {
            let t = to_halfwidth(s.trim());
            match t.strip_suffix(".0") {
                Some(h) if !h.is_empty() && h.chars().all(|c| c.is_ascii_digit()) => h.to_owned(),
                _ => t,
            }
        };
        assert_eq!(read_code(&Cell::Text(s.into())), general, "{s:?}");
    }
}
