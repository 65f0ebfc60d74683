//! The rule language: Chinese and English forms, numbers, precedence,
//! errors with their place and near name, custom fields, and the round trip
//! of both printers over generated trees.

use proptest::prelude::*;

use super::*;

fn vocab() -> Vocab {
    Vocab::with_custom([("satisfaction", "客户满意度"), ("nps2", "NPS2")])
}

fn read(text: &str) -> RuleNode {
    parse(text, &vocab(), Names::Known).unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn fig(key: &str) -> Box<RuleNode> {
    Box::new(RuleNode::Figure { key: key.into() })
}

fn num(value: f64) -> Box<RuleNode> {
    Box::new(RuleNode::Number { value })
}

fn cmp(key: &str, op: CmpOp, value: f64) -> RuleNode {
    RuleNode::Compare {
        op,
        left: fig(key),
        right: num(value),
    }
}

#[test]
fn the_issue_rule_reads_in_chinese_and_prints_both_ways() {
    let zh = read("消费金额 ≥ 30万 且 月均购买次数 ≥ 2");
    let en = read("spend >= 300000 and orders_per_month >= 2");
    let want = RuleNode::And {
        parts: vec![
            cmp("spend", CmpOp::Ge, 300_000.0),
            cmp("orders_per_month", CmpOp::Ge, 2.0),
        ],
    };
    assert_eq!(zh, want);
    assert_eq!(en, want);
    assert_eq!(canonical(&zh), "spend >= 300000 and orders_per_month >= 2");
    assert_eq!(
        chinese(&zh, &vocab()),
        "消费金额 ≥ 30万 且 月均购买次数 ≥ 2"
    );
    assert_eq!(zh.figures(), vec!["spend", "orders_per_month"]);
}

#[test]
fn numbers_with_wan_qian_and_separators() {
    // (as written, the value, how the app prints it)
    let cases = [
        ("30万", 300_000.0, "30万"),
        ("1.5万", 15_000.0, "1.5万"),
        ("1.1万", 11_000.0, "1.1万"),
        ("3千", 3_000.0, "3,000"),
        ("300,000", 300_000.0, "30万"),
        ("1,234,567", 1_234_567.0, "1,234,567"),
        ("３０万", 300_000.0, "30万"),
        ("30万元", 300_000.0, "30万"),
        ("¥30万", 300_000.0, "30万"),
        ("￥1,500", 1_500.0, "1,500"),
        ("2亿", 200_000_000.0, "2亿"),
        ("1千万", 10_000_000.0, "1,000万"),
        ("0.5", 0.5, "0.5"),
        ("１２.５", 12.5, "12.5"),
        ("12345", 12_345.0, "12,345"),
        ("12345.25", 12_345.25, "12,345.25"),
        ("7天", 7.0, "7"),
    ];
    for (written, value, shown) in cases {
        let tree = read(&format!("消费金额 ≥ {written}"));
        assert_eq!(
            tree,
            cmp("spend", CmpOp::Ge, value),
            "{written} reads as {value}"
        );
        assert_eq!(
            chinese(&tree, &vocab()),
            format!("消费金额 ≥ {shown}"),
            "{written}"
        );
    }
}

#[test]
fn words_and_symbols_in_both_widths() {
    let want = read("spend >= 1 and orders > 2");
    for text in [
        "消费金额 >= 1 并且 订单数 > 2",
        "消费金额＞＝1且订单数＞2",
        "消费金额≥1 AND 订单数 > 2",
        "（消费金额 ≥ 1） && (订单数 > 2)",
        "消费额 ≥ 1 且 订单数量 ＞ 2",
    ] {
        assert_eq!(read(text), want, "{text}");
    }
    assert_eq!(read("消费金额 = 1"), read("spend == 1"));
    assert_eq!(read("消费金额 ＝ 1"), read("spend == 1"));
    assert_eq!(read("消费金额 ≠ 1"), read("spend != 1"));
    assert_eq!(read("最近购买天数 ≤ 30"), read("recency_days <= 30"));
    assert_eq!(
        read("订单数 ≥ 0 或者 订单数 ≥ 1"),
        read("orders >= 0 or orders >= 1")
    );
    assert_eq!(read("不 消费金额 < 1"), read("not (spend < 1)"));
}

#[test]
fn qie_binds_tighter_than_huo_and_fei_tighter_than_both() {
    let a = || cmp("spend", CmpOp::Ge, 1.0);
    let b = || cmp("orders", CmpOp::Ge, 2.0);
    let c = || cmp("influence", CmpOp::Ge, 3.0);
    assert_eq!(
        read("消费金额 ≥ 1 或 订单数 ≥ 2 且 影响力评分 ≥ 3"),
        RuleNode::Or {
            parts: vec![
                a(),
                RuleNode::And {
                    parts: vec![b(), c()]
                }
            ]
        }
    );
    assert_eq!(
        read("消费金额 ≥ 1 且 订单数 ≥ 2 或 影响力评分 ≥ 3"),
        RuleNode::Or {
            parts: vec![
                RuleNode::And {
                    parts: vec![a(), b()]
                },
                c()
            ]
        }
    );
    assert_eq!(
        read("非 消费金额 ≥ 1 且 订单数 ≥ 2"),
        RuleNode::And {
            parts: vec![
                RuleNode::Not {
                    part: Box::new(a())
                },
                b()
            ]
        }
    );
    assert_eq!(
        read("非（消费金额 ≥ 1 或 订单数 ≥ 2）"),
        RuleNode::Not {
            part: Box::new(RuleNode::Or {
                parts: vec![a(), b()]
            })
        }
    );
    let grouped = read("（消费金额 ≥ 1 或 订单数 ≥ 2）且 影响力评分 ≥ 3");
    assert_eq!(
        grouped,
        RuleNode::And {
            parts: vec![
                RuleNode::Or {
                    parts: vec![a(), b()]
                },
                c()
            ]
        }
    );
    assert_eq!(
        chinese(&grouped, &vocab()),
        "（消费金额 ≥ 1 或 订单数 ≥ 2） 且 影响力评分 ≥ 3"
    );
    assert_eq!(
        canonical(&grouped),
        "(spend >= 1 or orders >= 2) and influence >= 3"
    );
    // Arithmetic: × before +, left to right.
    assert_eq!(
        canonical(&read("消费金额 ÷ 订单数 - 1 × 2 ≥ 1万")),
        "spend / orders - 1 * 2 >= 10000"
    );
}

#[test]
fn custom_fields_by_name_or_key() {
    let t = read("客户满意度 ≥ 80 且 satisfaction < 100 且 NPS2 > 1");
    assert_eq!(
        canonical(&t),
        "satisfaction >= 80 and satisfaction < 100 and nps2 > 1"
    );
    assert_eq!(
        chinese(&t, &vocab()),
        "客户满意度 ≥ 80 且 客户满意度 < 100 且 NPS2 > 1"
    );
    // Without the database's fields an unknown key is kept for later checking.
    let any = parse("satisfaction >= 80", &Vocab::builtin(), Names::AnyKey).unwrap();
    assert_eq!(any.figures(), vec!["satisfaction"]);
    assert!(parse("satisfaction >= 80", &Vocab::builtin(), Names::Known).is_err());
}

#[test]
fn errors_say_where_and_suggest_a_near_name() {
    // (text, place counted from 1, the message, the suggestion)
    let cases: [(&str, usize, &str, Option<&str>); 16] = [
        (
            "订单数 ≥ 10 或 消费金 ≥ 30万",
            12,
            "第 12 个字处：不认识“消费金”，是否想写 消费金额？",
            Some("消费金额"),
        ),
        (
            "spnd >= 5",
            1,
            "第 1 个字处：不认识“spnd”，是否想写 spend？",
            Some("spend"),
        ),
        (
            "影响力分 ≥ 2",
            1,
            "第 1 个字处：不认识“影响力分”，是否想写 影响力评分？",
            Some("影响力评分"),
        ),
        (
            "客户满意 ≥ 2",
            1,
            "第 1 个字处：不认识“客户满意”，是否想写 客户满意度？",
            Some("客户满意度"),
        ),
        (
            "天气 ≥ 2",
            1,
            "第 1 个字处：不认识“天气”。可用的指标：消费金额、购买频次",
            None,
        ),
        (
            "消费金额 ≥",
            7,
            "第 7 个字处：条件没写完，这里还缺少指标或数值",
            None,
        ),
        (
            "（消费金额 ≥ 1",
            1,
            "第 1 个字处：这个“（”没有配对的“）”",
            None,
        ),
        ("消费金额 ≥ 1）", 9, "第 9 个字处：多了一个“）”", None),
        (
            "消费金额",
            1,
            "第 1 个字处：“消费金额”是一个数，不是条件",
            None,
        ),
        (
            "1 < 消费金额 < 5",
            10,
            "第 10 个字处：一次只能比较两样",
            None,
        ),
        ("max(spend) > 1", 1, "第 1 个字处：不能调用函数“max”", None),
        (
            "消费金额 ≥ 1 订单数 ≥ 2",
            10,
            "第 10 个字处：“订单数”前面缺少“且”或“或”",
            None,
        ),
        ("消费金额 ≥ 1.2.3", 8, "第 8 个字处：数“1.2.", None),
        ("消费金额 @ 1", 6, "第 6 个字处：不认识的符号“@”", None),
        ("  ", 1, "第 1 个字处：条件是空的", None),
        (
            "消费金额 ≥ 1 且 且 订单数 ≥ 1",
            12,
            "第 12 个字处：这里应是指标或数值，却是“且”",
            None,
        ),
    ];
    for (text, at, message, near) in cases {
        let e = parse(text, &vocab(), Names::Known).expect_err(text);
        assert_eq!(e.position(), at, "{text}: {e}");
        assert!(e.to_string().starts_with(message), "{text}: {e}");
        assert_eq!(e.suggestion(), near, "{text}");
        let p = e.problem();
        assert_eq!(p.position as usize, at);
        assert_eq!(p.message, e.to_string());
    }
    // A condition where a number belongs, and the reverse.
    let e = parse("(消费金额 > 1) > 2", &vocab(), Names::Known).unwrap_err();
    assert!(e.to_string().contains("是一个条件"), "{e}");
}

#[test]
fn check_gives_both_forms_or_the_problem() {
    let ok = check("消费金额≥30万且月均购买次数≥2", &vocab());
    assert_eq!(
        ok.canonical.as_deref(),
        Some("spend >= 300000 and orders_per_month >= 2")
    );
    assert_eq!(
        ok.chinese.as_deref(),
        Some("消费金额 ≥ 30万 且 月均购买次数 ≥ 2")
    );
    assert!(ok.problem.is_none() && ok.tree.is_some());
    let bad = check("消费金 ≥ 1", &vocab());
    assert_eq!(bad.canonical, None);
    assert_eq!(bad.problem.unwrap().suggestion.as_deref(), Some("消费金额"));
    // A builder's tree: an empty group and an unknown figure are refused.
    let empty = from_tree(RuleNode::And { parts: vec![] }, &vocab());
    assert!(empty.problem.unwrap().message.contains("空"));
    let unknown = from_tree(cmp("weather", CmpOp::Ge, 1.0), &vocab());
    assert!(unknown.problem.unwrap().message.contains("weather"));
    let number = from_tree(*num(1.0), &vocab());
    assert!(number.problem.is_some());
    let fine = from_tree(cmp("satisfaction", CmpOp::Lt, 15_000.0), &vocab());
    assert_eq!(fine.chinese.as_deref(), Some("客户满意度 < 1.5万"));
}

#[test]
fn everyday_words_read_as_comparisons() {
    // (as written, the canonical form)
    let cases = [
        ("消费金额 大于 30万", "spend > 300000"),
        ("消费金额 30万以上", "spend >= 300000"),
        ("消费金额30万以上", "spend >= 300000"),
        ("消费金额在30万以上", "spend >= 300000"),
        ("消费金额 30万元及以上", "spend >= 300000"),
        ("购买频次 不低于 2", "frequency >= 2"),
        ("购买频次 2次或以上", "frequency >= 2"),
        ("最近购买天数 90天以内", "recency_days <= 90"),
        ("最近购买天数90天内", "recency_days <= 90"),
        ("最近购买天数 90天之内", "recency_days <= 90"),
        ("使用年限 满3年", "tenure_years >= 3"),
        ("使用年限 不满 3年", "tenure_years < 3"),
        (
            "消费金额大于等于1万且订单数不超过5",
            "spend >= 10000 and orders <= 5",
        ),
        ("消费金额 大于或等于 1万", "spend >= 10000"),
        ("消费金额 不等于 0", "spend != 0"),
        ("消费金额 ÷ 订单数 5千以上", "spend / orders >= 5000"),
        (
            "非 消费金额 1万以下 或 订单数 达到 3",
            "not (spend <= 10000) or orders >= 3",
        ),
        (
            "（消费金额 高于 1万）且 影响力 至少 60",
            "spend > 10000 and influence >= 60",
        ),
        ("客户满意度 不低于 80", "satisfaction >= 80"),
    ];
    for (text, want) in cases {
        assert_eq!(canonical(&read(text)), want, "{text}");
        // The app prints the symbol form back.
        assert!(!chinese(&read(text), &vocab()).contains("以"), "{text}");
    }
    // Names that hold 满 or start like a word stay names.
    assert!(parse("满意度 ≥ 4", &vocab(), Names::Known)
        .unwrap_err()
        .to_string()
        .contains("不认识“满意度”"));
    let e = parse("消费金大于30万", &vocab(), Names::Known).unwrap_err();
    assert_eq!(e.suggestion(), Some("消费金额"));
}

#[test]
fn half_written_words_are_refused_with_where() {
    // (text, place counted from 1, the message's start)
    let cases = [
        ("消费金额 以上", 6, "第 6 个字处：“以上”前面要有指标和数值"),
        ("30万以上", 4, "第 4 个字处：“以上”前面要有指标和数值"),
        (
            "消费金额 ≥ 30万以上",
            11,
            "第 11 个字处：前面已经写了比较，“以上”是多余的",
        ),
        (
            "消费金额 大于 30万以下",
            12,
            "第 12 个字处：前面已经写了比较，“以下”是多余的",
        ),
        ("消费金额 大于", 8, "第 8 个字处：条件没写完"),
        (
            "消费金额 30万以上 以下",
            12,
            "第 12 个字处：一次只能比较两样",
        ),
        (
            "以上 消费金额",
            1,
            "第 1 个字处：这里应是指标或数值，却是“以上”",
        ),
        (
            "消费金额 30万 订单数",
            6,
            "第 6 个字处：“30万”前面缺少“且”或“或”",
        ),
    ];
    for (text, at, message) in cases {
        let e = parse(text, &vocab(), Names::Known).expect_err(text);
        assert_eq!(e.position(), at, "{text}: {e}");
        assert!(e.to_string().starts_with(message), "{text}: {e}");
    }
}

const KEYS: [&str; 6] = [
    "spend",
    "orders_per_month",
    "recency_days",
    "nps",
    "satisfaction",
    "nps2",
];

fn number_leaf() -> impl Strategy<Value = RuleNode> {
    let value = prop_oneof![
        (-2_000_000_000i64..2_000_000_000).prop_map(|n| n as f64),
        (-1_000_000i64..1_000_000).prop_map(|n| n as f64 / 100.0),
        (0i64..100).prop_map(|n| n as f64 * 10_000.0),
        any::<f64>().prop_filter("finite", |v| v.is_finite()),
    ];
    prop_oneof![
        (0..KEYS.len()).prop_map(|i| RuleNode::Figure {
            key: KEYS[i].into()
        }),
        value.prop_map(|value| RuleNode::Number { value }),
    ]
}

fn number_tree() -> impl Strategy<Value = RuleNode> {
    number_leaf().prop_recursive(3, 12, 2, |inner| {
        let op = prop_oneof![
            Just(ArithOp::Add),
            Just(ArithOp::Sub),
            Just(ArithOp::Mul),
            Just(ArithOp::Div)
        ];
        prop_oneof![
            (op, inner.clone(), inner.clone()).prop_map(|(op, l, r)| RuleNode::Arith {
                op,
                left: Box::new(l),
                right: Box::new(r),
            }),
            inner.prop_map(|p| RuleNode::Neg { part: Box::new(p) }),
        ]
    })
}

fn condition_tree() -> impl Strategy<Value = RuleNode> {
    let op = prop_oneof![
        Just(CmpOp::Ge),
        Just(CmpOp::Gt),
        Just(CmpOp::Le),
        Just(CmpOp::Lt),
        Just(CmpOp::Eq),
        Just(CmpOp::Ne)
    ];
    let compare = (op, number_tree(), number_tree()).prop_map(|(op, l, r)| RuleNode::Compare {
        op,
        left: Box::new(l),
        right: Box::new(r),
    });
    compare.prop_recursive(3, 16, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 2..4).prop_map(|parts| RuleNode::And { parts }),
            prop::collection::vec(inner.clone(), 2..4).prop_map(|parts| RuleNode::Or { parts }),
            inner.prop_map(|p| RuleNode::Not { part: Box::new(p) }),
        ]
    })
}

