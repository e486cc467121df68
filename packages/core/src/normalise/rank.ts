import { defineMethod, type NormaliseMethod } from "../methods.js";
import { rank } from "../stats/rank.js";

/** How tied values are ranked by {@link rankNormalise}, {@link bordaScore} and {@link percentileRank}. */
export type RankTies = "min" | "average" | "max";

/** Options of {@link rankNormalise}. */
export type RankOptions = {
  /** Rank given to tied values: the lowest of their positions (`min`, default), their mean, or the highest. */
  ties: RankTies;
};

/** The options schema of `ties`, shared by the rank-based normalisers. */
export const tiesOption = {
  enum: ["min", "average", "max"],
  description:
    "Rank of tied values: the lowest of their positions (min, sports ranking, as COINr), their mean (average) or the highest (max)",
  default: "min",
} as const;

/**
 * Ranks from the lowest value up (the lowest value gets 1, the highest the number of values), as R's
 * `rank(x, ties.method = ties, na.last = "keep")`. Missing values get `NaN`. O(n log n).
 */
export function ascendingRanks(x: Float64Array, ties: RankTies): Float64Array {
  // stats/rank ranks the highest value first; ranking −x from the top ranks x from the bottom.
  return rank(
    x.map((v) => -v),
    ties,
  );
}

/** Counts the values that are not missing. */
export function countPresent(x: Float64Array): number {
  let n = 0;
  for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i]!)) n++;
  return n;
}

/**
 * Rank normalisation: replaces each value by its rank among the units, the lowest value ranked 1 and the highest
 * ranked n (the number of units with a value), per period.
 *
 * Formula: y = rank(x), ascending.
 * Reference: OECD/JRC Handbook (2008), §5.2 ("ranking"); COINr `n_rank(x)`, which is
 * `rank(x, ties.method = "min", na.last = "keep")` (COINr 1.1.14 accepts a `ties.method` argument but always
 * ranks with `"min"`; here the `ties` option is honoured).
 * Complexity O(n log n). Missing values stay missing and are not ranked. Ties get the lowest of their positions
 * (`min`, as COINr), their mean (`average`) or the highest (`max`).
 *
 * @example
 * // ties "min": 3, 1, 4, 1, 5 → 3, 1, 4, 1, 5; ties "average": 3, 1.5, 4, 1.5, 5
 */
export const rankNormalise: NormaliseMethod<RankOptions> = defineMethod({
  stage: "normalise",
  id: "rank",
  label: "Rank normalisation",
  description: "Replaces each value by its rank, the lowest value ranked 1",
  formula: "y = rank(x), ascending, ties by the `ties` option",
  citation: "OECD/JRC (2008) Handbook on Constructing Composite Indicators, §5.2; COINr n_rank()",
  options: {
    type: "object",
    properties: { ties: tiesOption },
    additionalProperties: false,
  },
  properties: { deterministic: true, usesWholeSample: true },
  missing: "Missing values stay missing and are not ranked; tied values share a rank chosen by `ties`.",
  normalise(x, options, ctx) {
    const out = ascendingRanks(x, options.ties);
    const n = countPresent(x);
    if (n > 0) {
      ctx.audit({
        action: "normalised",
        node: ctx.indicator.id,
        period: ctx.period,
        details: { ranked: n, ties: options.ties },
        message: `ranked ${n} values of ${ctx.indicator.id} from the lowest (1) up, ties ${options.ties}`,
      });
    }
    return out;
  },
});
