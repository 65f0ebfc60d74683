//! The tier engine: schemes people can read and set, applied to customers.
//!
//! Build a [`Scheme`] (or take one of [`presets`]), turn customers into
//! [`CustomerFacts`], and call [`evaluate`] with an as-of date; it returns each
//! customer's tier, protection applied, and the count per tier. [`Model`]
//! explains a single customer, [`migration`] compares an evaluation with the
//! tiers customers hold now. Schemes read and write TOML (`docs/schemes.md`).
//!
//! Figures from order lines come in through [`CustomerFacts::take_purchases`]:
//! the caller totals each customer's purchases over the scheme's
//! [`Window`] (see [`Window::span`]) and hands them over; the RFM method
//! scores them and maps the scores to segments.
//! This crate does no IO and reads no clock: dates are parameters.

mod calibrate;
mod care;
mod churn;
mod compare;
mod evaluate;
mod explain;
mod expr;
mod figures;
mod period;
mod points;
mod presets;
mod rfm;
pub mod rule;
mod rules;
mod scheme;
pub mod scheme_merge;
mod toml_error;
mod words;

pub use calibrate::{
    best_cuts, calibration, match_old_tier, single_figure, BestCuts, Calibration, CutSuggestion,
    Disagreement, SuggestedCut, UnmappedTier,
};
pub use care::{CareSettings, TierCare, MAX_CARE_HOURS, MAX_VISIT_DAYS};
pub use churn::{
    ChurnRules, ChurnSettings, TierChurn, DEFAULT_SURVEY_DAYS, MAX_CHURN_DAYS, MAX_RHYTHM_FACTOR,
};
pub use compare::{migration, Migration, Move};
pub use evaluate::{
    evaluate, evaluate_in_parts, Evaluation, Model, Outcome, TierCount, GRACE_PREFIX,
};
pub use explain::{figure_msg, show, ConditionLine, ConditionPart, Explanation, FigureLine};
pub use expr::{Comparison, Condition};
pub use figures::{
    figure_label, figure_unit, CustomerFacts, Figures, Purchases, BUILT_IN, SURVEY_FIGURES,
};
pub use period::{next_rating_date, parse_period, period_label, period_of, Period};
pub use points::{
    EarnLines, PointsRules, PointsSettings, TierPoints, MAX_POINTS_BONUS, MAX_POINTS_MULTIPLIER,
};
pub use presets::{abc, five_level, metal4, presets, rfm10, rfm8, star4, weighted5};
pub use rfm::{
    quintile_edges, score, segment_keys, segment_rfm10, segment_rfm8, segment_rule, segment_tiers,
    GridSegment, MeanSegment, NO_PURCHASE, NO_PURCHASE_NAME, RFM10, RFM8, RFM_FIGURES,
};
pub use rule::{RuleCheck, RuleFigure, RuleNode, RuleProblem, Vocab};
pub use scheme::{
    is_colour, Benefit, Cycle, Factor, Method, Missing, Normalize, Protection, Scheme, Scoring,
    Segments, Span, TierDef, Window,
};
pub use toml_error::TomlProblem;

/// What can be wrong with a scheme or its use, in Chinese.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TierError {
    #[error("{0}")]
    Invalid(String),
    #[error("方案文件格式有误：{0}")]
    Toml(String),
}
