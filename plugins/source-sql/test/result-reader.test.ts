import type { Issue } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import type { SqlValue } from "../src/driver.js";
import { ResultHash, ResultReader, type ResultShape } from "../src/result-reader.js";
import { cells, expectedHash, problems } from "./helpers.js";

const LONG: ResultShape = {
  layout: "long",
  unitColumn: "unit",
  indicatorColumn: "indicator",
  periodColumn: "period",
  valueColumn: "value",
};
const WIDE: ResultShape = { ...LONG, layout: "wide" };

function read(columns: string[], rows: SqlValue[][], shape: ResultShape = LONG) {
  const issues: Omit<Issue, "source">[] = [];
  const reader = new ResultReader(columns, shape, { result: "q", row: (n) => `q#row=${n}` }, (i) =>
    issues.push(i),
  );
  for (const row of rows) reader.add(row);
  const observations = [...reader.observations((row) => ({ location: `row ${row}` }))];
  return { reader, issues, observations, cells: cells(observations), problems: problems(issues) };
}

describe("ResultReader, long layout", () => {
  it("reads ids and values of every type, with NULL as a missing value", () => {
    const r = read(
      ["unit", "indicator", "period", "value"],
      [
        ["chengdu", "articles", "2024-01", 12],
        [" lhasa ", "articles", 2024, 3n],
        ["xian", "tone", "2024", "-0.25"],
        ["kashgar", "tone", "2024", null],
        ["suzhou", "tone", "2024", 1.5e3],
      ],
    );
    expect(r.problems).toEqual([]);
    expect(r.cells).toEqual([
      "chengdu/articles/2024-01=12",
      "lhasa/articles/2024=3",
      "xian/tone/2024=-0.25",
      "kashgar/tone/2024=null",
      "suzhou/tone/2024=1500",
    ]);
    expect(r.observations.map((o) => o.provenance?.location)).toEqual([
      "row 1",
      "row 2",
      "row 3",
      "row 4",
      "row 5",
    ]);
    expect(r.reader.rows).toBe(5);
  });

  it("reports each value that is not a number, naming its row and column", () => {
    const r = read(
      ["unit", "indicator", "period", "value"],
      [
        ["a", "x", "2024", "n/a"],
        ["b", "x", "2024", true],
        ["c", "x", "2024", Number.NaN],
        ["d", "x", "2024", Number.POSITIVE_INFINITY],
        ["e", "x", "2024", ""],
        ["f", "x", "2024", 2],
      ],
    );
    expect(r.cells).toEqual(["f/x/2024=2"]);
    expect(r.problems).toEqual([
      "error not-a-number q#row=1: row 1, column `value`: `n/a` is not a number (unit `a`, indicator `x`, period `2024`); the value is not read",
      "error not-a-number q#row=2: row 2, column `value`: `true` is a boolean, not a number (unit `b`, indicator `x`, period `2024`); the value is not read",
      "error not-a-number q#row=3: row 3, column `value`: `NaN` is not a finite number (unit `c`, indicator `x`, period `2024`); the value is not read",
      "error not-a-number q#row=4: row 4, column `value`: `Infinity` is not a finite number (unit `d`, indicator `x`, period `2024`); the value is not read",
      "error not-a-number q#row=5: row 5, column `value`: `` is not a number (unit `e`, indicator `x`, period `2024`); the value is not read",
    ]);
  });

  it("warns when a big integer does not fit a double exactly", () => {
    const r = read(["unit", "indicator", "period", "value"], [["a", "x", "2024", 2n ** 60n + 1n]]);
    expect(r.observations[0]?.value).toBe(2 ** 60);
    expect(r.problems).toEqual([
      "warning rounded-value q#row=1: row 1, column `value`: `1152921504606846977` is beyond 2^53 and is read as 1152921504606847000 (unit `a`, indicator `x`, period `2024`)",
    ]);
  });

  it("reports NULL and empty ids, and reads nothing of those rows", () => {
    const r = read(
      ["unit", "indicator", "period", "value"],
      [
        [null, "x", "2024", 1],
        ["a", "  ", "2024", 1],
        ["a", "x", null, 1],
        ["a", "x", "2024", 1],
      ],
    );
    expect(r.cells).toEqual(["a/x/2024=1"]);
    expect(r.problems).toEqual([
      "error empty-unit q#row=1: row 1: the unit in column `unit` is NULL; the row is not read",
      "error empty-indicator q#row=2: row 2: the indicator in column `indicator` is empty; the row is not read",
      "error empty-period q#row=3: row 3: the period in column `period` is NULL; the row is not read",
    ]);
  });

  it("reports a second row for the same unit, indicator and period, naming both rows", () => {
    const r = read(
      ["unit", "indicator", "period", "value"],
      [
        ["a", "x", "2024", 1],
        ["a", "y", "2024", 2],
        ["a", "x", "2024", 3],
      ],
    );
    expect(r.cells).toEqual(["a/x/2024=1", "a/y/2024=2"]);
    expect(r.problems).toEqual([
      "error duplicate-row q#row=3: rows 1 and 3 both give unit `a`, indicator `x`, period `2024`; row 3 is not read",
    ]);
  });

  it("lists the result's columns when one is missing, and hints at a different case", () => {
    const r = read(["City", "indicator", "month", "n"], [["a", "x", "2024", 1]]);
    expect(r.reader.ok).toBe(false);
    expect(r.observations).toEqual([]);
    const has = "the result's columns are `City`, `indicator`, `month`, `n`";
    expect(r.problems).toEqual([
      `error missing-column q: the result has no column \`unit\`: set \`unitColumn\`, or name the column \`AS unit\` in the query; ${has}`,
      `error missing-column q: the result has no column \`period\`: set \`periodColumn\`, or name the column \`AS period\` in the query; ${has}`,
      `error missing-column q: the result has no column \`value\`: set \`valueColumn\`, or name the column \`AS value\` in the query; ${has}`,
      "warning extra-column q: column `City` is not read (the long layout reads `unit`, `period`, `indicator`, `value`); leave it out of the query's SELECT list",
      "warning extra-column q: column `month` is not read (the long layout reads `unit`, `period`, `indicator`, `value`); leave it out of the query's SELECT list",
      "warning extra-column q: column `n` is not read (the long layout reads `unit`, `period`, `indicator`, `value`); leave it out of the query's SELECT list",
    ]);
    const cased = read(["Unit", "indicator", "period", "value"], []);
    expect(cased.problems[0]).toContain(
      "the result has no column `unit` (it has `Unit`; names are compared exactly)",
    );
  });

  it("reports doubled role columns and columns it does not read", () => {
    const r = read(
      ["unit", "unit", "indicator", "period", "value", "note"],
      [["a", "a", "x", "2024", 1, "n"]],
    );
    expect(r.reader.ok).toBe(false);
    expect(r.problems).toEqual([
      "error duplicate-column q: the result has 2 columns named `unit`; give each column its own name with `AS`",
      "warning extra-column q: column `note` is not read (the long layout reads `unit`, `period`, `indicator`, `value`); leave it out of the query's SELECT list",
    ]);
  });

  it("uses a fixed period and then reports a period column as unread", () => {
    const r = read(["unit", "indicator", "value", "period"], [["a", "x", 1, "1999"]], {
      ...LONG,
      period: "2024",
    });
    expect(r.cells).toEqual(["a/x/2024=1"]);
    expect(r.problems).toEqual([
      "warning extra-column q: column `period` is not read (the long layout reads `unit`, `indicator`, `value`); leave it out of the query's SELECT list",
    ]);
  });
});

