import { symmetricEigen } from "./symmetric-eigen.js";

/** The result of {@link varimax}. */
export interface VarimaxResult {
  /** The rotated loadings, p × m row-major (`loadings[i * m + f]`). */
  loadings: Float64Array;
  /** The orthogonal rotation matrix T, m × m row-major: rotated = loadings × T. */
  rotation: Float64Array;
  /** Number of iterations used. */
  iterations: number;
}

/**
 * Varimax rotation of a loadings matrix (Kaiser 1958), as R's `stats::varimax(x, normalize = TRUE, eps = 1e-5)`:
 * rows are first scaled to unit length (Kaiser normalisation); then, from T = I, each iteration computes
 * Z = X T and B = Xᵀ (Z³ − Z diag(1ᵀ Z²) / p), replaces T by the orthogonal polar factor U Vᵀ of B
 * (B = U D Vᵀ), and stops when the sum of singular values d no longer grows by a factor (1 + eps), or after 1000
 * iterations; finally the rows are scaled back. A matrix with fewer than two columns is returned unchanged.
 *
 * The polar factor is computed from the eigen-decomposition BᵀB = V D² Vᵀ: U Vᵀ = B V D⁻¹ Vᵀ. It is unique when
 * B is non-singular, so the result matches R's up to rounding.
 *
 * Reference: Kaiser, H. F. (1958) The varimax criterion for analytic rotation in factor analysis,
 * Psychometrika 23, 187–200; R `stats::varimax`. Complexity O(p m² + m³) per iteration.
 *
 * @param x Loadings, p × m row-major (p variables, m factors).
 * @param p Number of rows.
 * @param m Number of columns.
 * @param options `normalize` (default true) and `eps` (default 1e-5), as in R.
 *
 * @example
 * // two factors, four variables
 * varimax(Float64Array.of(0.8, 0.3, 0.7, 0.4, 0.3, 0.8, 0.2, 0.9), 4, 2).loadings
 */
export function varimax(
  x: ArrayLike<number>,
  p: number,
  m: number,
  options: { normalize?: boolean; eps?: number } = {},
): VarimaxResult {
  if (x.length !== p * m) {
    throw new RangeError(`varimax: expected ${p * m} loadings for ${p} × ${m}, got \`${x.length}\``);
  }
  const identity = new Float64Array(m * m);
  for (let f = 0; f < m; f++) identity[f * m + f] = 1;
  if (m < 2) return { loadings: Float64Array.from(x), rotation: identity, iterations: 0 };
  const normalize = options.normalize ?? true;
  const eps = options.eps ?? 1e-5;
  const a = Float64Array.from(x);
  const sc = new Float64Array(p).fill(1);
  if (normalize) {
    for (let i = 0; i < p; i++) {
      let s = 0;
      for (let f = 0; f < m; f++) s += a[i * m + f]! ** 2;
      sc[i] = Math.sqrt(s);
      for (let f = 0; f < m; f++) a[i * m + f] = a[i * m + f]! / sc[i]!;
    }
  }
  let t: Float64Array = identity;
  let d = 0;
  let iterations = 0;
  const z = new Float64Array(p * m);
  const colSq = new Float64Array(m);
  const b = new Float64Array(m * m);
  for (let it = 1; it <= 1000; it++) {
    iterations = it;
    multiply(a, t, z, p, m);
    colSq.fill(0);
    for (let i = 0; i < p; i++) for (let f = 0; f < m; f++) colSq[f] = colSq[f]! + z[i * m + f]! ** 2;
    // B = Aᵀ (Z³ − Z diag(colSq) / p)
    b.fill(0);
    for (let i = 0; i < p; i++) {
      for (let g = 0; g < m; g++) {
        const zig = z[i * m + g]!;
        const w = zig * zig * zig - (zig * colSq[g]!) / p;
        for (let f = 0; f < m; f++) b[f * m + g] = b[f * m + g]! + a[i * m + f]! * w;
      }
    }
    const polar = polarFactor(b, m);
    t = polar.u;
    const dPast = d;
    d = polar.singularSum;
    if (d < dPast * (1 + eps)) break;
  }
  const out = new Float64Array(p * m);
  multiply(a, t, out, p, m);
  if (normalize)
    for (let i = 0; i < p; i++) for (let f = 0; f < m; f++) out[i * m + f] = out[i * m + f]! * sc[i]!;
  return { loadings: out, rotation: t, iterations };
}

/** out (p × m) = a (p × m) × t (m × m). */
function multiply(a: Float64Array, t: Float64Array, out: Float64Array, p: number, m: number): void {
  for (let i = 0; i < p; i++) {
    for (let g = 0; g < m; g++) {
      let s = 0;
      for (let f = 0; f < m; f++) s += a[i * m + f]! * t[f * m + g]!;
      out[i * m + g] = s;
    }
  }
}

/**
 * The orthogonal polar factor U Vᵀ of a square matrix B = U D Vᵀ, and the sum of its singular values. Columns of
 * U for (numerically) zero singular values are completed to an orthonormal basis by Gram–Schmidt.
 */
function polarFactor(b: Float64Array, m: number): { u: Float64Array; singularSum: number } {
  const btb = new Float64Array(m * m);
  for (let f = 0; f < m; f++) {
    for (let g = f; g < m; g++) {
      let s = 0;
      for (let r = 0; r < m; r++) s += b[r * m + f]! * b[r * m + g]!;
      btb[f * m + g] = s;
      btb[g * m + f] = s;
    }
  }
  const { values, vectors: v } = symmetricEigen(btb, m);
  const sigma = Float64Array.from(values, (l) => Math.sqrt(Math.max(l, 0)));
  const tiny = (sigma[0] ?? 0) * 1e-13;
  // U = B V D⁻¹, column by column
  const u = new Float64Array(m * m);
  const ok: boolean[] = [];
  for (let c = 0; c < m; c++) {
    ok[c] = sigma[c]! > tiny;
    if (!ok[c]) continue;
    for (let r = 0; r < m; r++) {
      let s = 0;
      for (let f = 0; f < m; f++) s += b[r * m + f]! * v[f * m + c]!;
      u[r * m + c] = s / sigma[c]!;
    }
  }
  for (let c = 0; c < m; c++) {
    if (ok[c]) continue;
    for (let e = 0; e < m; e++) {
      const col = new Float64Array(m);
      col[e] = 1;
      for (let o = 0; o < m; o++) {
        if (!ok[o]) continue;
        let dot = 0;
        for (let r = 0; r < m; r++) dot += u[r * m + o]! * col[r]!;
        for (let r = 0; r < m; r++) col[r] = col[r]! - dot * u[r * m + o]!;
      }
      const len = Math.hypot(...col);
      if (len > 1e-6) {
        for (let r = 0; r < m; r++) u[r * m + c] = col[r]! / len;
        ok[c] = true;
        break;
      }
    }
  }
  // U Vᵀ
  const out = new Float64Array(m * m);
  for (let r = 0; r < m; r++) {
    for (let g = 0; g < m; g++) {
      let s = 0;
      for (let c = 0; c < m; c++) s += u[r * m + c]! * v[g * m + c]!;
      out[r * m + g] = s;
    }
  }
  let singularSum = 0;
  for (const s of sigma) singularSum += s;
  return { u: out, singularSum };
}
