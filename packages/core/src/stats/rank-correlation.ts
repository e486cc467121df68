import { pearsonCorrelation } from "./correlation.js";
import { rank } from "./rank.js";

/** The pairs where both values are present, as two new vectors. */
function completePairs(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  name: string,
): [Float64Array, Float64Array] {
  if (x.length !== y.length) {
    throw new RangeError(`${name}: vectors differ in length, \`${x.length}\` and \`${y.length}\``);
  }
  let n = 0;
  for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i]!) && !Number.isNaN(y[i]!)) n++;
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(x[i]!) || Number.isNaN(y[i]!)) continue;
    a[k] = x[i]!;
    b[k++] = y[i]!;
  }
  return [a, b];
}

/**
 * Spearman's rank correlation over the pairs where both values are present: Pearson's correlation of the
 * values' ranks, ties given their average rank. `NaN` with fewer than two pairs or a constant vector.
 *
 * Reference: R's `cor(x, y, method = "spearman", use = "pairwise.complete.obs")`, which it matches.
 * Complexity O(n log n).
 *
 * @example
 * spearmanCorrelation(Float64Array.of(1, 2, 3, 4), Float64Array.of(1, 3, 2, 4)) // 0.8
 */
export function spearmanCorrelation(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const [a, b] = completePairs(x, y, "spearmanCorrelation");
  // rank() gives 1 to the highest value; the correlation of descending ranks equals that of ascending ones.
  return pearsonCorrelation(rank(a, "average"), rank(b, "average"));
}

/**
 * Kendall's rank correlation τ-b over the pairs where both values are present, corrected for ties:
 * τ_b = (C − D) / √((n₀ − n₁)(n₀ − n₂)) with C and D the concordant and discordant pairs, n₀ = n(n − 1)/2, and
 * n₁, n₂ the pairs tied in x and in y. `NaN` with fewer than two pairs or a constant vector.
 *
 * Reference: Kendall (1945) "The treatment of ties in ranking problems", Biometrika 33(3); R's
 * `cor(x, y, method = "kendall", use = "pairwise.complete.obs")`, which it matches. Complexity O(n²): units in
 * an index number in the hundreds.
 *
 * @example
 * kendallCorrelation(Float64Array.of(1, 2, 3, 4), Float64Array.of(1, 3, 2, 4)) // 0.6667
 */
export function kendallCorrelation(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const [a, b] = completePairs(x, y, "kendallCorrelation");
  const n = a.length;
  if (n < 2) return Number.NaN;
  let s = 0;
  let tiesX = 0;
  let tiesY = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dx = Math.sign(a[i]! - a[j]!);
      const dy = Math.sign(b[i]! - b[j]!);
      if (dx === 0) tiesX++;
      if (dy === 0) tiesY++;
      s += dx * dy;
    }
  }
  const n0 = (n * (n - 1)) / 2;
  const denominator = Math.sqrt((n0 - tiesX) * (n0 - tiesY));
  return denominator === 0 ? Number.NaN : s / denominator;
}

/** The correlation coefficients offered by the audit. */
export type CorrelationMethod = "pearson" | "spearman" | "kendall";

/** The correlation of two vectors by the named method, over the pairs where both values are present. */
export function correlation(x: ArrayLike<number>, y: ArrayLike<number>, method: CorrelationMethod): number {
  if (method === "pearson") return pearsonCorrelation(x, y);
  if (method === "spearman") return spearmanCorrelation(x, y);
  return kendallCorrelation(x, y);
}
