import { show } from "../issues.js";
import { defineMethod, type NormaliseMethod } from "../methods.js";

/** Options of {@link minMax}. */
export type MinMaxOptions = {
  /** The interval the lowest and highest values map onto. Default `[0, 100]`. */
  range: [number, number];
  /**
   * Where the lowest and highest values are taken: `period` (the default) in each period on its own;
   * `all-periods` over the whole panel (COINr's `global = TRUE`), so a score means the same in every period;
   * `base-period` in the period `base`, so later periods can pass the bounds.
   */
  bounds?: "period" | "all-periods" | "base-period";
  /** The base period of `bounds: "base-period"` (default: the first period). */
  base?: string;
};

/**
 * Min-max normalisation: rescales each indicator so its lowest value maps to `range[0]` and its highest to
 * `range[1]`, per period; or, for scores comparable over periods, with the lowest and highest values of every
 * period together (`bounds: "all-periods"`) or of a base period (`bounds: "base-period"`, values beyond its
 * bounds map beyond the range).
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
      bounds: {
        enum: ["period", "all-periods", "base-period"],
        default: "period",
        description:
          "Where the lowest and highest values are taken: each period on its own, every period together (comparable scores over time; COINr's global), or the base period",
      },
      base: {
        type: "string",
        description: "Base period of bounds base-period (default: the first period)",
      },
    },
    additionalProperties: false,
  },
  properties: { deterministic: true, usesWholeSample: true },
  missing: "Missing values stay missing and do not enter the minimum or maximum.",
  normalise(x, options, ctx) {
    const [l, u] = options.range;
    const bounds = options.bounds ?? "period";
    let from: Float64Array = x;
    let over = ctx.period;
    if (bounds === "all-periods") {
      from = ctx.panel();
      over = "every period";
    } else if (bounds === "base-period") {
      const base = options.base ?? ctx.periods[0]!;
      const p = ctx.periods.indexOf(base);
      if (p < 0) {
        ctx.report({
          severity: "error",
          code: "unknown-period",
          message: `min-max base period ${show(base)} is not a period of the data; periods: ${ctx.periods.join(", ")}`,
        });
        return (ctx.output?.() ?? new Float64Array(x.length)).fill(Number.NaN);
      }
      from = ctx.panel().subarray(p * x.length, (p + 1) * x.length);
      over = base;
    }
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < from.length; i++) {
      const v = from[i]!;
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
        message: `min-max normalisation needs at least two different values, but every value of ${show(ctx.indicator.id)} in ${show(over)} is ${show(lo)}`,
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
      details: {
        min: lo,
        max: hi,
        range: [l, u],
        bounds,
        ...(bounds === "base-period" ? { base: over } : {}),
      },
      message: `rescaled ${ctx.indicator.id} from [${lo}, ${hi}]${bounds === "period" ? "" : ` (bounds of ${over})`} to [${l}, ${u}]`,
    });
    return out;
  },
});
