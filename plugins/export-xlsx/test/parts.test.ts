import { describe, expect, it } from "vitest";
import {
  effectiveWeights,
  MAX_CELL_TEXT,
  periodStart,
  SheetNames,
  setZipDates,
  spreadsheetText,
  writeXlsx,
} from "../src/index.js";
import { build, smallData, smallSpec } from "./helpers.js";

describe("spreadsheetText", () => {
  it("quotes texts that a spreadsheet would read as a formula, as formatCsv does", () => {
    for (const t of ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://x")']) {
      expect(spreadsheetText(t)).toBe(`'${t}`);
    }
    for (const t of ["Chengdu", "成都", "1+1", " =1", "'=1", ""]) expect(spreadsheetText(t)).toBe(t);
  });

  it("removes characters XML cannot hold, then quotes, and cuts to Excel's limit", () => {
    expect(spreadsheetText("\u0000=1\u0007")).toBe("'=1");
    expect(spreadsheetText("a\nb\tc")).toBe("a\nb\tc");
    const long = spreadsheetText("x".repeat(MAX_CELL_TEXT + 10));
    expect(long).toHaveLength(MAX_CELL_TEXT);
    expect(long.endsWith("…")).toBe(true);
  });
});

describe("SheetNames", () => {
  it("gives valid names of at most 31 characters", () => {
    const names = new SheetNames();
    expect(names.take("Overseas social-media attention and sentiment")).toBe(
      "Overseas social-media attention",
    );
    expect(names.take("a[b]:c*d?e/f\\g")).toBe("a_b__c_d_e_f_g");
    expect(names.take("'quoted'")).toBe("quoted");
    expect(names.take("History", "Dimension")).toBe("Dimension");
    expect(names.take("", "Empty")).toBe("Empty");
    expect(names.take("海外社交媒体关注与情感")).toBe("海外社交媒体关注与情感");
  });

  it("makes names unique without regard to case, within 31 characters", () => {
    const names = new SheetNames();
    expect(names.take("Weights")).toBe("Weights");
    expect(names.take("weights")).toBe("weights (2)");
    expect(names.take("Weights")).toBe("Weights (3)");
    const long = "x".repeat(40);
    expect(names.take(long)).toBe("x".repeat(31));
    expect(names.take(long)).toBe(`${"x".repeat(27)} (2)`);
  });
});

describe("periodStart", () => {
  it("reads years, months, quarters and dates; anything else is 1980-01-01", () => {
    const iso = (p: string | undefined) => periodStart(p).toISOString().slice(0, 10);
    expect(iso("2024")).toBe("2024-01-01");
    expect(iso("2024-07")).toBe("2024-07-01");
    expect(iso("2024-Q3")).toBe("2024-07-01");
    expect(iso("2024-02-29")).toBe("2024-02-29");
    for (const p of ["2023-02-29", "2024-13", "1975", "FY2024", "", undefined])
      expect(iso(p)).toBe("1980-01-01");
  });
});

describe("setZipDates", () => {
  it("sets every entry's time, so two writes give the same bytes", async () => {
    const result = await build(smallSpec(), smallData());
    const a = await writeXlsx(result, { date: "2030-06-15T12:34:56Z" });
    const b = await writeXlsx(result, { date: "2030-06-15T12:34:56Z" });
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    // The first local header: DOS time 12:34:56, date 2030-06-15.
    const view = new DataView(a.buffer, a.byteOffset, a.byteLength);
    expect(view.getUint32(0, true)).toBe(0x04034b50);
    expect(view.getUint16(10, true)).toBe((12 << 11) | (34 << 5) | 28);
    expect(view.getUint16(12, true)).toBe(((2030 - 1980) << 9) | (6 << 5) | 15);
  });

  it("refuses bytes that are not a zip archive", () => {
    expect(() => setZipDates(new Uint8Array(30), new Date(0))).toThrow(/no end of central directory/);
  });
});

describe("effectiveWeights", () => {
  it("multiplies the shares used from the root down", async () => {
    const result = await build(smallSpec(), smallData());
    const w = effectiveWeights(result);
    expect([...w.keys()]).toEqual(["dimA", "flights", "crime", "dimB", "rating"]);
    expect(w.get("dimA")).toEqual({
      nominal: 1,
      nominalShare: 0.25,
      used: 1,
      usedShare: 0.25,
      effective: 0.25,
    });
    expect(w.get("flights")?.effective).toBeCloseTo(0.125, 15);
    expect(w.get("rating")?.effective).toBeCloseTo(0.75, 15);
    const sum = ["flights", "crime", "rating"].reduce((s, id) => s + w.get(id)!.effective, 0);
    expect(sum).toBeCloseTo(1, 15);
  });
});
