"""The demo GLM's P(win) as a scikit-learn LogisticRegression, for bench/score.js.

usage: score-sklearn.py <model.json> <dir>

<dir> holds the bench's columns (<name>.bin: float64, or int32 dictionary codes
with their levels in meta.json) and pwin-sample.bin (scoreColumns' P(win) of the
first rows). Builds the model's design independently of leadvalue's code: per
number feature z = (t(x) - center) / scale (0 when missing) and a missing
indicator; per category a one-hot over levels, (other), (missing); date parts
with numpy. Sets coef_ and intercept_ from the GLM's terms, so it is the same
model; times predict_proba only (best of 3). Prints one JSON line.
"""
import json
import sys
import time

import numpy as np
from sklearn.linear_model import LogisticRegression

MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def main(model_path, folder):
    model = json.load(open(model_path))
    meta = json.load(open(f"{folder}/meta.json"))
    rows = meta["rows"]
    win = model["params"]["win"]
    assert win["kind"] == "glm" and "calibration" not in model["params"], "this comparison is for an uncalibrated GLM win part"

    def column(name):
        info = meta["columns"][name]
        return np.fromfile(f"{folder}/{name}.bin", dtype=np.float64 if info["dtype"] == "float64" else np.int32), info

    blocks, coefs = [], []
    intercept = win["intercept"]
    for spec in model["features"]:
        term = win["terms"][spec["name"]]
        values, info = column(spec["column"])
        if spec["kind"] == "number":
            x = values.astype(np.float64)
            missing = np.isnan(x)
            t = np.log1p(np.where(missing, 0, x)) if spec["transform"] == "log1p" else np.where(missing, 0, x)
            z = np.where(missing, 0.0, (t - spec["center"]) / spec["scale"])
            # weight * z + offset when present, `missing` when missing = offset + weight * z + (missing - offset) * indicator
            blocks += [z, missing.astype(np.float64)]
            coefs += [term["weight"], term["missing"] - term["offset"]]
            intercept += term["offset"]
            continue
        levels = spec["levels"]
        other, missing_slot = len(levels), len(levels) + 1
        if spec.get("derive") == "month":
            ms = values.astype("datetime64[ms]")
            month = (ms.astype("datetime64[M]").astype(np.int64) % 12).astype(np.int64)
            lookup = np.array([levels.index(m) if m in levels else other for m in MONTHS])
            slot = lookup[month]
        else:
            assert "derive" not in spec, spec["derive"]
            lookup = np.array([levels.index(l) if l in levels else (missing_slot if l in (None, "") else other) for l in info["levels"]] + [missing_slot])
            slot = lookup[values]  # code -1 picks the appended (missing) entry
        onehot = np.zeros((rows, len(levels) + 2))
        onehot[np.arange(rows), slot] = 1.0
        blocks += list(onehot.T)
        coefs += term["values"]
    design = np.ascontiguousarray(np.column_stack(blocks))
    del blocks

    lr = LogisticRegression()
    lr.classes_ = np.array([0, 1])
    lr.coef_ = np.array([coefs])
    lr.intercept_ = np.array([intercept])
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        p = lr.predict_proba(design)[:, 1]
        best = min(best, time.perf_counter() - t0)
    sample = np.fromfile(f"{folder}/pwin-sample.bin", dtype=np.float64)
    diff = float(np.max(np.abs(p[: len(sample)] - sample)))
    print(json.dumps({"seconds": best, "design": list(design.shape), "sample": len(sample), "maxAbsDiff": diff}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
