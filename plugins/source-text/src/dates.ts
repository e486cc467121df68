import { periodOfDate } from "@cityindex/source-reviews";
import type { TextPeriodType } from "./options.js";

const pad = (n: number) => String(n).padStart(2, "0");

/** Epoch seconds from 1973-03-03 on have at least 9 digits; epoch milliseconds from then on at least 12. */
const EPOCH_SECONDS_MIN = 1e8;
const EPOCH_MS_MIN = 1e11;

function fromEpoch(n: number): string | undefined {
  const ms = n >= EPOCH_MS_MIN ? n : n * 1000;
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return undefined;
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/**
 * The period of a post's date or timestamp, or the reason it has none. Dates are read by `periodOfDate` of
 * `@cityindex/source-reviews` (year first: `2024-05-31`, `2024/5/31`, `2024-05`, `2024`, `2024年5月31日`, with
 * an optional time that is ignored, so the date is taken as written). A number, or a text of 10 or 13 digits,
 * from 10^8 up is a Unix timestamp, in seconds below 10^11 and in milliseconds from 10^11, read in UTC.
 * Quarters are `2024-Q1` … `2024-Q4`.
 *
 * @example
 * ```ts
 * periodOfPost("2024-05-31T22:10:00+08:00", "quarter"); // { period: "2024-Q2" }
 * periodOfPost(1717171717, "month"); // { period: "2024-05" }
 * ```
 */
export function periodOfPost(value: unknown, type: TextPeriodType): { period: string } | { reason: string } {
  let date: unknown = value;
  if (typeof value === "number" && Number.isFinite(value) && Math.abs(value) >= EPOCH_SECONDS_MIN) {
    date = fromEpoch(value);
    if (date === undefined) return { reason: "it is a number too large to be a timestamp" };
  } else if (typeof value === "string" && /^\s*(\d{10}|\d{13})\s*$/.test(value)) {
    date = fromEpoch(Number(value));
  }
  if (type !== "quarter") return periodOfDate(date, type);
  const month = periodOfDate(date, "month");
  if ("period" in month) {
    const [y, m] = month.period.split("-");
    return { period: `${y}-Q${Math.ceil(Number(m) / 3)}` };
  }
  if ("period" in periodOfDate(date, "year")) {
    return { reason: "it has no month, and periods are quarters (`periodType`)" };
  }
  return month;
}
