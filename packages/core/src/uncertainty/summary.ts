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
  if (c.above.length > 0) countPairs(c, ranks, n);
}

/**
 * Pairwise counts not yet added to `above`: 32-bit counters, which a run increments faster than doubles, added
 * to `above` by {@link flushRankCounts} (and before they could overflow).
 */
const pendingPairs = new WeakMap<RankCounts, { counts: Uint32Array; runs: number }>();

/** Adds the pairwise counts kept aside into `c.above`; call it before reading `above`. */
export function flushRankCounts(c: RankCounts): void {
  const pending = pendingPairs.get(c);
  if (!pending || pending.runs === 0) return;
  const { counts } = pending;
  for (let i = 0; i < counts.length; i++) c.above[i] = c.above[i]! + counts[i]!;
  counts.fill(0);
  pending.runs = 0;
}

// Work space of countPairs: units grouped by rank (a counting sort), kept from one call to the next.
const work = { byRank: new Int32Array(0), ends: new Int32Array(0) };

/**
 * Counts one run's pairs: one for (a, b) when a ranks strictly above b. The units are grouped by rank (half-steps,
 * so every tie method fits), then each unit is counted above every unit of the groups after its own:
 * n(n − 1)/2 increments at most, no comparisons.
 */
function countPairs(c: RankCounts, ranks: Float64Array, n: number): void {
  let pending = pendingPairs.get(c);
  if (!pending) {
    pending = { counts: new Uint32Array(n * n), runs: 0 };
    pendingPairs.set(c, pending);
  }
  if (pending.runs === 0xffffffff) flushRankCounts(c);
  pending.runs++;
  const above = pending.counts;
  const bins = 2 * n;
  if (work.byRank.length < n) work.byRank = new Int32Array(n);
  if (work.ends.length < bins + 1) work.ends = new Int32Array(bins + 1);
  const byRank = work.byRank;
  const ends = work.ends;
  ends.fill(0, 0, bins + 1);
  let m = 0;
  for (let u = 0; u < n; u++) {
    const r = ranks[u]!;
    if (!Number.isNaN(r)) {
      ends[Math.round(2 * r) - 1]!++;
      m++;
    }
  }
  for (let b = 1; b <= bins; b++) ends[b] = ends[b]! + ends[b - 1]!;
  // Scattering moves each group's start to its end: ends[bin] is then where the units below the group begin.
  for (let u = 0; u < n; u++) {
    const r = ranks[u]!;
    if (!Number.isNaN(r)) byRank[ends[Math.round(2 * r) - 2]!++] = u;
  }
  let i = 0;
  while (i < m) {
    const end = ends[Math.round(2 * ranks[byRank[i]!]!) - 2]!;
    for (; i < end; i++) {
      const row = byRank[i]! * n;
      for (let j = end; j < m; j++) above[row + byRank[j]!]!++;
    }
  }
}

/** Adds the counts `from` into `into` (same node and units). */
export function addRankCounts(into: RankCounts, from: RankCounts): void {
  flushRankCounts(into);
  flushRankCounts(from);
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
  return quantileType7(m, p, (k) => orderStatistic(counts, from, bins, k));
}

/**
 * R's `quantile(type = 7)` at probability `p` of m values, given the k-th smallest (k from 1) by `at`:
 * h = 1 + (m − 1)p, then (1 − (h − ⌊h⌋))·x⌊h⌋ + (h − ⌊h⌋)·x⌈h⌉, or x⌊h⌋ when the two are equal, as R does.
 */
export function quantileType7(m: number, p: number, at: (k: number) => number): number {
  if (m === 0) return Number.NaN;
  const index = 1 + (m - 1) * p;
  const lo = Math.floor(index);
  const xlo = at(lo);
  if (index <= lo) return xlo;
  const xhi = at(Math.ceil(index));
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
