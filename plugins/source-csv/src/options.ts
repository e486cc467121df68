import { InputError, type JsonSchema, show } from "@cityindex/core";

/** How a table is laid out: one column per indicator (`wide`), or one row per value (`long`). */
export type CsvLayout = "wide" | "long";

/** The text encoding of a file. `auto` reads UTF-8 when the bytes are valid UTF-8, otherwise GB18030. */
export type CsvEncoding = "auto" | "utf-8" | "gb18030";

/** The character between cells. `auto` detects it from the first lines. */
export type CsvDelimiter = "auto" | "," | ";" | "\t" | "|";

/**
 * The character between groups of three digits in the integer part of a number: `1,234,567`. `" "` also
 * accepts the no-break and thin spaces spreadsheets write; `"'"` also accepts `’`; `""` means none.
 */
export type ThousandsSeparator = "," | "." | " " | "'" | "";

/** The character between the integer and the fractional part of a number. */
export type DecimalMark = "." | ",";

/** What a trailing `%` means: `points` reads `12.5%` as `12.5`, `fraction` as `0.125`. */
export type PercentMode = "points" | "fraction";

/** Options of the `csv` source, as written in a spec. Mirrors {@link csvOptionsSchema}. */
export interface CsvSourceOptions {
  /** The file, relative to the spec's directory. */
  path: string;
  /** `wide` (default): one row per unit (or unit and period), one column per indicator. `long`: one row per value. */
  layout?: CsvLayout;
  /** Text encoding; default `auto`. */
  encoding?: CsvEncoding;
  /** Cell delimiter; default `auto`. */
  delimiter?: CsvDelimiter;
  /** The column holding unit ids; default `unit`. */
  unitColumn?: string;
  /** The column holding periods; default `period`. */
  periodColumn?: string;
  /** The period of every row whose period is not in the table (no period column, or an empty period cell). */
  period?: string;
  /** Long layout: the column holding indicator ids; default `indicator`. */
  indicatorColumn?: string;
  /** Long layout: the column holding values; default `value`. */
  valueColumn?: string;
  /** Wide layout: the indicator columns. Default: every column except the unit, period and ignored ones. */
  columns?: string[];
  /** Columns not to read, such as names and labels. */
  ignore?: string[];
  /** Cell texts (after trimming) that mean a missing value; default {@link DEFAULT_MISSING}. */
  missing?: string[];
  /** Thousands separator; default `,`, or `" "` when `decimal` is `,`. */
  thousands?: ThousandsSeparator;
  /** Decimal mark; default `.`. */
  decimal?: DecimalMark;
  /** What a trailing `%` means; default `points`. */
  percent?: PercentMode;
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

/** JSON Schema of {@link CsvSourceOptions}, with defaults. */
export const csvOptionsSchema: JsonSchema = {
  type: "object",
  additionalProperties: false,
  required: ["path"],
  properties: {
    path: { type: "string", minLength: 1, description: "The file, relative to the spec's directory." },
    layout: {
      enum: ["wide", "long"],
      default: "wide",
      description: "wide: one column per indicator; long: columns unit, indicator, period, value.",
    },
    encoding: { enum: ["auto", "utf-8", "gb18030"], default: "auto", description: "Text encoding." },
    delimiter: { enum: ["auto", ",", ";", "\t", "|"], default: "auto", description: "Cell delimiter." },
    unitColumn: { type: "string", default: "unit", description: "The column holding unit ids." },
    periodColumn: {
      type: "string",
      description:
        "The column holding periods (when absent: `period` if the table has such a column, else the `period` option).",
    },
    period: {
      type: "string",
      description:
        "The period of rows whose period is not in the table (no period column, or an empty cell).",
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
      enum: [",", ".", " ", "'", ""],
      description: 'Thousands separator; default "," or, when decimal is ",", " ".',
    },
    decimal: { enum: [".", ","], default: ".", description: "Decimal mark." },
    percent: {
      enum: ["points", "fraction"],
      default: "points",
      description: "What a trailing % means: points (12.5% is 12.5) or fraction (0.125).",
    },
    licence: { type: "string", description: "Copied into every observation's provenance." },
    illustrative: { type: "boolean", description: "Copied into every observation's provenance." },
  },
};

/** Options with every default filled in, as the reader uses them. Names are trimmed. */
export interface ResolvedCsvOptions {
  /** Table layout. */
  layout: CsvLayout;
  /** Requested encoding. */
  encoding: CsvEncoding;
  /** Requested delimiter. */
  delimiter: CsvDelimiter;
  /** Unit id column. */
  unitColumn: string;
  /** Period column. */
  periodColumn: string;
  /** True when `periodColumn` was given, so its absence is an error rather than a reason to use `period`. */
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
  thousands: ThousandsSeparator;
  /** True when `thousands` was given rather than defaulted. */
  thousandsGiven: boolean;
  /** Decimal mark. */
  decimal: DecimalMark;
  /** True when `decimal` was given rather than defaulted. */
  decimalGiven: boolean;
  /** Meaning of a trailing `%`. */
  percent: PercentMode;
  /** Licence for provenance. */
  licence: string | undefined;
  /** Illustrative flag for provenance. */
  illustrative: boolean | undefined;
}

/** The option keys {@link csvOptionsSchema} declares. */
export const SOURCE_OPTION_KEYS: readonly string[] = Object.freeze(
  Object.keys(csvOptionsSchema.properties as object),
);

/**
 * Checks options and fills in defaults. Throws an {@link InputError} naming `where` and the bad option: a key
 * not in `allowed`, a value outside its enum, a wrong type, or the same character as thousands separator and
 * decimal mark. `path` is not checked here.
 */
export function resolveCsvOptions(
  options: Record<string, unknown>,
  where: string,
  allowed: readonly string[],
): ResolvedCsvOptions {
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new InputError("bad-option", `${where}: options must be an object, got ${show(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw new InputError("bad-option", `${where}: unknown option ${show(key)}`);
    }
  }
  const pick = <T extends string>(key: string, choices: readonly T[], fallback: T): T => {
    const v = options[key];
    if (v === undefined) return fallback;
    if (typeof v !== "string" || !(choices as readonly string[]).includes(v)) {
      const list = choices.map((a) => show(a)).join(", ");
      throw new InputError(
        "bad-option",
        `${where}: option \`${key}\` must be one of ${list}, got ${show(v)}`,
      );
    }
    return v as T;
  };
  const text = (key: string, fallback: string | undefined): string | undefined => {
    const v = options[key];
    if (v === undefined) return fallback;
    if (typeof v !== "string") {
      throw new InputError("bad-option", `${where}: option \`${key}\` must be a string, got ${show(v)}`);
    }
    return v;
  };
  const name = (key: string, fallback: string): string => {
    const v = (text(key, fallback) ?? fallback).trim();
    if (v === "") throw new InputError("bad-option", `${where}: option \`${key}\` must not be empty`);
    return v;
  };
  const list = (key: string): string[] | undefined => {
    const v = options[key];
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || v.some((s) => typeof s !== "string")) {
      throw new InputError(
        "bad-option",
        `${where}: option \`${key}\` must be an array of strings, got ${show(v)}`,
      );
    }
    return v as string[];
  };

  const decimal = pick<DecimalMark>("decimal", [".", ","], ".");
  const thousandsGiven = options.thousands !== undefined;
  const thousands = pick<ThousandsSeparator>(
    "thousands",
    [",", ".", " ", "'", ""],
    decimal === "," ? " " : ",",
  );
  if (thousands === decimal) {
    throw new InputError(
      "bad-option",
      `${where}: options \`thousands\` and \`decimal\` are both ${show(decimal)}; a number could not be read`,
    );
  }
  const illustrative = options.illustrative;
  if (illustrative !== undefined && typeof illustrative !== "boolean") {
    throw new InputError(
      "bad-option",
      `${where}: option \`illustrative\` must be a boolean, got ${show(illustrative)}`,
    );
  }
  const period = text("period", undefined)?.trim();
  if (period === "") throw new InputError("bad-option", `${where}: option \`period\` must not be empty`);

  return {
    layout: pick<CsvLayout>("layout", ["wide", "long"], "wide"),
    encoding: pick<CsvEncoding>("encoding", ["auto", "utf-8", "gb18030"], "auto"),
    delimiter: pick<CsvDelimiter>("delimiter", ["auto", ",", ";", "\t", "|"], "auto"),
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
    thousandsGiven,
    decimal,
    decimalGiven: options.decimal !== undefined,
    percent: pick<PercentMode>("percent", ["points", "fraction"], "points"),
    licence: text("licence", undefined),
    illustrative,
  };
}
