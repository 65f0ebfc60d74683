#!/usr/bin/env python3
"""Reference figures for the churn model (MBG/NBD) from Python `lifetimes`.

Writes tests/fixtures/churn/cdnow.json and tests/fixtures/churn/online_retail.json:
the fitted parameters (r, alpha, a, b), the log-likelihood, and per customer
the summary (frequency x, recency t_x, age T), P(alive) and the expected
purchases over the horizon. crates/tierdesk-churn/tests check the Rust model
against them; no test runs this script.

    python3 scripts/churn_reference.py            # builds the venv once, then runs in it

The venv lives in $CHURN_REF_VENV (default /tmp/tierdesk-churn-ref) with
lifetimes 0.11.3 and the numpy/pandas/scipy it still runs on (numpy 2 and
pandas 2.2 broke it).

Data:
- CDNOW: the per-customer summary `lifetimes` ships (2,357 customers, time in
  weeks); it is also stored in the fixture. Horizon 90 days = 90/7 weeks.
- UCI Online Retail (../shared/data/online_retail/online_retail_uci_541909.csv.gz):
  purchase lines are quantity > 0 and unit price > 0 (so amount > 0) with a
  customer id; a purchase day is the date of InvoiceDate; the as-of day is the
  last day in the data (2011-12-09). Time in days, horizon 90 days.

The fit is lifetimes' own (BFGS on the log-parameters, time scaled so the
oldest age is 10) with its default tolerance (1e-7) tightened as far as
scipy's BFGS reaches (FIT_TOLS), so the reference is the optimum itself, not a
point near it.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "churn"
RETAIL = ROOT.parent / "shared" / "data" / "online_retail" / "online_retail_uci_541909.csv.gz"
VENV = Path(os.environ.get("CHURN_REF_VENV", "/tmp/tierdesk-churn-ref"))
PINS = ["lifetimes==0.11.3", "numpy<2", "pandas<2.2", "scipy<1.12"]
# BFGS's gradient tolerance, tightest first: scipy stops with "precision loss"
# when rounding keeps it from reaching the tightest, then the next is taken.
FIT_TOLS = (1e-10, 1e-9, 1e-8, 1e-7)
HORIZON_DAYS = 90.0


def ensure_venv():
    """Re-runs this script inside the reference venv, building it first."""
    python = VENV / "bin" / "python"
    if Path(sys.prefix).resolve() == VENV.resolve():
        return
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", *PINS], check=True)
    os.execv(str(python), [str(python), __file__, *sys.argv[1:]])


def fit_and_predict(summary, horizon):
    """Fits MBG/NBD on per-customer rows; returns the fixture dict."""
    import numpy as np
    import lifetimes
    from lifetimes import ModifiedBetaGeoFitter

    from lifetimes.utils import ConvergenceError

    for tol in FIT_TOLS:
        model = ModifiedBetaGeoFitter()
        try:
            model.fit(summary["frequency"], summary["recency"], summary["T"], tol=tol)
            break
        except ConvergenceError:
            continue
    else:
        raise SystemExit("lifetimes did not converge at any tolerance")
    r, alpha, a, b = (float(model.params_[k]) for k in ("r", "alpha", "a", "b"))
    freq = summary["frequency"].to_numpy(dtype=float)
    rec = summary["recency"].to_numpy(dtype=float)
    age = summary["T"].to_numpy(dtype=float)
    ones = np.ones_like(freq)
    # The log-likelihood in the data's own time unit (lifetimes keeps it in
    # its scaled time and as a mean): the same sum the Rust fit reports.
    nll = ModifiedBetaGeoFitter._negative_log_likelihood(
        np.log([r, alpha, a, b]), freq, rec, age, ones, 0.0
    )
    p_alive = model.conditional_probability_alive(freq, rec, age)
    expected = model.conditional_expected_number_of_purchases_up_to_time(horizon, freq, rec, age)
    return {
        "lifetimes": lifetimes.__version__,
        "numpy": np.__version__,
        "params": {"r": r, "alpha": alpha, "a": a, "b": b},
        "log_likelihood": float(-nll * len(freq)),
        "iterations": None,
        "tolerance": tol,
        "horizon": horizon,
        "customers": len(freq),
        "id": [int(i) for i in summary.index],
        "frequency": freq.tolist(),
        "recency": rec.tolist(),
        "age": age.tolist(),
        "p_alive": [float(p) for p in p_alive],
        "expected": [float(e) for e in expected],
    }


def cdnow():
    from lifetimes.datasets import load_cdnow_summary

    summary = load_cdnow_summary(index_col=[0])
    out = fit_and_predict(summary, HORIZON_DAYS / 7.0)
    out["source"] = "lifetimes.datasets.load_cdnow_summary (CDNOW sample, weeks)"
    return out


def retail_summary(path):
    """The pandas/lifetimes summary of the Online Retail purchase lines."""
    import pandas as pd
    from lifetimes.utils import summary_data_from_transaction_data

    lines = pd.read_csv(path, dtype={"InvoiceNo": str, "StockCode": str, "CustomerID": float})
    buys = lines[(lines.Quantity > 0) & (lines.UnitPrice > 0) & lines.CustomerID.notna()].copy()
    buys["CustomerID"] = buys.CustomerID.astype(int)
    buys["day"] = pd.to_datetime(buys.InvoiceDate.str.slice(0, 10))
    as_of = buys.day.max()
    summary = summary_data_from_transaction_data(
        buys, "CustomerID", "day", observation_period_end=as_of, freq="D"
    )
    return summary, as_of


def online_retail():
    summary, as_of = retail_summary(RETAIL)
    out = fit_and_predict(summary, HORIZON_DAYS)
    out["source"] = "UCI Online Retail, purchase lines, days"
    out["as_of"] = as_of.strftime("%Y-%m-%d")
    return out


def main():
    ensure_venv()
    OUT.mkdir(parents=True, exist_ok=True)
    for name, build in (("cdnow", cdnow), ("online_retail", online_retail)):
        fixture = build()
        (OUT / f"{name}.json").write_text(json.dumps(fixture, separators=(",", ":")) + "\n")
        p = fixture["params"]
        print(
            f"{name}: {fixture['customers']} customers, r={p['r']:.6f} alpha={p['alpha']:.6f} "
            f"a={p['a']:.6f} b={p['b']:.6f} LL={fixture['log_likelihood']:.4f} "
            f"({fixture['iterations']} iterations)"
        )


if __name__ == "__main__":
    main()
