import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import {
  analyseUncertainty,
  createRegistry,
  type Issue,
  mergeUncertainty,
  type Observation,
  pointer,
  type Registry,
  type Spec,
  show,
  type UncertaintyOutcome,
  type UncertaintyPlan,
  type UncertaintyResult,
} from "@cityindex/core";
import { hasErrors, withoutRepeats } from "./format-issues.js";
import { loadPlugins } from "./load-plugins.js";

/** A part of the runs of a design: shard `index` (from 0) of `count`, as `UncertaintyOptions.shard`. */
export interface Shard {
  /** From 0. */
  index: number;
  /** How many shards the design is cut into. */
  count: number;
}

/** What a worker thread is given: everything an analysis reads, as plain data. */
export interface AnalysisJob {
  /** The validated spec. */
  spec: Spec;
  /** The spec's folder, from which its plugins are loaded. */
  dir: string;
  /** The observations the sources returned. */
  observations: Observation[];
  /** The plan, flags applied. */
  plan: UncertaintyPlan;
  /** The runs to make. */
  shard: Shard;
}

/** What a worker thread posts: progress, then its outcome or why it has none. */
export type WorkerMessage =
  | { type: "progress"; done: number; total: number }
  | { type: "done"; outcome: UncertaintyOutcome }
  | { type: "failed"; message: string };

/**
 * The work of one worker thread: loads the spec's plugins into a registry of its own (as `loadSpec` does, so that
 * the methods match the main thread's), runs its shard of the analysis and posts progress and the outcome.
 */
export async function runAnalysisJob(
  job: AnalysisJob,
  post: (message: WorkerMessage) => void,
): Promise<void> {
  try {
    const registry = createRegistry();
    const loaded = await loadPlugins(job.spec.plugins, job.dir);
    const issues: Issue[] = [...loaded.issues];
    for (const { plugin, index } of loaded.plugins) {
      try {
        registry.register(plugin);
      } catch (error) {
        issues.push({
          severity: "error",
          code: "plugin-conflict",
          path: pointer("plugins", index),
          message: (error as Error).message,
          source: "plugins",
        });
      }
    }
    if (hasErrors(issues)) {
      post({ type: "done", outcome: { issues } });
      return;
    }
    const outcome = await analyseUncertainty(job.spec, job.observations, job.plan, {
      registry,
      shard: job.shard,
      onProgress: (p) => post({ type: "progress", done: p.done, total: p.total ?? p.done }),
    });
    post({ type: "done", outcome: { ...outcome, issues: [...issues, ...outcome.issues] } });
  } catch (error) {
    post({ type: "failed", message: error instanceof Error ? error.message : String(error) });
  }
}

/** Where the worker threads' module is: next to this code once built (`dist/sensitivity-worker.js`). */
export function workerModule(): URL {
  return new URL("./sensitivity-worker.js", import.meta.url);
}

/** Options of {@link runAnalysis}. */
export interface RunAnalysisOptions {
  /** The validated spec. */
  spec: Spec;
  /** The spec's folder. */
  dir: string;
  /** Methods of the spec's plugins and the built-ins, for the run on this thread. */
  registry: Registry;
  /** The observations the sources returned. */
  observations: Observation[];
  /** The plan, flags applied. */
  plan: UncertaintyPlan;
  /** Only this part of the design (default: all of it). */
  shard?: Shard;
  /** Worker threads: 1 runs on this thread. */
  workers: number;
  /** Aborts the analysis and terminates the workers. */
  signal: AbortSignal;
  /** Runs done and runs in all, over every worker. */
  onProgress: (done: number, total: number) => void;
}

/**
 * Runs an analysis on this thread, or as `workers` shards on worker threads merged with `mergeUncertainty`
 * (exactly the numbers of one run: the shards are contiguous blocks of the same design). Shard `i` of `n` on `w`
 * workers is shards `i·w` to `i·w + w − 1` of `n·w`, which cover the same runs. Issues that every worker reports
 * are listed once, and failed runs are reported once for the whole analysis. Rejects with the signal's reason
 * when aborted, and with an error when a worker cannot start or stops.
 */
