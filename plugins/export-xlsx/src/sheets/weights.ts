import type { Workbook, Worksheet } from "exceljs";
import { effectiveWeights } from "../effective-weights.js";
import { nodeLabel, type SheetContext } from "./context.js";
import { type Column, type Value, writeTable, writeTitle } from "./table.js";

/**
 * The weights sheet: every framework node below the index, parents before children, with its level, parent,
 * direction and unit of measure (indicators), the nominal weight of the spec and its share among siblings,
 * the weight used and its share, and the effective weight (see {@link effectiveWeights}).
 */
export function writeWeightsSheet(workbook: Workbook, ctx: SheetContext, name: string): Worksheet {
  const { result } = ctx;
  const { languages } = ctx.options;
  const sheet = workbook.addWorksheet(name);
  writeTitle(sheet, `${ctx.title}: framework and weights`, ctx.noticeLine);
  const weights = effectiveWeights(result);
  const lead = ["node", ...languages.map((l) => `name (${l})`)];
  const rest: [string, Column][] = [
    ["level", { kind: "number" }],
    ["parent", { kind: "text", maxWidth: 30 }],
    ["direction", { kind: "text" }],
    ["unit of measure", { kind: "text", maxWidth: 30 }],
    ["nominal weight", { kind: "number", format: "General" }],
    ["nominal share", { kind: "percent" }],
    ["weight used", { kind: "number", format: "General" }],
    ["share used", { kind: "percent" }],
    ["effective weight", { kind: "percent" }],
  ];
  const headers = [[...lead, ...rest.map(([h]) => h)]];
  const columns: Column[] = [
    ...lead.map((): Column => ({ kind: "text", maxWidth: 50 })),
    ...rest.map(([, c]) => c),
  ];
  const rows: Value[][] = [];
  for (const node of ctx.preorder) {
    const w = weights.get(node.id);
    if (!w) continue;
    const indicator = node.isIndicator ? result.framework.indicators.get(node.id) : undefined;
    rows.push([
      node.id,
      ...languages.map((_, i) => nodeLabel(result, node.id, languages, i)),
      node.level,
      node.parent ?? "",
      indicator ? (indicator.direction === 1 ? "higher is better" : "lower is better") : "",
      indicator?.unit ?? "",
      w.nominal,
      w.nominalShare,
      w.used,
      w.usedShare,
      w.effective,
    ]);
  }
  const { first } = writeTable(sheet, { headers, columns, rows, frozenColumns: 1 });
  // Indent node ids by depth so the tree shows.
  const depth = (id: string): number => {
    let d = 0;
    for (let p = result.framework.nodes.get(id)?.parent; p; p = result.framework.nodes.get(p)?.parent) d++;
    return d;
  };
  rows.forEach((row, i) => {
    const cell = sheet.getCell(first + i, 1);
    cell.alignment = { indent: Math.max(0, depth(String(row[0])) - 1) };
  });
  const note = sheet.getCell(first + rows.length + 1, 1);
  note.value =
    "Shares are weights divided by the sum of their siblings' weights. The effective weight is the product of the shares used from the index down: the share of the index a node carries in a weighted mean with no missing values (its nominal, not its statistical, importance).";
  note.font = { italic: true };
  return sheet;
}
