//! The tier explanation as messages: each line has a key and parameters the
//! UI renders in its language, and the Chinese text it keeps is that
//! message's Chinese (the CLI, the report and the PDF print it).

use tierdesk_domain::Msg;

use super::*;

/// The keys of a message and of its nested parts, depth first.
fn keys(m: &Msg) -> Vec<String> {
    let mut out = vec![m.key.clone()];
    for parts in m.lists.iter().flat_map(|l| l.values()) {
        for p in parts {
            out.extend(keys(p));
        }
    }
    out
}

fn explain_one(s: &Scheme, c: &CustomerFacts) -> Explanation {
    let f = vec![Figures::of(c, day("2024-12-31"))];
    let m = Model::build(s, &f).unwrap();
    m.explain(0, c, &f[0])
}

#[test]
fn threshold_lines_are_messages_with_the_figure_by_key() {
    let c = CustomerFacts {
        spend: Some(88_000.0),
        ..facts(1, None, None)
    };
    let x = explain_one(&star4(), &c);
    let next = x.next_up_msg.as_ref().unwrap();
    assert_eq!(next.key, "explain.next_up");
    assert_eq!(next.params["tier"], "金牌");
    assert_eq!(next.list("gaps"), [Msg::text("¥12,000")]);
    assert_eq!(next.zh(), "还差 ¥12,000 升至金牌");
    let margin = x.margin_msg.as_ref().unwrap();
    assert_eq!(keys(margin), ["explain.margin", "data.text"]);
    assert_eq!(margin.params["tier"], "银牌");
    assert_eq!(margin.zh(), x.margin.clone().unwrap());
    // Three tiers with a condition, one comparison each, every one a message
    // naming the figure by its key and giving the numbers as shown.
    let parts: Vec<&ConditionPart> = x.conditions.iter().flat_map(|l| &l.parts).collect();
    assert_eq!(parts.len(), 3);
    for p in &parts {
        assert_eq!(keys(&p.msg), ["explain.condition", "figure.spend"]);
        assert_eq!(p.msg.params["op"], ">=");
        assert_eq!(p.msg.params["actual"], "¥88,000");
        assert_eq!(p.msg.zh(), p.text);
    }
    assert_eq!(parts[2].text, "消费金额 >= ¥20,000（实际 ¥88,000）");
    assert_eq!(parts[2].msg.params["threshold"], "¥20,000");
    assert_eq!(x.figures.len(), 1);
    assert_eq!(x.figures[0].label_msg, Msg::new("figure.spend"));
    assert_eq!(x.figures[0].label_msg.zh(), x.figures[0].label);
}

#[test]
fn a_missing_figure_and_a_gap_in_another_figure_are_messages_too() {
    let mut s = star4();
    s.tiers[1].condition = Some("spend >= 100000 and orders >= 5".into());
    // Silver, 12,000 short of gold by spend and with no order count at all.
    let c = CustomerFacts {
        spend: Some(88_000.0),
        ..facts(1, None, None)
    };
    let x = explain_one(&s, &c);
    let gold = x.conditions.iter().find(|l| l.tier == "gold").unwrap();
    assert_eq!(gold.parts.len(), 2);
    assert_eq!(gold.parts[1].msg.key, "explain.condition_missing");
    assert_eq!(gold.parts[1].text, "订单数 >= 5（实际 缺失）");
    assert_eq!(gold.parts[1].msg.zh(), gold.parts[1].text);
    let next = x.next_up_msg.unwrap();
    assert_eq!(
        keys(&next),
        [
            "explain.next_up",
            "data.text",
            "explain.gap",
            "figure.orders"
        ]
    );
    assert_eq!(next.zh(), "还差 ¥12,000、订单数 5 升至金牌");
    assert_eq!(
        x.next_up.as_deref(),
        Some("还差 ¥12,000、订单数 5 升至金牌")
    );
}

#[test]
fn built_in_figures_have_messages_saying_their_labels() {
    let keys: Vec<&str> = BUILT_IN
        .iter()
        .chain(SURVEY_FIGURES.iter())
        .map(|(k, _)| *k)
        .collect();
    assert_eq!(keys.len(), 12);
    for k in keys {
        let m = figure_msg(k);
        assert_eq!(m.key, format!("figure.{k}"));
        assert_eq!(m.zh(), figure_label(k), "{k}");
    }
    // A custom field is the person's own word, shown as written.
    assert_eq!(figure_msg("cf_区域"), Msg::text("cf_区域"));
}

#[test]
fn the_grace_rules_words_start_its_message() {
    let grace = Msg::new("rating.protect_grace")
        .with("k", 1)
        .with("n", 2)
        .with("tier", "铂金");
    assert_eq!(grace.zh(), "宽限期：第 1/2 期，保留「铂金」");
    assert!(grace.zh().starts_with(GRACE_PREFIX));
}
