import { readFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join, relative, resolve } from "node:path";
import {
  alternativeLabel,
  type CsvCell,
  formatCsv,
  InputError,
  type Issue,
  type Labels,
  mergeUncertainty,
  pairwiseProbabilities,
  percentileName,
  type RankStatistics,
  rankStatisticsTable,
  type SensitivityOutput,
  type Spec,
  sensitivityTable,
  show,
  summariseUncertainty,
  UNCERTAINTY_FORMAT,
  type UncertaintyPlan,
  type UncertaintyResult,
  type UncertaintySummary,
  uncertaintyFromJSON,
  uncertaintyToJSON,
} from "@cityindex/core";
import { type CommandContext, countIssues, printIssues, printJson } from "../context.js";
import { hasErrors, withoutRepeats } from "../format-issues.js";
import type { CacheOptions } from "../http-client.js";
import { progressLine } from "../progress-line.js";
import { readSpecAndData } from "../read-and-build.js";
import { readPlan } from "../read-plan.js";
import { type RunAnalysisOptions, runAnalysis, type Shard } from "../run-analysis.js";
import { writeOutput } from "../write-outputs.js";

/** Options of `cityindex sensitivity`, as given on the command line. */
export interface SensitivityOptions extends CacheOptions {
  /** The plan file (JSON or YAML), relative to the working directory. */
  plan?: string;
  /** Output folder (default `<spec dir>/output/sensitivity`), relative to the working directory. */
  out?: string;
  /** Overrides the plan's `samples`. */
  samples?: string;
  /** Overrides the plan's `seed`. */
  seed?: string;
  /** Overrides the plan's `type`: `uncertainty` or `sensitivity`. */
  type?: string;
  /** Bootstrap resamples of the Sobol indices' intervals (default 1000; 0 for none). */
  bootstrap?: string;
  /** Keep every run and write `runs.csv` (sets the plan's `keepRuns`). */
  keepRuns?: boolean;
  /** `i/n`: run only shard i (from 0) of n and write its mergeable counts. */
  shard?: string;
  /** Shard files to merge instead of running an analysis. */
  merge?: string[];
  /** Worker threads: a whole number or `auto` (default 1). */
  workers?: string;
  /** Print a JSON report instead of text. */
  json?: boolean;
}

/** Exit code of a command cancelled with Ctrl-C (SIGINT), as shells report it: 128 + 2. */
export const CANCELLED = 130;

/** Resamples of the Sobol indices' bootstrap when `--bootstrap` is not given (as COINr). */
export const DEFAULT_BOOTSTRAP = 1000;

/** Units listed as the least stable in the summary. */
const LEAST_STABLE = 10;

const cliIssue = (
  code: string,
  path: string,
  message: string,
  severity: Issue["severity"] = "error",
): Issue => ({
  severity,
  code,
  path,
  message,
  source: "cli",
});

/** A whole number from a flag's text, at least `min`; `undefined` (and an error at the flag) otherwise. */
function wholeNumber(text: string, flag: string, min: number, issues: Issue[]): number | undefined {
  const value = /^[+-]?\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (Number.isSafeInteger(value) && value >= min) return value;
  issues.push(
    cliIssue(
      "bad-option",
      flag,
      `${flag} must be a whole number${min > Number.MIN_SAFE_INTEGER ? ` of at least ${min}` : ""}, got ${show(text)}`,
    ),
  );
  return undefined;
}

/** `--shard i/n`: shard i (from 0) of n. */
function parseShard(text: string, issues: Issue[]): Shard | undefined {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = m ? Number(m[1]) : Number.NaN;
  const count = m ? Number(m[2]) : Number.NaN;
  if (Number.isSafeInteger(index) && Number.isSafeInteger(count) && count >= 1 && index < count) {
    return { index, count };
  }
  issues.push(
    cliIssue(
      "bad-option",
      "--shard",
      `--shard must be i/n, shard i (from 0) of n, with i < n, such as 0/4; got ${show(text)}`,
    ),
  );
  return undefined;
}

/** `--workers n|auto`. */
function parseWorkers(text: string, issues: Issue[]): number | "auto" | undefined {
  if (text.trim() === "auto") return "auto";
  const value = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
  if (Number.isSafeInteger(value) && value >= 1) return value;
  issues.push(
    cliIssue(
      "bad-option",
      "--workers",
      `--workers must be a whole number of at least 1 or auto, got ${show(text)}`,
    ),
  );
  return undefined;
}

