import { dataPath, show } from "../issues.js";
import { type AggregateContext, type AggregateMethod, defineMethod, type JsonSchema } from "../methods.js";

/** A bound for every child, or bounds by child id (children not named are unbounded on that side). */
export type ChildBound = number | Record<string, number>;

/** Options of {@link benefitOfTheDoubt}. */
export type BenefitOfTheDoubtOptions = {
  /** Multiplies the score (the optimum, 0..1); `100` gives 0..100. Default `1`. */
  scale: number;
  /** Lower bound on each child's share wⱼ yᵤⱼ / Σₖ wₖ yᵤₖ of a unit's score; default none (0). */
  minShare?: ChildBound;
  /** Upper bound on each child's share of a unit's score; default none (1). */
  maxShare?: ChildBound;
  /** Lower bound on each child's weight wⱼ (in units of 1 / value); default none (0). */
  minWeight?: ChildBound;
  /** Upper bound on each child's weight wⱼ; default none. */
  maxWeight?: ChildBound;
  /**
   * Where to import the HiGHS module (`highs/build/highs.mjs`) from in a browser without an import map for
   * `highs`; default: the bare specifier `highs`, resolved by Node or by the page's import map.
   */
  solverUrl?: string;
  /** Where to fetch `highs.wasm` from, when it is not next to the solver's module. */
  wasmUrl?: string;
};

/** A persistent HiGHS model: the part of the `highs` package's `Model` that benefit of the doubt uses. */
export interface LpModel {
  /** The model's options. */
  readonly options: { set(values: Readonly<Record<string, string | number | boolean>>): unknown };
  /** Sets the objective coefficients of a range of columns. */
  changeColsCost(selection: { kind: "range"; from: number; to: number }, costs: Float64Array): unknown;
  /** Sets one constraint coefficient. */
  changeCoefficient(row: number, col: number, value: number): unknown;
  /** The index of a column by name. */
  getColByName(name: string): number;
  /** The index of a row by name. */
  getRowByName(name: string): number;
  /** Solves, from the previous basis when there is one. */
  run(): unknown;
  /** HiGHS model status (`7` optimal, `8` infeasible). */
  getModelStatus(): number;
  /** The objective value of the last solve. */
  getObjectiveValue(): number;
  /** The primal values of the last solve, by column index. */
  getSolution(): { colValue: Float64Array };
  /** Frees the native model. */
  dispose(): void;
}

/** What {@link benefitOfTheDoubt}'s setup returns: the loaded HiGHS runtime. */
export interface LpSolver {
  /** Creates a persistent model from CPLEX LP text. */
  createModel(source: { format: "lp"; data: string }): LpModel;
}

/** HiGHS's model status for a proven optimum. */
const OPTIMAL = 7;

let solverPromise: Promise<LpSolver> | undefined;
let solverKey: string | undefined;

/** The bare specifier of the solver package, kept in a variable so that bundlers do not follow it. */
const HIGHS = "highs";

/**
 * Loads the HiGHS solver (WebAssembly) once per module URL, lazily: the `highs` package is imported only when
 * a step uses benefit of the doubt. The specifier is not a literal, so bundlers neither pull the solver into
 * the core's bundle nor try to resolve the Node-only branch of its loader (`node:module`, `node:fs`), which
 * would break a browser build; Node resolves `highs` from the core's dependencies, a browser from an import
 * map or `solverUrl`.
 */
export async function loadSolver(
  solverUrl: string | undefined,
  wasmUrl: string | undefined,
): Promise<LpSolver> {
  const key = `${solverUrl ?? HIGHS}\n${wasmUrl ?? ""}`;
  if (!solverPromise || solverKey !== key) {
    solverKey = key;
    const specifier = solverUrl ?? HIGHS;
    solverPromise = import(/* webpackIgnore: true */ /* @vite-ignore */ specifier).then((m) => {
      const loader = (m as { default: (o?: object) => Promise<LpSolver> }).default;
      return loader(wasmUrl === undefined ? {} : { locateFile: () => wasmUrl });
    });
    solverPromise.catch(() => {
      solverPromise = undefined;
    });
  }
  return solverPromise;
}

const bound = (description: string, max?: number): JsonSchema => {
  const n = { type: "number", minimum: 0, ...(max === undefined ? {} : { maximum: max }) };
  return {
    description,
    anyOf: [n, { type: "object", additionalProperties: n, description: "Bounds by child id" }],
  };
};

/** HiGHS options: small dense programmes solve faster without presolve; no console output. */
const SOLVE_OPTIONS = { presolve: "off", output_flag: false };

