//! Rules in Chinese through the API: checking a text, the builder's tree and
//! figures, a scheme saved in the canonical form and shown in Chinese, and a
//! rating that uses it.

use chrono::NaiveDate;
use tierdesk_api::domain::{CustomerDraft, FieldDef, FieldKind};
use tierdesk_api::engine::rule::CmpOp;
use tierdesk_api::engine::RuleNode;
use tierdesk_api::testing::each_api;
use tierdesk_api::{Api, ErrorCode};

fn api_with_fields(api: &mut Api) {
    for (key, label, kind) in [
        ("satisfaction", "客户满意度", FieldKind::Number),
        ("region", "区域", FieldKind::Text),
    ] {
        api.add_field_def(FieldDef {
            key: key.into(),
            label: label.into(),
            kind,
            choices: vec![],
        })
        .unwrap();
    }
}

#[test]
fn a_rule_text_is_checked_in_either_form_with_the_databases_fields() {
    each_api(|api| {
        api_with_fields(api);
        let ok = api.check_rule("客户满意度 ≥ 80 且 消费金额 ≥ 1万").unwrap();
        assert_eq!(
            ok.canonical.as_deref(),
            Some("satisfaction >= 80 and spend >= 10000")
        );
        assert_eq!(
            ok.chinese.as_deref(),
            Some("客户满意度 ≥ 80 且 消费金额 ≥ 1万")
        );
        let same = api
            .check_rule("satisfaction >= 80 and spend >= 10,000")
            .unwrap();
        assert_eq!(same.tree, ok.tree);

        let bad = api.check_rule("订单数 ≥ 10 或 消费金 ≥ 30万").unwrap();
        let p = bad.problem.unwrap();
        assert_eq!(p.position, 12);
        assert_eq!(
            p.message,
            "第 12 个字处：不认识“消费金”，是否想写 消费金额？"
        );
        assert_eq!(p.suggestion.as_deref(), Some("消费金额"));
        assert!(bad.canonical.is_none());
        // A text field is no figure.
        let text_field = api.check_rule("区域 > 1").unwrap();
        assert!(text_field.problem.unwrap().message.contains("不认识“区域”"));

        // The builder's tree, printed both ways.
        let tree = RuleNode::And {
            parts: vec![
                RuleNode::Compare {
                    op: CmpOp::Ge,
                    left: Box::new(RuleNode::Figure {
                        key: "spend".into(),
                    }),
                    right: Box::new(RuleNode::Number { value: 300_000.0 }),
                },
                RuleNode::Compare {
                    op: CmpOp::Ge,
                    left: Box::new(RuleNode::Figure {
                        key: "orders_per_month".into(),
                    }),
                    right: Box::new(RuleNode::Number { value: 2.0 }),
                },
            ],
        };
        let printed = api.rule_from_tree(tree).unwrap();
        assert_eq!(
            printed.canonical.as_deref(),
            Some("spend >= 300000 and orders_per_month >= 2")
        );
        assert_eq!(
            printed.chinese.as_deref(),
            Some("消费金额 ≥ 30万 且 月均购买次数 ≥ 2")
        );

        // The builder's figures: built in with units, number custom fields by label.
        let figures = api.rule_figures().unwrap();
        let spend = figures.iter().find(|f| f.key == "spend").unwrap();
        assert_eq!(
            (spend.label.as_str(), spend.unit.as_str()),
            ("消费金额", "yuan")
        );
        let sat = figures.iter().find(|f| f.key == "satisfaction").unwrap();
        assert_eq!((sat.label.as_str(), sat.custom), ("客户满意度", true));
        assert!(figures.iter().all(|f| f.key != "region"));
        assert_eq!(figures.len(), 8 + 4 + 1);
    });
}

#[test]
fn a_scheme_file_problem_says_line_column_and_text_in_chinese() {
    each_api(|api| {
        api_with_fields(api);
        let text = "key = \"a\"\nname = \"甲\"\ncycle \"yearly\"\n";
        let p = api.scheme_text_problem(text).unwrap().unwrap();
        assert_eq!((p.line, p.column), (3, 7));
        assert_eq!(p.line_text, "cycle \"yearly\"");
        assert!(p.reason.starts_with("缺少“=”"), "{}", p.reason);
        assert_eq!(api.scheme_text_problem("key = \"a\"\n").unwrap(), None);
        // Saving such a file says the same.
        let e = api.import_scheme(text).unwrap_err();
        assert!(
            e.message
                .starts_with("方案文件格式有误：第 3 行第 7 列：缺少“=”"),
            "{}",
            e.message
        );
    });
}

#[test]
fn a_chinese_rule_is_kept_canonical_shown_in_chinese_and_rates_by_the_yuan() {
    each_api(|api| {
        api_with_fields(api);
        // (code, spend, orders a year: 24 is 2 a month)
        let people = [
            ("R1", 300_000.0, 24.0),
            ("R2", 299_999.0, 24.0),
            ("R3", 300_000.0, 23.0),
            ("R4", 500_000.0, 36.0),
        ];
        let mut ids = Vec::new();
        for (code, spend, frequency) in people {
            let c = api
                .create_customer(CustomerDraft {
                    code: Some(code.into()),
                    name: format!("客户{code}"),
                    spend: Some(spend),
                    frequency: Some(frequency),
                    ..CustomerDraft::default()
                })
                .unwrap();
            ids.push((code, c.id));
        }
        let toml = api
            .scheme("star4")
            .unwrap()
            .to_toml()
            .replace("key = \"star4\"", "key = \"zh_rule\"")
            .replace("spend >= 300000", "消费金额 ≥ 30万 且 月均购买次数 ≥ 2");
        let saved = api.import_scheme(&toml).unwrap();
        assert_eq!(
            saved.tiers[0].condition.as_deref(),
            Some("spend >= 300000 and orders_per_month >= 2")
        );
        let stored = api.scheme("zh_rule").unwrap().to_toml();
        assert!(
            stored.contains("condition = \"spend >= 300000 and orders_per_month >= 2\""),
            "{stored}"
        );
        let summary = api
            .schemes()
            .unwrap()
            .into_iter()
            .find(|s| s.key == "zh_rule")
            .unwrap();
        assert_eq!(summary.tiers[0].rule, "消费金额 ≥ 30万 且 月均购买次数 ≥ 2");
        assert_eq!(summary.tiers[1].rule, "消费金额 ≥ 10万");
        assert_eq!(
            summary.tiers[0].condition.as_deref(),
            Some("spend >= 300000 and orders_per_month >= 2")
        );
        assert_eq!(summary.tiers[3].condition, None);

        let day = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        api.apply_evaluation("zh_rule", day, None, "测试", &[])
            .unwrap();
        let top = &saved.tiers[0].key;
        let in_top: Vec<&str> = ids
            .iter()
            .filter(|(_, id)| api.customer(*id).unwrap().tier.as_ref() == Some(top))
            .map(|(code, _)| *code)
            .collect();
        assert_eq!(in_top, vec!["R1", "R4"]);

        // A misspelt figure is refused at its place, with the near name.
        let e = api
            .import_scheme(&toml.replace("消费金额 ≥ 30万", "消费金 ≥ 30万"))
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::Invalid);
        assert!(
            e.message
                .contains("第 1 个字处：不认识“消费金”，是否想写 消费金额？"),
            "{}",
            e.message
        );
    });
}
