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
  TrackingSpec,
  UnitSpec,
} from "./spec/types.js";
export { STAGES } from "./spec/types.js";
export { specLanguages, textIn, textsIn } from "./spec/labels.js";
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
export { hashDataset, hashDatasetAsync } from "./data/hash-dataset.js";
export { ingest } from "./data/ingest.js";
export type { Presence } from "./data/presence.js";
export type { DataTable } from "./data/table.js";

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
  MethodExample,
  MethodContext,
  MethodDefinition,
  MethodIssue,
  MethodProperties,
  NormaliseMethod,
  PeriodScreening,
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
  HttpClient,
  HttpRequest,
  HttpResponse,
  Logger,
  OutputFile,
  Plugin,
  ProgressUpdate,
  SourceContext,
  SourceDefinition,
} from "./plugin.js";
export { defineExporter, definePlugin, defineSource } from "./plugin.js";
export type { NumberRange } from "./plugin-kit/option-reader.js";
export { OptionReader, readOptions } from "./plugin-kit/option-reader.js";
export type { TermField, TermSources, UnitTerms } from "./plugin-kit/search-terms.js";
export { cleanTerm, fieldValue, isTermField, unitTerms } from "./plugin-kit/search-terms.js";
export type { WebSourceStart } from "./plugin-kit/web-source.js";
export { startWebSource } from "./plugin-kit/web-source.js";
export type { UnitItem, UnitItems } from "./plugin-kit/wikidata-ids.js";
export { isQid, QID_PATTERN, unitItems } from "./plugin-kit/wikidata-ids.js";
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
export type { ImputeGroupMedianOptions } from "./impute/group-median.js";
export { imputeGroupMedian } from "./impute/group-median.js";
export type { ImputeRowMeanOptions } from "./impute/row-mean.js";
export { imputeRowMean } from "./impute/row-mean.js";
export type { ImputeLinearOptions } from "./impute/linear.js";
export { imputeLinear } from "./impute/linear.js";
export type { ImputeLocfOptions } from "./impute/locf.js";
export { imputeLocf } from "./impute/locf.js";
export type { ImputeNoneOptions } from "./impute/none.js";
export { imputeNone } from "./impute/none.js";
export type { PeriodSpacing, PeriodTimes } from "./impute/period-time.js";
export { periodFormat, periodTimes } from "./impute/period-time.js";

// Built-in methods: treat
export type { BoxCoxOptions } from "./treat/box-cox.js";
export { boxCox, boxCoxTransform } from "./treat/box-cox.js";
export type { LogOptions } from "./treat/log.js";
export { logTreatment } from "./treat/log.js";
export type { LogVariant } from "./treat/log-transforms.js";
export { LOG_VARIANTS, logCt, logCtOrig, logCtPlus, logGii, logTransform } from "./treat/log-transforms.js";
export type {
  SkewKurtosisCheck,
  SkewKurtosisThresholds,
} from "./treat/skew-kurtosis-check.js";
export { checkSkewKurtosis } from "./treat/skew-kurtosis-check.js";
export type { WinsoriseFallback, WinsoriseOptions, WinsoriseTrace } from "./treat/winsorise.js";
export { winsorise, winsoriseVector } from "./treat/winsorise.js";

// Built-in methods: normalise
export type { MinMaxOptions } from "./normalise/min-max.js";
export { minMax } from "./normalise/min-max.js";
export type { ZScoreOptions } from "./normalise/z-score.js";
export { zScore } from "./normalise/z-score.js";
export type { RankOptions, RankTies } from "./normalise/rank.js";
export { rankNormalise } from "./normalise/rank.js";
export type { PercentileRankOptions } from "./normalise/percentile-rank.js";
export { percentileRank } from "./normalise/percentile-rank.js";
export type { BordaOptions } from "./normalise/borda.js";
export { bordaScore } from "./normalise/borda.js";
export type { FractionOfMaxOptions } from "./normalise/fraction-of-max.js";
export { fractionOfMax } from "./normalise/fraction-of-max.js";
export type { DistanceToMaxOptions } from "./normalise/distance-to-max.js";
export { distanceToMax } from "./normalise/distance-to-max.js";
export type { DistanceToReferenceOptions } from "./normalise/distance-to-reference.js";
export { distanceToReference } from "./normalise/distance-to-reference.js";
export type { DistanceToTargetOptions } from "./normalise/distance-to-target.js";
export { distanceToTarget } from "./normalise/distance-to-target.js";
export type { GoalpostsOptions } from "./normalise/goalposts.js";
export { goalposts } from "./normalise/goalposts.js";
export type { ScaledOptions } from "./normalise/scaled.js";
export { scaled } from "./normalise/scaled.js";
export type { MpiNormaliseOptions } from "./normalise/mpi.js";
export { mpiNormalise } from "./normalise/mpi.js";
export type { AmpiNormaliseOptions } from "./normalise/ampi.js";
export { ampiNormalise } from "./normalise/ampi.js";

