import type { Dataset } from "../data/dataset.js";
import { InputError } from "../errors.js";
import { show } from "../issues.js";
import type { FrameworkModel } from "../model/framework.js";
import type { IndexResult } from "../pipeline/result.js";
import type { BuildOptions } from "../pipeline/run.js";
import { type CorrelationMethod, correlation } from "../stats/rank-correlation.js";
import { type BenchmarkComparison, compareWithBenchmarks, type ExternalBenchmark } from "./benchmarks.js";
import {
  type CorrelationThresholds,
  cronbachAlpha,
  DEFAULT_CORRELATION_THRESHOLDS,
  type StructureCorrelations,
  structureCorrelations,
} from "./correlations.js";
import { correlationRatio } from "./importance.js";
import {
  type DataThresholds,
  DEFAULT_DATA_THRESHOLDS,
  type IndicatorStats,
  indicatorStats,
  type UnitAvailability,
  unitAvailability,
} from "./indicator-stats.js";
import { methodWarnings } from "./method-warnings.js";
import { type PrincipalComponents, principalComponents } from "./pca.js";
import { type UnitProfile, unitProfile } from "./profile.js";
import { type RemovalAnalysis, removeElements } from "./remove-elements.js";
import { type IntendedWeights, weightsForIntent } from "./weights-for-intent.js";

/** Options of {@link analyse}. */
export interface AnalyseOptions {
  /** The period to audit; default the last. */
  period?: string;
  /** The dataset whose indicators the data checks describe; default `Raw`. */
  dataset?: string;
  /** The correlation coefficient; default `pearson`. */
  correlation?: CorrelationMethod;
  /** Attach two-sided p-values to the structure correlations; default `false`. */
  pValues?: boolean;
  /** Thresholds of the data checks (defaults: COINr's). */
  dataThresholds?: Partial<DataThresholds>;
  /** Thresholds of the correlation flags. */
  correlationThresholds?: Partial<CorrelationThresholds>;
  /** Levels whose elements are left out one at a time (default `[1, 2]`; `[]` to skip this, the slow part). */
  removeLevels?: number[];
  /** External rankings to compare the index with. */
  benchmarks?: ExternalBenchmark[];
  /** How to rebuild the index when leaving elements out: the registry with the spec's plugins. */
  build?: BuildOptions;
  /** Called as the slow parts progress. */
  onProgress?: (message: string, done: number, total: number) => void;
}

/** One finding a person can act on. */
export interface AuditFlag {
  /** `warning` for what probably needs action, `info` for what is worth a look. */
  severity: "warning" | "info";
  /** What kind of finding: `low-availability`, `outliers`, `redundant`, `weak-parent`, ... */
  code: string;
  /** The check that raised it. */
  check: "data" | "units" | "correlation" | "consistency" | "importance" | "robustness" | "method";
  /** The nodes or units concerned. */
  subjects: string[];
  /** A sentence saying what was found and what to consider. */
  message: string;
}

/** Internal consistency of one framework node's children. */
export interface NodeConsistency {
  /** The node. */
  node: string;
  /** Its level. */
  level: number;
  /** Number of children. */
  children: number;
  /** Cronbach's alpha of its children's scores. */
  alpha: number;
}

/** A node's effective weight: its share in the index once the weights of every level above are applied. */
export interface EffectiveWeight {
  /** The node. */
  node: string;
  /** Its level. */
  level: number;
  /** Its weight among its siblings, normalised to sum to one. */
  weight: number;
  /** The product of its normalised weight and those of its ancestors. */
  effective: number;
}

