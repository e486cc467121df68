import { InputError } from "../errors.js";
import { show } from "../issues.js";
import type { IndexResult } from "../pipeline/result.js";
import type { TieMethod } from "../spec/types.js";
import { periodPair } from "./shared.js";

/**
 * Whether a unit has a score in both periods (`both`), only in the later one (`new`: it joined), only in the
 * earlier one (`gone`: it left), or in neither (`none`).
 */
export type ChangeStatus = "both" | "new" | "gone" | "none";

/** How one unit's score and rank on one node changed between two periods. */
export interface PeriodChange {
  /** Framework node id. */
  node: string;
  /** Unit id. */
  unit: string;
  /** Score in the `from` period (`NaN` when missing). */
  scoreFrom: number;
  /** Score in the `to` period (`NaN` when missing). */
  scoreTo: number;
  /** scoreTo − scoreFrom (`NaN` unless the status is `both`). */
  scoreChange: number;
  /** Rank in the `from` period, 1 = best (`NaN` when missing). */
  rankFrom: number;
  /** Rank in the `to` period (`NaN` when missing). */
  rankTo: number;
  /** rankFrom − rankTo: positive when the unit rose (`NaN` unless the status is `both`). */
  rankChange: number;
  /** Which of the two periods have a score. */
  status: ChangeStatus;
}

/** Options of {@link periodChanges}. */
export interface PeriodChangeOptions {
  /** The earlier period (any period of the result). */
  from: string;
  /** The later period; distinct from `from`. */
  to: string;
  /** Framework nodes to compare, indicators too (default: every aggregate and the root). */
  nodes?: readonly string[];
}

/** Every node's and unit's change between two periods. */
export interface PeriodChanges {
  /** The earlier period. */
  from: string;
  /** The later period. */
  to: string;
  /** The nodes compared, in the order of the rows. */
  nodes: string[];
  /** The tie method of the result's ranks (its `provenance.ranking.ties`). */
  ties: TieMethod;
  /** One row per node and unit, nodes in order, units in the result's order. */
  changes: PeriodChange[];
}

/**
 * The change of every unit's score and rank between two periods of one result, per framework node.
 *
 * scoreChange = score(to) − score(from); rankChange = rank(from) − rank(to), so a positive rank change means the
 * unit rose. Ranks are the result's own: in each period they rank the units that have a score in that period,
 * so when units join or leave between the periods a rank may change though no score did. Units without a score
 * in one period get status `new` or `gone` and `NaN` changes; they are listed, never dropped.
 *
 * Complexity O(nodes × units).
 *
 * @example
 * periodChanges(result, { from: "2022", to: "2024" }).changes.filter((c) => c.node === "index")
 */
export function periodChanges(result: IndexResult, options: PeriodChangeOptions): PeriodChanges {
  const fn = "periodChanges";
  const { pFrom, pTo, nodes } = periodPair(result, options, fn);
  const changes: PeriodChange[] = [];
  for (const node of nodes) {
    const sFrom = result.scores.slice(node, pFrom);
    const sTo = result.scores.slice(node, pTo);
    const rFrom = result.ranks.slice(node, pFrom);
    const rTo = result.ranks.slice(node, pTo);
    result.units.forEach((unit, u) => {
      const scoreFrom = sFrom[u]!;
      const scoreTo = sTo[u]!;
      const hasFrom = !Number.isNaN(scoreFrom);
      const hasTo = !Number.isNaN(scoreTo);
      const status: ChangeStatus = hasFrom ? (hasTo ? "both" : "gone") : hasTo ? "new" : "none";
      const rankFrom = hasFrom ? rFrom[u]! : Number.NaN;
      const rankTo = hasTo ? rTo[u]! : Number.NaN;
      changes.push({
        node,
        unit,
        scoreFrom,
        scoreTo,
        scoreChange: scoreTo - scoreFrom,
        rankFrom,
        rankTo,
        rankChange: rankFrom - rankTo,
        status,
      });
    });
  }
  return { from: options.from, to: options.to, nodes, ties: result.provenance.ranking.ties, changes };
}

/** The units of one node that rose and fell most. */
export interface Movers {
  /** The node. */
  node: string;
  /** Units whose rank rose (rankChange > 0), largest rise first. */
  risers: PeriodChange[];
  /** Units whose rank fell (rankChange < 0), largest fall first. */
  fallers: PeriodChange[];
}

/**
 * The `k` biggest risers and fallers of a node by rank change, among the units with a score in both periods
 * (status `both`); units whose rank did not change are in neither list. Risers are ordered by rank change, then
 * by the larger score change, then by unit id; fallers by the larger fall in rank, then by the larger fall in
 * score, then by unit id.
 *
 * @example
 * movers(periodChanges(result, { from: "2022", to: "2024" }), "index", 5).risers
 */
export function movers(changes: PeriodChanges, node: string, k: number): Movers {
  if (!changes.nodes.includes(node)) {
    throw new InputError(
      "unknown-id",
      `movers: no node ${show(node)} in the changes; they have ${changes.nodes.map((n) => show(n)).join(", ")}`,
    );
  }
  if (!Number.isInteger(k) || k < 0) {
    throw new InputError("bad-option", `movers: \`k\` must be a whole number ≥ 0, got ${show(k)}`);
  }
  const rows = changes.changes.filter((c) => c.node === node && c.status === "both");
  const byUnit = (a: PeriodChange, b: PeriodChange) => (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0);
  const risers = rows
    .filter((c) => c.rankChange > 0)
    .sort((a, b) => b.rankChange - a.rankChange || b.scoreChange - a.scoreChange || byUnit(a, b))
    .slice(0, k);
  const fallers = rows
    .filter((c) => c.rankChange < 0)
    .sort((a, b) => a.rankChange - b.rankChange || a.scoreChange - b.scoreChange || byUnit(a, b))
    .slice(0, k);
  return { node, risers, fallers };
}