/** A coefficient and variable as a term of an LP-format expression: ` + 0.5 w1`, ` - 2 w0`. */
export function term(coefficient: number, variable: string): string {
  return coefficient < 0 ? ` - ${-coefficient} ${variable}` : ` + ${coefficient} ${variable}`;
}

/** A bound for child j: the number, the child's entry, or `fallback`. */
function boundOf(b: ChildBound | undefined, id: string, fallback: number): number {
  if (b === undefined) return fallback;
  if (typeof b === "number") return b;
  return Object.hasOwn(b, id) ? b[id]! : fallback;
}

/**
 * Benefit of the doubt: each unit is scored with the weights most favourable to it, a data envelopment
 * analysis (DEA) model with a unit input. For unit u the linear programme
 *
 *   maximise Σⱼ wⱼ yᵤⱼ  subject to  Σⱼ wⱼ yᵥⱼ ≤ 1 for every unit v,  wⱼ ≥ 0,
 *
 * optionally with bounds on each child's share of the score, Lⱼ ≤ wⱼ yᵤⱼ / Σₖ wₖ yᵤₖ ≤ Uⱼ (written linearly as
 * wⱼ yᵤⱼ − Lⱼ Σₖ wₖ yᵤₖ ≥ 0 and wⱼ yᵤⱼ − Uⱼ Σₖ wₖ yᵤₖ ≤ 0), and on the weights themselves, is solved with HiGHS;
 * the score is its optimum, between 0 and 1 (1 for a unit no other unit beats under its own best weights),
 * times `scale`. Each unit's weights and the children's shares go to the audit trail. Since every unit picks
 * its own weights, the weights of the weight step are not used. Scores are relative to the sample: adding a
 * unit can lower the others'.
 *
 * Values must be non-negative (normalise onto [0, 1] or [0, 100] first); a negative value stops the run with an
 * error naming the cells. A unit with a missing child gets a missing score and does not constrain the others
 * (a warning lists them). A unit whose values are all zero scores 0 without a solve. A child that is zero for
 * every unit gets its lower weight bound (it cannot change any score).
 *
 * The solver is the `highs` package (HiGHS compiled to WebAssembly), loaded once by `setup` on first use. The
 * programme of a node and period is written once in CPLEX LP format and read into one persistent HiGHS model;
 * for each unit only the objective and the share rows change, and the dual simplex restarts from the previous
 * basis (no presolve), which is several times faster than a fresh solve per unit.
 * In a browser, map `highs` in an import map or give `solverUrl` (for instance the package's `build/highs.mjs`
 * on a CDN); `wasmUrl` overrides where `highs.wasm` is fetched from.
 *
 * Reference: Cherchye, L., Moesen, W., Rogge, N. & Van Puyenbroeck, T. (2007) An introduction to ‘benefit of
 * the doubt’ composite indicators, Social Indicators Research 82, 111–145; OECD/JRC (2008) Handbook on
 * Constructing Composite Indicators, §6.1 (benefit of the doubt approach) and §6.2; Melyn & Moesen (1991).
 * Complexity: n linear programmes of k variables and about n + 2k rows per node and period.
 *
 * @example
 * // y = (3, 1), (1, 2), (1, 1): units 1 and 2 score 1, unit 3 scores 0.6 with w = (0.2, 0.4)
 * // { "step": "aggregate", "method": "bod", "options": { "scale": 100, "maxShare": 0.6 } }
 */
