import { show } from "../issues.js";
import { defineMethod, type WeightContext, type WeightMethod } from "../methods.js";
import { principalEigenvector } from "../stats/principal-eigenvector.js";

/** One judgement: a positive number, or a fraction written as text (`"1/3"`) so that it is exact. */
export type Judgement = number | string;

/** A pairwise comparison matrix: `m[i][j]` says how much more important child i is than child j. */
export type JudgementMatrix = readonly (readonly Judgement[])[];

/** How the priority vector is derived from a pairwise comparison matrix. */
export type AhpPriorityMethod = "eigenvector" | "arithmetic" | "geometric";

/** Which random-index table the consistency ratio divides by. */
export type RandomIndexTable = "saaty" | "chinese-textbook" | "custom";

/** Options of {@link ahpWeights}. */
export type AhpOptions = {
  /**
   * Pairwise judgements by parent node id: one matrix, or several (one per expert) combined by the
   * element-wise geometric mean. Rows and columns follow the order of the node's children in the framework.
   */
  judgements: Record<string, JudgementMatrix | readonly JudgementMatrix[]>;
  /** Priority vector: `eigenvector` (default), `arithmetic` or `geometric`. */
  priority?: AhpPriorityMethod;
  /** Random-index table: `saaty` (default), `chinese-textbook`, or `custom` with `randomIndexValues`. */
  randomIndex?: RandomIndexTable;
  /** The custom random-index table, RI for n = 1, 2, 3, ... (used when `randomIndex` is `custom`). */
  randomIndexValues?: number[];
  /** A consistency ratio at or above this is reported as a warning (default 0.1). */
  threshold?: number;
  /** Largest accepted |aᵢⱼ·aⱼᵢ − 1| for a matrix to count as reciprocal (default 0.02, so 0.33 passes for 1/3). */
  reciprocalTolerance?: number;
};

/**
 * Random-index tables: RI for n = 1, 2, 3, ... (index n − 1), the mean consistency index of random reciprocal
 * matrices on the 1–9 scale. A matrix larger than its table has no RI and so no consistency ratio.
 *
 * - `saaty`: Saaty, T. L. (1980) The Analytic Hierarchy Process, McGraw-Hill; repeated in Saaty, T. L. (1990)
 *   "How to make a decision: the analytic hierarchy process", European Journal of Operational Research 48(1),
 *   9–26. n = 1 … 10.
 * - `chinese-textbook`: the table printed in Chinese AHP textbooks and courses (1000 random matrices per order;
 *   commonly attributed to 许树柏 Xu Shubo (1988) 《实用决策方法：层次分析法原理》, 天津大学出版社). n = 1 … 15.
 *
 * Other published tables (Tummala & Ling 1998; Alonso & Lamata 2006) can be passed as `custom` values.
 */
export const RANDOM_INDEX_TABLES: Readonly<Record<Exclude<RandomIndexTable, "custom">, readonly number[]>> = {
  saaty: [0, 0, 0.58, 0.9, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49],
  "chinese-textbook": [0, 0, 0.52, 0.89, 1.12, 1.26, 1.36, 1.41, 1.46, 1.49, 1.52, 1.54, 1.56, 1.58, 1.59],
};

/** The result of {@link ahpPriorities}. */
export interface AhpResult {
  /** The priority vector, summing to 1. */
  weights: Float64Array;
  /** Principal eigenvalue (eigenvector method) or its estimate (1/n) Σᵢ (A w)ᵢ / wᵢ (approximations). */
  lambdaMax: number;
  /** Consistency index (λmax − n)/(n − 1); 0 for n ≤ 2. */
  ci: number;
  /** Random index for n, or `NaN` when the table has no entry for n. */
  ri: number;
  /** Consistency ratio CI/RI; 0 for n ≤ 2 (always consistent); `NaN` when RI is unknown. */
  cr: number;
  /** Power iterations used (eigenvector method), else 0. */
  iterations: number;
}

/** Parses one judgement; `NaN` if it is neither a finite number nor a fraction `a/b`. */
export function parseJudgement(value: Judgement): number {
  if (typeof value === "number") return Number.isFinite(value) ? value : Number.NaN;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(?:\/\s*(\d+(?:\.\d+)?)\s*)?$/.exec(value);
  if (!m) return Number.NaN;
  const num = Number(m[1]);
  return m[2] === undefined ? num : num / Number(m[2]);
}

