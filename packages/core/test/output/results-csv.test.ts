import { buildIndex, formatCsv, longTable, RESULTS_CSV_HEADER, resultsCsv } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { smallData, smallSpec } from "../helpers/fixtures.js";

describe("resultsCsv", () => {
  it("writes the long table exactly as formatCsv would, hostile ids included", async () => {
    const spec = smallSpec();
    spec.units[0]!.id = "=HYPERLINK(1)";
    spec.units[1]!.id = 'Be,"ta"';
    const rename: Record<string, string> = { A: "=HYPERLINK(1)", B: 'Be,"ta"' };
    const data = [...smallData("2023"), ...smallData("2024")].map((o) => ({
      ...o,
      unit: rename[o.unit] ?? o.unit,
    }));
    const { result } = await buildIndex(spec, data);
    const rows = longTable(result!).map((r) => [r.unit, r.period, r.node, r.level, r.score, r.rank]);
    const expected = formatCsv([RESULTS_CSV_HEADER.split(","), ...rows]);
    expect(resultsCsv(result!)).toBe(expected);
    expect(expected).toContain(`'=HYPERLINK(1),2024,index,3,62.5,2\n`);
    expect(expected).toContain(`"Be,""ta""",2024,index,3,81.25,1\n`);
  });
});
