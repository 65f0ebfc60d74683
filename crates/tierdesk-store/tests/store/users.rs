//! Users and the team connection's gate (`users.rs`, `db/gate.rs`): nothing
//! is read or written before sign-in, a 只读 user's store refuses every
//! write but its own audit entries, and users' passwords are checked
//! against argon2id hashes. Team-database tests need a server
//! (`TIERDESK_TEST_PG`); the local file's are below them.

use tierdesk_domain::audit::{AuditFilter, NewEntry};
use tierdesk_domain::{CustomerDraft, Role};
use tierdesk_store::{testing, NewUser, Store, StoreError, StoredUser};

fn user<'a>(login: &'a str, name: &'a str, role: Role) -> NewUser<'a> {
    NewUser {
        login,
        name,
        role,
        password: "secret-123",
    }
}

fn draft(name: &str) -> CustomerDraft {
    CustomerDraft {
        name: name.into(),
        ..Default::default()
    }
}

fn actions(store: &Store) -> Vec<String> {
    let mut page = store
        .audit_list(&AuditFilter {
            limit: Some(100),
            ..Default::default()
        })
        .unwrap()
        .items;
    page.reverse();
    page.into_iter().map(|e| e.action).collect()
}

/// A team store with its first 管理员 (管理员甲), signed in as them.
fn with_admin() -> Option<(Store, StoredUser)> {
    let store = closed_team()?;
    let admin = store
        .add_first_admin(&user("admin", "管理员甲", Role::Admin))
        .unwrap();
    store.set_signed_in(Some(admin.signed_in()));
    Some((store, admin))
}

/// A team store as `Store::open_postgres` leaves it: nobody signed in.
fn closed_team() -> Option<Store> {
    let store = testing::fresh_postgres()?;
    store.set_signed_in(None);
    Some(store)
}

#[test]
fn nothing_is_read_or_written_before_sign_in() {
    let Some(mut store) = closed_team() else {
        return;
    };
    assert!(matches!(
        store.customer_count(),
        Err(StoreError::SignInNeeded)
    ));
    assert!(matches!(store.setting("k"), Err(StoreError::SignInNeeded)));
    assert!(matches!(
        store.insert_customer(&draft("甲")),
        Err(StoreError::SignInNeeded)
    ));
    assert!(matches!(
        store.audit_event(&NewEntry::new("report.print", "report", "", "打印等级报告")),
        Err(StoreError::SignInNeeded)
    ));
    // Sign-in's own door: counting users, the first 管理员, a sign-in.
    assert_eq!(store.user_count().unwrap(), 0);
    let admin = store
        .add_first_admin(&user("admin", "管理员甲", Role::Admin))
        .unwrap();
    assert_eq!(store.user_count().unwrap(), 1);
    // Still closed: adding the first 管理员 signs nobody in.
    assert!(matches!(store.users(), Err(StoreError::SignInNeeded)));
    let checked = store.check_sign_in("admin", "secret-123").unwrap();
    assert_eq!(checked, admin);
    store.set_signed_in(Some(checked.signed_in()));
    assert_eq!(store.customer_count().unwrap(), 0);
    store.insert_customer(&draft("甲")).unwrap();
    assert_eq!(
        actions(&store),
        ["user.first_admin", "user.sign_in", "customer.add"]
    );
    // A second first 管理员 is refused, inside its transaction.
    let again = store.add_first_admin(&user("boss", "乙", Role::Admin));
    assert!(
        matches!(&again, Err(StoreError::UserRefused(m)) if m.key == "auth.has_users"),
        "{again:?}"
    );
    store.set_signed_in(None);
    assert!(matches!(
        store.customer_count(),
        Err(StoreError::SignInNeeded)
    ));
}

#[test]
fn a_viewer_reads_and_logs_but_writes_nothing() {
    let Some((mut store, admin)) = with_admin() else {
        return;
    };
    let kept = store.insert_customer(&draft("甲")).unwrap();
    let viewer = store
        .add_user(&user("look", "只读乙", Role::Viewer))
        .unwrap();
    store.set_signed_in(Some(viewer.signed_in()));
    assert_eq!(store.customer_count().unwrap(), 1);
    let refused = store.insert_customer(&draft("乙"));
    assert!(matches!(refused, Err(StoreError::ViewOnly)), "{refused:?}");
    let refused = store.set_setting("company", "某公司");
    assert!(matches!(refused, Err(StoreError::ViewOnly)), "{refused:?}");
    // What a 只读 user may do is logged: a print.
    store
        .audit_event(&NewEntry::new("report.print", "report", "", "打印等级报告"))
        .unwrap();
    store.set_signed_in(Some(admin.signed_in()));
    assert_eq!(store.customer_count().unwrap(), 1);
    assert_eq!(store.customer(kept.id).unwrap().name, "甲");
    assert_eq!(store.setting("company").unwrap(), None);
    assert_eq!(
        actions(&store),
        [
            "user.first_admin",
            "customer.add",
            "user.add",
            "report.print"
        ]
    );
}