/** The RI of an n × n matrix under a table; `NaN` when the table stops before n. */
export function randomIndex(
  n: number,
  table: RandomIndexTable = "saaty",
  values?: readonly number[],
): number {
  const t = table === "custom" ? (values ?? []) : RANDOM_INDEX_TABLES[table];
  return t[n - 1] ?? Number.NaN;
}

/**
 * Priority vector and consistency of one positive reciprocal matrix (already checked by
 * {@link checkJudgementMatrix}).
 *
 * - `eigenvector`: the principal right eigenvector (power iteration to 1e-15), λmax its eigenvalue.
 * - `arithmetic`: each column divided by its sum, then the rows averaged.
 * - `geometric`: the geometric mean of each row, normalised.
 *
 * For the approximations λmax is estimated by (1/n) Σᵢ (A w)ᵢ / wᵢ, as in Saaty (1980) and the Chinese
 * textbooks. CI = (λmax − n)/(n − 1), CR = CI/RI.
 *
 * @example
 * ahpPriorities([[1, 3], [1 / 3, 1]]).weights // Float64Array [0.75, 0.25]
 */
export function ahpPriorities(
  a: readonly (readonly number[])[],
  options: {
    priority?: AhpPriorityMethod;
    randomIndex?: RandomIndexTable;
    randomIndexValues?: readonly number[];
  } = {},
): AhpResult {
  const n = a.length;
  const priority = options.priority ?? "eigenvector";
  let w: Float64Array = new Float64Array(n);
  let lambdaMax: number;
  let iterations = 0;
  if (priority === "eigenvector") {
    const e = principalEigenvector(a);
    w = e.vector;
    lambdaMax = e.value;
    iterations = e.iterations;
  } else {
    if (priority === "arithmetic") {
      for (let j = 0; j < n; j++) {
        let col = 0;
        for (let i = 0; i < n; i++) col += a[i]![j]!;
        for (let i = 0; i < n; i++) w[i] = w[i]! + a[i]![j]! / col / n;
      }
    } else {
      for (let i = 0; i < n; i++) {
        let logSum = 0;
        for (let j = 0; j < n; j++) logSum += Math.log(a[i]![j]!);
        w[i] = Math.exp(logSum / n);
      }
    }
    const total = w.reduce((s, v) => s + v, 0);
    for (let i = 0; i < n; i++) w[i] = w[i]! / total;
    let ratio = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += a[i]![j]! * w[j]!;
      ratio += s / w[i]!;
    }
    lambdaMax = ratio / n;
  }
  const ci = n <= 2 ? 0 : (lambdaMax - n) / (n - 1);
  const ri = randomIndex(n, options.randomIndex ?? "saaty", options.randomIndexValues);
  const cr = n <= 2 ? 0 : ri > 0 ? ci / ri : Number.NaN;
  return { weights: w, lambdaMax, ci, ri, cr, iterations };
}

/**
 * Combines several experts' matrices by the element-wise geometric mean (aggregation of individual
 * judgements, AIJ), which keeps the result reciprocal. Reference: Aczél, J. & Saaty, T. L. (1983) "Procedures
 * for synthesizing ratio judgements", Journal of Mathematical Psychology 27(1), 93–102.
 *
 * @example
 * combineJudgements([[[1, 2], [0.5, 1]], [[1, 8], [0.125, 1]]]) // [[1, 4], [0.25, 1]]
 */
export function combineJudgements(matrices: readonly (readonly (readonly number[])[])[]): number[][] {
  const n = matrices[0]?.length ?? 0;
  const k = matrices.length;
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => {
      let logSum = 0;
      for (const m of matrices) logSum += Math.log(m[i]![j]!);
      return Math.exp(logSum / k);
    }),
  );
}

/**
 * Checks a matrix against a node's children: square with one row per child, every entry a positive finite
 * number (or fraction), and reciprocal (|aᵢⱼ·aⱼᵢ − 1| ≤ `tolerance`, which also makes the diagonal 1). Returns
 * the parsed matrix and the problems found, each naming the cells by child id.
 */
