//! No silent overwrite (issue 19): two sessions on one database (a file
//! opened twice, or two connections to one team database) edit the same
//! customer, follow-up or case. Different fields are both saved; the same
//! field is refused with who, when and the three values, then saved with
//! the person's choices; a stale base after that is refused again.

use chrono::NaiveDateTime;
use serde_json::json;
use tierdesk_api::domain::audit::Source;
use tierdesk_api::domain::merge::{EditBase, Resolution, RowKind};
use tierdesk_api::domain::Role;
use tierdesk_api::domain::{Channel, Customer, CustomerDraft, FollowupDraft};
use tierdesk_api::testing::{each_api_with_dir, second_session};
use tierdesk_api::{Api, ApiError, ErrorCode, UserDraft};

fn now() -> NaiveDateTime {
    NaiveDateTime::parse_from_str("2026-11-30 15:00:00", "%Y-%m-%d %H:%M:%S").unwrap()
}

/// What a form opened on `c` holds: its version and values.
fn opened(c: &Customer) -> EditBase<CustomerDraft> {
    EditBase::new(c.version, CustomerDraft::from(c))
}

fn new_customer(api: &mut Api) -> Customer {
    api.create_customer(CustomerDraft {
        code: Some("C001".into()),
        name: "华东贸易".into(),
        phone: Some("13800001111".into()),
        address: Some("上海市".into()),
        notes: Some("老客户".into()),
        ..Default::default()
    })
    .unwrap()
}

fn conflict_of(e: &ApiError) -> &tierdesk_api::domain::merge::EditConflict {
    assert_eq!(e.code, ErrorCode::EditConflict, "{e:?}");
    e.conflict.as_deref().expect("a conflict payload")
}

/// Two people at two desks: 李四 at `api`, 张三 at the session returned. On
/// a team database each signs in as a 主管 (who may edit every customer); on
/// a file each desk is named (我的名字).
fn two_desks(api: &mut Api, dir: &std::path::Path) -> Api {
    two_desks_as(api, dir, Role::Manager)
}

/// [`two_desks`] with both signed in as `role` on a team database.
pub(crate) fn two_desks_as(api: &mut Api, dir: &std::path::Path, role: Role) -> Api {
    let mut other = second_session(api, dir);
    if !api.is_team() {
        api.set_actor("李四", Source::App);
        other.set_actor("张三", Source::App);
        return other;
    }
    for (login, name) in [("li", "李四"), ("zhang", "张三")] {
        api.add_user(&UserDraft {
            login: login.into(),
            name: name.into(),
            role,
            active: true,
            password: Some("password-123".into()),
        })
        .unwrap();
    }
    api.sign_out();
    api.sign_in("li", "password-123").unwrap();
    other.sign_out();
    other.sign_in("zhang", "password-123").unwrap();
    other
}

#[test]
fn two_sessions_editing_different_fields_both_save() {
    each_api_with_dir(|api, dir| {
        let c = new_customer(api);
        let mut zhang = two_desks(api, dir);
        // Both open the customer; 张三 saves the address first.
        let base = opened(&c);
        let theirs = zhang
            .save_customer(
                c.id,
                CustomerDraft {
                    address: Some("杭州市".into()),
                    ..CustomerDraft::from(&c)
                },
                base.clone(),
                ("", ""),
            )
            .unwrap();
        assert!(theirs.theirs_kept.is_empty());
        assert_eq!(theirs.item.version, c.version + 1);
        assert_eq!(theirs.item.updated_by.as_deref(), Some("张三"));
        // 李四 saves the notes from the same base: merged, the address kept.
        let mine = api
            .save_customer(
                c.id,
                CustomerDraft {
                    notes: Some("年底回访".into()),
                    ..CustomerDraft::from(&c)
                },
                base,
                ("", ""),
            )
            .unwrap();
        assert_eq!(mine.item.address.as_deref(), Some("杭州市"));
        assert_eq!(mine.item.notes.as_deref(), Some("年底回访"));
        assert_eq!(mine.item.version, c.version + 2);
        let kept: Vec<(&str, &str)> = mine
            .theirs_kept
            .iter()
            .map(|f| (f.key.as_str(), f.label.as_str()))
            .collect();
        assert_eq!(kept, [("address", "地址")]);
        let stored = zhang.customer(c.id).unwrap();
        assert_eq!(stored.address.as_deref(), Some("杭州市"));
        assert_eq!(stored.notes.as_deref(), Some("年底回访"));
        assert_eq!(stored.updated_by.as_deref(), Some("李四"));
    });
}

