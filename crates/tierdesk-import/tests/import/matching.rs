//! Which archived customer a sheet row is, and which earlier row of the same
//! sheet it repeats.

use tierdesk_import::{KeyIndex, SeenInFile};

use crate::{draft, keys};

/// The archive every matching case runs against.
fn archive() -> KeyIndex {
    KeyIndex::new(vec![
        keys(1, &draft(Some("A1"), Some("13800138000"), "张三")),
        keys(2, &draft(None, Some("13900139000"), "华信科技有限公司")),
        keys(3, &draft(None, None, "李四")),
        // A second 李四 and a second holder of 2's phone: the first keeps the key.
        keys(4, &draft(None, None, "李四")),
        keys(5, &draft(Some("A5"), Some("13900139000"), "周九")),
    ])
}

#[test]
fn a_row_is_found_by_code_else_phone_else_name() {
    let ix = archive();
    #[rustfmt::skip]
    let cases: &[(&str, Option<&str>, Option<&str>, &str, Option<i64>)] = &[
        ("code wins over phone and name",        Some("A1"), Some("13700137000"), "别人", Some(1)),
        ("another code is another customer",     Some("A9"), Some("13800138000"), "张三", None),
        ("a code is found by its code only",     Some("A5"), None,                "张三", Some(5)),
        ("phone, in another written form",       None, Some("138 0013 8000"),     "别人", Some(1)),
        ("phone with dashes",                    None, Some("138-0013-8000"),     "别人", Some(1)),
        ("a shared phone: the first holder",     None, Some("13900139000"),       "周九", Some(2)),
        ("unknown phone falls back to the name", None, Some("13700137000"),       "张三", Some(1)),
        ("a phone that is no phone: the name",   None, Some("12345"),             "李四", Some(3)),
        ("name with spaces",                     None, None,                      " 李 四 ", Some(3)),
        ("company name without its suffix",      None, None,                      "华信科技", Some(2)),
        ("company name in full-width brackets",  None, None,                      "华信科技（有限公司）", Some(2)),
        ("nobody",                               None, None,                      "王五", None),
        ("nobody, with a phone",                 None, Some("13600136000"),       "王五", None),
    ];
    for (what, code, phone, name, want) in cases {
        assert_eq!(ix.find(&draft(*code, *phone, name)), *want, "{what}");
    }
}

#[test]
fn a_row_repeating_an_earlier_row_of_the_sheet_names_it() {
    #[rustfmt::skip]
    let rows: &[(Option<&str>, Option<&str>, &str, Option<(usize, &str)>)] = &[
        /* 0 */ (Some("A1"), None, "张三", None),
        /* 1 */ (Some("A1"), None, "李四", Some((0, "客户编号"))),
        // With a code only the code counts: same name, other code, other customer.
        /* 2 */ (Some("A2"), None, "张三", None),
        /* 3 */ (None, Some("13800138000"), "王五", None),
        /* 4 */ (None, Some("138 0013 8000"), "赵六", Some((3, "联系方式"))),
        /* 5 */ (None, None, "王 五", Some((3, "客户名称"))),
        // Row 0's name was never noted (it had a code), so this is no repeat.
        /* 6 */ (None, Some("13900139000"), "张三", None),
        /* 7 */ (None, Some("13900139000"), "孙七", Some((6, "联系方式"))),
        /* 8 */ (None, None, "张三", Some((6, "客户名称"))),
        /* 9 */ (Some("A1"), None, "随便", Some((0, "客户编号"))),
    ];
    let mut seen = SeenInFile::default();
    for (row, (code, phone, name, want)) in rows.iter().enumerate() {
        assert_eq!(
            seen.check(row, &draft(*code, *phone, name)),
            *want,
            "row {row}"
        );
    }
}
