import type { IndexResult } from "../pipeline/result.js";
import { correlationRatio } from "./importance.js";

/** Weights that bring the importance of the root's children in line with their intended shares. */
export interface IntendedWeights {
  /** The node whose children are reweighted (the root). */
  node: string;
  /** Per child: the weight now, the suggested weight (both summing to one), the intended importance share,
   * and the importance share with the suggested weights. */
  children: { child: string; weight: number; suggested: number; intended: number; share: number }[];
  /** Iterations used, and whether every share came within `tolerance` of its intended value. When no weights
   * came close (the deviation not even halved), the suggested weights are the current ones and `converged` is
   * false: the children are so alike that importance barely responds to weights. */
  iterations: number;
  converged: boolean;
  /** Largest |share − intended| reached. */
  maxDeviation: number;
}

/**
 * Weights of the root's children that would make each child's importance for the index (its share of the
 * correlation ratios Var[E(index | child)] / Var(index), see `correlationRatio`) equal its intended share, which
 * is its current weight share unless `intended` says otherwise. A damped fixed-point iteration: multiply each
 * weight by (intended / share)^¼, rescale to one, re-aggregate the index as the weighted arithmetic mean of the
 * children (missing children skipped, weights renormalised), and repeat until every share is within `tolerance`
 * or ten steps bring no improvement; the best weights seen are returned, with `converged` false when no weights
 * reached the tolerance (strongly correlated children leave importance little room to move).
 * Returns `undefined` when the root is not aggregated by the arithmetic mean (re-aggregating another method here
 * would not reproduce the index) or has fewer than two children.
 *
 * Reference: Becker, Saisana, Paruolo & Vandecasteele (2017) "Weights and importance in composite indicators:
 * closing the gap", Ecological Indicators 80, which COINr's `get_opt_weights` implements with Nelder–Mead on the
 * same objective. Complexity: iterations × children × O(n²) (the smoother).
 *
 * @example
 * weightsForIntent(result)?.children.map((c) => [c.child, c.suggested])
 */
export function weightsForIntent(
  result: IndexResult,
  options: {
    period?: string;
    intended?: Record<string, number>;
    tolerance?: number;
    maxIterations?: number;
  } = {},
): IntendedWeights | undefined {
  const fw = result.framework;
  const root = fw.root;
  const steps = result.spec.pipeline.filter(
    (s) =>
      s.step === "aggregate" &&
      (!s.scope?.levels || s.scope.levels.includes(root.level)) &&
      (!s.scope?.nodes || s.scope.nodes.includes(root.id)),
  );
  if (steps.length === 0 || steps[steps.length - 1]!.method !== "arithmetic" || root.children.length < 2) {
    return undefined;
  }
  const period = options.period ?? result.periods[result.periods.length - 1]!;
  const p = result.periods.indexOf(period);
  const kids = root.children;
  const columns = kids.map((c) => result.scores.slice(c, p));
  const n = result.units.length;
  const current = kids.map((c) => result.weights[c] ?? 0);
  const total = current.reduce((s, w) => s + w, 0);
  const weight = current.map((w) => w / total);
  const intendedRaw = kids.map((c, j) => options.intended?.[c] ?? weight[j]!);
  const intendedSum = intendedRaw.reduce((s, v) => s + v, 0);
  const intended = intendedRaw.map((v) => v / intendedSum);
  const tolerance = options.tolerance ?? 0.01;
  const maxIterations = options.maxIterations ?? 100;

  const shares = (w: number[]): number[] => {
    const index = new Float64Array(n);
    for (let u = 0; u < n; u++) {
      let s = 0;
      let ws = 0;
      for (let j = 0; j < kids.length; j++) {
        const v = columns[j]![u]!;
        if (Number.isNaN(v)) continue;
        s += w[j]! * v;
        ws += w[j]!;
      }
      index[u] = ws > 0 ? s / ws : Number.NaN;
    }
    const ratios = columns.map((c) => correlationRatio(c, index).ratio);
    const sum = ratios.reduce((s, r) => s + (Number.isNaN(r) ? 0 : r), 0);
    return ratios.map((r) => (sum > 0 && !Number.isNaN(r) ? r / sum : 0));
  };

  // Damped multiplicative updates; the best weights seen are kept, since with strongly correlated children
  // importance barely responds to weights and the iteration can wander.
  let w = [...weight];
  let share = shares(w);
  let deviation = Math.max(...share.map((s, j) => Math.abs(s - intended[j]!)));
  let best = { w, share, deviation };
  const start = best;
  let iterations = 0;
  let stale = 0;
  while (best.deviation > tolerance && iterations < maxIterations && stale < 10) {
    iterations++;
    w = w.map((x, j) => x * (intended[j]! / Math.max(share[j]!, 1e-6)) ** 0.25);
    const sum = w.reduce((s, x) => s + x, 0);
    w = w.map((x) => x / sum);
    share = shares(w);
    deviation = Math.max(...share.map((s, j) => Math.abs(s - intended[j]!)));
    if (deviation < best.deviation - 1e-12) {
      best = { w, share, deviation };
      stale = 0;
    } else stale++;
  }
  // Weights that only shave a little off the deviation, often by moving far from the intent, are not offered:
  // importance that barely responds to weights is itself the finding.
  const helpful = best.deviation <= tolerance || best.deviation < start.deviation / 2;
  if (!helpful) best = start;
  return {
    node: root.id,
    children: kids.map((child, j) => ({
      child,
      weight: weight[j]!,
      suggested: best.w[j]!,
      intended: intended[j]!,
      share: best.share[j]!,
    })),
    iterations,
    converged: best.deviation <= tolerance,
    maxDeviation: best.deviation,
  };
}
