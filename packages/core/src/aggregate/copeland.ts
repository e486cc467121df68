import { show } from "../issues.js";
import { type AggregateMethod, defineMethod } from "../methods.js";

/** Options of {@link copeland}. */
export type CopelandOptions = {
  /**
   * How a pair of units is compared where one of them lacks a child. `coinr` (default) as COINr's
   * `outrankMatrix`: the pair is compared on the children both have, with the weights not renormalised, and
   * the weight of the other children is credited to the unit later in unit order. `pairwise`: the pair is
   * compared on the children both have, with their weights renormalised; the result does not depend on the order
   * of the units.
   */
  missingPairs: "coinr" | "pairwise";
};

/** Outranking shares this close to one half (relative to the total weight) are ties, so rounding does not decide. */
const TIE_TOLERANCE = 1e-12;

/**
 * Copeland outranking score: every pair of units is compared child by child; a unit outranks another when the
 * children on which it is higher carry more than half the weight (ties on a child count half for each). Its
 * score is the number of units it outranks minus the number that outrank it, from −(n − 1) to n − 1. Not
 * compensatory: only the order of the units on each child matters, not by how much.
 *
 * Formula: eₐᵦ = Σⱼ wⱼ [xₐⱼ > xᵦⱼ] + ½ Σⱼ wⱼ [xₐⱼ = xᵦⱼ] (weights summing to 1), eᵦₐ = 1 − eₐᵦ;
 * scoreₐ = Σᵦ sign(eₐᵦ − ½).
 * Reference: COINr `a_copeland(X, w)` and `outrankMatrix(X, w)`; Munda & Nardo (2009), "Noncompensatory/
 * nonlinear composite indicators for ranking countries: a defensible setting", Applied Economics 41,
 * 1513–1523.
 * Complexity O(n² k) time, O(n) memory. A pair whose share is within 1e-12 of one half is a tie (COINr compares
 * the floating-point share with 0.5 exactly). Missing values: see `missingPairs`; with `coinr` the scores of
 * units with a missing child depend on the order of the units, as in COINr (reported as a warning); a unit
 * with no child at all gets a score in `coinr` mode (as COINr) and none in `pairwise` mode.
 *
 * @example
 * // units (1, 3, 2), (2, 2, 3), (3, 1, 1), (4, 5, 4), equal weights → −1, 1, −3, 3
 */
export const copeland: AggregateMethod<CopelandOptions> = defineMethod({
  stage: "aggregate",
  id: "copeland",
  label: "Copeland outranking score",
  description:
    "Number of units a unit outranks minus the number that outrank it, from weighted pairwise comparisons on the children",
  formula: "scoreₐ = Σᵦ sign(eₐᵦ − ½), eₐᵦ = Σⱼ wⱼ [xₐⱼ > xᵦⱼ] + ½ Σⱼ wⱼ [xₐⱼ = xᵦⱼ]",
  citation: "COINr a_copeland() and outrankMatrix(); Munda & Nardo (2009) Applied Economics 41:1513–1523",
  options: {
    type: "object",
    properties: {
      missingPairs: {
        enum: ["coinr", "pairwise"],
        default: "coinr",
        description:
          "coinr: a pair is compared on the children both units have, weights not renormalised, the rest credited to the later unit (as COINr); pairwise: on the children both have, weights renormalised (independent of unit order)",
      },
    },
    additionalProperties: false,
  },
  properties: { deterministic: true, compensatory: false, usesWholeSample: true },
  missing:
    "coinr (default): as COINr's outrankMatrix, order-dependent when a child is missing; pairwise: each pair on the children both units have, weights renormalised; a unit with no value has no score.",
  aggregate(values, weights, options, ctx) {
    const n = values[0]?.length ?? 0;
    const k = values.length;
    let total = 0;
    for (let j = 0; j < k; j++) total += weights[j]!;
    const w = Float64Array.from(weights, (v) => v / total);
    const pairwise = options.missingPairs === "pairwise";
    const score = new Float64Array(n);
    const present = new Uint8Array(n);
    let incomplete = 0;
    for (let a = 0; a < n; a++) {
      let have = 0;
      for (let j = 0; j < k; j++) if (!Number.isNaN(values[j]![a]!)) have++;
      if (have > 0) present[a] = 1;
      if (have < k) incomplete++;
    }
    for (let a = 0; a < n; a++) {
      for (let b = a + 1; b < n; b++) {
        let above = 0;
        let below = 0;
        let tied = 0;
        for (let j = 0; j < k; j++) {
          const xa = values[j]![a]!;
          const xb = values[j]![b]!;
          if (xa > xb) above += w[j]!;
          else if (xa < xb) below += w[j]!;
          else if (xa === xb) tied += w[j]!;
        }
        // a outranks b when e_ab = above + tied/2 > 1/2. In coinr mode e_ba = 1 − e_ab, so the weight of
        // children either unit lacks goes to b; in pairwise mode it goes to neither.
        const common = above + below + tied;
        const half = pairwise ? common / 2 : 0.5;
        const share = above + tied / 2;
        if (pairwise && !(common > 0)) continue;
        if (Math.abs(share - half) <= TIE_TOLERANCE) continue;
        const sign = share > half ? 1 : -1;
        score[a] = score[a]! + sign;
        score[b] = score[b]! - sign;
      }
    }
    if (pairwise) for (let a = 0; a < n; a++) if (present[a] === 0) score[a] = Number.NaN;
    if (!pairwise && incomplete > 0) {
      ctx.report({
        severity: "warning",
        code: "order-dependent",
        message: `${incomplete} unit(s) lack a child of ${show(ctx.node.id)} in ${show(ctx.period)}: with \`missingPairs: "coinr"\` their Copeland scores depend on the order of the units, as in COINr; use \`"pairwise"\` for scores that do not`,
      });
    }
    return score;
  },
});
