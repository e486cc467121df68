import { show } from "../issues.js";
import type { IndicatorContext } from "../methods.js";
import { fillMissing } from "./fill-missing.js";

/**
 * Fills each missing value of `x` with `statistic` of the observed values of the units in the same group (the
 * unit metadata column `column`), as COINr's `i_mean_grp` and `i_median_grp` do. Observed values are never
 * changed. Reports an absent column (an error), units without a group and groups without an observed value
 * (warnings). `name` is the statistic's name for the audit trail: `mean`, `median`.
 */
export function fillByGroup(
  x: Float64Array,
  ctx: IndicatorContext,
  column: string,
  statistic: (values: readonly number[]) => number,
  name: string,
): Float64Array {
  // Missing values to fill: those of units present in the period (see IndicatorContext.present).
  const present = ctx.present;
  let missing = 0;
  for (let i = 0; i < x.length; i++)
    if (Number.isNaN(x[i]!) && (present === undefined || present[i] === 1)) missing++;
  if (missing === 0) return Float64Array.from(x);
  const groups = ctx.unitMeta(column);
  if (groups.every((g) => g === null || g === undefined)) {
    ctx.report({
      severity: "error",
      code: "unknown-group-column",
      message: `no unit has the metadata column ${show(column)} that group ${name} imputation of ${show(ctx.indicator.id)} groups by`,
    });
    return Float64Array.from(x);
  }
  const observed = new Map<string, number[]>();
  for (let i = 0; i < x.length; i++) {
    const g = groups[i];
    if (g === null || g === undefined || Number.isNaN(x[i]!)) continue;
    const key = String(g);
    const list = observed.get(key);
    if (list) list.push(x[i]!);
    else observed.set(key, [x[i]!]);
  }
  const value = new Map<string, number>();
  for (const [key, list] of observed) value.set(key, statistic(list));
  const noGroup: string[] = [];
  const emptyGroup = new Set<string>();
  const out = fillMissing(
    x,
    ctx,
    (i) => {
      const g = groups[i];
      if (g === null || g === undefined) {
        noGroup.push(ctx.units[i]!);
        return Number.NaN;
      }
      const key = String(g);
      const v = value.get(key);
      if (v === undefined) emptyGroup.add(key);
      return v ?? Number.NaN;
    },
    (i, v) => {
      const key = String(groups[i]);
      const n = observed.get(key)!.length;
      return { how: `the ${name} ${v} of group ${key} (${n} units)`, details: { group: key, observed: n } };
    },
  );
  if (noGroup.length > 0) {
    ctx.report({
      severity: "warning",
      code: "not-imputed",
      message: `${noGroup.length} missing value(s) of ${show(ctx.indicator.id)} in ${show(ctx.period)} stay missing because the unit has no ${show(column)}: ${noGroup.map((u) => show(u)).join(", ")}`,
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
}
