import { defineMethod, type ImputeMethod } from "../methods.js";
import { median } from "../stats/median.js";
import { fillByGroup } from "./by-group.js";

/** Options of {@link imputeGroupMedian}. */
export type ImputeGroupMedianOptions = {
  /** The unit metadata column that defines the groups, such as `tier` or `EurAsia_group`. */
  group: string;
};

/**
 * Group-median imputation: fills each missing value with the median of the observed values of the units in
 * the same group (a unit metadata column), in the same period. Observed values are never changed.
 *
 * Formula: x̂ᵢ = median{ xⱼ : xⱼ observed, group(j) = group(i) }, the mean of the two middle values when their
 * count is even (R's `median`).
 * Reference: COINr `i_median_grp(x, f)`, as `Impute(coin, f_i = "i_median_grp", use_group = ...)`.
 * Complexity O(n log n). A unit without a group value keeps its missing value, as with COINr's
 * `skip_f_na = TRUE`; so does a unit whose group has no observed value (both reported as warnings). A group
 * column that no unit has is an error.
 *
 * @example
 * // groups a, a, a, b, b: 1, 2, NaN, 5, NaN → 1, 2, 1.5, 5, 5
 */
export const imputeGroupMedian: ImputeMethod<ImputeGroupMedianOptions> = defineMethod({
  stage: "impute",
  id: "group-median",
  label: "Group-median imputation",
  description: "Fills missing values with the median of the unit's group (a unit metadata column)",
  formula: "x̂ᵢ = median{ xⱼ : xⱼ observed, group(j) = group(i) }",
  citation: "COINr i_median_grp()",
  options: {
    type: "object",
    properties: {
      group: { type: "string", minLength: 1, description: "Unit metadata column of the groups" },
    },
    required: ["group"],
    additionalProperties: false,
  },
  properties: { deterministic: true, usesWholeSample: true },
  missing:
    "Fills every missing value whose group has observed values; units without a group stay missing; observed values are never changed.",
  impute(x, options, ctx) {
    return fillByGroup(x, ctx, options.group, median, "median");
  },
});
