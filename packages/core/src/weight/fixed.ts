import { defineMethod, type WeightMethod } from "../methods.js";

/** Options of {@link fixedWeights}. */
export type FixedWeightsOptions = {
  /** Weights by child id that replace the spec's; children not named keep theirs. */
  weights?: Record<string, number>;
};

/**
 * Fixed weights: the weights written in the spec's framework (or indicators), optionally overridden by id.
 * Weights are relative: a node's children's weights are divided by their sum when aggregating.
 *
 * Reference: COINr's iMeta `Weight` column. Complexity O(k).
 *
 * @example
 * // { "weights": { "media_tone": 2 } } doubles media_tone's weight within its dimension
 */
export const fixedWeights: WeightMethod<FixedWeightsOptions> = defineMethod({
  stage: "weight",
  id: "fixed",
  label: "Fixed weights",
  description: "Uses the weights written in the spec, optionally overridden by id",
  citation: "OECD/JRC (2008) Handbook on Constructing Composite Indicators, §6",
  options: {
    type: "object",
    properties: {
      weights: {
        type: "object",
        description: "Weights by child id that replace the spec's",
        additionalProperties: { type: "number", minimum: 0 },
      },
    },
    additionalProperties: false,
  },
  properties: { deterministic: true, usesWholeSample: false },
  weight(options, ctx) {
    const out = Float64Array.from(ctx.current);
    const given = options.weights ?? {};
    ctx.children.forEach((c, j) => {
      if (Object.hasOwn(given, c.id)) out[j] = given[c.id]!;
    });
    return out;
  },
});
