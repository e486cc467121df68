import { show } from "../issues.js";
import { type DenominateMethod, defineMethod } from "../methods.js";

/** Options of {@link divide}. */
export type DivideOptions = {
  /** Multiplies the ratio, e.g. `1000000` for "per million inhabitants". Default `1`. */
  scale: number;
};

/**
 * Denomination by division: turns an indicator into a ratio to its denominator (an indicator or a numeric unit
 * metadata column named by the indicator's `denominator`), such as flights per million inhabitants.
 * Indicators without a `denominator` are left as they are.
 *
 * Formula: y = scale · x / d.
 * Reference: COINr `Denominate(coin, denoms, denomby)` (division, scale 1).
 * Complexity O(n). A missing value or missing denominator gives a missing ratio. A zero denominator gives a
 * missing ratio and a warning (COINr gives `NaN` or `Inf`).
 *
 * @example
 * // x 10, 20; d 2, 0 → 5, NaN (warning)
 */
export const divide: DenominateMethod<DivideOptions> = defineMethod({
  stage: "denominate",
  id: "divide",
  label: "Division by a denominator",
  description: "Divides each indicator that names a denominator by it, times a scale factor",
  formula: "y = scale · x / d",
  citation: "OECD/JRC (2008) Handbook, §1.3; COINr Denominate()",
  options: {
    type: "object",
    properties: {
      scale: {
        type: "number",
        exclusiveMinimum: 0,
        description: "Multiplies the ratio (1000000 for per million)",
        default: 1,
      },
    },
    additionalProperties: false,
  },
  properties: { deterministic: true, usesWholeSample: false },
  missing: "A missing value or denominator gives a missing ratio; a zero denominator gives a missing ratio.",
  denominate(x, d, options, ctx) {
    const out = new Float64Array(x.length);
    const zero: string[] = [];
    for (let i = 0; i < x.length; i++) {
      const den = d[i]!;
      if (den === 0) {
        out[i] = Number.NaN;
        if (!Number.isNaN(x[i]!)) zero.push(ctx.units[i]!);
      } else {
        out[i] = (options.scale * x[i]!) / den;
      }
    }
    if (zero.length > 0) {
      ctx.report({
        severity: "warning",
        code: "zero-denominator",
        message: `${show(ctx.indicator.id)} in ${show(ctx.period)} has a zero denominator ${show(ctx.indicator.denominator)} for ${zero.map((u) => show(u)).join(", ")}; the ratio is missing`,
      });
    }
    ctx.audit({
      action: "denominated",
      node: ctx.indicator.id,
      period: ctx.period,
      details: { denominator: ctx.indicator.denominator, scale: options.scale },
      message: `divided ${ctx.indicator.id} by ${ctx.indicator.denominator}${options.scale !== 1 ? ` times ${options.scale}` : ""}`,
    });
    return out;
  },
});
