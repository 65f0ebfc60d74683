//! Rules people write in Chinese: checking a rule text (the canonical form
//! kept in the scheme file, the Chinese form shown, or where it goes wrong),
//! printing a tree from the rule builder, the figures the builder offers,
//! and a scheme file's TOML problem in Chinese with its line and column.

use tierdesk_domain::FieldKind;
use tierdesk_tiers::{rule, RuleCheck, RuleFigure, RuleNode, TomlProblem, Vocab};

use crate::{Api, Result};

impl Api {
    /// The figures a rule may name in this database: the built-in ones and
    /// the number custom fields, by key and by the label people see.
    pub fn rule_vocab(&self) -> Result<Vocab> {
        self.allow(crate::domain::Perm::View)?;
        let defs = self.field_defs()?;
        Ok(Vocab::with_custom(
            defs.iter()
                .filter(|d| d.kind == FieldKind::Number)
                .map(|d| (d.key.as_str(), d.label.as_str())),
        ))
    }

    /// The figures with their Chinese labels, units and other names, for the rule builder.
    pub fn rule_figures(&self) -> Result<Vec<RuleFigure>> {
        self.allow(crate::domain::Perm::View)?;
        Ok(self.rule_vocab()?.figures().to_vec())
    }

    /// A rule text in either form: its canonical and Chinese forms and its
    /// tree, or the problem (the place and a near name) in Chinese.
    pub fn check_rule(&self, text: &str) -> Result<RuleCheck> {
        self.allow(crate::domain::Perm::View)?;
        Ok(rule::check(text, &self.rule_vocab()?))
    }

    /// A tree made by the rule builder, printed in both forms (or why not).
    pub fn rule_from_tree(&self, tree: RuleNode) -> Result<RuleCheck> {
        self.allow(crate::domain::Perm::View)?;
        Ok(rule::from_tree(tree, &self.rule_vocab()?))
    }

    /// Whether a scheme file's text reads as TOML; the problem in Chinese
    /// with its line, column and the line's text when not. (Whether it is a
    /// scheme that can be used is what saving or the what-if says.)
    pub fn scheme_text_problem(&self, text: &str) -> Result<Option<TomlProblem>> {
        self.allow(crate::domain::Perm::View)?;
        Ok(TomlProblem::find(text))
    }
}
