import { InputError } from "../errors.js";
import { show } from "../issues.js";
import type { IndexResult } from "../pipeline/result.js";
import { rank } from "../stats/rank.js";
import { kendallCorrelation, spearmanCorrelation } from "../stats/rank-correlation.js";

/** An external ranking or score to compare the index with, such as a published ranking of cities. */
export interface ExternalBenchmark {
  /** Its name, for reports. */
  name: string;
  /** Values by unit id. */
  values: Record<string, number>;
  /** `rank` (1 = best, the default) or `score` (higher is better). */
  kind?: "rank" | "score";
}

/** A unit on which the index and a benchmark disagree. */
export interface Disagreement {
  /** Unit id. */
  unit: string;
  /** Its rank in the index among the units both rank. */
  indexRank: number;
  /** Its rank in the benchmark among the same units. */
  benchmarkRank: number;
  /** indexRank − benchmarkRank: negative when the index places it higher. */
  difference: number;
}

/** How the index agrees with one external benchmark. */
export interface BenchmarkComparison {
  /** The benchmark's name. */
  name: string;
  /** The framework node compared (the index by default). */
  node: string;
  /** Units both rank. */
  units: number;
  /** Units of the benchmark that are not in the index, and units of the index missing from the benchmark. */
  notInIndex: string[];
  notInBenchmark: string[];
  /** Spearman's and Kendall's rank correlations over the common units. */
  spearman: number;
  kendall: number;
  /** The common units ordered by |difference| of ranks, largest first. */
  disagreements: Disagreement[];
}

/**
 * Compares an index with external rankings: Spearman's and Kendall's rank correlations over the units both
 * cover, and the units on which they disagree most (ranks recomputed among the common units, so a unit missing
 * from one side does not shift the others).
 *
 * Reference: OECD/JRC Handbook (2008) §8 (links to other indicators). Complexity O(n²) (Kendall).
 *
 * @example
 * compareWithBenchmarks(result, [{ name: "GaWC 2024", values: { beijing: 6, shanghai: 5 } }])
 */
export function compareWithBenchmarks(
  result: IndexResult,
  benchmarks: readonly ExternalBenchmark[],
  options: { node?: string; period?: string } = {},
): BenchmarkComparison[] {
  const root = result.framework.order.find((n) => n.parent === null)!;
  const node = options.node ?? root.id;
  if (!result.scores.has(node))
    throw new InputError("unknown-id", `compareWithBenchmarks: no node ${show(node)}`);
  const period = options.period ?? result.periods[result.periods.length - 1]!;
  const p = result.periods.indexOf(period);
  if (p < 0) throw new InputError("unknown-period", `compareWithBenchmarks: no period ${show(period)}`);
  const scores = result.scores.slice(node, p);
  const inIndex = new Map(result.units.map((u, i) => [u, scores[i]!]));
  return benchmarks.map((b) => {
    const common = result.units.filter(
      (u) => Object.hasOwn(b.values, u) && Number.isFinite(b.values[u]) && !Number.isNaN(inIndex.get(u)!),
    );
    const indexScores = Float64Array.from(common, (u) => inIndex.get(u)!);
    // Benchmark ranks: 1 = best; scores are turned into ranks, higher first.
    const benchmarkKey = Float64Array.from(common, (u) =>
      b.kind === "score" ? b.values[u]! : -b.values[u]!,
    );
    const indexRanks = rank(indexScores, "average");
    const benchmarkRanks = rank(benchmarkKey, "average");
    const disagreements = common
      .map((unit, i) => ({
        unit,
        indexRank: indexRanks[i]!,
        benchmarkRank: benchmarkRanks[i]!,
        difference: indexRanks[i]! - benchmarkRanks[i]!,
      }))
      .sort((x, y) => Math.abs(y.difference) - Math.abs(x.difference) || x.unit.localeCompare(y.unit));
    return {
      name: b.name,
      node,
      units: common.length,
      notInIndex: Object.keys(b.values).filter((u) => !inIndex.has(u)),
      notInBenchmark: result.units.filter((u) => !Object.hasOwn(b.values, u)),
      spearman: spearmanCorrelation(indexScores, benchmarkKey),
      kendall: kendallCorrelation(indexScores, benchmarkKey),
      disagreements,
    };
  });
}
