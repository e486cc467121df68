import { defineMethod, type NormaliseMethod } from "../methods.js";
import { ascendingRanks, countPresent, type RankTies, tiesOption } from "./rank.js";

/** Options of {@link bordaScore}. */
export type BordaOptions = {
  /** Rank given to tied values before subtracting one: `min` (default, as COINr), `average` or `max`. */
  ties: RankTies;
};

/**
 * Borda scores: the number of units each unit beats, that is its ascending rank minus one, per period. The
 * lowest value scores 0 and, without ties, the highest scores n − 1.
 *
 * Formula: y = rank(x) − 1, ascending ranks.
 * Reference: Borda (1781), as used for composite indicators in Munda (2008) *Social Multi-Criteria Evaluation*;
 * COINr `n_borda(x)`, which is `rank(x, ties.method = "min", na.last = "keep") - 1` (COINr 1.1.14 ignores its
 * `ties.method` argument; here the `ties` option is honoured).
 * Complexity O(n log n). Missing values stay missing and are not counted. Ties share a score chosen by `ties`.
 *
 * @example
 * // 3, 1, 4, 1, 5 → 2, 0, 3, 0, 4
 */
export const bordaScore: NormaliseMethod<BordaOptions> = defineMethod({
  stage: "normalise",
  id: "borda",
  label: "Borda scores",
  description: "Scores each unit by the number of units it beats (its rank minus one)",
  formula: "y = rank(x) − 1, ascending ranks, ties by the `ties` option",
  citation: "Borda (1781); COINr n_borda()",
  options: {
    type: "object",
    properties: { ties: tiesOption },
    additionalProperties: false,
  },
  properties: { deterministic: true, usesWholeSample: true },
  missing: "Missing values stay missing and are not counted; tied values share a score chosen by `ties`.",
  normalise(x, options, ctx) {
    const out = ascendingRanks(x, options.ties);
    for (let i = 0; i < out.length; i++) out[i] = out[i]! - 1;
    const n = countPresent(x);
    if (n > 0) {
      ctx.audit({
        action: "normalised",
        node: ctx.indicator.id,
        period: ctx.period,
        details: { ranked: n, ties: options.ties },
        message: `scored ${n} values of ${ctx.indicator.id} by Borda count (rank − 1), ties ${options.ties}`,
      });
    }
    return out;
  },
});
