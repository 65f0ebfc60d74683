//! The questions asked before a rating is written or undone: the count the
//! confirmation announces is the count the batch records (after the review's
//! choices and the customers binned since the preview), and an undo names
//! its batch and the customers it puts back, as the store has them.

use chrono::NaiveDate;
use tierdesk_api::domain::CustomerDraft;
use tierdesk_api::testing::each_api;
use tierdesk_api::{Api, Override};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn add(api: &mut Api, code: &str, spend: f64, tier: Option<&str>) -> i64 {
    api.create_customer(CustomerDraft {
        code: Some(code.into()),
        name: format!("客户{code}"),
        spend: Some(spend),
        tier: tier.map(Into::into),
        ..Default::default()
    })
    .unwrap()
    .id
}

fn keep(customer_id: i64, tier: &str) -> Override {
    Override {
        customer_id,
        tier: tier.into(),
        reason: "复核后维持".into(),
        expires_on: None,
    }
}

/// star4 over four customers: A silver → gold, B silver stays, C none →
/// diamond, D gold → silver. The preview moves A, C and D.
fn four(api: &mut Api) -> [i64; 4] {
    let a = add(api, "A", 150_000.0, Some("silver"));
    let b = add(api, "B", 50_000.0, Some("silver"));
    let c = add(api, "C", 400_000.0, None);
    let d = add(api, "D", 25_000.0, Some("gold"));
    [a, b, c, d]
}

#[test]
fn a_customer_kept_in_their_tier_at_review_is_not_announced_as_moving() {
    each_api(|api| {
        let [a, b, ..] = four(api);
        let on = day("2024-12-31");
        let preview = api.preview_evaluation("star4", on).unwrap();
        // The number the confirmation showed before: the proposal's, not what applying writes.
        assert_eq!(preview.moved, 3);

        // (the review's choices, moved announced = moved recorded)
        let cases: [(Vec<Override>, u64, u64); 3] = [
            (vec![], 3, 0),
            // A kept in 银牌 at review: 5,128 announced, 5,127 written, in small.
            (vec![keep(a, "silver")], 2, 1),
            // B, whom the rules leave in 银牌, raised to 金牌 by hand: one more moves.
            (vec![keep(a, "silver"), keep(b, "gold")], 3, 2),
        ];
        for (choices, moved, overrides) in cases {
            let plan = api.apply_plan("star4", on, None, &choices).unwrap();
            assert_eq!(
                (plan.customers, plan.moved, plan.overrides),
                (4, moved, overrides),
                "{choices:?}"
            );
            let batch = api
                .apply_evaluation("star4", on, None, "测试员", &choices)
                .unwrap();
            assert_eq!(batch.moved, plan.moved, "{choices:?}");
            assert_eq!(batch.customers, plan.customers);
            api.undo_last_batch().unwrap();
        }
    });
}

#[test]
fn a_customer_binned_after_the_preview_is_not_counted() {
    each_api(|api| {
        let [_, _, _, d] = four(api);
        let on = day("2024-12-31");
        let preview = api.preview_evaluation("star4", on).unwrap();
        assert_eq!((preview.customers, preview.moved), (4, 3));
        api.delete_customers(&[d]).unwrap();
        let plan = api.apply_plan("star4", on, None, &[]).unwrap();
        assert_eq!((plan.customers, plan.moved), (3, 2));
        let batch = api
            .apply_evaluation("star4", on, None, "测试员", &[])
            .unwrap();
        assert_eq!((batch.customers, batch.moved), (3, 2));
    });
}

#[test]
fn an_undo_names_its_batch_and_the_customers_it_puts_back() {
    each_api(|api| {
        let [.., d] = four(api);
        assert_eq!(api.undo_plan().unwrap(), None, "nothing to undo yet");
        let first = api
            .apply_evaluation("star4", day("2024-12-31"), None, "测试员", &[])
            .unwrap();
        api.delete_customers(&[d]).unwrap();
        let second = api
            .apply_evaluation("star4", day("2025-12-31"), None, "测试员", &[])
            .unwrap();
        let plan = api.undo_plan().unwrap().expect("a batch to undo");
        assert_eq!(plan.batch_id, second.id);
        assert_eq!(plan.period, "2025");
        assert_eq!(plan.title, "2025年度评级");
        // Every customer the batch rated, moved or not; D was in the bin by then.
        assert_eq!(plan.customers, 3);

        api.undo_last_batch().unwrap();
        let plan = api.undo_plan().unwrap().expect("the first batch");
        assert_eq!((plan.batch_id, plan.customers), (first.id, 4));
        assert_eq!(plan.title, "2024年度评级");
        api.undo_last_batch().unwrap();
        assert_eq!(api.undo_plan().unwrap(), None);
    });
}

#[test]
fn a_quarter_is_named_in_words() {
    assert_eq!(tierdesk_api::batch_title("2026Q4"), "2026年第四季度评级");
    assert_eq!(tierdesk_api::batch_title("2026H1"), "2026年上半年评级");
}
