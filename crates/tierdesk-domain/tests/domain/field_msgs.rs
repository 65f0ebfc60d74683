//! Every field problem of a customer, a contact, a date and a follow-up
//! carries its message: a table of wrong drafts, each with the field, key
//! and parameters it must give, and its Chinese `message` the message
//! rendered (the CLI's text, unchanged).

use chrono::NaiveDate;
use serde_json::json;
use tierdesk_domain::record::{ContactDraft, DateDraft};
use tierdesk_domain::{CustomerDraft, FieldDef, FieldKind, FollowupDraft, ValidationErrors};

type Found = Vec<(String, String, Vec<(String, String)>)>;
/// A problem expected: field, key, parameters.
type Want<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)]);

/// (field, key, parameters) of each problem, checking each one's Chinese.
fn keyed(errs: ValidationErrors) -> Found {
    errs.0
        .into_iter()
        .map(|p| {
            let msg = p.msg.expect("a message");
            assert_eq!(p.message, msg.zh(), "{}", p.field);
            (p.field, msg.key, msg.params.into_iter().collect())
        })
        .collect()
}

fn want(rows: &[Want]) -> Found {
    rows.iter()
        .map(|(f, k, ps)| {
            let ps = ps.iter().map(|(a, b)| (a.to_string(), b.to_string()));
            (f.to_string(), k.to_string(), ps.collect())
        })
        .collect()
}

#[test]
fn a_customer_draft_gives_every_problem_as_a_message() {
    let defs = [
        FieldDef {
            key: "visits".into(),
            label: "拜访次数".into(),
            kind: FieldKind::Number,
            choices: vec![],
        },
        FieldDef {
            key: "met".into(),
            label: "初次见面".into(),
            kind: FieldKind::Date,
            choices: vec![],
        },
        FieldDef {
            key: "grade".into(),
            label: "等级".into(),
            kind: FieldKind::Choice,
            choices: vec!["甲".into(), "乙".into()],
        },
    ];
    let mut d = CustomerDraft {
        name: "  ".into(),
        code: Some("C".repeat(65)),
        phone: Some("12345".into()),
        email: Some("a@".into()),
        spend: Some(f64::INFINITY),
        frequency: Some(-2.5),
        last_rated_on: NaiveDate::from_ymd_opt(2024, 5, 1),
        next_rating_on: NaiveDate::from_ymd_opt(2024, 4, 1),
        ..CustomerDraft::default()
    };
    for (k, v) in [
        ("visits", "很多"),
        ("met", "去年"),
        ("grade", "丙"),
        ("nope", "1"),
    ] {
        d.fields.insert(k.into(), json!(v));
    }
    let got = keyed(d.validate(&defs).unwrap_err());
    assert_eq!(
        got,
        want(&[
            ("name", "field.name_required", &[]),
            (
                "code",
                "field.too_long",
                &[("label", "客户编号"), ("len", "65"), ("max", "64")]
            ),
            ("phone", "field.phone", &[("value", "12345")]),
            ("email", "field.email", &[("value", "a@")]),
            ("spend", "field.not_number", &[("label", "消费金额")]),
            (
                "frequency",
                "field.negative",
                &[("label", "购买频次"), ("value", "-2.5")]
            ),
            ("next_rating_on", "field.rating_dates", &[]),
            (
                "grade",
                "field.custom_choice",
                &[("choices", "甲、乙"), ("label", "等级"), ("value", "丙")]
            ),
            (
                "met",
                "field.custom_date",
                &[("label", "初次见面"), ("value", "去年")]
            ),
            ("nope", "field.unknown_custom", &[("key", "nope")]),
            (
                "visits",
                "field.custom_number",
                &[("label", "拜访次数"), ("value", "很多")]
            ),
        ])
    );
    // The Chinese is what it always was.
    let long = CustomerDraft {
        name: "名".repeat(10_000),
        ..CustomerDraft::default()
    };
    let errs = long.validate(&[]).unwrap_err();
    assert_eq!(errs.0[0].message, "「客户名称」最多 200 字，当前 10,000 字");
}

#[test]
fn contacts_dates_and_follow_ups_give_their_problems_as_messages() {
    let contact = ContactDraft {
        name: " ".into(),
        phone: Some("12".into()),
        email: Some("x".into()),
        notes: "注".repeat(2001),
        ..ContactDraft::default()
    };
    assert_eq!(
        keyed(contact.validate().unwrap_err()),
        want(&[
            ("name", "contact.name_required", &[]),
            ("phone", "contact.phone", &[("value", "12")]),
            ("email", "field.email", &[("value", "x")]),
            (
                "notes",
                "field.too_long",
                &[("label", "备注"), ("len", "2,001"), ("max", "2,000")]
            ),
        ])
    );
    let date = |v: serde_json::Value| serde_json::from_value::<DateDraft>(v).unwrap();
    let bad_month = date(json!({"kind": "custom", "month": 13, "day": 1, "year": 1800}));
    assert_eq!(
        keyed(bad_month.validate().unwrap_err()),
        want(&[
            ("label", "date.label_required", &[]),
            ("month", "date.month", &[("month", "13")]),
            ("year", "date.year", &[("year", "1800")]),
        ])
    );
    let no_day = date(json!({"kind": "opening", "month": 2, "day": 30}));
    assert_eq!(
        keyed(no_day.validate().unwrap_err()),
        want(&[("day", "date.no_day", &[("day", "30"), ("month", "2")])])
    );
    let leap = date(json!({"kind": "opening", "month": 2, "day": 29, "year": 2023}));
    let errs = leap.validate().unwrap_err();
    assert_eq!(errs.0[0].message, "2023 年 2 月没有 29 日");
    assert_eq!(
        keyed(errs),
        want(&[(
            "day",
            "date.no_day_in_year",
            &[("day", "29"), ("month", "2"), ("year", "2023")]
        )])
    );
    let now = NaiveDate::from_ymd_opt(2026, 11, 30)
        .unwrap()
        .and_hms_opt(10, 0, 0)
        .unwrap();
    let f = |v: serde_json::Value| serde_json::from_value::<FollowupDraft>(v).unwrap();
    let unreadable = f(json!({"at": "昨天下午", "content": "", "subject": "主".repeat(201)}));
    assert_eq!(
        keyed(unreadable.validate(now).unwrap_err()),
        want(&[
            ("at", "followup.at_unreadable", &[("value", "昨天下午")]),
            (
                "subject",
                "field.too_long",
                &[("label", "主题"), ("len", "201"), ("max", "200")]
            ),
            ("content", "followup.content_required", &[]),
        ])
    );
    let future = f(json!({"at": "2026-12-02", "content": "谈", "next_contact_on": "2026-12-01"}));
    let errs = future.validate(now).unwrap_err();
    assert_eq!(
        errs.0[0].message,
        "「跟进时间」2026-12-02 晚于今天：只能记录已经发生的跟进，下次联系请填「下次联系日期」"
    );
    assert_eq!(
        keyed(errs),
        want(&[
            ("at", "followup.at_future", &[("day", "2026-12-02")]),
            (
                "next_contact_on",
                "followup.next_too_early",
                &[("day", "2026-12-02"), ("next", "2026-12-01")]
            ),
        ])
    );
}
