//! Points the rules give, through the API over a real file: opening
//! balances from a customer sheet's 积分 column (bad figures named, the same
//! sheet twice changing nothing, a figure that differs from the balance
//! warned about, undo reversing them per customer), the first-purchase bonus
//! (once per customer while it stands, given again after an undo), reach
//! bonuses of a rating and of a hand change (reversed with the rating), and
//! the 即将过期 to-dos.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime};
use tierdesk_api::domain::points::EntryKind;
use tierdesk_api::domain::{CustomerDraft, CustomerQuery, TodoFilter, TodoKind};
use tierdesk_api::testing::{each_api, each_api_with_dir};
use tierdesk_api::{Api, ImportRequest, ImportSummary};

use crate::churn::import_orders;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A member sheet (客户编号, 客户名称, 积分余额) written to `dir`, asked for
/// with bad rows skipped.
fn sheet(dir: &Path, name: &str, rows: &str) -> ImportRequest {
    let path = dir.join(name);
    std::fs::write(&path, format!("客户编号,客户名称,积分余额\n{rows}")).unwrap();
    ImportRequest {
        path: path.display().to_string(),
        skip_bad_rows: true,
        ..Default::default()
    }
}

fn import_sheet(api: &mut Api, dir: &Path, name: &str, rows: &str) -> ImportSummary {
    api.commit_import(&sheet(dir, name, rows), "测试", &mut |_| true)
        .unwrap()
}

fn preview_sheet(api: &Api, dir: &Path, name: &str, rows: &str) -> tierdesk_api::ImportPreview {
    api.preview_import(&sheet(dir, name, rows), &mut |_| true)
        .unwrap()
}

/// Every customer's ledger by code: (kind, points, balance after).
fn ledgers(api: &Api) -> BTreeMap<String, Vec<(EntryKind, i64, i64)>> {
    api.list_customers(&CustomerQuery {
        limit: 1000,
        ..CustomerQuery::default()
    })
    .unwrap()
    .items
    .into_iter()
    .map(|c| {
        let rows = api
            .points_account(c.id, d("2026-11-30"))
            .unwrap()
            .entries
            .into_iter()
            .map(|e| (e.kind, e.points, e.balance_after))
            .collect();
        (c.code.unwrap_or_default(), rows)
    })
    .collect()
}

fn id_of(api: &Api, code: &str) -> i64 {
    api.find_customer(code).unwrap().id
}

const SHEET: &str = "K1,甲,500\nK2,乙,约500\nK3,丙,-3\nK4,丁,1.5\nK5,戊,1e12\nK6,己,\"1,200\"\nK7,庚,300\nK9,辛,400\n";

