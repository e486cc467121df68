import type { Dataset } from "../data/dataset.js";
import { kurtosis } from "../stats/kurtosis.js";
import { mean } from "../stats/mean.js";
import { median } from "../stats/median.js";
import { skewness } from "../stats/skewness.js";
import { standardDeviation } from "../stats/standard-deviation.js";

/** Thresholds of the data checks; the defaults are COINr's `get_stats` and `get_data_avail` ones. */
export interface DataThresholds {
  /** Flag an indicator or unit whose share of available values is below this. Default `0.65`. */
  availability: number;
  /** Flag possible outliers when |skew| exceeds this ... Default `2`. */
  skew: number;
  /** ... and the (excess) kurtosis exceeds this. Default `3.5`. */
  kurtosis: number;
  /** Flag an indicator whose share of non-zero values (of those available) is below this. Default `0.5`. */
  nonZero: number;
  /** Flag an indicator whose share of unique values (of those available) is below this. Default `0.5`. */
  unique: number;
}

/** The default {@link DataThresholds}. */
export const DEFAULT_DATA_THRESHOLDS: Readonly<DataThresholds> = {
  availability: 0.65,
  skew: 2,
  kurtosis: 3.5,
  nonZero: 0.5,
  unique: 0.5,
};

/** Statistics of one indicator in one dataset and period (COINr's `get_stats` row). */
export interface IndicatorStats {
  /** Indicator id. */
  indicator: string;
  /** Smallest, largest, mean, median of the available values. */
  min: number;
  max: number;
  mean: number;
  median: number;
  /** Sample standard deviation (divisor n − 1). */
  sd: number;
  /** Skewness and excess kurtosis, type-2 estimators (as Excel, COINr). */
  skew: number;
  kurtosis: number;
  /** Counts: available (not missing), non-zero, distinct values, and the largest number of equal values. */
  available: number;
  nonZero: number;
  unique: number;
  same: number;
  /** Shares: available of all units; non-zero, unique and same of the available values. */
  shareAvailable: number;
  shareNonZero: number;
  shareUnique: number;
  shareSame: number;
  /** Cells filled by imputation in this period, and cells changed by outlier treatment (from the audit). */
  imputed: number;
  treated: number;
  /** Flags raised: `low-availability`, `many-zeros`, `few-unique`, `outliers`. */
  flags: ("low-availability" | "many-zeros" | "few-unique" | "outliers")[];
}

/**
 * Statistics of each indicator's values in one period of a dataset, with COINr's flags: low availability, a
 * high share of zeros, few unique values, and possible outliers (|skew| > 2 and kurtosis > 3.5).
 *
 * Reference: COINr `get_stats(coin, dset)`. One difference: COINr flags zeros and unique values with the
 * counts divided by all units, while its shares divide by the available values; here both use the available
 * values, so a flag always agrees with the share shown.
 *
 * @example
 * indicatorStats(result.datasets[0].data, ["flights"], 0)[0].shareAvailable
 */
export function indicatorStats(
  data: Dataset,
  indicators: readonly string[],
  period: number,
  thresholds: DataThresholds = DEFAULT_DATA_THRESHOLDS,
  counts: { imputed?: Map<string, number>; treated?: Map<string, number> } = {},
): IndicatorStats[] {
  const n = data.units.length;
  return indicators.map((id) => {
    const x = data.slice(id, period);
    let available = 0;
    let nonZero = 0;
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    const tally = new Map<number, number>();
    for (const v of x) {
      if (Number.isNaN(v)) continue;
      available++;
      if (v !== 0) nonZero++;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      tally.set(v, (tally.get(v) ?? 0) + 1);
    }
    let same = 0;
    for (const c of tally.values()) if (c > same) same = c;
    const stats: IndicatorStats = {
      indicator: id,
      min: available ? lo : Number.NaN,
      max: available ? hi : Number.NaN,
      mean: mean(x),
      median: median(x),
      sd: standardDeviation(x),
      skew: skewness(x),
      kurtosis: kurtosis(x),
      available,
      nonZero,
      unique: tally.size,
      same,
      shareAvailable: n ? available / n : Number.NaN,
      shareNonZero: available ? nonZero / available : Number.NaN,
      shareUnique: available ? tally.size / available : Number.NaN,
      shareSame: available ? same / available : Number.NaN,
      imputed: counts.imputed?.get(id) ?? 0,
      treated: counts.treated?.get(id) ?? 0,
      flags: [],
    };
    if (!(stats.shareAvailable >= thresholds.availability)) stats.flags.push("low-availability");
    if (stats.shareNonZero < thresholds.nonZero) stats.flags.push("many-zeros");
    if (stats.shareUnique < thresholds.unique) stats.flags.push("few-unique");
    if (Math.abs(stats.skew) > thresholds.skew && stats.kurtosis > thresholds.kurtosis)
      stats.flags.push("outliers");
    return stats;
  });
}

/** Data availability of one unit (COINr's `get_data_avail` row), overall and within each group of indicators. */
export interface UnitAvailability {
  /** Unit id. */
  unit: string;
  /** Indicators with no value. */
  missing: number;
  /** Indicators whose value is zero. */
  zeros: number;
  /** Indicators missing or zero. */
  missingOrZero: number;
  /** Share of indicators with a value (COINr `Dat_Avail`). */
  share: number;
  /** Share of the available values that are not zero (COINr `Non_Zero`). */
  shareNonZero: number;
  /** Share of available values within each group (a framework node), by node id. */
  byGroup: Record<string, number>;
  /** `low-availability` when {@link UnitAvailability.share} is below the threshold. */
  flags: "low-availability"[];
}

/**
 * Data availability per unit in one period: how many of the indicators have a value, overall and within each
 * group (every framework node: its indicators), and how many are zero.
 *
 * Reference: COINr `get_data_avail(coin, dset, out2 = "list")` (its `Summary` and `ByGroup` tables), which it
 * matches.
 *
 * @example
 * unitAvailability(raw, ["a", "b"], 0, { dimA: ["a", "b"] })[0].share
 */
export function unitAvailability(
  data: Dataset,
  indicators: readonly string[],
  period: number,
  groups: Record<string, readonly string[]> = {},
  threshold = DEFAULT_DATA_THRESHOLDS.availability,
): UnitAvailability[] {
  const columns = new Map(indicators.map((id) => [id, data.slice(id, period)]));
  const k = indicators.length;
  return data.units.map((unit, u) => {
    let missing = 0;
    let zeros = 0;
    for (const col of columns.values()) {
      const v = col[u]!;
      if (Number.isNaN(v)) missing++;
      else if (v === 0) zeros++;
    }
    const byGroup: Record<string, number> = {};
    for (const [group, members] of Object.entries(groups)) {
      let have = 0;
      for (const id of members) if (!Number.isNaN(columns.get(id)?.[u] ?? Number.NaN)) have++;
      byGroup[group] = members.length ? have / members.length : Number.NaN;
    }
    const share = k ? (k - missing) / k : Number.NaN;
    return {
      unit,
      missing,
      zeros,
      missingOrZero: missing + zeros,
      share,
      shareNonZero: k - missing > 0 ? (k - missing - zeros) / (k - missing) : Number.NaN,
      byGroup,
      flags: share < threshold ? ["low-availability"] : [],
    };
  });
}
