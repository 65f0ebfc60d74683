//! Tier conditions — `spend >= 500000 and orders_per_month >= 1`, or in
//! Chinese 「消费金额 ≥ 50万 且 月均购买次数 ≥ 1」 — read by the rule
//! language ([`crate::rule`]) and evaluated by `evalexpr` in their canonical
//! form, whose `and`, `or`, `not` become evalexpr's `&&`, `||`, `!`.

use evalexpr::{
    build_operator_tree, Context, DefaultNumericTypes, EvalexprError, EvalexprResult, Node,
    Operator, Value,
};

use crate::figures::Figures;
use crate::rule::{self, Names, RuleNode, Vocab};

pub(crate) type V = Value<DefaultNumericTypes>;

/// Conditions reading at most this many figures take the fast path.
const FAST_FIGURES: usize = 8;

/// A parsed condition and the figures it reads.
#[derive(Debug, Clone)]
pub struct Condition {
    tree: Node<DefaultNumericTypes>,
    /// The condition as written.
    pub text: String,
    /// The condition as the rule language read it.
    pub rule: RuleNode,
    pub figures: Vec<String>,
    /// Where each figure sits among the built-in ones (`None`: a custom field),
    /// found once here rather than by name for every customer.
    slots: Vec<Option<usize>>,
    /// The same condition as plain comparisons joined by and/or/not, when it
    /// is one (the usual case): evaluated without evalexpr's values.
    fast: Option<Fast>,
}

/// A condition made only of `figure OP number` joined by and/or/not.
#[derive(Debug, Clone)]
enum Fast {
    And(Box<Fast>, Box<Fast>),
    Or(Box<Fast>, Box<Fast>),
    Not(Box<Fast>),
    /// `figures[var] OP value`.
    Cmp {
        var: usize,
        op: Operator<DefaultNumericTypes>,
        value: f64,
    },
}

