import { type AggregateMethod, defineMethod } from "../methods.js";
import {
  type AvailabilityOptions,
  identity,
  minAvailabilitySchema,
  weightedQuasiMean,
} from "./availability.js";

/** Options of {@link arithmeticMean}. */
export type ArithmeticMeanOptions = AvailabilityOptions;

/**
 * Weighted arithmetic mean of a node's children. Missing children are skipped and the weights of the others
 * renormalised to sum to one. Fully compensatory: a high value makes up for a low one at the rate of the
 * weights.
 *
 * Formula: y = Σ wⱼ xⱼ / Σ wⱼ over the children j with a value.
 * Reference: OECD/JRC Handbook (2008), §6.2; COINr `a_amean(x, w)`.
 * Complexity O(n k).
 *
 * @example
 * // x 2, 4, NaN with w 1, 3, 1 → (2 + 12) / 4 = 3.5
 */
export const arithmeticMean: AggregateMethod<ArithmeticMeanOptions> = defineMethod({
  stage: "aggregate",
  id: "arithmetic",
  label: "Weighted arithmetic mean",
  description: "Weighted mean of the children, skipping missing ones and renormalising the weights",
  formula: "y = Σ wⱼ xⱼ / Σ wⱼ",
  citation: "OECD/JRC (2008) Handbook on Constructing Composite Indicators, §6.2; COINr a_amean()",
  options: {
    type: "object",
    properties: { minAvailability: minAvailabilitySchema },
    additionalProperties: false,
  },
  properties: { deterministic: true, compensatory: true, usesWholeSample: false },
  missing:
    "Missing children are skipped and the other weights renormalised; below minAvailability the score is missing.",
  aggregate(values, weights, options, ctx) {
    const out = ctx?.output?.();
    return weightedQuasiMean(values, weights, options.minAvailability, identity, identity, undefined, out);
  },
});
