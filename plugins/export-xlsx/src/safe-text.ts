/** The first characters that make a spreadsheet read a cell as a formula (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Control characters that XML 1.0 cannot hold; a workbook with them does not open. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters to remove
const XML_INVALID = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/** The most characters an Excel cell holds. */
export const MAX_CELL_TEXT = 32767;

/**
 * A text as it is written into a cell: the rule of `formatCsv` in `@cityindex/core` (a text that starts with
 * `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with `'`, so it stays text when the cell is edited,
 * copied or saved as CSV), with the characters XML cannot hold removed and the text cut to Excel's 32,767
 * characters. The cell itself is always written as a string, never as a formula.
 *
 * @example
 * spreadsheetText('=HYPERLINK("http://x")') // `'=HYPERLINK("http://x")`
 * spreadsheetText("Chengdu") // "Chengdu"
 */
export function spreadsheetText(text: string): string {
  let out = text.replace(XML_INVALID, "");
  if (FORMULA_START.test(out)) out = `'${out}`;
  if (out.length > MAX_CELL_TEXT) out = `${out.slice(0, MAX_CELL_TEXT - 1)}…`;
  return out;
}
