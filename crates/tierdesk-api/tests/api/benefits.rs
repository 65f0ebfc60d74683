//! Calibration against old tiers, and benefits: quota, refusal, undo,
//! statement and the period rolling over.

use chrono::NaiveDate;
use tierdesk_api::domain::CustomerDraft;
use tierdesk_api::testing::{each_api, each_api_with_dir};
use tierdesk_api::{Api, BenefitUseRequest, ErrorCode};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A customer with a spend and the tier an old sheet gave it.
fn old(api: &mut Api, name: &str, spend: f64, old_tier: &str) -> i64 {
    let id = api
        .create_customer(CustomerDraft {
            name: name.into(),
            spend: Some(spend),
            ..Default::default()
        })
        .unwrap()
        .id;
    api.set_imported_tier(id, Some(old_tier)).unwrap();
    id
}

#[test]
fn old_words_map_to_scheme_tiers() {
    let s = tierdesk_api::engine::star4();
    let check = |text: &str, expected: Option<&str>| {
        let got = tierdesk_api::engine::match_old_tier(text, &s).map(|i| s.tiers[i].key.as_str());
        assert_eq!(got, expected, "{text}");
    };
    check("钻石", Some("diamond"));
    check("金牌客户", Some("gold"));
    check("gold", Some("gold"));
    check("黄金", Some("gold"));
    check("银卡", Some("silver"));
    check("★★", Some("silver"));
    check("3星", Some("gold"));
    check("VIP", Some("diamond"));
    check("铂金", Some("diamond"));
    check("白金会员", Some("diamond"));
    check("普通", Some("regular"));
    check("青铜", Some("regular"));
    check("A", Some("diamond"));
    check("重点关注", None);
    check("", None);
    let m = tierdesk_api::engine::metal4();
    let got = tierdesk_api::engine::match_old_tier("金牌", &m).map(|i| m.tiers[i].key.clone());
    assert_eq!(got.as_deref(), Some("gold"));
}

#[test]
fn calibration_agreement_matrix_cuts_and_unmapped() {
    each_api(|api| {
        // star4 cuts: diamond ≥ 300000, gold ≥ 100000, silver ≥ 20000.
        // The old sheet put gold at 80000 and up, diamond at 250000 and up.
        old(api, "钻一", 400_000.0, "钻石");
        old(api, "钻二", 250_000.0, "VIP");
        old(api, "金一", 180_000.0, "金牌");
        old(api, "金二", 80_000.0, "金牌");
        old(api, "银一", 50_000.0, "银牌");
        old(api, "银二", 20_000.0, "★★");
        old(api, "普一", 5_000.0, "普通");
        old(api, "普二", 19_000.0, "普通");
        old(api, "怪一", 10_000.0, "重点关注");
        // No old tier: not compared.
        api.create_customer(CustomerDraft {
            name: "新客".into(),
            spend: Some(1.0),
            ..Default::default()
        })
        .unwrap();

        let c = api.calibrate("star4", day("2026-06-30")).unwrap();
        assert_eq!(c.with_old_tier, 9);
        assert_eq!(c.compared, 8);
        assert_eq!(c.agreed, 6);
        assert_eq!(c.agreement, 75.0);
        // Rows old, columns proposed: diamond, gold, silver, regular.
        assert_eq!(
            c.matrix,
            vec![
                vec![1, 1, 0, 0],
                vec![0, 1, 1, 0],
                vec![0, 0, 2, 0],
                vec![0, 0, 0, 2],
            ]
        );
        assert_eq!(c.unmapped.len(), 1);
        assert_eq!(c.unmapped[0].text, "重点关注");
        assert_eq!(c.unmapped[0].customers, 1);
        assert_eq!(c.disagreement_count, 2);
        let names: Vec<&str> = c.disagreements.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["钻二", "金二"], "by spend, highest first");
        assert_eq!(c.disagreements[0].old_text, "VIP");
        assert_eq!(c.disagreements[0].old, "diamond");
        assert_eq!(c.disagreements[0].proposed, "gold");

        let s = c.suggestion.expect("star4 compares spend alone");
        assert_eq!(s.figure, "spend");
        let cuts: Vec<(String, f64)> = s
            .cuts
            .iter()
            .map(|x| (x.tier.clone(), x.suggested))
            .collect();
        // Exactly the lowest spend of each old tier: 250000, 80000 and 20000.
        assert_eq!(
            cuts,
            vec![
                ("diamond".to_owned(), 250_000.0),
                ("gold".to_owned(), 80_000.0),
                ("silver".to_owned(), 20_000.0),
            ]
        );
        assert_eq!(s.cuts[0].current, Some(300_000.0));
        assert_eq!(s.agreed, 8);
        assert_eq!(s.agreement, 100.0);
        assert!(s.toml.contains("spend >= 250000"), "{}", s.toml);

        // The copy saves as a new scheme (保存为新方案) and agrees fully.
        let copy = api.create_scheme(&s.toml).unwrap();
        assert_eq!(copy.key, "star4_calibrated");
        let again = api
            .calibrate("star4_calibrated", day("2026-06-30"))
            .unwrap();
        assert_eq!(again.agreement, 100.0);

        // A second calibration of star4 offers a key of its own: saving it
        // adds a third scheme and leaves the first copy exactly as saved.
        let first = api.scheme("star4_calibrated").unwrap();
        let schemes = api.schemes().unwrap().len();
        let second = api
            .calibrate("star4", day("2026-06-30"))
            .unwrap()
            .suggestion
            .unwrap();
        let saved = api.create_scheme(&second.toml).unwrap();
        assert_eq!(saved.key, "star4_calibrated_2");
        assert_eq!(saved.name, "四星级（普通/银牌/金牌/钻石）（校准 2）");
        assert_eq!(api.schemes().unwrap().len(), schemes + 1);
        assert_eq!(api.scheme("star4_calibrated").unwrap(), first);
        // Saving the same suggestion twice is refused, not written over.
        let e = api.create_scheme(&second.toml).unwrap_err();
        assert_eq!(e.msg.as_ref().unwrap().key, "scheme.key_taken");
        assert_eq!(api.schemes().unwrap().len(), schemes + 1);
    });
}

