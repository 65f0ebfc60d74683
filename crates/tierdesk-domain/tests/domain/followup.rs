//! Follow-ups at the domain's boundary: channels read from keys, Chinese
//! labels and everyday words; times read from the forms people type.

use chrono::NaiveDateTime;
use tierdesk_domain::followup::parse_at;
use tierdesk_domain::{manager_or, Channel};

#[test]
fn work_falls_to_the_manager_else_to_the_fallback() {
    let check = |manager: Option<&str>, want: &str| {
        assert_eq!(manager_or(manager, "张三"), want, "{manager:?}");
    };
    check(Some("王经理"), "王经理");
    check(Some("  王经理 "), "王经理");
    check(Some("   "), "张三");
    check(Some(""), "张三");
    check(None, "张三");
}

#[test]
fn channels_are_read_from_keys_labels_and_everyday_words() {
    let check = |text: &str, expected: Option<Channel>| {
        assert_eq!(Channel::parse(text), expected, "{text:?}");
    };
    for c in Channel::ALL {
        check(c.as_str(), Some(c));
        check(c.label(), Some(c));
        check(&format!(" {} ", c.label()), Some(c));
        check(&c.as_str().to_uppercase(), Some(c));
    }
    check("上门拜访", Some(Channel::Visit));
    check("电话联系", Some(Channel::Phone));
    check("邮箱", Some(Channel::Email));
    check("e-mail", Some(Channel::Email));
    check("飞鸽传书", None);
    check("", None);
    // Every channel has its own key and label.
    let mut keys: Vec<&str> = Channel::ALL.iter().map(|c| c.as_str()).collect();
    let mut labels: Vec<&str> = Channel::ALL.iter().map(|c| c.label()).collect();
    keys.sort_unstable();
    keys.dedup();
    labels.sort_unstable();
    labels.dedup();
    assert_eq!((keys.len(), labels.len()), (6, 6));
}

#[test]
fn times_are_read_from_what_people_type() {
    let t = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap();
    let cases: &[(&str, Option<NaiveDateTime>)] = &[
        ("2026-11-30 14:05:09", Some(t("2026-11-30 14:05:09"))),
        ("2026-11-30 14:05", Some(t("2026-11-30 14:05:00"))),
        ("2026/11/30 14:05", Some(t("2026-11-30 14:05:00"))),
        ("2026-11-30T14:05:00", Some(t("2026-11-30 14:05:00"))),
        (" 2026-11-30 ", Some(t("2026-11-30 09:00:00"))),
        ("2026-02-30", None),
        ("2026-11-30 25:00", None),
        ("昨天下午", None),
        ("", None),
    ];
    for (text, expected) in cases {
        assert_eq!(parse_at(text), *expected, "{text:?}");
    }
}
