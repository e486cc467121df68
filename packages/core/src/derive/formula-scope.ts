/**
 * The restricted scope of a formula: the functions, operators and constants a formula may use, written as plain
 * functions on IEEE doubles so that evaluating a formula never goes through mathjs.
 *
 * Each function follows the number implementation of mathjs 15.2.0 with its default configuration
 * (`relTol: 1e-12`, `absTol: 1e-15`), with two deliberate differences:
 *
 * - where mathjs would return a complex number (`sqrt(-1)`, `log(-1)`, `(-8)^(1/3)`), the result is `NaN`;
 * - a `NaN` operand gives `NaN` from every operator and function, comparisons and logical operators included
 *   (mathjs turns `NaN > 1` into `false`), so a value that cannot be computed never silently becomes `0` or `1`.
 *
 * Comparisons and logical operators return `1` or `0`, which mathjs's `true` and `false` equal in arithmetic.
 */

/** Relative tolerance of comparisons, rounding, `floor` and `ceil` (mathjs's default `relTol`). */
export const REL_TOL = 1e-12;

/** Absolute tolerance of comparisons, rounding, `floor` and `ceil` (mathjs's default `absTol`). */
export const ABS_TOL = 1e-15;

/** Number of decimals of {@link REL_TOL}: values are first rounded to this many decimals by `round`. */
const REL_TOL_DIGITS = 12;

/**
 * True when `a` and `b` are equal up to the tolerances: `|a - b| <= max(relTol * max(|a|, |b|), absTol)`.
 * Infinite values are only equal to themselves; `NaN` is equal to nothing. Matches mathjs's `nearlyEqual`.
 *
 * @example nearlyEqual(0.1 + 0.2, 0.3) // true
 */
export function nearlyEqual(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return false;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  if (a === b) return true;
  return Math.abs(a - b) <= Math.max(REL_TOL * Math.max(Math.abs(a), Math.abs(b)), ABS_TOL);
}

/**
 * Rounds to `decimals` decimal places, half away from zero, on the shortest decimal representation of the value
 * (so `1.005` rounds to `1.01`, not to `1.00` as `Number.prototype.toFixed` does). A port of mathjs's
 * `roundNumber` (`parseFloat(toFixed(value, decimals))`); `decimals` must be an integer from 0 to 15.
 */
function roundDecimal(value: number, decimals: number): number {
  if (!Number.isFinite(value)) return value;
  const match = /^(-?)(\d+\.?\d*)(e([+-]?\d+))?$/.exec(String(value).toLowerCase());
  if (!match) return Number.NaN;
  const sign = match[1] ?? "";
  const digits = match[2] ?? "0";
  let exponent = Number.parseFloat(match[4] ?? "0");
  const dot = digits.indexOf(".");
  exponent += dot !== -1 ? dot - 1 : digits.length - 1;
  let text = digits.replace(".", "");
  const leading = /^0*/.exec(text)?.[0].length ?? 0;
  exponent -= leading;
  text = text.slice(leading).replace(/0*$/, "");
  const c = text.split("").map((d) => d.charCodeAt(0) - 48);
  if (c.length === 0) {
    c.push(0);
    exponent++;
  }
  // roundDigits(split, exponent + 1 + decimals)
  let precision = exponent + 1 + decimals;
  while (precision <= 0) {
    c.unshift(0);
    exponent++;
    precision++;
  }
  if (c.length > precision) {
    const removed = c.splice(precision, c.length - precision);
    if ((removed[0] ?? 0) >= 5) {
      let i = precision - 1;
      c[i] = (c[i] ?? 0) + 1;
      while (c[i] === 10) {
        c.pop();
        if (i === 0) {
          c.unshift(0);
          exponent++;
          i++;
        }
        i--;
        c[i] = (c[i] ?? 0) + 1;
      }
    }
  }
  // The digits c[0].c[1]c[2]... times 10^exponent; parseFloat rounds the decimal correctly, as mathjs's does.
  return Number.parseFloat(`${sign}${c.join("")}e${exponent - c.length + 1}`);
}

/**
 * `round(x)` and `round(x, n)` as in mathjs: first snaps `x` to 12 decimals when it is within the tolerance
 * (so `round(2.4999999999999996)` is `3`), then rounds half away from zero. `n` must be an integer from 0 to
 * 15; otherwise the result is `NaN` (mathjs throws).
 */
