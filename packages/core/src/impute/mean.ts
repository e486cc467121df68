import { defineMethod, type ImputeMethod } from "../methods.js";
import { mean as meanOf } from "../stats/mean.js";
import { fillMissing, reportUnfilled } from "./fill-missing.js";

/** Options of {@link imputeMean}: none. */
export type ImputeMeanOptions = Record<string, never>;

/**
 * Mean imputation: fills each missing value with the mean of the indicator's observed values in the same
 * period. Observed values are never changed.
 *
 * Reference: COINr `i_mean(x)`. Complexity O(n). An indicator with no observed value in a period stays
 * missing (reported as a warning).
 *
 * @example
 * // 1, NaN, 3 → 1, 2, 3
 */
export const imputeMean: ImputeMethod<ImputeMeanOptions> = defineMethod({
  stage: "impute",
  id: "mean",
  label: "Mean imputation",
  description: "Fills missing values with the indicator's mean over the units that have a value",
  formula: "x̂ᵢ = mean{ xⱼ : xⱼ observed }",
  citation: "COINr i_mean()",
  options: { type: "object", properties: {}, additionalProperties: false },
  properties: { deterministic: true, usesWholeSample: true },
  missing: "Fills every missing value; observed values are never changed.",
  impute(x, _options, ctx) {
    const m = meanOf(x);
    const out = fillMissing(
      x,
      ctx,
      () => m,
      () => ({ how: `the mean ${m}` }),
    );
    // With a mean, every cell is filled; only an indicator with no value at all stays missing.
    if (Number.isNaN(m)) reportUnfilled(out, ctx, "no unit has a value");
    return out;
  },
});
