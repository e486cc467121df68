import { createHash } from "node:crypto";
import { InputError } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { DEFAULT_MISSING, parseCsvTable } from "../src/index.js";
import { cells, problems } from "./helpers.js";

const sha256 = (text: string) => `sha256:${createHash("sha256").update(text, "utf8").digest("hex")}`;

describe("parseCsvTable: wide layout", () => {
  it("reads one column per indicator with a period option, keeping missing cells as null", () => {
    const text = 'unit,flights,share\nchengdu,"1,234",12.5%\nchongqing,NA,\n';
    const r = parseCsvTable(text, { file: "data/wide.csv", period: "2024", sourceId: "indicators" });
    expect(r.issues).toEqual([]);
    expect(cells(r.observations)).toEqual([
      "chengdu/flights/2024=1234",
      "chengdu/share/2024=12.5",
      "chongqing/flights/2024=null",
      "chongqing/share/2024=null",
    ]);
    expect(r.observations[0]?.provenance).toEqual({
      source: "csv:indicators",
      location: "data/wide.csv:2:2",
      hash: sha256(text),
    });
    expect(r.observations.map((o) => o.provenance?.location)).toEqual([
      "data/wide.csv:2:2",
      "data/wide.csv:2:3",
      "data/wide.csv:3:2",
      "data/wide.csv:3:3",
    ]);
    expect(r).toMatchObject({
      rows: 2,
      header: ["unit", "flights", "share"],
      delimiter: ",",
      hash: sha256(text),
    });
    expect(r.encoding).toBeUndefined();
  });

  it("reads a period column, one row per unit and period", () => {
    const r = parseCsvTable("unit,period,gdp\nchengdu,2023,2.2\nchengdu,2024,2.35\nchongqing,2024,3.2\n");
    expect(r.issues).toEqual([]);
    expect(cells(r.observations)).toEqual([
      "chengdu/gdp/2023=2.2",
      "chengdu/gdp/2024=2.35",
      "chongqing/gdp/2024=3.2",
    ]);
    expect(r.observations[0]?.provenance?.source).toBe("csv");
    expect(r.observations[0]?.provenance?.location).toBe("<input>:2:3");
  });

  it("uses the period option for empty period cells", () => {
    const r = parseCsvTable("unit,period,gdp\nchengdu,,1\nchengdu,2023,2\n", { period: "2024" });
    expect(r.issues).toEqual([]);
    expect(cells(r.observations)).toEqual(["chengdu/gdp/2024=1", "chengdu/gdp/2023=2"]);
  });

  it("uses named unit and period columns, and skips ignored columns", () => {
    const text = "city,name_zh,year,flights,students\nchengdu,成都,2024,1,2\n";
    const r = parseCsvTable(text, { unitColumn: "city", periodColumn: "year", ignore: ["name_zh"] });
    expect(r.issues).toEqual([]);
    expect(cells(r.observations)).toEqual(["chengdu/flights/2024=1", "chengdu/students/2024=2"]);
  });

  it("reads only the listed columns, in the listed order, and notes the unread ones", () => {
    const r = parseCsvTable("unit,a,b,c,label\nx,1,2,3,X\n", {
      file: "t.csv",
      period: "2024",
      columns: ["c", "a"],
      ignore: ["label"],
    });
    expect(cells(r.observations)).toEqual(["x/c/2024=3", "x/a/2024=1"]);
    expect(problems(r.issues)).toEqual([
      "info unread-column t.csv:1:3: column `b` is not read; list it in `ignore` if that is meant",
    ]);
  });

  it("copies licence and illustrative into every provenance", () => {
    const r = parseCsvTable("unit,a,b\nx,1,\n", { period: "2024", licence: "CC-BY-4.0", illustrative: true });
    expect(r.observations.map((o) => o.provenance)).toEqual([
      { source: "csv", location: "<input>:2:2", hash: r.hash, licence: "CC-BY-4.0", illustrative: true },
      { source: "csv", location: "<input>:2:3", hash: r.hash, licence: "CC-BY-4.0", illustrative: true },
    ]);
  });

  it("trims cells and header names, and skips blank lines and rows of empty cells", () => {
    const r = parseCsvTable("\n unit , a \r\n\r\n  x  , 1 \r\n,\r\n   \r\ny,2", {
      file: "t.csv",
      period: "2024",
    });
    expect(r.issues).toEqual([]);
    expect(r.header).toEqual(["unit", "a"]);
    expect(cells(r.observations)).toEqual(["x/a/2024=1", "y/a/2024=2"]);
    expect(r.observations.map((o) => o.provenance?.location)).toEqual(["t.csv:4:2", "t.csv:7:2"]);
    expect(r.rows).toBe(2);
  });
});

