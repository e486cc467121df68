import type { NamedDataset } from "@cityindex/core";
import type { Workbook, Worksheet } from "exceljs";
import { nodeLabel, type SheetContext, unitCells, unitHeaders } from "./context.js";
import { type Column, type Value, writeTable, writeTitle } from "./table.js";

/**
 * A data sheet: one row per period and unit (periods in order), one column per column of the dataset
 * (indicators, auxiliary ones included, under their labels). Values from the normalisation step on are
 * shown with two decimals; earlier ones as stored.
 */
export function writeDataSheet(
  workbook: Workbook,
  ctx: SheetContext,
  name: string,
  dataset: NamedDataset,
  normaliseStep: number | undefined,
): Worksheet {
  const { result } = ctx;
  const { languages } = ctx.options;
  const sheet = workbook.addWorksheet(name);
  const made = dataset.step < 0 ? "as read from the sources" : `after pipeline step ${dataset.step + 1}`;
  writeTitle(sheet, `${dataset.name} data, ${made}: every unit and period`, ctx.noticeLine);

  const { data } = dataset;
  const ids = data.ids;
  const scaled = normaliseStep !== undefined && dataset.step >= normaliseStep;
  const lead = ["period", ...unitHeaders(languages)];
  const headers: (string | null)[][] = [
    ...languages.map((_, l) => [
      ...lead.map(() => ""),
      ...ids.map((id) => nodeLabel(result, id, languages, l)),
    ]),
    [...lead, ...ids],
  ];
  const columns: Column[] = [
    ...lead.map((): Column => ({ kind: "text", maxWidth: 40 })),
    ...ids.map((): Column => (scaled ? { kind: "score", scale: false } : { kind: "number" })),
  ];
  const rows: Value[][] = [];
  for (let p = 0; p < data.periods.length; p++) {
    data.units.forEach((unit, u) => {
      rows.push([
        data.periods[p]!,
        ...unitCells(result, unit, languages),
        ...ids.map((id) => data.get(id, u, p)),
      ]);
    });
  }
  writeTable(sheet, { headers, columns, rows, frozenColumns: lead.length });
  return sheet;
}
