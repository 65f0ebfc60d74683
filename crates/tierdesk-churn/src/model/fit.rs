//! Fitting the MBG/NBD parameters by maximum likelihood, the way `lifetimes`
//! does: over the logarithms of r, α, a, b (so they stay positive), on time
//! rescaled so the oldest customer's age is 10 (α is scaled back after), from
//! the same start (every log-parameter 0.1), minimising the mean negative
//! log-likelihood with BFGS (argmin, with a Moré–Thuente line search) and the
//! exact gradient (digamma from statrs); then BFGS again from the best point
//! with the inverse of the curvature there, to settle in the flat valleys
//! real data has.

use std::cell::{Cell, RefCell};

use argmin::core::{CostFunction, Executor, Gradient, State, TerminationReason};
use argmin::solver::linesearch::MoreThuenteLineSearch;
use argmin::solver::quasinewton::BFGS;
use serde::{Deserialize, Serialize};
use statrs::function::gamma::{digamma, ln_gamma};
use ts_rs::TS;

use super::MbgParams;
use crate::history::History;

/// The fitted model and how the fit went.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
pub struct Fit {
    pub params: MbgParams,
    /// The sum of all customers' log-likelihoods with time in days.
    pub log_likelihood: f64,
    /// BFGS iterations taken by the runs that ended normally (a run whose
    /// line search gave up near the optimum does not report its count).
    pub iterations: u32,
    /// Customers the fit saw (the sum of the rows' counts).
    pub customers: u32,
}

/// Why no model could be fitted; the messages are for the person who asked.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FitError {
    #[error("没有任何顾客的购买记录，无法估计流失模型")]
    NoCustomers,
    #[error("有顾客的购买摘要不合理（第 {row} 行：复购 {frequency} 天、首末间隔 {recency} 天、首购至今 {age} 天），无法估计流失模型")]
    BadHistory {
        row: usize,
        frequency: f64,
        recency: f64,
        age: f64,
    },
    #[error("所有顾客都只在一天里买过东西，看不出复购的节奏，无法估计流失模型")]
    NoRepeatPurchases,
    #[error("所有顾客都是当天才第一次购买，还没有可比较的时间，无法估计流失模型")]
    NoTimeElapsed,
    #[error("流失模型在 {iterations} 轮计算后仍未收敛（{detail}），这批数据暂时无法估计")]
    NotConverged { iterations: u32, detail: String },
}

/// The first BFGS run (from the identity as inverse Hessian) stops when the
/// gradient of the mean negative log-likelihood (per customer, in
/// log-parameters) is this small ...
const ROUGH_GRADIENT: f64 = 1e-6;
/// ... and the runs after it, each started from the best point with the
/// inverse of the exact curvature there, stop at this one: about where
/// scipy's BFGS stops in `lifetimes`, below it the cost is flat to rounding
/// and a line search only dithers. Real data has flat valleys (on the
/// Online Retail lines the Hessian's eigenvalues span 4e-6 to 1.3), where
/// BFGS from the identity crawls; with the curvature in hand it settles in
/// a few steps.
const GRADIENT_TOLERANCE: f64 = 5e-9;
/// A point whose gradient is under this when no run gets further is taken:
/// on the reference data it moves no P(alive) by more than 2e-7.
const ACCEPTED_GRADIENT: f64 = 1e-8;
const MAX_ITERATIONS: u64 = 300;
const MAX_RUNS: usize = 6;
/// Likelihood evaluations a fit may spend in all (a good fit takes about
/// 110): a fit that cannot settle fails in seconds, not minutes.
const MAX_EVALUATIONS: u32 = 400;
/// The gradient accepted where the optimum lies at the edge (see
/// [`at_edge`]): there the cost is flat to rounding long before 1e-8.
const STALLED_GRADIENT: f64 = 1e-4;
/// ln a and ln b both beyond this (a, b > 22,000): Beta(a, b) is all but a
/// single drop-out probability (its spread under 1% of its mean), the edge
/// of the model.
const EDGE: f64 = 10.0;
const LINE_WIDTH: f64 = 1e-4;
/// Costs this close (relative) count as equal: a few roundings of a sum
/// over thousands of rows.
const FLAT: f64 = 1e-10;
/// The step of the central differences of the exact gradient that give the
/// curvature (in log-parameters).
const HESSIAN_STEP: f64 = 1e-5;

