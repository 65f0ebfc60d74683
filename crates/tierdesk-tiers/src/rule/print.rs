//! A rule tree back into text: the canonical form scheme files keep and the
//! Chinese form the app shows. Parentheses go only where reading back needs
//! them, so each form reads back to the same tree.

use tierdesk_domain::Msg;

use super::{ArithOp, RuleNode, RuleProblem, Vocab};

#[derive(Clone, Copy, PartialEq)]
enum Style {
    Canonical,
    Chinese,
}

/// `spend >= 300000 and orders_per_month >= 2`.
pub fn canonical(node: &RuleNode) -> String {
    print(node, Style::Canonical, None)
}

/// 「消费金额 ≥ 30万 且 月均购买次数 ≥ 2」, custom fields by their names.
pub fn chinese(node: &RuleNode, vocab: &Vocab) -> String {
    print(node, Style::Chinese, Some(vocab))
}

fn wrap(s: String, style: Style) -> String {
    match style {
        Style::Canonical => format!("({s})"),
        Style::Chinese => format!("（{s}）"),
    }
}

fn level(op: ArithOp) -> u8 {
    match op {
        ArithOp::Add | ArithOp::Sub => 1,
        ArithOp::Mul | ArithOp::Div => 2,
    }
}

fn print(node: &RuleNode, style: Style, vocab: Option<&Vocab>) -> String {
    let p = |n: &RuleNode| print(n, style, vocab);
    let cn = style == Style::Chinese;
    match node {
        RuleNode::Or { parts } => parts
            .iter()
            .map(|x| match x {
                RuleNode::Or { .. } => wrap(p(x), style),
                _ => p(x),
            })
            .collect::<Vec<_>>()
            .join(if cn { " 或 " } else { " or " }),
        RuleNode::And { parts } => parts
            .iter()
            .map(|x| match x {
                RuleNode::Or { .. } | RuleNode::And { .. } => wrap(p(x), style),
                _ => p(x),
            })
            .collect::<Vec<_>>()
            .join(if cn { " 且 " } else { " and " }),
        RuleNode::Not { part } => {
            format!("{}{}", if cn { "非" } else { "not " }, wrap(p(part), style))
        }
        RuleNode::Compare { op, left, right } => format!(
            "{} {} {}",
            p(left),
            if cn { op.chinese() } else { op.canonical() },
            p(right)
        ),
        RuleNode::Figure { key } => match vocab {
            Some(v) if cn => v.label(key).to_owned(),
            _ => key.clone(),
        },
        RuleNode::Number { value } => {
            if cn {
                chinese_number(*value)
            } else if *value == 0.0 {
                "0".into()
            } else {
                format!("{value}")
            }
        }
        RuleNode::Arith { op, left, right } => {
            let mine = level(*op);
            let l = match &**left {
                RuleNode::Arith { op: o, .. } if level(*o) < mine => wrap(p(left), style),
                _ => p(left),
            };
            let r = match &**right {
                RuleNode::Arith { op: o, .. } if level(*o) <= mine => wrap(p(right), style),
                _ => p(right),
            };
            let sym = match (op, cn) {
                (ArithOp::Add, _) => "+",
                (ArithOp::Sub, _) => "-",
                (ArithOp::Mul, true) => "×",
                (ArithOp::Mul, false) => "*",
                (ArithOp::Div, true) => "÷",
                (ArithOp::Div, false) => "/",
            };
            format!("{l} {sym} {r}")
        }
        RuleNode::Neg { part } => match &**part {
            RuleNode::Figure { .. } => format!("-{}", p(part)),
            _ => format!("-{}", wrap(p(part), style)),
        },
    }
}

/// A number as people write it: 30万, 1.5万, 2亿, 12,345, 0.5.
pub(crate) fn chinese_number(value: f64) -> String {
    let text = format!("{}", value.abs());
    let sign = if value.is_sign_negative() && value != 0.0 {
        "-"
    } else {
        ""
    };
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (text.as_str(), None),
    };
    if frac.is_none() && int.len() >= 5 {
        let scaled = |places: usize, word: &str| {
            let (head, tail) = int.split_at(int.len() - places);
            let head = thousands(head);
            let tail = tail.trim_end_matches('0');
            if tail.is_empty() {
                format!("{sign}{head}{word}")
            } else {
                format!("{sign}{head}.{tail}{word}")
            }
        };
        if int.len() >= 9 && int.ends_with("000000") {
            return scaled(8, "亿");
        }
        if int.ends_with("00") {
            return scaled(4, "万");
        }
    }
    let grouped = thousands(int);
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// Digits with a comma every three from the right: 1234567 → 1,234,567
/// (the one digit grouping of this crate: rules and explanations).
pub(crate) fn thousands(int: &str) -> String {
    let mut grouped = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    grouped
}

/// What is wrong with a tree made by the rule builder, if anything.
pub(super) fn tree_problem(node: &RuleNode, vocab: &Vocab) -> Option<RuleProblem> {
    fn walk(n: &RuleNode, vocab: &Vocab) -> Result<(), Msg> {
        let cond = |x: &RuleNode| {
            if x.is_condition() {
                walk(x, vocab)
            } else {
                Err(Msg::new("rules.tree_join"))
            }
        };
        let num = |x: &RuleNode| {
            if x.is_condition() {
                Err(Msg::new("rules.tree_operand"))
            } else {
                walk(x, vocab)
            }
        };
        match n {
            RuleNode::And { parts } | RuleNode::Or { parts } => {
                if parts.is_empty() {
                    return Err(Msg::new("rules.tree_empty_group"));
                }
                parts.iter().try_for_each(cond)
            }
            RuleNode::Not { part } => cond(part),
            RuleNode::Compare { left, right, .. } | RuleNode::Arith { left, right, .. } => {
                num(left)?;
                num(right)
            }
            RuleNode::Neg { part } => num(part),
            RuleNode::Figure { key } if !vocab.knows_key(key) => {
                Err(Msg::new("rules.tree_unknown_figure").with("key", key))
            }
            RuleNode::Number { value } if !value.is_finite() => {
                Err(Msg::new("rules.tree_bad_number"))
            }
            RuleNode::Figure { .. } | RuleNode::Number { .. } => Ok(()),
        }
    }
    let found = if node.is_condition() {
        walk(node, vocab).err()
    } else {
        Some(Msg::new("rules.tree_not_condition"))
    };
    found.map(|msg| RuleProblem {
        message: msg.zh(),
        msg,
        position: 0,
        suggestion: None,
    })
}