#[test]
fn opening_balances_once_per_customer_named_when_bad_and_reversed_by_undo() {
    each_api_with_dir(|api, dir| {
        // 辛 is in the archive already, without points.
        api.create_customer(CustomerDraft {
            code: Some("K9".into()),
            name: "辛".into(),
            ..Default::default()
        })
        .unwrap();

        let first = import_sheet(api, dir, "会员.csv", SHEET);
        let opening = |p: i64| vec![(EntryKind::Opening, p, p)];
        let want: BTreeMap<String, Vec<(EntryKind, i64, i64)>> = [
            ("K1", opening(500)),
            ("K2", vec![]),
            ("K3", vec![]),
            ("K4", vec![]),
            ("K5", vec![]),
            ("K6", opening(1200)),
            ("K7", opening(300)),
            ("K9", opening(400)),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        assert_eq!(ledgers(api), want);
        assert_eq!(
            (first.inserted, first.rejected),
            (7, 0),
            "bad points refuse no row"
        );
        assert_eq!(first.opening.written, 4);
        // Each bad figure is named by row, column, header and value, in Chinese.
        let bad: Vec<(u64, &str, &str, &str)> = first
            .errors
            .iter()
            .map(|p| {
                (
                    p.row,
                    p.column.as_str(),
                    p.value.as_str(),
                    p.message.as_str(),
                )
            })
            .collect();
        let expect = [
            (3, "C", "约500", "积分不是数字：'约500'"),
            (4, "C", "-3", "积分不能为负数：'-3'"),
            (5, "C", "1.5", "积分须为整数，不能有小数：'1.5'"),
            (6, "C", "1e12", "积分 '1e12' 超过上限 100,000,000"),
        ];
        assert_eq!(bad.len(), expect.len(), "{bad:?}");
        for ((row, col, value, message), (w_row, w_col, w_value, w_start)) in bad.iter().zip(expect)
        {
            assert_eq!((*row, *col, *value), (w_row, w_col, w_value));
            assert!(message.starts_with(w_start), "{message}");
            assert!(message.contains("本行其余内容照常导入"), "{message}");
        }
        assert!(first
            .errors
            .iter()
            .all(|p| p.row_kept && p.header == "积分余额"));
        let opening_row = &api
            .points_account(id_of(api, "K1"), d("2026-11-30"))
            .unwrap()
            .entries[0];
        assert_eq!(opening_row.import_id, Some(first.import_id));
        assert_eq!(
            opening_row.expires_on, None,
            "points off: they never run out"
        );

        // The same sheet again changes nothing.
        let second = import_sheet(api, dir, "会员.csv", SHEET);
        assert_eq!(ledgers(api), want);
        assert_eq!(
            (
                second.opening.written,
                second.opening.kept,
                second.opening.differ
            ),
            (0, 4, 0)
        );

        // 庚 spends 100; a sheet still saying 300 is warned about, not applied.
        let k7 = id_of(api, "K7");
        api.points_adjust(k7, -100, "兑换", d("2026-11-01"))
            .unwrap();
        let rows2 = "K7,庚,300\nK8,壬,80\n";
        let preview = preview_sheet(api, dir, "会员2.csv", rows2);
        assert_eq!(
            (
                preview.opening.written,
                preview.opening.kept,
                preview.opening.differ
            ),
            (1, 1, 1)
        );
        let note = preview
            .problems
            .iter()
            .find(|p| p.row == 2)
            .expect("a note on 庚's row");
        assert!(note.row_kept);
        assert!(
            note.message.starts_with("表中积分 300 与账上余额 200 不同"),
            "{}",
            note.message
        );
        let params: Vec<(&str, &str)> = note
            .msg
            .params
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            (note.msg.key.as_str(), params),
            (
                "import.opening_differs",
                vec![("balance", "200"), ("points", "300")]
            )
        );
        let third = import_sheet(api, dir, "会员2.csv", rows2);
        assert_eq!((third.opening.written, third.opening.differ), (1, 1));
        assert_eq!(api.points_balance(k7).unwrap(), 200);
        assert_eq!(ledgers(api)["K8"], opening(80));

        // Undoing: 壬 goes with its import; 辛, who was there before, keeps a
        // reversal of exactly its opening row.
        api.undo_import(third.import_id).unwrap();
        api.undo_import(second.import_id).unwrap();
        api.undo_import(first.import_id).unwrap();
        let after = ledgers(api);
        assert_eq!(after.keys().collect::<Vec<_>>(), ["K9"]);
        assert_eq!(
            after["K9"],
            [
                (EntryKind::Opening, 400, 400),
                (EntryKind::Reverse, -400, 0)
            ]
        );
        // Reversed, the opening balance can be imported again.
        import_sheet(api, dir, "会员.csv", SHEET);
        assert_eq!(
            ledgers(api)["K9"].last(),
            Some(&(EntryKind::Opening, 400, 400))
        );
    });
}