/// Fits the model to distinct histories with the number of customers that
/// have each ([`crate::history::HistoryCounts`]). Rows with a count of 0 are
/// left out. Bad data gives a [`FitError`], never NaN parameters.
pub fn fit(rows: &[(History, u32)]) -> Result<Fit, FitError> {
    let rows: Vec<(History, f64)> = rows
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(h, n)| (*h, f64::from(*n)))
        .collect();
    for (row, (h, _)) in rows.iter().enumerate() {
        if History::new(h.frequency, h.recency, h.age).is_none() {
            return Err(FitError::BadHistory {
                row: row + 1,
                frequency: h.frequency,
                recency: h.recency,
                age: h.age,
            });
        }
    }
    let customers: f64 = rows.iter().map(|(_, n)| n).sum();
    if rows.is_empty() {
        return Err(FitError::NoCustomers);
    }
    if rows.iter().all(|(h, _)| h.frequency == 0.0) {
        return Err(FitError::NoRepeatPurchases);
    }
    let oldest = rows.iter().map(|(h, _)| h.age).fold(0.0, f64::max);
    if oldest <= 0.0 {
        return Err(FitError::NoTimeElapsed);
    }
    let scale = 10.0 / oldest;
    let mut scaled_rows: Vec<(History, f64)> = rows
        .iter()
        .map(|(h, n)| {
            let h = History {
                frequency: h.frequency,
                recency: h.recency * scale,
                age: h.age * scale,
            };
            (h, *n)
        })
        .collect();
    // Rows of equal x share their Gamma-function terms (Likelihood).
    scaled_rows.sort_by(|(p, _), (q, _)| p.frequency.total_cmp(&q.frequency));
    let scaled = Likelihood::new(scaled_rows, customers);
    let (log_params, iterations) = minimise(&scaled)?;
    let [r, alpha, a, b] = log_params.map(f64::exp);
    let params = MbgParams {
        r,
        alpha: alpha / scale,
        a,
        b,
    };
    let log_likelihood: f64 = rows.iter().map(|(h, n)| n * params.log_likelihood(h)).sum();
    if !log_likelihood.is_finite() || ![r, alpha, a, b].iter().all(|p| p.is_finite() && *p > 0.0) {
        return Err(FitError::NotConverged {
            iterations,
            detail: "参数超出范围".into(),
        });
    }
    Ok(Fit {
        params,
        log_likelihood,
        iterations,
        customers: customers as u32,
    })
}

fn minimise(problem: &Likelihood) -> Result<([f64; 4], u32), FitError> {
    let (mut iterations, mut last_problem) = (0u32, String::new());
    let mut start = [0.1; 4];
    let mut tolerance = ROUGH_GRADIENT;
    let mut inverse = None;
    for _ in 0..MAX_RUNS {
        let (taken, problem_text) = bfgs(problem, start, inverse, tolerance);
        iterations += taken;
        last_problem = problem_text;
        let best = problem.best.borrow().clone();
        let Some(best) = best else { break };
        let stuck = best.log_params == start && tolerance == GRADIENT_TOLERANCE;
        if best.gradient_norm < GRADIENT_TOLERANCE || stuck || problem.spent() {
            break;
        }
        start = best.log_params;
        tolerance = GRADIENT_TOLERANCE;
        inverse = invert(&Objective(problem).curvature(&start));
    }
    let best = problem.best.borrow().clone();
    match best {
        Some(best) if best.gradient_norm < ACCEPTED_GRADIENT => Ok((best.log_params, iterations)),
        // Stalled where rounding hides any further gain: the optimum lies at
        // the edge (a and b growing without end: every customer drops out
        // with the same probability) and the point reached predicts as the
        // edge does.
        Some(best) if best.gradient_norm < STALLED_GRADIENT && at_edge(&best.log_params) => {
            Ok((best.log_params, iterations))
        }
        _ => Err(FitError::NotConverged {
            iterations,
            detail: last_problem,
        }),
    }
}

/// Whether a and b have both run off towards infinity.
fn at_edge(log_params: &[f64; 4]) -> bool {
    log_params[2] > EDGE && log_params[3] > EDGE
}

type Matrix = [[f64; 4]; 4];