/// Comparison words for each comparison, as people write them.
fn words_for(op: CmpOp) -> &'static [&'static str] {
    match op {
        CmpOp::Ge => &["不低于", "不少于", "至少", "达到", "大于等于"],
        CmpOp::Gt => &["大于", "超过", "高于"],
        CmpOp::Le => &["不高于", "不超过", "至多", "小于等于"],
        CmpOp::Lt => &["小于", "低于", "少于"],
        CmpOp::Eq => &["等于"],
        CmpOp::Ne => &["不等于"],
    }
}

/// The Chinese form with every comparison in words, picking the word (and,
/// for ≥ ≤ against a plain number, the 以上/以下 form) by `pick`.
fn wordy(node: &RuleNode, v: &Vocab, pick: &mut impl FnMut() -> usize) -> String {
    let wrap = |s: String| format!("（{s}）");
    match node {
        RuleNode::Or { parts } => parts
            .iter()
            .map(|x| match x {
                RuleNode::Or { .. } => wrap(wordy(x, v, pick)),
                _ => wordy(x, v, pick),
            })
            .collect::<Vec<_>>()
            .join(" 或 "),
        RuleNode::And { parts } => parts
            .iter()
            .map(|x| match x {
                RuleNode::Or { .. } | RuleNode::And { .. } => wrap(wordy(x, v, pick)),
                _ => wordy(x, v, pick),
            })
            .collect::<Vec<_>>()
            .join(" 且 "),
        RuleNode::Not { part } => format!("非{}", wrap(wordy(part, v, pick))),
        RuleNode::Compare { op, left, right } => {
            let (l, r) = (chinese(left, v), chinese(right, v));
            let plain = matches!(**right, RuleNode::Number { value } if value >= 0.0 && !value.is_sign_negative());
            let after = match op {
                CmpOp::Ge => Some("以上"),
                CmpOp::Le => Some(["以下", "以内"][pick() % 2]),
                _ => None,
            };
            match after {
                Some(word) if plain && pick().is_multiple_of(2) => format!("{l} {r}{word}"),
                _ => {
                    let words = words_for(*op);
                    format!("{l} {} {r}", words[pick() % words.len()])
                }
            }
        }
        _ => chinese(node, v),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    /// parse(print(e)) == e in both forms.
    #[test]
    fn both_printers_read_back_to_the_same_tree(tree in condition_tree()) {
        let v = vocab();
        let en = canonical(&tree);
        prop_assert_eq!(&parse(&en, &v, Names::Known).map_err(|e| TestCaseError::fail(format!("{en}: {e}")))?, &tree, "{}", en);
        let zh = chinese(&tree, &v);
        prop_assert_eq!(&parse(&zh, &v, Names::Known).map_err(|e| TestCaseError::fail(format!("{zh}: {e}")))?, &tree, "{}", zh);
        // The canonical form is stable: printing what was read gives the same text.
        prop_assert_eq!(canonical(&parse(&zh, &v, Names::Known).unwrap()), en);
    }

    /// parse(words(e)) == e: the same tree written with 大于, 不低于, 以上 …
    #[test]
    fn words_read_back_to_the_same_tree(tree in condition_tree(), seed in any::<u64>()) {
        let v = vocab();
        let mut state = seed;
        let mut pick = || {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (state >> 33) as usize
        };
        let text = wordy(&tree, &v, &mut pick);
        let read = parse(&text, &v, Names::Known).map_err(|e| TestCaseError::fail(format!("{text}: {e}")))?;
        prop_assert_eq!(&read, &tree, "{}", text);
        prop_assert_eq!(canonical(&read), canonical(&tree));
    }

    /// No text makes the reader panic; what it reads prints back to itself.
    #[test]
    fn any_text_reads_or_says_where(text in "[消费金额订单数且或非不（）()≥<>=!0-9万千., a-z大于低满以上下内在至少]{0,24}") {
        let v = vocab();
        match parse(&text, &v, Names::Known) {
            Ok(tree) => prop_assert_eq!(parse(&canonical(&tree), &v, Names::Known).unwrap(), tree),
            Err(e) => prop_assert!(e.position() <= text.chars().count() + 1, "{}: {}", text, e),
        }
    }
}
