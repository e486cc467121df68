// Benchmarks of the built packages. Run with `npm run bench` from the repo root: it builds first, then runs
// this file, prints a table and writes bench/results.json ([{ name, value, unit }], the DESIGN contract).
// Figures are only comparable as ratios within one run: see bench/README.md.

import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  buildIndex,
  coinrToSpec,
  createRegistry,
  formatCsv,
  longTable,
  resultsCsv,
  validateSpec,
} from "@cityindex/core";
import { parseCsvTable } from "@cityindex/source-csv";
import { parse } from "csv-parse/sync";
import { mulberry32, pad } from "./synthetic.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const asemDir = join(root, "..", "shared", "reference", "coinr-asem", "data");
const resultsFile = join(here, "results.json");

const SEED = 20240601;
const RESULTS_HEADER = ["unit", "period", "node", "level", "score", "rank"];

/** One registry for the whole run, so the spec validator is compiled once (it is cached per registry). */
const registry = createRegistry();

// Timing

/** Milliseconds elapsed since `start` (a `process.hrtime.bigint()` reading). */
function elapsedMs(start) {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Runs `fn` `warmup` times untimed, then timed repetitions: at least `minReps` (default 3), at most `maxReps`,
 * stopping early once the timed ones add up to `budgetMs`, so the whole run stays short on a slow machine.
 * Returns the median in ms and the number of timed repetitions. `fn` may be async; the value of the last
 * warm-up is passed to `check`, so a benchmark never times a failure.
 */
async function measure(fn, { warmup, maxReps, minReps = 3, budgetMs, check }) {
  let last;
  for (let i = 0; i < warmup; i++) last = await fn();
  check?.(last);
  const times = [];
  let spent = 0;
  while (times.length < maxReps && (times.length < minReps || spent < budgetMs)) {
    const start = process.hrtime.bigint();
    await fn();
    const ms = elapsedMs(start);
    times.push(ms);
    spent += ms;
  }
  return { ms: median(times), reps: times.length };
}

/**
 * The first python3 that imports numpy: `python3` on the PATH, then Debian's `/usr/bin/python3`; `undefined`
 * when none does (the numpy comparisons are then left out).
 */
function findPython() {
  const candidates = ["python3", "/usr/bin/python3"];
  return candidates.find((exe) => spawnSync(exe, ["-c", "import numpy"], { stdio: "ignore" }).status === 0);
}

const python = findPython();
if (!python) console.log("python3 with numpy not found: the numpy comparisons are left out");

/** Runs bench/numpy_pipeline.py: `{ times, peak_rss_mb }`. */
function runNumpy(units, indicators, reps) {
  const child = spawnSync(
    python,
    [join(here, "numpy_pipeline.py"), String(units), String(indicators), String(reps)],
    { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 1 << 20 },
  );
  if (child.status !== 0) throw new Error(`bench: numpy_pipeline.py exited with ${child.status}`);
  return JSON.parse(child.stdout.trim().split("\n").pop());
}

/** Runs bench/pipeline.mjs with `args`: `{ times, peakRssMB, ... }`. */
function runPipeline(args) {
  const child = spawnSync(process.execPath, [join(here, "pipeline.mjs"), ...args], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (child.status !== 0) throw new Error(`bench: pipeline.mjs exited with ${child.status}`);
  return JSON.parse(child.stdout.trim().split("\n").pop());
}

// Data

/**
 * A synthetic index: `units` units, `dims` dimensions of `perDim` indicators each under one root, `periods`
 * periods, a share `missing` of cells missing; pipeline impute mean, normalise min-max, aggregate arithmetic.
 * Indicators have different scales and every fifth one has direction -1.
 */
function syntheticIndex({ units, dims, perDim, periods, missing, seed }) {
  const random = mulberry32(seed);
  const unitIds = Array.from({ length: units }, (_, u) => `u${pad(u, 5)}`);
  const dimensions = Array.from({ length: dims }, (_, d) => ({
    id: `dim_${pad(d, 2)}`,
    children: Array.from({ length: perDim }, (_, k) => ({ id: `ind_${pad(d, 2)}_${pad(k, 2)}` })),
  }));
  const indicatorIds = dimensions.flatMap((d) => d.children.map((c) => c.id));
  const spec = {
    id: "synthetic",
    title: "Synthetic benchmark index",
    units: unitIds.map((id) => ({ id })),
    indicators: indicatorIds.map((id, i) => (i % 5 === 4 ? { id, direction: -1 } : { id })),
    framework: { id: "index", children: dimensions },
    pipeline: [
      { step: "impute", method: "mean" },
      { step: "normalise", method: "min-max", options: { range: [0, 100] } },
      { step: "aggregate", method: "arithmetic" },
    ],
  };
  const periodIds = Array.from({ length: periods }, (_, p) => String(2020 + p));
  const scale = indicatorIds.map(() => 10 ** Math.floor(random() * 6));
  const observations = [];
  for (const period of periodIds) {
    for (const unit of unitIds) {
      indicatorIds.forEach((indicator, i) => {
        const value = random() < missing ? null : random() * scale[i];
        observations.push({ unit, indicator, period, value });
      });
    }
  }
  return { spec, observations, cells: units * dims * perDim * periods };
}

/** A wide CSV text: a `unit` column and `cols - 1` value columns, `rows` rows, 2% `NA` cells. */
function wideCsv({ rows, cols, seed }) {
  const random = mulberry32(seed);
  const header = ["unit", ...Array.from({ length: cols - 1 }, (_, j) => `ind_${pad(j, 2)}`)];
  const lines = [header.join(",")];
  for (let r = 0; r < rows; r++) {
    const cells = [`u${pad(r, 5)}`];
    for (let j = 1; j < cols; j++) cells.push(random() < 0.02 ? "NA" : (random() * 1000).toFixed(3));
    lines.push(cells.join(","));
  }
  return lines.join("\n") + "\n";
}

function readCsvRows(file) {
  return parse(readFileSync(join(asemDir, file)), { columns: true, bom: true });
}

function fail(what, issues) {
  const errors = issues.filter((i) => i.severity === "error");
  const shown = errors.slice(0, 5).map((i) => `  ${i.code} ${i.path}: ${i.message}`);
  throw new Error(`bench: ${what} failed with ${errors.length} error(s):\n${shown.join("\n")}`);
}

function expectResult(what) {
  return (outcome) => {
    if (!outcome.result) fail(what, outcome.issues);
  };
}

// Benchmarks

const rows = [];
const record = (name, value, unit, reps) => rows.push({ name, value, unit, reps });
const total = process.hrtime.bigint();

// 1. ASEM: COINr's example, built with the pipeline coinrToSpec gives it.
const asem = coinrToSpec(readCsvRows("ASEM_iData.csv"), readCsvRows("ASEM_iMeta.csv"), { id: "asem" });
if (!asem.spec) fail("coinrToSpec(ASEM)", asem.issues);
{
  const { ms, reps } = await measure(() => buildIndex(asem.spec, asem.observations, { registry }), {
    warmup: 3,
    maxReps: 15,
    budgetMs: 2000,
    check: expectResult("buildIndex(ASEM)"),
  });
  record("asem-build", ms, "ms", reps);
}

// 2. and 4. The 1k synthetic index, and its long table as CSV.
const small = syntheticIndex({ units: 1000, dims: 10, perDim: 10, periods: 3, missing: 0.02, seed: SEED });
let smallResult;
{
  const { ms, reps } = await measure(() => buildIndex(small.spec, small.observations, { registry }), {
    warmup: 1,
    maxReps: 7,
    budgetMs: 8000,
    check: (outcome) => {
      expectResult("buildIndex(synthetic 1k)")(outcome);
      smallResult = outcome.result;
    },
  });
  record("synthetic-build-1k", ms, "ms", reps);
  record("synthetic-build-1k", small.cells / (ms / 1000), "cells/s", reps);
}
{
  const { ms, reps } = await measure(
    () =>
      formatCsv([
        RESULTS_HEADER,
        ...longTable(smallResult).map((r) => [r.unit, r.period, r.node, r.level, r.score, r.rank]),
      ]),
    { warmup: 1, maxReps: 7, budgetMs: 5000 },
  );
  record("long-table-csv", ms, "ms", reps);
}
{
  const { ms, reps } = await measure(() => resultsCsv(smallResult), {
    warmup: 1,
    maxReps: 7,
    budgetMs: 5000,
  });
  record("results-csv", ms, "ms", reps);
}
smallResult = undefined;

// 3. The 10k synthetic index.
{
  let large = syntheticIndex({
    units: 10000,
    dims: 10,
    perDim: 10,
    periods: 1,
    missing: 0.02,
    seed: SEED + 1,
  });
  const { ms, reps } = await measure(() => buildIndex(large.spec, large.observations, { registry }), {
    warmup: 1,
    maxReps: 3,
    budgetMs: 0,
    check: expectResult("buildIndex(synthetic 10k)"),
  });
  record("synthetic-build-10k", ms, "ms", reps);
  record("synthetic-build-10k", large.cells / (ms / 1000), "cells/s", reps);
  large = undefined;
}

// 5. A wide CSV table read by the csv source's pure reader.
{
  const n = 10000;
  const text = wideCsv({ rows: n, cols: 50, seed: SEED + 2 });
  const { ms, reps } = await measure(() => parseCsvTable(text, { period: "2024", file: "wide.csv" }), {
    warmup: 1,
    maxReps: 7,
    budgetMs: 4000,
    check: (out) => {
      if (out.rows !== n) fail(`parseCsvTable (read ${out.rows} of ${n} rows)`, out.issues);
      if (out.issues.some((i) => i.severity === "error")) fail("parseCsvTable", out.issues);
    },
  });
  record("csv-parse-wide", ms, "ms", reps);
  record("csv-parse-wide", n / (ms / 1000), "rows/s", reps);
}

// 6. Validating the ASEM spec with the schema validator already compiled (the builds above compiled it for
// this registry; the warm-up would otherwise).
{
  const { ms, reps } = await measure(() => validateSpec(asem.spec, { registry }), {
    warmup: 5,
    maxReps: 50,
    budgetMs: 1000,
    check: (out) => {
      if (!out.spec) fail("validateSpec(ASEM)", out.issues);
    },
  });
  record("validate-spec", ms, "ms", reps);
}

// 7. Uncertainty and sensitivity analysis of COINr's ASEM example with COINr's four uncertain inputs (the
// winsorisation budget, the normalisation, 100 noisy weight sets, the aggregation; bench/uncertainty.mjs), each in
// a process of its own so that its peak memory is its own: 10,000 Monte Carlo runs, a Sobol analysis with
// N = 10,000 (60,000 runs), and the marginal cost of a run that only changes the weights (with and without
// the pairwise counts). Three rounds; the medians. The times include everything: the nominal build, the builds
// the runs share, the design, the runs and the summaries. They run before the large pipeline builds, whose
// processes leave gigabytes of memory for the system to reclaim while the next processes fault in theirs.
{
  const runUncertainty = (args) => {
    const child = spawnSync(process.execPath, [join(here, "uncertainty.mjs"), ...args], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
    if (child.status !== 0)
      throw new Error(`bench: uncertainty.mjs ${args.join(" ")} exited with ${child.status}`);
    return JSON.parse(child.stdout.trim().split("\n").pop());
  };
  const ua = [];
  const sa = [];
  const weights = [];
  const pairs = [];
  for (let round = 0; round < 3; round++) {
    ua.push(runUncertainty(["ua", "10000"]));
    sa.push(runUncertainty(["sa", "10000"]));
    weights.push(runUncertainty(["weights", "100000"]));
    pairs.push(runUncertainty(["weights-pairwise", "100000"]));
  }
  const uaMs = median(ua.map((r) => r.ms));
  const saMs = median(sa.map((r) => r.ms));
  record("ua-asem-10000", uaMs, "ms", ua.length);
  record("ua-asem-10000", 10000 / (uaMs / 1000), "runs/s", ua.length);
  record("ua-asem-10000", (uaMs * 1000) / 10000, "µs/run", ua.length);
  record("ua-asem-10000-peak-rss", median(ua.map((r) => r.peakRssMB)), "MB", ua.length);
  record("sa-asem-10000", saMs, "ms", sa.length);
  record("sa-asem-10000", 60000 / (saMs / 1000), "runs/s", sa.length);
  record("sa-asem-10000-peak-rss", median(sa.map((r) => r.peakRssMB)), "MB", sa.length);
  record("ua-weights-only-per-rep", median(weights.map((r) => r.usPerRun)), "µs", weights.length);
  record("ua-weights-only-per-rep-pairwise", median(pairs.map((r) => r.usPerRun)), "µs", pairs.length);
}

// 8. The full synthetic pipeline of the issue from columnar input (a DataTable of Float64Array columns): 5%
// missing, mean imputation, min-max onto [0, 100] with directions, weighted arithmetic over dimensions of 10
// indicators, 4 sub-indices and the index, the aggregates ranked at every level. Built in child processes
// (bench/pipeline.mjs), so that the heap the benchmarks above leave behind does not slow its garbage collection.
// `pipeline-10k-200` times `index.build(table)` of a spec prepared once (`prepareIndex`: the spec's validation,
// done once per spec, is left out, as a numpy script has none; reading and checking the data, hashing and
// provenance are in), every dataset kept, each result handed back with `index.release(result)` once timed, as
// numpy's script frees each repetition's arrays; `pipeline-10k-200-no-release` the same builds with the
// results only dropped. Three rounds, each running ours, then ours without release, then numpy's pipeline
// (bench/numpy_pipeline.py, when a python3 with numpy is installed), so that all three see the same machine;
// the ratios compare the medians.
{
  const ours = [];
  const dropped = [];
  const theirs = [];
  for (let round = 0; round < 3; round++) {
    ours.push(...runPipeline(["10000", "200", "--reps", "5", "--keep", "all"]).times);
    dropped.push(...runPipeline(["10000", "200", "--reps", "5", "--keep", "all", "--no-release"]).times);
    if (python) theirs.push(...runNumpy(10000, 200, 5).times);
  }
  record("pipeline-10k-200", median(ours), "ms", ours.length);
  record("pipeline-10k-200-no-release", median(dropped), "ms", dropped.length);
  if (python) {
    record("pipeline-10k-200-numpy", median(theirs), "ms", theirs.length);
    record("pipeline-10k-200-vs-numpy", median(ours) / median(theirs), "ratio", ours.length);
    record("pipeline-10k-200-no-release-vs-numpy", median(dropped) / median(theirs), "ratio", dropped.length);
  }
}

/**
 * Records single-build runs under `name` (the median time, ms) and `name-peak-rss` (the median peak memory, MB),
 * from pipeline.mjs's or numpy_pipeline.py's answers; returns the time.
 */
function recordRuns(name, runs) {
  const time = median(runs.map((r) => r.times[0]));
  record(name, time, "ms", runs.length);
  record(`${name}-peak-rss`, median(runs.map((r) => r.peakRssMB ?? r.peak_rss_mb)), "MB", runs.length);
  return time;
}

// 9. The same at 100,000 units × 1,000 indicators, with `keep: "final"`, each build in a process of its own so
// that its peak memory (the generated input included) is measured alone: three rounds of our build, ours with
// `warmMemory: false` (no helper thread writing the imputation's 800 MB of fresh columns ahead: every page
// fault on the build's own thread), and numpy's, in that order; the medians of the three. Page faults weigh
// heavily at this size and vary from one run to the next with what the machine did before, hence the rounds.
// `node bench/run.mjs --skip-large` skips it.
if (!process.argv.includes("--skip-large")) {
  const ours = [];
  const oneThread = [];
  const theirs = [];
  for (let round = 0; round < 3; round++) {
    ours.push(runPipeline(["100000", "1000", "--reps", "1", "--keep", "final"]));
    oneThread.push(runPipeline(["100000", "1000", "--reps", "1", "--keep", "final", "--no-warm"]));
    if (python) theirs.push(runNumpy(100000, 1000, 1));
  }
  const time = recordRuns("pipeline-100k-1000", ours);
  const oneThreadTime = recordRuns("pipeline-100k-1000-no-warm", oneThread);
  if (python) {
    const numpyTime = recordRuns("pipeline-100k-1000-numpy", theirs);
    record("pipeline-100k-1000-vs-numpy", time / numpyTime, "ratio", ours.length);
    record("pipeline-100k-1000-no-warm-vs-numpy", oneThreadTime / numpyTime, "ratio", oneThread.length);
  }
}

// Report

/** Three significant digits for small figures, whole numbers for large ones. */
function round(value) {
  if (value >= 1000) return Math.round(value);
  return Number(value.toPrecision(3));
}

const ORDER = [
  "asem-build",
  "synthetic-build-1k",
  "synthetic-build-10k",
  "long-table-csv",
  "results-csv",
  "csv-parse-wide",
  "validate-spec",
  "pipeline-10k-200",
  "pipeline-10k-200-no-release",
  "pipeline-10k-200-numpy",
  "pipeline-10k-200-vs-numpy",
  "pipeline-10k-200-no-release-vs-numpy",
  "pipeline-100k-1000",
  "pipeline-100k-1000-peak-rss",
  "pipeline-100k-1000-no-warm",
  "pipeline-100k-1000-no-warm-peak-rss",
  "pipeline-100k-1000-numpy",
  "pipeline-100k-1000-numpy-peak-rss",
  "pipeline-100k-1000-vs-numpy",
  "pipeline-100k-1000-no-warm-vs-numpy",
  "ua-asem-10000",
  "ua-asem-10000-peak-rss",
  "sa-asem-10000",
  "sa-asem-10000-peak-rss",
  "ua-weights-only-per-rep",
  "ua-weights-only-per-rep-pairwise",
];
rows.sort((a, b) => ORDER.indexOf(a.name) - ORDER.indexOf(b.name)); // stable: ms before its throughput
const results = rows.map((r) => ({ name: r.name, value: round(r.value), unit: r.unit }));
writeFileSync(resultsFile, JSON.stringify(results, null, 2) + "\n");

const table = [
  ["name", "value", "unit", "repetitions"],
  ...rows.map((r, i) => [r.name, results[i].value.toLocaleString("en-US"), r.unit, String(r.reps)]),
];
const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
const line = (row) =>
  row
    .map((cell, c) => (c === 1 ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
    .join("  ")
    .trimEnd();
console.log(line(table[0]));
console.log(widths.map((w) => "-".repeat(w)).join("  "));
for (const row of table.slice(1)) console.log(line(row));
console.log(
  `\nmedians of the timed repetitions after warm-up; node ${process.version}; ` +
    `total ${(elapsedMs(total) / 1000).toFixed(1)} s; wrote ${join("bench", "results.json")}`,
);
