/** Eigenvalues and eigenvectors of a symmetric matrix. */
export interface SymmetricEigen {
  /** Eigenvalues, largest first. */
  values: Float64Array;
  /**
   * Eigenvectors as the columns of a k × k row-major matrix (`vectors[i * k + c]` is component i of vector c),
   * in the order of {@link SymmetricEigen.values}, each of unit length, signed so that its components sum to a
   * non-negative number (ties broken by the first non-zero component being positive).
   */
  vectors: Float64Array;
  /** Number of Jacobi sweeps used. */
  sweeps: number;
}

/**
 * Eigen-decomposition of a real symmetric matrix by the cyclic Jacobi method: plane rotations annihilate the
 * off-diagonal elements one by one until their sum of squares is negligible (below 1e-30 of the squared
 * Frobenius norm, or exactly zero). Jacobi is slower than Householder + QL for large matrices, but it is
 * short, robust, and accurate to a few ulps in the eigenvectors of the small matrices a composite index has
 * (a node's children).
 *
 * Reference: Golub & Van Loan (2013) Matrix Computations, 4th ed., §8.5.2 (cyclic Jacobi); Press et al. (2007)
 * Numerical Recipes, 3rd ed., §11.1 (the rotation formulas used here). Matches R's `eigen(x, symmetric = TRUE)`
 * up to the sign of each vector. Complexity O(k³) per sweep; a handful of sweeps (quadratic convergence).
 *
 * Only the upper triangle of `a` is read; `a` is not modified. Throws for a non-finite entry.
 *
 * @param a The matrix, k × k row-major.
 * @param k Its order.
 *
 * @example
 * symmetricEigen(Float64Array.of(2, 1, 1, 2), 2).values // Float64Array [3, 1]
 */
export function symmetricEigen(a: ArrayLike<number>, k: number): SymmetricEigen {
  if (a.length !== k * k) {
    throw new RangeError(`symmetricEigen: expected ${k * k} entries for order \`${k}\`, got \`${a.length}\``);
  }
  const m = new Float64Array(k * k);
  let norm = 0;
  for (let i = 0; i < k; i++) {
    for (let j = i; j < k; j++) {
      const v = a[i * k + j]!;
      if (!Number.isFinite(v)) {
        throw new RangeError(`symmetricEigen: entry (${i}, ${j}) is \`${v}\`, expected a finite number`);
      }
      m[i * k + j] = v;
      m[j * k + i] = v;
      norm += i === j ? v * v : 2 * v * v;
    }
  }
  const v = new Float64Array(k * k);
  for (let i = 0; i < k; i++) v[i * k + i] = 1;
  let sweeps = 0;
  for (; sweeps < 100; sweeps++) {
    let off = 0;
    for (let p = 0; p < k; p++) for (let q = p + 1; q < k; q++) off += 2 * m[p * k + q]! ** 2;
    if (off === 0 || off <= 1e-30 * norm) break;
    for (let p = 0; p < k - 1; p++) {
      for (let q = p + 1; q < k; q++) {
        const apq = m[p * k + q]!;
        if (apq === 0) continue;
        const app = m[p * k + p]!;
        const aqq = m[q * k + q]!;
        // t = tan(θ), the smaller root of t² + 2θ t − 1 = 0 with θ = (aqq − app) / (2 apq)
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta === 0 ? 1 : theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        const tau = s / (1 + c);
        m[p * k + p] = app - t * apq;
        m[q * k + q] = aqq + t * apq;
        m[p * k + q] = 0;
        m[q * k + p] = 0;
        for (let r = 0; r < k; r++) {
          if (r !== p && r !== q) {
            const arp = m[r * k + p]!;
            const arq = m[r * k + q]!;
            const np = arp - s * (arq + tau * arp);
            const nq = arq + s * (arp - tau * arq);
            m[r * k + p] = np;
            m[p * k + r] = np;
            m[r * k + q] = nq;
            m[q * k + r] = nq;
          }
          const vrp = v[r * k + p]!;
          const vrq = v[r * k + q]!;
          v[r * k + p] = vrp - s * (vrq + tau * vrp);
          v[r * k + q] = vrq + s * (vrp - tau * vrq);
        }
      }
    }
  }
  const order = Array.from({ length: k }, (_, i) => i).sort((x, y) => m[y * k + y]! - m[x * k + x]! || x - y);
  const values = Float64Array.from(order, (i) => m[i * k + i]!);
  const vectors = new Float64Array(k * k);
  order.forEach((src, c) => {
    let sum = 0;
    let first = 0;
    for (let i = 0; i < k; i++) {
      const x = v[i * k + src]!;
      sum += x;
      if (first === 0 && Math.abs(x) > 1e-12) first = x;
    }
    const sign = sum > 1e-12 || (Math.abs(sum) <= 1e-12 && first >= 0) ? 1 : -1;
    for (let i = 0; i < k; i++) vectors[i * k + c] = sign * v[i * k + src]!;
  });
  return { values, vectors, sweeps };
}
