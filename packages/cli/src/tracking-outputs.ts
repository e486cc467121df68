import { relative, resolve } from "node:path";
import {
  buildIndex,
  type ChangeContributions,
  type ChangeDecomposition,
  type CsvCell,
  changeContributions,
  compareResults,
  decomposeChange,
  formatCsv,
  type IndexResult,
  type Issue,
  type Observation,
  type PeriodChanges,
  periodChanges,
  periodTimes,
  type Registry,
  type ResolvedTracking,
  type ResultComparison,
  resolveTracking,
  type Spec,
  show,
  type Trends,
  trends,
} from "@cityindex/core";
import { comparedCells } from "./commands/compare.js";
import { readResult } from "./read-result.js";

/** An earlier edition as published, and how the current build compares with it. */
export interface EditionCheck {
  /** The results file, as the spec names it. */
  path: string;
  /** The published result. */
  published: IndexResult;
  /** Per period both results have: the published scores against the current build's (the revisions). */
  revisions: ResultComparison[];
  /** The change from the published edition to the current one, split into revision and like-for-like change. */
  decomposition: ChangeDecomposition;
}

/** The tracking tables of a build with several periods or with earlier editions. */
export interface TrackingOutputs {
  /** The edition and the periods compared with it (absent for data of one period). */
  tracking?: ResolvedTracking;
  /** The changes from each compared period to the edition. */
  changes: PeriodChanges[];
  /** The changes from each compared period to the edition, split among each aggregate's children. */
  contributions: ChangeContributions[];
  /** Every aggregate's trend from the first period to the edition, by method (absent for a single period). */
  trends?: TrackingTrends;
  /** The earlier editions named by `tracking.published`. */
  editions: EditionCheck[];
  /**
   * CSV files by name: `changes.csv`, `contributions.csv`, `trends.csv`, `revisions.csv`,
   * `change-decomposition.csv` (those that apply).
   */
  files: Record<string, string>;
  /** Problems: an edition file that cannot be read, a spec of an earlier edition that cannot be rebuilt. */
  issues: Issue[];
}

const num = (v: number): CsvCell => (Number.isNaN(v) ? null : v);

/** The header of `changes.csv`. */
export const CHANGES_CSV_HEADER = [
  "node",
  "unit",
  "period_from",
  "period_to",
  "score_from",
  "score_to",
  "score_change",
  "rank_from",
  "rank_to",
  "rank_change",
  "status",
] as const;

/** The header of `contributions.csv`. */
export const CONTRIBUTIONS_CSV_HEADER = [
  "node",
  "unit",
  "period_from",
  "period_to",
  "change",
  "child",
  "weight",
  "child_from",
  "child_to",
  "contribution",
  "rule",
  "note",
] as const;

/**
 * `contributions.csv`: per compared period, each aggregate's change for every unit with a score in both periods,
 * split among its children (one row per child; the contributions add up to `change`), with the rule used. A unit
 * whose change cannot be split has one row with the reason in `note`; units without a score in one of the
 * periods are in `changes.csv` as `new` or `gone`.
 */
export function contributionsCsv(all: readonly ChangeContributions[]): string {
  return formatCsv([
    [...CONTRIBUTIONS_CSV_HEADER],
    ...all.flatMap((c) => {
      const rules = new Map(c.nodes.map((n) => [n.node, n.rule ?? null]));
      return c.units.flatMap((r): CsvCell[][] => {
        const head = [r.node, r.unit, c.from, c.to, num(r.change)];
        if (r.status === "not-split")
          return [[...head, null, null, null, null, null, null, r.reason ?? null]];
        return r.children.map((k) => [
          ...head,
          k.child,
          k.weight,
          num(k.from),
          num(k.to),
          num(k.contribution),
          rules.get(r.node) ?? null,
          null,
        ]);
      });
    }),
  ]);
}

/** The trends of `trends.csv`: per aggregate, its change, least-squares slope and CAGR over one window. */
export interface TrackingTrends {
  /** First period of the window (the result's first). */
  from: string;
  /** Last period of the window (the edition). */
  to: string;
  /**
   * Time of `slope` and `cagr`: `year` when the periods are years, quarters, months or dates of one format
   * (read as calendar time), otherwise `period` (one step per period, in order).
   */
  timeUnit: "year" | "period";
  /** One entry per aggregate, in framework order. */
  nodes: { node: string; change: Trends; slope: Trends; cagr: Trends }[];
}

/** The header of `trends.csv`. */
export const TRENDS_CSV_HEADER = [
  "node",
  "unit",
  "period_from",
  "period_to",
  "first",
  "last",
  "values",
  "change",
  "slope",
  "cagr",
  "time_unit",
  "note",
] as const;

/** The header of `revisions.csv`. */
export const REVISIONS_CSV_HEADER = [
  "edition_file",
  "period",
  "node",
  "unit",
  "published_score",
  "current_score",
  "score_revision",
  "published_rank",
  "current_rank",
  "rank_revision",
  "status",
] as const;

