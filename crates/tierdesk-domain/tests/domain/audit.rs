//! What an audit entry says changed (each field before and after, as text)
//! and how its values are shown (masked as the lists mask them).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde_json::json;
use tierdesk_domain::audit::{customer_changes, mask_details, AuditDetails};
use tierdesk_domain::{Customer, Gender, Masking};

fn base() -> Customer {
    Customer {
        id: 7,
        code: Some("C7".into()),
        name: "王五".into(),
        phone: Some("13812345678".into()),
        spend: Some(1200.5),
        frequency: None,
        tenure_years: None,
        influence: None,
        tier: Some("gold".into()),
        last_rated_on: None,
        next_rating_on: None,
        gender: None,
        birth_date: None,
        email: None,
        address: None,
        registered_on: None,
        last_contact_on: None,
        preferred_category: None,
        notes: None,
        manager: None,
        tags: vec![],
        fields: BTreeMap::new(),
        created_at: String::new(),
        updated_at: String::new(),
        deleted_at: None,
        next_contact_on: None,
        owner_id: None,
        owner_name: None,
        version: 1,
        updated_by: None,
    }
}

type Change = (&'static str, Option<&'static str>, Option<&'static str>);

fn check(edit: fn(&mut Customer), want: &[Change]) {
    let before = base();
    let mut after = base();
    edit(&mut after);
    let got: Vec<(String, Option<String>, Option<String>)> =
        customer_changes(Some(&before), &after, |k| Some(format!("标签-{k}")))
            .into_iter()
            .map(|c| (c.field, c.before, c.after))
            .collect();
    let want: Vec<(String, Option<String>, Option<String>)> = want
        .iter()
        .map(|(f, b, a)| (f.to_string(), b.map(Into::into), a.map(Into::into)))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn each_changed_field_before_and_after() {
    check(|_| {}, &[]);
    check(
        |c| c.phone = Some("13700000000".into()),
        &[("phone", Some("13812345678"), Some("13700000000"))],
    );
    // An empty text is no value, as a cleared field is.
    check(|c| c.notes = Some(String::new()), &[]);
    check(|c| c.phone = None, &[("phone", Some("13812345678"), None)]);
    check(
        |c| {
            c.spend = Some(1300.0);
            c.gender = Some(Gender::Female);
            c.birth_date = NaiveDate::from_ymd_opt(1990, 5, 1);
            c.tags = vec!["老客户".into(), "批发".into()];
        },
        &[
            ("spend", Some("1200.5"), Some("1300")),
            ("gender", None, Some("女")),
            ("birth_date", None, Some("1990-05-01")),
            ("tags", None, Some("老客户、批发")),
        ],
    );
    check(
        |c| {
            c.fields.insert("vip_no".into(), json!("V-1"));
            c.fields.insert("score".into(), json!(4.5));
            c.fields.insert("empty".into(), json!(null));
        },
        &[
            ("fields.score", None, Some("4.5")),
            ("fields.vip_no", None, Some("V-1")),
        ],
    );
    // The timestamps and the id are not the customer's data.
    check(|c| c.updated_at = "2026-01-01 00:00:00".into(), &[]);
}

#[test]
fn a_new_customer_lists_every_filled_field_with_its_label() {
    let mut c = base();
    c.fields.insert("vip_no".into(), json!("V-1"));
    let changes = customer_changes(None, &c, |k| (k == "vip_no").then(|| "会员卡号".to_owned()));
    let got: Vec<(&str, &str, Option<&str>)> = changes
        .iter()
        .map(|c| (c.field.as_str(), c.label.as_str(), c.after.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            ("code", "客户编号", Some("C7")),
            ("name", "客户名称", Some("王五")),
            ("phone", "联系方式", Some("13812345678")),
            ("spend", "消费金额", Some("1200.5")),
            ("tier", "当前等级", Some("gold")),
            ("fields.vip_no", "会员卡号", Some("V-1")),
        ]
    );
    assert!(changes.iter().all(|c| c.before.is_none()));
}

#[test]
fn details_are_masked_as_the_lists_mask_values() {
    let mut before = base();
    before.email = Some("wang.wu@example.com".into());
    before
        .fields
        .insert("id_no".into(), json!("110101199001011234"));
    let mut after = before.clone();
    after.phone = Some("13700000000".into());
    after.email = Some("w5@example.com".into());
    after
        .fields
        .insert("id_no".into(), json!("110101199001015678"));
    after.notes = Some("备注".into());
    let shown = |m: &Masking| {
        let mut d = AuditDetails {
            changes: customer_changes(Some(&before), &after, |_| None),
            facts: vec![],
        };
        mask_details(&mut d, m);
        d.changes
            .into_iter()
            .map(|c| {
                (
                    c.field,
                    c.before.unwrap_or_default(),
                    c.after.unwrap_or_default(),
                )
            })
            .collect::<Vec<_>>()
    };
    let phone = (
        "phone".to_owned(),
        "138****5678".to_owned(),
        "137****0000".to_owned(),
    );
    let notes = ("notes".to_owned(), String::new(), "备注".to_owned());
    // Phones always; e-mail and a custom field only when so set.
    let plain = shown(&Masking::default());
    assert_eq!(plain[0], phone);
    assert_eq!(plain[1].1, "wang.wu@example.com");
    assert_eq!(plain[3].1, "110101199001011234");
    let strict = shown(&Masking {
        mask_email: true,
        sensitive_fields: vec!["id_no".into()],
    });
    assert_eq!(strict[0], phone);
    assert_eq!(
        strict[1],
        (
            "email".into(),
            "w***@example.com".into(),
            "w***@example.com".into()
        )
    );
    assert_eq!(strict[2], notes);
    assert!(
        !strict[3].1.contains("199001011234") && strict[3].1.contains('*'),
        "{:?}",
        strict[3]
    );
}
