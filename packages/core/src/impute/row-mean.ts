import { show } from "../issues.js";
import { defineMethod, type ImputeMethod } from "../methods.js";
import type { NodeModel } from "../model/framework.js";
import { mean } from "../stats/mean.js";
import { median } from "../stats/median.js";
import { fillMissing } from "./fill-missing.js";

/** Options of {@link imputeRowMean}. */
export type ImputeRowMeanOptions = {
  /** The unit's statistic over its other indicators: `mean` (COINr `i_mean`) or `median` (`i_median`). */
  statistic?: "mean" | "median";
  /**
   * The framework level of the node whose indicators form the row (COINr's `group_level`): `2` for the
   * indicators of the same pillar in a four-level framework. The node is the indicator's nearest ancestor at or
   * above this level. Default: the indicator's parent.
   */
  level?: number;
  /**
   * Min-max each indicator of the row onto [0, 1] (after applying its direction) before taking the statistic,
   * and map the result back onto the indicator's own scale. Default `true`, as COINr for row-wise imputation.
   */
  normaliseFirst?: boolean;
};

/**
 * Row-wise imputation: fills a unit's missing indicator with the mean (or median) of the same unit's other
 * indicators under the same framework node, in the same period. By default each indicator of the row is first
 * min-max normalised over the units (after applying its direction), and the statistic is mapped back onto the
 * scale of the indicator being filled. Observed values are never changed.
 *
 * Formula: with dⱼ the direction of indicator j, zᵤⱼ = (dⱼxᵤⱼ − minᵥ dⱼxᵥⱼ) / (maxᵥ dⱼxᵥⱼ − minᵥ dⱼxᵥⱼ), and for
 * the indicator k being filled, x̂ᵤₖ = dₖ · (minᵥ dₖxᵥₖ + s · (maxᵥ dₖxᵥₖ − minᵥ dₖxᵥₖ)) with s = mean (or median)
 * of { zᵤⱼ : j ≠ k under the node, zᵤⱼ observed }. Without normalisation, x̂ᵤₖ = mean (or median) of { xᵤⱼ }.
 * Reference: COINr `Impute(coin, f_i = "i_mean", impute_by = "row", group_level = ..., normalise_first = TRUE)`
 * (its `Impute.data.frame`, which normalises with `directions` and reverses the normalisation afterwards).
 * Complexity O(n·m) for n units and m indicators under the node.
 *
 * Missing values: an indicator with no value in the period, a unit with no other indicator observed, and a node
 * with no other indicator leave the value missing (warnings). An indicator of the row whose values are all equal
 * cannot be normalised and is left out of the statistic, as in COINr (where it becomes `NaN`); when the
 * indicator being filled has equal values, the filled value is that value.
 *
 * @example
 * // indicators a, b, c under one pillar, a and c observed over units u1..u3 as a: 0, 5, 10 and
 * // c: 2, 4, 6; b: 1, NaN, 3. u2's b = 1 + 0.5 · (3 − 1) = 2, from the mean 0.5 of a's 0.5 and c's 0.5
 */
