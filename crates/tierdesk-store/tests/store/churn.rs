//! The churn refresh's read of purchase days: one entry per customer with a
//! purchase, in id order; a day per day with a purchase line (orders of one
//! day added up); returns, cancellations, zero amounts and days after the
//! as-of day left out. Its writes in parts: alerts raised once, merged,
//! marked, stepped, listed by value and by rule. Each test runs on SQLite
//! and on a fresh PostgreSQL database (`each_backend`).

use chrono::NaiveDate;

use tierdesk_churn::alert::{
    AlertFilter, AlertLevel, AlertMove, AlertStatus, Finding, FitRecord, Reason, ScoreFigures,
};
use tierdesk_domain::survey::{NewSurveyAnswer, SurveyChannel};
use tierdesk_domain::{CustomerDraft, LineOwner, OwnedLine, TransactionDraft, TxKind};
use tierdesk_store::testing::each_backend;
use tierdesk_store::{Assessed, RefreshWrite, Store};

use crate::purchases::fill;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn purchase_days_are_one_ordered_entry_per_customer_with_a_day_per_purchase_day() {
    each_backend(|store| {
        let [a, _, _, d] = fill(store);
        let read = |as_of: &str| -> Vec<(i64, Vec<(NaiveDate, f64)>)> {
            let all = store.purchase_days(day(as_of)).unwrap();
            let out: Vec<_> = all.iter().map(|(id, days)| (id, days.to_vec())).collect();
            assert_eq!(all.customers(), out.len());
            assert_eq!(all.days(), out.iter().map(|(_, d)| d.len()).sum::<usize>());
            out
        };
        // 甲: O0 (7), O1's two lines on 1 October (20 + 5), O2 (100) and, from
        // 2025, O3 (1000); the return, the cancellation, the zero amount and the
        // zero quantity are no purchases. 乙 only returned, 丙 has no lines, 丁
        // bought in February 2025.
        assert_eq!(
            read("2025-12-31"),
            vec![
                (
                    a,
                    vec![
                        (day("2024-09-30"), 7.0),
                        (day("2024-10-01"), 25.0),
                        (day("2024-12-31"), 100.0),
                        (day("2025-01-01"), 1000.0),
                    ]
                ),
                (d, vec![(day("2025-02-01"), 50.0)]),
            ]
        );
        // As of the last day of 2024: the later days are left out, and so is 丁.
        assert_eq!(
            read("2024-12-31"),
            vec![(
                a,
                vec![
                    (day("2024-09-30"), 7.0),
                    (day("2024-10-01"), 25.0),
                    (day("2024-12-31"), 100.0),
                ]
            )]
        );
        assert!(read("2024-09-29").is_empty());
    });
}

#[test]
fn two_orders_on_one_day_are_one_purchase_day_with_both_amounts() {
    each_backend(|store| {
        let id = store
            .insert_customer(&CustomerDraft {
                name: "戊".into(),
                ..Default::default()
            })
            .unwrap()
            .id;
        let line = |order: &str, when: &str, amount: f64| OwnedLine {
            owner: LineOwner::Existing(id),
            line: TransactionDraft {
                order_no: order.into(),
                customer_code: None,
                customer_name: None,
                occurred_at: chrono::NaiveDateTime::parse_from_str(when, "%Y-%m-%d %H:%M:%S")
                    .unwrap(),
                product: None,
                quantity: 1.0,
                unit_price: Some(amount),
                amount,
                kind: TxKind::Purchase,
            },
        };
        let lines = vec![
            line("P1", "2026-03-01 09:00:00", 30.0),
            line("P2", "2026-03-01 17:00:00", 12.5),
            line("P3", "2026-03-02 10:00:00", 8.0),
        ];
        let new = crate::order_import(lines.len() as u64);
        store
            .apply_transaction_import(&new, &[], &[], &lines, |_, _| None)
            .unwrap();
        let all = store.purchase_days(day("2026-03-31")).unwrap();
        let got: Vec<_> = all.iter().map(|(c, d)| (c, d.to_vec())).collect();
        assert_eq!(
            got,
            vec![(
                id,
                vec![(day("2026-03-01"), 42.5), (day("2026-03-02"), 8.0)]
            )]
        );
    });
}

