//! To-dos through the API: the rules read the active scheme's visit
//! intervals, 今日待办 splits overdue / today / week, and the person's copy
//! and erase cover to-dos.

use chrono::{NaiveDate, NaiveDateTime};
use tierdesk_api::domain::{CustomerDraft, TodoFilter, TodoKind};
use tierdesk_api::testing::each_api;
use tierdesk_api::TodoRequest;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

fn request(customer_id: Option<i64>, title: &str, due: &str, time: Option<&str>) -> TodoRequest {
    TodoRequest {
        customer_id,
        kind: None,
        title: title.into(),
        note: String::new(),
        due_on: d(due),
        due_time: time.map(Into::into),
        owner: String::new(),
        repeat: None,
    }
}

#[test]
fn visits_follow_the_active_schemes_intervals() {
    each_api(|api| {
        let scheme = api.active_scheme().unwrap();
        let mut add = |name: &str, tier: &str| {
            api.create_customer(CustomerDraft {
                name: name.into(),
                tier: Some(tier.into()),
                last_contact_on: Some(d("2026-01-01")),
                manager: Some("赵经理".into()),
                ..Default::default()
            })
            .unwrap()
            .id
        };
        // Every tier of the scheme, contacted on 1 January.
        let ids: Vec<(i64, String)> = scheme
            .tiers
            .iter()
            .map(|t| (add(&format!("客户{}", t.key), &t.key), t.key.clone()))
            .collect();
        let as_of = d("2026-12-31");
        let r = api.refresh_todos(as_of).unwrap();
        let expected: Vec<(i64, NaiveDate, String)> = ids
            .iter()
            .filter_map(|(id, key)| {
                let days = scheme.care(key).visit_days?;
                let due = d("2026-01-01") + chrono::Days::new(u64::from(days));
                (due <= as_of + chrono::Days::new(7))
                    .then(|| (*id, due, format!("定期回访（每 {days} 天）")))
            })
            .collect();
        assert!(
            !expected.is_empty() && expected.len() < ids.len(),
            "{expected:?}"
        );
        assert_eq!(r.visits as usize, expected.len());
        let mut got: Vec<(i64, NaiveDate, String)> = api
            .todos(
                &TodoFilter {
                    kind: Some(TodoKind::Followup),
                    ..TodoFilter::default()
                },
                at("2026-12-31 09:00"),
            )
            .unwrap()
            .into_iter()
            .map(|t| {
                assert_eq!(t.owner, "赵经理");
                (t.customer_id.unwrap(), t.due_on, t.title)
            })
            .collect();
        got.sort();
        let mut expected = expected;
        expected.sort();
        assert_eq!(got, expected);
        assert_eq!(api.refresh_todos(as_of).unwrap().added(), 0);
    });
}

#[test]
fn today_page_and_notice() {
    each_api(|api| {
        let now = at("2026-11-30 10:00");
        let late = api
            .todo_add(&request(None, "逾期", "2026-11-28", None), now)
            .unwrap();
        let by_hour = api
            .todo_add(&request(None, "九点", "2026-11-30", Some("9:00")), now)
            .unwrap();
        let today = api
            .todo_add(&request(None, "今天", "2026-11-30", None), now)
            .unwrap();
        let soon = api
            .todo_add(&request(None, "周五", "2026-12-04", None), now)
            .unwrap();
        api.todo_add(&request(None, "很久以后", "2027-01-04", None), now)
            .unwrap();
        let page = api.todo_today(None, now).unwrap();
        let ids = |v: &[tierdesk_api::domain::Todo]| v.iter().map(|t| t.id).collect::<Vec<_>>();
        assert_eq!(ids(&page.overdue), [late.id, by_hour.id]);
        assert_eq!(ids(&page.today), [today.id]);
        assert_eq!(ids(&page.week), [soon.id]);
        assert_eq!(
            (page.counts.today, page.counts.overdue, page.counts.week),
            (1, 2, 2)
        );
        assert_eq!(
            api.todo_notice(now).unwrap().as_deref(),
            Some("今日待办 1 项，逾期 2 项")
        );
        for t in [&late, &by_hour, &today] {
            api.todo_done(t.id, now).unwrap();
        }
        assert_eq!(api.todo_notice(now).unwrap(), None);
        // A time that is not one, and a postponement into the past, are refused.
        let err = api
            .todo_add(&request(None, "x", "2026-12-01", Some("下午")), now)
            .unwrap_err();
        assert!(err.message.contains("下午"), "{}", err.message);
        let err = api
            .todo_postpone(soon.id, d("2026-11-01"), None, now)
            .unwrap_err();
        assert!(err.message.contains("已经过去"), "{}", err.message);
    });
}

#[test]
fn the_copy_lists_to_dos_and_erase_wipes_their_text() {
    each_api(|api| {
        let id = api
            .create_customer(CustomerDraft {
                code: Some("P1".into()),
                name: "张三".into(),
                ..Default::default()
            })
            .unwrap()
            .id;
        let now = at("2026-11-30 10:00");
        let mut req = request(Some(id), "给张三太太送花", "2026-12-01", None);
        req.note = "她喜欢百合".into();
        api.todo_add(&req, now).unwrap();
        let copy = api.person_copy("P1", d("2026-11-30")).unwrap();
        let section = copy
            .more
            .iter()
            .find(|s| s.title == "待办")
            .expect("a 待办 sheet");
        assert_eq!(section.rows.len(), 1);
        assert_eq!(section.rows[0][1], "给张三太太送花");
        assert_eq!(section.rows[0][2], "她喜欢百合");

        api.erase_customer("P1", "本人要求删除").unwrap();
        let t = &api
            .todos(
                &TodoFilter {
                    customer_id: Some(id),
                    include_closed: true,
                    ..TodoFilter::default()
                },
                now,
            )
            .unwrap()[0];
        assert_eq!(
            (t.title.as_str(), t.note.as_str()),
            ("自定义（内容已随个人信息删除）", "")
        );
        assert_eq!(t.due_on, d("2026-12-01"));
    });
}
