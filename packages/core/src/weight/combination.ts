import { show } from "../issues.js";
import { defineMethod, type WeightContext, type WeightMethod } from "../methods.js";
import { solveLinear } from "../stats/solve-linear.js";
import { type CriticOptions, criticFromContext } from "./critic.js";
import { type CoefficientOfVariationOptions, coefficientOfVariationFromContext } from "./cv.js";
import { type EntropyOptions, entropyFromContext } from "./entropy.js";

/** How subjective and objective weights are combined. */
export type CombinationRule = "linear" | "multiplicative" | "minimum-information" | "game-theory";

/** The objective method of a combination. */
export type ObjectiveMethod = "entropy" | "critic" | "cv";

/** Options of {@link combinationWeights}. */
export type CombinationOptions = {
  /** The objective weighting method computed here (default `entropy`). */
  objective?: ObjectiveMethod;
  /** Options of the objective method, as that method takes them. */
  objectiveOptions?: EntropyOptions | CriticOptions | CoefficientOfVariationOptions;
  /** The rule (default `linear`). */
  rule?: CombinationRule;
  /** Share α of the subjective weights in the `linear` rule (default 0.5). */
  alpha?: number;
};

/** The combined weights and, for `game-theory`, the coefficients found. */
export interface CombinedWeights {
  /** The combined weights, summing to 1. */
  weights: Float64Array;
  /** Normalised coefficients of the subjective and objective vectors (`linear` and `game-theory`). */
  coefficients?: [number, number];
  /** The raw solution of the game-theory system, before taking absolute values. */
  solution?: [number, number];
}

const normalise = (w: ArrayLike<number>): Float64Array => {
  let s = 0;
  for (let i = 0; i < w.length; i++) s += w[i]!;
  return Float64Array.from(w, (v) => v / s);
};

/**
 * Game-theoretic combination of L weight vectors u_1 … u_L: the coefficients α minimising
 * ‖Σ_j α_j u_j − u_i‖₂ for every i at once satisfy the first-order conditions Σ_j α_j (u_i · u_j) = u_i · u_i
 * (i = 1 … L); α* = |α| / Σ|α| and w = Σ α*_j u_j. `null` when the system is singular (identical vectors).
 *
 * @example
 * gameTheoryCombination([Float64Array.of(0.5, 0.3, 0.2), Float64Array.of(0.2, 0.3, 0.5)])
 */
export function gameTheoryCombination(
  vectors: readonly Float64Array[],
): { weights: Float64Array; coefficients: number[]; solution: number[] } | null {
  const dot = (a: Float64Array, b: Float64Array): number => a.reduce((s, v, i) => s + v * b[i]!, 0);
  const m = vectors.map((u) => vectors.map((v) => dot(u, v)));
  const b = vectors.map((u) => dot(u, u));
  const alpha = solveLinear(m, b);
  if (!alpha) return null;
  const total = alpha.reduce((s, v) => s + Math.abs(v), 0);
  const coefficients = Array.from(alpha, (v) => Math.abs(v) / total);
  const k = vectors[0]?.length ?? 0;
  const w = new Float64Array(k);
  vectors.forEach((u, j) => {
    for (let i = 0; i < k; i++) w[i] = w[i]! + coefficients[j]! * u[i]!;
  });
  return { weights: normalise(w), coefficients, solution: Array.from(alpha) };
}

/**
 * Combines a subjective and an objective weight vector (each normalised to sum 1 first) by a rule.
 *
 * @example
 * combineWeights(Float64Array.of(0.6, 0.4), Float64Array.of(0.2, 0.8), "minimum-information")
 */
export function combineWeights(
  subjective: ArrayLike<number>,
  objective: ArrayLike<number>,
  rule: CombinationRule,
  alpha = 0.5,
): CombinedWeights {
  const s = normalise(subjective);
  const o = normalise(objective);
  switch (rule) {
    case "linear":
      return {
        weights: normalise(s.map((v, i) => alpha * v + (1 - alpha) * o[i]!)),
        coefficients: [alpha, 1 - alpha],
      };
    case "multiplicative":
      return { weights: normalise(s.map((v, i) => v * o[i]!)) };
    case "minimum-information":
      return { weights: normalise(s.map((v, i) => Math.sqrt(v * o[i]!))) };
    case "game-theory": {
      const g = gameTheoryCombination([s, o]);
      if (!g) return { weights: s, coefficients: [0.5, 0.5] };
      return {
        weights: g.weights,
        coefficients: [g.coefficients[0]!, g.coefficients[1]!],
        solution: [g.solution[0]!, g.solution[1]!],
      };
    }
  }
}

const OBJECTIVE_OPTIONS: Record<ObjectiveMethod, readonly string[]> = {
  entropy: ["form", "zeros", "shift"],
  critic: ["form", "sd"],
  cv: ["dataset", "form", "sd"],
};

function objectiveWeights(
  method: ObjectiveMethod,
  options: Record<string, unknown>,
  ctx: WeightContext,
): Float64Array | null {
  switch (method) {
    case "entropy":
      return entropyFromContext(options as EntropyOptions, ctx);
    case "critic":
      return criticFromContext(options as CriticOptions, ctx);
    case "cv":
      return coefficientOfVariationFromContext(options as CoefficientOfVariationOptions, ctx);
  }
}

