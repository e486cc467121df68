import { adjustedMazziottaPareto } from "./aggregate/ampi.js";
import { arithmeticMean } from "./aggregate/arithmetic.js";
import { benefitOfTheDoubt } from "./aggregate/bod.js";
import { copeland } from "./aggregate/copeland.js";
import { generalisedMean } from "./aggregate/generalised.js";
import { geometricMean } from "./aggregate/geometric.js";
import { greyRelational } from "./aggregate/grey-relational.js";
import { harmonicMean } from "./aggregate/harmonic.js";
import { medianAggregate } from "./aggregate/median.js";
import { mazziottaPareto } from "./aggregate/mpi.js";
import { topsis } from "./aggregate/topsis.js";
import { divide } from "./denominate/divide.js";
import { formula } from "./derive/formula.js";
import { imputeGroupMean } from "./impute/group-mean.js";
import { imputeGroupMedian } from "./impute/group-median.js";
import { imputeLinear } from "./impute/linear.js";
import { imputeLocf } from "./impute/locf.js";
import { imputeMean } from "./impute/mean.js";
import { imputeMedian } from "./impute/median.js";
import { imputeNone } from "./impute/none.js";
import { imputeRowMean } from "./impute/row-mean.js";
import { ampiNormalise } from "./normalise/ampi.js";
import { bordaScore } from "./normalise/borda.js";
import { distanceToMax } from "./normalise/distance-to-max.js";
import { distanceToReference } from "./normalise/distance-to-reference.js";
import { distanceToTarget } from "./normalise/distance-to-target.js";
import { fractionOfMax } from "./normalise/fraction-of-max.js";
import { goalposts } from "./normalise/goalposts.js";
import { minMax } from "./normalise/min-max.js";
import { mpiNormalise } from "./normalise/mpi.js";
import { percentileRank } from "./normalise/percentile-rank.js";
import { rankNormalise } from "./normalise/rank.js";
import { scaled } from "./normalise/scaled.js";
import { zScore } from "./normalise/z-score.js";
import { definePlugin, type Plugin } from "./plugin.js";
import { Registry } from "./registry.js";
import { dataAvailability } from "./screen/data-availability.js";
import { boxCox } from "./treat/box-cox.js";
import { logTreatment } from "./treat/log.js";
import { winsorise } from "./treat/winsorise.js";
import { ENGINE_NAME, ENGINE_VERSION } from "./version.js";
import { ahpWeights } from "./weight/ahp.js";
import { bodWeights } from "./weight/bod.js";
import { combinationWeights } from "./weight/combination.js";
import { criticWeights } from "./weight/critic.js";
import { cvWeights } from "./weight/cv.js";
import { entropyWeights } from "./weight/entropy.js";
import { equalWeights } from "./weight/equal.js";
import { fixedWeights } from "./weight/fixed.js";
import { optimisedWeights } from "./weight/optimised.js";
import { pcaWeights } from "./weight/pca.js";

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
    imputeGroupMedian,
    imputeRowMean,
    imputeLinear,
    imputeLocf,
    imputeNone,
    winsorise,
    logTreatment,
    boxCox,
    minMax,
    zScore,
    rankNormalise,
    percentileRank,
    bordaScore,
    fractionOfMax,
    distanceToMax,
    distanceToReference,
    distanceToTarget,
    goalposts,
    scaled,
    mpiNormalise,
    ampiNormalise,
    equalWeights,
    fixedWeights,
    ahpWeights,
    entropyWeights,
    criticWeights,
    cvWeights,
    pcaWeights,
    bodWeights,
    combinationWeights,
    optimisedWeights,
    arithmeticMean,
    geometricMean,
    harmonicMean,
    generalisedMean,
    medianAggregate,
    mazziottaPareto,
    adjustedMazziottaPareto,
    topsis,
    greyRelational,
    copeland,
    benefitOfTheDoubt,
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
