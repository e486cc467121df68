import {
  type CsvCell,
  type Dataset,
  formatCsv,
  type IndexResult,
  LANGUAGE_TAG_PATTERN,
  type NodeModel,
} from "@cityindex/core";

/** Which values a wide table holds. */
export type WideValues = "scores" | "ranks";

/**
 * A wide table of a result as CSV: one row per unit and period (periods in order, units in the result's
 * order), the unit's id, the period, the unit's label in each of `languages`, then one column per framework
 * node: the index, then each level down to the indicators, each level in the spec's order. Scores and ranks are written
 * at full precision, missing ones as empty cells, and every text cell is made safe to open in a spreadsheet
 * by `formatCsv` of `@cityindex/core` (a text starting with `=`, `+`, `-`, `@`, a tab or a carriage return
 * is prefixed with `'`).
 *
 * @example
 * // unit,period,index,dimA,flights
 * // A,2024,62.5,50,100
 * wideCsv(result, "scores");
 */
export function wideCsv(result: IndexResult, values: WideValues, languages: readonly string[] = []): string {
  const pattern = new RegExp(LANGUAGE_TAG_PATTERN);
  const langs = languages.filter((l) => pattern.test(l));
  const nodes = nodesByLevel(result);
  const data: Dataset = values === "scores" ? result.scores : result.ranks;
  const header: CsvCell[] = ["unit", "period", ...langs.map((l) => `label_${l}`), ...nodes.map((n) => n.id)];
  const rows: CsvCell[][] = [header];
  const columns = nodes.map((n) => data.column(n.id));
  const units = result.units.length;
  result.periods.forEach((period, p) => {
    result.units.forEach((unit, u) => {
      const labels = result.framework.units.get(unit)?.labels ?? {};
      const row: CsvCell[] = [unit, period, ...langs.map((l) => labels[l] ?? "")];
      for (const col of columns) row.push(col[p * units + u]!);
      rows.push(row);
    });
  });
  return formatCsv(rows);
}

/** The framework's nodes from the index down, level by level, each level in the spec's (depth-first) order. */
export function nodesByLevel(result: IndexResult): NodeModel[] {
  const fw = result.framework;
  const walk: NodeModel[] = [];
  const visit = (node: NodeModel): void => {
    walk.push(node);
    for (const c of node.children) {
      const child = fw.nodes.get(c);
      if (child) visit(child);
    }
  };
  visit(fw.root);
  return walk
    .map((n, i) => ({ n, i }))
    .sort((a, b) => b.n.level - a.n.level || a.i - b.i)
    .map((x) => x.n);
}
