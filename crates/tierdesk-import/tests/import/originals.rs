//! A lossy reading keeps the sheet's own words in the notes.

use tierdesk_domain::CustomerDraft;
use tierdesk_import::keep_originals;
use tierdesk_mapping::{CustomerField, CustomerRow};

#[test]
fn the_original_words_go_into_the_notes_once() {
    use CustomerField::{Frequency, Spend, TenureYears};
    #[rustfmt::skip]
    let cases: &[(&str, Option<&str>, &[(CustomerField, &str)], Option<&str>)] = &[
        ("nothing lossy, no notes",     None,            &[],                     None),
        ("nothing lossy, notes kept",   Some("老客户"),   &[],                     Some("老客户")),
        ("one reading, no notes",       None,            &[(Frequency, "每月2次")], Some("原表写作 购买频次：每月2次")),
        ("one reading under notes",     Some("老客户"),   &[(Frequency, "每月2次")], Some("老客户\n原表写作 购买频次：每月2次")),
        ("blank notes are replaced",    Some("  "),      &[(Frequency, "每月2次")], Some("原表写作 购买频次：每月2次")),
        ("already noted: not twice",    Some("老客户\n原表写作 购买频次：每月2次"), &[(Frequency, "每月2次")],
                                        Some("老客户\n原表写作 购买频次：每月2次")),
        ("two readings in one line",    None,            &[(Spend, "十万左右"), (TenureYears, "三年多")],
                                        Some("原表写作 消费金额：十万左右，使用年限：三年多")),
    ];
    for (what, notes, originals, want) in cases {
        let row = CustomerRow {
            draft: CustomerDraft {
                name: "张三".into(),
                notes: notes.map(str::to_owned),
                ..CustomerDraft::default()
            },
            originals: originals.iter().map(|(f, s)| (*f, s.to_string())).collect(),
            warnings: Vec::new(),
            opening_points: None,
        };
        let d = keep_originals(row);
        assert_eq!(d.notes.as_deref(), *want, "{what}");
        assert_eq!(d.name, "张三", "{what}: the rest of the draft is kept");
    }
}