#[test]
fn the_unhappy_answer_read_is_the_latest_inside_the_window_not_one_after_the_as_of_day() {
    each_backend(|store| {
        let [a, b, _, _] = fill(store);
        // 甲: unhappy twice inside the window (the later one counts), and
        // again after the as-of day; 乙: only before the window.
        for (who, on, nps) in [
            (a, "2025-05-01", 1),
            (a, "2025-06-10", 3),
            (a, "2025-08-01", 2),
            (b, "2025-01-05", 1),
        ] {
            let answer = NewSurveyAnswer {
                customer_id: who,
                survey_id: None,
                answered_on: day(on),
                channel: SurveyChannel::Phone,
                nps: Some(nps),
                csat: None,
                scores: Default::default(),
                comment: String::new(),
            };
            store.add_survey_answer(&answer, "测试", day(on)).unwrap();
        }
        let end = day("2025-06-30").and_hms_opt(23, 59, 59).unwrap();
        let facts = store.churn_service_facts(end, day("2025-04-01")).unwrap();
        assert_eq!(facts.unhappy_answer.len(), 1, "{:?}", facts.unhappy_answer);
        assert_eq!(
            facts.unhappy_answer.get(&a),
            Some(&(day("2025-06-10"), Some(3), None))
        );
    });
}

/// A finding of `level` for the rules named, worth `value` at risk.
fn found(level: AlertLevel, rules: &[&str], value: f64, owner: &str) -> Assessed {
    Assessed {
        score: ScoreFigures {
            p_alive: Some(0.25),
            expected_90: None,
            median_interval: Some(30.0),
            days_since: Some(120),
            spend_365: value * 2.0,
            value_at_risk: value,
        },
        finding: Some((
            Finding {
                level,
                reasons: rules
                    .iter()
                    .map(|r| Reason {
                        rule: (*r).into(),
                        reason: format!("{r} 的理由"),
                    })
                    .collect(),
                value_at_risk: value,
            },
            owner.into(),
        )),
    }
}

/// A refresh as of `as_of` in two parts split after `split`: the customers
/// of `days` (in id order), each assessed by `assess`.
fn refresh(
    store: &mut Store,
    as_of: NaiveDate,
    split: i64,
    days: &[(i64, Vec<(NaiveDate, f64)>)],
    assess: impl Fn(i64) -> Option<Assessed>,
) -> tierdesk_churn::alert::RefreshCounts {
    let mut run = RefreshWrite::new(as_of);
    let fit = FitRecord {
        as_of: as_of.to_string(),
        r: 0.8,
        alpha: 69.0,
        a: 0.002,
        b: 11.9,
        log_likelihood: -1234.5,
        customers: days.len() as u64,
        computed_at: String::new(),
    };
    for (range, last) in [
        ((i64::MIN, split), None),
        ((split + 1, i64::MAX), Some(Some(&fit))),
    ] {
        let part = days
            .iter()
            .filter(|(id, _)| (range.0..=range.1).contains(id))
            .map(|(id, d)| (*id, d.as_slice()));
        store
            .churn_refresh_part(&mut run, range, part, |id, _| assess(id), last)
            .unwrap();
    }
    run.counts().clone()
}

/// Customers 甲 (gold, 赵经理), 乙 and 丙, each with one purchase day,
/// after a first refresh as of 2026-11-30 in two parts: 甲 high on its
/// rhythm (300 at risk), 乙 low on decline and service (500 at risk, owner
/// 王五), 丙 nothing found but scored.
struct Refreshed {
    ids: [i64; 3],
    days: Vec<(i64, Vec<(NaiveDate, f64)>)>,
    counts: tierdesk_churn::alert::RefreshCounts,
}

fn first_assessment(ids: [i64; 3]) -> impl Fn(i64) -> Option<Assessed> {
    move |id| {
        Some(match id {
            x if x == ids[0] => found(AlertLevel::High, &["rhythm"], 300.0, "赵经理"),
            x if x == ids[1] => found(AlertLevel::Low, &["decline", "service"], 500.0, "王五"),
            _ => Assessed {
                finding: None,
                ..found(AlertLevel::Low, &[], 0.0, "")
            },
        })
    }
}

