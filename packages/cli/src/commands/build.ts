import { join, relative, resolve } from "node:path";
import {
  analyse,
  buildIndex,
  type IndexResult,
  type Issue,
  type Labels,
  pointer,
  RESULTS_CSV_HEADER,
  resultsCsv,
  resultToJSON,
  type Spec,
} from "@cityindex/core";
import type { NodeHttpClient } from "@cityindex/http";
import { type CommandContext, countIssues, printIssues, printJson } from "../context.js";
import { hasErrors } from "../format-issues.js";
import { type CacheOptions, cliHttpClient } from "../http-client.js";
import { loadSpec } from "../load-spec.js";
import { runSources } from "../run-sources.js";
import { runExporters, writeOutput } from "../write-outputs.js";

/** Options of `cityindex build`. */
export interface BuildOptions extends CacheOptions {
  /** Output directory (default `<spec dir>/output`), relative to the working directory. */
  out?: string;
  /** Print a JSON report instead of text. */
  json?: boolean;
}

const issueKey = (i: Issue): string => `${i.severity}\u0000${i.code}\u0000${i.path}\u0000${i.message}`;

/** The header of `results.csv`, part of the public contract. */
export const RESULTS_HEADER = RESULTS_CSV_HEADER.split(",");

/**
 * `cityindex build <spec>`: validates the spec, reads every source, builds the index, writes `results.csv`,
 * `results.json`, the exporters' files and `NOTICE.txt` (when the spec has a notice), and prints a summary.
 * Returns 0 on success, 1 when the spec, the data or an exporter has an error.
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

  const built = await readAndBuild(ctx, specPath, log, quiet, options);
  issues.push(...built.issues);
  const { loaded, result } = built;
  if (!loaded.spec || !result || hasErrors(issues)) return fail();
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

  // Outputs
  const outDir = options.out === undefined ? join(loaded.dir, "output") : resolve(io.cwd, options.out);
  const write = (file: string, contents: string | Uint8Array): Promise<boolean> =>
    writeOutput(file, contents, io.cwd, issues, outputs);
  const wrote = await write(join(outDir, "results.csv"), resultsCsv(result));
  if (!wrote) return fail();
  await write(join(outDir, "results.json"), `${JSON.stringify(resultToJSON(result), null, 2)}\n`);
  const notice = noticeText(spec.notice);
  if (notice !== undefined) await write(join(outDir, "NOTICE.txt"), `${notice}\n`);

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
    printJson(ctx, { ok, issues, outputs, summary: summaryOf(result), notice });
    return ok ? 0 : 1;
  }
  const shown = issues.filter((i) => i.severity !== "info");
  const notes = issues.length - shown.length;
  printIssues(ctx, shown, "stderr");
  if (!ok) {
    io.stderr.write(`${ctx.err.red(`build failed while writing outputs: ${countIssues(issues)}`)}\n`);
    return 1;
  }
  io.stdout.write(formatSummary(ctx, result, outputs));
  if (notes > 0)
    io.stdout.write(ctx.out.dim(`${notes} note${notes === 1 ? "" : "s"}: run with --json to see them\n`));
  if (notice !== undefined) io.stdout.write(`\n${ctx.out.bold("Notice:")} ${notice}\n`);
  return 0;
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
  const labels = new Map(
    result.spec.units.map((u) => [u.id, u.labels?.en ?? Object.values(u.labels ?? {})[0] ?? u.id]),
  );
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

function formatSummary(ctx: CommandContext, result: IndexResult, outputs: readonly string[]): string {
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
  const rel = (f: string) => relative(ctx.io.cwd, f) || f;
  lines.push(`Wrote ${outputs.map(rel).join(", ")}`);
  return `${lines.join("\n")}\n`;
}

/** What {@link readAndBuild} returns: the loaded spec, the result when the build succeeded, and every issue. */
export interface ReadAndBuild {
  /** The spec as loaded, with its registry and folder. */
  loaded: Awaited<ReturnType<typeof loadSpec>>;
  /** The index, absent when an error stopped the build. */
  result?: IndexResult;
  /** Every issue of the spec, the sources and the build, without repeats. */
  issues: Issue[];
}

/**
 * Loads a spec, reads every source it names (with progress on a terminal; web sources get the spec's units and an
 * HTTP client whose responses are cached in `<spec folder>/.cityindex/cache` or `cache.cacheDir`, and fetched
 * again with `cache.refresh`, as `cityindex fetch` does), and builds the index: the first half of `cityindex
 * build`, shared by the commands that need a result (`build`, `audit`).
 */
export async function readAndBuild(
  ctx: CommandContext,
  specPath: string,
  log: (line: string) => void,
  quiet: boolean,
  cache: CacheOptions = {},
): Promise<ReadAndBuild> {
  const { io } = ctx;
  const issues: Issue[] = [];
  const loaded = await loadSpec(specPath, io.cwd);
  issues.push(...loaded.issues);
  const spec = loaded.spec;
  if (!spec || hasErrors(issues)) return { loaded, issues };

  // Sources, with web responses from the spec's cache (`cityindex fetch` fills it).
  let http: NodeHttpClient;
  try {
    http = cliHttpClient(io, loaded.dir, { cacheDir: cache.cacheDir, refresh: cache.refresh, log });
  } catch (error) {
    issues.push({
      severity: "error",
      code: "bad-contact",
      path: "CITYINDEX_CONTACT",
      message: (error as Error).message,
      source: "cli",
    });
    return { loaded, issues };
  }
  const ran = await runSources(ctx, { spec, registry: loaded.registry, dir: loaded.dir, http, log, quiet });
  issues.push(...ran.issues);
  const observations = ran.observations;
  if (hasErrors(issues)) return { loaded, issues };

  // Build
  const building = io.stderr.isTTY === true && !quiet;
  const built = await buildIndex(spec, observations, {
    registry: loaded.registry,
    onProgress: (p) => {
      if (building) io.stderr.write(`\r\u001b[2K  building: step ${p.done}/${p.total} ${p.message ?? ""}`);
    },
  });
  if (building) io.stderr.write("\r\u001b[2K");
  // buildIndex validates the spec again: keep only what the validation above did not already report.
  const known = new Set(issues.map(issueKey));
  issues.push(...built.issues.filter((i) => !known.has(issueKey(i))));
  return { loaded, issues, ...(built.result && !hasErrors(issues) ? { result: built.result } : {}) };
}
