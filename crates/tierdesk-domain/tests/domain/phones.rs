//! Every form of phone number Chinese customer sheets hold: its stored form
//! and the key duplicate matching compares.

use tierdesk_domain::text::{match_key_phone, normalize_phone};
use tierdesk_domain::CustomerDraft;

/// (written, stored form, matching key); `None` for text that is no phone.
const PHONES: &[(&str, Option<&str>, Option<&str>)] = &[
    // Mainland mobiles: stored and matched as 11 digits, as always.
    ("13812345678", Some("13812345678"), Some("13812345678")),
    ("138 1234 5678", Some("13812345678"), Some("13812345678")),
    ("138-1234-5678", Some("13812345678"), Some("13812345678")),
    (
        "+86 138-1234-5678",
        Some("13812345678"),
        Some("13812345678"),
    ),
    ("+8613812345678", Some("13812345678"), Some("13812345678")),
    ("86 13812345678", Some("13812345678"), Some("13812345678")),
    ("008613812345678", Some("13812345678"), Some("13812345678")),
    (
        "１３８１２３４５６７８",
        Some("13812345678"),
        Some("13812345678"),
    ),
    ("(+86)19912345678", Some("19912345678"), Some("19912345678")),
    // Landlines with an area code: area-number, key without the dash.
    ("010-12345678", Some("010-12345678"), Some("01012345678")),
    ("01012345678", Some("010-12345678"), Some("01012345678")),
    ("0755-1234567", Some("0755-1234567"), Some("07551234567")),
    (
        "(0755)12345678",
        Some("0755-12345678"),
        Some("075512345678"),
    ),
    (
        "（0755）12345678",
        Some("0755-12345678"),
        Some("075512345678"),
    ),
    ("021 6123 4567", Some("021-61234567"), Some("02161234567")),
    ("+86 10 12345678", Some("010-12345678"), Some("01012345678")),
    (
        "+86 010 12345678",
        Some("010-12345678"),
        Some("01012345678"),
    ),
    (
        "0086-755-12345678",
        Some("0755-12345678"),
        Some("075512345678"),
    ),
    // Local numbers without their area code.
    ("12345678", Some("12345678"), Some("12345678")),
    ("44445555", Some("44445555"), Some("44445555")),
    ("6123 4567", Some("61234567"), Some("61234567")),
    ("1234567", Some("1234567"), Some("1234567")),
    // Extensions: 转, 分机, ext., x, or a dash after a whole landline.
    (
        "010-12345678 转 123",
        Some("010-12345678转123"),
        Some("01012345678转123"),
    ),
    (
        "010-12345678转123",
        Some("010-12345678转123"),
        Some("01012345678转123"),
    ),
    (
        "0755-1234567 分机 8",
        Some("0755-1234567转8"),
        Some("07551234567转8"),
    ),
    (
        "010-12345678 ext. 123",
        Some("010-12345678转123"),
        Some("01012345678转123"),
    ),
    (
        "010-12345678 EXT 123",
        Some("010-12345678转123"),
        Some("01012345678转123"),
    ),
    (
        "010-12345678x123",
        Some("010-12345678转123"),
        Some("01012345678转123"),
    ),
    (
        "010-12345678-123",
        Some("010-12345678转123"),
        Some("01012345678转123"),
    ),
    (
        "(0755)1234567-12",
        Some("0755-1234567转12"),
        Some("07551234567转12"),
    ),
    (
        "12345678 转 8001",
        Some("12345678转8001"),
        Some("12345678转8001"),
    ),
    // 400 and 800 numbers.
    ("400-123-4567", Some("400-123-4567"), Some("4001234567")),
    ("4001234567", Some("400-123-4567"), Some("4001234567")),
    ("400 123 4567", Some("400-123-4567"), Some("4001234567")),
    ("800-810-8888", Some("800-810-8888"), Some("8008108888")),
    (
        "400-123-4567 转 2",
        Some("400-123-4567转2"),
        Some("4001234567转2"),
    ),
    // Hong Kong and Macau: 8 digits after the code.
    (
        "+852 9123 4567",
        Some("+852 91234567"),
        Some("+85291234567"),
    ),
    ("+852-91234567", Some("+852 91234567"), Some("+85291234567")),
    (
        "(852) 2123 4567",
        Some("+852 21234567"),
        Some("+85221234567"),
    ),
    ("0085291234567", Some("+852 91234567"), Some("+85291234567")),
    ("85291234567", Some("+852 91234567"), Some("+85291234567")),
    (
        "+853 6234 5678",
        Some("+853 62345678"),
        Some("+85362345678"),
    ),
    (
        "+853 2812 3456",
        Some("+853 28123456"),
        Some("+85328123456"),
    ),
    // Taiwan: mobiles 09xxxxxxxx at home, +886 9xxxxxxxx abroad.
    (
        "+886 912 345 678",
        Some("+886 912345678"),
        Some("+886912345678"),
    ),
    (
        "+886 0912-345-678",
        Some("+886 912345678"),
        Some("+886912345678"),
    ),
    (
        "0912-345-678",
        Some("+886 912345678"),
        Some("+886912345678"),
    ),
    ("0912345678", Some("+886 912345678"), Some("+886912345678")),
    (
        "+886 2 2345 6789",
        Some("+886 223456789"),
        Some("+886223456789"),
    ),
    // Another country written with its code.
    (
        "+1 415 555 1234",
        Some("+14155551234"),
        Some("+14155551234"),
    ),
    (
        "+44 20 7946 0958",
        Some("+442079460958"),
        Some("+442079460958"),
    ),
    // No phone: letters, too few or too many digits, a mobile's extension.
    ("12345", None, None),
    ("123456", None, None),
    ("555555555", None, None),
    ("12345678901", None, None),
    ("1122333345", None, None),
    ("23456789012", None, None),
    ("0755-123456", None, None),
    ("010-123456789", None, None),
    ("13812345678 转 1", None, None),
    ("138abc45678", None, None),
    ("无", None, None),
    ("张三", None, None),
    ("tel", None, None),
    ("ext 123", None, None),
    ("010-12345678 转 分机", None, None),
    ("010-12345678 转 1234567", None, None),
    ("+", None, None),
    ("++86 13812345678", None, None),
    ("138+12345678", None, None),
    ("+1234", None, None),
    ("+1234567890123456", None, None),
    ("-", None, None),
    ("", None, None),
];

