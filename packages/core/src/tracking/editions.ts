import { Dataset } from "../data/dataset.js";
import { InputError } from "../errors.js";
import { type Issue, IssueList, pointer, show } from "../issues.js";
import type { IndexResult } from "../pipeline/result.js";
import type { TrackingSpec } from "../spec/types.js";
import { aggregatesOf, checkNodes, periodIndex } from "./shared.js";

/** The edition's period and the periods compared with it, as a build resolves `tracking`. */
export interface ResolvedTracking {
  /** The period the edition publishes. */
  edition: string;
  /** Periods compared with the edition, in the order given (earlier periods by default). */
  compare: string[];
  /** Periods of the data after the edition, left out of the build. */
  leftOut: string[];
}

/**
 * Resolves a spec's `tracking` against the periods of the data (sorted): the edition (default: the latest
 * period), the periods compared with it (default: the one before the edition, if any) and the periods after the
 * edition, which a build leaves out. A period the data do not have, or a compared period that is the edition or
 * comes after it, is an `error` issue with its spec path, and no tracking is returned.
 *
 * @example
 * resolveTracking(["2023", "2024", "2025"], { edition: "2024" }).tracking
 * // { edition: "2024", compare: ["2023"], leftOut: ["2025"] }
 */
export function resolveTracking(
  periods: readonly string[],
  tracking: TrackingSpec | undefined,
): { tracking?: ResolvedTracking; issues: Issue[] } {
  const issues = new IssueList();
  const source = "tracking";
  if (periods.length === 0) return { issues: issues.items };
  const listed = periods.map((p) => show(p)).join(", ");
  const edition = tracking?.edition ?? periods[periods.length - 1]!;
  const e = periods.indexOf(edition);
  if (e < 0) {
    issues.error(
      "unknown-period",
      pointer("tracking", "edition"),
      `the edition ${show(edition)} is not a period of the data; they have ${listed}`,
      source,
    );
    return { issues: issues.items };
  }
  const compare = tracking?.compare ?? (e > 0 ? [periods[e - 1]!] : []);
  compare.forEach((period, i) => {
    const p = periods.indexOf(period);
    const path = pointer("tracking", "compare", i);
    if (p < 0) {
      issues.error(
        "unknown-period",
        path,
        `${show(period)} is not a period of the data; they have ${listed}`,
        source,
      );
    } else if (p >= e) {
      issues.error(
        "bad-period",
        path,
        `${show(period)} is ${p === e ? "the edition itself" : `after the edition ${show(edition)}`}; an edition is compared with earlier periods`,
        source,
      );
    }
  });
  if (issues.items.length > 0) return { issues: issues.items };
  return {
    tracking: { edition, compare: [...compare], leftOut: periods.slice(e + 1) },
    issues: issues.items,
  };
}

/**
 * The period a result's edition is compared with first, as an index into `result.periods`: the spec's
 * `tracking.compare[0]`, by default the period before the edition; `undefined` when the result has one period.
 * What reports show as the latest change.
 *
 * @example
 * const p = comparedPeriod(result); // 1 for periods 2023, 2024, 2025 without `tracking`
 */
export function comparedPeriod(result: Pick<IndexResult, "periods" | "spec">): number | undefined {
  const resolved = resolveTracking(result.periods, result.spec.tracking).tracking;
  const period = resolved?.compare[0];
  if (period !== undefined) return result.periods.indexOf(period);
  return result.periods.length > 1 ? result.periods.length - 2 : undefined;
}

/**
 * The data of the first `count` periods (in order), the later ones left out: what an edition's build keeps when
 * the data hold periods after the edition. Columns are copied.
 */
export function firstPeriods(data: Dataset, count: number): Dataset {
  const n = data.units.length;
  const columns = new Map(data.ids.map((id) => [id, data.column(id).slice(0, count * n)]));
  return new Dataset(data.units, data.periods.slice(0, count), columns);
}

