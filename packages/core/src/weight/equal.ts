import { defineMethod, type WeightMethod } from "../methods.js";

/** Options of {@link equalWeights}: none. */
export type EqualWeightsOptions = Record<string, never>;

/**
 * Equal weights: every child of a node gets weight 1/k, where k is the number of children.
 *
 * Reference: OECD/JRC Handbook (2008), §6.1. Complexity O(k).
 *
 * @example
 * // a node with 4 children → 0.25, 0.25, 0.25, 0.25
 */
export const equalWeights: WeightMethod<EqualWeightsOptions> = defineMethod({
  stage: "weight",
  id: "equal",
  label: "Equal weights",
  description: "Gives every child of a node the same weight",
  formula: "wⱼ = 1 / k",
  citation: "OECD/JRC (2008) Handbook on Constructing Composite Indicators, §6.1",
  options: { type: "object", properties: {}, additionalProperties: false },
  properties: { deterministic: true, usesWholeSample: false },
  weight(_options, ctx) {
    return new Float64Array(ctx.children.length).fill(1 / ctx.children.length);
  },
});
