import type { TieMethod } from "../spec/types.js";
import { assignRanks, rankInto } from "../stats/rank.js";

/**
 * Ranks the scores of one node run after run, keeping the order of the last run: the runs of an analysis move
 * few units past each other, so sorting from the last order (insertion sort) takes little more than one pass.
 * The ranks are those of `rankInto` for the same scores and tie method (best = 1, equal scores in unit order,
 * missing scores `NaN`). Scores with missing values are ranked by `rankInto` itself.
 */
export class RunRanker {
  readonly #order: Int32Array;
  readonly #sorted: Float64Array;
  readonly #ties: TieMethod;

  constructor(units: number, ties: TieMethod) {
    this.#order = Int32Array.from({ length: units }, (_, i) => i);
    this.#sorted = new Float64Array(units);
    this.#ties = ties;
  }

  /** The ranks of `scores` (of the units' length) written into `out`, which is returned. */
  rank(scores: Float64Array, out: Float64Array): Float64Array {
    const order = this.#order;
    const sorted = this.#sorted;
    const n = order.length;
    for (let k = 0; k < n; k++) {
      const v = scores[order[k]!]!;
      if (Number.isNaN(v)) return rankInto(scores, this.#ties, out);
      sorted[k] = v;
    }
    // Insertion sort of the last order: higher scores first, equal scores by unit.
    for (let k = 1; k < n; k++) {
      const v = sorted[k]!;
      const u = order[k]!;
      let h = k - 1;
      if (sorted[h]! > v || (sorted[h]! === v && order[h]! < u)) continue;
      while (h >= 0 && (sorted[h]! < v || (sorted[h]! === v && order[h]! > u))) {
        sorted[h + 1] = sorted[h]!;
        order[h + 1] = order[h]!;
        h--;
      }
      sorted[h + 1] = v;
      order[h + 1] = u;
    }
    assignRanks(sorted, order, n, this.#ties, out);
    return out;
  }
}
