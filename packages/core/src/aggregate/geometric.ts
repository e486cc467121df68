import { show } from "../issues.js";
import { type AggregateMethod, defineMethod } from "../methods.js";
import { type AvailabilityOptions, minAvailabilitySchema, weightedQuasiMean } from "./availability.js";

/** Options of {@link geometricMean}. */
export type GeometricMeanOptions = AvailabilityOptions;

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
    const bad = new Uint8Array(ctx.units.length);
    values.forEach((column, j) => {
      column.forEach((v, i) => {
        if (!(v <= 0)) return;
        bad[i] = 1;
        ctx.report({
          severity: "error",
          code: "non-positive",
          path: `data/${ctx.units[i]}/${ctx.children[j]!.id}/${ctx.period}`,
          message: `geometric mean requires positive values, got ${show(v)} for ${show(ctx.children[j]!.id)} (${ctx.units[i]}); normalise onto a positive range such as [1, 100]`,
        });
      });
    });
    return weightedQuasiMean(
      values,
      weights,
      options.minAvailability,
      Math.log,
      Math.exp,
      (i) => bad[i] === 1,
      ctx?.output?.(),
    );
  },
});
