/** Options of {@link nelderMead}; the defaults are those of R's `optim(method = "Nelder-Mead")`. */
export interface NelderMeadOptions {
  /** Relative convergence tolerance on the function values of the simplex; default `1e-8` (R's `reltol`). */
  reltol?: number;
  /** Stop as soon as the best value is at or below this; default `-Infinity` (R's `abstol`). */
  abstol?: number;
  /** Maximum number of function evaluations; default `500` (R's `maxit`). */
  maxEvaluations?: number;
}

/** The result of {@link nelderMead}. */
export interface NelderMeadResult {
  /** The best point found. */
  x: Float64Array;
  /** The function value there. */
  value: number;
  /** Number of function evaluations. */
  evaluations: number;
  /**
   * `0` converged; `1` the evaluation limit was reached; `10` the simplex could not shrink further
   * (degenerate), as R's `convergence` codes.
   */
  convergence: 0 | 1 | 10;
}

/** Value used for a non-finite function value, as in R. */
const BIG = 1e35;

/**
 * Minimises a function of n variables with the Nelder–Mead simplex method, following the variant of Nash (1990),
 * Algorithm 19, that R's `optim(method = "Nelder-Mead")` uses: reflection 1, expansion 2, contraction ½ and
 * shrinkage ½ towards the best vertex; an initial simplex of the start and the start moved by
 * 0.1 × max|xᵢ| (0.1 if all are zero) along each axis; stop when the spread of the simplex values is at most
 * reltol × (|f(start)| + reltol), or the best value at most abstol, or after `maxEvaluations` evaluations.
 * Deterministic: no random restarts, ties broken by vertex order.
 *
 * Reference: Nelder, J. A. & Mead, R. (1965) A simplex method for function minimization, Computer Journal 7,
 * 308–313; Nash, J. C. (1990) Compact Numerical Methods for Computers, 2nd ed., Algorithm 19; R `optim`.
 * Complexity O(n) function evaluations per iteration plus O(n²) arithmetic.
 *
 * @example
 * nelderMead((x) => (x[0]! - 1) ** 2 + (x[1]! + 2) ** 2, [0, 0]).x // ≈ [1, -2]
 */
export function nelderMead(
  fn: (x: Float64Array) => number,
  start: ArrayLike<number>,
  options: NelderMeadOptions = {},
): NelderMeadResult {
  const reltol = options.reltol ?? 1e-8;
  const abstol = options.abstol ?? Number.NEGATIVE_INFINITY;
  const maxEvaluations = options.maxEvaluations ?? 500;
  const n = start.length;
  const x0 = Float64Array.from(start);
  let evaluations = 0;
  const f = (x: Float64Array): number => {
    evaluations++;
    const v = fn(x);
    return Number.isFinite(v) ? v : BIG;
  };
  const f0 = fn(x0);
  if (!Number.isFinite(f0)) {
    throw new RangeError(`nelderMead: the function is \`${f0}\` at the start point`);
  }
  evaluations = 1;
  if (n === 0 || maxEvaluations <= 0) return { x: x0, value: f0, evaluations, convergence: 0 };
  const convtol = reltol * (Math.abs(f0) + reltol);

  // vertices[0] is the start; vertex j moves coordinate j − 1
  let step = 0;
  for (const v of x0) step = Math.max(step, 0.1 * Math.abs(v));
  if (step === 0) step = 0.1;
  const vertices: Float64Array[] = [x0];
  const values: number[] = [f0];
  let size = 0;
  for (let j = 1; j <= n; j++) {
    const v = Float64Array.from(x0);
    let trial = step;
    while (v[j - 1] === x0[j - 1]) {
      v[j - 1] = x0[j - 1]! + trial;
      trial *= 10;
    }
    size += trial;
    vertices.push(v);
    values.push(Number.NaN);
  }
  let oldSize = size;
  let best = 0;
  let evaluateAll = true;
  const centroid = new Float64Array(n);
  const trial = new Float64Array(n);
  let convergence: 0 | 1 | 10 = 0;

  do {
    if (evaluateAll) {
      for (let j = 0; j <= n; j++) if (j !== best) values[j] = f(vertices[j]!);
      evaluateAll = false;
    }
    let low = values[best]!;
    let high = low;
    let worst = best;
    for (let j = 0; j <= n; j++) {
      if (j === best) continue;
      const v = values[j]!;
      if (v < low) {
        best = j;
        low = v;
      }
      if (v > high) {
        worst = j;
        high = v;
      }
    }
    if (high <= low + convtol || low <= abstol) break;

    const w = vertices[worst]!;
    for (let i = 0; i < n; i++) {
      let s = -w[i]!;
      for (let j = 0; j <= n; j++) s += vertices[j]![i]!;
      centroid[i] = s / n;
    }
    // reflection
    for (let i = 0; i < n; i++) trial[i] = 2 * centroid[i]! - w[i]!;
    const reflected = f(trial);
    if (reflected < low) {
      // expansion: the reflected point becomes the candidate, the expanded one is tried
      const expanded = new Float64Array(n);
      for (let i = 0; i < n; i++) expanded[i] = 2 * trial[i]! - centroid[i]!;
      const fe = f(expanded);
      if (fe < reflected) {
        w.set(expanded);
        values[worst] = fe;
      } else {
        w.set(trial);
        values[worst] = reflected;
      }
    } else {
      if (reflected < high) {
        w.set(trial);
        values[worst] = reflected;
      }
      // contraction of the (possibly replaced) worst vertex towards the centroid
      for (let i = 0; i < n; i++) trial[i] = 0.5 * w[i]! + 0.5 * centroid[i]!;
      const fc = f(trial);
      if (fc < values[worst]!) {
        w.set(trial);
        values[worst] = fc;
      } else if (reflected >= high) {
        // shrink towards the best vertex
        evaluateAll = true;
        size = 0;
        const b = vertices[best]!;
        for (let j = 0; j <= n; j++) {
          if (j === best) continue;
          const v = vertices[j]!;
          for (let i = 0; i < n; i++) {
            v[i] = 0.5 * (v[i]! - b[i]!) + b[i]!;
            size += Math.abs(v[i]! - b[i]!);
          }
        }
        if (size < oldSize) oldSize = size;
        else {
          convergence = 10;
          break;
        }
      }
    }
  } while (evaluations <= maxEvaluations);

  if (convergence === 0 && evaluations > maxEvaluations) convergence = 1;
  return { x: Float64Array.from(vertices[best]!), value: values[best]!, evaluations, convergence };
}
