import { withoutNode } from "../analyse/remove-elements.js";
import type { Dataset } from "../data/dataset.js";
import { type DataTable, isDataTable } from "../data/table.js";
import { type Issue, IssueList, show } from "../issues.js";
import type { FrameworkModel } from "../model/framework.js";
import type { Observation } from "../model/observation.js";
import type { IndexResult } from "../pipeline/result.js";
import { prepareIndex, prepareValidated } from "../pipeline/run.js";
import type { ProgressUpdate } from "../plugin.js";
import type { Registry } from "../registry.js";
import type { Spec, StepSpec, TieMethod } from "../spec/types.js";
import { builtinRegistry, validateSpec } from "../spec/validate.js";
import { canonicalJson } from "../util/canonical-json.js";
import { sha256 } from "../util/sha256.js";
import { ENGINE_NAME, ENGINE_VERSION } from "../version.js";
import {
  type Design,
  type Discretisation,
  designFromRows,
  discretise,
  monteCarloDesign,
  saltelliDesign,
} from "./design.js";
import type { SensitivityOutput, StepRef, UncertaintyPlan } from "./plan.js";
import { MersenneTwister } from "./random.js";
import { RunRanker } from "./ranker.js";
import { countRanks, emptyRankCounts, flushRankCounts, type RankCounts } from "./summary.js";
import { KERNEL_METHODS, type KernelStep, TailKernel, type WeightSets } from "./tail-kernel.js";
import { applyOverride, noisySets } from "./weight-noise.js";

/** Options of {@link analyseUncertainty}. */
export interface UncertaintyOptions {
  /** Methods available to the pipeline (default: the built-ins). */
  registry?: Registry;
  /** Called as runs complete (about every 1 % of them). */
  onProgress?: (update: ProgressUpdate) => void;
  /** Stops the analysis; it then rejects with the signal's reason. */
  signal?: AbortSignal;
  /**
   * Runs only part of the design: shard `index` (from 0) of `count`, each a contiguous block of runs (of base
   * rows, for a sensitivity analysis). The shards' results merge exactly with {@link mergeUncertainty}.
   */
  shard?: { index: number; count: number };
  /**
   * `auto` (the default): the final aggregation steps are recomputed by a kernel when their methods allow it
   * (weighted arithmetic and geometric means), else every distinct choice is built in full. `full-builds`:
   * always build in full (slower; the same numbers, which the tests check).
   */
  evaluation?: "auto" | "full-builds";
}

/** An uncertain input as the analysis resolved it. */
export interface ResolvedInput {
  /** The input's id. */
  id: string;
  /** `step` (alternatives or option values of a step), `weights` (sets or noise), or `exclude`. */
  kind: "step" | "weights" | "exclude";
  /** Index of the step varied (kind `step`). */
  step?: number;
  /** Number of alternatives. */
  size: number;
  /**
   * A short label per alternative, in order; empty for noisy weight sets, which are numbered 1 to `size` (an
   * analysis may draw a million of them).
   */
  alternatives: string[];
}

/**
 * The label of alternative `choice` (from 0) of an input: its own label, or `noisy set k` (k from 1) for noisy
 * weight sets.
 *
 * @example
 * alternativeLabel(result.inputs[0], result.choices[run * result.inputs.length]);
 */
export function alternativeLabel(input: ResolvedInput, choice: number): string {
  return input.alternatives[choice] ?? `noisy set ${choice + 1}`;
}

/** Every choice that shaped an analysis, for its provenance. */
export interface UncertaintyProvenance {
  /** SHA-256 of the spec's canonical JSON, as the nominal result records it. */
  specHash: string;
  /** SHA-256 of the raw data, as the nominal result records it. */
  dataHash: string;
  /** SHA-256 of the plan's canonical JSON (the design included when supplied). */
  planHash: string;
  /** SHA-256 of the design's numbers (little-endian doubles, row by row). */
  designHash: string;
  /** Engine name and version. */
  engine: { name: string; version: string };
  /** `monte-carlo`, `saltelli`, or `supplied`. */
  design: "monte-carlo" | "saltelli" | "supplied";
  /** The generator: the Mersenne Twister seeded as R's `set.seed`. */
  generator: string;
  /** The seed. */
  seed: number;
  /** How design numbers pick alternatives. */
  discretise: Discretisation;
  /** Seeds of noisy weight sets, by input id. */
  noiseSeeds: Record<string, number>;
  /** The period analysed. */
  period: string;
  /** How ties are ranked. */
  ties: TieMethod;
  /**
   * `tail-kernel`: each distinct choice of the inputs before the final aggregation was built once, and runs
   * recomputed only the aggregation. `full-builds`: each distinct choice was built in full.
   */
  evaluation: "tail-kernel" | "full-builds";
  /** Distinct builds made (not counting the nominal one). */
  builds: number;
}

/** One failed run. */
export interface RunFailure {
  /** Run number (from 0, in the whole design). */
  run: number;
  /** What went wrong. */
  message: string;
}

