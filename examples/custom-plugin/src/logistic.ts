import { defineMethod, type NormaliseMethod } from "@cityindex/core";

/** Options of {@link logistic}. */
export type LogisticOptions = {
  /** Top of the scale: results lie strictly between 0 and `scale`. Default `100`. */
  scale: number;
  /** Steepness: how many standard deviations from the mean move a value from 50% to about 73%. Default `1`. */
  slope: number;
};

/**
 * Logistic normalisation: standardises each indicator, then maps it through the logistic curve onto
 * (0, scale). Values near the mean are spread out almost linearly; extreme values are squeezed towards the
 * ends instead of stretching the scale, so one outlier does not flatten every other unit as it does under
 * min-max. The results are strictly positive, so a geometric mean can follow.
 *
 * Formula: z = (x − mean(x)) / sd(x); y = scale / (1 + exp(−slope · z)). Population standard deviation.
 * Missing values stay missing and do not enter the mean or the standard deviation. An indicator without
 * spread in a period is reported as an error (`zero-variance`).
 *
 * @example
 * // x = 1, 2, 3 (mean 2, sd 0.816): y ≈ 22.7, 50, 77.3 with scale 100 and slope 1
 */
export const logistic: NormaliseMethod<LogisticOptions> = defineMethod({
  stage: "normalise",
  id: "logistic",
  label: "Logistic normalisation",
  description: "Maps standardised values through the logistic curve onto (0, scale), squeezing outliers",
  formula: "z = (x − mean(x)) / sd(x);  y = scale / (1 + exp(−slope · z))",
  citation: "The logistic function (Verhulst, 1845) applied to z-scores",
  options: {
    type: "object",
    properties: {
      scale: { type: "number", exclusiveMinimum: 0, default: 100, description: "Top of the scale" },
      slope: { type: "number", exclusiveMinimum: 0, default: 1, description: "Steepness of the curve" },
    },
    additionalProperties: false,
  },
  properties: { deterministic: true, usesWholeSample: true, minUnits: 2 },
  missing: "Missing values stay missing and do not enter the mean or the standard deviation.",
  normalise(x, options, ctx) {
    let n = 0;
    let sum = 0;
    for (const v of x) {
      if (!Number.isNaN(v)) {
        n++;
        sum += v;
      }
    }
    const mean = sum / n;
    let squares = 0;
    for (const v of x) if (!Number.isNaN(v)) squares += (v - mean) ** 2;
    const sd = Math.sqrt(squares / n);
    const out = new Float64Array(x.length).fill(Number.NaN);
    if (!(sd > 0)) {
      ctx.report({
        severity: "error",
        code: "zero-variance",
        message: `logistic normalisation needs values that differ, but \`${ctx.indicator.id}\` has no spread in \`${ctx.period}\``,
      });
      return out;
    }
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      if (!Number.isNaN(v)) out[i] = options.scale / (1 + Math.exp((-options.slope * (v - mean)) / sd));
    }
    ctx.audit({
      action: "normalised",
      node: ctx.indicator.id,
      period: ctx.period,
      details: { mean, sd, scale: options.scale, slope: options.slope },
      message: `mapped ${ctx.indicator.id} (mean ${mean}, sd ${sd}) through the logistic curve onto (0, ${options.scale})`,
    });
    return out;
  },
});
