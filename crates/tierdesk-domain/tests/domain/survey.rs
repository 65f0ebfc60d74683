//! Survey answers: checks, NPS/CSAT at their boundaries, periods, grouping.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use tierdesk_domain::survey::*;

fn tally(nps: &[u8], csat: &[u8]) -> SurveyFigures {
    let mut t = Tally::default();
    let none = BTreeMap::new();
    for n in nps {
        t.add(Some(*n), None, &none);
    }
    for c in csat {
        t.add(None, Some(*c), &none);
    }
    t.figures()
}

#[test]
fn nps_counts_promoters_minus_detractors() {
    // (scores, promoters, passives, detractors, nps)
    type Case = (&'static [u8], u64, u64, u64, Option<f64>);
    let cases: &[Case] = &[
        (&[], 0, 0, 0, None),
        (&[9], 1, 0, 0, Some(100.0)),
        (&[10], 1, 0, 0, Some(100.0)),
        (&[8], 0, 1, 0, Some(0.0)),
        (&[7], 0, 1, 0, Some(0.0)),
        (&[6], 0, 0, 1, Some(-100.0)),
        (&[0], 0, 0, 1, Some(-100.0)),
        (&[6, 7, 8, 9], 1, 2, 1, Some(0.0)),
        (&[9, 9, 10, 6], 3, 0, 1, Some(50.0)),
        (&[10, 8, 8], 1, 2, 0, Some(33.3)),
        (&[0, 1, 2, 9, 10, 10, 7], 3, 1, 3, Some(0.0)),
        (&[5, 9, 9], 2, 0, 1, Some(33.3)),
    ];
    for (scores, p, pa, d, nps) in cases {
        let f = tally(scores, &[]);
        assert_eq!(
            (f.promoters, f.passives, f.detractors, f.nps),
            (*p, *pa, *d, *nps),
            "{scores:?}"
        );
        assert_eq!(f.nps_answers, scores.len() as u64);
        assert_eq!(f.csat, None);
    }
    assert_eq!(tally(&[6, 7, 8, 9], &[]).nps_avg, Some(7.5));
}

#[test]
fn csat_is_the_share_of_four_and_five() {
    let cases: &[(&[u8], Option<f64>, Option<f64>)] = &[
        (&[], None, None),
        (&[5], Some(100.0), Some(5.0)),
        (&[4], Some(100.0), Some(4.0)),
        (&[3], Some(0.0), Some(3.0)),
        (&[1, 2, 3, 4], Some(25.0), Some(2.5)),
        (&[5, 5, 1], Some(66.7), Some(3.67)),
    ];
    for (scores, csat, avg) in cases {
        let f = tally(&[], scores);
        assert_eq!((f.csat, f.csat_avg), (*csat, *avg), "{scores:?}");
        assert_eq!(f.csat_answers, scores.len() as u64);
        assert_eq!(f.nps, None);
    }
}

#[test]
fn low_count_under_thirty_answers() {
    for (n, low) in [(0, true), (1, true), (29, true), (30, false), (31, false)] {
        let f = tally(&vec![9; n], &[]);
        assert_eq!(f.low_count, low, "{n}");
        assert_eq!(f.responses, n as u64);
    }
}

#[test]
fn question_scores_are_averaged_per_question() {
    let mut t = Tally::default();
    t.add(
        None,
        None,
        &[("服务".to_owned(), 4.0), ("价格".to_owned(), 2.0)].into(),
    );
    t.add(None, None, &[("服务".to_owned(), 5.0)].into());
    let f = t.figures();
    let got: Vec<(&str, u64, f64)> = f
        .scores
        .iter()
        .map(|s| (s.question.as_str(), s.answers, s.average))
        .collect();
    assert_eq!(got, vec![("价格", 1, 2.0), ("服务", 2, 4.5)]);
    assert_eq!((f.responses, f.nps, f.csat), (2, None, None));
}

#[test]
fn follow_up_for_detractors_and_low_csat() {
    let cases = [
        (Some(6), None, true),
        (Some(0), None, true),
        (Some(7), None, false),
        (Some(10), Some(3), false),
        (None, Some(2), true),
        (None, Some(1), true),
        (Some(9), Some(2), true),
        (None, None, false),
    ];
    for (nps, csat, want) in cases {
        assert_eq!(needs_follow_up(nps, csat), want, "{nps:?} {csat:?}");
    }
}

#[test]
fn validation_names_each_problem() {
    let base = NewSurveyAnswer {
        customer_id: 1,
        survey_id: None,
        answered_on: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
        channel: SurveyChannel::Phone,
        nps: Some(9),
        csat: None,
        scores: BTreeMap::new(),
        comment: String::new(),
    };
    assert_eq!(base.validate(), Ok(()));
    let cases: &[(Option<i64>, Option<i64>, &str)] = &[
        (
            Some(11),
            None,
            "推荐意愿（NPS）应在 0 到 10 之间，填的是 11",
        ),
        (
            Some(-1),
            None,
            "推荐意愿（NPS）应在 0 到 10 之间，填的是 -1",
        ),
        (None, Some(0), "满意度（CSAT）应在 1 到 5 之间，填的是 0"),
        (None, Some(6), "满意度（CSAT）应在 1 到 5 之间，填的是 6"),
        (
            None,
            None,
            "答卷至少要有推荐意愿（NPS）、满意度（CSAT）或一题得分",
        ),
    ];
    for (nps, csat, msg) in cases {
        let a = NewSurveyAnswer {
            nps: *nps,
            csat: *csat,
            ..base.clone()
        };
        assert_eq!(a.validate(), Err((*msg).to_owned()));
    }
    let both = NewSurveyAnswer {
        nps: Some(12),
        csat: Some(9),
        ..base.clone()
    };
    assert_eq!(both.validate().unwrap_err().matches('；').count(), 1);
    let scores_only = NewSurveyAnswer {
        nps: None,
        scores: [("服务态度".to_owned(), 4.0)].into(),
        ..base
    };
    assert_eq!(scores_only.validate(), Ok(()));
}

#[test]
fn months_and_period_keys() {
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    let cases = [
        ("2026-11", Some((d(2026, 11, 1), d(2026, 11, 30)))),
        ("2026-2", Some((d(2026, 2, 1), d(2026, 2, 28)))),
        ("2024年2月", Some((d(2024, 2, 1), d(2024, 2, 29)))),
        ("202612", Some((d(2026, 12, 1), d(2026, 12, 31)))),
        ("2026-13", None),
        ("2026Q4", None),
        ("十一月", None),
        ("", None),
    ];
    for (text, want) in cases {
        assert_eq!(parse_month(text), want, "{text}");
    }
    let day = d(2026, 11, 30);
    assert_eq!(PeriodKind::Month.key_of(day), "2026-11");
    assert_eq!(PeriodKind::Quarter.key_of(day), "2026Q4");
    assert_eq!(PeriodKind::Year.key_of(day), "2026");
    assert_eq!(PeriodKind::Quarter.key_of(d(2026, 3, 31)), "2026Q1");
}

#[test]
fn grouped_rows_per_period_and_tier_with_totals() {
    let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
    let none = BTreeMap::new();
    let mut g = Grouped::new(Some(PeriodKind::Quarter));
    g.add(d(11, 2), Some("gold"), Some(10), Some(5), &none);
    g.add(d(11, 3), Some("gold"), Some(3), None, &none);
    g.add(d(10, 1), Some("silver"), Some(9), None, &none);
    g.add(d(2, 1), Some("silver"), Some(0), Some(1), &none);
    g.add(d(2, 2), None, None, Some(4), &none);
    let order = vec!["gold".to_owned(), "silver".to_owned()];
    let rows = g.rows(&order);
    let got: Vec<(&str, Option<&str>, u64, Option<f64>)> = rows
        .iter()
        .map(|r| {
            (
                r.period.as_str(),
                r.tier.as_deref(),
                r.figures.responses,
                r.figures.nps,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("2026Q1", Some("silver"), 1, Some(-100.0)),
            ("2026Q1", Some(""), 1, None),
            ("2026Q1", None, 2, Some(-100.0)),
            ("2026Q4", Some("gold"), 2, Some(0.0)),
            ("2026Q4", Some("silver"), 1, Some(100.0)),
            ("2026Q4", None, 3, Some(33.3)),
            ("", Some("gold"), 2, Some(0.0)),
            ("", Some("silver"), 2, Some(0.0)),
            ("", Some(""), 1, None),
            ("", None, 5, Some(0.0)),
        ]
    );
    // Over the whole range: one block, no repeated totals.
    let mut whole = Grouped::new(None);
    whole.add(d(11, 2), Some("gold"), Some(10), None, &none);
    assert_eq!(whole.rows(&order).len(), 2);
}

#[test]
fn channels_read_keys_labels_and_words() {
    for c in SurveyChannel::ALL {
        assert_eq!(SurveyChannel::parse(c.as_str()), Some(c));
        assert_eq!(SurveyChannel::parse(c.label()), Some(c));
    }
    assert_eq!(SurveyChannel::parse(" 问卷 "), Some(SurveyChannel::Online));
    assert_eq!(SurveyChannel::parse("飞鸽传书"), None);
}