/** The outcome of an uncertainty or sensitivity analysis (or of one shard of it). */
export interface UncertaintyResult {
  /** `uncertainty` or `sensitivity`. */
  type: "uncertainty" | "sensitivity";
  /** The plan's base sample size N. */
  samples: number;
  /** Runs of the whole design: N, or N(d + 2). */
  runs: number;
  /** The runs this result covers: [from, to) (the whole design unless sharded). */
  covered: { from: number; to: number }[];
  /** Unit ids, as the nominal result orders them. */
  units: readonly string[];
  /** The inputs, as resolved. */
  inputs: ResolvedInput[];
  /** The alternative each run picked, per input: `choices[run · d + input]` (whole design). */
  choices: Int32Array;
  /** Rank counts per target node. */
  targets: RankCounts[];
  /** Runs evaluated in this result. */
  evaluated: number;
  /** Runs counted in the rank statistics (all, or the A and B runs of a sensitivity analysis). */
  counted: number;
  /** Failed runs (up to 100 listed) and how many there were. */
  failures: { count: number; first: RunFailure[] };
  /** The sensitivity output per run (`NaN` for runs not covered or failed); sensitivity analyses only. */
  output?: { definition: SensitivityOutput; values: Float64Array };
  /** Every covered run's scores and ranks per target (`keepRuns`), `scores[node][run · n + unit]`. */
  kept?: { scores: Record<string, Float64Array>; ranks: Record<string, Float64Array> };
  /** Every choice that shaped the numbers. */
  provenance: UncertaintyProvenance;
  /** The plan, with defaults filled in (without a supplied design's rows). */
  plan: Omit<UncertaintyPlan, "design">;
}

/** What {@link analyseUncertainty} returns: a result, or the errors that prevented one, and every issue. */
export interface UncertaintyOutcome {
  /** The result; absent when an issue is an `error`. */
  result?: UncertaintyResult;
  /** Every issue found in the spec, the data, the plan and the runs. */
  issues: Issue[];
}

const SOURCE = "uncertainty";
const LISTED_FAILURES = 100;

interface Resolved extends ResolvedInput {
  size: number;
  /**
   * Applies the alternative to a spec (kinds `step` and `exclude`); returns whether the spec stays valid without
   * being validated again (a validated step replaced by another validated step does; a framework without one of
   * its nodes is validated again).
   */
  apply?: (spec: Spec, choice: number) => boolean;
  /** The weight sets (kind `weights`), drawn or given. */
  sets?: WeightSets;
  noise?: { level: number; factor: number }[];
  noiseSeed?: number;
}

interface BuildState {
  ok: boolean;
  message?: string;
  result?: IndexResult;
  /** Row of each nominal unit in this build's data, or −1. */
  rows?: Int32Array;
  identity?: boolean;
  kernel?: TailKernel;
  /** Full-build mode: the target scores of this build, in nominal unit order. */
  scores?: Float64Array[];
}

/**
 * Uncertainty and sensitivity analysis of an index: how far each unit's rank moves when the construction choices
 * change (Monte Carlo over the plan's inputs), and which choice moves it most (Sobol first-order and total
 * indices, Saltelli's design). Every run is the spec built with one alternative per input; only what a run's
 * choices change is recomputed: each distinct choice of the inputs before the final aggregation steps is built
 * once, and a run whose other inputs vary (weights, aggregation methods) recomputes the aggregation only.
 *
 * The result holds counts (rank histograms, pairwise orders, rank shifts), which shards merge exactly
 * ({@link mergeUncertainty}); {@link rankStatistics}, {@link pairwiseProbabilities} and {@link sobolIndices}
 * read them. Seeded and reproducible: the design is drawn by the Mersenne Twister seeded as R's `set.seed`, so
 * the same seed gives the same design as COINr's `get_sensitivity`; a design can also be supplied.
 *
 * @example
 * const { result } = await analyseUncertainty(spec, observations, {
 *   samples: 1000,
 *   inputs: [
 *     { id: "normalisation", step: "normalise", alternatives: [{ method: "min-max" }, { method: "z-score" }] },
 *     { id: "weights", noise: [{ level: 2, factor: 0.25 }] },
 *   ],
 * });
 * rankStatistics(result!); // per unit: nominal, mean, median, 5th and 95th percentile rank, P(top k)
 */
