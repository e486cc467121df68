import { show } from "../issues.js";
import { type AggregateMethod, defineMethod } from "../methods.js";
import { type AvailabilityOptions, minAvailabilitySchema, neededChildren } from "./availability.js";
import { applyScale, type ChildScaling, scaleMap } from "./scale-children.js";

/** Options of {@link topsis}. */
export type TopsisOptions = AvailabilityOptions & {
  /** How the children are scaled first: `vector` (Hwang & Yoon; default), `min-max` or `none`. */
  normalisation: ChildScaling;
  /** Fixed ideal values by child id, on the children's scale as they enter the step; others use the sample's best. */
  ideals?: Record<string, number>;
  /** Fixed anti-ideal values by child id, on the children's scale; others use the sample's worst. */
  antiIdeals?: Record<string, number>;
  /** Multiplies the closeness (0..1); `100` gives scores on 0..100. Default `1`. */
  scale: number;
};

/**
 * TOPSIS (Technique for Order Preference by Similarity to Ideal Solution): scores each unit by its relative
 * closeness to the ideal point and distance from the anti-ideal point, in the space of the weighted, scaled
 * children. Every child counts as "higher is better" (directions are applied by the normalisation step). The
 * ideal and anti-ideal are the best and worst weighted values of each child over the units in this period, or
 * fixed values given per child (on the children's scale; they go through the same scaling and weighting).
 *
 * Formula: rᵢⱼ = xᵢⱼ / √(Σᵢ xᵢⱼ²) (vector) or (xᵢⱼ − minⱼ) / (maxⱼ − minⱼ) (min-max); vᵢⱼ = wⱼ rᵢⱼ / Σ w;
 * A⁺ⱼ = maxᵢ vᵢⱼ, A⁻ⱼ = minᵢ vᵢⱼ; Dᵢ± = √(Σⱼ (vᵢⱼ − A±ⱼ)²); Cᵢ = Dᵢ⁻ / (Dᵢ⁺ + Dᵢ⁻), times `scale`.
 * Reference: Hwang & Yoon (1981), Multiple Attribute Decision Making: Methods and Applications, Springer.
 * COINr has no TOPSIS.
 * Complexity O(n k). Missing values: the scaling and the sample ideals use the units with a value; a unit's
 * distances are taken over its available children (below `minAvailability` the score is missing). A unit
 * that is both at the ideal and at the anti-ideal on every child (no spread) has no score, with a warning.
 * Ties: equal units get equal scores.
 *
 * @example
 * // two children, units (1, 1), (0, 0), (1, 0) with w 1, 1, min-max → C = 1, 0, 0.5
 */
export const topsis: AggregateMethod<TopsisOptions> = defineMethod({
  stage: "aggregate",
  id: "topsis",
  label: "TOPSIS (closeness to the ideal)",
  description:
    "Relative closeness of each unit to the ideal point and distance from the anti-ideal point of the weighted children",
  formula:
    "C = D⁻ / (D⁺ + D⁻), D± the Euclidean distances of the weighted scaled children to the (anti-)ideal",
  citation: "Hwang & Yoon (1981) Multiple Attribute Decision Making: Methods and Applications, Springer",
  options: {
    type: "object",
    properties: {
      normalisation: {
        enum: ["vector", "min-max", "none"],
        default: "vector",
        description:
          "Scaling of each child before weighting: vector x / sqrt(sum x^2) (Hwang & Yoon), min-max, or none",
      },
      ideals: {
        type: "object",
        additionalProperties: { type: "number" },
        description:
          "Fixed ideal values by child id, on the children's scale; children not listed use the sample's best value",
      },
      antiIdeals: {
        type: "object",
        additionalProperties: { type: "number" },
        description:
          "Fixed anti-ideal values by child id, on the children's scale; children not listed use the sample's worst value",
      },
      scale: {
        type: "number",
        exclusiveMinimum: 0,
        default: 1,
        description: "Multiplies the closeness (0..1); 100 gives scores on 0..100",
      },
      minAvailability: minAvailabilitySchema,
    },
    additionalProperties: false,
  },
  properties: {
    deterministic: true,
    compensatory: true,
    usesWholeSample: true,
    minUnits: 2,
  },
  missing:
    "Scaling and sample ideals use the units with a value; a unit's distances are over its available children; below minAvailability the score is missing.",
  aggregate(values, weights, options, ctx) {
    const n = values[0]?.length ?? 0;
    const k = values.length;
    const need = neededChildren(k, options.minAvailability);
    let wtotal = 0;
    for (let j = 0; j < k; j++) wtotal += weights[j]!;
    const scaled = values.map((x, j) => {
      const map = scaleMap(x, options.normalisation);
      const w = weights[j]! / wtotal;
      return { w, map, v: x.map((value) => w * applyScale(value, map)) };
    });
    const ideal = new Float64Array(k);
    const anti = new Float64Array(k);
    scaled.forEach(({ w, map, v }, j) => {
      let best = Number.NEGATIVE_INFINITY;
      let worst = Number.POSITIVE_INFINITY;
      for (const value of v) {
        if (Number.isNaN(value)) continue;
        if (value > best) best = value;
        if (value < worst) worst = value;
      }
      const id = ctx.children[j]?.id ?? "";
      const fixedIdeal = options.ideals?.[id];
      const fixedAnti = options.antiIdeals?.[id];
      ideal[j] = fixedIdeal === undefined ? best : w * applyScale(fixedIdeal, map);
      anti[j] = fixedAnti === undefined ? worst : w * applyScale(fixedAnti, map);
    });
    const out = new Float64Array(n);
    const flat: string[] = [];
    for (let i = 0; i < n; i++) {
      let plus = 0;
      let minus = 0;
      let have = 0;
      for (let j = 0; j < k; j++) {
        const v = scaled[j]!.v[i]!;
        if (Number.isNaN(v)) continue;
        plus += (v - ideal[j]!) ** 2;
        minus += (v - anti[j]!) ** 2;
        have++;
      }
      if (have < need || !(wtotal > 0)) {
        out[i] = Number.NaN;
        continue;
      }
      const dPlus = Math.sqrt(plus);
      const dMinus = Math.sqrt(minus);
      if (!(dPlus + dMinus > 0)) {
        flat.push(ctx.units[i]!);
        out[i] = Number.NaN;
        continue;
      }
      out[i] = (options.scale * dMinus) / (dPlus + dMinus);
    }
    if (flat.length > 0) {
      ctx.report({
        severity: "warning",
        code: "no-spread",
        message: `TOPSIS cannot score ${flat.map((u) => show(u)).join(", ")} for ${show(ctx.node.id)} in ${show(ctx.period)}: the ideal and anti-ideal coincide on every child they have`,
      });
    }
    return out;
  },
});
