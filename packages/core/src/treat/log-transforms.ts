import { skewness } from "../stats/skewness.js";
import { range } from "./skew-kurtosis-check.js";

/** The log transforms of COINr's treatment, by name. */
export type LogVariant = "log-ct" | "log-ct-plus" | "log-ct-orig" | "log-gii";

/** The log variants, in the order of the documentation. */
export const LOG_VARIANTS: readonly LogVariant[] = ["log-ct", "log-ct-plus", "log-ct-orig", "log-gii"];

/**
 * The COIN Tool log with a small shift: y = ln(x − min x + a), a = 0.01 · (max x − min x), so the lowest value
 * maps to ln(a) and negative values and zeros are handled. Missing values stay missing. Every value the same
 * gives −∞ (a = 0).
 *
 * Reference: COINr `log_CT(x, na.rm = TRUE)`, the default second treatment of `Treat`. Complexity O(n).
 *
 * @example
 * logCt(Float64Array.of(1, 2, 101)) // [ln 1, ln 2, ln 101]
 */
export function logCt(x: ArrayLike<number>): Float64Array {
  const { min, max } = range(x);
  const a = 0.01 * (max - min);
  return Float64Array.from(x, (v) => Math.log(v - min + a));
}

/**
 * The COIN Tool log that follows the direction of the skew: ln(x − min x + a) when the skewness is positive,
 * else −ln(max x + a − x), with a = 0.01 · (max x − min x), so a long left tail is compressed too. Needs a
 * defined skewness (three values, not all the same); `NaN`s otherwise.
 *
 * Reference: COINr `log_CT_plus(x, na.rm = TRUE)`. Complexity O(n).
 *
 * @example
 * logCtPlus(Float64Array.of(1, 100, 101)) // skew < 0: [−ln 101, −ln 2, −ln 1]
 */
export function logCtPlus(x: ArrayLike<number>): Float64Array {
  const skew = skewness(x);
  if (Number.isNaN(skew)) return new Float64Array(x.length).fill(Number.NaN);
  if (skew > 0) return logCt(x);
  const { min, max } = range(x);
  const a = 0.01 * (max - min);
  return Float64Array.from(x, (v) => -Math.log(max + a - v));
}

/**
 * The original COIN Tool log: y = ln(x − min x + 1), so the lowest value maps to 0. Missing values stay
 * missing.
 *
 * Reference: COINr `log_CT_orig(x, na.rm = TRUE)`; European Commission JRC COIN Tool. Complexity O(n).
 *
 * @example
 * logCtOrig(Float64Array.of(0, 1, 3)) // [0, ln 2, ln 4]
 */
export function logCtOrig(x: ArrayLike<number>): Float64Array {
  const { min } = range(x);
  return Float64Array.from(x, (v) => Math.log(v - min + 1));
}

/**
 * The Global Innovation Index log: y = ln((max x − 1)(x − min x) / (max x − min x) + 1), mapping the range onto
 * [0, ln(max x)]. Undefined (`NaN` or −∞) when max x ≤ 0 and volatile when max x < 1 (it reverses the order),
 * so prefer `log-ct`. Every value the same gives `NaN`.
 *
 * Reference: COINr `log_GII(x, na.rm = TRUE)` documents this formula, but COINr 1.1.14 returns x unchanged
 * (it computes the transform and returns the input); this function returns the transform.
 * Complexity O(n).
 *
 * @example
 * logGii(Float64Array.of(1, 3, 5)) // [0, ln 3, ln 5]
 */
export function logGii(x: ArrayLike<number>): Float64Array {
  const { min, max } = range(x);
  return Float64Array.from(x, (v) => Math.log(((max - 1) * (v - min)) / (max - min) + 1));
}

/** Applies a log variant by name. */
export function logTransform(x: ArrayLike<number>, variant: LogVariant): Float64Array {
  switch (variant) {
    case "log-ct":
      return logCt(x);
    case "log-ct-plus":
      return logCtPlus(x);
    case "log-ct-orig":
      return logCtOrig(x);
    case "log-gii":
      return logGii(x);
  }
}
