/**
 * Median of the non-missing values (the mean of the two middle values when their count is even, as R's
 * `median`); `NaN` if none.
 *
 * @example
 * median(Float64Array.of(5, 1, NaN, 3, 2)) // 2.5
 */
export function median(x: ArrayLike<number>): number {
  const v: number[] = [];
  for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i]!)) v.push(x[i]!);
  if (v.length === 0) return Number.NaN;
  v.sort((a, b) => a - b);
  const mid = v.length >> 1;
  return v.length % 2 === 1 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}
