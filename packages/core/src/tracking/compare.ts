import { InputError } from "../errors.js";
import { show } from "../issues.js";
import type { IndexResult } from "../pipeline/result.js";
import type { TieMethod } from "../spec/types.js";
import { rank } from "../stats/rank.js";
import { spearmanCorrelation } from "../stats/rank-correlation.js";
import { aggregatesOf, checkNodes, periodIndex } from "./shared.js";

/**
 * Whether a unit has a score on a node in both results (`both`), only in A (`only-a`), only in B (`only-b`), or
 * in neither (`none`). A unit missing from a result's units has no score there.
 */
export type ComparedStatus = "both" | "only-a" | "only-b" | "none";

/** One unit's score and rank on one node in two results. */
export interface ComparedScore {
  /** Framework node id. */
  node: string;
  /** Unit id. */
  unit: string;
  /** Score in A (`NaN` when missing). */
  scoreA: number;
  /** Score in B (`NaN` when missing). */
  scoreB: number;
  /** scoreB − scoreA (`NaN` unless the status is `both`). */
  scoreDifference: number;
  /** Rank in A, 1 = best (`NaN` when missing). */
  rankA: number;
  /** Rank in B (`NaN` when missing). */
  rankB: number;
  /** rankA − rankB: positive when the unit ranks higher in B (`NaN` unless the status is `both`). */
  rankDifference: number;
  /** Which results score the unit. */
  status: ComparedStatus;
}

/** How much one node's ranking differs between the two results. */
export interface NodeComparisonSummary {
  /** Framework node id. */
  node: string;
  /** Units scored by both. */
  units: number;
  /** Spearman's rank correlation of the two sets of scores over the units scored by both (`NaN` under 2). */
  spearman: number;
  /** Mean of |rankDifference| over the units scored by both (`NaN` when none). */
  meanAbsoluteRankDifference: number;
  /** The unit with the largest |rankDifference| (ties by unit id), if a unit scored by both moved at all. */
  largestMove?: { unit: string; rankDifference: number };
}

/**
 * Which ranks are compared: `result` (the default) takes each result's own ranks, which rank the units that
 * result scores; `common` ranks again, with each result's tie method, only the units both score, so a unit in
 * one result only does not shift the others.
 */
export type CompareRanks = "result" | "common";

/** Options of {@link compareResults}. */
export interface CompareOptions {
  /** The period (default: the last period of A that B has too). */
  period?: string;
  /** Nodes to compare; each must be in both frameworks (default: the aggregates and the root of A that B has). */
  nodes?: readonly string[];
  /** Which ranks to compare (default `result`). */
  ranks?: CompareRanks;
}

/** Two results compared on one period. */
export interface ResultComparison {
  /** The period compared. */
  period: string;
  /** The ranks compared. */
  ranks: CompareRanks;
  /** The tie methods of the two results' ranks. */
  ties: { a: TieMethod; b: TieMethod };
  /** The nodes compared, in the order of the rows. */
  nodes: string[];
  /** Framework nodes only A has, and only B has: not compared. */
  nodesOnlyInA: string[];
  /** Framework nodes only B has. */
  nodesOnlyInB: string[];
  /** Units only A has, and only B has: listed in the rows with status `only-a` or `only-b`. */
  unitsOnlyInA: string[];
  /** Units only B has. */
  unitsOnlyInB: string[];
  /** One row per node and unit: nodes in order, then A's units in A's order, then B's others in B's order. */
  rows: ComparedScore[];
  /** One summary per node, in order. */
  summary: NodeComparisonSummary[];
}

/** A node's scores and ranks of every unit of `units` in one result (NaN where it has none). */
function column(
  result: IndexResult,
  node: string,
  p: number,
  units: readonly string[],
): { scores: Float64Array; ranks: Float64Array } {
  const at = new Map(result.units.map((u, i) => [u, i]));
  const s = result.scores.slice(node, p);
  const r = result.ranks.slice(node, p);
  const scores = new Float64Array(units.length).fill(Number.NaN);
  const ranks = new Float64Array(units.length).fill(Number.NaN);
  units.forEach((unit, i) => {
    const j = at.get(unit);
    if (j !== undefined && !Number.isNaN(s[j]!)) {
      scores[i] = s[j]!;
      ranks[i] = r[j]!;
    }
  });
  return { scores, ranks };
}

