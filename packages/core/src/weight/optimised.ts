import { show } from "../issues.js";
import { defineMethod, type WeightContext, type WeightMethod } from "../methods.js";
import { nelderMead } from "../stats/nelder-mead.js";
import { childData, periodsSchema } from "./child-data.js";

/** Options of {@link optimisedWeights}. */
export type OptimisedWeightsOptions = {
  /**
   * `balance` (default): make the children's correlations with the node, normalised to sum to one, match
   * `targets`; `infomax`: maximise the sum of the correlations. COINr's `optype`.
   */
  optimType: "balance" | "infomax";
  /** Relative target importances by child id (COINr's `itarg`); children not named get 1; default all equal. */
  targets?: Record<string, number>;
  /** Nelder–Mead relative tolerance on the objective (R's `reltol`); default `1e-12`. */
  tolerance: number;
  /** Maximum number of objective evaluations (R's `maxit`); default `5000`. */
  maxEvaluations: number;
  /** Estimate from the last period (default) or from every period pooled. */
  periods: "last" | "all";
};

/**
 * Optimised weights: the weights of a node's children are chosen so that each child's Pearson correlation with
 * the node's aggregate — the weighted arithmetic mean y = Σⱼ wⱼ xⱼ / Σⱼ wⱼ of the children with the candidate
 * weights — matches a target. With `optimType: "balance"` the objective is
 *
 *   f(w) = Σⱼ (tⱼ − cⱼ / Σₖ cₖ)²,  cⱼ = cor(xⱼ, y(w)),  tⱼ = targetⱼ / Σₖ targetₖ,
 *
 * so with equal targets (the default) every child ends up equally correlated with its parent: the weights
 * correct for children that dominate the aggregate through their variance or their correlation with the
 * others. With `optimType: "infomax"`, f(w) = −Σⱼ cⱼ (maximise the information the aggregate carries).
 *
 * The correlations are computed from the children's covariance matrix S (complete cases):
 * cⱼ = (S w)ⱼ / √(Sⱼⱼ · wᵀ S w), which is invariant to the scale of w. The weights are parameterised as
 * w = |θ| / Σ|θ|, so they are non-negative and may reach zero, and θ is found by Nelder–Mead
 * ({@link nelderMead}, the algorithm of R's `optim`), starting from the current weights scaled to sum to one
 * (equal weights if any is zero). The result is normalised to sum to one. When the method does not converge a warning
 * says so; the audit holds the correlations reached and the objective.
 *
 * Relation to COINr's `get_opt_weights(coin, itarg, dset, Level, cortype, optype, toler, maxiter)`: COINr
 * optimises the weights of every node at one `Level` jointly, re-aggregating the whole coin at each step and
 * correlating that level with the index at the top; it minimises log(Σ(itarg − c/Σc)² / k), starts from
 * `itarg`, lets weights go negative, and stops at a loose `toler = 0.1`. This method works within one node, on
 * the node's own weighted mean (whatever aggregator a later step uses), keeps the weights non-negative and
 * converges tightly; the log in COINr's objective does not change the minimiser. For a node whose children are
 * the index's children and an arithmetic aggregation, the two target the same weights. COINr's `optype` values
 * are `balance` and `infomax` (its `itarg = "equal"` is this method's default). Only Pearson correlation is
 * offered.
 *
 * Reference: Becker, W., Saisana, M., Paruolo, P. & Vandecasteele, I. (2017) Weights and importance in
 * composite indicators: closing the gap, Ecological Indicators 80, 12–22 (a linear version); COINr
 * `get_opt_weights()`. Complexity O(n k²) once, then O(k²) per evaluation, a few hundred evaluations.
 *
 * @example
 * // two children, the second twice as spread out as the first: equal correlations need w ∝ 1/sd → (2/3, 1/3)
 * // { "step": "weight", "method": "optimised", "scope": { "levels": [2] } }
 */
export const optimisedWeights: WeightMethod<OptimisedWeightsOptions> = defineMethod({
  stage: "weight",
  id: "optimised",
  label: "Optimised weights",
  description:
    "Weights chosen so that each child's correlation with the node's weighted mean matches a target share (equal by default), by Nelder–Mead",
  formula: "min_w Σⱼ (tⱼ − cⱼ / Σₖ cₖ)², cⱼ = cor(xⱼ, Σₖ wₖ xₖ / Σₖ wₖ); infomax: max_w Σⱼ cⱼ",
  citation:
    "Becker, Saisana, Paruolo & Vandecasteele (2017) Ecological Indicators 80, 12–22; COINr get_opt_weights()",
  options: {
    type: "object",
    properties: {
      optimType: {
        type: "string",
        enum: ["balance", "infomax"],
        default: "balance",
        description:
          "balance: match the children's normalised correlations with the node to the targets; infomax: maximise the sum of the correlations (COINr's optype)",
      },
      targets: {
        type: "object",
        description:
          "Relative target importances by child id (COINr's itarg), for balance; children not named get 1; default all equal",
        additionalProperties: { type: "number", minimum: 0 },
      },
      tolerance: {
        type: "number",
        exclusiveMinimum: 0,
        default: 1e-12,
        description: "Nelder–Mead relative convergence tolerance on the objective (R's reltol)",
      },
      maxEvaluations: {
        type: "integer",
        minimum: 1,
        default: 5000,
        description: "Maximum number of objective evaluations (R's maxit)",
      },
      periods: periodsSchema,
    },
    additionalProperties: false,
  },
  properties: { deterministic: true, usesWholeSample: true, minChildren: 2, minUnits: 3 },
  missing:
    "Complete cases only: units with a missing child are dropped and reported. Several weight vectors can reach the same objective (for instance when a target cannot be met); the one found depends on the start.",
  weight(options, ctx) {
    return optimise(options, ctx) ?? Float64Array.from(ctx.current);
  },
});

