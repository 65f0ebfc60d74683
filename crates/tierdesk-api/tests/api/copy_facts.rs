//! The `privacy.copy` entry counts every part of the person's copy,
//! the later features' sections (contacts, dates, follow-ups, to-dos,
//! complaints, survey answers) included, 0 for those without rows.

use chrono::{NaiveDate, NaiveDateTime};
use tierdesk_api::domain::record::{ContactDraft, DateDraft, DateKind};
use tierdesk_api::domain::{Channel, CustomerDraft, FollowupDraft};
use tierdesk_api::testing::each_api;
use tierdesk_api::Api;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn now() -> NaiveDateTime {
    day("2026-11-30").and_hms_opt(9, 30, 0).unwrap()
}

fn copy_facts(api: &Api) -> Vec<(String, String)> {
    let entries = api
        .audit_list(&tierdesk_api::domain::audit::AuditFilter {
            action: Some("privacy.copy".into()),
            ..Default::default()
        })
        .unwrap()
        .items;
    assert_eq!(entries.len(), 1, "one entry per copy");
    let facts = &entries[0].details.as_ref().expect("details").facts;
    facts
        .iter()
        .map(|f| (f.name.clone(), f.value.clone()))
        .collect()
}

#[test]
fn the_copys_entry_counts_every_section_of_the_copy() {
    each_api(|api| {
        let id = api
            .create_customer(CustomerDraft {
                code: Some("P1".into()),
                name: "欧阳娜娜".into(),
                phone: Some("13811112222".into()),
                ..Default::default()
            })
            .unwrap()
            .id;
        for name in ["李总", "王秘书"] {
            api.add_contact(
                id,
                ContactDraft {
                    name: name.into(),
                    ..ContactDraft::default()
                },
            )
            .unwrap();
        }
        api.add_customer_date(
            id,
            DateDraft {
                kind: DateKind::Cooperation,
                label: String::new(),
                month: 3,
                day: 8,
                year: Some(2019),
                remind: true,
                notes: String::new(),
            },
        )
        .unwrap();
        for content in ["首次拜访", "电话回访", "上门送礼"] {
            api.add_followup(
                id,
                FollowupDraft {
                    channel: Channel::Phone,
                    content: content.into(),
                    ..FollowupDraft::default()
                },
                now(),
            )
            .unwrap();
        }
        let copy = api.person_copy("P1", day("2026-11-30")).unwrap();
        let facts = copy_facts(api);
        let count = |name: &str| {
            let found: Vec<&String> = facts
                .iter()
                .filter(|(n, _)| n == name)
                .map(|(_, v)| v)
                .collect();
            assert_eq!(found.len(), 1, "one fact 「{name}」 in {facts:?}");
            found[0].parse::<usize>().unwrap()
        };
        // Every section the copy holds is counted as it holds it …
        assert!(!copy.more.is_empty());
        for s in &copy.more {
            assert_eq!(count(&s.title), s.rows.len(), "{}", s.title);
        }
        assert_eq!(count("联系人"), 2);
        assert_eq!(count("纪念日"), 1);
        assert_eq!(count("跟进记录"), 3);
        assert_eq!(count("待办"), 0);
        // … and the kinds the person has none of say 0.
        for empty in ["投诉与反馈", "投诉处理记录", "满意度答卷"] {
            assert_eq!(count(empty), 0, "{empty}");
        }
        assert_eq!(count("订单行"), 0);
        assert_eq!(count("操作日志"), copy.audit.len());
    });
}
