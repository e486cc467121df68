import { identity, weightedQuasiMean } from "../aggregate/availability.js";
import type { Dataset } from "../data/dataset.js";
import type { FrameworkModel } from "../model/framework.js";
import { parentsInScope } from "../pipeline/scope.js";
import type { StepSpec } from "../spec/types.js";

/** Aggregation methods the tail kernel computes itself, exactly as their definitions do. */
export const KERNEL_METHODS: ReadonlySet<string> = new Set(["arithmetic", "geometric"]);

/**
 * The weight sets of one plan input, of which each run uses one: absolute weights for the edges each set names,
 * or noise on the weights in force (w becomes w + (2u − 1)·F·w, with one number u per set and edge).
 */
export interface WeightSets {
  /** Number of sets. */
  count: number;
  /** Absolute sets: per set, the child ids of the edges it sets and their weights. */
  absolute?: { edges: readonly string[]; weights: Float64Array }[];
  /**
   * Noise sets: the edges every set perturbs, the factor F per edge, and the numbers u, set by set
   * (`u[set · edges.length + edge]`).
   */
  noise?: { edges: readonly string[]; factor: Float64Array; u: Float64Array };
}

/** A tail step's ways of running: the method id and its `minAvailability`, per alternative. */
export interface KernelStep {
  /** The step as the spec has it (its scope is used). */
  step: StepSpec;
  /** Index of the plan input that varies it, or −1. */
  input: number;
  /** Per alternative (a single one when not varied): method id and minimum availability. */
  variants: { method: string; minAvailability: number }[];
}

/** One way of aggregating, as an operation runs it. */
interface Variant {
  geometric: boolean;
  minAvailability: number;
}

interface Operation {
  node: string;
  /** The operation's ways of aggregating, by the choice of `variantInput` (a single one when not varied). */
  variants: Variant[];
  /** The plan input that picks the variant, or −1. */
  variantInput: number;
  /** Per child: the operation that last wrote it, or −1 when its values are fixed (`fixed`). */
  sourceOps: Int32Array;
  /** Per child: its fixed values (an empty vector when an operation writes it). */
  fixed: Float64Array[];
  /** Base weights of the children, from the build. */
  base: Float64Array;
  /** Weights used in a run (work space). */
  weights: Float64Array;
  /**
   * Plan inputs of weight sets touching this operation's edges: the input, its sets, and each child's slot in
   * the sets' edges (−1 when left alone): one list for noise sets (they share their edges), one per set else.
   */
  weightInputs: { input: number; sets: WeightSets; shared?: Int32Array; perSet?: Int32Array[] }[];
  /** Plan inputs this operation's result depends on. */
  depends: Int32Array;
  /** Whether its results can be kept per choice of `depends` (no weights input among them). */
  cacheable: boolean;
  cache: Map<number, Output>;
  /** The output of the last run (a cached one, or `own`). */
  current: Output;
  /** The output computed in place, when not cached. */
  own: Output;
  /** Work space of `own.logs`. */
  logBuffer: Float64Array;
  /** Per child: the logarithms of its fixed values, computed when a geometric mean first needs them. */
  fixedLogs: (Float64Array | undefined)[];
  values: Float64Array[];
}

/** An operation's scores, whether it succeeded, and their logarithms once a geometric mean needed them. */
interface Output {
  values: Float64Array;
  ok: boolean;
  logs?: Float64Array;
}

/** Most results one operation keeps per build (choices beyond it are computed each time). */
const CACHE_LIMIT = 4096;

/**
 * Recomputes the final aggregation steps of a built index for one run of an analysis: the weighted arithmetic and
 * geometric means of every node those steps aggregate, with the run's weights and methods, over the data that
 * entered the first of them. It calls the same {@link weightedQuasiMean} as the methods, with the same children,
 * weights and order, so its scores are those a full build would give, bit for bit. A node whose inputs cannot
 * change between runs of one build (its children's weights are not varied) keeps its result per choice of
 * method, so that a weight-only run recomputes only the nodes above the varied weights.
 */
