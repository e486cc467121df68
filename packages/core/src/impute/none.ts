import { defineMethod, type ImputeMethod } from "../methods.js";

/** Options of {@link imputeNone}: none. */
export type ImputeNoneOptions = Record<string, never>;

/**
 * No imputation: leaves every missing value missing, and says so in the audit trail. An explicit step so that a
 * spec records the choice (and an uncertainty analysis can switch imputation off), rather than leaving it out.
 *
 * Formula: x̂ = x. Reference: COINr `Impute(..., f_i = "none")` and `Impute(..., disable = TRUE)`.
 * Complexity O(n). Records one audit entry per indicator and period that has missing values, with their count.
 *
 * @example
 * // 1, NaN, 3 → 1, NaN, 3
 */
export const imputeNone: ImputeMethod<ImputeNoneOptions> = defineMethod({
  stage: "impute",
  id: "none",
  label: "No imputation",
  description: "Leaves missing values missing; an explicit, recorded choice",
  formula: "x̂ = x",
  citation: 'COINr Impute(f_i = "none")',
  options: { type: "object", properties: {}, additionalProperties: false },
  properties: { deterministic: true },
  missing: "Every missing value stays missing; later steps see it as missing.",
  impute(x, _options, ctx) {
    // Units absent from the period are not part of it: their values are not counted as left missing.
    const present = ctx.present;
    let missing = 0;
    for (let i = 0; i < x.length; i++)
      if (Number.isNaN(x[i]!) && (present === undefined || present[i] === 1)) missing++;
    if (missing > 0) {
      ctx.audit({
        action: "not-imputed",
        node: ctx.indicator.id,
        period: ctx.period,
        details: { missing },
        message: `left ${missing} missing value(s) of ${ctx.indicator.id} in ${ctx.period} missing (no imputation)`,
      });
    }
    return Float64Array.from(x);
  },
});
