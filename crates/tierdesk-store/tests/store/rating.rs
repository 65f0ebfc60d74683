//! Batches with tiers chosen at review, and runs of ratings with the same
//! kind of reason, on either backend.

use chrono::NaiveDate;
use tierdesk_domain::{CustomerDraft, ManualChoice, NewBatch, TierChange};
use tierdesk_store::testing::each_backend;
use tierdesk_store::{Store, StoreError, StoredScheme};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn batch(as_of: &str) -> NewBatch {
    NewBatch {
        scheme_key: "s".into(),
        scheme_version: 1,
        period: as_of[..4].into(),
        as_of: day(as_of),
        applied_by: "测试员".into(),
        rated_on: day(as_of),
        next_rating_on: day(as_of),
    }
}

fn change(customer_id: i64, tier: &str, reason: &str) -> TierChange {
    TierChange {
        customer_id,
        to_tier: tier.into(),
        score: None,
        reason: reason.into(),
        manual: None,
    }
}

/// The scheme "s" and one customer per name; their ids.
fn fill(s: &mut Store, names: &[&str]) -> Vec<i64> {
    s.save_scheme(&StoredScheme {
        key: "s".into(),
        version: 1,
        name: "方案".into(),
        definition: String::new(),
    })
    .unwrap();
    let ids = names
        .iter()
        .map(|n| {
            s.insert_customer(&CustomerDraft {
                name: (*n).into(),
                ..Default::default()
            })
            .unwrap()
            .id
        })
        .collect();
    ids
}

#[test]
fn reason_streaks_count_the_newest_run_of_batches_in_force() {
    each_backend(|s| {
        let ids = fill(s, &["甲", "乙", "丙"]);
        let (a, b, c) = (ids[0], ids[1], ids[2]);
        // (甲, 乙, 丙) reasons per batch, oldest first.
        let rounds = [
            (
                "2021-12-31",
                ["宽限期：第 1/3 期", "2021 评级", "宽限期：第 1/3 期"],
            ),
            (
                "2022-12-31",
                ["2022 评级", "宽限期：第 1/3 期", "宽限期：第 2/3 期"],
            ),
            (
                "2023-12-31",
                ["宽限期：第 1/3 期", "宽限期：第 2/3 期", "人工调整：老客户"],
            ),
            (
                "2024-12-31",
                ["宽限期：第 2/3 期", "宽限期：第 3/3 期", "2024 评级"],
            ),
        ];
        for (as_of, reasons) in rounds {
            let changes: Vec<TierChange> = ids
                .iter()
                .zip(reasons)
                .map(|(id, r)| change(*id, "gold", r))
                .collect();
            s.apply_batch(&batch(as_of), &changes).unwrap();
        }
        let mut got = s.reason_streaks("宽限期：").unwrap();
        got.sort();
        assert_eq!(got, [(a, 2), (b, 3)], "丙's run was ended");

        // An undone batch does not count.
        s.undo_last_batch().unwrap();
        let mut got = s.reason_streaks("宽限期：").unwrap();
        got.sort();
        assert_eq!(got, [(a, 1), (b, 2)]);
        let _ = c;
    });
}

#[test]
fn choices_at_review_are_kept_with_their_batch_and_go_with_it() {
    each_backend(|s| {
        let ids = fill(s, &["甲", "乙"]);
        let mut chosen = change(ids[1], "gold", "人工调整：年底大单");
        chosen.manual = Some(ManualChoice {
            proposed_tier: "regular".into(),
            reason: "年底大单".into(),
            expires_on: Some(day("2025-06-30")),
        });
        let b = s
            .apply_batch(
                &batch("2024-12-31"),
                &[change(ids[0], "silver", "2024 评级"), chosen],
            )
            .unwrap();
        assert_eq!((b.customers, b.moved, b.overrides), (2, 2, 1));
        assert_eq!(s.batch(b.id).unwrap().unwrap().overrides, 1);

        let listed = s.batch_overrides(b.id).unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(
            (
                listed[0].name.as_str(),
                listed[0].proposed_tier.as_str(),
                listed[0].tier.as_str(),
                listed[0].who.as_str()
            ),
            ("乙", "regular", "gold", "测试员")
        );
        // (as-of date, customers whose choice still holds)
        for (as_of, holding) in [("2025-01-01", 1), ("2025-06-30", 1), ("2025-07-01", 0)] {
            assert_eq!(
                s.standing_overrides("s", day(as_of)).unwrap().len(),
                holding,
                "{as_of}"
            );
        }
        assert!(s
            .standing_overrides("other", day("2025-01-01"))
            .unwrap()
            .is_empty());

        s.undo_last_batch().unwrap();
        assert!(s.batch_overrides(b.id).unwrap().is_empty());
        assert!(s
            .standing_overrides("s", day("2025-01-01"))
            .unwrap()
            .is_empty());
        assert!(s.batch(b.id).unwrap().unwrap().undone_at.is_some());
        assert!(s.batch(999).unwrap().is_none());
    });
}