export const benefitOfTheDoubt: AggregateMethod<BenefitOfTheDoubtOptions> = defineMethod({
  stage: "aggregate",
  id: "bod",
  label: "Benefit of the doubt",
  description:
    "Scores each unit with the weights most favourable to it, under which no unit exceeds 1 (a DEA linear programme per unit, solved with HiGHS)",
  formula: "sᵤ = max_w Σⱼ wⱼ yᵤⱼ  s.t.  Σⱼ wⱼ yᵥⱼ ≤ 1 ∀v, w ≥ 0, Lⱼ ≤ wⱼ yᵤⱼ / Σₖ wₖ yᵤₖ ≤ Uⱼ",
  citation:
    "Cherchye, Moesen, Rogge & Van Puyenbroeck (2007) Social Indicators Research 82, 111–145; OECD/JRC (2008) Handbook on Constructing Composite Indicators, §6.1",
  options: {
    type: "object",
    properties: {
      scale: {
        type: "number",
        exclusiveMinimum: 0,
        default: 1,
        description: "Multiplies the score, which is between 0 and 1 (100 gives scores between 0 and 100)",
      },
      minShare: bound(
        "Lower bound on each child's share of a unit's score (0..1), one number for all or by child id",
        1,
      ),
      maxShare: bound(
        "Upper bound on each child's share of a unit's score (0..1), one number for all or by child id",
        1,
      ),
      minWeight: bound(
        "Lower bound on each child's weight (in units of 1 / value), one number for all or by child id",
      ),
      maxWeight: bound(
        "Upper bound on each child's weight (in units of 1 / value), one number for all or by child id",
      ),
      solverUrl: {
        type: "string",
        description:
          "Where to import the HiGHS solver module (highs/build/highs.mjs) from in a browser without an import map for highs; default: the package highs",
      },
      wasmUrl: {
        type: "string",
        description: "Where to fetch highs.wasm from, when it is not next to the solver's module",
      },
    },
    additionalProperties: false,
  },
  properties: { deterministic: true, compensatory: true, usesWholeSample: true, minChildren: 1 },
  missing:
    "A unit with a missing child gets a missing score and does not constrain the others. Ties: several weight vectors can give the same optimum; the audit shows the one HiGHS returns.",
  async setup(options) {
    return loadSolver(options.solverUrl, options.wasmUrl);
  },
  aggregate(values, _weights, options, ctx) {
    return bod(values, options, ctx);
  },
});

