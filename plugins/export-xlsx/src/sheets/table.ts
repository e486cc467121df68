import type { Cell, Worksheet } from "exceljs";
import { spreadsheetText } from "../safe-text.js";

/** Number formats of the workbook. */
export const FORMATS = {
  /** Scores and normalised values: two decimals. */
  score: "0.00",
  /** Ranks: integers (`average` ties show one decimal). */
  rank: "0",
  /** Ranks of the `average` tie method. */
  rankAverage: "0.0",
  /** Whole numbers with thousands separators. */
  integer: "#,##0",
  /** Shares of a whole (weights). */
  percent: "0.00%",
  /** Any other number, exactly as stored. */
  general: "General",
} as const;

/** What a column holds, which sets its number format and colour scale. */
export type ColumnKind = "text" | "score" | "rank" | "number" | "percent";

/** A column of a table. */
export interface Column {
  /** What it holds. */
  kind: ColumnKind;
  /** Number format for `number` columns (default: `#,##0` when every value is whole, else `General`). */
  format?: string;
  /** Longest width in characters (default 60); longer text wraps. */
  maxWidth?: number;
  /** Shortest width in characters (default 6). */
  minWidth?: number;
  /** A `score` column gets a colour scale unless this is `false`. */
  scale?: boolean;
}

/** A cell value: text, a number (`NaN` is an empty cell), or nothing. */
export type Value = string | number | null | undefined;

/**
 * A table on a sheet: header rows (a `null` header cell continues the cell to its left, which is merged with
 * it), then one row per record. The last header row names each column on its own.
 */
export interface Table {
  /** Header rows, top to bottom; each as long as `columns`. */
  headers: (string | null)[][];
  /** Columns. */
  columns: Column[];
  /** Data rows; each as long as `columns`. */
  rows: Value[][];
  /** Columns kept in view when scrolling right (the identifying columns). */
  frozenColumns: number;
}

/** The row where every sheet's table starts: row 1 is the sheet's title, row 2 the notice. */
export const TABLE_TOP = 3;

const HEADER_FILL = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDDE4EE" } } as const;
const TITLE_FONT = { bold: true, size: 14 } as const;
const NOTICE_FONT = { italic: true, color: { argb: "FF9C0006" } } as const;

/** Excel's red–yellow–green colour scale, low to high. */
export const COLOUR_SCALE = ["FFF8696B", "FFFFEB84", "FF63BE7B"] as const;

/**
 * Writes a text or number into a cell: text through {@link spreadsheetText}, never as a formula. Nothing,
 * `""` and non-finite numbers leave the cell empty.
 */
export function setValue(cell: Cell, value: Value): void {
  if (value === null || value === undefined || value === "") return;
  if (typeof value === "number") {
    if (Number.isFinite(value)) cell.value = value;
    return;
  }
  cell.value = spreadsheetText(value);
}

/** Writes a sheet's title (row 1) and notice (row 2, when there is one). */
export function writeTitle(sheet: Worksheet, title: string, notice: string | undefined): void {
  const titleCell = sheet.getCell(1, 1);
  setValue(titleCell, title);
  titleCell.font = TITLE_FONT;
  if (notice !== undefined) {
    const noticeCell = sheet.getCell(2, 1);
    setValue(noticeCell, notice);
    noticeCell.font = NOTICE_FONT;
  }
}

/**
 * Writes a table from {@link TABLE_TOP}: bold shaded header rows with merged group cells, number formats by
 * column kind, widths from the content, frozen header rows and identifying columns, a filter on the last header
 * row, and a colour scale on every score column. Returns the row numbers of the first and last data rows.
 */