export async function analyseUncertainty(
  spec: Spec,
  data: Iterable<Observation> | DataTable,
  plan: UncertaintyPlan,
  options: UncertaintyOptions = {},
): Promise<UncertaintyOutcome> {
  const issues = new IssueList();
  const input: Iterable<Observation> | DataTable = isDataTable(data) ? data : Array.from(data);
  const { index, issues: specIssues } = await prepareIndex(spec, { registry: options.registry });
  for (const i of specIssues) issues.add(i);
  if (!index) return { issues: issues.items };
  const checked = index.spec;
  const nominalOutcome = await index.build(input, { keep: "final" });
  for (const i of nominalOutcome.issues) if (!specIssues.includes(i)) issues.add(i);
  const nominal = nominalOutcome.result;
  if (!nominal) return { issues: issues.items };

  const settings = readPlan(plan, nominal.framework, nominal.periods, issues);
  if (!settings) return { issues: issues.items };
  const resolved = await resolveInputs(plan, checked, nominal, options.registry, issues, settings.seed);
  if (!resolved) return { issues: issues.items };
  const d = resolved.length;
  const N = settings.samples;
  const sensitivity = settings.type === "sensitivity";
  const runs = sensitivity ? N * (d + 2) : N;

  // The design and each run's choices.
  let design: Design;
  try {
    design = plan.design
      ? designFromRows(plan.design, d, "plan.design")
      : sensitivity
        ? saltelliDesign(N, d, new MersenneTwister(settings.seed))
        : monteCarloDesign(N, d, new MersenneTwister(settings.seed));
  } catch (error) {
    issues.error("bad-design", "plan/design", (error as Error).message, SOURCE);
    return { issues: issues.items };
  }
  if (design.runs !== runs) {
    issues.error(
      "bad-design",
      "plan/design",
      `the design has ${design.runs} rows; a${sensitivity ? " sensitivity" : "n uncertainty"} analysis of N = ${N} with ${d} inputs needs ${runs}${sensitivity ? " (N(d + 2), in the order A, B, AB1 … ABd)" : ""}`,
      SOURCE,
    );
    return { issues: issues.items };
  }
  const choices = new Int32Array(runs * d);
  resolved.forEach((r, j) => {
    const column = new Float64Array(runs);
    for (let i = 0; i < runs; i++) column[i] = design.values[i * d + j]!;
    const picked = discretise(column, r.size, settings.discretise);
    for (let i = 0; i < runs; i++) choices[i * d + j] = picked[i]!;
  });

  // Which runs this result covers.
  const covered = coveredRuns(options.shard, N, d, sensitivity, issues);
  if (!covered) return { issues: issues.items };

  // Targets and their nominal ranks.
  const units = nominal.units;
  const n = units.length;
  const p = settings.periodIndex;
  const ties = checked.ranking?.ties ?? "min";
  const targets = settings.targets.map((node) => {
    const scores = Float64Array.from(nominal.scores.slice(node, p));
    const ranks = Float64Array.from(nominal.ranks.slice(node, p));
    return emptyRankCounts(node, scores, ranks, settings.within, settings.pairwise);
  });
  const output = sensitivity ? settings.output : undefined;
  const outputValues = output ? new Float64Array(runs).fill(Number.NaN) : undefined;
  const outputTarget = output ? settings.targets.indexOf(output.node ?? settings.targets[0]!) : -1;
  const outputUnit = output && output.kind !== "mean-absolute-rank-shift" ? units.indexOf(output.unit) : -1;
  const keep = plan.keepRuns === true;
  const kept = keep
    ? {
        scores: Object.fromEntries(
          settings.targets.map((t) => [t, new Float64Array(runs * n).fill(Number.NaN)]),
        ),
        ranks: Object.fromEntries(
          settings.targets.map((t) => [t, new Float64Array(runs * n).fill(Number.NaN)]),
        ),
      }
    : undefined;

  // How runs are evaluated.
  const pipeline = checked.pipeline;
  let tailStart = pipeline.length;
  while (tailStart > 0 && pipeline[tailStart - 1]!.step === "aggregate") tailStart--;
  const prefixInput = resolved.map((r) => r.kind === "exclude" || (r.kind === "step" && r.step! < tailStart));
  const kernelSteps =
    options.evaluation === "full-builds" ? undefined : kernelPlan(pipeline, tailStart, resolved, plan);
  const evaluation = kernelSteps ? "tail-kernel" : "full-builds";
  const overrides = resolved.map((r) => r.sets);

  const states = new Map<number | string, BuildState>();
  let builds = 0;
  const buildFor = async (key: number | string, run: number): Promise<BuildState> => {
    const known = states.get(key);
    if (known) return known;
    builds++;
    const state = await buildState(run);
    states.set(key, state);
    return state;
  };

  const buildState = async (run: number): Promise<BuildState> => {
    const modified = structuredClone(checked);
    const picked = choices.subarray(run * d, run * d + d);
    let valid = true;
    resolved.forEach((r, j) => {
      if (r.apply && (kernelSteps ? prefixInput[j] : true)) valid = r.apply(modified, picked[j]!) && valid;
    });
    const built = await buildModified(modified, input, options.registry, valid);
    if (!built.result) return { ok: false, message: built.message };
    let result = built.result;
    if (!kernelSteps && resolved.some((r) => r.kind === "weights")) {
      // Full builds: the run's weights are given to a fixed weight step before the final aggregation, over the
      // weights the build itself arrived at.
      const weights = { ...result.weights };
      resolved.forEach((r, j) => {
        if (r.kind === "weights") applyOverride(weights, r.sets!, picked[j]!);
      });
      const fixed: StepSpec = { step: "weight", method: "fixed", options: { weights } };
      modified.pipeline.splice(tailStart, 0, fixed);
      const again = await buildModified(modified, input, options.registry);
      if (!again.result) return { ok: false, message: again.message };
      result = again.result;
    }
    const rows = Int32Array.from(units, (u) => result.units.indexOf(u));
    const identity = result.units.length === n && rows.every((r, i) => r === i);
    if (!kernelSteps) {
      const scores = settings.targets.map((t) => gather(result.scores.slice(t, p), rows, identity));
      return { ok: true, result, rows, identity, scores };
    }
    const entering = datasetBefore(result, tailStart);
    const kernel = new TailKernel(result.framework, entering, p, result.weights, kernelSteps, overrides);
    return { ok: true, result, rows, identity, kernel };
  };

  const rankBuffer = new Float64Array(n);
  // Each run's ranking starts from the nominal order, which the runs' scores scatter around.
  const rankers = targets.map((t) => new RunRanker(n, ties, nominalOrder(t.nominalRanks)));
  const gathered = new Float64Array(n);
  const failures: RunFailure[] = [];
  let failureCount = 0;
  let evaluated = 0;
  let counted = 0;
  const total = covered.reduce((s, c) => s + c.to - c.from, 0);
  const progressEvery = Math.max(1, Math.floor(total / 100));
  // The key of a run's build: its choices of the inputs that the build depends on, as one number.
  const keyed = resolved.map((_, j) => !kernelSteps || prefixInput[j]!);
  const keySpace = resolved.reduce((s, r, j) => (keyed[j] ? s * r.size : s), 1);
  const keyOf = (run: number): number | string => {
    if (keySpace <= Number.MAX_SAFE_INTEGER) {
      let key = 0;
      for (let j = 0; j < d; j++) if (keyed[j]) key = key * resolved[j]!.size + choices[run * d + j]!;
      return key;
    }
    return Array.from(choices.subarray(run * d, run * d + d), (c, j) => (keyed[j] ? c : -1)).join(",");
  };
  const picked = new Int32Array(d);

  /**
   * Evaluates runs from `from` until `to`, or until a run needs a build not made yet, or until it is time to
   * report progress and yield; returns the next run to evaluate. Synchronous, so that the loop stays fast.
   */
  const evaluate = (from: number, to: number): number => {
    const started = Date.now();
    for (let run = from; run < to; run++) {
      const key = keyOf(run);
      const state = states.get(key);
      if (!state) return run;
      for (let j = 0; j < d; j++) picked[j] = choices[run * d + j]!;
      evaluated++;
      let ok = state.ok;
      let message = state.message;
      if (ok && state.kernel) {
        ok = state.kernel.run(picked);
        if (!ok) message = "a geometric mean met a value that is not positive";
      }
      if (!ok) {
        failureCount++;
        if (failures.length < LISTED_FAILURES) failures.push({ run, message: message ?? "the build failed" });
      } else {
        const countsRun = !sensitivity || run < 2 * N;
        if (countsRun) counted++;
        for (let t = 0; t < targets.length; t++) {
          const node = targets[t]!.node;
          const raw = state.kernel ? state.kernel.scores(node) : state.scores![t]!;
          const scores = state.kernel && !state.identity ? gatherInto(raw, state.rows!, gathered) : raw;
          const ranks = rankers[t]!.rank(scores, rankBuffer);
          if (countsRun) countRanks(targets[t]!, ranks);
          if (kept) {
            kept.scores[node]!.set(scores, run * n);
            kept.ranks[node]!.set(ranks, run * n);
          }
          if (t === outputTarget)
            outputValues![run] = outputOf(output!, ranks, scores, targets[t]!, outputUnit);
        }
      }
      if (evaluated % progressEvery === 0) {
        options.onProgress?.({ done: evaluated, total, message: `run ${evaluated} of ${total}` });
        if (Date.now() - started > 100) return run + 1;
      }
    }
    return to;
  };

  for (const block of covered) {
    let run = block.from;
    while (run < block.to) {
      if (options.signal?.aborted) throw options.signal.reason ?? new Error("aborted");
      const next = evaluate(run, block.to);
      if (next < block.to && !states.has(keyOf(next))) await buildFor(keyOf(next), next);
      else if (next < block.to) await new Promise((resolve) => setTimeout(resolve, 0));
      run = next;
    }
  }
  for (const t of targets) flushRankCounts(t);
  options.onProgress?.({ done: total, total, message: "done" });

  if (failureCount > 0) {
    issues.warn(
      "failed-runs",
      "plan",
      `${failureCount} of ${evaluated} runs failed and are left out of the statistics; the first: run ${failures[0]!.run + 1}: ${failures[0]!.message}`,
      SOURCE,
    );
  }
  const { design: _given, ...planWithoutDesign } = plan;
  const result: UncertaintyResult = {
    type: settings.type,
    samples: N,
    runs,
    covered,
    units,
    inputs: resolved.map(({ id, kind, step, size, alternatives }) => ({
      id,
      kind,
      ...(step !== undefined ? { step } : {}),
      size,
      alternatives,
    })),
    choices,
    targets,
    evaluated,
    counted,
    failures: { count: failureCount, first: failures },
    ...(output ? { output: { definition: output, values: outputValues! } } : {}),
    ...(kept ? { kept } : {}),
    provenance: {
      specHash: nominal.provenance.specHash,
      dataHash: nominal.provenance.dataHash,
      planHash: sha256(canonicalJson(plan)),
      designHash: sha256(
        new Uint8Array(design.values.buffer, design.values.byteOffset, design.values.byteLength),
      ),
      engine: { name: ENGINE_NAME, version: ENGINE_VERSION },
      design: plan.design ? "supplied" : sensitivity ? "saltelli" : "monte-carlo",
      generator: "MT19937, seeded as R's set.seed",
      seed: settings.seed,
      discretise: settings.discretise,
      noiseSeeds: Object.fromEntries(
        resolved.filter((r) => r.noiseSeed !== undefined).map((r) => [r.id, r.noiseSeed!]),
      ),
      period: nominal.periods[p]!,
      ties,
      evaluation,
      builds,
    },
    plan: {
      ...planWithoutDesign,
      type: settings.type,
      seed: settings.seed,
      discretise: settings.discretise,
      targets: settings.targets,
      period: nominal.periods[p]!,
      within: settings.within,
      pairwise: settings.pairwise,
      ...(output ? { output } : {}),
    },
  };
  return { result, issues: issues.items };
}

