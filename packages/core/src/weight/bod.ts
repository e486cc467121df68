import { type LpSolver, loadSolver, term } from "../aggregate/bod.js";
import { dataPath, show } from "../issues.js";
import { defineMethod, type WeightMethod } from "../methods.js";

/** Options of {@link bodWeights}. */
export type BodWeightsOptions = {
  /** Lower bound on each child's share of the total weight (0..1); default `0`. */
  minShare: number;
  /** Upper bound on each child's share of the total weight (0..1); default `1`. */
  maxShare: number;
  /** Where to import the HiGHS module from in a browser (see the aggregation method `bod`). */
  solverUrl?: string;
  /** Where to fetch `highs.wasm` from. */
  wasmUrl?: string;
};

/** HiGHS's model status for a proven optimum. */
const OPTIMAL = 7;

/**
 * Common weights by benefit of the doubt: the one set of weights that gives the units, together, the most
 * credit, under the benefit-of-the-doubt constraint that no unit scores above 1 with them. The linear programme
 *
 *   maximise Σᵤ Σⱼ wⱼ yᵤⱼ  subject to  Σⱼ wⱼ yᵥⱼ ≤ 1 for every unit v,  wⱼ ≥ 0,
 *   minShare · Σₖ wₖ ≤ wⱼ ≤ maxShare · Σₖ wₖ,
 *
 * is solved with HiGHS, and the weights are returned scaled to sum to one, so a following arithmetic aggregation
 * ranks units exactly by their common-weight scores Σⱼ wⱼ yᵤⱼ. Unlike the aggregation method `bod` (each unit its
 * own weights), every unit is scored with the same weights, which keeps the index comparable across units. A
 * linear programme puts its optimum at a vertex: without share bounds most weight often goes to one or two
 * children, so set `minShare` (for example 0.05) to keep every child in play.
 *
 * Reference: Cherchye, Moesen, Rogge & Van Puyenbroeck (2007) "An introduction to 'benefit of the doubt'
 * composite indicators", Social Indicators Research 82; common weights as in Despotis (2005) "A reassessment of
 * the human development index via data envelopment analysis", JORS 56(8), here with the aggregate-score
 * objective. Complexity: one LP with k variables and n + 2k constraints.
 *
 * @example
 * // { "step": "weight", "method": "bod", "options": { "minShare": 0.05 }, "scope": { "levels": [2] } }
 */