const IDENTITY: Matrix = [
    [1.0, 0.0, 0.0, 0.0],
    [0.0, 1.0, 0.0, 0.0],
    [0.0, 0.0, 1.0, 0.0],
    [0.0, 0.0, 0.0, 1.0],
];

/// One BFGS run from `start` with `inverse` (else the identity) as inverse
/// Hessian, to a gradient under `tolerance`; the iterations taken and what
/// stopped it, if not convergence. The best point is kept in `problem`
/// whatever happens.
fn bfgs(
    problem: &Likelihood,
    start: [f64; 4],
    inverse: Option<Matrix>,
    tolerance: f64,
) -> (u32, String) {
    // A line search narrowing its interval below 1e-4 of the step only
    // chases rounding in the cost.
    let solver = match MoreThuenteLineSearch::new()
        .with_width_tolerance(LINE_WIDTH)
        .and_then(|line| BFGS::new(line).with_tolerance_grad(tolerance))
        .and_then(|s| s.with_tolerance_cost(0.0))
    {
        Ok(solver) => solver,
        Err(e) => return (0, e.to_string()),
    };
    let inverse: Vec<Vec<f64>> = inverse
        .unwrap_or(IDENTITY)
        .iter()
        .map(|row| row.to_vec())
        .collect();
    let run = Executor::new(Objective(problem), solver)
        .configure(|state| {
            state
                .param(start.to_vec())
                .inv_hessian(inverse)
                .max_iters(MAX_ITERATIONS)
        })
        .run();
    match run {
        Ok(result) => {
            let state = result.state();
            let text = match state.get_termination_reason() {
                Some(TerminationReason::SolverConverged) | None => String::new(),
                Some(other) => other.text().to_owned(),
            };
            (state.get_iter() as u32, text)
        }
        Err(e) => (0, e.to_string()),
    }
}

/// The inverse of a 4 × 4 matrix (Gauss–Jordan with partial pivoting), or
/// `None` unless it is finite with a positive diagonal, as the inverse of
/// the curvature at a minimum is (then BFGS's first step goes downhill).
/// Four rows need no linear-algebra crate.
fn invert(m: &Matrix) -> Option<Matrix> {
    let (mut a, mut inv) = (*m, IDENTITY);
    for col in 0..4 {
        let pivot = (col..4).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        a.swap(col, pivot);
        inv.swap(col, pivot);
        let p = a[col][col];
        if p == 0.0 || !p.is_finite() {
            return None;
        }
        for k in 0..4 {
            a[col][k] /= p;
            inv[col][k] /= p;
        }
        for row in (0..4).filter(|r| *r != col) {
            let f = a[row][col];
            for k in 0..4 {
                a[row][k] -= f * a[col][k];
                inv[row][k] -= f * inv[col][k];
            }
        }
    }
    let finite = inv.iter().flatten().all(|v| v.is_finite());
    (finite && (0..4).all(|i| inv[i][i] > 0.0)).then_some(inv)
}

/// A point in log-parameters, its cost and its gradient.
type Evaluation = ([f64; 4], f64, [f64; 4]);

/// The lowest cost seen, where, and how steep it was there.
#[derive(Debug, Clone)]
struct Best {
    cost: f64,
    log_params: [f64; 4],
    gradient_norm: f64,
}

/// The mean negative log-likelihood over weighted rows (sorted by x), as a
/// function of the log-parameters [ln r, ln α, ln a, ln b].
struct Likelihood {
    rows: Vec<Row>,
    /// The distinct ages and recencies of all rows: ln(α + t) and 1/(α + t)
    /// are worked out once per value, not once per row.
    times: Vec<f64>,
    customers: f64,
    /// The last point evaluated, with its cost and gradient: argmin asks for
    /// the cost and the gradient of one point in two calls.
    last: RefCell<Option<Evaluation>>,
    best: RefCell<Option<Best>>,
    /// Evaluations so far ([`MAX_EVALUATIONS`]).
    evaluations: Cell<u32>,
}

/// One distinct history: x, its count, and where its T and t_x are in `times`.
struct Row {
    x: f64,
    count: f64,
    age: usize,
    recency: usize,
}