interface Settings {
  type: "uncertainty" | "sensitivity";
  samples: number;
  seed: number;
  discretise: Discretisation;
  targets: string[];
  periodIndex: number;
  within: number;
  pairwise: boolean;
  output: SensitivityOutput;
}

/** Checks the plan's settings (not its inputs); `undefined` after reporting errors. */
function readPlan(
  plan: UncertaintyPlan,
  framework: FrameworkModel,
  periods: readonly string[],
  issues: IssueList,
): Settings | undefined {
  const before = issues.items.length;
  const bad = (code: string, path: string, message: string) =>
    issues.error(code, `plan/${path}`, message, SOURCE);
  if (typeof plan !== "object" || plan === null) {
    bad("bad-plan", "", "the plan must be an object with `samples` and `inputs`");
    return undefined;
  }
  const known = new Set([
    "type",
    "samples",
    "seed",
    "inputs",
    "design",
    "discretise",
    "targets",
    "period",
    "output",
    "keepRuns",
    "within",
    "pairwise",
  ]);
  for (const k of Object.keys(plan)) if (!known.has(k)) bad("unknown-key", k, `unknown plan key ${show(k)}`);
  const type = plan.type ?? "uncertainty";
  if (type !== "uncertainty" && type !== "sensitivity") {
    bad("bad-plan", "type", `type must be "uncertainty" or "sensitivity", got ${show(type)}`);
  }
  const samples = plan.samples;
  if (!Number.isInteger(samples) || samples < 2 || samples > 10_000_000) {
    bad("bad-plan", "samples", `samples must be a whole number from 2 to 10,000,000, got ${show(samples)}`);
  }
  const seed = plan.seed ?? 1;
  if (!Number.isInteger(seed) || Math.abs(seed) > 2 ** 31 - 1) {
    bad("bad-plan", "seed", `seed must be a whole number between −2³¹ and 2³¹, got ${show(seed)}`);
  }
  const how = plan.discretise ?? "unit-interval";
  if (how !== "unit-interval" && how !== "observed-range") {
    bad("bad-plan", "discretise", `discretise must be "unit-interval" or "observed-range", got ${show(how)}`);
  }
  if (!Array.isArray(plan.inputs) || plan.inputs.length === 0) {
    bad("bad-plan", "inputs", "the plan needs at least one uncertain input");
  } else if (type === "sensitivity" && plan.inputs.length < 2) {
    bad(
      "bad-plan",
      "inputs",
      "a sensitivity analysis needs at least two inputs; with one, run an uncertainty analysis",
    );
  }
  const targets = plan.targets ?? [framework.root.id];
  if (!Array.isArray(targets) || targets.length === 0)
    bad("bad-plan", "targets", "targets must list node ids");
  else {
    targets.forEach((t, i) => {
      if (!framework.nodes.has(t))
        bad("unknown-node", `targets/${i}`, `${show(t)} is not a node of the framework`);
    });
    if (new Set(targets).size !== targets.length)
      bad("duplicate-target", "targets", "a target is named twice");
  }
  let periodIndex = periods.length - 1;
  if (plan.period !== undefined) {
    periodIndex = periods.indexOf(plan.period);
    if (periodIndex < 0) {
      bad(
        "unknown-period",
        "period",
        `${show(plan.period)} is not a period of the data (${periods.join(", ")})`,
      );
    }
  }
  const within = plan.within ?? 3;
  if (!(Number.isFinite(within) && within >= 0))
    bad("bad-plan", "within", `within must be ≥ 0, got ${show(within)}`);
  const n = framework.units.size;
  const pairwise = plan.pairwise ?? n <= 500;
  if (typeof pairwise !== "boolean") bad("bad-plan", "pairwise", "pairwise must be true or false");
  const output: SensitivityOutput = plan.output ?? { kind: "mean-absolute-rank-shift" };
  if (plan.output !== undefined) {
    const o = plan.output as Partial<{ kind: string; unit: string; node: string }>;
    if (o.kind !== "mean-absolute-rank-shift" && o.kind !== "rank" && o.kind !== "score") {
      bad(
        "bad-plan",
        "output/kind",
        `output kind must be "mean-absolute-rank-shift", "rank" or "score", got ${show(o.kind)}`,
      );
    }
    if ((o.kind === "rank" || o.kind === "score") && !framework.units.has(o.unit ?? "")) {
      bad("unknown-unit", "output/unit", `${show(o.unit)} is not a unit of the spec`);
    }
    if (o.node !== undefined && !targets.includes(o.node)) {
      bad("unknown-node", "output/node", `the output's node ${show(o.node)} must be one of the targets`);
    }
  }
  if (issues.items.length > before) return undefined;
  return {
    type,
    samples,
    seed,
    discretise: how,
    targets,
    periodIndex,
    within,
    pairwise,
    output,
  };
}

