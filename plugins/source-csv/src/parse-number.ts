import type { DecimalMark, PercentMode, ThousandsSeparator } from "./options.js";

/** How numbers are written in a table. */
export interface NumberFormat {
  /** Thousands separator, or `""` for none. */
  thousands: ThousandsSeparator;
  /** Decimal mark. */
  decimal: DecimalMark;
  /** What a trailing `%` means. */
  percent: PercentMode;
}

/** Reads one cell as a number; `undefined` when the text is not a number in the format. */
export type NumberParser = (text: string) => number | undefined;

/** True when every character of `text` is ASCII, so Unicode normalisation would not change it. */
export function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** A plain decimal number as `Number()` reads it exactly as this reader would: the common case, fast. */
const PLAIN = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Makes a reader for numbers written in `format`. A number is, after Unicode NFKC normalisation (which turns
 * full-width digits, `－`, `＋`, `％`, `，`, `．` and the no-break and thin spaces into their ASCII forms) and
 * trimming:
 *
 * an optional sign (`+`, `-` or `−`), digits with an optional fractional part after the decimal mark (either
 * side may be empty, not both), an optional exponent (`e3`, `E-2`) and an optional `%` (spaces before it are
 * allowed).
 *
 * The integer part may be grouped by the thousands separator, and then it must be grouped exactly: one to
 * three digits, then groups of three (`1,234,567`, not `12,34` nor `1,2345`). The fractional part is never
 * grouped. `Infinity`, `NaN`, hexadecimal, currency symbols and results too large for a double are not
 * numbers; `-0` reads as `0`. The digits are converted in one step, so `0.1` reads as the double nearest 0.1, and a `%` read
 * as a fraction shifts the exponent instead of dividing (`12.3%` is exactly the double `0.123`).
 *
 * @example
 * ```ts
 * const read = makeNumberParser({ thousands: ",", decimal: ".", percent: "fraction" });
 * read("１２．５％"); // 0.125
 * read("12,3.4"); // undefined
 * ```
 */
export function makeNumberParser(format: NumberFormat): NumberParser {
  const { thousands, decimal, percent } = format;
  const int = thousands === "" ? "\\d*" : `(?:\\d{1,3}(?:${escapeRegExp(thousands)}\\d{3})+|\\d*)`;
  const re = new RegExp(`^([+-]?)(${int})(?:${escapeRegExp(decimal)}(\\d*))?(?:[eE]([+-]?\\d+))?(\\s*%)?$`);
  const fraction = percent === "fraction";
  return (text) => {
    let s = text;
    if (!isAscii(s)) {
      s = s.normalize("NFKC").replace(/\u2212/g, "-");
      if (thousands === "'") s = s.replace(/\u2019/g, "'");
    }
    s = s.trim();
    if (decimal === "." && PLAIN.test(s)) {
      const value = Number(s);
      return Number.isFinite(value) ? value + 0 : undefined; // + 0 turns -0 into 0
    }
    const m = re.exec(s);
    if (!m) return undefined;
    const sign = m[1] ?? "";
    const intDigits = thousands === "" ? (m[2] ?? "") : (m[2] ?? "").split(thousands).join("");
    const fracDigits = m[3] ?? "";
    if (intDigits === "" && fracDigits === "") return undefined;
    let exponent = m[4] === undefined ? 0 : Number(m[4]);
    if (m[5] !== undefined && fraction) exponent -= 2;
    const value = Number(`${sign}${intDigits || "0"}.${fracDigits || "0"}e${exponent}`);
    if (!Number.isFinite(value)) return undefined;
    return value === 0 ? 0 : value; // no negative zero
  };
}
