import type { UncertaintySummary } from "./statistics.js";

/** One unit's rank statistics, every number finite or `NaN`. */
export interface UnitUncertainty {
  /** Unit id. */
  unit: string;
  nominalScore: number;
  nominal: number;
  mean: number;
  median: number;
  low: number;
  high: number;
  best: number;
  worst: number;
  /** P(top k) for each k of {@link UncertaintyView.top}, in its order. */
  top: number[];
  stable: number;
  ranked: number;
  unranked: number;
}

/** An uncertain input of the analysis. */
export interface InputUncertainty {
  /** The input's id. */
  id: string;
  /** `step`, `weights`, `exclude` (or what the summary says). */
  kind: string;
  /** The step varied (from 0), for kind `step`; else `NaN`. */
  step: number;
  /** Number of alternatives. */
  size: number;
  /** The alternatives' labels (none for noisy weight sets). */
  alternatives: string[];
  /** The first five labels, `, …` when there are more; `noisy sets 1–N` for noisy weight sets. */
  shown: string;
}

/** One input's Sobol indices, every number finite or `NaN`. */
export interface SobolRow {
  input: string;
  first: number;
  firstLow: number;
  firstHigh: number;
  total: number;
  totalLow: number;
  totalHigh: number;
}

/**
 * An uncertainty summary as the report reads it: every number finite or `NaN`, every list present, the units in
 * nominal rank order. A summary read back from results.json (`null` for non-finite numbers) or missing fields
 * gives `NaN`s and empty lists, never an error.
 */
export interface UncertaintyView {
  /** `uncertainty` or `sensitivity`. */
  type: string;
  /** The target node summarised. */
  node: string;
  /** The period analysed (`""` when unknown). */
  period: string;
  /** The interval's probabilities (default `[0.05, 0.95]`). */
  interval: [number, number];
  /** The k of P(top k). */
  top: number[];
  runs: number;
  meanAbsoluteRankShift: number;
  stableShare: number;
  within: number;
  failed: number;
  /** Per unit, in nominal rank order (units without a nominal rank last, ties in the summary's order). */
  units: UnitUncertainty[];
  inputs: InputUncertainty[];
  /** Sobol indices, when the summary has them. */
  sobol?: { variance: number; resamples: number; confidence: number; rows: SobolRow[] };
  /** The design (`monte-carlo`, `saltelli`, `supplied`), seed and plan hash, as far as known. */
  design: string;
  seed: number;
  planHash: string;
}

const num = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) ? v : Number.NaN);
const text = (v: unknown): string => (typeof v === "string" ? v : "");
const record = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const pair = (v: unknown): [number, number] => {
  const [a, b] = list(v).map(num);
  return [a ?? Number.NaN, b ?? Number.NaN];
};