// Built-in methods: weight
export type { BodWeightsOptions } from "./weight/bod.js";
export { bodWeights } from "./weight/bod.js";
export type { EqualWeightsOptions } from "./weight/equal.js";
export { equalWeights } from "./weight/equal.js";
export type { FixedWeightsOptions } from "./weight/fixed.js";
export { fixedWeights } from "./weight/fixed.js";
export type {
  AhpOptions,
  AhpPriorityMethod,
  AhpResult,
  Judgement,
  JudgementMatrix,
  RandomIndexTable,
} from "./weight/ahp.js";
export {
  ahpPriorities,
  ahpWeights,
  checkJudgementMatrix,
  combineJudgements,
  hierarchyConsistencyRatio,
  inconsistentJudgements,
  parseJudgement,
  RANDOM_INDEX_TABLES,
  randomIndex,
} from "./weight/ahp.js";
export type { DataForm } from "./weight/children-data.js";
export type { EntropyOptions, EntropyResult } from "./weight/entropy.js";
export { entropy, entropyWeights } from "./weight/entropy.js";
export type { CriticOptions, CriticResult } from "./weight/critic.js";
export { critic, criticWeights } from "./weight/critic.js";
export type { CoefficientOfVariationOptions } from "./weight/cv.js";
export { coefficientOfVariation, cvWeights } from "./weight/cv.js";
export type {
  CombinationOptions,
  CombinationRule,
  CombinedWeights,
  ObjectiveMethod,
} from "./weight/combination.js";
export { combinationWeights, combineWeights, gameTheoryCombination } from "./weight/combination.js";
export type { PcaWeightsOptions } from "./weight/pca.js";
export { pcaWeights } from "./weight/pca.js";
export type { OptimisedWeightsOptions } from "./weight/optimised.js";
export { optimisedWeights } from "./weight/optimised.js";

// Built-in methods: aggregate
export type { AvailabilityOptions } from "./aggregate/availability.js";
export { minAvailabilitySchema, neededChildren, weightedQuasiMean } from "./aggregate/availability.js";
export type { ArithmeticMeanOptions } from "./aggregate/arithmetic.js";
export { arithmeticMean } from "./aggregate/arithmetic.js";
export type { GeometricMeanOptions } from "./aggregate/geometric.js";
export { geometricMean } from "./aggregate/geometric.js";
export type {
  BenefitOfTheDoubtOptions,
  ChildBound,
  LpModel,
  LpSolver,
} from "./aggregate/bod.js";
export { benefitOfTheDoubt } from "./aggregate/bod.js";
export type { HarmonicMeanOptions } from "./aggregate/harmonic.js";
export { harmonicMean } from "./aggregate/harmonic.js";
export type { GeneralisedMeanOptions } from "./aggregate/generalised.js";
export { generalisedMean } from "./aggregate/generalised.js";
export type { MedianAggregateOptions } from "./aggregate/median.js";
export { medianAggregate } from "./aggregate/median.js";
export type { MazziottaParetoOptions } from "./aggregate/mpi.js";
export { mazziottaPareto, mazziottaParetoOptionsSchema, penalisedMean } from "./aggregate/mpi.js";
export type { AdjustedMazziottaParetoOptions } from "./aggregate/ampi.js";
export { adjustedMazziottaPareto } from "./aggregate/ampi.js";
export type { ChildScaling, ScaleMap } from "./aggregate/scale-children.js";
export { applyScale, scaleMap } from "./aggregate/scale-children.js";
export type { TopsisOptions } from "./aggregate/topsis.js";
export { topsis } from "./aggregate/topsis.js";
export type { GreyRelationalOptions } from "./aggregate/grey-relational.js";
export { greyRelational } from "./aggregate/grey-relational.js";
export type { CopelandOptions } from "./aggregate/copeland.js";
export { copeland } from "./aggregate/copeland.js";
export { reportOutOfDomain } from "./aggregate/check-values.js";

