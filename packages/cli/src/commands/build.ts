import { join, relative, resolve } from "node:path";
import {
  analyse,
  type ChangeContributions,
  type IndexResult,
  type Issue,
  type Labels,
  movers,
  type PeriodChanges,
  pointer,
  RESULTS_CSV_HEADER,
  resultsCsv,
  resultToJSON,
  type Spec,
} from "@cityindex/core";
import { type CommandContext, countIssues, printIssues, printJson } from "../context.js";
import { hasErrors, withoutRepeats } from "../format-issues.js";
import type { CacheOptions } from "../http-client.js";
import { readAndBuild } from "../read-and-build.js";
import { readPlan } from "../read-plan.js";
import { type TrackingOutputs, trackingOutputs } from "../tracking-outputs.js";
import { runExporters, writeOutput } from "../write-outputs.js";
import {
  cancelled,
  DEFAULT_BOOTSTRAP,
  displayLabel,
  formatSensitivity,
  runPlanned,
  sensitivityTables,
  unitLabels,
} from "./sensitivity.js";

/** Options of `cityindex build`. */
export interface BuildOptions extends CacheOptions {
  /** Output directory (default `<spec dir>/output`), relative to the working directory. */
  out?: string;
  /** Print a JSON report instead of text. */
  json?: boolean;
  /**
   * An uncertainty or sensitivity plan (JSON or YAML), relative to the working directory: the analysis runs after
   * the build, its summary goes into the result (`uncertainty`) and its tables into `<out>/sensitivity/`.
   */
  plan?: string;
}

/** The header of `results.csv`, part of the public contract. */
export const RESULTS_HEADER = RESULTS_CSV_HEADER.split(",");

/**
 * `cityindex build <spec>`: validates the spec, reads every source, builds the index, writes `results.csv`,
 * `results.json`, the exporters' files and `NOTICE.txt` (when the spec has a notice), and prints a summary.
 * With `--plan`, runs the plan's uncertainty or sensitivity analysis after the build, attaches its summary to the
 * result before anything is written and writes its tables into `<out>/sensitivity/`.
 * Returns 0 on success, 1 when the spec, the data, the plan or an exporter has an error, 130 when cancelled.
 */
