import { describe, expect, it } from "vitest";
import { detectDelimiter } from "../src/detect-delimiter.js";

describe("detectDelimiter", () => {
  it("detects each delimiter", () => {
    expect(detectDelimiter("unit,a,b\nx,1,2\n")).toBe(",");
    expect(detectDelimiter("unit;a;b\nx;1,5;2,5\n")).toBe(";");
    expect(detectDelimiter("unit\ta\tb\nx\t1,234\t2\n")).toBe("\t");
    expect(detectDelimiter("unit|a|b\nx|1|2\n")).toBe("|");
  });

  it("ignores delimiters inside quotes", () => {
    expect(detectDelimiter('unit;"a,b";"c,d,e"\nx;"1,2";3\n')).toBe(";");
    expect(detectDelimiter('unit,note\nx,"a;b;c;d"\ny,"e;f;g;h"\n')).toBe(",");
  });

  it("prefers the candidate that splits every record like the header", () => {
    // Semicolons give 3 cells in the header but not in the rows; commas give 2 everywhere.
    expect(detectDelimiter("unit,a;b;c\nx,1\ny,2\n")).toBe(",");
  });

  it("falls back to a comma for a single column", () => {
    expect(detectDelimiter("unit\nx\ny\n")).toBe(",");
  });

  it("looks only at a sample of a long text", () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `u${i};${i};${i}`).join("\n");
    expect(detectDelimiter(`unit;a;b\n${rows}\n`)).toBe(";");
  });
});