describe("parseCsvTable: long layout", () => {
  it("reads one row per value", () => {
    const text =
      'unit,indicator,period,value\nchengdu,flights,2024,"1,234"\nchengdu,share,2024,12%\nchongqing,flights,2024,..\n';
    const r = parseCsvTable(text, { layout: "long", file: "long.csv", percent: "fraction" });
    expect(r.issues).toEqual([]);
    expect(cells(r.observations)).toEqual([
      "chengdu/flights/2024=1234",
      "chengdu/share/2024=0.12",
      "chongqing/flights/2024=null",
    ]);
    expect(r.observations.map((o) => o.provenance?.location)).toEqual([
      "long.csv:2:4",
      "long.csv:3:4",
      "long.csv:4:4",
    ]);
  });

  it("reads named columns and takes the period from the option when there is no period column", () => {
    const text = "value,city,code\n5,chengdu,flights\n6,chongqing,flights\n";
    const r = parseCsvTable(text, {
      layout: "long",
      unitColumn: "city",
      indicatorColumn: "code",
      valueColumn: "value",
      period: "2024-Q3",
    });
    expect(r.issues).toEqual([]);
    expect(cells(r.observations)).toEqual(["chengdu/flights/2024-Q3=5", "chongqing/flights/2024-Q3=6"]);
    expect(r.observations[0]?.provenance?.location).toBe("<input>:2:1");
  });

  it("notes columns it does not read, unless they are ignored", () => {
    const text = "unit,indicator,period,value,note,source\nx,a,2024,1,n,s\n";
    const r = parseCsvTable(text, { layout: "long", file: "l.csv", ignore: ["source"] });
    expect(cells(r.observations)).toEqual(["x/a/2024=1"]);
    expect(problems(r.issues)).toEqual([
      "info unread-column l.csv:1:5: column `note` is not read; list it in `ignore` if that is meant",
    ]);
  });

  it("reports empty ids, empty periods, duplicates and bad values row by row", () => {
    const text = [
      "unit,indicator,period,value",
      "chengdu,flights,2024,1",
      "chengdu,flights,2024,2",
      ",flights,2024,3",
      "x,,2024,4",
      "x,a,,5",
      "x,b,2024,z",
      "x,b,2023,NA",
      "x,c,2023,NA",
      "x,c,2023,1",
    ].join("\n");
    const r = parseCsvTable(text, { layout: "long", file: "l.csv" });
    expect(cells(r.observations)).toEqual(["chengdu/flights/2024=1", "x/b/2023=null", "x/c/2023=null"]);
    expect(problems(r.issues)).toEqual([
      "error duplicate-row l.csv:3: unit `chengdu`, indicator `flights`, period `2024` already has a row, on line 2; this row is not read",
      "error empty-unit l.csv:4:1: the unit id in column `unit` is empty; the row is not read",
      "error empty-indicator l.csv:5:2: the indicator id in column `indicator` is empty (row for unit `x`); the row is not read",
      "error empty-period l.csv:6:3: the period in column `period` is empty (row for unit `x`), so the row is not read; the `period` option gives a default",
      "error malformed-number l.csv:7:4: cannot read `z` as a number in column `value` (row for unit `x`, indicator `b`, period `2024`)",
      "error duplicate-row l.csv:10: unit `x`, indicator `c`, period `2023` already has a row, on line 9; this row is not read",
    ]);
  });

  it("reports every missing required column at once", () => {
    const r = parseCsvTable("unit,val\nx,1\n", { layout: "long", file: "l.csv", periodColumn: "year" });
    expect(r.observations).toEqual([]);
    expect(problems(r.issues)).toEqual([
      "error missing-column l.csv:1: the header has no period column `year`; its columns are `unit`, `val`; set `periodColumn` to the right column",
      "error missing-column l.csv:1: the header has no indicator column `indicator`; its columns are `unit`, `val`; set `indicatorColumn` to the right column",
      "error missing-column l.csv:1: the header has no value column `value`; its columns are `unit`, `val`; set `valueColumn` to the right column",
      "info unread-column l.csv:1:2: column `val` is not read; list it in `ignore` if that is meant",
    ]);
  });
});

