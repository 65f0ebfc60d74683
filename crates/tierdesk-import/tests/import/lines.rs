//! Whose each order line is: an archived customer, or one the import creates.

use std::collections::BTreeSet;

use tierdesk_domain::LineOwner;
use tierdesk_import::{KeyIndex, LineMatcher};

use crate::{draft, keys, line};

#[test]
fn each_line_gets_its_owner() {
    let ix = KeyIndex::new(vec![
        keys(1, &draft(Some("17850"), None, "张三")),
        keys(2, &draft(None, None, "李四")),
    ]);
    use LineOwner::{Existing, New};
    #[rustfmt::skip]
    let cases: &[(Option<&str>, Option<&str>, Option<LineOwner>)] = &[
        /* 0 */ (Some("17850"), None,          Some(Existing(1))),
        /* 1 */ (Some("99999"), Some("王五"),  Some(New(0))),
        /* 2 */ (Some("99999"), None,          Some(New(0))),
        /* 3 */ (None,          Some("李四"),  Some(Existing(2))),
        // By name only when the line has no code: not the coded 王五 above.
        /* 4 */ (None,          Some("王五"),  Some(New(1))),
        /* 5 */ (None,          Some(" 王 五"), Some(New(1))),
        /* 6 */ (Some("  "),    None,          None),
        // A code the archive lacks is a new customer, whatever the name says.
        /* 7 */ (Some("88888"), Some("李四"),  Some(New(2))),
        /* 8 */ (Some("77777"), None,          Some(New(3))),
        // A code cell holding spaces is no code: found by the name.
        /* 9 */ (Some(" "),     Some("张三"),  Some(Existing(1))),
    ];
    let mut m = LineMatcher::new(&ix);
    let (mut problems, mut rejected) = (Vec::new(), BTreeSet::new());
    for (row, (code, name, want)) in cases.iter().enumerate() {
        let got = m.place(row, &line(*code, *name), &mut problems, &mut rejected);
        assert_eq!(got, *want, "row {row}");
    }
    assert_eq!(rejected.into_iter().collect::<Vec<_>>(), vec![6]);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].row, 6);
    assert!(problems[0].message.contains("没有客户编号也没有客户名称"));
    assert_eq!((m.lines(), m.touched(), m.without_customer()), (9, 2, 1));
    let new: Vec<(Option<&str>, &str)> = m
        .new_customers()
        .iter()
        .map(|d| (d.code.as_deref(), d.name.as_str()))
        .collect();
    assert_eq!(
        new,
        vec![
            (Some("99999"), "王五"),
            (None, "王五"),
            (Some("88888"), "李四"),
            (Some("77777"), "客户 77777"),
        ]
    );
}