function bod(
  values: readonly Float64Array[],
  options: BenefitOfTheDoubtOptions,
  ctx: AggregateContext,
): Float64Array {
  const k = values.length;
  const n = values[0]?.length ?? 0;
  const out = new Float64Array(n).fill(Number.NaN);
  const solver = ctx.prepared as LpSolver | undefined;
  if (!solver) throw new Error("benefit of the doubt: the HiGHS solver was not loaded (setup did not run)");
  const ids = ctx.children.map((c) => c.id);
  const lo = ids.map((id) => boundOf(options.minShare, id, 0));
  const hi = ids.map((id) => boundOf(options.maxShare, id, 1));
  const wLo = ids.map((id) => boundOf(options.minWeight, id, 0));
  const wHi = ids.map((id) => boundOf(options.maxWeight, id, Number.POSITIVE_INFINITY));
  const bad = ids.filter((_, j) => lo[j]! > hi[j]! || wLo[j]! > wHi[j]!);
  const loSum = lo.reduce((s, v) => s + v, 0);
  if (bad.length > 0 || loSum > 1 + 1e-12) {
    ctx.report({
      severity: "error",
      code: "infeasible-bounds",
      message:
        bad.length > 0
          ? `benefit of the doubt has a lower bound above the upper bound for ${bad.map(show).join(", ")}`
          : `benefit of the doubt needs minShare to sum to at most 1 over the children of ${show(ctx.node.id)}, got ${show(loSum)}`,
    });
    return out;
  }

  const negative: string[] = [];
  const incomplete: string[] = [];
  const complete: number[] = [];
  for (let u = 0; u < n; u++) {
    let ok = true;
    for (let j = 0; j < k; j++) {
      const v = values[j]![u]!;
      if (Number.isNaN(v)) ok = false;
      else if (v < 0) negative.push(`${ctx.units[u]}/${ids[j]} = ${v}`);
    }
    if (ok) complete.push(u);
    else incomplete.push(ctx.units[u]!);
  }
  if (negative.length > 0) {
    const first = negative[0]!.split(" = ")[0]!.split("/");
    ctx.report({
      severity: "error",
      code: "negative-values",
      path: dataPath(first[0]!, first[1], ctx.period),
      message: `benefit of the doubt needs non-negative values, but ${negative.length} value(s) of the children of ${show(ctx.node.id)} in ${show(ctx.period)} are negative: ${negative.slice(0, 10).join(", ")}${negative.length > 10 ? ", ..." : ""}; normalise onto a non-negative range first (for example min-max onto [0, 100])`,
    });
    return out;
  }
  if (incomplete.length > 0) {
    ctx.report({
      severity: "warning",
      code: "incomplete-units",
      message: `benefit of the doubt gives no score to ${incomplete.length} unit(s) with a missing child of ${show(ctx.node.id)} in ${show(ctx.period)}: ${incomplete.slice(0, 10).map(show).join(", ")}${incomplete.length > 10 ? ", ..." : ""}`,
    });
  }

  // children that are zero for every unit cannot change a score: fix their weight at its lower bound
  const idle = ids.map((_, j) => complete.every((u) => values[j]![u] === 0));
  const names = ids.map((_, j) => `w${j}`);
  const bounds: string[] = ["Bounds"];
  for (let j = 0; j < k; j++) {
    if (idle[j]) bounds.push(` ${names[j]} = ${wLo[j]}`);
    else if (wHi[j] === Number.POSITIVE_INFINITY) bounds.push(` ${names[j]} >= ${wLo[j]}`);
    else bounds.push(` ${wLo[j]} <= ${names[j]} <= ${wHi[j]}`);
  }
  const tail = `${bounds.join("\n")}\nEnd\n`;
  // the rows Σⱼ wⱼ yᵥⱼ ≤ 1 are the same for every unit: written once
  const rows: string[] = [];
  for (const v of complete) {
    let row = "";
    for (let j = 0; j < k; j++) {
      const y = values[j]![v]!;
      if (y !== 0) row += term(y, names[j]!);
    }
    if (row !== "") rows.push(` u${v}:${row} <= 1`);
  }
  const shareRows: { name: string; child: number; bound: number }[] = [];
  for (let j = 0; j < k; j++) {
    if (lo[j]! > 0) shareRows.push({ name: `sl${j}`, child: j, bound: lo[j]! });
    if (hi[j]! < 1) shareRows.push({ name: `sh${j}`, child: j, bound: hi[j]! });
  }
  const scored = complete.filter((u) => values.some((x) => x[u] !== 0));
  for (const u of complete) {
    if (scored.includes(u)) continue;
    out[u] = 0;
    ctx.audit({
      action: "weights",
      unit: ctx.units[u]!,
      node: ctx.node.id,
      period: ctx.period,
      details: { score: 0 },
      message: `${ctx.units[u]} scores 0 on ${ctx.node.id}: all its children are zero`,
    });
  }
  if (scored.length === 0) return out;

  // One model per node and period, read from LP text: the unit rows stay, and for each unit only the objective
  // and the share rows' coefficients change, so HiGHS re-solves from the previous basis. The template's
  // objective and share rows name every weight so that every column and row exists; their coefficients are set
  // before each solve.
  const all = names.map((name) => ` + 1 ${name}`).join("");
  const template = [
    "Maximize",
    ` obj:${all}`,
    "Subject To",
    ...rows,
    ...shareRows.map((r) => ` ${r.name}:${all} ${r.name.startsWith("sl") ? ">=" : "<="} 0`),
    tail,
  ].join("\n");
  const model = solver.createModel({ format: "lp", data: template });
  try {
    model.options.set(SOLVE_OPTIONS);
    const col = names.map((name) => model.getColByName(name));
    const shareRow = shareRows.map((r) => model.getRowByName(r.name));
    const costs = new Float64Array(k);
    for (const u of scored) {
      for (let j = 0; j < k; j++) costs[col[j]!] = values[j]![u]!;
      model.changeColsCost({ kind: "range", from: 0, to: k - 1 }, costs);
      shareRows.forEach((r, q) => {
        for (let i = 0; i < k; i++) {
          const y = values[i]![u]!;
          model.changeCoefficient(shareRow[q]!, col[i]!, (i === r.child ? y : 0) - r.bound * y);
        }
      });
      model.run();
      const status = model.getModelStatus();
      if (status !== OPTIMAL) {
        ctx.report({
          severity: "error",
          code: "lp-failed",
          path: dataPath(ctx.units[u]!, ctx.node.id, ctx.period),
          message: `benefit of the doubt could not score ${show(ctx.units[u])} on ${show(ctx.node.id)} in ${show(ctx.period)}: HiGHS returned model status ${show(status)} (${status === 8 ? "infeasible" : "not optimal"}); check the weight and share bounds`,
        });
        continue;
      }
      const primal = model.getSolution().colValue;
      const w = col.map((c) => primal[c] ?? 0);
      const score = Math.min(1, Math.max(0, model.getObjectiveValue()));
      out[u] = score * options.scale;
      const total = w.reduce((sum, wj, j) => sum + wj * values[j]![u]!, 0);
      ctx.audit({
        action: "weights",
        unit: ctx.units[u]!,
        node: ctx.node.id,
        period: ctx.period,
        details: {
          score,
          weights: Object.fromEntries(ids.map((id, j) => [id, w[j]])),
          shares: Object.fromEntries(
            ids.map((id, j) => [id, total > 0 ? (w[j]! * values[j]![u]!) / total : 0]),
          ),
        },
        message: `benefit-of-the-doubt weights of ${ctx.units[u]} for ${ctx.node.id} in ${ctx.period}: ${ids.map((id, j) => `${id} ${w[j]}`).join(", ")} (score ${score})`,
      });
    }
  } finally {
    model.dispose();
  }
  return out;
}
