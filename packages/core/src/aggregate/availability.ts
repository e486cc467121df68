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

/** Number of children (0..k) needed for a score, given `minAvailability`; at least one. */
export function neededChildren(k: number, minAvailability: number): number {
  return Math.max(1, Math.ceil(minAvailability * k - 1e-12));
}

/**
 * A quasi-arithmetic weighted mean per unit over the children that have a value:
 * y = g⁻¹(Σ wⱼ g(xⱼ) / Σ wⱼ), with the weights of missing children dropped (renormalisation). The score is
 * missing when fewer children than `minAvailability` asks for have a value, or when `skip(u)` is true.
 * `g` and `gInverse` are the identity for the arithmetic mean, `ln` and `exp` for the geometric mean.
 */
export function weightedQuasiMean(
  values: readonly Float64Array[],
  weights: Float64Array,
  minAvailability: number,
  g: (x: number) => number,
  gInverse: (y: number) => number,
  skip?: (unit: number) => boolean,
): Float64Array {
  const n = values[0]?.length ?? 0;
  const k = values.length;
  const need = neededChildren(k, minAvailability);
  // Column by column (each child's vector read in order), adding in child order for every unit, so the sums
  // are the same as a unit-by-unit loop's.
  const sum = new Float64Array(n);
  // The weight sums and counts live in work space kept from one call to the next (a call made from `skip` or
  // `gInverse` while the space is in use gets its own).
  const scratch = !busy;
  if (scratch && weightSums.length < n) {
    weightSums = new Float64Array(n);
    counts = new Int32Array(n);
  }
  const wsum = scratch ? weightSums.fill(0, 0, n) : new Float64Array(n);
  const have = scratch ? counts.fill(0, 0, n) : new Int32Array(n);
  busy = true;
  try {
    // Four children per pass over the units (one read and write of the sums per four children), then the rest
    // one by one; either way each unit's terms are added in child order.
    let j = 0;
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
        let s = sum[i]!;
        let ws = wsum[i]!;
        let h = have[i]!;
        let v = c0[i]!;
        if (!Number.isNaN(v)) {
          s = s + w0 * g(v);
          ws = ws + w0;
          h++;
        }
        v = c1[i]!;
        if (!Number.isNaN(v)) {
          s = s + w1 * g(v);
          ws = ws + w1;
          h++;
        }
        v = c2[i]!;
        if (!Number.isNaN(v)) {
          s = s + w2 * g(v);
          ws = ws + w2;
          h++;
        }
        v = c3[i]!;
        if (!Number.isNaN(v)) {
          s = s + w3 * g(v);
          ws = ws + w3;
          h++;
        }
        sum[i] = s;
        wsum[i] = ws;
        have[i] = h;
      }
    }
    for (; j < k; j++) {
      const col = values[j]!;
      const w = weights[j]!;
      for (let i = 0; i < n; i++) {
        const v = col[i]!;
        if (Number.isNaN(v)) continue;
        sum[i] = sum[i]! + w * g(v);
        wsum[i] = wsum[i]! + w;
        have[i] = have[i]! + 1;
      }
    }
    const out = sum;
    for (let i = 0; i < n; i++) {
      const ws = wsum[i]!;
      out[i] = have[i]! >= need && ws > 0 && !skip?.(i) ? gInverse(sum[i]! / ws) : Number.NaN;
    }
    return out;
  } finally {
    if (scratch) busy = false;
  }
}

// Work space of weightedQuasiMean, kept from one call to the next so that aggregating every node allocates
// little; `busy` while a call uses it.
let weightSums = new Float64Array(0);
let counts = new Int32Array(0);
let busy = false;
