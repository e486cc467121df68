import { show } from "../issues.js";
import { defineMethod, type NormaliseMethod } from "../methods.js";

/** Options of {@link distanceToReference}. */
export type DistanceToReferenceOptions = {
  /** Id of the reference unit, whose value scores 1. */
  unit: string;
  /** Give 1 to every unit above the reference instead of a score above 1. Default `false`. */
  cap: boolean;
};

/**
 * Distance to a reference unit: scores each value by its distance to the value of a chosen unit (a benchmark
 * city), as a share of the distance from the lowest value to the reference, per period. The worst unit scores
 * 0, the reference 1, and units above the reference more than 1 unless `cap` is set.
 *
 * Formula: y = 1 − (x_ref − x) / (x_ref − min(x)); with `cap`, y = min(y, 1).
 * Reference: OECD/JRC Handbook (2008), §5.2 ("distance to a reference"); COINr `n_dist2ref(x, iref, cap_max)`
 * (COINr takes the reference as a position; here it is a unit id).
 * Complexity O(n). Missing values stay missing and do not enter the minimum; ties keep equal values.
 * Errors: no reference unit in the options or one that is not among the units (`missing-reference`,
 * `unknown-unit`), a reference unit without a value in the period (`missing-reference`; COINr warns and
 * returns `NA`s), and a reference at the lowest value, which leaves
 * nothing to divide by (`zero-range`). Direction −1 is applied to every value, the reference's included, as
 * in COINr.
 *
 * @example
 * // unit: "C"; 3, 1, 4, 1, 5 (units A to E) → 0.667, 0, 1, 0, 1.333; with cap: ..., 1
 */
export const distanceToReference: NormaliseMethod<DistanceToReferenceOptions> = defineMethod({
  stage: "normalise",
  id: "distance-to-reference",
  label: "Distance to a reference unit",
  description: "Scores each value by its distance to the value of a chosen reference unit",
  formula: "y = 1 − (x_ref − x) / (x_ref − min(x)); with cap, min(y, 1)",
  citation: "OECD/JRC (2008) Handbook on Constructing Composite Indicators, §5.2; COINr n_dist2ref()",
  options: {
    type: "object",
    properties: {
      unit: { type: "string", minLength: 1, description: "Id of the reference unit, which scores 1" },
      cap: {
        type: "boolean",
        description: "Score every unit above the reference 1 instead of more than 1",
        default: false,
      },
    },
    required: ["unit"],
    additionalProperties: false,
  },
  properties: { deterministic: true, usesWholeSample: true },
  missing:
    "Missing values stay missing and do not enter the minimum; a reference unit without a value is an error.",
  example: { options: { unit: "C" } },
  normalise(x, options, ctx) {
    const out = new Float64Array(x.length).fill(Number.NaN);
    if (typeof options.unit !== "string") {
      ctx.report({
        severity: "error",
        code: "missing-reference",
        message: `distance-to-reference needs a reference unit for ${show(ctx.indicator.id)}: give its id in the step's options (\`unit\`)`,
      });
      return out;
    }
    const where = ctx.units.indexOf(options.unit);
    if (where < 0) {
      ctx.report({
        severity: "error",
        code: "unknown-unit",
        message: `distance-to-reference: the reference unit ${show(options.unit)} is not among the units of ${show(ctx.indicator.id)} in ${show(ctx.period)}`,
      });
      return out;
    }
    const ref = x[where]!;
    if (Number.isNaN(ref)) {
      ctx.report({
        severity: "error",
        code: "missing-reference",
        message: `distance-to-reference: the reference unit ${show(options.unit)} has no value of ${show(ctx.indicator.id)} in ${show(ctx.period)}; impute it first or choose another unit`,
      });
      return out;
    }
    let lo = Number.POSITIVE_INFINITY;
    for (let i = 0; i < x.length; i++) if (x[i]! < lo) lo = x[i]!;
    if (ref === lo) {
      ctx.report({
        severity: "error",
        code: "zero-range",
        message: `distance-to-reference: the reference unit ${show(options.unit)} has the lowest value of ${show(ctx.indicator.id)} in ${show(ctx.period)} (${show(ref)}), so there is no distance to scale by`,
      });
      return out;
    }
    const span = ref - lo;
    for (let i = 0; i < x.length; i++) {
      const y = 1 - (ref - x[i]!) / span;
      out[i] = options.cap && y > 1 ? 1 : y;
    }
    ctx.audit({
      action: "normalised",
      node: ctx.indicator.id,
      period: ctx.period,
      details: { unit: options.unit, reference: ref, min: lo, cap: options.cap },
      message: `scored ${ctx.indicator.id} by its distance to ${options.unit} (${ref}) over [${lo}, ${ref}]${options.cap ? ", capped at 1" : ""}`,
    });
    return out;
  },
});
