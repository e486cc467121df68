import { percentileName, type UncertaintyView, uncertaintyView } from "@cityindex/core";
import type { Workbook, Worksheet } from "exceljs";
import { nodeLabel, type SheetContext, unitCells } from "./context.js";
import { type Column, type Value, writeTable, writeTitle } from "./table.js";

/** The uncertainty summary of the sheet context's result, read; `undefined` when the result has none. */
export function sheetUncertainty(ctx: SheetContext): UncertaintyView | undefined {
  const summary = ctx.result.uncertainty;
  return summary ? uncertaintyView(summary) : undefined;
}

/** What the analysis looked at, for titles: `Small index, 2024`. */
function subject(ctx: SheetContext, view: UncertaintyView): string {
  const languages = ctx.options.languages;
  const node = view.node || ctx.result.framework.root.id;
  const label = languages.length > 0 ? nodeLabel(ctx.result, node, languages, 0) : node;
  return view.period ? `${label}, ${view.period}` : label;
}

/**
 * The uncertainty sheet (`result.uncertainty`): one row per unit in nominal rank order, with the columns of
 * `uncertainty.csv` of `@cityindex/export-tables` (the unit's names in each language after its id): nominal
 * score and rank, mean and median rank, the ranks at the interval's percentiles (`p5_rank`, `p95_rank`), best
 * and worst rank, P(top k) for each k, the share of runs within `within` places of the nominal rank, and the
 * runs in which the unit was ranked and not.
 */
export function writeUncertaintySheet(
  workbook: Workbook,
  ctx: SheetContext,
  name: string,
  view: UncertaintyView,
): Worksheet {
  const sheet = workbook.addWorksheet(name);
  const runs = Number.isFinite(view.runs) ? ` (${view.runs} runs)` : "";
  writeTitle(sheet, `${ctx.title}: rank uncertainty of ${subject(ctx, view)}${runs}`, ctx.noticeLine);
  const languages = ctx.options.languages;
  const [low, high] = view.interval;
  const spec: [string, Column][] = [
    ["unit", { kind: "text", maxWidth: 24 }],
    ...languages.map((l): [string, Column] => [`name (${l})`, { kind: "text", maxWidth: 30 }]),
    ["nominal_score", { kind: "score", scale: false }],
    ["nominal_rank", { kind: "rank" }],
    ["mean_rank", { kind: "number", format: "0.00" }],
    ["median_rank", { kind: "rank" }],
    [`p${percentileName(low)}_rank`, { kind: "rank" }],
    [`p${percentileName(high)}_rank`, { kind: "rank" }],
    ["best_rank", { kind: "rank" }],
    ["worst_rank", { kind: "rank" }],
    ...view.top.map((k): [string, Column] => [`top_${k}`, { kind: "percent" }]),
    [Number.isFinite(view.within) ? `stable_within_${view.within}` : "stable", { kind: "percent" }],
    ["runs_ranked", { kind: "number" }],
    ["runs_unranked", { kind: "number" }],
  ];
  const rows: Value[][] = view.units.map((u) => [
    ...unitCells(ctx.result, u.unit, languages),
    u.nominalScore,
    u.nominal,
    u.mean,
    u.median,
    u.low,
    u.high,
    u.best,
    u.worst,
    ...u.top,
    u.stable,
    u.ranked,
    u.unranked,
  ]);
  writeTable(sheet, {
    headers: [spec.map(([h]) => h)],
    columns: spec.map(([, c]) => c),
    rows,
    frozenColumns: 1 + languages.length,
  });
  return sheet;
}

/**
 * The sensitivity sheet (`result.uncertainty.sobol`): one row per input in plan order, with the columns of
 * `sensitivity.csv` of `@cityindex/export-tables`: the first-order and total Sobol indices and their bootstrap
 * intervals.
 */
export function writeSensitivitySheet(
  workbook: Workbook,
  ctx: SheetContext,
  name: string,
  view: UncertaintyView,
): Worksheet {
  const sheet = workbook.addWorksheet(name);
  const sobol = view.sobol;
  const coverage = Number.isFinite(sobol?.confidence ?? Number.NaN)
    ? `, ${percentileName(sobol!.confidence)}% bootstrap intervals`
    : "";
  writeTitle(
    sheet,
    `${ctx.title}: Sobol sensitivity indices of ${subject(ctx, view)}${coverage}`,
    ctx.noticeLine,
  );
  const index: Column = { kind: "number", format: "0.000" };
  const spec: [string, Column][] = [
    ["input", { kind: "text", maxWidth: 30 }],
    ["first_order", index],
    ["first_low", index],
    ["first_high", index],
    ["total", index],
    ["total_low", index],
    ["total_high", index],
  ];
  writeTable(sheet, {
    headers: [spec.map(([h]) => h)],
    columns: spec.map(([, c]) => c),
    rows: (sobol?.rows ?? []).map((x) => [
      x.input,
      x.first,
      x.firstLow,
      x.firstHigh,
      x.total,
      x.totalLow,
      x.totalHigh,
    ]),
    frozenColumns: 1,
  });
  return sheet;
}

/** A number with `digits` decimals, or `n/a`. */
function fixed(v: number, digits: number): string {
  return Number.isFinite(v) ? v.toFixed(digits) : "n/a";
}

/**
 * The cover's lines on the uncertainty analysis, as [label, value]: what was analysed, the runs and failures,
 * the mean absolute rank shift, the share of stable ranks, each input with its alternatives, the design, seed
 * and plan hash.
 */
export function uncertaintyCoverLines(ctx: SheetContext, view: UncertaintyView): [string, string][] {
  const lines: [string, string][] = [];
  const design =
    view.design === "saltelli"
      ? "Saltelli's design"
      : view.design === "monte-carlo"
        ? "Monte Carlo design"
        : view.design === "supplied"
          ? "supplied design"
          : "";
  lines.push([
    "Analysis",
    `${view.type === "sensitivity" ? "Sensitivity analysis" : "Uncertainty analysis"}${design ? ` (${design})` : ""}`,
  ]);
  lines.push(["Ranks of", subject(ctx, view)]);
  const runs = Number.isFinite(view.runs) ? String(view.runs) : "n/a";
  const failed = Number.isFinite(view.failed) ? `, ${view.failed} failed` : "";
  lines.push(["Runs", `${runs} counted${failed}`]);
  lines.push([
    "Mean absolute rank shift",
    `${fixed(view.meanAbsoluteRankShift, 2)} places from the nominal rank`,
  ]);
  if (Number.isFinite(view.within)) {
    lines.push([
      `Ranks within ${view.within} places of nominal`,
      `${fixed(view.stableShare * 100, 1)}% of all units' ranks in all runs`,
    ]);
  }
  for (const input of view.inputs) {
    const where =
      input.kind === "step" && Number.isFinite(input.step) ? `step ${input.step + 1}` : input.kind || "input";
    const n = input.size;
    lines.push([
      `Input ${input.id}`,
      `${where}: ${n} alternative${n === 1 ? "" : "s"}${n > 0 ? ` (${input.shown})` : ""}`,
    ]);
  }
  if (Number.isFinite(view.seed)) lines.push(["Seed", String(view.seed)]);
  if (view.planHash) lines.push(["Plan hash (SHA-256)", view.planHash]);
  return lines;
}
