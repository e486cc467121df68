import { show } from "../issues.js";
import { type AggregateContext, type AggregateMethod, defineMethod, type JsonSchema } from "../methods.js";
import { type AvailabilityOptions, minAvailabilitySchema, neededChildren } from "./availability.js";

/** Options of {@link mazziottaPareto} and {@link adjustedMazziottaPareto}. */
export type MazziottaParetoOptions = AvailabilityOptions & {
  /**
   * `negative` (default): y = M − S·cv, for a composite where higher is better (unbalance lowers the score);
   * `positive`: y = M + S·cv, for a composite where higher is worse (unbalance raises it).
   */
  penalty: "negative" | "positive";
  /** `true` (default): weighted mean and standard deviation; with equal weights this is the original index. */
  weighted: boolean;
};

/** The options both Mazziotta-Pareto aggregations share. */
export const mazziottaParetoOptionsSchema: JsonSchema = {
  type: "object",
  properties: {
    penalty: {
      enum: ["negative", "positive"],
      default: "negative",
      description:
        "negative: M - S·cv, for a composite where higher is better; positive: M + S·cv, for one where higher is worse",
    },
    weighted: {
      type: "boolean",
      default: true,
      description:
        "true: the unit's mean and standard deviation weighted by the children's weights (equal weights give the original index); false: weights ignored",
    },
    minAvailability: minAvailabilitySchema,
  },
  additionalProperties: false,
};

/**
 * The Mazziotta-Pareto penalised mean per unit, shared by MPI and AMPI: M and S are the (weighted) mean and
 * population standard deviation of the unit's available children, cv = S / M, and y = M ∓ S·cv. A unit whose
 * mean is not above zero has no coefficient of variation: its score is missing, with a warning.
 */
export function penalisedMean(
  values: readonly Float64Array[],
  weights: Float64Array,
  options: MazziottaParetoOptions,
  ctx: AggregateContext,
  label: string,
): Float64Array {
  const n = values[0]?.length ?? 0;
  const k = values.length;
  const need = neededChildren(k, options.minAvailability);
  const sign = options.penalty === "positive" ? 1 : -1;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let wsum = 0;
    let sum = 0;
    let have = 0;
    for (let j = 0; j < k; j++) {
      const v = values[j]![i]!;
      if (Number.isNaN(v)) continue;
      const w = options.weighted ? weights[j]! : 1;
      wsum += w;
      sum += w * v;
      have++;
    }
    if (have < need || !(wsum > 0)) {
      out[i] = Number.NaN;
      continue;
    }
    const m = sum / wsum;
    let squares = 0;
    for (let j = 0; j < k; j++) {
      const v = values[j]![i]!;
      if (Number.isNaN(v)) continue;
      squares += (options.weighted ? weights[j]! : 1) * (v - m) ** 2;
    }
    const s = Math.sqrt(squares / wsum);
    if (!(m > 0)) {
      ctx.report({
        severity: "warning",
        code: "non-positive-mean",
        path: `data/${ctx.units[i]}/${ctx.node.id}/${ctx.period}`,
        message: `${label} needs a positive mean of the children, got ${show(m)} for ${show(ctx.node.id)} (${ctx.units[i]}), so its score is missing; standardise the indicators around 100 first`,
      });
      out[i] = Number.NaN;
      continue;
    }
    out[i] = m + (sign * s * s) / m;
  }
  return out;
}

/**
 * Mazziotta-Pareto Index (MPI): a non-compensatory composite that penalises a unit whose children are
 * unbalanced. The children are expected on the MPI scale z = 100 + 10 · (x − mean) / sd with the population
 * standard deviation (the `mpi` normalisation); the unit's mean M is then lowered (or raised) by S·cv, where S
 * is the population standard deviation of its children and cv = S / M.
 *
 * Formula: MPI∓ = M ∓ S · cv = M ∓ S² / M, with M = Σ wⱼ zⱼ / Σ wⱼ and S = √(Σ wⱼ (zⱼ − M)² / Σ wⱼ).
 * Reference: Mazziotta & Pareto (2016), "On a generalized non-compensatory composite index for measuring
 * socio-economic phenomena", Social Indicators Research 127, 983–1003; with equal weights (the default when
 * the spec's weights are equal) this is their MPI exactly. COINr has no MPI.
 * Complexity O(n k). Missing children are skipped (M and S over the others, weights renormalised); below
 * `minAvailability` the score is missing. A unit whose mean is not above zero gets no score, with a warning.
 *
 * @example
 * // z 110, 90 with equal weights → M 100, S 10, cv 0.1, MPI− = 100 − 1 = 99
 */
export const mazziottaPareto: AggregateMethod<MazziottaParetoOptions> = defineMethod({
  stage: "aggregate",
  id: "mpi",
  label: "Mazziotta-Pareto Index (MPI)",
  description:
    "Mean of the standardised children penalised by their unbalance: M − S·cv (expects the mpi normalisation)",
  formula: "MPI∓ = M ∓ S·cv, cv = S / M, S the population standard deviation of the unit's children",
  citation:
    "Mazziotta & Pareto (2016) On a generalized non-compensatory composite index for measuring socio-economic phenomena, Social Indicators Research 127:983–1003",
  options: mazziottaParetoOptionsSchema,
  properties: { deterministic: true, compensatory: false, usesWholeSample: false },
  missing:
    "Missing children are skipped (mean and standard deviation over the others, weights renormalised); below minAvailability the score is missing.",
  aggregate(values, weights, options, ctx) {
    return penalisedMean(values, weights, options, ctx, "Mazziotta-Pareto Index");
  },
});