export function checkJudgementMatrix(
  matrix: JudgementMatrix,
  ids: readonly string[],
  tolerance = 0.02,
): { matrix: number[][]; problems: string[] } {
  const n = ids.length;
  const problems: string[] = [];
  const rows = Array.isArray(matrix) ? matrix : [];
  if (rows.length !== n || rows.some((r) => !Array.isArray(r) || r.length !== n)) {
    const shape = `${rows.length} × ${rows.map((r) => (Array.isArray(r) ? r.length : 0)).join("/")}`;
    problems.push(
      `the matrix must be ${n} × ${n} (one row and column per child: ${show(ids)}), got ${show(shape)}`,
    );
    return { matrix: [], problems };
  }
  const a = rows.map((r) => r.map(parseJudgement));
  const cell = (i: number, j: number): string => `a[${ids[i]}, ${ids[j]}]`;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const v = a[i]![j]!;
      if (!(v > 0) || !Number.isFinite(v))
        problems.push(`${show(cell(i, j))} must be positive, got ${show(rows[i]![j])}`);
    }
  }
  if (problems.length > 0) return { matrix: a, problems };
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const p = a[i]![j]! * a[j]![i]!;
      if (Math.abs(p - 1) > tolerance) {
        problems.push(
          i === j
            ? `${show(cell(i, i))} must be 1, got ${show(rows[i]![i])}`
            : `${show(cell(j, i))} must be 1/${show(cell(i, j))}: got ${show(rows[j]![i])} and ${show(rows[i]![j])}`,
        );
      }
    }
  }
  return { matrix: a, problems };
}

/**
 * Consistency ratio of a hierarchy's synthesis (层次总排序一致性): for a parent whose children c have weights
 * w_c and judgement matrices of their own with CI_c and RI_c, CR_H = Σ w_c·CI_c / Σ w_c·RI_c. `NaN` when the
 * denominator is zero. Reference: Saaty (1980) The Analytic Hierarchy Process, §4 (consistency of a
 * hierarchy); the 层次总排序 check of Chinese textbooks.
 *
 * @example
 * hierarchyConsistencyRatio([{ weight: 0.6, ci: 0.05, ri: 0.58 }, { weight: 0.4, ci: 0.02, ri: 0.9 }]) // 0.1014...
 */
export function hierarchyConsistencyRatio(
  parts: readonly { weight: number; ci: number; ri: number }[],
): number {
  let num = 0;
  let den = 0;
  for (const p of parts) {
    num += p.weight * p.ci;
    den += p.weight * p.ri;
  }
  return den > 0 ? num / den : Number.NaN;
}

/**
 * The judgements that most disagree with the priorities: pairs i < j ordered by |ln(aᵢⱼ·wⱼ/wᵢ)|, the distance
 * between the judgement and the ratio of the derived weights.
 */
export function inconsistentJudgements(
  a: readonly (readonly number[])[],
  w: ArrayLike<number>,
): { i: number; j: number; value: number; implied: number; deviation: number }[] {
  const out: { i: number; j: number; value: number; implied: number; deviation: number }[] = [];
  for (let i = 0; i < a.length; i++) {
    for (let j = i + 1; j < a.length; j++) {
      const implied = w[i]! / w[j]!;
      out.push({ i, j, value: a[i]![j]!, implied, deviation: Math.abs(Math.log(a[i]![j]! / implied)) });
    }
  }
  return out.sort((x, y) => y.deviation - x.deviation);
}

/** CI and RI of the latest AHP matrix of each node, per framework, for the hierarchy's consistency ratio. */
const consistencyByFramework = new WeakMap<object, Map<string, { ci: number; ri: number }>>();

const round = (v: number): number => Number(v.toPrecision(4));

const judgementCell = {
  anyOf: [
    { type: "number", exclusiveMinimum: 0 },
    { type: "string", pattern: "^\\s*\\d+(\\.\\d+)?\\s*(/\\s*\\d+(\\.\\d+)?\\s*)?$" },
  ],
};
const matrixSchema = { type: "array", items: { type: "array", items: judgementCell } };

/**
 * Analytic hierarchy process (AHP) weights: the priorities of a node's children derived from pairwise
 * comparisons on Saaty's 1–9 scale, with the consistency ratio checked.
 *
 * Formula: A w = λmax w (principal eigenvector, default), or the arithmetic (normalised column average) or
 * geometric (row geometric mean) approximation; CI = (λmax − n)/(n − 1); CR = CI/RI with RI from the named
 * table ({@link RANDOM_INDEX_TABLES}). Several experts' matrices are combined first by the element-wise
 * geometric mean. When every non-indicator child of a node also has an AHP matrix, the hierarchy's
 * consistency ratio CR_H = Σ w_c·CI_c / Σ w_c·RI_c is recorded too ({@link hierarchyConsistencyRatio}).
 *
 * Reference: Saaty, T. L. (1977) "A scaling method for priorities in hierarchical structures", Journal of
 * Mathematical Psychology 15(3), 234–281; Saaty (1980) The Analytic Hierarchy Process. Matches R's
 * `eigen(A)$vectors[, 1]` rescaled to sum 1 and `Re(eigen(A)$values[1])`.
 *
 * Complexity O(n²) per power iteration; O(e·n²) to combine e experts.
 *
 * Missing values: none; the weights do not depend on the data. A matrix that is not n × n, not positive or
 * not reciprocal is an error naming the cells; CR ≥ `threshold` is a warning naming the judgements that most
 * disagree with the derived weights; a node without judgements is an error.
 *
 * @example
 * // { "step": "weight", "method": "ahp", "scope": { "levels": [3] },
 * //   "options": { "judgements": { "index": [[1, 3, 5], ["1/3", 1, 2], ["1/5", "1/2", 1]] } } }
 */
