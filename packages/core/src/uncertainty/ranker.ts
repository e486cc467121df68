import type { TieMethod } from "../spec/types.js";
import { assignRanks, rankInto } from "../stats/rank.js";

/**
 * Ranks the scores of one node run after run by insertion sort from a known order: the runs of an analysis
 * move few units past the nominal order, so sorting from it takes little more than one pass. The ranks are those
 * of `rankInto` for the same scores and tie method (best = 1, equal scores in unit order, missing scores `NaN`).
 * Scores with missing values are ranked by `rankInto` itself.
 */
export class RunRanker {
  readonly #start: Int32Array | undefined;
  readonly #order: Int32Array;
  readonly #sorted: Float64Array;
  readonly #ties: TieMethod;

  /**
   * @param units Number of units.
   * @param ties The tie method.
   * @param start The order every run's sort starts from (unit indices, best first), such as the nominal
   *   order; without it each run starts from the order of the run before.
   */
  constructor(units: number, ties: TieMethod, start?: ArrayLike<number>) {
    if (start && start.length !== units) {
      throw new RangeError(`RunRanker: a start order of ${start.length} units for ${units} units`);
    }
    this.#start = start ? Int32Array.from(start) : undefined;
    this.#order = this.#start ? this.#start.slice() : Int32Array.from({ length: units }, (_, i) => i);
    this.#sorted = new Float64Array(units);
    this.#ties = ties;
  }

  /** The ranks of `scores` (of the units' length) written into `out`, which is returned. */
  rank(scores: Float64Array, out: Float64Array): Float64Array {
    const order = this.#order;
    const sorted = this.#sorted;
    const n = order.length;
    if (this.#start) order.set(this.#start);
    for (let k = 0; k < n; k++) {
      const v = scores[order[k]!]!;
      if (Number.isNaN(v)) return rankInto(scores, this.#ties, out);
      sorted[k] = v;
    }
    // Insertion sort: higher scores first, equal scores by unit.
    for (let k = 1; k < n; k++) {
      const v = sorted[k]!;
      let h = k - 1;
      const before = sorted[h]!;
      if (before > v) continue;
      const u = order[k]!;
      if (before === v && order[h]! < u) continue;
      while (h >= 0) {
        const s = sorted[h]!;
        if (s > v || (s === v && order[h]! < u)) break;
        sorted[h + 1] = s;
        order[h + 1] = order[h]!;
        h--;
      }
      sorted[h + 1] = v;
      order[h + 1] = u;
    }
    if (this.#ties !== "min") {
      assignRanks(sorted, order, n, this.#ties, out);
      return out;
    }
    // Sports ranking, the default, in one pass: a score equal to the one before shares its rank.
    let r = 1;
    for (let k = 0; k < n; k++) {
      if (k > 0 && sorted[k]! !== sorted[k - 1]!) r = k + 1;
      out[order[k]!] = r;
    }
    return out;
  }
}
