import { show } from "../issues.js";
import { defineMethod, type WeightContext, type WeightMethod } from "../methods.js";
import { symmetricEigen } from "../stats/symmetric-eigen.js";
import { varimax } from "../stats/varimax.js";
import { childData, periodsSchema } from "./child-data.js";

/** Options of {@link pcaWeights}. */
export type PcaWeightsOptions = {
  /** `first-component` (default): squared loadings of PC1; `oecd`: the OECD/JRC Handbook's factor procedure. */
  method: "first-component" | "oecd";
  /** For `oecd`: which components to keep, by eigenvalue (default) or by cumulative variance. */
  retain: "eigenvalue" | "cumulative-variance";
  /** For `oecd` with `retain: "eigenvalue"`: keep components whose eigenvalue exceeds this; default `1`. */
  minEigenvalue: number;
  /** For `oecd` with `retain: "cumulative-variance"`: keep the fewest components explaining this share; default `0.6`. */
  minCumulativeVariance: number;
  /** Estimate from the last period (default) or from every period pooled. */
  periods: "last" | "all";
};

/**
 * Principal-component weights: the children of a node are standardised (centred, divided by their sample
 * standard deviation, as R's `prcomp(x, center = TRUE, scale. = TRUE)`), and the eigen-decomposition of their
 * correlation matrix R = V Λ Vᵀ gives the weights.
 *
 * - `first-component`: wⱼ = vⱼ₁², the squared loadings of the first principal component (they sum to one since
 *   v₁ has unit length). Unlike COINr's `get_PCA()`, which returns the raw loadings vⱼ₁ (whose signs are
 *   arbitrary and may be negative), squared loadings are non-negative and invariant to the sign of the vector.
 * - `oecd`: the procedure of the OECD/JRC Handbook (2008), §6.1 (“Weights based on principal components
 *   analysis or factor analysis”), worked on the TAI in its Tables 6.3–6.5: (1) keep the components with
 *   eigenvalue above `minEigenvalue` (Kaiser's rule; or the fewest explaining `minCumulativeVariance` of the
 *   variance), at least one; (2) take their loadings Lⱼf = vⱼf √λf and rotate them with varimax (R's
 *   `varimax(L, normalize = TRUE, eps = 1e-5)`); (3) square the rotated loadings and scale each factor's
 *   squares to unity sum, dividing by the factor's explained variance EVf = Σⱼ Lⱼf²; (4) assign each child to the
 *   factor on which it has its highest (absolute) rotated loading, forming intermediate composites; (5) weight
 *   each factor by its share of the explained variance EVf / Σg EVg, so a child's weight is
 *   (Lⱼf² / EVf) · (EVf / Σg EVg); (6) scale the weights to sum to one (the children a factor does not claim
 *   leave part of each factor's unit sum unused). Step (5) cancels EVf, so wⱼ ∝ max-loading Lⱼf*².
 *
 * Uses complete cases only: units with a missing child are dropped (a warning lists them). Children without
 * variance stop the run with an error, as do fewer than three complete units.
 *
 * Reference: OECD/JRC (2008) Handbook on Constructing Composite Indicators, §6.1, pp. 89–91; Nicoletti, Scarpetta
 * & Boylaud (2000) OECD Economics Department Working Paper 226; R `prcomp`, `eigen`, `varimax`; COINr
 * `get_PCA()`. Complexity O(n k² + k³) (Jacobi sweeps; varimax O(k³) per iteration).
 *
 * @example
 * // two children that move together and a third that does not: PC1 loads on the first two
 * // { "step": "weight", "method": "pca", "options": { "method": "oecd" }, "scope": { "levels": [2] } }
 */
export const pcaWeights: WeightMethod<PcaWeightsOptions> = defineMethod({
  stage: "weight",
  id: "pca",
  label: "Principal-component weights",
  description:
    "Weights from the principal components of the children's standardised values: squared first-component loadings, or the OECD/JRC rotated-factor procedure",
  formula:
    "first-component: wⱼ = vⱼ₁²; oecd: wⱼ ∝ (L̃ⱼf*² / EVf*) · (EVf* / Σf EVf), L̃ = varimax(V_m Λ_m^½), f* = argmaxf |L̃ⱼf|",
  citation:
    "OECD/JRC (2008) Handbook on Constructing Composite Indicators, §6.1; Kaiser (1958) Psychometrika 23, 187–200; COINr get_PCA()",
  options: {
    type: "object",
    properties: {
      method: {
        type: "string",
        enum: ["first-component", "oecd"],
        default: "first-component",
        description:
          "first-component: squared loadings of the first principal component; oecd: retained components, varimax-rotated, each child weighted by its highest squared loading scaled by the factor's explained-variance share (OECD/JRC Handbook 2008, §6.1)",
      },
      retain: {
        type: "string",
        enum: ["eigenvalue", "cumulative-variance"],
        default: "eigenvalue",
        description:
          "For oecd: keep the components with an eigenvalue above minEigenvalue, or the fewest that explain minCumulativeVariance of the variance",
      },
      minEigenvalue: {
        type: "number",
        minimum: 0,
        default: 1,
        description:
          "For oecd: eigenvalue a component must exceed to be kept (Kaiser's rule: 1); at least one is kept",
      },
      minCumulativeVariance: {
        type: "number",
        exclusiveMinimum: 0,
        maximum: 1,
        default: 0.6,
        description:
          "For oecd with retain cumulative-variance: share of the variance the kept components must explain",
      },
      periods: periodsSchema,
    },
    additionalProperties: false,
  },
  properties: { deterministic: true, usesWholeSample: true, minChildren: 2, minUnits: 3 },
  missing:
    "Complete cases only: units with a missing child are dropped and reported. Repeated eigenvalues make the components indeterminate; the weights then depend on the solver's choice.",
  weight(options, ctx) {
    return pcaWeightsOf(options, ctx) ?? Float64Array.from(ctx.current);
  },
});

