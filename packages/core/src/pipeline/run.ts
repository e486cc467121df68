import { Dataset, retireDataset } from "../data/dataset.js";
import { hashDatasetAsync } from "../data/hash-dataset.js";
import { readObservations, type SourceSummary } from "../data/ingest.js";
import { isPresent, type Presence, selectPresence } from "../data/presence.js";
import { type DataTable, isDataTable, readTable } from "../data/table.js";
import { InputError } from "../errors.js";
import { Fills } from "../impute/fills.js";
import { imputeMean } from "../impute/mean.js";
import { imputeMedian } from "../impute/median.js";
import { dataPath, type Issue, IssueList, pointer, show } from "../issues.js";
import type {
  AggregateMethod,
  AuditEntry,
  DenominateMethod,
  DeriveMethod,
  ImputeMethod,
  IndicatorContext,
  MethodContext,
  MethodDefinition,
  MethodIssue,
  NormaliseMethod,
  PeriodScreening,
  ScreenMethod,
  TreatMethod,
  WeightMethod,
} from "../methods.js";
import type { FrameworkModel } from "../model/framework.js";
import { buildFramework } from "../model/framework.js";
import type { Observation } from "../model/observation.js";
import { minMax } from "../normalise/min-max.js";
import { zScore } from "../normalise/z-score.js";
import type { ProgressUpdate } from "../plugin.js";
import type { Registry } from "../registry.js";
import type { Spec, Stage, StepSpec } from "../spec/types.js";
import { builtinRegistry, validateSpec } from "../spec/validate.js";
import { rankInto } from "../stats/rank.js";
import { firstPeriods, resolveTracking } from "../tracking/editions.js";
import { canonicalJson } from "../util/canonical-json.js";
import { sha256Async } from "../util/sha256.js";
import { ENGINE_NAME, ENGINE_VERSION } from "../version.js";
import type { Accounting, IndexResult, NamedDataset, PeriodAccount, StepProvenance } from "./result.js";
import { indicatorsInScope, parentsInScope } from "./scope.js";
import { Handout, sharesMemory, VectorMemory, VectorPool, VectorRanges } from "./vector-memory.js";
import { defaultWarmer } from "./warm-memory.js";

/** Options of {@link buildIndex}. */
export interface BuildOptions {
  /** Methods available to the pipeline (default: the built-ins). */
  registry?: Registry;
  /** Called as steps complete. */
  onProgress?: (update: ProgressUpdate) => void;
  /**
   * Which datasets the result keeps. `all` (the default) keeps the raw data and the dataset of every step that
   * changed the data, as COINr keeps its `dsets`. `final` keeps only `Raw` and the last dataset, dropping each
   * intermediate one as soon as the next step has run, so a large build needs about one copy of the data less
   * per step (at 10⁵ units × 10³ indicators a dataset is 800 MB); a weight step's `ctx.dataset(name)` then finds
   * only those two. The result's `provenance.datasets` says which were kept and which dropped. The memory of a
   * dropped dataset's columns is reused for the next steps' outputs (see {@link IndicatorContext.output}), so
   * such a build also maps less fresh memory; the values are the same as with `all`, bit for bit.
   */
  keep?: "all" | "final";
  /**
   * Whether a step whose outputs need at least 64 MiB of fresh memory may have a helper thread write that
   * memory's pages ahead of it (default `true`), where the platform has threads to spare for it (Node 20.16
   * and later). Fresh memory costs a page fault per 4 KiB page the first time it is written, which on some
   * machines takes as long as the step's arithmetic; the helper takes about half of those faults on another
   * core. The values are the same either way; such outputs then live in `SharedArrayBuffer`s.
   */
  warmMemory?: boolean;
}

/** What {@link buildIndex} returns: a result, or the errors that prevented one, and every issue either way. */
export interface BuildOutcome {
  /** The result; absent when an issue is an `error`. */
  result?: IndexResult;
  /** Every issue found in the spec, the data and the steps. */
  issues: Issue[];
}

const DATASET_NAMES: Record<Stage, string> = {
  screen: "Screened",
  derive: "Derived",
  denominate: "Denominated",
  impute: "Imputed",
  treat: "Treated",
  normalise: "Normalised",
  weight: "Weighted",
  aggregate: "Aggregated",
};

/**
 * Builds an index: validates the spec, reads the data into columnar form, runs the pipeline step by step
 * (keeping the intermediate datasets, see {@link BuildOptions.keep}, and the audit trail), and scores and ranks
 * every framework node in every period. Never throws for bad spec or data: the problems come back as issues,
 * all at once.
 *
 * The data are observations (`{ unit, indicator, period, value }`, any iterable), or for large data a
 * {@link DataTable} of one `Float64Array` per indicator, which skips the per-observation objects and is checked
 * the same way.
 *
 * @example
 * const { result, issues } = await buildIndex(spec, observations);
 * if (result) console.log(result.scores.slice("index", 0));
 */
export async function buildIndex(
  spec: Spec,
  data: Iterable<Observation> | DataTable,
  options: BuildOptions = {},
): Promise<BuildOutcome> {
  const prepared = await prepareIndex(spec, options);
  if (!prepared.index) return { issues: prepared.issues };
  return prepared.index.build(data, options);
}

/** A spec validated and ready to build on data, as many times as needed (see {@link prepareIndex}). */
export interface PreparedIndex {
  /** The validated spec, option defaults filled in. */
  readonly spec: Spec;
  /** The framework model. */
  readonly framework: FrameworkModel;
  /** SHA-256 of the spec's canonical JSON (without `$schema`), as the results' provenance records it. */
  readonly specHash: string;
  /**
   * Builds the index on data: reads and checks the data, runs the pipeline, scores and ranks. The spec's
   * warnings and notes are part of every outcome's issues.
   */
  build(
    data: Iterable<Observation> | DataTable,
    options?: Pick<BuildOptions, "onProgress" | "keep" | "warmMemory">,
  ): Promise<BuildOutcome>;
  /**
   * Hands the memory of a result this index built back to the index, for its next builds to write into instead
   * of fresh memory, as when an uncertainty analysis or a benchmark builds the same index many times. Call it
   * only when nothing reads the result any more, nor any vector taken from it: its datasets then refuse to be
   * read (`released`), and the vectors already taken from them will be overwritten by later builds. The input
   * data are never touched. Releasing a result twice does nothing; a result of another index is refused
   * (`foreign-result`).
   */
  release(result: IndexResult): void;
}

