//! Churn alerts as work: a refresh raises an alert for the customer who
//! lapsed (and for no one else), refreshing again changes nothing, new
//! signals merge into the open alert, the owner's to-do opens once and
//! closes with the alert, the status steps follow their table, and an erase
//! wipes the notes.

use std::path::Path;

use chrono::{Days, NaiveDate, NaiveDateTime};
use tierdesk_api::churn_model::alert::{AlertFilter, AlertLevel, AlertMove, AlertStatus};
use tierdesk_api::domain::{CustomerDraft, ImportKind, TodoFilter};
use tierdesk_api::testing::{another_like, each_api_with_dir};
use tierdesk_api::{Api, CaseRequest, ErrorCode, ImportRequest};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
}

const AS_OF: &str = "2026-06-30";

/// Order lines: `code` bought on `first` and every `every` days after,
/// `times` times, for `amount` each.
fn orders(out: &mut String, code: &str, first: &str, every: u64, times: u64, amount: u32) {
    for k in 0..times {
        let d = day(first) + Days::new(k * every);
        out.push_str(&format!(
            "{code}-{k},{code},{d} 10:00:00,茶叶,1,{amount},{amount}\n"
        ));
    }
}

pub(crate) fn import_orders(api: &mut Api, dir: &Path, name: &str, rows: &str) {
    let path = dir.join(name);
    std::fs::write(
        &path,
        format!("订单号,客户编号,下单时间,商品,数量,单价,金额\n{rows}"),
    )
    .unwrap();
    api.commit_import(
        &ImportRequest {
            path: path.display().to_string(),
            kind: Some(ImportKind::Transactions),
            skip_bad_rows: true,
            ..Default::default()
        },
        "测试",
        &mut |_| true,
    )
    .unwrap();
}

fn customer(api: &mut Api, code: &str, name: &str, manager: &str) -> i64 {
    api.create_customer(CustomerDraft {
        code: Some(code.into()),
        name: name.into(),
        manager: Some(manager.into()),
        ..CustomerDraft::default()
    })
    .unwrap()
    .id
}

/// Three customers: L001 bought every 30 days and stopped four months ago
/// (lapsed), R001 buys every 30 days still, N001 bought once last week.
fn archive(api: &mut Api, dir: &Path) -> (i64, i64) {
    let lapsed = customer(api, "L001", "林小流", "王经理");
    let regular = customer(api, "R001", "任常买", "李经理");
    customer(api, "N001", "牛新客", "李经理");
    let mut rows = String::new();
    orders(&mut rows, "L001", "2025-07-01", 30, 9, 1000);
    orders(&mut rows, "R001", "2025-07-05", 30, 12, 800);
    orders(&mut rows, "N001", "2026-06-23", 30, 1, 500);
    import_orders(api, dir, "订单.csv", &rows);
    (lapsed, regular)
}

fn open_alerts(api: &Api) -> Vec<(i64, i64, AlertLevel, Vec<String>)> {
    api.churn_list(&AlertFilter::default())
        .unwrap()
        .items
        .into_iter()
        .map(|l| {
            let a = l.alert;
            (
                a.id,
                a.customer_id,
                a.level,
                a.reasons.into_iter().map(|r| r.rule).collect(),
            )
        })
        .collect()
}

fn churn_todos(api: &Api, customer_id: i64) -> Vec<(i64, String, String)> {
    api.todos(
        &TodoFilter {
            customer_id: Some(customer_id),
            include_closed: true,
            ..TodoFilter::default()
        },
        at("2026-06-30 12:00:00"),
    )
    .unwrap()
    .into_iter()
    .filter(|t| t.source_kind.as_deref() == Some("churn"))
    .map(|t| (t.source_id.unwrap(), t.status.key().to_owned(), t.owner))
    .collect()
}

