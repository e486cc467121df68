import { show } from "../issues.js";
import { defineMethod, type NormaliseMethod } from "../methods.js";

/** Options of {@link minMax}. */
export type MinMaxOptions = {
  /** The interval the lowest and highest values map onto. Default `[0, 100]`. */
  range: [number, number];
};

/**
 * Min-max normalisation: rescales each indicator so its lowest value maps to `range[0]` and its highest to
 * `range[1]`, per period.
 *
 * Formula: y = l + (x − min x) / (max x − min x) · (u − l).
 * Reference: OECD/JRC Handbook on Constructing Composite Indicators (2008), §5.2; COINr `n_minmax(x, l_u)`.
 * Complexity O(n). Missing values stay missing and are ignored for min and max; ties keep equal values.
 * An indicator whose values are all equal cannot be rescaled: that is an error (`zero-variance`).
 *
 * @example
 * // range [0, 100]: 2, 4, 6 → 0, 50, 100
 */
export const minMax: NormaliseMethod<MinMaxOptions> = defineMethod({
  stage: "normalise",
  id: "min-max",
  label: "Min-max normalisation",
  description: "Rescales each indicator linearly onto a fixed interval, lowest value to the lower bound",
  formula: "y = l + (x − min(x)) / (max(x) − min(x)) · (u − l)",
  citation: "OECD/JRC (2008) Handbook on Constructing Composite Indicators, §5.2; COINr n_minmax()",
  options: {
    type: "object",
    properties: {
      range: {
        type: "array",
        description: "Lower and upper bound of the normalised scale",
        items: { type: "number" },
        minItems: 2,
        maxItems: 2,
        default: [0, 100],
      },
    },
    additionalProperties: false,
  },
  properties: { deterministic: true, usesWholeSample: true },
  missing: "Missing values stay missing and do not enter the minimum or maximum.",
  normalise(x, options, ctx) {
    const [l, u] = options.range;
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    // Every element is written below (NaN in, NaN out), so the output needs no initial fill.
    const out = ctx.output?.() ?? new Float64Array(x.length);
    if (lo === Number.POSITIVE_INFINITY) return out.fill(Number.NaN);
    if (hi === lo) {
      ctx.report({
        severity: "error",
        code: "zero-variance",
        message: `min-max normalisation needs at least two different values, but every value of ${show(ctx.indicator.id)} in ${show(ctx.period)} is ${show(lo)}`,
      });
      return out.fill(Number.NaN);
    }
    // COINr's order of operations, so results agree with n_minmax() bit for bit.
    const range = hi - lo;
    const width = u - l;
    for (let i = 0; i < x.length; i++) out[i] = ((x[i]! - lo) / range) * width + l;
    ctx.audit({
      action: "normalised",
      node: ctx.indicator.id,
      period: ctx.period,
      details: { min: lo, max: hi, range: [l, u] },
      message: `rescaled ${ctx.indicator.id} from [${lo}, ${hi}] to [${l}, ${u}]`,
    });
    return out;
  },
});
