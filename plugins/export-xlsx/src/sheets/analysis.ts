import { changeContributions, comparedPeriod } from "@cityindex/core";
import type { Workbook, Worksheet } from "exceljs";
import { labelIn, nodeLabel, type SheetContext, unitLabels } from "./context.js";
import { type Column, type Value, writeTable, writeTitle } from "./table.js";

const num = (v: number | undefined): Value => (v === undefined || Number.isNaN(v) ? null : v);

/** The audit flags sheet (the statistical audit `result.analysis`): one row per flag, warnings first. */
export function writeFlagsSheet(workbook: Workbook, ctx: SheetContext, name: string): Worksheet {
  const analysis = ctx.result.analysis!;
  const sheet = workbook.addWorksheet(name);
  writeTitle(sheet, `${ctx.title}: statistical audit of ${analysis.period}, flags`, ctx.noticeLine);
  const spec: [string, Column][] = [
    ["severity", { kind: "text" }],
    ["check", { kind: "text" }],
    ["code", { kind: "text", maxWidth: 30 }],
    ["subjects", { kind: "text", maxWidth: 50 }],
    ["message", { kind: "text", maxWidth: 120 }],
  ];
  writeTable(sheet, {
    headers: [spec.map(([h]) => h)],
    columns: spec.map(([, c]) => c),
    rows: analysis.flags.map((f) => [f.severity, f.check, f.code, f.subjects.join(", "), f.message]),
    frozenColumns: 0,
  });
  return sheet;
}

/** The indicator statistics sheet of the statistical audit (COINr `get_stats`), with importance and weights. */
export function writeStatisticsSheet(workbook: Workbook, ctx: SheetContext, name: string): Worksheet {
  const analysis = ctx.result.analysis!;
  const sheet = workbook.addWorksheet(name);
  writeTitle(
    sheet,
    `${ctx.title}: statistical audit of ${analysis.period}, indicators (${analysis.dataset} data)`,
    ctx.noticeLine,
  );
  const labels = ctx.options.languages;
  const spec: [string, Column][] = [
    ["indicator", { kind: "text", maxWidth: 30 }],
    ...labels.map((l): [string, Column] => [`name (${l})`, { kind: "text", maxWidth: 40 }]),
    ["min", { kind: "number", format: "General" }],
    ["max", { kind: "number", format: "General" }],
    ["mean", { kind: "number", format: "General" }],
    ["median", { kind: "number", format: "General" }],
    ["sd", { kind: "number", format: "General" }],
    ["skew", { kind: "number", format: "0.00" }],
    ["kurtosis", { kind: "number", format: "0.00" }],
    ["available", { kind: "percent" }],
    ["non-zero", { kind: "percent" }],
    ["unique", { kind: "percent" }],
    ["imputed", { kind: "number" }],
    ["treated", { kind: "number" }],
    ["correlation with parent", { kind: "number", format: "0.00" }],
    ["effective weight", { kind: "percent" }],
    ["flags", { kind: "text", maxWidth: 50 }],
  ];
  const rows: Value[][] = analysis.indicators.map((s) => [
    s.indicator,
    ...labels.map((_, i) => nodeLabel(ctx.result, s.indicator, labels, i)),
    num(s.min),
    num(s.max),
    num(s.mean),
    num(s.median),
    num(s.sd),
    num(s.skew),
    num(s.kurtosis),
    num(s.shareAvailable),
    num(s.shareNonZero),
    num(s.shareUnique),
    s.imputed,
    s.treated,
    num(analysis.correlations.withParents.find((c) => c.child === s.indicator)?.withParent),
    num(analysis.weights.find((w) => w.node === s.indicator)?.effective),
    s.flags.join(", "),
  ]);
  writeTable(sheet, {
    headers: [spec.map(([h]) => h)],
    columns: spec.map(([, c]) => c),
    rows,
    frozenColumns: 1,
  });
  return sheet;
}

/**
 * The change sheet: for every unit, the score and rank of the index and of each aggregate in the period the
 * edition is compared with (the spec's `tracking`; by default the period before) and in the edition, and the
 * change between them (a positive rank change is a rise), best latest rank first.
 */
export function writeChangeSheet(workbook: Workbook, ctx: SheetContext, name: string): Worksheet {
  const { result } = ctx;
  const last = result.periods.length - 1;
  const first = comparedPeriod(result) ?? last;
  const from = result.periods[first]!;
  const to = result.periods[last]!;
  const sheet = workbook.addWorksheet(name);
  writeTitle(sheet, `${ctx.title}: change from ${from} to ${to}`, ctx.noticeLine);
  const languages = ctx.options.languages;
  const nodes = ctx.preorder.filter((n) => !n.isIndicator);
  const headers: (string | null)[] = ["unit", ...languages.map((l) => `name (${l})`)];
  const columns: Column[] = [
    { kind: "text", maxWidth: 24 },
    ...languages.map((): Column => ({ kind: "text", maxWidth: 30 })),
  ];
  for (const n of nodes) {
    const label = nodeLabel(result, n.id, languages, 0);
    headers.push(
      `${label}: score ${from}`,
      `score ${to}`,
      "score change",
      `rank ${from}`,
      `rank ${to}`,
      "places gained",
    );
    columns.push(
      { kind: "score" },
      { kind: "score" },
      { kind: "number", format: "+0.00;-0.00;0.00", scale: false },
      { kind: "rank" },
      { kind: "rank" },
      { kind: "number", format: "+0;-0;0" },
    );
  }
  const root = result.framework.root.id;
  // The index's change split among its children, when its aggregation adds up (arithmetic or geometric mean).
  const split = first === last ? undefined : changeContributions(result, { from, to, nodes: [root] });
  const children = split?.nodes[0]?.rule ? result.framework.nodes.get(root)!.children : [];
  const rootLabel = nodeLabel(result, root, languages, 0);
  for (const c of children) {
    headers.push(`${rootLabel}: change from ${nodeLabel(result, c, languages, 0)}`);
    columns.push({ kind: "number", format: "+0.00;-0.00;0.00", scale: false });
  }
  const order = result.units
    .map((unit, u) => ({ unit, u, rank: result.ranks.get(root, u, last) }))
    .sort((a, b) =>
      Number.isNaN(a.rank) ? 1 : Number.isNaN(b.rank) ? -1 : a.rank - b.rank || a.unit.localeCompare(b.unit),
    );
  const rows: Value[][] = order.map(({ unit, u }) => {
    const row: Value[] = [unit, ...languages.map((l) => labelIn(unitLabels(result, unit), l))];
    for (const n of nodes) {
      const s0 = result.scores.get(n.id, u, first);
      const s1 = result.scores.get(n.id, u, last);
      const r0 = result.ranks.get(n.id, u, first);
      const r1 = result.ranks.get(n.id, u, last);
      row.push(num(s0), num(s1), num(s1 - s0), num(r0), num(r1), num(r0 - r1));
    }
    if (children.length > 0) {
      const parts = split!.units[u]!;
      for (let j = 0; j < children.length; j++) row.push(num(parts.children[j]?.contribution));
    }
    return row;
  });
  writeTable(sheet, { headers: [headers], columns, rows, frozenColumns: 1 + languages.length });
  return sheet;
}
