import type { Dataset } from "./data/dataset.js";
import type { Issue } from "./issues.js";
import type { FrameworkModel, IndicatorModel, NodeModel } from "./model/framework.js";
import type { Stage } from "./spec/types.js";

/** A JSON Schema object, as accepted by ajv (draft 2020-12 subset). */
export type JsonSchema = Record<string, unknown>;

/** What a method does, for documentation and for checks. */
export interface MethodProperties {
  /** For aggregation: can a high value of one child make up for a low value of another? */
  compensatory?: boolean;
  /** Needs strictly positive values (logs, geometric means). */
  needsPositive?: boolean;
  /** The result for one unit depends on the other units' values (min-max, z-score, mean imputation). */
  usesWholeSample?: boolean;
  /** The same input always gives the same output. */
  deterministic: boolean;
  /** Needs at least this many units with a value (checked before the method runs). */
  minUnits?: number;
  /** For weighting and aggregation: needs at least this many children. */
  minChildren?: number;
  /** Works on every period at once (`ctx.panel()`), not one cross-section at a time. */
  usesPanel?: boolean;
}

/** A problem a method reports while running; the runner adds `source` and, when absent, a path. */
export type MethodIssue = Omit<Issue, "source" | "path"> & { path?: string };

/** One change a step made, for the audit trail. */
export interface AuditEntry {
  /** Index of the pipeline step (0-based), or `-1` for work done before the pipeline (reading data). */
  step: number;
  /** The step's stage. */
  stage: Stage | "input";
  /** The step's method id. */
  method: string;
  /** What kind of change: `imputed`, `denominated`, `normalised`, `weights`, `aggregated`, `derived`, ... */
  action: string;
  /** The unit concerned, if one. */
  unit?: string;
  /** The indicator or framework node concerned, if one. */
  node?: string;
  /** The period concerned, if one. */
  period?: string;
  /** The value before the change, if one cell changed. */
  before?: number | null;
  /** The value after the change, if one cell changed. */
  after?: number | null;
  /** Details: parameters computed (min and max used, weights, group means). */
  details?: Record<string, unknown>;
  /** A sentence saying what was done and why. */
  message: string;
}

/** What every method is given besides its input. */
export interface MethodContext {
  /** The period being processed. */
  period: string;
  /** Every period of the data, in order. */
  periods: readonly string[];
  /** Position of {@link MethodContext.period} in {@link MethodContext.periods}. */
  periodIndex: number;
  /** Unit ids, in the order of the vectors. */
  units: readonly string[];
  /** The framework, with levels, parents and indicator metadata. */
  framework: FrameworkModel;
  /** Reports a problem; `error` stops the run after the step. */
  report(issue: MethodIssue): void;
  /** Records a change in the audit trail; the runner fills in step, stage and method. */
  audit(entry: Omit<AuditEntry, "step" | "stage" | "method">): void;
  /** What the method's `setup` returned for this step (for instance a solver loaded lazily), if it has one. */
  prepared?: unknown;
}

/** Context of a method that works on one indicator's vector. */
export interface IndicatorContext extends MethodContext {
  /** The indicator being processed. */
  indicator: IndicatorModel;
  /** A unit metadata column as a vector in unit order (`null` where a unit lacks it). */
  unitMeta(column: string): readonly (string | number | boolean | null)[];
  /**
   * This indicator in every period, period-major (`panel()[p * units.length + u]`), as the step sees it: with
   * the direction applied in a normalisation step. For methods that set parameters over all periods (global
   * goalposts) or move along time (interpolation). Do not mutate it.
   */
  panel(): Float64Array;
  /**
   * Another indicator or framework node in this period, as the step sees it (before this step; no direction
   * applied), for methods that work across a unit's indicators (row-wise imputation). Throws if absent.
   */
  column(id: string): Float64Array;
  /**
   * A writable vector of `units.length` values that the method may fill and return as its result instead of
   * allocating one. The runner gives memory it no longer needs (under `keep: "final"`, the columns of datasets
   * it has dropped), so a large build maps fresh memory less often. Its contents are unspecified: a method that
   * uses it writes every element. It never shares memory with the method's input, the panel or any column the
   * step reads, and each call returns another vector. Absent when a method is called outside the runner, so a
   * method falls back on a new vector: `ctx.output?.() ?? new Float64Array(x.length)`.
   */
  output?(): Float64Array;
  /**
   * The units in this period's sample: `present[u]` is `0` for a unit absent from the period (no data there, or
   * excluded from it by a screening step), `1` otherwise; absent when every unit is present, the usual case. An
   * absent unit's values are missing and stay so: an imputation leaves them missing (`fillMissing` does),
   * and the runner makes missing any value a method gives them.
   */
  present?: Uint8Array;
}