describe("parseCsvTable: delimiters and numbers", () => {
  it("detects a semicolon delimiter and reads decimal commas when told", () => {
    const text = "unit;gdp;share\nchengdu;1 234,5;12,5%\nchongqing;0,75;-\n";
    const r = parseCsvTable(text, { period: "2024", decimal: "," });
    expect(r.delimiter).toBe(";");
    expect(r.issues).toEqual([]);
    expect(cells(r.observations)).toEqual([
      "chengdu/gdp/2024=1234.5",
      "chengdu/share/2024=12.5",
      "chongqing/gdp/2024=0.75",
      "chongqing/share/2024=null",
    ]);
  });

  it("reads dot thousands with decimal commas when told", () => {
    const r = parseCsvTable("unit;gdp\nx;1.234.567,5\n", { period: "2024", decimal: ",", thousands: "." });
    expect(cells(r.observations)).toEqual(["x/gdp/2024=1234567.5"]);
  });

  it("warns once when a semicolon file has comma-grouped numbers and no number options", () => {
    const r = parseCsvTable("unit;a\nx;1,234\ny;5,678\nz;1,5\n", { file: "s.csv", period: "2024" });
    expect(cells(r.observations)).toEqual(["x/a/2024=1234", "y/a/2024=5678"]);
    expect(problems(r.issues)).toEqual([
      'warning ambiguous-number s.csv:2:2: read `1,234` as 1234 with `,` as thousands separator, but semicolon-delimited files often use `,` as the decimal mark; set `decimal` to `","` if that is meant, or `thousands` to `","` to confirm',
      "error malformed-number s.csv:4:2: cannot read `1,5` as a number in column `a` (row for unit `z`)",
    ]);
    const confirmed = parseCsvTable("unit;a\nx;1,234\n", { period: "2024", thousands: "," });
    expect(confirmed.issues).toEqual([]);
    expect(parseCsvTable('unit,a\nx,"1,234"\n', { period: "2024" }).issues).toEqual([]);
  });

  it("reads tab- and pipe-delimited tables, detected or given", () => {
    const tab = parseCsvTable("unit\tflights\nchengdu\t1,234\n", { period: "2024" });
    expect(tab.delimiter).toBe("\t");
    expect(cells(tab.observations)).toEqual(["chengdu/flights/2024=1234"]);
    const pipe = parseCsvTable("unit|a\nx|2\n", { period: "2024", delimiter: "|" });
    expect(cells(pipe.observations)).toEqual(["x/a/2024=2"]);
    // A given delimiter is used even when another would split more.
    const given = parseCsvTable("unit;a,b\nx;1\n", { period: "2024", delimiter: ";" });
    expect(cells(given.observations)).toEqual(["x/a,b/2024=1"]);
  });

  it("reads thousands separators in quoted cells of comma files and rejects bad grouping", () => {
    const text = 'unit,flights\nchengdu,"1,234,567"\nchongqing,"12,3.4"\n';
    const r = parseCsvTable(text, { file: "f.csv", period: "2024" });
    expect(cells(r.observations)).toEqual(["chengdu/flights/2024=1234567"]);
    expect(problems(r.issues)).toEqual([
      "error malformed-number f.csv:3:2: cannot read `12,3.4` as a number in column `flights` (row for unit `chongqing`)",
    ]);
  });

  it("reads no thousands separator when thousands is empty", () => {
    const r = parseCsvTable('unit,a\nx,"1,234"\ny,1234\n', { file: "f.csv", period: "2024", thousands: "" });
    expect(cells(r.observations)).toEqual(["y/a/2024=1234"]);
    expect(problems(r.issues)).toEqual([
      "error malformed-number f.csv:2:2: cannot read `1,234` as a number in column `a` (row for unit `x`)",
    ]);
  });

  it("reads percentages as points or fractions", () => {
    const text = "unit,a,b,c\nx,12.5%,１２．５％,-3 %\n";
    expect(parseCsvTable(text, { period: "2024" }).observations.map((o) => o.value)).toEqual([
      12.5, 12.5, -3,
    ]);
    const fraction = parseCsvTable(text, { period: "2024", percent: "fraction" });
    expect(fraction.observations.map((o) => o.value)).toEqual([0.125, 0.125, -0.03]);
  });

  it("reads full-width digits and signs, exponents and explicit signs", () => {
    const r = parseCsvTable("unit,a,b,c,d\n成都,－１２,＋３，０００,1.5e3,+4\n", { period: "2024" });
    expect(r.issues).toEqual([]);
    expect(cells(r.observations)).toEqual([
      "成都/a/2024=-12",
      "成都/b/2024=3000",
      "成都/c/2024=1500",
      "成都/d/2024=4",
    ]);
  });
});

