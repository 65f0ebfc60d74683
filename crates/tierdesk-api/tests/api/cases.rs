//! Complaints through the API: deadlines from the tier's care limits (the
//! defaults, then an edited `[tiers.care]`), owners, refusals in Chinese,
//! a case walked through its steps, and the counts per tier.

use chrono::NaiveDateTime;
use tierdesk_api::domain::case::{
    parse_time, CaseChannel, CaseFilter, CaseMove, CaseStatus, CaseType,
};
use tierdesk_api::domain::CustomerDraft;
use tierdesk_api::testing::each_api;
use tierdesk_api::{Api, CaseRequest, ErrorCode};

fn at(text: &str) -> NaiveDateTime {
    parse_time(text).unwrap()
}

fn customer(api: &mut Api, name: &str, tier: Option<&str>, manager: Option<&str>) -> i64 {
    api.create_customer(CustomerDraft {
        name: name.into(),
        tier: tier.map(str::to_owned),
        manager: manager.map(str::to_owned),
        ..Default::default()
    })
    .unwrap()
    .id
}

fn request(customer_id: i64) -> CaseRequest {
    CaseRequest {
        customer_id,
        channel: CaseChannel::Wechat,
        kind: CaseType::Quality,
        severity: None,
        description: "收到的茶叶受潮".into(),
        owner: None,
        received_at: Some(at("2026-11-30 09:00:00")),
    }
}

fn step(to: CaseStatus, note: &str) -> CaseMove {
    CaseMove {
        to,
        note: note.into(),
        resolution: None,
        satisfaction: None,
    }
}

#[test]
fn deadlines_follow_the_tier_and_its_edited_care_limits() {
    each_api(|api| {
        let now = at("2026-11-30 10:00:00");
        // (tier, response deadline, resolution deadline) under star4's defaults.
        let table = [
            (
                Some("diamond"),
                "2026-11-30 13:00:00",
                "2026-12-01 09:00:00",
            ),
            (Some("gold"), "2026-11-30 17:00:00", "2026-12-03 09:00:00"),
            (Some("silver"), "2026-12-01 09:00:00", "2026-12-05 09:00:00"),
            (
                Some("regular"),
                "2026-12-02 09:00:00",
                "2026-12-07 09:00:00",
            ),
            (None, "2026-12-02 09:00:00", "2026-12-07 09:00:00"),
            (Some("旧等级"), "2026-12-02 09:00:00", "2026-12-07 09:00:00"),
        ];
        for (tier, respond, resolve) in table {
            let id = customer(api, "客户", tier, None);
            let c = api.open_case(&request(id), now).unwrap();
            assert_eq!(
                (c.respond_by.as_str(), c.resolve_by.as_str()),
                (respond, resolve),
                "{tier:?}"
            );
            assert_eq!(c.tier_at.as_deref(), tier);
        }
        // The top tier answered within 2 h and resolved within 12 h once the
        // scheme says so; cases received before keep their deadlines.
        let text = api
            .schemes()
            .unwrap()
            .into_iter()
            .find(|s| s.key == "star4")
            .unwrap()
            .toml;
        let mut scheme = tierdesk_api::engine::Scheme::from_toml(&text).unwrap();
        scheme.key = "star4_care".into();
        scheme.tiers[0].care.response_hours = Some(2);
        scheme.tiers[0].care.resolve_hours = Some(12);
        api.import_scheme(&scheme.to_toml()).unwrap();
        api.activate_scheme("star4_care").unwrap();
        let id = customer(api, "钻石客户", Some("diamond"), None);
        let c = api.open_case(&request(id), now).unwrap();
        assert_eq!(c.respond_by, "2026-11-30 11:00:00");
        assert_eq!(c.resolve_by, "2026-11-30 21:00:00");
        let first = api.find_case("TS202611300001").unwrap();
        assert_eq!(first.respond_by, "2026-11-30 13:00:00");
        assert_eq!(first.tier_at.as_deref(), Some("diamond"));
    });
}