function optimise(options: OptimisedWeightsOptions, ctx: WeightContext): Float64Array | undefined {
  const data = childData(ctx, "optimised", options.periods, 3);
  if (!data) return undefined;
  const { x, n, k } = data;
  const ids = ctx.children.map((c) => c.id);
  // covariance matrix of the children
  const means = new Float64Array(k);
  for (let r = 0; r < n; r++) for (let j = 0; j < k; j++) means[j] = means[j]! + x[r * k + j]! / n;
  const s = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = a; b < k; b++) {
      let sum = 0;
      for (let r = 0; r < n; r++) sum += (x[r * k + a]! - means[a]!) * (x[r * k + b]! - means[b]!);
      s[a * k + b] = sum / (n - 1);
      s[b * k + a] = sum / (n - 1);
    }
  }
  for (let j = 0; j < k; j++) {
    if (!(s[j * k + j]! > 0)) {
      ctx.report({
        severity: "error",
        code: "zero-variance",
        message: `weight method \`optimised\` needs variation in every child, but ${show(ids[j])} has the same value for all ${n} units used`,
      });
      return undefined;
    }
  }
  const sd = Float64Array.from({ length: k }, (_, j) => Math.sqrt(s[j * k + j]!));
  const given = options.targets ?? {};
  const unknown = Object.keys(given).filter((id) => !ids.includes(id));
  if (unknown.length > 0) {
    ctx.report({
      severity: "warning",
      code: "unknown-target",
      message: `weight method \`optimised\` has targets for ${unknown.map(show).join(", ")}, which are not children of ${show(ctx.node.id)}`,
    });
  }
  const raw = ids.map((id) => (Object.hasOwn(given, id) ? given[id]! : 1));
  const rawSum = raw.reduce((a, b) => a + b, 0);
  if (!(rawSum > 0)) {
    ctx.report({
      severity: "error",
      code: "bad-targets",
      message: `weight method \`optimised\` needs targets with a positive sum for the children of ${show(ctx.node.id)}, got ${show(raw)}`,
    });
    return undefined;
  }
  const targets = raw.map((t) => t / rawSum);

  const w = new Float64Array(k);
  const sw = new Float64Array(k);
  const corr = new Float64Array(k);
  const toWeights = (theta: ArrayLike<number>): void => {
    for (let j = 0; j < k; j++) w[j] = Math.abs(theta[j]!);
  };
  /** Fills `corr` with cor(xⱼ, y(w)); false if the aggregate has no variance. */
  const correlations = (): boolean => {
    let wsw = 0;
    for (let a = 0; a < k; a++) {
      let v = 0;
      for (let b = 0; b < k; b++) v += s[a * k + b]! * w[b]!;
      sw[a] = v;
      wsw += w[a]! * v;
    }
    if (!(wsw > 0)) return false;
    const root = Math.sqrt(wsw);
    for (let j = 0; j < k; j++) corr[j] = sw[j]! / (sd[j]! * root);
    return true;
  };
  const objective = (theta: Float64Array): number => {
    toWeights(theta);
    if (!correlations()) return Number.POSITIVE_INFINITY;
    if (options.optimType === "infomax") {
      let sum = 0;
      for (let j = 0; j < k; j++) sum -= corr[j]!;
      return sum;
    }
    let total = 0;
    for (let j = 0; j < k; j++) total += corr[j]!;
    let f = 0;
    for (let j = 0; j < k; j++) f += (targets[j]! - corr[j]! / total) ** 2;
    return f;
  };

  const current = ctx.current;
  const usable = current.length === k && current.every((v) => Number.isFinite(v) && v > 0);
  const currentSum = current.reduce((a, b) => a + b, 0);
  const start = Array.from({ length: k }, (_, j) => (usable ? current[j]! / currentSum : 1 / k));
  const result = nelderMead(objective, start, {
    reltol: options.tolerance,
    abstol: options.optimType === "balance" ? 1e-30 : Number.NEGATIVE_INFINITY,
    maxEvaluations: options.maxEvaluations,
  });
  toWeights(result.x);
  correlations();
  const sum = w.reduce((a, b) => a + b, 0);
  const out = Float64Array.from(w, (v) => v / sum);
  const total = corr.reduce((a, b) => a + b, 0);
  if (result.convergence !== 0) {
    ctx.report({
      severity: "warning",
      code: "not-converged",
      message: `weight method \`optimised\` did not converge for the children of ${show(ctx.node.id)} (${result.convergence === 1 ? `${result.evaluations} evaluations, the limit` : "the simplex degenerated"}); the objective reached is ${show(result.value)}; raise maxEvaluations or tolerance`,
    });
  }
  ctx.audit({
    action: "optimised",
    node: ctx.node.id,
    details: {
      optimType: options.optimType,
      units: n,
      dropped: data.dropped,
      targets: Object.fromEntries(ids.map((id, j) => [id, targets[j]])),
      correlations: Object.fromEntries(ids.map((id, j) => [id, corr[j]])),
      normalisedCorrelations: Object.fromEntries(ids.map((id, j) => [id, corr[j]! / total])),
      objective: result.value,
      evaluations: result.evaluations,
      convergence: result.convergence,
    },
    message: `optimised weights of the children of ${ctx.node.id} (${options.optimType}): correlations with the node ${ids.map((id, j) => `${id} ${corr[j]!.toFixed(4)}`).join(", ")} after ${result.evaluations} evaluations`,
  });
  return out;
}
