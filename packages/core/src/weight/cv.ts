import { show } from "../issues.js";
import { defineMethod, type WeightContext, type WeightMethod } from "../methods.js";
import { mean } from "../stats/mean.js";
import { standardDeviation } from "../stats/standard-deviation.js";
import { childrenData, type DataForm, listCells } from "./children-data.js";

/** Options of {@link cvWeights}. */
export type CoefficientOfVariationOptions = {
  /** The dataset to read (default `Raw`): the indicators before any transformation. */
  dataset?: string;
  /** `cross-section`: the last period (default); `panel`: every unit-period pair is one observation. */
  form?: DataForm;
  /** Standard deviation with divisor n − 1 (`sample`, default, as R's `sd`) or n (`population`). */
  sd?: "sample" | "population";
};

/**
 * Coefficients of variation sd_j / mean_j of columns of positive values (missing values skipped) and the
 * weights proportional to them; weights are `NaN` when every coefficient is 0.
 *
 * @example
 * coefficientOfVariation([Float64Array.of(1, 2, 3), Float64Array.of(10, 10, 40)]).weights
 */
export function coefficientOfVariation(
  columns: readonly Float64Array[],
  sd: "sample" | "population" = "sample",
): { cv: Float64Array; weights: Float64Array } {
  const cv = Float64Array.from(columns, (c) => standardDeviation(c, sd) / mean(c));
  const sum = cv.reduce((a, v) => a + v, 0);
  return { cv, weights: cv.map((v) => (sum > 0 ? v / sum : Number.NaN)) };
}

/** Coefficient-of-variation weights of a node's children, or `null` after reporting why not. */
export function coefficientOfVariationFromContext(
  options: CoefficientOfVariationOptions,
  ctx: WeightContext,
): Float64Array | null {
  const name = options.dataset ?? "Raw";
  const form = options.form ?? "cross-section";
  const sdForm = options.sd ?? "sample";
  const notIndicators = ctx.children.filter((c) => !c.isIndicator).map((c) => c.id);
  if (notIndicators.length > 0) {
    ctx.report({
      severity: "error",
      code: "cv-not-indicators",
      message: `cv weights indicators on their raw scale, but the children of ${show(ctx.node.id)} include aggregates ${show(notIndicators)}; use it at the indicator level`,
    });
    return null;
  }
  const source = ctx.dataset(name);
  if (!source) {
    ctx.report({
      severity: "error",
      code: "cv-no-dataset",
      message: `cv reads dataset ${show(name)}, which this run does not have`,
    });
    return null;
  }
  const data = childrenData(ctx, form, "cv", { data: source, name });
  if (!data) return null;
  const ids = ctx.children.map((c) => c.id);
  const bad: { value: number; path: string }[] = [];
  data.columns.forEach((col, j) => {
    col.forEach((v, r) => {
      if (v <= 0) bad.push({ value: v, path: data.cell(r, ids[j]!) });
    });
  });
  if (bad.length > 0) {
    ctx.report({
      severity: "error",
      code: "cv-non-positive",
      message: `cv needs positive values (a ratio scale), but ${bad.length} value(s) in ${show(name)} under ${show(ctx.node.id)} are zero or negative: ${listCells(bad)}`,
    });
    return null;
  }
  if (ctx.children.length === 1) return Float64Array.of(1);
  const r = coefficientOfVariation(data.columns, sdForm);
  const undefinedCv = ids.filter((_, j) => Number.isNaN(r.cv[j]!));
  if (undefinedCv.length > 0 || r.weights.some((v) => Number.isNaN(v))) {
    ctx.report({
      severity: "error",
      code: "cv-undefined",
      message: `cv is undefined or zero for every child of ${show(ctx.node.id)}${undefinedCv.length > 0 ? `; too few values for ${show(undefinedCv)}` : ""}`,
    });
    return null;
  }
  const constant = ids.filter((_, j) => r.cv[j] === 0);
  if (constant.length > 0) {
    ctx.report({
      severity: "warning",
      code: "cv-constant",
      message: `${show(constant)} under ${show(ctx.node.id)} are constant and get cv weight 0`,
    });
  }
  ctx.audit({
    action: "cv",
    node: ctx.node.id,
    details: { dataset: name, form, sd: sdForm, cv: Object.fromEntries(ids.map((id, j) => [id, r.cv[j]])) },
    message: `coefficients of variation of the children of ${ctx.node.id} in ${name}: ${ids.map((id, j) => `${id} ${r.cv[j]!.toPrecision(6)}`).join(", ")}`,
  });
  return r.weights;
}

/**
 * Coefficient-of-variation weights (变异系数法): an indicator whose raw values vary more relative to their mean
 * gets more weight.
 *
 * Formula: V_j = sd_j / mean_j;  w_j = V_j / Σ_k V_k, on the raw data (dataset `Raw` by default), since
 * the coefficient of variation is only meaningful on a ratio scale.
 *
 * Reference: the coefficient-of-variation method (变异系数法) of objective weighting in Chinese evaluation
 * textbooks; the coefficient itself is Pearson's (1896). Complexity O(n·k).
 *
 * Missing values: skipped indicator by indicator. Values must be positive (an error names the zero or negative
 * cells). Only for children that are indicators (an aggregate has no raw values): an error otherwise. Units
 * are matched to the dataset by id, so units screened out of the index are not used.
 *
 * @example
 * // { "step": "weight", "method": "cv", "scope": { "levels": [2] } }
 */
export const cvWeights: WeightMethod<CoefficientOfVariationOptions> = defineMethod({
  stage: "weight",
  id: "cv",
  label: "Coefficient-of-variation weights",
  description: "Weights indicators in proportion to the coefficient of variation of their raw values",
  formula: "V_j = sd_j / mean_j;  w_j = V_j / Σ_k V_k",
  citation:
    "The coefficient-of-variation (变异系数) method of objective weighting; Pearson (1896) for the coefficient",
  missing: "Missing values are skipped indicator by indicator",
  options: {
    type: "object",
    properties: {
      dataset: {
        type: "string",
        default: "Raw",
        description:
          "The dataset whose values are used: Raw (before any step) or a later one on a ratio scale",
      },
      form: {
        enum: ["cross-section", "panel"],
        default: "cross-section",
        description: "Cross-section: the last period; panel: every unit-period pair pooled",
      },
      sd: {
        enum: ["sample", "population"],
        default: "sample",
        description: "Standard deviation with divisor n − 1 (sample) or n (population)",
      },
    },
    additionalProperties: false,
  },
  properties: { deterministic: true, usesWholeSample: true },
  weight(options, ctx) {
    return coefficientOfVariationFromContext(options, ctx) ?? Float64Array.from(ctx.current);
  },
});
