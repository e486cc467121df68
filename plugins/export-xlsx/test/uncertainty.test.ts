import { rankStatistics, sobolIndices, type UncertaintySummary, uncertaintyOverview } from "@cityindex/core";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import {
  build,
  exportAndRead,
  HOSTILE,
  HOSTILE_ID,
  roundTrip,
  rowValues,
  sheetTexts,
  smallData,
  smallSpec,
  uncertainResult,
} from "./helpers.js";

const SHEETS = ["Cover", "Index", "Dimension A", "Dimension B", "Raw data", "Normalised data", "Change"];
const LAST = ["Weights", "Audit", "Issues", "Accounting"];

/** The data rows of a sheet's table (from row 4) as objects keyed by the header in row 3. */
function table(sheet: ExcelJS.Worksheet): Record<string, unknown>[] {
  const header = rowValues(sheet, 3) as string[];
  const out: Record<string, unknown>[] = [];
  for (let r = 4; r <= sheet.rowCount; r++) {
    const values = rowValues(sheet, r, header.length);
    out.push(Object.fromEntries(header.map((h, j) => [h, values[j]])));
  }
  return out;
}

describe("the xlsx exporter with an uncertainty analysis attached", () => {
  let uncertain: Awaited<ReturnType<typeof uncertainResult>>;
  let workbook: ExcelJS.Workbook;

  beforeAll(async () => {
    uncertain = await uncertainResult();
    ({ workbook } = await exportAndRead(uncertain.result));
  });

  it("adds an Uncertainty sheet before the weights, and no Sensitivity sheet", () => {
    expect(workbook.worksheets.map((s) => s.name)).toEqual([...SHEETS, "Uncertainty", ...LAST]);
  });

  it("writes each unit's rank statistics in nominal rank order, with the columns of uncertainty.csv", () => {
    const { analysis } = uncertain;
    const sheet = workbook.getWorksheet("Uncertainty")!;
    expect(sheet.getCell("A1").value).toBe("Small index: rank uncertainty of Small index, 2024 (40 runs)");
    expect(sheet.getCell("A2").value).toBe("Illustrative data, not measured");
    expect(rowValues(sheet, 3)).toEqual([
      "unit",
      "name (en)",
      "name (zh)",
      "nominal_score",
      "nominal_rank",
      "mean_rank",
      "median_rank",
      "p5_rank",
      "p95_rank",
      "best_rank",
      "worst_rank",
      "top_1",
      "top_3",
      "top_5",
      "top_10",
      "stable_within_3",
      "runs_ranked",
      "runs_unranked",
    ]);
    const rows = table(sheet);
    const stats = rankStatistics(analysis);
    expect(rows).toHaveLength(stats.length);
    expect(rows.map((r) => r.nominal_rank)).toEqual([1, 2, 3, 4]);
    expect(rows[0]!.unit).toBe("B");
    expect(rows[0]!["name (zh)"]).toBe("贝塔");
    for (const s of stats) {
      const row = rows.find((r) => r.unit === s.unit)!;
      expect(row.nominal_score).toBe(s.nominalScore);
      expect(row.mean_rank).toBe(s.mean);
      expect(row.median_rank).toBe(s.median);
      expect(row.p5_rank).toBe(s.low);
      expect(row.p95_rank).toBe(s.high);
      expect(row.best_rank).toBe(s.best);
      expect(row.worst_rank).toBe(s.worst);
      expect(row.top_3).toBe(s.top[3]);
      expect(row.stable_within_3).toBe(s.stable);
      expect(row.runs_ranked).toBe(s.ranked);
      expect(row.runs_unranked).toBe(s.unranked);
    }
    // numbers stay numbers, with formats by kind
    expect(typeof sheet.getCell(4, 6).value).toBe("number");
    expect(sheet.getCell(4, 4).numFmt).toBe("0.00");
    expect(sheet.getCell(4, 6).numFmt).toBe("0.00");
    expect(sheet.getCell(4, 12).numFmt).toBe("0.00%");
    expect(sheet.views[0]).toMatchObject({ state: "frozen", xSplit: 3, ySplit: 3 });
  });

  it("describes the analysis on the cover and lists the sheet", () => {
    const { analysis } = uncertain;
    const texts = sheetTexts(workbook.getWorksheet("Cover")!);
    const overview = uncertaintyOverview(analysis);
    expect(texts).toContain("Uncertainty analysis");
    expect(texts).toContain("Uncertainty analysis (Monte Carlo design)");
    expect(texts).toContain(`${overview.runs} counted, 0 failed`);
    expect(texts).toContain(`${overview.meanAbsoluteRankShift.toFixed(2)} places from the nominal rank`);
    expect(texts).toContain("Ranks within 3 places of nominal");
    expect(texts).toContain("Input agg");
    expect(texts).toContain("step 4: 2 alternatives (arithmetic, geometric)");
    expect(texts).toContain("weights: 10 alternatives (noisy sets 1–10)");
    expect(texts).toContain(analysis.provenance.planHash);
    expect(texts.some((t) => t.startsWith("The uncertainty analysis: each unit's"))).toBe(true);
  });

  it("adds a Sensitivity sheet with the Sobol indices of a sensitivity analysis", async () => {
    const { result, analysis } = await uncertainResult({ sensitivity: true });
    const { workbook } = await exportAndRead(result);
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      ...SHEETS,
      "Uncertainty",
      "Sensitivity",
      ...LAST,
    ]);
    const sheet = workbook.getWorksheet("Sensitivity")!;
    expect(sheet.getCell("A1").value).toBe(
      "Small index: Sobol sensitivity indices of Small index, 2024, 90% bootstrap intervals",
    );
    expect(rowValues(sheet, 3)).toEqual([
      "input",
      "first_order",
      "first_low",
      "first_high",
      "total",
      "total_low",
      "total_high",
    ]);
    const rows = table(sheet);
    const sobol = sobolIndices(analysis);
    expect(rows.map((r) => r.input)).toEqual(["agg", "w"]);
    sobol.indices.forEach((x, i) => {
      expect(rows[i]!.first_order).toBe(x.first);
      expect(rows[i]!.total).toBe(x.total);
      expect([rows[i]!.first_low, rows[i]!.first_high]).toEqual(x.firstInterval);
      expect([rows[i]!.total_low, rows[i]!.total_high]).toEqual(x.totalInterval);
    });
    expect(sheet.getCell(4, 2).numFmt).toBe("0.000");
    expect(sheetTexts(workbook.getWorksheet("Cover")!)).toContain("Sensitivity analysis (Saltelli's design)");
  });

  it("keeps the Uncertainty sheet's name when a dimension is labelled so", async () => {
    const { result } = await uncertainResult();
    const children = (result.framework.nodes.get("dimA")!.labels ??= {});
    children.en = "Uncertainty";
    const { workbook } = await exportAndRead(result);
    const names = workbook.worksheets.map((s) => s.name);
    expect(names).toContain("Uncertainty (2)");
    expect(workbook.getWorksheet("Uncertainty")!.getCell("A1").value).toMatch(/rank uncertainty/);
  });

  it("writes hostile ids, labels and input ids as quoted text, never as formulas", async () => {
    const { result } = await uncertainResult({ sensitivity: true, hostile: true });
    const { workbook } = await exportAndRead(result);
    const sheet = workbook.getWorksheet("Uncertainty")!;
    const rows = table(sheet);
    const hostile = rows.find((r) => r.unit === `'${HOSTILE_ID}`)!;
    expect(hostile["name (en)"]).toBe(`'${HOSTILE}`);
    expect(hostile["name (zh)"]).toBe("<script>alert(1)</script>");
    expect(table(workbook.getWorksheet("Sensitivity")!).map((r) => r.input)).toEqual(["agg", `'${HOSTILE}`]);
    expect(sheetTexts(workbook.getWorksheet("Cover")!)).toContain(`Input ${HOSTILE}`);
    for (const s of workbook.worksheets) {
      s.eachRow((row) => {
        row.eachCell((cell) => {
          expect(cell.type, `${s.name}!${cell.address}`).not.toBe(ExcelJS.ValueType.Formula);
          if (typeof cell.value === "string") expect(cell.value).not.toMatch(/^[=+\-@\t\r]/);
        });
      });
    }
  });

  it("writes a summary read back from results.json, and partial summaries, with empty cells for what is missing", async () => {
    const { result } = await uncertainResult({ sensitivity: true });
    const back = roundTrip(result);
    const again = await exportAndRead(back);
    expect(table(again.workbook.getWorksheet("Uncertainty")!)).toEqual(
      table((await exportAndRead(result)).workbook.getWorksheet("Uncertainty")!),
    );

    const summary = JSON.parse(JSON.stringify(back.uncertainty)) as Record<string, unknown>;
    const stats = summary.statistics as Record<string, unknown>[];
    stats[0]!.mean = null;
    stats[1]!.top = null;
    delete stats[2]!.low;
    (summary.sobol as { indices: Record<string, unknown>[] }).indices[0]!.first = null;
    delete (summary.overview as Record<string, unknown>).runs;
    back.uncertainty = summary as unknown as UncertaintySummary;
    const { workbook } = await exportAndRead(back);
    const rows = table(workbook.getWorksheet("Uncertainty")!);
    expect(rows.find((r) => r.unit === stats[0]!.unit)!.mean_rank).toBeNull();
    expect(rows.find((r) => r.unit === stats[1]!.unit)!.top_1).toBeNull();
    expect(rows.find((r) => r.unit === stats[2]!.unit)!.p5_rank).toBeNull();
    expect(table(workbook.getWorksheet("Sensitivity")!)[0]!.first_order).toBeNull();
    expect(workbook.getWorksheet("Uncertainty")!.getCell("A1").value).toBe(
      "Small index: rank uncertainty of Small index, 2024",
    );

    back.uncertainty = {} as UncertaintySummary;
    const empty = await exportAndRead(back);
    expect(empty.workbook.getWorksheet("Uncertainty")!.rowCount).toBe(3);
    expect(empty.workbook.getWorksheet("Sensitivity")).toBeUndefined();
  });
});

describe("the xlsx exporter without an uncertainty analysis", () => {
  it("writes the same workbook as before: no Uncertainty sheet, no cover section, the same bytes", async () => {
    const result = await build(smallSpec(), [...smallData("2023"), ...smallData("2024")]);
    const { workbook } = await exportAndRead(result);
    expect(workbook.worksheets.map((s) => s.name)).toEqual([...SHEETS, ...LAST]);
    expect(sheetTexts(workbook.getWorksheet("Cover")!)).not.toContain("Uncertainty analysis");
    const { result: uncertain } = await uncertainResult();
    const withSummary = await exportAndRead(uncertain);
    delete uncertain.uncertainty;
    const without = await exportAndRead(uncertain);
    expect(without.workbook.worksheets.map((s) => s.name)).toEqual([...SHEETS, ...LAST]);
    const { result: plain } = await uncertainResult();
    delete plain.uncertainty;
    expect(Buffer.from((await exportAndRead(plain)).bytes).equals(Buffer.from(without.bytes))).toBe(true);
    expect(Buffer.from(withSummary.bytes).equals(Buffer.from(without.bytes))).toBe(false);
  });
});
