import { defineMethod, type ImputeMethod } from "../methods.js";
import { fillMissing, reportUnfilled } from "./fill-missing.js";

/** Options of {@link imputeLocf}. */
export type ImputeLocfOptions = {
  /**
   * The most periods to look back (and forward, with `backward`) for an observation: with `1`, a value missing
   * in 2022 is taken from 2021 only. COINr's `max_time`. Default: no limit.
   */
  maxGap?: number;
  /**
   * Also carry the next observation backward, for a unit with no earlier observation (COINr's
   * `imp_type = "constant"`, R's `approx(method = "constant", rule = 2)`, when there is no `maxGap`). Default
   * `false` (COINr's `imp_type = "latest"`).
   */
  backward?: boolean;
};

/**
 * Last observation carried forward: fills a unit's missing value in a period with the same unit's most recent
 * observed value in an earlier period, looking back at most `maxGap` periods; optionally, when there is none,
 * with the next observed value in a later period. Observed values are never changed.
 *
 * Formula: x̂(tₚ) = x(tₚ₋ₖ) with k = min{ k ≥ 1 : x(tₚ₋ₖ) observed, k ≤ maxGap }; with `backward`, otherwise
 * x(tₚ₊ₖ) with the smallest such k.
 * Reference: COINr `impute_panel(iData, imp_type = "latest", max_time = ...)`; with `backward: true`, COINr
 * `impute_panel(iData, imp_type = "constant")`. Gaps count periods (positions in the data's periods), as COINr's
 * `max_time` counts time points, not years.
 * Complexity O(n·T) per period for n units and T periods. Uses only the unit's own series, as observed before this
 * step; a value with no observation within reach stays missing (a warning).
 *
 * @example
 * // one unit, periods 2019..2022: 4, NaN, NaN, 6 → 4, 4, 4, 6; with maxGap 1 → 4, 4, NaN, 6
 */
export const imputeLocf: ImputeMethod<ImputeLocfOptions> = defineMethod({
  stage: "impute",
  id: "locf",
  label: "Last observation carried forward",
  description:
    "Fills a unit's missing value with its most recent earlier observation (optionally the next one)",
  formula: "x̂(tₚ) = x(tₚ₋ₖ), k = min{ k ≥ 1 : x(tₚ₋ₖ) observed, k ≤ maxGap }",
  citation: 'COINr impute_panel(imp_type = "latest", max_time); imp_type = "constant" for backward',
  options: {
    type: "object",
    properties: {
      maxGap: {
        type: "integer",
        minimum: 1,
        description:
          "Most periods to look back (and forward with backward) for an observation, as COINr's max_time; no limit when absent",
      },
      backward: {
        type: "boolean",
        default: false,
        description: "When a unit has no earlier observation, carry its next observation backward",
      },
    },
    additionalProperties: false,
  },
  properties: { deterministic: true, usesPanel: true },
  missing:
    "Fills a missing value from the unit's latest earlier observation within `maxGap` periods (or, with `backward`, the next one); otherwise it stays missing.",
  impute(x, options, ctx) {
    if (!x.some(Number.isNaN)) return Float64Array.from(x);
    const maxGap = options.maxGap ?? Number.POSITIVE_INFINITY;
    const backward = options.backward ?? false;
    const panel = ctx.panel();
    const n = ctx.units.length;
    const p = ctx.periodIndex;
    const last = ctx.periods.length - 1;
    const source = new Int32Array(n).fill(-1);
    const out = fillMissing(
      x,
      ctx,
      (i) => {
        for (let q = p - 1; q >= 0 && p - q <= maxGap; q--) {
          if (!Number.isNaN(panel[q * n + i]!)) {
            source[i] = q;
            return panel[q * n + i]!;
          }
        }
        if (backward) {
          for (let q = p + 1; q <= last && q - p <= maxGap; q++) {
            if (!Number.isNaN(panel[q * n + i]!)) {
              source[i] = q;
              return panel[q * n + i]!;
            }
          }
        }
        return Number.NaN;
      },
      (i) => {
        const q = source[i]!;
        const from = ctx.periods[q]!;
        return { how: `the ${q < p ? "last" : "next"} observation (${from})`, details: { from } };
      },
    );
    reportUnfilled(
      out,
      ctx,
      `no ${backward ? "observation" : "earlier observation"} of the unit${
        Number.isFinite(maxGap) ? ` within ${maxGap} period(s)` : ""
      }`,
    );
    return out;
  },
});
