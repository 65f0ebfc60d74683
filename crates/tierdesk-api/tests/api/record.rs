//! The customer record through the API: the timeline with tier names and a
//! refused unknown kind, order lines and the purchase summary, contacts
//! masked (a masked value sent back keeps the stored one), dates checked,
//! and the person's copy holding contacts and dates.

use chrono::NaiveDate;
use tierdesk_api::domain::record::{ContactDraft, DateDraft, DateKind, TimelineQuery};
use tierdesk_api::domain::CustomerDraft;
use tierdesk_api::testing::each_api;
use tierdesk_api::{Api, ErrorCode};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn customer(api: &mut Api, code: &str, tier: &str) -> i64 {
    api.create_customer(CustomerDraft {
        code: Some(code.into()),
        name: format!("客户{code}"),
        tier: Some(tier.into()),
        ..Default::default()
    })
    .unwrap()
    .id
}

fn contact(name: &str, phone: &str) -> ContactDraft {
    ContactDraft {
        name: name.into(),
        role: "采购经理".into(),
        phone: Some(phone.into()),
        email: Some("zhang@example.com".into()),
        is_primary: true,
        ..Default::default()
    }
}

#[test]
fn the_timeline_names_tiers_and_refuses_unknown_kinds() {
    each_api(|api| {
        api.schemes().unwrap();
        let id = customer(api, "R1", "silver");
        let mut d = CustomerDraft::from(&api.customer(id).unwrap());
        d.tier = Some("gold".into());
        api.update_customer_with_reason(id, d, "年度大单", "王经理")
            .unwrap();
        let page = api
            .customer_timeline(
                id,
                &TimelineQuery {
                    kinds: vec!["tier".into()],
                    ..Default::default()
                },
            )
            .unwrap();
        let titles: Vec<&str> = page.events.iter().map(|e| e.title.as_str()).collect();
        let labels = api.tier_labels().unwrap();
        let name = |k: &str| labels.iter().find(|l| l.key == k).unwrap().name.clone();
        assert_eq!(
            titles,
            vec![format!("等级：{} → {}", name("silver"), name("gold"))]
        );
        let err = api
            .customer_timeline(
                id,
                &TimelineQuery {
                    kinds: vec!["purchase".into(), "电话".into()],
                    ..Default::default()
                },
            )
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::Invalid);
        assert!(err.message.contains("「电话」") && err.message.contains("purchase（购买）"));
        let err = api
            .customer_timeline(id + 99, &TimelineQuery::default())
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::NotFound);
    });
}

#[test]
fn contacts_leave_masked_and_a_masked_phone_sent_back_keeps_the_stored_one() {
    each_api(|api| {
        let id = customer(api, "R1", "gold");
        let shown = api
            .add_contact(id, contact("张三", "138 0000 1111"))
            .unwrap();
        assert_eq!(shown.phone.as_deref(), Some("138****1111"));
        let listed = api.contacts(id).unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].phone.as_deref(), Some("138****1111"));
        // The form sends the masked phone back with a new role: the number stays.
        let mut d = ContactDraft::from(&listed[0]);
        d.role = "总经理".into();
        api.update_contact(shown.id, d).unwrap();
        let copy = api.person_copy("R1", day("2026-11-30")).unwrap();
        let sheet = copy.more.iter().find(|s| s.title == "联系人").unwrap();
        assert_eq!(sheet.rows.len(), 1);
        assert_eq!(sheet.rows[0][0], "张三");
        assert_eq!(sheet.rows[0][1], "总经理");
        assert_eq!(sheet.rows[0][2], "13800001111");
        // A new number typed over it is taken; a wrong one is refused in Chinese.
        let mut d = ContactDraft::from(&api.contacts(id).unwrap()[0]);
        d.phone = Some("13900002222".into());
        assert_eq!(
            api.update_contact(shown.id, d.clone())
                .unwrap()
                .phone
                .as_deref(),
            Some("139****2222")
        );
        d.phone = Some("12345".into());
        d.name = " ".into();
        let err = api.update_contact(shown.id, d).unwrap_err();
        assert_eq!(err.code, ErrorCode::Invalid);
        let fields: Vec<&str> = err.problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, vec!["name", "phone"]);
        // 显示完整 for a contact: the full number, for a purpose the log keeps.
        let err = api.reveal_contact(shown.id, "  ").unwrap_err();
        assert_eq!(err.code, ErrorCode::Invalid);
        let full = api.reveal_contact(shown.id, "回访联系").unwrap();
        assert_eq!(full.phone.as_deref(), Some("13900002222"));
        let log = api.customer_log(id).unwrap();
        let reveal = log.iter().find(|e| e.action == "privacy.reveal").unwrap();
        assert_eq!(reveal.object_kind, "contact");
        assert_eq!(
            reveal.summary,
            format!("查看联系人 #{}（客户 #{id}）的完整信息", shown.id)
        );
        let facts = &reveal.details.as_ref().unwrap().facts;
        assert_eq!(
            (facts[0].name.as_str(), facts[0].value.as_str()),
            ("用途", "回访联系")
        );
        api.delete_contact(shown.id).unwrap();
        assert_eq!(
            api.delete_contact(shown.id).unwrap_err().code,
            ErrorCode::NotFound
        );
    });
}

#[test]
fn dates_are_checked_and_in_the_persons_copy() {
    each_api(|api| {
        let id = customer(api, "R1", "gold");
        let date = |kind, label: &str, month, d, year| DateDraft {
            kind,
            label: label.into(),
            month,
            day: d,
            year,
            remind: true,
            notes: String::new(),
        };
        // (draft, the fields refused)
        let bad = [
            (date(DateKind::Custom, "", 3, 1, None), vec!["label"]),
            (date(DateKind::Opening, "", 13, 1, None), vec!["month"]),
            (date(DateKind::Opening, "", 4, 31, None), vec!["day"]),
            (date(DateKind::Opening, "", 2, 29, Some(2023)), vec!["day"]),
            (date(DateKind::Opening, "", 2, 28, Some(1800)), vec!["year"]),
        ];
        for (draft, fields) in bad {
            let err = api.add_customer_date(id, draft.clone()).unwrap_err();
            let got: Vec<&str> = err.problems.iter().map(|p| p.field.as_str()).collect();
            assert_eq!(got, fields, "{draft:?}");
        }
        assert!(api.customer_dates(id).unwrap().is_empty());
        let leap = api
            .add_customer_date(id, date(DateKind::Cooperation, "", 2, 29, Some(2020)))
            .unwrap();
        assert_eq!(leap.label, "合作纪念日");
        api.add_customer_date(id, date(DateKind::Custom, "周年庆", 11, 8, None))
            .unwrap();
        let copy = api.person_copy("R1", day("2026-11-30")).unwrap();
        let sheet = copy.more.iter().find(|s| s.title == "纪念日").unwrap();
        let rows: Vec<(&str, &str)> = sheet
            .rows
            .iter()
            .map(|r| (r[1].as_str(), r[2].as_str()))
            .collect();
        assert_eq!(
            rows,
            vec![("合作纪念日", "2020-02-29"), ("周年庆", "每年 11 月 8 日")]
        );
    });
}