#[test]
fn sign_in_tells_nothing_about_which_part_was_wrong() {
    let Some((store, _admin)) = with_admin() else {
        return;
    };
    for (login, password) in [("admin", "wrong-pass"), ("nobody", "secret-123")] {
        let e = store.check_sign_in(login, password).unwrap_err();
        assert!(matches!(e, StoreError::WrongSignIn), "{login}: {e:?}");
        assert_eq!(e.to_string(), "登录名或密码不正确");
    }
    // A turned-off user with the right password is told so; turned on again,
    // signs in.
    let sales = store.add_user(&user("li", "李四", Role::Sales)).unwrap();
    store
        .edit_user(sales.id, "李四", Role::Sales, false)
        .unwrap();
    let e = store.check_sign_in("li", "secret-123").unwrap_err();
    assert!(
        matches!(&e, StoreError::UserRefused(m) if m.key == "auth.inactive"),
        "{e:?}"
    );
    store
        .edit_user(sales.id, "李四", Role::Sales, true)
        .unwrap();
    assert_eq!(
        store.check_sign_in("li", "secret-123").unwrap().id,
        sales.id
    );
    let failed: Vec<String> = actions(&store)
        .into_iter()
        .filter(|a| a.starts_with("user.sign_in"))
        .collect();
    assert_eq!(
        failed,
        [
            "user.sign_in_failed",
            "user.sign_in_failed",
            "user.sign_in",
            "user.sign_in"
        ]
    );
}

#[test]
fn the_last_active_admin_stays_and_logins_are_unique() {
    let Some((store, admin)) = with_admin() else {
        return;
    };
    for (role, active) in [(Role::Manager, true), (Role::Admin, false)] {
        let e = store
            .edit_user(admin.id, "管理员甲", role, active)
            .unwrap_err();
        assert!(
            matches!(&e, StoreError::UserRefused(m) if m.key == "users.last_admin"),
            "{e:?}"
        );
    }
    assert_eq!(store.user(admin.id).unwrap(), admin);
    let second = store
        .add_user(&user("second", "管理员乙", Role::Admin))
        .unwrap();
    let demoted = store
        .edit_user(admin.id, "甲", Role::Manager, true)
        .unwrap();
    assert_eq!((demoted.role, demoted.name.as_str()), (Role::Manager, "甲"));
    let e = store
        .add_user(&user("second", "重名", Role::Sales))
        .unwrap_err();
    assert!(
        matches!(&e, StoreError::UserRefused(m) if m.key == "users.login_taken"),
        "{e:?}"
    );
    let logins: Vec<String> = store
        .users()
        .unwrap()
        .into_iter()
        .map(|u| u.login)
        .collect();
    assert_eq!(logins, ["admin", "second"]);
    assert_eq!(second.role, Role::Admin);
}

#[test]
fn passwords_are_argon2id_hashes_and_change() {
    let Some((store, _admin)) = with_admin() else {
        return;
    };
    let sales = store.add_user(&user("li", "李四", Role::Sales)).unwrap();
    assert!(store.user_password_is(sales.id, "secret-123").unwrap());
    assert!(!store.user_password_is(sales.id, "secret-124").unwrap());
    store
        .set_user_password(sales.id, "new-secret-9", "user.password")
        .unwrap();
    assert!(!store.user_password_is(sales.id, "secret-123").unwrap());
    assert!(store.check_sign_in("li", "secret-123").is_err());
    assert_eq!(
        store.check_sign_in("li", "new-secret-9").unwrap().id,
        sales.id
    );
    // Stored as argon2id PHC strings, each with its own salt; never the password.
    let hashes = testing::query_texts(&store, "SELECT password_hash FROM users ORDER BY id");
    assert_eq!(hashes.len(), 2);
    for h in &hashes {
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(!h.contains("secret"), "{h}");
    }
    assert_ne!(hashes[0], hashes[1]);
}