export const imputeRowMean: ImputeMethod<ImputeRowMeanOptions> = defineMethod({
  stage: "impute",
  id: "row-mean",
  label: "Row-wise imputation within a framework node",
  description:
    "Fills a unit's missing indicator with the mean or median of its other indicators under the same node, normalised first",
  formula: "x̂ᵤₖ = dₖ · (min dₖxₖ + s · (max dₖxₖ − min dₖxₖ)), s = mean{ zᵤⱼ : j ≠ k }",
  citation: 'COINr Impute(impute_by = "row", group_level, normalise_first = TRUE)',
  options: {
    type: "object",
    properties: {
      statistic: {
        type: "string",
        enum: ["mean", "median"],
        default: "mean",
        description: "Statistic of the unit's other indicators: mean (COINr i_mean) or median (i_median)",
      },
      level: {
        type: "integer",
        minimum: 2,
        description:
          "Framework level of the node whose indicators form the row (COINr group_level); the indicator's parent when absent",
      },
      normaliseFirst: {
        type: "boolean",
        default: true,
        description:
          "Min-max each indicator onto [0, 1] (direction applied) before the statistic and map the result back (COINr normalise_first)",
      },
    },
    additionalProperties: false,
  },
  properties: { deterministic: true, usesWholeSample: true },
  missing:
    "Fills a unit's missing value when it has another indicator observed under the node; indicators whose values are all equal are left out of the statistic.",
  impute(x, options, ctx) {
    if (!x.some(Number.isNaN)) return Float64Array.from(x);
    const statistic = options.statistic ?? "mean";
    const normaliseFirst = options.normaliseFirst ?? true;
    const id = ctx.indicator.id;
    const fw = ctx.framework;
    const self = fw.nodes.get(id);
    const parent = self?.parent ? fw.nodes.get(self.parent) : undefined;
    if (!self || !parent) {
      ctx.report({
        severity: "warning",
        code: "not-imputed",
        message: `${show(id)} is not under a framework node, so row-wise imputation has no other indicators to use; its missing values stay missing`,
      });
      return Float64Array.from(x);
    }
    let node: NodeModel = parent;
    if (options.level !== undefined) {
      if (options.level > fw.maxLevel) {
        ctx.report({
          severity: "error",
          code: "bad-level",
          message: `row-wise imputation level ${show(options.level)} is above the top level ${show(fw.maxLevel)} of the framework`,
        });
        return Float64Array.from(x);
      }
      while (node.level < options.level && node.parent !== null) node = fw.nodes.get(node.parent)!;
    }
    const others = fw.leavesOf(node.id).filter((j) => j !== id);
    if (others.length === 0) {
      ctx.report({
        severity: "warning",
        code: "not-imputed",
        message: `${show(node.id)} has no indicator besides ${show(id)}, so row-wise imputation cannot fill its missing values in ${show(ctx.period)}`,
      });
      return Float64Array.from(x);
    }
    const rows: Float64Array[] = [];
    for (const j of others) {
      let col: Float64Array;
      try {
        col = ctx.column(j);
      } catch (error) {
        ctx.report({
          severity: "error",
          code: "missing-column",
          message: `row-wise imputation of ${show(id)} needs ${show(j)}, which is not in the data: ${(error as Error).message}`,
        });
        return Float64Array.from(x);
      }
      rows.push(normaliseFirst ? minMaxUnit(col, fw.indicators.get(j)?.direction ?? 1).z : col);
    }
    const direction = ctx.indicator.direction;
    const own = minMaxUnit(x, direction);
    if (normaliseFirst && Number.isNaN(own.min)) {
      ctx.report({
        severity: "warning",
        code: "not-imputed",
        message: `${show(id)} has no value in ${show(ctx.period)}, so row-wise imputation cannot map a normalised value back onto its scale`,
      });
      return Float64Array.from(x);
    }
    const stat = statistic === "mean" ? mean : median;
    const values: number[] = [];
    const out = fillMissing(
      x,
      ctx,
      (u) => {
        values.length = 0;
        for (const r of rows) if (!Number.isNaN(r[u]!)) values.push(r[u]!);
        const s = stat(values);
        if (Number.isNaN(s) || !normaliseFirst) return s;
        // as COINr: (s · (max − min) + min) · direction, on the direction-applied scale
        return (s * (own.max - own.min) + own.min) * direction;
      },
      {
        how: normaliseFirst
          ? `the unit's ${statistic} of the other indicators under ${node.id}, each min-max normalised, mapped back onto the scale of ${id}`
          : `the unit's ${statistic} of the other indicators under ${node.id}`,
        details: {
          node: node.id,
          indicators: others,
          statistic,
          normaliseFirst,
          // the indicator's observed range on its own scale
          ...(normaliseFirst
            ? { min: direction === 1 ? own.min : -own.max, max: direction === 1 ? own.max : -own.min }
            : {}),
        },
      },
    );
    const left: string[] = [];
    const present = ctx.present;
    for (let u = 0; u < out.length; u++) {
      if (Number.isNaN(out[u]!) && (present === undefined || present[u] === 1)) left.push(ctx.units[u]!);
    }
    if (left.length > 0) {
      ctx.report({
        severity: "warning",
        code: "not-imputed",
        message: `${left.length} value(s) of ${show(id)} in ${show(ctx.period)} stay missing because the unit has no value of another indicator under ${show(node.id)}: ${left
          .slice(0, 10)
          .map((u) => show(u))
          .join(", ")}${left.length > 10 ? ", ..." : ""}`,
      });
    }
    return out;
  },
});

/**
 * Min-max onto [0, 1] after multiplying by `direction`, as COINr's `Impute.data.frame` with `normalise_first`:
 * z = (d·x − min d·x) / (max d·x − min d·x). All `NaN` when the values are all equal or all missing.
 */
function minMaxUnit(x: Float64Array, direction: 1 | -1): { z: Float64Array; min: number; max: number } {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]! * direction;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min === Number.POSITIVE_INFINITY)
    return { z: new Float64Array(x.length).fill(Number.NaN), min: Number.NaN, max: Number.NaN };
  const z = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) z[i] = (x[i]! * direction - min) / (max - min);
  return { z, min, max };
}
