import { basename, join, relative, resolve } from "node:path";
import {
  type Analysis,
  analyse,
  type CsvCell,
  type ExternalBenchmark,
  formatCsv,
  type Issue,
  show,
} from "@cityindex/core";
import { type CommandContext, countIssues, printIssues, printJson } from "../context.js";
import { hasErrors } from "../format-issues.js";
import type { CacheOptions } from "../http-client.js";
import { readAndBuild } from "../read-and-build.js";
import { readCsvRecords } from "../read-csv-records.js";
import { writeOutput } from "../write-outputs.js";

/** Options of `cityindex audit`. */
export interface AuditOptions extends CacheOptions {
  /** Output folder for the tables (default `<spec dir>/output/audit`). */
  out?: string;
  /** CSV files of external rankings: columns `unit` and `rank` (1 = best) or `score`. */
  benchmark?: string[];
  /** The period to audit (default: the last). */
  period?: string;
  /** Correlation coefficient: pearson (default), spearman or kendall. */
  correlation?: string;
  /** Skip leaving elements out (the slow part). */
  removal?: boolean;
  /** Add two-sided p-values to the correlations. */
  pValues?: boolean;
  /** Print a JSON report instead of text. */
  json?: boolean;
}

const CORRELATIONS = ["pearson", "spearman", "kendall"] as const;

/** Reads one external benchmark table (`unit` and `rank` or `score` columns). */
async function readBenchmark(
  file: string,
  cwd: string,
  issues: Issue[],
): Promise<ExternalBenchmark | undefined> {
  const shown = relative(cwd, resolve(cwd, file)) || file;
  const { rows, issues: found } = await readCsvRecords(resolve(cwd, file), shown);
  issues.push(...found);
  if (found.length > 0) return undefined;
  const columns = Object.keys(rows[0] ?? {});
  const kind = columns.includes("rank") ? "rank" : columns.includes("score") ? "score" : undefined;
  if (!columns.includes("unit") || kind === undefined) {
    issues.push({
      severity: "error",
      code: "bad-benchmark",
      path: shown,
      message: `benchmark ${show(shown)} needs a \`unit\` column and a \`rank\` or \`score\` column; it has ${columns.map((c) => show(c)).join(", ") || "none"}`,
      source: "cli",
    });
    return undefined;
  }
  const values: Record<string, number> = {};
  rows.forEach((row, i) => {
    const v = Number(row[kind]);
    if (row[kind]?.trim() === "" || !Number.isFinite(v)) {
      issues.push({
        severity: "error",
        code: "bad-number",
        path: `${shown}:${i + 2}`,
        message: `${kind} of ${show(row.unit)} is not a number: ${show(row[kind])}`,
        source: "cli",
      });
      return;
    }
    if (Object.hasOwn(values, row.unit!)) {
      issues.push({
        severity: "error",
        code: "duplicate-unit",
        path: `${shown}:${i + 2}`,
        message: `unit ${show(row.unit)} appears twice in ${show(shown)}`,
        source: "cli",
      });
      return;
    }
    values[row.unit!] = v;
  });
  return { name: basename(file).replace(/\.csv$/i, ""), values, kind };
}

const fmt = (v: number): string =>
  Number.isNaN(v) ? "NA" : Math.abs(v) >= 100 ? v.toFixed(1) : v.toFixed(3);

const csv = (header: string[], rows: CsvCell[][]): string => formatCsv([header, ...rows]);