#[test]
fn a_refresh_raises_one_alert_for_the_lapsed_customer_with_its_reason_in_words() {
    each_api_with_dir(|api, dir| {
        let (lapsed, _) = archive(api, dir);
        let counts = api.churn_refresh(day(AS_OF)).unwrap();
        assert_eq!(counts.customers, 3, "{counts:?}");
        assert_eq!((counts.raised, counts.updated, counts.gone), (1, 0, 0));
        let alerts = open_alerts(api);
        assert_eq!(alerts.len(), 1, "{alerts:?}");
        let (id, customer, _, rules) = &alerts[0];
        assert_eq!(*customer, lapsed);
        assert!(rules.contains(&"rhythm".to_owned()), "{rules:?}");
        let detail = api.churn_get(*id).unwrap();
        let rhythm = &detail.line.alert.reasons[0];
        // Every 30 days; the last purchase 2026-02-26 is 124 days before 30 June.
        assert!(rhythm.reason.contains("30 天"), "{}", rhythm.reason);
        assert!(rhythm.reason.contains("124 天未下单"), "{}", rhythm.reason);
        assert_eq!(detail.line.alert.owner, "王经理");
        assert_eq!(detail.line.alert.status, AlertStatus::New);
        assert_eq!(
            detail.next,
            vec![AlertStatus::Followed, AlertStatus::Ignored]
        );
        // One step: raised by the refresh.
        assert_eq!(detail.steps.len(), 1);
        assert_eq!(detail.steps[0].from_status, None);
        // Value at risk: the last 365 days' spend (9 × ¥1,000 — the first
        // purchase is 364 days back) × (1 − P(alive)) with P(alive) from the score.
        let score = detail.score.expect("scored").figures;
        assert_eq!(score.spend_365, 9000.0);
        let p = score.p_alive.unwrap_or(0.0);
        assert!((detail.line.alert.value_at_risk - 9000.0 * (1.0 - p)).abs() < 1e-6);
        // The owner's to-do, once.
        assert_eq!(
            churn_todos(api, lapsed),
            vec![(*id, "open".to_owned(), "王经理".to_owned())]
        );
    });
}

#[test]
fn refreshing_twice_writes_the_same_rows_and_no_second_todo() {
    each_api_with_dir(|api, dir| {
        let (lapsed, _) = archive(api, dir);
        api.churn_refresh(day(AS_OF)).unwrap();
        let first = api.churn_for_customer(lapsed).unwrap();
        let again = api.churn_refresh(day(AS_OF)).unwrap();
        assert_eq!(
            (again.raised, again.updated, again.gone, again.todos),
            (0, 0, 0, 0)
        );
        assert_eq!(again.open, 1);
        let second = api.churn_for_customer(lapsed).unwrap();
        assert_eq!(
            serde_json::to_value(&first.alerts).unwrap(),
            serde_json::to_value(&second.alerts).unwrap()
        );
        assert_eq!(churn_todos(api, lapsed).len(), 1);
    });
}

#[test]
fn new_signals_merge_into_the_open_alert_and_never_open_a_second() {
    each_api_with_dir(|api, dir| {
        let (lapsed, _) = archive(api, dir);
        api.churn_refresh(day(AS_OF)).unwrap();
        let before = open_alerts(api);
        assert_eq!(before.len(), 1);
        // A complaint received two weeks ago, never answered: overdue.
        api.open_case(
            &CaseRequest {
                customer_id: lapsed,
                channel: tierdesk_api::domain::case::CaseChannel::Phone,
                kind: tierdesk_api::domain::case::CaseType::Quality,
                severity: None,
                description: "茶叶受潮".into(),
                owner: None,
                received_at: Some(at("2026-06-15 09:00:00")),
            },
            at("2026-06-15 09:00:00"),
        )
        .unwrap();
        let counts = api.churn_refresh(day(AS_OF)).unwrap();
        assert_eq!((counts.raised, counts.updated), (0, 1), "{counts:?}");
        let after = open_alerts(api);
        assert_eq!(after.len(), 1, "{after:?}");
        assert_eq!(after[0].0, before[0].0, "the same alert");
        assert!(after[0].3.contains(&"complaint".to_owned()), "{after:?}");
        // The level is today's signals' (a complaint joins the lapse: not lower).
        assert!(after[0].2 >= before[0].2, "{before:?} → {after:?}");
        let all = api.churn_for_customer(lapsed).unwrap();
        assert_eq!(all.alerts.len(), 1);
        assert_eq!(churn_todos(api, lapsed).len(), 1);
    });
}

