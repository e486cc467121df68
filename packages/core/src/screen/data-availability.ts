import { show } from "../issues.js";
import { defineMethod, type ScreenMethod } from "../methods.js";

/** Options of {@link dataAvailability}. */
export type DataAvailabilityOptions = {
  /** Minimum share (0..1) of the step's indicators a unit must have a value for. */
  minAvailability: number;
  /** Minimum share (0..1) of its available values that must be non-zero; default `0` (zeros are not screened). */
  minNonZero: number;
  /**
   * `all`: the unit must pass in every period, or it leaves the index; `latest`: only the latest period counts;
   * `each`: a unit failing in a period is excluded from that period only and keeps the others (COINr's screening
   * of each year's coin of a purse), and leaves the index only when it fails in every period where it has data.
   * With `all` and `latest` a period where the unit has no data counts as a failure (it has no value there).
   */
  periods: "all" | "latest" | "each";
  /** Units kept whatever their data (COINr's `Force`). */
  keep: string[];
  /** Units excluded whatever their data. */
  exclude: string[];
};

/**
 * Screening by data availability: excludes units that have values for too few indicators (and, optionally,
 * too many zeros), so an index does not rank units on a handful of numbers.
 *
 * Formula: availability = 1 − missing / k over the k indicators in scope; non-zero share = 1 − zeros / available.
 * A unit fails in a period when availability < `minAvailability` or non-zero share < `minNonZero`; it is excluded
 * from the index when it fails in any period (`periods: "all"`) or in the latest (`"latest"`), or, with
 * `"each"`, from each period where it fails (see `PeriodScreening`).
 * Reference: COINr `Screen(coin, dat_thresh, nonzero_thresh, unit_screen = "byNA" | "byNAandzeros")`; with
 * `"each"`, `Screen(purse, ...)`, which screens the coin of each period apart.
 * Complexity O(n k) per period. Every unit's figures in every period it is judged in are in the audit trail.
 *
 * @example
 * // { "step": "screen", "method": "data-availability", "options": { "minAvailability": 0.85 } }
 */
export const dataAvailability: ScreenMethod<DataAvailabilityOptions> = defineMethod({
  stage: "screen",
  id: "data-availability",
  label: "Screening by data availability",
  description: "Excludes units with values for too few indicators, or with too many zeros",
  formula: "exclude u if 1 − missing(u)/k < minAvailability or 1 − zeros(u)/available(u) < minNonZero",
  citation: "OECD/JRC (2008) Handbook, §3; COINr Screen()",
  options: {
    type: "object",
    properties: {
      minAvailability: {
        type: "number",
        minimum: 0,
        maximum: 1,
        description: "Minimum share of indicators with a value (COINr's dat_thresh)",
      },
      minNonZero: {
        type: "number",
        minimum: 0,
        maximum: 1,
        default: 0,
        description: "Minimum share of non-zero values among the available ones (COINr's nonzero_thresh)",
      },
      periods: {
        enum: ["all", "latest", "each"],
        default: "all",
        description:
          "all: a unit failing in any period leaves the index; latest: only the latest period counts; each: a unit is excluded from each period it fails in (COINr's purse screening)",
      },
      keep: { type: "array", items: { type: "string" }, default: [], description: "Units always kept" },
      exclude: {
        type: "array",
        items: { type: "string" },
        default: [],
        description: "Units always excluded",
      },
    },
    required: ["minAvailability"],
    additionalProperties: false,
  },
  properties: { deterministic: true, usesWholeSample: false },
  missing: "Counts missing values; that is its purpose.",
  screen(options, ctx) {
    const { data, indicators } = ctx;
    const n = data.units.length;
    const k = indicators.length;
    const known = new Set(data.units);
    for (const id of [...options.keep, ...options.exclude]) {
      if (!known.has(id)) {
        ctx.report({
          severity: "error",
          code: "unknown-unit",
          message: `screening names unit ${show(id)}, which is not in the data`,
        });
      }
    }
    const keep = new Set(options.keep);
    const exclude = new Set(options.exclude);
    const decide = (found: readonly (string | null)[]): (string | null)[] =>
      data.units.map((u, i) =>
        exclude.has(u) ? "excluded by the step's `exclude` list" : keep.has(u) ? null : found[i]!,
      );
    const each = options.periods === "each";
    const reasons: (string | null)[] = new Array(n).fill(null);
    const byPeriod: (string | null)[][] = [];
    const first = options.periods === "latest" ? data.periods.length - 1 : 0;
    for (let p = first; p < data.periods.length; p++) {
      if (each) reasons.fill(null);
      const columns = indicators.map((ind) => data.slice(ind.id, p));
      for (let u = 0; u < n; u++) {
        let missing = 0;
        let zeros = 0;
        for (const col of columns) {
          const v = col[u]!;
          if (Number.isNaN(v)) missing++;
          else if (v === 0) zeros++;
        }
        const available = k - missing;
        const availability = k === 0 ? 0 : available / k;
        const nonZero = available === 0 ? 0 : 1 - zeros / available;
        const period = data.periods[p]!;
        ctx.audit({
          action: "screened",
          unit: data.units[u],
          period,
          details: { missing, zeros, availability, nonZero },
          message: `${data.units[u]} in ${period}: data for ${available} of ${k} indicators, ${zeros} zero(s)`,
        });
        if (reasons[u] !== null) continue;
        if (availability < options.minAvailability) {
          reasons[u] =
            `data for ${available} of ${k} indicators in ${period} (${round(availability)}), below the minimum ${options.minAvailability}${available === 0 && !each && data.periods.length > 1 ? NO_DATA_HINT : ""}`;
        } else if (nonZero < options.minNonZero) {
          reasons[u] =
            `${zeros} of ${available} values are zero in ${period} (non-zero share ${round(nonZero)}), below the minimum ${options.minNonZero}`;
        }
      }
      if (each) byPeriod.push(decide(reasons));
    }
    return each ? { byPeriod } : decide(reasons);
  },
});

/**
 * Said of a unit judged in a period where it has no data (a unit that joins later or leaves), when one failure
 * excludes it from every period.
 */
const NO_DATA_HINT =
  '; it has no data there: `periods: "each"` screens each period apart, so a unit that joins later or leaves is judged only where it has data';

function round(x: number): string {
  return (Math.round(x * 1000) / 1000).toString();
}
