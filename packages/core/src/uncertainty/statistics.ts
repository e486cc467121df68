import { InputError } from "../errors.js";
import { show } from "../issues.js";
import type { UncertaintyResult } from "./analyse-uncertainty.js";
import { MersenneTwister } from "./random.js";
import { addRankCounts, countQuantile, orderStatistic, quantileType7, type RankCounts } from "./summary.js";

/** One unit's ranks over the runs of an analysis. */
export interface RankStatistics {
  /** Unit id. */
  unit: string;
  /** Score of the nominal build. */
  nominalScore: number;
  /** Rank of the nominal build. */
  nominal: number;
  /** Mean rank over the runs in which the unit was ranked. */
  mean: number;
  /** Median rank. */
  median: number;
  /** Lower percentile rank (default the 5th; R's quantile type 7). */
  low: number;
  /** Upper percentile rank (default the 95th). */
  high: number;
  /** Best and worst rank seen. */
  best: number;
  worst: number;
  /** Probability of ranking in the top k, by k. */
  top: Record<number, number>;
  /** Share of runs in which the rank was within `within` places of the nominal rank. */
  stable: number;
  /** Runs in which the unit was ranked, and in which it was not. */
  ranked: number;
  unranked: number;
}

/** Options of {@link rankStatistics}. */
export interface RankStatisticsOptions {
  /** The target node (default: the first target). */
  node?: string;
  /** The interval's probabilities (default `[0.05, 0.95]`). */
  interval?: [number, number];
  /** The k of P(top k) (default `[1, 3, 5, 10]`). */
  top?: number[];
}

/** The counts of a target node of a result. */
export function targetCounts(result: UncertaintyResult, node?: string): RankCounts {
  const c = node === undefined ? result.targets[0] : result.targets.find((t) => t.node === node);
  if (!c) {
    throw new InputError(
      "unknown-target",
      `${show(node)} is not a target of this analysis (targets: ${result.targets.map((t) => t.node).join(", ")})`,
    );
  }
  return c;
}

/**
 * Per unit: nominal rank, mean, median, percentile interval (5th–95th by default, as COINr's `RankStats`), best
 * and worst rank, P(top k) and the share of runs within a few places of the nominal rank. Computed from the
 * result's counts, so a merged result gives the statistics of all its runs.
 */
export function rankStatistics(
  result: UncertaintyResult,
  options: RankStatisticsOptions = {},
): RankStatistics[] {
  const c = targetCounts(result, options.node);
  const [pLow, pHigh] = options.interval ?? [0.05, 0.95];
  if (!(pLow >= 0 && pLow <= pHigh && pHigh <= 1)) {
    throw new InputError(
      "bad-interval",
      `interval must be [low, high] with 0 ≤ low ≤ high ≤ 1, got ${show(options.interval)}`,
    );
  }
  const top = options.top ?? [1, 3, 5, 10];
  const n = c.units;
  const bins = 2 * n;
  return result.units.map((unit, u) => {
    const from = u * bins;
    let m = 0;
    let sum = 0;
    for (let b = 0; b < bins; b++) {
      const k = c.counts[from + b]!;
      m += k;
      sum += k * ((b + 2) / 2);
    }
    const tops: Record<number, number> = {};
    for (const k of top) {
      let inTop = 0;
      for (let b = 0; b < Math.min(bins, 2 * k - 1); b++) inTop += c.counts[from + b]!;
      tops[k] = m === 0 ? Number.NaN : inTop / m;
    }
    const median =
      m === 0
        ? Number.NaN
        : m % 2 === 1
          ? orderStatistic(c.counts, from, bins, (m + 1) / 2)
          : (orderStatistic(c.counts, from, bins, m / 2) + orderStatistic(c.counts, from, bins, m / 2 + 1)) /
            2;
    return {
      unit,
      nominalScore: c.nominalScores[u]!,
      nominal: c.nominalRanks[u]!,
      mean: m === 0 ? Number.NaN : sum / m,
      median,
      low: countQuantile(c.counts, from, bins, m, pLow),
      high: countQuantile(c.counts, from, bins, m, pHigh),
      best: orderStatistic(c.counts, from, bins, 1),
      worst: orderStatistic(c.counts, from, bins, m),
      top: tops,
      stable: m === 0 ? Number.NaN : c.withinCounts[u]! / m,
      ranked: m,
      unranked: c.missing[u]!,
    };
  });
}

/** The whole analysis in a few numbers. */
export interface UncertaintyOverview {
  /** Runs counted. */
  runs: number;
  /** Mean over runs and units of |rank − nominal rank|. */
  meanAbsoluteRankShift: number;
  /** Share of (run, unit) pairs within `within` places of the nominal rank. */
  stableShare: number;
  /** The number of places. */
  within: number;
  /** Failed runs. */
  failed: number;
}

