//! Everyday rule words (大于, 不低于, 30万以上 …) through the tier engine:
//! each word as the comparison it means, a customer on each side of the
//! threshold and one exactly on it (where ≥ and > part), and the symbol form
//! the scheme file keeps.

use super::{day, facts};
use tierdesk_tiers::*;

/// star4 whose top tier (钻石) has `condition`; the tier a spend gets.
fn tier_for(condition: &str, spend: f64) -> String {
    let mut s = star4();
    s.tiers[0].condition = Some(condition.into());
    evaluate(&s, day("2024-12-31"), &[facts(1, Some(spend), None)])
        .unwrap_or_else(|e| panic!("{condition}: {e}"))
        .outcomes
        .remove(0)
        .tier
}

#[test]
fn each_word_is_its_comparison_on_both_sides_of_the_threshold() {
    // (the rule, the symbol it means); the threshold is 30万 throughout.
    let cases: [(&str, &str); 33] = [
        ("消费金额 大于 30万", ">"),
        ("消费金额 超过 30万", ">"),
        ("消费金额 高于 30万", ">"),
        ("消费金额 多于 30万", ">"),
        ("消费金额 小于 30万", "<"),
        ("消费金额 低于 30万", "<"),
        ("消费金额 少于 30万", "<"),
        ("消费金额 不满 30万", "<"),
        ("消费金额 未满 30万", "<"),
        ("消费金额 不足 30万", "<"),
        ("消费金额 不低于 30万", ">="),
        ("消费金额 不少于 30万", ">="),
        ("消费金额 不小于 30万", ">="),
        ("消费金额 至少 30万", ">="),
        ("消费金额 达到 30万", ">="),
        ("消费金额 满 30万", ">="),
        ("消费金额 大于等于 30万", ">="),
        ("消费金额 大于或等于 30万", ">="),
        ("消费金额 不高于 30万", "<="),
        ("消费金额 不超过 30万", "<="),
        ("消费金额 不大于 30万", "<="),
        ("消费金额 不多于 30万", "<="),
        ("消费金额 至多 30万", "<="),
        ("消费金额 小于等于 30万", "<="),
        ("消费金额 等于 30万", "=="),
        ("消费金额 不等于 30万", "!="),
        ("消费金额 30万以上", ">="),
        ("消费金额 30万及以上", ">="),
        ("消费金额 30万或以上", ">="),
        ("消费金额 30万以下", "<="),
        ("消费金额 30万及以下", "<="),
        ("消费金额 30万以内", "<="),
        ("消费金额 30万之内", "<="),
    ];
    let threshold = 300_000.0;
    for (rule, symbol) in cases {
        let canonical = format!("spend {symbol} 300000");
        let check = rule::check(rule, &Vocab::builtin());
        assert_eq!(check.canonical, Some(canonical), "{rule}");
        for spend in [threshold - 0.01, threshold, threshold + 0.01] {
            let holds = match symbol {
                ">" => spend > threshold,
                "<" => spend < threshold,
                ">=" => spend >= threshold,
                "<=" => spend <= threshold,
                "==" => spend == threshold,
                _ => spend != threshold,
            };
            let want = if holds { "diamond" } else { "gold" };
            assert_eq!(tier_for(rule, spend), want, "{rule} at spend {spend}");
        }
    }
}

#[test]
fn a_scheme_file_keeps_the_symbol_form_of_a_rule_in_words() {
    let mut s = star4();
    s.tiers[0].condition = Some("消费金额30万以上且最近购买天数90天以内".into());
    s.tiers[1].condition = Some("消费金额 不低于 10万".into());
    s.canonicalise(&Vocab::builtin()).unwrap();
    let back = Scheme::from_toml(&s.to_toml()).unwrap();
    let kept: Vec<Option<String>> = back.tiers.iter().map(|t| t.condition.clone()).collect();
    assert_eq!(
        kept[..2],
        [
            Some("spend >= 300000 and recency_days <= 90".to_owned()),
            Some("spend >= 100000".to_owned())
        ]
    );
    assert_eq!(
        back.rule_text(0, &Vocab::builtin()),
        "消费金额 ≥ 30万 且 最近购买距今天数 ≤ 90"
    );
}
