import { show } from "../issues.js";
import { defineMethod, type NormaliseMethod } from "../methods.js";
import { mean as meanOf } from "../stats/mean.js";
import { standardDeviation } from "../stats/standard-deviation.js";

/** Options of {@link zScore}. */
export type ZScoreOptions = {
  /** Mean of the normalised indicator. Default `0`. */
  mean: number;
  /** Standard deviation of the normalised indicator. Default `1`. */
  sd: number;
  /** Which standard deviation of the data to divide by: `sample` (n − 1, as R and COINr) or `population` (n). */
  form: "sample" | "population";
};

/**
 * Z-score standardisation: centres each indicator on `mean` with standard deviation `sd`, per period.
 *
 * Formula: y = m + s · (x − mean(x)) / sd(x).
 * Reference: OECD/JRC Handbook (2008), §5.2; COINr `n_zscore(x, m_sd)` (sample standard deviation).
 * Complexity O(n). Missing values stay missing and do not enter the mean or standard deviation. An indicator
 * with a standard deviation of zero is an error (`zero-variance`).
 *
 * @example
 * // mean 0, sd 1, sample form: 2, 4, 6 → −1, 0, 1
 */
export const zScore: NormaliseMethod<ZScoreOptions> = defineMethod({
  stage: "normalise",
  id: "z-score",
  label: "Z-score standardisation",
  description: "Centres and scales each indicator to a chosen mean and standard deviation",
  formula: "y = m + s · (x − mean(x)) / sd(x)",
  citation: "OECD/JRC (2008) Handbook on Constructing Composite Indicators, §5.2; COINr n_zscore()",
  options: {
    type: "object",
    properties: {
      mean: { type: "number", description: "Mean of the result", default: 0 },
      sd: {
        type: "number",
        description: "Standard deviation of the result",
        exclusiveMinimum: 0,
        default: 1,
      },
      form: {
        enum: ["sample", "population"],
        description: "Standard deviation of the data: sample (n − 1) or population (n)",
        default: "sample",
      },
    },
    additionalProperties: false,
  },
  properties: { deterministic: true, usesWholeSample: true },
  missing: "Missing values stay missing and do not enter the mean or standard deviation.",
  normalise(x, options, ctx) {
    const m = meanOf(x);
    const s = standardDeviation(x, options.form);
    const out = (ctx.output?.() ?? new Float64Array(x.length)).fill(Number.NaN);
    if (Number.isNaN(m)) return out;
    if (!(s > 0)) {
      ctx.report({
        severity: "error",
        code: "zero-variance",
        message: `z-score needs a standard deviation above zero, but ${show(ctx.indicator.id)} in ${show(ctx.period)} has ${Number.isNaN(s) ? "a single value" : "no spread"}`,
      });
      return out;
    }
    for (let i = 0; i < x.length; i++) out[i] = options.mean + (options.sd * (x[i]! - m)) / s;
    ctx.audit({
      action: "normalised",
      node: ctx.indicator.id,
      period: ctx.period,
      details: { mean: m, sd: s, target: [options.mean, options.sd], form: options.form },
      message: `standardised ${ctx.indicator.id} (mean ${m}, sd ${s}) to mean ${options.mean}, sd ${options.sd}`,
    });
    return out;
  },
});
