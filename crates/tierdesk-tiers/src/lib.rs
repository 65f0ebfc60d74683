//! The tier engine: schemes people can read and set, applied to customers.
//!
//! Build a [`Scheme`] (or take one of [`presets`]), turn customers into
//! [`CustomerFacts`], and call [`evaluate`] with an as-of date; it returns each
//! customer's tier, protection applied, and the count per tier. [`Model`]
//! explains a single customer, [`migration`] compares an evaluation with the
//! tiers customers hold now. Schemes read and write TOML (`docs/schemes.md`).
//! This crate does no IO and reads no clock: dates are parameters.

mod compare;
mod evaluate;
mod explain;
mod expr;
mod figures;
mod period;
mod presets;
mod scheme;

pub use compare::{migration, Migration, Move};
pub use evaluate::{evaluate, Evaluation, Model, Outcome, TierCount};
pub use explain::{show, ConditionLine, ConditionPart, Explanation, FigureLine};
pub use expr::{Comparison, Condition};
pub use figures::{figure_label, CustomerFacts, Figures, BUILT_IN};
pub use period::{next_rating_date, parse_period, period_of};
pub use presets::{abc, five_level, metal4, presets, star4, weighted5};
pub use scheme::{Benefit, Cycle, Factor, Method, Missing, Normalize, Protection, Scheme, TierDef};

/// What can be wrong with a scheme or its use, in Chinese.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TierError {
    #[error("{0}")]
    Invalid(String),
    #[error("方案文件格式有误：{0}")]
    Toml(String),
}