impl Fast {
    fn compile(node: &Node<DefaultNumericTypes>, figures: &[String]) -> Option<Fast> {
        let kids = node.children();
        let flip = |op: &Operator<DefaultNumericTypes>| match op {
            Operator::Gt => Some(Operator::Lt),
            Operator::Geq => Some(Operator::Leq),
            Operator::Lt => Some(Operator::Gt),
            Operator::Leq => Some(Operator::Geq),
            Operator::Eq => Some(Operator::Eq),
            Operator::Neq => Some(Operator::Neq),
            _ => None,
        };
        match node.operator() {
            Operator::RootNode if kids.len() == 1 => Fast::compile(&kids[0], figures),
            Operator::And if kids.len() == 2 => Some(Fast::And(
                Box::new(Fast::compile(&kids[0], figures)?),
                Box::new(Fast::compile(&kids[1], figures)?),
            )),
            Operator::Or if kids.len() == 2 => Some(Fast::Or(
                Box::new(Fast::compile(&kids[0], figures)?),
                Box::new(Fast::compile(&kids[1], figures)?),
            )),
            Operator::Not if kids.len() == 1 => {
                Some(Fast::Not(Box::new(Fast::compile(&kids[0], figures)?)))
            }
            op @ (Operator::Gt
            | Operator::Geq
            | Operator::Lt
            | Operator::Leq
            | Operator::Eq
            | Operator::Neq)
                if kids.len() == 2 =>
            {
                let var_of = |n: &Node<DefaultNumericTypes>| {
                    ident(n).and_then(|id| figures.iter().position(|f| *f == id))
                };
                match (
                    var_of(&kids[0]),
                    number(&kids[1]),
                    number(&kids[0]),
                    var_of(&kids[1]),
                ) {
                    (Some(var), Some(value), _, _) => Some(Fast::Cmp {
                        var,
                        op: op.clone(),
                        value,
                    }),
                    (_, _, Some(value), Some(var)) => Some(Fast::Cmp {
                        var,
                        op: flip(op)?,
                        value,
                    }),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    fn eval(&self, v: &[f64]) -> bool {
        match self {
            Fast::And(a, b) => a.eval(v) && b.eval(v),
            Fast::Or(a, b) => a.eval(v) || b.eval(v),
            Fast::Not(a) => !a.eval(v),
            Fast::Cmp { var, op, value } => {
                let x = v[*var];
                match op {
                    Operator::Gt => x > *value,
                    Operator::Geq => x >= *value,
                    Operator::Lt => x < *value,
                    Operator::Leq => x <= *value,
                    Operator::Eq => x == *value,
                    _ => x != *value,
                }
            }
        }
    }
}

/// One comparison of a condition, for explanations: `spend >= 500000`.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    pub figure: String,
    pub op: &'static str,
    pub threshold: f64,
}

/// Rewrites the words people type into evalexpr's operators, leaving
/// identifiers that merely contain them (`order`, `andy`) alone.
fn translate(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        match word.as_str() {
            "and" | "AND" | "且" => out.push_str("&&"),
            "or" | "OR" | "或" => out.push_str("||"),
            "not" | "NOT" => out.push('!'),
            // Figures are decimals; a whole-number literal is written as one
            // too, so `frequency == 10` compares like with like.
            w if !w.is_empty() && w.chars().all(|c| c.is_ascii_digit()) => {
                out.push_str(w);
                out.push_str(".0");
            }
            _ => out.push_str(word),
        }
        word.clear();
    };
    for c in text.chars() {
        let c = match c {
            '（' => '(',
            '）' => ')',
            '＞' => '>',
            '＜' => '<',
            '＝' => '=',
            '≥' => {
                flush(&mut word, &mut out);
                out.push_str(">=");
                continue;
            }
            '≤' => {
                flush(&mut word, &mut out);
                out.push_str("<=");
                continue;
            }
            c => c,
        };
        if c.is_alphanumeric() || c == '_' || c == '.' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

impl Condition {
    /// Reads a condition in either form; a name that is no built-in figure
    /// is taken as a custom field's key (the database's fields are checked
    /// by [`crate::Scheme::check_figures`]).
    pub fn parse(text: &str) -> Result<Condition, String> {
        let rule = rule::parse(text, builtin(), Names::AnyKey).map_err(|e| e.to_string())?;
        let canonical = rule::canonical(&rule);
        let tree = build_operator_tree::<DefaultNumericTypes>(&translate(&canonical))
            .map_err(|e| format!("无法理解「{text}」（{e}）"))?;
        let mut figures: Vec<String> = Vec::new();
        for id in tree.iter_variable_identifiers() {
            if !figures.iter().any(|f| f == id) {
                figures.push(id.to_owned());
            }
        }
        if tree.iter_function_identifiers().next().is_some() {
            return Err(format!(
                "「{text}」里不能调用函数，只能用数字、指标、比较和 and/or/not"
            ));
        }
        // A trial run with every figure at 1 catches half-written conditions
        // (`spend >=`) and conditions that are not a yes/no question.
        let ones = vec![V::Float(1.0); figures.len()];
        let ctx = Vars {
            names: &figures,
            values: &ones,
        };
        tree.eval_boolean_with_context(&ctx).map_err(|_| {
            format!("「{text}」不是完整的条件。条件的写法如：消费金额 ≥ 50万 且 月均购买次数 ≥ 1")
        })?;
        let slots = figures.iter().map(|f| Figures::slot(f)).collect();
        let fast = if figures.len() <= FAST_FIGURES {
            Fast::compile(&tree, &figures)
        } else {
            None
        };
        Ok(Condition {
            slots,
            fast,
            tree,
            text: text.to_owned(),
            rule,
            figures,
        })
    }

    /// The condition as the app shows it: 「消费金额 ≥ 50万 且 月均购买次数 ≥ 1」.
    pub fn chinese(&self, vocab: &Vocab) -> String {
        rule::chinese(&self.rule, vocab)
    }

    /// Evaluates for one customer. `None` when a figure it needs is missing.
    pub fn holds(&self, figures: &Figures, zero_for_missing: bool) -> Option<bool> {
        self.holds_with(figures, zero_for_missing, &mut Vec::new())
    }

    /// As [`Condition::holds`], reusing `values` as scratch space so that
    /// evaluating a million customers allocates nothing per customer.
    pub fn holds_with(
        &self,
        figures: &Figures,
        zero_for_missing: bool,
        values: &mut Vec<V>,
    ) -> Option<bool> {
        if let Some(fast) = &self.fast {
            let mut v = [0f64; FAST_FIGURES];
            for ((f, slot), out) in self.figures.iter().zip(&self.slots).zip(v.iter_mut()) {
                let value = match slot {
                    Some(i) => figures.known(*i),
                    None => figures.get(f),
                };
                *out = match value {
                    Some(x) => x,
                    None if zero_for_missing => 0.0,
                    None => return None,
                };
            }
            return Some(fast.eval(&v));
        }
        values.clear();
        for (f, slot) in self.figures.iter().zip(&self.slots) {
            let value = match slot {
                Some(i) => figures.known(*i),
                None => figures.get(f),
            };
            match value {
                Some(v) => values.push(V::Float(v)),
                None if zero_for_missing => values.push(V::Float(0.0)),
                None => return None,
            }
        }
        let ctx = Vars {
            names: &self.figures,
            values: values.as_slice(),
        };
        match self.tree.eval_boolean_with_context(&ctx) {
            Ok(b) => Some(b),
            // A type problem (e.g. a bare number as a condition) counts as not matching.
            Err(_) => Some(false),
        }
    }

    /// The simple comparisons `figure OP number` inside the condition.
    pub fn comparisons(&self) -> Vec<Comparison> {
        let mut out = Vec::new();
        collect(&self.tree, &mut out);
        out
    }
}

/// The built-in figures, made once.
pub(crate) fn builtin() -> &'static Vocab {
    static VOCAB: std::sync::OnceLock<Vocab> = std::sync::OnceLock::new();
    VOCAB.get_or_init(Vocab::builtin)
}

fn number(node: &Node<DefaultNumericTypes>) -> Option<f64> {
    match node.operator() {
        Operator::Const { value: V::Float(f) } => Some(*f),
        Operator::Const { value: V::Int(i) } => Some(*i as f64),
        Operator::RootNode if node.children().len() == 1 => number(&node.children()[0]),
        _ => None,
    }
}

fn ident(node: &Node<DefaultNumericTypes>) -> Option<String> {
    match node.operator() {
        Operator::VariableIdentifierRead { identifier } => Some(identifier.clone()),
        Operator::RootNode if node.children().len() == 1 => ident(&node.children()[0]),
        _ => None,
    }
}

fn collect(node: &Node<DefaultNumericTypes>, out: &mut Vec<Comparison>) {
    let op = match node.operator() {
        Operator::Geq => Some(">="),
        Operator::Gt => Some(">"),
        Operator::Leq => Some("<="),
        Operator::Lt => Some("<"),
        Operator::Eq => Some("=="),
        _ => None,
    };
    if let (Some(op), [a, b]) = (op, node.children()) {
        if let (Some(figure), Some(threshold)) = (ident(a), number(b)) {
            out.push(Comparison {
                figure,
                op,
                threshold,
            });
            return;
        }
    }
    for child in node.children() {
        collect(child, out);
    }
}

struct Vars<'a> {
    names: &'a [String],
    values: &'a [V],
}

impl Context for Vars<'_> {
    type NumericTypes = DefaultNumericTypes;

    fn get_value(&self, identifier: &str) -> Option<&V> {
        self.names
            .iter()
            .position(|n| n == identifier)
            .map(|i| &self.values[i])
    }

    fn call_function(
        &self,
        identifier: &str,
        _argument: &V,
    ) -> EvalexprResult<V, DefaultNumericTypes> {
        Err(EvalexprError::FunctionIdentifierNotFound(
            identifier.to_owned(),
        ))
    }

    fn are_builtin_functions_disabled(&self) -> bool {
        true
    }

    fn set_builtin_functions_disabled(
        &mut self,
        _disabled: bool,
    ) -> EvalexprResult<(), DefaultNumericTypes> {
        Ok(())
    }
}

impl Comparison {
    /// Evaluates this comparison alone.
    pub fn holds(&self, value: f64) -> bool {
        match self.op {
            ">=" => value >= self.threshold,
            ">" => value > self.threshold,
            "<=" => value <= self.threshold,
            "<" => value < self.threshold,
            _ => (value - self.threshold).abs() < 1e-9,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::translate;

    #[test]
    fn words_become_operators() {
        assert_eq!(
            translate("spend >= 5 and orders < 3"),
            "spend >= 5.0 && orders < 3.0"
        );
        assert_eq!(
            translate("not (a > 1) or order_count ≥ 2"),
            "! (a > 1.0) || order_count >= 2.0"
        );
        assert_eq!(translate("andy > 1"), "andy > 1.0");
        assert_eq!(
            translate("spend >= 1.5 and x2 > 0"),
            "spend >= 1.5 && x2 > 0.0"
        );
    }
}

#[cfg(test)]
mod fast_tests {
    use super::*;
    use crate::figures::CustomerFacts;

    /// The fast path gives evalexpr's answer for every condition shape it takes.
    #[test]
    fn fast_path_agrees_with_evalexpr() {
        let conditions = [
            "spend >= 500000 and orders_per_month >= 1",
            "spend > 100000 or frequency >= 12",
            "not (spend < 20000) and (tenure_years >= 2 or influence >= 80)",
            "100000 <= spend",
            "spend >= 50000 且 frequency ≥ 4",
            "frequency == 10 or frequency != 5",
        ];
        let day = chrono::NaiveDate::from_ymd_opt(2024, 12, 31).unwrap();
        for text in conditions {
            let fast = Condition::parse(text).unwrap();
            assert!(fast.fast.is_some(), "{text} takes the fast path");
            let mut slow = fast.clone();
            slow.fast = None;
            for spend in [
                None,
                Some(0.0),
                Some(19_999.0),
                Some(20_000.0),
                Some(100_000.0),
                Some(500_000.0),
            ] {
                for freq in [
                    None,
                    Some(4.0),
                    Some(5.0),
                    Some(10.0),
                    Some(12.0),
                    Some(24.0),
                ] {
                    for tenure in [None, Some(1.0), Some(2.0)] {
                        let c = CustomerFacts {
                            spend,
                            frequency: freq,
                            tenure_years: tenure,
                            influence: Some(50.0),
                            ..Default::default()
                        };
                        let f = Figures::of(&c, day);
                        for zero in [false, true] {
                            assert_eq!(
                                fast.holds_with(&f, zero, &mut Vec::new()),
                                slow.holds_with(&f, zero, &mut Vec::new()),
                                "{text} with {spend:?} {freq:?} {tenure:?} zero={zero}"
                            );
                        }
                    }
                }
            }
        }
        // Equality compares numbers as numbers on both paths.
        let eq = Condition::parse("frequency == 10").unwrap();
        let mut slow_eq = eq.clone();
        slow_eq.fast = None;
        let c = CustomerFacts {
            frequency: Some(10.0),
            ..Default::default()
        };
        assert_eq!(eq.holds(&Figures::of(&c, day), false), Some(true));
        assert_eq!(slow_eq.holds(&Figures::of(&c, day), false), Some(true));
    }
}
