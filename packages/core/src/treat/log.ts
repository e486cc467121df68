import { defineMethod, type TreatMethod } from "../methods.js";
import { skewness } from "../stats/skewness.js";
import { LOG_VARIANTS, type LogVariant, logTransform } from "./log-transforms.js";
import { range } from "./skew-kurtosis-check.js";
import { applyTransform, thresholdOptions } from "./transform-step.js";

/** Options of {@link logTreatment}. */
export type LogOptions = {
  /**
   * Which log: `log-ct` ln(x − min + a), a = 0.01 (max − min) (default); `log-ct-plus` the same, mirrored
   * when the skew is negative; `log-ct-orig` ln(x − min + 1); `log-gii` the Global Innovation Index log.
   */
  variant: LogVariant;
  /** Transform only an indicator that fails the skewness and kurtosis check. Default `false`. */
  onlyIfFailing: boolean;
  /** Absolute skewness threshold of the check (with `onlyIfFailing`). Default `2`. */
  skew: number;
  /** Kurtosis threshold of the check (with `onlyIfFailing`). Default `3.5`. */
  kurtosis: number;
};

/**
 * Log transformation of an indicator, in one of COINr's variants, to compress a long right tail (or left tail,
 * `log-ct-plus`). Each variant first shifts the values so that zeros and negative values are allowed.
 *
 * Formula (a = 0.01 · (max x − min x)):
 * `log-ct` y = ln(x − min x + a); `log-ct-plus` the same if skew > 0, else y = −ln(max x + a − x);
 * `log-ct-orig` y = ln(x − min x + 1); `log-gii` y = ln((max x − 1)(x − min x) / (max x − min x) + 1).
 * Reference: COINr `log_CT`, `log_CT_plus`, `log_CT_orig`, `log_GII` (COINr 1.1.14's `log_GII` returns its input
 * unchanged; this method applies the documented formula). Complexity O(n). Missing values stay missing and do
 * not enter the minimum or maximum; ties stay tied. An indicator whose values are all the same cannot take
 * `log-ct`, `log-ct-plus` or `log-gii` (the result is not finite): that is an error and the values are kept.
 *
 * @example
 * // { "step": "treat", "method": "log", "options": { "variant": "log-ct" } }: 1, 2, 101 → 0, ln 2, ln 101
 */
export const logTreatment: TreatMethod<LogOptions> = defineMethod({
  stage: "treat",
  id: "log",
  label: "Log transformation",
  description: "Applies a shifted natural log (COINr's log_CT family) to compress a long tail",
  formula:
    "log-ct: y = ln(x − min(x) + a), a = 0.01 (max(x) − min(x)); log-ct-plus: −ln(max(x) + a − x) when skew ≤ 0; log-ct-orig: y = ln(x − min(x) + 1); log-gii: y = ln((max(x) − 1)(x − min(x)) / (max(x) − min(x)) + 1)",
  citation: "COINr log_CT(), log_CT_plus(), log_CT_orig(), log_GII(); JRC COIN Tool",
  options: {
    type: "object",
    properties: {
      variant: {
        enum: [...LOG_VARIANTS],
        default: "log-ct",
        description:
          "Which log: log-ct (COINr's default second treatment), log-ct-plus (follows the sign of the skew), log-ct-orig (ln(x − min + 1)), log-gii",
      },
      ...thresholdOptions,
    },
    additionalProperties: false,
  },
  properties: { deterministic: true, usesWholeSample: true },
  missing: "Missing values stay missing and do not enter the minimum or maximum. Ties stay tied.",
  treat(x, options, ctx) {
    return applyTransform(x, options, ctx, {
      name: options.variant,
      label: `log transformation ${options.variant}`,
      apply: (v) => logTransform(v, options.variant),
      details: (v) => {
        const { min, max } = range(v);
        const out: Record<string, unknown> = { min, max };
        if (options.variant === "log-ct" || options.variant === "log-ct-plus") out.a = 0.01 * (max - min);
        if (options.variant === "log-ct-plus") out.mirrored = !(skewness(v) > 0);
        return out;
      },
    });
  },
});
