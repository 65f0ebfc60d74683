//! What is wrong with a rule text, where, in Chinese: 「第 12 个字处：不认识
//! “消费金”，是否想写 消费金额？」.

use serde::{Deserialize, Serialize};
use tierdesk_domain::Msg;
use ts_rs::TS;

use super::Vocab;

/// Why a rule cannot be read.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Why {
    Empty,
    Symbol(String),
    Number(String),
    /// A name that is no figure; the near name and the names there are.
    Unknown {
        word: String,
        near: Option<String>,
        known: Vec<String>,
    },
    /// A figure or number (`join`: 且 or 或) was needed here and `found`
    /// came (None: the end).
    Expected {
        join: bool,
        found: Option<String>,
    },
    Unclosed,
    ExtraClose,
    /// A number where a yes/no question is needed.
    NotCondition(String),
    /// A yes/no question where a number is needed.
    NotNumber(String),
    Chained,
    /// 以上 or the like with no number before it.
    AfterAlone(String),
    /// 以上 or the like after a comparison already written (≥ 30万以上).
    AfterTwice(String),
    Call(String),
    MissingJoin(String),
}

/// A rule text that cannot be read: where (the character counted from 0) and why.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleError {
    pub(super) at: usize,
    pub(super) why: Why,
}

/// A rule's problem as the app shows it: the message, the place (counted
/// from 1, as the message says it) and the near name it suggests.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RuleProblem {
    pub message: String,
    /// `message` as a key and values, for the English app.
    pub msg: Msg,
    pub position: u32,
    pub suggestion: Option<String>,
}

impl RuleError {
    pub(super) fn new(at: usize, why: Why) -> RuleError {
        RuleError { at, why }
    }

    /// The place, counted from 1.
    pub fn position(&self) -> usize {
        self.at + 1
    }

    /// The near name suggested for an unknown one.
    pub fn suggestion(&self) -> Option<&str> {
        match &self.why {
            Why::Unknown { near, .. } => near.as_deref(),
            _ => None,
        }
    }

    pub fn problem(&self) -> RuleProblem {
        RuleProblem {
            message: self.to_string(),
            msg: self.msg(),
            position: self.position() as u32,
            suggestion: self.suggestion().map(str::to_owned),
        }
    }

    /// The message as a key and its values, for the app to show in its language.
    pub fn msg(&self) -> Msg {
        let m = |key: &str| Msg::new(key).with("at", self.position());
        match &self.why {
            Why::Empty => m("rules.empty"),
            Why::Symbol(s) => m("rules.symbol").with("symbol", s),
            Why::Number(s) => m("rules.number").with("text", s),
            Why::Unknown {
                word,
                near: Some(n),
                ..
            } => m("rules.unknown_near").with("word", word).with("near", n),
            Why::Unknown { word, known, .. } => m("rules.unknown")
                .with("word", word)
                .with("names", known.join("、")),
            Why::Expected { found: None, .. } => m("rules.missing_operand"),
            Why::Expected {
                join: false,
                found: Some(f),
            } => m("rules.expected_operand").with("found", f),
            Why::Expected {
                join: true,
                found: Some(f),
            } => m("rules.expected_join").with("found", f),
            Why::Unclosed => m("rules.unclosed"),
            Why::ExtraClose => m("rules.extra_close"),
            Why::NotCondition(s) => m("rules.not_condition").with("text", s),
            Why::NotNumber(s) => m("rules.not_number").with("text", s),
            Why::Chained => m("rules.chained"),
            Why::AfterAlone(w) => m("rules.after_alone").with("word", w),
            Why::AfterTwice(w) => m("rules.after_twice").with("word", w),
            Why::Call(name) => m("rules.call").with("name", name),
            Why::MissingJoin(s) => m("rules.missing_join").with("word", s),
        }
    }
}

impl std::fmt::Display for RuleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.msg().zh())
    }
}

impl std::error::Error for RuleError {}

/// Edit distance between two words, by characters.
fn distance(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The name of a figure nearest to `word`: one that holds it or is held by
/// it, else one a few edits away. A Chinese word gets the figure's label, an
/// English one its key.
pub(super) fn near_name(word: &str, vocab: &Vocab) -> Option<String> {
    let w: Vec<char> = word.to_lowercase().chars().collect();
    let ascii = word.is_ascii();
    let mut best: Option<(usize, String)> = None;
    for f in vocab.figures() {
        let shown = if ascii { &f.key } else { &f.label };
        let names = std::iter::once(&f.key)
            .chain(std::iter::once(&f.label))
            .chain(f.aliases.iter());
        for name in names {
            if name.is_ascii() != ascii {
                continue;
            }
            let n: Vec<char> = name.to_lowercase().chars().collect();
            let held = |a: &[char], b: &[char]| b.len() >= 2 && a.windows(b.len()).any(|x| x == b);
            let d = if held(&n, &w) || held(&w, &n) {
                n.len().abs_diff(w.len()).min(1)
            } else {
                let d = distance(&w, &n);
                if d > (n.len().min(w.len()) / 3).max(1) {
                    continue;
                }
                d + 1
            };
            if best.as_ref().is_none_or(|b| d < b.0) {
                best = Some((d, shown.clone()));
            }
        }
    }
    best.map(|b| b.1)
}

/// The figures' labels, for a message that has no near name to offer.
pub(super) fn known_labels(vocab: &Vocab) -> Vec<String> {
    vocab.figures().iter().map(|f| f.label.clone()).collect()
}
