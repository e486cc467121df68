import { type AggregateMethod, defineMethod } from "../methods.js";
import { type AvailabilityOptions, minAvailabilitySchema, neededChildren } from "./availability.js";
import { reportOutOfDomain } from "./check-values.js";

/** Options of {@link generalisedMean}. */
export type GeneralisedMeanOptions = AvailabilityOptions & {
  /** The power p: `1` arithmetic, `0` geometric, `-1` harmonic, `2` quadratic. Required. */
  p: number;
};

/**
 * Weighted generalised (power, Hölder) mean of a node's children. The power p sets how compensatory it is:
 * the larger p, the more a high value makes up for a low one. p = 1 is the arithmetic mean, p = 0 the
 * geometric mean (the limit, computed as such), p = −1 the harmonic mean; for p < q the p-mean never exceeds
 * the q-mean.
 *
 * Formula: y = (Σ wⱼ xⱼᵖ / Σ wⱼ)^(1/p) for p ≠ 0, y = exp(Σ wⱼ ln xⱼ / Σ wⱼ) for p = 0, over the children j
 * with a value. Computed as m · (Σ wⱼ (xⱼ/m)ᵖ / Σ wⱼ)^(1/p) with m the largest (p > 0) or smallest (p < 0)
 * value, which is the same number without overflow for large |p|.
 * Domain: p ≤ 0 needs strictly positive values; p > 0 needs values ≥ 0 (a power mean is not defined for
 * negative numbers). A value outside the domain is an error naming the unit and the child, and that unit's
 * score is missing. The runner's `needsPositive` check cannot depend on p, so the method checks itself.
 * Reference: COINr `a_genmean(x, w, p)`, with one difference: COINr returns `NA` when any child is missing
 * (its `sum()` has no `na.rm`) and refuses p = 0; here missing children are skipped and the weights of the
 * others renormalised, as in COINr's own arithmetic, geometric and harmonic means, and p = 0 is the geometric
 * mean.
 * Complexity O(n k).
 *
 * @example
 * // x 1, 7 with w 1, 1 and p = 2 → sqrt((1 + 49) / 2) = 5
 */
export const generalisedMean: AggregateMethod<GeneralisedMeanOptions> = defineMethod({
  stage: "aggregate",
  id: "generalised",
  label: "Weighted generalised (power) mean",
  description: "Weighted power mean of the children with exponent p (1 arithmetic, 0 geometric, −1 harmonic)",
  formula: "y = (Σ wⱼ xⱼᵖ / Σ wⱼ)^(1/p); p = 0: y = exp(Σ wⱼ ln xⱼ / Σ wⱼ)",
  citation: "Bullen (2003) Handbook of Means and Their Inequalities, ch. III; COINr a_genmean()",
  options: {
    type: "object",
    properties: {
      p: {
        type: "number",
        description:
          "The power: 1 arithmetic, 0 geometric, -1 harmonic, 2 quadratic; p <= 0 needs positive values, p > 0 values >= 0",
      },
      minAvailability: minAvailabilitySchema,
    },
    required: ["p"],
    additionalProperties: false,
  },
  properties: { deterministic: true, compensatory: true, usesWholeSample: false },
  missing:
    "Missing children are skipped and the other weights renormalised (COINr's a_genmean returns NA instead); below minAvailability the score is missing.",
  aggregate(values, weights, options, ctx) {
    const p = options.p;
    const bad =
      p > 0
        ? reportOutOfDomain(values, ctx, `generalised mean with p = ${p}`, "non-negative", (v) => v >= 0)
        : reportOutOfDomain(values, ctx, `generalised mean with p = ${p}`, "positive", (v) => v > 0);
    const n = values[0]?.length ?? 0;
    const k = values.length;
    const need = neededChildren(k, options.minAvailability);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let wsum = 0;
      let have = 0;
      let scale = p > 0 ? 0 : Number.POSITIVE_INFINITY;
      for (let j = 0; j < k; j++) {
        const v = values[j]![i]!;
        if (Number.isNaN(v)) continue;
        wsum += weights[j]!;
        have++;
        scale = p > 0 ? Math.max(scale, v) : Math.min(scale, v);
      }
      if (have < need || !(wsum > 0) || bad[i] === 1) {
        out[i] = Number.NaN;
        continue;
      }
      if (p > 0 && scale === 0) {
        out[i] = 0;
        continue;
      }
      let sum = 0;
      for (let j = 0; j < k; j++) {
        const v = values[j]![i]!;
        if (Number.isNaN(v)) continue;
        sum += p === 0 ? weights[j]! * Math.log(v) : weights[j]! * (v / scale) ** p;
      }
      out[i] = p === 0 ? Math.exp(sum / wsum) : scale * (sum / wsum) ** (1 / p);
    }
    return out;
  },
});
