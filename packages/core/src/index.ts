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

// Model and data
export type { Observation, ObservationProvenance } from "./model/observation.js";
export type { FrameworkModel, NodeModel, IndicatorModel } from "./model/framework.js";
export { buildFramework } from "./model/framework.js";
export { Dataset } from "./data/dataset.js";

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
