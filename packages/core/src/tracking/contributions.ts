import { InputError } from "../errors.js";
import { show } from "../issues.js";
import type { IndexResult } from "../pipeline/result.js";
import type { ChangeStatus } from "./changes.js";
import { periodPair } from "./shared.js";

/**
 * How a node's change is split among its children:
 *
 * - `weighted-terms` (arithmetic mean): the parent is the sum of its children's terms wⱼ cⱼ / Σ w (the weights
 *   of the children a unit has in that period), so each child contributes the change of its term, and the
 *   contributions add up to the parent's change exactly. A child missing in one period has a term of 0 there;
 *   the renormalised weights of the others are part of their terms.
 * - `log-mean` (geometric mean): log P = Σ wⱼ log cⱼ / Σ w, and each child contributes L(P₁, P₀) × Δ(wⱼ log cⱼ
 *   / Σ w), where L(a, b) = (a − b) / (log a − log b) is the logarithmic mean (L(a, a) = a): the logarithmic mean
 *   Divisia index (LMDI-I) of index decomposition analysis (Ang 2004), whose contributions also add up exactly.
 */
export type ContributionRule = "weighted-terms" | "log-mean";

/** One child's part in its parent's change. */
export interface ChildContribution {
  /** Child node id. */
  child: string;
  /** The child's weight in the aggregation. */
  weight: number;
  /** The child's score in the `from` period (`NaN` when missing). */
  from: number;
  /** The child's score in the `to` period (`NaN` when missing). */
  to: number;
  /** Its contribution to the parent's change, in the parent's points. */
  contribution: number;
}

/** One unit's change on one node, split among the node's children. */
export interface UnitContributions {
  /** Node id. */
  node: string;
  /** Unit id. */
  unit: string;
  /**
   * `both`, `new`, `gone` or `none` as in {@link periodChanges}; `not-split` when the unit has a score in both
   * periods but its change cannot be split (see `reason`). Only `both` has contributions.
   */
  status: ChangeStatus | "not-split";
  /** The parent's score change, to − from (`NaN` unless both periods have a score). */
  change: number;
  /** One entry per child, in framework order (empty unless the status is `both`). */
  children: ChildContribution[];
  /** Why the change is not split. */
  reason?: string;
}

/** How one node's changes were split, or why they were not. */
export interface NodeRule {
  /** Node id. */
  node: string;
  /** The aggregation method that made its scores (the last aggregation step of the node). */
  method: string;
  /** The rule used (absent when the node's change cannot be split). */
  rule?: ContributionRule;
  /** Why the node's change is not split. */
  reason?: string;
}

/** Every unit's change between two periods on each node, split among the node's children. */
export interface ChangeContributions {
  /** The earlier period. */
  from: string;
  /** The later period. */
  to: string;
  /** Per node, the rule used. */
  nodes: NodeRule[];
  /** One entry per node and unit, nodes in order, units in the result's order. */
  units: UnitContributions[];
}

/** Options of {@link changeContributions}. */
export interface ContributionOptions {
  /** The earlier period. */
  from: string;
  /** The later period; distinct from `from`. */
  to: string;
  /** Aggregate nodes to split (default: every aggregate and the root). */
  nodes?: readonly string[];
}

const RULES: Record<string, ContributionRule> = { arithmetic: "weighted-terms", geometric: "log-mean" };

/** Relative tolerance of the check that a parent's score is its children's aggregate. */
const TOLERANCE = 1e-9;

/**
 * Which children moved each unit's score between two periods: every aggregate's change split into one
 * contribution per child that adds up to the change exactly, for nodes aggregated by the arithmetic mean
 * (`weighted-terms`) or the geometric mean (`log-mean`); see {@link ContributionRule}. Read it as "the index rose
 * 2.1 points: +1.4 from one dimension, +0.9 from another, −0.2 from a third".
 *
 * Each unit's parent score is first recomputed from its children's scores and the weights of the node's last
 * aggregation step (the audit's `aggregated` entry). When that does not give the parent's score in both periods
 * (a later step rescaled the parent, or the aggregation used other weights than those recorded), the unit is
 * `not-split` with the two values in the reason, never split by a wrong formula. Nodes aggregated by other
 * methods, which are not sums of one term per child, get a reason and no contributions. Contributions are on the scale of the scores:
 * with goalposts fixed over the periods (`bounds: "all-periods"`), a child's term changes only when its own
 * values do.
 *
 * Complexity O(nodes × units × children).
 *
 * @example
 * changeContributions(result, { from: "2024", to: "2025", nodes: ["index"] }).units[0].children
 */
