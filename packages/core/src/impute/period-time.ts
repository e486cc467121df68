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