#[test]
fn undoing_a_rating_never_overwrites_a_tier_changed_by_hand_since() {
    each_backend(|s| {
        let ids = fill(s, &["甲", "乙", "丙"]);
        let b = s
            .apply_batch(
                &batch("2024-12-31"),
                &[
                    change(ids[0], "silver", "2024 评级"),
                    change(ids[1], "silver", "2024 评级"),
                    change(ids[2], "gold", "2024 评级"),
                ],
            )
            .unwrap();
        // After the rating, 乙's tier is changed by hand, with a reason.
        let mut draft = CustomerDraft::from(&s.customer(ids[1]).unwrap());
        draft.tier = Some("diamond".into());
        s.update_customer_by_hand(ids[1], &draft, "测试员", Some("手工调整：年度大客户特批"))
            .unwrap();

        let err = s.undo_last_batch().unwrap_err();
        assert!(
            matches!(&err, StoreError::BatchUndoWouldLoseEdits { id, count: 1, customers }
            if *id == b.id && customers.len() == 1 && customers[0].contains("乙")),
            "{err:?}"
        );
        assert!(err.to_string().contains("手工调整"), "{err}");
        // Nothing changed: the batch is in force, every tier as it was.
        assert!(s.batch(b.id).unwrap().unwrap().undone_at.is_none());
        let tiers: Vec<Option<String>> =
            ids.iter().map(|id| s.customer(*id).unwrap().tier).collect();
        assert_eq!(
            tiers,
            [
                Some("silver".to_string()),
                Some("diamond".to_string()),
                Some("gold".to_string())
            ]
        );

        // A later rating without hand changes since undoes as usual.
        let d = s
            .insert_customer(&CustomerDraft {
                name: "丁".into(),
                ..Default::default()
            })
            .unwrap()
            .id;
        s.apply_batch(&batch("2025-12-31"), &[change(d, "gold", "2025 评级")])
            .unwrap();
        s.undo_last_batch().unwrap();
        assert_eq!(s.customer(d).unwrap().tier, None);
        assert_eq!(s.customer(ids[1]).unwrap().tier.as_deref(), Some("diamond"));
    });
}

/// A form opened before another window changed the customer's tier, and
/// saved without a reason (the person saw no change of tier), is refused:
/// the tier would otherwise change by hand with no reason in the history.
#[test]
fn a_tier_changed_meanwhile_is_not_saved_without_a_reason() {
    each_backend(|s| {
        let ids = fill(s, &["甲"]);
        let form = CustomerDraft::from(&s.customer(ids[0]).unwrap());
        // Another window sets the tier, with its reason.
        let mut other = form.clone();
        other.tier = Some("gold".into());
        s.update_customer_by_hand(ids[0], &other, "同事", Some("手工调整：大单"))
            .unwrap();
        let history = s.tier_history(ids[0]).unwrap().len();
        // The first form is saved with an edited note and the tier it saw.
        let mut mine = form;
        mine.notes = Some("改了备注".into());
        let err = s
            .update_customer_by_hand(ids[0], &mine, "测试员", None)
            .unwrap_err();
        assert!(
            matches!(err, StoreError::TierChangedMeanwhile(ref n) if n == "甲"),
            "{err:?}"
        );
        let now = s.customer(ids[0]).unwrap();
        assert_eq!((now.tier.as_deref(), now.notes), (Some("gold"), None));
        assert_eq!(s.tier_history(ids[0]).unwrap().len(), history);
    });
}