#[test]
fn signals_gone_leave_the_alert_open_and_marked() {
    each_api_with_dir(|api, dir| {
        let (lapsed, _) = archive(api, dir);
        api.churn_refresh(day(AS_OF)).unwrap();
        // L001 buys again on 29 June: the rhythm is kept and the spend is back.
        let mut rows = String::new();
        orders(&mut rows, "L001", "2026-06-29", 1, 1, 3000);
        import_orders(api, dir, "补单.csv", &rows);
        let counts = api.churn_refresh(day(AS_OF)).unwrap();
        let mine = api.churn_for_customer(lapsed).unwrap();
        assert_eq!(
            (counts.raised, counts.updated, counts.gone),
            (0, 0, 1),
            "{counts:?}"
        );
        let open = mine.open.expect("still open");
        assert_eq!(open.alert.signals_gone_on.as_deref(), Some(AS_OF));
        assert_eq!(open.alert.status, AlertStatus::New);
        assert_eq!(mine.alerts.len(), 1);
        assert_eq!(churn_todos(api, lapsed)[0].1, "open", "a person closes it");
        // Four months later every customer has lapsed: L001's open alert is
        // brought up to date (mark cleared), the two others get new ones.
        let counts = api.churn_refresh(day("2026-10-30")).unwrap();
        let open = api.churn_for_customer(lapsed).unwrap().open.expect("open");
        assert_eq!((counts.raised, counts.updated), (2, 1), "{counts:?}");
        assert_eq!(open.alert.signals_gone_on, None);
    });
}

#[test]
fn status_steps_follow_the_table_and_closing_closes_the_todo() {
    each_api_with_dir(|api, dir| {
        let (lapsed, _) = archive(api, dir);
        api.churn_refresh(day(AS_OF)).unwrap();
        let id = open_alerts(api)[0].0;
        let step = |to: AlertStatus, note: &str| AlertMove {
            to,
            note: note.into(),
        };
        // 新 cannot jump to 已挽回; closing needs a note.
        let e = api
            .churn_set_status(id, &step(AlertStatus::Recovered, "回来了"))
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::Invalid);
        assert!(
            e.message.contains("只能改为：已跟进、忽略"),
            "{}",
            e.message
        );
        let e = api
            .churn_set_status(id, &step(AlertStatus::Ignored, " "))
            .unwrap_err();
        assert!(e.message.contains("需要填写说明"), "{}", e.message);
        let d = api
            .churn_set_status(id, &step(AlertStatus::Followed, "电话联系，客户说在用竞品"))
            .unwrap();
        assert_eq!(d.line.alert.status, AlertStatus::Followed);
        assert_eq!(
            d.next,
            vec![
                AlertStatus::Recovered,
                AlertStatus::Churned,
                AlertStatus::Ignored
            ]
        );
        // Followed up: the to-do is done.
        assert_eq!(churn_todos(api, lapsed)[0].1, "done");
        let d = api
            .churn_set_status(id, &step(AlertStatus::Recovered, "送了样品，已下新单"))
            .unwrap();
        assert_eq!(d.line.alert.status, AlertStatus::Recovered);
        assert!(d.line.alert.closed_at.is_some());
        assert_eq!(d.line.alert.note, "送了样品，已下新单");
        let steps: Vec<_> = d
            .steps
            .iter()
            .map(|s| (s.from_status, s.to_status, s.note.as_str()))
            .collect();
        assert_eq!(
            steps,
            vec![
                (None, AlertStatus::New, ""),
                (
                    Some(AlertStatus::New),
                    AlertStatus::Followed,
                    "电话联系，客户说在用竞品"
                ),
                (
                    Some(AlertStatus::Followed),
                    AlertStatus::Recovered,
                    "送了样品，已下新单"
                ),
            ]
        );
        // Closed: no step left, and the list of open alerts is empty.
        let e = api
            .churn_set_status(id, &step(AlertStatus::Ignored, "x"))
            .unwrap_err();
        assert!(e.message.contains("已经「已挽回」"), "{}", e.message);
        assert!(open_alerts(api).is_empty());
        // Closed as won back a moment ago: the same signals stay quiet.
        let counts = api.churn_refresh(day(AS_OF)).unwrap();
        assert_eq!(counts.raised, 0);
        assert_eq!(api.churn_for_customer(lapsed).unwrap().alerts.len(), 1);
    });
}

