import { symmetricEigen } from "../stats/symmetric-eigen.js";

/** Principal components of a group of variables (a node's children, or all indicators). */
export interface PrincipalComponents {
  /** The variables, in the order of the loadings' rows. */
  variables: string[];
  /** Units used: those with a value for every variable (complete cases). */
  unitsUsed: number;
  /** Units left out for a missing value. */
  unitsDropped: number;
  /** Variances of the components (eigenvalues of the correlation matrix), largest first. */
  eigenvalues: number[];
  /** Share of the total variance each component explains. */
  varianceShare: number[];
  /** Cumulative share. */
  cumulativeShare: number[];
  /** Loadings: `loadings[i][c]` is variable i on component c (R's `prcomp()$rotation`; each column's sign is
   * chosen so its entries sum to a non-negative number). */
  loadings: number[][];
}

/**
 * Principal component analysis of standardised variables over complete cases: the eigen-decomposition of their
 * correlation matrix, as R's `prcomp(x, center = TRUE, scale. = TRUE)` on `na.omit(x)`. Returns `undefined`
 * with fewer than two variables or fewer than three complete units.
 *
 * Reference: OECD/JRC Handbook (2008) §4.1; COINr `get_PCA()`. Complexity O(k² n + k³).
 *
 * @example
 * principalComponents({ a: colA, b: colB, c: colC })?.varianceShare[0]
 */
export function principalComponents(
  columns: Record<string, ArrayLike<number>>,
): PrincipalComponents | undefined {
  const variables = Object.keys(columns);
  const k = variables.length;
  if (k < 2) return undefined;
  const cols = variables.map((v) => columns[v]!);
  const n = cols[0]!.length;
  const rows: number[] = [];
  for (let u = 0; u < n; u++) if (cols.every((c) => !Number.isNaN(c[u]!))) rows.push(u);
  const m = rows.length;
  if (m < 3) return undefined;
  // Standardise each variable over the complete cases (sample sd, as scale()).
  const z = cols.map((c) => {
    let s = 0;
    for (const u of rows) s += c[u]!;
    const mean = s / m;
    let ss = 0;
    for (const u of rows) ss += (c[u]! - mean) ** 2;
    const sd = Math.sqrt(ss / (m - 1));
    return Float64Array.from(rows, (u) => (c[u]! - mean) / sd);
  });
  const corr = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = i; j < k; j++) {
      let s = 0;
      for (let r = 0; r < m; r++) s += z[i]![r]! * z[j]![r]!;
      corr[i * k + j] = corr[j * k + i] = s / (m - 1);
    }
  }
  if (corr.some((v) => !Number.isFinite(v))) return undefined;
  const eig = symmetricEigen(corr, k);
  const eigenvalues = Array.from(eig.values);
  const total = eigenvalues.reduce((s, v) => s + v, 0);
  const varianceShare = eigenvalues.map((v) => v / total);
  let acc = 0;
  return {
    variables,
    unitsUsed: m,
    unitsDropped: n - m,
    eigenvalues,
    varianceShare,
    cumulativeShare: varianceShare.map((v) => (acc += v)),
    loadings: variables.map((_, i) => Array.from({ length: k }, (_, c) => eig.vectors[i * k + c]!)),
  };
}