export const bodWeights: WeightMethod<BodWeightsOptions> = defineMethod({
  stage: "weight",
  id: "bod",
  label: "Benefit-of-the-doubt common weights",
  description:
    "One set of weights that maximises the units' total benefit-of-the-doubt score, no unit scoring above 1",
  formula: "max Σᵤ Σⱼ wⱼ yᵤⱼ s.t. Σⱼ wⱼ yᵥⱼ ≤ 1 ∀v, w ≥ 0, minShare·Σw ≤ wⱼ ≤ maxShare·Σw; weights wⱼ / Σw",
  citation:
    "Cherchye et al. (2007) Social Indicators Research 82; Despotis (2005) JORS 56(8) (common weights); solved with HiGHS",
  options: {
    type: "object",
    properties: {
      minShare: {
        type: "number",
        minimum: 0,
        maximum: 1,
        default: 0,
        description: "Lower bound on each child's share of the total weight",
      },
      maxShare: {
        type: "number",
        minimum: 0,
        maximum: 1,
        default: 1,
        description: "Upper bound on each child's share of the total weight",
      },
      solverUrl: { type: "string", description: "Where to import the HiGHS module from in a browser" },
      wasmUrl: { type: "string", description: "Where to fetch highs.wasm from" },
    },
    additionalProperties: false,
  },
  properties: { deterministic: true, usesWholeSample: true, minChildren: 2 },
  missing: "Units with a missing child are left out of the programme (a warning names them).",
  example: { options: { minShare: 0.1 } },
  async setup(options) {
    return loadSolver(options.solverUrl, options.wasmUrl);
  },
  weight(options, ctx) {
    const solver = ctx.prepared as LpSolver | undefined;
    if (!solver) throw new Error("bod weights: the HiGHS solver was not loaded (setup did not run)");
    const ids = ctx.children.map((c) => c.id);
    const k = ids.length;
    const { minShare, maxShare } = options;
    if (minShare * k > 1 + 1e-12 || maxShare * k < 1 - 1e-12 || minShare > maxShare) {
      ctx.report({
        severity: "error",
        code: "infeasible-bounds",
        message: `bod weights cannot give ${k} children shares between ${show(minShare)} and ${show(maxShare)} that sum to 1`,
      });
      return Float64Array.from(ctx.current);
    }
    const p = ctx.periodIndex;
    const columns = ids.map((id) => ctx.data.slice(id, p));
    const rows: number[] = [];
    const incomplete: string[] = [];
    for (let u = 0; u < ctx.units.length; u++) {
      let ok = true;
      for (let j = 0; j < k; j++) {
        const v = columns[j]![u]!;
        if (Number.isNaN(v)) ok = false;
        else if (v < 0) {
          ctx.report({
            severity: "error",
            code: "negative-values",
            path: dataPath(ctx.units[u]!, ids[j], ctx.period),
            message: `bod weights need non-negative values, got ${show(v)} for ${show(ids[j])} (${ctx.units[u]}); normalise onto a non-negative range first (for example min-max onto [0, 100])`,
          });
          return Float64Array.from(ctx.current);
        }
      }
      if (ok) rows.push(u);
      else incomplete.push(ctx.units[u]!);
    }
    if (incomplete.length > 0) {
      ctx.report({
        severity: "warning",
        code: "incomplete-units",
        message: `bod weights leave out ${incomplete.length} unit(s) with a missing child of ${show(ctx.node.id)}: ${incomplete.slice(0, 10).map(show).join(", ")}`,
      });
    }
    if (rows.length === 0) {
      ctx.report({
        severity: "error",
        code: "no-complete-units",
        message: `bod weights need units with a value for every child of ${show(ctx.node.id)}; none has`,
      });
      return Float64Array.from(ctx.current);
    }
    const v = (j: number) => `w${j}`;
    const objective = ids
      .map((_, j) =>
        term(
          rows.reduce((s, u) => s + columns[j]![u]!, 0),
          v(j),
        ),
      )
      .join("");
    const lines = ["Maximize", ` obj:${objective}`, "Subject To"];
    for (const u of rows)
      lines.push(` u${u}:${ids.map((_, j) => term(columns[j]![u]!, v(j))).join("")} <= 1`);
    for (let j = 0; j < k; j++) {
      if (minShare > 0) {
        lines.push(` lo${j}:${ids.map((_, i) => term((i === j ? 1 : 0) - minShare, v(i))).join("")} >= 0`);
      }
      if (maxShare < 1) {
        lines.push(` hi${j}:${ids.map((_, i) => term((i === j ? 1 : 0) - maxShare, v(i))).join("")} <= 0`);
      }
    }
    lines.push("Bounds", ...ids.map((_, j) => ` ${v(j)} >= 0`), "End");
    const model = solver.createModel({ format: "lp", data: lines.join("\n") });
    try {
      model.options.set({ output_flag: false });
      model.run();
      if (model.getModelStatus() !== OPTIMAL) {
        ctx.report({
          severity: "error",
          code: "lp-failed",
          message: `bod weights for the children of ${show(ctx.node.id)}: the linear programme has no optimum (HiGHS status ${model.getModelStatus()})`,
        });
        return Float64Array.from(ctx.current);
      }
      const raw = model.getSolution().colValue;
      const w = Float64Array.from(ids, (_, j) => Math.max(0, raw[model.getColByName(v(j))]!));
      const sum = w.reduce((s, x) => s + x, 0);
      if (!(sum > 0)) {
        ctx.report({
          severity: "error",
          code: "lp-failed",
          message: `bod weights for the children of ${show(ctx.node.id)} are all zero: every unit is zero on every child`,
        });
        return Float64Array.from(ctx.current);
      }
      ctx.audit({
        action: "bod-weights",
        node: ctx.node.id,
        details: {
          units: rows.length,
          objective: model.getObjectiveValue(),
          raw: Object.fromEntries(ids.map((id, j) => [id, w[j]])),
        },
        message: `common benefit-of-the-doubt weights of the children of ${ctx.node.id}: total score ${model.getObjectiveValue()} over ${rows.length} units`,
      });
      return w.map((x) => x / sum);
    } finally {
      model.dispose();
    }
  },
});
