//! Fitting the MBG/NBD parameters by maximum likelihood, the way `lifetimes`
//! does: over the logarithms of r, α, a, b (so they stay positive), on time
//! rescaled so the oldest customer's age is 10 (α is scaled back after), from
//! the same start (every log-parameter 0.1), minimising the mean negative
//! log-likelihood with BFGS (argmin, with a Moré–Thuente line search) and the
//! exact gradient (digamma from statrs), then a few Newton-CG steps (argmin)
//! to settle in the flat valleys real data has.

use std::cell::RefCell;

use argmin::core::{CostFunction, Executor, Gradient, Hessian, State, TerminationReason};
use argmin::solver::linesearch::MoreThuenteLineSearch;
use argmin::solver::newton::NewtonCG;
use argmin::solver::quasinewton::BFGS;
use serde::{Deserialize, Serialize};
use statrs::function::gamma::{digamma, ln_gamma};
use ts_rs::TS;

use super::{ln_1p_exp, MbgParams};
use crate::history::History;

/// The fitted model and how the fit went.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
pub struct Fit {
    pub params: MbgParams,
    /// The sum of all customers' log-likelihoods with time in days.
    pub log_likelihood: f64,
    /// BFGS iterations taken.
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

/// Stop when the gradient of the mean negative log-likelihood (per customer,
/// in log-parameters) is this small. Rounding may stop BFGS before (as it
/// stops scipy's in `lifetimes` near 1e-9); a point whose gradient is under
/// [`ACCEPTED_GRADIENT`] when no run gets further is taken all the same.
const GRADIENT_TOLERANCE: f64 = 1e-10;
/// Well below what moves a P(alive) by 1e-7 on the reference data.
const ACCEPTED_GRADIENT: f64 = 1e-8;
const MAX_ITERATIONS: u64 = 1_000;
/// BFGS runs from the best point so far with a fresh curvature estimate
/// when its line search stalls (its inverse Hessian can go bad when the
/// optimum lies far out, as a → 0 on the Online Retail lines).
const MAX_RUNS: usize = 8;
const NEWTON_ITERATIONS: u64 = 20;
/// Costs this close (relative) count as equal: a few roundings of a sum
/// over thousands of rows.
const FLAT: f64 = 1e-13;
/// The step of the central differences of the exact gradient that give
/// Newton its Hessian (in log-parameters).
const HESSIAN_STEP: f64 = 1e-5;

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
    let mut start = vec![0.1; 4];
    for _ in 0..MAX_RUNS {
        let (taken, problem_text) = bfgs(problem, start.clone());
        iterations += taken;
        last_problem = problem_text;
        let best = problem.best.borrow().clone();
        let Some(best) = best else { break };
        if best.gradient_norm < GRADIENT_TOLERANCE || best.log_params.to_vec() == start {
            break;
        }
        start = best.log_params.to_vec();
    }
    // Newton steps with the exact curvature settle what BFGS leaves in a
    // flat valley (on the Online Retail lines the likelihood hardly changes
    // along a and b together: its Hessian's eigenvalues span 4e-6 to 1.3).
    let best = problem.best.borrow().clone();
    if let Some(best) = best {
        iterations += newton(problem, best.log_params.to_vec());
    }
    let best = problem.best.borrow().clone();
    match best {
        Some(best) if best.gradient_norm < ACCEPTED_GRADIENT => Ok((best.log_params, iterations)),
        _ => Err(FitError::NotConverged {
            iterations,
            detail: last_problem,
        }),
    }
}