export function round(x: number, n = 0): number {
  if (!Number.isInteger(n) || n < 0 || n > 15) return Number.NaN;
  if (n >= REL_TOL_DIGITS) return roundDecimal(x, n);
  const xEpsilon = roundDecimal(x, REL_TOL_DIGITS);
  return roundDecimal(nearlyEqual(x, xEpsilon) ? xEpsilon : x, n);
}

/** `floor(x)` as in mathjs: a value within the tolerance of the integer above it gives that integer. */
export function floor(x: number): number {
  const f = Math.floor(x);
  // Fast path: far from every integer, mathjs's answer is Math.floor (its `round(x)` is then not near `x`).
  if (!nearlyEqual(x, Math.round(x))) return f;
  const r = round(x);
  if (f === r) return f;
  if (nearlyEqual(x, r) && !nearlyEqual(x, f)) return r;
  return f;
}

/** `ceil(x)` as in mathjs: a value within the tolerance of the integer below it gives that integer. */
export function ceil(x: number): number {
  const c = Math.ceil(x);
  if (!nearlyEqual(x, Math.round(x))) return c;
  const r = round(x);
  if (c === r) return c;
  if (nearlyEqual(x, r) && !nearlyEqual(x, c)) return r;
  return c;
}

/**
 * The `%` operator: floored modulo, `x - y * floor(x / y)`, so the result has the sign of the divisor
 * (`-7 % 3` is `2`, `7 % -3` is `-2`) and `x % 0` is `x`. Matches mathjs's `mod`, including its tolerant `floor`.
 */
export function mod(x: number, y: number): number {
  return y === 0 ? x : x - y * floor(x / y);
}

/**
 * The `^` operator and `pow(x, y)`: `Math.pow`, except that a negative base with a non-integer exponent is `NaN`
 * (mathjs returns a complex number), `x^Infinity` is `0` when `|x| < 1` (`x^-Infinity` when `|x| > 1`), and
 * `NaN^0` is `NaN` (IEEE and mathjs say `1`; here a `NaN` never turns back into a number).
 */
export function pow(x: number, y: number): number {
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.NaN;
  if (Number.isInteger(y) || x >= 0) return x ** y;
  if ((x * x < 1 && y === Number.POSITIVE_INFINITY) || (x * x > 1 && y === Number.NEGATIVE_INFINITY))
    return 0;
  return Number.NaN;
}

/** `log(x)` (natural) and `log(x, base)` = `log(x) / log(base)`, as mathjs computes it; `NaN` for `x < 0`. */
function log(x: number, base?: number): number {
  return base === undefined ? Math.log(x) : Math.log(x) / Math.log(base);
}

/** One step of `min`: `x` replaces `acc` only when smaller beyond the tolerance, so ties keep the first value. */
function min2(acc: number, x: number): number {
  if (Number.isNaN(acc) || Number.isNaN(x)) return Number.NaN;
  return smaller(x, acc) === 1 ? x : acc;
}

/** One step of `max`: `x` replaces `acc` only when larger beyond the tolerance, so ties keep the first value. */
function max2(acc: number, x: number): number {
  if (Number.isNaN(acc) || Number.isNaN(x)) return Number.NaN;
  return larger(x, acc) === 1 ? x : acc;
}

/** `min(...)` as mathjs: the first value not larger (up to the tolerance) than the others; `NaN` if any is. */
function min(...xs: number[]): number {
  let out = xs[0] ?? Number.NaN;
  for (let i = 1; i < xs.length; i++) out = min2(out, xs[i]!);
  return out;
}

/** `max(...)` as mathjs: the first value not smaller (up to the tolerance) than the others; `NaN` if any is. */
function max(...xs: number[]): number {
  let out = xs[0] ?? Number.NaN;
  for (let i = 1; i < xs.length; i++) out = max2(out, xs[i]!);
  return out;
}

/** `x == y` up to the tolerance: `1` or `0`; `NaN` if an operand is `NaN`. */
export function equal(x: number, y: number): number {
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.NaN;
  return nearlyEqual(x, y) ? 1 : 0;
}

/** `x != y` up to the tolerance: `1` or `0`; `NaN` if an operand is `NaN`. */
export function unequal(x: number, y: number): number {
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.NaN;
  return nearlyEqual(x, y) ? 0 : 1;
}

