/** The principal eigenpair of a positive matrix, as found by {@link principalEigenvector}. */
export interface PrincipalEigen {
  /** The principal (Perron) eigenvector, scaled to sum to 1. */
  vector: Float64Array;
  /** Its eigenvalue, λmax = Σᵢ (A w)ᵢ with w summing to 1. */
  value: number;
  /** Iterations used. */
  iterations: number;
  /** True when the largest change of a component fell below the tolerance. */
  converged: boolean;
}

/**
 * Principal eigenvector and eigenvalue of a positive square matrix by power iteration: w ← A w / Σ (A w),
 * started from the normalised row geometric means, until no component moves by more than `tolerance`. For a
 * positive matrix the Perron–Frobenius theorem gives a simple largest eigenvalue with a positive eigenvector,
 * so the iteration converges from any positive start; the rate is |λ₂/λ₁| per step, fast for the pairwise
 * comparison matrices of the AHP.
 *
 * Reference: Saaty (1980) The Analytic Hierarchy Process, ch. 2 (priorities as the principal eigenvector,
 * computed by raising the matrix to powers); Golub & Van Loan (2013) Matrix Computations, §7.3.1 (the power
 * method). Matches the first column of R's `eigen(A)`, rescaled to sum to 1. Complexity O(k²) per iteration.
 *
 * @param a The matrix as rows; every entry must be finite and positive (not checked here).
 * @param options `tolerance` (default 1e-15) and `maxIterations` (default 100000).
 *
 * @example
 * principalEigenvector([[1, 2], [0.5, 1]]).vector // Float64Array [0.6667, 0.3333]
 */
export function principalEigenvector(
  a: readonly (readonly number[])[],
  options: { tolerance?: number; maxIterations?: number } = {},
): PrincipalEigen {
  const k = a.length;
  const tolerance = options.tolerance ?? 1e-15;
  const maxIterations = options.maxIterations ?? 100000;
  let w = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < k; i++) {
    let logSum = 0;
    for (let j = 0; j < k; j++) logSum += Math.log(a[i]![j]!);
    w[i] = Math.exp(logSum / k);
    total += w[i]!;
  }
  for (let i = 0; i < k; i++) w[i] = w[i]! / total;
  let value = Number.NaN;
  let iterations = 0;
  let converged = false;
  let next = new Float64Array(k);
  while (iterations < maxIterations) {
    iterations++;
    let sum = 0;
    for (let i = 0; i < k; i++) {
      const row = a[i]!;
      let s = 0;
      for (let j = 0; j < k; j++) s += row[j]! * w[j]!;
      next[i] = s;
      sum += s;
    }
    value = sum;
    let change = 0;
    for (let i = 0; i < k; i++) {
      const v = next[i]! / sum;
      change = Math.max(change, Math.abs(v - w[i]!));
      next[i] = v;
    }
    [w, next] = [next, w];
    if (change <= tolerance) {
      converged = true;
      break;
    }
  }
  return { vector: w, value, iterations, converged };
}
