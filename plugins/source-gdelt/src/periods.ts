/** The length of a period: a year (`2024`) or a month (`2024-05`). */
export type PeriodType = "year" | "month";

const YEAR = /^(\d{4})$/;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The first day of GDELT DOC 2.0 timelines. */
export const GDELT_START = "2017-01-01";

/** True when `period` is a period of `type`: `2024` for years, `2024-05` for months. */
export function isPeriod(period: string, type: PeriodType): boolean {
  return (type === "year" ? YEAR : MONTH).test(period);
}

/** Every period of `type` from `from` to `to`, both included; empty when `to` is before `from`. */
export function periodsBetween(from: string, to: string, type: PeriodType): string[] {
  const out: string[] = [];
  if (type === "year") {
    for (let y = Number(from); y <= Number(to); y++) out.push(String(y));
    return out;
  }
  let [y, m] = from.split("-").map(Number) as [number, number];
  const [ty, tm] = to.split("-").map(Number) as [number, number];
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${y}-${String(m).padStart(2, "0")}`);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

/** The first and last day (`YYYY-MM-DD`) of a period. */
export function periodDays(period: string, type: PeriodType): { first: string; last: string } {
  if (type === "year") return { first: `${period}-01-01`, last: `${period}-12-31` };
  const [y, m] = period.split("-").map(Number) as [number, number];
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { first: `${period}-01`, last: `${period}-${String(days).padStart(2, "0")}` };
}

/**
 * GDELT's `startdatetime` and `enddatetime` (`YYYYMMDDHHMMSS`, UTC) covering `periods`, which must be sorted and
 * non-empty.
 *
 * @example
 * ```ts
 * dateRange(["2023", "2024"], "year"); // { start: "20230101000000", end: "20241231235959" }
 * ```
 */
export function dateRange(periods: readonly string[], type: PeriodType): { start: string; end: string } {
  const first = periodDays(periods[0] ?? "", type).first;
  const last = periodDays(periods[periods.length - 1] ?? "", type).last;
  return { start: `${first.replace(/-/g, "")}000000`, end: `${last.replace(/-/g, "")}235959` };
}

const STAMP = /^(\d{4})(\d{2})(\d{2})(?:T?\d{2}(?:\d{2}(?:\d{2})?)?Z?)?$/;

/** The period of a GDELT timeline date (`20240501T000000Z`, or `20240501`), or `undefined` if it is not one. */
export function periodOfStamp(stamp: unknown, type: PeriodType): string | undefined {
  if (typeof stamp !== "string") return undefined;
  const m = STAMP.exec(stamp.trim());
  if (!m) return undefined;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return undefined;
  return type === "year" ? (m[1] ?? "") : `${m[1]}-${m[2]}`;
}
