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
 * The result as a long table: one row for every framework node (indicators included), every unit and every
 * period, ordered by period, then node from the index down, then rank. This is the contract of
 * `results.csv`: `unit,period,node,level,score,rank`.
 */
export function longTable(result: IndexResult): LongRow[] {
  const rows: LongRow[] = [];
  const nodes = [...result.framework.order].reverse();
  const n = result.units.length;
  result.periods.forEach((period, p) => {
    for (const node of nodes) {
      const scores = result.scores.slice(node.id, p);
      const ranks = result.ranks.slice(node.id, p);
      const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => {
        const ra = ranks[a]!;
        const rb = ranks[b]!;
        if (Number.isNaN(ra) !== Number.isNaN(rb)) return Number.isNaN(ra) ? 1 : -1;
        return (Number.isNaN(ra) ? 0 : ra - rb) || a - b;
      });
      for (const u of order) {
        const s = scores[u]!;
        const r = ranks[u]!;
        rows.push({
          unit: result.units[u]!,
          period,
          node: node.id,
          level: node.level,
          score: Number.isNaN(s) ? null : s,
          rank: Number.isNaN(r) ? null : r,
        });
      }
    }
  });
  return rows;
}
