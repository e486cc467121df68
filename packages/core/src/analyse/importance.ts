/**
 * Nadaraya–Watson's local linear estimate of E(Y | x) at each observed x, with a Gaussian kernel of bandwidth
 * `h`: at x₀ the fitted value is a + b·0 of the weighted least-squares line of y on (x − x₀) with weights
 * K((x − x₀)/h). Exact for a linear relation at any bandwidth.
 */
export function localLinearFit(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  h: number,
  leaveOut = false,
): Float64Array {
  const n = x.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let t0 = 0;
    let t1 = 0;
    const x0 = x[i]!;
    for (let j = 0; j < n; j++) {
      if (leaveOut && j === i) continue;
      const d = x[j]! - x0;
      const w = Math.exp(-0.5 * (d / h) ** 2);
      s0 += w;
      s1 += w * d;
      s2 += w * d * d;
      t0 += w * y[j]!;
      t1 += w * d * y[j]!;
    }
    const det = s0 * s2 - s1 * s1;
    out[i] = det > 1e-12 * s0 * s2 ? (s2 * t0 - s1 * t1) / det : t0 / s0;
  }
  return out;
}

/** The bandwidths tried by {@link correlationRatio}: multiples of the sd of x, from 0.1 to 2. */
export const BANDWIDTH_GRID: readonly number[] = [
  0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.8, 1, 1.25, 1.5, 2,
];

const variance = (v: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]!;
  const m = s / v.length;
  let ss = 0;
  for (let i = 0; i < v.length; i++) ss += (v[i]! - m) ** 2;
  return ss / v.length;
};

/**
 * Most pairs {@link correlationRatio} uses: with more, it estimates on this many, taken at an even stride in
 * unit order (deterministic), since the smoother costs O(n²).
 */
export const MAX_UNITS = 1000;

/** What {@link correlationRatio} found. */
export interface CorrelationRatio {
  /** Var[E(Y | x)] / Var(Y), between 0 and 1. */
  ratio: number;
  /** The bandwidth chosen, in units of x. */
  bandwidth: number;
  /** Units used (both values present; at most {@link MAX_UNITS}). */
  units: number;
}

/**
 * Pearson's correlation ratio η² = Var[E(Y | x)] / Var(Y): the share of the variance of the output Y (an index)
 * that an input x (an indicator) explains, linearly or not. E(Y | x) is estimated by a local linear smoother
 * with a Gaussian kernel whose bandwidth minimises the leave-one-out squared error over
 * {@link BANDWIDTH_GRID} × sd(x). With a linear aggregation and independent inputs, η² is proportional to the
 * square of the input's effective weight times its variance, so it measures an indicator's real importance,
 * against which its nominal weight can be compared. `NaN` with fewer than 5 units with both values or when x or
 * Y is constant.
 *
 * Reference: Paruolo, Saisana & Saltelli (2013) "Ratings and rankings: voodoo or science?", JRSS A 176(3),
 * which uses this first-order sensitivity measure in the JRC's audits (estimated there with penalised splines).
 * Complexity O(m² · grid) with m = min(n, MAX_UNITS).
 *
 * @example
 * correlationRatio(indicatorColumn, indexColumn).ratio
 */
export function correlationRatio(x: ArrayLike<number>, y: ArrayLike<number>): CorrelationRatio {
  let xs: number[] = [];
  let ys: number[] = [];
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(x[i]!) || Number.isNaN(y[i]!)) continue;
    xs.push(x[i]!);
    ys.push(y[i]!);
  }
  if (xs.length > MAX_UNITS) {
    // The smoother is O(n²): beyond MAX_UNITS pairs, estimate on MAX_UNITS of them taken at an even stride.
    const stride = xs.length / MAX_UNITS;
    const pick = Array.from({ length: MAX_UNITS }, (_, k) => Math.floor(k * stride));
    xs = pick.map((i) => xs[i]!);
    ys = pick.map((i) => ys[i]!);
  }
  const n = xs.length;
  const vy = variance(ys);
  const sx = Math.sqrt(variance(xs));
  if (n < 5 || !(vy > 0) || !(sx > 0)) return { ratio: Number.NaN, bandwidth: Number.NaN, units: n };
  let best = Number.POSITIVE_INFINITY;
  let h = Number.NaN;
  for (const g of BANDWIDTH_GRID) {
    const fit = localLinearFit(xs, ys, g * sx, true);
    let err = 0;
    for (let i = 0; i < n; i++) err += (ys[i]! - fit[i]!) ** 2;
    if (Number.isNaN(h) || err < best - 1e-12 * best) {
      best = err;
      h = g * sx;
    }
  }
  const fitted = localLinearFit(xs, ys, h);
  return { ratio: Math.min(1, variance(fitted) / vy), bandwidth: h, units: n };
}
