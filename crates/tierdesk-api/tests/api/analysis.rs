//! The 分析 figures over a real database: order lines imported from a
//! sheet, a customer in the recycle bin left out, the tier held at each
//! period's end taken from the tier history (a change by hand, a rating),
//! the figures per 客户经理 with follow-up coverage, and the tier movement
//! of a rating. Hand-computed; the pure cases are in the churn crate.

use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime};
use tierdesk_api::domain::survey::PeriodKind;
use tierdesk_api::domain::{CustomerDraft, FollowupDraft};
use tierdesk_api::testing::each_api_with_dir;
use tierdesk_api::{Api, ErrorCode, Override};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn add(api: &mut Api, code: &str, tier: &str, manager: Option<&str>) -> i64 {
    api.create_customer(CustomerDraft {
        code: Some(code.into()),
        name: format!("客户{code}"),
        tier: Some(tier.into()),
        manager: manager.map(Into::into),
        ..CustomerDraft::default()
    })
    .unwrap()
    .id
}

/// star4: diamond k 1.5 × 30 days, visit every 30 days; gold k 2 × 60;
/// regular k 2 × 180, no visits.
/// A (diamond, 王经理): 10 Jan, 10 Feb, two orders on 10 Mar 2026.
/// B (regular, nobody): 5 Jan. C (silver, 李经理): 1 Feb, then deleted.
/// D (gold, 王经理, changed by hand to diamond today): 15 Mar.
fn archive(api: &mut Api, dir: &Path) -> [i64; 4] {
    let a = add(api, "A", "diamond", Some("王经理"));
    let b = add(api, "B", "regular", None);
    let c = add(api, "C", "silver", Some("李经理"));
    let d = add(api, "D", "gold", Some(" 王经理 "));
    let rows = "\
A-1,A,2026-01-10 10:00:00,茶,1,1000,1000
A-2,A,2026-02-10 10:00:00,茶,1,1000,1000
A-3,A,2026-03-10 10:00:00,茶,1,1200,1200
A-4,A,2026-03-10 15:00:00,茶,1,800,800
B-1,B,2026-01-05 09:00:00,茶,1,100,100
C-1,C,2026-02-01 09:00:00,茶,1,700,700
D-1,D,2026-03-15 09:00:00,茶,1,500,500
D-2,D,2026-04-02 09:00:00,茶,1,900,900
";
    crate::churn::import_orders(api, dir, "订单.csv", rows);
    api.delete_customers(&[c]).unwrap();
    let mut draft = CustomerDraft::from(&api.customer(d).unwrap());
    draft.tier = Some("diamond".into());
    api.update_customer_with_reason(d, draft, "年中升级", "测试")
        .unwrap();
    [a, b, c, d]
}

/// Each by-tier row of `period` (all periods when `None`) as (tier, active, spend).
fn tier_active(
    f: &tierdesk_api::churn_model::retention::RetentionFigures,
    period: Option<&str>,
) -> Vec<(Option<String>, u64, f64)> {
    f.by_tier
        .iter()
        .filter(|r| period.is_none_or(|p| r.period == p))
        .map(|r| (r.tier.clone(), r.active, r.spend))
        .collect()
}

/// March 2026 alone, by tier: (tier, active, spend).
fn march(api: &Api) -> Vec<(Option<String>, u64, f64)> {
    let f = api
        .analysis_retention(PeriodKind::Month, day("2026-03-31"), Some(1))
        .unwrap();
    tier_active(&f, None)
}

fn some(t: &str) -> Option<String> {
    Some(t.to_owned())
}

/// period, active, new, returning, alive at start, alive at end, churned
/// from start, active before, retained, repeat, orders, spend, gap days.
type Line = (String, [u64; 11], f64, u64);

fn lines(f: &tierdesk_api::churn_model::retention::RetentionFigures) -> Vec<Line> {
    f.totals
        .iter()
        .map(|r| {
            (
                r.period.clone(),
                [
                    r.active,
                    r.new,
                    r.returning,
                    r.alive_at_start,
                    r.alive_at_end,
                    r.churned_from_start,
                    r.active_before,
                    r.retained,
                    r.repeat,
                    r.orders,
                    r.gaps,
                ],
                r.spend,
                r.gap_days,
            )
        })
        .collect()
}

