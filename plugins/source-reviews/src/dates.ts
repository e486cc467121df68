/** The length of a period: a year (`2024`) or a month (`2024-05`). */
export type PeriodType = "year" | "month";

const ISO =
  /^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const CJK = /^(\d{4})年(?:(\d{1,2})月(?:(\d{1,2})[日号])?)?$/;

/**
 * The period of a date, or a reason it has none. Accepted: `2024`, `2024-05`, `2024-05-31` (also with `/` or
 * `.`, and with a time after `T` or a space, which is ignored: the date is taken as written, not converted
 * between time zones), `2024年5月31日`, and a number that is a year. Month and day are checked (`2024-02-30` is
 * not a date). A year alone has no month, so it gives no monthly period.
 *
 * @example
 * ```ts
 * periodOfDate("2024-05-31T22:10:00Z", "month"); // { period: "2024-05" }
 * periodOfDate("31/05/2024", "year"); // { reason: "..." }
 * ```
 */
export function periodOfDate(value: unknown, type: PeriodType): { period: string } | { reason: string } {
  const text =
    typeof value === "number" && Number.isInteger(value)
      ? String(value)
      : typeof value === "string"
        ? value
        : "";
  const s = text.normalize("NFKC").trim();
  const m = ISO.exec(s) ?? CJK.exec(s);
  if (!m) return { reason: "it is not a date written year first (2024-05-31, 2024-05 or 2024)" };
  const year = m[1] ?? "";
  const month = m[2] === undefined ? undefined : Number(m[2]);
  const day = m[3] === undefined ? undefined : Number(m[3]);
  if (month !== undefined && (month < 1 || month > 12)) return { reason: `month ${month} does not exist` };
  if (month !== undefined && day !== undefined) {
    const days = new Date(Date.UTC(Number(year), month, 0)).getUTCDate();
    if (day < 1 || day > days) return { reason: `day ${day} does not exist in ${year}-${pad(month)}` };
  }
  if (type === "year") return { period: year };
  if (month === undefined) return { reason: "it has no month, and periods are months (`periodType`)" };
  return { period: `${year}-${pad(month)}` };
}

const pad = (n: number) => String(n).padStart(2, "0");
