import { type AggregateMethod, defineMethod } from "../methods.js";
import { type AvailabilityOptions, minAvailabilitySchema, neededChildren } from "./availability.js";
import { reportOutOfDomain } from "./check-values.js";

/** Options of {@link harmonicMean}. */
export type HarmonicMeanOptions = AvailabilityOptions;

/**
 * Weighted harmonic mean of a node's children. Less compensatory than the geometric mean: a low value pulls
 * the score down strongly. Needs strictly positive values (normalise onto a range such as [1, 100] first); a
 * zero or negative value is an error naming the unit and the child, and that unit's score is missing.
 *
 * Formula: y = Σ wⱼ / Σ (wⱼ / xⱼ) over the children j with a value.
 * Reference: COINr `a_hmean(x, w)`, which skips missing values the same way.
 * Complexity O(n k). Missing children are skipped and the remaining weights renormalised; with fewer children
 * than `minAvailability` asks for, the score is missing.
 *
 * @example
 * // x 1, 2, 3 with w 2, 1, 1 → 4 / (2/1 + 1/2 + 1/3) = 1.4117...
 */
export const harmonicMean: AggregateMethod<HarmonicMeanOptions> = defineMethod({
  stage: "aggregate",
  id: "harmonic",
  label: "Weighted harmonic mean",
  description: "Weighted harmonic mean of the children; needs positive values",
  formula: "y = Σ wⱼ / Σ (wⱼ / xⱼ)",
  citation: "OECD/JRC (2008) Handbook on Constructing Composite Indicators, §6.2; COINr a_hmean()",
  options: {
    type: "object",
    properties: { minAvailability: minAvailabilitySchema },
    additionalProperties: false,
  },
  properties: { deterministic: true, compensatory: true, needsPositive: true, usesWholeSample: false },
  missing:
    "Missing children are skipped and the other weights renormalised; below minAvailability the score is missing.",
  aggregate(values, weights, options, ctx) {
    const bad = reportOutOfDomain(values, ctx, "harmonic mean", "positive", (v) => v > 0);
    const n = values[0]?.length ?? 0;
    const k = values.length;
    const need = neededChildren(k, options.minAvailability);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let wsum = 0;
      let inverse = 0;
      let have = 0;
      for (let j = 0; j < k; j++) {
        const v = values[j]![i]!;
        if (Number.isNaN(v)) continue;
        wsum += weights[j]!;
        inverse += weights[j]! / v;
        have++;
      }
      out[i] = have >= need && wsum > 0 && bad[i] === 0 ? wsum / inverse : Number.NaN;
    }
    return out;
  },
});
