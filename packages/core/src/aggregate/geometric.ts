import { show } from "../issues.js";
import { type AggregateMethod, defineMethod } from "../methods.js";
import { minAvailabilitySchema, neededChildren } from "./availability.js";

/** Options of {@link geometricMean}. */
export type GeometricMeanOptions = {
  /** Minimum share of children with a value (0..1); default `0` (one child is enough). */
  minAvailability: number;
};

/**
 * Weighted geometric mean of a node's children. Partly compensatory: a low value costs more than a high value
 * gains. Needs strictly positive values (normalise onto a range such as [1, 100] first); a zero or negative
 * value is an error naming the unit and the child.
 *
 * Formula: y = (Π xⱼ^wⱼ)^(1 / Σ wⱼ) = exp(Σ wⱼ ln xⱼ / Σ wⱼ) over the children j with a value.
 * Reference: OECD/JRC Handbook (2008), §6.2; COINr `a_gmean(x, w)`.
 * Complexity O(n k).
 *
 * @example
 * // x 1, 100 with w 1, 1 → 10
 */
export const geometricMean: AggregateMethod<GeometricMeanOptions> = defineMethod({
  stage: "aggregate",
  id: "geometric",
  label: "Weighted geometric mean",
  description: "Weighted geometric mean of the children; needs positive values",
  formula: "y = exp(Σ wⱼ ln xⱼ / Σ wⱼ)",
  citation: "OECD/JRC (2008) Handbook on Constructing Composite Indicators, §6.2; COINr a_gmean()",
  options: {
    type: "object",
    properties: { minAvailability: minAvailabilitySchema },
    additionalProperties: false,
  },
  properties: { deterministic: true, compensatory: true, needsPositive: true, usesWholeSample: false },
  missing:
    "Missing children are skipped and the other weights renormalised; below minAvailability the score is missing.",
  aggregate(values, weights, options, ctx) {
    const n = ctx.units.length;
    const k = values.length;
    const need = neededChildren(k, options.minAvailability);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let sum = 0;
      let wsum = 0;
      let have = 0;
      let bad = false;
      for (let j = 0; j < k; j++) {
        const v = values[j]![i]!;
        if (Number.isNaN(v)) continue;
        if (v <= 0) {
          ctx.report({
            severity: "error",
            code: "non-positive",
            path: `data/${ctx.units[i]}/${ctx.children[j]!.id}/${ctx.period}`,
            message: `geometric mean requires positive values, got ${show(v)} for ${show(ctx.children[j]!.id)} (${ctx.units[i]}); normalise onto a positive range such as [1, 100]`,
          });
          bad = true;
          continue;
        }
        sum += weights[j]! * Math.log(v);
        wsum += weights[j]!;
        have++;
      }
      out[i] = !bad && have >= need && wsum > 0 ? Math.exp(sum / wsum) : Number.NaN;
    }
    return out;
  },
});
