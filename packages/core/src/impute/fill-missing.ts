import type { IndicatorContext } from "../methods.js";
import { Fills } from "./fills.js";

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
 * changed, and the cells of units absent from the period (`ctx.present[i] === 0`, see
 * {@link IndicatorContext.present}) stay missing: `valueFor` is not called for them and nothing is recorded. The
 * copy is written into `ctx.output()` when the context offers it (see {@link IndicatorContext.output}), into a
 * new vector otherwise.
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
  const constantValue = valueFor.length === 0 ? valueFor(-1) : undefined;
  if (constantValue !== undefined && Number.isNaN(constantValue)) return copyOf(x, ctx);
  const shared =
    typeof reason === "function" ? (reason.length === 0 ? reason(-1, Number.NaN) : undefined) : reason;
  // The filled rows (and, unless every cell gets the same value, their values) go into work space reused from
  // one call to the next; the audit entry keeps compact copies. A call made from `valueFor` or `reason` while the
  // space is in use gets its own.
  const shareScratch = !scratchBusy;
  const fills = (shareScratch ? scratch : new Fills()).reset(x.length);
  if (shareScratch) scratchBusy = true;
  try {
    return fillInto(x, ctx, valueFor, reason, constantValue, shared, fills);
  } finally {
    if (shareScratch) scratchBusy = false;
  }
}

/** The body of {@link fillMissing}, listing the filled rows and values in `fills`. */
function fillInto(
  x: Float64Array,
  ctx: IndicatorContext,
  valueFor: (i: number) => number,
  reason: FillReason | ((i: number, value: number) => FillReason),
  constantValue: number | undefined,
  shared: FillReason | undefined,
  fills: Fills,
): Float64Array {
  const rows = fills.at;
  const filled = fills.values;
  const perCell: FillReason[] = [];
  const present = ctx.present;
  let count = 0;
  let out: Float64Array;
  if (constantValue !== undefined && shared !== undefined && present !== undefined) {
    out = ctx.output?.() ?? new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      if (Number.isNaN(v) && present[i] === 1) {
        out[i] = constantValue;
        rows[count++] = i;
      } else out[i] = v;
    }
  } else if (constantValue !== undefined && shared !== undefined) {
    // One value for every cell (mean, median): copy and fill in one pass.
    out = ctx.output?.() ?? new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      if (Number.isNaN(v)) {
        out[i] = constantValue;
        rows[count++] = i;
      } else out[i] = v;
    }
  } else {
    out = copyOf(x, ctx);
    for (let i = 0; i < x.length; i++) {
      if (!Number.isNaN(x[i]!) || (present !== undefined && present[i] === 0)) continue;
      const v = constantValue ?? valueFor(i);
      if (Number.isNaN(v)) continue;
      out[i] = v;
      rows[count] = i;
      filled[count++] = v;
      if (shared === undefined) perCell.push((reason as (i: number, value: number) => FillReason)(i, v));
    }
  }
  if (count === 0) return out;

  let how = shared;
  if (how === undefined) {
    const first = perCell[0]!;
    const same = perCell.every((r) => r.how === first.how && sameDetails(r.details, first.details));
    if (same) how = first;
  }
  const at = rows.slice(0, count);
  const values = constantValue !== undefined ? constantValue : filled.slice(0, count);
  const valueAt = (k: number): number => (typeof values === "number" ? values : values[k]!);
  const unitIds = ctx.units;
  const listed =
    Array.from(at.subarray(0, UNITS_IN_MESSAGE), (r) => unitIds[r]!).join(", ") +
    (count > UNITS_IN_MESSAGE ? ", ..." : "");
  const what = `${count} value(s) of ${ctx.indicator.id} in ${ctx.period}`;
  const details: Record<string, unknown> = { count };
  // The lists of units and values are made when first read (serialising the audit reads them), so that a large
  // imputation keeps two compact vectors instead of an object per cell until then.
  lazyProperty(details, "units", () => Array.from(at, (r) => unitIds[r]!));
  lazyProperty(details, "values", () => Array.from(at, (_, k) => valueAt(k)));
  if (how) {
    details.how = how.how;
    if (how.details) details.reason = how.details;
  } else details.reasons = perCell;
  ctx.audit({
    action: "imputed",
    ...(count === 1 ? { unit: unitIds[at[0]!], before: null, after: valueAt(0) } : {}),
    node: ctx.indicator.id,
    period: ctx.period,
    details,
    message: how
      ? `imputed ${what} with ${how.how}: ${listed}`
      : `imputed ${what} (the reason of each in details.reasons): ${listed}`,
  });
  return out;
}

/** Work space of {@link fillMissing}: the rows it filled and their values; busy while in use. */
const scratch = new Fills();
let scratchBusy = false;

/**
 * Defines `key` on `target` as an enumerable property whose value `make()` computes when first read (and that
 * can be assigned like a plain property). Serialising, copying or comparing the object reads it as usual.
 */
function lazyProperty(target: Record<string, unknown>, key: string, make: () => unknown): void {
  let value: unknown;
  let made = false;
  Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get() {
      if (!made) {
        value = make();
        made = true;
      }
      return value;
    },
    set(next: unknown) {
      value = next;
      made = true;
    },
  });
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

/**
 * Reports the cells that stayed missing after an imputation, as one warning per indicator and period; units absent
 * from the period (see {@link IndicatorContext.present}) are not listed.
 */
export function reportUnfilled(out: Float64Array, ctx: IndicatorContext, why: string): void {
  const left: string[] = [];
  const present = ctx.present;
  for (let i = 0; i < out.length; i++) {
    if (Number.isNaN(out[i]!) && (present === undefined || present[i] === 1)) left.push(ctx.units[i]!);
  }
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
