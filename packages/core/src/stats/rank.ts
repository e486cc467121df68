import type { TieMethod } from "../spec/types.js";

/**
 * Ranks scores from best (1 = highest) down, with an explicit tie method; missing scores get `NaN` ranks, as
 * R's `rank(-x, ties.method = "min", na.last = "keep")`.
 *
 * Tie methods, for scores 9, 7, 7, 5: `min` (sports) 1, 2, 2, 4; `max` 1, 3, 3, 4; `average` 1, 2.5, 2.5, 4;
 * `dense` 1, 2, 2, 3; `first` (order of appearance) 1, 2, 3, 4.
 *
 * Complexity O(n) for scores spread evenly (a bucket sort on the value), O(n log n) at worst.
 *
 * @example
 * rank(Float64Array.of(5, 9, 7, NaN, 7)) // Float64Array [4, 1, 2, NaN, 2]
 */
export function rank(scores: ArrayLike<number>, ties: TieMethod = "min"): Float64Array {
  // One element type inside, so that the loops stay fast whatever the callers pass.
  return rankOf(scores instanceof Float64Array ? scores : Float64Array.from(scores), ties);
}

/**
 * {@link rank} written into `out` (of the scores' length; every element is overwritten), for callers that reuse
 * memory. Returns `out`.
 */
export function rankInto(scores: Float64Array, ties: TieMethod, out: Float64Array): Float64Array {
  if (out.length !== scores.length) {
    throw new RangeError(`rankInto: ${scores.length} scores but room for ${out.length} ranks`);
  }
  return rankOf(scores, ties, out);
}

function rankOf(
  scores: Float64Array,
  ties: TieMethod,
  out: Float64Array = new Float64Array(scores.length),
): Float64Array {
  const n = scores.length;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  let m = 0;
  for (let i = 0; i < n; i++) {
    const v = scores[i]!;
    if (Number.isNaN(v)) continue;
    m++;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  // Every ranked cell is written below; the others are missing.
  if (m < n) for (let i = 0; i < n; i++) if (Number.isNaN(scores[i]!)) out[i] = Number.NaN;
  if (m === 0) return out;
  sortBest(scores, m, lo, hi);
  assignRanks(sortedScores, ordered, m, ties, out);
  return out;
}

/**
 * Writes ranks into `out` for `m` scores sorted best first (`sorted`, with their units in `order`; equal scores
 * in unit order), by the tie method: `out[order[k]]` is the rank of the k-th best.
 */
export function assignRanks(
  sorted: Float64Array,
  order: Int32Array,
  m: number,
  ties: TieMethod,
  out: Float64Array,
): void {
  let dense = 0;
  let i = 0;
  while (i < m) {
    let j = i;
    const v = sorted[i]!;
    while (j + 1 < m && sorted[j + 1]! === v) j++;
    dense++;
    if (ties === "first") {
      for (let k = i; k <= j; k++) out[order[k]!] = k + 1;
    } else {
      const r =
        ties === "min" ? i + 1 : ties === "max" ? j + 1 : ties === "average" ? (i + j + 2) / 2 : dense;
      for (let k = i; k <= j; k++) out[order[k]!] = r;
    }
    i = j + 1;
  }
}

/** Below this many values, or inside a bucket larger than this, a comparison sort is used. */
const SMALL = 32;

/** Values per bucket, on average, in {@link sortBest}. */
const PER_BUCKET = 1;

// Work space of sortBest, kept from one call to the next so that ranking every node allocates little.
let bucketOf = new Int32Array(0);
let starts = new Int32Array(0);
let ordered = new Int32Array(0);
let sortedScores = new Float64Array(0);

/**
 * Puts the indices of the `m` non-missing scores in `ordered` and their scores in `sortedScores`, highest score
 * first and equal scores in index order. A bucket sort on the value (about `m` buckets between the lowest
 * and the highest score), exact because the bucket of a value never decreases as the value does: a bucket
 * holds a contiguous run of the order, sorted by comparisons (insertion sort; a comparison sort for a large
 * bucket). O(m) for values spread evenly, O(m log m) at worst.
 */
function sortBest(scores: Float64Array, m: number, lo: number, hi: number): void {
  const n = scores.length;
  if (ordered.length < m) {
    ordered = new Int32Array(m);
    sortedScores = new Float64Array(m);
  }
  const order = ordered;
  const sorted = sortedScores;
  const nb = Math.ceil(m / PER_BUCKET);
  const scale = nb / (hi - lo);
  if (m <= SMALL || !Number.isFinite(scale) || !Number.isFinite(hi - lo)) {
    let k = 0;
    for (let i = 0; i < n; i++) if (!Number.isNaN(scores[i]!)) order[k++] = i;
    order.subarray(0, m).sort((a, b) => scores[b]! - scores[a]! || a - b);
    for (let k = 0; k < m; k++) sorted[k] = scores[order[k]!]!;
    return;
  }
  if (bucketOf.length < n) bucketOf = new Int32Array(n);
  if (starts.length < nb + 1) starts = new Int32Array(nb + 1);
  const bucket = bucketOf;
  const start = starts;
  start.fill(0, 0, nb + 1);
  const last = nb - 1;
  for (let i = 0; i < n; i++) {
    const v = scores[i]!;
    if (Number.isNaN(v)) continue;
    const b = Math.min(last, ((hi - v) * scale) | 0);
    bucket[i] = b;
    start[b + 1]!++;
  }
  // start[b] becomes the end of bucket b - 1, then (after the scatter) the start of bucket b.
  for (let b = 1; b <= nb; b++) start[b] = start[b]! + start[b - 1]!;
  for (let i = 0; i < n; i++) {
    const v = scores[i]!;
    if (Number.isNaN(v)) continue;
    const at = start[bucket[i]!]!++;
    order[at] = i;
    sorted[at] = v;
  }
  // Buckets larger than SMALL are sorted by comparisons; then one insertion pass over the whole order puts
  // the small buckets right, each value moving at most within its bucket.
  let from = 0;
  for (let b = 0; b < nb; b++) {
    const to = start[b]!;
    if (to - from > SMALL) {
      order.subarray(from, to).sort((x, y) => scores[y]! - scores[x]! || x - y);
      for (let k = from; k < to; k++) sorted[k] = scores[order[k]!]!;
    }
    from = to;
  }
  for (let k = 1; k < m; k++) {
    const v = sorted[k]!;
    if (!(sorted[k - 1]! < v)) continue;
    const idx = order[k]!;
    let h = k - 1;
    while (h >= 0 && sorted[h]! < v) {
      order[h + 1] = order[h]!;
      sorted[h + 1] = sorted[h]!;
      h--;
    }
    order[h + 1] = idx;
    sorted[h + 1] = v;
  }
}
