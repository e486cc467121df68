import { defineMethod, type ImputeMethod } from "../methods.js";
import { median as medianOf } from "../stats/median.js";
import { fillMissing, reportUnfilled } from "./fill-missing.js";

/** Options of {@link imputeMedian}: none. */
export type ImputeMedianOptions = Record<string, never>;

/**
 * Median imputation: fills each missing value with the median of the indicator's observed values in the same
 * period. Observed values are never changed.
 *
 * Reference: COINr `i_median(x)`. Complexity O(n log n). An indicator with no observed value in a period stays
 * missing (reported as a warning).
 *
 * @example
 * // 1, NaN, 3, 10 → 1, 3, 3, 10
 */
export const imputeMedian: ImputeMethod<ImputeMedianOptions> = defineMethod({
  stage: "impute",
  id: "median",
  label: "Median imputation",
  description: "Fills missing values with the indicator's median over the units that have a value",
  formula: "x̂ᵢ = median{ xⱼ : xⱼ observed }",
  citation: "COINr i_median()",
  options: { type: "object", properties: {}, additionalProperties: false },
  properties: { deterministic: true, usesWholeSample: true },
  missing: "Fills every missing value; observed values are never changed.",
  impute(x, _options, ctx) {
    const m = medianOf(x);
    const out = fillMissing(
      x,
      ctx,
      () => m,
      () => ({ how: `the median ${m}` }),
    );
    if (Number.isNaN(m)) reportUnfilled(out, ctx, "no unit has a value");
    return out;
  },
});
