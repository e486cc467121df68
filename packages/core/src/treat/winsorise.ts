import { show } from "../issues.js";
import { defineMethod, type TreatMethod } from "../methods.js";
import { skewness } from "../stats/skewness.js";
import { boxCoxTransform } from "./box-cox.js";
import { type LogVariant, logTransform } from "./log-transforms.js";
import {
  checkSkewKurtosis,
  finiteOrNull,
  range,
  reportUndecidable,
  type SkewKurtosisCheck,
  type SkewKurtosisThresholds,
} from "./skew-kurtosis-check.js";
import { finiteWhereObserved, thresholdOptions } from "./transform-step.js";

/** The second treatment of {@link winsorise}, applied when winsorisation does not pass the check. */
export type WinsoriseFallback = LogVariant | "box-cox" | "none";

/** Options of {@link winsorise}. */
export type WinsoriseOptions = {
  /** Most points to winsorise per indicator and period (COINr's `winmax`); `null` for no limit. Default `5`. */
  winmax: number | null;
  /** Absolute skewness threshold (COINr's `skew_thresh`). Default `2`. */
  skew: number;
  /** Kurtosis threshold (COINr's `kurt_thresh`). Default `3.5`. */
  kurtosis: number;
  /** Transform applied when winsorisation up to `winmax` does not pass (COINr's `f2`). Default `log-ct`. */
  fallback: WinsoriseFallback;
  /** Box-Cox exponent when `fallback` is `box-cox`. */
  lambda?: number;
  /**
   * Apply the fallback to the winsorised values instead of the original ones (COINr's `combine_treat`).
   * Default `false`.
   */
  combine: boolean;
  /** Keep winsorising up to `winmax` even once the check passes (COINr's `force_win`). Default `false`. */
  force: boolean;
};

/** What {@link winsoriseVector} did. */
export interface WinsoriseTrace {
  /** The winsorised values. */
  x: Float64Array;
  /**
   * COINr's count `nwin`: the points at the high end changed in the last high step plus those at the low end
   * changed in the last low step. Tied values count as several points, so it can exceed `winmax`.
   */
  nwin: number;
  /** Per point: `high` or `low` if winsorised, else `null`. */
  side: ("high" | "low" | null)[];
  /** Per point: the step (1-based) at which it was first winsorised, else `0`. */
  iteration: Int32Array;
  /** Number of steps taken. */
  steps: number;
  /** The check on the winsorised values; `pass` is `null` when a step left too little variation to decide. */
  check: SkewKurtosisCheck;
}

/**
 * COINr's winsorisation, one step at a time: while the values fail the skewness and kurtosis check and fewer
 * than `winmax` points are winsorised, the highest value (or every value tied at the highest) is set to the
 * next highest when the skewness is ≥ 0, else the lowest to the next lowest. Missing values are ignored and
 * stay missing. The check is not run on the input first: call it only on values that fail (or with `force`).
 *
 * Reference: COINr `winsorise(x, na.rm = TRUE, winmax, skew_thresh, kurt_thresh, force_win)`.
 * Complexity O(n · steps).
 *
 * @example
 * winsoriseVector(Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 30, 100), { winmax: 5 }).x
 * // [1, 2, ..., 10, 10, 10]
 */
export function winsoriseVector(
  x: ArrayLike<number>,
  options: Partial<SkewKurtosisThresholds> & { winmax?: number | null; force?: boolean } = {},
): WinsoriseTrace {
  const thresholds = {
    skew: options.skew ?? 2,
    kurtosis: options.kurtosis ?? 3.5,
  };
  const winmax = options.winmax === undefined ? 5 : options.winmax;
  const force = options.force ?? false;
  const y = Float64Array.from(x);
  const n = y.length;
  const side: ("high" | "low" | null)[] = new Array(n).fill(null);
  const iteration = new Int32Array(n);
  let lastHigh: number[] = [];
  let lastLow: number[] = [];
  let nwin = 0;
  let steps = 0;
  let check = checkSkewKurtosis(y, thresholds);
  while ((check.pass === false || force) && (winmax === null || nwin < winmax)) {
    const skew = skewness(y);
    if (Number.isNaN(skew)) break;
    const high = skew >= 0;
    const { max, min } = range(y);
    const extreme = high ? max : min;
    const at: number[] = [];
    let next = high ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      const v = y[i]!;
      if (Number.isNaN(v)) continue;
      if (v === extreme) at.push(i);
      else if (high ? v > next : v < next) next = v;
    }
    if (!Number.isFinite(next)) break;
    steps++;
    for (const i of at) {
      y[i] = next;
      side[i] = high ? "high" : "low";
      if (iteration[i] === 0) iteration[i] = steps;
    }
    if (high) lastHigh = at;
    else lastLow = at;
    nwin = lastHigh.length + lastLow.length;
    check = checkSkewKurtosis(y, thresholds);
    if (check.pass === null) break;
  }
  return { x: y, nwin, side, iteration, steps, check };
}