export async function buildCommand(
  ctx: CommandContext,
  specPath: string,
  options: BuildOptions,
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
    else printIssues(ctx, issues, "stderr", ctx.err.red(`build failed: ${countIssues(issues)}`));
    return 1;
  };

  // A plan is read first, so that a missing or broken file stops before the sources run.
  const plan = options.plan === undefined ? undefined : await readPlan(options.plan, io.cwd);
  if (plan) {
    issues.push(...plan.issues);
    if (hasErrors(issues)) return fail();
  }

  const built = await readAndBuild(ctx, specPath, log, quiet, options);
  issues.push(...built.issues);
  const { loaded, result, observations } = built;
  if (!loaded.spec || !result || !observations || hasErrors(issues)) return fail();
  const spec = loaded.spec;

  // The statistical audit (without leaving elements out, which `cityindex audit` adds), for the exporters.
  try {
    result.analysis = await analyse(result, { removeLevels: [], build: { registry: loaded.registry } });
  } catch (error) {
    issues.push({
      severity: "warning",
      code: "audit-failed",
      path: "/",
      message: `the statistical audit could not run: ${(error as Error).message}`,
      source: "cli",
    });
  }

  // The uncertainty analysis, whose summary travels with the result.
  let sensitivity: ReturnType<typeof sensitivityTables> | undefined;
  let sensitivityText = "";
  if (plan?.plan) {
    const ran = await runPlanned(ctx, {
      spec,
      dir: loaded.dir,
      registry: loaded.registry,
      observations,
      plan: plan.plan,
      workers: 1,
      quiet,
    });
    if (ran.cancelled) return cancelled(ctx, options.json === true, issues);
    issues.push(...withoutRepeats(ran.issues, issues));
    if (!ran.result || hasErrors(issues)) return fail();
    sensitivity = sensitivityTables(ran.result, DEFAULT_BOOTSTRAP, "plan");
    issues.push(...sensitivity.issues);
    result.uncertainty = sensitivity.summary;
    sensitivityText = formatSensitivity(ctx, ran.result, sensitivity.summary, unitLabels(spec));
  }

  // Outputs
  const outDir = options.out === undefined ? join(loaded.dir, "output") : resolve(io.cwd, options.out);
  const write = (file: string, contents: string | Uint8Array): Promise<boolean> =>
    writeOutput(file, contents, io.cwd, issues, outputs);
  const wrote = await write(join(outDir, "results.csv"), resultsCsv(result));
  if (!wrote) return fail();
  await write(join(outDir, "results.json"), `${JSON.stringify(resultToJSON(result), null, 2)}\n`);
  const notice = noticeText(spec.notice);
  if (notice !== undefined) await write(join(outDir, "NOTICE.txt"), `${notice}\n`);
  for (const [name, contents] of Object.entries(sensitivity?.files ?? {})) {
    await write(join(outDir, "sensitivity", name), contents);
  }
  // Tracking: the edition against the periods it is compared with, and against earlier editions as published.
  const tracked = await trackingOutputs({
    spec,
    dir: loaded.dir,
    cwd: io.cwd,
    registry: loaded.registry,
    result,
    observations,
  });
  issues.push(...tracked.issues);
  if (hasErrors(issues)) return fail();
  for (const [name, contents] of Object.entries(tracked.files)) await write(join(outDir, name), contents);
  const changes = tracked.changes[0];

  await runExporters(
    (spec.exports ?? []).map((exp, i) => ({ exp, where: pointer("exports", i) })),
    result,
    loaded.registry,
    outDir,
    { cwd: io.cwd, log },
    issues,
    outputs,
  );
  const ok = !hasErrors(issues);

  if (options.json) {
    printJson(ctx, {
      ok,
      issues,
      outputs,
      summary: summaryOf(result),
      notice,
      ...(tracked.tracking ? { tracking: tracked.tracking } : {}),
      ...(changes ? { movers: movers(changes, result.framework.root.id, 5) } : {}),
      ...(tracked.editions.length > 0
        ? {
            editions: tracked.editions.map((e) => ({
              path: e.path,
              from: e.decomposition.from,
              to: e.decomposition.to,
              split: e.decomposition.split,
              summary: e.decomposition.summary,
            })),
          }
        : {}),
      ...(sensitivity
        ? {
            uncertainty: {
              overview: sensitivity.summary.overview,
              ...(sensitivity.summary.sobol ? { sobol: sensitivity.summary.sobol } : {}),
            },
          }
        : {}),
    });
    return ok ? 0 : 1;
  }
  const shown = issues.filter((i) => i.severity !== "info");
  const notes = issues.length - shown.length;
  printIssues(ctx, shown, "stderr");
  if (!ok) {
    io.stderr.write(`${ctx.err.red(`build failed while writing outputs: ${countIssues(issues)}`)}\n`);
    return 1;
  }
  io.stdout.write(
    formatSummary(
      ctx,
      result,
      outputs,
      `${changes ? moversText(result, changes, tracked.contributions[0]) : ""}${editionsText(result, tracked)}${sensitivityText}`,
    ),
  );
  if (notes > 0)
    io.stdout.write(ctx.out.dim(`${notes} note${notes === 1 ? "" : "s"}: run with --json to see them\n`));
  if (notice !== undefined) io.stdout.write(`\n${ctx.out.bold("Notice:")} ${notice}\n`);
  return 0;
}

/** The index's three biggest risers and fallers from a compared period to the edition, as summary lines. */
function moversText(
  result: IndexResult,
  changes: PeriodChanges,
  contributions: ChangeContributions | undefined,
): string {
  const root = result.framework.root.id;
  const { risers, fallers } = movers(changes, root, 3);
  if (risers.length === 0 && fallers.length === 0) return "";
  const labels = unitLabels(result.spec);
  const line = (c: (typeof risers)[number]) =>
    `${labels.get(c.unit) ?? c.unit} ${c.rankChange > 0 ? "+" : ""}${c.rankChange} (${c.rankFrom} → ${c.rankTo})`;
  const lines = [`Biggest moves ${changes.from} → ${changes.to} (places in the ranking of the index):`];
  if (risers.length > 0) lines.push(`  up:   ${risers.map(line).join(", ")}`);
  if (fallers.length > 0) lines.push(`  down: ${fallers.map(line).join(", ")}`);
  // What moved the biggest riser and faller: the two largest contributions to their change of score.
  const signed = (v: number) => `${v > 0 ? "+" : v < 0 ? "-" : ""}${Math.abs(v).toFixed(2)}`;
  const drivers = [risers[0], fallers[0]].flatMap((c) => {
    const row = contributions?.units.find((r) => r.node === root && r.unit === c?.unit);
    if (row?.status !== "both") return [];
    const top = [...row.children]
      .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution))
      .slice(0, 2)
      .map(
        (k) =>
          `${displayLabel(result.framework.nodes.get(k.child)?.labels, k.child)} ${signed(k.contribution)}`,
      );
    return [
      `  ${labels.get(row.unit) ?? row.unit} ${signed(row.change)} points, most from ${top.join(", ")}`,
    ];
  });
  if (drivers.length > 0) lines.push(...drivers, "  (each child's part of every change: contributions.csv)");
  return `${lines.join("\n")}\n`;
}

