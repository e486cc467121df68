import type { IndexResult, NamedDataset, NodeModel } from "@cityindex/core";
import type { Workbook, Worksheet } from "exceljs";
import { levelName, nodeLabel, type SheetContext, unitCells, unitHeaders, unitsByRank } from "./context.js";
import { type Column, type Value, writeTable, writeTitle } from "./table.js";

/** A column after the unit columns: its labels (one per language, `null` to merge with the left), id and values. */
interface GroupColumn {
  labels: (string | null)[];
  id: string;
  column: Column;
  value: (u: number, p: number) => Value;
}

/** Columns under one heading. */
interface Group {
  heading: string;
  columns: GroupColumn[];
}

/** The score and rank columns of a node, under its label. */
function scoreColumns(ctx: SheetContext, node: NodeModel): GroupColumn[] {
  const { result } = ctx;
  const { languages } = ctx.options;
  return [
    {
      labels: languages.map((_, i) => nodeLabel(result, node.id, languages, i)),
      id: node.id,
      column: { kind: "score" },
      value: (u, p) => result.scores.get(node.id, u, p),
    },
    {
      labels: languages.map(() => null),
      id: `${node.id} rank`,
      column: { kind: "rank" },
      value: (u, p) => result.ranks.get(node.id, u, p),
    },
  ];
}

/**
 * Writes the table of a score sheet: a period column when there are several periods, the unit columns, then
 * the groups; one row per unit and period, newest period first, each period ordered by the rank of `byRank`.
 * `frozen` columns after the unit columns stay in view.
 */
function writeScoreTable(
  sheet: Worksheet,
  ctx: SheetContext,
  groups: Group[],
  periods: readonly number[],
  byRank: string,
  frozen: number,
): void {
  const { result } = ctx;
  const { languages } = ctx.options;
  const withPeriod = periods.length > 1;
  const lead = [...(withPeriod ? ["period"] : []), ...unitHeaders(languages)];
  const headers: (string | null)[][] = [[], ...languages.map(() => []), []];
  const columns: Column[] = [];
  const ids = headers.length - 1;
  lead.forEach((name, j) => {
    headers[0]!.push(j === 0 ? "Unit" : null);
    for (let l = 1; l < ids; l++) headers[l]!.push("");
    headers[ids]!.push(name);
    columns.push({ kind: "text", maxWidth: 40 });
  });
  const values: GroupColumn["value"][] = [];
  for (const g of groups) {
    g.columns.forEach((c, j) => {
      headers[0]!.push(j === 0 ? g.heading : null);
      for (let l = 1; l < ids; l++) {
        const label = c.labels[l - 1];
        headers[l]!.push(label === undefined ? "" : label);
      }
      headers[ids]!.push(c.id);
      columns.push(c.column);
      values.push(c.value);
    });
  }
  const rows: Value[][] = [];
  for (const p of periods) {
    for (const u of unitsByRank(result, byRank, p)) {
      rows.push([
        ...(withPeriod ? [result.periods[p]!] : []),
        ...unitCells(result, result.units[u]!, languages),
        ...values.map((f) => f(u, p)),
      ]);
    }
  }
  writeTable(sheet, { headers, columns, rows, frozenColumns: lead.length + frozen });
}

/**
 * The index sheet of one period: a row per unit (best first) with its score and rank at every framework
 * node, columns grouped by level from the index down to the indicators, node labels in every language.
 */
export function writeIndexSheet(
  workbook: Workbook,
  ctx: SheetContext,
  name: string,
  period: number,
): Worksheet {
  const { result } = ctx;
  const periodName = result.periods[period]!;
  const sheet = workbook.addWorksheet(name);
  writeTitle(sheet, `${ctx.title}: scores and ranks, ${periodName}`, ctx.noticeLine);
  const groups: Group[] = [];
  for (let level = result.framework.maxLevel; level >= 1; level--) {
    const nodes = ctx.preorder.filter((n) => n.level === level);
    if (nodes.length === 0) continue;
    groups.push({
      heading: levelName(level, result.framework.maxLevel),
      columns: nodes.flatMap((n) => scoreColumns(ctx, n)),
    });
  }
  writeScoreTable(sheet, ctx, groups, [period], result.framework.root.id, 2);
  return sheet;
}

/** The datasets a node sheet shows beside the scores: the raw data and the normalised data. */
export interface NodeSheetData {
  /** The raw dataset, if the result has one. */
  raw: NamedDataset | undefined;
  /** The dataset of the last normalisation step (or the final scores when it was not kept), if any. */
  normalised: NamedDataset | undefined;
}

/** Finds the raw dataset and the output of the last normalisation step of a result. */
export function nodeSheetData(result: IndexResult): NodeSheetData {
  const raw = result.datasets.find((d) => d.step === -1) ?? result.datasets.find((d) => d.name === "Raw");
  const step = result.provenance.steps.filter((s) => s.stage === "normalise").pop();
  // When the result does not keep intermediate datasets, the indicators' final scores are their normalised
  // values (the pipeline's last transformation of them).
  const normalised =
    (step && result.datasets.find((d) => d.step === step.index)) ??
    result.datasets.find((d) => d.name === "Normalised") ??
    (step ? { name: "Normalised", step: step.index, data: result.scores } : undefined);
  return { raw, normalised };
}

/**
 * The sheet of an aggregate node (a dimension): a row per unit with the node's score and rank, the scores and
 * ranks of its aggregate children, and the raw and normalised values of every indicator under it, for the
 * selected periods (newest first, then by the node's rank).
 */
export function writeNodeSheet(
  workbook: Workbook,
  ctx: SheetContext,
  name: string,
  node: NodeModel,
  data: NodeSheetData,
): Worksheet {
  const { result, options } = ctx;
  const { languages } = options;
  const label = nodeLabel(result, node.id, languages.length > 0 ? languages : ["en"], 0) || node.id;
  const sheet = workbook.addWorksheet(name);
  const periods = options.periods.map((p) => result.periods[p]!);
  const periodText = periods.length > 3 ? `${periods[periods.length - 1]}–${periods[0]}` : periods.join(", ");
  writeTitle(sheet, `${label}: scores, ranks and indicators, ${periodText}`, ctx.noticeLine);

  const groups: Group[] = [{ heading: "Score and rank", columns: scoreColumns(ctx, node) }];
  const components = node.children
    .map((c) => result.framework.nodes.get(c))
    .filter((c): c is NodeModel => c !== undefined && !c.isIndicator);
  if (components.length > 0) {
    groups.push({ heading: "Components", columns: components.flatMap((c) => scoreColumns(ctx, c)) });
  }
  const indicators: GroupColumn[] = [];
  for (const id of result.framework.leavesOf(node.id)) {
    const labels = languages.map((_, i) => nodeLabel(result, id, languages, i));
    const sets: [string, NamedDataset | undefined][] = [
      ["raw", data.raw],
      ["normalised", data.normalised],
    ];
    let firstOfIndicator = true;
    for (const [kind, set] of sets) {
      if (!set?.data.has(id)) continue;
      indicators.push({
        labels: firstOfIndicator ? labels : labels.map(() => null),
        id: `${id} ${kind}`,
        column: kind === "raw" ? { kind: "number" } : { kind: "score", scale: false },
        value: (u, p) => set.data.get(id, u, p),
      });
      firstOfIndicator = false;
    }
  }
  if (indicators.length > 0) groups.push({ heading: "Indicators", columns: indicators });
  writeScoreTable(sheet, ctx, groups, options.periods, node.id, 2);
  return sheet;
}