describe("parseCsvTable: missing values", () => {
  it("reads every default missing token as null", () => {
    const header = ["unit", ...DEFAULT_MISSING.map((_, i) => `m${i}`)].join(",");
    const row = ["x", ...DEFAULT_MISSING].join(",");
    const r = parseCsvTable(`${header}\n${row}\n`, { period: "2024" });
    expect(DEFAULT_MISSING).toEqual(["", "NA", "N/A", "n/a", "na", "-", "..", "…", "NULL", "null"]);
    expect(r.issues).toEqual([]);
    expect(r.observations).toHaveLength(10);
    expect(r.observations.every((o) => o.value === null)).toBe(true);
  });

  it("reads missing tokens with surrounding spaces, quoted, and in full-width form", () => {
    const r = parseCsvTable('unit,a,b,c,d\nx, NA ,"",－,Ｎ／Ａ\n', { period: "2024" });
    expect(r.issues).toEqual([]);
    expect(r.observations.map((o) => o.value)).toEqual([null, null, null, null]);
  });

  it("uses the missing option instead of the defaults", () => {
    const r = parseCsvTable("unit,a,b\nx,n.d.,NA\n", { file: "m.csv", period: "2024", missing: ["n.d."] });
    expect(cells(r.observations)).toEqual(["x/a/2024=null"]);
    expect(problems(r.issues)).toEqual([
      "error malformed-number m.csv:2:3: cannot read `NA` as a number in column `b` (row for unit `x`)",
    ]);
  });

  it("does not treat a unit id that looks missing as missing", () => {
    // NA is Namibia's ISO code.
    const r = parseCsvTable("unit,a\nNA,1\n", { period: "2024" });
    expect(cells(r.observations)).toEqual(["NA/a/2024=1"]);
  });
});

