import { describe, expect, it } from "vitest";
import { tokenizeCsv } from "../src/tokenize.js";

const records = (text: string, delimiter = ",") => [...tokenizeCsv(text, delimiter)];

describe("tokenizeCsv", () => {
  it("splits cells and records on LF, CRLF and CR", () => {
    const r = records("a,b\n1,2\r\n3,4\r5,6");
    expect(r.map((x) => x.cells)).toEqual([
      ["a", "b"],
      ["1", "2"],
      ["3", "4"],
      ["5", "6"],
    ]);
    expect(r.map((x) => x.line)).toEqual([1, 2, 3, 4]);
  });

  it("does not make a record of the final line break, but keeps empty trailing cells", () => {
    expect(records("a,b\n1,\n").map((x) => x.cells)).toEqual([
      ["a", "b"],
      ["1", ""],
    ]);
    expect(records("a,").map((x) => x.cells)).toEqual([["a", ""]]);
    expect(records("").length).toBe(0);
  });

  it("reads quoted cells with delimiters, doubled quotes and line breaks, counting lines", () => {
    const r = records('unit,note\r\nx,"a, ""b""\r\nc\nd"\ny,"2"\n"",""""\n');
    expect(r.map((x) => x.cells)).toEqual([
      ["unit", "note"],
      ["x", 'a, "b"\r\nc\nd'],
      ["y", "2"],
      ["", '"'],
    ]);
    expect(r.map((x) => x.line)).toEqual([1, 2, 5, 6]);
    expect(r[1]?.lines).toEqual([2, 2]);
    expect(r.every((x) => x.problems.length === 0)).toBe(true);
  });

  it("tracks the start line of a cell that follows a multi-line cell", () => {
    const r = records('a,b,c\n"1\n2",3,"4\r\n5"\n6,7,8');
    expect(r[1]?.lines).toEqual([2, 3, 3]);
    expect(r[2]?.line).toBe(5);
  });

  it("keeps a quote inside an unquoted cell", () => {
    expect(records('a,5" screen\n')[0]?.cells).toEqual(["a", '5" screen']);
  });

  it("reports an unterminated quote where the cell starts", () => {
    const r = records('a,b\n1,"open\n2,3\n');
    expect(r).toHaveLength(2);
    expect(r[1]?.cells).toEqual(["1", "open\n2,3\n"]);
    expect(r[1]?.problems).toEqual([{ code: "unterminated-quote", line: 2, column: 2 }]);
  });

  it("reports text after a closing quote", () => {
    const r = records('a,b\n"x"y,2\n');
    expect(r[1]?.cells).toEqual(["xy", "2"]);
    expect(r[1]?.problems).toEqual([{ code: "text-after-quote", line: 2, column: 1 }]);
  });

  it("splits on the given delimiter only", () => {
    expect(records("a;b,c\t|d", ";")[0]?.cells).toEqual(["a", "b,c\t|d"]);
    expect(records("a;b,c\t|d", "\t")[0]?.cells).toEqual(["a;b,c", "|d"]);
    expect(records("a;b,c\t|d", "|")[0]?.cells).toEqual(["a;b,c\t", "d"]);
  });
});