export function writeTable(sheet: Worksheet, table: Table): { first: number; last: number } {
  const { headers, columns, rows } = table;
  const widths = columns.map((c) => c.minWidth ?? 6);
  const fit = (j: number, length: number) => {
    widths[j] = Math.max(widths[j]!, Math.min(length + 2, columns[j]!.maxWidth ?? 60));
  };

  headers.forEach((cells, h) => {
    const r = TABLE_TOP + h;
    const row = sheet.getRow(r);
    for (let j = 0; j < columns.length; j++) {
      const cell = row.getCell(j + 1);
      cell.font = { bold: true };
      cell.fill = HEADER_FILL;
      cell.alignment = { vertical: "middle", wrapText: false };
      cell.border = h === headers.length - 1 ? { bottom: { style: "thin" } } : {};
      const text = cells[j];
      if (text === null || text === undefined || text === "") continue;
      setValue(cell, text);
      let span = 1;
      while (j + span < columns.length && cells[j + span] === null) span++;
      if (span > 1) {
        sheet.mergeCells(r, j + 1, r, j + span);
        cell.alignment = { horizontal: "center", vertical: "middle" };
        // A merged cell does not widen its columns: share its width among them. Group headings (the first
        // row of a table with several header rows) are left to the columns below them.
        if (h > 0 || headers.length === 1) {
          for (let k = 0; k < span; k++) fit(j + k, Math.ceil(displayLength(text) / span));
        }
      } else fit(j, displayLength(text));
    }
  });

  const first = TABLE_TOP + headers.length;
  const formats = columns.map((c, j) => formatOf(c, rows, j));
  rows.forEach((values, i) => {
    const row = sheet.getRow(first + i);
    for (let j = 0; j < columns.length; j++) {
      const v = values[j];
      if (v === null || v === undefined || v === "" || (typeof v === "number" && !Number.isFinite(v)))
        continue;
      const cell = row.getCell(j + 1);
      setValue(cell, v);
      const column = columns[j]!;
      if (typeof v === "number") {
        const format = column.kind === "rank" && !Number.isInteger(v) ? FORMATS.rankAverage : formats[j]!;
        cell.numFmt = format;
        fit(j, numberLength(v, format));
      } else {
        fit(j, displayLength(v));
        if (displayLength(v) + 2 > (column.maxWidth ?? 60))
          cell.alignment = { wrapText: true, vertical: "top" };
      }
    }
  });
  const last = first + rows.length - 1;

  columns.forEach((_, j) => {
    sheet.getColumn(j + 1).width = widths[j]!;
  });
  const lastHeader = first - 1;
  sheet.views = [{ state: "frozen", xSplit: table.frozenColumns, ySplit: lastHeader }];
  if (columns.length > 0) {
    sheet.autoFilter = {
      from: { row: lastHeader, column: 1 },
      to: { row: lastHeader, column: columns.length },
    };
  }
  if (rows.length > 0) {
    let priority = 1;
    columns.forEach((c, j) => {
      if (c.kind !== "score" || c.scale === false) return;
      const letter = sheet.getColumn(j + 1).letter;
      sheet.addConditionalFormatting({
        ref: `${letter}${first}:${letter}${last}`,
        rules: [
          {
            type: "colorScale",
            priority: priority++,
            cfvo: [{ type: "min" }, { type: "percentile", value: 50 }, { type: "max" }],
            color: COLOUR_SCALE.map((argb) => ({ argb })),
          },
        ],
      });
    });
  }
  return { first, last };
}

function formatOf(column: Column, rows: readonly Value[][], j: number): string {
  switch (column.kind) {
    case "score":
      return FORMATS.score;
    case "rank":
      return FORMATS.rank;
    case "percent":
      return FORMATS.percent;
    case "text":
      return FORMATS.general;
    case "number": {
      if (column.format !== undefined) return column.format;
      const whole = rows.every((r) => {
        const v = r[j];
        return typeof v !== "number" || !Number.isFinite(v) || (Number.isInteger(v) && Math.abs(v) < 1e15);
      });
      return whole ? FORMATS.integer : FORMATS.general;
    }
  }
}

/** Width of a text in character cells: wide (CJK, full-width) characters count twice. */
export function displayLength(text: string): number {
  let n = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    n +=
      c >= 0x1100 &&
      (c <= 0x115f ||
        (c >= 0x2e80 && c <= 0xa4cf) ||
        (c >= 0xac00 && c <= 0xd7a3) ||
        (c >= 0xf900 && c <= 0xfaff) ||
        (c >= 0xfe30 && c <= 0xfe4f) ||
        (c >= 0xff00 && c <= 0xff60) ||
        (c >= 0xffe0 && c <= 0xffe6) ||
        c >= 0x20000)
        ? 2
        : 1;
  }
  return n;
}

function numberLength(v: number, format: string): number {
  if (format === FORMATS.score) return v.toFixed(2).length;
  if (format === FORMATS.rank || format === FORMATS.integer) return Math.round(v).toLocaleString("en").length;
  if (format === FORMATS.percent) return (v * 100).toFixed(2).length + 1;
  return Math.min(String(v).length, 12);
}
