import { createHash } from "node:crypto";
import { InputError, type Issue, type Observation, type ObservationProvenance, show } from "@cityindex/core";
import { type DecodedEncoding, decodeCsvBytes } from "./decode.js";
import { detectDelimiter } from "./detect-delimiter.js";
import {
  type CsvSourceOptions,
  type ResolvedCsvOptions,
  resolveCsvOptions,
  SOURCE_OPTION_KEYS,
} from "./options.js";
import { isAscii, makeNumberParser } from "./parse-number.js";
import { type CsvRecord, type TokenProblem, tokenizeCsv } from "./tokenize.js";
import { PLUGIN_NAME } from "./version.js";

/** Options of {@link parseCsvTable}: the `csv` source's options without `path`, plus names for the output. */
export interface CsvTableOptions extends Omit<CsvSourceOptions, "path"> {
  /** The file name used in issue paths and provenance locations; default `<input>`. */
  file?: string;
  /** The spec source id: provenance `source` is `csv:<sourceId>`, or `csv` when absent. */
  sourceId?: string;
}

/** What was read, besides the observations and issues. */
export interface CsvTableSummary {
  /** Data rows read (not counting the header and blank lines). */
  rows: number;
  /** The header's column names, trimmed; empty when there is no header. */
  header: string[];
  /** The delimiter used, given or detected. */
  delimiter: "," | ";" | "\t" | "|";
  /** The encoding the bytes were decoded with; absent when the input was a string. */
  encoding?: DecodedEncoding;
  /** `sha256:` and the hex SHA-256 of the input bytes (of the UTF-8 encoding when the input was a string). */
  hash: string;
}

/** The result of {@link parseCsvTable}. */
export interface CsvTableResult extends CsvTableSummary {
  /** One observation per data cell read; `value` is `null` for a missing-value token. */
  observations: Observation[];
  /** Every problem found, in the order found. */
  issues: Issue[];
}

/** Receives what {@link readCsvTable} reads, as it reads it. */
export interface CsvTableSink {
  /** One observation. */
  observation(observation: Observation): void;
  /** One issue. */
  issue(issue: Issue): void;
}

/** Where the output of {@link readCsvTable} says it came from. */
export interface CsvTableOrigin {
  /** The file name for issue paths and provenance locations. */
  file: string;
  /** Provenance `source`. */
  source: string;
}

/** How often {@link readCsvTable} yields, in data rows. */
export const PROGRESS_EVERY = 10_000;

const TABLE_OPTION_KEYS: readonly string[] = [
  ...SOURCE_OPTION_KEYS.filter((k) => k !== "path"),
  "file",
  "sourceId",
];

const ENCODING_NAMES: Record<DecodedEncoding, string> = {
  "utf-8": "UTF-8",
  gb18030: "GB18030",
  "utf-16le": "UTF-16",
  "utf-16be": "UTF-16",
};

const HEADER_PROBLEM_MESSAGES: Record<TokenProblem["code"], string> = {
  "unterminated-quote":
    "the quote that opens this header cell is never closed, so the rest of the file is read as one cell; nothing is read",
  "text-after-quote":
    'text follows the closing quote of this header cell (a quote inside a quoted cell is written `""`)',
};

const PROBLEM_MESSAGES: Record<TokenProblem["code"], string> = {
  "unterminated-quote":
    "the quote that opens this cell is never closed, so the rest of the file is read as one cell; the row is not read",
  "text-after-quote":
    'text follows the closing quote of this cell (a quote inside a quoted cell is written `""`); the row is not read',
};

/**
 * Reads a CSV table in steps: passes observations and issues to `sink` as it reads, yields the number of
 * data rows read every {@link PROGRESS_EVERY} rows and at the end, and returns a summary. A caller can stop
 * between steps. {@link parseCsvTable} runs it to the end; the `csv` source streams it. Every data cell ends
 * as an observation or is covered by an issue.
 */
