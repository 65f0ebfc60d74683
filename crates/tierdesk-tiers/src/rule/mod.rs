//! The rule language people write tier conditions in, in Chinese or with
//! the English keys: 「消费金额 ≥ 30万 且 月均购买次数 ≥ 2」 is
//! `spend >= 300000 and orders_per_month >= 2`.
//!
//! [`parse`] reads either form (且/并且, 或/或者, 非/不 and and/or/not;
//! ≥ ≤ > < = ≠ and >= <= == !=, full-width ＞＜＝（）; numbers with 万/千/亿,
//! full-width digits and thousands separators; each figure by its Chinese
//! label, an alias or its key) into a [`RuleNode`]; [`canonical`] prints the
//! form scheme files keep (English keys, so old files stay valid and diffs
//! stay stable) and [`chinese`] the form the app shows. Both print what
//! [`parse`] reads back to the same tree. Errors say where, in Chinese, with
//! a near name when a figure is misspelt ([`RuleError`]).

mod error;
mod lex;
mod parse;
mod print;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::figures::{figure_unit, BUILT_IN, SURVEY_FIGURES};

pub use error::{RuleError, RuleProblem};
pub(crate) use print::thousands;
pub use print::{canonical, chinese};

/// A comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CmpOp {
    Ge,
    Gt,
    Le,
    Lt,
    Eq,
    Ne,
}

impl CmpOp {
    /// As scheme files write it.
    pub fn canonical(self) -> &'static str {
        match self {
            CmpOp::Ge => ">=",
            CmpOp::Gt => ">",
            CmpOp::Le => "<=",
            CmpOp::Lt => "<",
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
        }
    }

    /// As the app shows it.
    pub fn chinese(self) -> &'static str {
        match self {
            CmpOp::Ge => "≥",
            CmpOp::Gt => ">",
            CmpOp::Le => "≤",
            CmpOp::Lt => "<",
            CmpOp::Eq => "=",
            CmpOp::Ne => "≠",
        }
    }
}

/// Arithmetic between figures and numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ArithOp {
    Add,
    Sub,
    Mul,
    Div,
}

/// A rule as a tree: conditions (`and`, `or`, `not`, `compare`) over
/// numbers (`figure`, `number`, `arith`, `neg`). A chain `a 且 b 且 c` is
/// one `and` with three parts; parentheses around a part of the same kind
/// keep it a part of its own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RuleNode {
    And {
        parts: Vec<RuleNode>,
    },
    Or {
        parts: Vec<RuleNode>,
    },
    Not {
        part: Box<RuleNode>,
    },
    Compare {
        op: CmpOp,
        left: Box<RuleNode>,
        right: Box<RuleNode>,
    },
    Figure {
        key: String,
    },
    Number {
        value: f64,
    },
    Arith {
        op: ArithOp,
        left: Box<RuleNode>,
        right: Box<RuleNode>,
    },
    Neg {
        part: Box<RuleNode>,
    },
}

impl RuleNode {
    /// Whether the node is a yes/no question (else a number).
    pub fn is_condition(&self) -> bool {
        matches!(
            self,
            RuleNode::And { .. }
                | RuleNode::Or { .. }
                | RuleNode::Not { .. }
                | RuleNode::Compare { .. }
        )
    }

    /// The figure keys the rule reads, each once, in order of appearance.
    pub fn figures(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        self.walk(&mut |n| {
            if let RuleNode::Figure { key } = n {
                if !out.contains(key) {
                    out.push(key.clone());
                }
            }
        });
        out
    }

    fn walk(&self, f: &mut impl FnMut(&RuleNode)) {
        f(self);
        match self {
            RuleNode::And { parts } | RuleNode::Or { parts } => {
                parts.iter().for_each(|p| p.walk(f))
            }
            RuleNode::Not { part } | RuleNode::Neg { part } => part.walk(f),
            RuleNode::Compare { left, right, .. } | RuleNode::Arith { left, right, .. } => {
                left.walk(f);
                right.walk(f);
            }
            RuleNode::Figure { .. } | RuleNode::Number { .. } => {}
        }
    }
}

/// One figure a rule may name: its key, the label the app shows, other
/// words people use for it, and its unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RuleFigure {
    pub key: String,
    pub label: String,
    /// Other names read as this figure (最近购买天数 for 最近购买距今天数).
    pub aliases: Vec<String>,
    /// The unit's code (`yuan`, `per_year`, `days` … see
    /// [`crate::figure_unit`]); empty for a custom field.
    pub unit: String,
    /// A custom field of the database rather than a built-in figure.
    pub custom: bool,
}

