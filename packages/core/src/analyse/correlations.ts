import type { Dataset } from "../data/dataset.js";
import type { FrameworkModel } from "../model/framework.js";
import { type CorrelationMethod, correlation } from "../stats/rank-correlation.js";
import { correlationPValue } from "../stats/significance.js";

/** A correlation between two framework nodes (indicators or aggregates). */
export interface CorrelationPair {
  /** The first node (for child–parent pairs, the child). */
  a: string;
  /** The second node (for child–parent pairs, the parent). */
  b: string;
  /** The coefficient over the units where both have a value. */
  r: number;
  /** Its two-sided p-value, when asked for. */
  p?: number;
}

/** A child's correlation with its own parent and with the other nodes of its parent's level. */
export interface ParentCorrelation {
  /** The child node. */
  child: string;
  /** The child's level (1 = indicators). */
  level: number;
  /** Its parent. */
  parent: string;
  /** Correlation with its parent. */
  withParent: number;
  /** Its two-sided p-value, when asked for. */
  pWithParent?: number;
  /** Correlation with every other node of the parent's level, by id. */
  withOthers: Record<string, number>;
}

/** Thresholds of the correlation flags. */
export interface CorrelationThresholds {
  /** Flag pairs of siblings correlated above this (redundancy, double counting). Default `0.9`. */
  redundant: number;
  /** Flag siblings correlated below this (working against each other). Default `-0.3`: weaker negative values are within noise for the samples indices have. */
  negative: number;
  /** Flag a child whose correlation with its parent is below this. Default `0.3`. */
  weakParent: number;
  /** Flag a child more correlated with another node of its parent's level than with its parent by more than
   * this. Default `0.05`. */
  otherParentMargin: number;
}

/** The default {@link CorrelationThresholds}. */
export const DEFAULT_CORRELATION_THRESHOLDS: Readonly<CorrelationThresholds> = {
  redundant: 0.9,
  negative: -0.3,
  weakParent: 0.3,
  otherParentMargin: 0.05,
};

/** A flag raised by the correlation analysis. */
export interface CorrelationFlag {
  /** `redundant` (siblings above the threshold), `negative` (siblings below it), `weak-parent` (a child barely
   * correlated with its parent), `closer-to-other-parent` (a child more correlated with another node of its
   * parent's level than with its parent). */
  code: "redundant" | "negative" | "weak-parent" | "closer-to-other-parent";
  /** The nodes concerned. */
  nodes: [string, string];
  /** The coefficient. */
  r: number;
  /** A sentence saying what was found and what to consider. */
  message: string;
}

/** Correlations of the framework's structure in one period. */
export interface StructureCorrelations {
  /** The coefficient used. */
  method: CorrelationMethod;
  /** Every pair of siblings (children of the same node), by parent id. */
  withinGroups: Record<string, CorrelationPair[]>;
  /** Every child (indicator or aggregate) with its parent and the other nodes of that level. */
  withParents: ParentCorrelation[];
  /** Each level against the next levels: the correlation of every node with every node of a higher level. */
  betweenLevels: CorrelationPair[];
  /** The flags, in framework order. */
  flags: CorrelationFlag[];
}

const fmt = (r: number): string => (Number.isNaN(r) ? "NA" : r.toFixed(2));

/**
 * Correlations that test an index's structure, on one period of a dataset holding indicators and aggregates
 * (usually the result's scores): siblings within each group, each child with its parent and with the other
 * nodes of its parent's level, and the levels against each other. Flags redundant siblings (above 0.9),
 * negatively correlated siblings, children weakly correlated with their parent (below 0.3), and children more
 * correlated with another parent than with their own.
 *
 * With `pValues`, each sibling pair and child–parent correlation carries its two-sided p-value (R's
 * `cor.test(exact = FALSE)`; see `correlationPValue`).
 *
 * Reference: COINr `get_corr(withparent = TRUE)`, `get_corr_flags(cor_thresh = 0.9, grouplev = 2)`; OECD/JRC
 * Handbook (2008) §4 (multivariate analysis). Missing values: pairwise complete observations. Complexity
 * O(p² n) for p nodes, times n for Kendall.
 *
 * @example
 * const c = structureCorrelations(result.scores, result.framework, 0, "spearman");
 * c.flags.filter((f) => f.code === "redundant");
 */
