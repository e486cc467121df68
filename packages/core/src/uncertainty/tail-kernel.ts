import { identity, weightedQuasiMean } from "../aggregate/availability.js";
import type { Dataset } from "../data/dataset.js";
import type { FrameworkModel } from "../model/framework.js";
import { parentsInScope } from "../pipeline/scope.js";
import type { StepSpec } from "../spec/types.js";

/** Aggregation methods the tail kernel computes itself, exactly as their definitions do. */
export const KERNEL_METHODS: ReadonlySet<string> = new Set(["arithmetic", "geometric"]);

/** How a run sets the weights of some edges: absolute values, or noise on the weights in force. */
export interface WeightOverride {
  /** Child ids of the edges set. */
  edges: readonly string[];
  /** New weights, by edge (absolute sets). */
  absolute?: Float64Array;
  /** Uniform numbers u by edge and the factor F: w becomes w + (2u − 1)·F·w (noise sets). */
  noise?: { u: Float64Array; factor: Float64Array };
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

interface Operation {
  node: string;
  stepIndex: number;
  /** Where each child's values come from: a fixed vector, or the operation that last wrote the child. */
  sources: (Float64Array | number)[];
  children: readonly string[];
  /** Base weights of the children, from the build. */
  base: Float64Array;
  /** Weights used in a run (work space). */
  weights: Float64Array;
  /**
   * Plan inputs of kind "weights" touching this operation's edges: the input and each child's slot in a set's
   * edges (−1 when the set leaves it alone): one list when every set names the same edges (noise sets do),
   * else one per set.
   */
  weightInputs: { input: number; shared?: Int32Array; perSet?: Int32Array[] }[];
  /** Plan inputs this operation's result depends on (bitmask over inputs, as a list). */
  depends: number[];
  /** Whether its results can be kept per choice of `depends` (no weights input among them). */
  cacheable: boolean;
  cache: Map<number, { values: Float64Array; ok: boolean }>;
  buffer: Float64Array;
  current: Float64Array;
  ok: boolean;
  values: Float64Array[];
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
  readonly #steps: KernelStep[];
  readonly #overrides: (WeightOverride[] | undefined)[];

  /**
   * @param framework The build's framework.
   * @param data The dataset that entered the first tail step.
   * @param period The period computed.
   * @param weights The build's final weights, by child id.
   * @param steps The tail steps, in pipeline order.
   * @param overrides Per plan input: its weight sets (for inputs of kind "weights"), else `undefined`.
   */
  constructor(
    framework: FrameworkModel,
    data: Dataset,
    period: number,
    weights: Readonly<Record<string, number>>,
    steps: KernelStep[],
    overrides: (WeightOverride[] | undefined)[],
  ) {
    this.#fixed = data;
    this.#period = period;
    this.#steps = steps;
    this.#overrides = overrides;
    const n = data.units.length;
    const dependsOf = new Map<number, number[]>();
    steps.forEach((s, si) => {
      for (const node of parentsInScope(framework, s.step.scope)) {
        const children = node.children;
        const depends = new Set<number>();
        if (s.input >= 0) depends.add(s.input);
        const sources = children.map((c) => {
          const op = this.#latest.get(c);
          if (op !== undefined) {
            for (const d of dependsOf.get(op)!) depends.add(d);
            return op;
          }
          return data.slice(c, period);
        });
        const weightInputs: Operation["weightInputs"] = [];
        overrides.forEach((sets, input) => {
          if (!sets) return;
          const slotsOf = (o: WeightOverride) => Int32Array.from(children, (c) => o.edges.indexOf(c));
          const first = sets[0]!.edges;
          const entry: Operation["weightInputs"][number] = { input };
          if (sets.every((o) => o.edges === first)) entry.shared = slotsOf(sets[0]!);
          else entry.perSet = sets.map(slotsOf);
          const all = entry.shared ? [entry.shared] : entry.perSet!;
          if (!all.some((sl) => sl.some((e) => e >= 0))) return;
          depends.add(input);
          weightInputs.push(entry);
        });
        const list = [...depends].sort((a, b) => a - b);
        const index = this.#ops.length;
        dependsOf.set(index, list);
        const buffer = new Float64Array(n);
        this.#ops.push({
          node: node.id,
          stepIndex: si,
          sources,
          children,
          base: Float64Array.from(children, (c) => weights[c]!),
          weights: new Float64Array(children.length),
          weightInputs,
          depends: list,
          cacheable: weightInputs.length === 0,
          cache: new Map(),
          buffer,
          current: buffer,
          ok: true,
          values: new Array(children.length),
        });
        this.#latest.set(node.id, index);
      }
    });
    // Operations that depend on no choice are computed once, here.
    const none = new Int32Array(overrides.length);
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
        op.current = hit.values;
        op.ok = hit.ok;
        return hit.ok;
      }
    }
    const step = this.#steps[op.stepIndex]!;
    const variant = step.variants[step.input >= 0 ? choices[step.input]! : 0]!;
    const values = op.values;
    let opOk = true;
    for (let j = 0; j < op.sources.length; j++) {
      const s = op.sources[j]!;
      if (typeof s === "number") {
        const from = this.#ops[s]!;
        values[j] = from.current;
        opOk &&= from.ok;
      } else values[j] = s;
    }
    const w = op.weights;
    w.set(op.base);
    for (let i = 0; i < op.weightInputs.length; i++) {
      const wi = op.weightInputs[i]!;
      const choice = choices[wi.input]!;
      this.#applyWeights(w, this.#overrides[wi.input]![choice]!, wi.shared ?? wi.perSet![choice]!);
    }
    const out = op.cacheable && op.cache.size < CACHE_LIMIT ? new Float64Array(op.buffer.length) : op.buffer;
    if (variant.method === "geometric") {
      opOk &&= allPositive(values);
      if (opOk) weightedQuasiMean(values, w, variant.minAvailability, Math.log, Math.exp, undefined, out);
    } else if (opOk) {
      weightedQuasiMean(values, w, variant.minAvailability, identity, identity, undefined, out);
    }
    if (!opOk) out.fill(Number.NaN);
    op.current = out;
    op.ok = opOk;
    if (out !== op.buffer) op.cache.set(key, { values: out, ok: opOk });
    return opOk;
  }

  /** Scores of a node after the last {@link TailKernel.run}, in the data's unit order. */
  scores(node: string): Float64Array {
    const op = this.#latest.get(node);
    return op === undefined ? this.#fixed.slice(node, this.#period) : this.#ops[op]!.current;
  }

  #applyWeights(w: Float64Array, set: WeightOverride, slots: Int32Array): void {
    for (let j = 0; j < slots.length; j++) {
      const e = slots[j]!;
      if (e < 0) continue;
      if (set.absolute) w[j] = set.absolute[e]!;
      else if (set.noise) {
        const base = w[j]!;
        w[j] = base + (set.noise.u[e]! * 2 - 1) * set.noise.factor[e]! * base;
      }
    }
  }
}

function allPositive(values: Float64Array[]): boolean {
  for (const col of values) for (let i = 0; i < col.length; i++) if (col[i]! <= 0) return false;
  return true;
}
