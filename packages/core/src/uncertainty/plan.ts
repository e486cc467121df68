import type { Stage } from "../spec/types.js";
import type { Discretisation } from "./design.js";

/** A pipeline step named by its position (from 0) or by its stage, when the pipeline has one step of it. */
export type StepRef = number | Stage;

/** One way of running a step: another method (with its options), or the same method with other options. */
export interface StepAlternative {
  /** Method id (default: the step's own method, whose options are then replaced by `options`). */
  method?: string;
  /** The method's options (default: none, so the method's defaults). */
  options?: Record<string, unknown>;
}

/** A step run with each of several methods, such as min-max or z-score normalisation. */
export interface StepAlternativesInput {
  /** A name for the input, unique in the plan (`"normalisation"`). */
  id: string;
  /** The step varied. */
  step: StepRef;
  /** The ways of running it; the run picks one, with equal probability. */
  alternatives: StepAlternative[];
}

/** One option of a step taking each of several values, such as a winsorisation budget of 1 to 5 points. */
export interface StepOptionInput {
  /** A name for the input, unique in the plan (`"winmax"`). */
  id: string;
  /** The step varied. */
  step: StepRef;
  /** The option's name. */
  option: string;
  /** Its values; the run picks one, with equal probability. */
  values: unknown[];
}

/** Weight sets: each run uses one of them for the edges it names (a child's weight within its parent). */
export interface WeightSetsInput {
  /** A name for the input, unique in the plan (`"weights"`). */
  id: string;
  /** The sets, each `{ childId: weight }`; edges a set does not name keep the weight the build gave them. */
  weights: Record<string, number>[];
}

/** Random noise on the weights of chosen framework levels, as COINr's `get_noisy_weights`. */
export interface WeightNoiseInput {
  /** A name for the input, unique in the plan (`"weights"`). */
  id: string;
  /**
   * The levels perturbed (the level of the child whose weight it is: 1 = indicators) and the size of the
   * perturbation: each weight w becomes w + (2u − 1)·factor·w with u uniform in (0, 1), so ±factor·100 %.
   */
  noise: { level: number; factor: number }[];
  /** How many noisy sets are drawn before the runs; each run uses one (default 100). */
  sets?: number;
  /**
   * Seed of the sets (default: the plan's seed plus the input's position, from 1). With the seed of an R
   * session's `set.seed`, the sets equal COINr's `get_noisy_weights` for the same weights and levels.
   */
  seed?: number;
}

/** Indicators (or any framework nodes) left out: each run leaves out none of them, or one. */
export interface ExclusionInput {
  /** A name for the input, unique in the plan (`"left-out"`). */
  id: string;
  /** The nodes that may be left out; alternatives are "none", then each of them in turn. */
  exclude: string[];
}

/** One uncertain input of a plan. */
export type UncertainInput =
  | StepAlternativesInput
  | StepOptionInput
  | WeightSetsInput
  | WeightNoiseInput
  | ExclusionInput;

/**
 * The scalar output whose variance a sensitivity analysis splits among the inputs: the mean absolute shift of
 * the units' ranks of a node from their nominal ranks (the default, on the first target), or one unit's rank or
 * score.
 */
export type SensitivityOutput =
  | { kind: "mean-absolute-rank-shift"; node?: string }
  | { kind: "rank" | "score"; unit: string; node?: string };

/** What an uncertainty or sensitivity analysis varies, how often and what it reports. */
export interface UncertaintyPlan {
  /**
   * `uncertainty` (the default): N runs of a Monte Carlo design. `sensitivity`: Saltelli's design, N(d + 2)
   * runs, and Sobol indices of {@link UncertaintyPlan.output}; its rank statistics come from the first 2N runs
   * (the two independent samples), as COINr's.
   */
  type?: "uncertainty" | "sensitivity";
  /** N: the number of runs of an uncertainty analysis, the base sample size of a sensitivity analysis. */
  samples: number;
  /** Seed of the design, the noisy weights and the bootstrap (default 1). The same seed gives the same result. */
  seed?: number;
  /** The uncertain inputs; their order is the order of the design's columns. */
  inputs: UncertainInput[];
  /**
   * A design to use instead of drawing one: rows of numbers in [0, 1], one per input (N rows for an uncertainty
   * analysis, N(d + 2) for a sensitivity analysis, in Saltelli's order: A, B, then AB⁽ⁱ⁾ for each input).
   */
  design?: number[][];
  /** How design numbers pick alternatives (default `unit-interval`; `observed-range` as COINr). */
  discretise?: Discretisation;
  /** The nodes whose ranks are summarised (default: the root, the index). */
  targets?: string[];
  /** The period analysed (default: the last). */
  period?: string;
  /** The output of a sensitivity analysis (default: the mean absolute rank shift of the first target). */
  output?: SensitivityOutput;
  /** Ranks count as "stable" within this many places of the nominal rank (default 3). */
  within?: number;
  /**
   * Count, for every pair of units, the runs in which one ranks above the other (default: when there are at
   * most 500 units; the counts take n² numbers per target).
   */
  pairwise?: boolean;
  /** Keep every run's choices, scores and ranks in the result (default `false`: summaries only). */
  keepRuns?: boolean;
}
