//! What a scheme says in words, the figures it needs and the period a
//! rating is for: tables of cases over the presets and small schemes.

use chrono::NaiveDate;
use tierdesk_tiers::*;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn each_preset_names_its_method_and_every_tier_rule() {
    // (scheme, method, the rule of each tier, highest first)
    let cases: Vec<(Scheme, &str, Vec<&str>)> = vec![
        (
            star4(),
            "门槛条件",
            vec![
                "消费金额 ≥ 30万",
                "消费金额 ≥ 10万",
                "消费金额 ≥ 2万",
                "其余客户",
            ],
        ),
        (
            weighted5(),
            "加权评分",
            vec![
                "综合得分 ≥ 85",
                "综合得分 ≥ 75",
                "综合得分 ≥ 65",
                "综合得分 ≥ 50",
                "其余客户",
            ],
        ),
        (
            abc(),
            "ABC 分类",
            vec!["累计收入占比 < 80%", "累计收入占比 < 95%", "其余客户"],
        ),
        (
            rfm10(),
            "RFM 分群",
            vec![
                "R 5 且 F 4–5",
                "R 3–4 且 F 4–5",
                "R 4–5 且 F 2–3",
                "R 5 且 F 1",
                "R 4 且 F 1",
                "R 3 且 F 3",
                "R 3 且 F 1–2",
                "R 1–2 且 F 5",
                "R 1–2 且 F 3–4",
                "R 1–2 且 F 1–2",
                "购买记录窗口内没有购买",
            ],
        ),
    ];
    for (scheme, method, rules) in cases {
        assert_eq!(scheme.method_label(), method, "{}", scheme.key);
        let got: Vec<String> = (0..scheme.tiers.len())
            .map(|i| scheme.rule_text(i, &Vocab::builtin()))
            .collect();
        assert_eq!(got, rules, "{}", scheme.key);
        assert_eq!(
            scheme.rule_text(scheme.tiers.len(), &Vocab::builtin()),
            "",
            "{}: past the last tier",
            scheme.key
        );
    }
    // rfm8's eight types say high or low against the mean.
    let rfm8 = rfm8();
    assert_eq!(
        rfm8.rule_text(0, &Vocab::builtin()),
        "R 高、F 高、M 高（与平均值相比）"
    );
    assert_eq!(
        rfm8.rule_text(7, &Vocab::builtin()),
        "R 低、F 低、M 低（与平均值相比）"
    );
}

/// A thresholds scheme whose first tier has `condition`.
fn scheme_with(condition: &str) -> Scheme {
    let mut s = star4();
    s.tiers[0].condition = Some(condition.into());
    s
}

#[test]
fn a_scheme_may_only_name_built_in_figures_and_the_databases_custom_fields() {
    let sat = Vocab::with_custom([("satisfaction", "客户满意度")]);
    let none = Vocab::builtin();
    // (condition of the first tier, the database's figures, the word refused
    // and the place it is at)
    type Case<'a> = (&'a str, &'a Vocab, Option<(&'a str, usize)>);
    let cases: Vec<Case> = vec![
        ("spend >= 1", &none, None),
        ("orders_per_month >= 1 and recency_days <= 30", &none, None),
        ("avg_order_value > 100 or influence > 3", &none, None),
        ("satisfaction >= 80", &sat, None),
        ("客户满意度 >= 80 且 消费金额 ≥ 1万", &sat, None),
        ("satisfaction >= 80", &none, Some(("satisfaction", 1))),
        ("spend >= 1 and loyalty > 8", &sat, Some(("loyalty", 16))),
        // Survey answers are figures of every database.
        ("nps >= 9 and csat_avg >= 4", &none, None),
        ("nps_avg > 8 or csat > 3", &sat, None),
    ];
    for (condition, vocab, refused) in cases {
        let got = scheme_with(condition).check_figures(vocab);
        match refused {
            None => assert_eq!(got, Ok(()), "{condition}"),
            Some((figure, at)) => {
                let message = got.expect_err(condition).to_string();
                assert!(
                    message.contains(&format!("第 {at} 个字处：不认识“{figure}”")),
                    "{condition}: {message}"
                );
            }
        }
    }
    // Conditions are kept in the canonical form.
    let mut s = scheme_with("客户满意度≥80 且 消费金额 ≥ 1.5万");
    s.canonicalise(&sat).unwrap();
    assert_eq!(
        s.tiers[0].condition.as_deref(),
        Some("satisfaction >= 80 and spend >= 15000")
    );
    assert_eq!(s.rule_text(0, &sat), "客户满意度 ≥ 80 且 消费金额 ≥ 1.5万");
    let mut bad = scheme_with("消费金 ≥ 1");
    let e = bad.canonicalise(&sat).unwrap_err().to_string();
    assert!(e.contains("是否想写 消费金额"), "{e}");
    assert_eq!(bad.tiers[0].condition.as_deref(), Some("消费金 ≥ 1"));
    // Factors of a weighted scheme are figures too.
    let mut w = weighted5();
    let e = w
        .check_figures(&none)
        .expect_err("its custom factors are missing");
    assert!(
        e.to_string()
            .contains("不存在。可用的指标：消费金额（spend）、购买频次（frequency）"),
        "{e}"
    );
    let Method::Weighted { factors } = &mut w.method else {
        unreachable!()
    };
    let keys: Vec<String> = factors.iter().map(|f| f.figure.clone()).collect();
    let custom = Vocab::with_custom(keys.iter().map(|k| (k.as_str(), k.as_str())));
    assert_eq!(w.check_figures(&custom), Ok(()));
}

