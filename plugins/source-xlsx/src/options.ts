import { InputError, type JsonSchema, show } from "@cityindex/core";

/** How a sheet is laid out: one column per indicator (`wide`), or one row per value (`long`). */
export type XlsxLayout = "wide" | "long";

/** What a percentage means: `points` reads `45%` as `45`, `fraction` as `0.45`. */
export type XlsxPercentMode = "points" | "fraction";

/** How a date cell in the period column becomes a period: `2024`, `2024-05` or `2024-05-31`. */
export type XlsxDateMode = "year" | "month" | "date";

/** Options of the `xlsx` source, as written in a spec. Mirrors {@link xlsxOptionsSchema}. */
export interface XlsxSourceOptions {
  /** The workbook, relative to the spec's directory. */
  path: string;
  /** The sheet: its name, or its 1-based position among all sheets (hidden ones included); default the first. */
  sheet?: string | number;
  /** `wide` (default): one row per unit (or unit and period), one column per indicator. `long`: one row per value. */
  layout?: XlsxLayout;
  /**
   * The header row (1-based), or the first and last header rows `[from, to]` when the header spans several
   * rows; default `1`. Rows above it (titles, notes) are not read; data start on the row after it.
   */
  headerRow?: number | [number, number];
  /**
   * With several header rows: the text that joins a column's header cells into its name (`"/"` makes
   * `Exchanges/sister_cities`). Absent (default): a column's name is its lowest non-empty header cell.
   */
  headerJoin?: string;
  /** The column holding unit ids; default `unit`. */
  unitColumn?: string;
  /** The column holding periods; default `period` when the header has it. */
  periodColumn?: string;
  /** The period of every row whose period is not in the sheet (no period column, or an empty period cell). */
  period?: string;
  /** Long layout: the column holding indicator ids; default `indicator`. */
  indicatorColumn?: string;
  /** Long layout: the column holding values; default `value`. */
  valueColumn?: string;
  /** Wide layout: the indicator columns. Default: every named column except the unit, period and ignored ones. */
  columns?: string[];
  /** Columns not to read, such as names and labels. */
  ignore?: string[];
  /** Cell texts (after trimming) that mean a missing value; default {@link DEFAULT_MISSING}. */
  missing?: string[];
  /** Thousands separator in numbers stored as text; default `,`, or `" "` when `decimal` is `,`. */
  thousands?: "," | "." | " " | "";
  /** Decimal mark in numbers stored as text; default `.`. */
  decimal?: "." | ",";
  /** What a percentage (a `%` in a text, or a number cell formatted as a percentage) means; default `points`. */
  percent?: XlsxPercentMode;
  /** How a date cell in the period column becomes a period; default `year`. */
  dates?: XlsxDateMode;
  /** Stop at the first row (after the header) whose unit cell is empty: the rows below are totals or notes. */
  stopAtEmptyUnit?: boolean;
  /** Do not read rows hidden in Excel; default `false` (hidden rows are read, and named in an `info` issue). */
  skipHiddenRows?: boolean;
  /** The data's licence, copied into every observation's provenance. */
  licence?: string;
  /** True if the values are illustrative, not measured; copied into every observation's provenance. */
  illustrative?: boolean;
}

/** The cell texts read as a missing value when the `missing` option is not given. */
export const DEFAULT_MISSING: readonly string[] = Object.freeze([
  "",
  "NA",
  "N/A",
  "n/a",
  "na",
  "-",
  "..",
  "…",
  "NULL",
  "null",
]);

const stringArray = { type: "array", items: { type: "string" } } as const;

