"""The synthetic pipeline of bench/synthetic.mjs, vectorised with numpy, for a same-run comparison.

Usage: python3 bench/numpy_pipeline.py UNITS INDICATORS [REPETITIONS]

bench/run.mjs runs it, alternating with the JavaScript build, when a python3 with numpy is installed.

Generates a units x indicators matrix (seeded; 5% missing; scales from 1 to 10^5; every fifth indicator has
direction -1), then times the pipeline: mean imputation, min-max onto [0, 100] with directions, the equal-weight
arithmetic mean over dimensions of 10 indicators, 4 sub-indices and the index, and ranks (ties: min) of every
aggregate. A small untimed warm-up runs first. Prints one JSON line: {"times": [ms of each repetition],
"peak_rss_mb": the process's peak resident memory, the generated input included}.
"""

import json
import resource
import sys
import time

import numpy as np


def generate(units, indicators, seed=20261128):
    rng = np.random.default_rng(seed)
    scale = 10.0 ** rng.integers(0, 6, size=indicators)
    x = rng.random((units, indicators)) * scale
    x[rng.random((units, indicators)) < 0.05] = np.nan
    direction = np.where(np.arange(indicators) % 5 == 4, -1.0, 1.0)
    return x, direction


def ranks(scores):
    """Rank 1 for the highest score in each column; tied scores share the lowest rank."""
    negated = -np.ascontiguousarray(scores.T)
    ordered = np.sort(negated, axis=1)
    out = np.empty(negated.shape, dtype=np.int64)
    for j in range(negated.shape[0]):
        out[j] = np.searchsorted(ordered[j], negated[j], side="left") + 1
    return out.T


def pipeline(x, direction, per_dim=10, sub_indices=4):
    units, indicators = x.shape
    dims = indicators // per_dim
    missing = np.isnan(x)
    imputed = np.where(missing, np.nanmean(x, axis=0), x)
    normalised = imputed * direction
    lo = normalised.min(axis=0)
    hi = normalised.max(axis=0)
    normalised -= lo
    normalised *= 100.0 / (hi - lo)
    dimension = normalised.reshape(units, dims, per_dim).mean(axis=2)
    sub = dimension.reshape(units, sub_indices, dims // sub_indices).mean(axis=2)
    index = sub.mean(axis=1, keepdims=True)
    return imputed, normalised, (dimension, sub, index), [ranks(dimension), ranks(sub), ranks(index)]


def main():
    units = int(sys.argv[1])
    indicators = int(sys.argv[2])
    reps = int(sys.argv[3]) if len(sys.argv) > 3 else 9
    x, direction = generate(units, indicators)
    warm = min(units, 2000)
    cols = min(indicators, 200)
    pipeline(np.ascontiguousarray(x[:warm, :cols]), direction[:cols])
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        result = pipeline(x, direction)
        times.append((time.perf_counter() - start) * 1000)
        del result
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"times": times, "peak_rss_mb": peak}))


if __name__ == "__main__":
    main()