/** The audit's tables, as CSV files by name. */
export function auditTables(a: Analysis): Record<string, string> {
  const num = (v: number) => (Number.isNaN(v) ? null : v);
  return {
    "flags.csv": csv(
      ["severity", "code", "check", "subjects", "message"],
      a.flags.map((f) => [f.severity, f.code, f.check, f.subjects.join(" "), f.message]),
    ),
    "indicators.csv": csv(
      [
        "indicator",
        "min",
        "max",
        "mean",
        "median",
        "sd",
        "skew",
        "kurtosis",
        "available",
        "share_available",
        "share_non_zero",
        "share_unique",
        "imputed",
        "treated",
        "flags",
      ],
      a.indicators.map((s) => [
        s.indicator,
        num(s.min),
        num(s.max),
        num(s.mean),
        num(s.median),
        num(s.sd),
        num(s.skew),
        num(s.kurtosis),
        s.available,
        num(s.shareAvailable),
        num(s.shareNonZero),
        num(s.shareUnique),
        s.imputed,
        s.treated,
        s.flags.join(" "),
      ]),
    ),
    "units.csv": csv(
      ["unit", "missing", "zeros", "share_available", "share_non_zero", "flags"],
      a.units.map((u) => [u.unit, u.missing, u.zeros, num(u.share), num(u.shareNonZero), u.flags.join(" ")]),
    ),
    "correlations.csv": csv(
      ["child", "level", "parent", "with_parent", "p_value", "closest_other", "with_closest_other"],
      a.correlations.withParents.map((c) => {
        const best = Object.entries(c.withOthers).sort((x, y) => y[1] - x[1])[0];
        return [
          c.child,
          c.level,
          c.parent,
          num(c.withParent),
          c.pWithParent === undefined ? null : num(c.pWithParent),
          best?.[0] ?? null,
          best ? num(best[1]) : null,
        ];
      }),
    ),
    "sibling-correlations.csv": csv(
      ["parent", "a", "b", "r", "p_value"],
      Object.entries(a.correlations.withinGroups).flatMap(([parent, pairs]) =>
        pairs.map((p) => [parent, p.a, p.b, num(p.r), p.p === undefined ? null : num(p.p)]),
      ),
    ),
    "denominators.csv": csv(
      ["indicator", "denominator", "r", "denominated"],
      a.denominators.map((d) => [d.indicator, d.denominator, num(d.r), d.denominated]),
    ),
    "consistency.csv": csv(
      ["node", "level", "children", "cronbach_alpha", "pc1_variance_share", "components_eigenvalue_above_1"],
      a.consistency.map((c) => {
        const pc = a.pca[c.node];
        return [
          c.node,
          c.level,
          c.children,
          num(c.alpha),
          pc ? pc.varianceShare[0]! : null,
          pc ? pc.eigenvalues.filter((v) => v > 1).length : null,
        ];
      }),
    ),
    "weights.csv": csv(
      ["node", "level", "weight", "effective_weight", "importance", "importance_share", "suggested_weight"],
      a.weights.map((w) => {
        const imp = a.importance.find((i) => i.node === w.node);
        const suggested = a.intendedWeights?.children.find((c) => c.child === w.node)?.suggested;
        return [
          w.node,
          w.level,
          num(w.weight),
          num(w.effective),
          imp ? num(imp.ratio) : null,
          imp ? num(imp.share) : null,
          suggested === undefined ? null : num(suggested),
        ];
      }),
    ),
    "removal.csv": csv(
      ["level", "element", "mean_abs_rank_shift", "max_shift", "max_shift_unit", "skipped"],
      a.removal.flatMap((r) =>
        r.elements.map((e) => [
          r.level,
          e.element,
          num(e.meanAbsoluteRankShift),
          num(e.maxShift),
          e.maxShiftUnit,
          e.skipped ?? null,
        ]),
      ),
    ),
    "benchmarks.csv": csv(
      ["benchmark", "units", "spearman", "kendall", "unit", "index_rank", "benchmark_rank", "difference"],
      a.benchmarks.flatMap((b) =>
        b.disagreements.map((d) => [
          b.name,
          b.units,
          num(b.spearman),
          num(b.kendall),
          d.unit,
          d.indexRank,
          d.benchmarkRank,
          d.difference,
        ]),
      ),
    ),
    "profiles.csv": csv(
      ["unit", "kind", "position", "indicator", "rank", "value"],
      a.profiles.flatMap((p) => [
        ...p.strengths.map((s, i) => [p.unit, "strength", i + 1, s.indicator, s.rank, num(s.value)]),
        ...p.weaknesses.map((s, i) => [p.unit, "weakness", i + 1, s.indicator, s.rank, num(s.value)]),
      ]),
    ),
  };
}