/**
 * Whether a unit has the three scores of a decomposition (`both`), is new since the published edition (`new`:
 * no published score), has left (`gone`: no current score in `to`), or has none (`none`). A unit that has
 * published and current scores but no current score in `from` gets `unscored-from`.
 */
export type DecompositionStatus = "both" | "new" | "gone" | "unscored-from" | "none";

/** One unit's change on one node from a published edition to the current one, split in two. */
export interface ChangeSplit {
  /** Framework node id. */
  node: string;
  /** Unit id. */
  unit: string;
  /** The score published for `from` (the earlier edition's). */
  published: number;
  /** The current build's score for `from`: the earlier period rebuilt with the current spec and data. */
  rebuilt: number;
  /** The current build's score for `to`. */
  current: number;
  /** current − published: the change a reader of both editions sees. */
  total: number;
  /** rebuilt − published: the revision of the earlier period's score (new method, revised data). */
  revision: number;
  /** current − rebuilt: the change of the unit itself, like for like (same method, same data vintage). */
  likeForLike: number;
  /**
   * With `previousMethod`: the part of the revision due to revised data (the earlier spec on the current data,
   * minus the published score); else `NaN`.
   */
  dataRevision: number;
  /** With `previousMethod`: the part due to the change of method (rebuilt minus the earlier spec on the current data). */
  methodChange: number;
  /** The published, rebuilt and current ranks (1 = best; `NaN` when missing), and the rank changes as for scores. */
  rankPublished: number;
  rankRebuilt: number;
  rankCurrent: number;
  /** rankPublished − rankCurrent: positive when the unit rose. */
  rankTotal: number;
  /** rankPublished − rankRebuilt. */
  rankRevision: number;
  /** rankRebuilt − rankCurrent. */
  rankLikeForLike: number;
  /** Which scores there are. */
  status: DecompositionStatus;
}

/** Options of {@link decomposeChange}. */
export interface DecomposeOptions {
  /** The earlier period (default: the published edition's latest period). */
  from?: string;
  /** The later period (default: the current result's latest period). */
  to?: string;
  /** Nodes, each in both frameworks (default: the current result's aggregates and root that the published has). */
  nodes?: readonly string[];
  /**
   * The published edition's spec rebuilt on the current data (same periods as `from`): splits each revision into
   * data and method.
   */
  previousMethod?: IndexResult;
}

/** Every unit's change between two editions, split into revision and like-for-like change. */
export interface ChangeDecomposition {
  from: string;
  to: string;
  nodes: string[];
  /** Whether the revisions are split into data and method (a `previousMethod` result was given). */
  split: boolean;
  /** Units of the current result, then those only the published edition has. */
  rows: ChangeSplit[];
  /** Per node: units with all three scores, how many were revised (|revision| > 1e-9 · max(1, |published|)), and the largest revision. */
  summary: {
    node: string;
    units: number;
    revised: number;
    largestRevision?: { unit: string; revision: number };
  }[];
}

/**
 * Splits the change between a published edition and the current one. The change a reader sees,
 * current(to) − published(from), is the sum of two parts:
 *
 * - revision = rebuilt(from) − published(from): the earlier period's score rebuilt with the current spec and
 *   the current data, minus the score published then. It is zero when neither the method nor the earlier data
 *   changed. Given `previousMethod` (the earlier spec rebuilt on the current data), it is split again into
 *   dataRevision = previous(from) − published(from) and methodChange = rebuilt(from) − previous(from).
 * - likeForLike = current(to) − rebuilt(from): the change measured with one method on one vintage of data
 *   (back-casting).
 *
 * Ranks are split the same way (rank changes positive when the unit rose). Units new since the published
 * edition, gone since, or without a rebuilt score are listed with their status and `NaN` parts, never dropped.
 *
 * @example
 * decomposeChange(published2025, current2026).rows.filter((r) => r.node === "index")
 */