/** Resolves each input against the spec, checking every alternative; `undefined` after reporting errors. */
async function resolveInputs(
  plan: UncertaintyPlan,
  spec: Spec,
  nominal: IndexResult,
  registry: Registry | undefined,
  issues: IssueList,
  seed: number,
): Promise<Resolved[] | undefined> {
  const before = issues.items.length;
  const fw = nominal.framework;
  const out: Resolved[] = [];
  const ids = new Set<string>();
  for (const [k, raw] of plan.inputs.entries()) {
    const path = `plan/inputs/${k}`;
    const bad = (code: string, where: string, message: string) =>
      issues.error(code, where ? `${path}/${where}` : path, message, SOURCE);
    const inputAny = raw as unknown as Record<string, unknown>;
    if (typeof raw !== "object" || raw === null) {
      bad("bad-input", "", "an input must be an object");
      continue;
    }
    if (typeof raw.id !== "string" || raw.id === "") bad("bad-input", "id", "an input needs an id");
    else if (ids.has(raw.id)) bad("duplicate-input", "id", `input id ${show(raw.id)} is used twice`);
    ids.add(raw.id);
    const kinds = ["alternatives", "option", "weights", "noise", "exclude"].filter((key) => key in inputAny);
    if ("option" in inputAny && "values" in inputAny) kinds.splice(kinds.indexOf("option"), 1, "option");
    if (kinds.length !== 1) {
      bad(
        "bad-input",
        "",
        `input ${show(raw.id)} must have exactly one of \`alternatives\`, \`option\` (with \`values\`), \`weights\`, \`noise\` or \`exclude\``,
      );
      continue;
    }
    if ("alternatives" in raw || "option" in raw) {
      const stepIndex = stepIndexOf(spec, raw.step, (m) => bad("unknown-step", "step", m));
      if (stepIndex === undefined) continue;
      const base = spec.pipeline[stepIndex]!;
      const alternatives: { method: string; options: Record<string, unknown> }[] = [];
      const labels: string[] = [];
      if ("alternatives" in raw) {
        if (!Array.isArray(raw.alternatives) || raw.alternatives.length === 0) {
          bad("bad-input", "alternatives", "alternatives must be a non-empty list");
          continue;
        }
        raw.alternatives.forEach((a) => {
          const method = a?.method ?? base.method;
          alternatives.push({ method, options: structuredClone(a?.options ?? {}) });
          labels.push(
            a?.options && Object.keys(a.options).length > 0
              ? `${method} ${canonicalJson(a.options)}`
              : method,
          );
        });
      } else {
        const option = raw.option;
        if (typeof option !== "string" || option === "") {
          bad("bad-input", "option", "option must name an option of the step's method");
          continue;
        }
        if (!Array.isArray(raw.values) || raw.values.length === 0) {
          bad("bad-input", "values", "values must be a non-empty list");
          continue;
        }
        for (const v of raw.values) {
          alternatives.push({
            method: base.method,
            options: { ...(base.options ?? {}), [option]: structuredClone(v) },
          });
          labels.push(`${option} ${canonicalJson(v)}`);
        }
      }
      // Every alternative must make a valid spec; the step as validated (option defaults filled in) is kept.
      let valid = true;
      const steps: StepSpec[] = [];
      for (const [j, a] of alternatives.entries()) {
        const modified = structuredClone(spec);
        modified.pipeline[stepIndex] = {
          ...modified.pipeline[stepIndex]!,
          method: a.method,
          options: a.options,
        };
        const checked = await validateSpec(modified, { registry });
        if (checked.spec) steps.push(checked.spec.pipeline[stepIndex]!);
        for (const i of checked.issues) {
          if (i.severity !== "error") continue;
          valid = false;
          issues.error(
            i.code,
            `${path}/${"alternatives" in raw ? `alternatives/${j}` : `values/${j}`}`,
            `${labels[j]}: ${i.message} (${i.path})`,
            SOURCE,
          );
        }
      }
      if (!valid) continue;
      out.push({
        id: raw.id,
        kind: "step",
        step: stepIndex,
        size: alternatives.length,
        alternatives: labels,
        apply: (s, choice) => {
          s.pipeline[stepIndex] = structuredClone(steps[choice]!);
          return true;
        },
      });
    } else if ("weights" in raw) {
      if (!Array.isArray(raw.weights) || raw.weights.length === 0) {
        bad("bad-input", "weights", "weights must be a non-empty list of weight sets");
        continue;
      }
      const sets: { edges: string[]; weights: Float64Array }[] = [];
      raw.weights.forEach((set, j) => {
        if (typeof set !== "object" || set === null || Array.isArray(set)) {
          bad("bad-weights", `weights/${j}`, "a weight set is an object `{ childId: weight }`");
          return;
        }
        const edges = Object.keys(set);
        for (const e of edges) {
          const node = fw.nodes.get(e);
          if (!node || node.parent === null) {
            bad("unknown-node", `weights/${j}/${e}`, `${show(e)} is not a framework node with a parent`);
          }
          const w = set[e];
          if (typeof w !== "number" || !Number.isFinite(w) || w < 0) {
            bad(
              "bad-weights",
              `weights/${j}/${e}`,
              `the weight of ${show(e)} must be a finite number ≥ 0, got ${show(w)}`,
            );
          }
        }
        sets.push({ edges, weights: Float64Array.from(edges, (e) => set[e]!) });
      });
      out.push({
        id: raw.id,
        kind: "weights",
        size: sets.length,
        sets: { count: sets.length, absolute: sets },
        alternatives: sets.map((_, j) => `set ${j + 1}`),
      });
    } else if ("noise" in raw) {
      if (!Array.isArray(raw.noise) || raw.noise.length === 0) {
        bad("bad-input", "noise", "noise must list `{ level, factor }` entries");
        continue;
      }
      const levels = new Set<number>();
      raw.noise.forEach((e, j) => {
        if (!Number.isInteger(e?.level) || e.level < 1 || e.level >= fw.maxLevel) {
          bad(
            "bad-noise",
            `noise/${j}/level`,
            `level must be a level of the framework below the root (1 to ${fw.maxLevel - 1}), got ${show(e?.level)}`,
          );
        } else if (levels.has(e.level))
          bad("bad-noise", `noise/${j}/level`, `level ${e.level} is named twice`);
        levels.add(e?.level);
        if (typeof e?.factor !== "number" || !(e.factor >= 0 && e.factor <= 1)) {
          bad(
            "bad-noise",
            `noise/${j}/factor`,
            `factor must be a number from 0 to 1 (±100 %), got ${show(e?.factor)}`,
          );
        }
      });
      const count = raw.sets ?? 100;
      if (!Number.isInteger(count) || count < 1 || count > 1_000_000) {
        bad("bad-noise", "sets", `sets must be a whole number from 1 to 1,000,000, got ${show(count)}`);
        continue;
      }
      const noiseSeed = raw.seed ?? seed + k + 1;
      if (!Number.isInteger(noiseSeed)) {
        bad("bad-noise", "seed", `seed must be a whole number, got ${show(noiseSeed)}`);
        continue;
      }
      if (issues.items.length > before) continue;
      out.push({
        id: raw.id,
        kind: "weights",
        size: count,
        sets: noisySets(fw, raw.noise, count, new MersenneTwister(noiseSeed)),
        noise: raw.noise,
        noiseSeed,
        alternatives: [],
      });
    } else {
      const ex = raw.exclude;
      if (!Array.isArray(ex) || ex.length === 0) {
        bad("bad-input", "exclude", "exclude must list node ids");
        continue;
      }
      const targets = plan.targets ?? [fw.root.id];
      let ok = true;
      ex.forEach((id, j) => {
        const node = fw.nodes.get(id);
        if (!node || node.parent === null) {
          bad("unknown-node", `exclude/${j}`, `${show(id)} is not a framework node with a parent`);
          ok = false;
          return;
        }
        if (fw.nodes.get(node.parent)!.children.length < 2) {
          bad(
            "only-child",
            `exclude/${j}`,
            `${show(id)} is the only child of ${show(node.parent)} and cannot be left out`,
          );
          ok = false;
        }
        for (const t of targets) {
          if (t === id || fw.leavesOf(id).includes(t) || isUnder(fw, t, id)) {
            bad(
              "excludes-target",
              `exclude/${j}`,
              `leaving out ${show(id)} would remove the target ${show(t)}`,
            );
            ok = false;
          }
        }
      });
      if (!ok) continue;
      out.push({
        id: raw.id,
        kind: "exclude",
        size: ex.length + 1,
        alternatives: ["none", ...ex.map((e) => `without ${e}`)],
        apply: (s, choice) => {
          if (choice > 0) s.framework = withoutNode(s.framework, ex[choice - 1]!);
          return choice === 0;
        },
      });
    }
  }
  if (issues.items.length > before) return undefined;
  return out;
}