export const ahpWeights: WeightMethod<AhpOptions> = defineMethod({
  stage: "weight",
  id: "ahp",
  label: "Analytic hierarchy process",
  description: "Derives weights from pairwise comparison matrices and checks their consistency ratio",
  formula: "A w = λmax w;  CI = (λmax − n)/(n − 1);  CR = CI / RI(n)",
  citation:
    "Saaty, T. L. (1980) The Analytic Hierarchy Process, McGraw-Hill; Saaty (1977) J. Math. Psychology 15(3), 234–281",
  missing: "Does not use the data, so missing values play no part",
  options: {
    type: "object",
    properties: {
      judgements: {
        type: "object",
        description:
          'Pairwise comparison matrices by parent node id, rows and columns in the order of the node\'s children; a list of matrices (one per expert) is combined by the element-wise geometric mean. Fractions may be written as text: "1/3"',
        additionalProperties: { anyOf: [matrixSchema, { type: "array", items: matrixSchema, minItems: 1 }] },
      },
      priority: {
        enum: ["eigenvector", "arithmetic", "geometric"],
        default: "eigenvector",
        description:
          "Priority vector: the principal eigenvector, the arithmetic approximation (normalised column average) or the geometric approximation (row geometric mean)",
      },
      randomIndex: {
        enum: ["saaty", "chinese-textbook", "custom"],
        default: "saaty",
        description:
          "Random-index table for the consistency ratio: Saaty (1980), n ≤ 10; the Chinese textbook table, n ≤ 15; or custom values (another published table, such as Tummala & Ling 1998 or Alonso & Lamata 2006, given in randomIndexValues)",
      },
      randomIndexValues: {
        type: "array",
        items: { type: "number", minimum: 0 },
        description: "Custom random indices for n = 1, 2, 3, ... (with randomIndex custom)",
      },
      threshold: {
        type: "number",
        exclusiveMinimum: 0,
        default: 0.1,
        description: "A consistency ratio at or above this is reported as a warning",
      },
      reciprocalTolerance: {
        type: "number",
        minimum: 0,
        default: 0.02,
        description:
          "Largest accepted |a_ij·a_ji − 1|; a looser value accepts rounded reciprocals such as 0.33",
      },
    },
    required: ["judgements"],
    additionalProperties: false,
  },
  properties: { deterministic: true, usesWholeSample: false },
  example: {
    options: {
      judgements: {
        parent: [
          [1, 3, 5],
          ["1/3", 1, 2],
          ["1/5", "1/2", 1],
        ],
      },
    },
  },
  weight(options, ctx) {
    const ids = ctx.children.map((c) => c.id);
    const n = ids.length;
    const given = options.judgements?.[ctx.node.id];
    if (given === undefined) {
      ctx.report({
        severity: "error",
        code: "ahp-no-judgements",
        message: `ahp has no judgements for ${show(ctx.node.id)}; give a ${n} × ${n} matrix over ${show(ids)} in options.judgements`,
      });
      return Float64Array.from(ctx.current);
    }
    const table = options.randomIndex ?? "saaty";
    if (table === "custom" && !options.randomIndexValues) {
      ctx.report({
        severity: "error",
        code: "ahp-no-random-index",
        message: "ahp option randomIndex is `custom` but randomIndexValues is not given",
      });
      return Float64Array.from(ctx.current);
    }
    const group = isGroup(given) ? given : [given as JudgementMatrix];
    const tolerance = options.reciprocalTolerance ?? 0.02;
    const matrices: number[][][] = [];
    let bad = false;
    group.forEach((m, e) => {
      const { matrix, problems } = checkJudgementMatrix(m, ids, tolerance);
      if (problems.length > 0) {
        bad = true;
        const who = group.length > 1 ? ` (expert ${e + 1})` : "";
        ctx.report({
          severity: "error",
          code: "ahp-bad-matrix",
          message: `ahp judgements of ${show(ctx.node.id)}${who}: ${problems.join("; ")}`,
        });
      }
      matrices.push(matrix);
    });
    if (bad) return Float64Array.from(ctx.current);
    const a = matrices.length === 1 ? matrices[0]! : combineJudgements(matrices);
    const settings = {
      priority: options.priority ?? "eigenvector",
      randomIndex: table,
      randomIndexValues: options.randomIndexValues,
    };
    const result = ahpPriorities(a, settings);
    const experts = matrices.length > 1 ? matrices.map((m) => ahpPriorities(m, settings).cr) : undefined;
    const threshold = options.threshold ?? 0.1;
    record(ctx, result);
    ctx.audit({
      action: "ahp-consistency",
      node: ctx.node.id,
      details: {
        priority: settings.priority,
        randomIndex: table,
        n,
        lambdaMax: result.lambdaMax,
        ci: result.ci,
        ri: Number.isNaN(result.ri) ? null : result.ri,
        cr: Number.isNaN(result.cr) ? null : result.cr,
        ...(experts ? { experts: matrices.length, expertCr: experts } : {}),
        ...(result.iterations > 0 ? { iterations: result.iterations } : {}),
      },
      message: `AHP for ${ctx.node.id}: λmax ${round(result.lambdaMax)}, CI ${round(result.ci)}, RI ${Number.isNaN(result.ri) ? "unknown" : result.ri}, CR ${Number.isNaN(result.cr) ? "unknown" : round(result.cr)}`,
    });
    if (Number.isNaN(result.ri)) {
      ctx.report({
        severity: "warning",
        code: "ahp-no-random-index",
        message: `the ${show(table)} random-index table has no entry for n = ${show(n)} (children of ${show(ctx.node.id)}), so the consistency ratio is unknown; CI is ${show(round(result.ci))}`,
      });
    } else if (result.cr >= threshold) {
      const worst = inconsistentJudgements(a, result.weights)
        .slice(0, Math.min(3, (n * (n - 1)) / 2))
        .map(
          (d) =>
            `a[${ids[d.i]}, ${ids[d.j]}] = ${show(round(d.value))} (weights imply ${show(round(d.implied))})`,
        );
      ctx.report({
        severity: "warning",
        code: "ahp-inconsistent",
        message: `AHP judgements of ${show(ctx.node.id)} are inconsistent: CR ${show(round(result.cr))} >= ${show(threshold)} (λmax ${show(round(result.lambdaMax))}, CI ${show(round(result.ci))}, RI ${show(result.ri)}); revisit ${worst.join(", ")}`,
      });
    }
    hierarchy(ctx, result.weights, threshold);
    return result.weights;
  },
});