#[test]
fn owners_default_to_the_manager_then_the_person() {
    each_api(|api| {
        api.set_actor("李四", tierdesk_api::domain::audit::Source::App);
        let now = at("2026-11-30 10:00:00");
        let managed = customer(api, "甲", None, Some("王经理"));
        let plain = customer(api, "乙", None, None);
        let owner = |api: &mut Api, id, owner: Option<&str>| {
            api.open_case(
                &CaseRequest {
                    owner: owner.map(str::to_owned),
                    ..request(id)
                },
                now,
            )
            .unwrap()
            .owner
        };
        assert_eq!(owner(api, managed, None), "王经理");
        assert_eq!(owner(api, managed, Some(" 赵主管 ")), "赵主管");
        assert_eq!(owner(api, plain, None), "李四");
        assert_eq!(owner(api, plain, Some("  ")), "李四");
        let choices = api.case_choices().unwrap();
        assert_eq!(choices.owners, vec!["李四", "王经理", "赵主管"]);
        assert_eq!(choices.statuses.len(), 5);
        assert_eq!(choices.kinds[0].1, "产品质量");
    });
}

#[test]
fn bad_requests_are_refused_in_chinese() {
    each_api(|api| {
        let now = at("2026-11-30 10:00:00");
        let id = customer(api, "丙", None, None);
        let refuse = |api: &mut Api, req: CaseRequest| {
            let e = api.open_case(&req, now).unwrap_err();
            (e.code, e.message)
        };
        assert_eq!(
            refuse(
                api,
                CaseRequest {
                    description: "  ".into(),
                    ..request(id)
                }
            ),
            (ErrorCode::Invalid, "请填写投诉或反馈的内容。".into())
        );
        assert_eq!(
            refuse(
                api,
                CaseRequest {
                    received_at: Some(at("2026-12-01 10:00:00")),
                    ..request(id)
                }
            ),
            (
                ErrorCode::Invalid,
                "收到时间 2026-12-01 10:00 晚于现在，请检查日期。".into()
            )
        );
        assert_eq!(refuse(api, request(999)).0, ErrorCode::NotFound);
        api.delete_customers(&[id]).unwrap();
        let (code, message) = refuse(api, request(id));
        assert_eq!(code, ErrorCode::NotFound);
        assert!(message.contains("回收站"), "{message}");
        assert_eq!(
            api.list_cases(&CaseFilter::default(), now).unwrap().total,
            0
        );
        let e = api.find_case("TS209901010001").unwrap_err();
        assert_eq!(e.message, "没有编号为「TS209901010001」的投诉。");
    });
}

