import { show } from "../issues.js";
import type { IndicatorContext } from "../methods.js";
import { kurtosis } from "../stats/kurtosis.js";
import { skewness } from "../stats/skewness.js";

/** Thresholds of the skewness and kurtosis check. */
export interface SkewKurtosisThresholds {
  /** Absolute skewness at or above which an indicator may have outliers. Default `2`. */
  skew: number;
  /** Kurtosis at or above which an indicator may have outliers. Default `3.5`. */
  kurtosis: number;
}

/** The outcome of {@link checkSkewKurtosis}. */
export interface SkewKurtosisCheck {
  /** Type-2 sample skewness; `NaN` when undefined. */
  skew: number;
  /** Type-2 sample excess kurtosis; `NaN` when undefined. */
  kurtosis: number;
  /**
   * `true` when the indicator passes (no outlier treatment needed), `false` when it fails, `null` when the
   * statistics do not decide (as R's `NA`): too few values or no variance.
   */
  pass: boolean | null;
}

/**
 * The JRC skewness and kurtosis rule for outliers: an indicator passes when |skew| < `skew` OR
 * kurtosis < `kurtosis`, so it fails only when both are at or above their thresholds.
 *
 * Reference: COINr `check_SkewKurt(x, na.rm = TRUE, skew_thresh = 2, kurt_thresh = 3.5)`, including R's
 * three-valued logic: an undefined statistic (fewer than 3 values for skewness, 4 for kurtosis, or no variance)
 * is `NA`, `NA | TRUE` is `TRUE` and `NA | FALSE` is `NA`. Complexity O(n). Missing values are ignored.
 *
 * @example
 * checkSkewKurtosis(Float64Array.of(3, 1, 4, 1, 5, 9, 2, 6, NaN, 5, 35, 8))
 * // { skew: 2.88..., kurtosis: 8.90..., pass: false }
 */
export function checkSkewKurtosis(
  x: ArrayLike<number>,
  thresholds: SkewKurtosisThresholds = { skew: 2, kurtosis: 3.5 },
): SkewKurtosisCheck {
  const skew = skewness(x);
  const kurt = kurtosis(x);
  const a = Number.isNaN(skew) ? null : Math.abs(skew) < thresholds.skew;
  const b = Number.isNaN(kurt) ? null : kurt < thresholds.kurtosis;
  const pass = a === true || b === true ? true : a === false && b === false ? false : null;
  return { skew, kurtosis: kurt, pass };
}

/** Count, minimum and maximum of the non-missing values. */
export function range(x: ArrayLike<number>): { n: number; min: number; max: number } {
  let n = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (Number.isNaN(v)) continue;
    n++;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { n, min, max };
}

/**
 * Reports (as a warning) why the skewness and kurtosis of an indicator cannot be computed, if they cannot: no
 * value, fewer than four values, or a single value repeated. Returns true when it reported.
 */
export function reportUndecidable(x: ArrayLike<number>, label: string, ctx: IndicatorContext): boolean {
  const { n, min, max } = range(x);
  const where = `${show(ctx.indicator.id)} in ${show(ctx.period)}`;
  if (n === 0) {
    ctx.report({
      severity: "warning",
      code: "all-missing",
      message: `${label} found no value of ${where}; left untreated`,
    });
    return true;
  }
  if (n < 4) {
    ctx.report({
      severity: "warning",
      code: "too-few-values",
      message: `${label} needs at least 4 values to compute the kurtosis, but ${where} has ${n}; left untreated`,
    });
    return true;
  }
  if (min === max) {
    ctx.report({
      severity: "warning",
      code: "zero-variance",
      message: `${label} needs at least two different values, but every value of ${where} is ${show(min)}; left untreated`,
    });
    return true;
  }
  return false;
}

/** `NaN` as `null`, for audit details that end up in JSON. */
export function finiteOrNull(v: number): number | null {
  return Number.isNaN(v) ? null : v;
}