#[test]
fn the_same_field_is_refused_then_saved_with_the_choices() {
    each_api_with_dir(|api, dir| {
        let c = new_customer(api);
        let mut zhang = two_desks(api, dir);
        let base = opened(&c);
        zhang
            .save_customer(
                c.id,
                CustomerDraft {
                    notes: Some("张三的备注".into()),
                    address: Some("杭州市".into()),
                    spend: Some(5000.0),
                    ..CustomerDraft::from(&c)
                },
                base.clone(),
                ("", ""),
            )
            .unwrap();
        let after_zhang = zhang.customer(c.id).unwrap();
        let mine = CustomerDraft {
            notes: Some("李四的备注".into()),
            address: Some("南京市".into()),
            email: Some("li@example.com".into()),
            ..CustomerDraft::from(&c)
        };
        let e = api
            .save_customer(c.id, mine.clone(), base.clone(), ("", ""))
            .unwrap_err();
        let conflict = conflict_of(&e);
        assert_eq!(conflict.kind, RowKind::Customer);
        assert_eq!(conflict.who, "张三");
        assert_eq!(conflict.when, after_zhang.updated_at);
        assert_eq!(conflict.version, after_zhang.version);
        let fields: Vec<(
            &str,
            &str,
            serde_json::Value,
            serde_json::Value,
            serde_json::Value,
        )> = conflict
            .fields
            .iter()
            .map(|f| {
                (
                    f.key.as_str(),
                    f.label.as_str(),
                    f.mine.clone(),
                    f.theirs.clone(),
                    f.original.clone(),
                )
            })
            .collect();
        assert_eq!(
            fields,
            [
                (
                    "address",
                    "地址",
                    json!("南京市"),
                    json!("杭州市"),
                    json!("上海市")
                ),
                (
                    "notes",
                    "备注",
                    json!("李四的备注"),
                    json!("张三的备注"),
                    json!("老客户")
                ),
            ]
        );
        let msg = e.msg.as_ref().unwrap();
        assert!(
            e.message.starts_with("此客户已被 张三 于 "),
            "{}",
            e.message
        );
        assert!(e.message.ends_with(" 修改"), "{}", e.message);
        assert_eq!(msg.key, "conflict.customer");
        // Nothing of mine was saved, not even the untouched e-mail.
        let stored = api.customer(c.id).unwrap();
        assert_eq!(stored.version, after_zhang.version);
        assert_eq!(stored.email, None);
        assert_eq!(stored.notes.as_deref(), Some("张三的备注"));

        // The dialog: mine for the notes, theirs for the address.
        let resolved = EditBase {
            resolved: Some(Resolution {
                version: conflict.version,
                theirs: vec!["address".into()],
            }),
            ..base.clone()
        };
        let saved = api
            .save_customer(c.id, mine.clone(), resolved.clone(), ("", ""))
            .unwrap();
        assert_eq!(saved.item.notes.as_deref(), Some("李四的备注"));
        assert_eq!(saved.item.address.as_deref(), Some("杭州市"));
        // Fields nobody clashed on: mine (e-mail) and theirs (spend) both stay.
        assert_eq!(saved.item.email.as_deref(), Some("li@example.com"));
        assert_eq!(saved.item.spend, Some(5000.0));
        let mut kept: Vec<&str> = saved.theirs_kept.iter().map(|f| f.key.as_str()).collect();
        kept.sort();
        assert_eq!(kept, ["address", "spend"]);
        assert_eq!(
            zhang.customer(c.id).unwrap().notes.as_deref(),
            Some("李四的备注")
        );

        // 张三 saves again from his stale base: his notes clash with 李四's.
        let e = zhang
            .save_customer(
                c.id,
                CustomerDraft {
                    notes: Some("张三又改了".into()),
                    ..CustomerDraft::from(&after_zhang)
                },
                opened(&after_zhang),
                ("", ""),
            )
            .unwrap_err();
        let again = conflict_of(&e);
        assert_eq!(again.who, "李四");
        assert_eq!(again.fields.len(), 1);
        assert_eq!(again.fields[0].key, "notes");
        // And the resolution made for an older version is no longer good.
        zhang
            .save_customer(
                c.id,
                CustomerDraft {
                    phone: Some("13900002222".into()),
                    ..CustomerDraft::from(&c)
                },
                opened(&c),
                ("", ""),
            )
            .unwrap();
        let e = api
            .save_customer(c.id, mine, resolved, ("", ""))
            .unwrap_err();
        let stale = conflict_of(&e);
        // The notes are already 李四's; the address still clashes.
        assert_eq!(stale.fields.len(), 1, "{e:?}");
        assert_eq!(stale.fields[0].key, "address");
        assert_eq!(stale.who, "张三");
    });
}

