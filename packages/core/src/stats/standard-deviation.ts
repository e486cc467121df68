/**
 * Standard deviation of the non-missing values: the sample form (divisor n − 1, as R's `sd`) by default, or
 * the population form (divisor n). `NaN` when fewer than two values (one for the population form).
 *
 * @example
 * standardDeviation(Float64Array.of(2, 4, 4, 4, 5, 5, 7, 9)) // 2.138...
 * standardDeviation(Float64Array.of(2, 4, 4, 4, 5, 5, 7, 9), "population") // 2
 */
export function standardDeviation(x: ArrayLike<number>, form: "sample" | "population" = "sample"): number {
  let n = 0;
  let mean = 0;
  let m2 = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (Number.isNaN(v)) continue;
    n++;
    const d = v - mean;
    mean += d / n;
    m2 += d * (v - mean);
  }
  const divisor = form === "sample" ? n - 1 : n;
  return divisor <= 0 ? Number.NaN : Math.sqrt(m2 / divisor);
}