describe("ResultReader, wide layout", () => {
  it("reads every other column as an indicator by default", () => {
    const r = read(
      ["unit", "period", "articles", "tone"],
      [
        ["a", "2024", 10, 0.5],
        ["b", "2024", null, "x"],
      ],
      WIDE,
    );
    expect(r.cells).toEqual(["a/articles/2024=10", "a/tone/2024=0.5", "b/articles/2024=null"]);
    expect(r.problems).toEqual([
      "error not-a-number q#row=2: row 2, column `tone`: `x` is not a number (unit `b`, period `2024`); the value is not read",
    ]);
  });

  it("reads the listed columns, reports the others, and reports duplicate unit-period rows", () => {
    const r = read(
      ["unit", "articles", "tone", "name"],
      [
        ["a", 1, 2, "A"],
        ["a", 3, 4, "A"],
      ],
      { ...WIDE, period: "2024", columns: ["tone", "articles"] },
    );
    expect(r.cells).toEqual(["a/tone/2024=2", "a/articles/2024=1"]);
    expect(r.problems).toEqual([
      "warning extra-column q: column `name` is not read (it is not in `columns`); leave it out of the query's SELECT list",
      "error duplicate-row q#row=2: rows 1 and 2 both give unit `a`, period `2024`; row 2 is not read",
    ]);
  });

  it("reports listed columns the result does not have, and doubled indicator columns", () => {
    const missing = read(["unit", "period", "a"], [], { ...WIDE, columns: ["a", "b"] });
    expect(missing.problems).toEqual([
      "error missing-column q: the result has no column `b`: set `columns`, or name the column `AS b` in the query; the result's columns are `unit`, `period`, `a`",
    ]);
    const doubled = read(["unit", "period", "a", "a"], [], WIDE);
    expect(doubled.reader.ok).toBe(false);
    expect(doubled.problems).toEqual([
      "error duplicate-column q: the result has 2 columns named `a`; give each column its own name with `AS`",
    ]);
    const none = read(["unit", "period"], [], WIDE);
    expect(none.problems).toEqual(["warning no-indicators q: the result has no indicator columns"]);
  });
});

describe("ResultHash", () => {
  const columns = ["unit", "indicator", "period", "value"];
  const rows: SqlValue[][] = [
    ["a", "x", "2024", 1.5],
    ["b", "x", "2024", null],
    ["c", "x", "2024", 7n],
    ["d", "x", "2024", true],
  ];
  const hashOf = (cols: string[], rs: SqlValue[][]) => {
    const h = new ResultHash(cols);
    for (const r of rs) h.add(r);
    return h.digest();
  };

  it("matches the documented construction", () => {
    expect(hashOf(columns, rows)).toBe(expectedHash(columns, rows));
    expect(hashOf(columns, [])).toBe(expectedHash(columns, []));
  });

  it("does not depend on row order but on every value, type and column name", () => {
    const h = hashOf(columns, rows);
    expect(hashOf(columns, [...rows].reverse())).toBe(h);
    expect(hashOf(columns, [rows[0] as SqlValue[], rows[1] as SqlValue[]])).not.toBe(h);
    expect(hashOf(columns, [["a", "x", "2024", "1.5"], ...rows.slice(1)])).not.toBe(h);
    expect(hashOf(["unit", "indicator", "period", "v"], rows)).not.toBe(h);
    expect(hashOf(columns, [...rows, rows[0] as SqlValue[]])).not.toBe(h);
  });
});