describe("parseCsvTable: problems", () => {
  it("reports an empty file and a file of blank lines", () => {
    expect(problems(parseCsvTable("", { file: "e.csv" }).issues)).toEqual([
      "error empty-file e.csv: the file is empty",
    ]);
    expect(problems(parseCsvTable("\uFEFF", { file: "e.csv" }).issues)).toEqual([
      "error empty-file e.csv: the file is empty",
    ]);
    expect(problems(parseCsvTable(" \r\n\n", { file: "e.csv" }).issues)).toEqual([
      "error empty-file e.csv: the file holds only blank lines",
    ]);
  });

  it("warns about a header without rows", () => {
    const r = parseCsvTable("unit,a\n", { file: "h.csv", period: "2024" });
    expect(r.rows).toBe(0);
    expect(problems(r.issues)).toEqual(["warning no-rows h.csv:1: the file has a header but no rows"]);
  });

  it("reports a missing unit column, with a hint when only the case differs", () => {
    expect(problems(parseCsvTable("City,a\nx,1\n", { file: "u.csv", period: "2024" }).issues)).toEqual([
      "error missing-column u.csv:1: the header has no unit column `unit`; its columns are `City`, `a`; set `unitColumn` to the right column",
    ]);
    const r = parseCsvTable("Unit,a\nx,1\n", { file: "u.csv", period: "2024" });
    expect(r.observations).toEqual([]);
    expect(problems(r.issues)).toEqual([
      "error missing-column u.csv:1: the header has no unit column `unit`; its columns are `Unit`, `a`; did you mean `Unit`?",
    ]);
  });

  it("lists at most twelve columns in a missing-column message", () => {
    const header = Array.from({ length: 15 }, (_, i) => `c${i + 1}`).join(",");
    const r = parseCsvTable(`${header}\n`, { file: "u.csv", period: "2024" });
    expect(problems(r.issues)).toEqual([
      "error missing-column u.csv:1: the header has no unit column `unit`; its columns are `c1`, `c2`, `c3`, `c4`, `c5`, `c6`, `c7`, `c8`, `c9`, `c10`, `c11`, `c12` and 3 more; set `unitColumn` to the right column",
    ]);
  });

  it("reports a table with neither a period column nor a period option", () => {
    const r = parseCsvTable("unit,a\nx,1\n", { file: "p.csv" });
    expect(r.observations).toEqual([]);
    expect(problems(r.issues)).toEqual([
      "error missing-period p.csv:1: the table has no period column `period` and no `period` option is given; add the column or set `period` to the period of every row",
    ]);
  });

  it("reports a named period column that is absent even when a period option is given", () => {
    const r = parseCsvTable("unit,a\nx,1\n", { file: "p.csv", periodColumn: "year", period: "2024" });
    expect(problems(r.issues)).toEqual([
      "error missing-column p.csv:1: the header has no period column `year`; its columns are `unit`, `a`; set `periodColumn` to the right column",
    ]);
  });

  it("reports listed columns that are absent or hold ids", () => {
    const r = parseCsvTable("unit,a\nx,1\n", { file: "c.csv", period: "2024", columns: ["a", "b", "unit"] });
    expect(r.observations).toEqual([]);
    expect(problems(r.issues)).toEqual([
      "error missing-column c.csv:1: column `b` is listed in `columns` but is not in the header; its columns are `unit`, `a`",
      "error bad-option c.csv:1:1: column `unit` is listed in `columns` but holds the unit ids",
    ]);
  });

  it("reports duplicate header names and reads only the first column of the name", () => {
    const r = parseCsvTable("unit,a,b,a\nx,1,2,3\n", { file: "d.csv", period: "2024" });
    expect(cells(r.observations)).toEqual(["x/a/2024=1", "x/b/2024=2"]);
    expect(problems(r.issues)).toEqual([
      "error duplicate-header d.csv:1:4: column `a` appears twice in the header, as columns 2 and 4; the second is not read",
    ]);
    const ignored = parseCsvTable("unit,note,a,note\nx,n,1,m\n", { period: "2024", ignore: ["note"] });
    expect(ignored.issues).toEqual([]);
  });

  it("reports empty header names: an error when the column has values, a warning when not", () => {
    const r = parseCsvTable("unit,,a,\nx,,1,\ny,,2,9\n", { file: "e.csv", period: "2024" });
    expect(cells(r.observations)).toEqual(["x/a/2024=1", "y/a/2024=2"]);
    expect(problems(r.issues)).toEqual([
      "warning empty-header e.csv:1:2: column 2 has no header and no values; it is not read",
      'error empty-header e.csv:1:4: column 4 has no header but has values (the first on line 3); name the column, or list `""` in `ignore` to skip it',
    ]);
    const skipped = parseCsvTable("unit,,a,\nx,,1,\ny,,2,9\n", { period: "2024", ignore: [""] });
    expect(skipped.issues).toEqual([]);
  });

  it("reports rows with more or fewer cells than the header", () => {
    const text = "unit,a,b\nx,1\ny,1,2,3\nz,1,2,,\nw,1.5,2\n";
    const r = parseCsvTable(text, { file: "w.csv", period: "2024" });
    expect(cells(r.observations)).toEqual(["z/a/2024=1", "z/b/2024=2", "w/a/2024=1.5", "w/b/2024=2"]);
    expect(problems(r.issues)).toEqual([
      "error row-width w.csv:2: the row has 2 cells but the header has 3; the row is not read",
      "error row-width w.csv:3: the row has 4 cells but the header has 3 (a delimiter inside a cell must be quoted); the row is not read",
      "warning row-width w.csv:4: the row has 5 cells but the header has 3; the extra cells are empty and not read",
    ]);
  });

  it("reports an empty unit id", () => {
    const r = parseCsvTable('unit,a\n  ,1\n"",2\nx,3\n', { file: "u.csv", period: "2024" });
    expect(cells(r.observations)).toEqual(["x/a/2024=3"]);
    expect(problems(r.issues)).toEqual([
      "error empty-unit u.csv:2:1: the unit id in column `unit` is empty; the row is not read",
      "error empty-unit u.csv:3:1: the unit id in column `unit` is empty; the row is not read",
    ]);
  });

  it("reports duplicate unit and period rows in wide tables", () => {
    const r = parseCsvTable("unit,period,a\nx,2024,1\nx,2023,2\nx,2024,3\n", { file: "d.csv" });
    expect(cells(r.observations)).toEqual(["x/a/2024=1", "x/a/2023=2"]);
    expect(problems(r.issues)).toEqual([
      "error duplicate-row d.csv:4: unit `x`, period `2024` already has a row, on line 2; this row is not read",
    ]);
    const noPeriod = parseCsvTable("unit,a\nx,1\nx,2\n", { file: "d.csv", period: "2024" });
    expect(problems(noPeriod.issues)).toEqual([
      "error duplicate-row d.csv:3: unit `x`, period `2024` already has a row, on line 2; this row is not read",
    ]);
  });

  it("reports malformed numbers with file, line, column, header and unit", () => {
    const text = "unit,period,flights\nchengdu,2024,12,3.4\n";
    // Unquoted, 12,3.4 splits into two cells: a row-width error, not a misread.
    expect(problems(parseCsvTable(text, { file: "n.csv" }).issues)).toEqual([
      "error row-width n.csv:2: the row has 4 cells but the header has 3 (a delimiter inside a cell must be quoted); the row is not read",
    ]);
    const r = parseCsvTable('unit,flights,share\nchengdu,"12,3.4",1.2.3\nx,#N/A,$5\n', {
      file: "n.csv",
      period: "2024",
    });
    expect(r.observations).toEqual([]);
    expect(problems(r.issues)).toEqual([
      "error malformed-number n.csv:2:2: cannot read `12,3.4` as a number in column `flights` (row for unit `chengdu`)",
      "error malformed-number n.csv:2:3: cannot read `1.2.3` as a number in column `share` (row for unit `chengdu`)",
      "error malformed-number n.csv:3:2: cannot read `#N/A` as a number in column `flights` (row for unit `x`)",
      "error malformed-number n.csv:3:3: cannot read `$5` as a number in column `share` (row for unit `x`)",
    ]);
  });

  it("names the period of a malformed cell in a table with a period column", () => {
    const r = parseCsvTable("unit,period,a\nx,2024,oops\n", { file: "n.csv" });
    expect(problems(r.issues)).toEqual([
      "error malformed-number n.csv:2:3: cannot read `oops` as a number in column `a` (row for unit `x`, period `2024`)",
    ]);
  });

  it("reports an unterminated quote where it opens", () => {
    const r = parseCsvTable('unit,a\nx,1\ny,"2\nz,3\n', { file: "q.csv", period: "2024" });
    expect(cells(r.observations)).toEqual(["x/a/2024=1"]);
    expect(problems(r.issues)).toEqual([
      "error unterminated-quote q.csv:3:2: the quote that opens this cell is never closed, so the rest of the file is read as one cell; the row is not read",
    ]);
    const header = parseCsvTable('unit,"a\nx,1\n', { file: "q.csv", period: "2024" });
    expect(problems(header.issues)).toEqual([
      "error unterminated-quote q.csv:1:2: the quote that opens this header cell is never closed, so the rest of the file is read as one cell; nothing is read",
    ]);
  });

  it("reports text after a closing quote", () => {
    const r = parseCsvTable('unit,a\nx,"1"2\ny,3\n', { file: "q.csv", period: "2024" });
    expect(cells(r.observations)).toEqual(["y/a/2024=3"]);
    expect(problems(r.issues)).toEqual([
      'error text-after-quote q.csv:2:2: text follows the closing quote of this cell (a quote inside a quoted cell is written `""`); the row is not read',
    ]);
  });

  it("gives the line where a cell starts after a multi-line quoted cell", () => {
    const r = parseCsvTable('unit,note,a\nx,"line one\nline two",bad\n', {
      file: "m.csv",
      period: "2024",
      ignore: ["note"],
    });
    expect(problems(r.issues)).toEqual([
      "error malformed-number m.csv:3:3: cannot read `bad` as a number in column `a` (row for unit `x`)",
    ]);
  });

  it("accounts for every data cell: an observation or an issue", () => {
    const text = 'unit,a,b\nx,1,bad\ny,NA,2\n,3,4\nz,"5,6",7,8\n';
    const r = parseCsvTable(text, { period: "2024" });
    expect(cells(r.observations)).toEqual(["x/a/2024=1", "y/a/2024=null", "y/b/2024=2"]);
    expect(r.issues.map((i) => [i.code, i.path])).toEqual([
      ["malformed-number", "<input>:2:3"],
      ["empty-unit", "<input>:4:1"],
      ["row-width", "<input>:5"],
    ]);
    expect(r.issues.every((i) => i.source === "@cityindex/source-csv")).toBe(true);
  });
});

