import { show } from "../issues.js";
import { defineMethod, type NormaliseMethod } from "../methods.js";

/** Options of {@link fractionOfMax}: none. */
export type FractionOfMaxOptions = Record<string, never>;

/**
 * Ratio to the maximum: divides each value by the highest value of the indicator, per period, so the best unit
 * scores 1 and a unit with half its value scores 0.5.
 *
 * Formula: y = x / max(x).
 * Reference: OECD/JRC Handbook (2008), §5.2 ("distance to a reference": the leader); COINr `n_fracmax(x)`.
 * Complexity O(n). Missing values stay missing and do not enter the maximum; ties keep equal values.
 * The scale only makes sense with a positive maximum (dividing by zero or a negative number breaks or reverses
 * the order): a maximum of zero or below is an error (`non-positive-max`). With direction −1 the values arrive
 * negated, so the maximum is usually negative: use another method for such indicators.
 *
 * @example
 * // 2, 4, 8 → 0.25, 0.5, 1
 */
export const fractionOfMax: NormaliseMethod<FractionOfMaxOptions> = defineMethod({
  stage: "normalise",
  id: "fraction-of-max",
  label: "Ratio to the maximum",
  description: "Divides each value by the indicator's highest value",
  formula: "y = x / max(x)",
  citation: "OECD/JRC (2008) Handbook on Constructing Composite Indicators, §5.2; COINr n_fracmax()",
  options: { type: "object", properties: {}, additionalProperties: false },
  properties: { deterministic: true, usesWholeSample: true },
  missing: "Missing values stay missing and do not enter the maximum.",
  normalise(x, _options, ctx) {
    let hi = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < x.length; i++) if (x[i]! > hi) hi = x[i]!;
    const out = new Float64Array(x.length).fill(Number.NaN);
    if (hi === Number.NEGATIVE_INFINITY) return out;
    if (!(hi > 0)) {
      ctx.report({
        severity: "error",
        code: "non-positive-max",
        message: `fraction-of-max needs a positive maximum, but the maximum of ${show(ctx.indicator.id)} in ${show(ctx.period)} is ${show(hi)}${ctx.indicator.direction === -1 ? " (values negated for direction -1)" : ""}`,
      });
      return out;
    }
    for (let i = 0; i < x.length; i++) out[i] = x[i]! / hi;
    ctx.audit({
      action: "normalised",
      node: ctx.indicator.id,
      period: ctx.period,
      details: { max: hi },
      message: `divided ${ctx.indicator.id} by its maximum ${hi}`,
    });
    return out;
  },
});
