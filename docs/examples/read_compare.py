"""Read an `nhssim compare` output set with pandas.

Usage: python3 read_compare.py DIR   (DIR: compare's --out, e.g. docs/charts)
"""
import json
import sys

import pandas as pd

out = sys.argv[1] if len(sys.argv) > 1 else "nhssim-out"

# Differences from the baseline, with 95% intervals, for the headline
# metrics (metrics.json says which are headlines, and their units).
meta = json.load(open(f"{out}/metrics.json"))["metrics"]
headline = {m["name"]: m["unit"] for m in meta if m.get("headline")}
diffs = pd.read_csv(f"{out}/differences.csv")
print(diffs[diffs.metric.isin(headline)][["scenario", "metric", "difference", "lo", "hi"]].to_string(index=False))

# Monthly emergency admissions after the warm-up, averaged over replicates.
first = json.load(open(f"{out}/manifest.json"))["scenarios"][0]["first_month_after_warmup"]
series = pd.read_csv(f"{out}/series.csv")
adm = series[(series.metric == "emergency_admissions_per_1000") & (series.month >= first)]
monthly = adm.groupby(["scenario", "month"]).value.mean().unstack("scenario")
print(monthly.describe().loc[["mean", "min", "max"]].round(1).to_string())
