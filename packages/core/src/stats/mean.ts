/**
 * Arithmetic mean of the non-missing values; `NaN` if none.
 *
 * @example
 * mean(Float64Array.of(1, 2, NaN, 6)) // 3
 */
export function mean(x: ArrayLike<number>): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (!Number.isNaN(v)) {
      sum += v;
      n++;
    }
  }
  return n === 0 ? Number.NaN : sum / n;
}
