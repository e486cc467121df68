import { InputError } from "../errors.js";
import { type PeriodTimes, periodTimes } from "../impute/period-time.js";
import { show } from "../issues.js";
import type { IndexResult } from "../pipeline/result.js";
import { checkNodes, periodIndex } from "./shared.js";

/**
 * A trend metric over a unit's values in a window of periods, as COINr's `get_trends` computes them with its
 * `f_trend` functions:
 *
 * - `cagr`: compound annual growth rate between the first and last available values y₁ (at time t₁) and yₙ
 *   (at tₙ): (yₙ / y₁)^(1 / (tₙ − t₁)) − 1 (COINr's `CAGR`). Equal values give 0, as in COINr; otherwise a
 *   value ≤ 0 gives `NaN` with a reason.
 * - `change`: yₙ − y₁.
 * - `percent-change`: COINr's `prc_change`: with two values, (yₙ − y₁) × 100 / y₁ × per / (tₙ − t₁); with three
 *   or more, the least-squares line a + b·t through the values gives b × per / (a + b·t₁) × 100; 0 when every
 *   value is the same. A base of 0 gives `NaN` with a reason.
 * - `slope`: the least-squares slope b = Σ(t − t̄)(y − ȳ) / Σ(t − t̄)² of the values on time.
 */
export type TrendMethod = "cagr" | "change" | "percent-change" | "slope";

/** The trend methods, in order. */
export const TREND_METHODS: readonly TrendMethod[] = ["cagr", "change", "percent-change", "slope"];

/** What time is in {@link trends}: see {@link TrendOptions.time}. */
export type TrendTime = "years" | "calendar" | "positions";

/** Options of {@link trends}. */
export interface TrendOptions {
  /** The framework node (default: the root). Indicators hold their last transformed value. */
  node?: string;
  /** First period of the window (default: the result's first). */
  from?: string;
  /** Last period of the window (default: the result's last); after `from`. */
  to?: string;
  /** The trend metric. */
  method: TrendMethod;
  /**
   * What time is:
   * - `years` (the default, as COINr) reads each period as a year (`"2021"`) and fails with `not-years`
   *   otherwise;
   * - `calendar` reads the window's periods as years, quarters (`2024-Q1`), months (`2024-03`) or dates
   *   (`2024-03-31`), all of one format, in years (a month is 1/12, a day 1/365.25), so a monthly index gets
   *   annual growth rates and slopes per year, and a missing month counts; it fails with `not-calendar` otherwise;
   * - `positions` uses the period's position in the result (0, 1, 2, …), so `cagr` becomes a compound growth
   *   rate per period.
   */
  time?: TrendTime;
  /** `percent-change` per this many time units (COINr's `per`, default 1: per year). */
  per?: number;
  /**
   * Multiply the trend by the indicator's direction (1 or −1), as COINr's `get_trends` does (default `false`:
   * scores of a normalising pipeline already point the way of "better"; aggregates have direction 1).
   */
  applyDirection?: boolean;
}

/** One unit's trend. */
export interface UnitTrend {
  /** Unit id. */
  unit: string;
  /** First period of the window with a value, if any. */
  first?: string;
  /** Last period of the window with a value, if any. */
  last?: string;
  /** Number of values in the window. */
  values: number;
  /** values / periods in the window (COINr's `Avail`). */
  share: number;
  /** The trend (`NaN` when it cannot be computed: see `reason`). */
  trend: number;
  /** Why `trend` is `NaN`. */
  reason?: string;
}

/** The trend of every unit on one node, with every option used. */
export interface Trends {
  /** The node. */
  node: string;
  /** The metric. */
  method: TrendMethod;
  /** The window's periods, in order. */
  periods: string[];
  /** What time was (`change` does not use it). */
  time: TrendTime;
  /**
   * With `time: "calendar"`, the periods' format as read: `years`, `quarters`, `months` or `days` (time is in
   * years whatever the format).
   */
  calendar?: "years" | "quarters" | "months" | "days";
  /** The `per` used by `percent-change` (recorded for every method; only `percent-change` uses it). */
  per: number;
  /** Whether the trends were multiplied by the direction, and the direction used. */
  applyDirection: boolean;
  /** The direction applied (1 unless `applyDirection` and the node is an indicator with direction −1). */
  direction: 1 | -1;
  /** One entry per unit of the result, in its order. */
  units: UnitTrend[];
}

const YEAR = /^-?\d{1,4}$/;

/** The calendar formats {@link periodTimes} reads. */
type CalendarScale = Exclude<PeriodTimes["scale"], "positions">;

/** Periods per year of each calendar format. */
const PER_YEAR: Record<CalendarScale, number> = { years: 1, quarters: 4, months: 12, days: 365.25 };

/** Least-squares intercept and slope of y on t. */
function leastSquares(t: readonly number[], y: readonly number[]): { intercept: number; slope: number } {
  const n = t.length;
  let tm = 0;
  let ym = 0;
  for (let i = 0; i < n; i++) {
    tm += t[i]!;
    ym += y[i]!;
  }
  tm /= n;
  ym /= n;
  let sty = 0;
  let stt = 0;
  for (let i = 0; i < n; i++) {
    sty += (t[i]! - tm) * (y[i]! - ym);
    stt += (t[i]! - tm) ** 2;
  }
  const slope = sty / stt;
  return { intercept: ym - slope * tm, slope };
}

