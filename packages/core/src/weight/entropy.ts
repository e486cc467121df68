import { show } from "../issues.js";
import { defineMethod, type WeightContext, type WeightMethod } from "../methods.js";
import { childrenData, type DataForm, listCells } from "./children-data.js";

/** Options of {@link entropyWeights}. */
export type EntropyOptions = {
  /** `cross-section`: the last period (default); `panel`: every unit-period pair is one observation. */
  form?: DataForm;
  /** `zero`: 0·ln 0 = 0 (default); `shift`: add `shift` to every value first. */
  zeros?: "zero" | "shift";
  /** δ added to every value when `zeros` is `shift` (default 0.0001). */
  shift?: number;
};

/** Entropy, divergence and weight of each column, from {@link entropy}. */
export interface EntropyResult {
  /** e_j, in [0, 1]. */
  entropy: Float64Array;
  /** d_j = 1 − e_j. */
  divergence: Float64Array;
  /** w_j = d_j / Σ d; all `NaN` when every d_j is 0. */
  weights: Float64Array;
  /** Observations used per column (missing values skipped). */
  n: Int32Array;
}

/**
 * The entropy weight method on columns of non-negative values (negative values are not checked here).
 * Missing values are skipped column by column: column j uses its n_j observed values and k = 1/ln n_j. With
 * fewer than two values, or a column summing to zero, e_j = 1 (no information).
 *
 * @example
 * entropy([Float64Array.of(1, 2, 3), Float64Array.of(1, 1, 1)]).divergence // [0.0794..., 0]
 */
export function entropy(
  columns: readonly Float64Array[],
  zeros: "zero" | "shift" = "zero",
  shift = 0.0001,
): EntropyResult {
  const m = columns.length;
  const e = new Float64Array(m);
  const d = new Float64Array(m);
  const n = new Int32Array(m);
  const delta = zeros === "shift" ? shift : 0;
  columns.forEach((col, j) => {
    let total = 0;
    let count = 0;
    for (const v of col) {
      if (Number.isNaN(v)) continue;
      total += v + delta;
      count++;
    }
    n[j] = count;
    if (count < 2 || !(total > 0)) {
      e[j] = 1;
      return;
    }
    let s = 0;
    for (const v of col) {
      if (Number.isNaN(v)) continue;
      const p = (v + delta) / total;
      if (p > 0) s += p * Math.log(p);
    }
    e[j] = Math.min(1, Math.max(0, -s / Math.log(count)));
    d[j] = 1 - e[j]!;
  });
  const sum = d.reduce((acc, v) => acc + v, 0);
  const weights = d.map((v) => (sum > 0 ? v / sum : Number.NaN));
  return { entropy: e, divergence: d, weights, n };
}

/** Entropy weights of a node's children from the step's data, or `null` after reporting why not. */
export function entropyFromContext(options: EntropyOptions, ctx: WeightContext): Float64Array | null {
  const form = options.form ?? "cross-section";
  const zeros = options.zeros ?? "zero";
  const shift = options.shift ?? 0.0001;
  const data = childrenData(ctx, form, "entropy");
  if (!data) return null;
  if (ctx.children.length === 1) return Float64Array.of(1);
  const ids = ctx.children.map((c) => c.id);
  const negative: { value: number; path: string }[] = [];
  data.columns.forEach((col, j) => {
    col.forEach((v, r) => {
      if (v < 0) negative.push({ value: v, path: data.cell(r, ids[j]!) });
    });
  });
  if (negative.length > 0) {
    ctx.report({
      severity: "error",
      code: "entropy-negative",
      message: `entropy needs non-negative values, but ${negative.length} value(s) of the children of ${show(ctx.node.id)} are negative: ${listCells(negative)}; normalise first (for example min-max)`,
    });
    return null;
  }
  const r = entropy(data.columns, zeros, shift);
  const flat = ids.filter((_, j) => r.divergence[j] === 0);
  const skipped = ids
    .map((id, j) => ({ id, skipped: data.columns[j]!.length - r.n[j]! }))
    .filter((x) => x.skipped > 0);
  if (skipped.length > 0) {
    ctx.report({
      severity: "info",
      code: "entropy-missing",
      message: `entropy skipped missing values of ${skipped.map((x) => `${show(x.id)} (${x.skipped})`).join(", ")} under ${show(ctx.node.id)}`,
    });
  }
  if (flat.length === ids.length) {
    ctx.report({
      severity: "error",
      code: "entropy-no-information",
      message: `every child of ${show(ctx.node.id)} has entropy 1 (all values equal, all zero or fewer than two values): ${show(ids)}, so entropy weights are undefined`,
    });
    return null;
  }
  if (flat.length > 0) {
    ctx.report({
      severity: "warning",
      code: "entropy-no-information",
      message: `${show(flat)} under ${show(ctx.node.id)} carry no information (all values equal, all zero or fewer than two values) and get entropy weight 0`,
    });
  }
  ctx.audit({
    action: "entropy",
    node: ctx.node.id,
    details: {
      form,
      zeros,
      ...(zeros === "shift" ? { shift } : {}),
      entropy: Object.fromEntries(ids.map((id, j) => [id, r.entropy[j]])),
      divergence: Object.fromEntries(ids.map((id, j) => [id, r.divergence[j]])),
      observations: Object.fromEntries(ids.map((id, j) => [id, r.n[j]])),
    },
    message: `entropy of the children of ${ctx.node.id} (${form}): ${ids.map((id, j) => `${id} e = ${r.entropy[j]!.toPrecision(6)}`).join(", ")}`,
  });
  return r.weights;
}