/** Reads an uncertainty summary into an {@link UncertaintyView}. */
export function uncertaintyView(summary: UncertaintySummary): UncertaintyView {
  const s = record(summary);
  const [low, high] = list(s.interval).map(num);
  const interval: [number, number] =
    low !== undefined && high !== undefined && low >= 0 && low <= high && high <= 1
      ? [low, high]
      : [0.05, 0.95];
  const top = [
    ...new Set(
      list(s.top)
        .map(num)
        .filter((k) => Number.isInteger(k) && k >= 1),
    ),
  ];
  const overview = record(s.overview);
  const units = list(s.statistics).map((entry, i) => {
    const x = record(entry);
    const tops = record(x.top);
    const unit: UnitUncertainty = {
      unit: text(x.unit),
      nominalScore: num(x.nominalScore),
      nominal: num(x.nominal),
      mean: num(x.mean),
      median: num(x.median),
      low: num(x.low),
      high: num(x.high),
      best: num(x.best),
      worst: num(x.worst),
      top: top.map((k) => num(tops[String(k)])),
      stable: num(x.stable),
      ranked: num(x.ranked),
      unranked: num(x.unranked),
    };
    return { unit, i };
  });
  units.sort((a, b) => {
    const ra = a.unit.nominal;
    const rb = b.unit.nominal;
    if (Number.isNaN(ra) !== Number.isNaN(rb)) return Number.isNaN(ra) ? 1 : -1;
    return (Number.isNaN(ra) ? 0 : ra - rb) || a.i - b.i;
  });
  const inputs = list(s.inputs).map((entry): InputUncertainty => {
    const x = record(entry);
    const alternatives = list(x.alternatives).map((a) => (typeof a === "string" ? a : String(a)));
    const size = Number.isInteger(x.size) ? (x.size as number) : alternatives.length;
    const shown =
      alternatives.length > 0
        ? alternatives.slice(0, 5).join(", ") + (alternatives.length > 5 ? ", …" : "")
        : size > 0
          ? `noisy sets 1–${size}`
          : "";
    return { id: text(x.id), kind: text(x.kind), step: num(x.step), size, alternatives, shown };
  });
  const provenance = record(s.provenance);
  const view: UncertaintyView = {
    type: text(s.type) || "uncertainty",
    node: text(s.node),
    period: text(provenance.period),
    interval,
    top,
    runs: num(overview.runs),
    meanAbsoluteRankShift: num(overview.meanAbsoluteRankShift),
    stableShare: num(overview.stableShare),
    within: num(overview.within),
    failed: num(overview.failed),
    units: units.map((u) => u.unit),
    inputs,
    design: text(provenance.design),
    seed: num(provenance.seed),
    planHash: text(provenance.planHash),
  };
  if (s.sobol !== undefined && s.sobol !== null) {
    const sobol = record(s.sobol);
    const bootstrap = record(sobol.bootstrap);
    view.sobol = {
      variance: num(sobol.variance),
      resamples: num(bootstrap.resamples),
      confidence: num(bootstrap.confidence),
      rows: list(sobol.indices).map((entry) => {
        const x = record(entry);
        const [firstLow, firstHigh] = pair(x.firstInterval);
        const [totalLow, totalHigh] = pair(x.totalInterval);
        return {
          input: text(x.input),
          first: num(x.first),
          firstLow,
          firstHigh,
          total: num(x.total),
          totalLow,
          totalHigh,
        };
      }),
    };
  }
  return view;
}

/** A probability as a percentile: 0.05 → `5`, 0.025 → `2.5`. */
export function percentileName(p: number): string {
  return String(Number((p * 100).toPrecision(10)));
}

/** The largest k of `top` not above `units` (the k shown when one P(top k) fits), or `undefined`. */
export function largestTop(top: readonly number[], units: number): number | undefined {
  let best: number | undefined;
  for (const k of top) if (k <= units && (best === undefined || k > best)) best = k;
  return best;
}

/**
 * The rank statistics of a summary as a table (header, then one row per unit in nominal rank order): `unit`,
 * `nominal_score`, `nominal_rank`, `mean_rank`, `median_rank`, the percentile ranks of the interval (`p5_rank`,
 * `p95_rank` for `[0.05, 0.95]`), `best_rank`, `worst_rank`, `top_<k>` for each k, `stable_within_<within>`,
 * `runs_ranked`, `runs_unranked`. Missing numbers are `NaN`; give the rows to `formatCsv`.
 */
export function rankStatisticsTable(summary: UncertaintySummary): (string | number)[][] {
  const v = uncertaintyView(summary);
  const [low, high] = v.interval;
  const header = [
    "unit",
    "nominal_score",
    "nominal_rank",
    "mean_rank",
    "median_rank",
    `p${percentileName(low)}_rank`,
    `p${percentileName(high)}_rank`,
    "best_rank",
    "worst_rank",
    ...v.top.map((k) => `top_${k}`),
    Number.isFinite(v.within) ? `stable_within_${v.within}` : "stable",
    "runs_ranked",
    "runs_unranked",
  ];
  const rows = v.units.map((u) => [
    u.unit,
    u.nominalScore,
    u.nominal,
    u.mean,
    u.median,
    u.low,
    u.high,
    u.best,
    u.worst,
    ...u.top,
    u.stable,
    u.ranked,
    u.unranked,
  ]);
  return [header, ...rows];
}

/**
 * The Sobol indices of a summary as a table (`input`, `first_order`, `first_low`, `first_high`, `total`,
 * `total_low`, `total_high`), or `undefined` when it has none.
 */
export function sensitivityTable(summary: UncertaintySummary): (string | number)[][] | undefined {
  const sobol = uncertaintyView(summary).sobol;
  if (!sobol) return undefined;
  return [
    ["input", "first_order", "first_low", "first_high", "total", "total_low", "total_high"],
    ...sobol.rows.map((x) => [x.input, x.first, x.firstLow, x.firstHigh, x.total, x.totalLow, x.totalHigh]),
  ];
}
