//! The 分析 pass reads the same customers, purchase days and tier changes
//! on either backend.

use chrono::NaiveDate;
use tierdesk_domain::{NewBatch, TierChange};
use tierdesk_store::testing::{backends, each_backend};
use tierdesk_store::{AnalysisCustomer, AnalysisRead, Store, StoredScheme};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn pass(store: &Store, as_of: &str) -> Vec<AnalysisCustomer> {
    let read = AnalysisRead {
        as_of: day(as_of),
        tier_changes: true,
        followups: true,
        alerts: Some((day("2024-01-01"), day(as_of))),
    };
    let mut out = Vec::new();
    let n = store
        .for_each_analysis_customer(&read, |c| {
            out.push(c.clone());
            Ok(())
        })
        .unwrap();
    assert_eq!(n as usize, out.len());
    out
}

#[test]
fn the_analysis_pass_reads_the_same_on_either_backend() {
    let mut seen = Vec::new();
    each_backend(|store| {
        let [a, b, c, d] = crate::purchases::fill(store);
        store
            .save_scheme(&StoredScheme {
                key: "s".into(),
                version: 1,
                name: "方案".into(),
                definition: String::new(),
            })
            .unwrap();
        let batch = NewBatch {
            scheme_key: "s".into(),
            scheme_version: 1,
            period: "2024".into(),
            as_of: day("2024-12-31"),
            applied_by: "测试员".into(),
            rated_on: day("2024-12-31"),
            next_rating_on: day("2025-12-31"),
        };
        let change = TierChange {
            customer_id: a,
            to_tier: " gold ".into(),
            score: None,
            reason: "r".into(),
            manual: None,
        };
        store.apply_batch(&batch, &[change]).unwrap();
        store.delete_customers(&[c]).unwrap();

        let all = pass(store, "2024-12-31");
        let ids: Vec<i64> = all.iter().map(|x| x.id).collect();
        assert_eq!(ids, [a, b, d], "丙 is in the recycle bin");
        let first = &all[0];
        assert_eq!(first.tier.as_deref(), Some("gold"));
        assert_eq!(
            first.tier_changes,
            [(day("2024-12-31"), None, Some("gold".to_owned()))]
        );
        // 甲 bought on several days up to the as-of day; 丁 only after it.
        assert!(first.days.len() >= 3, "{:?}", first.days);
        assert!(first
            .days
            .iter()
            .all(|(d, n, _)| *d <= day("2024-12-31") && *n >= 1));
        assert!(all[2].days.is_empty());
        assert_eq!(pass(store, "2025-12-31")[2].days.len(), 1);
        seen.push(all);
    });
    assert_eq!(seen.len(), backends());
    if let [lite, team] = &seen[..] {
        assert_eq!(lite, team);
    }
}