/** Whether node `id` lies under node `ancestor`. */
function isUnder(fw: FrameworkModel, id: string, ancestor: string): boolean {
  let at = fw.nodes.get(id)?.parent ?? null;
  while (at !== null) {
    if (at === ancestor) return true;
    at = fw.nodes.get(at)?.parent ?? null;
  }
  return false;
}

/** The pipeline position of a step reference; reports and returns `undefined` when it names none or several. */
function stepIndexOf(spec: Spec, ref: StepRef, report: (message: string) => void): number | undefined {
  if (typeof ref === "number") {
    if (Number.isInteger(ref) && ref >= 0 && ref < spec.pipeline.length) return ref;
    report(`step ${show(ref)} is not a position in the pipeline (0 to ${spec.pipeline.length - 1})`);
    return undefined;
  }
  const at = spec.pipeline.flatMap((s, i) => (s.step === ref ? [i] : []));
  if (at.length === 1) return at[0];
  report(
    at.length === 0
      ? `the pipeline has no ${show(ref)} step`
      : `the pipeline has ${at.length} ${show(ref)} steps (${at.join(", ")}); name one by its position`,
  );
  return undefined;
}

/** The kernel's steps, when the final aggregation steps can be recomputed by the kernel; else `undefined`. */
function kernelPlan(
  pipeline: StepSpec[],
  tailStart: number,
  resolved: Resolved[],
  plan: UncertaintyPlan,
): KernelStep[] | undefined {
  if (tailStart >= pipeline.length) return undefined;
  const steps: KernelStep[] = [];
  for (let i = tailStart; i < pipeline.length; i++) {
    const step = pipeline[i]!;
    const input = resolved.findIndex((r) => r.kind === "step" && r.step === i);
    const variants: (KernelStep["variants"][number] | undefined)[] = [];
    if (input < 0) variants.push(variantOf(step.method, step.options));
    else {
      const raw = plan.inputs[input]!;
      if ("alternatives" in raw) {
        for (const a of raw.alternatives) variants.push(variantOf(a.method ?? step.method, a.options ?? {}));
      } else if ("option" in raw) {
        for (const v of raw.values)
          variants.push(variantOf(step.method, { ...(step.options ?? {}), [raw.option]: v }));
      }
    }
    if (variants.some((v) => !v)) return undefined;
    steps.push({ step, input, variants: variants as KernelStep["variants"] });
  }
  return steps;
}