/** The plan with the flags that override its fields (`--samples`, `--seed`, `--type`, `--keep-runs`). */
function withFlags(plan: UncertaintyPlan, options: SensitivityOptions, issues: Issue[]): UncertaintyPlan {
  const out: UncertaintyPlan = { ...plan };
  if (options.samples !== undefined) {
    const n = wholeNumber(options.samples, "--samples", 2, issues);
    if (n !== undefined) out.samples = n;
  }
  if (options.seed !== undefined) {
    const n = wholeNumber(options.seed, "--seed", Number.MIN_SAFE_INTEGER, issues);
    if (n !== undefined) out.seed = n;
  }
  if (options.type !== undefined) {
    if (options.type === "uncertainty" || options.type === "sensitivity") out.type = options.type;
    else
      issues.push(
        cliIssue(
          "bad-option",
          "--type",
          `--type must be uncertainty or sensitivity, got ${show(options.type)}`,
        ),
      );
  }
  if (options.keepRuns === true) out.keepRuns = true;
  return out;
}

/** How many workers to run: `auto` is one per processor but one, at least 1, and no more than there are samples. */
function workerCount(
  wanted: number | "auto",
  plan: UncertaintyPlan,
  shard: Shard | undefined,
  issues: Issue[],
): number {
  const shards = shard?.count ?? 1;
  // Each worker needs a sample of its own; an invalid `samples` is reported by the analysis.
  const most = Number.isSafeInteger(plan.samples) ? Math.max(1, Math.floor(plan.samples / shards)) : 1;
  if (wanted === "auto") return Math.max(1, Math.min(availableParallelism() - 1, most));
  if (wanted > most && Number.isSafeInteger(plan.samples) && plan.samples >= shards) {
    issues.push(
      cliIssue(
        "bad-option",
        "--workers",
        `${wanted} workers would leave some without a run: ${plan.samples} samples${shards > 1 ? ` in ${shards} shards` : ""} give work to at most ${most}`,
      ),
    );
  }
  return wanted;
}

/** What {@link runPlanned} returns. */
export type PlannedRun =
  | { cancelled: false; result?: UncertaintyResult; issues: Issue[] }
  | { cancelled: true; issues: Issue[] };

/** What {@link runPlanned} needs: what {@link runAnalysis} does, but the signal and the progress it makes itself. */
export interface PlannedAnalysis extends Omit<RunAnalysisOptions, "signal" | "onProgress"> {
  /** No progress line. */
  quiet: boolean;
}

/**
 * Runs an analysis with a progress line on a terminal, cancelled by Ctrl-C: SIGINT aborts it (and terminates
 * its workers); the listener is removed when it ends.
 */
export async function runPlanned(ctx: CommandContext, analysis: PlannedAnalysis): Promise<PlannedRun> {
  const { io } = ctx;
  const controller = new AbortController();
  const onSigint = () => controller.abort(new Error("cancelled"));
  const line = progressLine(io.stderr, io.stderr.isTTY === true && !analysis.quiet);
  process.on("SIGINT", onSigint);
  try {
    const outcome = await runAnalysis({
      ...analysis,
      signal: controller.signal,
      onProgress: (done, total) => line.update(done, total),
    });
    return { cancelled: false, ...outcome };
  } catch (error) {
    if (controller.signal.aborted) return { cancelled: true, issues: [] };
    return {
      cancelled: false,
      issues: [cliIssue("analysis-failed", "plan", `the analysis failed: ${(error as Error).message}`)],
    };
  } finally {
    process.off("SIGINT", onSigint);
    line.clear();
  }
}

/** Runs covered by a result, out of the whole design's. */
function coverage(result: UncertaintyResult): number {
  return result.covered.reduce((s, c) => s + c.to - c.from, 0);
}

const num = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** P(row above column) for every pair of units, or `undefined` when the analysis did not count pairs. */
function pairwiseCsv(result: UncertaintyResult, node: string): string | undefined {
  let rows: Float64Array[];
  try {
    rows = pairwiseProbabilities(result, node);
  } catch (error) {
    if (error instanceof InputError && error.code === "no-pairwise") return undefined;
    throw error;
  }
  return formatCsv([
    ["unit", ...result.units],
    ...rows.map((row, a) => [result.units[a]!, ...Array.from(row, num)]),
  ]);
}

