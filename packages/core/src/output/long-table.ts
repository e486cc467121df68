import type { NodeModel } from "../model/framework.js";
import type { IndexResult } from "../pipeline/result.js";

/** One row of the long results table. */
export interface LongRow {
  /** Unit id. */
  unit: string;
  /** Period. */
  period: string;
  /** Framework node id (an indicator at level 1). */
  node: string;
  /** Framework level: 1 for indicators, the highest for the index. */
  level: number;
  /** Score, or `null` where missing. */
  score: number | null;
  /** Rank (1 = best), or `null` where the score is missing. */
  rank: number | null;
}

/**
 * Visits the cells of the long results table in its order: by period, then node from the index down, then
 * rank (missing last, ties in unit order). `score` and `rank` are `NaN` where missing.
 */
export function forEachLongRow(
  result: IndexResult,
  visit: (unit: number, period: number, node: NodeModel, score: number, rank: number) => void,
): void {
  const nodes = [...result.framework.order].reverse();
  const n = result.units.length;
  const order = new Array<number>(n);
  for (let p = 0; p < result.periods.length; p++) {
    for (const node of nodes) {
      const scores = result.scores.slice(node.id, p);
      const ranks = result.ranks.slice(node.id, p);
      for (let i = 0; i < n; i++) order[i] = i;
      order.sort((a, b) => {
        const ra = ranks[a]!;
        const rb = ranks[b]!;
        if (Number.isNaN(ra) !== Number.isNaN(rb)) return Number.isNaN(ra) ? 1 : -1;
        return (Number.isNaN(ra) ? 0 : ra - rb) || a - b;
      });
      for (const u of order) visit(u, p, node, scores[u]!, ranks[u]!);
    }
  }
}

/**
 * The result as a long table: one row for every framework node (indicators included), every unit and every
 * period, ordered by period, then node from the index down, then rank. This is the contract of
 * `results.csv`: `unit,period,node,level,score,rank`.
 */
export function longTable(result: IndexResult): LongRow[] {
  const rows: LongRow[] = [];
  forEachLongRow(result, (u, p, node, score, rank) => {
    rows.push({
      unit: result.units[u]!,
      period: result.periods[p]!,
      node: node.id,
      level: node.level,
      score: Number.isNaN(score) ? null : score,
      rank: Number.isNaN(rank) ? null : rank,
    });
  });
  return rows;
}
