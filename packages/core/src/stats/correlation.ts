/**
 * Pearson's product-moment correlation of two vectors over the pairs where both values are present (pairwise
 * complete observations). `NaN` when fewer than two pairs remain or when either vector is constant on them.
 *
 * Reference: R's `cor(x, y, use = "pairwise.complete.obs")`, which it matches. Two passes (means, then
 * centred sums), so large offsets do not lose precision. Complexity O(n).
 *
 * @example
 * pearsonCorrelation(Float64Array.of(1, 2, 3, 4), Float64Array.of(2, 4, 5, 9)) // 0.9647...
 */
export function pearsonCorrelation(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length) {
    throw new RangeError(`pearsonCorrelation: vectors differ in length, \`${x.length}\` and \`${y.length}\``);
  }
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < x.length; i++) {
    const a = x[i]!;
    const b = y[i]!;
    if (Number.isNaN(a) || Number.isNaN(b)) continue;
    n++;
    sx += a;
    sy += b;
  }
  if (n < 2) return Number.NaN;
  const mx = sx / n;
  const my = sy / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    const a = x[i]!;
    const b = y[i]!;
    if (Number.isNaN(a) || Number.isNaN(b)) continue;
    const dx = a - mx;
    const dy = b - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return Number.NaN;
  const r = sxy / Math.sqrt(sxx * syy);
  return Math.min(1, Math.max(-1, r));
}
