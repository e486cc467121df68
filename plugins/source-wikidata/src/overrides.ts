import { type Issue, show } from "@cityindex/core";
import { parseCsv } from "./csv.js";

/** One official value from the override file. */
export interface OverrideRow {
  /** Line in the file. */
  line: number;
  /** Unit id. */
  unit: string;
  /** Indicator id. */
  indicator: string;
  /** Period. */
  period: string;
  /** The value, `null` for an explicit missing value. */
  value: number | null;
  /** The `source` (or `note`) cell: where the official value comes from. */
  note: string | undefined;
}

/** What {@link readOverrides} found. */
export interface OverridesRead {
  /** Usable rows, in file order. */
  rows: OverrideRow[];
  /** Problems, each at `file:line`. */
  issues: Omit<Issue, "source">[];
}

/** Cell texts read as an explicit missing value. */
export const OVERRIDE_MISSING: readonly string[] = Object.freeze([
  "",
  "NA",
  "N/A",
  "n/a",
  "na",
  "-",
  "null",
  "NULL",
]);

const PERIOD = /^[0-9]{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$/;
const NUMBER = /^[0-9]+(\.[0-9]+)?$/;
const REQUIRED = ["unit", "indicator", "period", "value"] as const;

/**
 * Reads an override file: CSV with a header naming the columns `unit`, `indicator`, `period`, `value` and optionally
 * `source` (or `note`), in any order and case. A value is a plain decimal number of at least 0, or a missing-value
 * text ({@link OVERRIDE_MISSING}). A row for an indicator not in `indicators` or a unit not in `units` is a warning
 * and is not used; a bad period or value, a row with the wrong number of fields, or a second row for the same cell,
 * is an error and is not used.
 */
export function readOverrides(
  text: string,
  file: string,
  known: { indicators: ReadonlySet<string>; units?: ReadonlySet<string> },
): OverridesRead {
  const issues: Omit<Issue, "source">[] = [];
  const rows: OverrideRow[] = [];
  const issue = (severity: Issue["severity"], code: string, line: number, message: string) =>
    issues.push({ severity, code, path: `${file}:${line}`, message });
  const parsed = parseCsv(text);
  if ("error" in parsed) {
    issue(
      "error",
      "bad-override-file",
      parsed.line,
      `cannot read the override file ${show(file)}: ${parsed.error}`,
    );
    return { rows, issues };
  }
  const [header, ...records] = parsed.records;
  if (header === undefined) {
    issue("warning", "empty-override-file", 1, `the override file ${show(file)} is empty`);
    return { rows, issues };
  }
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const at = (name: string) => names.indexOf(name);
  const missing = REQUIRED.filter((c) => at(c) < 0);
  if (missing.length > 0) {
    issue(
      "error",
      "bad-override-file",
      header.line,
      `the override file ${show(file)} has no column ${missing.map((m) => show(m)).join(", ")}: its header must name \`unit\`, \`indicator\`, \`period\` and \`value\` (and may name \`source\`)`,
    );
    return { rows, issues };
  }
  const noteAt = at("source") >= 0 ? at("source") : at("note");
  const seen = new Map<string, number>();
  for (const { line, fields } of records) {
    if (fields.length !== names.length) {
      issue(
        "error",
        "bad-override-row",
        line,
        `the row has ${fields.length} fields, the header ${names.length}; the row is not used`,
      );
      continue;
    }
    const cell = (i: number) => (fields[i] ?? "").trim();
    const unit = cell(at("unit"));
    const indicator = cell(at("indicator"));
    const period = cell(at("period"));
    const raw = cell(at("value"));
    const note = noteAt >= 0 && cell(noteAt) !== "" ? cell(noteAt) : undefined;
    if (unit === "" || indicator === "") {
      issue(
        "error",
        "bad-override-row",
        line,
        "the row has no `unit` or no `indicator`; the row is not used",
      );
      continue;
    }
    if (!known.indicators.has(indicator)) {
      issue(
        "warning",
        "unknown-override-indicator",
        line,
        `indicator ${show(indicator)} is not one this source yields (${[...known.indicators].map((i) => show(i)).join(", ")}); the row is not used`,
      );
      continue;
    }
    if (known.units && !known.units.has(unit)) {
      issue(
        "warning",
        "unknown-unit",
        line,
        `unit ${show(unit)} is not one of the spec's units; the row is not used`,
      );
      continue;
    }
    if (!PERIOD.test(period)) {
      issue(
        "error",
        "bad-period",
        line,
        `the period ${show(period)} is not a year, month or quarter (\`2024\`, \`2024-05\`, \`2024-Q2\`); the row is not used`,
      );
      continue;
    }
    let value: number | null;
    if (OVERRIDE_MISSING.includes(raw)) value = null;
    else if (NUMBER.test(raw)) value = Number(raw);
    else {
      issue(
        "error",
        "bad-value",
        line,
        `the value ${show(raw)} is not a number of at least 0; the row is not used`,
      );
      continue;
    }
    const key = `${unit}/${indicator}/${period}`;
    const first = seen.get(key);
    if (first !== undefined) {
      issue(
        "error",
        "duplicate-override",
        line,
        `\`${key}\` is overridden again (first on line ${first}); this row is not used`,
      );
      continue;
    }
    seen.set(key, line);
    rows.push({ line, unit, indicator, period, value, note });
  }
  return { rows, issues };
}
