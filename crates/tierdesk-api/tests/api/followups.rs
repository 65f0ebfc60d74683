//! Follow-ups through the API: validation in Chinese (every problem at
//! once), who is filled in, the customer's dates, lists, the person's copy.

use chrono::{NaiveDate, NaiveDateTime};
use tierdesk_api::domain::{Channel, CustomerDraft, CustomerQuery, FollowupDraft, FollowupFilter};
use tierdesk_api::testing::{each_api, each_api_with_dir};
use tierdesk_api::{Api, ErrorCode};

fn now() -> NaiveDateTime {
    NaiveDateTime::parse_from_str("2026-11-30 15:00:00", "%Y-%m-%d %H:%M:%S").unwrap()
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn customer(api: &mut Api, code: &str, manager: Option<&str>) -> i64 {
    api.create_customer(CustomerDraft {
        code: Some(code.into()),
        name: format!("客户{code}"),
        manager: manager.map(str::to_owned),
        ..Default::default()
    })
    .unwrap()
    .id
}

fn draft(content: &str) -> FollowupDraft {
    FollowupDraft {
        channel: Channel::Visit,
        content: content.into(),
        ..Default::default()
    }
}

/// A change made to a good draft.
type Change = Box<dyn Fn(&mut FollowupDraft)>;

#[test]
fn bad_drafts_are_refused_with_every_problem_in_chinese() {
    each_api(|api| {
        let id = customer(api, "F1", None);
        // (draft change, the fields refused)
        let cases: Vec<(Change, Vec<&str>)> = vec![
            (Box::new(|d| d.content = "  ".into()), vec!["content"]),
            (Box::new(|d| d.at = Some("昨天下午".into())), vec!["at"]),
            (
                Box::new(|d| d.at = Some("2026-12-01 09:00".into())),
                vec!["at"],
            ),
            (
                Box::new(|d| d.next_contact_on = Some(day("2026-11-30"))),
                vec!["next_contact_on"],
            ),
            (Box::new(|d| d.subject = "主".repeat(201)), vec!["subject"]),
            (
                Box::new(|d| {
                    d.content = String::new();
                    d.who = "人".repeat(51);
                    d.at = Some("2026-11-20".into());
                    d.next_contact_on = Some(day("2026-11-19"));
                }),
                vec!["who", "content", "next_contact_on"],
            ),
        ];
        for (change, fields) in cases {
            let mut d = draft("拜访");
            change(&mut d);
            let err = api.add_followup(id, d, now()).unwrap_err();
            assert_eq!(err.code, ErrorCode::Invalid, "{}", err.message);
            let got: Vec<&str> = err.problems.iter().map(|p| p.field.as_str()).collect();
            assert_eq!(got, fields, "{}", err.message);
            assert!(err.problems.iter().all(|p| p.message.contains('「')));
        }
        assert!(
            api.customer_followups(id).unwrap().is_empty(),
            "nothing saved"
        );
    });
}

#[test]
fn who_is_the_given_person_else_the_manager_else_the_person_at_the_desk() {
    each_api(|api| {
        let managed = customer(api, "M1", Some("赵经理"));
        let alone = customer(api, "M2", None);
        let a = api.add_followup(managed, draft("上门"), now()).unwrap();
        let b = api
            .add_followup(
                managed,
                FollowupDraft {
                    who: "钱助理".into(),
                    ..draft("回电")
                },
                now(),
            )
            .unwrap();
        let c = api.add_followup(alone, draft("微信"), now()).unwrap();
        assert_eq!(a.who, "赵经理");
        assert_eq!(b.who, "钱助理");
        assert!(!c.who.is_empty(), "the desk's user");
        // Without a time, the follow-up happened now.
        assert_eq!(a.at, "2026-11-30 15:00:00");
        // A time of a day alone is read as 09:00.
        let d = api
            .add_followup(
                alone,
                FollowupDraft {
                    at: Some("2026/11/02".into()),
                    ..draft("补记")
                },
                now(),
            )
            .unwrap();
        assert_eq!(d.at, "2026-11-02 09:00:00");
    });
}

#[test]
fn dates_lists_and_the_recycle_bin() {
    each_api(|api| {
        let id = customer(api, "D1", Some("赵经理"));
        let other = customer(api, "D2", None);
        let x = api
            .add_followup(
                id,
                FollowupDraft {
                    next_contact_on: Some(day("2026-12-15")),
                    at: Some("2026-11-28 10:00".into()),
                    ..draft("电话")
                },
                now(),
            )
            .unwrap();
        let c = api.customer(id).unwrap();
        assert_eq!(c.last_contact_on, Some(day("2026-11-28")));
        assert_eq!(c.next_contact_on, Some(day("2026-12-15")));
        // The masked list carries the dates too (the list's columns).
        let page = api
            .list_customers_masked(&CustomerQuery {
                next_contact_by: Some(day("2026-12-31")),
                ..Default::default()
            })
            .unwrap();
        let listed: Vec<(i64, Option<NaiveDate>)> = page
            .items
            .iter()
            .map(|c| (c.id, c.next_contact_on))
            .collect();
        assert_eq!(listed, [(id, Some(day("2026-12-15")))]);

        let edited = api
            .edit_followup(
                x.id,
                FollowupDraft {
                    next_contact_on: None,
                    ..draft("电话（改）")
                },
                now(),
            )
            .unwrap();
        assert_eq!((edited.id, edited.content.as_str()), (x.id, "电话（改）"));
        assert_eq!(api.customer(id).unwrap().next_contact_on, None);

        api.add_followup(other, draft("拜访"), now()).unwrap();
        let mine = api
            .list_followups(&FollowupFilter {
                customer_id: Some(id),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(mine.total, 1);
        assert_eq!(mine.items[0].followup.id, x.id);
        assert_eq!(mine.items[0].customer_code.as_deref(), Some("D1"));
        let bad = api
            .list_followups(&FollowupFilter {
                from: Some(day("2026-12-01")),
                to: Some(day("2026-11-01")),
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(bad.code, ErrorCode::Invalid);

        let gone = api.delete_followup(x.id).unwrap();
        assert_eq!(gone.id, x.id);
        assert_eq!(
            api.delete_followup(x.id).unwrap_err().code,
            ErrorCode::NotFound
        );
        assert_eq!(
            api.edit_followup(x.id, draft("再改"), now())
                .unwrap_err()
                .code,
            ErrorCode::NotFound
        );

        api.delete_customers(&[other]).unwrap();
        let refused = api.add_followup(other, draft("拜访"), now()).unwrap_err();
        assert!(refused.message.contains("回收站"), "{}", refused.message);
        assert_eq!(
            api.add_followup(99_999, draft("拜访"), now())
                .unwrap_err()
                .code,
            ErrorCode::NotFound
        );
    });
}

#[test]
fn the_persons_copy_holds_their_follow_ups_in_both_formats() {
    each_api_with_dir(|api, dir| {
        let id = customer(api, "P1", None);
        let other = customer(api, "P2", None);
        for (content, contact) in [("首次拜访", "李总"), ("电话回访", "王秘书")] {
            api.add_followup(
                id,
                FollowupDraft {
                    contact_name: contact.into(),
                    ..draft(content)
                },
                now(),
            )
            .unwrap();
        }
        api.add_followup(other, draft("别人的"), now()).unwrap();
        let copy = api.person_copy("P1", day("2026-11-30")).unwrap();
        let section = copy
            .more
            .iter()
            .find(|s| s.title == "跟进记录")
            .expect("a 跟进记录 section");
        assert_eq!(section.rows.len(), 2);
        let contents: Vec<&str> = section.rows.iter().map(|r| r[5].as_str()).collect();
        assert_eq!(
            contents,
            ["电话回访", "首次拜访"],
            "newest first (same time: by id)"
        );
        assert_eq!(section.rows[1][3], "李总");
        assert_eq!(section.headers.len(), section.rows[0].len());

        let xlsx = dir.join("副本.xlsx");
        let written = api
            .write_person_copy("P1", &xlsx, day("2026-11-30"))
            .unwrap();
        let rows = written
            .sheets
            .iter()
            .find(|(s, _)| s == "跟进记录")
            .map(|s| s.1);
        assert_eq!(rows, Some(2));
        // A customer without follow-ups gets no empty sheet.
        let none = customer(api, "P3", None);
        let copy = api
            .person_copy(&none.to_string(), day("2026-11-30"))
            .unwrap();
        assert!(copy.more.iter().all(|s| s.title != "跟进记录"));
    });
}

#[test]
fn a_chosen_contact_must_be_the_customers_and_gives_its_name() {
    use tierdesk_api::domain::record::ContactDraft;
    each_api(|api| {
        let id = customer(api, "K1", None);
        let other = customer(api, "K2", None);
        let li = api
            .add_contact(
                id,
                ContactDraft {
                    name: "李总".into(),
                    role: "采购经理".into(),
                    ..Default::default()
                },
            )
            .unwrap();
        let theirs = api
            .add_contact(
                other,
                ContactDraft {
                    name: "王总".into(),
                    ..Default::default()
                },
            )
            .unwrap();
        let f = api
            .add_followup(
                id,
                FollowupDraft {
                    contact_id: Some(li.id),
                    ..draft("电话")
                },
                now(),
            )
            .unwrap();
        assert_eq!(
            (f.contact_id, f.contact_name.as_str()),
            (Some(li.id), "李总")
        );
        let err = api
            .add_followup(
                id,
                FollowupDraft {
                    contact_id: Some(theirs.id),
                    ..draft("电话")
                },
                now(),
            )
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::Invalid);
        assert!(err.message.contains("不是客户"), "{}", err.message);
        assert_eq!(api.customer_followups(id).unwrap().len(), 1);
    });
}