/// One BFGS run from `start` with the identity as inverse Hessian; the
/// iterations taken and what stopped it, if not convergence. The best point
/// is kept in `problem` whatever happens.
fn bfgs(problem: &Likelihood, start: Vec<f64>) -> (u32, String) {
    let solver = match BFGS::new(MoreThuenteLineSearch::new())
        .with_tolerance_grad(GRADIENT_TOLERANCE)
        .and_then(|s| s.with_tolerance_cost(0.0))
    {
        Ok(solver) => solver,
        Err(e) => return (0, e.to_string()),
    };
    let identity: Vec<Vec<f64>> = (0..4)
        .map(|i| (0..4).map(|j| if i == j { 1.0 } else { 0.0 }).collect())
        .collect();
    let run = Executor::new(Objective(problem), solver)
        .configure(|state| {
            state
                .param(start)
                .inv_hessian(identity)
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

/// A few Newton-CG steps from `start`; the iterations taken.
fn newton(problem: &Likelihood, start: Vec<f64>) -> u32 {
    let Ok(solver) = NewtonCG::new(MoreThuenteLineSearch::new()).with_tolerance(f64::EPSILON)
    else {
        return 0;
    };
    Executor::new(Objective(problem), solver)
        .configure(|state| state.param(start).max_iters(NEWTON_ITERATIONS))
        .run()
        .map(|result| result.state().get_iter() as u32)
        .unwrap_or(0)
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
    rows: Vec<(History, f64)>,
    customers: f64,
    /// The last point evaluated, with its cost and gradient: argmin asks for
    /// the cost and the gradient of one point in two calls.
    last: RefCell<Option<Evaluation>>,
    best: RefCell<Option<Best>>,
}

impl Likelihood {
    fn new(rows: Vec<(History, f64)>, customers: f64) -> Likelihood {
        Likelihood {
            rows,
            customers,
            last: RefCell::new(None),
            best: RefCell::new(None),
        }
    }

    fn evaluate(&self, log_params: &[f64]) -> (f64, [f64; 4]) {
        let at: [f64; 4] = [0, 1, 2, 3].map(|i| log_params.get(i).copied().unwrap_or(f64::NAN));
        if let Some((p, cost, grad)) = *self.last.borrow() {
            if p == at {
                return (cost, grad);
            }
        }
        let (cost, grad) = self.value_and_gradient(&at);
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
        let base = -ln_gamma(r) + r * ln_alpha + ln_gamma(a + b) - ln_gamma(b);
        let base_grad = [-digamma(r) + ln_alpha, r / alpha, 0.0, -digamma(b)];
        let psi_ab = digamma(a + b);
        let (mut total, mut grad) = (0.0, [0.0; 4]);
        // Per x: ln Γ(r+x) + ln Γ(b+x+1) − ln Γ(a+b+x+1), ψ(r+x), ψ(b+x+1), ψ(a+b+x+1).
        let mut per_x = (f64::NAN, 0.0, [0.0; 3]);
        for (h, n) in &self.rows {
            let x = h.frequency;
            if x != per_x.0 {
                let gammas = ln_gamma(r + x) + ln_gamma(b + x + 1.0) - ln_gamma(a + b + x + 1.0);
                per_x = (
                    x,
                    gammas,
                    [
                        digamma(r + x),
                        digamma(b + x + 1.0),
                        digamma(a + b + x + 1.0),
                    ],
                );
            }
            let (_, gammas, [psi_r, psi_b, psi_end]) = per_x;
            let (ln_age, ln_rec) = ((alpha + h.age).ln(), (alpha + h.recency).ln());
            let gone = ln_a - (b + x).ln() + (r + x) * (ln_age - ln_rec);
            let ll = base + gammas - (r + x) * ln_age + ln_1p_exp(gone);
            // d ln(1 + e^gone) = σ(gone) d gone.
            let s = 1.0 / (1.0 + (-gone).exp());
            let d = [
                psi_r - ln_age + s * (ln_age - ln_rec),
                -(r + x) / (alpha + h.age)
                    + s * (r + x) * (1.0 / (alpha + h.age) - 1.0 / (alpha + h.recency)),
                psi_ab - psi_end + s / a,
                psi_ab + psi_b - psi_end - s / (b + x),
            ];
            total += n * ll;
            for i in 0..4 {
                grad[i] += n * (d[i] + base_grad[i]);
            }
        }
        let params = [r, alpha, a, b];
        let grad = [0, 1, 2, 3].map(|i| -grad[i] * params[i] / self.customers);
        (-total / self.customers, grad)
    }
}

/// What argmin minimises: a borrowed [`Likelihood`], so the best point
/// survives a run that ends in an error.
struct Objective<'a>(&'a Likelihood);

impl CostFunction for Objective<'_> {
    type Param = Vec<f64>;
    type Output = f64;

    fn cost(&self, log_params: &Self::Param) -> Result<f64, argmin::core::Error> {
        Ok(finite_or_huge(self.0.evaluate(log_params).0))
    }
}

impl Gradient for Objective<'_> {
    type Param = Vec<f64>;
    type Gradient = Vec<f64>;

    fn gradient(&self, log_params: &Self::Param) -> Result<Vec<f64>, argmin::core::Error> {
        Ok(self.0.evaluate(log_params).1.to_vec())
    }
}

impl Hessian for Objective<'_> {
    type Param = Vec<f64>;
    type Hessian = Vec<Vec<f64>>;

    fn hessian(&self, log_params: &Self::Param) -> Result<Vec<Vec<f64>>, argmin::core::Error> {
        let mut columns = [[0.0; 4]; 4];
        for (i, column) in columns.iter_mut().enumerate() {
            let mut up = log_params.clone();
            up[i] += HESSIAN_STEP;
            let mut down = log_params.clone();
            down[i] -= HESSIAN_STEP;
            let (g_up, g_down) = (self.0.evaluate(&up).1, self.0.evaluate(&down).1);
            *column = [0, 1, 2, 3].map(|j| (g_up[j] - g_down[j]) / (2.0 * HESSIAN_STEP));
        }
        Ok((0..4)
            .map(|i| {
                (0..4)
                    .map(|j| 0.5 * (columns[i][j] + columns[j][i]))
                    .collect()
            })
            .collect())
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
