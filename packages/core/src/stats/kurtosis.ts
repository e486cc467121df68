import { centredPowerSums } from "./skewness.js";

/**
 * Sample excess kurtosis of the non-missing values, the type-2 estimator (Excel's `KURT`, SAS and SPSS; e1071
 * `kurtosis(x, type = 2)`; COINr `kurt(x, na.rm = TRUE)`). `NaN` with fewer than four values, or when every
 * value is the same (0 / 0). A normal sample gives about 0.
 *
 * Formula: with d = x − mean(x) over the n values, r = n · Σd⁴ / (Σd²)² and
 * G₂ = ((n + 1)(r − 3) + 6) · (n − 1) / ((n − 2)(n − 3)).
 * Reference: Joanes & Gill (1998) "Comparing measures of sample skewness and kurtosis", The Statistician 47(1);
 * COINr `kurt()`. Complexity O(n), with compensated sums.
 *
 * @example
 * kurtosis(Float64Array.of(3, 1, 4, 1, 5, 9, 2, 6, NaN, 5, 35, 8)) // 8.90387733997765
 */
export function kurtosis(x: ArrayLike<number>): number {
  const s = centredPowerSums(x);
  const n = s.n;
  if (n < 4) return Number.NaN;
  const r = (n * s.s4) / (s.s2 * s.s2);
  return (((n + 1) * (r - 3) + 6) * (n - 1)) / ((n - 2) * (n - 3));
}
