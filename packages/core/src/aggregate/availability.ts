import type { JsonSchema } from "../methods.js";

/** The `minAvailability` option shared by aggregation methods. */
export const minAvailabilitySchema: JsonSchema = {
  type: "number",
  minimum: 0,
  maximum: 1,
  default: 0,
  description:
    "Minimum share of a node's children that must have a value for the node to get a score (COINr's dat_thresh); below it the score is missing",
};

/** Options every aggregation method over available children shares. */
export type AvailabilityOptions = {
  /** Minimum share of children with a value (0..1); default `0` (one child is enough). */
  minAvailability: number;
};

/** The identity, as the `g` and `gInverse` of {@link weightedQuasiMean} for the arithmetic mean. */
export const identity = (x: number): number => x;

/** Number of children (0..k) needed for a score, given `minAvailability`; at least one. */
export function neededChildren(k: number, minAvailability: number): number {
  return Math.max(1, Math.ceil(minAvailability * k - 1e-12));
}

/**
 * A quasi-arithmetic weighted mean per unit over the children that have a value:
 * y = g⁻¹(Σ wⱼ g(xⱼ) / Σ wⱼ), with the weights of missing children dropped (renormalisation). The score is
 * missing when fewer children than `minAvailability` asks for have a value, or when `skip(u)` is true.
 * `g` and `gInverse` are the identity for the arithmetic mean, `ln` and `exp` for the geometric mean. The
 * scores are written into `out` when given (of the children's length; its contents are overwritten), into a
 * new vector otherwise.
 */
export function weightedQuasiMean(
  values: readonly Float64Array[],
  weights: Float64Array,
  minAvailability: number,
  g: (x: number) => number,
  gInverse: (y: number) => number,
  skip?: (unit: number) => boolean,
  out?: Float64Array,
): Float64Array {
  const n = values[0]?.length ?? 0;
  const k = values.length;
  const need = neededChildren(k, minAvailability);
  // First every unit as if it had every child: the sum of wⱼ g(xⱼ) in child order, four children per pass over
  // the units (one read and write of the sums per four children). A missing child (NaN) makes the sum NaN, as
  // does a term g(x) that is NaN; those units are then summed again one by one below, skipping missing
  // children. Either way each unit's terms are added in child order from 0, so the sums are the same as a
  // unit-by-unit loop's.
  const sum = out && out.length === n ? out : new Float64Array(n);
  // With g the identity the terms are wⱼxⱼ: the same sums without the calls (the same bits).
  let j = 0;
  if (g === identity) j = sumPlain(values, weights, n, sum);
  else sum.fill(0);
  for (; j + 4 <= k; j += 4) {
    const c0 = values[j]!;
    const c1 = values[j + 1]!;
    const c2 = values[j + 2]!;
    const c3 = values[j + 3]!;
    const w0 = weights[j]!;
    const w1 = weights[j + 1]!;
    const w2 = weights[j + 2]!;
    const w3 = weights[j + 3]!;
    for (let i = 0; i < n; i++) {
      sum[i] = sum[i]! + w0 * g(c0[i]!) + w1 * g(c1[i]!) + w2 * g(c2[i]!) + w3 * g(c3[i]!);
    }
  }
  for (; j < k; j++) {
    const col = values[j]!;
    const w = weights[j]!;
    for (let i = 0; i < n; i++) sum[i] = sum[i]! + w * g(col[i]!);
  }
  // The weight sum of a unit with every child, added in the same order as a unit's own would be.
  let full = 0;
  for (let c = 0; c < k; c++) full = full + weights[c]!;
  const completeOk = k >= need && full > 0;
  const divideOnly = completeOk && !skip && gInverse === identity;
  for (let i = 0; i < n; i++) {
    const s = sum[i]!;
    if (!Number.isNaN(s)) {
      sum[i] = divideOnly ? s / full : completeOk && !skip?.(i) ? gInverse(s / full) : Number.NaN;
      continue;
    }
    // A unit with a missing child (or a term that is NaN): its own sum, weight sum and count.
    let us = 0;
    let ws = 0;
    let h = 0;
    for (let c = 0; c < k; c++) {
      const v = values[c]![i]!;
      if (Number.isNaN(v)) continue;
      const w = weights[c]!;
      us = us + w * g(v);
      ws = ws + w;
      h++;
    }
    sum[i] = h >= need && ws > 0 && !skip?.(i) ? gInverse(us / ws) : Number.NaN;
  }
  return sum;
}

/**
 * The sums of wⱼxⱼ over the children into `sum` (its contents are overwritten): four children per pass, the last
 * pass taking the one to three left; the first pass starts from 0 as {@link weightedQuasiMean}'s sums do, so the
 * bits are the same. Returns the number of children.
 */
function sumPlain(
  values: readonly Float64Array[],
  weights: Float64Array,
  n: number,
  sum: Float64Array,
): number {
  const k = values.length;
  if (k === 0) sum.fill(0);
  for (let j = 0; j < k; j += 4) {
    const c0 = values[j]!;
    const w0 = weights[j]!;
    const first = j === 0;
    const left = k - j;
    if (left >= 4) {
      const c1 = values[j + 1]!;
      const c2 = values[j + 2]!;
      const c3 = values[j + 3]!;
      const w1 = weights[j + 1]!;
      const w2 = weights[j + 2]!;
      const w3 = weights[j + 3]!;
      if (first)
        for (let i = 0; i < n; i++) sum[i] = 0 + w0 * c0[i]! + w1 * c1[i]! + w2 * c2[i]! + w3 * c3[i]!;
      else
        for (let i = 0; i < n; i++) sum[i] = sum[i]! + w0 * c0[i]! + w1 * c1[i]! + w2 * c2[i]! + w3 * c3[i]!;
    } else if (left === 3) {
      const c1 = values[j + 1]!;
      const c2 = values[j + 2]!;
      const w1 = weights[j + 1]!;
      const w2 = weights[j + 2]!;
      if (first) for (let i = 0; i < n; i++) sum[i] = 0 + w0 * c0[i]! + w1 * c1[i]! + w2 * c2[i]!;
      else for (let i = 0; i < n; i++) sum[i] = sum[i]! + w0 * c0[i]! + w1 * c1[i]! + w2 * c2[i]!;
    } else if (left === 2) {
      const c1 = values[j + 1]!;
      const w1 = weights[j + 1]!;
      if (first) for (let i = 0; i < n; i++) sum[i] = 0 + w0 * c0[i]! + w1 * c1[i]!;
      else for (let i = 0; i < n; i++) sum[i] = sum[i]! + w0 * c0[i]! + w1 * c1[i]!;
    } else if (first) {
      for (let i = 0; i < n; i++) sum[i] = 0 + w0 * c0[i]!;
    } else {
      for (let i = 0; i < n; i++) sum[i] = sum[i]! + w0 * c0[i]!;
    }
  }
  return k;
}