/** The trend of values `y` at times `t` (ascending, at least two). */
function trendOf(
  method: TrendMethod,
  t: readonly number[],
  y: readonly number[],
  per: number,
): { trend: number; reason?: string } {
  const n = y.length;
  const y1 = y[0]!;
  const yn = y[n - 1]!;
  const dt = t[n - 1]! - t[0]!;
  switch (method) {
    case "change":
      return { trend: yn - y1 };
    case "slope":
      return { trend: leastSquares(t, y).slope };
    case "cagr":
      if (yn === y1) return { trend: 0 };
      if (y1 <= 0 || yn <= 0) {
        return {
          trend: Number.NaN,
          reason: `CAGR needs positive values, got ${show(y1)} and ${show(yn)}`,
        };
      }
      return { trend: (yn / y1) ** (1 / dt) - 1 };
    case "percent-change": {
      if (y.every((v) => v === y1)) return { trend: 0 };
      if (n < 3) {
        if (y1 === 0) return { trend: Number.NaN, reason: "percent change from a first value of 0" };
        return { trend: (((yn - y1) * 100) / y1) * (per / dt) };
      }
      const { intercept, slope } = leastSquares(t, y);
      const base = intercept + slope * t[0]!;
      if (base === 0) return { trend: Number.NaN, reason: "percent change from a fitted first value of 0" };
      return { trend: ((slope * per) / base) * 100 };
    }
  }
}

/**
 * Every unit's trend on one node over a window of periods, as COINr's `get_trends(purse, f_trend = ...)` for
 * one indicator or aggregate (see {@link TrendMethod} for the formulas). Each unit's missing periods are left
 * out, and the trend is taken over the values it has: `first` and `last` are the first and last periods with a
 * value, and `cagr` and `change` use those two values. A unit with fewer than two values gets `NaN` and a
 * reason; so does a value that a metric cannot take (a non-positive value for `cagr`). Nothing throws for bad
 * data, only for bad options. COINr's interpolation (`interp_at`) and `use_latest` are not done here.
 *
 * Complexity O(units × periods).
 *
 * @example
 * trends(result, { method: "cagr", from: "2020", to: "2024" }).units
 */
export function trends(result: IndexResult, options: TrendOptions): Trends {
  const fn = "trends";
  const method = options.method;
  if (!TREND_METHODS.includes(method)) {
    throw new InputError(
      "bad-option",
      `${fn}: unknown method ${show(method)}; use ${TREND_METHODS.map((m) => show(m)).join(", ")}`,
    );
  }
  const time = options.time ?? "years";
  if (time !== "years" && time !== "calendar" && time !== "positions") {
    throw new InputError(
      "bad-option",
      `${fn}: \`time\` must be \`years\`, \`calendar\` or \`positions\`, got ${show(time)}`,
    );
  }
  const per = options.per ?? 1;
  if (!Number.isFinite(per) || per <= 0) {
    throw new InputError("bad-option", `${fn}: \`per\` must be a positive number, got ${show(per)}`);
  }
  const node = options.node ?? result.framework.root.id;
  checkNodes(result, [node], fn);
  const pFrom = options.from === undefined ? 0 : periodIndex(result, options.from, fn);
  const pTo = options.to === undefined ? result.periods.length - 1 : periodIndex(result, options.to, fn);
  if (pTo <= pFrom) {
    throw new InputError(
      "bad-window",
      `${fn}: the window needs two periods or more, \`from\` before \`to\`; got ${show(result.periods[pFrom])} to ${show(result.periods[pTo])}`,
    );
  }
  const window: number[] = [];
  for (let p = pFrom; p <= pTo; p++) window.push(p);
  // `change` does not use time, so it takes any periods.
  let calendar: Trends["calendar"];
  let times: number[];
  if (time === "positions" || method === "change") times = window;
  else if (time === "calendar") {
    const periods = window.map((p) => result.periods[p]!);
    const { times: placed, scale } = periodTimes(periods, "calendar");
    if (scale === "positions") {
      throw new InputError(
        "not-calendar",
        `${fn}: the periods ${periods.map((p) => show(p)).join(", ")} are not all years, quarters (2024-Q1), months (2024-03) or dates (2024-03-31) of one format; use \`time: "positions"\``,
      );
    }
    calendar = scale;
    times = Array.from(placed, (t) => t / PER_YEAR[scale]);
  } else {
    times = window.map((p) => {
      const period = result.periods[p]!;
      if (!YEAR.test(period.trim())) {
        throw new InputError(
          "not-years",
          `${fn}: period ${show(period)} is not a year; use \`time: "calendar"\` for quarters, months or dates, or \`time: "positions"\` (time is read from the periods)`,
        );
      }
      return Number(period);
    });
  }
  const applyDirection = options.applyDirection === true;
  const model = result.framework.nodes.get(node)!;
  const direction: 1 | -1 =
    applyDirection && model.isIndicator ? (result.framework.indicators.get(node)?.direction ?? 1) : 1;
  const columns = window.map((p) => result.scores.slice(node, p));
  const units = result.units.map((unit, u): UnitTrend => {
    const t: number[] = [];
    const y: number[] = [];
    const at: number[] = [];
    columns.forEach((col, i) => {
      const v = col[u]!;
      if (!Number.isNaN(v)) {
        t.push(times[i]!);
        y.push(v);
        at.push(window[i]!);
      }
    });
    const entry: UnitTrend = { unit, values: y.length, share: y.length / window.length, trend: Number.NaN };
    if (at.length > 0) {
      entry.first = result.periods[at[0]!]!;
      entry.last = result.periods[at[at.length - 1]!]!;
    }
    if (y.length < 2) {
      entry.reason = `${y.length === 0 ? "no values" : "one value"} in the window; a trend needs two`;
      return entry;
    }
    const { trend, reason } = trendOf(method, t, y, per);
    entry.trend = trend * direction;
    if (reason !== undefined) entry.reason = reason;
    return entry;
  });
  return {
    node,
    method,
    periods: window.map((p) => result.periods[p]!),
    time,
    ...(calendar ? { calendar } : {}),
    per,
    applyDirection,
    direction,
    units,
  };
}
