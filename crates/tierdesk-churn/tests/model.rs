//! The MBG/NBD model against Python `lifetimes` (fixtures written by
//! scripts/churn_reference.py) on the CDNOW sample and the UCI Online Retail
//! lines, small cases worked by hand, and properties that hold for any
//! parameters.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use proptest::prelude::*;
use serde::Deserialize;
use tierdesk_churn::{compress, fit, FitError, History, HistoryCounts, MbgParams};

/// One fixture: lifetimes' fit and its figures per customer, as columns.
#[derive(Deserialize)]
struct Reference {
    params: Params,
    log_likelihood: f64,
    horizon: f64,
    customers: usize,
    id: Vec<u64>,
    frequency: Vec<f64>,
    recency: Vec<f64>,
    age: Vec<f64>,
    p_alive: Vec<f64>,
    expected: Vec<f64>,
    as_of: Option<String>,
}

#[derive(Deserialize)]
struct Params {
    r: f64,
    alpha: f64,
    a: f64,
    b: f64,
}

fn fixture(name: &str) -> Reference {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/churn")
        .join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let r: Reference = serde_json::from_str(&text).unwrap();
    let n = r.customers;
    for (column, len) in [
        ("id", r.id.len()),
        ("frequency", r.frequency.len()),
        ("recency", r.recency.len()),
        ("age", r.age.len()),
        ("p_alive", r.p_alive.len()),
        ("expected", r.expected.len()),
    ] {
        assert_eq!(len, n, "{name}: column {column}");
    }
    r
}

fn rel(ours: f64, theirs: f64) -> f64 {
    (ours - theirs).abs() / theirs.abs()
}

/// Fits `histories` (one per customer, in the fixture's order) and checks
/// parameters to 1e-3 relative, the log-likelihood, and every customer's
/// P(alive) to 1e-6 and expected purchases to 1e-6 relative (or absolute
/// below 1). Returns the worst differences, for the record in docs/churn.md.
fn agree(name: &str, reference: &Reference, histories: &[History]) -> [f64; 4] {
    assert_eq!(histories.len(), reference.customers, "{name}: customers");
    let rows = compress(histories.iter().copied());
    assert!(
        rows.len() < histories.len(),
        "{name}: compression folds equal rows"
    );
    let started = std::time::Instant::now();
    let fitted = fit(&rows).unwrap_or_else(|e| panic!("{name}: {e}"));
    let took = started.elapsed();
    assert_eq!(fitted.customers as usize, reference.customers, "{name}");
    let p = fitted.params;
    let q = &reference.params;
    let params = [
        rel(p.r, q.r),
        rel(p.alpha, q.alpha),
        rel(p.a, q.a),
        rel(p.b, q.b),
    ];
    let worst_param = params.iter().copied().fold(0.0, f64::max);
    assert!(
        worst_param < 1e-3,
        "{name}: parameters {p:?} against r {} α {} a {} b {}",
        q.r,
        q.alpha,
        q.a,
        q.b
    );
    assert!(
        (fitted.log_likelihood - reference.log_likelihood).abs()
            < 1e-6 * reference.log_likelihood.abs(),
        "{name}: log-likelihood {} against {}",
        fitted.log_likelihood,
        reference.log_likelihood
    );
    let (mut worst_alive, mut worst_expected) = (0.0f64, 0.0f64);
    for (i, h) in histories.iter().enumerate() {
        let id = reference.id[i];
        let alive = p.p_alive(h);
        let expected = p.expected_purchases(reference.horizon, h);
        let d_alive = (alive - reference.p_alive[i]).abs();
        let d_expected =
            (expected - reference.expected[i]).abs() / reference.expected[i].abs().max(1.0);
        assert!(
            d_alive < 1e-6,
            "{name} customer {id}: P(alive) {alive} against {}",
            reference.p_alive[i]
        );
        assert!(
            d_expected < 1e-6,
            "{name} customer {id}: expected {expected} against {}",
            reference.expected[i]
        );
        worst_alive = worst_alive.max(d_alive);
        worst_expected = worst_expected.max(d_expected);
    }
    println!(
        "{name}: {} customers, {} distinct rows, {} iterations in {took:.1?}, {p:?}; worst parameter {worst_param:.2e} (relative), \
         P(alive) {worst_alive:.2e}, expected 90 days {worst_expected:.2e}",
        reference.customers,
        rows.len(),
        fitted.iterations
    );
    [
        worst_param,
        worst_alive,
        worst_expected,
        fitted.log_likelihood,
    ]
}

