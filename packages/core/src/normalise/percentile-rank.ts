import { show } from "../issues.js";
import { defineMethod, type NormaliseMethod } from "../methods.js";
import { ascendingRanks, countPresent, type RankTies, tiesOption } from "./rank.js";

/** Options of {@link percentileRank}. */
export type PercentileRankOptions = {
  /** Rank given to tied values: `min` (default, as COINr), `average` or `max`. */
  ties: RankTies;
};

/**
 * Percentile ranks: the ascending rank rescaled onto [0, 1], so the lowest value scores 0 and the highest 1
 * (without ties at the top), per period.
 *
 * Formula: y = (rank(x) − 1) / (n − 1), ascending ranks, n the number of units with a value.
 * Reference: COINr `n_prank(x)`, which is `(rank(x, ties.method = "min", na.last = "keep") - 1) /
 * (sum(!is.na(x)) - 1)` (COINr 1.1.14 ignores its `ties.method` argument; here the `ties` option is honoured).
 * Complexity O(n log n). Missing values stay missing and do not count in n. Ties share a score chosen by `ties`.
 * A single value has no percentile rank (COINr returns `NaN`, 0 / 0): that is an error (`too-few-units`).
 *
 * @example
 * // 3, 1, 4, 1, 5 → 0.5, 0, 0.75, 0, 1
 */
export const percentileRank: NormaliseMethod<PercentileRankOptions> = defineMethod({
  stage: "normalise",
  id: "percentile-rank",
  label: "Percentile ranks",
  description: "Rescales each unit's rank onto [0, 1], the lowest value 0 and the highest 1",
  formula: "y = (rank(x) − 1) / (n − 1), ascending ranks, n = number of units with a value",
  citation: "COINr n_prank()",
  options: {
    type: "object",
    properties: { ties: tiesOption },
    additionalProperties: false,
  },
  properties: { deterministic: true, usesWholeSample: true },
  missing: "Missing values stay missing and do not count in n; tied values share a score chosen by `ties`.",
  normalise(x, options, ctx) {
    const n = countPresent(x);
    const out = new Float64Array(x.length).fill(Number.NaN);
    if (n === 0) return out;
    if (n === 1) {
      ctx.report({
        severity: "error",
        code: "too-few-units",
        message: `percentile ranks need at least two values, but ${show(ctx.indicator.id)} has one in ${show(ctx.period)}`,
      });
      return out;
    }
    const r = ascendingRanks(x, options.ties);
    for (let i = 0; i < x.length; i++) out[i] = (r[i]! - 1) / (n - 1);
    ctx.audit({
      action: "normalised",
      node: ctx.indicator.id,
      period: ctx.period,
      details: { ranked: n, ties: options.ties },
      message: `converted the ranks of ${n} values of ${ctx.indicator.id} to percentile ranks, ties ${options.ties}`,
    });
    return out;
  },
});
