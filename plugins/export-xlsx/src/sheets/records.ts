import type { Workbook, Worksheet } from "exceljs";
import { labelIn, type SheetContext, unitLabels } from "./context.js";
import { type Column, type Value, writeTable, writeTitle } from "./table.js";

const json = (v: unknown): string => (v === undefined ? "" : JSON.stringify(v));
const orNull = (v: number | null | undefined): Value => (v === null || v === undefined ? null : v);

/** The audit sheet: one row per audit entry of the result, in order. */
export function writeAuditSheet(workbook: Workbook, ctx: SheetContext, name: string): Worksheet {
  const sheet = workbook.addWorksheet(name);
  writeTitle(sheet, `${ctx.title}: what every pipeline step changed`, ctx.noticeLine);
  const spec: [string, Column][] = [
    ["step", { kind: "number" }],
    ["stage", { kind: "text" }],
    ["method", { kind: "text" }],
    ["action", { kind: "text" }],
    ["unit", { kind: "text", maxWidth: 30 }],
    ["node", { kind: "text", maxWidth: 30 }],
    ["period", { kind: "text" }],
    ["before", { kind: "number", format: "General" }],
    ["after", { kind: "number", format: "General" }],
    ["message", { kind: "text", maxWidth: 100 }],
    ["details", { kind: "text", maxWidth: 60 }],
  ];
  const rows: Value[][] = ctx.result.audit.map((a) => [
    a.step < 0 ? null : a.step + 1,
    a.stage,
    a.method,
    a.action,
    a.unit,
    a.node,
    a.period,
    orNull(a.before),
    orNull(a.after),
    a.message,
    json(a.details),
  ]);
  writeTable(sheet, {
    headers: [spec.map(([h]) => h)],
    columns: spec.map(([, c]) => c),
    rows,
    frozenColumns: 0,
  });
  return sheet;
}

/** The issues sheet: every warning and note of the build. */
export function writeIssuesSheet(workbook: Workbook, ctx: SheetContext, name: string): Worksheet {
  const sheet = workbook.addWorksheet(name);
  const n = ctx.result.issues.length;
  writeTitle(
    sheet,
    `${ctx.title}: ${n === 0 ? "no issues" : `${n} issue${n === 1 ? "" : "s"}`}`,
    ctx.noticeLine,
  );
  const spec: [string, Column][] = [
    ["severity", { kind: "text" }],
    ["code", { kind: "text", maxWidth: 30 }],
    ["path", { kind: "text", maxWidth: 40 }],
    ["source", { kind: "text", maxWidth: 30 }],
    ["message", { kind: "text", maxWidth: 100 }],
  ];
  const rows: Value[][] = ctx.result.issues.map((i) => [i.severity, i.code, i.path, i.source, i.message]);
  writeTable(sheet, {
    headers: [spec.map(([h]) => h)],
    columns: spec.map(([, c]) => c),
    rows,
    frozenColumns: 0,
  });
  return sheet;
}

/** The accounting sheet: every unit and indicator, its status, the values observed and the reason. */
export function writeAccountingSheet(workbook: Workbook, ctx: SheetContext, name: string): Worksheet {
  const { result } = ctx;
  const { languages } = ctx.options;
  const sheet = workbook.addWorksheet(name);
  writeTitle(sheet, `${ctx.title}: what became of every unit and indicator`, ctx.noticeLine);
  const spec: [string, Column][] = [
    ["kind", { kind: "text" }],
    ["id", { kind: "text", maxWidth: 40 }],
    ...languages.map((l): [string, Column] => [`name (${l})`, { kind: "text", maxWidth: 40 }]),
    ["status", { kind: "text" }],
    ["observed", { kind: "number" }],
    ["reason", { kind: "text", maxWidth: 100 }],
  ];
  const rows: Value[][] = [
    ...result.accounting.units.map((a) => [
      "unit",
      a.id,
      ...languages.map((l) => labelIn(unitLabels(result, a.id), l)),
      a.status,
      a.observed,
      a.reason,
    ]),
    ...result.accounting.indicators.map((a) => [
      "indicator",
      a.id,
      ...languages.map((l) => labelIn(result.framework.indicators.get(a.id)?.labels, l)),
      a.status,
      a.observed,
      a.reason,
    ]),
  ];
  writeTable(sheet, {
    headers: [spec.map(([h]) => h)],
    columns: spec.map(([, c]) => c),
    rows,
    frozenColumns: 2,
  });
  return sheet;
}
