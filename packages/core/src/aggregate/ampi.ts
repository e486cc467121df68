import { type AggregateMethod, defineMethod } from "../methods.js";
import { type MazziottaParetoOptions, mazziottaParetoOptionsSchema, penalisedMean } from "./mpi.js";

/** Options of {@link adjustedMazziottaPareto}. */
export type AdjustedMazziottaParetoOptions = MazziottaParetoOptions;

/**
 * Adjusted Mazziotta-Pareto Index (AMPI): the MPI's penalised mean on children rescaled with goalposts common
 * to every period (the `ampi` normalisation, onto about 70..130 with the reference value at 100), so that
 * scores are comparable over time. The aggregation is the same as the MPI's: the unit's mean M lowered (or
 * raised) by S·cv, with S the population standard deviation of its children and cv = S / M.
 *
 * Formula: AMPI∓ = M ∓ S · cv = M ∓ S² / M, with M = Σ wⱼ rⱼ / Σ wⱼ and S = √(Σ wⱼ (rⱼ − M)² / Σ wⱼ).
 * Reference: Mazziotta & Pareto (2016), Social Indicators Research 127, 983–1003;
 * Mazziotta & Pareto (2018), "Measuring well-being over time: the adjusted Mazziotta-Pareto index versus
 * other non-compensatory indices", Social Indicators Research 136, 967–976. Equal weights give their AMPI.
 * Complexity O(n k). Missing children are skipped (weights renormalised); below `minAvailability` the score
 * is missing. A unit whose mean is not above zero gets no score, with a warning.
 *
 * @example
 * // r 100, 120 with equal weights → M 110, S 10, AMPI− = 110 − 100/110 = 109.0909...
 */
export const adjustedMazziottaPareto: AggregateMethod<AdjustedMazziottaParetoOptions> = defineMethod({
  stage: "aggregate",
  id: "ampi",
  label: "Adjusted Mazziotta-Pareto Index (AMPI)",
  description:
    "Mean of the children rescaled with common goalposts, penalised by their unbalance: M − S·cv (expects the ampi normalisation)",
  formula: "AMPI∓ = M ∓ S·cv, cv = S / M, S the population standard deviation of the unit's children",
  citation:
    "Mazziotta & Pareto (2016) Social Indicators Research 127:983–1003; Mazziotta & Pareto (2018) Social Indicators Research 136:967–976",
  options: mazziottaParetoOptionsSchema,
  properties: { deterministic: true, compensatory: false, usesWholeSample: false },
  missing:
    "Missing children are skipped (mean and standard deviation over the others, weights renormalised); below minAvailability the score is missing.",
  aggregate(values, weights, options, ctx) {
    return penalisedMean(values, weights, options, ctx, "Adjusted Mazziotta-Pareto Index");
  },
});