function variantOf(
  method: string,
  options: Record<string, unknown> | undefined,
): { method: string; minAvailability: number } | undefined {
  if (!KERNEL_METHODS.has(method)) return undefined;
  const keys = Object.keys(options ?? {});
  if (keys.some((k) => k !== "minAvailability")) return undefined;
  const m = options?.minAvailability;
  return { method, minAvailability: typeof m === "number" ? m : 0 };
}

async function buildModified(
  spec: Spec,
  data: Iterable<Observation> | DataTable,
  registry: Registry | undefined,
  valid = false,
): Promise<{ result?: IndexResult; message?: string }> {
  const { index, issues } = valid
    ? { index: await prepareValidated(spec, registry ?? builtinRegistry()), issues: [] }
    : await prepareIndex(spec, { registry });
  const firstError = (list: Issue[]) => {
    const e = list.find((i) => i.severity === "error");
    return e ? `${e.message} (${e.path})` : "the build failed";
  };
  if (!index) return { message: firstError(issues) };
  const built = await index.build(data, { keep: "all" });
  if (!built.result) return { message: firstError(built.issues) };
  return { result: built.result };
}

/** The dataset that entered pipeline step `step` (the last one made before it). */
function datasetBefore(result: IndexResult, step: number): Dataset {
  let found = result.datasets[0]!.data;
  for (const d of result.datasets) if (d.step < step) found = d.data;
  return found;
}

