//! Follow-ups: the customer's last and next contact dates through adds (an
//! older one never moves them back), edits and deletes; a date typed by hand
//! kept; the to-dos a follow-up adds and closes; identities and the audit.

use chrono::{NaiveDate, NaiveDateTime};
use tierdesk_domain::audit::AuditFilter;
use tierdesk_domain::{
    Channel, CheckedFollowup, CustomerDraft, CustomerQuery, FollowupFilter, NewTodo, SortKey,
    TodoFilter, TodoKind,
};
use tierdesk_store::testing::each_backend;
use tierdesk_store::Store;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
}

fn followup(when: &str, next: Option<&str>) -> CheckedFollowup {
    CheckedFollowup {
        channel: Channel::Phone,
        at: at(when),
        who: "王经理".into(),
        contact_id: None,
        contact_name: "李总".into(),
        subject: "续约".into(),
        content: format!("{when} 电话沟通续约"),
        outcome: String::new(),
        next_step: "寄送合同".into(),
        next_contact_on: next.map(day),
        todo_id: None,
    }
}

struct Fixture<'s> {
    store: &'s mut Store,
    a: i64,
    b: i64,
}

/// 甲 (A1, managed by 赵经理, never contacted) and 乙 (B1, last contact
/// typed as 2026-10-01) in `store`.
fn fixture(store: &mut Store) -> Fixture<'_> {
    let a = store
        .insert_customer(&CustomerDraft {
            code: Some("A1".into()),
            name: "甲公司".into(),
            manager: Some("赵经理".into()),
            ..CustomerDraft::default()
        })
        .unwrap()
        .id;
    let b = store
        .insert_customer(&CustomerDraft {
            code: Some("B1".into()),
            name: "乙公司".into(),
            last_contact_on: Some(day("2026-10-01")),
            ..CustomerDraft::default()
        })
        .unwrap()
        .id;
    Fixture { store, a, b }
}

