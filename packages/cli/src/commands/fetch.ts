import { join, relative, resolve } from "node:path";
import { formatCsv, type Issue, type Observation, type Spec } from "@cityindex/core";
import type { NodeHttpClient } from "@cityindex/http";
import { type CommandContext, countIssues, printIssues, printJson } from "../context.js";
import { hasErrors } from "../format-issues.js";
import { type CacheOptions, cliHttpClient, DEFAULT_CACHE_DIR } from "../http-client.js";
import { loadSpec } from "../load-spec.js";
import { requestsText, runSources, type SourceRun } from "../run-sources.js";
import { writeOutput } from "../write-outputs.js";

/** Options of `cityindex fetch`. */
export interface FetchOptions extends CacheOptions {
  /** Output directory (default `<spec dir>/output`), relative to the working directory. */
  out?: string;
  /** Print a JSON report instead of text. */
  json?: boolean;
  /** Print only problems and the final line. */
  quiet?: boolean;
}

/** The header of `observations.csv`. */
export const OBSERVATIONS_HEADER = [
  "unit",
  "indicator",
  "period",
  "value",
  "source",
  "location",
  "retrieved",
  "hash",
  "licence",
] as const;

/** A unit's indicator with no value: in any period (`periods` lists them all), or in the periods listed. */
export interface MissingCell {
  /** Indicator id. */
  indicator: string;
  /** Unit id. */
  unit: string;
  /** True when no period has a value. */
  all: boolean;
  /** The periods without a value, among those any source returned (empty when none returned a period). */
  periods: string[];
}

/** Most missing pairs listed in the printed summary; `fetch-report.json` has them all. */
const SHOWN_MISSING = 12;

/**
 * `cityindex fetch <spec>`: runs every source of the spec (web sources through the HTTP client, answered from the
 * response cache when they can), writes `observations.csv` (values with provenance) and `fetch-report.json`
 * (per source: values, requests, issues, failure; and which unit × indicator pairs have no value). A failed source
 * does not stop the others: what they produced is written, and the command exits 1 naming what failed and what
 * is missing. Running it again answers from the cache.
 */
export async function fetchCommand(
  ctx: CommandContext,
  specPath: string,
  options: FetchOptions,
): Promise<number> {
  const { io } = ctx;
  const quiet = options.json === true || options.quiet === true;
  const log = (line: string) => {
    if (!quiet) io.stderr.write(`${line}\n`);
  };
  const issues: Issue[] = [];
  const outputs: string[] = [];
  const stop = (): number => {
    if (options.json) printJson(ctx, { ok: false, issues, outputs });
    else printIssues(ctx, issues, "stderr", ctx.err.red(`fetch failed: ${countIssues(issues)}`));
    return 1;
  };

  const loaded = await loadSpec(specPath, io.cwd);
  issues.push(...loaded.issues);
  const spec = loaded.spec;
  if (!spec || hasErrors(issues)) return stop();

  let http: NodeHttpClient;
  try {
    http = cliHttpClient(io, loaded.dir, { cacheDir: options.cacheDir, refresh: options.refresh, log });
  } catch (error) {
    issues.push({
      severity: "error",
      code: "bad-contact",
      path: "CITYINDEX_CONTACT",
      message: (error as Error).message,
      source: "cli",
    });
    return stop();
  }
  const ran = await runSources(ctx, {
    spec,
    registry: loaded.registry,
    dir: loaded.dir,
    http,
    log,
    quiet,
  });
  issues.push(...ran.issues);
  const missing = missingCells(spec, ran.observations);

  const outDir = options.out === undefined ? join(loaded.dir, "output") : resolve(io.cwd, options.out);
  const failed = ran.runs.filter((r) => r.failed);
  const ok = failed.length === 0 && !hasErrors(issues);
  const report = {
    ok,
    spec: loaded.file,
    cacheDir: http.cacheDir ?? join(loaded.dir, DEFAULT_CACHE_DIR),
    sources: ran.runs,
    values: ran.observations.length,
    missing,
  };
  await writeOutput(
    join(outDir, "observations.csv"),
    http.redact(observationsCsv(ran.observations)),
    io.cwd,
    issues,
    outputs,
  );
  const reportFile = join(outDir, "fetch-report.json");
  const reportText = `${JSON.stringify({ ...report, issues }, null, 2)}\n`;
  await writeOutput(reportFile, http.redact(reportText), io.cwd, issues, outputs);
  const written = ok && !hasErrors(issues);

  if (options.json) {
    printJson(ctx, { ...report, ok: written, issues, outputs });
    return written ? 0 : 1;
  }
  const shown = issues.filter((i) => i.severity !== "info");
  printIssues(ctx, shown, "stderr");
  if (!options.quiet) io.stdout.write(formatSummary(ctx, ran.runs, missing, outputs));
  if (!written) {
    const csv = outputs.find((f) => f.endsWith("observations.csv"));
    const kept = csv === undefined ? undefined : relative(io.cwd, csv) || csv;
    io.stderr.write(`${ctx.err.red(`fetch failed: ${failureText(failed, missing, spec, kept)}`)}\n`);
    return 1;
  }
  return 0;
}