/**
 * Validates a spec once and returns an index ready to build on data, for work that builds the same spec many
 * times (a series of editions, a benchmark, an uncertainty analysis); {@link buildIndex} is `prepareIndex`
 * then `build`. Returns the spec's issues, and no index when one is an error.
 *
 * @example
 * const { index } = await prepareIndex(spec);
 * const a = await index!.build(data2024);
 * const b = await index!.build(data2025);
 */
export async function prepareIndex(
  spec: Spec,
  options: Pick<BuildOptions, "registry"> = {},
): Promise<{ index?: PreparedIndex; issues: Issue[] }> {
  const registry = options.registry ?? builtinRegistry();
  const validated = await validateSpec(spec, { registry });
  if (!validated.spec) return { issues: validated.issues };
  return {
    index: await prepareValidated(validated.spec, registry, validated.issues),
    issues: validated.issues,
  };
}

/**
 * {@link prepareIndex} of a spec that `validateSpec` has already accepted (its option defaults filled in), such
 * as a validated spec with one step replaced by another validated step: skips the validation. For the engine's
 * own repeated builds (an uncertainty analysis); a spec from anywhere else goes through `prepareIndex`.
 */
export async function prepareValidated(
  checked: Spec,
  registry: Registry,
  specIssues: Issue[] = [],
): Promise<PreparedIndex> {
  const framework = buildFramework(checked, new IssueList())!;
  const { $schema: _ignored, ...specForHash } = checked;
  const specHash = await sha256Async(new TextEncoder().encode(canonicalJson(specForHash)));

  // The memory of released results, for the next builds; and the memory each live result took.
  const pool = new VectorPool();
  const built = new WeakMap<IndexResult, VectorMemory>();
  const released = new WeakSet<IndexResult>();

  const build = async (
    data: Iterable<Observation> | DataTable,
    buildOptions: Pick<BuildOptions, "onProgress" | "keep" | "warmMemory"> = {},
  ): Promise<BuildOutcome> => {
    const issues = new IssueList();
    for (const i of specIssues) issues.add(i);
    const input = isDataTable(data)
      ? readTable(framework, data, issues)
      : readObservations(framework, data, issues);
    if (issues.hasErrors) return { issues: issues.items };
    // The edition and the periods it is compared with must be periods of the data; periods after the edition
    // are left out, so that an earlier edition can be rebuilt from data that have grown since.
    const edition = resolveTracking(input.data.periods, checked.tracking);
    for (const i of edition.issues) issues.add(i);
    if (issues.hasErrors) return { issues: issues.items };
    const leftOut = edition.tracking?.leftOut ?? [];
    if (leftOut.length > 0) {
      const kept = input.data.periods.length - leftOut.length;
      input.data = firstPeriods(input.data, kept);
      input.presence = input.presence.slice(0, kept);
      issues.info(
        "periods-left-out",
        pointer("tracking", "edition"),
        `the edition is ${show(edition.tracking!.edition)}: the data of ${leftOut.map((p) => show(p)).join(", ")} are left out of the build`,
        "tracking",
      );
    }
    const memory = new VectorMemory(pool, buildOptions.warmMemory === false ? undefined : defaultWarmer());
    const runner = new Runner(
      checked,
      framework,
      registry,
      issues,
      input.data,
      buildOptions.keep ?? "all",
      memory,
      input.presence,
    );
    // The first step's outputs are reserved before the data are hashed, giving a helper thread that writes
    // their memory ahead a head start. The raw data are hashed on the platform's worker threads while the
    // pipeline runs (they are never changed); a build that stops on an error leaves the hash unread.
    runner.reserveFor(0);
    const hashing = hashDatasetAsync(input.data);
    hashing.catch(() => undefined);
    const total = checked.pipeline.length;
    for (let i = 0; i < total; i++) {
      buildOptions.onProgress?.({
        done: i,
        total,
        message: `${checked.pipeline[i]!.step} ${checked.pipeline[i]!.method}`,
      });
      await runner.run(i);
      if (issues.hasErrors) return { issues: issues.items };
    }
    const hash = await hashing;
    buildOptions.onProgress?.({ done: total, total, message: "ranking" });

    const accounting: Accounting = { units: input.units, indicators: input.indicators };
    for (const [id, reason] of runner.excluded) {
      const a = accounting.units.find((u) => u.id === id);
      if (a) {
        a.status = "excluded";
        a.reason = reason;
      }
    }
    accounting.periods = runner.periodAccounts();
    const result = runner.finish(specHash, hash, input.sources, accounting);
    if (edition.tracking) result.provenance.tracking = edition.tracking;
    built.set(result, memory);
    return { result, issues: issues.items };
  };

  const release = (result: IndexResult): void => {
    if (released.has(result)) return;
    const memory = built.get(result);
    if (!memory) {
      throw new InputError(
        "foreign-result",
        "PreparedIndex.release: this result was not built by this index (or not by build at all); only an index's own results go back to it",
      );
    }
    built.delete(result);
    released.add(result);
    const datasets = [...result.datasets.map((d) => d.data), result.scores, result.ranks];
    // Only vectors this build took from the index's memory go back: never the input data's, nor a method's own.
    for (const d of datasets) for (const v of d.vectors()) memory.release(v);
    for (const d of datasets) retireDataset(d);
  };
  return { spec: checked, framework, specHash, build, release };
}

/**
 * Built-in methods of one indicator that, with the options for which their predicate holds, read nothing but the
 * vector they are given (no `ctx.column`, no `ctx.panel`), keep no reference to it and return a new vector.
 * Under `keep: "final"` the runner reuses the memory of such a method's input column, once the call has returned,
 * for the step's next outputs.
 */
