import { show } from "../issues.js";
import { defineMethod, type NormaliseMethod } from "../methods.js";
import { mean as meanOf } from "../stats/mean.js";
import { standardDeviation } from "../stats/standard-deviation.js";

/** Options of {@link mpiNormalise}. */
export type MpiNormaliseOptions = {
  /** Standard deviation of the data: `population` (n, as Mazziotta & Pareto; default) or `sample` (n − 1). */
  form: "population" | "sample";
};

/**
 * The Mazziotta-Pareto standardisation: each indicator centred on 100 with standard deviation 10, per period,
 * using the population standard deviation. The input of the `mpi` aggregation.
 *
 * Formula: z = 100 + 10 · (x − mean(x)) / sd(x), sd(x) = √(Σ (x − mean)² / n).
 * Reference: Mazziotta & Pareto (2016), Social Indicators Research 127, 983–1003 (the MPI's normalisation).
 * It is `z-score` with mean 100, sd 10 and the population form.
 * Complexity O(n). Missing values stay missing and do not enter the mean or standard deviation. An indicator
 * with no spread is an error (`zero-variance`).
 *
 * @example
 * // 2, 4, 6 → mean 4, population sd 1.633 → 87.75, 100, 112.25
 */
export const mpiNormalise: NormaliseMethod<MpiNormaliseOptions> = defineMethod({
  stage: "normalise",
  id: "mpi",
  label: "Mazziotta-Pareto standardisation",
  description: "Centres each indicator on 100 with a population standard deviation of 10 (for the MPI)",
  formula: "z = 100 + 10 · (x − mean(x)) / sd(x), population sd",
  citation:
    "Mazziotta & Pareto (2016) On a generalized non-compensatory composite index for measuring socio-economic phenomena, Social Indicators Research 127:983–1003",
  options: {
    type: "object",
    properties: {
      form: {
        enum: ["population", "sample"],
        default: "population",
        description:
          "Standard deviation of the data: population (n, as Mazziotta & Pareto) or sample (n − 1)",
      },
    },
    additionalProperties: false,
  },
  properties: { deterministic: true, usesWholeSample: true },
  missing: "Missing values stay missing and do not enter the mean or standard deviation.",
  normalise(x, options, ctx) {
    const m = meanOf(x);
    const s = standardDeviation(x, options.form);
    const out = new Float64Array(x.length).fill(Number.NaN);
    if (Number.isNaN(m)) return out;
    if (!(s > 0)) {
      ctx.report({
        severity: "error",
        code: "zero-variance",
        message: `mpi standardisation needs a standard deviation above zero, but ${show(ctx.indicator.id)} in ${show(ctx.period)} has ${Number.isNaN(s) ? "a single value" : "no spread"}`,
      });
      return out;
    }
    for (let i = 0; i < x.length; i++) out[i] = 100 + (10 * (x[i]! - m)) / s;
    ctx.audit({
      action: "normalised",
      node: ctx.indicator.id,
      period: ctx.period,
      details: { mean: m, sd: s, form: options.form },
      message: `standardised ${ctx.indicator.id} (mean ${m}, ${options.form} sd ${s}) to mean 100, sd 10`,
    });
    return out;
  },
});
