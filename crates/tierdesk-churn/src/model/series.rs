//! The two forms of ₂F₁ the conditional expectation needs, summed from
//! their defining Gauss series.
//!
//! Why not a crate (docs/decisions.md): no maintained pure-Rust crate gives
//! a ₂F₁ that is right here. scirs2-special stops after 200 terms and
//! returns the unfinished sum without saying so (it brings a large tree of
//! dependencies too); mathru panics outside its cases and its z > ½ branch
//! divides Gamma functions at their poles for exactly these arguments;
//! special-fun compiles the C Cephes library whose own `exp`, `log` and
//! `pow` symbols may replace the system's in the whole app; GSL needs a C
//! library on every office PC. After Euler's transformation the series
//! below has bounded parameters and 0 ≤ z < 1, where it converges
//! geometrically; the reference test checks it customer by customer against
//! scipy's `hyp2f1` through `lifetimes`.

/// Most terms summed before giving up on a z so close to 1 that the series
/// crawls; what is summed by then is returned (terms keep one sign from
/// there on, so it is a bound, and only for an α of a few hours).
const MAX_TERMS: u32 = 1_000_000;

/// G = (₂F₁(p, q−1; c; z) − 1) / (q−1) = Σ_{k≥1} (p)_k (q)_{k−1} z^k / ((c)_k k!),
/// the part of Euler's ₂F₁(a+b−r, a−1; a+b+x; z) past its leading 1, divided
/// by a−1 so that a = 1 needs no special case. Here p = a+b−r, q = a,
/// c = a+b+x > 0 and 0 ≤ z < 1.
pub(super) fn euler_tail(p: f64, q: f64, c: f64, z: f64) -> f64 {
    if z <= 0.0 {
        return 0.0;
    }
    // k = 1: (p)_1 (q)_0 z / ((c)_1 1!).
    let mut term = p * z / c;
    let mut sum = term;
    let mut k = 1.0;
    for _ in 1..MAX_TERMS {
        // term_{k+1} / term_k = (p+k)(q+k−1) z / ((c+k)(k+1)).
        let ratio = (p + k) * (q + k - 1.0) * z / ((c + k) * (k + 1.0));
        term *= ratio;
        sum += term;
        k += 1.0;
        if term == 0.0 || (ratio.abs() < 1.0 && term.abs() <= f64::EPSILON * 1e-2 * sum.abs()) {
            break;
        }
    }
    sum
}

/// e^scale · ₂F₁(p, q; c; z) for p, q, c > 0 and 0 ≤ z < 1, the factor taken
/// into the first term so the sum stays in range whatever ₂F₁'s size.
pub(super) fn gauss_scaled(p: f64, q: f64, c: f64, z: f64, scale: f64) -> f64 {
    let mut term = scale.exp();
    let mut sum = term;
    let mut k = 0.0;
    for _ in 0..MAX_TERMS {
        // term_{k+1} / term_k = (p+k)(q+k) z / ((c+k)(k+1)).
        let ratio = (p + k) * (q + k) * z / ((c + k) * (k + 1.0));
        term *= ratio;
        sum += term;
        k += 1.0;
        if term == 0.0 || (ratio < 1.0 && term <= f64::EPSILON * 1e-2 * sum) {
            break;
        }
    }
    sum
}