#[test]
fn cdnow_agrees_with_lifetimes() {
    let reference = fixture("cdnow");
    assert_eq!(reference.customers, 2357);
    assert_eq!(
        reference.id,
        (1..=2357).collect::<Vec<u64>>(),
        "ids 1…2357 in order"
    );
    let histories: Vec<History> = (0..reference.customers)
        .map(|i| {
            History::new(
                reference.frequency[i],
                reference.recency[i],
                reference.age[i],
            )
            .unwrap_or_else(|| panic!("customer {}: a valid summary", reference.id[i]))
        })
        .collect();
    agree("cdnow", &reference, &histories);
}

fn retail_data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/online_retail/online_retail_uci_541909.csv.gz")
}

/// "2010-12-01 08:26:00" → the day; the file has no other form.
fn day_of(text: &[u8]) -> NaiveDate {
    let num = |r: std::ops::Range<usize>| {
        text[r]
            .iter()
            .fold(0u32, |n, d| n * 10 + u32::from(d - b'0'))
    };
    NaiveDate::from_ymd_opt(num(0..4) as i32, num(5..7), num(8..10)).expect("a date")
}

/// Each customer's purchase days (quantity > 0 and unit price > 0, with a
/// customer id), ascending and distinct.
fn retail_days(path: &Path) -> BTreeMap<u64, Vec<NaiveDate>> {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut rdr =
        csv::Reader::from_reader(flate2::read::GzDecoder::new(std::io::BufReader::new(file)));
    let mut record = csv::ByteRecord::new();
    let mut days: BTreeMap<u64, Vec<NaiveDate>> = BTreeMap::new();
    let number = |b: &[u8]| std::str::from_utf8(b).unwrap().parse::<f64>().unwrap();
    while rdr.read_byte_record(&mut record).unwrap() {
        if record[6].is_empty() || number(&record[3]) <= 0.0 || number(&record[5]) <= 0.0 {
            continue;
        }
        days.entry(number(&record[6]) as u64)
            .or_default()
            .push(day_of(&record[4]));
    }
    for list in days.values_mut() {
        list.sort_unstable();
        list.dedup();
    }
    days
}