/** The header of `change-decomposition.csv`. */
export const DECOMPOSITION_CSV_HEADER = [
  "edition_file",
  "period_from",
  "period_to",
  "node",
  "unit",
  "status",
  "published_score",
  "rebuilt_score",
  "current_score",
  "total_change",
  "revision",
  "data_revision",
  "method_change",
  "like_for_like",
  "published_rank",
  "rebuilt_rank",
  "current_rank",
  "rank_total_change",
  "rank_revision",
  "rank_like_for_like",
] as const;

/**
 * `changes.csv`: per compared period, one row per aggregate and unit: the score and rank in that period and in
 * the edition, their change (a positive rank change is a rise), and whether the unit has a score in both
 * (`both`), only the edition (`new`), only the earlier period (`gone`) or neither (`none`).
 */
export function changesCsv(changes: readonly PeriodChanges[]): string {
  return formatCsv([
    [...CHANGES_CSV_HEADER],
    ...changes.flatMap((block) =>
      block.changes.map((c) => [
        c.node,
        c.unit,
        block.from,
        block.to,
        num(c.scoreFrom),
        num(c.scoreTo),
        num(c.scoreChange),
        num(c.rankFrom),
        num(c.rankTo),
        num(c.rankChange),
        c.status,
      ]),
    ),
  ]);
}

/**
 * Every aggregate's trend over the periods from the result's first to the edition, as COINr's `get_trends`:
 * the change between a unit's first and last scores in the window, the least-squares slope and the compound
 * growth rate, per year when the periods are calendar periods of one format, otherwise per period. Undefined
 * when the window has one period.
 */
export function trackingTrends(result: IndexResult, edition: string): TrackingTrends | undefined {
  const end = result.periods.indexOf(edition);
  if (end < 1) return undefined;
  const window = result.periods.slice(0, end + 1);
  const calendar = periodTimes(window, "calendar").scale !== "positions";
  const from = window[0]!;
  const time = calendar ? "calendar" : "positions";
  const nodes = result.framework.order
    .filter((n) => !n.isIndicator)
    .map((n) => ({
      node: n.id,
      change: trends(result, { node: n.id, method: "change", from, to: edition }),
      slope: trends(result, { node: n.id, method: "slope", from, to: edition, time }),
      cagr: trends(result, { node: n.id, method: "cagr", from, to: edition, time }),
    }));
  return { from, to: edition, timeUnit: calendar ? "year" : "period", nodes };
}

/**
 * `trends.csv`: one row per aggregate and unit, with the unit's first and last periods with a score in the
 * window, how many it has, and its change, slope and CAGR (empty with a note when they cannot be computed: fewer
 * than two scores, or a score ≤ 0 for CAGR).
 */
export function trendsCsv(t: TrackingTrends): string {
  return formatCsv([
    [...TRENDS_CSV_HEADER],
    ...t.nodes.flatMap(({ node, change, slope, cagr }) =>
      change.units.map((c, u) => {
        const notes = [...new Set([c.reason, cagr.units[u]!.reason].filter((r) => r !== undefined))];
        return [
          node,
          c.unit,
          t.from,
          t.to,
          c.first ?? null,
          c.last ?? null,
          c.values,
          num(c.trend),
          num(slope.units[u]!.trend),
          num(cagr.units[u]!.trend),
          t.timeUnit,
          notes.join("; ") || null,
        ];
      }),
    ),
  ]);
}

/**
 * The tracking of a build: the edition and the periods compared with it (from the spec's `tracking`, checked
 * against the result's periods), their changes, and, for every earlier edition the spec names as published, the
 * revisions of its scores and the change from it split into revision and like-for-like change. The earlier
 * edition's own spec (embedded in its results file) is rebuilt on the current data to split each revision into
 * data and method; when it cannot be rebuilt, a warning says so and the split is left out.
 */