#[test]
fn every_write_raises_the_version_and_names_the_writer() {
    each_api_with_dir(|api, dir| {
        let c = new_customer(api);
        assert_eq!(c.version, 1);
        let mut zhang = two_desks(api, dir);
        // A follow-up moves the customer's contact dates: a write to it.
        zhang
            .add_followup(
                c.id,
                FollowupDraft {
                    channel: Channel::Phone,
                    content: "电话回访".into(),
                    ..Default::default()
                },
                now(),
            )
            .unwrap();
        let after = api.customer(c.id).unwrap();
        assert_eq!(after.version, 2);
        assert_eq!(after.updated_by.as_deref(), Some("张三"));
        // The recycle bin and back: two more.
        api.delete_customers(&[c.id]).unwrap();
        api.restore_customers(&[c.id]).unwrap();
        let back = zhang.customer(c.id).unwrap();
        assert_eq!(back.version, 4);
        assert_eq!(back.updated_by.as_deref(), Some("李四"));
        // A save from before all that merges: only the contact date moved
        // where the form had none, so the notes go in and the date stays.
        let saved = zhang
            .save_customer(
                c.id,
                CustomerDraft {
                    notes: Some("改备注".into()),
                    ..CustomerDraft::from(&c)
                },
                opened(&c),
                ("", ""),
            )
            .unwrap();
        assert_eq!(saved.item.last_contact_on, back.last_contact_on);
        assert_eq!(saved.item.version, 5);
        assert_eq!(
            saved
                .theirs_kept
                .iter()
                .map(|f| f.key.as_str())
                .collect::<Vec<_>>(),
            ["last_contact_on"]
        );
    });
}

#[test]
fn a_follow_up_edited_twice_merges_or_is_refused() {
    each_api_with_dir(|api, dir| {
        let c = new_customer(api);
        let mut zhang = two_desks(api, dir);
        let f = api
            .add_followup(
                c.id,
                FollowupDraft {
                    channel: Channel::Visit,
                    content: "上门拜访".into(),
                    outcome: "有意向".into(),
                    ..Default::default()
                },
                now(),
            )
            .unwrap();
        assert_eq!(f.version, 1);
        let base = EditBase::new(f.version, FollowupDraft::from(&f));
        // Different fields: both saved.
        zhang
            .save_followup(
                f.id,
                FollowupDraft {
                    outcome: "已签约".into(),
                    ..FollowupDraft::from(&f)
                },
                base.clone(),
                now(),
            )
            .unwrap();
        let saved = api
            .save_followup(
                f.id,
                FollowupDraft {
                    next_step: "寄合同".into(),
                    ..FollowupDraft::from(&f)
                },
                base.clone(),
                now(),
            )
            .unwrap();
        assert_eq!(saved.item.outcome, "已签约");
        assert_eq!(saved.item.next_step, "寄合同");
        assert_eq!(saved.item.version, 3);
        assert_eq!(saved.theirs_kept.len(), 1);
        assert_eq!(saved.theirs_kept[0].label, "结果");
        // The same field from the first base: refused, nothing saved.
        let mine = FollowupDraft {
            outcome: "再议".into(),
            ..FollowupDraft::from(&f)
        };
        let e = api
            .save_followup(f.id, mine.clone(), base.clone(), now())
            .unwrap_err();
        let conflict = conflict_of(&e);
        assert_eq!(conflict.kind, RowKind::Followup);
        assert!(e.message.starts_with("此跟进记录已被 "), "{}", e.message);
        assert_eq!(conflict.fields.len(), 1);
        assert_eq!(conflict.fields[0].theirs, json!("已签约"));
        assert_eq!(conflict.fields[0].original, json!("有意向"));
        assert_eq!(zhang.followup(f.id).unwrap().outcome, "已签约");
        // Theirs chosen: the follow-up keeps 已签约 and mine's other fields.
        let resolved = EditBase {
            resolved: Some(Resolution {
                version: conflict.version,
                theirs: vec!["outcome".into()],
            }),
            ..base
        };
        let saved = api.save_followup(f.id, mine, resolved, now()).unwrap();
        assert_eq!(saved.item.outcome, "已签约");
        assert_eq!(saved.item.next_step, "寄合同");
    });
}