export function* readCsvTable(
  input: string | Uint8Array,
  o: ResolvedCsvOptions,
  origin: CsvTableOrigin,
  sink: CsvTableSink,
): Generator<number, CsvTableSummary, undefined> {
  const { file } = origin;
  const hash = `sha256:${createHash("sha256")
    .update(typeof input === "string" ? Buffer.from(input, "utf8") : input)
    .digest("hex")}`;
  const at = (line: number, column?: number): string =>
    column === undefined ? `${file}:${line}` : `${file}:${line}:${column}`;
  const issue = (severity: Issue["severity"], code: string, path: string, message: string): void =>
    sink.issue({ severity, code, path, message, source: PLUGIN_NAME });

  let text: string;
  let encoding: DecodedEncoding | undefined;
  if (typeof input === "string") {
    text = input.startsWith("\uFEFF") ? input.slice(1) : input;
  } else {
    const decoded = decodeCsvBytes(input, o.encoding);
    text = decoded.text;
    encoding = decoded.encoding;
    if (decoded.invalidLine !== undefined) {
      const name = ENCODING_NAMES[decoded.encoding];
      const what =
        o.encoding === "auto" && decoded.encoding === "gb18030"
          ? "neither valid UTF-8 nor valid GB18030"
          : `not valid ${name}`;
      const hint =
        decoded.encoding === "utf-8"
          ? "; if the file was saved by Excel in a Chinese locale, set `encoding` to `gb18030`"
          : "";
      issue(
        "error",
        "invalid-encoding",
        at(decoded.invalidLine),
        `line ${decoded.invalidLine} has bytes that are ${what}; they are read as \`\uFFFD\`${hint}`,
      );
    }
  }
  const summary: CsvTableSummary = { rows: 0, header: [], delimiter: ",", hash };
  if (encoding !== undefined) summary.encoding = encoding;

  if (text.trim() === "") {
    issue("error", "empty-file", file, text === "" ? "the file is empty" : "the file holds only blank lines");
    return summary;
  }
  const delimiter = o.delimiter === "auto" ? detectDelimiter(text) : o.delimiter;
  summary.delimiter = delimiter;

  const records = tokenizeCsv(text, delimiter);
  const isBlank = (r: CsvRecord) => r.problems.length === 0 && r.cells.every((c) => c.trim() === "");

  // Header
  // Not `for...of` with `break`, which would close the generator before the rows are read.
  let step = records.next();
  while (!step.done && isBlank(step.value)) step = records.next();
  if (step.done) return summary; // unreachable: the text is not blank
  const headerRecord = step.value;
  const headerLine = headerRecord.line;
  for (const p of headerRecord.problems) {
    issue("error", p.code, at(p.line, p.column), HEADER_PROBLEM_MESSAGES[p.code]);
  }
  if (headerRecord.problems.some((p) => p.code === "unterminated-quote")) return summary;

  const header = headerRecord.cells.map((c) => c.trim());
  summary.header = header;
  const byName = new Map<string, number>();
  const skipped = new Set<number>(); // duplicate and empty header columns: never roles or indicators
  const emptyHeader: number[] = [];
  const ignoreEmpty = o.ignore.has("");
  for (let i = 0; i < header.length; i++) {
    const name = header[i] ?? "";
    if (name === "") {
      skipped.add(i);
      if (!ignoreEmpty) emptyHeader.push(i);
      continue;
    }
    const first = byName.get(name);
    if (first === undefined) {
      byName.set(name, i);
      continue;
    }
    skipped.add(i);
    if (!o.ignore.has(name)) {
      issue(
        "error",
        "duplicate-header",
        at(headerLine, i + 1),
        `column ${show(name)} appears twice in the header, as columns ${first + 1} and ${i + 1}; the second is not read`,
      );
    }
  }

  let fatal = false;
  const named = header.filter((h) => h !== "");
  const list =
    named
      .slice(0, 12)
      .map((h) => show(h))
      .join(", ") + (named.length > 12 ? ` and ${named.length - 12} more` : "");
  const missingColumn = (what: string, name: string, option: string): void => {
    fatal = true;
    const lower = name.toLowerCase();
    const near = header.find((h) => h.toLowerCase() === lower);
    const hint =
      near !== undefined ? `; did you mean ${show(near)}?` : `; set \`${option}\` to the right column`;
    issue(
      "error",
      "missing-column",
      at(headerLine),
      `the header has no ${what} column ${show(name)}; its columns are ${list || "none"}${hint}`,
    );
  };

  const unitIdx = byName.get(o.unitColumn);
  if (unitIdx === undefined) missingColumn("unit", o.unitColumn, "unitColumn");
  const periodIdx = byName.get(o.periodColumn);
  if (periodIdx === undefined) {
    if (o.periodColumnGiven) missingColumn("period", o.periodColumn, "periodColumn");
    else if (o.period === undefined) {
      fatal = true;
      issue(
        "error",
        "missing-period",
        at(headerLine),
        `the table has no period column ${show(o.periodColumn)} and no \`period\` option is given; add the column or set \`period\` to the period of every row`,
      );
    }
  }

  let indicatorIdx: number | undefined;
  let valueIdx: number | undefined;
  const indicators: number[] = [];
  if (o.layout === "long") {
    indicatorIdx = byName.get(o.indicatorColumn);
    if (indicatorIdx === undefined) missingColumn("indicator", o.indicatorColumn, "indicatorColumn");
    valueIdx = byName.get(o.valueColumn);
    if (valueIdx === undefined) missingColumn("value", o.valueColumn, "valueColumn");
  } else if (o.columns !== undefined) {
    for (const name of new Set(o.columns)) {
      const i = byName.get(name);
      if (i === undefined) {
        fatal = true;
        issue(
          "error",
          "missing-column",
          at(headerLine),
          `column ${show(name)} is listed in \`columns\` but is not in the header; its columns are ${list || "none"}`,
        );
      } else if (i === unitIdx || i === periodIdx) {
        fatal = true;
        issue(
          "error",
          "bad-option",
          at(headerLine, i + 1),
          `column ${show(name)} is listed in \`columns\` but holds the ${i === unitIdx ? "unit ids" : "periods"}`,
        );
      } else indicators.push(i);
    }
  } else {
    for (let i = 0; i < header.length; i++) {
      if (i !== unitIdx && i !== periodIdx && !skipped.has(i) && !o.ignore.has(header[i] ?? ""))
        indicators.push(i);
    }
  }

  // Columns no role reads, and not ignored, are named so that nothing goes unread without a word.
  const roles = new Set<number | undefined>([unitIdx, periodIdx, indicatorIdx, valueIdx, ...indicators]);
  for (let i = 0; i < header.length; i++) {
    const name = header[i] ?? "";
    if (roles.has(i) || skipped.has(i) || o.ignore.has(name)) continue;
    if (o.layout === "wide" && o.columns === undefined) continue;
    issue(
      "info",
      "unread-column",
      at(headerLine, i + 1),
      `column ${show(name)} is not read; list it in \`ignore\` if that is meant`,
    );
  }
  if (o.layout === "wide" && indicators.length === 0 && !fatal) {
    issue("warning", "no-indicators", at(headerLine), "the header has no indicator columns");
  }
  if (fatal || unitIdx === undefined) return summary;

  // Rows
  const parse = makeNumberParser(o);
  const warnSemicolon = delimiter === ";" && o.thousands === "," && !o.thousandsGiven && !o.decimalGiven;
  let warnedSemicolon = false;
  const seen = new Map<string, number>();
  const emptyHeaderValues = new Map<number, number>(); // column -> first line with a value
  const hasPeriodColumn = periodIdx !== undefined;
  const provenance = (location: string): ObservationProvenance => {
    const p: ObservationProvenance = { source: origin.source, location, hash };
    if (o.licence !== undefined) p.licence = o.licence;
    if (o.illustrative !== undefined) p.illustrative = o.illustrative;
    return p;
  };
  const isMissing = (t: string) => o.missing.has(t) || (!isAscii(t) && o.missing.has(t.normalize("NFKC")));
  const rowLabel = (unit: string, indicator: string | undefined, period: string): string =>
    `row for unit ${show(unit)}` +
    (indicator === undefined ? "" : `, indicator ${show(indicator)}`) +
    (hasPeriodColumn ? `, period ${show(period)}` : "");
  let rows = 0;

  for (const record of records) {
    if (isBlank(record)) continue;
    rows++;
    if (rows % PROGRESS_EVERY === 0) yield rows;
    const { cells, lines, line } = record;
    if (record.problems.length > 0) {
      for (const p of record.problems) issue("error", p.code, at(p.line, p.column), PROBLEM_MESSAGES[p.code]);
      continue;
    }
    if (cells.length !== header.length) {
      const extraEmpty =
        cells.length > header.length && cells.slice(header.length).every((c) => c.trim() === "");
      if (extraEmpty) {
        issue(
          "warning",
          "row-width",
          at(line),
          `the row has ${cells.length} cells but the header has ${header.length}; the extra cells are empty and not read`,
        );
      } else {
        const hint = cells.length > header.length ? " (a delimiter inside a cell must be quoted)" : "";
        issue(
          "error",
          "row-width",
          at(line),
          `the row has ${cells.length} cells but the header has ${header.length}${hint}; the row is not read`,
        );
        continue;
      }
    }
    const cell = (i: number) => (cells[i] ?? "").trim();
    for (const i of emptyHeader) {
      if (!emptyHeaderValues.has(i) && cell(i) !== "") emptyHeaderValues.set(i, lines[i] ?? line);
    }

    const unit = cell(unitIdx);
    if (unit === "") {
      issue(
        "error",
        "empty-unit",
        at(lines[unitIdx] ?? line, unitIdx + 1),
        `the unit id in column ${show(o.unitColumn)} is empty; the row is not read`,
      );
      continue;
    }
    let period = periodIdx === undefined ? "" : cell(periodIdx);
    if (period === "") {
      if (o.period === undefined) {
        const col = periodIdx ?? 0;
        issue(
          "error",
          "empty-period",
          at(lines[col] ?? line, col + 1),
          `the period in column ${show(o.periodColumn)} is empty (row for unit ${show(unit)}), so the row is not read; the \`period\` option gives a default`,
        );
        continue;
      }
      period = o.period;
    }

    const read = (i: number, indicator: string, longIndicator?: string): void => {
      const t = cell(i);
      const location = at(lines[i] ?? line, i + 1);
      let value: number | null;
      if (isMissing(t)) value = null;
      else {
        const v = parse(t);
        if (v === undefined) {
          issue(
            "error",
            "malformed-number",
            location,
            `cannot read ${show(t)} as a number in column ${show(header[i])} (${rowLabel(unit, longIndicator, period)})`,
          );
          return;
        }
        value = v;
        if (warnSemicolon && !warnedSemicolon && (t.includes(",") || t.includes("，"))) {
          warnedSemicolon = true;
          issue(
            "warning",
            "ambiguous-number",
            location,
            `read ${show(t)} as ${v} with \`,\` as thousands separator, but semicolon-delimited files often use \`,\` as the decimal mark; set \`decimal\` to \`","\` if that is meant, or \`thousands\` to \`","\` to confirm`,
          );
        }
      }
      sink.observation({ unit, indicator, period, value, provenance: provenance(location) });
    };

    if (indicatorIdx !== undefined && valueIdx !== undefined) {
      const indicator = cell(indicatorIdx);
      if (indicator === "") {
        issue(
          "error",
          "empty-indicator",
          at(lines[indicatorIdx] ?? line, indicatorIdx + 1),
          `the indicator id in column ${show(o.indicatorColumn)} is empty (row for unit ${show(unit)}); the row is not read`,
        );
        continue;
      }
      const key = `${unit}\u0000${indicator}\u0000${period}`;
      const first = seen.get(key);
      if (first !== undefined) {
        issue(
          "error",
          "duplicate-row",
          at(line),
          `unit ${show(unit)}, indicator ${show(indicator)}, period ${show(period)} already has a row, on line ${first}; this row is not read`,
        );
        continue;
      }
      seen.set(key, line);
      read(valueIdx, indicator, indicator);
    } else {
      const key = `${unit}\u0000${period}`;
      const first = seen.get(key);
      if (first !== undefined) {
        issue(
          "error",
          "duplicate-row",
          at(line),
          `unit ${show(unit)}, period ${show(period)} already has a row, on line ${first}; this row is not read`,
        );
        continue;
      }
      seen.set(key, line);
      for (const i of indicators) read(i, header[i] ?? "");
    }
  }

  for (const i of emptyHeader) {
    const first = emptyHeaderValues.get(i);
    if (first === undefined) {
      issue(
        "warning",
        "empty-header",
        at(headerLine, i + 1),
        `column ${i + 1} has no header and no values; it is not read`,
      );
    } else {
      issue(
        "error",
        "empty-header",
        at(headerLine, i + 1),
        `column ${i + 1} has no header but has values (the first on line ${first}); name the column, or list \`""\` in \`ignore\` to skip it`,
      );
    }
  }
  if (rows === 0) issue("warning", "no-rows", at(headerLine), "the file has a header but no rows");
  summary.rows = rows;
  yield rows;
  return summary;
}