/** The mean absolute rank shift and the share of ranks that stay within `within` places, for a target. */
export function uncertaintyOverview(result: UncertaintyResult, node?: string): UncertaintyOverview {
  const c = targetCounts(result, node);
  let stable = 0;
  for (const k of c.withinCounts) stable += k;
  return {
    runs: result.counted,
    meanAbsoluteRankShift: c.shiftPairs === 0 ? Number.NaN : c.shiftTotal / c.shiftPairs,
    stableShare: c.shiftPairs === 0 ? Number.NaN : stable / c.shiftPairs,
    within: c.within,
    failed: result.failures.count,
  };
}

/**
 * P(A ranks above B) for every pair of units, row A, column B: the share of the counted runs in which A's rank
 * was strictly better than B's (a tie, or a run in which either was not ranked, is not "above"; so
 * P(A above B) + P(B above A) is below 1 by the share of such runs). Needs the pairwise counts
 * (`plan.pairwise`).
 */
export function pairwiseProbabilities(result: UncertaintyResult, node?: string): Float64Array[] {
  const c = targetCounts(result, node);
  const n = c.units;
  if (c.above.length !== n * n) {
    throw new InputError(
      "no-pairwise",
      `the analysis did not count pairwise orders for ${show(c.node)} (plan.pairwise)`,
    );
  }
  const runs = result.counted;
  return Array.from({ length: n }, (_, a) => {
    const row = new Float64Array(n);
    for (let b = 0; b < n; b++) row[b] = a === b || runs === 0 ? Number.NaN : c.above[a * n + b]! / runs;
    return row;
  });
}

/** First-order and total Sobol indices of one input, with bootstrap intervals. */
export interface SobolIndex {
  /** Input id. */
  input: string;
  /** First-order index Sᵢ (Saltelli et al. 2010). */
  first: number;
  /** Total index Sₜᵢ (Jansen 1999). */
  total: number;
  /** Bootstrap percentile interval of Sᵢ and of Sₜᵢ (absent without bootstrap). */
  firstInterval?: [number, number];
  totalInterval?: [number, number];
}

/** Options of {@link sobolIndices}. */
export interface SobolOptions {
  /** Bootstrap resamples (default 1000; 0 for none). */
  bootstrap?: number;
  /** Coverage of the intervals (default 0.9: the 5th and 95th percentiles, as COINr). */
  confidence?: number;
  /** Seed of the resampling (default: the plan's seed). */
  seed?: number;
}

/** Sobol indices of a sensitivity analysis and the variance they divide. */
export interface SobolResult {
  /** Variance of the output over the A and B runs (sample variance, n − 1). */
  variance: number;
  /** One entry per input, in plan order. */
  indices: SobolIndex[];
  /** The bootstrap used. */
  bootstrap: { resamples: number; confidence: number; seed: number };
}

/**
 * Sobol first-order and total indices of the output of a sensitivity analysis (Saltelli's design of N(d + 2)
 * runs). With yA, yB and yABᵢ the outputs of the A, B and ABᵢ blocks and V the sample variance of yA and yB
 * together:
 *
 *   Sᵢ = (1/N) Σⱼ yBⱼ (yABᵢⱼ − yAⱼ) / V        (Saltelli et al. 2010)
 *   Sₜᵢ = (1/2N) Σⱼ (yAⱼ − yABᵢⱼ)² / V         (Jansen 1999)
 *
 * as COINr's `SA_estimate`. Intervals resample the N rows with replacement (the same rows for every input)
 * and take percentiles (R's quantile type 7), with V held fixed as COINr does.
 */
export function sobolIndices(result: UncertaintyResult, options: SobolOptions = {}): SobolResult {
  if (result.type !== "sensitivity" || !result.output) {
    throw new InputError(
      "not-sensitivity",
      'Sobol indices need a sensitivity analysis (plan.type "sensitivity")',
    );
  }
  const y = result.output.values;
  for (let i = 0; i < y.length; i++) {
    if (Number.isNaN(y[i]!)) {
      throw new InputError(
        "incomplete-output",
        `run ${i + 1} has no output (${result.evaluated < result.runs ? "it is not covered by this result: merge every shard first" : "it failed, or its unit had no rank"}); Sobol indices need every run`,
      );
    }
  }
  return sobolEstimates(
    y,
    result.samples,
    result.inputs.map((i) => i.id),
    {
      ...options,
      seed: options.seed ?? result.provenance.seed,
    },
  );
}

