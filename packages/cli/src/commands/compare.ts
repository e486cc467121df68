import { dirname, join, relative, resolve } from "node:path";
import {
  type ComparedScore,
  type CompareRanks,
  type CsvCell,
  compareResults,
  formatCsv,
  type IndexResult,
  InputError,
  type Issue,
  type ResultComparison,
  show,
} from "@cityindex/core";
import { type CommandContext, countIssues, printIssues, printJson } from "../context.js";
import { readResult } from "../read-result.js";
import { writeOutput } from "../write-outputs.js";

/** Options of `cityindex compare`. */
export interface CompareCommandOptions {
  /** The period to compare (default: the last period both results have). */
  period?: string;
  /** Nodes to compare (default: the aggregates and the root of A that B has too). */
  node?: string[];
  /** Output folder for the tables (default: `compare` in the folder of the first results file). */
  out?: string;
  /** How many of the root's biggest moves to print (default 10). */
  top?: string;
  /** `result` (each result's own ranks, the default) or `common` (ranked again among the units both score). */
  ranks?: string;
  /** Print the whole comparison as JSON instead of text. */
  json?: boolean;
}

const issue = (code: string, path: string, message: string): Issue => ({
  severity: "error",
  code,
  path,
  message,
  source: "cli",
});

const num = (v: number): CsvCell => (Number.isNaN(v) ? null : v);

/** A compared row's cells from `node` to `rank_difference`, missing numbers empty. */
export function comparedCells(r: ComparedScore): CsvCell[] {
  return [
    r.node,
    r.unit,
    num(r.scoreA),
    num(r.scoreB),
    num(r.scoreDifference),
    num(r.rankA),
    num(r.rankB),
    num(r.rankDifference),
  ];
}

/** The comparison's tables, as CSV files by name: `compare.csv` and `compare-summary.csv`. */
export function compareTables(c: ResultComparison): Record<string, string> {
  return {
    "compare.csv": formatCsv([
      [
        "node",
        "unit",
        "score_a",
        "score_b",
        "score_difference",
        "rank_a",
        "rank_b",
        "rank_difference",
        "status",
      ],
      ...c.rows.map((r) => [...comparedCells(r), r.status]),
    ]),
    "compare-summary.csv": formatCsv([
      ["node", "spearman", "mean_absolute_rank_difference", "largest_move_unit", "largest_move"],
      ...c.summary.map((s) => [
        s.node,
        num(s.spearman),
        num(s.meanAbsoluteRankDifference),
        s.largestMove?.unit ?? null,
        s.largestMove?.rankDifference ?? null,
      ]),
    ]),
  };
}

const fmt = (v: number): string => (Number.isNaN(v) ? "NA" : v.toFixed(3));
const signed = (v: number): string => (v > 0 ? `+${v}` : String(v));

/** The unit's English label, or its first label, or its id. */
function labelOf(a: IndexResult, b: IndexResult, unit: string): string {
  const labels = a.framework.units.get(unit)?.labels ?? b.framework.units.get(unit)?.labels ?? {};
  return labels.en ?? Object.values(labels)[0] ?? unit;
}