/// An archive under a scheme with points on, a first-purchase bonus of 50
/// and reach bonuses of 1,000 (钻石) and 500 (金牌).
fn points_archive(api: &mut Api) {
    let mut s = api.active_scheme().unwrap();
    s.key = "bonus".into();
    s.name = "积分奖励".into();
    s.points.enabled = true;
    s.points.first_purchase_bonus = 50;
    s.tiers[0].points.reach_bonus = Some(1000);
    s.tiers[1].points.reach_bonus = Some(500);
    api.import_scheme(&s.to_toml()).unwrap();
    api.activate_scheme("bonus").unwrap();
}

/// A ledger row as the bonus tests compare it: kind, points, reason.
type Row = (EntryKind, i64, String);

/// A customer's bonus rows (earned from no order) and their reversals.
fn bonus_rows(api: &Api, code: &str) -> Vec<Row> {
    let entries = api
        .points_account(id_of(api, code), d("2026-11-30"))
        .unwrap()
        .entries;
    let bonus: Vec<i64> = entries
        .iter()
        .filter(|e| e.kind == EntryKind::Earn && e.order_no.is_none())
        .map(|e| e.id)
        .collect();
    entries
        .into_iter()
        .filter(|e| bonus.contains(&e.id) || e.reverses_id.is_some_and(|r| bonus.contains(&r)))
        .map(|e| (e.kind, e.points, e.reason))
        .collect()
}

#[test]
fn the_first_purchase_bonus_is_given_once_while_it_stands() {
    each_api_with_dir(|api, dir| {
        points_archive(api);
        for (code, name) in [("F1", "老客"), ("F2", "新客"), ("F3", "退货客")] {
            api.create_customer(CustomerDraft {
                code: Some(code.into()),
                name: name.into(),
                ..Default::default()
            })
            .unwrap();
        }
        // 老客 bought in 2024 before points (an import under the old scheme).
        api.activate_scheme("star4").unwrap();
        import_orders(
            api,
            dir,
            "old.csv",
            "O-0,F1,2024-03-01 10:00:00,茶,1,100,100\n",
        );
        api.activate_scheme("bonus").unwrap();
        let orders = "O-1,F1,2025-03-01 10:00:00,茶,1,100,100\n\
                  O-2,F2,2025-04-01 10:00:00,茶,1,100,100\n\
                  O-3,F2,2025-05-01 10:00:00,茶,1,100,100\n\
                  O-4,F3,2025-05-01 10:00:00,茶,1,-30,-30\n";
        import_orders(api, dir, "a.csv", orders);
        let bonus = |p| (EntryKind::Earn, p, "首购奖励".to_owned());
        assert_eq!(bonus_rows(api, "F1"), [], "not a first purchase");
        assert_eq!(
            bonus_rows(api, "F2"),
            [bonus(50)],
            "one bonus for two orders"
        );
        assert_eq!(bonus_rows(api, "F3"), [], "a return is no purchase");
        let f2 = id_of(api, "F2");
        let given = api.points_account(f2, d("2026-11-30")).unwrap().entries;
        assert_eq!(
            (given.len(), given[2].on_day, given[2].expires_on),
            (3, d("2025-04-01"), Some(d("2026-12-31")))
        );
        // The same sheet again, and a later order: no second bonus.
        import_orders(api, dir, "a.csv", orders);
        import_orders(
            api,
            dir,
            "b.csv",
            "O-5,F2,2025-06-01 10:00:00,茶,1,100,100\n",
        );
        assert_eq!(bonus_rows(api, "F2"), [bonus(50)]);
        // Undoing the imports newest first: the bonus is reversed with the one
        // that gave it, and importing the sheet again gives it again.
        let imports: Vec<i64> = api.imports().unwrap().iter().map(|r| r.id).collect();
        for id in &imports[..3] {
            api.undo_import(*id).unwrap();
        }
        assert_eq!(
            bonus_rows(api, "F2"),
            [
                bonus(50),
                (EntryKind::Reverse, -50, format!("撤销导入 #{}", imports[2]))
            ]
        );
        assert_eq!(api.points_balance(f2).unwrap(), 0);
        import_orders(api, dir, "a.csv", orders);
        assert_eq!(bonus_rows(api, "F2").last(), Some(&bonus(50)));
        assert_eq!(bonus_rows(api, "F2").len(), 3);
    });
}

