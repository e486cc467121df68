import type { FrameworkModel } from "../model/framework.js";
import { MersenneTwister } from "./random.js";
import type { WeightOverride } from "./tail-kernel.js";

/**
 * Draws noisy weight sets as COINr's `get_noisy_weights`: per set, per noise entry in order, one uniform number
 * per edge of that level, in framework order.
 */
export function noisySets(
  fw: FrameworkModel,
  noise: { level: number; factor: number }[],
  count: number,
  rng: MersenneTwister,
): WeightOverride[] {
  const perLevel = noise.map((e) =>
    fw.order.filter((n) => n.level === e.level && n.parent !== null).map((n) => n.id),
  );
  const edges = perLevel.flat();
  const factor = Float64Array.from(noise.flatMap((e, i) => perLevel[i]!.map(() => e.factor)));
  // One buffer for every set's numbers, drawn in order: set by set, edge by edge.
  const k = edges.length;
  const u = rng.fill(new Float64Array(count * k));
  const sets: WeightOverride[] = [];
  for (let s = 0; s < count; s++) sets.push({ edges, noise: { u: u.subarray(s * k, (s + 1) * k), factor } });
  return sets;
}

/** Applies a weight set to weights by child id (in place). */
export function applyOverride(weights: Record<string, number>, set: WeightOverride): void {
  set.edges.forEach((e, j) => {
    if (set.absolute) weights[e] = set.absolute[j]!;
    else if (set.noise) {
      const base = weights[e]!;
      weights[e] = base + (set.noise.u[j]! * 2 - 1) * set.noise.factor[j]! * base;
    }
  });
}

/**
 * Noisy copies of an index's weights, as COINr's `get_noisy_weights`: in each set, every weight w of a node at
 * a listed level becomes w + (2u − 1)·factor·w, with u drawn by the Mersenne Twister seeded as R's
 * `set.seed(seed)`, per set, per level in the order given, per node in framework order. With the same seed and
 * weights the sets equal COINr's.
 *
 * @example
 * noisyWeights(result.framework, result.weights, [{ level: 2, factor: 0.25 }], 100, 1);
 */
export function noisyWeights(
  framework: FrameworkModel,
  weights: Readonly<Record<string, number>>,
  noise: { level: number; factor: number }[],
  count: number,
  seed: number,
): Record<string, number>[] {
  return noisySets(framework, noise, count, new MersenneTwister(seed)).map((set) => {
    const w = { ...weights };
    applyOverride(w, set);
    return w;
  });
}