/** The readable summary: flags first, then the headline figures. */
export function formatAudit(ctx: CommandContext, a: Analysis): string {
  const { out } = ctx;
  const lines: string[] = [];
  const warnings = a.flags.filter((f) => f.severity === "warning");
  const notes = a.flags.filter((f) => f.severity === "info");
  lines.push(out.bold(`Audit of ${a.period} (data checks on ${a.dataset})`), "");
  lines.push(out.bold(`Flags: ${warnings.length} warning(s), ${notes.length} note(s)`));
  for (const f of warnings) lines.push(`  ${out.yellow("warning")} [${f.check}] ${f.message}`);
  for (const f of notes) lines.push(`  ${out.dim("note")}    [${f.check}] ${f.message}`);
  if (a.flags.length === 0) lines.push("  none");
  lines.push("", out.bold("Internal consistency (Cronbach's alpha; first component's share of variance)"));
  for (const c of a.consistency) {
    const pc = a.pca[c.node];
    lines.push(
      `  ${c.node.padEnd(24)} alpha ${fmt(c.alpha).padStart(7)}   PC1 ${pc ? `${Math.round(pc.varianceShare[0]! * 100)}%` : "NA"}`,
    );
  }
  const level = Math.min(...a.importance.map((i) => i.level).filter((l) => l > 1), 2);
  const imp = a.importance.filter((i) => i.level === level);
  if (imp.length) {
    lines.push("", out.bold(`Weights against importance (level ${level})`));
    for (const i of imp) {
      lines.push(
        `  ${i.node.padEnd(24)} effective weight ${fmt(i.effectiveWeight).padStart(7)}   importance share ${fmt(i.share).padStart(7)}`,
      );
    }
  }
  if (a.intendedWeights) {
    const iw = a.intendedWeights;
    lines.push(
      "",
      out.bold(
        `Weights of the children of ${iw.node} that would give each the importance its weight intends`,
      ),
    );
    for (const c of iw.children) {
      const now = a.importance.find((i) => i.node === c.child)?.share ?? Number.NaN;
      lines.push(
        `  ${c.child.padEnd(24)} weight ${fmt(c.weight).padStart(7)}   importance share ${fmt(now).padStart(7)}   suggested ${fmt(c.suggested).padStart(7)}`,
      );
    }
    if (!iw.converged) {
      lines.push(
        iw.children.every((c) => c.suggested === c.weight)
          ? "  (no weights come close: the children are so alike that their importance barely responds to weights)"
          : `  (the closest shares reached are ${fmt(iw.maxDeviation)} off)`,
      );
    }
  }
  for (const r of a.removal) {
    const top = [...r.elements]
      .filter((e) => !Number.isNaN(e.meanAbsoluteRankShift))
      .sort((x, y) => y.meanAbsoluteRankShift - x.meanAbsoluteRankShift)
      .slice(0, 5);
    if (!top.length) continue;
    lines.push("", out.bold(`Leaving one element of level ${r.level} out: mean absolute rank shift`));
    for (const e of top)
      lines.push(
        `  ${e.element.padEnd(24)} ${fmt(e.meanAbsoluteRankShift).padStart(7)}   max ${e.maxShift} (${e.maxShiftUnit})`,
      );
  }
  for (const b of a.benchmarks) {
    lines.push(
      "",
      out.bold(
        `Benchmark ${b.name}: Spearman ${fmt(b.spearman)}, Kendall ${fmt(b.kendall)} over ${b.units} units`,
      ),
    );
    for (const d of b.disagreements.slice(0, 5)) {
      lines.push(`  ${d.unit.padEnd(24)} index ${d.indexRank}, benchmark ${d.benchmarkRank}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

/**
 * `cityindex audit <spec>`: builds the index as `build` does, runs the statistical audit (data checks,
 * correlations, consistency, PCA, importance, leaving elements out, external benchmarks, method warnings),
 * prints a summary with the flags first, and writes every table as CSV plus `audit.json`.
 */
export async function auditCommand(
  ctx: CommandContext,
  specPath: string,
  options: AuditOptions,
): Promise<number> {
  const { io } = ctx;
  const quiet = options.json === true;
  const log = (line: string) => {
    if (!quiet) io.stderr.write(`${line}\n`);
  };
  const issues: Issue[] = [];
  const outputs: string[] = [];
  const fail = (): number => {
    if (options.json) printJson(ctx, { ok: false, issues, outputs });
    else printIssues(ctx, issues, "stderr", ctx.err.red(`audit failed: ${countIssues(issues)}`));
    return 1;
  };
  const correlation = options.correlation ?? "pearson";
  if (!(CORRELATIONS as readonly string[]).includes(correlation)) {
    issues.push({
      severity: "error",
      code: "bad-option",
      path: "--correlation",
      message: `unknown correlation ${show(correlation)}; use ${CORRELATIONS.join(", ")}`,
      source: "cli",
    });
    return fail();
  }
  const benchmarks: ExternalBenchmark[] = [];
  for (const file of options.benchmark ?? []) {
    const b = await readBenchmark(file, io.cwd, issues);
    if (b) benchmarks.push(b);
  }
  if (hasErrors(issues)) return fail();

  const built = await readAndBuild(ctx, specPath, log, quiet, options);
  issues.push(...built.issues);
  const { loaded, result } = built;
  if (!result || hasErrors(issues)) return fail();
  if (options.period !== undefined && !result.periods.includes(options.period)) {
    issues.push({
      severity: "error",
      code: "unknown-period",
      path: "--period",
      message: `no period ${show(options.period)}; the data has ${result.periods.map((p) => show(p)).join(", ")}`,
      source: "cli",
    });
    return fail();
  }
  const live = io.stderr.isTTY === true && !quiet;
  const analysis = await analyse(result, {
    ...(options.period ? { period: options.period } : {}),
    correlation: correlation as (typeof CORRELATIONS)[number],
    pValues: options.pValues === true,
    benchmarks,
    ...(options.removal === false ? { removeLevels: [] } : {}),
    build: { registry: loaded.registry },
    onProgress: (message, done, total) => {
      if (live) io.stderr.write(`\r\u001b[2K  ${message}: ${done}/${total}`);
    },
  });
  if (live) io.stderr.write("\r\u001b[2K");

  const outDir =
    options.out === undefined ? join(loaded.dir, "output", "audit") : resolve(io.cwd, options.out);
  const files: Record<string, string> = {
    ...auditTables(analysis),
    "audit.json": `${JSON.stringify(analysis, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 2)}\n`,
  };
  for (const [name, contents] of Object.entries(files)) {
    if (!(await writeOutput(join(outDir, name), contents, io.cwd, issues, outputs))) return fail();
  }
  if (options.json) {
    printJson(ctx, { ok: true, issues, outputs, flags: analysis.flags });
    return 0;
  }
  io.stdout.write(formatAudit(ctx, analysis));
  io.stdout.write(ctx.out.dim(`\nTables written to ${relative(io.cwd, outDir) || "."}\n`));
  return 0;
}