/**
 * Winsorisation with a log fallback, the JRC rule and COINr's `Treat` default: an indicator with
 * |skewness| ≥ 2 and kurtosis ≥ 3.5 has its most extreme value replaced by the next one, one value at a time
 * (the side following the sign of the skewness), until it passes or `winmax` points are winsorised. If it still
 * fails, winsorisation is undone and the fallback transform (by default COINr's `log_CT`) is applied to the
 * original values (to the winsorised ones with `combine`). With `fallback: "none"` the winsorised values are
 * kept, as COINr does without `f2`.
 *
 * Formula: pass ⇔ |G₁| < skew or G₂ < kurtosis (type-2 skewness and kurtosis); winsorising a
 * high point sets x_max ← max{x_j : x_j < x_max}; fallback log-ct: y = ln(x − min x + 0.01 (max x − min x)).
 * Reference: OECD/JRC (2008) Handbook on Constructing Composite Indicators, §3; COINr `Treat(x, global_specs =
 * list(f1 = "winsorise", f1_para = list(winmax = 5, skew_thresh = 2, kurt_thresh = 3.5), f2 = "log_CT",
 * f_pass = "check_SkewKurt"))`. Complexity O(n · winmax).
 * Missing values stay missing and are ignored by the statistics. Values tied at the extreme are winsorised
 * together and each counts towards `winmax` (so more than `winmax` points can be winsorised). An indicator whose
 * statistics cannot be computed (fewer than 4 values, all equal) is left untreated with a warning, as COINr does.
 *
 * @example
 * // { "step": "treat", "method": "winsorise", "options": { "winmax": 5 } }
 * // 3, 1, 4, 1, 5, 9, 2, 6, NaN, 5, 35, 8 (skew 2.88, kurtosis 8.90) → 35 becomes 9, then it passes
 */
