import { createHash } from "node:crypto";
import { InputError, type Issue, type Observation, type ObservationProvenance, show } from "@cityindex/core";
import type { Workbook, Worksheet } from "exceljs";
import {
  type CellContent,
  cellAddress,
  isMergedSlave,
  makeTextNumberParser,
  readCell,
  sheetRef,
  shift,
} from "./cells.js";
import { type ResolvedXlsxOptions, resolveXlsxOptions, type XlsxSourceOptions } from "./options.js";
import { PLUGIN_NAME } from "./version.js";

/** Receives what {@link readXlsxWorkbook} reads, as it reads it. */
export interface XlsxSink {
  /** One observation. */
  observation(observation: Observation): void;
  /** One issue. */
  issue(issue: Issue): void;
}

/** Where the output of {@link readXlsxWorkbook} says it came from. */
export interface XlsxOrigin {
  /** The file name for issue paths and provenance locations. */
  file: string;
  /** Provenance `source`, such as `xlsx:indicators`. */
  source: string;
}

/** What was read, besides the observations and issues. */
export interface XlsxSummary {
  /** The sheet read, or `undefined` when none could be. */
  sheet: string | undefined;
  /** Data rows read (not counting header rows, blank rows and skipped rows). */
  rows: number;
  /** The column names, as built from the header rows; empty when no header was read. */
  header: string[];
  /** `sha256:` and the hex SHA-256 of the workbook's bytes. */
  hash: string;
}

/** The result of {@link parseXlsxWorkbook}. */
export interface XlsxResult extends XlsxSummary {
  /** One observation per data cell read; `value` is `null` for a missing value. */
  observations: Observation[];
  /** Every problem found, in the order found. */
  issues: Issue[];
}

/** Options of {@link parseXlsxWorkbook}: the `xlsx` source's options without `path`, plus names for the output. */
export interface XlsxWorkbookOptions extends Omit<XlsxSourceOptions, "path"> {
  /** The file name used in issue paths and provenance locations; default `<input>`. */
  file?: string;
  /** The spec source id: provenance `source` is `xlsx:<sourceId>`, or `xlsx` when absent. */
  sourceId?: string;
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0];
const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

/** Lists up to 12 names in backticks. */
const listNames = (names: readonly string[]): string =>
  names
    .slice(0, 12)
    .map((n) => show(n))
    .join(", ") + (names.length > 12 ? ` and ${names.length - 12} more` : "");

/** Lists row numbers, at most ten. */
const listRows = (rows: readonly number[]): string =>
  rows.slice(0, 10).join(", ") + (rows.length > 10 ? ` and ${rows.length - 10} more` : "");

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/**
 * Reads a workbook's bytes with exceljs, picks the sheet and reads it, passing observations and issues to
 * `sink`. Never throws for bad input: a file that is not an `.xlsx` workbook, a sheet that is not there and
 * every bad cell are issues. Every data cell ends as an observation or is covered by an issue.
 */
