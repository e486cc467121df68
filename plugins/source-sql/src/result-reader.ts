import { createHash } from "node:crypto";
import { type Issue, type Observation, type ObservationProvenance, show } from "@cityindex/core";
import type { SqlValue } from "./driver.js";
import type { SqlLayout } from "./options.js";

/** Which columns of a result hold what. */
export interface ResultShape {
  /** `long` or `wide`. */
  layout: SqlLayout;
  /** Unit id column. */
  unitColumn: string;
  /** Long layout: indicator id column. */
  indicatorColumn: string;
  /** Period column, unless `period` is given. */
  periodColumn: string;
  /** Long layout: value column. */
  valueColumn: string;
  /** The period of every row; no period column is read. */
  period?: string | undefined;
  /** Wide layout: the indicator columns, or `undefined` for all but the unit and period columns. */
  columns?: readonly string[] | undefined;
}

/** Where rows and the result are, for issue paths. */
export interface ResultPlaces {
  /** Path of problems with the whole result, such as a missing column. */
  result: string;
  /** Path of a problem in a row (1-based). */
  row(row: number): string;
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const MAX_LISTED = 30;
const TWO_53 = 2n ** 53n;

const listColumns = (columns: readonly string[]): string => {
  if (columns.length === 0) return "no columns";
  const shown = columns.slice(0, MAX_LISTED).map((c) => show(c));
  const more = columns.length > MAX_LISTED ? ` and ${columns.length - MAX_LISTED} more` : "";
  return `${shown.join(", ")}${more}`;
};

/**
 * The SHA-256 of a result's content, independent of the order of its rows (a query without `ORDER BY` may
 * return rows in any order, and the same data should give the same hash). Each row is encoded as its values
 * joined by U+001F, each value as a type letter and its text (`N` for NULL, `S` + the string, `D` + the number
 * as JavaScript prints it, `I` + the integer, `B` + `0` or `1`); the SHA-256 digests of the rows, read as
 * 256-bit little-endian integers, are added modulo 2^256; the hash is `sha256:` and the hex SHA-256 of the line
 * `cityindex-sql-result-v1`, the column names joined by U+001F, the row count, and the hex sum (little-endian
 * bytes), each followed by a line feed. Made for telling whether a result changed, not for resisting forgery.
 */
export class ResultHash {
  private readonly sum = new Uint32Array(8);
  private rows = 0;

  constructor(private readonly columns: readonly string[]) {}

  /** Adds one row. */
  add(row: readonly SqlValue[]): void {
    let text = "";
    for (let i = 0; i < row.length; i++) {
      const v = row[i];
      if (i > 0) text += "\u001f";
      if (v === null || v === undefined) text += "N";
      else if (typeof v === "string") text += `S${v}`;
      else if (typeof v === "number") text += `D${v}`;
      else if (typeof v === "bigint") text += `I${v}`;
      else text += v ? "B1" : "B0";
    }
    const digest = createHash("sha256").update(text).digest();
    let carry = 0;
    for (let k = 0; k < 8; k++) {
      const s = (this.sum[k] as number) + digest.readUInt32LE(k * 4) + carry;
      this.sum[k] = s >>> 0;
      carry = s > 0xffffffff ? 1 : 0;
    }
    this.rows++;
  }

  /** The hash of the rows added so far (`sha256:` and hex). */
  digest(): string {
    const bytes = Buffer.alloc(32);
    for (let k = 0; k < 8; k++) bytes.writeUInt32LE(this.sum[k] as number, k * 4);
    const text = `cityindex-sql-result-v1\n${this.columns.join("\u001f")}\n${this.rows}\n${bytes.toString("hex")}\n`;
    return `sha256:${createHash("sha256").update(text).digest("hex")}`;
  }
}

/**
 * Turns a query result into observations, row by row, reporting every problem: missing, doubled and unread
 * columns, NULL or empty ids, values that are not numbers, and a second row for the same unit, indicator and
 * period. A NULL value is a missing observation (`value: null`). Observations are kept compactly (ids
 * interned, values in one array) until {@link ResultReader.observations} hands them out.
 */
export class ResultReader {
  /** False when the columns do not fit the shape; the reader then reads nothing. */
  readonly ok: boolean;
  /** Rows seen so far, including those with problems. */
  rows = 0;
  private readonly hash: ResultHash;
  private unitIdx = -1;
  private periodIdx = -1;
  private indicatorIdx = -1;
  private valueIdx = -1;
  private readonly indicatorCols: { idx: number; name: string }[] = [];
  private readonly names = new Map<string, string>();
  private readonly seen = new Map<string, number>();
  private readonly units: string[] = [];
  private readonly indicators: string[] = [];
  private readonly periods: string[] = [];
  private readonly values: (number | null)[] = [];
  private readonly rowOf: number[] = [];

