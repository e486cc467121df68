/**
 * How TOPSIS and grey relational analysis put a node's children on a common scale before comparing them:
 * `vector` r = x / √(Σ x²), `min-max` r = (x − min) / (max − min), `none` r = x; sums, minima and maxima over
 * the units with a value in this period. A child whose divisor is zero (all zeros, or no spread) is only
 * shifted (divisor 1), so it adds nothing to any distance.
 */
export type ChildScaling = "vector" | "min-max" | "none";

/** The affine map r = (x − shift) / divisor of one child, so fixed reference points can follow it. */
export interface ScaleMap {
  shift: number;
  divisor: number;
}

/** The scaling of one child's vector (`NaN` for missing values is skipped). */
export function scaleMap(x: Float64Array, scaling: ChildScaling): ScaleMap {
  if (scaling === "none") return { shift: 0, divisor: 1 };
  if (scaling === "vector") {
    let squares = 0;
    for (const v of x) if (!Number.isNaN(v)) squares += v * v;
    const norm = Math.sqrt(squares);
    return { shift: 0, divisor: norm > 0 ? norm : 1 };
  }
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of x) {
    if (Number.isNaN(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(lo <= hi)) return { shift: 0, divisor: 1 };
  return { shift: lo, divisor: hi > lo ? hi - lo : 1 };
}

/** Applies a {@link ScaleMap}. */
export function applyScale(v: number, map: ScaleMap): number {
  return (v - map.shift) / map.divisor;
}