/**
 * Reads a CSV table into observations, without touching the file system: the pure core of the `csv` source,
 * for tests, the CLI and other tools. `input` is the file's bytes (decoded per `encoding`) or its text.
 * Problems in the table come back as issues, never thrown; a bad option throws an `InputError`.
 *
 * @example
 * ```ts
 * const { observations, issues } = parseCsvTable("unit,flights\nchengdu,1,234\n", { period: "2024" });
 * // issues: the row has 3 cells but the header has 2 ...
 * parseCsvTable('unit,flights\nchengdu,"1,234"\n', { period: "2024" }).observations[0]?.value; // 1234
 * ```
 */
export function parseCsvTable(input: string | Uint8Array, options: CsvTableOptions = {}): CsvTableResult {
  if (typeof input !== "string" && !(input instanceof Uint8Array)) {
    throw new InputError(
      "bad-input",
      `parseCsvTable: input must be a string or a Uint8Array, got ${show(input)}`,
    );
  }
  const resolved = resolveCsvOptions(options as Record<string, unknown>, "parseCsvTable", TABLE_OPTION_KEYS);
  const { file = "<input>", sourceId } = options;
  if (typeof file !== "string" || file === "") {
    throw new InputError(
      "bad-option",
      `parseCsvTable: option \`file\` must be a non-empty string, got ${show(file)}`,
    );
  }
  if (sourceId !== undefined && typeof sourceId !== "string") {
    throw new InputError(
      "bad-option",
      `parseCsvTable: option \`sourceId\` must be a string, got ${show(sourceId)}`,
    );
  }
  const observations: Observation[] = [];
  const issues: Issue[] = [];
  const source = sourceId === undefined ? "csv" : `csv:${sourceId}`;
  const reader = readCsvTable(
    input,
    resolved,
    { file, source },
    {
      observation: (o) => observations.push(o),
      issue: (i) => issues.push(i),
    },
  );
  for (;;) {
    const step = reader.next();
    if (step.done) return { ...step.value, observations, issues };
  }
}