#[test]
fn the_list_filters_by_level_owner_rule_and_status() {
    each_api_with_dir(|api, dir| {
        let (lapsed, _) = archive(api, dir);
        api.churn_refresh(day(AS_OF)).unwrap();
        let n = |f: AlertFilter| api.churn_list(&f).unwrap().total;
        assert_eq!(n(AlertFilter::default()), 1);
        let mine = api.churn_for_customer(lapsed).unwrap().open.unwrap().alert;
        assert_eq!(
            n(AlertFilter {
                level: Some(mine.level),
                ..AlertFilter::default()
            }),
            1
        );
        let other = AlertLevel::ALL
            .into_iter()
            .find(|l| *l != mine.level)
            .unwrap();
        assert_eq!(
            n(AlertFilter {
                level: Some(other),
                ..AlertFilter::default()
            }),
            0
        );
        let owner = |o: &str| AlertFilter {
            owner: Some(o.into()),
            ..AlertFilter::default()
        };
        assert_eq!((n(owner("王经理")), n(owner("李经理"))), (1, 0));
        let rule = |r: &str| AlertFilter {
            rule: Some(r.into()),
            ..AlertFilter::default()
        };
        // By key or by the Chinese label.
        assert_eq!(
            (n(rule("rhythm")), n(rule("购买节奏")), n(rule("complaint"))),
            (1, 1, 0)
        );
        let e = api.churn_list(&rule("天气")).unwrap_err();
        assert!(
            e.message.contains("没有「天气」这条预警规则"),
            "{}",
            e.message
        );
        let status = |s: AlertStatus| AlertFilter {
            status: Some(s),
            ..AlertFilter::default()
        };
        assert_eq!(
            (n(status(AlertStatus::New)), n(status(AlertStatus::Ignored))),
            (1, 0)
        );
    });
}

#[test]
fn an_erase_wipes_the_notes_and_the_copy_holds_them_before() {
    each_api_with_dir(|api, dir| {
        let (lapsed, _) = archive(api, dir);
        api.churn_refresh(day(AS_OF)).unwrap();
        let id = open_alerts(api)[0].0;
        api.churn_set_status(
            id,
            &AlertMove {
                to: AlertStatus::Followed,
                note: "林小流说下月再订".into(),
            },
        )
        .unwrap();
        let copy = api.person_copy("L001", day(AS_OF)).unwrap();
        let text = serde_json::to_string(&copy).unwrap();
        assert!(text.contains("林小流说下月再订"), "the copy has the note");
        assert!(text.contains("流失预警"));
        api.erase_customer_by_id(lapsed, "本人要求删除").unwrap();
        let d = api.churn_get(id).unwrap();
        assert_eq!(d.line.alert.note, "");
        assert!(d.steps.iter().all(|s| s.note.is_empty()), "{:?}", d.steps);
        // The alert itself stays, with its level and reasons.
        assert_eq!(d.line.alert.status, AlertStatus::Followed);
        assert!(!d.line.alert.reasons.is_empty());
    });
}

#[test]
fn a_refresh_leaves_the_alert_of_a_customer_in_the_recycle_bin_as_it_was() {
    each_api_with_dir(|api, dir| {
        let (lapsed, _) = archive(api, dir);
        api.churn_refresh(day(AS_OF)).unwrap();
        let id = open_alerts(api)[0].0;
        let before = api.churn_get(id).unwrap().line.alert;
        api.delete_customers(&[lapsed]).unwrap();
        let counts = api.churn_refresh(day(AS_OF)).unwrap();
        // Only the two live customers are scored; the binned one's open alert
        // is neither marked 「信号已消失」 nor touched at all.
        assert_eq!(counts.customers, 2, "{counts:?}");
        assert_eq!((counts.raised, counts.updated, counts.gone), (0, 0, 0));
        let after = api.churn_get(id).unwrap().line.alert;
        assert_eq!(after.signals_gone_on, None);
        assert_eq!(after.updated_at, before.updated_at);
        // Restored, the customer's alert is the same one, still with its signals.
        api.restore_customers(&[lapsed]).unwrap();
        let counts = api.churn_refresh(day(AS_OF)).unwrap();
        assert_eq!((counts.customers, counts.raised, counts.gone), (3, 0, 0));
        assert_eq!(open_alerts(api).len(), 1);
    });
}

/// Five customers who stopped buying (a month apart) and one who still buys.
fn lapsed_archive(api: &mut Api, dir: &Path) {
    let mut rows = String::new();
    for k in 0..5u64 {
        let code = format!("L{k:03}");
        customer(api, &code, &format!("客户{k}"), "王经理");
        let first = day("2025-07-01") + Days::new(k * 7);
        orders(
            &mut rows,
            &code,
            &first.to_string(),
            30,
            8 - k,
            1000 + 100 * k as u32,
        );
    }
    customer(api, "R001", "任常买", "李经理");
    orders(&mut rows, "R001", "2025-07-05", 30, 12, 800);
    import_orders(api, dir, "订单.csv", &rows);
}

/// Every alert with its id, customer, level, reasons and status, every
/// churn to-do with its id and alert, the scored customers and the steps.
type Rows = (
    Vec<(i64, i64, AlertLevel, String, AlertStatus)>,
    Vec<(i64, i64)>,
    Vec<(i64, Option<f64>, f64)>,
    Vec<i64>,
);