fn refreshed(store: &mut Store) -> Refreshed {
    let mut add = |name: &str, manager: Option<&str>| {
        store
            .insert_customer(&CustomerDraft {
                name: name.into(),
                tier: Some("gold".into()),
                manager: manager.map(str::to_owned),
                ..Default::default()
            })
            .unwrap()
            .id
    };
    let ids = [add("甲", Some("赵经理")), add("乙", None), add("丙", None)];
    let bought = vec![(day("2026-07-01"), 100.0)];
    let days: Vec<_> = ids.iter().map(|id| (*id, bought.clone())).collect();
    let counts = refresh(
        store,
        day("2026-11-30"),
        ids[0],
        &days,
        first_assessment(ids),
    );
    Refreshed { ids, days, counts }
}

/// The customers of the open alerts matching `f`, in the list's order.
fn listed(store: &Store, f: AlertFilter) -> Vec<i64> {
    let page = store.churn_list(&f).unwrap();
    page.items.iter().map(|x| x.customer_id).collect()
}

#[test]
fn a_first_refresh_raises_each_alert_once_and_lists_them_by_value_and_reason() {
    each_backend(|store| {
        let Refreshed { ids, days, counts } = refreshed(store);
        let [a, b, c] = ids;
        let c1 = &counts;
        assert_eq!(
            (c1.customers, c1.found, c1.raised, c1.updated, c1.gone),
            (3, 2, 2, 0, 0)
        );
        assert_eq!((c1.todos, c1.open, c1.open_high), (2, 2, 1));
        assert_eq!(store.churn_open_counts().unwrap(), (2, 1));
        // Highest value at risk first; by a reason's rule; by level.
        assert_eq!(listed(store, AlertFilter::default()), vec![b, a]);
        let by_rule = |rule: &str| AlertFilter {
            rule: Some(rule.into()),
            ..Default::default()
        };
        assert_eq!(listed(store, by_rule("service")), vec![b]);
        assert_eq!(listed(store, by_rule("rhythm")), vec![a]);
        assert_eq!(listed(store, by_rule("model")), Vec::<i64>::new());
        let high = AlertFilter {
            level: Some(AlertLevel::High),
            ..Default::default()
        };
        assert_eq!(listed(store, high), vec![a]);
        assert_eq!(store.churn_owners().unwrap(), vec!["王五", "赵经理"]);
        let alert_a = store.churn_alerts_of(a).unwrap();
        assert_eq!(alert_a.len(), 1);
        assert_eq!(alert_a[0].reasons[0].rule, "rhythm");
        assert_eq!(alert_a[0].raised_on, "2026-11-30");
        // Every customer scored, with or without a finding.
        for id in ids {
            let s = store.churn_score(id).unwrap().unwrap();
            assert_eq!((s.customer_id, s.as_of.as_str()), (id, "2026-11-30"));
        }
        let s = store.churn_score(b).unwrap().unwrap().figures;
        assert_eq!(
            (s.p_alive, s.days_since, s.spend_365, s.value_at_risk),
            (Some(0.25), Some(120), 1000.0, 500.0)
        );
        let fit = store.churn_last_fit().unwrap().unwrap();
        assert_eq!((fit.r, fit.customers), (0.8, 3));
        // One to-do per alert, open.
        let todos = churn_todos(store);
        assert_eq!(todos.len(), 2, "{todos:?}");
        assert!(todos.iter().all(|t| t.2 == "open"));
        assert_eq!(store.churn_alerts_of(c).unwrap(), vec![]);

        // The same day, the same data: nothing written again.
        let steps = |store: &Store| -> usize {
            [a, b]
                .iter()
                .flat_map(|id| store.churn_alerts_of(*id).unwrap())
                .map(|x| store.churn_alert_steps(x.id).unwrap().len())
                .sum()
        };
        assert_eq!(steps(store), 2);
        let again = refresh(store, day("2026-11-30"), a, &days, first_assessment(ids));
        assert_eq!(
            (
                again.raised,
                again.updated,
                again.gone,
                again.todos,
                again.open
            ),
            (0, 0, 0, 0, 2)
        );
        assert_eq!(steps(store), 2);
        assert_eq!(churn_todos(store).len(), 2);
    });
}