#[test]
fn every_form_of_phone() {
    let mut wrong = Vec::new();
    for (written, stored, key) in PHONES {
        let got = normalize_phone(written).ok();
        let got_key = match_key_phone(written);
        if got.as_deref() != *stored || got_key.as_deref() != *key {
            wrong.push(format!(
                "{written:?}: stored {got:?} (want {stored:?}), key {got_key:?} (want {key:?})"
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {}:\n{}",
        wrong.len(),
        PHONES.len(),
        wrong.join("\n")
    );
}

#[test]
fn the_key_of_the_stored_form_is_the_key_of_what_was_written() {
    // The store computes the key from the stored form; imports from the
    // sheet's text. Both must agree or a re-import would not match.
    for (written, stored, key) in PHONES {
        if let Some(stored) = stored {
            assert_eq!(normalize_phone(stored).as_deref(), Ok(*stored), "{written}");
            assert_eq!(match_key_phone(stored).as_deref(), *key, "{written}");
        }
    }
}

#[test]
fn a_wrong_phone_is_named_in_the_message() {
    let e = normalize_phone(" 138abc ").unwrap_err();
    assert_eq!(e.0, "138abc");
    assert!(
        e.to_string().contains("不是有效的电话号码：'138abc'"),
        "{e}"
    );
}

#[test]
fn the_customer_form_takes_landlines_and_numbers_abroad() {
    let draft = |phone: &str| CustomerDraft {
        name: "张三".into(),
        phone: Some(phone.into()),
        ..Default::default()
    };
    for (written, stored) in [
        ("010-12345678", "010-12345678"),
        ("0755 1234567 转 123", "0755-1234567转123"),
        ("44445555", "44445555"),
        ("400-123-4567", "400-123-4567"),
        ("+852 9123 4567", "+852 91234567"),
        ("+853 6234 5678", "+853 62345678"),
        ("0912345678", "+886 912345678"),
        ("+86 138 1234 5678", "13812345678"),
    ] {
        let d = draft(written)
            .validate(&[])
            .unwrap_or_else(|e| panic!("{written}: {e:?}"));
        assert_eq!(d.phone.as_deref(), Some(stored), "{written}");
    }
    let e = draft("12345").validate(&[]).unwrap_err();
    assert_eq!(e.0.len(), 1, "{e:?}");
    assert_eq!(e.0[0].field, "phone");
    assert!(e.0[0].message.contains("'12345'"), "{e:?}");
}
