/**
 * Solves the square linear system M x = b by Gaussian elimination with partial pivoting. Returns `null` when
 * M is singular (a pivot smaller than 1e-12 times the largest absolute entry of M).
 *
 * Reference: Golub & Van Loan (2013) Matrix Computations, §3.4 (partial pivoting). Matches R's `solve(M, b)`
 * for well-conditioned systems. Complexity O(k³). Neither argument is modified.
 *
 * @example
 * solveLinear([[2, 1], [1, 3]], [3, 5]) // Float64Array [0.8, 1.4]
 */
export function solveLinear(m: readonly (readonly number[])[], b: readonly number[]): Float64Array | null {
  const k = m.length;
  const a = m.map((row, i) => [...row, b[i]!]);
  let scale = 0;
  for (const row of m) for (const v of row) scale = Math.max(scale, Math.abs(v));
  if (!(scale > 0)) return null;
  for (let c = 0; c < k; c++) {
    let pivot = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[pivot]![c]!)) pivot = r;
    if (Math.abs(a[pivot]![c]!) <= 1e-12 * scale) return null;
    [a[c], a[pivot]] = [a[pivot]!, a[c]!];
    const rowC = a[c]!;
    for (let r = c + 1; r < k; r++) {
      const row = a[r]!;
      const f = row[c]! / rowC[c]!;
      if (f === 0) continue;
      for (let j = c; j <= k; j++) row[j] = row[j]! - f * rowC[j]!;
    }
  }
  const x = new Float64Array(k);
  for (let r = k - 1; r >= 0; r--) {
    const row = a[r]!;
    let s = row[k]!;
    for (let j = r + 1; j < k; j++) s -= row[j]! * x[j]!;
    x[r] = s / row[r]!;
  }
  return x;
}