/// A rating counts as moved only customers whose tier changes, skips a
/// customer no longer there, and keeps each customer's tier and rating
/// dates from before in its history, in the order of the changes.
#[test]
fn a_rating_moves_and_records_only_the_customers_still_there() {
    each_backend(|s| {
        let ids = fill(s, &["甲", "乙", "丙"]);
        let first = s
            .apply_batch(&batch("2023-12-31"), &[change(ids[0], "gold", "2023 评级")])
            .unwrap();
        assert_eq!((first.customers, first.moved), (1, 1));
        let mut scored = change(ids[1], "silver", "2024 评级");
        scored.score = Some(1234.5);
        let b = s
            .apply_batch(
                &batch("2024-12-31"),
                &[
                    change(ids[2], "", "2024 评级"),
                    change(ids[0], "gold", "2024 评级"),
                    change(999_999, "gold", "2024 评级"),
                    scored,
                ],
            )
            .unwrap();
        // Four changes offered; 甲 stays gold, 999,999 is not there.
        assert_eq!((b.customers, b.moved, b.overrides), (4, 2, 0));
        assert_eq!(
            s.batch_to_undo().unwrap().map(|(x, n)| (x.id, n)),
            Some((b.id, 3))
        );
        let history = s.tier_history(ids[0]).unwrap();
        let rows: Vec<_> = history
            .iter()
            .map(|h| (h.batch_id, h.from_tier.clone(), h.to_tier.clone()))
            .collect();
        assert_eq!(
            rows,
            [
                (Some(b.id), Some("gold".to_owned()), Some("gold".to_owned())),
                (Some(first.id), None, Some("gold".to_owned())),
            ]
        );
        let h = &s.tier_history(ids[1]).unwrap()[0];
        assert_eq!((h.score, h.reason.as_str()), (Some(1234.5), "2024 评级"));
        // History rows follow the order of the changes: 丙 before 甲 before 乙.
        let id_of = |c: i64| s.tier_history(c).unwrap()[0].id;
        assert!(id_of(ids[2]) < id_of(ids[0]) && id_of(ids[0]) < id_of(ids[1]));
        let c = s.customer(ids[1]).unwrap();
        assert_eq!(
            (c.tier.as_deref(), c.last_rated_on, c.next_rating_on),
            (
                Some("silver"),
                Some(day("2024-12-31")),
                Some(day("2024-12-31"))
            )
        );
        s.undo_last_batch().unwrap();
        assert_eq!(s.customer(ids[0]).unwrap().tier.as_deref(), Some("gold"));
        let c = s.customer(ids[1]).unwrap();
        assert_eq!((c.tier, c.last_rated_on), (None, None));
    });
}

/// The report's figures of ratings: a batch's flows ("not rated" first),
/// its movers by spend, and the tiers of every batch in force.
#[test]
fn report_figures_of_ratings_come_in_order() {
    each_backend(|s| {
        let ids = fill(s, &["甲", "乙", "丙"]);
        let first = s
            .apply_batch(
                &batch("2023-12-31"),
                &[change(ids[0], "gold", "r"), change(ids[1], "silver", "r")],
            )
            .unwrap();
        let second = s
            .apply_batch(
                &batch("2024-12-31"),
                &[
                    change(ids[0], "gold", "r"),
                    change(ids[1], "gold", "r"),
                    change(ids[2], "bronze", "r"),
                ],
            )
            .unwrap();
        let flows = s.batch_matrix(second.id).unwrap();
        let some = |t: &str| Some(t.to_owned());
        assert_eq!(
            flows,
            [
                (None, some("bronze"), 1),
                (some("gold"), some("gold"), 1),
                (some("silver"), some("gold"), 1),
            ]
        );
        let movers: Vec<i64> = s
            .batch_moves(second.id)
            .unwrap()
            .iter()
            .map(|m| m.customer_id)
            .collect();
        // 甲 stayed gold; the others moved, by id as neither has spend.
        assert_eq!(movers, [ids[1], ids[2]]);
        assert_eq!(
            s.tier_counts_by_batch().unwrap(),
            [
                (first.id, some("gold"), 1),
                (first.id, some("silver"), 1),
                (second.id, some("bronze"), 1),
                (second.id, some("gold"), 2),
            ]
        );
        s.undo_last_batch().unwrap();
        assert_eq!(s.tier_counts_by_batch().unwrap().len(), 2);
    });
}