impl Likelihood {
    fn new(rows: Vec<(History, f64)>, customers: f64) -> Likelihood {
        let mut times: Vec<f64> = rows.iter().flat_map(|(h, _)| [h.age, h.recency]).collect();
        times.sort_by(f64::total_cmp);
        times.dedup();
        let at = |t: f64| times.partition_point(|v| *v < t);
        let rows = rows
            .iter()
            .map(|(h, n)| Row {
                x: h.frequency,
                count: *n,
                age: at(h.age),
                recency: at(h.recency),
            })
            .collect();
        Likelihood {
            rows,
            times,
            customers,
            last: RefCell::new(None),
            best: RefCell::new(None),
            evaluations: Cell::new(0),
        }
    }

    /// Whether the evaluations allowed are used up.
    fn spent(&self) -> bool {
        self.evaluations.get() >= MAX_EVALUATIONS
    }

    fn evaluate(&self, log_params: &[f64]) -> (f64, [f64; 4]) {
        let at: [f64; 4] = [0, 1, 2, 3].map(|i| log_params.get(i).copied().unwrap_or(f64::NAN));
        if let Some((p, cost, grad)) = *self.last.borrow() {
            if p == at {
                return (cost, grad);
            }
        }
        let (cost, grad) = self.value_and_gradient(&at);
        self.evaluations
            .set(self.evaluations.get().saturating_add(1));
        *self.last.borrow_mut() = Some((at, cost, grad));
        let norm = grad.iter().map(|g| g * g).sum::<f64>().sqrt();
        if cost.is_finite() && norm.is_finite() {
            let mut best = self.best.borrow_mut();
            // Near the optimum the cost is flat to rounding: there the
            // smaller gradient tells the better point.
            let better = match &*best {
                None => true,
                Some(b) => {
                    let flat = (cost - b.cost).abs() <= FLAT * b.cost.abs();
                    if flat {
                        norm < b.gradient_norm
                    } else {
                        cost < b.cost
                    }
                }
            };
            if better {
                *best = Some(Best {
                    cost,
                    log_params: at,
                    gradient_norm: norm,
                });
            }
        }
        (cost, grad)
    }

    /// The mean negative log-likelihood and its gradient together: they
    /// share every logarithm, and rows of one x share their Gamma terms.
    fn value_and_gradient(&self, log_params: &[f64; 4]) -> (f64, [f64; 4]) {
        let [r, alpha, a, b] = log_params.map(f64::exp);
        let (ln_alpha, ln_a) = (alpha.ln(), a.ln());
        let ln_t: Vec<f64> = self.times.iter().map(|t| (alpha + t).ln()).collect();
        let inv_t: Vec<f64> = self.times.iter().map(|t| 1.0 / (alpha + t)).collect();
        let psi_ab = digamma(a + b);
        let (mut total, mut grad) = (0.0, [0.0; 4]);
        // Per x: ln Γ(r+x) + ln Γ(b+x+1) − ln Γ(a+b+x+1), ψ(r+x), ψ(b+x+1),
        // ψ(a+b+x+1), ln(b+x).
        let mut per_x = (f64::NAN, 0.0, [0.0; 4]);
        for row in &self.rows {
            let x = row.x;
            if x != per_x.0 {
                let gammas = ln_gamma(r + x) + ln_gamma(b + x + 1.0) - ln_gamma(a + b + x + 1.0);
                let psi = [
                    digamma(r + x),
                    digamma(b + x + 1.0),
                    digamma(a + b + x + 1.0),
                ];
                per_x = (x, gammas, [psi[0], psi[1], psi[2], (b + x).ln()]);
            }
            let (_, gammas, [psi_r, psi_b, psi_end, ln_bx]) = per_x;
            let (ln_age, ln_rec) = (ln_t[row.age], ln_t[row.recency]);
            let gone = ln_a - ln_bx + (r + x) * (ln_age - ln_rec);
            // ln(1 + e^gone) and its derivative σ(gone) from one exp.
            let e = (-gone.abs()).exp();
            let softplus = gone.max(0.0) + e.ln_1p();
            let s = if gone > 0.0 {
                1.0 / (1.0 + e)
            } else {
                e / (1.0 + e)
            };
            let n = row.count;
            total += n * (gammas - (r + x) * ln_age + softplus);
            grad[0] += n * (psi_r - ln_age + s * (ln_age - ln_rec));
            grad[1] += n * (r + x) * (s * (inv_t[row.age] - inv_t[row.recency]) - inv_t[row.age]);
            grad[2] += n * (s / a - psi_end);
            grad[3] += n * (psi_b - psi_end - s / (b + x));
        }
        // The terms every row shares, once for all customers.
        let c = self.customers;
        total += c * (-ln_gamma(r) + r * ln_alpha + ln_gamma(a + b) - ln_gamma(b));
        grad[0] += c * (ln_alpha - digamma(r));
        grad[1] += c * r / alpha;
        grad[2] += c * psi_ab;
        grad[3] += c * (psi_ab - digamma(b));
        let params = [r, alpha, a, b];
        let grad = [0, 1, 2, 3].map(|i| -grad[i] * params[i] / c);
        (-total / c, grad)
    }
}