export function structureCorrelations(
  data: Dataset,
  framework: FrameworkModel,
  period: number,
  method: CorrelationMethod = "pearson",
  thresholds: CorrelationThresholds = DEFAULT_CORRELATION_THRESHOLDS,
  options: { pValues?: boolean } = {},
): StructureCorrelations {
  const col = (id: string) => data.slice(id, period);
  const cache = new Map<string, number>();
  const r = (a: string, b: string): number => {
    const key = a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
    let v = cache.get(key);
    if (v === undefined) {
      v = data.has(a) && data.has(b) ? correlation(col(a), col(b), method) : Number.NaN;
      cache.set(key, v);
    }
    return v;
  };
  const pOf = (a: string, b: string, v: number): { p?: number } =>
    options.pValues && data.has(a) && data.has(b) ? { p: correlationPValue(col(a), col(b), v, method) } : {};
  const flags: CorrelationFlag[] = [];
  const withinGroups: Record<string, CorrelationPair[]> = {};
  const withParents: ParentCorrelation[] = [];
  const byLevel = new Map<number, string[]>();
  for (const node of framework.order) {
    if (!byLevel.has(node.level)) byLevel.set(node.level, []);
    byLevel.get(node.level)!.push(node.id);
  }

  for (const node of framework.order) {
    if (node.children.length < 1) continue;
    const pairs: CorrelationPair[] = [];
    node.children.forEach((a, i) => {
      for (const b of node.children.slice(i + 1)) {
        const v = r(a, b);
        pairs.push({ a, b, r: v, ...pOf(a, b, v) });
        if (v > thresholds.redundant) {
          flags.push({
            code: "redundant",
            nodes: [a, b],
            r: v,
            message: `${a} and ${b} (in ${node.id}) are correlated at ${fmt(v)}: they may measure the same thing and count it twice; consider merging them or dropping one`,
          });
        } else if (v < thresholds.negative) {
          flags.push({
            code: "negative",
            nodes: [a, b],
            r: v,
            message: `${a} and ${b} (in ${node.id}) are negatively correlated (${fmt(v)}): within one dimension they pull in opposite directions, so a high value of one cancels the other; check their directions`,
          });
        }
      }
    });
    withinGroups[node.id] = pairs;
    for (const child of node.children) {
      const childLevel = framework.nodes.get(child)?.level ?? 1;
      const others: Record<string, number> = {};
      for (const other of byLevel.get(node.level) ?? [])
        if (other !== node.id) others[other] = r(child, other);
      const own = r(child, node.id);
      const p = pOf(child, node.id, own).p;
      withParents.push({
        child,
        level: childLevel,
        parent: node.id,
        withParent: own,
        ...(p === undefined ? {} : { pWithParent: p }),
        withOthers: others,
      });
      if (own < thresholds.weakParent) {
        flags.push({
          code: "weak-parent",
          nodes: [child, node.id],
          r: own,
          message: `${child} is weakly correlated with its parent ${node.id} (${fmt(own)}): it has little influence on the ${node.id} scores; check its weight, its direction or whether it belongs there`,
        });
      }
      const closest = Object.entries(others).reduce<[string, number] | undefined>(
        (best, [id, v]) =>
          v > own + thresholds.otherParentMargin && (!best || v > best[1]) ? [id, v] : best,
        undefined,
      );
      if (closest) {
        flags.push({
          code: "closer-to-other-parent",
          nodes: [child, closest[0]],
          r: closest[1],
          message: `${child} is more correlated with ${closest[0]} (${fmt(closest[1])}) than with its own parent ${node.id} (${fmt(own)}); it might belong under ${closest[0]}`,
        });
      }
    }
  }

  const levels = [...byLevel.keys()].sort((x, y) => x - y);
  const betweenLevels: CorrelationPair[] = [];
  for (const lo of levels) {
    for (const hi of levels) {
      if (hi <= lo) continue;
      for (const a of byLevel.get(lo)!)
        for (const b of byLevel.get(hi)!) betweenLevels.push({ a, b, r: r(a, b) });
    }
  }
  return { method, withinGroups, withParents, betweenLevels, flags };
}

/**
 * Cronbach's alpha of a group of variables: α = k/(k − 1) · (1 − Σ var(xⱼ) / var(Σ xⱼ)), with the variance of the
 * sum written as the sum of the covariance matrix, covariances over pairwise complete observations. `NaN` for
 * fewer than two variables.
 *
 * Reference: Cronbach (1951) "Coefficient alpha and the internal structure of tests", Psychometrika 16(3);
 * COINr `get_cronbach()`, which computes it this way. Complexity O(k² n).
 *
 * @example
 * cronbachAlpha([Float64Array.of(1, 2, 3), Float64Array.of(2, 3, 5)])
 */
export function cronbachAlpha(columns: readonly Float64Array[]): number {
  const k = columns.length;
  if (k < 2) return Number.NaN;
  let diagonal = 0;
  let total = 0;
  for (let i = 0; i < k; i++) {
    for (let j = i; j < k; j++) {
      const c = covariance(columns[i]!, columns[j]!);
      if (i === j) {
        diagonal += c;
        total += c;
      } else total += 2 * c;
    }
  }
  return (k / (k - 1)) * (1 - diagonal / total);
}

/** Sample covariance over the pairs where both values are present (R's `cov(use = "pairwise.complete.obs")`). */
export function covariance(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(x[i]!) || Number.isNaN(y[i]!)) continue;
    n++;
    sx += x[i]!;
    sy += y[i]!;
  }
  if (n < 2) return Number.NaN;
  const mx = sx / n;
  const my = sy / n;
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(x[i]!) || Number.isNaN(y[i]!)) continue;
    s += (x[i]! - mx) * (y[i]! - my);
  }
  return s / (n - 1);
}
