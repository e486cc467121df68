import { formatCsv, type IndexResult, rankStatisticsTable, sensitivityTable } from "@cityindex/core";

/**
 * The rank statistics of the uncertainty analysis a result carries (`result.uncertainty`) as CSV, one row per
 * unit in nominal rank order (core's `rankStatisticsTable` names the columns: `unit`, `nominal_score`,
 * `nominal_rank`, `mean_rank`, `median_rank`, `p5_rank`, `p95_rank`, `best_rank`, `worst_rank`, `top_<k>`,
 * `stable_within_<within>`, `runs_ranked`, `runs_unranked`); `undefined` when the result carries none.
 * Probabilities and shares are between 0 and 1, at full precision; missing numbers (`null` in a results.json
 * read back) are empty cells, and unit ids that look like formulas are prefixed with `'` by `formatCsv`.
 *
 * @example
 * // unit,nominal_score,nominal_rank,mean_rank,median_rank,p5_rank,p95_rank,best_rank,worst_rank,top_1,...
 * // D,83.375,1,1.2,1,1,2,1,2,0.8,...
 * uncertaintyCsv(result);
 */
export function uncertaintyCsv(result: IndexResult): string | undefined {
  const summary = result.uncertainty;
  if (!summary) return undefined;
  return formatCsv(rankStatisticsTable(summary));
}

/**
 * The Sobol indices of a sensitivity analysis a result carries (`result.uncertainty.sobol`) as CSV: one row per
 * input in plan order, its first-order index and total index with their bootstrap intervals (empty without
 * bootstrap); `undefined` when the result carries no Sobol indices.
 *
 * @example
 * // input,first_order,first_low,first_high,total,total_low,total_high
 * // weights,0.41,0.2,0.63,0.58,0.39,0.8
 * sensitivityCsv(result);
 */
export function sensitivityCsv(result: IndexResult): string | undefined {
  const table = result.uncertainty ? sensitivityTable(result.uncertainty) : undefined;
  return table ? formatCsv(table) : undefined;
}