  constructor(
    private readonly columns: readonly string[],
    private readonly shape: ResultShape,
    private readonly places: ResultPlaces,
    private readonly report: (issue: Omit<Issue, "source">) => void,
  ) {
    this.hash = new ResultHash(columns);
    this.ok = this.plan();
  }

  private issue(severity: Issue["severity"], code: string, path: string, message: string): void {
    this.report({ severity, code, path, message });
  }

  /** Finds the role columns; reports what is missing, doubled or not read. */
  private plan(): boolean {
    const { columns, shape } = this;
    const at = this.places.result;
    let ok = true;
    const find = (name: string, option: string): number => {
      const found = columns.flatMap((c, i) => (c === name ? [i] : []));
      if (found.length === 1) return found[0] as number;
      if (found.length > 1) {
        this.issue(
          "error",
          "duplicate-column",
          at,
          `the result has ${found.length} columns named ${show(name)}; give each column its own name with \`AS\``,
        );
      } else {
        const near = columns.find((c) => c.toLowerCase() === name.toLowerCase());
        const hint = near === undefined ? "" : ` (it has ${show(near)}; names are compared exactly)`;
        this.issue(
          "error",
          "missing-column",
          at,
          `the result has no column ${show(name)}${hint}: set \`${option}\`, or name the column \`AS ${name}\` in the query; the result's columns are ${listColumns(columns)}`,
        );
      }
      ok = false;
      return -1;
    };
    const used = new Set<number>();
    const take = (name: string, option: string): number => {
      const i = find(name, option);
      if (i >= 0) used.add(i);
      return i;
    };
    this.unitIdx = take(shape.unitColumn, "unitColumn");
    if (shape.period === undefined) this.periodIdx = take(shape.periodColumn, "periodColumn");
    const roles = [shape.unitColumn, ...(shape.period === undefined ? [shape.periodColumn] : [])];

    if (shape.layout === "long") {
      this.indicatorIdx = take(shape.indicatorColumn, "indicatorColumn");
      this.valueIdx = take(shape.valueColumn, "valueColumn");
      roles.push(shape.indicatorColumn, shape.valueColumn);
    } else if (shape.columns !== undefined) {
      for (const name of shape.columns) {
        if (roles.includes(name)) {
          this.issue(
            "error",
            "bad-option",
            at,
            `option \`columns\` lists ${show(name)}, which is the unit or period column`,
          );
          ok = false;
          continue;
        }
        const i = take(name, "columns");
        if (i >= 0) this.indicatorCols.push({ idx: i, name });
      }
    } else {
      const counts = new Map<string, number>();
      for (const c of columns) counts.set(c, (counts.get(c) ?? 0) + 1);
      columns.forEach((name, i) => {
        if (roles.includes(name)) return;
        used.add(i);
        const count = counts.get(name) ?? 0;
        if (count > 1) {
          if (columns.indexOf(name) === i) {
            this.issue(
              "error",
              "duplicate-column",
              at,
              `the result has ${count} columns named ${show(name)}; give each column its own name with \`AS\``,
            );
          }
          ok = false;
          return;
        }
        this.indicatorCols.push({ idx: i, name });
      });
    }

    const reads =
      shape.layout === "long"
        ? `the long layout reads ${roles.map((r) => show(r)).join(", ")}`
        : "it is not in `columns`";
    columns.forEach((name, i) => {
      if (used.has(i) || roles.includes(name)) return;
      this.issue(
        "warning",
        "extra-column",
        at,
        `column ${show(name)} is not read (${reads}); leave it out of the query's SELECT list`,
      );
    });
    if (ok && shape.layout === "wide" && this.indicatorCols.length === 0) {
      this.issue("warning", "no-indicators", at, "the result has no indicator columns");
    }
    return ok;
  }

  private intern(s: string): string {
    const known = this.names.get(s);
    if (known !== undefined) return known;
    this.names.set(s, s);
    return s;
  }

