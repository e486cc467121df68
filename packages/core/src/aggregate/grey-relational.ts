import { type AggregateMethod, defineMethod } from "../methods.js";
import { type AvailabilityOptions, minAvailabilitySchema, neededChildren } from "./availability.js";
import { applyScale, type ChildScaling, scaleMap } from "./scale-children.js";

/** Options of {@link greyRelational}. */
export type GreyRelationalOptions = AvailabilityOptions & {
  /** Distinguishing coefficient ρ in (0, 1]. Default `0.5`. */
  rho: number;
  /** How the children are scaled first: `none` (default: as the normalisation step left them) or `min-max`. */
  normalisation: Exclude<ChildScaling, "vector">;
  /** Fixed reference values by child id, on the children's scale; children not listed use the sample's best. */
  references?: Record<string, number>;
};

/**
 * Grey relational grade (Deng's grey relational analysis): scores each unit by how close its children are to
 * a reference series, the ideal unit (each child's best value over the units in this period) or fixed values
 * per child. Each child's closeness is a grey relational coefficient in (0, 1], equal to 1 at the reference;
 * the grade is their weighted mean. Every child counts as "higher is better".
 *
 * Formula: Δᵢⱼ = |x₀ⱼ − xᵢⱼ|; Δmin, Δmax the smallest and largest Δ over all units and children;
 * ξᵢⱼ = (Δmin + ρ Δmax) / (Δᵢⱼ + ρ Δmax); grade γᵢ = Σⱼ wⱼ ξᵢⱼ / Σⱼ wⱼ.
 * Reference: Deng (1989), "Introduction to grey system theory", The Journal of Grey System 1(1), 1–24;
 * Kuo, Yang & Huang (2008), "The use of grey relational analysis in solving multiple attribute decision-making
 * problems", Computers & Industrial Engineering 55, 80–93. COINr has no grey relational analysis.
 * Complexity O(n k). Missing values: the reference, Δmin and Δmax use the cells with a value; a unit's grade
 * is over its available children, weights renormalised (below `minAvailability` the score is missing). When
 * every cell equals the reference (Δmax = 0), every coefficient is 1.
 *
 * @example
 * // one child, values 0, 5, 10 (reference 10, Δ 10, 5, 0), ρ 0.5 → 5/15, 5/10, 5/5 = 0.333, 0.5, 1
 */
export const greyRelational: AggregateMethod<GreyRelationalOptions> = defineMethod({
  stage: "aggregate",
  id: "grey-relational",
  label: "Grey relational grade",
  description:
    "Weighted mean of Deng's grey relational coefficients of each child to a reference series (the ideal unit by default)",
  formula: "ξᵢⱼ = (Δmin + ρΔmax) / (Δᵢⱼ + ρΔmax), Δᵢⱼ = |x₀ⱼ − xᵢⱼ|; γᵢ = Σ wⱼ ξᵢⱼ / Σ wⱼ",
  citation:
    "Deng (1989) Introduction to grey system theory, The Journal of Grey System 1(1):1–24; Kuo, Yang & Huang (2008) Computers & Industrial Engineering 55:80–93",
  options: {
    type: "object",
    properties: {
      rho: {
        type: "number",
        exclusiveMinimum: 0,
        maximum: 1,
        default: 0.5,
        description:
          "Distinguishing coefficient in (0, 1]: the smaller, the more the coefficients are spread",
      },
      normalisation: {
        enum: ["none", "min-max"],
        default: "none",
        description:
          "Scaling of each child before comparing: none (as the normalisation step left them) or min-max onto [0, 1]",
      },
      references: {
        type: "object",
        additionalProperties: { type: "number" },
        description:
          "Fixed reference values by child id, on the children's scale; children not listed use the sample's best value",
      },
      minAvailability: minAvailabilitySchema,
    },
    additionalProperties: false,
  },
  properties: { deterministic: true, compensatory: true, usesWholeSample: true, minUnits: 1 },
  missing:
    "The reference and the Δ range use the cells with a value; a unit's grade is over its available children with the weights renormalised; below minAvailability the score is missing.",
  aggregate(values, weights, options, ctx) {
    const n = values[0]?.length ?? 0;
    const k = values.length;
    const need = neededChildren(k, options.minAvailability);
    const deltas = values.map((x, j) => {
      const map = scaleMap(x, options.normalisation);
      const r = x.map((v) => applyScale(v, map));
      const fixed = options.references?.[ctx.children[j]?.id ?? ""];
      let reference = Number.NEGATIVE_INFINITY;
      if (fixed === undefined)
        for (const v of r) reference = Number.isNaN(v) ? reference : Math.max(reference, v);
      else reference = applyScale(fixed, map);
      return r.map((v) => Math.abs(reference - v));
    });
    let dMin = Number.POSITIVE_INFINITY;
    let dMax = Number.NEGATIVE_INFINITY;
    for (const d of deltas) {
      for (const v of d) {
        if (Number.isNaN(v)) continue;
        if (v < dMin) dMin = v;
        if (v > dMax) dMax = v;
      }
    }
    const rho = options.rho;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let sum = 0;
      let wsum = 0;
      let have = 0;
      for (let j = 0; j < k; j++) {
        const d = deltas[j]![i]!;
        if (Number.isNaN(d)) continue;
        const xi = dMax > 0 ? (dMin + rho * dMax) / (d + rho * dMax) : 1;
        sum += weights[j]! * xi;
        wsum += weights[j]!;
        have++;
      }
      out[i] = have >= need && wsum > 0 ? sum / wsum : Number.NaN;
    }
    return out;
  },
});
