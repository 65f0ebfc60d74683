//! Undoing an import or a rating puts an open 积分即将过期 to-do right at
//! once, in the undo's own transaction: its figure is what is left for its
//! day, or it is closed (by 系统规则) when nothing is left, without waiting
//! for the rules' next run.
//!
//! SQLite only for now: the points ledger is on the team database, but the
//! scheme and the rating this test applies and undoes are not yet.

use chrono::{Days, Local, NaiveDate, NaiveDateTime};
use tierdesk_domain::points::{EarnPlan, Expiry};
use tierdesk_domain::points_rules::{ReachPlan, ReachTier};
use tierdesk_domain::{LineOwner, NewBatch, TierChange, TodoFilter, TodoKind, TxKind};
use tierdesk_store::{Store, StoredScheme, TodoRules};

use crate::cases::customer;
use crate::points_import::line;

const EXPIRY: Expiry = Expiry::Months { months: 1 };

/// One point per ¥10 at every tier, running out a month after.
fn plan() -> EarnPlan {
    EarnPlan {
        birthday_multiplier: 1.0,
        expiry: EXPIRY,
        multipliers: vec![],
        ..crate::points_import::plan()
    }
}

/// Every points to-do, closed ones too: (customer, title, status).
fn points_todos(store: &Store) -> Vec<(Option<i64>, String, String)> {
    let filter = TodoFilter {
        kind: Some(TodoKind::Points),
        include_closed: true,
        ..Default::default()
    };
    let now = NaiveDateTime::new(Local::now().date_naive(), Default::default());
    let mut todos: Vec<_> = store
        .todos(&filter, now)
        .unwrap()
        .into_iter()
        .map(|t| (t.customer_id, t.title, t.status.label().to_owned()))
        .collect();
    todos.sort();
    todos
}

fn title(points: &str, day: NaiveDate) -> String {
    format!("积分即将过期：{points} 分将于 {day} 过期")
}

#[test]
fn undoing_an_import_or_a_rating_retitles_or_closes_the_expiring_todos_at_once() {
    // The undo reverses its rows today, so the days follow the clock: points
    // earned ten days ago run out a month after, within the 30 days ahead.
    let today = Local::now().date_naive();
    let earned = today.checked_sub_days(Days::new(10)).unwrap();
    let day = EXPIRY.expires_on(earned).unwrap();
    let mut store = Store::open_in_memory().unwrap();
    store
        .save_scheme(&StoredScheme {
            key: "s".into(),
            version: 1,
            name: "方案".into(),
            definition: String::new(),
        })
        .unwrap();
    let (jia, yi, bing) = (
        customer(&mut store, "甲"),
        customer(&mut store, "乙"),
        customer(&mut store, "丙"),
    );
    // 甲: 30 by hand and 100 from the import; 乙: 50 from the import only.
    store
        .points_adjust(jia, 30, "补录", earned, Some(day))
        .unwrap();
    let new = crate::order_import(2);
    let mut run = store.begin_line_import(&new, &[]).unwrap();
    run.earn_points(plan());
    let when = earned.to_string();
    run.push(
        LineOwner::Existing(jia),
        &line("J1", &when, 1_000.0, TxKind::Purchase),
    )
    .unwrap();
    run.push(
        LineOwner::Existing(yi),
        &line("Y1", &when, 500.0, TxKind::Purchase),
    )
    .unwrap();
    let import = run.finish(&new, &[], |_, _| None).unwrap().id;
    // 丙: 20 by hand and an 80-point bonus for reaching 金牌 in a rating.
    store
        .points_adjust(bing, 20, "补录", earned, Some(day))
        .unwrap();
    let reach = ReachPlan {
        tiers: vec![
            ReachTier {
                key: "gold".into(),
                name: "金牌".into(),
                rank: 0,
                bonus: 80,
            },
            ReachTier {
                key: "normal".into(),
                name: "普通".into(),
                rank: 1,
                bonus: 0,
            },
        ],
        expiry: EXPIRY,
    };
    let batch = NewBatch {
        scheme_key: "s".into(),
        scheme_version: 1,
        period: earned.format("%Y").to_string(),
        as_of: earned,
        applied_by: "测试员".into(),
        rated_on: earned,
        next_rating_on: earned,
    };
    let change = TierChange {
        customer_id: bing,
        to_tier: "gold".into(),
        score: None,
        reason: "消费金额 ≥ 10万".into(),
        manual: None,
    };
    store
        .apply_batch_with(&batch, &[change], Some(&reach))
        .unwrap();
    let rules = TodoRules {
        as_of: today,
        visits: vec![],
    };
    assert_eq!(store.refresh_todos(&rules).unwrap().points, 3);
    let open = |c: i64, points: &str| (Some(c), title(points, day), "待办".to_owned());
    let done = |c: i64, points: &str| (Some(c), title(points, day), "已完成".to_owned());
    assert_eq!(
        points_todos(&store),
        [open(jia, "130"), open(yi, "50"), open(bing, "100")]
    );

    // The import undone: 甲's figure is the 30 by hand, 乙's to-do closes.
    store.undo_import(import).unwrap();
    assert_eq!(
        points_todos(&store),
        [open(jia, "30"), done(yi, "50"), open(bing, "100")]
    );
    // The rating undone: 丙's figure is the 20 by hand.
    store.undo_last_batch().unwrap().unwrap();
    assert_eq!(
        points_todos(&store),
        [open(jia, "30"), done(yi, "50"), open(bing, "20")]
    );
    // The rules' next run finds nothing to change.
    let again = store.refresh_todos(&rules).unwrap();
    assert_eq!((again.points, again.points_closed), (0, 0));
    assert_eq!(points_todos(&store).len(), 3);
}
