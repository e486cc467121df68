import { describe, expect, it } from "vitest";
import { cellAddress, isPercentFormat, makeTextNumberParser, sheetRef, shift } from "../src/cells.js";

describe("cells", () => {
  it("writes A1 addresses and sheet references", () => {
    expect([cellAddress(1, 1), cellAddress(5, 26), cellAddress(7, 27), cellAddress(2, 703)]).toEqual([
      "A1",
      "Z5",
      "AA7",
      "AAA2",
    ]);
    expect([sheetRef("Sheet1"), sheetRef("说明"), sheetRef("Data 2024"), sheetRef("it's")]).toEqual([
      "Sheet1",
      "说明",
      "'Data 2024'",
      "'it''s'",
    ]);
  });

  it("tells percentage formats", () => {
    expect([
      isPercentFormat("0%"),
      isPercentFormat("0.0 %"),
      isPercentFormat('0"%"'),
      isPercentFormat("0.00"),
    ]).toEqual([true, true, false, false]);
  });

  it("reads numbers stored as text, full-width ones included", () => {
    const read = makeTextNumberParser(",", ".");
    expect(read(" 1,234 ")).toEqual({ value: 1234, percent: false });
    expect(read("１２．５％")).toEqual({ value: 12.5, percent: true });
    expect(read("−3")).toEqual({ value: -3, percent: false });
    expect(read("1.5e3")).toEqual({ value: 1500, percent: false });
    expect([read("12,34"), read("1,2345"), read("abc"), read(""), read("."), read("12 kg")]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    const comma = makeTextNumberParser(" ", ",");
    expect(comma("1\u00a0234,5")).toEqual({ value: 1234.5, percent: false });
  });

  it("shifts by powers of ten exactly", () => {
    expect([shift(0.45, 2), shift(0.123, 2), shift(12.3, -2), shift(1.5e-7, 2), shift(0, 2)]).toEqual([
      45, 12.3, 0.123, 1.5e-5, 0,
    ]);
  });
});
