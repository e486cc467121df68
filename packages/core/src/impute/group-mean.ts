import { defineMethod, type ImputeMethod } from "../methods.js";
import { mean as meanOf } from "../stats/mean.js";
import { fillByGroup } from "./by-group.js";

/** Options of {@link imputeGroupMean}. */
export type ImputeGroupMeanOptions = {
  /** The unit metadata column that defines the groups, such as `tier` or `EurAsia_group`. */
  group: string;
};

/**
 * Group-mean imputation: fills each missing value with the mean of the observed values of the units in the
 * same group (a unit metadata column), in the same period. Observed values are never changed.
 *
 * Reference: COINr `i_mean_grp(x, f)`, as `Impute(coin, f_i = "i_mean_grp", use_group = ...)`.
 * Complexity O(n). A unit without a group value, or whose group has no observed value, stays missing (reported
 * as a warning). A group column that no unit has is an error.
 *
 * @example
 * // groups a, a, b, b: 1, NaN, 5, NaN → 1, 1, 5, 5
 */
export const imputeGroupMean: ImputeMethod<ImputeGroupMeanOptions> = defineMethod({
  stage: "impute",
  id: "group-mean",
  label: "Group-mean imputation",
  description: "Fills missing values with the mean of the unit's group (a unit metadata column)",
  formula: "x̂ᵢ = mean{ xⱼ : xⱼ observed, group(j) = group(i) }",
  citation: "COINr i_mean_grp()",
  options: {
    type: "object",
    properties: {
      group: { type: "string", minLength: 1, description: "Unit metadata column of the groups" },
    },
    required: ["group"],
    additionalProperties: false,
  },
  properties: { deterministic: true, usesWholeSample: true },
  missing: "Fills every missing value whose group has observed values; observed values are never changed.",
  impute(x, options, ctx) {
    return fillByGroup(x, ctx, options.group, meanOf, "mean");
  },
});
