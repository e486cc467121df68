import { show } from "../issues.js";
import { defineMethod, type NormaliseMethod } from "../methods.js";

/** Options of {@link distanceToMax}: none. */
export type DistanceToMaxOptions = Record<string, never>;

/**
 * Distance to the maximum: one minus each value's distance to the highest value, as a share of the range, per
 * period. The best unit scores 1 and the worst 0; numerically this is min-max onto [0, 1], computed as COINr
 * computes it.
 *
 * Formula: y = 1 − (max(x) − x) / (max(x) − min(x)).
 * Reference: OECD/JRC Handbook (2008), §5.2 ("distance to a reference": the leader); COINr `n_dist2max(x)`.
 * Complexity O(n). Missing values stay missing and do not enter the minimum or maximum; ties keep equal values.
 * An indicator whose values are all equal has no range: that is an error (`zero-variance`).
 *
 * @example
 * // 2, 4, 6 → 0, 0.5, 1
 */
export const distanceToMax: NormaliseMethod<DistanceToMaxOptions> = defineMethod({
  stage: "normalise",
  id: "distance-to-max",
  label: "Distance to the maximum",
  description: "Scores each value by its distance to the highest value, as a share of the range",
  formula: "y = 1 − (max(x) − x) / (max(x) − min(x))",
  citation: "OECD/JRC (2008) Handbook on Constructing Composite Indicators, §5.2; COINr n_dist2max()",
  options: { type: "object", properties: {}, additionalProperties: false },
  properties: { deterministic: true, usesWholeSample: true },
  missing: "Missing values stay missing and do not enter the minimum or maximum.",
  normalise(x, _options, ctx) {
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const out = new Float64Array(x.length).fill(Number.NaN);
    if (lo === Number.POSITIVE_INFINITY) return out;
    if (hi === lo) {
      ctx.report({
        severity: "error",
        code: "zero-variance",
        message: `distance-to-max needs at least two different values, but every value of ${show(ctx.indicator.id)} in ${show(ctx.period)} is ${show(lo)}`,
      });
      return out;
    }
    const range = hi - lo;
    for (let i = 0; i < x.length; i++) out[i] = 1 - (hi - x[i]!) / range;
    ctx.audit({
      action: "normalised",
      node: ctx.indicator.id,
      period: ctx.period,
      details: { min: lo, max: hi },
      message: `scored ${ctx.indicator.id} by its distance to the maximum ${hi} over the range [${lo}, ${hi}]`,
    });
    return out;
  },
});