/** `observations.csv`: one row per observation with its provenance, safe to open in a spreadsheet. */
export function observationsCsv(observations: readonly Observation[]): string {
  const rows = observations.map((o) => {
    const p = o.provenance ?? {};
    return [o.unit, o.indicator, o.period, o.value, p.source, p.location, p.retrieved, p.hash, p.licence];
  });
  return formatCsv([OBSERVATIONS_HEADER, ...rows]);
}

/**
 * The unit × indicator pairs of the spec without a value, for every indicator a source must provide (those
 * without a formula): with `all` when no period has one, else the periods that lack it, among the periods any
 * observation has.
 */
export function missingCells(spec: Spec, observations: readonly Observation[]): MissingCell[] {
  const have = new Map<string, Set<string>>();
  const periods = new Set<string>();
  for (const o of observations) {
    if (o.value === null || Number.isNaN(o.value)) continue;
    periods.add(o.period);
    const key = `${o.indicator}\u0000${o.unit}`;
    let set = have.get(key);
    if (!set) have.set(key, (set = new Set()));
    set.add(o.period);
  }
  const known = [...periods].sort();
  const out: MissingCell[] = [];
  for (const indicator of spec.indicators) {
    if (indicator.formula !== undefined) continue;
    for (const unit of spec.units) {
      const got = have.get(`${indicator.id}\u0000${unit.id}`);
      if (!got) out.push({ indicator: indicator.id, unit: unit.id, all: true, periods: known });
      else if (got.size < known.length) {
        out.push({
          indicator: indicator.id,
          unit: unit.id,
          all: false,
          periods: known.filter((p) => !got.has(p)),
        });
      }
    }
  }
  return out;
}

function formatSummary(
  ctx: CommandContext,
  runs: readonly SourceRun[],
  missing: readonly MissingCell[],
  outputs: readonly string[],
): string {
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? "" : "s"}`;
  const good = runs.filter((r) => !r.failed).length;
  const values = runs.reduce((n, r) => n + r.values, 0);
  const lines = [
    `${good === runs.length ? ctx.out.green("Fetched") : ctx.out.yellow("Fetched")} ${good} of ${plural(runs.length, "source")}: ${plural(values, "value")}`,
  ];
  for (const r of runs) {
    const web = r.requests + r.cached > 0 ? `, ${requestsText(r)}` : "";
    const state = r.failed
      ? ctx.out.red(` FAILED${r.error ? `: ${r.error}` : " (see the errors above)"}`)
      : "";
    lines.push(`  ${r.id} (${r.source}): ${plural(r.values, "value")}${web}${state}`);
  }
  const none = missing.filter((m) => m.all);
  const partial = missing.filter((m) => !m.all);
  if (none.length > 0) {
    lines.push(`${ctx.out.yellow("No value at all")} for ${plural(none.length, "unit × indicator pair")}:`);
    lines.push(...grouped(none.map((m) => [m.indicator, m.unit])));
  }
  if (partial.length > 0) {
    lines.push(
      `${ctx.out.yellow("Missing in some periods")}: ${plural(partial.length, "unit × indicator pair")}:`,
    );
    lines.push(...grouped(partial.map((m) => [m.indicator, `${m.unit} (${m.periods.join(", ")})`])));
  }
  const rel = (f: string) => relative(ctx.io.cwd, f) || f;
  if (outputs.length > 0) lines.push(`Wrote ${outputs.map(rel).join(", ")}`);
  return `${lines.join("\n")}\n`;
}

/** `  indicator: unit, unit, …` lines, at most {@link SHOWN_MISSING}, then how many more. */
function grouped(pairs: readonly (readonly [string, string])[]): string[] {
  const by = new Map<string, string[]>();
  for (const [indicator, what] of pairs) {
    let list = by.get(indicator);
    if (!list) by.set(indicator, (list = []));
    list.push(what);
  }
  const lines = [...by].map(([indicator, list]) => `  ${indicator}: ${list.join(", ")}`);
  if (lines.length <= SHOWN_MISSING) return lines;
  return [
    ...lines.slice(0, SHOWN_MISSING),
    `  … and ${lines.length - SHOWN_MISSING} more indicators (see fetch-report.json)`,
  ];
}

function failureText(
  failed: readonly SourceRun[],
  missing: readonly MissingCell[],
  spec: Spec,
  kept: string | undefined,
): string {
  const parts: string[] = [];
  if (failed.length > 0) {
    const names = failed.map((r) => `\`${r.id}\``).join(", ");
    parts.push(`${failed.length === 1 ? "source" : "sources"} ${names} failed`);
  }
  const none = missing.filter((m) => m.all).length;
  const inputs = spec.indicators.filter((i) => i.formula === undefined).length * spec.units.length;
  if (none > 0) parts.push(`${none} of ${inputs} unit × indicator pairs have no value`);
  if (parts.length === 0) parts.push("see the errors above");
  if (kept !== undefined) parts.push(`the values that were fetched are in ${kept}`);
  return parts.join("; ");
}