#[test]
fn no_first_purchase_bonus_for_customers_whose_record_shows_purchases() {
    each_api_with_dir(|api, dir| {
        points_archive(api);
        // From a customer sheet: 消费金额 or 消费频次 filled, their orders never imported.
        for (code, spend, frequency) in [
            ("S1", Some(5_000.0), Some(3.0)),
            ("S2", None, Some(2.0)),
            ("S3", Some(800.0), None),
            ("S4", None, None),
            ("S5", Some(0.0), Some(0.0)),
        ] {
            api.create_customer(CustomerDraft {
                code: Some(code.into()),
                name: format!("客户{code}"),
                spend,
                frequency,
                ..Default::default()
            })
            .unwrap();
        }
        // S6 is not in the archive: the order import adds it, figures and all, and its first purchase is here.
        let orders: String = (1..=6)
            .map(|n| format!("P-{n},S{n},2025-04-0{n} 10:00:00,茶,1,100,100\n"))
            .collect();
        import_orders(api, dir, "first.csv", &orders);
        let bonus = vec![(EntryKind::Earn, 50, "首购奖励".to_owned())];
        let given: Vec<(&str, usize)> = ["S1", "S2", "S3", "S4", "S5", "S6"]
            .into_iter()
            .map(|c| (c, bonus_rows(api, c).len()))
            .collect();
        assert_eq!(
            given,
            [
                ("S1", 0),
                ("S2", 0),
                ("S3", 0),
                ("S4", 1),
                ("S5", 1),
                ("S6", 1)
            ]
        );
        assert_eq!(bonus_rows(api, "S4"), bonus);
    });
}

#[test]
fn reach_bonuses_go_to_customers_moved_up_and_back_with_the_rating() {
    each_api(|api| {
        points_archive(api);
        let add = |api: &mut Api, code: &str, spend: f64, tier: Option<&str>| {
            api.create_customer(CustomerDraft {
                code: Some(code.into()),
                name: format!("客户{code}"),
                spend: Some(spend),
                tier: tier.map(str::to_owned),
                ..Default::default()
            })
            .unwrap()
            .id
        };
        add(api, "R1", 150_000.0, Some("silver")); // up to 金牌: 500
        add(api, "R2", 350_000.0, Some("gold")); // up to 钻石: 1,000
        add(api, "R3", 150_000.0, Some("gold")); // stays
        add(api, "R4", 150_000.0, None); // no tier before: up to 金牌
        add(api, "R5", 30_000.0, Some("regular")); // up to 银牌: no bonus
        let batch = api
            .apply_evaluation("bonus", d("2026-06-30"), None, "测试", &[])
            .unwrap();
        let reach = |p: i64, name: &str| (EntryKind::Earn, p, format!("升级至 {name} 奖励"));
        let given: Vec<(&str, Vec<Row>)> = ["R1", "R2", "R3", "R4", "R5"]
            .into_iter()
            .map(|c| (c, bonus_rows(api, c)))
            .collect();
        assert_eq!(
            given,
            [
                ("R1", vec![reach(500, "金牌")]),
                ("R2", vec![reach(1000, "钻石")]),
                ("R3", vec![]),
                ("R4", vec![reach(500, "金牌")]),
                ("R5", vec![]),
            ]
        );
        // The same rating again gives nothing more.
        api.apply_evaluation("bonus", d("2026-07-01"), None, "测试", &[])
            .unwrap();
        assert_eq!(bonus_rows(api, "R1").len(), 1);
        api.undo_last_batch().unwrap();
        // Undoing the first rating reverses exactly its three bonuses.
        let undone = api.undo_last_batch().unwrap();
        assert_eq!(undone.id, batch.id);
        let balances: Vec<i64> = ["R1", "R2", "R4"]
            .iter()
            .map(|c| api.points_balance(id_of(api, c)).unwrap())
            .collect();
        assert_eq!(balances, [0, 0, 0]);
        let reversals = ["R1", "R2", "R3", "R4", "R5"]
            .iter()
            .map(|c| {
                bonus_rows(api, c)
                    .iter()
                    .filter(|r| r.0 == EntryKind::Reverse)
                    .count()
            })
            .collect::<Vec<_>>();
        assert_eq!(reversals, [1, 1, 0, 1, 0]);

        // A hand change up into 金牌 gives its bonus (R5 is 普通 again after the undo).
        let r5 = id_of(api, "R5");
        let mut draft = CustomerDraft::from(&api.customer(r5).unwrap());
        draft.tier = Some("gold".into());
        api.update_customer_with_reason(r5, draft, "大客户特批", "测试")
            .unwrap();
        assert_eq!(bonus_rows(api, "R5"), [reach(500, "金牌")]);
    });
}