export async function trackingOutputs(args: {
  spec: Spec;
  dir: string;
  cwd: string;
  registry: Registry;
  result: IndexResult;
  observations: readonly Observation[];
}): Promise<TrackingOutputs> {
  const { spec, dir, cwd, registry, result, observations } = args;
  const issues: Issue[] = [];
  const out: TrackingOutputs = { changes: [], contributions: [], editions: [], files: {}, issues };
  // As the build resolved it (with the periods it left out), else resolved here.
  const resolved = result.provenance.tracking
    ? { issues: [] }
    : resolveTracking(result.periods, spec.tracking);
  issues.push(...resolved.issues);
  const tracking = result.provenance.tracking ?? resolved.tracking;
  if (!tracking) return out;
  out.tracking = tracking;
  out.changes = tracking.compare.map((from) => periodChanges(result, { from, to: tracking.edition }));
  if (out.changes.length > 0) out.files["changes.csv"] = changesCsv(out.changes);
  out.contributions = tracking.compare.map((from) =>
    changeContributions(result, { from, to: tracking.edition }),
  );
  if (out.contributions.length > 0) out.files["contributions.csv"] = contributionsCsv(out.contributions);
  const trended = trackingTrends(result, tracking.edition);
  if (trended) {
    out.trends = trended;
    out.files["trends.csv"] = trendsCsv(trended);
  }

  for (const [i, path] of (spec.tracking?.published ?? []).entries()) {
    const where = `/tracking/published/${i}`;
    const file = resolve(dir, path);
    const read: Issue[] = [];
    const published = await readResult(relative(cwd, file) || file, cwd, read);
    issues.push(...read.map((x) => ({ ...x, path: `${where}: ${x.path}` })));
    if (!published) continue;
    const shared = published.periods.filter((p) => result.periods.includes(p));
    if (shared.length === 0) {
      issues.push({
        severity: "warning",
        code: "no-shared-period",
        path: where,
        message: `the edition ${show(path)} has periods ${published.periods.map((p) => show(p)).join(", ")}, none of which this build has; nothing to compare`,
        source: "cli",
      });
      continue;
    }
    const from = shared[shared.length - 1]!;
    if (from === tracking.edition) {
      issues.push({
        severity: "info",
        code: "same-edition",
        path: where,
        message: `the edition ${show(path)} publishes ${show(from)}, the period of this edition: its scores are compared as revisions only`,
        source: "cli",
      });
    }
    const revisions = shared.map((period) => compareResults(published, result, { period }));
    const previousMethod =
      from === tracking.edition
        ? undefined
        : await rebuildEarlierSpec(published, tracking, observations, registry, where, issues);
    const decomposition =
      from === tracking.edition
        ? undefined
        : decomposeChange(published, result, {
            from,
            to: tracking.edition,
            ...(previousMethod ? { previousMethod } : {}),
          });
    out.editions.push({
      path,
      published,
      revisions,
      decomposition: decomposition ?? emptyDecomposition(from, tracking.edition),
    });
  }
  if (out.editions.length > 0) {
    out.files["revisions.csv"] = formatCsv([
      [...REVISIONS_CSV_HEADER],
      ...out.editions.flatMap((e) =>
        e.revisions.flatMap((c) =>
          // The published edition is A, this build B: a rise in this build is a positive rank revision.
          c.rows.map((r) => [
            e.path,
            c.period,
            ...comparedCells(r),
            r.status === "only-a" ? "published-only" : r.status === "only-b" ? "current-only" : r.status,
          ]),
        ),
      ),
    ]);
    const decomposed = out.editions.filter((e) => e.decomposition.rows.length > 0);
    if (decomposed.length > 0) {
      out.files["change-decomposition.csv"] = formatCsv([
        [...DECOMPOSITION_CSV_HEADER],
        ...decomposed.flatMap((e) =>
          e.decomposition.rows.map((r) => [
            e.path,
            e.decomposition.from,
            e.decomposition.to,
            r.node,
            r.unit,
            r.status,
            num(r.published),
            num(r.rebuilt),
            num(r.current),
            num(r.total),
            num(r.revision),
            num(r.dataRevision),
            num(r.methodChange),
            num(r.likeForLike),
            num(r.rankPublished),
            num(r.rankRebuilt),
            num(r.rankCurrent),
            num(r.rankTotal),
            num(r.rankRevision),
            num(r.rankLikeForLike),
          ]),
        ),
      ]);
    }
  }
  return out;
}

const emptyDecomposition = (from: string, to: string): ChangeDecomposition => ({
  from,
  to,
  nodes: [],
  split: false,
  rows: [],
  summary: [],
});

/**
 * The earlier edition's spec (embedded in its results file) built on the current data, up to the current
 * edition: the method as it was, the data as they are now. Its sources and exporters are not run (the data are
 * the current build's). A failure is a warning, and the revisions are then not split into data and method.
 */
async function rebuildEarlierSpec(
  published: IndexResult,
  tracking: ResolvedTracking,
  observations: readonly Observation[],
  registry: Registry,
  where: string,
  issues: Issue[],
): Promise<IndexResult | undefined> {
  const { sources: _sources, exports: _exports, tracking: _tracking, ...rest } = published.spec;
  const earlier: Spec = { ...rest, tracking: { edition: tracking.edition } };
  const built = await buildIndex(earlier, observations, { registry, keep: "final" });
  const first = built.issues.find((x) => x.severity === "error");
  if (!built.result || first) {
    issues.push({
      severity: "warning",
      code: "earlier-spec-not-rebuilt",
      path: where,
      message: `the earlier edition's spec cannot be built on the current data (${first ? `${first.path}: ${first.message}` : "no result"}), so its revisions are not split into data and method`,
      source: "cli",
    });
    return undefined;
  }
  return built.result;
}
