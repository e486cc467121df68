import { show } from "../issues.js";
import { defineMethod, type ImputeMethod } from "../methods.js";
import { fillMissing, reportUnfilled } from "./fill-missing.js";
import { type PeriodSpacing, periodTimes } from "./period-time.js";

/** Options of {@link imputeLinear}. */
export type ImputeLinearOptions = {
  /**
   * A missing value before a unit's first observation or after its last: `nearest` carries the nearest
   * observation (COINr, `rule = 2` of R's `approx`), `missing` leaves it missing. Default `nearest`.
   */
  ends?: "nearest" | "missing";
  /**
   * The time axis: `calendar` uses the periods' dates when they are all years, quarters, months or dates (so a
   * gap of two years weighs twice a gap of one); `equal` puts consecutive periods one step apart. Default
   * `calendar`.
   */
  spacing?: PeriodSpacing;
};

/**
 * Linear interpolation over time: fills a unit's missing value in a period from the same unit's nearest
 * observations before and after it, on a straight line through time. Observed values are never changed.
 *
 * Formula: x̂(t) = x(t₀) + (x(t₁) − x(t₀)) · (t − t₀) / (t₁ − t₀), with t₀ < t < t₁ the nearest periods where
 * the unit has a value; before the first or after the last observation, x̂ is the nearest observation (or
 * missing, with `ends: "missing"`).
 * Reference: COINr `impute_panel(iData, imp_type = "linear")`, which calls R's
 * `stats::approx(Time, x, xout = Time, rule = 2)` per unit and indicator.
 * Complexity O(n·T) per period for n units and T periods. Uses only the unit's own series; a unit with no
 * observation in any period stays missing (a warning). Unlike COINr, which stops with an error when a series has a
 * single observation, that observation is carried to every period (or nothing is filled, with `ends: "missing"`).
 *
 * @example
 * // one unit, periods 2018, 2019, 2021: 1, NaN, 7 → 1, 3, 7 (2019 is a third of the way to 2021)
 */
export const imputeLinear: ImputeMethod<ImputeLinearOptions> = defineMethod({
  stage: "impute",
  id: "linear",
  label: "Linear interpolation over time",
  description:
    "Fills a unit's missing value by linear interpolation between its observations in other periods",
  formula: "x̂(t) = x(t₀) + (x(t₁) − x(t₀)) · (t − t₀) / (t₁ − t₀)",
  citation: 'COINr impute_panel(imp_type = "linear"); R stats::approx(rule = 2)',
  options: {
    type: "object",
    properties: {
      ends: {
        type: "string",
        enum: ["nearest", "missing"],
        default: "nearest",
        description:
          "Before a unit's first or after its last observation: carry the nearest observation (COINr) or leave the value missing",
      },
      spacing: {
        type: "string",
        enum: ["calendar", "equal"],
        default: "calendar",
        description:
          "Time axis: calendar time when every period is a year, quarter, month or date; or consecutive periods one step apart",
      },
    },
    additionalProperties: false,
  },
  properties: { deterministic: true, usesPanel: true },
  missing:
    "Fills missing values between two observations of the same unit, and at the ends with the nearest observation unless `ends` is `missing`; a unit with no observation stays missing.",
  impute(x, options, ctx) {
    if (!x.some(Number.isNaN)) return Float64Array.from(x);
    const ends = options.ends ?? "nearest";
    const { times, scale } = periodTimes(ctx.periods, options.spacing ?? "calendar");
    if (scale === "positions" && (options.spacing ?? "calendar") === "calendar") {
      ctx.report({
        severity: "info",
        code: "periods-equally-spaced",
        message: `the periods of ${show(ctx.indicator.id)} are not all years, quarters, months or dates, so linear interpolation puts them one step apart: ${ctx.periods
          .slice(0, 5)
          .map((p) => show(p))
          .join(", ")}${ctx.periods.length > 5 ? ", ..." : ""}`,
      });
    }
    const panel = ctx.panel();
    const n = ctx.units.length;
    const p = ctx.periodIndex;
    const t = times[p]!;
    const before = new Int32Array(n).fill(-1);
    const after = new Int32Array(n).fill(-1);
    const out = fillMissing(
      x,
      ctx,
      (i) => {
        let q0 = p - 1;
        while (q0 >= 0 && Number.isNaN(panel[q0 * n + i]!)) q0--;
        let q1 = p + 1;
        while (q1 < times.length && Number.isNaN(panel[q1 * n + i]!)) q1++;
        const has0 = q0 >= 0;
        const has1 = q1 < times.length;
        before[i] = has0 ? q0 : -1;
        after[i] = has1 ? q1 : -1;
        if (has0 && has1) {
          const y0 = panel[q0 * n + i]!;
          const y1 = panel[q1 * n + i]!;
          // as R's approx: y0 + (y1 - y0) * ((t - t0) / (t1 - t0))
          return y0 + (y1 - y0) * ((t - times[q0]!) / (times[q1]! - times[q0]!));
        }
        if (ends === "missing") return Number.NaN;
        if (has0) return panel[q0 * n + i]!;
        if (has1) return panel[q1 * n + i]!;
        return Number.NaN;
      },
      (i) => {
        const q0 = before[i]!;
        const q1 = after[i]!;
        if (q0 >= 0 && q1 >= 0) {
          return {
            how: `linear interpolation between ${ctx.periods[q0]} and ${ctx.periods[q1]}`,
            details: { from: ctx.periods[q0], to: ctx.periods[q1], scale },
          };
        }
        const q = q0 >= 0 ? q0 : q1;
        return { how: `the nearest observation (${ctx.periods[q]})`, details: { from: ctx.periods[q] } };
      },
    );
    reportUnfilled(
      out,
      ctx,
      ends === "missing"
        ? "the unit has no value on one side in time"
        : "the unit has no value in any period",
    );
    return out;
  },
});