/** Every kept run of one target, long: run (from 1), each input's alternative, unit, score, rank. */
function runsCsv(result: UncertaintyResult, node: string): string | undefined {
  const kept = result.kept;
  if (!kept) return undefined;
  const scores = kept.scores[node]!;
  const ranks = kept.ranks[node]!;
  const n = result.units.length;
  const d = result.inputs.length;
  const rows: CsvCell[][] = [["run", ...result.inputs.map((i) => i.id), "unit", "score", "rank"]];
  const blocks = [...result.covered].sort((a, b) => a.from - b.from);
  for (const { from, to } of blocks) {
    for (let run = from; run < to; run++) {
      const choices = result.inputs.map((input, j) => alternativeLabel(input, result.choices[run * d + j]!));
      for (let u = 0; u < n; u++) {
        rows.push([
          run + 1,
          ...choices,
          result.units[u]!,
          num(scores[run * n + u]!),
          num(ranks[run * n + u]!),
        ]);
      }
    }
  }
  return formatCsv(rows);
}

/** What {@link sensitivityTables} returns. */
export interface SensitivityTables {
  /** The summary of the first target (`summariseUncertainty`), as `summary.json` holds it. */
  summary: UncertaintySummary;
  /** File name to contents. */
  files: Record<string, string>;
  /** Warnings: Sobol indices that could not be computed, runs the result does not cover. */
  issues: Issue[];
}

/**
 * The tables of an analysis, by file name: `rank-statistics.csv`, `pairwise.csv` (when pairs were counted),
 * `sensitivity.csv` (Sobol indices of a sensitivity analysis covering every run), `runs.csv` (kept runs),
 * `summary.json` and `uncertainty.json` (the mergeable counts). The tables are of the first target; each other
 * target has its own, named `rank-statistics.<node>.csv` and so on.
 */
export function sensitivityTables(
  result: UncertaintyResult,
  bootstrap: number,
  where: string,
): SensitivityTables {
  const summary = summariseUncertainty(result, { sobol: { bootstrap } });
  const files: Record<string, string> = {};
  const issues: Issue[] = [];
  result.targets.forEach((target, t) => {
    const suffix = t === 0 ? "" : `.${target.node}`;
    const ofTarget = t === 0 ? summary : summariseUncertainty(result, { node: target.node });
    files[`rank-statistics${suffix}.csv`] = formatCsv(rankStatisticsTable(ofTarget));
    const pairs = pairwiseCsv(result, target.node);
    if (pairs !== undefined) files[`pairwise${suffix}.csv`] = pairs;
    const runs = runsCsv(result, target.node);
    if (runs !== undefined) files[`runs${suffix}.csv`] = runs;
  });
  const sobol = sensitivityTable(summary);
  if (sobol !== undefined) files["sensitivity.csv"] = formatCsv(sobol);
  const covered = coverage(result);
  if (covered < result.runs) {
    issues.push(
      cliIssue(
        "incomplete",
        where,
        `the results cover ${covered} of the ${result.runs} runs; the statistics are of those runs only`,
        "warning",
      ),
    );
  }
  if (result.type === "sensitivity" && !summary.sobol) {
    const missing = result.output ? result.output.values.filter((v) => Number.isNaN(v)).length : result.runs;
    issues.push(
      cliIssue(
        "no-sobol",
        where,
        covered < result.runs
          ? "Sobol indices need every shard: merge the files of all of them"
          : `Sobol indices need the output of every run, and ${missing} run${missing === 1 ? " has" : "s have"} none (failed, or the unit had no rank)`,
        "warning",
      ),
    );
  }
  files["summary.json"] = `${JSON.stringify(summary, finite, 2)}\n`;
  files["uncertainty.json"] = `${JSON.stringify(uncertaintyToJSON(result))}\n`;
  return { summary, files, issues };
}

/** JSON replacer: `NaN` and infinities as `null`. */
const finite = (_key: string, v: unknown): unknown =>
  typeof v === "number" && !Number.isFinite(v) ? null : v;

/** A rank for reading: whole, or to one decimal (`2.5`). */
const fmtRank = (v: number): string => (Number.isNaN(v) ? "NA" : String(Math.round(v * 10) / 10));
const fmt = (v: number, digits = 3): string => (Number.isNaN(v) ? "NA" : v.toFixed(digits));

