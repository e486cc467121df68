import type { TieMethod } from "../spec/types.js";

/**
 * Ranks scores from best (1 = highest) down, with an explicit tie method; missing scores get `NaN` ranks, as
 * R's `rank(-x, ties.method = "min", na.last = "keep")`.
 *
 * Tie methods, for scores 9, 7, 7, 5: `min` (sports) 1, 2, 2, 4; `max` 1, 3, 3, 4; `average` 1, 2.5, 2.5, 4;
 * `dense` 1, 2, 2, 3; `first` (order of appearance) 1, 2, 3, 4.
 *
 * Complexity O(n log n).
 *
 * @example
 * rank(Float64Array.of(5, 9, 7, NaN, 7)) // Float64Array [4, 1, 2, NaN, 2]
 */
export function rank(scores: ArrayLike<number>, ties: TieMethod = "min"): Float64Array {
  const n = scores.length;
  const out = new Float64Array(n).fill(Number.NaN);
  const idx: number[] = [];
  for (let i = 0; i < n; i++) if (!Number.isNaN(scores[i]!)) idx.push(i);
  idx.sort((a, b) => scores[b]! - scores[a]! || a - b);
  let dense = 0;
  let i = 0;
  while (i < idx.length) {
    let j = i;
    const v = scores[idx[i]!]!;
    while (j + 1 < idx.length && scores[idx[j + 1]!]! === v) j++;
    dense++;
    for (let k = i; k <= j; k++) {
      let r: number;
      switch (ties) {
        case "min":
          r = i + 1;
          break;
        case "max":
          r = j + 1;
          break;
        case "average":
          r = (i + j + 2) / 2;
          break;
        case "dense":
          r = dense;
          break;
        case "first":
          r = k + 1;
          break;
      }
      out[idx[k]!] = r;
    }
    i = j + 1;
  }
  return out;
}