/**
 * One line per earlier edition: how many of its edition's index scores this build revises (the largest
 * revision), and where the change from it is split.
 */
function editionsText(result: IndexResult, tracked: TrackingOutputs): string {
  const root = result.framework.root.id;
  const labels = unitLabels(result.spec);
  const lines = tracked.editions.map((e) => {
    const d = e.decomposition;
    const s = d.summary.find((x) => x.node === root);
    if (!s) return `Edition ${e.path}: its scores compared in revisions.csv`;
    const largest = s.largestRevision
      ? ` (largest: ${labels.get(s.largestRevision.unit) ?? s.largestRevision.unit} ${s.largestRevision.revision > 0 ? "+" : ""}${s.largestRevision.revision.toFixed(2)})`
      : "";
    const split = d.split
      ? "revision (data, method) and like-for-like change"
      : "revision and like-for-like change";
    return `Edition ${e.path}: ${s.revised} of ${s.units} index scores of ${d.from} revised${largest}; the change ${d.from} → ${d.to} is split into ${split} in change-decomposition.csv`;
  });
  return lines.length > 0 ? `${lines.join("\n")}\n` : "";
}

/** A spec's notice as plain text: a string, or every language on its own line. */
export function noticeText(notice: Spec["notice"]): string | undefined {
  if (notice === undefined) return undefined;
  if (typeof notice === "string") return notice;
  const entries = Object.entries(notice as Labels);
  if (entries.length === 1) return entries[0]![1];
  return entries.map(([lang, text]) => `[${lang}] ${text}`).join("\n");
}

interface Summary {
  units: number;
  indicators: number;
  periods: string[];
  index: string;
  /** Units the pipeline excluded (screening), with the reason. */
  excluded: { unit: string; reason: string }[];
  top: { rank: number | null; unit: string; label: string; score: number | null }[];
}

function summaryOf(result: IndexResult): Summary {
  const root = result.framework.root.id;
  const latest = result.periods.length - 1;
  const labels = unitLabels(result.spec);
  const ranks = result.ranks.slice(root, latest);
  const scores = result.scores.slice(root, latest);
  const top = result.units
    .map((unit, i) => ({ rank: ranks[i]!, unit, label: labels.get(unit) ?? unit, score: scores[i]! }))
    .filter((t) => !Number.isNaN(t.rank))
    .sort((a, b) => a.rank - b.rank || a.unit.localeCompare(b.unit))
    .slice(0, 5);
  return {
    units: result.units.length,
    indicators: result.framework.order.filter((n) => n.isIndicator).length,
    periods: [...result.periods],
    index: root,
    excluded: result.accounting.units
      .filter((u) => u.status === "excluded")
      .map((u) => ({ unit: u.id, reason: u.reason ?? "" })),
    top,
  };
}

function formatSummary(
  ctx: CommandContext,
  result: IndexResult,
  outputs: readonly string[],
  more = "",
): string {
  const s = summaryOf(result);
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? "" : "s"}`;
  const title =
    typeof result.spec.title === "string" ? result.spec.title : (result.spec.title?.en ?? result.spec.id);
  const periods =
    s.periods.length <= 3 ? s.periods.join(", ") : `${s.periods[0]}–${s.periods[s.periods.length - 1]}`;
  const lines = [
    `${ctx.out.green("Built")} ${ctx.out.bold(title)}: ${plural(s.units, "unit")}, ${plural(s.indicators, "indicator")}, ${plural(s.periods.length, "period")} (${periods})`,
  ];
  for (const e of s.excluded) lines.push(`Excluded ${e.unit}: ${e.reason}`);
  if (s.top.length > 0) {
    const root = result.framework.root;
    const name = root.labels.en ?? Object.values(root.labels)[0] ?? root.id;
    lines.push(`Top ${s.top.length} in ${s.periods[s.periods.length - 1]} (${name}):`);
    const width = Math.max(...s.top.map((t) => t.label.length));
    for (const t of s.top) {
      const score = t.score === null ? "NA" : t.score.toFixed(2);
      lines.push(`  ${String(t.rank).padStart(3)}  ${t.label.padEnd(width)}  ${score.padStart(7)}`);
    }
  }
  if (more !== "") lines.push(more.trimEnd());
  const rel = (f: string) => relative(ctx.io.cwd, f) || f;
  lines.push(`Wrote ${outputs.map(rel).join(", ")}`);
  return `${lines.join("\n")}\n`;
}
