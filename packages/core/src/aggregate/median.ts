import { type AggregateMethod, defineMethod } from "../methods.js";
import { type AvailabilityOptions, minAvailabilitySchema, neededChildren } from "./availability.js";

/** Options of {@link medianAggregate}. */
export type MedianAggregateOptions = AvailabilityOptions & {
  /** `false` (default): the plain median, weights ignored; `true`: the weighted median. */
  weighted: boolean;
};

/** Two cumulative weights this close (relative to the total) count as equal, so rounding does not decide. */
const HALF_TOLERANCE = 1e-12;

/**
 * Median of a node's children, per unit: the plain median of the children with a value (the mean of the two
 * middle values when their count is even, as R's `median`), or with `weighted: true` the weighted median.
 * Little compensation: one extreme child cannot move the score beyond its neighbours. COINr has no median
 * aggregation.
 *
 * Weighted median: sort the available values, accumulate their weights; the score is the first value at which
 * the cumulative weight reaches half the total. When the cumulative weight equals exactly half the total at a
 * value, the score is the mean of that value and the next one, so that equal weights give the plain median.
 * Formula: plain y = median{ xⱼ }; weighted y = min{ x₍ₖ₎ : Σ_{i ≤ k} w₍ᵢ₎ ≥ ½ Σ wⱼ } (midpoint at an exact half).
 * Reference: Edgeworth's weighted median, e.g. Hurley & Rickard (2009), "Sorting and weighted medians".
 * Complexity O(n k log k). Ties between children do not matter (equal values). Missing children are skipped;
 * below `minAvailability` the score is missing.
 *
 * @example
 * // x 1, 5, 9, 100 → 7; weighted with w 1, 1, 1, 5 → 100
 */
export const medianAggregate: AggregateMethod<MedianAggregateOptions> = defineMethod({
  stage: "aggregate",
  id: "median",
  label: "Median",
  description: "Median of the children (plain by default, or weighted), skipping missing ones",
  formula: "y = median{ xⱼ }; weighted: the smallest x₍ₖ₎ with Σ_{i≤k} w₍ᵢ₎ ≥ ½ Σ w",
  citation: "Hurley & Rickard (2009) Sorting and weighted medians, IEEE Signal Processing Letters",
  options: {
    type: "object",
    properties: {
      weighted: {
        type: "boolean",
        default: false,
        description:
          "false: the plain median of the available children (weights ignored); true: the weighted median",
      },
      minAvailability: minAvailabilitySchema,
    },
    additionalProperties: false,
  },
  properties: { deterministic: true, compensatory: false, usesWholeSample: false },
  missing:
    "Missing children are skipped (their weights too, for the weighted median); below minAvailability the score is missing.",
  aggregate(values, weights, options) {
    const n = values[0]?.length ?? 0;
    const k = values.length;
    const need = neededChildren(k, options.minAvailability);
    const out = new Float64Array(n);
    const order: number[] = [];
    for (let i = 0; i < n; i++) {
      order.length = 0;
      let wsum = 0;
      for (let j = 0; j < k; j++) {
        if (Number.isNaN(values[j]![i]!)) continue;
        order.push(j);
        wsum += weights[j]!;
      }
      if (order.length < need || (options.weighted && !(wsum > 0))) {
        out[i] = Number.NaN;
        continue;
      }
      order.sort((a, b) => values[a]![i]! - values[b]![i]!);
      const at = (r: number): number => values[order[r]!]![i]!;
      const m = order.length;
      if (!options.weighted) {
        out[i] = m % 2 === 1 ? at(m >> 1) : (at((m >> 1) - 1) + at(m >> 1)) / 2;
        continue;
      }
      const half = wsum / 2;
      let cumulative = 0;
      out[i] = at(m - 1);
      for (let r = 0; r < m; r++) {
        cumulative += weights[order[r]!]!;
        if (Math.abs(cumulative - half) <= HALF_TOLERANCE * wsum && r + 1 < m) {
          // Exactly half the weight at or below this value: the midpoint to the next value with weight.
          let next = r + 1;
          while (next < m - 1 && weights[order[next]!]! === 0) next++;
          out[i] = (at(r) + at(next)) / 2;
          break;
        }
        if (cumulative > half) {
          out[i] = at(r);
          break;
        }
      }
    }
    return out;
  },
});