#[test]
fn calibration_cuts_are_exact_when_old_tiers_overlap() {
    each_api(|api| {
        // Gold and silver overlap around 100000: the best single cut keeps
        // three of the four gold and all silver but one.
        for (n, spend, t) in [
            ("a", 90_000.0, "银牌"),
            ("b", 95_000.0, "金牌"),
            ("c", 100_000.0, "银牌"),
            ("d", 110_000.0, "金牌"),
            ("e", 120_000.0, "金牌"),
            ("f", 130_000.0, "金牌"),
            ("g", 30_000.0, "银牌"),
            ("h", 1_000.0, "普通"),
        ] {
            old(api, n, spend, t);
        }
        let c = api.calibrate("star4", day("2026-06-30")).unwrap();
        let s = c.suggestion.unwrap();
        assert_eq!(s.cuts[1].suggested, 110_000.0);
        assert_eq!(s.cuts[2].suggested, 30_000.0);
        assert_eq!(s.agreed, 7);
        // The top tier has nobody in the old sheet: its cut is above everyone.
        assert!(s.cuts[0].suggested > 130_000.0);
    });
}

#[test]
fn calibration_of_a_scheme_with_two_figures_suggests_nothing() {
    each_api(|api| {
        old(api, "甲", 40_000.0, "铂金");
        let c = api.calibrate("metal4", day("2026-06-30")).unwrap();
        assert_eq!(c.compared, 1);
        assert!(c.suggestion.is_none());
        assert!(c.suggestion_note.unwrap().contains("同一个指标"));
    });
}

fn rated(api: &mut Api, tier: &str) -> i64 {
    api.create_customer(CustomerDraft {
        name: "王五".into(),
        code: Some("K001".into()),
        phone: Some("13812345678".into()),
        spend: Some(150_000.0),
        tier: Some(tier.into()),
        ..Default::default()
    })
    .unwrap()
    .id
}

fn use_on(api: &mut Api, id: i64, benefit: &str, d: &str) -> tierdesk_api::Result<i64> {
    api.record_benefit_use(
        &BenefitUseRequest {
            customer_id: id,
            benefit: benefit.into(),
            date: Some(day(d)),
            note: "门店领取".into(),
            over_quota_reason: None,
        },
        "小李",
        day("2026-12-31"),
    )
    .map(|u| u.id)
}

