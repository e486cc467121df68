import type { FrameworkModel } from "../model/framework.js";
import { MersenneTwister } from "./random.js";
import type { WeightSets } from "./tail-kernel.js";

/**
 * Draws noisy weight sets as COINr's `get_noisy_weights`: per set, per noise entry in order, one uniform number
 * per edge of that level, in framework order.
 */
export function noisySets(
  fw: FrameworkModel,
  noise: { level: number; factor: number }[],
  count: number,
  rng: MersenneTwister,
): WeightSets {
  const perLevel = noise.map((e) =>
    fw.order.filter((n) => n.level === e.level && n.parent !== null).map((n) => n.id),
  );
  const edges = perLevel.flat();
  const factor = Float64Array.from(noise.flatMap((e, i) => perLevel[i]!.map(() => e.factor)));
  // The numbers of every set, drawn in order: set by set, edge by edge.
  return { count, noise: { edges, factor, u: rng.fill(new Float64Array(count * edges.length)) } };
}

/** Applies set `choice` of `sets` to weights by child id (in place). */
export function applyOverride(weights: Record<string, number>, sets: WeightSets, choice: number): void {
  if (sets.noise) {
    const { edges, factor, u } = sets.noise;
    edges.forEach((e, j) => {
      const base = weights[e]!;
      weights[e] = base + (u[choice * edges.length + j]! * 2 - 1) * factor[j]! * base;
    });
    return;
  }
  const set = sets.absolute![choice]!;
  set.edges.forEach((e, j) => {
    weights[e] = set.weights[j]!;
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
  const sets = noisySets(framework, noise, count, new MersenneTwister(seed));
  return Array.from({ length: count }, (_, choice) => {
    const w = { ...weights };
    applyOverride(w, sets, choice);
    return w;
  });
}