// Pipeline
export type { BuildOptions, BuildOutcome, PreparedIndex } from "./pipeline/run.js";
export { buildIndex, prepareIndex } from "./pipeline/run.js";
export type {
  Accounted,
  Accounting,
  IndexResult,
  NamedDataset,
  PeriodAccount,
  Provenance,
  StepProvenance,
} from "./pipeline/result.js";
export { indicatorsInScope, parentsInScope } from "./pipeline/scope.js";

// Uncertainty and sensitivity
export type {
  ResolvedInput,
  RunFailure,
  UncertaintyOptions,
  UncertaintyOutcome,
  UncertaintyProvenance,
  UncertaintyResult,
} from "./uncertainty/analyse-uncertainty.js";
export { alternativeLabel, analyseUncertainty } from "./uncertainty/analyse-uncertainty.js";
export type { Design, Discretisation } from "./uncertainty/design.js";
export { designFromRows, discretise, monteCarloDesign, saltelliDesign } from "./uncertainty/design.js";
export type {
  ExclusionInput,
  SensitivityOutput,
  StepAlternative,
  StepAlternativesInput,
  StepOptionInput,
  StepRef,
  UncertainInput,
  UncertaintyPlan,
  WeightNoiseInput,
  WeightSetsInput,
} from "./uncertainty/plan.js";
export { MersenneTwister } from "./uncertainty/random.js";
export { noisyWeights } from "./uncertainty/weight-noise.js";
export type { RankCounts } from "./uncertainty/summary.js";
export type {
  RankStatistics,
  RankStatisticsOptions,
  SobolIndex,
  SobolOptions,
  SobolResult,
  UncertaintyOverview,
  UncertaintySummary,
} from "./uncertainty/statistics.js";
export {
  mergeUncertainty,
  pairwiseProbabilities,
  rankStatistics,
  sobolEstimates,
  sobolIndices,
  summariseUncertainty,
  targetCounts,
  uncertaintyOverview,
} from "./uncertainty/statistics.js";
export type { InputUncertainty, SobolRow, UncertaintyView, UnitUncertainty } from "./uncertainty/view.js";
export {
  largestTop,
  percentileName,
  rankStatisticsTable,
  sensitivityTable,
  uncertaintyView,
} from "./uncertainty/view.js";
export type { JsonValue } from "./uncertainty/json.js";
export { UNCERTAINTY_FORMAT, uncertaintyFromJSON, uncertaintyToJSON } from "./uncertainty/json.js";

// Outputs
export type { LongRow } from "./output/long-table.js";
export { forEachLongRow, longTable } from "./output/long-table.js";
export { RESULTS_CSV_HEADER, resultsCsv } from "./output/results-csv.js";
export type { CsvCell } from "./output/csv.js";
export { csvCell, formatCsv } from "./output/csv.js";
export type { DatasetJSON } from "./output/result-json.js";
export { datasetToJSON, finiteOrNull, resultToJSON } from "./output/result-json.js";
export { datasetFromJSON, resultFromJSON } from "./output/result-from-json.js";

