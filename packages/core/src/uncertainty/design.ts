import { InputError } from "../errors.js";
import type { MersenneTwister } from "./random.js";

/**
 * A design of uniform numbers in [0, 1]: one row per run, one column per uncertain input, stored row by row
 * (`values[run * inputs + input]`).
 */
export interface Design {
  /** Number of runs (rows). */
  runs: number;
  /** Number of uncertain inputs (columns). */
  inputs: number;
  /** The numbers, row by row. */
  values: Float64Array;
}

/**
 * A Monte Carlo design: N rows of d uniform numbers, drawn as R's `matrix(runif(d * N), nrow = N)` fills its
 * matrix (column by column), so that with the same seed it equals the design COINr's `get_sensitivity` draws
 * for an uncertainty analysis.
 */
export function monteCarloDesign(samples: number, inputs: number, rng: MersenneTwister): Design {
  const values = new Float64Array(samples * inputs);
  for (let j = 0; j < inputs; j++) for (let i = 0; i < samples; i++) values[i * inputs + j] = rng.next();
  return { runs: samples, inputs, values };
}

/**
 * Saltelli's design for first-order and total Sobol indices: two independent N × d matrices A and B, then for
 * each input i the matrix AB⁽ⁱ⁾, which is A with its column i taken from B; N(d + 2) rows in the order A, B,
 * AB⁽¹⁾, …, AB⁽ᵈ⁾. A and B are the two halves of an N × 2d matrix filled column by column, as COINr's
 * `SA_sample` draws them, so the same seed gives the same design.
 *
 * Reference: Saltelli et al. (2010), Computer Physics Communications 181, 259–270.
 */
export function saltelliDesign(samples: number, inputs: number, rng: MersenneTwister): Design {
  const d = inputs;
  const n = samples;
  const base = new Float64Array(n * 2 * d);
  for (let j = 0; j < 2 * d; j++) for (let i = 0; i < n; i++) base[i * 2 * d + j] = rng.next();
  const values = new Float64Array(n * (d + 2) * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const a = base[i * 2 * d + j]!;
      const b = base[i * 2 * d + d + j]!;
      values[i * d + j] = a;
      values[(n + i) * d + j] = b;
      for (let k = 0; k < d; k++) values[((2 + k) * n + i) * d + j] = k === j ? b : a;
    }
  }
  return { runs: n * (d + 2), inputs: d, values };
}

/**
 * A design given as rows of numbers (one column per input, in [0, 1]), checked. `what` names it in errors.
 */
export function designFromRows(
  rows: readonly (readonly number[])[],
  inputs: number,
  what = "design",
): Design {
  const values = new Float64Array(rows.length * inputs);
  rows.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== inputs) {
      throw new InputError(
        "bad-design",
        `${what} row ${i + 1} has ${Array.isArray(row) ? row.length : "no"} values; the plan has ${inputs} uncertain inputs`,
      );
    }
    row.forEach((v, j) => {
      if (typeof v !== "number" || !(v >= 0 && v <= 1)) {
        throw new InputError(
          "bad-design",
          `${what} row ${i + 1}, column ${j + 1}: ${String(v)} is not a number in [0, 1]`,
        );
      }
      values[i * inputs + j] = v;
    });
  });
  return { runs: rows.length, inputs, values };
}

/**
 * How a design's numbers are turned into one of n alternatives.
 * - `unit-interval`: [0, 1] is cut into n equal parts; u picks part ⌊u·n⌋ (1 itself the last). Each run's
 *   choice depends on its own number only.
 * - `observed-range`: as COINr's `get_sensitivity` (R's `cut(u, n)`): the range of the column's numbers over
 *   the whole design is cut into n equal intervals, closed on the right, with the outer limits moved out by a
 *   thousandth of the range. Needed to reproduce COINr's runs from its design.
 */
export type Discretisation = "unit-interval" | "observed-range";

/**
 * The alternative (0..n−1) each run of one design column picks. `column` holds the column's numbers.
 */
export function discretise(column: Float64Array, n: number, how: Discretisation): Int32Array {
  const out = new Int32Array(column.length);
  if (how === "unit-interval") {
    for (let i = 0; i < column.length; i++) out[i] = Math.min(n - 1, Math.floor(column[i]! * n));
    return out;
  }
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const u of column) {
    if (u < lo) lo = u;
    if (u > hi) hi = u;
  }
  const breaks = cutBreaks(lo, hi, n);
  for (let i = 0; i < column.length; i++) out[i] = binOf(column[i]!, breaks);
  return out;
}

/**
 * The breaks of R's `cut(x, n)` for a range [lo, hi]: `seq.int(lo, hi, length.out = n + 1)` (each inner
 * break computed from the nearer end), the outer two moved out by (hi − lo) / 1000. A column of one value is
 * cut around it as R does (±|lo|/1000, or ±1/1000 for zero).
 */
function cutBreaks(lo: number, hi: number, n: number): Float64Array {
  const dx = hi - lo;
  if (dx === 0) {
    const d = lo === 0 ? 1 : Math.abs(lo);
    return sequence(lo - d / 1000, hi + d / 1000, n + 1);
  }
  const breaks = sequence(lo, hi, n + 1);
  breaks[0] = lo - dx / 1000;
  breaks[n] = hi + dx / 1000;
  return breaks;
}

/** R's `seq.int(from, to, length.out = count)`: each inner value computed from the nearer end. */
function sequence(from: number, to: number, count: number): Float64Array {
  const out = new Float64Array(count);
  out[0] = from;
  out[count - 1] = to;
  const by = (to - from) / (count - 1);
  const half = Math.floor(count / 2);
  for (let i = 1; i < count - 1; i++) out[i] = i < half ? from + i * by : to - (count - 1 - i) * by;
  return out;
}

/** The interval (breaks[k], breaks[k+1]] holding x, as R's `.bincode(right = TRUE)`. */
function binOf(x: number, breaks: Float64Array): number {
  let lo = 0;
  let hi = breaks.length - 1;
  while (hi - lo >= 2) {
    const mid = (hi + lo) >> 1;
    if (x > breaks[mid]!) lo = mid;
    else hi = mid;
  }
  return lo;
}