/** `x < y` and not nearly equal: `1` or `0`; `NaN` if an operand is `NaN`. */
export function smaller(x: number, y: number): number {
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.NaN;
  return x < y && !nearlyEqual(x, y) ? 1 : 0;
}

/** `x > y` and not nearly equal: `1` or `0`; `NaN` if an operand is `NaN`. */
export function larger(x: number, y: number): number {
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.NaN;
  return x > y && !nearlyEqual(x, y) ? 1 : 0;
}

/** `x <= y` or nearly equal: `1` or `0`; `NaN` if an operand is `NaN`. */
export function smallerEq(x: number, y: number): number {
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.NaN;
  return x <= y || nearlyEqual(x, y) ? 1 : 0;
}

/** `x >= y` or nearly equal: `1` or `0`; `NaN` if an operand is `NaN`. */
export function largerEq(x: number, y: number): number {
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.NaN;
  return x >= y || nearlyEqual(x, y) ? 1 : 0;
}

/** A function a formula may call. */
export interface FormulaFunction {
  /** Fewest arguments. */
  minArgs: number;
  /** Most arguments (`Infinity` for `min` and `max`). */
  maxArgs: number;
  /** The implementation, on numbers. */
  fn: (...args: number[]) => number;
  /**
   * For variadic functions: the same result as a left fold of this two-argument step over the arguments, so a
   * compiled call needs no argument array.
   */
  fold?: (acc: number, x: number) => number;
}

const fn = (
  minArgs: number,
  maxArgs: number,
  f: (...args: number[]) => number,
  fold?: (acc: number, x: number) => number,
): FormulaFunction => (fold ? { minArgs, maxArgs, fn: f, fold } : { minArgs, maxArgs, fn: f });

/**
 * The functions a formula may call, by name, in the order the documentation lists them. A `Map`, so that names
 * such as `constructor` or `__proto__` are never looked up on `Object.prototype`.
 */
export const formulaFunctions: ReadonlyMap<string, FormulaFunction> = new Map([
  ["abs", fn(1, 1, Math.abs)],
  ["sqrt", fn(1, 1, Math.sqrt)],
  ["cbrt", fn(1, 1, Math.cbrt)],
  ["exp", fn(1, 1, Math.exp)],
  ["log", fn(1, 2, log)],
  ["log10", fn(1, 1, Math.log10)],
  ["log2", fn(1, 1, Math.log2)],
  ["log1p", fn(1, 1, Math.log1p)],
  ["pow", fn(2, 2, pow)],
  ["min", fn(1, Number.POSITIVE_INFINITY, min, min2)],
  ["max", fn(1, Number.POSITIVE_INFINITY, max, max2)],
  ["round", fn(1, 2, round)],
  ["floor", fn(1, 1, floor)],
  ["ceil", fn(1, 1, ceil)],
  ["sign", fn(1, 1, Math.sign)],
]);

/** The named constants a formula may use, unless an indicator has the same id (the indicator wins, as in mathjs). */
export const formulaConstants: ReadonlyMap<string, number> = new Map([
  ["pi", Math.PI],
  ["e", Math.E],
]);

/** Binary operators a formula may use, by mathjs operator function name (`add` for `+`). */
export const binaryOperators: ReadonlyMap<string, (x: number, y: number) => number> = new Map([
  ["add", (x: number, y: number) => x + y],
  ["subtract", (x: number, y: number) => x - y],
  ["multiply", (x: number, y: number) => x * y],
  ["divide", (x: number, y: number) => x / y],
  ["pow", pow],
  ["mod", mod],
  ["equal", equal],
  ["unequal", unequal],
  ["smaller", smaller],
  ["larger", larger],
  ["smallerEq", smallerEq],
  ["largerEq", largerEq],
]);

/** Unary operators a formula may use, by mathjs operator function name. */
export const unaryOperators: ReadonlyMap<string, (x: number) => number> = new Map([
  ["unaryMinus", (x: number) => -x],
  ["unaryPlus", (x: number) => x],
  ["not", (x: number) => (Number.isNaN(x) ? Number.NaN : x === 0 ? 1 : 0)],
]);

/**
 * Logical operators: `and` and `or` evaluate their right operand only when needed (as mathjs does), `xor` both;
 * the compiler in `formula.ts` implements them, since short-circuit cannot be a plain function of two numbers.
 */
export const logicalOperators: ReadonlySet<string> = new Set(["and", "or", "xor"]);