#[test]
fn retention_per_month_and_tier() {
    each_api_with_dir(|api, dir| {
        let [a, ..] = archive(api, dir);
        let f = api
            .analysis_retention(PeriodKind::Month, day("2026-03-31"), Some(3))
            .unwrap();
        let keys: Vec<&str> = f.periods.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(keys, ["2026-01", "2026-02", "2026-03"]);
        assert_eq!(
            lines(&f),
            vec![
                (
                    "2026-01".into(),
                    [2, 2, 0, 0, 2, 0, 0, 0, 0, 2, 0],
                    1100.0,
                    0
                ),
                (
                    "2026-02".into(),
                    [1, 0, 1, 2, 2, 0, 2, 1, 0, 1, 1],
                    1000.0,
                    31
                ),
                (
                    "2026-03".into(),
                    [2, 1, 1, 2, 3, 0, 1, 1, 1, 3, 1],
                    2500.0,
                    28
                ),
            ]
        );
        // March by the tier held on 31 March: D (¥500) was gold until today's
        // change, A (¥2,000) diamond.
        let before_rating = vec![
            (some("diamond"), 1, 2000.0),
            (some("gold"), 1, 500.0),
            (some("regular"), 0, 0.0),
        ];
        assert_eq!(tier_active(&f, Some("2026-03")), before_rating);
        assert_eq!(march(api), before_rating);

        // A rating on 31 March (A chosen as 金牌 at review): March now counts
        // each customer under the batch's tier, D under 钻石 instead of 金牌.
        let choice = Override {
            customer_id: a,
            tier: "gold".into(),
            reason: "复核".into(),
            expires_on: None,
        };
        let batch = api
            .apply_evaluation("star4", day("2026-03-31"), None, "测试", &[choice])
            .unwrap();
        assert_eq!(
            march(api),
            vec![
                (some("diamond"), 1, 500.0),
                (some("gold"), 1, 2000.0),
                (some("regular"), 0, 0.0)
            ]
        );
        let february = api
            .analysis_retention(PeriodKind::Month, day("2026-02-28"), Some(1))
            .unwrap();
        let tiers: Vec<Option<&str>> = february.by_tier.iter().map(|r| r.tier.as_deref()).collect();
        assert_eq!(
            tiers,
            [Some("diamond"), Some("regular")],
            "before the batch: the tier it moved from"
        );

        let m = api.analysis_tier_movement().unwrap();
        assert_eq!(m.batches.len(), 1);
        let b = &m.batches[0];
        assert_eq!(b.batch_id, batch.id);
        let counts: Vec<(Option<&str>, u64)> = b
            .counts
            .iter()
            .map(|c| (c.tier.as_deref(), c.customers))
            .collect();
        assert_eq!(
            counts,
            vec![
                (Some("diamond"), 1),
                (Some("gold"), 1),
                (Some("regular"), 1)
            ]
        );
        // A down from 钻石 to 金牌; B and D stay.
        assert_eq!((b.up, b.down, b.same), (0, 1, 2));

        // Undone, the batch counts no more: no movement, and March's tiers are
        // those before it again.
        api.undo_last_batch().unwrap();
        assert!(api.analysis_tier_movement().unwrap().batches.is_empty());
        assert_eq!(march(api), before_rating);
    });
}

#[test]
fn a_year_and_the_last_day_of_a_window() {
    each_api_with_dir(|api, dir| {
        archive(api, dir);
        // B (regular, 360 days) bought on 5 January 2026: still alive on
        // 31 December 2026 (360 days), gone on 1 January 2027.
        let f = api
            .analysis_retention(PeriodKind::Year, day("2027-01-31"), Some(1))
            .unwrap();
        let t = &f.totals[0];
        assert_eq!(t.period, "2027");
        assert_eq!(
            (t.alive_at_start, t.churned_from_start, t.churned),
            (1, 1, 1)
        );
        assert_eq!(t.churn_rate, Some(1.0));
        assert_eq!((t.active_before, t.active, t.retained), (3, 0, 0));
        assert_eq!(t.retention_rate, Some(0.0));
        assert!(f.periods[0].partial);
    });
}

/// 客户经理, customers, active, revenue, visits due, visited, alerts open.
type ManagerLine<'a> = (&'a str, u64, u64, f64, u64, u64, Option<u64>);

