/**
 * Sample skewness of the non-missing values, the type-2 estimator (Excel's `SKEW`, SAS and SPSS; e1071
 * `skewness(x, type = 2)`; COINr `skew(x, na.rm = TRUE)`). `NaN` with fewer than three values, or when every
 * value is the same (0 / 0).
 *
 * Formula: with d = x − mean(x) over the n values, g₁ = √n · Σd³ / (Σd²)^{3/2} and
 * G₁ = g₁ · √(n(n − 1)) / (n − 2).
 * Reference: Joanes & Gill (1998) "Comparing measures of sample skewness and kurtosis", The Statistician 47(1);
 * COINr `skew()`. Complexity O(n). Sums are compensated (Neumaier), so the result agrees with R's long-double
 * sums to rounding.
 *
 * @example
 * skewness(Float64Array.of(3, 1, 4, 1, 5, 9, 2, 6, NaN, 5, 35, 8)) // 2.88184468517283
 */
export function skewness(x: ArrayLike<number>): number {
  const s = centredPowerSums(x);
  const n = s.n;
  if (n < 3) return Number.NaN;
  const g1 = (Math.sqrt(n) * s.s3) / s.s2 ** 1.5;
  return (g1 * Math.sqrt(n * (n - 1))) / (n - 2);
}

/**
 * The count n of non-missing values and their centred power sums Σd², Σd³, Σd⁴ (d = x − mean), each summed with
 * Neumaier compensation; the mean is corrected by the mean residual, as R's `mean`. Shared by
 * {@link skewness} and `kurtosis`.
 */
export function centredPowerSums(x: ArrayLike<number>): { n: number; s2: number; s3: number; s4: number } {
  let n = 0;
  let s = 0;
  let c = 0;
  for (let i = 0; i < x.length; i++) {
    const a = x[i]!;
    if (Number.isNaN(a)) continue;
    n++;
    const t = s + a;
    c += Math.abs(s) >= Math.abs(a) ? s - t + a : a - t + s;
    s = t;
  }
  if (n === 0) return { n, s2: Number.NaN, s3: Number.NaN, s4: Number.NaN };
  let m = (s + c) / n;
  if (Number.isFinite(m)) {
    s = 0;
    c = 0;
    for (let i = 0; i < x.length; i++) {
      const a = x[i]! - m;
      if (Number.isNaN(a)) continue;
      const t = s + a;
      c += Math.abs(s) >= Math.abs(a) ? s - t + a : a - t + s;
      s = t;
    }
    m += (s + c) / n;
  }
  let s2 = 0;
  let c2 = 0;
  let s3 = 0;
  let c3 = 0;
  let s4 = 0;
  let c4 = 0;
  for (let i = 0; i < x.length; i++) {
    const d = x[i]! - m;
    if (Number.isNaN(d)) continue;
    const p2 = d * d;
    const p3 = p2 * d;
    const p4 = p2 * p2;
    let t = s2 + p2;
    c2 += s2 >= p2 ? s2 - t + p2 : p2 - t + s2;
    s2 = t;
    t = s3 + p3;
    c3 += Math.abs(s3) >= Math.abs(p3) ? s3 - t + p3 : p3 - t + s3;
    s3 = t;
    t = s4 + p4;
    c4 += s4 >= p4 ? s4 - t + p4 : p4 - t + s4;
    s4 = t;
  }
  return { n, s2: s2 + c2, s3: s3 + c3, s4: s4 + c4 };
}
