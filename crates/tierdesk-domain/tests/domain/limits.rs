//! Counts with thousands separators and the message for a text over its
//! limit, the one wording the form and the import share.

use tierdesk_domain::text::{thousands, too_long};

#[test]
fn counts_have_thousands_separators() {
    let cases: [(u64, &str); 7] = [
        (0, "0"),
        (7, "7"),
        (999, "999"),
        (1_000, "1,000"),
        (5_130, "5,130"),
        (10_000, "10,000"),
        (1_234_567_890, "1,234,567,890"),
    ];
    for (n, want) in cases {
        assert_eq!(thousands(n), want, "{n}");
    }
}

#[test]
fn a_long_text_is_named_with_its_limit_and_length() {
    assert_eq!(
        too_long("客户名称", 200, 10_000),
        "「客户名称」最多 200 字，当前 10,000 字"
    );
    assert_eq!(
        too_long("备注", 2_000, 2_001),
        "「备注」最多 2,000 字，当前 2,001 字"
    );
}

#[test]
fn a_contact_over_its_limits_is_refused_with_the_lengths() {
    use tierdesk_domain::record::ContactDraft;
    let draft = ContactDraft {
        name: "王".repeat(101),
        role: "经理".into(),
        phone: None,
        wechat: None,
        email: None,
        birth_date: None,
        is_primary: false,
        notes: "备".repeat(2_345),
    };
    let problems: Vec<(String, String)> = draft
        .validate()
        .unwrap_err()
        .0
        .into_iter()
        .map(|p| (p.field, p.message))
        .collect();
    assert_eq!(
        problems,
        [
            ("name".into(), "「姓名」最多 100 字，当前 101 字".into()),
            (
                "notes".into(),
                "「备注」最多 2,000 字，当前 2,345 字".into()
            ),
        ]
    );
}
