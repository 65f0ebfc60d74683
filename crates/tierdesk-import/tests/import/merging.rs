//! What an import may overwrite on an archived customer, and what it keeps.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde_json::json;
use tierdesk_domain::{CustomerDraft, Gender};
use tierdesk_import::merge;

fn day(d: &str) -> NaiveDate {
    d.parse().unwrap()
}

/// The archived customer every case merges into.
fn existing() -> CustomerDraft {
    CustomerDraft {
        code: Some("A1".into()),
        name: "张三".into(),
        phone: Some("13800138000".into()),
        spend: Some(100.0),
        notes: Some("老客户".into()),
        tags: vec!["华东".into(), "批发".into()],
        fields: BTreeMap::from([("satisfaction".into(), json!(8))]),
        ..CustomerDraft::default()
    }
}

type Edit = fn(&mut CustomerDraft);

#[test]
fn the_sheet_overwrites_what_it_fills_and_keeps_what_it_leaves_empty() {
    #[rustfmt::skip]
    let cases: &[(&str, Edit, Edit)] = &[
        // (what, the sheet's row, the expected change to the archived customer)
        ("an empty row changes nothing",    |_| {},                                           |_| {}),
        ("a blank name keeps the name",     |d| d.name = "  ".into(),                         |_| {}),
        ("a name replaces the name",        |d| d.name = "张三丰".into(),                      |e| e.name = "张三丰".into()),
        ("a code replaces the code",        |d| d.code = Some("A2".into()),                   |e| e.code = Some("A2".into())),
        ("a phone replaces the phone",      |d| d.phone = Some("13900139000".into()),         |e| e.phone = Some("13900139000".into())),
        ("spend is overwritten, not added", |d| d.spend = Some(50.0),                         |e| e.spend = Some(50.0)),
        ("notes are replaced",              |d| d.notes = Some("新备注".into()),               |e| e.notes = Some("新备注".into())),
        ("tags are added once",             |d| d.tags = vec!["批发".into(), "VIP".into()],    |e| e.tags.push("VIP".into())),
        ("a custom value overwrites",       |d| { d.fields.insert("satisfaction".into(), json!(9)); },
                                            |e| { e.fields.insert("satisfaction".into(), json!(9)); }),
        ("an empty custom value keeps",     |d| { d.fields.insert("satisfaction".into(), json!(null)); }, |_| {}),
        ("a new custom field is added",     |d| { d.fields.insert("region".into(), json!("华东")); },
                                            |e| { e.fields.insert("region".into(), json!("华东")); }),
        ("frequency",                       |d| d.frequency = Some(12.0),                     |e| e.frequency = Some(12.0)),
        ("tenure",                          |d| d.tenure_years = Some(3.0),                   |e| e.tenure_years = Some(3.0)),
        ("influence",                       |d| d.influence = Some(7.5),                      |e| e.influence = Some(7.5)),
        ("tier",                            |d| d.tier = Some("gold".into()),                 |e| e.tier = Some("gold".into())),
        ("last rated",                      |d| d.last_rated_on = Some(day("2024-01-01")),    |e| e.last_rated_on = Some(day("2024-01-01"))),
        ("next rating",                     |d| d.next_rating_on = Some(day("2025-01-01")),   |e| e.next_rating_on = Some(day("2025-01-01"))),
        ("gender",                          |d| d.gender = Some(Gender::Female),              |e| e.gender = Some(Gender::Female)),
        ("birth date",                      |d| d.birth_date = Some(day("1980-05-04")),       |e| e.birth_date = Some(day("1980-05-04"))),
        ("e-mail",                          |d| d.email = Some("a@b.cn".into()),              |e| e.email = Some("a@b.cn".into())),
        ("address",                         |d| d.address = Some("上海".into()),               |e| e.address = Some("上海".into())),
        ("registered",                      |d| d.registered_on = Some(day("2020-02-02")),    |e| e.registered_on = Some(day("2020-02-02"))),
        ("last contact",                    |d| d.last_contact_on = Some(day("2024-06-01")),  |e| e.last_contact_on = Some(day("2024-06-01"))),
        ("preferred category",              |d| d.preferred_category = Some("茶叶".into()),    |e| e.preferred_category = Some("茶叶".into())),
        ("manager",                         |d| d.manager = Some("王经理".into()),             |e| e.manager = Some("王经理".into())),
    ];
    for (what, row, change) in cases {
        let mut incoming = CustomerDraft::default();
        row(&mut incoming);
        let mut want = existing();
        change(&mut want);
        assert_eq!(merge(&existing(), &incoming), want, "{what}");
    }
}

#[test]
fn a_row_that_fills_every_field_leaves_nothing_of_the_archive_but_its_tags() {
    let incoming = CustomerDraft {
        code: Some("B7".into()),
        name: "李四".into(),
        phone: Some("13900139000".into()),
        spend: Some(1.0),
        notes: Some("新".into()),
        tags: vec!["VIP".into()],
        fields: BTreeMap::from([("satisfaction".into(), json!(1))]),
        ..CustomerDraft::default()
    };
    let m = merge(&existing(), &incoming);
    assert_eq!(
        (
            m.code.as_deref(),
            m.name.as_str(),
            m.spend,
            m.notes.as_deref()
        ),
        (Some("B7"), "李四", Some(1.0), Some("新"))
    );
    assert_eq!(m.tags, ["华东", "批发", "VIP"]);
    assert_eq!(m.fields["satisfaction"], json!(1));
}