#[test]
fn a_rating_is_for_the_period_named_or_the_cycles_period_of_its_date() {
    // (cycle, as-of date, period named, the period or None when refused)
    let cases = [
        (Cycle::Yearly, "2024-06-30", None, Some("2024")),
        (Cycle::HalfYearly, "2024-06-30", None, Some("2024H1")),
        (Cycle::HalfYearly, "2024-07-01", None, Some("2024H2")),
        (Cycle::Quarterly, "2024-03-31", None, Some("2024Q1")),
        (Cycle::Quarterly, "2024-10-01", None, Some("2024Q4")),
        (
            Cycle::Yearly,
            "2024-06-30",
            Some(" 2023q4 "),
            Some("2023Q4"),
        ),
        (
            Cycle::Quarterly,
            "2024-06-30",
            Some("2023h2"),
            Some("2023H2"),
        ),
        (Cycle::Quarterly, "2024-06-30", Some("2023"), Some("2023")),
        (Cycle::Yearly, "2024-06-30", Some("2024Q5"), None),
        (Cycle::Yearly, "2024-06-30", Some("二〇二四"), None),
        (Cycle::Yearly, "2024-06-30", Some(""), None),
    ];
    for (cycle, as_of, named, want) in cases {
        let mut s = star4();
        s.cycle = cycle;
        let got = s.rating_period(day(as_of), named);
        match want {
            Some(p) => assert_eq!(got, Ok(p.to_owned()), "{cycle:?} {as_of} {named:?}"),
            None => {
                let e = got.expect_err("refused").to_string();
                assert!(e.contains("看不懂"), "{named:?}: {e}");
            }
        }
    }
}

#[test]
fn survey_answers_are_figures_and_missing_without_answers() {
    use tierdesk_domain::survey::SurveyFacts;
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let mut scheme = scheme_with("nps >= 9");
    scheme.tiers[1].condition = Some("csat_avg >= 4".into());
    // (latest NPS, average CSAT, tier expected)
    let cases = [
        (Some(9.0), None, scheme.tiers[0].key.clone()),
        (Some(10.0), Some(2.0), scheme.tiers[0].key.clone()),
        (Some(8.0), Some(4.5), scheme.tiers[1].key.clone()),
        (Some(8.0), Some(3.9), scheme.tiers[3].key.clone()),
        (None, None, scheme.tiers[3].key.clone()),
    ];
    let customers: Vec<CustomerFacts> = cases
        .iter()
        .enumerate()
        .map(|(i, (nps, csat_avg, _))| {
            let mut c = CustomerFacts {
                id: i as i64 + 1,
                ..CustomerFacts::default()
            };
            // A custom field of the same key gives way to the answers.
            c.custom.insert("nps".into(), 10.0);
            c.take_survey(&SurveyFacts {
                nps: *nps,
                csat_avg: *csat_avg,
                ..SurveyFacts::default()
            });
            c
        })
        .collect();
    assert_eq!(customers[4].custom.get("nps"), None);
    let eval = evaluate(&scheme, as_of, &customers).unwrap();
    let got: Vec<&str> = eval.outcomes.iter().map(|o| o.tier.as_str()).collect();
    let want: Vec<&str> = cases.iter().map(|c| c.2.as_str()).collect();
    assert_eq!(got, want);
    assert_eq!(figure_label("nps_avg"), "推荐意愿（平均）");
}