#[test]
fn a_case_stepped_at_two_desks_is_refused_then_resolved() {
    use tierdesk_api::domain::case::{CaseChannel, CaseMove, CaseStatus, CaseType};
    use tierdesk_api::{CaseRequest, CaseState};
    each_api_with_dir(|api, dir| {
        let c = new_customer(api);
        let mut zhang = two_desks(api, dir);
        let case = api
            .open_case(
                &CaseRequest {
                    customer_id: c.id,
                    channel: CaseChannel::Phone,
                    kind: CaseType::Quality,
                    severity: None,
                    description: "包装破损".into(),
                    owner: None,
                    received_at: None,
                },
                now(),
            )
            .unwrap();
        assert_eq!(case.version, 1);
        let seen = EditBase::new(case.version, CaseState::from(&case));
        let step = |to: CaseStatus, note: &str| CaseMove {
            to,
            note: note.into(),
            resolution: None,
            satisfaction: None,
        };
        // 张三 takes it in hand first.
        let theirs = zhang
            .save_case_step(
                case.id,
                &step(CaseStatus::InProgress, "已联系"),
                seen.clone(),
                now(),
            )
            .unwrap();
        assert_eq!(theirs.item.line.case.status, CaseStatus::InProgress);
        assert_eq!(theirs.item.line.case.version, 2);
        assert_eq!(theirs.item.line.case.updated_by.as_deref(), Some("张三"));
        // 李四, from the drawer as it was, rejects it: both moved the status.
        let mine = step(CaseStatus::Rejected, "非质量问题");
        let e = api
            .save_case_step(case.id, &mine, seen.clone(), now())
            .unwrap_err();
        let conflict = conflict_of(&e);
        assert_eq!(conflict.kind, RowKind::Case);
        assert_eq!(conflict.who, "张三");
        assert!(
            e.message.starts_with("此投诉已被 张三 于 "),
            "{}",
            e.message
        );
        assert_eq!(conflict.fields.len(), 1);
        assert_eq!(
            (
                conflict.fields[0].key.as_str(),
                conflict.fields[0].mine.clone(),
                conflict.fields[0].theirs.clone(),
                conflict.fields[0].original.clone()
            ),
            (
                "status",
                json!("rejected"),
                json!("in_progress"),
                json!("new")
            )
        );
        assert_eq!(
            zhang.case_detail(case.id, now()).unwrap().line.case.status,
            CaseStatus::InProgress
        );
        // Theirs chosen: no step is taken, the case stays 处理中 — and the
        // note typed with the step is not dropped quietly: refused, saying so.
        let keep_theirs = EditBase {
            resolved: Some(Resolution {
                version: conflict.version,
                theirs: vec!["status".into()],
            }),
            ..seen.clone()
        };
        let e = api
            .save_case_step(case.id, &mine, keep_theirs.clone(), now())
            .unwrap_err();
        assert_eq!(e.code, tierdesk_api::ErrorCode::Conflict);
        assert!(
            e.message.starts_with("此投诉已被 张三 于 "),
            "{}",
            e.message
        );
        assert!(e.message.contains("没有保存"), "{}", e.message);
        let kept = api
            .save_case_step(case.id, &step(CaseStatus::Rejected, ""), keep_theirs, now())
            .unwrap();
        assert_eq!(kept.item.line.case.status, CaseStatus::InProgress);
        assert_eq!(kept.item.line.case.version, 2);
        // Mine chosen: the rejection is taken from 处理中, as the table allows.
        let keep_mine = EditBase {
            resolved: Some(Resolution {
                version: conflict.version,
                theirs: Vec::new(),
            }),
            ..seen
        };
        let saved = api
            .save_case_step(case.id, &mine, keep_mine.clone(), now())
            .unwrap();
        assert_eq!(saved.item.line.case.status, CaseStatus::Rejected);
        assert_eq!(saved.item.line.case.version, 3);
        assert_eq!(saved.item.line.case.updated_by.as_deref(), Some("李四"));
        // Sent again (a double click): the case is already where I wanted
        // it, so nothing more is stepped.
        let again = api
            .save_case_step(case.id, &mine, keep_mine, now())
            .unwrap();
        assert_eq!(again.item.line.case.version, 3);
        assert_eq!(zhang.case_detail(case.id, now()).unwrap().steps.len(), 3);
    });
}
