/**
 * The regularised incomplete beta function I_x(a, b), by its continued fraction (modified Lentz), with the
 * symmetry I_x(a, b) = 1 − I_{1−x}(b, a) where the fraction converges slowly.
 *
 * Reference: Press et al. (2007) Numerical Recipes, 3rd ed., §6.4; DiDonato & Morris (1992) for the method.
 * Accurate to about 1e-14 relative for the arguments of correlation tests.
 */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (!(x >= 0 && x <= 1) || !(a > 0) || !(b > 0)) return Number.NaN;
  if (x === 0 || x === 1) return x;
  const lnFront = lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(lnFront) * betaFraction(x, a, b)) / a;
  return 1 - (Math.exp(lnFront) * betaFraction(1 - x, b, a)) / b;
}

function betaFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return h;
}

/** ln Γ(x) for x > 0, by the Lanczos approximation (g = 7, n = 9), accurate to about 1e-15 relative. */
export function lnGamma(x: number): number {
  const g = 7;
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
  const z = x - 1;
  let s = c[0]!;
  for (let i = 1; i < 9; i++) s += c[i]! / (z + i);
  const t = z + g + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(s);
}

/** Two-sided p-value of Student's t statistic with `df` degrees of freedom: P(|T| ≥ |t|). */
export function studentTwoSided(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return Number.NaN;
  if (!Number.isFinite(t)) return 0;
  return incompleteBeta(df / (df + t * t), df / 2, 0.5);
}

/** Two-sided p-value of a standard normal statistic: P(|Z| ≥ |z|) = erfc(|z| / √2). */
export function normalTwoSided(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  // erfc via the regularised incomplete gamma: erfc(x) = Q(1/2, x²).
  const x = Math.abs(z) / Math.SQRT2;
  return upperGamma(0.5, x * x);
}

/** The regularised upper incomplete gamma function Q(a, x), by its series or continued fraction. */
function upperGamma(a: number, x: number): number {
  if (x <= 0) return 1;
  const lnFront = -x + a * Math.log(x) - lnGamma(a);
  if (x < a + 1) {
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < 10000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-16) break;
    }
    return 1 - sum * Math.exp(lnFront);
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(lnFront) * h;
}

/** The pairs where both values are present. */
function pairs(x: ArrayLike<number>, y: ArrayLike<number>): [number[], number[]] {
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(x[i]!) || Number.isNaN(y[i]!)) continue;
    a.push(x[i]!);
    b.push(y[i]!);
  }
  return [a, b];
}

/** Sizes of the groups of tied values (only groups of two or more). */
function tieGroups(v: readonly number[]): number[] {
  const counts = new Map<number, number>();
  for (const x of v) counts.set(x, (counts.get(x) ?? 0) + 1);
  return [...counts.values()].filter((c) => c > 1);
}

/**
 * The two-sided p-value of a correlation coefficient `r` of x and y (pairs with both values), by the large-sample
 * tests R's `cor.test` uses with `exact = FALSE`: Pearson and Spearman by Student's t with n − 2 degrees of
 * freedom (Spearman through its statistic S = (n³ − n)(1 − r)/6, as R does), Kendall by the normal
 * approximation of its statistic with the variance corrected for ties (no continuity correction). `NaN` with
 * fewer than three pairs.
 *
 * Reference: R's `cor.test(x, y, method = ..., exact = FALSE)`, which it matches; Hollander & Wolfe (1973)
 * Nonparametric Statistical Methods for the Kendall variance with ties.
 *
 * @example
 * correlationPValue(x, y, pearsonCorrelation(x, y), "pearson")
 */
export function correlationPValue(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  r: number,
  method: "pearson" | "spearman" | "kendall",
): number {
  const [a, b] = pairs(x, y);
  const n = a.length;
  if (n < 3 || Number.isNaN(r)) return Number.NaN;
  if (method === "pearson") {
    if (Math.abs(r) >= 1) return 0;
    return studentTwoSided(r * Math.sqrt((n - 2) / (1 - r * r)), n - 2);
  }
  if (method === "spearman") {
    const den = (n * (n * n - 1)) / 6;
    const q = den * (1 - r);
    const tOf = (qq: number): number => {
      const rr = 1 - qq / den;
      return rr / Math.sqrt((1 - rr * rr) / (n - 2));
    };
    // One tail, as R's pspearman: the upper tail for r ≥ 0, the lower (from q − 1) for r < 0.
    const oneTail = (t: number, upper: boolean): number => {
      if (!Number.isFinite(t)) return t > 0 === upper ? 0 : 1;
      const twoSided = studentTwoSided(t, n - 2);
      const tail = twoSided / 2;
      return t >= 0 === upper ? tail : 1 - tail;
    };
    const p = q > den ? oneTail(tOf(q - 1), false) : oneTail(tOf(q), true);
    return Math.min(2 * p, 1);
  }
  const tx = tieGroups(a);
  const ty = tieGroups(b);
  const t0 = (n * (n - 1)) / 2;
  const sum = (v: number[], f: (t: number) => number) => v.reduce((s, t) => s + f(t), 0);
  const t1 = sum(tx, (t) => t * (t - 1)) / 2;
  const t2 = sum(ty, (t) => t * (t - 1)) / 2;
  const s = r * Math.sqrt((t0 - t1) * (t0 - t2));
  const v0 = n * (n - 1) * (2 * n + 5);
  const vt = sum(tx, (t) => t * (t - 1) * (2 * t + 5));
  const vu = sum(ty, (t) => t * (t - 1) * (2 * t + 5));
  const v1 = sum(tx, (t) => t * (t - 1)) * sum(ty, (t) => t * (t - 1));
  const v2 = sum(tx, (t) => t * (t - 1) * (t - 2)) * sum(ty, (t) => t * (t - 1) * (t - 2));
  const variance = (v0 - vt - vu) / 18 + v1 / (2 * n * (n - 1)) + v2 / (9 * n * (n - 1) * (n - 2));
  return normalTwoSided(s / Math.sqrt(variance));
}