/**
 * {@link sobolIndices} of any model's outputs `y` on Saltelli's design of N(d + 2) runs (A, B, then AB⁽ⁱ⁾ for
 * each of the `inputs`), as COINr's `SA_estimate(y, N, d)`.
 *
 * @example
 * const design = saltelliDesign(500, 3, new MersenneTwister(7));
 * const y = Float64Array.from({ length: design.runs }, (_, r) =>
 *   design.values[3 * r] + 2 * design.values[3 * r + 1] + 3 * design.values[3 * r + 2]);
 * sobolEstimates(y, 500, ["x1", "x2", "x3"]).indices; // x3 first: ≈ 9/14 of the variance
 */
export function sobolEstimates(
  y: Float64Array,
  samples: number,
  inputs: readonly string[],
  options: SobolOptions = {},
): SobolResult {
  const N = samples;
  const d = inputs.length;
  if (y.length !== N * (d + 2)) {
    throw new InputError(
      "bad-output",
      `${y.length} outputs; Saltelli's design of N = ${N} with ${d} inputs has ${N * (d + 2)} runs`,
    );
  }
  const yA = y.subarray(0, N);
  const yB = y.subarray(N, 2 * N);
  const variance = sampleVariance(y.subarray(0, 2 * N));
  const resamples = options.bootstrap ?? 1000;
  const confidence = options.confidence ?? 0.9;
  const seed = options.seed ?? 1;
  if (!Number.isInteger(resamples) || resamples < 0) {
    throw new InputError("bad-bootstrap", `bootstrap must be a whole number ≥ 0, got ${show(resamples)}`);
  }
  if (!(confidence > 0 && confidence < 1)) {
    throw new InputError("bad-confidence", `confidence must be between 0 and 1, got ${show(confidence)}`);
  }
  const first = (rows: Int32Array | null, i: number): number => {
    const yAB = y.subarray((2 + i) * N, (3 + i) * N);
    let s = 0;
    for (let k = 0; k < N; k++) {
      const j = rows ? rows[k]! : k;
      s += yB[j]! * (yAB[j]! - yA[j]!);
    }
    return s / N / variance;
  };
  const total = (rows: Int32Array | null, i: number): number => {
    const yAB = y.subarray((2 + i) * N, (3 + i) * N);
    let s = 0;
    for (let k = 0; k < N; k++) {
      const j = rows ? rows[k]! : k;
      const e = yA[j]! - yAB[j]!;
      s += e * e;
    }
    return s / (2 * N * variance);
  };
  const indices: SobolIndex[] = inputs.map((input, i) => ({
    input,
    first: first(null, i),
    total: total(null, i),
  }));
  if (resamples > 0) {
    const rng = new MersenneTwister(seed);
    const rows = new Int32Array(N);
    const firsts = indices.map(() => new Float64Array(resamples));
    const totals = indices.map(() => new Float64Array(resamples));
    for (let b = 0; b < resamples; b++) {
      for (let k = 0; k < N; k++) rows[k] = rng.below(N);
      for (let i = 0; i < d; i++) {
        firsts[i]![b] = first(rows, i);
        totals[i]![b] = total(rows, i);
      }
    }
    const lo = (1 - confidence) / 2;
    const hi = 1 - lo;
    indices.forEach((x, i) => {
      x.firstInterval = [quantile7(firsts[i]!, lo), quantile7(firsts[i]!, hi)];
      x.totalInterval = [quantile7(totals[i]!, lo), quantile7(totals[i]!, hi)];
    });
  }
  return { variance, indices, bootstrap: { resamples, confidence, seed } };
}

/** Sample variance (n − 1), two passes. */
function sampleVariance(x: Float64Array): number {
  let m = 0;
  for (const v of x) m += v;
  m /= x.length;
  let s = 0;
  for (const v of x) s += (v - m) * (v - m);
  return s / (x.length - 1);
}

/** R's quantile type 7 of values (sorted in place). */
function quantile7(x: Float64Array, p: number): number {
  x.sort();
  return quantileType7(x.length, p, (k) => x[k - 1]!);
}

/**
 * Merges the results of shards of one analysis (same spec, data and plan; see `UncertaintyOptions.shard`) into
 * the result of all their runs: counts add up, outputs and kept runs are put in place. The merge is exact: the
 * statistics of the merged result are those of one unsharded run.
 */