export async function readXlsxWorkbook(
  bytes: Uint8Array,
  o: ResolvedXlsxOptions,
  origin: XlsxOrigin,
  sink: XlsxSink,
): Promise<XlsxSummary> {
  const { file } = origin;
  const hash = `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
  const summary: XlsxSummary = { sheet: undefined, rows: 0, header: [], hash };
  const issue = (severity: Issue["severity"], code: string, path: string, message: string): void =>
    sink.issue({ severity, code, path, message, source: PLUGIN_NAME });

  if (!startsWith(bytes, ZIP)) {
    const why = startsWith(bytes, OLE)
      ? "it is an Excel 97–2003 workbook (.xls); open it in Excel and save it as .xlsx"
      : bytes.length === 0
        ? "the file is empty"
        : "it is not an Excel workbook (.xlsx files are zip archives); for CSV files use @cityindex/source-csv";
    issue("error", "not-xlsx", file, `cannot read ${show(file)}: ${why}`);
    return summary;
  }
  const { default: ExcelJS } = await import("exceljs");
  const workbook: Workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    issue(
      "error",
      "not-xlsx",
      file,
      `cannot read ${show(file)} as an Excel workbook: ${(error as Error).message ?? String(error)}`,
    );
    return summary;
  }

  // Sheet
  const sheets = workbook.worksheets;
  const names = sheets.map((s) => s.name);
  let ws: Worksheet | undefined;
  if (typeof o.sheet === "string") {
    const wanted = o.sheet;
    ws = sheets.find((s) => s.name === wanted);
    if (!ws) {
      const near = names.find((n) => n.trim().toLowerCase() === wanted.trim().toLowerCase());
      const hint = near === undefined ? "" : `; did you mean ${show(near)}?`;
      issue(
        "error",
        "sheet-not-found",
        file,
        `the workbook has no sheet ${show(wanted)}; its sheets are ${listNames(names)}${hint}`,
      );
      return summary;
    }
  } else if (typeof o.sheet === "number") {
    ws = sheets[o.sheet - 1];
    if (!ws) {
      issue(
        "error",
        "sheet-not-found",
        file,
        `the workbook has ${sheets.length} sheet${sheets.length === 1 ? "" : "s"}, so there is no sheet ${o.sheet}; its sheets are ${listNames(names)}`,
      );
      return summary;
    }
  } else {
    ws = sheets.find((s) => s.state === "visible") ?? sheets[0];
    if (!ws) {
      issue("error", "no-sheets", file, "the workbook has no sheets");
      return summary;
    }
  }
  summary.sheet = ws.name;
  const sheet = sheetRef(ws.name);
  const at = (row: number, column: number) => `${file}:${sheet}!${cellAddress(row, column)}`;
  const atRow = (row: number) => `${file}:${sheet}!${row}:${row}`;
  if (ws.state !== "visible") {
    issue(
      "info",
      "hidden-sheet",
      `${file}:${sheet}`,
      `sheet ${show(ws.name)} is hidden in Excel; it is read like a visible sheet`,
    );
  }

  // Header
  const width = ws.columnCount;
  const lastRow = ws.rowCount;
  if (lastRow < o.headerTo) {
    issue(
      "error",
      "no-header",
      `${file}:${sheet}`,
      `sheet ${show(ws.name)} has ${lastRow} row${lastRow === 1 ? "" : "s"}, so it has no header in row ${o.headerTo}`,
    );
    return summary;
  }
  const cellText = (c: CellContent): string => {
    switch (c.kind) {
      case "text":
        return c.text.normalize("NFKC").trim();
      case "number":
      case "boolean":
        return String(c.value);
      case "date":
        return c.date.toISOString().slice(0, 10);
      case "error":
        return c.error;
      default:
        return "";
    }
  };
  const header: string[] = [];
  for (let c = 1; c <= width; c++) {
    const parts: string[] = [];
    for (let r = o.headerFrom; r <= o.headerTo; r++) {
      const cell = ws.getRow(r).getCell(c);
      // A merged cell fills its range, except across columns in the last header row: one name, one column.
      if (r === o.headerTo && isMergedSlave(cell) && cell.master.col !== cell.col) continue;
      const t = cellText(readCell(cell));
      if (t !== "" && parts[parts.length - 1] !== t) parts.push(t);
    }
    header.push(o.headerJoin === undefined ? (parts[parts.length - 1] ?? "") : parts.join(o.headerJoin));
  }
  summary.header = header;
  const byName = new Map<string, number>(); // name -> column (1-based)
  const skipped = new Set<number>();
  for (let c = 1; c <= width; c++) {
    const name = header[c - 1] ?? "";
    if (name === "") {
      skipped.add(c);
      continue;
    }
    const first = byName.get(name);
    if (first === undefined) byName.set(name, c);
    else {
      skipped.add(c);
      if (!o.ignore.has(name)) {
        issue(
          "error",
          "duplicate-header",
          at(o.headerTo, c),
          `column ${show(name)} appears twice in the header of sheet ${show(ws.name)}, in ${cellAddress(o.headerTo, first)} and ${cellAddress(o.headerTo, c)}; the second is not read`,
        );
      }
    }
  }

  let fatal = false;
  const named = header.filter((h) => h !== "");
  const missingColumn = (what: string, name: string, option: string): void => {
    fatal = true;
    const near = named.find((h) => h.toLowerCase() === name.toLowerCase());
    const hint =
      near !== undefined ? `; did you mean ${show(near)}?` : `; set \`${option}\` to the right column`;
    const rows = o.headerFrom === o.headerTo ? `row ${o.headerTo}` : `rows ${o.headerFrom}–${o.headerTo}`;
    issue(
      "error",
      "missing-column",
      atRow(o.headerTo),
      `the header (${rows} of sheet ${show(ws.name)}) has no ${what} column ${show(name)}; its columns are ${listNames(named) || "none"}${hint}`,
    );
  };
  const unitCol = byName.get(o.unitColumn);
  if (unitCol === undefined) missingColumn("unit", o.unitColumn, "unitColumn");
  const periodCol = byName.get(o.periodColumn);
  if (periodCol === undefined) {
    if (o.periodColumnGiven) missingColumn("period", o.periodColumn, "periodColumn");
    else if (o.period === undefined) {
      fatal = true;
      issue(
        "error",
        "missing-period",
        atRow(o.headerTo),
        `sheet ${show(ws.name)} has no period column ${show(o.periodColumn)} and no \`period\` option is given; add the column or set \`period\` to the period of every row`,
      );
    }
  }
  let indicatorCol: number | undefined;
  let valueCol: number | undefined;
  const indicators: number[] = [];
  if (o.layout === "long") {
    indicatorCol = byName.get(o.indicatorColumn);
    if (indicatorCol === undefined) missingColumn("indicator", o.indicatorColumn, "indicatorColumn");
    valueCol = byName.get(o.valueColumn);
    if (valueCol === undefined) missingColumn("value", o.valueColumn, "valueColumn");
  } else if (o.columns !== undefined) {
    for (const name of new Set(o.columns)) {
      const c = byName.get(name);
      if (c === undefined) missingColumn("indicator", name, "columns");
      else if (c === unitCol || c === periodCol) {
        fatal = true;
        issue(
          "error",
          "bad-option",
          at(o.headerTo, c),
          `column ${show(name)} is listed in \`columns\` but holds the ${c === unitCol ? "unit ids" : "periods"}`,
        );
      } else indicators.push(c);
    }
  } else {
    for (let c = 1; c <= width; c++) {
      if (c !== unitCol && c !== periodCol && !skipped.has(c) && !o.ignore.has(header[c - 1] ?? ""))
        indicators.push(c);
    }
  }
  if (o.layout === "wide" && indicators.length === 0 && !fatal) {
    issue("warning", "no-indicators", atRow(o.headerTo), `sheet ${show(ws.name)} has no indicator columns`);
  }
  if (fatal || unitCol === undefined) return summary;

  // Rows
  const parseText = makeTextNumberParser(o.thousands, o.decimal);
  const isMissing = (t: string) => o.missing.has(t) || o.missing.has(t.normalize("NFKC").trim());
  const provenance = (location: string): ObservationProvenance => {
    const p: ObservationProvenance = { source: origin.source, location, hash };
    if (o.licence !== undefined) p.licence = o.licence;
    if (o.illustrative !== undefined) p.illustrative = o.illustrative;
    return p;
  };
  const seen = new Map<string, string>(); // row key -> address of its unit cell
  const hidden: number[] = [];
  const emptyHeaderValues = new Map<number, string>();
  let textNumbers = 0;
  let firstTextNumber = "";
  const hasPeriodColumn = periodCol !== undefined;

  const periodOf = (content: CellContent, address: string): string | undefined => {
    if (content.kind === "date") {
      const d = content.date;
      const year = String(d.getUTCFullYear());
      if (o.dates === "year") return year;
      const month = `${year}-${pad(d.getUTCMonth() + 1)}`;
      return o.dates === "month" ? month : `${month}-${pad(d.getUTCDate())}`;
    }
    if (content.kind === "number" && Number.isInteger(content.value)) return String(content.value);
    if (content.kind === "text") return content.text.normalize("NFKC").trim();
    if (content.kind === "empty") return "";
    issue(
      "error",
      "bad-period",
      address,
      `cannot read ${describe(content)} in ${address.slice(address.lastIndexOf("!") + 1)} as a period; the row is not read`,
    );
    return undefined;
  };

  let rows = 0;
  for (let r = o.headerTo + 1; r <= lastRow; r++) {
    const row = ws.findRow(r);
    if (!row) continue;
    const contents: CellContent[] = [];
    let blank = true;
    for (let c = 1; c <= width; c++) {
      const content = readCell(row.getCell(c));
      contents.push(content);
      if (content.kind !== "empty" && !(content.kind === "text" && content.text.trim() === "")) blank = false;
    }
    if (blank) continue;
    if (row.hidden) {
      hidden.push(r);
      if (o.skipHiddenRows) continue;
    }
    const content = (c: number): CellContent => contents[c - 1] ?? { kind: "empty" };
    for (const c of skipped) {
      if ((header[c - 1] ?? "") === "" && !emptyHeaderValues.has(c) && content(c).kind !== "empty")
        emptyHeaderValues.set(c, cellAddress(r, c));
    }

    const unitContent = content(unitCol);
    const unitAddress = at(r, unitCol);
    const unit = cellText(unitContent);
    if (unitContent.kind === "error" || unitContent.kind === "no-result") {
      issue(
        "error",
        "bad-unit",
        unitAddress,
        `the unit cell ${cellAddress(r, unitCol)} holds ${describe(unitContent)}; the row is not read`,
      );
      continue;
    }
    if (unit === "") {
      if (o.stopAtEmptyUnit) {
        let rest = 0;
        for (let q = r; q <= lastRow; q++) if (ws.findRow(q)?.hasValues) rest++;
        issue(
          "info",
          "stopped",
          atRow(r),
          `stopped at row ${r}, whose unit cell ${cellAddress(r, unitCol)} is empty (\`stopAtEmptyUnit\`); ${rest} row${rest === 1 ? "" : "s"} from there on ${rest === 1 ? "is" : "are"} not read`,
        );
        break;
      }
      issue(
        "error",
        "empty-unit",
        unitAddress,
        `the unit cell ${cellAddress(r, unitCol)} in column ${show(o.unitColumn)} is empty but the row has values; the row is not read (set \`stopAtEmptyUnit\` if the rows below the data are totals or notes)`,
      );
      continue;
    }
    let period = "";
    if (periodCol !== undefined) {
      const p = periodOf(content(periodCol), at(r, periodCol));
      if (p === undefined) continue;
      period = p;
    }
    if (period === "") {
      if (o.period === undefined) {
        const c = periodCol ?? unitCol;
        issue(
          "error",
          "empty-period",
          at(r, c),
          `the period cell ${cellAddress(r, c)} is empty (row for unit ${show(unit)}), so the row is not read; the \`period\` option gives a default`,
        );
        continue;
      }
      period = o.period;
    }

    const readValue = (c: number, indicator: string): void => {
      const address = at(r, c);
      const a1 = cellAddress(r, c);
      const what = `(unit ${show(unit)}, indicator ${show(indicator)}${hasPeriodColumn ? `, period ${show(period)}` : ""})`;
      const emit = (value: number | null) =>
        sink.observation({ unit, indicator, period, value, provenance: provenance(address) });
      if (isMergedSlave(row.getCell(c))) {
        issue(
          "warning",
          "merged-value",
          address,
          `value cell ${a1} ${what} is inside the merged range of ${row.getCell(c).master.address}; a merged range gives one value, so it is read as missing`,
        );
        emit(null);
        return;
      }
      const v = content(c);
      switch (v.kind) {
        case "empty":
          if (o.missing.has("")) emit(null);
          else issue("error", "malformed-number", address, `value cell ${a1} is empty ${what}`);
          return;
        case "number":
          emit(v.percent && o.percent === "points" ? shift(v.value, 2) : v.value);
          return;
        case "text": {
          if (isMissing(v.text)) {
            emit(null);
            return;
          }
          const n = parseText(v.text);
          if (n === undefined) {
            issue(
              "error",
              "malformed-number",
              address,
              `cannot read ${show(v.text)} in ${a1} as a number ${what}`,
            );
            return;
          }
          if (textNumbers++ === 0) firstTextNumber = `${a1} (${show(v.text)})`;
          emit(n.percent && o.percent === "fraction" ? shift(n.value, -2) : n.value);
          return;
        }
        case "error":
          issue(
            "warning",
            "error-cell",
            address,
            `cell ${a1} holds the Excel error ${show(v.error)}${v.formula ? " (the result of its formula)" : ""} ${what}; read as missing`,
          );
          emit(null);
          return;
        case "no-result":
          issue(
            "error",
            "formula-without-value",
            address,
            `cell ${a1} has the formula ${show(`=${v.formula}`)} but no calculated value ${what}: the workbook was saved without calculating it (as scripts do); open and save it in Excel, or write the values`,
          );
          return;
        default:
          issue(
            "error",
            "malformed-number",
            address,
            `cell ${a1} holds ${describe(v)}, not a number ${what}`,
          );
      }
    };

    if (o.layout === "long" && indicatorCol !== undefined && valueCol !== undefined) {
      const indicator = cellText(content(indicatorCol));
      if (indicator === "") {
        issue(
          "error",
          "empty-indicator",
          at(r, indicatorCol),
          `the indicator cell ${cellAddress(r, indicatorCol)} is empty (row for unit ${show(unit)}); the row is not read`,
        );
        continue;
      }
      const key = JSON.stringify([unit, indicator, period]);
      const first = seen.get(key);
      if (first !== undefined) {
        issue(
          "error",
          "duplicate-row",
          unitAddress,
          `row ${r} repeats unit ${show(unit)}, indicator ${show(indicator)}, period ${show(period)} of row ${first}; the row is not read`,
        );
        continue;
      }
      seen.set(key, String(r));
      rows++;
      readValue(valueCol, indicator);
      continue;
    }
    const key = JSON.stringify([unit, period]);
    const first = seen.get(key);
    if (first !== undefined) {
      const of = hasPeriodColumn ? `unit ${show(unit)} and period ${show(period)}` : `unit ${show(unit)}`;
      issue(
        "error",
        "duplicate-row",
        unitAddress,
        `row ${r} repeats ${of} of row ${first} (sheet ${show(ws.name)}, ${cellAddress(Number(first), unitCol)} and ${cellAddress(r, unitCol)}); the row is not read`,
      );
      continue;
    }
    seen.set(key, String(r));
    rows++;
    for (const c of indicators) readValue(c, header[c - 1] ?? "");
  }
  summary.rows = rows;

  for (const [c, address] of emptyHeaderValues) {
    if (o.ignore.has("")) continue;
    issue(
      "warning",
      "empty-header",
      at(o.headerTo, c),
      `column ${cellAddress(o.headerTo, c).replace(/\d+$/, "")} has no header but has values (first in ${address}); it is not read`,
    );
  }
  if (hidden.length > 0) {
    const verb = o.skipHiddenRows ? "not read (`skipHiddenRows`)" : "read like visible rows";
    issue(
      "info",
      "hidden-rows",
      `${file}:${sheet}`,
      `row${hidden.length === 1 ? "" : "s"} ${listRows(hidden)} of sheet ${show(ws.name)} ${hidden.length === 1 ? "is" : "are"} hidden in Excel; ${hidden.length === 1 ? "it is" : "they are"} ${verb}`,
    );
  }
  if (textNumbers > 0) {
    issue(
      "info",
      "text-number",
      `${file}:${sheet}`,
      `${textNumbers} number${textNumbers === 1 ? " was" : "s were"} stored as text and read as ${textNumbers === 1 ? "a number" : "numbers"}, the first in ${firstTextNumber}`,
    );
  }
  if (rows === 0 && !o.stopAtEmptyUnit) {
    issue("warning", "no-rows", `${file}:${sheet}`, `sheet ${show(ws.name)} has a header but no data rows`);
  }
  return summary;
}