function isGroup(value: JudgementMatrix | readonly JudgementMatrix[]): value is readonly JudgementMatrix[] {
  return Array.isArray(value) && value.length > 0 && Array.isArray(value[0]) && Array.isArray(value[0][0]);
}

function record(ctx: WeightContext, result: AhpResult): void {
  let byNode = consistencyByFramework.get(ctx.framework);
  if (!byNode) {
    byNode = new Map();
    consistencyByFramework.set(ctx.framework, byNode);
  }
  byNode.set(ctx.node.id, { ci: result.ci, ri: result.ri });
}

/** Records CR_H for the node when every child that is not an indicator has an AHP matrix of its own. */
function hierarchy(ctx: WeightContext, weights: Float64Array, threshold: number): void {
  const byNode = consistencyByFramework.get(ctx.framework);
  const inner = ctx.children.map((c, j) => ({ c, j })).filter(({ c }) => !c.isIndicator);
  if (!byNode || inner.length === 0) return;
  const parts: { child: string; weight: number; ci: number; ri: number }[] = [];
  for (const { c, j } of inner) {
    const entry = byNode.get(c.id);
    if (!entry || Number.isNaN(entry.ri)) return;
    parts.push({ child: c.id, weight: weights[j]!, ...entry });
  }
  const cr = hierarchyConsistencyRatio(parts);
  if (Number.isNaN(cr)) return;
  ctx.audit({
    action: "ahp-hierarchy-consistency",
    node: ctx.node.id,
    details: { cr, parts },
    message: `AHP hierarchy consistency below ${ctx.node.id}: CR_H = Σ w·CI / Σ w·RI = ${round(cr)}`,
  });
  if (cr >= threshold) {
    ctx.report({
      severity: "warning",
      code: "ahp-hierarchy-inconsistent",
      message: `the AHP hierarchy below ${show(ctx.node.id)} is inconsistent: CR_H ${show(round(cr))} >= ${show(threshold)}`,
    });
  }
}