/// A customer a 业务员 creates by hand on a team database is his; a local
/// file has no users, and its customers no owner.
#[test]
fn a_customer_created_by_hand_is_its_creators() {
    let mut lite = Store::open_in_memory().unwrap();
    let c = lite.insert_customer(&draft("甲")).unwrap();
    assert_eq!(lite.customer_owner(c.id).unwrap(), None);
    assert_eq!(lite.signed_in(), None);
    let Some((mut store, _admin)) = with_admin() else {
        return;
    };
    // A 管理员's (or 主管's) customer stays shared.
    let admins = store.insert_customer(&draft("管理员建的客户")).unwrap();
    assert_eq!(store.customer_owner(admins.id).unwrap(), None);
    let sales = store.add_user(&user("li", "李四", Role::Sales)).unwrap();
    store.set_signed_in(Some(sales.signed_in()));
    let mine = store.insert_customer(&draft("李四的客户")).unwrap();
    assert_eq!(
        store.customer_owner(mine.id).unwrap(),
        Some((sales.id, "李四".to_owned()))
    );
    // Customers added in bulk (imports, demo data) stay shared.
    store.insert_customers([&draft("共享客户")]).unwrap();
    let ids = store
        .list_customers(&Default::default())
        .unwrap()
        .items
        .into_iter()
        .map(|c| (c.name, store.customer_owner(c.id).unwrap().map(|o| o.0)))
        .collect::<Vec<_>>();
    assert_eq!(ids.len(), 3);
    assert!(ids.contains(&("共享客户".to_owned(), None)));
    assert!(ids.contains(&("李四的客户".to_owned(), Some(sales.id))));
}

/// The advisory lock every write transaction holds on a team database
/// (`db/tx.rs`'s `WRITE_LOCK`, "TierDesk" in ASCII).
const WRITE_LOCK: i64 = 0x5469_6572_4465_736b;

/// A 业务员's write to his customer, checked by the API before any lock,
/// while a 主管's change giving the customer to 王五 holds the write lock:
/// once the 主管 commits, the write transaction checks the owner again under
/// the lock and refuses, naming 王五, and nothing of the 业务员's is written.
/// Without the condition (nothing named) the same write goes through.
/// Team database only: a local file has no owners.
#[test]
fn a_customer_given_away_between_the_check_and_the_write_is_refused() {
    let Some(db) = testing::fresh_postgres_database() else {
        return;
    };
    let mut boss = testing::open_desk(&db.url);
    let admin = boss
        .add_first_admin(&user("admin", "管理员甲", Role::Admin))
        .unwrap();
    boss.set_signed_in(Some(admin.signed_in()));
    let li = boss.add_user(&user("li", "李四", Role::Sales)).unwrap();
    let wang = boss.add_user(&user("wang", "王五", Role::Sales)).unwrap();
    let c = boss.insert_customer(&draft("甲公司")).unwrap();
    let d = boss.insert_customer(&draft("乙公司")).unwrap();
    assert_eq!(
        boss.set_customer_owner(&[c.id, d.id], Some(li.id)).unwrap(),
        2
    );

    for (named, refused) in [(true, true), (false, false)] {
        let target = if named { c.id } else { d.id };
        let mut desk = testing::open_desk(&db.url);
        desk.set_signed_in(Some(li.signed_in()));
        // What the API does after finding the customer his.
        if named {
            desk.expect_owned(&[target]);
        }
        let version = desk.customer(target).unwrap().version;
        // The 主管's change, holding the write lock, not yet committed.
        let mut other = postgres::Client::connect(&db.url, postgres::NoTls).unwrap();
        other.batch_execute("BEGIN").unwrap();
        other
            .execute("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK])
            .unwrap();
        other
            .execute(
                "UPDATE customers SET owner_id = $1, version = version + 1 WHERE id = $2",
                &[&wang.id, &target],
            )
            .unwrap();
        let write = std::thread::spawn(move || {
            let mut d = draft("改名");
            d.spend = Some(1.0);
            let result = desk.update_customer(target, &d).map(|c| c.name);
            (result, desk)
        });
        // The 业务员's write waits for the lock; then the 主管 commits.
        let mut waits = 0;
        while waits < 1000 {
            let waiting: i64 = other
                .query_one(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted",
                    &[],
                )
                .unwrap()
                .get(0);
            if waiting == 1 {
                break;
            }
            waits += 1;
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        assert!(waits < 1000, "the write never waited for the lock");
        other.batch_execute("COMMIT").unwrap();
        let (result, _desk) = write.join().unwrap();
        let now = boss.customer(target).unwrap();
        assert_eq!(now.owner_id, Some(wang.id));
        if refused {
            let e = result.unwrap_err();
            assert!(
                matches!(&e, StoreError::NotOwner { owner } if owner == "王五"),
                "{e:?}"
            );
            assert_eq!(
                e.to_string(),
                "业务员只能修改自己负责的客户和共享客户：这位客户由 王五 负责"
            );
            assert_eq!((now.name.as_str(), now.version), ("甲公司", version + 1));
        } else {
            assert_eq!(result.unwrap(), "改名");
            assert_eq!((now.name.as_str(), now.version), ("改名", version + 2));
        }
    }
}
