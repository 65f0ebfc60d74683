//! 我的名字: until a name is saved the app records the OS user; once saved,
//! every "who" the app records names the person — the batch, the tier
//! history, the 操作日志 — and a new session on the file uses it again.

use chrono::NaiveDate;
use tierdesk_api::domain::audit::{AuditFilter, Source};
use tierdesk_api::domain::CustomerDraft;
use tierdesk_api::testing::each_api;
use tierdesk_api::{Api, ErrorCode, MY_NAME_SETTING};

fn newest_actor(api: &Api) -> (String, String) {
    let page = api
        .audit_list(&AuditFilter {
            limit: Some(1),
            ..Default::default()
        })
        .unwrap();
    let e = &page.items[0];
    (e.action.clone(), e.actor.clone())
}

// SQLite only: the name is kept in the file for the next session (on a
// team database the signed-in user names what is recorded).
#[test]
fn the_app_records_the_os_user_until_a_name_is_saved_then_the_name() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("名字.db");
    let os = tierdesk_api::os_user("未知用户");
    let mut api = Api::open(&file).unwrap();
    api.act_as_desk_person(Source::App);
    let before = api.my_name().unwrap();
    assert_eq!(before.saved, None);
    assert_eq!(before.in_use, os, "the default is the OS user");

    let id = api
        .create_customer(CustomerDraft {
            code: Some("C1".into()),
            name: "甲".into(),
            spend: Some(150_000.0),
            ..Default::default()
        })
        .unwrap()
        .id;
    assert_eq!(newest_actor(&api), ("customer.add".into(), os.clone()));

    let saved = api.set_my_name("  王小丽 ").unwrap();
    assert_eq!(saved.saved.as_deref(), Some("王小丽"));
    assert_eq!(saved.in_use, "王小丽");
    // Saving is recorded by whoever was at the desk until then; the next
    // write already names the person.
    assert_eq!(newest_actor(&api), ("setting.my_name".into(), os.clone()));
    api.set_setting("company_name", "星河贸易").unwrap();
    assert_eq!(newest_actor(&api), ("setting.set".into(), "王小丽".into()));
    drop(api);

    // A new session of the app on the same file acts as the saved name.
    let mut api = Api::open(&file).unwrap();
    api.act_as_desk_person(Source::App);
    let who = api.actor().user;
    assert_eq!(who, "王小丽");
    let on = NaiveDate::from_ymd_opt(2024, 12, 31).unwrap();
    let batch = api.apply_evaluation("star4", on, None, &who, &[]).unwrap();
    assert_eq!(batch.applied_by, "王小丽");
    assert_eq!(api.tier_history(id).unwrap()[0].who, "王小丽");
    assert_eq!(newest_actor(&api), ("rating.apply".into(), "王小丽".into()));
    assert_eq!(
        api.setting(MY_NAME_SETTING).unwrap().as_deref(),
        Some("王小丽")
    );

    // A tier changed by hand without a name given names the person too.
    let mut draft = CustomerDraft::from(&api.customer(id).unwrap());
    draft.tier = Some("silver".into());
    api.update_customer_with_reason(id, draft, "客户要求", "")
        .unwrap();
    let h = &api.tier_history(id).unwrap()[0];
    assert_eq!(
        (h.to_tier.as_deref(), h.who.as_str()),
        (Some("silver"), "王小丽")
    );
}

// SQLite only: a team database refuses 我的名字 altogether
// (my_name_is_refused_on_a_team_database).
#[test]
fn a_name_is_refused_empty_or_too_long_and_the_old_one_stays() {
    let dir = tempfile::tempdir().unwrap();
    let api = &mut Api::open(&dir.path().join("名字.db")).unwrap();
    {
        api.set_my_name("李四").unwrap();
        // (name, words of the refusal)
        let cases = [
            ("   ", "请填写「我的名字」".to_owned()),
            (
                &*"长".repeat(51),
                "「我的名字」最多 50 字，当前 51 字".to_owned(),
            ),
        ];
        for (name, words) in &cases {
            let err = api.set_my_name(name).unwrap_err();
            assert_eq!(err.code, ErrorCode::Invalid);
            assert_eq!(&err.message, words);
        }
        assert_eq!(api.my_name().unwrap().saved.as_deref(), Some("李四"));
        assert_eq!(api.actor().user, "李四");
        assert!(api.set_my_name(&"长".repeat(50)).is_ok(), "50 is allowed");
    }
}

#[test]
fn the_cli_names_who_or_the_os_user() {
    assert_eq!(tierdesk_api::cli_person(Some(" 小李 ")), "小李");
    assert_eq!(
        tierdesk_api::cli_person(Some("  ")),
        tierdesk_api::os_user("命令行")
    );
    assert_eq!(
        tierdesk_api::cli_person(None),
        tierdesk_api::os_user("命令行")
    );
}

/// On a team database who acts is the signed-in user: 我的名字 is refused
/// there, saving nothing, logging nothing and acting as no one else; on a
/// file it is saved and logged.
#[test]
fn my_name_is_refused_on_a_team_database() {
    each_api(|api| {
        let before = api.actor().user;
        let entries = |api: &Api| api.audit_list(&AuditFilter::default()).unwrap().total;
        let logged = entries(api);
        let result = api.set_my_name("冒名顶替");
        if api.is_team() {
            let e = result.unwrap_err();
            assert_eq!(e.code, ErrorCode::Invalid);
            assert_eq!(e.msg.as_ref().map(|m| m.key.as_str()), Some("team.my_name"));
            assert_eq!(
                e.message,
                "团队数据库记录的是登录的用户：「我的名字」只用于本机数据库文件，姓名由管理员在「设置 → 用户」中修改"
            );
            assert_eq!(api.actor().user, before);
            assert_eq!(api.my_name().unwrap().saved, None);
            assert_eq!(entries(api), logged);
        } else {
            assert_eq!(result.unwrap().in_use, "冒名顶替");
            assert_eq!(entries(api), logged + 1);
        }
    });
}
