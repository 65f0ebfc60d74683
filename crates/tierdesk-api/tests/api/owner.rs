//! A customer's owner (负责人): given by a 主管 or 管理员 on a team database,
//! read with the customer, listed as 「我的客户」 by whoever is signed in,
//! recorded in the log; a local file has no users, so it ignores the list's
//! owner filter and refuses owners.

use tierdesk_api::domain::audit::AuditFilter;
use tierdesk_api::domain::{Customer, CustomerDraft, CustomerQuery, Role};
use tierdesk_api::testing::{file_api, team_api, TestDir};
use tierdesk_api::{Api, ErrorCode, UserDraft};

use crate::users::{user, PASSWORD};

fn customer(api: &mut Api, code: &str) -> i64 {
    api.create_customer(CustomerDraft {
        code: Some(code.into()),
        name: format!("客户{code}"),
        ..Default::default()
    })
    .unwrap()
    .id
}

/// The codes a list gives, in id order.
fn codes(api: &Api, owner: &str) -> (Vec<String>, u64) {
    let page = api
        .list_customers(&CustomerQuery {
            owner: Some(owner.into()),
            ..Default::default()
        })
        .unwrap();
    let codes = page.items.iter().filter_map(|c| c.code.clone()).collect();
    (codes, page.total)
}

fn owner_of(api: &Api, id: i64) -> (Option<i64>, Option<String>) {
    let c: Customer = api.customer(id).unwrap();
    (c.owner_id, c.owner_name)
}

#[test]
fn owners_are_given_listed_and_logged_on_a_team_database() {
    let Some(mut api) = team_api() else { return };
    let admin = api.session().unwrap();
    let lilei = user(&mut api, "lilei", "李雷", Role::Sales);
    let hmm = user(&mut api, "hanmeimei", "韩梅梅", Role::Sales);
    let c1 = customer(&mut api, "C1");
    let c2 = customer(&mut api, "C2");
    let c3 = customer(&mut api, "C3");
    // Shared to start with, whoever created them.
    api.set_customer_owner(&[c1, c2, c3], None).unwrap();
    assert_eq!(owner_of(&api, c1), (None, None));

    assert_eq!(api.set_customer_owner(&[c1, c2], Some(lilei)).unwrap(), 2);
    // Already his: nothing changes, nothing is logged.
    assert_eq!(api.set_customer_owner(&[c1, c2], Some(lilei)).unwrap(), 0);
    assert_eq!(api.set_customer_owner(&[c2], Some(hmm)).unwrap(), 1);
    assert_eq!(owner_of(&api, c1), (Some(lilei), Some("李雷".into())));
    assert_eq!(owner_of(&api, c2), (Some(hmm), Some("韩梅梅".into())));
    assert_eq!(owner_of(&api, c3), (None, None));

    assert_eq!(codes(&api, &lilei.to_string()), (vec!["C1".into()], 1));
    assert_eq!(codes(&api, &hmm.to_string()), (vec!["C2".into()], 1));
    assert_eq!(codes(&api, "none"), (vec!["C3".into()], 1));
    assert_eq!(
        codes(&api, "all"),
        (vec!["C1".into(), "C2".into(), "C3".into()], 3)
    );
    // The administrator owns none of them now.
    assert_eq!(codes(&api, "mine"), (vec![], 0));

    // The log: one entry per customer that changed hands, by the one signed in,
    // with the owner's name before and after.
    let entries = api
        .audit_list(&AuditFilter {
            action: Some("customer.owner".into()),
            ..Default::default()
        })
        .unwrap()
        .items;
    let moves: Vec<(Option<i64>, Option<String>, Option<String>)> = entries
        .iter()
        .filter(|e| e.actor == admin.name)
        .filter_map(|e| {
            let change = e.details.as_ref()?.changes.first()?;
            Some((e.customer_id, change.before.clone(), change.after.clone()))
        })
        .filter(|(_, before, after)| before.is_some() || after.is_some())
        .collect();
    assert!(
        moves.contains(&(Some(c1), None, Some("李雷".into()))),
        "{moves:?}"
    );
    assert!(
        moves.contains(&(Some(c2), Some("李雷".into()), Some("韩梅梅".into()))),
        "{moves:?}"
    );
    assert_eq!(
        moves.iter().filter(|(id, _, _)| *id == Some(c2)).count(),
        2,
        "{moves:?}"
    );

    // 李雷 signed in: 我的客户 is his one customer.
    api.sign_in("lilei", PASSWORD).unwrap();
    assert_eq!(codes(&api, "mine"), (vec!["C1".into()], 1));
    // A 业务员 may not give customers away.
    let err = api.set_customer_owner(&[c1], Some(hmm)).unwrap_err();
    assert_eq!(err.code, ErrorCode::Forbidden, "{}", err.message);
    assert_eq!(owner_of(&api, c1).0, Some(lilei));
}

#[test]
fn an_unknown_or_turned_off_owner_or_customer_changes_nothing() {
    let Some(mut api) = team_api() else { return };
    let gone = user(&mut api, "wangwu", "王五", Role::Sales);
    let zhao = user(&mut api, "zhaoliu", "赵六", Role::Manager);
    let c1 = customer(&mut api, "C1");
    api.set_customer_owner(&[c1], Some(zhao)).unwrap();
    api.edit_user(
        gone,
        &UserDraft {
            login: "wangwu".into(),
            name: "王五".into(),
            role: Role::Sales,
            active: false,
            password: None,
        },
    )
    .unwrap();

    let err = api.set_customer_owner(&[c1], Some(gone)).unwrap_err();
    assert_eq!(err.code, ErrorCode::Invalid);
    assert!(err.message.contains("王五"), "{}", err.message);
    let err = api.set_customer_owner(&[c1], Some(987_654)).unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound, "{}", err.message);
    // One unknown customer among the ids: the whole change is refused.
    let err = api.set_customer_owner(&[c1, 987_654], None).unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound, "{}", err.message);
    assert_eq!(owner_of(&api, c1), (Some(zhao), Some("赵六".into())));
}

/// A local file has no users: every list shows everyone whatever its owner
/// filter, and owners are refused with a sentence saying why.
#[test]
fn a_local_file_ignores_the_owner_filter_and_refuses_owners() {
    let dir = TestDir::new();
    let mut api = file_api(dir.path());
    customer(&mut api, "C1");
    let c2 = customer(&mut api, "C2");
    for owner in ["mine", "none", "all", "1"] {
        assert_eq!(
            codes(&api, owner),
            (vec!["C1".into(), "C2".into()], 2),
            "{owner}"
        );
    }
    assert_eq!(owner_of(&api, c2), (None, None));
    let err = api.set_customer_owner(&[c2], None).unwrap_err();
    assert_eq!(err.code, ErrorCode::Invalid);
    assert!(err.message.contains("团队数据库"), "{}", err.message);
}
