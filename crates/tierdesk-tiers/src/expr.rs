//! Tier conditions in a small readable language —
//! `spend >= 500000 and orders_per_month >= 1` — evaluated by `evalexpr`.
//! People write `and`, `or`, `not`; they become evalexpr's `&&`, `||`, `!`.

use evalexpr::{
    build_operator_tree, Context, DefaultNumericTypes, EvalexprError, EvalexprResult, Node,
    Operator, Value,
};

use crate::figures::Figures;

pub(crate) type V = Value<DefaultNumericTypes>;

/// A parsed condition and the figures it reads.
#[derive(Debug, Clone)]
pub struct Condition {
    tree: Node<DefaultNumericTypes>,
    pub text: String,
    pub figures: Vec<String>,
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
    pub fn parse(text: &str) -> Result<Condition, String> {
        let tree = build_operator_tree::<DefaultNumericTypes>(&translate(text))
            .map_err(|e| format!("无法理解「{text}」（{e}）。条件的写法如：spend >= 500000 and orders_per_month >= 1"))?;
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
            format!(
                "「{text}」不是完整的条件。条件的写法如：spend >= 500000 and orders_per_month >= 1"
            )
        })?;
        Ok(Condition {
            tree,
            text: text.to_owned(),
            figures,
        })
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
        values.clear();
        for f in &self.figures {
            match figures.get(f) {
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
            "spend >= 5 && orders < 3"
        );
        assert_eq!(
            translate("not (a > 1) or order_count ≥ 2"),
            "! (a > 1) || order_count >= 2"
        );
        assert_eq!(translate("andy > 1"), "andy > 1");
    }
}
