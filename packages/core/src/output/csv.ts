/** A cell of {@link formatCsv}. */
export type CsvCell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Formats rows as CSV (RFC 4180 quoting, `\n` line ends), safe to open in a spreadsheet: a text cell that
 * starts with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with `'` so it is never run as a
 * formula (OWASP CSV injection). Numbers are written with full precision (`String(n)`, which round-trips);
 * `null`, `undefined` and `NaN` are empty cells.
 *
 * @example
 * formatCsv([["unit", "score"], ["=1+1", 2.5]]) // "unit,score\n'=1+1,2.5\n"
 */
export function formatCsv(rows: readonly (readonly CsvCell[])[]): string {
  let out = "";
  for (const row of rows) out += row.map(csvCell).join(",") + "\n";
  return out;
}

/** Formats one CSV cell as {@link formatCsv} does. */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isNaN(value) ? "" : String(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  const text = FORMULA_START.test(value) ? "'" + value : value;
  return /[",\n\r]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
}
