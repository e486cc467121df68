import { show } from "../issues.js";
import type { WeightContext } from "../methods.js";

/** The complete cases of a node's children, as a weighting method that estimates from data sees them. */
export interface ChildData {
  /** Values, `rows.length` × k row-major: `x[r * k + j]` is child j in row r. */
  x: Float64Array;
  /** Number of rows (complete cases). */
  n: number;
  /** Number of children. */
  k: number;
  /** Unit labels of the rows kept (`unit` or `unit/period` when periods are pooled). */
  rows: string[];
  /** Unit labels of the rows dropped for a missing value. */
  dropped: string[];
}

/** The `periods` option shared by data-driven weighting methods. */
export const periodsSchema = {
  type: "string",
  enum: ["last", "all"],
  default: "last",
  description:
    "Which periods' data to estimate from: the last period, or every period pooled (each unit-period a row)",
} as const;

/**
 * The children's values in the last period (or every period, pooled), keeping only rows where every child
 * has a value. Reports an error and returns `undefined` when a child has no data in the step's dataset (an
 * aggregate not yet computed) or fewer than `minRows` complete rows remain; reports a warning naming the units
 * dropped for a missing value.
 */
export function childData(
  ctx: WeightContext,
  method: string,
  periods: "last" | "all",
  minRows: number,
): ChildData | undefined {
  const k = ctx.children.length;
  for (const c of ctx.children) {
    if (!ctx.data.has(c.id)) {
      ctx.report({
        severity: "error",
        code: "missing-child-data",
        message: `weight method ${show(method)} needs the values of ${show(c.id)} (a child of ${show(ctx.node.id)}), but the step's dataset has none; put the weight step after an aggregate step that computes ${show(c.id)}, or limit it with a scope to nodes whose children have values`,
      });
      return undefined;
    }
  }
  const columns = ctx.children.map((c) => ctx.data.column(c.id));
  const nU = ctx.data.units.length;
  const first = periods === "all" ? 0 : ctx.periodIndex;
  const pooled = periods === "all" && ctx.data.periods.length > 1;
  const values: number[] = [];
  const rows: string[] = [];
  const dropped: string[] = [];
  for (let p = first; p <= ctx.periodIndex; p++) {
    for (let u = 0; u < nU; u++) {
      const label = pooled ? `${ctx.data.units[u]}/${ctx.data.periods[p]}` : ctx.data.units[u]!;
      let complete = true;
      for (let j = 0; j < k; j++) if (Number.isNaN(columns[j]![p * nU + u]!)) complete = false;
      if (!complete) {
        dropped.push(label);
        continue;
      }
      for (let j = 0; j < k; j++) values.push(columns[j]![p * nU + u]!);
      rows.push(label);
    }
  }
  if (dropped.length > 0) {
    const listed = dropped.slice(0, 10).map(show).join(", ");
    ctx.report({
      severity: "warning",
      code: "incomplete-units",
      message: `weight method ${show(method)} uses complete cases only: dropped ${dropped.length} unit(s) with a missing child of ${show(ctx.node.id)}: ${listed}${dropped.length > 10 ? ", ..." : ""}; impute first to keep them`,
    });
  }
  if (rows.length < minRows) {
    ctx.report({
      severity: "error",
      code: "too-few-units",
      message: `weight method ${show(method)} needs at least ${minRows} units with a value for every child of ${show(ctx.node.id)}, but has ${rows.length}`,
    });
    return undefined;
  }
  return { x: Float64Array.from(values), n: rows.length, k, rows, dropped };
}