/// Other words read as a built-in figure.
const ALIASES: [(&str, &[&str]); 8] = [
    ("spend", &["消费额", "累计消费", "消费总额"]),
    ("frequency", &["购买频率", "年购买次数"]),
    ("orders_per_month", &["每月购买次数", "月购买次数"]),
    ("tenure_years", &["合作年限", "客户年限"]),
    ("influence", &["影响力"]),
    ("orders", &["订单数量", "下单次数"]),
    ("recency_days", &["最近购买天数", "距上次购买天数"]),
    ("avg_order_value", &["客单价"]),
];

/// The figures a rule may name: the built-in ones and the database's custom fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Vocab {
    figures: Vec<RuleFigure>,
}

impl Vocab {
    /// The built-in figures (and survey figures) only.
    pub fn builtin() -> Vocab {
        let figures = BUILT_IN
            .iter()
            .chain(SURVEY_FIGURES.iter())
            .map(|(key, label)| RuleFigure {
                key: (*key).into(),
                label: (*label).into(),
                aliases: ALIASES
                    .iter()
                    .find(|(k, _)| k == key)
                    .map(|(_, a)| a.iter().map(|s| (*s).to_owned()).collect())
                    .unwrap_or_default(),
                unit: figure_unit(key).into(),
                custom: false,
            })
            .collect();
        Vocab { figures }
    }

    /// The built-in figures and custom fields given as (key, label); a
    /// custom field whose key is built in is left out.
    pub fn with_custom<'a>(fields: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vocab {
        let mut v = Vocab::builtin();
        for (key, label) in fields {
            if v.figures.iter().all(|f| f.key != key) {
                v.figures.push(RuleFigure {
                    key: key.into(),
                    label: label.into(),
                    aliases: vec![],
                    unit: String::new(),
                    custom: true,
                });
            }
        }
        v
    }

    pub fn figures(&self) -> &[RuleFigure] {
        &self.figures
    }

    /// The label shown for a key (the key itself when unknown).
    pub fn label<'a>(&'a self, key: &'a str) -> &'a str {
        self.figures
            .iter()
            .find(|f| f.key == key)
            .map(|f| f.label.as_str())
            .unwrap_or(key)
    }

    fn knows_key(&self, key: &str) -> bool {
        self.figures.iter().any(|f| f.key == key)
    }
}

/// How strictly names are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Names {
    /// Every figure must be in the vocabulary: a misspelt one is an error
    /// with a suggestion.
    Known,
    /// An unknown name is taken as the key of a custom field this crate
    /// does not know (scheme files read without a database; the database's
    /// fields are checked later).
    AnyKey,
}

/// Reads a rule in either form.
pub fn parse(text: &str, vocab: &Vocab, names: Names) -> Result<RuleNode, RuleError> {
    let tokens = lex::lex(text, vocab)?;
    parse::Parser::new(text, tokens, vocab, names).rule()
}

/// What checking a rule text gives: the form kept in the scheme file and
/// the form shown, or where and why it cannot be read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RuleCheck {
    pub canonical: Option<String>,
    pub chinese: Option<String>,
    pub tree: Option<RuleNode>,
    pub problem: Option<RuleProblem>,
}

/// Checks a rule text against the database's figures.
pub fn check(text: &str, vocab: &Vocab) -> RuleCheck {
    match parse(text, vocab, Names::Known) {
        Ok(tree) => from_tree(tree, vocab),
        Err(e) => RuleCheck {
            canonical: None,
            chinese: None,
            tree: None,
            problem: Some(e.problem()),
        },
    }
}

/// Prints a tree (built by the rule builder) in both forms, after checking
/// that it is a condition over known figures and finite numbers.
pub fn from_tree(tree: RuleNode, vocab: &Vocab) -> RuleCheck {
    let problem = print::tree_problem(&tree, vocab);
    match problem {
        Some(p) => RuleCheck {
            canonical: None,
            chinese: None,
            tree: None,
            problem: Some(p),
        },
        None => RuleCheck {
            canonical: Some(canonical(&tree)),
            chinese: Some(chinese(&tree, vocab)),
            tree: Some(tree),
            problem: None,
        },
    }
}

#[cfg(test)]
mod tests;
