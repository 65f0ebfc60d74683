//! Users, sign-in and roles through the API (issue 19, "People and roles"):
//! nothing is read before sign-in, a wrong login and a wrong password are
//! refused alike, a turned-off user cannot sign in, each role may do what
//! docs/team.md's matrix says and no more, and the audit log names the
//! signed-in person. (Every writer of the audit table refused to a 只读
//! user is in audit.rs, which owns that table.) Team-database tests need a
//! server; a local file's are at the end.

use chrono::Datelike;
use tierdesk_api::domain::audit::AuditFilter;
use tierdesk_api::domain::{CustomerDraft, CustomerQuery, FollowupDraft, Perm, Role};
use tierdesk_api::testing::{
    file_api, team_api, team_api_signed_out, TestDir, ADMIN_LOGIN, ADMIN_PASSWORD,
};
use tierdesk_api::{Api, ApiError, ErrorCode, UserDraft};

/// Every test user's password (owner.rs signs its users in with it too).
pub(crate) const PASSWORD: &str = "users-test-123";

/// Adds an active user with [`PASSWORD`]; its id.
pub(crate) fn user(api: &mut Api, login: &str, name: &str, role: Role) -> i64 {
    api.add_user(&UserDraft {
        login: login.into(),
        name: name.into(),
        role,
        active: true,
        password: Some(PASSWORD.into()),
    })
    .unwrap()
    .id
}

fn customer(api: &mut Api, name: &str) -> i64 {
    api.create_customer(CustomerDraft {
        name: name.into(),
        ..Default::default()
    })
    .unwrap()
    .id
}

fn as_user(api: &mut Api, login: &str) {
    api.sign_out();
    let password = match login {
        ADMIN_LOGIN => ADMIN_PASSWORD,
        _ => PASSWORD,
    };
    api.sign_in(login, password).unwrap();
}

fn rename(api: &mut Api, id: i64, name: &str) -> Result<(), ApiError> {
    let mut draft = CustomerDraft::from(&api.customer(id)?);
    draft.name = name.into();
    api.update_customer(id, draft).map(|_| ())
}

fn followup(api: &mut Api, id: i64) -> Result<(), ApiError> {
    let draft = FollowupDraft {
        content: "回访，谈续约".into(),
        at: Some("2026-06-01 10:00".into()),
        ..Default::default()
    };
    let now = chrono::NaiveDate::from_ymd_opt(2026, 6, 1)
        .unwrap()
        .and_hms_opt(10, 0, 0)
        .unwrap();
    api.add_followup(id, draft, now).map(|_| ())
}

/// The code and the Chinese of a refusal.
fn refusal<T: std::fmt::Debug>(r: Result<T, ApiError>) -> (ErrorCode, String) {
    let e = r.unwrap_err();
    (e.code, e.message)
}

#[test]
fn nothing_is_read_before_sign_in_and_the_first_admin_opens_the_door() {
    let Some(mut api) = team_api_signed_out() else {
        return;
    };
    assert_eq!(api.session(), None);
    assert!(api.needs_first_admin().unwrap());
    let (code, message) = refusal(api.list_customers(&CustomerQuery::default()));
    assert_eq!(
        (code, message.as_str()),
        (ErrorCode::SignInNeeded, "请先登录团队数据库")
    );
    assert_eq!(refusal(api.schemes()).0, ErrorCode::SignInNeeded);
    assert_eq!(refusal(api.users()).0, ErrorCode::SignInNeeded);
    // No user yet: signing in fails like any wrong sign-in.
    assert_eq!(
        refusal(api.sign_in("admin", PASSWORD)).0,
        ErrorCode::WrongSignIn
    );
    // A too-short password is refused before anything is written.
    let (code, message) = refusal(api.create_first_admin("admin", "王管理", "short"));
    assert_eq!(
        (code, message.as_str()),
        (ErrorCode::Invalid, "密码至少 8 个字符")
    );
    let session = api
        .create_first_admin(" Admin ", "王管理", PASSWORD)
        .unwrap();
    assert_eq!(
        (
            session.login.as_str(),
            session.name.as_str(),
            session.role,
            session.team
        ),
        ("admin", "王管理", Role::Admin, true)
    );
    assert_eq!(session.perms, Perm::ALL.to_vec());
    assert_eq!(api.session(), Some(session.clone()));
    assert!(!api.needs_first_admin().unwrap());
    assert_eq!(
        api.list_customers(&CustomerQuery::default()).unwrap().total,
        0
    );
    // Only once: a second first 管理员 is refused.
    let again = refusal(api.create_first_admin("boss", "赵", PASSWORD));
    assert_eq!(again.0, ErrorCode::Invalid);
    api.sign_out();
    assert_eq!(api.session(), None);
    assert_eq!(refusal(api.customer(1)).0, ErrorCode::SignInNeeded);
    assert_eq!(api.sign_in("ADMIN", PASSWORD).unwrap(), session);
}