function describe(c: CellContent): string {
  switch (c.kind) {
    case "date":
      return `the date ${c.date.toISOString().slice(0, 10)}`;
    case "boolean":
      return `the boolean ${String(c.value).toUpperCase()}`;
    case "error":
      return `the Excel error ${show(c.error)}`;
    case "no-result":
      return `the formula ${show(`=${c.formula}`)} with no calculated value`;
    case "number":
      return `the number ${c.value}`;
    case "text":
      return show(c.text);
    default:
      return "nothing";
  }
}

/**
 * Reads an `.xlsx` workbook's bytes into observations and issues, without a file system: the `xlsx` source
 * does the same after reading the file. Throws an `InputError` for a bad option.
 *
 * @example
 * ```ts
 * const { observations, issues } = await parseXlsxWorkbook(bytes, { file: "cities.xlsx", period: "2024" });
 * ```
 */
export async function parseXlsxWorkbook(
  bytes: Uint8Array,
  options: XlsxWorkbookOptions = {},
): Promise<XlsxResult> {
  const { file = "<input>", sourceId, ...rest } = options;
  if ("path" in rest) throw new InputError("bad-option", "parseXlsxWorkbook: unknown option `path`");
  const resolved = resolveXlsxOptions(rest as Record<string, unknown>, "parseXlsxWorkbook");
  const observations: Observation[] = [];
  const issues: Issue[] = [];
  const summary = await readXlsxWorkbook(
    bytes,
    resolved,
    { file, source: sourceId === undefined ? "xlsx" : `xlsx:${sourceId}` },
    { observation: (x) => observations.push(x), issue: (x) => issues.push(x) },
  );
  return { ...summary, observations, issues };
}
