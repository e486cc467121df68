// Errors and issues
export { CityIndexError, InputError, PluginError, ValidationError } from "./errors.js";
export type { Issue, Severity } from "./issues.js";
export { IssueList, pointer, dataPath, show } from "./issues.js";

// Spec
export type {
  Labels,
  MetaValue,
  UnitSpec,
  IndicatorSpec,
  FrameworkNodeSpec,
  FlatFrameworkNodeSpec,
  FrameworkSpec,
  SourceSpec,
  Stage,
  ScopeSpec,
  StepSpec,
  ExportSpec,
  TieMethod,
  RankingSpec,
  Spec,
} from "./spec/types.js";
export { STAGES } from "./spec/types.js";
export { parseSpecText, findForbiddenKeys, FORBIDDEN_KEYS } from "./spec/parse.js";
export { specSchema, NODE_ID_PATTERN, UNIT_ID_PATTERN, SPEC_ID_PATTERN } from "./spec/schema.js";
export { validateSpec, builtinRegistry } from "./spec/validate.js";

// Model and data
export type { Observation, ObservationProvenance } from "./model/observation.js";
export type { FrameworkModel, NodeModel, IndicatorModel } from "./model/framework.js";
export { buildFramework } from "./model/framework.js";
export { Dataset } from "./data/dataset.js";
export type { Ingested } from "./data/ingest.js";
export { ingest } from "./data/ingest.js";

// Methods and plugins
export type {
  JsonSchema,
  MethodProperties,
  MethodIssue,
  AuditEntry,
  MethodContext,
  IndicatorContext,
  MethodBase,
  NormaliseMethod,
  ImputeMethod,
  DenominateMethod,
  TreatMethod,
  WeightContext,
  WeightMethod,
  AggregateContext,
  AggregateMethod,
  ScreenContext,
  ScreenMethod,
  DeriveContext,
  DeriveMethod,
  MethodDefinition,
} from "./methods.js";
export { defineMethod } from "./methods.js";
export type {
  Logger,
  ProgressUpdate,
  SourceContext,
  SourceDefinition,
  OutputFile,
  ExportContext,
  ExporterDefinition,
  Plugin,
} from "./plugin.js";
export { definePlugin, defineSource, defineExporter } from "./plugin.js";
export type { Registered } from "./registry.js";
export { Registry } from "./registry.js";
export { builtinPlugin, createRegistry } from "./builtins.js";

// Built-in methods
export type { MinMaxOptions } from "./normalise/min-max.js";
export { minMax } from "./normalise/min-max.js";
export type { ZScoreOptions } from "./normalise/z-score.js";
export { zScore } from "./normalise/z-score.js";
export type { ImputeMeanOptions } from "./impute/mean.js";
export { imputeMean } from "./impute/mean.js";
export type { ImputeMedianOptions } from "./impute/median.js";
export { imputeMedian } from "./impute/median.js";
export type { ImputeGroupMeanOptions } from "./impute/group-mean.js";
export { imputeGroupMean } from "./impute/group-mean.js";
export type { DivideOptions } from "./denominate/divide.js";
export { divide } from "./denominate/divide.js";
export type { EqualWeightsOptions } from "./weight/equal.js";
export { equalWeights } from "./weight/equal.js";
export type { FixedWeightsOptions } from "./weight/fixed.js";
export { fixedWeights } from "./weight/fixed.js";
export type { ArithmeticMeanOptions } from "./aggregate/arithmetic.js";
export { arithmeticMean } from "./aggregate/arithmetic.js";
export type { GeometricMeanOptions } from "./aggregate/geometric.js";
export { geometricMean } from "./aggregate/geometric.js";
export type { FormulaOptions } from "./derive/formula.js";
export { formula, checkFormula, orderFormulas } from "./derive/formula.js";

// Pipeline
export type { BuildOptions, BuildOutcome } from "./pipeline/run.js";
export { buildIndex } from "./pipeline/run.js";
export { indicatorsInScope, parentsInScope } from "./pipeline/scope.js";

// Statistics
export { mean } from "./stats/mean.js";
export { median } from "./stats/median.js";
export { standardDeviation } from "./stats/standard-deviation.js";
export { rank } from "./stats/rank.js";

// Outputs
export type { LongRow } from "./output/long-table.js";
export { longTable } from "./output/long-table.js";
export type { CsvCell } from "./output/csv.js";
export { formatCsv, csvCell } from "./output/csv.js";
export type { DatasetJSON } from "./output/result-json.js";
export { datasetToJSON, resultToJSON } from "./output/result-json.js";

// Utilities
export { sha256 } from "./util/sha256.js";
export { canonicalJson } from "./util/canonical-json.js";

// Results
export type {
  NamedDataset,
  Accounted,
  Accounting,
  StepProvenance,
  Provenance,
  IndexResult,
} from "./pipeline/result.js";

// Version
export { ENGINE_NAME, ENGINE_VERSION } from "./version.js";