/**
 * Entropy weight method (熵值法 / 熵权法): an indicator whose values are spread unevenly across units carries
 * more information and gets more weight.
 *
 * Formula: p_ij = x_ij / Σ_i x_ij;  e_j = −(1/ln n) Σ_i p_ij ln p_ij (with 0·ln 0 = 0);  d_j = 1 − e_j;
 * w_j = d_j / Σ_k d_k.
 *
 * Reference: Zeleny, M. (1982) Multiple Criteria Decision Making, McGraw-Hill (entropy as the contrast
 * intensity of a criterion); Hwang, C.-L. & Yoon, K. (1981) Multiple Attribute Decision Making: Methods and
 * Applications, Springer (the entropy method of attribute weighting). The `panel` form pools every
 * unit-period pair into one sample (n = units × periods, k = 1/ln n), as the time-augmented entropy method
 * of Chinese regional studies does for panel data.
 *
 * Complexity O(n·k) for n observations and k children.
 *
 * Missing values: skipped indicator by indicator (indicator j uses its n_j observed values and 1/ln n_j),
 * with an info issue naming how many. Values must be non-negative (normalise first; min-max is usual); a
 * negative value is an error naming the cells. Zeros: `zero` takes 0·ln 0 = 0; `shift` adds δ to every value
 * (the translation used in Chinese studies). An indicator whose values are all equal (or all zero) has
 * e = 1 and weight 0, reported as a warning; if every child is like that, an error.
 *
 * @example
 * // columns (1, 2, 3) and (1, 1, 1): the second has e = 1, so the weights are 1 and 0
 * // { "step": "weight", "method": "entropy", "scope": { "levels": [2] }, "options": { "zeros": "shift", "shift": 0.01 } }
 */
export const entropyWeights: WeightMethod<EntropyOptions> = defineMethod({
  stage: "weight",
  id: "entropy",
  label: "Entropy weights",
  description: "Weights children by the information (1 − normalised Shannon entropy) of their values",
  formula: "p_ij = x_ij / Σ_i x_ij;  e_j = −(1/ln n) Σ_i p_ij ln p_ij;  w_j = (1 − e_j) / Σ_k (1 − e_k)",
  citation:
    "Zeleny (1982) Multiple Criteria Decision Making; Hwang & Yoon (1981) Multiple Attribute Decision Making: Methods and Applications",
  missing: "Missing values are skipped indicator by indicator (n_j observed values, k = 1/ln n_j)",
  options: {
    type: "object",
    properties: {
      form: {
        enum: ["cross-section", "panel"],
        default: "cross-section",
        description:
          "Cross-section: the last period; panel: every unit-period pair pooled (n = units × periods)",
      },
      zeros: {
        enum: ["zero", "shift"],
        default: "zero",
        description: "How zeros are handled: 0·ln 0 = 0, or shift every value by δ first",
      },
      shift: {
        type: "number",
        exclusiveMinimum: 0,
        default: 0.0001,
        description: "δ added to every value when zeros is shift",
      },
    },
    additionalProperties: false,
  },
  properties: { deterministic: true, usesWholeSample: true },
  weight(options, ctx) {
    return entropyFromContext(options, ctx) ?? Float64Array.from(ctx.current);
  },
});