describe("parseCsvTable: hostile strings", () => {
  it("keeps a formula-looking unit id as plain data", () => {
    const r = parseCsvTable('unit,a\n"=HYPERLINK(""http://evil.example"",""x"")",1\n+cmd,2\n', {
      period: "2024",
    });
    expect(r.issues).toEqual([]);
    expect(cells(r.observations)).toEqual([
      '=HYPERLINK("http://evil.example","x")/a/2024=1',
      "+cmd/a/2024=2",
    ]);
  });

  it("reads __proto__ and constructor as ordinary column names without polluting objects", () => {
    const r = parseCsvTable("unit,__proto__,constructor,toString\nx,1,2,3\n", { period: "2024" });
    expect(r.issues).toEqual([]);
    expect(cells(r.observations)).toEqual([
      "x/__proto__/2024=1",
      "x/constructor/2024=2",
      "x/toString/2024=3",
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(r.observations[0])).toBe(Object.prototype);
    expect(Object.keys(r.observations[0] ?? {})).toEqual([
      "unit",
      "indicator",
      "period",
      "value",
      "provenance",
    ]);
  });

  it("reads __proto__ as a unit, period and long-layout indicator", () => {
    const r = parseCsvTable(
      "unit,indicator,period,value\n__proto__,__proto__,__proto__,1\n__proto__,hasOwnProperty,x,2\n",
      {
        layout: "long",
      },
    );
    expect(r.issues).toEqual([]);
    expect(cells(r.observations)).toEqual([
      "__proto__/__proto__/__proto__=1",
      "__proto__/hasOwnProperty/x=2",
    ]);
  });

  it("shortens a very long bad cell in the message", () => {
    const r = parseCsvTable(`unit,a\nx,${"9".repeat(50)}x${"9".repeat(50)}\n`, { period: "2024" });
    expect(r.issues[0]?.message).toBe(
      `cannot read \`${"9".repeat(50)}x${"9".repeat(26)}...\` as a number in column \`a\` (row for unit \`x\`)`,
    );
  });
});

describe("parseCsvTable: bytes and encodings", () => {
  const gbk = (...parts: (string | number[])[]) =>
    new Uint8Array(parts.flatMap((p) => (typeof p === "string" ? [...Buffer.from(p, "latin1")] : p)));
  // GB18030: 成都 B3C9 B6BC, 航班 BABD B0E0, 人口 C8CB BFDA.
  const CHENGDU = [0xb3, 0xc9, 0xb6, 0xbc];
  const FLIGHTS = [0xba, 0xbd, 0xb0, 0xe0];
  const POPULATION = [0xc8, 0xcb, 0xbf, 0xda];

  it("reads GB18030 bytes with Chinese headers and ids", () => {
    const quoted = gbk("unit,", FLIGHTS, ",", POPULATION, "\r\n", CHENGDU, ',"1,234",2140.3\r\n');
    const r = parseCsvTable(quoted, { file: "gbk.csv", period: "2024" });
    expect(r.encoding).toBe("gb18030");
    expect(r.issues).toEqual([]);
    expect(cells(r.observations)).toEqual(["成都/航班/2024=1234", "成都/人口/2024=2140.3"]);
    expect(r.hash).toBe(`sha256:${createHash("sha256").update(quoted).digest("hex")}`);
  });

  it("strips a UTF-8 byte order mark from the first header name", () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from("unit,成都\nx,1\n")]);
    const r = parseCsvTable(bytes, { period: "2024" });
    expect(r).toMatchObject({ encoding: "utf-8", header: ["unit", "成都"] });
    expect(cells(r.observations)).toEqual(["x/成都/2024=1"]);
  });

  it("reports bytes that are not valid in the given encoding", () => {
    const bytes = gbk("unit,a\nx,1\n", CHENGDU, ",2\n");
    const r = parseCsvTable(bytes, { file: "bad.csv", period: "2024", encoding: "utf-8" });
    expect(problems(r.issues)).toEqual([
      "error invalid-encoding bad.csv:3: line 3 has bytes that are not valid UTF-8; they are read as `\uFFFD`; if the file was saved by Excel in a Chinese locale, set `encoding` to `gb18030`",
    ]);
    expect(cells(r.observations)).toEqual(["x/a/2024=1", "\uFFFDɶ\uFFFD/a/2024=2"]);
    const neither = parseCsvTable(gbk("unit,a\n", [0xff], ",1\n"), { file: "bad.csv", period: "2024" });
    expect(problems(neither.issues)[0]).toBe(
      "error invalid-encoding bad.csv:2: line 2 has bytes that are neither valid UTF-8 nor valid GB18030; they are read as `\uFFFD`",
    );
  });

  it("hashes a string input as UTF-8", () => {
    expect(parseCsvTable("unit,a\n成都,1\n", { period: "2024" }).hash).toBe(sha256("unit,a\n成都,1\n"));
  });
});

