//! Hand-computed cases for the retention figures. Untiered customers use
//! k 2 and a usual interval of 30 days (a 60-day window); `gold` uses k 1.5
//! and 20 days (30 days).

use super::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn rhythms() -> Rhythms {
    Rhythms {
        by_tier: HashMap::from([
            (
                "gold".to_owned(),
                Rhythm {
                    factor: 1.5,
                    usual_interval_days: 20,
                },
            ),
            // 1.15 × 100 is 114.99999999999999 in floating point.
            (
                "k115".to_owned(),
                Rhythm {
                    factor: 1.15,
                    usual_interval_days: 100,
                },
            ),
        ]),
        other: Rhythm {
            factor: 2.0,
            usual_interval_days: 30,
        },
    }
}

struct Customer {
    tier_now: Option<&'static str>,
    changes: Vec<TierChange>,
    days: Vec<PurchaseDay>,
}

fn buyer(tier_now: Option<&'static str>, days: &[(&str, u32, f64)]) -> Customer {
    Customer {
        tier_now,
        changes: Vec::new(),
        days: days
            .iter()
            .map(|&(day, orders, spend)| PurchaseDay {
                day: d(day),
                orders,
                spend,
            })
            .collect(),
    }
}

fn run(by: PeriodKind, as_of: &str, count: usize, customers: &[Customer]) -> RetentionFigures {
    let mut tally = RetentionTally::new(by, d(as_of), count, rhythms());
    for c in customers {
        tally.add(&CustomerHistory {
            tier_now: c.tier_now,
            tier_changes: &c.changes,
            days: &c.days,
        });
    }
    tally.finish(&["gold".to_owned(), "silver".to_owned()])
}

