import { InputError } from "../errors.js";

/**
 * What the runs did to one node's ranks, as counts, so that the summaries of runs made in several shards add up
 * exactly to those of one run of them all. Ranks are counted in half-steps (bin `2r − 2` holds rank r), which
 * holds every tie method's ranks, averages of two places included.
 */
export interface RankCounts {
  /** The node. */
  node: string;
  /** Number of units (`n`); rows follow the result's `units`. */
  units: number;
  /** Scores of the nominal build (the spec as written), `NaN` where missing. */
  nominalScores: Float64Array;
  /** Ranks of the nominal build. */
  nominalRanks: Float64Array;
  /** `counts[u · 2n + (2r − 2)]`: runs in which unit u had rank r. */
  counts: Float64Array;
  /** Runs in which the unit had no rank (no score, or not in the run's sample). */
  missing: Float64Array;
  /**
   * `above[a · n + b]`: runs in which unit a ranked strictly above unit b. Empty when pairwise counts were not
   * kept (see `UncertaintyPlan.pairwise`).
   */
  above: Float64Array;
  /** Sum over runs and ranked units of |rank − nominal rank|. */
  shiftTotal: number;
  /** Number of (run, unit) pairs in `shiftTotal`. */
  shiftPairs: number;
  /** Per unit: runs in which |rank − nominal rank| ≤ `within`. */
  withinCounts: Float64Array;
  /** The number of places of `withinCounts`. */
  within: number;
}

/** Empty counts for a node. */
export function emptyRankCounts(
  node: string,
  nominalScores: Float64Array,
  nominalRanks: Float64Array,
  within: number,
  pairwise: boolean,
): RankCounts {
  const n = nominalScores.length;
  return {
    node,
    units: n,
    nominalScores,
    nominalRanks,
    counts: new Float64Array(n * 2 * n),
    missing: new Float64Array(n),
    above: new Float64Array(pairwise ? n * n : 0),
    shiftTotal: 0,
    shiftPairs: 0,
    withinCounts: new Float64Array(n),
    within,
  };
}

/**
 * Counts one run's ranks. `order` lists the ranked units from best to worst (as the ranking sorted them), which
 * makes the pairwise counts one pass over the pairs that are ordered.
 */
export function countRanks(c: RankCounts, ranks: Float64Array): void {
  const n = c.units;
  const nominal = c.nominalRanks;
  let shift = 0;
  let pairs = 0;
  for (let u = 0; u < n; u++) {
    const r = ranks[u]!;
    if (Number.isNaN(r)) {
      c.missing[u]!++;
      continue;
    }
    c.counts[u * 2 * n + Math.round(2 * r) - 2]!++;
    const r0 = nominal[u]!;
    if (Number.isNaN(r0)) continue;
    const d = Math.abs(r - r0);
    shift += d;
    pairs++;
    if (d <= c.within) c.withinCounts[u]!++;
  }
  c.shiftTotal += shift;
  c.shiftPairs += pairs;
  const above = c.above;
  if (above.length === 0) return;
  for (let a = 0; a < n; a++) {
    const ra = ranks[a]!;
    if (Number.isNaN(ra)) continue;
    const row = a * n;
    for (let b = 0; b < n; b++) if (ra < ranks[b]!) above[row + b]!++;
  }
}

/** Adds the counts `from` into `into` (same node and units). */
export function addRankCounts(into: RankCounts, from: RankCounts): void {
  if (into.node !== from.node || into.units !== from.units || into.within !== from.within) {
    throw new InputError(
      "shards-differ",
      `cannot merge the counts of ${from.node} (${from.units} units, within ${from.within}) into those of ${into.node} (${into.units} units, within ${into.within})`,
    );
  }
  if (into.above.length !== from.above.length) {
    throw new InputError("shards-differ", "one shard kept pairwise counts and the other did not");
  }
  addInto(into.counts, from.counts);
  addInto(into.missing, from.missing);
  addInto(into.above, from.above);
  addInto(into.withinCounts, from.withinCounts);
  into.shiftTotal += from.shiftTotal;
  into.shiftPairs += from.shiftPairs;
}

function addInto(a: Float64Array, b: Float64Array): void {
  for (let i = 0; i < a.length; i++) a[i] = a[i]! + b[i]!;
}

/**
 * The value at probability `p` of a unit's ranks, from their counts, as R's `quantile(type = 7)`: with m ranks
 * sorted x₁ ≤ … ≤ xₘ, h = 1 + (m − 1)p, it is (1 − (h − ⌊h⌋))·x⌊h⌋ + (h − ⌊h⌋)·x⌈h⌉.
 */
export function countQuantile(
  counts: Float64Array,
  from: number,
  bins: number,
  m: number,
  p: number,
): number {
  if (m === 0) return Number.NaN;
  const index = 1 + (m - 1) * p;
  const lo = Math.floor(index);
  const hi = Math.ceil(index);
  const xlo = orderStatistic(counts, from, bins, lo);
  if (index <= lo) return xlo;
  const xhi = orderStatistic(counts, from, bins, hi);
  if (xhi === xlo) return xlo;
  const h = index - lo;
  return (1 - h) * xlo + h * xhi;
}

/** The k-th smallest rank (k from 1) among the counts of one unit. */
export function orderStatistic(counts: Float64Array, from: number, bins: number, k: number): number {
  let seen = 0;
  for (let b = 0; b < bins; b++) {
    seen += counts[from + b]!;
    if (seen >= k) return (b + 2) / 2;
  }
  return Number.NaN;
}