#[test]
fn per_manager_and_cohorts() {
    each_api_with_dir(|api, dir| {
        let [a, ..] = archive(api, dir);
        let now =
            NaiveDateTime::parse_from_str("2026-03-20 10:00:00", "%Y-%m-%d %H:%M:%S").unwrap();
        api.add_followup(
            a,
            FollowupDraft {
                at: Some("2026-03-20 10:00".into()),
                subject: "回访".into(),
                content: "电话回访，客户满意".into(),
                ..FollowupDraft::default()
            },
            now,
        )
        .unwrap();
        let f = api
            .analysis_managers(Some(day("2026-01-01")), day("2026-03-31"))
            .unwrap();
        let rows: Vec<ManagerLine> = f
            .rows
            .iter()
            .map(|r| {
                (
                    r.manager.as_str(),
                    r.customers,
                    r.active,
                    r.revenue,
                    r.visits_due,
                    r.visited,
                    r.alerts_open,
                )
            })
            .collect();
        // D's April order is after the span; C is in the recycle bin.
        assert_eq!(
            rows,
            vec![
                ("王经理", 2, 2, 4500.0, 2, 1, None),
                ("未指定", 1, 1, 100.0, 0, 0, None),
            ]
        );
        assert_eq!(f.total.coverage, Some(0.5));

        let c = api.analysis_cohorts(day("2026-03-31"), Some(3)).unwrap();
        let got: Vec<(&str, u64, Vec<u64>)> = c
            .rows
            .iter()
            .map(|r| (r.cohort.as_str(), r.size, r.active.clone()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("2026-01", 2, vec![2, 1, 1]),
                ("2026-02", 0, vec![0, 0]),
                ("2026-03", 1, vec![1]),
            ]
        );

        let bad = api
            .analysis_managers(Some(day("2026-04-01")), day("2026-03-31"))
            .unwrap_err();
        assert_eq!(bad.code, ErrorCode::Invalid);
        assert!(bad.message.contains("晚于"), "{}", bad.message);
        let bad = api
            .analysis_retention(PeriodKind::Month, day("2026-03-31"), Some(0))
            .unwrap_err();
        assert_eq!(bad.code, ErrorCode::Invalid);
    });
}

#[test]
fn the_whole_page_in_one_pass_equals_each_part() {
    each_api_with_dir(|api, dir| {
        let [a, ..] = archive(api, dir);
        api.apply_evaluation("star4", day("2026-03-31"), None, "测试", &[])
            .unwrap();
        let now =
            NaiveDateTime::parse_from_str("2026-04-10 10:00:00", "%Y-%m-%d %H:%M:%S").unwrap();
        api.add_followup(
            a,
            FollowupDraft {
                at: Some("2026-04-10 10:00".into()),
                content: "上门拜访".into(),
                ..FollowupDraft::default()
            },
            now,
        )
        .unwrap();
        let as_of = day("2026-04-30");
        for by in [PeriodKind::Month, PeriodKind::Quarter, PeriodKind::Year] {
            let all = api.analysis_all(by, as_of).unwrap();
            assert_eq!(
                all.retention,
                api.analysis_retention(by, as_of, None).unwrap()
            );
            assert_eq!(all.cohorts, api.analysis_cohorts(as_of, None).unwrap());
            assert_eq!(all.managers, api.analysis_managers(None, as_of).unwrap());
            assert_eq!(all.movement, api.analysis_tier_movement().unwrap());
            // A (钻石, a visit every 30 days) was seen 20 days before the end.
            assert_eq!(all.managers.total.visited, 1);
            assert_eq!(all.movement.batches.len(), 1);
        }
    });
}

// SQLite only: plays someone breaking the file with a SQLite shell.
#[test]
fn an_unreadable_active_scheme_is_an_error_not_untiered_figures() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("方案.db");
    let mut api = Api::open(&path).unwrap();
    add(&mut api, "A", "gold", None);
    let as_of = day("2026-03-31");
    assert!(api.analysis_all(PeriodKind::Month, as_of).is_ok());
    // A scheme nobody can read: the figures must say so.
    let raw = rusqlite::Connection::open(&path).unwrap();
    let n = raw
        .execute(
            "UPDATE schemes SET definition = '不是方案 [' WHERE key = 'star4'",
            [],
        )
        .unwrap();
    assert!(n > 0, "star4 is stored");
    let e = api.analysis_all(PeriodKind::Month, as_of).unwrap_err();
    assert_eq!(e.code, ErrorCode::Internal, "{}", e.message);
    let e = api
        .analysis_retention(PeriodKind::Month, as_of, Some(1))
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Internal);
}
