import { show } from "../issues.js";
import { defineMethod, type NormaliseMethod } from "../methods.js";

/** Options of {@link ampiNormalise}. */
export type AmpiNormaliseOptions = {
  /** The period whose mean is the reference value (mapped to 100). Default: the first period. */
  base?: string;
  /**
   * Fixed reference values by indicator id, in the indicator's own units (before its direction is applied);
   * they replace the base-period mean for those indicators.
   */
  references?: Record<string, number>;
};

/**
 * The adjusted Mazziotta-Pareto rescaling: each indicator onto about 70..130 with goalposts common to every
 * period, so that values are comparable over time. The goalposts are the reference value (the mean of the base
 * period, or a fixed value) ± Δ, with Δ half the range of the indicator over all periods and units; the
 * reference maps to 100 and a change of Δ to ± 30. The input of the `ampi` aggregation.
 *
 * Formula: r = 70 + 60 · (x − Inf) / (Sup − Inf), Inf = Ref − Δ, Sup = Ref + Δ, Δ = (max − min) / 2 over
 * every period and unit; equivalently r = 100 + 30 · (x − Ref) / Δ.
 * Reference: Mazziotta & Pareto (2016), Social Indicators Research 127, 983–1003 (the AMPI's normalisation);
 * Mazziotta & Pareto (2018), Social Indicators Research 136, 967–976.
 * Complexity O(n · P) per period (P periods: the goalposts use the whole panel). Missing values stay missing
 * and enter neither the reference nor the range. A direction of −1 is applied before (the values are negated,
 * and so is a fixed reference). An indicator with no spread over the panel is an error (`zero-variance`), and
 * so is a base period with no value (`no-reference`).
 *
 * @example
 * // one period, 2, 4, 6: Ref 4, Δ 2 → 70, 100, 130
 */
export const ampiNormalise: NormaliseMethod<AmpiNormaliseOptions> = defineMethod({
  stage: "normalise",
  id: "ampi",
  label: "Adjusted Mazziotta-Pareto rescaling",
  description:
    "Rescales each indicator onto about 70..130 with goalposts (reference ± half the range) common to every period (for the AMPI)",
  formula:
    "r = 70 + 60 · (x − Inf) / (Sup − Inf), (Inf, Sup) = Ref ∓ Δ, Δ = (max − min) / 2 over all periods",
  citation:
    "Mazziotta & Pareto (2016) Social Indicators Research 127:983–1003; Mazziotta & Pareto (2018) Social Indicators Research 136:967–976",
  options: {
    type: "object",
    properties: {
      base: {
        type: "string",
        minLength: 1,
        description: "Period whose mean is the reference value (mapped to 100); default: the first period",
      },
      references: {
        type: "object",
        additionalProperties: { type: "number" },
        description:
          "Fixed reference values by indicator id, in the indicator's own units; they replace the base-period mean",
      },
    },
    additionalProperties: false,
  },
  properties: { deterministic: true, usesWholeSample: true, usesPanel: true },
  missing: "Missing values stay missing and enter neither the reference value nor the range.",
  normalise(x, options, ctx) {
    const out = new Float64Array(x.length).fill(Number.NaN);
    const id = ctx.indicator.id;
    const panel = ctx.panel();
    const n = ctx.units.length;
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const v of panel) {
      if (Number.isNaN(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (lo > hi) return out;
    const delta = (hi - lo) / 2;
    if (!(delta > 0)) {
      ctx.report({
        severity: "error",
        code: "zero-variance",
        message: `ampi rescaling needs a spread over all periods, but ${show(id)} has ${lo === hi ? `the single value ${show(lo)}` : "no value"}`,
      });
      return out;
    }
    let reference: number;
    let from: string;
    const fixed = options.references?.[id];
    if (fixed !== undefined) {
      reference = ctx.indicator.direction === -1 ? -fixed : fixed;
      from = "fixed";
    } else {
      const base = options.base ?? ctx.periods[0]!;
      const p = ctx.periods.indexOf(base);
      if (p < 0) {
        ctx.report({
          severity: "error",
          code: "unknown-period",
          message: `ampi base period ${show(base)} is not a period of the data; periods: ${ctx.periods.join(", ")}`,
        });
        return out;
      }
      let sum = 0;
      let count = 0;
      for (let u = 0; u < n; u++) {
        const v = panel[p * n + u]!;
        if (Number.isNaN(v)) continue;
        sum += v;
        count++;
      }
      if (count === 0) {
        ctx.report({
          severity: "error",
          code: "no-reference",
          message: `ampi needs a reference value, but ${show(id)} has no value in the base period ${show(base)}; choose another \`base\` or give \`references\``,
        });
        return out;
      }
      reference = sum / count;
      from = `mean of ${base}`;
    }
    const inf = reference - delta;
    const sup = reference + delta;
    for (let i = 0; i < x.length; i++) out[i] = 70 + (60 * (x[i]! - inf)) / (sup - inf);
    ctx.audit({
      action: "normalised",
      node: id,
      period: ctx.period,
      details: { reference, referenceFrom: from, delta, inf, sup, min: lo, max: hi },
      message: `rescaled ${id} onto 70..130 with goalposts ${inf} and ${sup} (reference ${reference}, ${from}; Δ ${delta})`,
    });
    return out;
  },
});