#[test]
fn quota_remaining_refusal_force_and_undo() {
    each_api(|api| {
        let id = rated(api, "gold");
        let b = api.customer_benefits(id, day("2026-03-01")).unwrap();
        assert_eq!(b.tier.as_ref().unwrap().name, "金牌");
        assert_eq!(b.period, "2026");
        let names: Vec<&str> = b.benefits.iter().map(|x| x.name.as_str()).collect();
        assert_eq!(names, ["生日礼品", "免费配送"]);
        assert_eq!(b.benefits[1].quota, Some(12));
        assert_eq!(b.benefits[1].remaining, Some(12));

        let first = use_on(api, id, "免费配送", "2026-03-02").unwrap();
        use_on(api, id, "免费配送", "2026-04-02").unwrap();
        let b = api.customer_benefits(id, day("2026-05-01")).unwrap();
        assert_eq!((b.benefits[1].used, b.benefits[1].remaining), (2, Some(10)));
        assert_eq!(b.uses.len(), 2);

        use_on(api, id, "生日礼品", "2026-05-03").unwrap();
        let err = use_on(api, id, "生日礼品", "2026-06-03").unwrap_err();
        assert_eq!(err.code, ErrorCode::QuotaUsed);
        assert!(err.message.contains("额度为 1 次"), "{}", err.message);

        // With a reason the use is recorded and marked.
        let forced = api
            .record_benefit_use(
                &BenefitUseRequest {
                    customer_id: id,
                    benefit: "生日礼品".into(),
                    date: Some(day("2026-06-03")),
                    note: String::new(),
                    over_quota_reason: Some("礼品破损补发".into()),
                },
                "小李",
                day("2026-12-31"),
            )
            .unwrap();
        assert_eq!(forced.over_quota_reason.as_deref(), Some("礼品破损补发"));
        let b = api.customer_benefits(id, day("2026-06-30")).unwrap();
        assert_eq!((b.benefits[0].used, b.benefits[0].remaining), (2, Some(0)));

        // A benefit of another tier is not this customer's.
        let err = use_on(api, id, "专属客户经理", "2026-06-03").unwrap_err();
        assert_eq!(err.code, ErrorCode::NotFound);
        assert!(err.message.contains("生日礼品"));

        api.undo_benefit_use(first).unwrap();
        let b = api.customer_benefits(id, day("2026-06-30")).unwrap();
        assert_eq!(b.benefits[1].remaining, Some(11));
        assert_eq!(
            api.undo_benefit_use(first).unwrap_err().code,
            ErrorCode::NotFound
        );

        let cat = api.benefit_catalogue(day("2026-06-30")).unwrap();
        let gold = cat.tiers.iter().find(|t| t.tier.key == "gold").unwrap();
        assert_eq!(gold.customers, 1);
        let gift = gold.benefits.iter().find(|x| x.name == "生日礼品").unwrap();
        assert_eq!((gift.uses, gift.customers_used), (2, 1));
    });
}

#[test]
fn the_period_rolls_over_with_the_cycle() {
    each_api(|api| {
        let id = rated(api, "gold");
        use_on(api, id, "生日礼品", "2026-12-20").unwrap();
        assert!(use_on(api, id, "生日礼品", "2026-12-31").is_err());
        // A new year: the quota is whole again, last year's use is not listed.
        let b = api.customer_benefits(id, day("2027-01-02")).unwrap();
        assert_eq!(b.period, "2027");
        assert_eq!(b.benefits[0].remaining, Some(1));
        assert!(b.uses.is_empty());
        use_on(api, id, "生日礼品", "2027-01-02").unwrap();
    });
}

#[test]
fn unlimited_benefits_and_customers_without_a_tier() {
    each_api(|api| {
        let id = rated(api, "diamond");
        for d in ["2026-01-05", "2026-01-06", "2026-01-07"] {
            use_on(api, id, "专属客户经理", d).unwrap();
        }
        let b = api.customer_benefits(id, day("2026-02-01")).unwrap();
        let m = b
            .benefits
            .iter()
            .find(|x| x.name == "专属客户经理")
            .unwrap();
        assert_eq!((m.quota, m.used, m.remaining), (None, 3, None));

        let plain = api
            .create_customer(CustomerDraft {
                name: "未评".into(),
                tier: Some("VIP".into()),
                ..Default::default()
            })
            .unwrap()
            .id;
        let b = api.customer_benefits(plain, day("2026-02-01")).unwrap();
        assert!(b.benefits.is_empty());
        assert!(b.note.unwrap().contains("VIP"));
        let err = use_on(api, plain, "生日礼品", "2026-02-01").unwrap_err();
        assert_eq!(err.code, ErrorCode::Invalid);
    });
}