const READS_OWN_INPUT_ONLY: ReadonlyMap<MethodDefinition, (options: Record<string, unknown>) => boolean> =
  new Map<MethodDefinition, (options: Record<string, unknown>) => boolean>([
    // min-max reads the panel when its bounds are not the period's own.
    [minMax, (options) => options.bounds === undefined || options.bounds === "period"],
    [zScore, () => true],
    [imputeMean, () => true],
    [imputeMedian, () => true],
  ]);

/**
 * Built-in imputations that copy every observed value unchanged (their tests check it), whose outputs the runner
 * does not check again for changed observed values.
 */
const KEEPS_OBSERVED: ReadonlySet<MethodDefinition> = new Set<MethodDefinition>([imputeMean, imputeMedian]);

class Runner {
  readonly datasets: NamedDataset[] = [];
  /** Names of the datasets dropped under `keep: "final"`, in the order made. */
  readonly dropped: string[] = [];
  readonly audit: AuditEntry[] = [];
  readonly excluded = new Map<string, string>();
  /**
   * Which units of {@link Runner.data} are in each period's sample (see `Presence`): the data's presence, less
   * the unit-periods that screening excluded. The values of an absent unit-period are missing in every dataset
   * made from the data, and every step's outputs keep them so.
   */
  presence: (Uint8Array | undefined)[];
  /** Per period, the units a screening excluded from that period only, with the reason. */
  readonly periodExcluded: { unit: string; reason: string }[][];
  readonly weights: Record<string, number> = {};
  readonly provenance: StepProvenance[] = [];
  data: Dataset;
  /** What the current step's method `setup` returned. */
  prepared: unknown;
  /**
   * The vectors handed out by `ctx.output()` and made for aggregates and ranks: from the index's pool (released
   * results and, under `keep: "final"`, the columns of dropped datasets and the consumed inputs of column-local
   * methods), otherwise fresh.
   */
  readonly #memory: VectorMemory;
  /** The cells an imputation fills in the column it is on (work space, reused column after column). */
  readonly #fills = new Fills();
  /** The step whose outputs' memory was last reserved. */
  #reserved = -1;

  constructor(
    readonly spec: Spec,
    readonly framework: FrameworkModel,
    readonly registry: Registry,
    readonly issues: IssueList,
    raw: Dataset,
    readonly keep: "all" | "final",
    memory: VectorMemory = new VectorMemory(),
    readonly rawPresence: Presence = raw.periods.map(() => undefined),
  ) {
    this.#memory = memory;
    this.data = raw;
    this.presence = [...rawPresence];
    this.periodExcluded = raw.periods.map(() => []);
    this.datasets.push({ name: "Raw", step: -1, data: raw });
    for (const n of framework.nodes.values()) if (n.parent !== null) this.weights[n.id] = n.weight;
  }

  async run(index: number): Promise<void> {
    const step = this.spec.pipeline[index]!;
    const registered = this.registry.method(step.step, step.method)!;
    const def = registered.definition;
    const options = (step.options ?? {}) as Record<string, unknown>;
    this.provenance.push({
      index,
      stage: step.step,
      method: step.method,
      plugin: registered.plugin,
      options: structuredClone(options),
      ...(step.scope ? { scope: structuredClone(step.scope) as Record<string, unknown> } : {}),
    });
    const source = `pipeline/${index} ${step.step}:${step.method}`;
    const before = this.data;
    try {
      await this.apply(index, step, def, options, source);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.issues.error(
        "step-failed",
        pointer("pipeline", index),
        `${step.step} method ${show(step.method)} failed: ${message}`,
        `[${registered.plugin}] ${source}`,
      );
      return;
    }
    if (this.data !== before || step.step === "weight") {
      // Under `keep: "final"` the dataset made by the previous step (never Raw) gives way to this one, and its
      // columns that no kept dataset shares become free for the next outputs.
      if (this.keep === "final" && this.datasets.length > 1) {
        const old = this.datasets.pop()!;
        this.dropped.push(old.name);
        this.datasets.push({ name: step.name ?? DATASET_NAMES[step.step], step: index, data: this.data });
        this.#recycle(old.data);
      } else {
        this.datasets.push({ name: step.name ?? DATASET_NAMES[step.step], step: index, data: this.data });
      }
    }
  }