/// period, active, new, returning, alive at start, alive at end, churned,
/// churned from start, active before, retained, repeat, orders, gaps, gap days.
type Counts = (&'static str, [u64; 13]);

fn counts(r: &RetentionRow) -> [u64; 13] {
    [
        r.active,
        r.new,
        r.returning,
        r.alive_at_start,
        r.alive_at_end,
        r.churned,
        r.churned_from_start,
        r.active_before,
        r.retained,
        r.repeat,
        r.orders,
        r.gaps,
        r.gap_days,
    ]
}

fn check(name: &str, f: &RetentionFigures, want: &[Counts]) {
    let got: Vec<(String, [u64; 13])> = f
        .totals
        .iter()
        .map(|r| (r.period.clone(), counts(r)))
        .collect();
    let want: Vec<(String, [u64; 13])> = want.iter().map(|(p, c)| (p.to_string(), *c)).collect();
    assert_eq!(got, want, "{name}");
}

/// Name, periods of, as of, how many, customers, expected totals.
type Case = (
    &'static str,
    PeriodKind,
    &'static str,
    usize,
    Vec<Customer>,
    Vec<Counts>,
);

#[test]
fn totals_per_period() {
    #[rustfmt::skip]
    let cases: Vec<Case> = vec![
        ("no customers: every period has a row of zeros", PeriodKind::Month, "2024-03-31", 2,
         vec![],
         vec![("2024-02", [0; 13]), ("2024-03", [0; 13])]),
        // Window 60 days from 5 January: alive through 5 March, gone on 6 March.
        ("new in January, churned in March (leap February)", PeriodKind::Month, "2024-03-31", 3,
         vec![buyer(None, &[("2024-01-05", 1, 100.0)])],
         vec![("2024-01", [1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0]),
              ("2024-02", [0, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0]),
              ("2024-03", [0, 0, 0, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0])]),
        ("new and churned in the same year: churned, but not from the start", PeriodKind::Year, "2023-12-31", 1,
         vec![buyer(None, &[("2023-02-01", 1, 50.0)])],
         vec![("2023", [1, 1, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0])]),
        // 30 December 2023 + 61 days = 29 February 2024: churned in February.
        ("leap year: the window ends on 29 February", PeriodKind::Month, "2024-03-31", 2,
         vec![buyer(None, &[("2023-12-30", 1, 10.0)])],
         vec![("2024-02", [0, 0, 0, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0]),
              ("2024-03", [0; 13])]),
        // 30 December 2022 + 61 days = 1 March 2023: churned in March.
        ("no leap year: the same window ends on 1 March", PeriodKind::Month, "2023-03-31", 2,
         vec![buyer(None, &[("2022-12-30", 1, 10.0)])],
         vec![("2023-02", [0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]),
              ("2023-03", [0, 0, 0, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0])]),
        // Q3 (hidden) active; Q4 gap 10 Aug → 20 Nov = 102; Q1 gap 20 Nov → 5 Jan = 46.
        ("quarters across a year end; the last one ends at the as-of day", PeriodKind::Quarter, "2024-02-15", 2,
         vec![buyer(None, &[("2023-08-10", 1, 10.0), ("2023-11-20", 1, 20.0), ("2024-01-05", 2, 30.0)])],
         vec![("2023Q4", [1, 0, 1, 1, 1, 0, 0, 1, 1, 0, 1, 1, 102]),
              ("2024Q1", [1, 0, 1, 1, 1, 0, 0, 1, 1, 1, 2, 1, 46])]),
        // Gaps 10, 10, 20: median 10, window 20 from 10 Feb: alive through 1 March.
        ("own median with three gaps", PeriodKind::Month, "2024-03-31", 2,
         vec![buyer(None, &[("2024-01-01", 1, 1.0), ("2024-01-11", 1, 1.0), ("2024-01-21", 1, 1.0), ("2024-02-10", 1, 1.0)])],
         vec![("2024-02", [1, 0, 1, 1, 1, 0, 0, 1, 1, 0, 1, 1, 20]),
              ("2024-03", [0, 0, 0, 1, 0, 1, 1, 1, 0, 0, 0, 0, 0])]),
        // Two gaps only: the usual 30 × 2 = 60 days from 21 January (alive on
        // 29 February, gone on 22 March); their median 10 would give 20 days.
        ("two gaps: the usual interval, not the customer's", PeriodKind::Month, "2024-03-31", 1,
         vec![buyer(None, &[("2024-01-01", 1, 1.0), ("2024-01-11", 1, 1.0), ("2024-01-21", 1, 1.0)])],
         vec![("2024-03", [0, 0, 0, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0])]),
        // Gaps 10, 10, 20, 30: median 15, window 30 from 11 March: gone on
        // 11 April (the upper middle gap, 20, would keep the customer alive).
        ("even count: the mean of the two middle gaps", PeriodKind::Month, "2024-04-15", 1,
         vec![buyer(None, &[("2024-01-01", 1, 1.0), ("2024-01-11", 1, 1.0), ("2024-01-21", 1, 1.0), ("2024-02-10", 1, 1.0), ("2024-03-11", 1, 1.0)])],
         vec![("2024-04", [0, 0, 0, 1, 0, 1, 1, 1, 0, 0, 0, 0, 0])]),
        // Exactly k × interval days since the last purchase is still alive: 1 Jan + 60 = 1 Mar.
        ("exactly k × interval is still alive", PeriodKind::Month, "2024-03-01", 1,
         vec![buyer(None, &[("2024-01-01", 1, 1.0)])],
         vec![("2024-03", [0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0])]),
        // gold: window 1.5 × 20 = 30 days from 1 January: gone on 1 February.
        ("a tier's own k and usual interval", PeriodKind::Month, "2024-02-01", 1,
         vec![buyer(Some("gold"), &[("2024-01-01", 1, 5.0)])],
         vec![("2024-02", [0, 0, 0, 1, 0, 1, 1, 1, 0, 0, 0, 0, 0])]),
        // k115: 1.15 × 100 = 115 days from 1 January: alive on 25 April, gone on 26 April.
        ("exactly 1.15 × 100 = 115 days is still alive", PeriodKind::Month, "2024-04-25", 1,
         vec![buyer(Some("k115"), &[("2024-01-01", 1, 1.0)])],
         vec![("2024-04", [0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0])]),
        ("116 days past 1.15 × 100 is gone", PeriodKind::Month, "2024-04-26", 1,
         vec![buyer(Some("k115"), &[("2024-01-01", 1, 1.0)])],
         vec![("2024-04", [0, 0, 0, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0])]),
        ("purchases after the as-of day do not count", PeriodKind::Month, "2024-01-15", 1,
         vec![buyer(None, &[("2024-01-10", 1, 5.0), ("2024-01-20", 3, 50.0)])],
         vec![("2024-01", [1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0])]),
        ("came back in the period: not churned", PeriodKind::Month, "2024-05-31", 1,
         vec![buyer(None, &[("2024-01-10", 1, 5.0), ("2024-05-20", 1, 5.0)])],
         vec![("2024-05", [1, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1, 1, 131])]),
    ];
    for (name, by, as_of, count, customers, want) in cases {
        let f = run(by, as_of, count, &customers);
        assert_eq!(f.periods.len(), count, "{name}: periods");
        check(name, &f, &want);
    }
}

#[test]
fn rates_and_money() {
    // Two untiered customers in February 2024, one gold.
    let customers = vec![
        buyer(None, &[("2024-01-20", 1, 100.0), ("2024-02-05", 2, 300.0)]),
        buyer(None, &[("2024-01-25", 1, 40.0)]),
        buyer(
            Some("gold"),
            &[("2023-12-01", 1, 10.0), ("2024-02-10", 1, 60.0)],
        ),
    ];
    let f = run(PeriodKind::Month, "2024-02-29", 1, &customers);
    let t = &f.totals[0];
    assert_eq!(t.period, "2024-02");
    // Active: the first and the gold one; alive at 31 January: the two
    // untiered ones (gold's 30-day window from 1 December is long gone).
    assert_eq!(
        (t.active, t.alive_at_start, t.churned_from_start),
        (2, 2, 0)
    );
    assert_eq!((t.active_before, t.retained), (2, 1));
    assert_eq!(t.churn_rate, Some(0.0));
    assert_eq!(t.retention_rate, Some(0.5));
    assert_eq!(t.repeat_rate, Some(0.5));
    assert_eq!(t.spend, 360.0);
    assert_eq!(t.value_per_active, Some(180.0));
    // Gaps 20 Jan → 5 Feb = 16 and 1 Dec → 10 Feb = 71.
    assert_eq!(t.average_interval, Some(43.5));
    let tiers: Vec<(Option<&str>, u64, u64)> = f
        .by_tier
        .iter()
        .map(|r| (r.tier.as_deref(), r.active, r.alive_at_start))
        .collect();
    assert_eq!(tiers, vec![(Some("gold"), 1, 0), (None, 1, 2)]);
}

#[test]
fn tier_at_the_period_end() {
    let changes = vec![
        TierChange {
            on: d("2024-01-15"),
            from: None,
            to: Some("gold".into()),
        },
        TierChange {
            on: d("2024-03-10"),
            from: Some("gold".into()),
            to: Some("silver".into()),
        },
    ];
    let h = CustomerHistory {
        tier_now: Some("bronze"),
        tier_changes: &changes,
        days: &[],
    };
    let cases = [
        ("2024-01-14", None),
        ("2024-01-15", Some("gold")),
        ("2024-03-09", Some("gold")),
        ("2024-03-31", Some("silver")),
    ];
    for (day, want) in cases {
        assert_eq!(h.tier_at(d(day)), want, "{day}");
    }
    let none = CustomerHistory {
        tier_now: Some("bronze"),
        tier_changes: &[],
        days: &[],
    };
    assert_eq!(none.tier_at(d("2024-01-01")), Some("bronze"));

    // Counted under the tier at each month's end: silver in March, gold in February.
    let c = Customer {
        tier_now: Some("bronze"),
        changes,
        days: vec![
            PurchaseDay {
                day: d("2024-02-01"),
                orders: 1,
                spend: 1.0,
            },
            PurchaseDay {
                day: d("2024-03-01"),
                orders: 1,
                spend: 1.0,
            },
        ],
    };
    let f = run(PeriodKind::Month, "2024-03-31", 2, &[c]);
    let rows: Vec<(&str, Option<&str>, u64)> = f
        .by_tier
        .iter()
        .map(|r| (r.period.as_str(), r.tier.as_deref(), r.active))
        .collect();
    assert_eq!(
        rows,
        vec![("2024-02", Some("gold"), 1), ("2024-03", Some("silver"), 1)]
    );
}

#[test]
fn period_names_and_bounds() {
    let cases = [
        (
            PeriodKind::Month,
            "2024-02-10",
            "2024-02",
            "2024年2月",
            "2024-02-01",
            "2024-02-29",
        ),
        (
            PeriodKind::Month,
            "2023-02-10",
            "2023-02",
            "2023年2月",
            "2023-02-01",
            "2023-02-28",
        ),
        (
            PeriodKind::Quarter,
            "2024-11-30",
            "2024Q4",
            "2024年第四季度",
            "2024-10-01",
            "2024-12-31",
        ),
        (
            PeriodKind::Quarter,
            "2024-01-01",
            "2024Q1",
            "2024年第一季度",
            "2024-01-01",
            "2024-03-31",
        ),
        (
            PeriodKind::Year,
            "2024-07-01",
            "2024",
            "2024年度",
            "2024-01-01",
            "2024-12-31",
        ),
    ];
    for (kind, day, key, label, start, end) in cases {
        let (s, e) = period_bounds(kind, d(day));
        assert_eq!((s, e), (d(start), d(end)), "{day}");
        assert_eq!(kind.key_of(s), key);
        assert_eq!(period_label(kind, s), label);
    }
    let p = periods(PeriodKind::Quarter, d("2024-02-15"), 3);
    let got: Vec<(&str, NaiveDate, NaiveDate, bool)> = p
        .iter()
        .map(|p| (p.key.as_str(), p.start, p.end, p.partial))
        .collect();
    assert_eq!(
        got,
        vec![
            ("2023Q3", d("2023-07-01"), d("2023-09-30"), false),
            ("2023Q4", d("2023-10-01"), d("2023-12-31"), false),
            ("2024Q1", d("2024-01-01"), d("2024-02-15"), true),
        ]
    );
}