/// A points archive ([`points_archive`]) with customers given points by
/// hand (补录): each (code, name, manager, points, day earned). Their ids.
fn expiring_archive(api: &mut Api, people: &[(&str, &str, Option<&str>, i64, &str)]) -> Vec<i64> {
    points_archive(api);
    let ids = people
        .iter()
        .map(|&(code, name, manager, points, earned)| {
            let id = api
                .create_customer(CustomerDraft {
                    code: Some(code.into()),
                    name: name.into(),
                    manager: manager.map(Into::into),
                    ..Default::default()
                })
                .unwrap()
                .id;
            api.points_adjust(id, points, "补录", d(earned)).unwrap();
            id
        })
        .collect();
    ids
}

/// The moment the to-do tests look at the list.
fn todo_now() -> NaiveDateTime {
    NaiveDateTime::parse_from_str("2026-12-05 09:00:00", "%Y-%m-%d %H:%M:%S").unwrap()
}

/// Every 积分即将过期 to-do, closed ones too.
fn points_todo_list(api: &Api) -> Vec<tierdesk_api::domain::Todo> {
    let filter = TodoFilter {
        kind: Some(TodoKind::Points),
        include_closed: true,
        ..Default::default()
    };
    api.todos(&filter, todo_now()).unwrap()
}

#[test]
fn points_about_to_expire_open_one_todo_closed_once_they_are_used() {
    // Earned in 2025: by the scheme's rule they run out on 2026-12-31.
    each_api(|api| {
        let ids = expiring_archive(
            api,
            &[
                ("T1", "过期客户", Some("王经理"), 1200, "2025-03-01"),
                ("T2", "新积分", None, 300, "2026-03-01"),
            ],
        );
        let id = ids[0];
        let now = todo_now();
        let points_todos = |api: &Api| {
            points_todo_list(api)
                .into_iter()
                .map(|t| {
                    (
                        t.customer_id,
                        t.title,
                        t.due_on.to_string(),
                        t.status.label().to_owned(),
                    )
                })
                .collect::<Vec<_>>()
        };
        // A month and a day before: nothing yet.
        api.refresh_todos(d("2026-11-30")).unwrap();
        assert_eq!(points_todos(api), []);
        let done = api.refresh_todos(d("2026-12-01")).unwrap();
        assert_eq!(done.points, 1);
        let title = "积分即将过期：1,200 分将于 2026-12-31 过期".to_owned();
        assert_eq!(
            points_todos(api),
            [(Some(id), title.clone(), "2026-12-24".into(), "待办".into())]
        );
        let todo = api
            .todos(
                &TodoFilter {
                    kind: Some(TodoKind::Points),
                    ..Default::default()
                },
                now,
            )
            .unwrap();
        assert_eq!(todo[0].owner, "王经理");
        // Running again adds nothing.
        assert_eq!(api.refresh_todos(d("2026-12-02")).unwrap().points, 0);
        // Using some changes the figure; using the rest closes it.
        let used = api
            .points_adjust(id, -200, "兑换", d("2026-12-03"))
            .unwrap();
        assert_eq!(
            points_todos(api)[0].1,
            "积分即将过期：1,000 分将于 2026-12-31 过期"
        );
        // Undoing the use puts the figure back at once, not at the rule's next run.
        api.points_undo(used.id, "记错了", d("2026-12-03")).unwrap();
        assert_eq!(points_todos(api)[0].1, title);
        api.points_adjust(id, -200, "兑换", d("2026-12-03"))
            .unwrap();
        assert_eq!(
            points_todos(api)[0].1,
            "积分即将过期：1,000 分将于 2026-12-31 过期"
        );
        api.points_adjust(id, -1000, "兑换", d("2026-12-04"))
            .unwrap();
        assert_eq!(points_todos(api)[0].3, "已完成");
        assert_eq!(points_todos(api).len(), 1);

        // The person's copy lists it; an erase wipes its words, kind kept.
        let copy = api.person_copy("T1", d("2026-12-05")).unwrap();
        let listed: Vec<&Vec<String>> = copy
            .more
            .iter()
            .flat_map(|s| s.rows.iter())
            .filter(|r| r.first().map(String::as_str) == Some("积分即将过期"))
            .collect();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0][1], "积分即将过期：1,000 分将于 2026-12-31 过期");
        api.erase_customer("T1", "本人要求删除").unwrap();
        assert_eq!(
            points_todos(api)[0].1,
            "积分即将过期（内容已随个人信息删除）"
        );
    });
}