  /** A column of every period, all missing, from the build's memory. */
  #emptyColumn(): Float64Array {
    return this.#memory.take(this.data.size).fill(Number.NaN);
  }

  /** True when an imputation keeps only the cells it fills, as patches over its input (under `keep: "all"`). */
  #patches(def: MethodDefinition): boolean {
    return def.stage === "impute" && this.keep === "all";
  }

  /**
   * True when a built-in column-local method's input column joins the pool as soon as its call has returned: the
   * input dataset is dropped after the step (and the step does not keep patches over it).
   */
  #reusesInputs(def: MethodDefinition, options: Record<string, unknown>): boolean {
    return !this.#patches(def) && (READS_OWN_INPUT_ONLY.get(def)?.(options) ?? false) && this.#inputDropped();
  }

  /**
   * Reserves the memory step `index` will write (see {@link VectorMemory.reserve}): one fresh vector per
   * indicator in its scope, for an imputation, treatment or normalisation of one period that neither patches
   * nor reuses its inputs. Called when the step starts, and by the build for the first step before it hashes
   * the data, which gives a helper thread writing that memory a head start. Once per step.
   */
  reserveFor(index: number): void {
    if (this.#reserved === index) return;
    this.#reserved = index;
    const step = this.spec.pipeline[index];
    const def = step && this.registry.method(step.step, step.method)?.definition;
    if (!def || !(def.stage === "impute" || def.stage === "treat" || def.stage === "normalise")) return;
    const options = (step.options ?? {}) as Record<string, unknown>;
    if (this.data.periods.length !== 1 || this.#patches(def) || this.#reusesInputs(def, options)) return;
    this.#memory.reserve(indicatorsInScope(this.framework, step.scope).length, this.data.units.length);
  }

  /** Pools the columns of a dropped dataset that share no memory with a kept dataset's. */
  #recycle(old: Dataset): void {
    if (this.datasets.some((d) => d.data === old)) return;
    const inUse = new VectorRanges(this.datasets.flatMap((d) => d.data.vectors()));
    for (const id of old.ids) {
      // A patched column's base belongs to an earlier dataset; a column never read whole has no vector.
      const col = old.peek(id);
      if (col && !inUse.overlaps(col)) this.#memory.release(col);
    }
  }

  /**
   * True when the current dataset is dropped as soon as the step running on it makes another (`keep: "final"`,
   * the dataset neither Raw nor kept under another name), so its columns may be reused once consumed.
   */
  #inputDropped(): boolean {
    const kept = this.datasets;
    return (
      this.keep === "final" &&
      kept.length > 1 &&
      kept[kept.length - 1]!.data === this.data &&
      !kept.slice(0, -1).some((d) => d.data === this.data)
    );
  }

  /** Excludes unit row `u` of the current data from the index: an issue, an audit entry and the accounting. */
  #excludeUnit(index: number, step: StepSpec, u: number, reason: string, source: string): void {
    const unit = this.data.units[u]!;
    this.excluded.set(unit, reason);
    this.issues.info("unit-excluded", dataPath(unit), `unit ${show(unit)} is excluded: ${reason}`, source);
    this.audit.push({
      step: index,
      stage: "screen",
      method: step.method,
      action: "excluded",
      unit,
      message: `excluded ${unit}: ${reason}`,
    });
  }

  /** Keeps only the unit rows `keep` of the `n` of the current data (and their presence). */
  #keepUnits(index: number, keep: number[], n: number, source: string): void {
    if (keep.length < n) {
      this.data = this.data.selectUnits(keep);
      this.presence = [...selectPresence(this.presence, keep)];
    }
    if (keep.length === 0) {
      this.issues.error("no-units", pointer("pipeline", index), "screening excluded every unit", source);
    }
  }

  /**
   * Applies a screening's decisions period by period (see {@link PeriodScreening}): a unit excluded from every
   * period where it has data (and from at least one period) leaves the index; otherwise each period it is
   * excluded from becomes absent, its values there made missing in every column. Decisions on unit-periods
   * already absent change nothing but count towards the first rule.
   */
  #screenByPeriod(index: number, step: StepSpec, decided: PeriodScreening, source: string): void {
    const data = this.data;
    const n = data.units.length;
    const nP = data.periods.length;
    const byPeriod = decided?.byPeriod;
    if (!Array.isArray(byPeriod) || byPeriod.length !== nP || byPeriod.some((d) => d?.length !== n)) {
      throw new Error(
        `returned neither one decision per unit (${n}) nor \`byPeriod\` with one decision per unit for each of the ${nP} periods`,
      );
    }
    const keep: number[] = [];
    // The unit-periods to make absent: per period, the unit rows.
    const dropped: number[][] = data.periods.map(() => []);
    for (let u = 0; u < n; u++) {
      const failed: number[] = [];
      let passes = false;
      let anyReason = false;
      for (let p = 0; p < nP; p++) {
        const reason = byPeriod[p]![u];
        if (reason !== null && reason !== undefined) anyReason = true;
        if (!isPresent(this.presence, p, u)) continue;
        if (reason === null || reason === undefined) passes = true;
        else failed.push(p);
      }
      if (anyReason && !passes) {
        // Excluded from every period with data; a unit without data gives the reasons of every period.
        const periods = failed.length > 0 ? failed : data.periods.map((_, p) => p);
        const reasons = [
          ...new Set(periods.map((p) => byPeriod[p]![u]).filter((r): r is string => typeof r === "string")),
        ];
        const reason =
          reasons.length <= 3
            ? reasons.join("; ")
            : `${reasons.slice(0, 3).join("; ")}; and ${reasons.length - 3} more`;
        this.#excludeUnit(index, step, u, reason, source);
        continue;
      }
      keep.push(u);
      const unit = data.units[u]!;
      for (const p of failed) {
        const period = data.periods[p]!;
        const reason = byPeriod[p]![u]!;
        dropped[p]!.push(u);
        this.periodExcluded[p]!.push({ unit, reason });
        this.issues.info(
          "unit-period-excluded",
          dataPath(unit, "*", period),
          `unit ${show(unit)} is excluded from ${show(period)}: ${reason}; it keeps its other periods`,
          source,
        );
        this.audit.push({
          step: index,
          stage: "screen",
          method: step.method,
          action: "excluded",
          unit,
          period,
          message: `excluded ${unit} from ${period}: ${reason}`,
        });
      }
    }
    if (dropped.some((d) => d.length > 0)) {
      dropped.forEach((rows, p) => {
        if (rows.length === 0) return;
        const mask = this.presence[p] ? this.presence[p]!.slice() : new Uint8Array(n).fill(1);
        for (const u of rows) mask[u] = 0;
        this.presence[p] = mask;
      });
      const changed: [string, Float64Array][] = [];
      for (const id of data.ids) {
        const col = data.column(id);
        let out: Float64Array | undefined;
        dropped.forEach((rows, p) => {
          for (const u of rows) {
            const at = p * n + u;
            if (Number.isNaN(col[at]!)) continue;
            out ??= col.slice();
            out[at] = Number.NaN;
          }
        });
        if (out) changed.push([id, out]);
      }
      this.data = data.with(changed);
    }
    this.#keepUnits(index, keep, n, source);
    if (keep.length === 0) return;
    this.presence.forEach((mask, p) => {
      if (mask && !mask.includes(1)) {
        this.issues.warn(
          "period-no-units",
          `data/*/*/${data.periods[p]}`,
          `no unit is left in ${show(data.periods[p])} after screening: nothing is scored or ranked there`,
          source,
        );
      }
    });
  }

  /**
   * Per period, the units in the sample, the units of the result absent from the data there, and those a
   * screening excluded from that period only.
   */
  periodAccounts(): PeriodAccount[] {
    const units = this.data.units;
    const inResult = new Set(units);
    const rawUnits = this.datasets[0]!.data.units;
    return this.data.periods.map((period, p) => {
      const mask = this.presence[p];
      let present = units.length;
      if (mask) for (let u = 0; u < mask.length; u++) present -= 1 - mask[u]!;
      const raw = this.rawPresence[p];
      const absent: string[] = [];
      if (raw)
        for (let u = 0; u < raw.length; u++)
          if (raw[u] === 0 && inResult.has(rawUnits[u]!)) absent.push(rawUnits[u]!);
      const excluded = this.periodExcluded[p]!.filter((e) => inResult.has(e.unit));
      return { period, present, absent, excluded };
    });
  }

  private context(
    index: number,
    step: StepSpec,
    period: number,
    defaultPath: string,
    source: string,
  ): MethodContext {
    const data = this.data;
    return {
      period: data.periods[period]!,
      periods: data.periods,
      periodIndex: period,
      units: data.units,
      framework: this.framework,
      prepared: this.prepared,
      report: (issue: MethodIssue) => {
        this.issues.add({ ...issue, path: issue.path ?? defaultPath, source });
      },
      audit: (entry) => {
        this.audit.push({ step: index, stage: step.step, method: step.method, ...entry });
      },
    };
  }

  /**
   * The context of a method on one indicator in one period. Written out field by field (no spread), with
   * `output` always present (if undefined), so that every such context has the same shape: methods then run as
   * optimised code from one call to the next instead of falling back to the interpreter whenever a context
   * looks new.
   */
  private indicatorContext(
    index: number,
    step: StepSpec,
    period: number,
    indicator: string,
    source: string,
    output?: () => Float64Array,
  ): IndicatorContext {
    const data = this.data;
    const base = this.context(index, step, period, `data/*/${indicator}/${data.periods[period]}`, source);
    const model = this.framework.indicators.get(indicator)!;
    const signed = step.step === "normalise" && model.direction === -1;
    let panel: Float64Array | undefined;
    return {
      period: base.period,
      periods: base.periods,
      periodIndex: base.periodIndex,
      units: base.units,
      framework: base.framework,
      prepared: base.prepared,
      report: base.report,
      audit: base.audit,
      indicator: model,
      unitMeta: (column: string) =>
        data.units.map((u) => this.framework.units.get(u)?.meta?.[column] ?? null),
      panel: () => {
        panel ??= signed ? negated(data.column(indicator)) : data.column(indicator);
        return panel;
      },
      column: (id: string) => data.slice(id, period),
      output,
      present: this.presence[period],
    };
  }

  private async apply(
    index: number,
    step: StepSpec,
    def: MethodDefinition,
    options: Record<string, unknown>,
    source: string,
  ): Promise<void> {
    const fw = this.framework;
    const nP = this.data.periods.length;
    const n = this.data.units.length;
    this.prepared = def.stage === "derive" ? undefined : await def.setup?.(options);
    switch (def.stage) {
      case "screen": {
        const m = def as ScreenMethod;
        const targets = indicatorsInScope(fw, step.scope).map((id) => fw.indicators.get(id)!);
        const decided = m.screen(options, {
          ...this.context(index, step, 0, pointer("pipeline", index), source),
          data: this.data,
          indicators: targets,
        });
        if (Array.isArray(decided)) {
          if (decided.length !== n) throw new Error(`returned ${decided.length} decisions for ${n} units`);
          const keep: number[] = [];
          decided.forEach((reason, u) => {
            if (reason === null) keep.push(u);
            else this.#excludeUnit(index, step, u, reason, source);
          });
          this.#keepUnits(index, keep, n, source);
          return;
        }
        this.#screenByPeriod(index, step, decided, source);
        return;
      }
      case "derive": {
        const m = def as DeriveMethod;
        const { orderFormulas, checkFormula } = await import("../derive/formula.js");
        const inScope = new Set(step.scope ? indicatorsInScope(fw, step.scope) : [...fw.indicators.keys()]);
        const withFormula = [...fw.indicators.values()].filter(
          (i) => i.formula !== undefined && inScope.has(i.id),
        );
        const known = new Set(fw.indicators.keys());
        const symbols = new Map<string, string[]>();
        for (const i of withFormula) symbols.set(i.id, (await checkFormula(i.formula!, known)).symbols);
        const { order } = orderFormulas(
          withFormula.map((i) => ({ id: i.id, formula: i.formula! })),
          symbols,
        );
        const targets = order.map((id) => fw.indicators.get(id)!);
        const prepared = await m.prepare?.(targets, options);
        const columns = targets.map(() => this.data.emptyColumn());
        const madeMissing = new MadeMissing();
        for (let p = 0; p < nP; p++) {
          const data = this.data;
          const outs = m.derive(
            options,
            {
              ...this.context(index, step, p, pointer("pipeline", index), source),
              targets,
              column: (id: string) => data.slice(id, p),
            },
            prepared,
          );
          const mask = this.presence[p];
          outs.forEach((o, j) => {
            if (mask) madeMissing.apply(o, mask, data, p);
            columns[j]!.set(o, p * n);
          });
        }
        this.data = this.data.with(targets.map((t, j) => [t.id, columns[j]!]));
        madeMissing.report(step, index, this.issues, source);
        return;
      }
      case "denominate": {
        const m = def as DenominateMethod;
        const targets = indicatorsInScope(fw, step.scope).filter((id) => fw.indicators.get(id)?.denominator);
        const changed: [string, Float64Array][] = [];
        const madeMissing = new MadeMissing();
        for (const id of targets) {
          const denominator = fw.indicators.get(id)!.denominator!;
          const col = this.data.emptyColumn();
          for (let p = 0; p < nP; p++) {
            const d = this.data.has(denominator)
              ? this.data.slice(denominator, p)
              : Float64Array.from(this.data.units, (u) => {
                  const v = fw.units.get(u)?.meta?.[denominator];
                  return typeof v === "number" ? v : Number.NaN;
                });
            const y = m.denominate(
              this.data.slice(id, p),
              d,
              options,
              this.indicatorContext(index, step, p, id, source),
            );
            const mask = this.presence[p];
            if (mask) madeMissing.apply(y, mask, this.data, p);
            col.set(y, p * n);
          }
          changed.push([id, col]);
        }
        this.data = this.data.with(changed);
        madeMissing.report(step, index, this.issues, source);
        return;
      }
      case "impute":
      case "treat":
      case "normalise": {
        const targets = indicatorsInScope(fw, step.scope);
        const changed: [string, Float64Array][] = [];
        // When every dataset is kept, imputation keeps only the cells it fills, as patches over its input columns
        // (see Dataset.withPatches): the imputed dataset then costs a few cells per indicator instead of a copy
        // of every column. Under keep: "final" it writes whole columns, which the next step's outputs reuse.
        const patching = this.#patches(def);
        const patches: [string, { base: Float64Array; at: Int32Array; values: Float64Array }][] = [];
        const adopted = new VectorRanges();
        // Negated inputs (direction -1) are written into one scratch vector, reused from one call to the next.
        const scratch = def.stage === "normalise" ? new Float64Array(n) : undefined;
        // Input columns stored as patches are read one period at a time into this vector.
        const readScratch = new Float64Array(n);
        // A column-local method's input column is free once its call has returned, when the input dataset is
        // dropped after this step: it then holds the next outputs (never the input of the call it serves). An
        // imputation's inputs stay: they are its patches' bases.
        const reuseInputs = this.#reusesInputs(def, options);
        const checkObserved = !KEEPS_OBSERVED.has(def);
        const handout = new Handout(this.#memory, n);
        const madeMissing = new MadeMissing();
        this.reserveFor(index);
        for (const id of targets) {
          const direction = fw.indicators.get(id)!.direction;
          let col: Float64Array | undefined;
          const fills = patching ? this.#fills.reset(this.data.size) : undefined;
          for (let p = 0; p < nP; p++) {
            const ctx = this.indicatorContext(index, step, p, id, source, handout.output);
            const x = this.data.sliceInto(id, p, readScratch);
            const input = scratch && direction === -1 ? negated(x, scratch) : x;
            if (!checkInputs(def, [input], [id], ctx, `${show(id)} in ${show(ctx.period)}`)) {
              // The period's values become missing, as a column left empty would be.
              if (fills) collectAllMissing(x, p * n, fills);
              continue;
            }
            let y: Float64Array;
            if (def.stage === "normalise") {
              y = (def as NormaliseMethod).normalise(input, options, ctx);
            } else if (def.stage === "impute") {
              y = (def as ImputeMethod).impute(x, options, ctx);
              const u = checkObserved ? changedObserved(x, y) : -1;
              if (u >= 0) {
                throw new Error(
                  `imputation changed the observed value of ${show(id)} for ${show(this.data.units[u])}`,
                );
              }
            } else {
              y = (def as TreatMethod).treat(x, options, ctx);
            }
            if (y.length !== n) throw new Error(`returned ${y.length} values for ${n} units`);
            const mask = this.presence[p];
            if (mask) madeMissing.apply(y, mask, this.data, p);
            if (def.stage === "impute" && y !== x) this.#noteWholePeriod(step, id, p, x, y, source);
            if (fills) {
              collectFills(x, y, p * n, fills);
            } else if (nP === 1 && y.buffer !== scratch?.buffer && y.buffer !== readScratch.buffer) {
              col = adopt(y, adopted);
            } else {
              (col ??= this.#emptyColumn()).set(y, p * n);
            }
            // Vectors handed out but not kept as the column go back to the pool.
            handout.settle(col);
          }
          if (patching) {
            // A patched input is written out whole to serve as the base (two imputations in a row).
            const base = this.data.peek(id) ?? this.data.column(id);
            if (fills!.count === 0) changed.push([id, base]);
            else {
              patches.push([
                id,
                { base, at: fills!.at.slice(0, fills!.count), values: fills!.values.slice(0, fills!.count) },
              ]);
            }
            continue;
          }
          changed.push([id, col ?? this.#emptyColumn()]);
          if (reuseInputs) {
            const used = this.data.peek(id);
            if (used && (!col || !sharesMemory(used, col))) this.#memory.release(used);
          }
        }
        this.data = patches.length > 0 ? this.data.withPatches(changed, patches) : this.data.with(changed);
        madeMissing.report(step, index, this.issues, source);
        return;
      }
      case "weight": {
        const m = def as WeightMethod;
        for (const node of parentsInScope(fw, step.scope)) {
          const children = node.children.map((c) => fw.nodes.get(c)!);
          const current = Float64Array.from(children, (c) => this.weights[c.id]!);
          const unscored = children.filter((c) => !this.data.has(c.id));
          if (def.properties.usesWholeSample && unscored.length > 0) {
            this.issues.error(
              "children-not-scored",
              node.path,
              `weight method ${show(step.method)} computes the weights of the children of ${show(node.id)} from their scores, but ${unscored.map((c) => show(c.id)).join(", ")} have no scores yet; aggregate level ${unscored[0]!.level} first (an aggregate step with the scope { "levels": [${unscored[0]!.level}] } before this step)`,
              source,
            );
            continue;
          }
          if (def.properties.minChildren !== undefined && children.length < def.properties.minChildren) {
            this.issues.error(
              "too-few-children",
              node.path,
              `${step.step} method ${show(step.method)} needs at least ${def.properties.minChildren} children, but ${show(node.id)} has ${children.length}; give this node another method with a scope`,
              source,
            );
            continue;
          }
          const w = m.weight(options, {
            ...this.context(index, step, nP - 1, node.path, source),
            node,
            children,
            current,
            data: this.data,
            dataset: (name: string) => [...this.datasets].reverse().find((d) => d.name === name)?.data,
          });
          const sum = w.reduce((s, v) => s + v, 0);
          if (w.length !== children.length || w.some((v) => !Number.isFinite(v) || v < 0) || !(sum > 0)) {
            this.issues.error(
              "bad-weights",
              node.path,
              `weights of the children of ${show(node.id)} must be finite, >= 0 and not all zero, got ${show(Array.from(w))}`,
              source,
            );
            continue;
          }
          children.forEach((c, j) => {
            this.weights[c.id] = w[j]!;
          });
          this.audit.push({
            step: index,
            stage: "weight",
            method: step.method,
            action: "weights",
            node: node.id,
            details: Object.fromEntries(children.map((c, j) => [c.id, w[j]])),
            message: `weights of the children of ${node.id}: ${children.map((c, j) => `${c.id} ${w[j]}`).join(", ")}`,
          });
        }
        return;
      }
      case "aggregate": {
        const m = def as AggregateMethod;
        const adopted = new VectorRanges();
        const madeMissing = new MadeMissing();
        for (const node of parentsInScope(fw, step.scope)) {
          const children = node.children.map((c) => fw.nodes.get(c)!);
          const weights = Float64Array.from(children, (c) => this.weights[c.id]!);
          let col: Float64Array | undefined;
          // Per child, the periods in which no unit has a value of it while another child has one; and the periods
          // (with units in the sample) in which no child has a value.
          const missingChildren: number[][] = children.map(() => []);
          const noChild: number[] = [];
          for (let p = 0; p < nP; p++) {
            const values = children.map((c) => this.data.slice(c.id, p));
            const handout = new Handout(this.#memory, n);
            const mask = this.presence[p];
            const ctx = {
              ...this.context(index, step, p, `data/*/${node.id}/${this.data.periods[p]}`, source),
              node,
              children,
              output: handout.output,
              present: mask,
            };
            const what = `the children of ${show(node.id)} in ${show(ctx.period)}`;
            const ids = node.children;
            if (!checkInputs(def, values, ids, ctx, what)) continue;
            if (!noteMissingChildren(values, p, missingChildren) && (!mask || mask.includes(1)))
              noChild.push(p);
            const y = m.aggregate(values, weights, options, ctx);
            if (mask && y.length === n) madeMissing.apply(y, mask, this.data, p);
            if (nP === 1 && y.length === n) col = adopt(y, adopted);
            else (col ??= this.#emptyColumn()).set(y, p * n);
            handout.settle(col);
          }
          this.data = this.data.with([[node.id, col ?? this.#emptyColumn()]]);
          if (noChild.length > 0) {
            this.issues.info(
              "child-missing",
              `data/*/${node.id}`,
              `${show(node.id)} has no score in ${noChild.map((p) => show(this.data.periods[p])).join(", ")}: no unit has a value of any of its children (${node.children.map((c) => show(c)).join(", ")}) there`,
              source,
            );
          }
          children.forEach((c, j) => {
            const periods = missingChildren[j]!;
            if (periods.length === 0) return;
            const how = def.missing
              ? `: ${def.missing.charAt(0).toLowerCase()}${def.missing.slice(1).replace(/\.$/, "")}`
              : "";
            this.issues.info(
              "child-missing",
              `data/*/${node.id}`,
              `${show(node.id)} is aggregated by ${show(step.method)} without ${show(c.id)} in ${periods
                .map((p) => show(this.data.periods[p]))
                .join(", ")}, where no unit has a value of it${how}`,
              source,
            );
          });
          this.audit.push({
            step: index,
            stage: "aggregate",
            method: step.method,
            action: "aggregated",
            node: node.id,
            details: { children: node.children, weights: Array.from(weights) },
            message: `aggregated ${node.id} from ${node.children.join(", ")}`,
          });
        }
        madeMissing.report(step, index, this.issues, source);
        return;
      }
    }
  }

  /**
   * Notes an imputation that gave values to indicator `id` in period `p`, where its input `x` has none (an
   * indicator missing from the data in that period, filled from other periods by a panel method).
   */
  #noteWholePeriod(
    step: StepSpec,
    id: string,
    p: number,
    x: Float64Array,
    y: Float64Array,
    source: string,
  ): void {
    for (let u = 0; u < x.length; u++) if (!Number.isNaN(x[u]!)) return;
    let filled = 0;
    for (let u = 0; u < y.length; u++) if (!Number.isNaN(y[u]!)) filled++;
    if (filled === 0) return;
    const period = this.data.periods[p]!;
    this.issues.info(
      "imputed-whole-period",
      `data/*/${id}/${period}`,
      `${show(id)} has no value in ${show(period)}; imputation ${show(step.method)} gave it ${filled} value(s) there from other periods (see the audit trail)`,
      source,
    );
  }

  finish(specHash: string, dataHash: string, sources: SourceSummary[], accounting: Accounting): IndexResult {
    const fw = this.framework;
    const ids = fw.order.map((n) => n.id);
    const scores = this.data.select(ids);
    const ties = this.spec.ranking?.ties ?? "min";
    const n = scores.units.length;
    const rankColumn = (id: string): Float64Array => {
      if (scores.periods.length === 1) return rankInto(scores.column(id), ties, this.#memory.take(n));
      const out = this.#memory.take(scores.size);
      for (let p = 0; p < scores.periods.length; p++) {
        rankInto(scores.slice(id, p), ties, out.subarray(p * n, (p + 1) * n));
      }
      return out;
    };
    // Aggregates are ranked now; indicators (often hundreds of columns, seldom all read) when first read.
    const ranks = Dataset.lazy(scores.units, scores.periods, ids, rankColumn);
    for (const node of fw.order) if (!node.isIndicator) ranks.column(node.id);
    const stages = new Set(this.spec.pipeline.map((s) => s.step));
    const defaults: Record<string, unknown> = {
      directions: "applied before normalisation (values multiplied by -1 where direction is -1)",
      periods: "each period is processed on its own (cross-section by cross-section)",
      missingInAggregation: "skipped, with the remaining weights renormalised",
    };
    if (!stages.has("weight")) defaults.weights = "as written in the spec (no weight step)";
    if (!stages.has("impute")) defaults.imputation = "none: missing values stay missing";
    return {
      spec: this.spec,
      framework: fw,
      units: scores.units,
      periods: scores.periods,
      datasets: this.datasets,
      scores,
      ranks,
      weights: { ...this.weights },
      audit: this.audit,
      issues: this.issues.items,
      accounting,
      provenance: {
        specHash,
        dataHash,
        sources,
        engine: { name: ENGINE_NAME, version: ENGINE_VERSION },
        steps: this.provenance,
        ranking: { ties, direction: "descending" },
        datasets: { keep: this.keep, dropped: [...this.dropped] },
        defaults,
        plugins: this.registry.plugins.map((p) => ({
          name: p.name,
          ...(p.version ? { version: p.version } : {}),
        })),
      },
    };
  }
}

/**
 * Checks a method's declared needs on its input vectors before it runs: at least `minChildren` vectors, at least
 * `minUnits` units with a value, and strictly positive values where `needsPositive`. Reports one error naming
 * the cells (the first ten) with a fix, and returns false if a need is not met.
 *
 * A vector with no value at all is the data's absence in this period (reported as `period-all-missing`), not a
 * sample too small for `minUnits`: an aggregation goes on without it (`child-missing`), an imputation still runs
 * (a panel method can fill it from other periods), and any other column step returns false without an error,
 * which leaves the period missing, as it is.
 */
function checkInputs(
  def: MethodDefinition,
  vectors: readonly Float64Array[],
  ids: readonly string[],
  ctx: MethodContext,
  what: string,
): boolean {
  const props = def.properties;
  const label = `${def.stage} method ${show(def.id)}`;
  if (props.minChildren !== undefined && vectors.length < props.minChildren) {
    ctx.report({
      severity: "error",
      code: "too-few-children",
      message: `${label} needs at least ${props.minChildren} children, but ${what} are ${vectors.length}; use another method for this node (a step with a scope)`,
    });
    return false;
  }
  if (props.minUnits !== undefined) {
    for (let j = 0; j < vectors.length; j++) {
      let have = 0;
      for (const v of vectors[j]!) if (!Number.isNaN(v)) have++;
      if (have === 0) {
        if (def.stage === "aggregate" || def.stage === "impute") continue;
        return false;
      }
      if (have < props.minUnits) {
        ctx.report({
          severity: "error",
          code: "too-few-units",
          message: `${label} needs at least ${props.minUnits} units with a value, but ${show(ids[j])} has ${have} in ${show(ctx.period)}`,
        });
        return false;
      }
    }
  }
  if (props.needsPositive) {
    const bad: string[] = [];
    let count = 0;
    let first = "";
    vectors.forEach((x, j) => {
      x.forEach((v, u) => {
        if (!(v <= 0)) return;
        if (count === 0) first = dataPath(ctx.units[u]!, ids[j], ctx.period);
        count++;
        if (bad.length < 10) bad.push(`${ctx.units[u]}/${ids[j]} = ${v}`);
      });
    });
    if (count > 0) {
      ctx.report({
        severity: "error",
        code: "non-positive",
        path: first,
        message: `${label} needs strictly positive values, but ${count} value(s) of ${what} are zero or negative: ${bad.join(", ")}${count > bad.length ? ", ..." : ""}; normalise onto a positive range first (for example min-max onto [1, 100])`,
      });
      return false;
    }
  }
  return true;
}

/** `-x` for every value of `x`, into `out` (a new vector by default). */
function negated(x: Float64Array, out = new Float64Array(x.length)): Float64Array {
  for (let i = 0; i < x.length; i++) out[i] = -x[i]!;
  return out;
}

/**
 * Adds to `fills` the cells of one period that `y` fills where its input `x` is missing (an imputation).
 * Positions are `offset` plus the row, so period-major positions in the whole column.
 */
function collectFills(x: Float64Array, y: Float64Array, offset: number, fills: Fills): void {
  const at = fills.at;
  const values = fills.values;
  let k = fills.count;
  for (let i = 0; i < x.length; i++) {
    if (!Number.isNaN(x[i]!)) continue;
    const v = y[i]!;
    if (!Number.isNaN(v)) {
      at[k] = offset + i;
      values[k++] = v;
    }
  }
  fills.count = k;
}

/** Adds to `fills` (as {@link collectFills}) every observed cell of `x`, as made missing. */
function collectAllMissing(x: Float64Array, offset: number, fills: Fills): void {
  const at = fills.at;
  const values = fills.values;
  let k = fills.count;
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(x[i]!)) continue;
    at[k] = offset + i;
    values[k++] = Number.NaN;
  }
  fills.count = k;
}

/** The first unit whose observed value an imputation changed (`Object.is` semantics), or -1. */
function changedObserved(x: Float64Array, y: Float64Array): number {
  for (let u = 0; u < x.length; u++) {
    const a = x[u]!;
    if (Number.isNaN(a)) continue;
    const b = y[u]!;
    if (a !== b || (a === 0 && 1 / a !== 1 / b)) return u;
  }
  return -1;
}

/**
 * A method's output vector as a column of the new dataset, without a copy unless it shares memory with another
 * column of the step (a method that hands back the same vector twice).
 */
function adopt(y: Float64Array, adopted: VectorRanges): Float64Array {
  const col = adopted.overlaps(y) ? y.slice() : y;
  adopted.add(col);
  return col;
}

/**
 * The values a step's method gave to unit-periods absent from the data, which the runner makes missing again
 * (an absent unit-period is not imputed, scored or ranked): counted over the step for one note.
 */
class MadeMissing {
  count = 0;
  /** The first such cell, `unit` in `period`. */
  first = "";

  /** Makes missing the values of `y` (period `p` of `data`) for the units absent there (`mask[u] === 0`). */
  apply(y: Float64Array, mask: Uint8Array, data: Dataset, p: number): void {
    for (let u = 0; u < y.length; u++) {
      if (mask[u] === 1 || Number.isNaN(y[u]!)) continue;
      y[u] = Number.NaN;
      if (this.count++ === 0) this.first = `${show(data.units[u])} in ${show(data.periods[p])}`;
    }
  }

  /** Reports the values made missing, if any, as one `info` note of the step. */
  report(step: StepSpec, index: number, issues: IssueList, source: string): void {
    if (this.count === 0) return;
    issues.info(
      "absent-kept-missing",
      pointer("pipeline", index),
      `${step.step} method ${show(step.method)} gave ${this.count} value(s) to units absent from a period (the first: ${this.first}); they stay missing, as a unit is not scored where it has no data`,
      source,
    );
  }
}

/**
 * Adds period `p` to `missing[j]` for each child vector `values[j]` without any value, when another child has
 * one. Returns false when no child has a value.
 */
function noteMissingChildren(values: readonly Float64Array[], p: number, missing: number[][]): boolean {
  let empty = 0;
  const none = values.map((v) => {
    for (let u = 0; u < v.length; u++) if (!Number.isNaN(v[u]!)) return false;
    empty++;
    return true;
  });
  if (empty === values.length) return false;
  if (empty > 0) {
    none.forEach((isEmpty, j) => {
      if (isEmpty) missing[j]!.push(p);
    });
  }
  return true;
}