/**
 * Combined subjective-objective weights (主客观组合赋权): the subjective weights a node's children already have
 * (from the spec, or an earlier step such as `ahp`) combined with objective weights computed here by
 * `entropy`, `critic` or `cv`.
 *
 * Formula, with w_s and w_o each summing to 1:
 * - `linear`: w = α·w_s + (1 − α)·w_o.
 * - `multiplicative`: w_j = w_sj·w_oj / Σ_k w_sk·w_ok.
 * - `minimum-information` (minimum discrimination information): minimising Σ_j w_j ln(w_j/w_sj) +
 *   Σ_j w_j ln(w_j/w_oj) subject to Σ w = 1 gives w_j = √(w_sj·w_oj) / Σ_k √(w_sk·w_ok).
 * - `game-theory`: α₁, α₂ solve [w_s·w_s  w_s·w_o; w_o·w_s  w_o·w_o] α = [w_s·w_s; w_o·w_o] (the first-order
 *   conditions of min ‖α₁w_s + α₂w_o − w_i‖ for i = s, o); α* = |α|/Σ|α|; w = α₁*·w_s + α₂*·w_o. When the two
 *   vectors are equal the system is singular and w = w_s.
 *
 * Reference: the game-theoretic combination weighting (博弈论组合赋权) and the minimum-information combination
 * (最小信息熵原理组合赋权) as written in Chinese evaluation studies; the formulas above are the ones
 * implemented. Complexity: that of the objective method, plus O(k).
 *
 * Missing values: as the objective method handles them. If the objective method cannot weight the node, its
 * error stands and the current weights are kept.
 *
 * @example
 * // after an ahp step at level 2:
 * // { "step": "weight", "method": "combination", "scope": { "levels": [2] },
 * //   "options": { "objective": "entropy", "rule": "game-theory" } }
 */
export const combinationWeights: WeightMethod<CombinationOptions> = defineMethod({
  stage: "weight",
  id: "combination",
  label: "Combined subjective and objective weights",
  description:
    "Combines the current (subjective) weights with objective weights by a linear, multiplicative, minimum-information or game-theory rule",
  formula:
    "linear: α w_s + (1 − α) w_o;  multiplicative: w_s w_o / Σ;  minimum-information: √(w_s w_o) / Σ;  game-theory: Σ α*_k w_k with Σ_j α_j (w_i·w_j) = w_i·w_i",
  citation:
    "Game-theoretic (博弈论) and minimum-information (最小信息熵) combination weighting of Chinese evaluation studies",
  missing: "As the objective method",
  options: {
    type: "object",
    properties: {
      objective: {
        enum: ["entropy", "critic", "cv"],
        default: "entropy",
        description: "The objective weighting method computed here",
      },
      objectiveOptions: {
        type: "object",
        default: {},
        description: "Options of the objective method, as that method takes them (its defaults apply)",
      },
      rule: {
        enum: ["linear", "multiplicative", "minimum-information", "game-theory"],
        default: "linear",
        description: "How the subjective and objective weights are combined",
      },
      alpha: {
        type: "number",
        minimum: 0,
        maximum: 1,
        default: 0.5,
        description: "Share of the subjective weights in the linear rule",
      },
    },
    additionalProperties: false,
  },
  properties: { deterministic: true, usesWholeSample: true },
  weight(options, ctx) {
    const method = options.objective ?? "entropy";
    const rule = options.rule ?? "linear";
    const alpha = options.alpha ?? 0.5;
    const given = (options.objectiveOptions ?? {}) as Record<string, unknown>;
    const unknown = Object.keys(given).filter((k) => !OBJECTIVE_OPTIONS[method].includes(k));
    if (unknown.length > 0) {
      ctx.report({
        severity: "error",
        code: "combination-bad-options",
        message: `objectiveOptions ${show(unknown)} are not options of ${show(method)}, which takes ${show(OBJECTIVE_OPTIONS[method])}`,
      });
      return Float64Array.from(ctx.current);
    }
    const subjective = ctx.current;
    if (!(subjective.reduce((s, v) => s + v, 0) > 0)) {
      ctx.report({
        severity: "error",
        code: "combination-no-subjective",
        message: `the current weights of the children of ${show(ctx.node.id)} sum to zero, so there are no subjective weights to combine`,
      });
      return Float64Array.from(ctx.current);
    }
    const objective = objectiveWeights(method, given, ctx);
    if (!objective) return Float64Array.from(ctx.current);
    const r = combineWeights(subjective, objective, rule, alpha);
    const ids = ctx.children.map((c) => c.id);
    const s = normalise(subjective);
    if (rule === "game-theory" && !r.solution) {
      ctx.report({
        severity: "info",
        code: "combination-identical",
        message: `subjective and objective weights of the children of ${show(ctx.node.id)} coincide, so the game-theory combination is either of them`,
      });
    }
    ctx.audit({
      action: "combination",
      node: ctx.node.id,
      details: {
        objective: method,
        rule,
        ...(rule === "linear" ? { alpha } : {}),
        subjective: Object.fromEntries(ids.map((id, j) => [id, s[j]])),
        objectiveWeights: Object.fromEntries(ids.map((id, j) => [id, objective[j]])),
        ...(r.coefficients ? { coefficients: r.coefficients } : {}),
        ...(r.solution ? { solution: r.solution } : {}),
      },
      message: `combined the subjective weights of the children of ${ctx.node.id} with ${method} weights by the ${rule} rule`,
    });
    return r.weights;
  },
});
