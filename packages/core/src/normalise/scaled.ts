import { show } from "../issues.js";
import { defineMethod, type NormaliseMethod } from "../methods.js";

/** Options of {@link scaled}. */
export type ScaledOptions = {
  /** Bounds `[l, u]` on the indicator's own scale (before direction); l scores 0 and u scores 100. Default `[0, 100]`. */
  bounds: [number, number];
};

/**
 * Scaling by fixed bounds: a linear map that sends the bound `l` to 0 and `u` to 100, without clamping, the same
 * in every period. This is not min-max: the bounds are given, not taken from the data, and values outside them
 * score below 0 or above 100. It is the goalposts method without truncation and with scale 100.
 *
 * Formula: y = (x − l) / (u − l) · 100 for direction 1. For direction −1 the method receives the values negated
 * and negates and swaps the bounds to match, so l scores 100 and u scores 0: y = (u − x) / (u − l) · 100.
 * Reference: COINr `n_scaled(x, npara = c(l, u))` (used for some GII 2020 indicators). COINr applies `npara` to
 * the negated values as they are; here the bounds follow the direction, as goalposts do.
 * Complexity O(n); no statistic of the sample is used. Missing values stay missing; ties keep equal values.
 * Bounds that are not increasing are an error (`bad-bounds`).
 *
 * @example
 * // bounds [0, 50]: 3, 1, 4 → 6, 2, 8
 */
export const scaled: NormaliseMethod<ScaledOptions> = defineMethod({
  stage: "normalise",
  id: "scaled",
  label: "Scaling by fixed bounds",
  description: "Maps fixed bounds l and u linearly onto 0 and 100, without clamping",
  formula: "y = (x − l) / (u − l) · 100, bounds with direction applied",
  citation: "COINr n_scaled()",
  options: {
    type: "object",
    properties: {
      bounds: {
        type: "array",
        description: "Values [l, u] on the indicator's own scale that map onto 0 and 100",
        items: { type: "number" },
        minItems: 2,
        maxItems: 2,
        default: [0, 100],
      },
    },
    additionalProperties: false,
  },
  properties: { deterministic: true, usesWholeSample: false },
  missing: "Missing values stay missing.",
  example: { options: { bounds: [0, 50] } },
  normalise(x, options, ctx) {
    const out = new Float64Array(x.length).fill(Number.NaN);
    const [l, u] = options.bounds;
    if (!(l < u)) {
      ctx.report({
        severity: "error",
        code: "bad-bounds",
        message: `scaled normalisation of ${show(ctx.indicator.id)} needs bounds [l, u] with l < u, got ${show(options.bounds)}`,
      });
      return out;
    }
    const direction = ctx.indicator.direction;
    const lo = direction === -1 ? -u : l;
    const hi = direction === -1 ? -l : u;
    const span = hi - lo;
    for (let i = 0; i < x.length; i++) out[i] = ((x[i]! - lo) / span) * 100;
    ctx.audit({
      action: "normalised",
      node: ctx.indicator.id,
      period: ctx.period,
      details: { bounds: [l, u], direction },
      message: `scaled ${ctx.indicator.id} from the bounds [${l}, ${u}]${direction === -1 ? " (lower is better)" : ""} onto 0 to 100`,
    });
    return out;
  },
});