/** JSON Schema of {@link XlsxSourceOptions}, with defaults. */
export const xlsxOptionsSchema: JsonSchema = {
  type: "object",
  additionalProperties: false,
  required: ["path"],
  properties: {
    path: { type: "string", minLength: 1, description: "The workbook, relative to the spec's directory." },
    sheet: {
      anyOf: [
        { type: "string", minLength: 1 },
        { type: "integer", minimum: 1 },
      ],
      description: "The sheet's name, or its 1-based position; default the first sheet.",
    },
    layout: {
      enum: ["wide", "long"],
      default: "wide",
      description: "wide: one column per indicator; long: columns unit, indicator, period, value.",
    },
    headerRow: {
      anyOf: [
        { type: "integer", minimum: 1 },
        { type: "array", items: { type: "integer", minimum: 1 }, minItems: 2, maxItems: 2 },
      ],
      default: 1,
      description: "The header row (1-based), or [first, last] header rows; rows above are not read.",
    },
    headerJoin: {
      type: "string",
      description:
        "Joins a column's header cells into its name; absent: the lowest non-empty header cell names it.",
    },
    unitColumn: { type: "string", default: "unit", description: "The column holding unit ids." },
    periodColumn: {
      type: "string",
      description:
        "The column holding periods (when absent: `period` if the sheet has such a column, else the `period` option).",
    },
    period: {
      type: "string",
      description:
        "The period of rows whose period is not in the sheet (no period column, or an empty cell).",
    },
    indicatorColumn: {
      type: "string",
      default: "indicator",
      description: "Long layout: the column holding indicator ids.",
    },
    valueColumn: { type: "string", default: "value", description: "Long layout: the column holding values." },
    columns: {
      ...stringArray,
      description:
        "Wide layout: the indicator columns; default every column except unit, period and ignored.",
    },
    ignore: { ...stringArray, default: [], description: "Columns not to read." },
    missing: {
      ...stringArray,
      default: [...DEFAULT_MISSING],
      description: "Cell texts (trimmed) that mean a missing value.",
    },
    thousands: {
      enum: [",", ".", " ", ""],
      description: 'Thousands separator in numbers stored as text; default "," or, when decimal is ",", " ".',
    },
    decimal: { enum: [".", ","], default: ".", description: "Decimal mark in numbers stored as text." },
    percent: {
      enum: ["points", "fraction"],
      default: "points",
      description: "What a percentage means: points (45% is 45) or fraction (0.45).",
    },
    dates: {
      enum: ["year", "month", "date"],
      default: "year",
      description: "How a date cell in the period column becomes a period: 2024, 2024-05 or 2024-05-31.",
    },
    stopAtEmptyUnit: {
      type: "boolean",
      default: false,
      description: "Stop at the first row whose unit cell is empty (totals and notes below the data).",
    },
    skipHiddenRows: { type: "boolean", default: false, description: "Do not read rows hidden in Excel." },
    licence: { type: "string", description: "Copied into every observation's provenance." },
    illustrative: { type: "boolean", description: "Copied into every observation's provenance." },
  },
};

/** The option keys {@link xlsxOptionsSchema} declares. */
export const XLSX_OPTION_KEYS: readonly string[] = Object.freeze(
  Object.keys(xlsxOptionsSchema.properties as object),
);

/** Options with every default filled in, as the reader uses them. Names are trimmed. */
export interface ResolvedXlsxOptions {
  /** The sheet's name or 1-based position, or `undefined` for the first. */
  sheet: string | number | undefined;
  /** Sheet layout. */
  layout: XlsxLayout;
  /** First header row. */
  headerFrom: number;
  /** Last header row. */
  headerTo: number;
  /** Joins header cells, or `undefined` for the lowest non-empty one. */
  headerJoin: string | undefined;
  /** Unit id column. */
  unitColumn: string;
  /** Period column. */
  periodColumn: string;
  /** True when `periodColumn` was given, so its absence is an error. */
  periodColumnGiven: boolean;
  /** Period for rows without one. */
  period: string | undefined;
  /** Long layout: indicator id column. */
  indicatorColumn: string;
  /** Long layout: value column. */
  valueColumn: string;
  /** Wide layout: the indicator columns, or `undefined` for all the others. */
  columns: string[] | undefined;
  /** Columns not to read. */
  ignore: Set<string>;
  /** Missing-value tokens. */
  missing: Set<string>;
  /** Thousands separator. */
  thousands: "," | "." | " " | "";
  /** Decimal mark. */
  decimal: "." | ",";
  /** Meaning of a percentage. */
  percent: XlsxPercentMode;
  /** Date cells as periods. */
  dates: XlsxDateMode;
  /** Stop at an empty unit cell. */
  stopAtEmptyUnit: boolean;
  /** Skip hidden rows. */
  skipHiddenRows: boolean;
  /** Licence for provenance. */
  licence: string | undefined;
  /** Illustrative flag for provenance. */
  illustrative: boolean | undefined;
}

/**
 * Checks options and fills in defaults. Throws an `InputError` naming `where` and the bad option: an
 * unknown key, a value outside its enum, a wrong type, a header range that runs backwards, or the same
 * character as thousands separator and decimal mark. `path` is not checked here.
 */