/** The statistical audit of an index result. */
export interface Analysis {
  /** The period audited. */
  period: string;
  /** The dataset the data checks describe. */
  dataset: string;
  /** The thresholds used. */
  thresholds: DataThresholds & CorrelationThresholds;
  /** Every flag, data checks first. */
  flags: AuditFlag[];
  /** Statistics of each indicator (COINr `get_stats`). */
  indicators: IndicatorStats[];
  /** Data availability of each unit (COINr `get_data_avail`). */
  units: UnitAvailability[];
  /** Correlations of the structure (COINr `get_corr`, `get_corr_flags`). */
  correlations: StructureCorrelations;
  /** Correlations of each indicator (raw) with each denominator the spec uses (COINr `get_denom_corr`). */
  denominators: DenominatorCorrelation[];
  /** Cronbach's alpha of every node's children, and of all indicators together under `index` (the root id). */
  consistency: NodeConsistency[];
  /** Nominal and effective weights of every node (COINr `get_eff_weights`). */
  weights: EffectiveWeight[];
  /** Principal components of every node's children and, under the root's id, of all indicators together
   * (COINr `get_PCA`); absent where there are too few children or complete units. */
  pca: Record<string, PrincipalComponents>;
  /** Each node's importance for the index: the correlation ratio η² and its share of the sum over the node's
   * level, against the node's effective weight. */
  importance: NodeImportance[];
  /** Weights of the root's children that would align their importance with their weights (COINr
   * `get_opt_weights`), when the root is aggregated by the arithmetic mean. */
  intendedWeights?: IntendedWeights;
  /** Robustness of the ranks to leaving each element of a level out (COINr `remove_elements`). */
  removal: RemovalAnalysis[];
  /** Agreement with external rankings. */
  benchmarks: BenchmarkComparison[];
  /** Every unit's profile: scores and ranks at every level, strengths, weaknesses, peers. */
  profiles: UnitProfile[];
}

/** A node's importance for the index against its intended weight. */
export interface NodeImportance {
  /** The node. */
  node: string;
  /** Its level. */
  level: number;
  /** Var[E(index | node)] / Var(index). */
  ratio: number;
  /** ratio divided by the sum of the ratios of its level. */
  share: number;
  /** Its effective weight. */
  effectiveWeight: number;
}

/** An indicator's correlation with a denominator (COINr `get_denom_corr`). */
export interface DenominatorCorrelation {
  /** The indicator. */
  indicator: string;
  /** The denominator: an indicator or a unit metadata column that some indicator is divided by. */
  denominator: string;
  /** The coefficient, on the data checks' dataset. */
  r: number;
  /** True when the indicator is already divided by this denominator. */
  denominated: boolean;
}

/**
 * Correlations of every indicator with every denominator the spec uses (the `denominator` of any indicator: an
 * auxiliary indicator or a numeric unit metadata column such as population), on the raw data: an indicator
 * strongly correlated with population or GDP may mostly measure size.
 */
export function denominatorCorrelations(
  result: IndexResult,
  data: Dataset,
  period: number,
  method: CorrelationMethod = "pearson",
): DenominatorCorrelation[] {
  const fw = result.framework;
  const names = [
    ...new Set([...fw.indicators.values()].map((i) => i.denominator).filter((d) => d !== undefined)),
  ];
  const out: DenominatorCorrelation[] = [];
  for (const d of names) {
    const column = data.has(d)
      ? data.slice(d, period)
      : Float64Array.from(data.units, (u) => {
          const v = fw.units.get(u)?.meta?.[d];
          return typeof v === "number" ? v : Number.NaN;
        });
    for (const node of fw.order) {
      if (!node.isIndicator || !data.has(node.id)) continue;
      out.push({
        indicator: node.id,
        denominator: d,
        r: correlation(data.slice(node.id, period), column, method),
        denominated: fw.indicators.get(node.id)?.denominator === d,
      });
    }
  }
  return out;
}

/** Counts per indicator of the cells a stage changed: compares the dataset it made with the one before. */
function changedCells(result: IndexResult, name: string, period: number): Map<string, number> {
  const counts = new Map<string, number>();
  const at = result.datasets.findIndex((d) => d.name === name);
  if (at <= 0) return counts;
  const before = result.datasets[at - 1]!.data;
  const after = result.datasets[at]!.data;
  for (const id of after.ids) {
    if (!before.has(id)) continue;
    const x = before.slice(id, period);
    const y = after.slice(id, period);
    let c = 0;
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) c++;
    if (c) counts.set(id, c);
  }
  return counts;
}