/** The readable summary: per node Spearman and mean absolute rank difference, then the root's biggest moves. */
export function formatComparison(
  ctx: CommandContext,
  c: ResultComparison,
  a: IndexResult,
  b: IndexResult,
  top: number,
): string {
  const { out } = ctx;
  const lines: string[] = [];
  lines.push(
    out.bold(
      `Comparison of ${c.period} (A to B; ranks: ${c.ranks === "result" ? "each result's own" : "among the units both score"})`,
    ),
    "",
  );
  lines.push(out.bold("Per node: Spearman's rank correlation, mean absolute rank difference"));
  for (const s of c.summary) {
    lines.push(
      `  ${s.node.padEnd(24)} Spearman ${fmt(s.spearman).padStart(7)}   mean |rank difference| ${fmt(s.meanAbsoluteRankDifference).padStart(7)}   (${s.units} units in both)`,
    );
  }
  const root = a.framework.root.id;
  if (c.nodes.includes(root)) {
    const moves = c.rows
      .filter((r) => r.node === root && r.status === "both" && r.rankDifference !== 0)
      .sort(
        (x, y) =>
          Math.abs(y.rankDifference) - Math.abs(x.rankDifference) ||
          (x.unit < y.unit ? -1 : x.unit > y.unit ? 1 : 0),
      )
      .slice(0, top);
    lines.push("", out.bold(`Biggest moves of ${root} (rank in A → rank in B)`));
    for (const r of moves) {
      lines.push(
        `  ${labelOf(a, b, r.unit).padEnd(24)} ${String(r.rankA).padStart(4)} → ${String(r.rankB).padEnd(4)} ${signed(r.rankDifference).padStart(4)}   score ${fmt(r.scoreA)} → ${fmt(r.scoreB)}`,
      );
    }
    if (moves.length === 0) lines.push("  none: every unit in both keeps its rank");
  }
  const listed = (what: string, ids: string[]) => {
    if (ids.length > 0) lines.push(`  ${what}: ${ids.join(", ")}`);
  };
  if (c.nodesOnlyInA.length + c.nodesOnlyInB.length + c.unitsOnlyInA.length + c.unitsOnlyInB.length > 0) {
    lines.push("", out.bold("Not in both"));
    listed("units only in A", c.unitsOnlyInA);
    listed("units only in B", c.unitsOnlyInB);
    listed("nodes only in A (not compared)", c.nodesOnlyInA);
    listed("nodes only in B (not compared)", c.nodesOnlyInB);
  }
  return `${lines.join("\n")}\n`;
}

/** Where an `InputError` of `compareResults` points on the command line. */
const pathOf = (error: InputError): string =>
  error.code === "unknown-period" || error.code === "no-shared-period"
    ? "--period"
    : error.code === "unknown-id" || error.code === "duplicate-id"
      ? "--node"
      : error.code === "bad-option"
        ? "--ranks"
        : "<a> <b>";

/**
 * `cityindex compare <a> <b>`: reads two results.json files that `cityindex build` wrote (two editions, or
 * two method choices), compares every shared node's scores and ranks in one period, writes `compare.csv` and
 * `compare-summary.csv`, and prints a summary (or the whole comparison with `--json`). Returns 0 on success,
 * 1 when a file is missing or not a result, or an option names something the results do not have.
 */
export async function compareCommand(
  ctx: CommandContext,
  aPath: string,
  bPath: string,
  options: CompareCommandOptions,
): Promise<number> {
  const { io } = ctx;
  const issues: Issue[] = [];
  const outputs: string[] = [];
  const fail = (): number => {
    if (options.json) printJson(ctx, { ok: false, issues, outputs });
    else printIssues(ctx, issues, "stderr", ctx.err.red(`compare failed: ${countIssues(issues)}`));
    return 1;
  };
  const top = options.top === undefined ? 10 : Number(options.top);
  if (!Number.isInteger(top) || top < 1) {
    issues.push(issue("bad-option", "--top", `--top must be a whole number ≥ 1, got ${show(options.top)}`));
  }
  const ranks = options.ranks ?? "result";
  if (ranks !== "result" && ranks !== "common") {
    issues.push(issue("bad-option", "--ranks", `unknown ranks ${show(ranks)}; use result or common`));
  }
  const a = await readResult(aPath, io.cwd, issues);
  const b = await readResult(bPath, io.cwd, issues);
  if (!a || !b || issues.length > 0) return fail();

  let comparison: ResultComparison;
  try {
    comparison = compareResults(a, b, {
      ...(options.period === undefined ? {} : { period: options.period }),
      ...(options.node && options.node.length > 0 ? { nodes: options.node } : {}),
      ranks: ranks as CompareRanks,
    });
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    issues.push(issue(error.code, pathOf(error), error.message.replace(/^compareResults: /, "")));
    return fail();
  }

  const outDir =
    options.out === undefined
      ? join(dirname(resolve(io.cwd, aPath)), "compare")
      : resolve(io.cwd, options.out);
  for (const [name, contents] of Object.entries(compareTables(comparison))) {
    if (!(await writeOutput(join(outDir, name), contents, io.cwd, issues, outputs))) return fail();
  }
  if (options.json) {
    printJson(ctx, { ok: true, issues, outputs, comparison });
    return 0;
  }
  io.stdout.write(formatComparison(ctx, comparison, a, b, top));
  io.stdout.write(ctx.out.dim(`\nTables written to ${relative(io.cwd, outDir) || "."}\n`));
  return 0;
}
