import { csvCell, formatCsv } from "@cityindex/core";
import { describe, expect, it } from "vitest";

describe("formatCsv", () => {
  it("quotes as RFC 4180 and writes numbers with full precision", () => {
    expect(
      formatCsv([
        ["unit", "score"],
        ['Xi\'an, "old"', 0.1 + 0.2],
        ["a\nb", null],
        ["c", Number.NaN],
      ]),
    ).toBe('unit,score\n"Xi\'an, ""old""",0.30000000000000004\n"a\nb",\nc,\n');
  });

  it("neutralises formula injection in text cells, never in numbers", () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("-cmd")).toBe("'-cmd");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\tx")).toBe("'\tx");
    expect(csvCell(-1.5)).toBe("-1.5");
    expect(csvCell("<img src=x onerror=alert(1)>")).toBe("<img src=x onerror=alert(1)>");
  });
});
