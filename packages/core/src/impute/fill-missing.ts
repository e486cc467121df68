import type { IndicatorContext } from "../methods.js";

/** How a filled value was found, for the audit trail: `how` completes "imputed ... with ...". */
export interface FillReason {
  /** Such as "the mean 4.2" or "the mean 3 of group Asia (12 units)". */
  how: string;
  /** Parameters worth keeping, such as the group and its size. */
  details?: Record<string, unknown>;
}

/** Units listed by name in an imputation's audit message; `details.units` lists all of them. */
const UNITS_IN_MESSAGE = 10;

/**
 * Copies `x` and fills each missing cell with `valueFor(i)` (when that is not `NaN`). Observed values are never
 * changed. The copy is written into `ctx.output()` when the context offers it (see
 * {@link IndicatorContext.output}), into a new vector otherwise.
 *
 * The audit trail gets one entry per call (one indicator in one period) that fills anything, action `imputed`,
 * so that every filled cell stays traceable without one object per cell:
 * - `details.count`: the number of cells filled; `details.units`: their unit ids, in row order;
 *   `details.values`: the value each got, in the same order;
 * - when every cell has the same reason: `details.how` and, if it has some, its details in `details.reason`;
 *   otherwise `details.reasons`, the reason of each cell in the same order;
 * - when exactly one cell is filled, also `unit`, `before` (`null`) and `after`, as for a one-cell change.
 *
 * `reason` is a {@link FillReason} shared by every cell, or a function called for each filled cell right after
 * `valueFor` for that cell. A function or a `valueFor` that takes no parameter is called once and its answer
 * used for every cell, as when mean imputation passes `() => m` and a reason that names the mean: the value and
 * the reason do not depend on the cell.
 *
 * @example
 * // mean imputation
 * const out = fillMissing(x, ctx, () => m, { how: `the mean ${m}` });
 */
export function fillMissing(
  x: Float64Array,
  ctx: IndicatorContext,
  valueFor: (i: number) => number,
  reason: FillReason | ((i: number, value: number) => FillReason),
): Float64Array {
  const units: string[] = [];
  const values: number[] = [];
  const constantValue = valueFor.length === 0 ? valueFor(-1) : undefined;
  if (constantValue !== undefined && Number.isNaN(constantValue)) return copyOf(x, ctx);
  const shared =
    typeof reason === "function" ? (reason.length === 0 ? reason(-1, Number.NaN) : undefined) : reason;
  const perCell: FillReason[] = [];
  let out: Float64Array;
  if (constantValue !== undefined && shared !== undefined) {
    // One value for every cell (mean, median): copy and fill in one pass.
    out = ctx.output?.() ?? new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      if (Number.isNaN(v)) {
        out[i] = constantValue;
        units.push(ctx.units[i]!);
        values.push(constantValue);
      } else out[i] = v;
    }
  } else {
    out = copyOf(x, ctx);
    for (let i = 0; i < x.length; i++) {
      if (!Number.isNaN(x[i]!)) continue;
      const v = constantValue ?? valueFor(i);
      if (Number.isNaN(v)) continue;
      out[i] = v;
      units.push(ctx.units[i]!);
      values.push(v);
      if (shared === undefined) perCell.push((reason as (i: number, value: number) => FillReason)(i, v));
    }
  }
  const count = units.length;
  if (count === 0) return out;

  let how = shared;
  if (how === undefined) {
    const first = perCell[0]!;
    const same = perCell.every((r) => r.how === first.how && sameDetails(r.details, first.details));
    if (same) how = first;
  }
  const listed = units.slice(0, UNITS_IN_MESSAGE).join(", ") + (count > UNITS_IN_MESSAGE ? ", ..." : "");
  const what = `${count} value(s) of ${ctx.indicator.id} in ${ctx.period}`;
  ctx.audit({
    action: "imputed",
    ...(count === 1 ? { unit: units[0], before: null, after: values[0] } : {}),
    node: ctx.indicator.id,
    period: ctx.period,
    details: {
      count,
      units,
      values,
      ...(how ? { how: how.how, ...(how.details ? { reason: how.details } : {}) } : { reasons: perCell }),
    },
    message: how
      ? `imputed ${what} with ${how.how}: ${listed}`
      : `imputed ${what} (the reason of each in details.reasons): ${listed}`,
  });
  return out;
}

/** A copy of `x`, in the runner's output vector when it offers one. */
function copyOf(x: Float64Array, ctx: IndicatorContext): Float64Array {
  const out = ctx.output?.();
  if (!out) return x.slice();
  out.set(x);
  return out;
}

/** True when two reasons' details have the same keys and the same primitive values. */
function sameDetails(a?: Record<string, unknown>, b?: Record<string, unknown>): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => Object.is(a[k], b[k]));
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
