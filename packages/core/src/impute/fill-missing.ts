import type { IndicatorContext } from "../methods.js";

/** How a filled value was found, for the audit trail: `how` completes "imputed ... with ...". */
export interface FillReason {
  /** Such as "the mean 4.2" or "the mean 3 of group Asia (12 units)". */
  how: string;
  /** Parameters worth keeping, such as the group and its size. */
  details?: Record<string, unknown>;
}

/**
 * Copies `x` and fills each missing cell with `valueFor(i)` (when that is not `NaN`), recording every filled
 * cell in the audit trail with `reason(i, value)`. Observed values are never changed.
 */
export function fillMissing(
  x: Float64Array,
  ctx: IndicatorContext,
  valueFor: (i: number) => number,
  reason: (i: number, value: number) => FillReason,
): Float64Array {
  const out = Float64Array.from(x);
  for (let i = 0; i < x.length; i++) {
    if (!Number.isNaN(x[i]!)) continue;
    const v = valueFor(i);
    if (Number.isNaN(v)) continue;
    out[i] = v;
    const { how, details } = reason(i, v);
    ctx.audit({
      action: "imputed",
      unit: ctx.units[i],
      node: ctx.indicator.id,
      period: ctx.period,
      before: null,
      after: v,
      ...(details ? { details } : {}),
      message: `imputed ${ctx.indicator.id} of ${ctx.units[i]} in ${ctx.period} with ${how}`,
    });
  }
  return out;
}

/** Reports the cells that stayed missing after an imputation, as one warning per indicator and period. */
export function reportUnfilled(out: Float64Array, ctx: IndicatorContext, why: string): void {
  const left: string[] = [];
  for (let i = 0; i < out.length; i++) if (Number.isNaN(out[i]!)) left.push(ctx.units[i]!);
  if (left.length === 0) return;
  ctx.report({
    severity: "warning",
    code: "not-imputed",
    message: `${left.length} value(s) of \`${ctx.indicator.id}\` in \`${ctx.period}\` stay missing (${why}): ${left
      .slice(0, 10)
      .map((u) => "`" + u + "`")
      .join(", ")}${left.length > 10 ? ", ..." : ""}`,
  });
}