export function changeContributions(result: IndexResult, options: ContributionOptions): ChangeContributions {
  const fn = "changeContributions";
  const { pFrom, pTo, nodes } = periodPair(result, options, fn);
  const rules: NodeRule[] = [];
  const units: UnitContributions[] = [];
  for (const node of nodes) {
    const model = result.framework.nodes.get(node)!;
    if (model.isIndicator) {
      throw new InputError(
        "not-aggregate",
        `${fn}: ${show(node)} is an indicator; it has no children to split by`,
      );
    }
    const step = lastAggregation(result, node);
    const method = step?.method ?? "";
    const rule = RULES[method];
    const reason = step
      ? `the ${show(method)} aggregation is not a sum of one term per child, so its change has no exact split`
      : "the node was not aggregated in this result";
    rules.push(rule ? { node, method, rule } : { node, method, reason });
    const children = model.children;
    // The weights the aggregation used, as its audit entry records them (unused without a rule).
    const details = step?.details as { children?: string[]; weights?: number[] } | undefined;
    const weights = children.map((c) => details?.weights?.[details.children?.indexOf(c) ?? -1] ?? Number.NaN);
    const parent = [result.scores.slice(node, pFrom), result.scores.slice(node, pTo)] as const;
    const child = children.map((c) => [result.scores.slice(c, pFrom), result.scores.slice(c, pTo)] as const);
    result.units.forEach((unit, u) => {
      const p0 = parent[0][u]!;
      const p1 = parent[1][u]!;
      const has0 = !Number.isNaN(p0);
      const has1 = !Number.isNaN(p1);
      const base: UnitContributions = {
        node,
        unit,
        status: has0 ? (has1 ? "both" : "gone") : has1 ? "new" : "none",
        change: p1 - p0,
        children: [],
      };
      if (base.status !== "both") {
        units.push(base);
        return;
      }
      if (!rule) {
        units.push({ ...base, status: "not-split", reason });
        return;
      }
      const t0 = termsOf(
        rule,
        weights,
        child.map((c) => c[0][u]!),
      );
      const t1 = termsOf(
        rule,
        weights,
        child.map((c) => c[1][u]!),
      );
      const off = !matches(t0.parent, p0)
        ? { period: options.from, got: t0.parent, want: p0 }
        : !matches(t1.parent, p1)
          ? { period: options.to, got: t1.parent, want: p1 }
          : undefined;
      if (off) {
        units.push({
          ...base,
          status: "not-split",
          reason: `its children's scores and weights give ${show(off.got)} in ${show(off.period)}, not its score ${show(off.want)} (a later step changed the score, or the aggregation used other weights)`,
        });
        return;
      }
      // LMDI's logarithmic mean of the parent's two scores; the arithmetic rule uses the terms as they are.
      const scale = rule === "log-mean" ? (p1 === p0 ? p1 : (p1 - p0) / (Math.log(p1) - Math.log(p0))) : 1;
      units.push({
        ...base,
        children: children.map((c, j) => ({
          child: c,
          weight: weights[j]!,
          from: child[j]![0][u]!,
          to: child[j]![1][u]!,
          contribution: scale * (t1.terms[j]! - t0.terms[j]!),
        })),
      });
    });
  }
  return { from: options.from, to: options.to, nodes: rules, units };
}

/**
 * The terms of one unit's children in one period and the parent they make: wⱼ cⱼ / W (arithmetic) or wⱼ log cⱼ /
 * W (geometric, parent exp(Σ)), W the weights of the children with a value; a missing child's term is 0.
 */
function termsOf(
  rule: ContributionRule,
  weights: readonly number[],
  values: readonly number[],
): { terms: number[]; parent: number } {
  let total = 0;
  values.forEach((v, j) => {
    if (!Number.isNaN(v)) total += weights[j]!;
  });
  const terms = values.map((v, j) => {
    if (Number.isNaN(v) || weights[j] === 0) return 0;
    return (weights[j]! * (rule === "log-mean" ? Math.log(v) : v)) / total;
  });
  const sum = terms.reduce((s, t) => s + t, 0);
  return { terms, parent: rule === "log-mean" ? Math.exp(sum) : sum };
}

/** The audit entry of the last aggregation step that made the node's scores. */
function lastAggregation(result: IndexResult, node: string): IndexResult["audit"][number] | undefined {
  for (let i = result.audit.length - 1; i >= 0; i--) {
    const a = result.audit[i]!;
    if (a.action === "aggregated" && a.node === node) return a;
  }
  return undefined;
}

const matches = (got: number, want: number): boolean =>
  Math.abs(got - want) <= TOLERANCE * Math.max(1, Math.abs(want));
