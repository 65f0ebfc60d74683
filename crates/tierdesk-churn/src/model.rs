//! The Modified BG/NBD model (Batislam, Denizel & Filiztekin 2007, with the
//! erratum of Wagner & Hoppe 2008): the variant of BG/NBD that also speaks
//! of customers who bought on one day only, as `lifetimes`'
//! `ModifiedBetaGeoFitter` does.
//!
//! The story it tells: while "alive", each customer buys at their own steady
//! rate λ (rates across customers follow a Gamma(r, α) distribution); at the
//! start and after every purchase day the customer may drop out for good
//! with their own probability p (p across customers follows Beta(a, b)).
//! [`fit`] finds r, α, a, b that make all customers' histories most likely;
//! then, for one customer's [`History`], [`MbgParams::p_alive`] is the chance
//! they have not dropped out, and [`MbgParams::expected_purchases`] how many
//! purchase days to expect in the next t days.
//!
//! Time is in days throughout (α too).

mod fit;
mod series;

use serde::{Deserialize, Serialize};
use statrs::function::gamma::ln_gamma;
use ts_rs::TS;

use crate::history::History;

pub use fit::{fit, Fit, FitError};

/// The four parameters of the population: the purchase rate's Gamma(r, α)
/// (α in days) and the drop-out probability's Beta(a, b).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
pub struct MbgParams {
    pub r: f64,
    pub alpha: f64,
    pub a: f64,
    pub b: f64,
}

impl MbgParams {
    /// The probability that a customer with `history` is still active (has
    /// not dropped out) on the as-of day: 1 / (1 + a/(b+x) · ((α+T)/(α+t_x))^(r+x))
    /// (Batislam et al. 2007, appendix A, eq. 5). In [0, 1]; a customer
    /// whose last purchase was long ago, against their own rhythm, is near 0.
    pub fn p_alive(&self, history: &History) -> f64 {
        let x = history.frequency;
        let log_odds_gone = (self.a / (self.b + x)).ln()
            + (self.r + x) * ((self.alpha + history.age) / (self.alpha + history.recency)).ln();
        // exp overflowing to infinity gives 0, as it should; never NaN for
        // valid parameters and histories.
        1.0 / (1.0 + log_odds_gone.exp())
    }

    /// The expected number of purchase days in the `t_days` after the as-of
    /// day for a customer with `history` (Wagner & Hoppe 2008; `lifetimes`'
    /// `conditional_expected_number_of_purchases_up_to_time`). 0 for t ≤ 0.
    ///
    /// E = (a+b+x)/(a−1) · [1 − ₂F₁(r+x, b+x+1; a+b+x; z) (1−z)^(r+x)]
    ///     / [1 + a/(b+x) · ((α+T)/(α+t_x))^(r+x)],  z = t/(α+T+t).
    ///
    /// Euler's transformation turns the bracket into
    /// 1 − (1−z)^(a−1) ₂F₁(a+b−r, a−1; a+b+x; z), whose series neither grows
    /// with x nor overflows; and splitting off the 1 of that series keeps
    /// the formula exact as a approaches 1, where (a+b+x)/(a−1) alone would
    /// divide by zero. For a above r+x+1 the series as defined is summed
    /// instead (fast there, and a − 1 is far from 0).
    pub fn expected_purchases(&self, t_days: f64, history: &History) -> f64 {
        if t_days.is_nan() || t_days <= 0.0 {
            return 0.0;
        }
        let MbgParams { r, alpha, a, b } = *self;
        let x = history.frequency;
        let big_t = history.age;
        // ln(1 − z), with 1 − z = (α+T)/(α+T+t).
        let ln_keep = ((alpha + big_t) / (alpha + big_t + t_days)).ln();
        let z = t_days / (alpha + big_t + t_days);
        let numerator = if a > 2.0 && a > r + x + 1.0 {
            // A large a (customers dropping out alike) makes Euler's series
            // crawl (its terms grow like (a·z)^k / k! first); the defining
            // series of ₂F₁(r+x, b+x+1; a+b+x; z) has small terms then.
            let kept = series::gauss_scaled(r + x, b + x + 1.0, a + b + x, z, (r + x) * ln_keep);
            (a + b + x) / (a - 1.0) * (1.0 - kept)
        } else {
            // [1 − (1−z)^(a−1)] / (a−1), its limit −ln(1−z) at a = 1.
            let head = if a == 1.0 {
                -ln_keep
            } else {
                -((a - 1.0) * ln_keep).exp_m1() / (a - 1.0)
            };
            let tail = ((a - 1.0) * ln_keep).exp() * series::euler_tail(a + b - r, a, a + b + x, z);
            (a + b + x) * (head - tail)
        };
        let denominator =
            1.0 + (a / (b + x)) * ((alpha + big_t) / (alpha + history.recency)).powf(r + x);
        (numerator / denominator).max(0.0)
    }

    /// One customer's log-likelihood under these parameters (time in the
    /// units of `history`): the sum the fit maximises.
    pub fn log_likelihood(&self, history: &History) -> f64 {
        let MbgParams { r, alpha, a, b } = *self;
        let x = history.frequency;
        let rate = ln_gamma(r + x) - ln_gamma(r) + r * alpha.ln();
        let dropout =
            ln_gamma(a + b) + ln_gamma(b + x + 1.0) - ln_gamma(b) - ln_gamma(a + b + x + 1.0);
        let silence = -(r + x) * (alpha + history.age).ln();
        let gone = a.ln() - (b + x).ln()
            + (r + x) * ((alpha + history.age).ln() - (alpha + history.recency).ln());
        rate + dropout + silence + ln_1p_exp(gone)
    }
}

/// ln(1 + eˣ) without overflow (numpy's `logaddexp(x, 0)`).
fn ln_1p_exp(x: f64) -> f64 {
    if x > 0.0 {
        x + (-x).exp().ln_1p()
    } else {
        x.exp().ln_1p()
    }
}