#[test]
fn online_retail_summary_and_model_agree_with_pandas_and_lifetimes() {
    let reference = fixture("online_retail");
    let days = retail_days(&retail_data());
    let as_of = days
        .values()
        .filter_map(|d| d.last())
        .max()
        .copied()
        .unwrap();
    assert_eq!(
        Some(as_of.to_string()),
        reference.as_of,
        "the as-of day is the data's last day"
    );
    // The same customers as pandas, in the same (ascending id) order.
    assert_eq!(days.len(), reference.customers);
    assert_eq!(days.keys().copied().collect::<Vec<u64>>(), reference.id);
    let histories: Vec<History> = days
        .iter()
        .map(|(id, d)| {
            History::from_days(d.iter().copied(), as_of).unwrap_or_else(|| panic!("customer {id}"))
        })
        .collect();
    for (i, h) in histories.iter().enumerate() {
        let theirs = (
            reference.frequency[i],
            reference.recency[i],
            reference.age[i],
        );
        assert_eq!(
            (h.frequency, h.recency, h.age),
            theirs,
            "customer {}",
            reference.id[i]
        );
    }
    agree("online_retail", &reference, &histories);
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn histories_from_days() {
    let as_of = d("2024-03-31");
    type Case<'a> = (&'a [&'a str], Option<(f64, f64, f64)>);
    let cases: [Case; 6] = [
        // No purchase day: no history.
        (&[], None),
        // Only days after the as-of day: none either.
        (&["2024-04-01"], None),
        // One day (bought twice that day): x = 0, t_x = 0, T = 30.
        (&["2024-03-01", "2024-03-01"], Some((0.0, 0.0, 30.0))),
        // Three days; the last purchase today: t_x = T.
        (
            &["2024-01-01", "2024-02-15", "2024-03-31"],
            Some((2.0, 90.0, 90.0)),
        ),
        // A day after as_of is left out.
        (
            &["2024-01-01", "2024-01-11", "2024-04-02"],
            Some((1.0, 10.0, 90.0)),
        ),
        // First bought today.
        (&["2024-03-31"], Some((0.0, 0.0, 0.0))),
    ];
    for (days, expected) in cases {
        let got = History::from_days(days.iter().map(|s| d(s)), as_of)
            .map(|h| (h.frequency, h.recency, h.age));
        assert_eq!(got, expected, "{days:?}");
    }
}

/// Seven customers, three of them alike.
fn seven() -> [History; 7] {
    [
        (0.0, 0.0, 10.0),
        (2.0, 5.0, 10.0),
        (0.0, 0.0, 10.0),
        (0.0, 0.0, 3.0),
        (0.0, 0.0, 10.0),
        (4.0, 9.0, 10.0),
        (1.0, 1.0, 12.0),
    ]
    .map(|(x, t, age)| History::new(x, t, age).unwrap())
}

#[test]
fn compression_counts_each_distinct_row_once() {
    let h = |x: f64, t: f64, age: f64| History::new(x, t, age).unwrap();
    let all = &seven()[..5];
    let rows = compress(all.iter().copied());
    assert_eq!(
        rows,
        vec![
            (h(0.0, 0.0, 3.0), 1),
            (h(0.0, 0.0, 10.0), 3),
            (h(2.0, 5.0, 10.0), 1)
        ]
    );
    let counts: HistoryCounts = all.iter().copied().collect();
    assert_eq!(counts.customers(), 5);
    // A fit over distinct rows with counts equals one over every customer.
    let cdnow = fixture("cdnow");
    let each: Vec<(History, u32)> = (0..cdnow.customers)
        .map(|i| {
            (
                History::new(cdnow.frequency[i], cdnow.recency[i], cdnow.age[i]).unwrap(),
                1,
            )
        })
        .collect();
    let rows = compress(each.iter().map(|(h, _)| *h));
    assert_eq!(rows.len(), 1016);
    assert_eq!(rows.iter().map(|(_, n)| n).sum::<u32>(), 2357);
    let (a, b) = (fit(&each).unwrap(), fit(&rows).unwrap());
    for (p, q) in [
        (a.params.r, b.params.r),
        (a.params.alpha, b.params.alpha),
        (a.params.a, b.params.a),
        (a.params.b, b.params.b),
    ] {
        assert!(rel(p, q) < 1e-8, "{p} {q}");
    }
    assert!(rel(a.log_likelihood, b.log_likelihood) < 1e-10);
    assert_eq!((a.customers, b.customers), (2357, 2357));
}

#[test]
fn histories_checked() {
    for (x, t, age) in [
        (-1.0, 0.0, 1.0),
        (1.5, 1.0, 2.0),
        (1.0, 3.0, 2.0),
        (0.0, 1.0, 2.0),
        (f64::NAN, 0.0, 1.0),
    ] {
        assert_eq!(History::new(x, t, age), None, "({x}, {t}, {age})");
    }
}

const P: MbgParams = MbgParams {
    r: 0.5,
    alpha: 10.0,
    a: 0.8,
    b: 2.0,
};

/// Worked by hand from P(alive) = 1 / (1 + a/(b+x) · ((α+T)/(α+t_x))^(r+x)).
#[test]
fn p_alive_by_hand() {
    let cases = [
        // One purchase day, 30 days ago: 1 / (1 + 0.4 · (40/10)^0.5) = 1/1.8.
        ((0.0, 0.0, 30.0), 1.0 / 1.8),
        // One purchase day, today: 1 / (1 + 0.4) — even a first buyer may drop out at once.
        ((0.0, 0.0, 0.0), 1.0 / 1.4),
        // Last purchase today (t_x = T): 1 / (1 + a/(b+x)) = 1 / (1 + 0.8/5).
        ((3.0, 50.0, 50.0), 1.0 / 1.16),
        // x = 3, t_x = 30, T = 150: 1 / (1 + 0.16 · (160/40)^3.5) = 1 / (1 + 0.16 · 128).
        ((3.0, 30.0, 150.0), 1.0 / 21.48),
    ];
    for ((x, t, age), expected) in cases {
        let got = P.p_alive(&History::new(x, t, age).unwrap());
        assert!(
            (got - expected).abs() < 1e-12,
            "({x}, {t}, {age}): {got} against {expected}"
        );
    }
}

/// The expected purchases by hand where ₂F₁ is elementary: with a + b = r
/// the Euler series vanishes and E = (a+b+x)/(a−1) · (1 − (1−z)^(a−1)) / D;
/// and against lifetimes' figure for one CDNOW customer.
#[test]
fn expected_purchases_by_hand() {
    let p = MbgParams {
        r: 2.5,
        alpha: 10.0,
        a: 0.5,
        b: 2.0,
    };
    let h = History::new(2.0, 20.0, 30.0).unwrap();
    // z = 40/80, 1 − z = 1/2; D = 1 + 0.5/4 · (40/30)^4.5.
    let denominator = 1.0 + 0.125 * (40.0f64 / 30.0).powf(4.5);
    let expected = 4.5 / -0.5 * (1.0 - 0.5f64.powf(-0.5)) / denominator;
    let got = p.expected_purchases(40.0, &h);
    assert!((got - expected).abs() < 1e-12, "{got} against {expected}");
    // a = 1 exactly: the limit (a+b+x)(−ln(1−z) − G) / D stays finite.
    let at_one = MbgParams { a: 1.0, ..p };
    let near = MbgParams { a: 1.0 + 1e-7, ..p };
    let (e1, e2) = (
        at_one.expected_purchases(40.0, &h),
        near.expected_purchases(40.0, &h),
    );
    assert!(e1.is_finite() && (e1 - e2).abs() < 1e-5, "{e1} {e2}");
    assert_eq!(p.expected_purchases(0.0, &h), 0.0);
    // A large a (a > r+x+1) takes the other series: against scipy's hyp2f1
    // in lifetimes' formula, including a point at the edge of the model.
    let cases = [
        (
            (0.5, 10.0, 30.0, 60.0),
            (40.0, 2.0, 20.0, 30.0),
            0.7845614849978741,
        ),
        (
            (0.5, 10.0, 3.0, 60.0),
            (90.0, 0.0, 0.0, 50.0),
            0.6354007966714776,
        ),
        (
            (
                6.25630932307226,
                196.55903084005735,
                137953.60807385028,
                5604852.2241213,
            ),
            (90.0, 5.0, 300.0, 400.0),
            1.3910230450372432,
        ),
    ];
    for ((r, alpha, a, b), (t, x, t_x, age), scipy) in cases {
        let got =
            MbgParams { r, alpha, a, b }.expected_purchases(t, &History::new(x, t_x, age).unwrap());
        assert!(
            (got - scipy).abs() < 1e-9 * scipy,
            "a {a}: {got} against {scipy}"
        );
    }
}

#[test]
fn bad_data_gives_a_chinese_message() {
    let once = History::new(0.0, 0.0, 30.0).unwrap();
    let today = History::new(0.0, 0.0, 0.0).unwrap();
    let cases: [(&[(History, u32)], FitError); 4] = [
        (&[], FitError::NoCustomers),
        (&[(once, 0)], FitError::NoCustomers),
        (&[(once, 40), (today, 3)], FitError::NoRepeatPurchases),
        (
            &[
                (
                    History {
                        frequency: 1.0,
                        recency: 5.0,
                        age: 2.0,
                    },
                    1,
                ),
                (once, 1),
            ],
            FitError::BadHistory {
                row: 1,
                frequency: 1.0,
                recency: 5.0,
                age: 2.0,
            },
        ),
    ];
    for (rows, expected) in cases {
        let err = fit(rows).unwrap_err();
        assert_eq!(err, expected);
        assert!(err.to_string().contains("无法估计流失模型"), "{err}");
    }
    // Seven customers: no maximum to find (lifetimes does not converge either).
    let few: Vec<(History, u32)> = seven().iter().map(|h| (*h, 1)).collect();
    let err = fit(&few).unwrap_err();
    assert!(matches!(err, FitError::NotConverged { .. }), "{err:?}");
    assert!(err.to_string().contains("仍未收敛"), "{err}");
    let nan = [(
        History {
            frequency: f64::NAN,
            recency: 0.0,
            age: 1.0,
        },
        1,
    )];
    assert!(matches!(
        fit(&nan),
        Err(FitError::BadHistory { row: 1, .. })
    ));
}

fn params() -> impl Strategy<Value = MbgParams> {
    (0.05f64..5.0, 0.5f64..200.0, 0.01f64..5.0, 0.05f64..20.0)
        .prop_map(|(r, alpha, a, b)| MbgParams { r, alpha, a, b })
}

fn history() -> impl Strategy<Value = History> {
    (0u32..200, 0.0f64..1.0, 0.0f64..1000.0).prop_map(|(x, share, age)| {
        let recency = if x == 0 { 0.0 } else { (share * age).floor() };
        History::new(f64::from(x), recency, age.floor()).unwrap()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn p_alive_is_a_probability_falling_with_age(p in params(), h in history(), extra in 1.0f64..500.0) {
        let alive = p.p_alive(&h);
        prop_assert!((0.0..=1.0).contains(&alive), "{alive}");
        let older = History { age: h.age + extra, ..h };
        prop_assert!(p.p_alive(&older) <= alive);
        if h.frequency > 0.0 && alive > 1e-300 {
            prop_assert!(p.p_alive(&older) < alive);
        }
    }

    #[test]
    fn expected_purchases_are_finite_and_not_negative(p in params(), h in history(), t in 0.0f64..365.0) {
        let e = p.expected_purchases(t, &h);
        prop_assert!(e.is_finite() && e >= 0.0, "{e}");
        // More days ahead never expect fewer purchases.
        prop_assert!(p.expected_purchases(t + 30.0, &h) >= e * (1.0 - 1e-9));
    }
}

/// Customers who all drop out with much the same probability (every 400th
/// distinct history of the 1,000,000-customer demo data of `tierdesk churn
/// bench`, with its count; x|t_x|T|count): the likelihood grows as a and b
/// grow without end, so there is no maximum to reach (lifetimes reports no
/// convergence). The fit stops at the edge, quickly, and that point
/// predicts as the edge does.
#[test]
fn an_optimum_at_the_edge_is_taken_where_it_predicts_as_the_edge() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/churn/edge.psv");
    let text = std::fs::read_to_string(&path).unwrap();
    let rows: Vec<(History, u32)> = text
        .lines()
        .map(|l| {
            let f: Vec<f64> = l.split('|').map(|v| v.parse().unwrap()).collect();
            (History::new(f[0], f[1], f[2]).unwrap(), f[3] as u32)
        })
        .collect();
    assert_eq!(rows.len(), 1018);
    let fitted = fit(&rows).unwrap();
    assert_eq!(fitted.customers, 2568);
    let p = fitted.params;
    assert!(p.a > 22_000.0 && p.b > 22_000.0, "{p:?}");
    // Ten times further out along the edge (the same mean drop-out chance):
    // the same predictions.
    let further = MbgParams {
        a: p.a * 10.0,
        b: p.b * 10.0,
        ..p
    };
    for (h, _) in &rows {
        let (alive, there) = (p.p_alive(h), further.p_alive(h));
        assert!((0.0..=1.0).contains(&alive));
        assert!(
            (alive - there).abs() < 1e-3,
            "{h:?}: {alive} against {there}"
        );
        let (e, e_there) = (
            p.expected_purchases(90.0, h),
            further.expected_purchases(90.0, h),
        );
        assert!(
            (e - e_there).abs() < 1e-3 * e_there.max(1.0),
            "{h:?}: {e} against {e_there}"
        );
    }
}
