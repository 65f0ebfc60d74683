//! The churn refresh's read of purchase days: one entry per customer with a
//! purchase, in id order; a day per day with a purchase line (orders of one
//! day added up); returns, cancellations, zero amounts and days after the
//! as-of day left out.

use chrono::NaiveDate;

use tierdesk_domain::survey::{NewSurveyAnswer, SurveyChannel};
use tierdesk_domain::{CustomerDraft, LineOwner, OwnedLine, TransactionDraft, TxKind};

use crate::purchases::store;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn purchase_days_are_one_ordered_entry_per_customer_with_a_day_per_purchase_day() {
    let (store, [a, _, _, d]) = store();
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
}

#[test]
fn two_orders_on_one_day_are_one_purchase_day_with_both_amounts() {
    let mut store = tierdesk_store::Store::open_in_memory().unwrap();
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
            occurred_at: chrono::NaiveDateTime::parse_from_str(when, "%Y-%m-%d %H:%M:%S").unwrap(),
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
}

#[test]
fn the_unhappy_answer_read_is_the_latest_inside_the_window_not_one_after_the_as_of_day() {
    let (mut store, [a, b, _, _]) = store();
    // 甲: unhappy inside the window, and again after the as-of day; 乙: only
    // before the window.
    for (who, on, nps) in [
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
}