/** The normalised and effective weights of every node, from the weights a result used. */
export function effectiveWeights(
  framework: FrameworkModel,
  weights: Record<string, number>,
): EffectiveWeight[] {
  const out: EffectiveWeight[] = [];
  const effective = new Map<string, number>();
  const root = framework.order.find((n) => n.parent === null);
  if (root) effective.set(root.id, 1);
  // framework.order lists children before parents: walk it from the root down.
  for (const node of [...framework.order].reverse()) {
    const sum = node.children.reduce((s, c) => s + (weights[c] ?? 0), 0);
    for (const c of node.children) {
      const w = sum > 0 ? (weights[c] ?? 0) / sum : Number.NaN;
      const e = w * (effective.get(node.id) ?? Number.NaN);
      effective.set(c, e);
      out.push({ node: c, level: framework.nodes.get(c)?.level ?? 1, weight: w, effective: e });
    }
  }
  const order = new Map(framework.order.map((n, i) => [n.id, i]));
  return out.sort((a, b) => order.get(a.node)! - order.get(b.node)!);
}

/**
 * The statistical audit of an index: data checks per indicator and unit, correlations of the structure with
 * flags, internal consistency (Cronbach's alpha), and effective weights. Returns every figure and a list of flags
 * a person can act on, most important first.
 *
 * Reference: the JRC's audits of composite indicators (OECD/JRC Handbook 2008, §4 and §7) and COINr's
 * `get_stats`, `get_data_avail`, `get_corr`, `get_corr_flags`, `get_cronbach`, `get_eff_weights`.
 *
 * @example
 * const audit = analyse(result);
 * for (const f of audit.flags) console.log(f.severity, f.message);
 */
