import { describe, expect, it } from "vitest";
import { parseCsv, readOverrides } from "../src/index.js";

describe("parseCsv", () => {
  it("reads quoted fields with commas, doubled quotes and line breaks, and CRLF", () => {
    expect(parseCsv('\uFEFFa,b\r\n"x, y","say ""hi"""\r\n\r\n"two\nlines",\n')).toEqual({
      records: [
        { line: 1, fields: ["a", "b"] },
        { line: 2, fields: ["x, y", 'say "hi"'] },
        { line: 4, fields: ["two\nlines", ""] },
      ],
    });
    expect(parseCsv("a,b")).toEqual({ records: [{ line: 1, fields: ["a", "b"] }] });
  });

  it("refuses an unclosed quote and text after a closing quote", () => {
    expect(parseCsv('a\n"open,b\nc')).toEqual({ error: "a quoted field is never closed", line: 2 });
    expect(parseCsv('"a"b,c')).toEqual({ error: "text follows a closing quote", line: 1 });
  });
});

describe("readOverrides", () => {
  const known = { indicators: new Set(["consulates"]) };
  it("takes the columns in any order and case, with an optional note", () => {
    const read = readOverrides("VALUE,Period,unit,INDICATOR\n19,2024,chengdu,consulates\n", "o.csv", known);
    expect(read).toEqual({
      rows: [
        { line: 2, unit: "chengdu", indicator: "consulates", period: "2024", value: 19, note: undefined },
      ],
      issues: [],
    });
  });

  it("names a header without the required columns, and an unreadable file", () => {
    expect(readOverrides("unit,indicator,year,count\n", "o.csv", known).issues).toEqual([
      {
        severity: "error",
        code: "bad-override-file",
        path: "o.csv:1",
        message:
          "the override file `o.csv` has no column `period`, `value`: its header must name `unit`, `indicator`, `period` and `value` (and may name `source`)",
      },
    ]);
    expect(
      readOverrides('unit,indicator,period,value\n"x', "o.csv", known).issues.map(
        (i) => `${i.path} ${i.message}`,
      ),
    ).toEqual(["o.csv:2 cannot read the override file `o.csv`: a quoted field is never closed"]);
    expect(readOverrides("", "o.csv", known).issues.map((i) => i.code)).toEqual(["empty-override-file"]);
  });
});
