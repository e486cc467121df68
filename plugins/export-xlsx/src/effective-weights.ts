import type { IndexResult } from "@cityindex/core";

/** The weights of one framework edge (a node and its parent). */
export interface EdgeWeights {
  /** The weight in the spec (the framework's, else the indicator's, else 1). */
  nominal: number;
  /** `nominal` divided by the sum of its siblings' nominal weights. */
  nominalShare: number;
  /** The weight the aggregation used (`result.weights`), or `NaN` if the result has none for the edge. */
  used: number;
  /** `used` divided by the sum of its siblings' used weights. */
  usedShare: number;
  /**
   * The product of `usedShare` from the root down to this node: the share of the index this node carries when
   * every level is a weighted mean and no value is missing. The effective weights of the indicators sum to 1.
   */
  effective: number;
}

/**
 * Nominal, used and effective weights of every framework node but the root, by node id. The effective weight
 * is the product of the sibling-normalised weights used on the path from the root; it is the nominal
 * importance of the node, not its statistical importance (which correlation-based measures estimate).
 *
 * @example
 * // index → dimA (weight 1) → flights, crime; index → dimB (weight 3) → rating
 * effectiveWeights(result).get("flights")?.effective // 0.125 = 1/4 × 1/2
 */
export function effectiveWeights(result: IndexResult): Map<string, EdgeWeights> {
  const { framework } = result;
  const out = new Map<string, EdgeWeights>();
  const visit = (id: string, effective: number) => {
    const node = framework.nodes.get(id);
    if (!node) return;
    const children = node.children.map((c) => framework.nodes.get(c)).filter((c) => c !== undefined);
    const nominalSum = children.reduce((s, c) => s + c.weight, 0);
    const used = children.map((c) => result.weights[c.id] ?? Number.NaN);
    const usedSum = used.reduce((s, w) => s + (Number.isFinite(w) ? w : 0), 0);
    children.forEach((c, i) => {
      const w = used[i]!;
      const usedShare = Number.isFinite(w) && usedSum > 0 ? w / usedSum : Number.NaN;
      const edge: EdgeWeights = {
        nominal: c.weight,
        nominalShare: nominalSum > 0 ? c.weight / nominalSum : Number.NaN,
        used: w,
        usedShare,
        effective: effective * usedShare,
      };
      out.set(c.id, edge);
      visit(c.id, edge.effective);
    });
  };
  visit(framework.root.id, 1);
  return out;
}
