//! Churn early warning and the retention figures management asks for.
//! Pure: no IO. The store hands it each customer's purchase days and service
//! facts; it hands back model parameters, P(alive), signals with their
//! reasons in words, and figures per period, tier and 客户经理.

pub mod alert;
pub mod cohorts;
pub mod history;
pub mod managers;
pub mod model;
pub mod movement;
pub mod retention;
pub mod signals;

pub use history::{compress, History, HistoryCounts};
pub use model::{fit, Fit, FitError, MbgParams};
pub use signals::{
    level, Assessment, CustomerFacts, LowAnswer, Rule, RuleGroup, Scores, ServiceFacts, Signal,
    Signaller, Strength,
};
