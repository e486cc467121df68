import { show } from "../issues.js";
import { defineMethod, type WeightContext, type WeightMethod } from "../methods.js";
import { pearsonCorrelation } from "../stats/correlation.js";
import { standardDeviation } from "../stats/standard-deviation.js";
import { childrenData, type DataForm } from "./children-data.js";

/** Options of {@link criticWeights}. */
export type CriticOptions = {
  /** `cross-section`: the last period (default); `panel`: every unit-period pair is one observation. */
  form?: DataForm;
  /** Standard deviation with divisor n − 1 (`sample`, default, as R's `sd`) or n (`population`). */
  sd?: "sample" | "population";
};

/** Contrast, conflict and weight of each column, from {@link critic}. */
export interface CriticResult {
  /** σ_j over the complete cases. */
  sd: Float64Array;
  /** Pearson correlations over the complete cases, row-major k × k (`NaN` where a column is constant). */
  correlation: Float64Array;
  /** C_j = σ_j Σ_k (1 − r_jk). */
  information: Float64Array;
  /** w_j = C_j / Σ C; all `NaN` when every C_j is 0. */
  weights: Float64Array;
  /** Number of complete cases used. */
  n: number;
}

/**
 * CRITIC on columns of values: keeps the rows where every column is present (complete cases), then
 * C_j = σ_j Σ_k (1 − r_jk) and w_j = C_j / Σ C. A constant column has σ = 0 and C = 0; its correlations are
 * undefined, so it is left out of the other columns' sums.
 *
 * @example
 * critic([Float64Array.of(1, 2, 3, 4), Float64Array.of(2, 1, 4, 3), Float64Array.of(1, 3, 2, 5)]).weights
 */
export function critic(
  columns: readonly Float64Array[],
  sd: "sample" | "population" = "sample",
): CriticResult {
  const k = columns.length;
  const rows = columns[0]?.length ?? 0;
  const keep: number[] = [];
  for (let r = 0; r < rows; r++) if (columns.every((c) => !Number.isNaN(c[r]!))) keep.push(r);
  const cc = columns.map((c) => Float64Array.from(keep, (r) => c[r]!));
  const s = Float64Array.from(cc, (c) => standardDeviation(c, sd));
  const corr = new Float64Array(k * k).fill(Number.NaN);
  for (let i = 0; i < k; i++) {
    for (let j = i; j < k; j++) {
      const r = i === j ? (s[i]! > 0 ? 1 : Number.NaN) : pearsonCorrelation(cc[i]!, cc[j]!);
      corr[i * k + j] = r;
      corr[j * k + i] = r;
    }
  }
  const information = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    if (!(s[j]! > 0)) continue;
    let conflict = 0;
    for (let l = 0; l < k; l++) {
      const r = corr[j * k + l]!;
      if (!Number.isNaN(r)) conflict += 1 - r;
    }
    information[j] = s[j]! * conflict;
  }
  const sum = information.reduce((a, v) => a + v, 0);
  const weights = information.map((v) => (sum > 0 ? v / sum : Number.NaN));
  return { sd: s, correlation: corr, information, weights, n: keep.length };
}

/** CRITIC weights of a node's children from the step's data, or `null` after reporting why not. */
export function criticFromContext(options: CriticOptions, ctx: WeightContext): Float64Array | null {
  const form = options.form ?? "cross-section";
  const sdForm = options.sd ?? "sample";
  const data = childrenData(ctx, form, "critic");
  if (!data) return null;
  const ids = ctx.children.map((c) => c.id);
  const r = critic(data.columns, sdForm);
  const rows = data.columns[0]?.length ?? 0;
  if (r.n < rows) {
    ctx.report({
      severity: "info",
      code: "critic-incomplete-cases",
      message: `critic used the ${show(r.n)} complete cases of ${show(rows)} under ${show(ctx.node.id)} (rows with a missing child value are dropped)`,
    });
  }
  if (r.n < 3) {
    ctx.report({
      severity: "error",
      code: "critic-too-few-cases",
      message: `critic needs at least 3 units with every child of ${show(ctx.node.id)} present, got ${show(r.n)}`,
    });
    return null;
  }
  const constant = ids.filter((_, j) => !(r.sd[j]! > 0));
  if (constant.length === ids.length || r.weights.some((v) => Number.isNaN(v))) {
    ctx.report({
      severity: "error",
      code: "critic-no-information",
      message: `critic cannot weight the children of ${show(ctx.node.id)}: every child is constant or perfectly correlated with the others`,
    });
    return null;
  }
  if (constant.length > 0) {
    ctx.report({
      severity: "warning",
      code: "critic-constant",
      message: `${show(constant)} under ${show(ctx.node.id)} are constant: CRITIC weight 0, and left out of the other children's conflict sums`,
    });
  }
  ctx.audit({
    action: "critic",
    node: ctx.node.id,
    details: {
      form,
      sd: sdForm,
      cases: r.n,
      standardDeviation: Object.fromEntries(ids.map((id, j) => [id, r.sd[j]])),
      information: Object.fromEntries(ids.map((id, j) => [id, r.information[j]])),
      correlation: ids.map((_, i) => ids.map((__, j) => r.correlation[i * ids.length + j])),
    },
    message: `CRITIC information of the children of ${ctx.node.id}: ${ids.map((id, j) => `${id} C = ${r.information[j]!.toPrecision(6)}`).join(", ")}`,
  });
  return r.weights;
}

/**
 * CRITIC weights (CRiteria Importance Through Intercriteria Correlation): a child weighs more when its values
 * vary more (contrast) and when it is less correlated with its siblings (conflict).
 *
 * Formula: C_j = σ_j Σ_k (1 − r_jk);  w_j = C_j / Σ_k C_k, with σ the standard deviation (sample or population,
 * an explicit option) and r Pearson's correlation.
 *
 * Reference: Diakoulaki, D., Mavrotas, G. & Papayannakis, L. (1995) "Determining objective weights in multiple
 * criteria problems: the CRITIC method", Computers & Operations Research 22(7), 763–770. The paper first maps
 * each criterion onto [0, 1] (min-max); run this step after a normalisation so that σ is comparable.
 *
 * Complexity O(n·k²) for n units and k children.
 *
 * Missing values: complete cases, i.e. a unit missing any child's value is dropped for the whole node (so σ and
 * every r use the same units); reported as info. Needs at least 3 complete cases. A constant child gets weight
 * 0 and is left out of the others' conflict sums (its correlations are undefined), reported as a warning.
 *
 * @example
 * // { "step": "weight", "method": "critic", "scope": { "levels": [2] }, "options": { "sd": "population" } }
 */
export const criticWeights: WeightMethod<CriticOptions> = defineMethod({
  stage: "weight",
  id: "critic",
  label: "CRITIC weights",
  description:
    "Weights children by their standard deviation times their total conflict (1 − correlation) with siblings",
  formula: "C_j = σ_j Σ_k (1 − r_jk);  w_j = C_j / Σ_k C_k",
  citation:
    "Diakoulaki, Mavrotas & Papayannakis (1995) Determining objective weights in multiple criteria problems: the CRITIC method, Computers & Operations Research 22(7), 763–770",
  missing: "Complete cases: a unit missing any child's value is dropped for the node",
  options: {
    type: "object",
    properties: {
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
  properties: { deterministic: true, usesWholeSample: true, minChildren: 2 },
  weight(options, ctx) {
    return criticFromContext(options, ctx) ?? Float64Array.from(ctx.current);
  },
});