/**
 * Compares two results of the same units: two editions of an index, or the same data built with two method
 * choices. For each node both frameworks have and each unit: the score and rank in A and in B, their
 * differences, and whether both score the unit; for each node: Spearman's rank correlation of the two sets of
 * scores, the mean absolute rank difference and the largest move. Units and nodes that only one result has are
 * listed, not dropped.
 *
 * scoreDifference = scoreB − scoreA; rankDifference = rankA − rankB, positive when the unit ranks higher in B.
 * With `ranks: "result"` a unit present in one result only still counts in that result's ranks.
 *
 * Complexity O(nodes × units log units).
 *
 * @example
 * compareResults(edition2023, edition2024, { period: "2024" }).summary
 */
export function compareResults(
  a: IndexResult,
  b: IndexResult,
  options: CompareOptions = {},
): ResultComparison {
  const fn = "compareResults";
  const ranksOption = options.ranks ?? "result";
  if (ranksOption !== "result" && ranksOption !== "common") {
    throw new InputError(
      "bad-option",
      `${fn}: \`ranks\` must be \`result\` or \`common\`, got ${show(ranksOption)}`,
    );
  }
  let period = options.period;
  if (period === undefined) {
    period = [...a.periods].reverse().find((p) => b.periods.includes(p));
    if (period === undefined) {
      throw new InputError(
        "no-shared-period",
        `${fn}: the results share no period; A has ${a.periods.map((p) => show(p)).join(", ")}, B has ${b.periods.map((p) => show(p)).join(", ")}`,
      );
    }
  }
  const pA = periodIndex(a, period, fn, "A");
  const pB = periodIndex(b, period, fn, "B");

  const bUnits = new Set(b.units);
  const aUnits = new Set(a.units);
  const unitsOnlyInA = a.units.filter((u) => !bUnits.has(u));
  const unitsOnlyInB = b.units.filter((u) => !aUnits.has(u));
  if (unitsOnlyInA.length === a.units.length) {
    throw new InputError("no-shared-units", `${fn}: the results share no unit`);
  }
  const units = [...a.units, ...unitsOnlyInB];

  const nodesOnlyInA = a.framework.order.filter((n) => !b.framework.nodes.has(n.id)).map((n) => n.id);
  const nodesOnlyInB = b.framework.order.filter((n) => !a.framework.nodes.has(n.id)).map((n) => n.id);
  const nodes = options.nodes
    ? [...options.nodes]
    : aggregatesOf(a).filter((id) => b.framework.nodes.has(id));
  checkNodes(a, nodes, fn, "A");
  checkNodes(b, nodes, fn, "B");

  const ties = { a: a.provenance.ranking.ties, b: b.provenance.ranking.ties };
  const rows: ComparedScore[] = [];
  const summary: NodeComparisonSummary[] = [];
  for (const node of nodes) {
    const A = column(a, node, pA, units);
    const B = column(b, node, pB, units);
    const both = units.map((_, i) => !Number.isNaN(A.scores[i]!) && !Number.isNaN(B.scores[i]!));
    let rankA = A.ranks;
    let rankB = B.ranks;
    if (ranksOption === "common") {
      const only = (s: Float64Array) => s.map((v, i) => (both[i] ? v : Number.NaN));
      rankA = rank(only(A.scores), ties.a);
      rankB = rank(only(B.scores), ties.b);
    }
    let sum = 0;
    let count = 0;
    let largestMove: NodeComparisonSummary["largestMove"];
    units.forEach((unit, i) => {
      const sA = A.scores[i]!;
      const sB = B.scores[i]!;
      const hasA = !Number.isNaN(sA);
      const hasB = !Number.isNaN(sB);
      const status: ComparedStatus = hasA ? (hasB ? "both" : "only-a") : hasB ? "only-b" : "none";
      const rankDifference = rankA[i]! - rankB[i]!;
      rows.push({
        node,
        unit,
        scoreA: sA,
        scoreB: sB,
        scoreDifference: sB - sA,
        rankA: rankA[i]!,
        rankB: rankB[i]!,
        rankDifference,
        status,
      });
      if (status !== "both") return;
      sum += Math.abs(rankDifference);
      count++;
      const size = Math.abs(rankDifference);
      const best = largestMove ? Math.abs(largestMove.rankDifference) : 0;
      if (size > best || (size === best && largestMove !== undefined && unit < largestMove.unit)) {
        largestMove = { unit, rankDifference };
      }
    });
    const entry: NodeComparisonSummary = {
      node,
      units: count,
      spearman: count < 2 ? Number.NaN : spearmanCorrelation(A.scores, B.scores),
      meanAbsoluteRankDifference: count === 0 ? Number.NaN : sum / count,
    };
    if (largestMove) entry.largestMove = largestMove;
    summary.push(entry);
  }
  return {
    period,
    ranks: ranksOption,
    ties,
    nodes,
    nodesOnlyInA,
    nodesOnlyInB,
    unitsOnlyInA,
    unitsOnlyInB,
    rows,
    summary,
  };
}
