import type { IssueList } from "../issues.js";
import { show } from "../issues.js";

/** The `source` of every issue the COINr import reports. */
export const COINR_SOURCE = "coinr";

/** One of COINr's two tables: rows keyed by column name, as a CSV reader with a header row returns them. */
export type CoinrTable = readonly Record<string, string | undefined>[];

/**
 * Where a cell is: `iMeta:12:Parent`. Rows are 1-based data rows, so row 1 is the first row after the header
 * (a spreadsheet shows it as row 2); row 0 means the header itself (a missing column).
 */
export function cellPath(table: "iData" | "iMeta", row: number, column?: string): string {
  return column === undefined ? `${table}:${row}` : `${table}:${row}:${column}`;
}

/** True for a cell R writes as missing: empty, `NA` or `NaN` (surrounding spaces ignored). */
export function isMissing(text: string | undefined): boolean {
  if (text === undefined) return true;
  const t = text.trim();
  return t === "" || t === "NA" || t === "NaN";
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The number a trimmed cell holds when it is a plain decimal (`1.5`, `-2e3`), else `undefined`. */
export function numberOf(text: string): number | undefined {
  return NUMBER.test(text) ? Number(text) : undefined;
}

/**
 * Reads a numeric cell: `null` when missing, the number when it is a plain decimal (`1.5`, `-2e3`), and
 * `undefined` after reporting a `not-a-number` error otherwise (`Inf`, `0x10` and `1,5` are not numbers here).
 */
export function readNumber(
  text: string | undefined,
  path: string,
  what: string,
  issues: IssueList,
): number | null | undefined {
  if (isMissing(text)) return null;
  const t = text!.trim();
  const n = numberOf(t);
  if (n !== undefined) return n;
  issues.error("not-a-number", path, `${what} must be a number, got ${show(t)}`, COINR_SOURCE);
  return undefined;
}

/** The trimmed text of a cell, or `undefined` when it is missing. */
export function readText(text: string | undefined): string | undefined {
  return isMissing(text) ? undefined : text!.trim();
}

/** The columns of a table: every key of every row, in first-seen order. */
export function columnsOf(table: CoinrTable): string[] {
  const seen = new Set<string>();
  for (const row of table) for (const key of Object.keys(row)) seen.add(key);
  return [...seen];
}