export function decomposeChange(
  published: IndexResult,
  current: IndexResult,
  options: DecomposeOptions = {},
): ChangeDecomposition {
  const fn = "decomposeChange";
  const from = options.from ?? published.periods[published.periods.length - 1]!;
  const to = options.to ?? current.periods[current.periods.length - 1]!;
  const pPub = periodIndex(published, from, fn, "the published edition");
  const pFrom = periodIndex(current, from, fn, "the current result");
  const pTo = periodIndex(current, to, fn, "the current result");
  if (pTo <= pFrom) {
    throw new InputError(
      "bad-period",
      `${fn}: \`to\` (${show(to)}) must come after \`from\` (${show(from)})`,
    );
  }
  const previous = options.previousMethod;
  const pPrev = previous ? periodIndex(previous, from, fn, "the earlier spec's rebuild") : -1;
  const nodes = options.nodes
    ? [...options.nodes]
    : aggregatesOf(current).filter((id) => published.framework.nodes.has(id));
  checkNodes(current, nodes, fn, "the current result");
  checkNodes(published, nodes, fn, "the published edition");
  if (previous) {
    const missing = nodes.filter((id) => !previous.framework.nodes.has(id));
    if (missing.length > 0) {
      throw new InputError(
        "unknown-id",
        `${fn}: the earlier spec's rebuild has no node ${missing.map((m) => show(m)).join(", ")}`,
      );
    }
  }
  const currentUnits = new Set(current.units);
  const units = [...current.units, ...published.units.filter((u) => !currentUnits.has(u))];
  const rowOf = (result: IndexResult) => new Map(result.units.map((u, i) => [u, i]));
  const at = { pub: rowOf(published), cur: rowOf(current), prev: previous ? rowOf(previous) : undefined };
  const rows: ChangeSplit[] = [];
  const summary: ChangeDecomposition["summary"] = [];
  for (const node of nodes) {
    const read = (result: IndexResult, rowsOf: Map<string, number>, p: number, unit: string) => {
      const i = rowsOf.get(unit);
      if (i === undefined) return { score: Number.NaN, rank: Number.NaN };
      const score = result.scores.get(node, i, p);
      return Number.isNaN(score)
        ? { score, rank: Number.NaN }
        : { score, rank: result.ranks.get(node, i, p) };
    };
    let units3 = 0;
    let revised = 0;
    let largest: { unit: string; revision: number } | undefined;
    for (const unit of units) {
      const pub = read(published, at.pub, pPub, unit);
      const reb = read(current, at.cur, pFrom, unit);
      const cur = read(current, at.cur, pTo, unit);
      const prev = previous ? read(previous, at.prev!, pPrev, unit).score : Number.NaN;
      const has = (x: number) => !Number.isNaN(x);
      const status: DecompositionStatus = !has(pub.score)
        ? has(cur.score)
          ? "new"
          : "none"
        : !has(cur.score)
          ? "gone"
          : has(reb.score)
            ? "both"
            : "unscored-from";
      const revision = reb.score - pub.score;
      rows.push({
        node,
        unit,
        published: pub.score,
        rebuilt: reb.score,
        current: cur.score,
        total: cur.score - pub.score,
        revision,
        likeForLike: cur.score - reb.score,
        dataRevision: prev - pub.score,
        methodChange: reb.score - prev,
        rankPublished: pub.rank,
        rankRebuilt: reb.rank,
        rankCurrent: cur.rank,
        rankTotal: pub.rank - cur.rank,
        rankRevision: pub.rank - reb.rank,
        rankLikeForLike: reb.rank - cur.rank,
        status,
      });
      if (status !== "both") continue;
      units3++;
      if (Math.abs(revision) > 1e-9 * Math.max(1, Math.abs(pub.score))) revised++;
      const size = Math.abs(revision);
      if (size > 0 && (!largest || size > Math.abs(largest.revision))) largest = { unit, revision };
    }
    summary.push({ node, units: units3, revised, ...(largest ? { largestRevision: largest } : {}) });
  }
  return { from, to, nodes, split: previous !== undefined, rows, summary };
}