function pcaWeightsOf(options: PcaWeightsOptions, ctx: WeightContext): Float64Array | undefined {
  const data = childData(ctx, "pca", options.periods, 3);
  if (!data) return undefined;
  const { x, n, k } = data;
  const z = new Float64Array(n * k);
  for (let j = 0; j < k; j++) {
    let mean = 0;
    for (let r = 0; r < n; r++) mean += x[r * k + j]!;
    mean /= n;
    let ss = 0;
    for (let r = 0; r < n; r++) ss += (x[r * k + j]! - mean) ** 2;
    const sd = Math.sqrt(ss / (n - 1));
    if (!(sd > 0)) {
      ctx.report({
        severity: "error",
        code: "zero-variance",
        message: `weight method \`pca\` needs variation in every child, but ${show(ctx.children[j]!.id)} has the same value for all ${n} units used`,
      });
      return undefined;
    }
    for (let r = 0; r < n; r++) z[r * k + j] = (x[r * k + j]! - mean) / sd;
  }
  const corr = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = a; b < k; b++) {
      let s = 0;
      for (let r = 0; r < n; r++) s += z[r * k + a]! * z[r * k + b]!;
      corr[a * k + b] = s / (n - 1);
      corr[b * k + a] = s / (n - 1);
    }
  }
  const { values, vectors } = symmetricEigen(corr, k);
  const total = values.reduce((s, v) => s + v, 0);
  const ids = ctx.children.map((c) => c.id);
  const w = new Float64Array(k);
  const details: Record<string, unknown> = {
    method: options.method,
    units: n,
    dropped: data.dropped,
    eigenvalues: Array.from(values),
    varianceShares: Array.from(values, (v) => v / total),
    loadings: Object.fromEntries(ids.map((id, j) => [id, Array.from(vectors.subarray(j * k, j * k + k))])),
  };
  if (options.method === "first-component") {
    let s = 0;
    for (let j = 0; j < k; j++) s += vectors[j * k]! ** 2;
    for (let j = 0; j < k; j++) w[j] = vectors[j * k]! ** 2 / s;
  } else {
    let m = 0;
    if (options.retain === "eigenvalue") {
      while (m < k && values[m]! > options.minEigenvalue) m++;
    } else {
      let cum = 0;
      while (m < k && cum < options.minCumulativeVariance * total * (1 - 1e-12)) cum += values[m++]!;
    }
    m = Math.max(1, m);
    const loadings = new Float64Array(k * m);
    for (let j = 0; j < k; j++) {
      for (let f = 0; f < m; f++)
        loadings[j * m + f] = vectors[j * k + f]! * Math.sqrt(Math.max(values[f]!, 0));
    }
    const rotated = varimax(loadings, k, m).loadings;
    const explained = new Float64Array(m);
    for (let j = 0; j < k; j++)
      for (let f = 0; f < m; f++) explained[f] = explained[f]! + rotated[j * m + f]! ** 2;
    const explainedTotal = explained.reduce((s, v) => s + v, 0);
    const factorOf: number[] = [];
    for (let j = 0; j < k; j++) {
      let best = 0;
      for (let f = 1; f < m; f++)
        if (Math.abs(rotated[j * m + f]!) > Math.abs(rotated[j * m + best]!)) best = f;
      factorOf.push(best);
      const f = best;
      w[j] = (rotated[j * m + f]! ** 2 / explained[f]!) * (explained[f]! / explainedTotal);
    }
    const s = w.reduce((a, b) => a + b, 0);
    for (let j = 0; j < k; j++) w[j] = w[j]! / s;
    details.retained = m;
    details.rotatedLoadings = Object.fromEntries(
      ids.map((id, j) => [id, Array.from(rotated.subarray(j * m, j * m + m))]),
    );
    details.explainedVariance = Array.from(explained);
    details.factorOf = Object.fromEntries(ids.map((id, j) => [id, factorOf[j]! + 1]));
  }
  ctx.audit({
    action: "pca",
    node: ctx.node.id,
    details,
    message: `principal components of the children of ${ctx.node.id} from ${n} units: eigenvalues ${Array.from(values, (v) => v.toPrecision(4)).join(", ")}${options.method === "oecd" ? `; ${details.retained} retained and varimax-rotated` : ""}`,
  });
  return w;
}