fn all_rows(api: &Api) -> Rows {
    let list = api
        .churn_list(&AlertFilter {
            include_closed: true,
            ..AlertFilter::default()
        })
        .unwrap();
    let mut alerts = Vec::new();
    let mut todos = Vec::new();
    let mut scores = Vec::new();
    let mut steps = Vec::new();
    for c in api.list_customers(&Default::default()).unwrap().items {
        let mine = api.churn_for_customer(c.id).unwrap();
        if let Some(s) = mine.score {
            scores.push((c.id, s.figures.p_alive, s.figures.value_at_risk));
        }
        for t in api
            .todos(
                &TodoFilter {
                    customer_id: Some(c.id),
                    include_closed: true,
                    ..TodoFilter::default()
                },
                at("2026-06-30 12:00:00"),
            )
            .unwrap()
        {
            todos.push((t.id, t.source_id.unwrap_or(0)));
        }
    }
    for l in &list.items {
        let a = &l.alert;
        let reasons = serde_json::to_string(&a.reasons).unwrap();
        alerts.push((a.id, a.customer_id, a.level, reasons, a.status));
        steps.extend(api.churn_get(a.id).unwrap().steps.iter().map(|s| s.id));
    }
    alerts.sort_by_key(|a| a.0);
    todos.sort_unstable();
    scores.sort_by_key(|s| s.0);
    steps.sort_unstable();
    (alerts, todos, scores, steps)
}

#[test]
fn a_refresh_stopped_after_some_parts_and_run_again_writes_what_one_run_writes() {
    each_api_with_dir(|api, dir| {
        // One uninterrupted refresh.
        let mut whole = another_like(api, dir);
        lapsed_archive(&mut whole, dir);
        let counts = whole.churn_refresh(day(AS_OF)).unwrap();
        let expected = all_rows(&whole);
        assert_eq!(counts.raised, 5, "{counts:?}");
        assert_eq!(expected.0.len(), 5);
        assert_eq!(expected.1.len(), 5);
        assert_eq!(expected.2.len(), 6);
        assert_eq!(expected.3.len(), 5);

        // The same archive, refreshed two customers a part and stopped (the app
        // killed) after the first two parts are written.
        lapsed_archive(api, dir);
        let mut run = api.churn_refresh_start_in(day(AS_OF), 2).unwrap();
        let mut steps = 0;
        while run.counts().customers < 4 {
            assert!(!api.churn_refresh_step(&mut run).unwrap());
            steps += 1;
        }
        // 3 parts read, the fit, 2 parts written.
        assert_eq!(steps, 6);
        let part = run.counts().clone();
        assert_eq!(part.raised, 4, "{part:?}");
        drop(run);
        let half = all_rows(api);
        assert_eq!(half.0.len(), 4);
        assert_eq!(half.0[..], expected.0[..4]);
        // Its parts are whole: each alert with its to-do and step, each
        // customer of the parts scored.
        assert_eq!(half.1[..], expected.1[..4]);
        assert_eq!(half.3[..], expected.3[..4]);
        assert_eq!(half.2.len(), 4);
        // Each part written accounts for its alerts in the 操作日志 (a refresh
        // stopped half way leaves nothing unaccounted for); the refresh's own
        // entry comes with its last part.
        let entries = |api: &Api, action: &str| {
            api.audit_list(&Default::default())
                .unwrap()
                .items
                .iter()
                .filter(|e| e.action == action)
                .map(|e| e.summary.clone())
                .collect::<Vec<_>>()
        };
        let refreshes = |api: &Api| entries(api, "churn.refresh").len();
        assert_eq!(refreshes(api), 0);
        let parts = entries(api, "churn.refresh_part");
        assert_eq!(parts.len(), 2, "{parts:?}");
        assert!(parts.iter().all(|s| s.contains("新预警 2")), "{parts:?}");

        // Run again: the rest is written, nothing twice, the same ids.
        let again = api.churn_refresh(day(AS_OF)).unwrap();
        assert_eq!(
            (again.raised, again.todos, again.updated),
            (1, 1, 0),
            "{again:?}"
        );
        assert_eq!(
            (again.open, again.customers),
            (counts.open, counts.customers)
        );
        assert_eq!(all_rows(api), expected);
        assert_eq!(refreshes(api), 1);
        assert_eq!(refreshes(&whole), 1);
        // The run again wrote nothing in the parts already done: no new part entry.
        assert_eq!(entries(api, "churn.refresh_part").len(), 2);
        assert!(entries(&whole, "churn.refresh_part").is_empty());
    });
}