function gather(scores: Float64Array, rows: Int32Array, identity: boolean): Float64Array {
  return identity ? Float64Array.from(scores) : gatherInto(scores, rows, new Float64Array(rows.length));
}

function gatherInto(scores: Float64Array, rows: Int32Array, out: Float64Array): Float64Array {
  for (let i = 0; i < rows.length; i++) out[i] = rows[i]! < 0 ? Number.NaN : scores[rows[i]!]!;
  return out;
}

function outputOf(
  output: SensitivityOutput,
  ranks: Float64Array,
  scores: Float64Array,
  counts: RankCounts,
  unit: number,
): number {
  if (output.kind === "rank") return ranks[unit]!;
  if (output.kind === "score") return scores[unit]!;
  let sum = 0;
  let m = 0;
  const nominal = counts.nominalRanks;
  for (let u = 0; u < ranks.length; u++) {
    const r = ranks[u]!;
    const r0 = nominal[u]!;
    if (Number.isNaN(r) || Number.isNaN(r0)) continue;
    sum += Math.abs(r - r0);
    m++;
  }
  return m === 0 ? Number.NaN : sum / m;
}

/** The runs of a shard: a block of runs (uncertainty), or a block of base rows in A, B and each AB block. */
function coveredRuns(
  shard: UncertaintyOptions["shard"],
  N: number,
  d: number,
  sensitivity: boolean,
  issues: IssueList,
): { from: number; to: number }[] | undefined {
  const { index, count } = shard ?? { index: 0, count: 1 };
  if (!Number.isInteger(count) || count < 1 || !Number.isInteger(index) || index < 0 || index >= count) {
    issues.error(
      "bad-shard",
      "shard",
      `shard must be { index, count } with 0 ≤ index < count, got ${show(shard)}`,
      SOURCE,
    );
    return undefined;
  }
  if (count > N) {
    issues.error("bad-shard", "shard", `${count} shards is more than the ${N} samples`, SOURCE);
    return undefined;
  }
  const from = Math.floor((index * N) / count);
  const to = Math.floor(((index + 1) * N) / count);
  if (!sensitivity) return [{ from, to }];
  return Array.from({ length: d + 2 }, (_, b) => ({ from: b * N + from, to: b * N + to }));
}

/** Unit indices from best to worst nominal rank (unranked units last, in unit order). */
function nominalOrder(ranks: Float64Array): Int32Array {
  const order = Int32Array.from(ranks, (_, i) => i);
  const key = (i: number) => (Number.isNaN(ranks[i]!) ? Number.POSITIVE_INFINITY : ranks[i]!);
  return order.sort((a, b) => key(a) - key(b) || a - b);
}