export function mergeUncertainty(parts: readonly UncertaintyResult[]): UncertaintyResult {
  if (parts.length === 0)
    throw new InputError("nothing-to-merge", "mergeUncertainty needs at least one result");
  const first = parts[0]!;
  const same = (a: UncertaintyResult) =>
    a.provenance.specHash === first.provenance.specHash &&
    a.provenance.dataHash === first.provenance.dataHash &&
    a.provenance.planHash === first.provenance.planHash &&
    a.provenance.designHash === first.provenance.designHash;
  parts.forEach((p, i) => {
    if (!same(p)) {
      throw new InputError(
        "shards-differ",
        `result ${i + 1} comes from another spec, data, plan or design than result 1 (compare their provenance hashes)`,
      );
    }
  });
  const covered = parts.flatMap((p) => p.covered).sort((a, b) => a.from - b.from);
  for (let i = 1; i < covered.length; i++) {
    if (covered[i]!.from < covered[i - 1]!.to) {
      throw new InputError(
        "shards-overlap",
        `runs ${covered[i]!.from + 1}–${covered[i - 1]!.to} are in two of the results; each shard must be merged once`,
      );
    }
  }
  const targets = first.targets.map((t) => ({
    ...t,
    counts: t.counts.slice(),
    missing: t.missing.slice(),
    above: t.above.slice(),
    withinCounts: t.withinCounts.slice(),
  }));
  for (const p of parts.slice(1)) {
    p.targets.forEach((t, i) => {
      addRankCounts(targets[i]!, t);
    });
  }
  let output = first.output ? { ...first.output, values: first.output.values.slice() } : undefined;
  let kept = first.kept
    ? {
        scores: Object.fromEntries(Object.entries(first.kept.scores).map(([k, v]) => [k, v.slice()])),
        ranks: Object.fromEntries(Object.entries(first.kept.ranks).map(([k, v]) => [k, v.slice()])),
      }
    : undefined;
  const n = first.units.length;
  for (const p of parts.slice(1)) {
    for (const block of p.covered) {
      if (output && p.output) output.values.set(p.output.values.subarray(block.from, block.to), block.from);
      if (kept && p.kept) {
        for (const k of Object.keys(kept.scores)) {
          kept.scores[k]!.set(p.kept.scores[k]!.subarray(block.from * n, block.to * n), block.from * n);
          kept.ranks[k]!.set(p.kept.ranks[k]!.subarray(block.from * n, block.to * n), block.from * n);
        }
      }
    }
    if (!p.kept) kept = undefined;
    if (!p.output) output = undefined;
  }
  const failures = parts.flatMap((p) => p.failures.first).sort((a, b) => a.run - b.run);
  return {
    ...first,
    covered,
    targets,
    evaluated: parts.reduce((s, p) => s + p.evaluated, 0),
    counted: parts.reduce((s, p) => s + p.counted, 0),
    failures: { count: parts.reduce((s, p) => s + p.failures.count, 0), first: failures.slice(0, 100) },
    ...(output ? { output } : {}),
    ...(kept ? { kept } : {}),
    provenance: { ...first.provenance, builds: parts.reduce((s, p) => s + p.provenance.builds, 0) },
  };
}

/** The readable summary of an analysis, for reports and exporters (see `IndexResult.uncertainty`). */
export interface UncertaintySummary {
  /** `uncertainty` or `sensitivity`. */
  type: "uncertainty" | "sensitivity";
  /** The target summarised. */
  node: string;
  /** The inputs and their alternatives. */
  inputs: UncertaintyResult["inputs"];
  /** Runs, mean absolute rank shift, share of stable ranks, failures. */
  overview: UncertaintyOverview;
  /** Per unit, in the result's unit order. */
  statistics: RankStatistics[];
  /** The interval's probabilities and the k of P(top k). */
  interval: [number, number];
  top: number[];
  /** Sobol indices (sensitivity analyses that cover every run). */
  sobol?: SobolResult;
  /** How the analysis was made. */
  provenance: UncertaintyResult["provenance"];
}

/**
 * The readable summary of an analysis: the overview, each unit's rank statistics and, for a sensitivity
 * analysis, the Sobol indices.
 */
export function summariseUncertainty(
  result: UncertaintyResult,
  options: RankStatisticsOptions & { sobol?: SobolOptions } = {},
): UncertaintySummary {
  const c = targetCounts(result, options.node);
  const interval = options.interval ?? [0.05, 0.95];
  const top = options.top ?? [1, 3, 5, 10];
  const complete = result.output ? !result.output.values.some((v) => Number.isNaN(v)) : false;
  return {
    type: result.type,
    node: c.node,
    inputs: result.inputs,
    overview: uncertaintyOverview(result, c.node),
    statistics: rankStatistics(result, { node: c.node, interval, top }),
    interval,
    top,
    ...(result.type === "sensitivity" && complete ? { sobol: sobolIndices(result, options.sobol) } : {}),
    provenance: result.provenance,
  };
}