#[test]
fn a_case_walks_through_its_steps_and_refuses_the_rest() {
    each_api(|api| {
        let id = customer(api, "丁", Some("gold"), None);
        let c = api
            .open_case(&request(id), at("2026-11-30 10:00:00"))
            .unwrap();
        assert_eq!(c.number, "TS202611300001");
        let d = api.case_detail(c.id, at("2026-11-30 10:00:00")).unwrap();
        assert_eq!(d.next, vec![CaseStatus::InProgress, CaseStatus::Rejected]);
        assert_eq!(d.line.customer_name, "丁");
        assert_eq!(d.line.tier.as_ref().map(|t| t.key.as_str()), Some("gold"));
        assert_eq!(d.steps.len(), 1);

        let e = api
            .step_case(
                c.id,
                &step(CaseStatus::Closed, "直接关"),
                at("2026-11-30 11:00:00"),
            )
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::Invalid);
        assert_eq!(
            e.message,
            "「新建」的投诉不能改为「已关闭」，只能改为：处理中、驳回。"
        );
        let walk = [
            step(CaseStatus::InProgress, "已联系客户"),
            step(CaseStatus::AwaitingCustomer, "已寄出新茶"),
            CaseMove {
                resolution: Some("换货".into()),
                satisfaction: Some(5),
                ..step(CaseStatus::Closed, "客户满意")
            },
        ];
        let mut last = None;
        for (i, m) in walk.iter().enumerate() {
            let d = api
                .step_case(c.id, m, at(&format!("2026-11-30 1{}:00:00", i + 1)))
                .unwrap();
            assert_eq!(d.line.case.status, m.to);
            last = Some(d);
        }
        let d = last.unwrap();
        assert_eq!(d.next, Vec::<CaseStatus>::new());
        assert_eq!(d.steps.len(), 4);
        assert_eq!(d.line.case.satisfaction, Some(5));
        assert_eq!(d.line.case.resolution, "换货");
        let e = api
            .step_case(
                c.id,
                &step(CaseStatus::InProgress, "重开"),
                at("2026-11-30 15:00:00"),
            )
            .unwrap_err();
        assert_eq!(e.message, "投诉已经「已关闭」，不能再改为「处理中」。");
        assert_eq!(
            api.case_detail(c.id, at("2026-11-30 15:00:00"))
                .unwrap()
                .steps
                .len(),
            4
        );

        // Counted for the report: received and closed in November, on time.
        let nov = |d| chrono::NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        let counts = api
            .case_counts_by_tier(nov(1), nov(30), at("2026-11-30 23:59:59"))
            .unwrap();
        assert_eq!(counts.len(), 1);
        assert_eq!(counts[0].tier, "gold");
        assert_eq!(
            (
                counts[0].received,
                counts[0].open,
                counts[0].closed,
                counts[0].closed_on_time
            ),
            (1, 0, 1, 1)
        );
        assert_eq!(counts[0].satisfaction, Some(5.0));
    });
}

#[test]
fn the_persons_copy_holds_cases_and_steps_until_an_erase_wipes_their_text() {
    each_api(|api| {
        let id = customer(api, "戊", None, None);
        let other = customer(api, "己", None, None);
        let c = api
            .open_case(&request(id), at("2026-11-30 10:00:00"))
            .unwrap();
        api.open_case(&request(other), at("2026-11-30 10:00:00"))
            .unwrap();
        api.step_case(
            c.id,
            &step(CaseStatus::InProgress, "已和戊本人通话"),
            at("2026-11-30 11:00:00"),
        )
        .unwrap();
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let sections = |api: &Api| {
            let copy = api.person_copy(&id.to_string(), day).unwrap();
            let find = |title: &str| {
                copy.more
                    .iter()
                    .find(|s| s.title == title)
                    .map(|s| s.rows.clone())
                    .unwrap_or_default()
            };
            (find("投诉与反馈"), find("投诉处理记录"))
        };
        let (cases, steps) = sections(api);
        assert_eq!(cases.len(), 1, "only the customer's own case");
        assert_eq!(cases[0][0], c.number);
        assert_eq!(cases[0][6], "收到的茶叶受潮");
        assert_eq!(cases[0][5], "处理中");
        let notes: Vec<(&str, &str)> = steps
            .iter()
            .map(|r| (r[3].as_str(), r[4].as_str()))
            .collect();
        assert_eq!(notes, vec![("新建", ""), ("处理中", "已和戊本人通话")]);

        api.erase_customer_by_id(id, "本人要求删除").unwrap();
        let (cases, steps) = sections(api);
        assert_eq!(cases.len(), 1, "the case stays for the counts");
        assert_eq!(cases[0][0], c.number);
        assert_eq!(cases[0][6], "（内容已随个人信息删除）");
        assert!(steps.iter().all(|r| !r[4].contains("戊")), "{steps:?}");
        assert_eq!(steps.len(), 2);
        // The other customer's case keeps its text.
        let kept = api
            .list_cases(
                &CaseFilter {
                    customer_id: Some(other),
                    ..Default::default()
                },
                at("2026-11-30 12:00:00"),
            )
            .unwrap();
        assert_eq!(kept.items[0].case.description, "收到的茶叶受潮");
    });
}