/**
 * The input of a method's worked example in its reference page. Pages use a standard input per stage unless a
 * method gives its own: a normaliser, imputer or treatment gets COINr's test vector `c(3,1,4,1,5,9,2,6,NA,5,35,8)`; a weighting or
 * aggregation method gets three children over five units.
 */
export interface MethodExample {
  /** Options for the example, over the method's defaults. */
  options?: Record<string, unknown>;
  /** One indicator's values (normalise, impute, treat), `null` for missing. */
  input?: (number | null)[];
  /** Children's values, one array per child (weight, aggregate). */
  children?: Record<string, (number | null)[]>;
  /** Weights of the children (aggregate). */
  weights?: number[];
  /** Indicator fields the example needs (goalposts, target). */
  indicator?: Partial<Pick<IndicatorModel, "goalposts" | "target" | "direction">>;
  /** Unit metadata columns (a grouping for group imputation). */
  meta?: Record<string, (string | number | null)[]>;
}

/** Fields common to all method definitions. */
export interface MethodBase<O> {
  /** The stage the method belongs to. */
  stage: Stage;
  /** Kebab-case id, unique within its stage: `min-max`. */
  id: string;
  /** Long name: `Min-max normalisation`. */
  label: string;
  /** One line saying what it does. */
  description: string;
  /** The formula, in plain text or LaTeX. */
  formula?: string;
  /** A paper, handbook or R function the method follows. */
  citation?: string;
  /** JSON Schema of the options, with defaults; `additionalProperties: false` is added if absent. */
  options: JsonSchema;
  /** Declared properties. */
  properties: MethodProperties;
  /** What the method does with missing values and ties. */
  missing?: string;
  /**
   * Called once per step before the method runs, for work that is asynchronous or worth doing once (loading a
   * solver, compiling); what it returns reaches the method as `ctx.prepared`. Not used by `derive` methods,
   * which have `prepare`.
   */
  setup?(options: O): Promise<unknown>;
  /** The worked example of its reference page, when the standard input of its stage does not suit it. */
  example?: MethodExample;
  /** Marks the options type; never set at run time. */
  readonly __options?: O;
}

/** Normalisation: maps one indicator's values (direction already applied) onto a common scale. */
export interface NormaliseMethod<O = Record<string, unknown>> extends MethodBase<O> {
  stage: "normalise";
  /** Returns a new vector; `NaN` in, `NaN` out. */
  normalise(x: Float64Array, options: O, ctx: IndicatorContext): Float64Array;
}

/** Imputation: fills missing values of one indicator, never changing observed ones. */
export interface ImputeMethod<O = Record<string, unknown>> extends MethodBase<O> {
  stage: "impute";
  /** Returns a new vector with some `NaN`s filled. */
  impute(x: Float64Array, options: O, ctx: IndicatorContext): Float64Array;
}

/** Denomination: divides an indicator by a denominator (population, GDP, area). */
export interface DenominateMethod<O = Record<string, unknown>> extends MethodBase<O> {
  stage: "denominate";
  /** Returns a new vector. */
  denominate(x: Float64Array, denominator: Float64Array, options: O, ctx: IndicatorContext): Float64Array;
}

/** Treatment: transforms one indicator's values to tame outliers. */
export interface TreatMethod<O = Record<string, unknown>> extends MethodBase<O> {
  stage: "treat";
  /** Returns a new vector. */
  treat(x: Float64Array, options: O, ctx: IndicatorContext): Float64Array;
}

/** Context of a weighting method: one parent node and its children. */
export interface WeightContext extends MethodContext {
  /** The parent node whose children are weighted. */
  node: NodeModel;
  /** The children's ids, in framework order. */
  children: readonly NodeModel[];
  /** The current weights of the children (from the spec or an earlier step). */
  current: Float64Array;
  /** The dataset the step sees, with every period. */
  data: Dataset;
  /** An earlier dataset of the run by name (`Raw`, `Imputed`, ...), the latest with that name. */
  dataset(name: string): Dataset | undefined;
}