#[test]
fn statement_lists_benefits_figures_and_uses_with_the_phone_masked() {
    each_api(|api| {
        let id = rated(api, "gold");
        use_on(api, id, "免费配送", "2026-03-02").unwrap();
        use_on(api, id, "免费配送", "2026-04-09").unwrap();
        let html = api.benefit_statement_html(id, day("2026-05-01")).unwrap();
        assert!(!html.contains("13812345678"));
        assert_eq!(html.matches("138****5678").count(), 1);
        assert_eq!(
            html.matches("<td class=\"n\">12</td><td class=\"n\">2</td><td class=\"n\">10</td>")
                .count(),
            1,
            "免费配送: 12 a year, 2 used, 10 left"
        );
        assert_eq!(
            html.matches("<td>门店领取</td>").count(),
            2,
            "one row per use"
        );
        insta::assert_snapshot!("statement_html", html.replace("><", ">\n<"));
    });
}

#[test]
fn the_log_says_a_statement_was_printed_with_the_phone_masked() {
    each_api(|api| {
        let id = rated(api, "gold");
        let html = api.benefit_statement_html(id, day("2026-05-01")).unwrap();
        assert!(html.contains("138****5678"));
        let logged = api
            .audit_list(&tierdesk_api::domain::audit::AuditFilter {
                action: Some("statement.print".into()),
                ..Default::default()
            })
            .unwrap()
            .items;
        assert_eq!(logged.len(), 1);
        assert!(
            logged[0].summary.contains("已隐藏部分信息"),
            "{}",
            logged[0].summary
        );
        let facts = &logged[0].details.as_ref().unwrap().facts;
        assert!(
            facts
                .iter()
                .any(|f| f.name == "是否隐藏" && f.value == "是"),
            "{facts:?}"
        );
    });
}

#[test]
fn imported_sheet_tier_survives_a_rating() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("旧表.csv");
    std::fs::write(
        &csv,
        "客户名称,消费金额,当前等级\n张三,350000,VIP\n李四,90000,金牌\n王五,5000,普通\n",
    )
    .unwrap();
    each_api(|api| {
        let req = tierdesk_api::ImportRequest {
            path: csv.display().to_string(),
            skip_bad_rows: true,
            ..Default::default()
        };
        api.commit_import(&req, "测试", &mut |_| true).unwrap();
        api.apply_evaluation("star4", day("2026-06-30"), None, "测试", &[])
            .unwrap();
        let c = api.calibrate("star4", day("2026-06-30")).unwrap();
        assert_eq!(c.with_old_tier, 3);
        assert_eq!(c.compared, 3);
        // 李四 was 金牌 in the sheet and is 银牌 by star4's spend ≥ 100000.
        assert_eq!(c.agreed, 2);
        assert_eq!(c.disagreements[0].name, "李四");
        // The import recognised 金牌 as star4's key.
        assert_eq!(c.disagreements[0].old_text, "gold");
        assert_eq!(c.disagreements[0].proposed, "silver");
    });
}

#[test]
fn undoing_an_import_takes_back_the_tier_it_kept() {
    each_api_with_dir(|api, dir| {
        api.create_customer(CustomerDraft {
            name: "赵六".into(),
            code: Some("Z1".into()),
            spend: Some(120_000.0),
            ..Default::default()
        })
        .unwrap();
        let csv = dir.join("旧表.csv");
        std::fs::write(&csv, "客户编号,客户名称,当前等级\nZ1,赵六,金牌\n").unwrap();
        let req = tierdesk_api::ImportRequest {
            path: csv.display().to_string(),
            skip_bad_rows: true,
            ..Default::default()
        };
        let s = api.commit_import(&req, "测试", &mut |_| true).unwrap();
        let c = api.calibrate("star4", day("2026-06-30")).unwrap();
        assert_eq!((c.with_old_tier, c.agreed), (1, 1));
        // A later sheet does not replace what the first one said.
        std::fs::write(&csv, "客户编号,客户名称,当前等级\nZ1,赵六,普通\n").unwrap();
        let s2 = api.commit_import(&req, "测试", &mut |_| true).unwrap();
        assert_eq!(api.calibrate("star4", day("2026-06-30")).unwrap().agreed, 1);
        api.undo_import(s2.import_id).unwrap();
        api.undo_import(s.import_id).unwrap();
        let c = api.calibrate("star4", day("2026-06-30")).unwrap();
        assert_eq!(c.with_old_tier, 0);
    });
}
