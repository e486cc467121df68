import type { TieMethod } from "../spec/types.js";

/**
 * Ranks the scores of one node run after run, keeping the order of the last run: the runs of an analysis move
 * few units past each other, so sorting from the last order (insertion sort) takes little more than one pass.
 * The ranks are those of `rankInto` for the same scores and tie method (best = 1, equal scores in unit order,
 * missing scores `NaN`).
 */
export class RunRanker {
  readonly #order: Int32Array;
  readonly #ties: TieMethod;

  constructor(units: number, ties: TieMethod) {
    this.#order = Int32Array.from({ length: units }, (_, i) => i);
    this.#ties = ties;
  }

  /** The ranks of `scores` (of the units' length) written into `out`, which is returned. */
  rank(scores: Float64Array, out: Float64Array): Float64Array {
    const order = this.#order;
    const n = order.length;
    // Insertion sort of the last order: higher scores first, equal scores by unit, missing scores last.
    for (let k = 1; k < n; k++) {
      const u = order[k]!;
      const v = scores[u]!;
      let h = k - 1;
      while (h >= 0 && before(u, v, order[h]!, scores[order[h]!]!)) {
        order[h + 1] = order[h]!;
        h--;
      }
      order[h + 1] = u;
    }
    const ties = this.#ties;
    let i = 0;
    let dense = 0;
    while (i < n) {
      const v = scores[order[i]!]!;
      if (Number.isNaN(v)) {
        for (; i < n; i++) out[order[i]!] = Number.NaN;
        break;
      }
      let j = i;
      while (j + 1 < n && scores[order[j + 1]!]! === v) j++;
      dense++;
      if (ties === "first") {
        for (let k = i; k <= j; k++) out[order[k]!] = k + 1;
      } else {
        const r =
          ties === "min" ? i + 1 : ties === "max" ? j + 1 : ties === "average" ? (i + j + 2) / 2 : dense;
        for (let k = i; k <= j; k++) out[order[k]!] = r;
      }
      i = j + 1;
    }
    return out;
  }
}

/** Whether unit a (score va) comes before unit b (score vb): higher first, missing last, then by unit. */
function before(a: number, va: number, b: number, vb: number): boolean {
  if (Number.isNaN(va)) return Number.isNaN(vb) && a < b;
  if (Number.isNaN(vb)) return true;
  return va > vb || (va === vb && a < b);
}
