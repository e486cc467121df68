import { show } from "../issues.js";
import { defineMethod, type ImputeMethod } from "../methods.js";
import { fillMissing } from "./fill-missing.js";

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
 * as a warning).
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
    const groups = ctx.unitMeta(options.group);
    const sum = new Map<string, number>();
    const count = new Map<string, number>();
    for (let i = 0; i < x.length; i++) {
      const g = groups[i];
      if (g === null || g === undefined || Number.isNaN(x[i]!)) continue;
      const key = String(g);
      sum.set(key, (sum.get(key) ?? 0) + x[i]!);
      count.set(key, (count.get(key) ?? 0) + 1);
    }
    const noGroup: string[] = [];
    const emptyGroup = new Set<string>();
    const groupOf = (i: number): string | undefined => {
      const g = groups[i];
      if (g === null || g === undefined) {
        noGroup.push(ctx.units[i]!);
        return undefined;
      }
      const key = String(g);
      if (!count.get(key)) emptyGroup.add(key);
      return key;
    };
    const out = fillMissing(
      x,
      ctx,
      (i) => {
        const key = groupOf(i);
        return key === undefined || !count.get(key) ? Number.NaN : sum.get(key)! / count.get(key)!;
      },
      (i, v) => {
        const key = String(groups[i]);
        const n = count.get(key)!;
        return { how: `the mean ${v} of group ${key} (${n} units)`, details: { group: key, observed: n } };
      },
    );
    if (noGroup.length > 0) {
      ctx.report({
        severity: "warning",
        code: "not-imputed",
        message: `${noGroup.length} missing value(s) of ${show(ctx.indicator.id)} in ${show(ctx.period)} stay missing because the unit has no ${show(options.group)}: ${noGroup.map((u) => show(u)).join(", ")}`,
      });
    }
    for (const g of emptyGroup) {
      ctx.report({
        severity: "warning",
        code: "not-imputed",
        message: `missing values of ${show(ctx.indicator.id)} in ${show(ctx.period)} stay missing because no unit of group ${show(g)} has a value`,
      });
    }
    return out;
  },
});