export class TailKernel {
  readonly #ops: Operation[] = [];
  /** The operations a run recomputes or looks up: those whose inputs depend on the run's choices. */
  readonly #active: Operation[] = [];
  /** Whether every operation computed once succeeded. */
  #staticOk = true;
  readonly #latest = new Map<string, number>();
  readonly #fixed: Dataset;
  readonly #period: number;
  /**
   * @param framework The build's framework.
   * @param data The dataset that entered the first tail step.
   * @param period The period computed.
   * @param weights The build's final weights, by child id.
   * @param steps The tail steps, in pipeline order.
   * @param weightSets Per plan input: its weight sets (inputs of weights), else `undefined`.
   */
  constructor(
    framework: FrameworkModel,
    data: Dataset,
    period: number,
    weights: Readonly<Record<string, number>>,
    steps: KernelStep[],
    weightSets: (WeightSets | undefined)[],
  ) {
    this.#fixed = data;
    this.#period = period;
    const n = data.units.length;
    const empty = new Float64Array(0);
    for (const s of steps) {
      const variants = s.variants.map((v) => ({
        geometric: v.method === "geometric",
        minAvailability: v.minAvailability,
      }));
      for (const node of parentsInScope(framework, s.step.scope)) {
        const children = node.children;
        const depends = new Set<number>();
        if (s.input >= 0) depends.add(s.input);
        const sourceOps = new Int32Array(children.length).fill(-1);
        const fixed = children.map((c, j) => {
          const op = this.#latest.get(c);
          if (op === undefined) return data.slice(c, period);
          for (const d of this.#ops[op]!.depends) depends.add(d);
          sourceOps[j] = op;
          return empty;
        });
        const weightInputs: Operation["weightInputs"] = [];
        weightSets.forEach((sets, input) => {
          if (!sets) return;
          const slotsOf = (edges: readonly string[]) => Int32Array.from(children, (c) => edges.indexOf(c));
          const entry: Operation["weightInputs"][number] = { input, sets };
          if (sets.noise) entry.shared = slotsOf(sets.noise.edges);
          else entry.perSet = sets.absolute!.map((a) => slotsOf(a.edges));
          const all = entry.shared ? [entry.shared] : entry.perSet!;
          if (!all.some((sl) => sl.some((e) => e >= 0))) return;
          depends.add(input);
          weightInputs.push(entry);
        });
        const own: Output = { values: new Float64Array(n), ok: true };
        this.#ops.push({
          node: node.id,
          variants,
          variantInput: s.input,
          sourceOps,
          fixed,
          base: Float64Array.from(children, (c) => weights[c]!),
          weights: new Float64Array(children.length),
          weightInputs,
          depends: Int32Array.from([...depends].sort((a, b) => a - b)),
          cacheable: weightInputs.length === 0,
          cache: new Map(),
          current: own,
          own,
          logBuffer: new Float64Array(n),
          fixedLogs: new Array(children.length),
          values: fixed.slice(),
        });
        this.#latest.set(node.id, this.#ops.length - 1);
      }
    }
    // Operations that depend on no choice are computed once, here.
    const none = new Int32Array(weightSets.length);
    for (const op of this.#ops) {
      if (op.depends.length === 0) this.#staticOk = this.#compute(op, none) && this.#staticOk;
      else this.#active.push(op);
    }
  }

  /** Whether the kernel aggregates `node` (otherwise its scores are those of the data it was given). */
  computes(node: string): boolean {
    return this.#latest.has(node);
  }

  /**
   * Runs the tail for one run's choices (one alternative per plan input). Returns `false` when the run fails (a
   * geometric mean met a value that is not positive), as a build would stop with an error.
   */
  run(choices: Int32Array): boolean {
    let ok = this.#staticOk;
    for (const op of this.#active) ok = this.#compute(op, choices) && ok;
    return ok;
  }

  /** Computes (or looks up) one operation for a run's choices; `false` when it fails. */
  #compute(op: Operation, choices: Int32Array): boolean {
    let key = 0;
    if (op.cacheable) {
      for (let i = 0; i < op.depends.length; i++) key = key * 65536 + choices[op.depends[i]!]!;
      const hit = op.cache.get(key);
      if (hit) {
        op.current = hit;
        return hit.ok;
      }
    }
    const variant = op.variants[op.variantInput >= 0 ? choices[op.variantInput]! : 0]!;
    const values = op.values;
    const sourceOps = op.sourceOps;
    let ok = true;
    for (let j = 0; j < sourceOps.length; j++) {
      const from = sourceOps[j]!;
      if (from >= 0) {
        const source = this.#ops[from]!.current;
        values[j] = source.values;
        ok &&= source.ok;
      }
    }
    const w = op.weights;
    const base = op.base;
    for (let j = 0; j < base.length; j++) w[j] = base[j]!;
    for (let i = 0; i < op.weightInputs.length; i++) {
      const wi = op.weightInputs[i]!;
      applySet(w, wi.sets, choices[wi.input]!, wi.shared ?? wi.perSet![choices[wi.input]!]!);
    }
    const cached = op.cacheable && op.cache.size < CACHE_LIMIT;
    const output: Output = cached ? { values: new Float64Array(op.own.values.length), ok } : op.own;
    const out = output.values;
    output.logs = undefined;
    if (variant.geometric) {
      ok &&= allPositive(values);
      // The mean of the logarithms, with the children's logarithms computed once per output: the same terms
      // w·ln(x), so the same bits as the geometric mean's own.
      if (ok)
        weightedQuasiMean(this.#logs(op), w, variant.minAvailability, identity, Math.exp, undefined, out);
    } else if (ok) {
      weightedQuasiMean(values, w, variant.minAvailability, identity, identity, undefined, out);
    }
    if (!ok) out.fill(Number.NaN);
    output.ok = ok;
    op.current = output;
    if (cached) op.cache.set(key, output);
    return ok;
  }

  /** The logarithms of an operation's children's current values (in `op.values` order). */
  #logs(op: Operation): Float64Array[] {
    const logs = new Array<Float64Array>(op.sourceOps.length);
    for (let j = 0; j < op.sourceOps.length; j++) {
      const from = op.sourceOps[j]!;
      if (from < 0) {
        logs[j] = op.fixedLogs[j] ??= logarithms(op.fixed[j]!, new Float64Array(op.fixed[j]!.length));
        continue;
      }
      const source = this.#ops[from]!;
      const output = source.current;
      output.logs ??= logarithms(
        output.values,
        output === source.own ? source.logBuffer : new Float64Array(output.values.length),
      );
      logs[j] = output.logs;
    }
    return logs;
  }

  /** Scores of a node after the last {@link TailKernel.run}, in the data's unit order. */
  scores(node: string): Float64Array {
    const op = this.#latest.get(node);
    return op === undefined ? this.#fixed.slice(node, this.#period) : this.#ops[op]!.current.values;
  }
}

/** Sets weights `w` (of an operation's children) from set `choice` of `sets`; `slots` maps children to edges. */
function applySet(w: Float64Array, sets: WeightSets, choice: number, slots: Int32Array): void {
  const noise = sets.noise;
  if (noise) {
    const from = choice * noise.edges.length;
    for (let j = 0; j < slots.length; j++) {
      const e = slots[j]!;
      if (e < 0) continue;
      const base = w[j]!;
      w[j] = base + (noise.u[from + e]! * 2 - 1) * noise.factor[e]! * base;
    }
    return;
  }
  const set = sets.absolute![choice]!;
  for (let j = 0; j < slots.length; j++) {
    const e = slots[j]!;
    if (e >= 0) w[j] = set.weights[e]!;
  }
}

/** ln of each value into `out`. */
function logarithms(values: Float64Array, out: Float64Array): Float64Array {
  for (let i = 0; i < values.length; i++) out[i] = Math.log(values[i]!);
  return out;
}

function allPositive(values: Float64Array[]): boolean {
  for (const col of values) for (let i = 0; i < col.length; i++) if (col[i]! <= 0) return false;
  return true;
}