describe("parseCsvTable: options", () => {
  it("throws an InputError for a bad option, naming it", () => {
    expect(() => parseCsvTable("unit\n", { delimeter: ";" } as never)).toThrow(
      new InputError("bad-option", "parseCsvTable: unknown option `delimeter`"),
    );
    expect(() => parseCsvTable("unit\n", { path: "x.csv" } as never)).toThrow(
      "parseCsvTable: unknown option `path`",
    );
    expect(() => parseCsvTable("unit\n", { layout: "tall" } as never)).toThrow(
      "parseCsvTable: option `layout` must be one of `wide`, `long`, got `tall`",
    );
    expect(() => parseCsvTable("unit\n", { decimal: ",", thousands: "," })).toThrow(
      "parseCsvTable: options `thousands` and `decimal` are both `,`; a number could not be read",
    );
    expect(() => parseCsvTable("unit\n", { missing: "NA" } as never)).toThrow(
      "parseCsvTable: option `missing` must be an array of strings, got `NA`",
    );
    expect(() => parseCsvTable("unit\n", { illustrative: "yes" } as never)).toThrow(
      "parseCsvTable: option `illustrative` must be a boolean, got `yes`",
    );
    expect(() => parseCsvTable("unit\n", { unitColumn: " " })).toThrow(
      "parseCsvTable: option `unitColumn` must not be empty",
    );
    expect(() => parseCsvTable(42 as never)).toThrow(
      "parseCsvTable: input must be a string or a Uint8Array, got `42`",
    );
  });

  it("defaults thousands to a space when the decimal mark is a comma", () => {
    const r = parseCsvTable('unit,a,b\nx,"1 234,5","1,5"\n', { period: "2024", decimal: "," });
    expect(cells(r.observations)).toEqual(["x/a/2024=1234.5", "x/b/2024=1.5"]);
  });
});
