// Errors and issues
export { CityIndexError, InputError, PluginError, ValidationError } from "./errors.js";
export type { Issue, Severity } from "./issues.js";
export { dataPath, IssueList, pointer, show } from "./issues.js";

// Spec
export type {
  ExportSpec,
  FlatFrameworkNodeSpec,
  FrameworkNodeSpec,
  FrameworkSpec,
  IndicatorSpec,
  Labels,
  MetaValue,
  RankingSpec,
  ScopeSpec,
  SourceSpec,
  Spec,
  Stage,
  StepSpec,
  TieMethod,
  UnitSpec,
} from "./spec/types.js";
export { STAGES } from "./spec/types.js";
export { FORBIDDEN_KEYS, findForbiddenKeys, parseSpecText } from "./spec/parse.js";
export {
  LANGUAGE_TAG_PATTERN,
  NODE_ID_PATTERN,
  PACKAGE_NAME_PATTERN,
  SPEC_ID_PATTERN,
  specSchema,
  UNIT_ID_PATTERN,
} from "./spec/schema.js";
export { withDefaults } from "./spec/defaults.js";
export { builtinRegistry, validateSpec } from "./spec/validate.js";

// Model and data
export type { Observation, ObservationProvenance } from "./model/observation.js";
export type { FrameworkModel, IndicatorModel, NodeModel } from "./model/framework.js";
export { buildFramework } from "./model/framework.js";
export { Dataset } from "./data/dataset.js";
export type { Ingested, SourceSummary } from "./data/ingest.js";
export { hashDataset } from "./data/hash-dataset.js";
export { ingest } from "./data/ingest.js";

// Methods and plugins
export type {
  AggregateContext,
  AggregateMethod,
  AnyOptions,
  AuditEntry,
  DenominateMethod,
  DeriveContext,
  DeriveMethod,
  ImputeMethod,
  IndicatorContext,
  JsonSchema,
  MethodBase,
  MethodContext,
  MethodDefinition,
  MethodIssue,
  MethodProperties,
  NormaliseMethod,
  ScreenContext,
  ScreenMethod,
  TreatMethod,
  WeightContext,
  WeightMethod,
} from "./methods.js";
export { defineMethod } from "./methods.js";
export type {
  ExportContext,
  ExporterDefinition,
  Logger,
  OutputFile,
  Plugin,
  ProgressUpdate,
  SourceContext,
  SourceDefinition,
} from "./plugin.js";
export { defineExporter, definePlugin, defineSource } from "./plugin.js";
export type { Registered } from "./registry.js";
export { Registry } from "./registry.js";
export { builtinPlugin, createRegistry } from "./builtins.js";

// Built-in methods: screen
export type { DataAvailabilityOptions } from "./screen/data-availability.js";
export { dataAvailability } from "./screen/data-availability.js";

// Built-in methods: derive
export type { CompiledFormula, FormulaCheck, FormulaOptions } from "./derive/formula.js";
export {
  checkFormula,
  compileFormula,
  formula,
  MAX_FORMULA_LENGTH,
  orderFormulas,
} from "./derive/formula.js";

// Built-in methods: denominate
export type { DivideOptions } from "./denominate/divide.js";
export { divide } from "./denominate/divide.js";

// Built-in methods: impute
export type { FillReason } from "./impute/fill-missing.js";
export { fillMissing, reportUnfilled } from "./impute/fill-missing.js";
export type { ImputeMeanOptions } from "./impute/mean.js";
export { imputeMean } from "./impute/mean.js";
export type { ImputeMedianOptions } from "./impute/median.js";
export { imputeMedian } from "./impute/median.js";
export type { ImputeGroupMeanOptions } from "./impute/group-mean.js";
export { imputeGroupMean } from "./impute/group-mean.js";

// Built-in methods: normalise
export type { MinMaxOptions } from "./normalise/min-max.js";
export { minMax } from "./normalise/min-max.js";
export type { ZScoreOptions } from "./normalise/z-score.js";
export { zScore } from "./normalise/z-score.js";

// Built-in methods: weight
export type { EqualWeightsOptions } from "./weight/equal.js";
export { equalWeights } from "./weight/equal.js";
export type { FixedWeightsOptions } from "./weight/fixed.js";
export { fixedWeights } from "./weight/fixed.js";

// Built-in methods: aggregate
export type { AvailabilityOptions } from "./aggregate/availability.js";
export { minAvailabilitySchema, neededChildren, weightedQuasiMean } from "./aggregate/availability.js";
export type { ArithmeticMeanOptions } from "./aggregate/arithmetic.js";
export { arithmeticMean } from "./aggregate/arithmetic.js";
export type { GeometricMeanOptions } from "./aggregate/geometric.js";
export { geometricMean } from "./aggregate/geometric.js";

// Pipeline
export type { BuildOptions, BuildOutcome } from "./pipeline/run.js";
export { buildIndex } from "./pipeline/run.js";
export type {
  Accounted,
  Accounting,
  IndexResult,
  NamedDataset,
  Provenance,
  StepProvenance,
} from "./pipeline/result.js";
export { indicatorsInScope, parentsInScope } from "./pipeline/scope.js";

// Outputs
export type { LongRow } from "./output/long-table.js";
export { forEachLongRow, longTable } from "./output/long-table.js";
export { RESULTS_CSV_HEADER, resultsCsv } from "./output/results-csv.js";
export type { CsvCell } from "./output/csv.js";
export { csvCell, formatCsv } from "./output/csv.js";
export type { DatasetJSON } from "./output/result-json.js";
export { datasetToJSON, resultToJSON } from "./output/result-json.js";

// COINr compatibility
export type { CoinrTable } from "./coinr/cell.js";
export type { CoinrImport, CoinrImportOptions } from "./coinr/to-spec.js";
export { coinrToSpec } from "./coinr/to-spec.js";

// Statistics
export { mean } from "./stats/mean.js";
export { median } from "./stats/median.js";
export { rank } from "./stats/rank.js";
export { standardDeviation } from "./stats/standard-deviation.js";

// Utilities
export { canonicalJson } from "./util/canonical-json.js";
export { sha256 } from "./util/sha256.js";

// Version
export { ENGINE_NAME, ENGINE_VERSION } from "./version.js";