/// Runs `test` on the fixture in a store of each backend.
fn on_both(mut test: impl FnMut(Fixture<'_>)) {
    each_backend(|store| test(fixture(store)));
}

/// (last, next) contact dates of a customer as stored.
fn dates(store: &Store, id: i64) -> (Option<String>, Option<String>) {
    let c = store.customer(id).unwrap();
    (
        c.last_contact_on.map(|d| d.to_string()),
        c.next_contact_on.map(|d| d.to_string()),
    )
}

fn pair(last: Option<&str>, next: Option<&str>) -> (Option<String>, Option<String>) {
    (last.map(str::to_owned), next.map(str::to_owned))
}

/// A visit to-do of `customer` titled `title`, due `due`, added on 11-01.
fn visit(store: &mut Store, customer: i64, title: &str, due: &str) -> tierdesk_domain::Todo {
    let todo = NewTodo {
        customer_id: Some(customer),
        ..NewTodo::new(TodoKind::Followup, title, day(due))
    };
    store.add_todo(&todo, at("2026-11-01 08:00:00")).unwrap()
}

/// (id, status, due_on, owner, rule_key) of a customer's to-dos by id.
fn todos(store: &Store, customer: i64) -> Vec<(i64, String, String, String, String)> {
    let now = at("2026-11-01 08:00:00");
    let filter = TodoFilter {
        customer_id: Some(customer),
        include_closed: true,
        ..TodoFilter::default()
    };
    let mut rows: Vec<_> = store
        .todos(&filter, now)
        .unwrap()
        .into_iter()
        .map(|t| {
            (
                t.id,
                t.status.key().to_owned(),
                t.due_on.to_string(),
                t.owner,
                t.rule_key.unwrap_or_default(),
            )
        })
        .collect();
    rows.sort();
    rows
}

#[test]
fn last_and_next_contact_follow_adds_edits_and_deletes() {
    on_both(|f| {
        let (s, a) = (&mut *f.store, f.a);
        assert_eq!(dates(s, a), pair(None, None));

        let first = s
            .add_followup(a, &followup("2026-11-10 10:00:00", Some("2026-11-20")))
            .unwrap();
        assert_eq!(dates(s, a), pair(Some("2026-11-10"), Some("2026-11-20")));

        // An older follow-up moves neither date back.
        let older = s
            .add_followup(a, &followup("2026-11-01 09:00:00", Some("2026-11-05")))
            .unwrap();
        assert_eq!(dates(s, a), pair(Some("2026-11-10"), Some("2026-11-20")));
        assert!(
            older.id > first.id,
            "ids grow: {} then {}",
            first.id,
            older.id
        );

        // A newer one without a next date: last moves on, next is the latest's (none).
        let newer = s
            .add_followup(a, &followup("2026-11-25 16:30:00", None))
            .unwrap();
        assert_eq!(dates(s, a), pair(Some("2026-11-25"), None));

        // Editing the newest back in time makes the first the latest again.
        let edited = s
            .edit_followup(
                newer.id,
                &followup("2026-11-02 08:00:00", Some("2026-12-01")),
            )
            .unwrap()
            .unwrap();
        assert_eq!(edited.id, newer.id);
        assert_eq!(edited.at, "2026-11-02 08:00:00");
        assert_eq!(dates(s, a), pair(Some("2026-11-10"), Some("2026-11-20")));

        // Deleting the latest: the next latest is the edited one (11-02).
        let gone = s.delete_followup(first.id).unwrap().unwrap();
        assert_eq!(gone.id, first.id);
        assert_eq!(dates(s, a), pair(Some("2026-11-02"), Some("2026-12-01")));
        assert_eq!(s.delete_followup(first.id).unwrap(), None);
        assert_eq!(s.followup(first.id).unwrap(), None);

        // The customer's list, newest first, by identity.
        let ids: Vec<i64> = s
            .customer_followups(a)
            .unwrap()
            .iter()
            .map(|x| x.id)
            .collect();
        assert_eq!(ids, vec![newer.id, older.id]);

        // Deleting every follow-up leaves no dates (none were typed).
        s.delete_followup(newer.id).unwrap();
        s.delete_followup(older.id).unwrap();
        assert_eq!(dates(s, a), pair(None, None));
        assert!(s.customer_followups(a).unwrap().is_empty());
    });
}

#[test]
fn a_date_typed_by_hand_is_kept_when_follow_ups_are_older_or_gone() {
    on_both(|f| {
        let (s, b) = (&mut *f.store, f.b);
        assert_eq!(dates(s, b), pair(Some("2026-10-01"), None));
        let old = s
            .add_followup(b, &followup("2026-09-15 10:00:00", None))
            .unwrap();
        assert_eq!(
            dates(s, b),
            pair(Some("2026-10-01"), None),
            "typed date is later"
        );
        let new = s
            .add_followup(b, &followup("2026-10-20 10:00:00", Some("2026-11-20")))
            .unwrap();
        assert_eq!(dates(s, b), pair(Some("2026-10-20"), Some("2026-11-20")));
        s.delete_followup(new.id).unwrap();
        assert_eq!(dates(s, b), pair(Some("2026-10-01"), None));
        s.delete_followup(old.id).unwrap();
        assert_eq!(
            dates(s, b),
            pair(Some("2026-10-01"), None),
            "typed date survives"
        );

        // Typed again in the form after follow-ups exist: that date is the new baseline.
        let again = s
            .add_followup(b, &followup("2026-10-05 10:00:00", None))
            .unwrap();
        let mut draft = CustomerDraft::from(&s.customer(b).unwrap());
        draft.last_contact_on = Some(day("2026-10-28"));
        s.update_customer(b, &draft).unwrap();
        s.edit_followup(again.id, &followup("2026-10-06 10:00:00", None))
            .unwrap();
        assert_eq!(dates(s, b), pair(Some("2026-10-28"), None));
    });
}

#[test]
fn follow_ups_add_and_close_follow_up_to_dos() {
    on_both(|f| {
        let a = f.a;
        // A visit to-do due 11-05 and one due 12-31 (not yet due at 11-10).
        let due = visit(f.store, a, "例行拜访", "2026-11-05");
        let later = visit(f.store, a, "年底拜访", "2026-12-31");
        let x = f
            .store
            .add_followup(a, &followup("2026-11-10 10:00:00", Some("2026-11-20")))
            .unwrap();
        let rows = todos(f.store, a);
        let status = |id: i64| rows.iter().find(|r| r.0 == id).map(|r| r.1.clone());
        assert_eq!(status(due.id).as_deref(), Some("done"));
        assert_eq!(status(later.id).as_deref(), Some("open"));
        assert_eq!(rows.len(), 3, "{rows:?}");
        let added = &rows[2];
        let key = format!("followup:{}:2026-11-20", x.id);
        assert_eq!(
            (
                added.1.as_str(),
                added.2.as_str(),
                added.3.as_str(),
                added.4.as_str()
            ),
            ("open", "2026-11-20", "赵经理", key.as_str()),
            "the manager owns the next contact's to-do"
        );

        // Moving the next date replaces that to-do; deleting the follow-up cancels it.
        f.store
            .edit_followup(x.id, &followup("2026-11-10 10:00:00", Some("2026-11-27")))
            .unwrap();
        let rows = todos(f.store, a);
        assert_eq!(rows.len(), 4, "{rows:?}");
        assert_eq!(rows[2].1, "cancelled", "the old date's to-do");
        assert_eq!(
            (rows[3].1.as_str(), rows[3].2.as_str()),
            ("open", "2026-11-27")
        );
        f.store.delete_followup(x.id).unwrap();
        let rows = todos(f.store, a);
        assert_eq!(rows[3].1, "cancelled", "{rows:?}");
        assert_eq!(
            rows.iter().filter(|r| r.1 == "open").count(),
            1,
            "only 年底拜访 is left"
        );

        // A follow-up logged for a to-do completes it even when it is not yet due.
        let mut answer = followup("2026-11-11 10:00:00", None);
        answer.todo_id = Some(later.id);
        f.store.add_followup(a, &answer).unwrap();
        let rows = todos(f.store, a);
        assert_eq!(rows.iter().find(|r| r.0 == later.id).unwrap().1, "done");
    });
}

#[test]
fn a_follow_up_cannot_complete_another_customers_to_do() {
    on_both(|f| {
        let (a, b) = (f.a, f.b);
        let theirs = visit(f.store, a, "年底拜访", "2026-12-31");
        let before_a = todos(f.store, a);
        let before_b = dates(f.store, b);
        let mut wrong = followup("2026-11-11 10:00:00", Some("2026-11-20"));
        wrong.todo_id = Some(theirs.id);
        let err = f.store.add_followup(b, &wrong).unwrap_err().to_string();
        assert!(
            err.contains(&format!("待办 #{}", theirs.id)) && err.contains("不是"),
            "{err}"
        );
        // Nothing was written: a's to-do is still open, b has no follow-up,
        // no to-do and the same contact dates.
        assert_eq!(todos(f.store, a), before_a);
        assert!(todos(f.store, b).is_empty());
        assert!(f.store.customer_followups(b).unwrap().is_empty());
        assert_eq!(dates(f.store, b), before_b);
        // The same to-do answered by its own customer's follow-up is completed.
        f.store.add_followup(a, &wrong).unwrap();
        let rows = todos(f.store, a);
        assert_eq!(rows.iter().find(|r| r.0 == theirs.id).unwrap().1, "done");
    });
}

#[test]
fn each_write_is_audited_without_personal_values_in_the_summary() {
    on_both(|f| {
        let a = f.a;
        let x = f
            .store
            .add_followup(a, &followup("2026-11-10 10:00:00", Some("2026-11-20")))
            .unwrap();
        f.store
            .edit_followup(x.id, &followup("2026-11-09 10:00:00", None))
            .unwrap();
        f.store.delete_followup(x.id).unwrap();
        let log = f
            .store
            .audit_list(&AuditFilter {
                action: Some("followup.".into()),
                ..AuditFilter::default()
            })
            .unwrap();
        let actions: Vec<&str> = log.items.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(
            actions,
            ["followup.delete", "followup.edit", "followup.add"]
        );
        for e in &log.items {
            assert_eq!(e.customer_id, Some(a));
            assert_eq!(e.object_id, x.id.to_string());
            assert!(e.summary.contains(&format!("#{a}")), "{}", e.summary);
            for personal in ["李总", "续约", "电话沟通", "甲公司"] {
                assert!(!e.summary.contains(personal), "{}", e.summary);
            }
        }
        let add = log.items.last().unwrap().details.clone().unwrap();
        assert!(add
            .facts
            .iter()
            .any(|f| f.name == "联系人" && f.value == "李总"));
        assert!(add
            .changes
            .iter()
            .any(|c| c.field == "next_contact_on" && c.after.as_deref() == Some("2026-11-20")));
    });
}

#[test]
fn a_customer_in_the_recycle_bin_or_unknown_gets_no_follow_up() {
    on_both(|f| {
        f.store.delete_customers(&[f.b]).unwrap();
        assert!(f
            .store
            .add_followup(f.b, &followup("2026-11-10 10:00:00", None))
            .is_err());
        assert!(f
            .store
            .add_followup(9_999, &followup("2026-11-10 10:00:00", None))
            .is_err());
        assert!(f.store.customer_followups(f.b).unwrap().is_empty());
    });
}

#[test]
fn the_list_sorts_and_filters_by_contact_dates() {
    on_both(|f| {
        let c = f
            .store
            .insert_customer(&CustomerDraft {
                code: Some("C1".into()),
                name: "丙公司".into(),
                ..CustomerDraft::default()
            })
            .unwrap()
            .id;
        f.store
            .add_followup(f.a, &followup("2026-11-10 10:00:00", Some("2026-11-20")))
            .unwrap();
        f.store
            .add_followup(c, &followup("2026-11-12 10:00:00", Some("2026-12-20")))
            .unwrap();
        // a: last 11-10 next 11-20; b: last 10-01 (typed) no next; c: last 11-12 next 12-20;
        // 丁 (赵经理's, as a is): never contacted.
        let never = f
            .store
            .insert_customer(&CustomerDraft {
                name: "丁公司".into(),
                manager: Some("赵经理".into()),
                ..CustomerDraft::default()
            })
            .unwrap()
            .id;
        let ids = |q: CustomerQuery| -> Vec<i64> {
            f.store
                .list_customers(&q)
                .unwrap()
                .items
                .iter()
                .map(|c| c.id)
                .collect()
        };
        let (a, b) = (f.a, f.b);
        let by = |sort, descending| CustomerQuery {
            sort,
            descending,
            ..CustomerQuery::default()
        };
        assert_eq!(ids(by(SortKey::LastContactOn, false)), [never, b, a, c]);
        assert_eq!(ids(by(SortKey::LastContactOn, true)), [c, a, b, never]);
        // NULLs sort first ascending in SQLite.
        assert_eq!(ids(by(SortKey::NextContactOn, false)), [b, never, a, c]);
        // A customer never contacted counts as not contacted, in the page and
        // in the total (counted apart from the page: see `list_customers`),
        // alone and beside another filter.
        for (manager, want) in [(None, vec![a, b, never]), (Some("赵经理"), vec![a, never])] {
            let q = CustomerQuery {
                last_contact_before: Some(day("2026-11-11")),
                manager: manager.map(str::to_owned),
                ..CustomerQuery::default()
            };
            let page = f.store.list_customers(&q).unwrap();
            let got: Vec<i64> = page.items.iter().map(|c| c.id).collect();
            assert_eq!((got, page.total), (want.clone(), want.len() as u64));
        }
        assert_eq!(
            ids(CustomerQuery {
                next_contact_by: Some(day("2026-11-20")),
                ..CustomerQuery::default()
            }),
            [a]
        );
        // The list of all follow-ups, newest first, with the customer's code.
        let all = f.store.list_followups(&FollowupFilter::default()).unwrap();
        assert_eq!(all.total, 2);
        let codes: Vec<Option<&str>> = all
            .items
            .iter()
            .map(|l| l.customer_code.as_deref())
            .collect();
        assert_eq!(codes, [Some("C1"), Some("A1")]);
        let one = f
            .store
            .list_followups(&FollowupFilter {
                to: Some(day("2026-11-10")),
                ..FollowupFilter::default()
            })
            .unwrap();
        assert_eq!(one.total, 1);
        assert_eq!(one.items[0].followup.customer_id, a);

        // Totals with either filter, in the live list and in the recycle bin
        // (which is not in the partial indexes the live list's counts name).
        f.store.delete_customers(&[never, c]).unwrap();
        let day_ = |s| Some(day(s));
        for (deleted, before, by, want) in [
            (false, None, day_("2026-12-31"), vec![a]),
            (false, day_("2026-11-11"), None, vec![a, b]),
            (true, None, day_("2026-12-31"), vec![c]),
            (true, day_("2026-11-11"), None, vec![never]),
            (true, day_("2026-11-30"), None, vec![c, never]),
        ] {
            let q = CustomerQuery {
                deleted,
                last_contact_before: before,
                next_contact_by: by,
                ..CustomerQuery::default()
            };
            let page = f.store.list_customers(&q).unwrap();
            let got: Vec<i64> = page.items.iter().map(|c| c.id).collect();
            assert_eq!(
                (got, page.total),
                (want.clone(), want.len() as u64),
                "{q:?}"
            );
        }
    });
}

#[test]
fn follow_ups_are_in_the_customers_timeline_newest_first() {
    on_both(|f| {
        let x = f
            .store
            .add_followup(f.a, &followup("2026-11-10 10:00:00", Some("2026-11-20")))
            .unwrap();
        let y = f
            .store
            .add_followup(f.a, &followup("2026-11-12 15:00:00", None))
            .unwrap();
        f.store
            .add_followup(f.b, &followup("2026-11-11 10:00:00", None))
            .unwrap();
        let events = crate::timeline_of(f.store, f.a, "followup");
        let got: Vec<(String, i64, String)> = events
            .iter()
            .map(|e| (e.kind.clone(), e.ref_id, e.at.clone()))
            .collect();
        assert_eq!(
            got,
            [
                ("followup".to_owned(), y.id, y.at.clone()),
                ("followup".to_owned(), x.id, x.at.clone())
            ]
        );
        let first = &events[1];
        assert_eq!(first.title, "电话跟进：续约");
        let detail = first.detail.as_deref().unwrap_or_default();
        assert!(detail.contains("下次联系 2026-11-20"), "{detail}");
        assert!(detail.contains("王经理"), "{detail}");
    });
}

#[test]
fn an_erase_wipes_the_contact_and_the_texts_of_that_customers_follow_ups_only() {
    on_both(|f| {
        let mut with_contact = followup("2026-11-10 10:00:00", Some("2026-11-20"));
        with_contact.contact_id = Some(7);
        with_contact.outcome = "同意续约".into();
        let x = f.store.add_followup(f.a, &with_contact).unwrap();
        let other = f.store.add_followup(f.b, &with_contact).unwrap();
        let erased = f.store.erase_customer(f.a, "客户本人要求").unwrap();
        assert_eq!(erased.followups, 1);
        let after = f.store.followup(x.id).unwrap().unwrap();
        assert_eq!(
            (
                after.contact_id,
                after.contact_name.as_str(),
                after.subject.as_str(),
                after.outcome.as_str(),
                after.next_step.as_str()
            ),
            (None, "", "", "", "")
        );
        assert_eq!(after.content, "（内容已随个人信息删除）");
        // What is not personal stays: channel, time, who made it, next date.
        assert_eq!(
            (
                after.channel,
                after.at.as_str(),
                after.who.as_str(),
                after.next_contact_on
            ),
            (x.channel, x.at.as_str(), x.who.as_str(), x.next_contact_on)
        );
        // The other customer's follow-up is untouched.
        assert_eq!(f.store.followup(other.id).unwrap().unwrap(), other);
    });
}

/// An older 最近联系 typed in the form or brought by a customer sheet never
/// moves the date back before the customer's newest follow-up; it is kept
/// as the typed date, which comes back once the follow-ups are gone.
#[test]
fn an_older_date_typed_or_imported_never_moves_the_last_contact_back() {
    on_both(|f| {
        let a = f.a;
        let x = f
            .store
            .add_followup(a, &followup("2026-11-10 10:00:00", Some("2026-12-01")))
            .unwrap();
        assert_eq!(
            dates(f.store, a),
            pair(Some("2026-11-10"), Some("2026-12-01"))
        );

        // The form: another field changed, the date sent back as shown.
        let mut draft = tierdesk_domain::CustomerDraft::from(&f.store.customer(a).unwrap());
        draft.notes = Some("改了备注".into());
        f.store.update_customer(a, &draft).unwrap();
        assert_eq!(
            dates(f.store, a),
            pair(Some("2026-11-10"), Some("2026-12-01"))
        );

        // The form: an older date typed.
        draft.last_contact_on = Some(day("2026-03-01"));
        f.store.update_customer(a, &draft).unwrap();
        assert_eq!(
            dates(f.store, a),
            pair(Some("2026-11-10"), Some("2026-12-01"))
        );

        // A customer sheet with an older 最近联系时间.
        let before = f.store.customer(a).unwrap();
        let mut sheet = tierdesk_domain::CustomerDraft::from(&before);
        sheet.last_contact_on = Some(day("2026-01-05"));
        let write = tierdesk_domain::CustomerWrite::Update {
            id: a,
            draft: sheet,
            previous: tierdesk_domain::CustomerDraft::from(&before),
        };
        let new = tierdesk_domain::NewImport {
            kind: tierdesk_domain::ImportKind::Customers,
            file: "客户.xlsx".into(),
            sheet: "Sheet1".into(),
            mapping: "{}".into(),
            rows_read: 1,
            unchanged: 0,
            skipped: 0,
            rejected: 0,
            who: "王五".into(),
        };
        f.store
            .apply_customer_import(&new, &[], &[write], false)
            .unwrap();
        assert_eq!(
            dates(f.store, a),
            pair(Some("2026-11-10"), Some("2026-12-01"))
        );

        // Without follow-ups the last date typed or imported is what stays.
        f.store.delete_followup(x.id).unwrap();
        assert_eq!(dates(f.store, a), pair(Some("2026-01-05"), None));
    });
}

/// The demo's care rows on either backend: contacts and dates added in one
/// go, follow-ups that move each customer's contact dates and bring their
/// next contact's to-do, as when logged one by one; the same on both.
#[test]
fn demo_follow_ups_and_contacts_as_when_logged_one_by_one() {
    use tierdesk_domain::record::{ContactDraft, DateDraft, DateKind};
    let mut made = Vec::new();
    on_both(|f| {
        let (a, b) = (f.a, f.b);
        assert_eq!(f.store.max_customer_id().unwrap(), b);
        let seen: Vec<(i64, bool)> = f
            .store
            .demo_care_customers(a - 1)
            .unwrap()
            .iter()
            .map(|c| (c.id, c.company))
            .collect();
        assert_eq!(seen, [(a, true), (b, true)]);
        let contact = ContactDraft {
            name: "李总".into(),
            is_primary: true,
            ..Default::default()
        };
        let date = DateDraft {
            kind: DateKind::Opening,
            label: String::new(),
            month: 5,
            day: 8,
            year: None,
            remind: true,
            notes: String::new(),
        }
        .validate()
        .unwrap();
        let (n_contacts, n_dates) = f
            .store
            .add_demo_contacts(&[(a, contact.clone()), (b, contact)], &[(a, date)])
            .unwrap();
        assert_eq!((n_contacts, n_dates), (2, 1));
        let rows = [
            (a, followup("2026-11-10 10:00:00", Some("2026-11-20"))),
            (a, followup("2026-11-12 10:00:00", None)),
            (b, followup("2026-09-01 10:00:00", Some("2026-09-15"))),
        ];
        assert_eq!(f.store.add_demo_followups(&rows).unwrap(), 3);
        assert_eq!(dates(f.store, a), pair(Some("2026-11-12"), None));
        // 乙's typed 10-01 is later than its follow-up; the next date is the follow-up's.
        assert_eq!(
            dates(f.store, b),
            pair(Some("2026-10-01"), Some("2026-09-15"))
        );
        let (todos_a, todos_b) = (todos(f.store, a), todos(f.store, b));
        assert_eq!((todos_a.len(), todos_b.len()), (1, 1));
        assert_eq!(f.store.contacts(a).unwrap()[0].name, "李总");
        assert_eq!(f.store.customer_dates(a).unwrap()[0].label, "开业日");
        let demo = f
            .store
            .audit_list(&AuditFilter {
                action: Some("demo.load".into()),
                ..AuditFilter::default()
            })
            .unwrap();
        assert_eq!(demo.total, 2, "one entry per kind of row");
        let keys: Vec<String> = [todos_a, todos_b]
            .concat()
            .into_iter()
            .map(|t| format!("{} {} {}", t.1, t.2, t.3))
            .collect();
        made.push(keys);
    });
    assert!(made.windows(2).all(|w| w[0] == w[1]), "{made:?}");
}
