import type { Cell, CellValue } from "exceljs";

/** What one cell holds, after following formulas to their cached results. */
export type CellContent =
  | { kind: "empty" }
  | { kind: "number"; value: number; percent: boolean; formula: boolean }
  | { kind: "text"; text: string; formula: boolean }
  | { kind: "date"; date: Date; formula: boolean }
  | { kind: "boolean"; value: boolean; formula: boolean }
  | { kind: "error"; error: string; formula: boolean }
  | { kind: "no-result"; formula: string };

/** The column letters of a 1-based column number: `1` is `A`, `28` is `AB`. */
export function columnLetters(column: number): string {
  let out = "";
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26))
    out = String.fromCharCode(65 + ((n - 1) % 26)) + out;
  return out;
}

/** An A1-style address: `cellAddress(5, 3)` is `C5`. */
export function cellAddress(row: number, column: number): string {
  return `${columnLetters(column)}${row}`;
}

/** A sheet name as Excel writes it in a reference: quoted when it holds anything but letters, digits and `_`. */
export function sheetRef(name: string): string {
  return /^[\p{L}\p{N}_]+$/u.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

/** True when a number format shows a percentage: a `%` outside quotes and escapes. */
export function isPercentFormat(format: string | undefined): boolean {
  if (!format) return false;
  return format.replace(/"[^"]*"|\\./g, "").includes("%");
}

function plain(value: CellValue, percent: boolean, formula: boolean): CellContent {
  if (value === null || value === undefined) return { kind: "empty" };
  if (typeof value === "number") return { kind: "number", value, percent, formula };
  if (typeof value === "string") return { kind: "text", text: value, formula };
  if (typeof value === "boolean") return { kind: "boolean", value, formula };
  if (value instanceof Date) return { kind: "date", date: value, formula };
  if (typeof value === "object") {
    const v = value as unknown as Record<string, unknown>;
    if (typeof v.error === "string") return { kind: "error", error: v.error, formula };
    if (Array.isArray(v.richText)) {
      const text = (v.richText as { text?: unknown }[]).map((r) => String(r.text ?? "")).join("");
      return { kind: "text", text, formula };
    }
    if ("hyperlink" in v) return plain(v.text as CellValue, percent, formula);
  }
  return { kind: "text", text: String(value), formula };
}

/**
 * Reads a cell. A formula cell gives its cached result (`no-result` when the workbook has none, as when a
 * script wrote the formula and Excel never calculated it); rich text and hyperlinks give their text. A number
 * is marked `percent` when the cell's number format shows a percentage.
 */
export function readCell(cell: Cell): CellContent {
  const value = cell.value;
  const percent = isPercentFormat(cell.numFmt);
  if (value !== null && typeof value === "object" && !(value instanceof Date)) {
    const v = value as unknown as Record<string, unknown>;
    const formula = v.formula ?? v.sharedFormula;
    if (typeof formula === "string") {
      const result = v.result;
      if (result === undefined || result === null) return { kind: "no-result", formula };
      return plain(result as CellValue, percent, true);
    }
  }
  return plain(value, percent, false);
}

/** True when `cell` is part of a merged range but not its top-left (master) cell. */
export function isMergedSlave(cell: Cell): boolean {
  return cell.isMerged && cell.master.address !== cell.address;
}

/** Reads a number stored as text; `undefined` when the text is not a number in the format. */
export type TextNumberParser = (text: string) => { value: number; percent: boolean } | undefined;

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Makes a reader for numbers stored as text. After Unicode NFKC normalisation (full-width digits `１２３`,
 * `．`, `，`, `％` and full-width spaces, as typed in a Chinese Excel, become ASCII) and trimming, a number is
 * an optional sign (`+`, `-`, `−`), digits with an optional fraction after the decimal mark, an optional
 * exponent and an optional `%`. The integer part may be grouped by the thousands separator, in exact groups
 * of three (`1,234,567`; not `12,34`). A space separator also accepts the no-break and thin spaces.
 *
 * @example
 * ```ts
 * const read = makeTextNumberParser(",", ".");
 * read(" 1,234 "); // { value: 1234, percent: false }
 * read("４５％"); // { value: 45, percent: true }
 * ```
 */
export function makeTextNumberParser(thousands: "," | "." | " " | "", decimal: "." | ","): TextNumberParser {
  const int = thousands === "" ? "\\d*" : `(?:\\d{1,3}(?:${escapeRegExp(thousands)}\\d{3})+|\\d*)`;
  const re = new RegExp(`^([+-]?)(${int})(?:${escapeRegExp(decimal)}(\\d*))?(?:[eE]([+-]?\\d+))?(\\s*%)?$`);
  return (text) => {
    let s = text.normalize("NFKC").replace(/\u2212/g, "-");
    if (thousands === " ") s = s.replace(/[\u00a0\u2009\u202f]/g, " ");
    s = s.trim();
    const m = re.exec(s);
    if (!m) return undefined;
    const digits = thousands === "" ? (m[2] ?? "") : (m[2] ?? "").split(thousands).join("");
    const fraction = m[3] ?? "";
    if (digits === "" && fraction === "") return undefined;
    const value = Number(`${m[1] ?? ""}${digits || "0"}.${fraction || "0"}e${m[4] ?? "0"}`);
    if (!Number.isFinite(value)) return undefined;
    return { value: value === 0 ? 0 : value, percent: m[5] !== undefined };
  };
}

/** `value × 10^power` without the rounding error of a multiplication: `shift(0.45, 2)` is exactly `45`. */
export function shift(value: number, power: number): number {
  const [mantissa, exponent] = String(value).split("e");
  const out = Number(`${mantissa}e${Number(exponent ?? 0) + power}`);
  return out === 0 ? 0 : out;
}
