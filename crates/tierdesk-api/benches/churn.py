"""The churn computation of benches/churn.rs in pandas + lifetimes.

argv: the Online Retail CSV, the JSON to write, the as-of day. Times reading
the CSV, then, apart: purchase lines (quantity > 0, unit price > 0, a
customer id) → per customer the (x, t_x, T) summary (lifetimes'
summary_data_from_transaction_data, freq "D"), the MBG/NBD fit
(ModifiedBetaGeoFitter, tolerance 1e-8 as in scripts/churn_reference.py),
P(alive) and the expected purchases in 90 days, the median interval between
purchase days (with at least 3 intervals), and the spend of the last 90 days,
the 90 before and the same 90 days a year earlier. Prints the seconds.
"""

import json
import sys
import time

import numpy as np
import pandas as pd
from lifetimes import ModifiedBetaGeoFitter
from lifetimes.utils import summary_data_from_transaction_data

path, out, as_of_text = sys.argv[1:4]
reading = time.perf_counter()
lines = pd.read_csv(path, dtype={"InvoiceNo": str, "StockCode": str, "CustomerID": float})
read_seconds = time.perf_counter() - reading

started = time.perf_counter()
as_of = pd.Timestamp(as_of_text)
buys = lines[(lines.Quantity > 0) & (lines.UnitPrice > 0) & lines.CustomerID.notna()].copy()
buys["CustomerID"] = buys.CustomerID.astype(np.int64)
buys["day"] = pd.to_datetime(buys.InvoiceDate.str.slice(0, 10))
buys = buys[buys.day <= as_of]
buys["amount"] = buys.Quantity * buys.UnitPrice

summary = summary_data_from_transaction_data(
    buys, "CustomerID", "day", observation_period_end=as_of, freq="D"
)
model = ModifiedBetaGeoFitter()
model.fit(summary["frequency"], summary["recency"], summary["T"], tol=1e-8)
p_alive = model.conditional_probability_alive(summary["frequency"], summary["recency"], summary["T"])
expected = model.conditional_expected_number_of_purchases_up_to_time(
    90, summary["frequency"], summary["recency"], summary["T"]
)

daily = buys.groupby(["CustomerID", "day"], sort=True).amount.sum().reset_index()
daily["gap"] = daily.groupby("CustomerID").day.diff().dt.days
gaps = daily.groupby("CustomerID").gap
median = gaps.median().where(gaps.count() >= 3)
ago = (as_of - daily.day).dt.days
year_ago = (as_of - pd.DateOffset(months=12) - daily.day).dt.days
daily["s90"] = daily.amount.where(ago < 90, 0.0)
daily["p90"] = daily.amount.where((ago >= 90) & (ago < 180), 0.0)
daily["y90"] = daily.amount.where((year_ago >= 0) & (year_ago < 90), 0.0)
spend = daily.groupby("CustomerID")[["s90", "p90", "y90"]].sum()
seconds = time.perf_counter() - started

params = {k: float(model.params_[k]) for k in ("r", "alpha", "a", "b")}
with open(out, "w") as f:
    json.dump(
        {
            "seconds": seconds,
            "read_seconds": read_seconds,
            "params": params,
            "id": [int(i) for i in summary.index],
            "frequency": summary["frequency"].tolist(),
            "recency": summary["recency"].tolist(),
            "age": summary["T"].tolist(),
            "p_alive": [float(p) for p in p_alive],
            "expected": [float(e) for e in expected],
            "median": [None if np.isnan(m) else float(m) for m in median.reindex(summary.index)],
            "spend_90": spend.s90.reindex(summary.index).tolist(),
            "spend_prior_90": spend.p90.reindex(summary.index).tolist(),
            "spend_year_ago_90": spend.y90.reindex(summary.index).tolist(),
        },
        f,
    )
print(f"{seconds:.3f}")