/// The analysis page's flows of every batch in force, ordered within a
/// batch ("not rated" first), and no churn refresh yet on a new database.
#[test]
fn tier_flows_come_in_order_per_batch() {
    each_backend(|s| {
        let ids = fill(s, &["甲", "乙", "丙"]);
        assert!(!s.churn_refreshed().unwrap());
        let b = s
            .apply_batch(
                &batch("2024-12-31"),
                &[
                    change(ids[0], "silver", "r"),
                    change(ids[1], "gold", "r"),
                    change(ids[2], "gold", "r"),
                ],
            )
            .unwrap();
        let again = s
            .apply_batch(&batch("2025-12-31"), &[change(ids[0], "gold", "r")])
            .unwrap();
        let some = |t: &str| Some(t.to_owned());
        assert_eq!(
            s.tier_flows().unwrap(),
            [
                (b.id, None, some("gold"), 2),
                (b.id, None, some("silver"), 1),
                (again.id, some("silver"), some("gold"), 1),
            ]
        );
    });
}

/// A rating computed from the scheme at one revision is written only while
/// the scheme is still there: a save in between (the editor overwriting the
/// unused version in place) refuses the rating, naming who saved, with no
/// batch, no history and every customer's tier as it was; rated again from
/// the revision now stored, it goes through and moves exactly its customers.
#[test]
fn a_rating_whose_scheme_was_saved_meanwhile_writes_nothing() {
    each_backend(|s| {
        let ids = fill(s, &["甲", "乙", "丙"]);
        let rated = s.scheme_head("s").unwrap().unwrap().revision;
        s.set_actor(tierdesk_domain::audit::Actor {
            user: "张三".into(),
            source: tierdesk_domain::audit::Source::App,
        });
        s.save_scheme_at(
            &StoredScheme {
                key: "s".into(),
                version: 1,
                name: "方案".into(),
                definition: "spend >= 1".into(),
            },
            rated,
            &Default::default(),
        )
        .unwrap();
        let changes: Vec<TierChange> = ids[..2]
            .iter()
            .map(|&id| change(id, "gold", "评级"))
            .collect();
        let e = s
            .apply_batch_rated_at(&batch("2026-06-30"), &changes, None, Some(rated))
            .unwrap_err();
        assert!(
            matches!(&e, StoreError::SchemeChangedDuringRating { who } if who == "张三"),
            "{e:?}"
        );
        let count = |s: &Store, sql: &str| -> i64 {
            tierdesk_store::testing::query_texts(s, sql)[0]
                .parse()
                .unwrap()
        };
        assert_eq!(count(s, "SELECT CAST(count(*) AS TEXT) FROM batches"), 0);
        assert_eq!(
            count(s, "SELECT CAST(count(*) AS TEXT) FROM tier_history"),
            0
        );
        for &id in &ids {
            assert_eq!(s.customer(id).unwrap().tier, None);
        }
        let now = s.scheme_head("s").unwrap().unwrap().revision;
        assert_eq!(now, rated + 1);
        let b = s
            .apply_batch_rated_at(&batch("2026-06-30"), &changes, None, Some(now))
            .unwrap();
        assert_eq!(b.moved, 2);
        assert_eq!(count(s, "SELECT CAST(count(*) AS TEXT) FROM batches"), 1);
        let tiers: Vec<Option<String>> =
            ids.iter().map(|&id| s.customer(id).unwrap().tier).collect();
        assert_eq!(tiers, [Some("gold".into()), Some("gold".into()), None]);
    });
}
