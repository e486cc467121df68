import { type IssueList, show } from "../issues.js";

/** How the panel methods place periods on a time axis: by their dates, or one step apart. */
export type PeriodSpacing = "calendar" | "equal";

/** The time of each period, and the scale that was used. */
export interface PeriodTimes {
  /** One number per period, increasing. */
  times: Float64Array;
  /** `years`, `quarters`, `months`, `days`, or `positions` (0, 1, 2, ... when the periods are not all dates). */
  scale: "years" | "quarters" | "months" | "days" | "positions";
}

const formats: {
  scale: Exclude<PeriodTimes["scale"], "positions">;
  pattern: RegExp;
  time: (m: RegExpExecArray) => number;
}[] = [
  { scale: "years", pattern: /^(\d{4})$/, time: (m) => Number(m[1]) },
  { scale: "quarters", pattern: /^(\d{4})-Q([1-4])$/, time: (m) => Number(m[1]) * 4 + Number(m[2]) - 1 },
  {
    scale: "months",
    pattern: /^(\d{4})-(0[1-9]|1[0-2])$/,
    time: (m) => Number(m[1]) * 12 + Number(m[2]) - 1,
  },
  {
    scale: "days",
    pattern: /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/,
    time: (m) => Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86_400_000,
  },
];

/**
 * Places the periods on a time axis. With `calendar` spacing, periods that are all years (`2024`), all quarters
 * (`2024-Q1`), all months (`2024-03`) or all dates (`2024-03-31`) get their calendar time in that unit, so 2018,
 * 2020, 2021 are 2 and 1 apart; otherwise, and with `equal` spacing, periods are 0, 1, 2, ... in order.
 *
 * @example
 * periodTimes(["2018", "2020", "2021"], "calendar") // times 2018, 2020, 2021; scale "years"
 */
export function periodTimes(periods: readonly string[], spacing: PeriodSpacing): PeriodTimes {
  if (spacing === "calendar") {
    for (const f of formats) {
      const times = new Float64Array(periods.length);
      let ok = true;
      for (let p = 0; p < periods.length && ok; p++) {
        const m = f.pattern.exec(periods[p]!);
        if (!m) ok = false;
        else {
          times[p] = f.time(m);
          if (p > 0 && !(times[p]! > times[p - 1]!)) ok = false;
        }
      }
      if (ok) return { times, scale: f.scale };
    }
  }
  return { times: Float64Array.from(periods, (_, p) => p), scale: "positions" };
}

/** Names of the calendar formats, as {@link periodFormat} gives them. */
const formatNames: Record<Exclude<PeriodTimes["scale"], "positions">, string> = {
  years: "year (YYYY)",
  quarters: "quarter (YYYY-Qn)",
  months: "month (YYYY-MM)",
  days: "date (YYYY-MM-DD)",
};

/**
 * The format of a period, as {@link periodTimes} recognises it: `year (YYYY)`, `quarter (YYYY-Qn)`, `month
 * (YYYY-MM)`, `date (YYYY-MM-DD)`, or for any other period its shape with each digit written `#` (`FY####` for
 * `FY2024`, `####H#` for `2024H1`).
 *
 * @example
 * periodFormat("2024-05") // "month (YYYY-MM)"
 * periodFormat("FY2024") // "FY####"
 */
export function periodFormat(period: string): string {
  for (const f of formats) if (f.pattern.test(period)) return formatNames[f.scale];
  return period.replace(/[0-9]/g, "#");
}

/**
 * Reports periods of more than one format in one dataset (`2024` and `2024-05`, or `2024` and `FY2024`) as one
 * warning, `mixed-period-formats`, naming each format with up to three example periods. The panel methods assume
 * one frequency: with mixed formats {@link periodTimes} puts the periods one step apart in sorted order (so
 * linear interpolation does too), last observation carried forward counts periods in that order, and a change
 * from one period to the next compares periods of different lengths.
 */
export function reportMixedPeriodFormats(
  periods: readonly string[],
  issues: IssueList,
  source: string,
): void {
  const byFormat = new Map<string, string[]>();
  for (const p of periods) {
    const f = periodFormat(p);
    const list = byFormat.get(f);
    if (list) list.push(p);
    else byFormat.set(f, [p]);
  }
  if (byFormat.size < 2) return;
  const formats = [...byFormat].map(
    ([f, ps]) =>
      `${f}: ${ps.slice(0, 3).map(show).join(", ")}${ps.length > 3 ? `, ... (${ps.length} periods)` : ""}`,
  );
  const order = periods.slice(0, 6).map(show).join(", ") + (periods.length > 6 ? ", ..." : "");
  issues.warn(
    "mixed-period-formats",
    "data",
    `the periods mix ${byFormat.size} formats: ${formats.join("; ")}. The panel methods assume one frequency: linear interpolation and last observation carried forward put these periods one step apart in sorted order (${order}), and a change between consecutive periods compares periods of different kinds`,
    source,
  );
}