  private id(row: readonly SqlValue[], idx: number, what: string, n: number): string | undefined {
    const v = row[idx];
    const text = v === null || v === undefined ? undefined : String(v).trim();
    if (text === undefined || text === "") {
      const column = this.columns[idx] ?? "";
      this.issue(
        "error",
        `empty-${what}`,
        this.places.row(n),
        `row ${n}: the ${what} in column ${show(column)} is ${text === undefined ? "NULL" : "empty"}; the row is not read`,
      );
      return undefined;
    }
    return this.intern(text);
  }

  private value(row: readonly SqlValue[], idx: number, n: number, cell: string): number | null | undefined {
    const v = row[idx];
    if (v === null || v === undefined) return null;
    const column = show(this.columns[idx] ?? "");
    if (typeof v === "number") {
      if (Number.isFinite(v)) return v;
    } else if (typeof v === "bigint") {
      const x = Number(v);
      if (v > TWO_53 || v < -TWO_53) {
        this.issue(
          "warning",
          "rounded-value",
          this.places.row(n),
          `row ${n}, column ${column}: ${show(v.toString())} is beyond 2^53 and is read as ${x} (${cell})`,
        );
      }
      return x;
    } else if (typeof v === "string") {
      const t = v.trim();
      if (NUMBER.test(t)) return Number(t);
    }
    const shown = typeof v === "string" ? show(v) : show(String(v));
    const reason =
      typeof v === "number"
        ? "is not a finite number"
        : typeof v === "string"
          ? "is not a number"
          : `is a ${typeof v}, not a number`;
    this.issue(
      "error",
      "not-a-number",
      this.places.row(n),
      `row ${n}, column ${column}: ${shown} ${reason} (${cell}); the value is not read`,
    );
    return undefined;
  }

  private push(unit: string, indicator: string, period: string, value: number | null, n: number): void {
    this.units.push(unit);
    this.indicators.push(indicator);
    this.periods.push(period);
    this.values.push(value);
    this.rowOf.push(n);
  }

  /** Reads one row. */
  add(row: readonly SqlValue[]): void {
    this.rows++;
    this.hash.add(row);
    if (!this.ok) return;
    const n = this.rows;
    const unit = this.id(row, this.unitIdx, "unit", n);
    if (unit === undefined) return;
    const period = this.shape.period ?? this.id(row, this.periodIdx, "period", n);
    if (period === undefined) return;

    if (this.shape.layout === "long") {
      const indicator = this.id(row, this.indicatorIdx, "indicator", n);
      if (indicator === undefined) return;
      const key = `${unit}\u0000${indicator}\u0000${period}`;
      const first = this.seen.get(key);
      if (first !== undefined) {
        this.issue(
          "error",
          "duplicate-row",
          this.places.row(n),
          `rows ${first} and ${n} both give unit ${show(unit)}, indicator ${show(indicator)}, period ${show(period)}; row ${n} is not read`,
        );
        return;
      }
      this.seen.set(key, n);
      const cell = `unit ${show(unit)}, indicator ${show(indicator)}, period ${show(period)}`;
      const value = this.value(row, this.valueIdx, n, cell);
      if (value !== undefined) this.push(unit, indicator, period, value, n);
      return;
    }

    const key = `${unit}\u0000${period}`;
    const first = this.seen.get(key);
    if (first !== undefined) {
      this.issue(
        "error",
        "duplicate-row",
        this.places.row(n),
        `rows ${first} and ${n} both give unit ${show(unit)}, period ${show(period)}; row ${n} is not read`,
      );
      return;
    }
    this.seen.set(key, n);
    for (const { idx, name } of this.indicatorCols) {
      const indicator = this.intern(name);
      const cell = `unit ${show(unit)}, period ${show(period)}`;
      const value = this.value(row, idx, n, cell);
      if (value !== undefined) this.push(unit, indicator, period, value, n);
    }
  }

  /** The observations read so far. */
  get count(): number {
    return this.values.length;
  }

  /** The hash of every row read, problems included; see {@link ResultHash}. */
  digest(): string {
    return this.hash.digest();
  }

  /** Hands out the observations in result order, each with the provenance `provenance(row)` gives. */
  *observations(provenance: (row: number) => ObservationProvenance): Generator<Observation, void, undefined> {
    for (let i = 0; i < this.values.length; i++) {
      yield {
        unit: this.units[i] as string,
        indicator: this.indicators[i] as string,
        period: this.periods[i] as string,
        value: this.values[i] as number | null,
        provenance: provenance(this.rowOf[i] as number),
      };
    }
  }
}
