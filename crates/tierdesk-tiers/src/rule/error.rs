//! What is wrong with a rule text, where, in Chinese: 「第 12 个字处：不认识
//! “消费金”，是否想写 消费金额？」.

use serde::{Deserialize, Serialize};
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
    /// Something was needed here (`what`) and `found` came (None: the end).
    Expected {
        what: &'static str,
        found: Option<String>,
    },
    Unclosed,
    ExtraClose,
    /// A number where a yes/no question is needed.
    NotCondition(String),
    /// A yes/no question where a number is needed.
    NotNumber(String),
    Chained,
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
            position: self.position() as u32,
            suggestion: self.suggestion().map(str::to_owned),
        }
    }

    fn reason(&self) -> String {
        match &self.why {
            Why::Empty => "条件是空的，请写成 消费金额 ≥ 30万 这样的比较".into(),
            Why::Symbol(s) => format!("不认识的符号“{s}”"),
            Why::Number(s) => format!("数“{s}”的写法有误"),
            Why::Unknown {
                word,
                near: Some(n),
                ..
            } => {
                format!("不认识“{word}”，是否想写 {n}？")
            }
            Why::Unknown { word, known, .. } => {
                format!("不认识“{word}”。可用的指标：{}", known.join("、"))
            }
            Why::Expected { what, found: None } => format!("条件没写完，这里还缺少{what}"),
            Why::Expected {
                what,
                found: Some(f),
            } => format!("这里应是{what}，却是“{f}”"),
            Why::Unclosed => "这个“（”没有配对的“）”".into(),
            Why::ExtraClose => "多了一个“）”".into(),
            Why::NotCondition(s) => {
                format!("“{s}”是一个数，不是条件：请写成 {s} ≥ 某个数 这样的比较")
            }
            Why::NotNumber(s) => format!("“{s}”是一个条件，不能拿来比较大小或计算"),
            Why::Chained => "一次只能比较两样：请写成 消费金额 ≥ 1万 且 消费金额 < 5万".into(),
            Why::Call(name) => format!("不能调用函数“{name}”：只能用数、指标、比较和 且/或/非"),
            Why::MissingJoin(s) => format!("“{s}”前面缺少“且”或“或”"),
        }
    }
}

impl std::fmt::Display for RuleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "第 {} 个字处：{}", self.position(), self.reason())
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
