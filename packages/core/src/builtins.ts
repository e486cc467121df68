import { arithmeticMean } from "./aggregate/arithmetic.js";
import { geometricMean } from "./aggregate/geometric.js";
import { divide } from "./denominate/divide.js";
import { formula } from "./derive/formula.js";
import { imputeGroupMean } from "./impute/group-mean.js";
import { imputeMean } from "./impute/mean.js";
import { imputeMedian } from "./impute/median.js";
import { minMax } from "./normalise/min-max.js";
import { zScore } from "./normalise/z-score.js";
import { definePlugin, type Plugin } from "./plugin.js";
import { Registry } from "./registry.js";
import { dataAvailability } from "./screen/data-availability.js";
import { ENGINE_NAME, ENGINE_VERSION } from "./version.js";
import { equalWeights } from "./weight/equal.js";
import { fixedWeights } from "./weight/fixed.js";

/** The built-in methods, as a plugin: they are registered exactly as a third party's would be. */
export const builtinPlugin: Plugin = definePlugin({
  name: ENGINE_NAME,
  version: ENGINE_VERSION,
  methods: [
    dataAvailability,
    formula,
    divide,
    imputeMean,
    imputeMedian,
    imputeGroupMean,
    minMax,
    zScore,
    equalWeights,
    fixedWeights,
    arithmeticMean,
    geometricMean,
  ],
});

/**
 * A registry with the built-in methods and the given plugins, registered in order.
 *
 * @example
 * const registry = createRegistry([csvPlugin]);
 */
export function createRegistry(plugins: readonly Plugin[] = []): Registry {
  const registry = new Registry().register(builtinPlugin);
  for (const p of plugins) registry.register(p);
  return registry;
}