export const winsorise: TreatMethod<WinsoriseOptions> = defineMethod({
  stage: "treat",
  id: "winsorise",
  label: "Winsorisation with log fallback",
  description:
    "Winsorises outliers one at a time until skewness and kurtosis are acceptable, else applies a log transform",
  formula:
    "fails ⇔ |skew| ≥ skew and kurtosis ≥ kurtosis; while failing and fewer than winmax points: x_max ← next highest (skew ≥ 0) or x_min ← next lowest; still failing: y = ln(x − min(x) + 0.01 (max(x) − min(x))) on the original x",
  citation:
    "OECD/JRC (2008) Handbook on Constructing Composite Indicators, §3; COINr Treat() with winsorise(), check_SkewKurt() and log_CT()",
  options: {
    type: "object",
    properties: {
      winmax: {
        type: ["integer", "null"],
        minimum: 0,
        default: 5,
        description:
          "Most points to winsorise per indicator and period (COINr's winmax); null for no limit. Tied points count each",
      },
      skew: thresholdOptions.skew,
      kurtosis: thresholdOptions.kurtosis,
      fallback: {
        enum: ["log-ct", "log-ct-plus", "log-ct-orig", "log-gii", "box-cox", "none"],
        default: "log-ct",
        description:
          "Transform applied when winsorising up to winmax does not pass (COINr's f2); none keeps the winsorised values",
      },
      lambda: { type: "number", description: "Box-Cox exponent, required when fallback is box-cox" },
      combine: {
        type: "boolean",
        default: false,
        description:
          "Apply the fallback to the winsorised values rather than the original ones (COINr's combine_treat)",
      },
      force: {
        type: "boolean",
        default: false,
        description: "Keep winsorising up to winmax even once the check passes (COINr's force_win)",
      },
    },
    additionalProperties: false,
  },
  properties: { deterministic: true, usesWholeSample: true },
  missing:
    "Missing values stay missing and are ignored by the statistics, the minimum and the maximum. Values tied at the extreme are winsorised together.",
  treat(x, options, ctx) {
    const node = ctx.indicator.id;
    const period = ctx.period;
    const thresholds = { skew: options.skew, kurtosis: options.kurtosis };
    const label = "winsorisation";
    if (options.fallback === "box-cox" && options.lambda === undefined) {
      ctx.report({
        severity: "error",
        code: "missing-property",
        message: "winsorisation with fallback `box-cox` needs the option `lambda`",
      });
      return Float64Array.from(x);
    }
    const summary = (
      before: SkewKurtosisCheck,
      after: SkewKurtosisCheck,
      winsorised: number,
      transform: string | null,
      extra: Record<string, unknown> = {},
    ) => ({
      skewBefore: finiteOrNull(before.skew),
      kurtosisBefore: finiteOrNull(before.kurtosis),
      skewAfter: finiteOrNull(after.skew),
      kurtosisAfter: finiteOrNull(after.kurtosis),
      passedBefore: before.pass,
      passedAfter: after.pass,
      winsorised,
      transform,
      ...extra,
    });
    const untreated = (before: SkewKurtosisCheck, why: string): Float64Array => {
      ctx.audit({
        action: "treatment",
        node,
        period,
        details: summary(before, before, 0, null),
        message: `${node} left untreated: ${why}`,
      });
      return Float64Array.from(x);
    };

    const before = checkSkewKurtosis(x, thresholds);
    // COINr lets 3 values pass on the skewness alone (the kurtosis is NA); they are left untreated either way.
    if (reportUndecidable(x, label, ctx)) {
      return untreated(before, "its skewness and kurtosis cannot be computed");
    }
    if (before.pass === null) {
      ctx.report({
        severity: "warning",
        code: "zero-variance",
        message: `the skewness and kurtosis of ${show(node)} in ${show(period)} are not finite (the values barely vary); left untreated`,
      });
      return untreated(before, "its skewness and kurtosis are not finite");
    }
    if (before.pass) {
      return untreated(before, `it passes the check (skew ${before.skew}, kurtosis ${before.kurtosis})`);
    }

    const w = winsoriseVector(x, { ...thresholds, winmax: options.winmax, force: options.force });
    if (w.check.pass === null) {
      ctx.report({
        severity: "warning",
        code: "zero-variance",
        message: `winsorising ${show(node)} in ${show(period)} left too few different values to compute skewness and kurtosis; left untreated`,
      });
      return untreated(before, "winsorisation left too few different values");
    }
    const keepWinsorised = w.check.pass || options.fallback === "none" || options.combine;
    let winsorised = 0;
    if (keepWinsorised) {
      for (let i = 0; i < x.length; i++) {
        const s = w.side[i];
        if (!s) continue;
        winsorised++;
        ctx.audit({
          action: "winsorised",
          unit: ctx.units[i]!,
          node,
          period,
          before: x[i]!,
          after: w.x[i]!,
          details: { side: s, iteration: w.iteration[i]! },
          message: `winsorised ${node} of ${ctx.units[i]} from ${x[i]} to ${w.x[i]} (${s === "high" ? "highest" : "lowest"} value, step ${w.iteration[i]})`,
        });
      }
    }
    if (w.check.pass || options.fallback === "none") {
      ctx.audit({
        action: "treatment",
        node,
        period,
        details: summary(before, w.check, winsorised, null, { nwin: w.nwin }),
        message: w.check.pass
          ? `${node}: winsorised ${winsorised} point(s); it now passes the check`
          : `${node}: winsorised ${winsorised} point(s), the most allowed; it still fails the check and no fallback is set`,
      });
      return w.x;
    }

    const base = options.combine ? w.x : Float64Array.from(x);
    const fallback = options.fallback;
    const y = fallback === "box-cox" ? boxCoxTransform(base, options.lambda!) : logTransform(base, fallback);
    if (!finiteWhereObserved(base, y, `fallback ${fallback}`, ctx)) {
      return untreated(before, `the fallback ${fallback} is not finite`);
    }
    const after = checkSkewKurtosis(y, thresholds);
    if (after.pass === null) {
      ctx.report({
        severity: "warning",
        code: "zero-variance",
        message: `after ${fallback}, the skewness and kurtosis of ${show(node)} in ${show(period)} cannot be computed; left untreated`,
      });
      return untreated(before, `its skewness and kurtosis cannot be computed after ${fallback}`);
    }
    const { min, max } = range(base);
    ctx.audit({
      action: "transformed",
      node,
      period,
      details: {
        transform: fallback,
        appliedTo: options.combine ? "winsorised" : "original",
        min,
        max,
        ...(fallback === "box-cox" ? { lambda: options.lambda } : {}),
      },
      message: `${node} still fails the check after winsorising ${w.nwin} point(s); applied ${fallback} to the ${options.combine ? "winsorised" : "original"} values`,
    });
    ctx.audit({
      action: "treatment",
      node,
      period,
      details: summary(before, after, winsorised, fallback, {
        nwin: w.nwin,
        ...(options.combine ? {} : { reverted: w.side.filter((s) => s !== null).length }),
      }),
      message: options.combine
        ? `${node}: winsorised ${winsorised} point(s), then applied ${fallback}`
        : `${node}: winsorising ${w.nwin} point(s) was not enough; reverted and applied ${fallback} to the original values`,
    });
    return y;
  },
});