#[test]
fn an_expiry_todo_closed_by_using_the_points_opens_again_when_the_use_is_undone() {
    each_api(|api| {
        let ids = expiring_archive(
            api,
            &[
                ("U1", "撤销兑换", None, 1200, "2025-03-01"),
                ("U2", "亲手完成", None, 500, "2025-03-01"),
            ],
        );
        let (id, kept) = (ids[0], ids[1]);
        let now = todo_now();
        let todos = |api: &Api| {
            points_todo_list(api)
                .into_iter()
                .map(|t| ((t.customer_id, t.title, t.status.label().to_owned()), t.id))
                .collect::<BTreeMap<_, _>>()
        };
        assert_eq!(api.refresh_todos(d("2026-12-01")).unwrap().points, 2);
        let first = todos(api);
        assert_eq!(first.len(), 2);
        // Using every expiring point closes the to-do (by the rule) …
        let used = api
            .points_adjust(id, -1200, "兑换", d("2026-12-02"))
            .unwrap();
        // … and one the person closes by hand.
        let by_hand = first
            .keys()
            .find(|(c, _, _)| *c == Some(kept))
            .unwrap()
            .clone();
        api.todo_done(first[&by_hand], now).unwrap();
        let closed: Vec<String> = todos(api).keys().map(|k| k.2.clone()).collect();
        assert_eq!(closed, ["已完成", "已完成"]);
        // The use undone, the points run out on 2026-12-31 again: the rule's
        // to-do opens again (same to-do), the person's stays closed.
        api.points_undo(used.id, "兑换录错", d("2026-12-03"))
            .unwrap();
        assert_eq!(api.refresh_todos(d("2026-12-03")).unwrap().points, 1);
        let after = todos(api);
        assert_eq!(after.len(), 2);
        let again = (
            Some(id),
            "积分即将过期：1,200 分将于 2026-12-31 过期".to_owned(),
            "待办".to_owned(),
        );
        let first_id = first.iter().find(|(k, _)| k.0 == Some(id)).unwrap().1;
        assert_eq!(after.get(&again), Some(first_id));
        let hand = after.iter().find(|(k, _)| k.0 == Some(kept)).unwrap().0;
        assert_eq!(hand.2, "已完成");
        // Running again changes nothing.
        assert_eq!(api.refresh_todos(d("2026-12-04")).unwrap().points, 0);
    });
}