/// What argmin minimises: a borrowed [`Likelihood`], so the best point
/// survives a run that ends in an error.
struct Objective<'a>(&'a Likelihood);

impl CostFunction for Objective<'_> {
    type Param = Vec<f64>;
    type Output = f64;

    fn cost(&self, log_params: &Self::Param) -> Result<f64, argmin::core::Error> {
        self.budget()?;
        Ok(finite_or_huge(self.0.evaluate(log_params).0))
    }
}

impl Gradient for Objective<'_> {
    type Param = Vec<f64>;
    type Gradient = Vec<f64>;

    fn gradient(&self, log_params: &Self::Param) -> Result<Vec<f64>, argmin::core::Error> {
        self.budget()?;
        Ok(self.0.evaluate(log_params).1.to_vec())
    }
}

impl Objective<'_> {
    /// Stops the run once the evaluations allowed are used up.
    fn budget(&self) -> Result<(), argmin::core::Error> {
        if self.0.spent() {
            return Err(argmin::core::Error::msg(format!(
                "已计算 {MAX_EVALUATIONS} 次似然仍未稳定"
            )));
        }
        Ok(())
    }

    /// The Hessian of the cost: central differences of the exact gradient,
    /// made symmetric.
    fn curvature(&self, log_params: &[f64; 4]) -> Matrix {
        let mut columns = [[0.0; 4]; 4];
        for (i, column) in columns.iter_mut().enumerate() {
            let mut up = *log_params;
            up[i] += HESSIAN_STEP;
            let mut down = *log_params;
            down[i] -= HESSIAN_STEP;
            let (g_up, g_down) = (self.0.evaluate(&up).1, self.0.evaluate(&down).1);
            *column = [0, 1, 2, 3].map(|j| (g_up[j] - g_down[j]) / (2.0 * HESSIAN_STEP));
        }
        [0, 1, 2, 3].map(|i| [0, 1, 2, 3].map(|j| 0.5 * (columns[i][j] + columns[j][i])))
    }
}

/// A step into parameters where the likelihood is not a number (a Gamma
/// function's argument overflowing) must look bad to the line search, not
/// poison it.
fn finite_or_huge(cost: f64) -> f64 {
    if cost.is_finite() {
        cost
    } else {
        f64::MAX
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The exact gradient against central differences of the cost, so a
    /// wrong derivative cannot hide behind a fit that still converges.
    #[test]
    fn gradient_matches_finite_differences() {
        let rows = vec![
            (
                History {
                    frequency: 0.0,
                    recency: 0.0,
                    age: 5.0,
                },
                3.0,
            ),
            (
                History {
                    frequency: 2.0,
                    recency: 4.0,
                    age: 9.0,
                },
                2.0,
            ),
            (
                History {
                    frequency: 7.0,
                    recency: 8.5,
                    age: 10.0,
                },
                1.0,
            ),
        ];
        let lik = Likelihood::new(rows, 6.0);
        let at = [0.3, -0.2, 0.5, 0.1];
        let (_, grad) = lik.value_and_gradient(&at);
        for i in 0..4 {
            let h = 1e-6;
            let mut up = at;
            up[i] += h;
            let mut down = at;
            down[i] -= h;
            let numeric =
                (lik.value_and_gradient(&up).0 - lik.value_and_gradient(&down).0) / (2.0 * h);
            assert!(
                (numeric - grad[i]).abs() < 1e-7,
                "parameter {i}: exact {} numeric {numeric}",
                grad[i]
            );
        }
    }
}