/** Weighting: sets the weights of a node's children. */
export interface WeightMethod<O = Record<string, unknown>> extends MethodBase<O> {
  stage: "weight";
  /** Returns one weight per child. */
  weight(options: O, ctx: WeightContext): Float64Array;
}

/** Context of an aggregation method: one parent node in one period. */
export interface AggregateContext extends MethodContext {
  /** The node being computed. */
  node: NodeModel;
  /** Its children, in the order of the vectors. */
  children: readonly NodeModel[];
  /**
   * A writable vector of `units.length` values that the method may fill and return as its result instead of
   * allocating one, as {@link IndicatorContext.output}: contents unspecified (write every element), never shared
   * with the children's vectors, another vector at each call, absent outside the runner.
   */
  output?(): Float64Array;
  /** The units in this period's sample, as {@link IndicatorContext.present}: absent units get no score. */
  present?: Uint8Array;
}

/** Aggregation: combines children's vectors into their parent's vector. */
export interface AggregateMethod<O = Record<string, unknown>> extends MethodBase<O> {
  stage: "aggregate";
  /** `values[j][u]` is child j of unit u; returns the parent's vector. */
  aggregate(
    values: readonly Float64Array[],
    weights: Float64Array,
    options: O,
    ctx: AggregateContext,
  ): Float64Array;
}

/** Context of a screening method. */
export interface ScreenContext extends MethodContext {
  /** The dataset the step sees, in this period. */
  data: Dataset;
  /** Indicators in the step's scope. */
  indicators: readonly IndicatorModel[];
}

/**
 * A screening's decisions period by period: `byPeriod[p][u]` is `null` to keep unit `u` in period `p`, or the
 * reason to exclude it from that period only. An excluded unit-period becomes absent (see
 * {@link IndicatorContext.present}): its values are made missing from this step on and it is not imputed, scored or
 * ranked there, while the unit keeps its other periods. A unit excluded from every period where it has data is
 * excluded from the index, as with a reason per unit.
 */
export interface PeriodScreening {
  /** One array per period (in the order of the data's periods) of one decision per unit. */
  byPeriod: readonly (readonly (string | null)[])[];
}

/** Screening: decides which units stay in the index, or in which periods. */
export interface ScreenMethod<O = Record<string, unknown>> extends MethodBase<O> {
  stage: "screen";
  /**
   * Returns, for each unit, `null` to keep it or a reason to exclude it from the index (from every period); or,
   * to decide period by period, a {@link PeriodScreening}.
   */
  screen(options: O, ctx: ScreenContext): (string | null)[] | PeriodScreening;
}

/** Context of a derivation method. */
export interface DeriveContext extends MethodContext {
  /** Indicators that the step computes, in an order where inputs come first. */
  targets: readonly IndicatorModel[];
  /** Reads a column (an indicator) in this period. */
  column(id: string): Float64Array;
}

/** Derivation: computes indicators from other indicators. */
export interface DeriveMethod<O = Record<string, unknown>> extends MethodBase<O> {
  stage: "derive";
  /** Prepares (for instance compiles formulas) once per run; may load code lazily. */
  prepare?(targets: readonly IndicatorModel[], options: O): Promise<unknown>;
  /** Returns the derived vectors, one per target, in order. */
  derive(options: O, ctx: DeriveContext, prepared: unknown): Float64Array[];
}

/**
 * Options of a method whose options type is not known here. Method functions take their options
 * bivariantly, so a definition with precise options is assignable to {@link MethodDefinition}.
 */
// biome-ignore lint/suspicious/noExplicitAny: the option types of registered methods vary by method
export type AnyOptions = any;

/** Any method definition. */
export type MethodDefinition =
  | NormaliseMethod<AnyOptions>
  | ImputeMethod<AnyOptions>
  | DenominateMethod<AnyOptions>
  | TreatMethod<AnyOptions>
  | WeightMethod<AnyOptions>
  | AggregateMethod<AnyOptions>
  | ScreenMethod<AnyOptions>
  | DeriveMethod<AnyOptions>;

/** Declares a method definition with its options type inferred. Returns it unchanged. */
export function defineMethod<M extends MethodDefinition>(method: M): M {
  return method;
}