export function resolveXlsxOptions(options: Record<string, unknown>, where: string): ResolvedXlsxOptions {
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new InputError("bad-option", `${where}: options must be an object, got ${show(options)}`);
  }
  const bad = (message: string): never => {
    throw new InputError("bad-option", `${where}: ${message}`);
  };
  for (const key of Object.keys(options)) {
    if (!XLSX_OPTION_KEYS.includes(key)) bad(`unknown option ${show(key)}`);
  }
  const pick = <T extends string>(key: string, choices: readonly T[], fallback: T): T => {
    const v = options[key];
    if (v === undefined) return fallback;
    if (typeof v !== "string" || !(choices as readonly string[]).includes(v)) {
      return bad(
        `option \`${key}\` must be one of ${choices.map((c) => show(c)).join(", ")}, got ${show(v)}`,
      );
    }
    return v as T;
  };
  const text = (key: string): string | undefined => {
    const v = options[key];
    if (v === undefined) return undefined;
    if (typeof v !== "string") return bad(`option \`${key}\` must be a string, got ${show(v)}`);
    return v;
  };
  const name = (key: string, fallback: string): string => {
    const v = (text(key) ?? fallback).trim();
    return v === "" ? bad(`option \`${key}\` must not be empty`) : v;
  };
  const list = (key: string): string[] | undefined => {
    const v = options[key];
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || v.some((s) => typeof s !== "string")) {
      return bad(`option \`${key}\` must be an array of strings, got ${show(v)}`);
    }
    return v as string[];
  };
  const flag = (key: string): boolean | undefined => {
    const v = options[key];
    if (v === undefined) return undefined;
    if (typeof v !== "boolean") return bad(`option \`${key}\` must be a boolean, got ${show(v)}`);
    return v;
  };
  const isRow = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v >= 1;

  const sheet = options.sheet;
  if (sheet !== undefined && !(typeof sheet === "string" && sheet !== "") && !isRow(sheet)) {
    bad(`option \`sheet\` must be a sheet name or a position from 1, got ${show(sheet)}`);
  }
  const header = options.headerRow ?? 1;
  let headerFrom: number;
  let headerTo: number;
  if (isRow(header)) headerFrom = headerTo = header;
  else if (Array.isArray(header) && header.length === 2 && isRow(header[0]) && isRow(header[1])) {
    [headerFrom, headerTo] = [header[0], header[1]];
    if (headerTo < headerFrom) bad(`option \`headerRow\` runs backwards: ${show(header)}`);
  } else {
    return bad(`option \`headerRow\` must be a row number from 1 or [first, last], got ${show(header)}`);
  }
  const decimal = pick<"." | ",">("decimal", [".", ","], ".");
  const thousands = pick<"," | "." | " " | "">("thousands", [",", ".", " ", ""], decimal === "," ? " " : ",");
  if (thousands === decimal) {
    bad(`options \`thousands\` and \`decimal\` are both ${show(decimal)}; a number could not be read`);
  }
  const period = text("period")?.trim();
  if (period === "") bad("option `period` must not be empty");

  return {
    sheet: sheet as string | number | undefined,
    layout: pick<XlsxLayout>("layout", ["wide", "long"], "wide"),
    headerFrom,
    headerTo,
    headerJoin: text("headerJoin"),
    unitColumn: name("unitColumn", "unit"),
    periodColumn: name("periodColumn", "period"),
    periodColumnGiven: options.periodColumn !== undefined,
    period,
    indicatorColumn: name("indicatorColumn", "indicator"),
    valueColumn: name("valueColumn", "value"),
    columns: list("columns")?.map((c) => c.trim()),
    ignore: new Set((list("ignore") ?? []).map((c) => c.trim())),
    missing: new Set((list("missing") ?? DEFAULT_MISSING).map((m) => m.trim())),
    thousands,
    decimal,
    percent: pick<XlsxPercentMode>("percent", ["points", "fraction"], "points"),
    dates: pick<XlsxDateMode>("dates", ["year", "month", "date"], "year"),
    stopAtEmptyUnit: flag("stopAtEmptyUnit") ?? false,
    skipHiddenRows: flag("skipHiddenRows") ?? false,
    licence: text("licence"),
    illustrative: flag("illustrative"),
  };
}