export async function runAnalysis(options: RunAnalysisOptions): Promise<UncertaintyOutcome> {
  const { spec, dir, observations, plan, workers, signal } = options;
  const shard = options.shard ?? { index: 0, count: 1 };
  let outcome: UncertaintyOutcome;
  if (workers <= 1) {
    outcome = await analyseUncertainty(spec, observations, plan, {
      registry: options.registry,
      signal,
      shard,
      onProgress: (p) => options.onProgress(p.done, p.total ?? p.done),
    });
  } else {
    const url = workerModule();
    if (!existsSync(fileURLToPath(url))) {
      return {
        issues: [
          {
            severity: "error",
            code: "no-worker-module",
            path: "--workers",
            message: `the worker threads' module ${show(fileURLToPath(url))} is missing (build @cityindex/cli); run with --workers 1`,
            source: "cli",
          },
        ],
      };
    }
    const done = new Array<number>(workers).fill(0);
    const totals = new Array<number | undefined>(workers).fill(undefined);
    const jobs = Array.from(
      { length: workers },
      (_, k): AnalysisJob => ({
        spec,
        dir,
        observations,
        plan,
        shard: { index: shard.index * workers + k, count: shard.count * workers },
      }),
    );
    const outcomes = await onWorkers(url, jobs, signal, (k, d, t) => {
      done[k] = d;
      totals[k] = t;
      if (totals.every((x) => x !== undefined)) {
        options.onProgress(
          done.reduce((s, x) => s + x, 0),
          totals.reduce((s: number, x) => s + x!, 0),
        );
      }
    });
    const issues: Issue[] = [];
    for (const o of outcomes) issues.push(...withoutRepeats(o.issues, issues));
    const parts = outcomes.map((o) => o.result);
    outcome = parts.every((p) => p !== undefined)
      ? { result: mergeUncertainty(parts as UncertaintyResult[]), issues }
      : { issues };
  }
  const issues = outcome.issues.filter((i) => i.code !== "failed-runs");
  if (outcome.result) issues.push(...failedRunsIssues(outcome.result));
  for (const i of issues) if (i.code === "bad-shard") i.path = "--shard";
  return { ...outcome, issues };
}

/**
 * The warning of an analysis with failed runs, as `analyseUncertainty` words it: how many of the runs made
 * failed, and why the first did.
 */
export function failedRunsIssues(result: UncertaintyResult): Issue[] {
  const { count, first } = result.failures;
  if (count === 0) return [];
  const f = first[0];
  return [
    {
      severity: "warning",
      code: "failed-runs",
      path: "plan",
      message: `${count} of ${result.evaluated} runs failed and are left out of the statistics${f ? `; the first: run ${f.run + 1}: ${f.message}` : ""}`,
      source: "uncertainty",
    },
  ];
}

/** Runs each job on a worker thread of `url`; terminates them all when one fails or the signal aborts. */
function onWorkers(
  url: URL,
  jobs: readonly AnalysisJob[],
  signal: AbortSignal,
  progress: (worker: number, done: number, total: number) => void,
): Promise<UncertaintyOutcome[]> {
  return new Promise((resolve, reject) => {
    const threads: Worker[] = [];
    const outcomes = new Array<UncertaintyOutcome | undefined>(jobs.length);
    let settled = false;
    let finished = 0;
    const stop = () => {
      for (const t of threads) void t.terminate();
      signal.removeEventListener("abort", onAbort);
    };
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      stop();
      reject(error);
    };
    const onAbort = () => fail(signal.reason ?? new Error("aborted"));
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener("abort", onAbort);
    jobs.forEach((job, k) => {
      let thread: Worker;
      try {
        thread = new Worker(url, { workerData: job });
      } catch (error) {
        fail(new Error(`worker ${k + 1} could not start: ${(error as Error).message}`));
        return;
      }
      threads.push(thread);
      thread.on("message", (m: WorkerMessage) => {
        if (m.type === "progress") progress(k, m.done, m.total);
        else if (m.type === "failed") fail(new Error(`worker ${k + 1} failed: ${m.message}`));
        else {
          outcomes[k] = m.outcome;
          finished++;
          if (finished === jobs.length && !settled) {
            settled = true;
            stop();
            resolve(outcomes as UncertaintyOutcome[]);
          }
        }
      });
      thread.on("error", (error) => fail(new Error(`worker ${k + 1} failed: ${error.message}`)));
      thread.on("exit", (code) => {
        if (outcomes[k] === undefined) fail(new Error(`worker ${k + 1} stopped (exit code ${code})`));
      });
    });
  });
}