export async function analyse(result: IndexResult, options: AnalyseOptions = {}): Promise<Analysis> {
  const period = options.period ?? result.periods[result.periods.length - 1]!;
  const p = result.periods.indexOf(period);
  if (p < 0) {
    throw new InputError(
      "unknown-period",
      `analyse: no period ${show(period)}; the result has ${result.periods.map((x) => show(x)).join(", ")}`,
    );
  }
  const name = options.dataset ?? "Raw";
  const named = [...result.datasets].reverse().find((d) => d.name === name);
  if (!named) {
    throw new InputError(
      "unknown-dataset",
      `analyse: no dataset ${show(name)}; the result has ${result.datasets.map((d) => show(d.name)).join(", ")}`,
    );
  }
  const fw = result.framework;
  const thresholds = {
    ...DEFAULT_DATA_THRESHOLDS,
    ...options.dataThresholds,
    ...DEFAULT_CORRELATION_THRESHOLDS,
    ...options.correlationThresholds,
  };
  // Derived indicators have no raw values: describe them as derived.
  const derived = result.datasets.find((d) => d.name === "Derived")?.data;
  const formulas = fw.order.filter((n) => n.isIndicator && fw.indicators.get(n.id)?.formula !== undefined);
  const data: Dataset =
    name === "Raw" && derived && formulas.length > 0
      ? named.data.with(formulas.filter((n) => derived.has(n.id)).map((n) => [n.id, derived.column(n.id)]))
      : named.data;
  const period0 = data.periods.indexOf(period);
  const indicators = fw.order.filter((n) => n.isIndicator && data.has(n.id)).map((n) => n.id);
  // The period's sample: units absent from it, or screened out of it alone, are not counted as missing data.
  const account = result.accounting.periods?.find((a) => a.period === period);
  const outside = new Set([...(account?.absent ?? []), ...(account?.excluded.map((e) => e.unit) ?? [])]);
  const rows = data.units.flatMap((u, i) => (outside.has(u) ? [] : [i]));
  const sample = rows.length < data.units.length ? data.selectUnits(rows) : data;
  const stats = indicatorStats(sample, indicators, period0, thresholds, {
    imputed: changedCells(result, "Imputed", p),
    treated: changedCells(result, "Treated", p),
  });
  const groups: Record<string, string[]> = {};
  for (const node of fw.order) if (!node.isIndicator) groups[node.id] = fw.leavesOf(node.id);
  const units = unitAvailability(sample, indicators, period0, groups, thresholds.availability);
  const correlations = structureCorrelations(
    result.scores,
    fw,
    p,
    options.correlation ?? "pearson",
    thresholds,
    { pValues: options.pValues === true },
  );
  const denominators = denominatorCorrelations(result, data, period0, options.correlation ?? "pearson");

  const consistency: NodeConsistency[] = [];
  for (const node of fw.order) {
    if (node.children.length < 2) continue;
    consistency.push({
      node: node.id,
      level: node.level,
      children: node.children.length,
      alpha: cronbachAlpha(node.children.map((c) => result.scores.slice(c, p))),
    });
  }

  const pca: Record<string, PrincipalComponents> = {};
  const root = fw.order.find((n) => n.parent === null)!;
  for (const node of fw.order) {
    if (node.children.length < 2) continue;
    const pc = principalComponents(
      Object.fromEntries(node.children.map((c) => [c, result.scores.slice(c, p)])),
    );
    if (pc) pca[node.id] = pc;
  }
  const allIndicators = fw.order.filter((n) => n.isIndicator);
  const overall = principalComponents(
    Object.fromEntries(allIndicators.map((n) => [n.id, result.scores.slice(n.id, p)])),
  );
  if (overall && !pca[root.id]) pca[root.id] = overall;
  else if (overall) pca[`${root.id}:indicators`] = overall;

  const weights = effectiveWeights(fw, result.weights);
  const rootScores = result.scores.slice(root.id, p);
  const importance: NodeImportance[] = [];
  const byLevel = new Map<number, NodeImportance[]>();
  for (const w of weights) {
    const entry: NodeImportance = {
      node: w.node,
      level: w.level,
      ratio: correlationRatio(result.scores.slice(w.node, p), rootScores).ratio,
      share: Number.NaN,
      effectiveWeight: w.effective,
    };
    importance.push(entry);
    if (!byLevel.has(w.level)) byLevel.set(w.level, []);
    byLevel.get(w.level)!.push(entry);
  }
  for (const entries of byLevel.values()) {
    const sum = entries.reduce((acc, e) => acc + (Number.isNaN(e.ratio) ? 0 : e.ratio), 0);
    for (const e of entries) e.share = sum > 0 ? e.ratio / sum : Number.NaN;
  }

  const intendedWeights = weightsForIntent(result, { period });
  const levels = options.removeLevels ?? [1, 2].filter((l) => l < root.level);
  const removal: RemovalAnalysis[] = [];
  for (const level of levels) {
    removal.push(
      await removeElements(result, {
        level,
        period,
        ...(options.build ? { build: options.build } : {}),
        onProgress: (done, total) =>
          options.onProgress?.(`leaving out each element of level ${level}`, done, total),
      }),
    );
  }
  const benchmarks = options.benchmarks?.length
    ? compareWithBenchmarks(result, options.benchmarks, { period })
    : [];
  const profiles = result.units.map((u) => unitProfile(result, u, { period }));

  const flags: AuditFlag[] = [];
  const pct = (v: number) => `${Math.round(v * 100)}%`;
  for (const s of stats) {
    for (const f of s.flags) {
      const message = {
        "low-availability": `${s.indicator} has values for ${pct(s.shareAvailable)} of units (threshold ${pct(thresholds.availability)}): consider dropping it or finding more data`,
        "many-zeros": `${s.indicator} is zero for ${pct(1 - s.shareNonZero)} of the units that have a value: it separates few units`,
        "few-unique": `${s.indicator} has only ${s.unique} distinct values among ${s.available}: it separates few units`,
        outliers: `${s.indicator} has skew ${s.skew.toFixed(2)} and kurtosis ${s.kurtosis.toFixed(2)} (thresholds |${thresholds.skew}| and ${thresholds.kurtosis}): a few extreme values will dominate it; consider outlier treatment (winsorising or a log transform)`,
      }[f];
      flags.push({ severity: "warning", code: f, check: "data", subjects: [s.indicator], message });
    }
  }
  for (const u of units) {
    if (u.flags.length) {
      flags.push({
        severity: "warning",
        code: "low-availability",
        check: "units",
        subjects: [u.unit],
        message: `${u.unit} has values for ${pct(u.share)} of the indicators (threshold ${pct(thresholds.availability)}): its scores rest on few data; consider screening it out`,
      });
    }
  }
  for (const f of correlations.flags) {
    flags.push({
      severity: f.code === "closer-to-other-parent" ? "info" : "warning",
      code: f.code,
      check: "correlation",
      subjects: [...f.nodes],
      message: f.message,
    });
  }
  for (const d of denominators) {
    if (!d.denominated && Math.abs(d.r) > 0.6) {
      flags.push({
        severity: "info",
        code: "size-effect",
        check: "correlation",
        subjects: [d.indicator, d.denominator],
        message: `${d.indicator} correlates with ${d.denominator} at ${d.r.toFixed(2)} on the raw data: it may mostly measure size; consider dividing it by ${d.denominator}`,
      });
    }
  }
  for (const c of consistency) {
    if (c.alpha < 0.7) {
      flags.push({
        severity: "info",
        code: "low-consistency",
        check: "consistency",
        subjects: [c.node],
        message: `the children of ${c.node} have Cronbach's alpha ${c.alpha.toFixed(2)} (below 0.7): they do not move together, so ${c.node} mixes different things; fine for a deliberately broad dimension, otherwise check its composition`,
      });
    }
  }
  for (const e of importance) {
    const siblings = byLevel.get(e.level)!.length;
    const level = byLevel.get(e.level)!;
    const weightShare = e.effectiveWeight / level.reduce((acc, x) => acc + x.effectiveWeight, 0);
    if (siblings > 1 && e.share < weightShare / 2) {
      flags.push({
        severity: "info",
        code: "low-importance",
        check: "importance",
        subjects: [e.node],
        message: `${e.node} explains ${pct(e.share)} of what its level explains of the index, against a weight share of ${pct(weightShare)}: its weight does not translate into influence (often because it correlates weakly or negatively with the other elements)`,
      });
    }
  }
  for (const r of removal) {
    const ranked = r.elements.filter((e) => !Number.isNaN(e.meanAbsoluteRankShift));
    const top = [...ranked].sort((a, b) => b.meanAbsoluteRankShift - a.meanAbsoluteRankShift)[0];
    if (top && top.maxShift >= 5) {
      flags.push({
        severity: "info",
        code: "influential-element",
        check: "robustness",
        subjects: [top.element],
        message: `leaving ${top.element} out moves the index ranks by ${top.meanAbsoluteRankShift.toFixed(1)} places on average and ${top.maxShiftUnit} by ${top.maxShift}: the ranking leans on it`,
      });
    }
  }
  flags.push(...methodWarnings(result, stats));
  for (const b of benchmarks) {
    flags.push({
      severity: b.spearman < 0.5 ? "warning" : "info",
      code: "benchmark",
      check: "robustness",
      subjects: [b.name],
      message: `the index and ${b.name} agree with Spearman ${b.spearman.toFixed(2)} over ${b.units} units${b.disagreements[0] ? `; they disagree most on ${b.disagreements[0].unit} (rank ${b.disagreements[0].indexRank} here, ${b.disagreements[0].benchmarkRank} there)` : ""}`,
    });
  }
  flags.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "warning" ? -1 : 1));
  return {
    period,
    dataset: name,
    thresholds,
    flags,
    indicators: stats,
    units,
    correlations,
    denominators,
    consistency,
    weights,
    pca,
    importance,
    ...(intendedWeights ? { intendedWeights } : {}),
    removal,
    benchmarks,
    profiles,
  };
}