// Statistical audit
export type {
  AnalyseOptions,
  Analysis,
  AuditFlag,
  DenominatorCorrelation,
  EffectiveWeight,
  NodeConsistency,
  NodeImportance,
} from "./analyse/analyse.js";
export { analyse, denominatorCorrelations, effectiveWeights } from "./analyse/analyse.js";
export type {
  CorrelationFlag,
  CorrelationPair,
  CorrelationThresholds,
  ParentCorrelation,
  StructureCorrelations,
} from "./analyse/correlations.js";
export {
  covariance,
  cronbachAlpha,
  DEFAULT_CORRELATION_THRESHOLDS,
  structureCorrelations,
} from "./analyse/correlations.js";
export type { DataThresholds, IndicatorStats, UnitAvailability } from "./analyse/indicator-stats.js";
export { DEFAULT_DATA_THRESHOLDS, indicatorStats, unitAvailability } from "./analyse/indicator-stats.js";
export type { BenchmarkComparison, Disagreement, ExternalBenchmark } from "./analyse/benchmarks.js";
export { compareWithBenchmarks } from "./analyse/benchmarks.js";
export type { CorrelationRatio } from "./analyse/importance.js";
export { BANDWIDTH_GRID, correlationRatio, localLinearFit, MAX_UNITS } from "./analyse/importance.js";
export { methodWarnings } from "./analyse/method-warnings.js";
export type { PrincipalComponents } from "./analyse/pca.js";
export { principalComponents } from "./analyse/pca.js";
export type { StrengthOrWeakness, UnitProfile } from "./analyse/profile.js";
export type { IntendedWeights } from "./analyse/weights-for-intent.js";
export { weightsForIntent } from "./analyse/weights-for-intent.js";
export { unitProfile } from "./analyse/profile.js";
export type { ElementRemoval, RemovalAnalysis } from "./analyse/remove-elements.js";
export { observationsOf, removeElements, withoutNode } from "./analyse/remove-elements.js";
export type { CorrelationMethod } from "./stats/rank-correlation.js";
export { correlation, kendallCorrelation, spearmanCorrelation } from "./stats/rank-correlation.js";
export {
  correlationPValue,
  incompleteBeta,
  lnGamma,
  normalTwoSided,
  studentTwoSided,
} from "./stats/significance.js";

// Tracking over periods
export type {
  ChangeStatus,
  Movers,
  PeriodChange,
  PeriodChangeOptions,
  PeriodChanges,
} from "./tracking/changes.js";
export { movers, periodChanges } from "./tracking/changes.js";
export type {
  ChangeContributions,
  ChildContribution,
  ContributionOptions,
  ContributionRule,
  NodeRule,
  UnitContributions,
} from "./tracking/contributions.js";
export { changeContributions } from "./tracking/contributions.js";
export type {
  ComparedScore,
  ComparedStatus,
  CompareOptions,
  CompareRanks,
  NodeComparisonSummary,
  ResultComparison,
} from "./tracking/compare.js";
export { compareResults } from "./tracking/compare.js";
export type {
  ChangeDecomposition,
  ChangeSplit,
  DecomposeOptions,
  DecompositionStatus,
  ResolvedTracking,
} from "./tracking/editions.js";
export { comparedPeriod, decomposeChange, firstPeriods, resolveTracking } from "./tracking/editions.js";
export type { TrendMethod, TrendOptions, Trends, TrendTime, UnitTrend } from "./tracking/trends.js";
export { TREND_METHODS, trends } from "./tracking/trends.js";

// Methods reference
export type { ExampleRun } from "./docs/method-reference.js";
export {
  EXAMPLE_CHILDREN,
  EXAMPLE_VECTOR,
  EXAMPLE_WEIGHTS,
  methodReference,
  optionDefaults,
  runMethodExample,
} from "./docs/method-reference.js";
export type { ReferencePage } from "./docs/methods-index.js";
export { methodsReference } from "./docs/methods-index.js";

// COINr compatibility
export type { CoinrTable } from "./coinr/cell.js";
export type { CoinrImport, CoinrImportOptions } from "./coinr/to-spec.js";
export { coinrToSpec } from "./coinr/to-spec.js";

// Statistics
export { mean } from "./stats/mean.js";
export { median } from "./stats/median.js";
export { rank } from "./stats/rank.js";
export { standardDeviation } from "./stats/standard-deviation.js";
export { pearsonCorrelation } from "./stats/correlation.js";
export type { PrincipalEigen } from "./stats/principal-eigenvector.js";
export { principalEigenvector } from "./stats/principal-eigenvector.js";
export { solveLinear } from "./stats/solve-linear.js";
export { skewness } from "./stats/skewness.js";
export { kurtosis } from "./stats/kurtosis.js";
export type { NelderMeadOptions, NelderMeadResult } from "./stats/nelder-mead.js";
export { nelderMead } from "./stats/nelder-mead.js";
export type { SymmetricEigen } from "./stats/symmetric-eigen.js";
export { symmetricEigen } from "./stats/symmetric-eigen.js";
export type { VarimaxResult } from "./stats/varimax.js";
export { varimax } from "./stats/varimax.js";

// Utilities
export { canonicalJson } from "./util/canonical-json.js";
export { sha256, sha256Async, sha256Digest, sha256DigestAsync } from "./util/sha256.js";

// Version
export { ENGINE_NAME, ENGINE_VERSION } from "./version.js";