/** `the mean absolute rank shift of index`, `the rank of chengdu in index`. */
function describeOutput(output: SensitivityOutput, node: string): string {
  const of = output.node ?? node;
  if (output.kind === "mean-absolute-rank-shift") return `the mean absolute rank shift of ${of}`;
  return `the ${output.kind} of ${output.unit} in ${of}`;
}

/**
 * The readable summary of an analysis: runs and failures, the mean absolute rank shift and the share of stable
 * ranks, the least stable units (widest rank interval) and, for a sensitivity analysis, the Sobol indices.
 * `labels` names units; `title` the index.
 */
export function formatSensitivity(
  ctx: CommandContext,
  result: UncertaintyResult,
  summary: UncertaintySummary,
  labels: ReadonlyMap<string, string> = new Map(),
  title?: string,
): string {
  const { out } = ctx;
  const o = summary.overview;
  const kind = result.type === "sensitivity" ? "Sensitivity analysis" : "Uncertainty analysis";
  const what = `${title === undefined ? "" : ` of ${out.bold(title)}`} (${summary.node}, ${result.provenance.period})`;
  const runs =
    result.type === "sensitivity"
      ? `${result.evaluated.toLocaleString("en-US")} runs (N = ${result.samples}, ${result.inputs.length} inputs; rank statistics over the ${o.runs.toLocaleString("en-US")} of samples A and B)`
      : `${result.evaluated.toLocaleString("en-US")} runs`;
  const lines = [`${out.green(kind)}${what}: ${runs}, ${o.failed} failed`];
  lines.push(
    `Inputs: ${result.inputs.map((i) => `${i.id} (${i.size} alternative${i.size === 1 ? "" : "s"})`).join(", ")}`,
  );
  lines.push(
    `Mean absolute rank shift: ${fmt(o.meanAbsoluteRankShift, 2)} places; ${Number.isNaN(o.stableShare) ? "NA" : `${(o.stableShare * 100).toFixed(1)}%`} of ranks within ${o.within} place${o.within === 1 ? "" : "s"} of the nominal rank`,
  );
  const [pLow, pHigh] = summary.interval;
  const band = `${percentileName(pLow)}–${percentileName(pHigh)}%`;
  const ranked = summary.statistics.filter((s) => s.ranked > 0);
  const unstable = [...ranked]
    .sort((a, b) => b.high - b.low - (a.high - a.low) || a.nominal - b.nominal || 0)
    .slice(0, LEAST_STABLE);
  if (unstable.length > 0) {
    lines.push(`${unstable.length} least stable (widest ${band} rank interval):`);
    const name = (s: RankStatistics) => labels.get(s.unit) ?? s.unit;
    const width = Math.max(4, ...unstable.map((s) => name(s).length));
    lines.push(out.dim(`  ${"unit".padEnd(width)}  nominal  median  ${band.padEnd(9)}  best–worst`));
    for (const s of unstable) {
      lines.push(
        `  ${name(s).padEnd(width)}  ${fmtRank(s.nominal).padStart(7)}  ${fmtRank(s.median).padStart(6)}  ${`${fmtRank(s.low)}–${fmtRank(s.high)}`.padEnd(9)}  ${fmtRank(s.best)}–${fmtRank(s.worst)}`,
      );
    }
  }
  const never = summary.statistics.length - ranked.length;
  if (never > 0) lines.push(`${never} unit${never === 1 ? " was" : "s were"} never ranked`);
  if (summary.sobol && result.output) {
    const b = summary.sobol.bootstrap;
    const bands = b.resamples > 0;
    const level = `${percentileName(b.confidence)}%`;
    lines.push(
      `Sobol indices of ${describeOutput(result.output.definition, summary.node)}${bands ? ` (${level} bootstrap intervals of ${b.resamples} resamples)` : ""}:`,
    );
    const width = Math.max(5, ...summary.sobol.indices.map((x) => x.input.length));
    const iv = (x?: [number, number]) => (x ? `[${fmt(x[0])}, ${fmt(x[1])}]` : "").padEnd(bands ? 17 : 0);
    const head = (name: string) => `${name.padStart(6)}${bands ? `  ${`${level} interval`.padEnd(17)}` : ""}`;
    lines.push(out.dim(`  ${"input".padEnd(width)}  ${head("first")}  ${head("total")}`.trimEnd()));
    for (const x of summary.sobol.indices) {
      const cell = (v: number, i?: [number, number]) => `${fmt(v).padStart(6)}${bands ? `  ${iv(i)}` : ""}`;
      lines.push(
        `  ${x.input.padEnd(width)}  ${cell(x.first, x.firstInterval)}  ${cell(x.total, x.totalInterval)}`.trimEnd(),
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

/** A display name: the English label, else the first label, else the id. */
export function displayLabel(labels: Labels | undefined, id: string): string {
  return labels?.en ?? Object.values(labels ?? {})[0] ?? id;
}

/** Units' display names: the English label, else the first, else the id. */
export function unitLabels(spec: Spec): Map<string, string> {
  return new Map(spec.units.map((u) => [u.id, displayLabel(u.labels, u.id)]));
}

/** A spec's title as text. */
export function specTitle(spec: Spec): string {
  return typeof spec.title === "string"
    ? spec.title
    : (spec.title?.en ?? Object.values(spec.title ?? {})[0] ?? spec.id);
}

/**
 * `cityindex sensitivity <spec> --plan <file>`: reads the spec and its data as `build` does, runs the plan's
 * uncertainty or sensitivity analysis (on worker threads with `--workers`), prints a summary and writes the
 * tables; with `--shard i/n` it runs one shard and writes its mergeable counts; with `--merge` it merges shard
 * files and writes the tables. Returns 0 on success, 1 on bad input, 2 when the arguments do not fit together,
 * 130 when cancelled.
 */
export async function sensitivityCommand(
  ctx: CommandContext,
  specPath: string | undefined,
  options: SensitivityOptions,
): Promise<number> {
  const { io } = ctx;
  const usage = (message: string): number => {
    io.stderr.write(`${ctx.err.red(`error: ${message}`)}\n(run with --help for usage)\n`);
    return 2;
  };
  if (options.merge !== undefined) {
    if (specPath !== undefined)
      return usage(`--merge reads shard files, not a spec: leave out ${show(specPath)}`);
    const conflicting = (
      [
        ["plan", "--plan"],
        ["samples", "--samples"],
        ["seed", "--seed"],
        ["type", "--type"],
        ["keepRuns", "--keep-runs"],
        ["shard", "--shard"],
        ["workers", "--workers"],
        ["cacheDir", "--cache-dir"],
        ["refresh", "--refresh"],
      ] as const
    ).filter(([k]) => options[k] !== undefined);
    if (conflicting.length > 0) {
      return usage(
        `--merge only merges shard files; ${conflicting.map(([, f]) => f).join(", ")} belong${conflicting.length === 1 ? "s" : ""} to the runs that wrote them`,
      );
    }
    if (options.out === undefined) return usage("--merge needs --out <dir>, the folder for the tables");
    return mergeCommand(ctx, options.merge, options);
  }
  if (specPath === undefined) return usage("missing required argument 'spec' (or --merge with shard files)");
  if (options.plan === undefined) return usage("required option '--plan <file>' not specified");

  const quiet = options.json === true;
  const log = (line: string) => {
    if (!quiet) io.stderr.write(`${line}\n`);
  };
  const issues: Issue[] = [];
  const outputs: string[] = [];
  const fail = (): number => {
    if (options.json) printJson(ctx, { ok: false, issues, outputs });
    else
      printIssues(ctx, issues, "stderr", ctx.err.red(`sensitivity analysis failed: ${countIssues(issues)}`));
    return 1;
  };

  const shard = options.shard === undefined ? undefined : parseShard(options.shard, issues);
  const wanted = parseWorkers(options.workers ?? "1", issues);
  const bootstrap =
    options.bootstrap === undefined
      ? DEFAULT_BOOTSTRAP
      : wholeNumber(options.bootstrap, "--bootstrap", 0, issues);
  const read = await readPlan(options.plan, io.cwd);
  issues.push(...read.issues);
  const plan = read.plan ? withFlags(read.plan, options, issues) : undefined;
  if (!plan || wanted === undefined || bootstrap === undefined || hasErrors(issues)) return fail();
  const workers = workerCount(wanted, plan, shard, issues);
  if (hasErrors(issues)) return fail();

  const data = await readSpecAndData(ctx, specPath, log, quiet, options);
  issues.push(...data.issues);
  const { loaded, observations } = data;
  const spec = loaded.spec;
  if (!spec || !observations || hasErrors(issues)) return fail();

  const ran = await runPlanned(ctx, {
    spec,
    dir: loaded.dir,
    registry: loaded.registry,
    observations,
    plan,
    workers,
    quiet,
    ...(shard ? { shard } : {}),
  });
  if (ran.cancelled) return cancelled(ctx, options.json === true, issues);
  issues.push(...withoutRepeats(ran.issues, issues));
  const result = ran.result;
  if (!result || hasErrors(issues)) return fail();

  const outDir =
    options.out === undefined ? join(loaded.dir, "output", "sensitivity") : resolve(io.cwd, options.out);
  const rel = (f: string) => relative(io.cwd, f) || f;
  if (shard) {
    const name = `uncertainty.shard-${shard.index}-of-${shard.count}.json`;
    const json = `${JSON.stringify(uncertaintyToJSON(result))}\n`;
    if (!(await writeOutput(join(outDir, name), json, io.cwd, issues, outputs))) return fail();
    const pattern = join(rel(outDir), `uncertainty.shard-*-of-${shard.count}.json`);
    const merge = `cityindex sensitivity --merge ${pattern} --out ${rel(outDir)}`;
    if (options.json) {
      printJson(ctx, {
        ok: true,
        issues,
        outputs,
        shard,
        runs: result.runs,
        evaluated: result.evaluated,
        failed: result.failures.count,
        merge,
      });
      return 0;
    }
    printIssues(ctx, issues, "stderr");
    io.stdout.write(
      [
        `${ctx.out.green(`Shard ${shard.index} of ${shard.count}`)}: ${result.evaluated.toLocaleString("en-US")} of ${result.runs.toLocaleString("en-US")} runs, ${result.failures.count} failed`,
        `Wrote ${outputs.map(rel).join(", ")}`,
        `When every shard has run, merge their files with: ${merge}`,
        "",
      ].join("\n"),
    );
    return 0;
  }
  return writeAndReport(ctx, result, outDir, bootstrap, issues, outputs, options.json === true, {
    labels: unitLabels(spec),
    title: specTitle(spec),
    where: "plan",
  });
}

/** `cancelled` on standard error (and the report with `--json`); exit code 130. */
export function cancelled(ctx: CommandContext, json: boolean, issues: Issue[]): number {
  ctx.io.stderr.write(`${ctx.err.yellow("cancelled")}\n`);
  if (json) printJson(ctx, { ok: false, cancelled: true, issues });
  return CANCELLED;
}

/** Writes the tables of a result into `outDir` and prints the summary (or the `--json` report). */
async function writeAndReport(
  ctx: CommandContext,
  result: UncertaintyResult,
  outDir: string,
  bootstrap: number,
  issues: Issue[],
  outputs: string[],
  json: boolean,
  about: { labels?: ReadonlyMap<string, string>; title?: string; where: string },
): Promise<number> {
  const { io } = ctx;
  const tables = sensitivityTables(result, bootstrap, about.where);
  issues.push(...tables.issues);
  for (const [name, contents] of Object.entries(tables.files)) {
    if (!(await writeOutput(join(outDir, name), contents, io.cwd, issues, outputs))) break;
  }
  const ok = !hasErrors(issues);
  if (json) {
    printJson(ctx, {
      ok,
      issues,
      outputs,
      type: result.type,
      runs: result.runs,
      evaluated: result.evaluated,
      overview: tables.summary.overview,
      ...(tables.summary.sobol ? { sobol: tables.summary.sobol } : {}),
    });
    return ok ? 0 : 1;
  }
  printIssues(ctx, issues, "stderr");
  if (!ok) {
    io.stderr.write(
      `${ctx.err.red(`sensitivity analysis failed while writing outputs: ${countIssues(issues)}`)}\n`,
    );
    return 1;
  }
  io.stdout.write(formatSensitivity(ctx, result, tables.summary, about.labels, about.title));
  io.stdout.write(`Wrote ${outputs.map((f) => relative(io.cwd, f) || f).join(", ")}\n`);
  return 0;
}

/** Fields a result read from a shard file must have before it can be merged. */
const RESULT_FIELDS = [
  "type",
  "samples",
  "runs",
  "covered",
  "units",
  "inputs",
  "targets",
  "failures",
  "provenance",
];

/** Reads one shard file; `undefined` after adding an error naming the file. */
async function readShard(file: string, cwd: string, issues: Issue[]): Promise<UncertaintyResult | undefined> {
  const shown = relative(cwd, resolve(cwd, file)) || file;
  let text: string;
  try {
    text = await readFile(resolve(cwd, file), "utf8");
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
    issues.push(
      cliIssue(
        missing ? "file-not-found" : "file-unreadable",
        shown,
        missing
          ? `shard file ${show(shown)} does not exist`
          : `shard file ${show(shown)} cannot be read: ${(error as Error).message}`,
      ),
    );
    return undefined;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    issues.push(
      cliIssue("syntax", shown, `shard file ${show(shown)} is not JSON: ${(error as Error).message}`),
    );
    return undefined;
  }
  try {
    const fields = value as Record<string, unknown> | null;
    if (typeof fields === "object" && fields !== null && fields.format === UNCERTAINTY_FORMAT) {
      const missing = RESULT_FIELDS.filter((k) => fields[k] === undefined || fields[k] === null);
      if (missing.length > 0) {
        throw new InputError(
          "bad-uncertainty-json",
          `it has no ${missing.map((k) => `\`${k}\``).join(", ")}`,
        );
      }
    }
    return uncertaintyFromJSON(value);
  } catch (error) {
    const code = error instanceof InputError ? error.code : "bad-uncertainty-json";
    issues.push(
      cliIssue(
        code,
        shown,
        `shard file ${show(shown)} is not an uncertainty result of cityindex: ${(error as Error).message}`,
      ),
    );
    return undefined;
  }
}

/**
 * Checks that shard files belong together, naming the files: the same spec, data, plan and design (their
 * provenance hashes), and no run in two of them.
 */
function checkShards(
  parts: readonly UncertaintyResult[],
  files: readonly string[],
  cwd: string,
  issues: Issue[],
): void {
  const shown = files.map((f) => relative(cwd, resolve(cwd, f)) || f);
  const first = parts[0]?.provenance;
  if (!first) return;
  const hashes = ["specHash", "dataHash", "planHash", "designHash"] as const;
  parts.forEach((p, i) => {
    const differ = hashes.filter((h) => p.provenance[h] !== first[h]);
    if (i > 0 && differ.length > 0) {
      const what = differ.map((h) => h.replace("Hash", "")).join(", ");
      issues.push(
        cliIssue(
          "shards-differ",
          shown[i]!,
          `shard file ${show(shown[i])} is of another analysis than ${show(shown[0])}: their ${what} differ${differ.length === 1 ? "s" : ""}`,
        ),
      );
    }
  });
  if (hasErrors(issues)) return;
  for (let j = 1; j < parts.length; j++) {
    for (let i = 0; i < j; i++) {
      const both = parts[j]!.covered.find((b) =>
        parts[i]!.covered.some((a) => a.from < b.to && b.from < a.to),
      );
      if (!both) continue;
      issues.push(
        cliIssue(
          "shards-overlap",
          shown[j]!,
          `shard file ${show(shown[j])} holds runs that ${show(shown[i])} holds too (from run ${both.from + 1}); merge each shard once`,
        ),
      );
      break;
    }
  }
}

/** `cityindex sensitivity --merge <files...> --out <dir>`. */
async function mergeCommand(
  ctx: CommandContext,
  files: string[],
  options: SensitivityOptions,
): Promise<number> {
  const { io } = ctx;
  const issues: Issue[] = [];
  const outputs: string[] = [];
  const fail = (): number => {
    if (options.json) printJson(ctx, { ok: false, issues, outputs });
    else printIssues(ctx, issues, "stderr", ctx.err.red(`merge failed: ${countIssues(issues)}`));
    return 1;
  };
  const bootstrap =
    options.bootstrap === undefined
      ? DEFAULT_BOOTSTRAP
      : wholeNumber(options.bootstrap, "--bootstrap", 0, issues);
  const parts: UncertaintyResult[] = [];
  for (const file of files) {
    const part = await readShard(file, io.cwd, issues);
    if (part) parts.push(part);
  }
  if (bootstrap === undefined || hasErrors(issues)) return fail();
  checkShards(parts, files, io.cwd, issues);
  if (hasErrors(issues)) return fail();
  let merged: UncertaintyResult;
  try {
    merged = mergeUncertainty(parts);
  } catch (error) {
    const code = error instanceof InputError ? error.code : "bad-uncertainty-json";
    issues.push(cliIssue(code, "--merge", `the shard files cannot be merged: ${(error as Error).message}`));
    return fail();
  }
  return writeAndReport(
    ctx,
    merged,
    resolve(io.cwd, options.out!),
    bootstrap,
    issues,
    outputs,
    options.json === true,
    {
      where: "--merge",
    },
  );
}
