import type { Analysis } from "../analyse/analyse.js";
import type { Dataset } from "../data/dataset.js";
import type { SourceSummary } from "../data/ingest.js";
import type { Issue } from "../issues.js";
import type { AuditEntry } from "../methods.js";
import type { FrameworkModel } from "../model/framework.js";
import type { Spec, Stage, TieMethod } from "../spec/types.js";
import type { ResolvedTracking } from "../tracking/editions.js";
import type { UncertaintySummary } from "../uncertainty/statistics.js";

/** A dataset kept after a step, as COINr keeps its `dsets`. */
export interface NamedDataset {
  /** `Raw`, then the step's name: `Denominated`, `Imputed`, `Normalised`, `Aggregated`. */
  name: string;
  /** Index of the step that made it, or `-1` for the raw data. */
  step: number;
  /** The data. */
  data: Dataset;
}

/** What happened to a unit or an indicator. */
export interface Accounted {
  /** Unit or indicator id. */
  id: string;
  /**
   * `included`: in the index. `excluded`: removed by a step (see `reason`). `auxiliary`: an indicator used only
   * as a denominator or formula input. `ignored`: found in the data but not in the spec.
   */
  status: "included" | "excluded" | "auxiliary" | "ignored";
  /** Why it is not included. */
  reason?: string;
  /** Number of values found in the data (cells, over every period). */
  observed: number;
}

/**
 * Which units one period's sample holds. A unit of the result is in every period's sample unless it has no data
 * there (absent: see `Presence`) or a screening step excluded it from that period only; either way it is not
 * imputed, scored or ranked there.
 */
export interface PeriodAccount {
  /** The period. */
  period: string;
  /** Number of units in the period's sample: scored and ranked there. */
  present: number;
  /** Units of the result without data in the period, in row order. */
  absent: string[];
  /** Units of the result that a screening step excluded from this period only, with the reason. */
  excluded: { unit: string; reason: string }[];
}

/** Every unit and indicator, and what became of it: nothing is silently lost. */
export interface Accounting {
  /** Spec units and unknown units found in the data. */
  units: Accounted[];
  /** Spec indicators and unknown indicators found in the data. */
  indicators: Accounted[];
  /** Per period, in order: the units in its sample, and those that are not (set by `buildIndex`). */
  periods?: PeriodAccount[];
}

/** One pipeline step as it was run, with every option resolved. */
export interface StepProvenance {
  /** Step index. */
  index: number;
  /** Stage. */
  stage: Stage;
  /** Method id. */
  method: string;
  /** The plugin that provided the method. */
  plugin: string;
  /** Every option, defaults filled in. */
  options: Record<string, unknown>;
  /** The scope, if any. */
  scope?: Record<string, unknown>;
}

/** What is needed to regenerate a result and to know how it was made. */
export interface Provenance {
  /** SHA-256 of the spec in canonical JSON (sorted keys). */
  specHash: string;
  /** SHA-256 of the raw dataset built from the observations or the data table (see `hashDataset`). */
  dataHash: string;
  /** Where the observations came from: sources, file hashes, licences, and how many are illustrative. */
  sources: SourceSummary[];
  /** Engine name and version. */
  engine: { name: string; version: string };
  /** Every step, with resolved options. */
  steps: StepProvenance[];
  /** Ranking options used. */
  ranking: { ties: TieMethod; direction: "descending" };
  /**
   * Which datasets the result keeps (`keep` of `buildIndex`'s options: `all` or `final`), and the names of the
   * intermediate datasets dropped, in the order they were made.
   */
  datasets: { keep: "all" | "final"; dropped: string[] };
  /** Choices the engine made that are not steps, such as the weights used when no weight step ran. */
  defaults: Record<string, unknown>;
  /** Plugins registered, with versions. */
  plugins: { name: string; version?: string }[];
  /** The edition, the periods compared with it, and the periods of the data left out, as the build resolved `tracking`. */
  tracking?: ResolvedTracking;
}

/** The result of building an index. */
export interface IndexResult {
  /** The spec, as given (after defaults were filled in). */
  spec: Spec;
  /** The framework model. */
  framework: FrameworkModel;
  /** Unit ids in the index, in row order of every dataset. */
  units: readonly string[];
  /** Periods, in order. */
  periods: readonly string[];
  /** Every dataset kept (see `provenance.datasets`), in the order made. */
  datasets: NamedDataset[];
  /**
   * Final scores: every framework node; indicators (level 1) hold their last transformed value (normalised when
   * the pipeline normalises), aggregates their aggregated score.
   */
  scores: Dataset;
  /**
   * Ranks of `scores`, per node and period, 1 = best; `NaN` where the score is missing. The aggregates are
   * ranked when the index is built, each indicator's ranks when first read.
   */
  ranks: Dataset;
  /** Final weight of every framework edge, keyed by the child's id. */
  weights: Record<string, number>;
  /** What every step changed. */
  audit: AuditEntry[];
  /** Every warning and note (a result is only made when there were no errors). */
  issues: Issue[];
  /** Every unit and indicator, and what became of it. */
  accounting: Accounting;
  /** Hashes, versions and every option used. */
  provenance: Provenance;
  /** The statistical audit, when one was run on this result (`analyse`); `cityindex build` attaches it so
   * exporters can show it. */
  analysis?: Analysis;
  /**
   * The summary of an uncertainty or sensitivity analysis of this index, when one was run
   * (`summariseUncertainty` of `analyseUncertainty`'s result); `cityindex build --plan` and
   * `cityindex sensitivity` attach it so exporters can show each unit's rank interval.
   */
  uncertainty?: UncertaintySummary;
}