#[test]
fn a_wrong_sign_in_never_says_whether_the_login_exists() {
    let Some(mut api) = team_api() else {
        return;
    };
    user(&mut api, "li", "李四", Role::Sales);
    api.sign_out();
    let unknown = refusal(api.sign_in("nobody", PASSWORD));
    let wrong = refusal(api.sign_in("li", "not-the-password"));
    assert_eq!(unknown, wrong);
    assert_eq!(
        unknown,
        (ErrorCode::WrongSignIn, "登录名或密码不正确".to_owned())
    );
    assert_eq!(api.session(), None);
    api.sign_in("admin", ADMIN_PASSWORD).unwrap();
    let failed = api
        .audit_list(&AuditFilter {
            action: Some("user.sign_in_failed".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(failed.total, 2);
}

#[test]
fn a_turned_off_user_cannot_sign_in() {
    let Some(mut api) = team_api() else {
        return;
    };
    let li = user(&mut api, "li", "李四", Role::Sales);
    let edit = |active| UserDraft {
        login: "ignored".into(),
        name: "李四".into(),
        role: Role::Sales,
        active,
        password: None,
    };
    let off = api.edit_user(li, &edit(false)).unwrap();
    assert_eq!((off.login.as_str(), off.active), ("li", false));
    api.sign_out();
    let (code, message) = refusal(api.sign_in("li", PASSWORD));
    assert_eq!(
        (code, message.as_str()),
        (ErrorCode::Invalid, "这个账号已停用，请联系管理员")
    );
    assert_eq!(api.session(), None);
    assert_eq!(refusal(api.customer(1)).0, ErrorCode::SignInNeeded);
    // Turned on again, he signs in.
    api.sign_in("admin", ADMIN_PASSWORD).unwrap();
    api.edit_user(li, &edit(true)).unwrap();
    as_user(&mut api, "li");
    assert_eq!(api.session().unwrap().user_id, Some(li));
}

#[test]
fn a_sales_user_edits_his_own_and_shared_customers_only() {
    let Some(mut api) = team_api() else {
        return;
    };
    user(&mut api, "li", "李四", Role::Sales);
    user(&mut api, "wang", "王五", Role::Sales);
    let shared = customer(&mut api, "共享客户");
    as_user(&mut api, "wang");
    let wangs = customer(&mut api, "王五的客户");
    as_user(&mut api, "li");
    let lis = customer(&mut api, "李四的客户");
    assert_eq!(api.customer(lis).unwrap().owner_id, api.session_user_id());
    rename(&mut api, lis, "李四的客户（改）").unwrap();
    rename(&mut api, shared, "共享客户（改）").unwrap();
    followup(&mut api, shared).unwrap();
    let (code, message) = refusal(rename(&mut api, wangs, "改别人的"));
    assert_eq!(code, ErrorCode::Forbidden);
    assert_eq!(
        message,
        "业务员只能修改自己负责的客户和共享客户：这位客户由 王五 负责"
    );
    assert_eq!(refusal(followup(&mut api, wangs)).0, ErrorCode::Forbidden);
    assert_eq!(
        refusal(api.delete_customers(&[lis, wangs])).0,
        ErrorCode::Forbidden
    );
    // Reading every customer is allowed; the colleague's is unchanged.
    assert_eq!(
        api.list_customers(&CustomerQuery::default()).unwrap().total,
        3
    );
    assert_eq!(api.customer(wangs).unwrap().name, "王五的客户");
    assert_eq!(api.customer_followups(wangs).unwrap().len(), 0);
    // No export of everyone, no tier by hand, no settings.
    let dir = TestDir::new();
    let out = dir.path().join("all.csv");
    let (code, message) =
        refusal(api.export_customers(&CustomerQuery::default(), true, &out, &mut |_, _| {}));
    assert_eq!(
        (code, message.as_str()),
        (ErrorCode::Forbidden, "业务员用户不能导出全部客户的资料")
    );
    assert!(!out.exists());
    let mut draft = CustomerDraft::from(&api.customer(lis).unwrap());
    draft.tier = Some("gold".into());
    assert_eq!(
        refusal(api.update_customer_with_reason(lis, draft, "升级", "李四")).1,
        "业务员用户不能应用或撤销评级、手动调整等级、指定客户负责人"
    );
    assert_eq!(
        refusal(api.activate_scheme("star4")).0,
        ErrorCode::Forbidden
    );
    assert_eq!(refusal(api.users()).0, ErrorCode::Forbidden);
    // Expiring points touches every customer's (and takes any day): not his.
    let far = chrono::NaiveDate::from_ymd_opt(2099, 12, 31).unwrap();
    assert_eq!(refusal(api.points_expire(far)).0, ErrorCode::Forbidden);
    // The log names the person signed in.
    let log = api
        .audit_list(&AuditFilter {
            action: Some("customer.edit".into()),
            ..Default::default()
        })
        .unwrap();
    let actors: Vec<&str> = log.items.iter().map(|e| e.actor.as_str()).collect();
    assert_eq!(actors, ["李四", "李四"]);
}

#[test]
fn a_manager_sees_and_edits_everything_but_cannot_manage_users() {
    let Some(mut api) = team_api() else {
        return;
    };
    user(&mut api, "wang", "王五", Role::Sales);
    user(&mut api, "zhao", "赵主管", Role::Manager);
    as_user(&mut api, "wang");
    let wangs = customer(&mut api, "王五的客户");
    as_user(&mut api, "zhao");
    rename(&mut api, wangs, "主管改过").unwrap();
    let (code, message) = refusal(api.add_user(&UserDraft {
        login: "new".into(),
        name: "新人".into(),
        role: Role::Sales,
        active: true,
        password: Some(PASSWORD.into()),
    }));
    assert_eq!(
        (code, message.as_str()),
        (ErrorCode::Forbidden, "主管用户不能管理用户")
    );
    assert_eq!(
        refusal(api.set_user_password(1, "another-pass-1")).0,
        ErrorCode::Forbidden
    );
    assert_eq!(refusal(api.empty_recycle_bin()).0, ErrorCode::Forbidden);
    assert_eq!(api.session().unwrap().perms, Role::Manager.perms());
    // The user list stays as it was.
    as_user(&mut api, "admin");
    let logins: Vec<String> = api.users().unwrap().into_iter().map(|u| u.login).collect();
    assert_eq!(logins, ["admin", "wang", "zhao"]);
}

#[test]
fn a_viewer_reads_but_changes_nothing() {
    let Some(mut api) = team_api() else {
        return;
    };
    let c = customer(&mut api, "甲");
    user(&mut api, "look", "只读丙", Role::Viewer);
    as_user(&mut api, "look");
    assert_eq!(api.customer(c).unwrap().name, "甲");
    let (code, message) = refusal(rename(&mut api, c, "乙"));
    assert_eq!(
        (code, message.as_str()),
        (ErrorCode::Forbidden, "只读用户不能修改客户")
    );
    assert_eq!(refusal(followup(&mut api, c)).0, ErrorCode::Forbidden);
    assert_eq!(
        refusal(api.create_customer(CustomerDraft {
            name: "丙".into(),
            ..Default::default()
        }))
        .0,
        ErrorCode::Forbidden
    );
    // His own password he may change (the old one checked first).
    assert_eq!(
        refusal(api.change_my_password("not-it-123", "new-pass-123")).1,
        "原密码不正确"
    );
    api.change_my_password(PASSWORD, "new-pass-123").unwrap();
    api.sign_out();
    api.sign_in("look", "new-pass-123").unwrap();
    assert_eq!(
        api.list_customers(&CustomerQuery::default()).unwrap().total,
        1
    );
}

#[test]
fn the_last_admin_stays_an_admin() {
    let Some(mut api) = team_api() else {
        return;
    };
    let me = api.session_user_id().unwrap();
    let draft = |role, active| UserDraft {
        login: "admin".into(),
        name: "管理员".into(),
        role,
        active,
        password: None,
    };
    for (role, active) in [(Role::Viewer, true), (Role::Admin, false)] {
        let (code, message) = refusal(api.edit_user(me, &draft(role, active)));
        assert_eq!(
            (code, message.as_str()),
            (ErrorCode::Invalid, "至少要保留一位启用的管理员")
        );
    }
    assert_eq!(api.session().unwrap().role, Role::Admin);
    // A user's name change renames who the log names from now on.
    api.edit_user(me, &draft(Role::Admin, true)).unwrap();
    assert_eq!(api.session().unwrap().name, "管理员");
    customer(&mut api, "甲");
    let last = api
        .audit_list(&AuditFilter {
            limit: Some(1),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(last.items[0].actor, "管理员");
}

/// On a local file nothing changes: the person at the desk may do
/// everything, there are no users and no sign-in.
#[test]
fn a_local_file_has_no_users_and_every_permission() {
    let dir = TestDir::new();
    let mut api = file_api(dir.path());
    let session = api.session().unwrap();
    assert_eq!(
        (session.user_id, session.team, session.role),
        (None, false, Role::Admin)
    );
    assert_eq!(session.perms, Perm::ALL.to_vec());
    assert_eq!(session.name, api.actor().user);
    assert!(!api.needs_first_admin().unwrap());
    assert_eq!(api.user_choices().unwrap(), []);
    for perm in Perm::ALL {
        api.allow(perm).unwrap();
    }
    let c = customer(&mut api, "甲");
    api.allow_customer(c).unwrap();
    rename(&mut api, c, "乙").unwrap();
    assert_eq!(api.customer(c).unwrap().owner_id, None);
    let (code, message) = refusal(api.sign_in("admin", PASSWORD));
    assert_eq!(
        (code, message.as_str()),
        (
            ErrorCode::Invalid,
            "本机数据库文件没有用户和登录：用户只用于团队数据库"
        )
    );
    assert_eq!(refusal(api.users()).0, ErrorCode::Invalid);
    api.sign_out();
    assert_eq!(api.session(), Some(session));
}

#[test]
fn a_role_changed_by_the_admin_counts_from_the_next_call() {
    let Some(mut admin) = team_api() else {
        return;
    };
    let c = customer(&mut admin, "甲");
    let look = user(&mut admin, "look", "只读丙", Role::Viewer);
    let dir = TestDir::new();
    let mut desk = tierdesk_api::testing::second_session(&admin, dir.path());
    as_user(&mut desk, "look");
    assert_eq!(refusal(rename(&mut desk, c, "乙")).0, ErrorCode::Forbidden);
    // Promoted while signed in on the other desk: his next save goes
    // through, beneath the API as well (the store's gate takes the role).
    admin
        .edit_user(
            look,
            &UserDraft {
                login: "look".into(),
                name: "只读丙".into(),
                role: Role::Sales,
                active: true,
                password: None,
            },
        )
        .unwrap();
    rename(&mut desk, c, "乙").unwrap();
    assert_eq!(admin.customer(c).unwrap().name, "乙");
    drop(desk);
}

/// A 业务员 runs the to-do and churn refreshes (every customer's, his
/// colleague's too) as a 主管 would: nothing refused, the to-dos written for
/// everyone, and the 管理员's run after his finds nothing left to add. A
/// customer he saved a moment before and the 主管 then gave to a colleague
/// does not hold up his next refresh (the save's owner condition ends with
/// the save's call).
#[test]
fn a_sales_user_runs_the_refreshes_for_every_customer() {
    let Some(mut admin) = team_api() else {
        return;
    };
    let today = tierdesk_api::today();
    // Six birthdays three days from now (a 7-day reminder each); three of
    // the customers are 王五's, the others shared.
    let birthday = today
        .checked_add_days(chrono::Days::new(3))
        .and_then(|d| d.with_year(1980))
        .unwrap_or_else(|| chrono::NaiveDate::from_ymd_opt(1980, 3, 1).unwrap());
    let ids: Vec<i64> = (0..6)
        .map(|i| {
            admin
                .create_customer(CustomerDraft {
                    name: format!("寿星{i}"),
                    birth_date: Some(birthday),
                    ..Default::default()
                })
                .unwrap()
                .id
        })
        .collect();
    user(&mut admin, "li", "李四", Role::Sales);
    let wang = user(&mut admin, "wang", "王五", Role::Sales);
    assert_eq!(admin.set_customer_owner(&ids[..3], Some(wang)).unwrap(), 3);
    let dir = TestDir::new();
    let mut desk = tierdesk_api::testing::second_session(&admin, dir.path());
    as_user(&mut desk, "li");
    let mine = customer(&mut desk, "李四的客户");
    rename(&mut desk, mine, "李四的客户（改）").unwrap();
    // Given to 王五 right after 李四's save.
    assert_eq!(admin.set_customer_owner(&[mine], Some(wang)).unwrap(), 1);

    let added = desk.refresh_todos(today).unwrap();
    assert_eq!(added.dates, 6, "{added:?}");
    let churn = desk.churn_refresh(today).unwrap();
    let open = |api: &Api| {
        api.todos(&Default::default(), today.and_hms_opt(12, 0, 0).unwrap())
            .unwrap()
    };
    let todos = open(&desk);
    let of = |some: &[i64]| {
        todos
            .iter()
            .filter(|t| t.customer_id.is_some_and(|c| some.contains(&c)))
            .count()
    };
    assert_eq!((of(&ids[..3]), of(&ids[3..]), todos.len()), (3, 3, 6));
    // The 管理员's run finds everything done.
    let again = admin.refresh_todos(today).unwrap();
    assert_eq!(again.visits + again.dates + again.ratings, 0, "{again:?}");
    assert_eq!(open(&admin).len(), 6);
    let churn_again = admin.churn_refresh(today).unwrap();
    assert_eq!(churn_again.raised, 0, "{churn:?} then {churn_again:?}");
    drop(desk);
}

/// A failed sign-in logs the login as typed, but at most a login's length
/// and without line breaks: a long text typed as the login cannot fill the
/// log nor fake a line of it.
#[test]
fn a_failed_sign_in_logs_at_most_a_login_of_plain_text() {
    let Some(mut api) = team_api() else {
        return;
    };
    api.sign_out();
    let typed = format!(
        "li\n2026-06-01 管理员 删除了全部客户\r\t{}",
        "长".repeat(100_000)
    );
    assert_eq!(
        refusal(api.sign_in(&typed, "wrong")).0,
        ErrorCode::WrongSignIn
    );
    api.sign_in(ADMIN_LOGIN, ADMIN_PASSWORD).unwrap();
    let failed = api
        .audit_list(&AuditFilter {
            action: Some("user.sign_in_failed".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(failed.total, 1);
    let facts = &failed.items[0].details.as_ref().unwrap().facts;
    assert_eq!(facts.len(), 1);
    let logged = &facts[0].value;
    assert_eq!(
        logged.chars().count(),
        tierdesk_api::domain::role::LOGIN_MAX
    );
    assert!(
        logged.starts_with("li2026-06-01 管理员 删除了全部客户长"),
        "{logged}"
    );
    assert!(!logged.chars().any(char::is_control), "{logged:?}");
}
