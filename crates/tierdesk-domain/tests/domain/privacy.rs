//! Masking: every stored form of a phone, e-mail addresses, ID numbers and
//! other sensitive values, and the rule that a masked value a form sends
//! back unchanged keeps the stored one.

use std::collections::BTreeMap;

use serde_json::{json, Value};
use tierdesk_domain::privacy::{mask_email, mask_id, mask_phone, mask_value, Masking};
use tierdesk_domain::text::normalize_phone;
use tierdesk_domain::{Customer, CustomerDraft};

/// (stored phone, as shown).
const PHONES: &[(&str, &str)] = &[
    ("13812345678", "138****5678"),
    ("19912345678", "199****5678"),
    ("010-12345678", "010-****5678"),
    ("0755-1234567", "0755-***4567"),
    ("010-12345678转123", "010-****5678转123"),
    ("0755-1234567转8", "0755-***4567转8"),
    ("12345678", "****5678"),
    ("1234567", "***4567"),
    ("400-123-4567", "400-***-4567"),
    ("800-123-4567", "800-***-4567"),
    ("+852 91234567", "+852 ****4567"),
    ("+853 62345678", "+853 ****5678"),
    ("+886 912345678", "+886 *****5678"),
    ("+14155551234", "+141****1234"),
    // Short service numbers and odd text: only the end shows.
    ("95588", "***88"),
    ("110", "**0"),
    ("1", "1"),
    ("", ""),
];

#[test]
fn phones_are_masked_by_their_kind() {
    for (stored, shown) in PHONES {
        assert_eq!(mask_phone(stored), *shown, "phone {stored}");
        // The mask keeps the length, so a column of numbers stays aligned.
        assert_eq!(
            mask_phone(stored).chars().count(),
            stored.chars().count(),
            "{stored}"
        );
    }
}

#[test]
fn every_stored_form_hides_digits_and_keeps_the_last_four() {
    // The stored forms normalize_phone produces, from the way people write them.
    for written in [
        "138 1234 5678",
        "(0755)1234567",
        "010 12345678 转 123",
        "12345678",
        "4001234567",
        "(853)62345678",
        "0912345678",
        "+1 415 555 1234",
    ] {
        let stored = normalize_phone(written).expect(written);
        let shown = mask_phone(&stored);
        let hidden = shown.chars().filter(|c| *c == '*').count();
        // At least three digits hidden, and the last four of the number
        // (before any extension) still there to compare.
        let number = stored.split('转').next().unwrap_or_default();
        let last4: String = number.chars().rev().take(4).collect();
        let shown_number = shown.split('转').next().unwrap_or_default();
        assert!(
            hidden >= 3 && shown_number.chars().rev().take(4).collect::<String>() == last4,
            "{stored} → {shown}"
        );
    }
}

#[test]
fn emails_ids_and_other_values() {
    for (email, shown) in [
        ("zhang.san@example.com", "z***@example.com"),
        ("a@b.cn", "a***@b.cn"),
        ("王@例子.中国", "王***@例子.中国"),
        ("no-at-sign", "no******gn"),
    ] {
        assert_eq!(mask_email(email), shown, "{email}");
    }
    for (id, shown) in [
        ("110101199003071234", "110101********1234"),
        ("11010119900307123X", "110101********123X"),
        ("110101900307123", "110101*****7123"),
        ("E12345678", "E1*****78"),
        ("ABCD", "***D"),
        ("王小明", "***"),
        ("", ""),
    ] {
        assert_eq!(mask_id(id), shown, "{id}");
    }
    assert_eq!(mask_value(&json!(123456789)), json!("12*****89"));
    assert_eq!(mask_value(&Value::Null), Value::Null);
}

fn stored() -> Customer {
    let mut fields = BTreeMap::new();
    fields.insert("id_no".into(), json!("110101199003071234"));
    fields.insert("level".into(), json!("A"));
    Customer {
        id: 7,
        code: Some("C7".into()),
        name: "张三".into(),
        phone: Some("13812345678".into()),
        spend: None,
        frequency: None,
        tenure_years: None,
        influence: None,
        tier: None,
        last_rated_on: None,
        next_rating_on: None,
        gender: None,
        birth_date: None,
        email: Some("zhang@example.com".into()),
        address: None,
        registered_on: None,
        last_contact_on: None,
        preferred_category: None,
        notes: None,
        manager: None,
        tags: vec![],
        fields,
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

#[test]
fn the_policy_masks_what_it_names() {
    let mut c = stored();
    Masking::default().apply(&mut c);
    assert_eq!(c.phone.as_deref(), Some("138****5678"));
    assert_eq!(c.email.as_deref(), Some("zhang@example.com"));
    assert_eq!(c.fields["id_no"], json!("110101199003071234"));

    let policy = Masking::from_settings(Some("true"), Some(r#"["id_no"]"#));
    assert_eq!(
        policy,
        Masking {
            mask_email: true,
            sensitive_fields: vec!["id_no".into()]
        }
    );
    let mut c = stored();
    policy.apply(&mut c);
    assert_eq!(c.email.as_deref(), Some("z***@example.com"));
    assert_eq!(c.fields["id_no"], json!("110101********1234"));
    assert_eq!(c.fields["level"], json!("A"));
    assert_eq!(c.name, "张三");
    // Unknown or broken settings mask nothing beyond phones.
    assert_eq!(
        Masking::from_settings(Some("no"), Some("id_no")),
        Masking::default()
    );
}

#[test]
fn a_masked_value_sent_back_keeps_the_stored_one() {
    let policy = Masking::from_settings(Some("1"), Some(r#"["id_no"]"#));
    let mut shown = stored();
    policy.apply(&mut shown);
    // A form that changed only the name.
    let mut draft = CustomerDraft::from(&shown);
    draft.name = "张三丰".into();
    Masking::keep_stored(&mut draft, &stored());
    assert_eq!(draft.phone.as_deref(), Some("13812345678"));
    assert_eq!(draft.email.as_deref(), Some("zhang@example.com"));
    assert_eq!(draft.fields["id_no"], json!("110101199003071234"));
    assert_eq!(draft.name, "张三丰");

    // Values a person typed stay as typed, even ones that look masked but
    // are not this customer's mask.
    let mut draft = CustomerDraft::from(&shown);
    draft.phone = Some("13900001111".into());
    draft.email = Some("x***@example.com".into());
    draft
        .fields
        .insert("id_no".into(), json!("110101199003071235"));
    Masking::keep_stored(&mut draft, &stored());
    assert_eq!(draft.phone.as_deref(), Some("13900001111"));
    assert_eq!(draft.email.as_deref(), Some("x***@example.com"));
    assert_eq!(draft.fields["id_no"], json!("110101199003071235"));
}