#[test]
fn a_later_refresh_merges_and_marks_alerts_and_a_step_closes_the_to_do() {
    each_backend(|store| {
        let Refreshed { ids, days, .. } = refreshed(store);
        let [a, b, c] = ids;
        // A week on: 甲's signals ease to medium (the same alert, updated);
        // 乙 has no purchase day any more (signals gone, left open).
        let days: Vec<_> = days.into_iter().filter(|(id, _)| *id != b).collect();
        let next = |id: i64| {
            Some(match id {
                x if x == a => found(AlertLevel::Medium, &["rhythm"], 200.0, "赵经理"),
                _ => Assessed {
                    finding: None,
                    ..found(AlertLevel::Low, &[], 0.0, "")
                },
            })
        };
        let c3 = refresh(store, day("2026-12-07"), a, &days, next);
        assert_eq!(
            (
                c3.customers,
                c3.raised,
                c3.updated,
                c3.gone,
                c3.open,
                c3.open_high
            ),
            (2, 0, 1, 1, 2, 0)
        );
        assert!(days.iter().any(|(id, _)| *id == c));
        let b_alert = store.churn_alerts_of(b).unwrap().remove(0);
        assert_eq!(b_alert.signals_gone_on.as_deref(), Some("2026-12-07"));
        let a_alerts = store.churn_alerts_of(a).unwrap();
        assert_eq!(a_alerts.len(), 1);
        assert_eq!(a_alerts[0].level, AlertLevel::Medium);

        // A person follows 乙 up: the step is kept, its to-do done; a second
        // window's step from 新 finds it moved and writes nothing.
        let step = |to: AlertStatus, note: &str| AlertMove {
            to,
            note: note.into(),
        };
        let moved = store
            .churn_step(
                b_alert.id,
                AlertStatus::New,
                &step(AlertStatus::Followed, "已电话联系"),
            )
            .unwrap()
            .unwrap();
        assert_eq!(moved.status, AlertStatus::Followed);
        let stale = store
            .churn_step(
                b_alert.id,
                AlertStatus::New,
                &step(AlertStatus::Ignored, ""),
            )
            .unwrap();
        assert_eq!(stale, None);
        let b_steps = store.churn_alert_steps(b_alert.id).unwrap();
        let walk: Vec<_> = b_steps
            .iter()
            .map(|s| (s.from_status, s.to_status, s.note.as_str()))
            .collect();
        assert_eq!(
            walk,
            vec![
                (None, AlertStatus::New, ""),
                (Some(AlertStatus::New), AlertStatus::Followed, "已电话联系")
            ]
        );
        let todos = churn_todos(store);
        let of_b: Vec<&str> = todos
            .iter()
            .filter(|t| t.1 == b_alert.id)
            .map(|t| t.2.as_str())
            .collect();
        assert_eq!(of_b, vec!["done"]);
        // Every write is in the log: the first part of each refresh that
        // changed 甲's alert, each refresh's last part, and the step.
        let log = store
            .audit_list(&tierdesk_domain::audit::AuditFilter {
                action: Some("churn.".into()),
                ..Default::default()
            })
            .unwrap();
        let mut actions: Vec<String> = log.items.iter().map(|e| e.action.clone()).collect();
        actions.reverse();
        assert_eq!(
            actions,
            vec![
                "churn.refresh_part",
                "churn.refresh",
                "churn.refresh_part",
                "churn.refresh",
                "churn.step"
            ]
        );
    });
}

/// (customer, alert, status) of every churn to-do, by id.
fn churn_todos(store: &Store) -> Vec<(Option<i64>, i64, String)> {
    let todos = crate::todos_of_source(store, "churn").into_iter();
    let row = |t: tierdesk_domain::Todo| {
        let status = t.status.key().to_owned();
        (t.customer_id, t.source_id.unwrap_or(0), status)
    };
    todos.map(row).collect()
}
