import type { IndexResult } from "../pipeline/result.js";
import { csvCell } from "./csv.js";
import { forEachLongRow } from "./long-table.js";

/** The header of `results.csv`. */
export const RESULTS_CSV_HEADER = "unit,period,node,level,score,rank";

/**
 * `results.csv` of a result: the {@link longTable} rows as CSV, written directly (each unit, period and node
 * id is quoted once, not once per row), with the same spreadsheet safety as {@link formatCsv}.
 *
 * @example
 * // unit,period,node,level,score,rank
 * // chengdu,2024,index,3,71.25,1
 */
export function resultsCsv(result: IndexResult): string {
  const units = result.units.map((u) => csvCell(u));
  const periods = result.periods.map((p) => csvCell(p));
  const prefixes = new Map<string, string>();
  const parts: string[] = [RESULTS_CSV_HEADER, "\n"];
  forEachLongRow(result, (u, p, node, score, rank) => {
    const key = `${p}\u0000${node.id}`;
    let middle = prefixes.get(key);
    if (middle === undefined) {
      middle = `,${periods[p]},${csvCell(node.id)},${node.level},`;
      prefixes.set(key, middle);
    }
    parts.push(
      units[u]!,
      middle,
      Number.isNaN(score) ? "" : String(score),
      ",",
      Number.isNaN(rank) ? "" : String(rank),
      "\n",
    );
  });
  return parts.join("");
}
