import { readFileSync } from "node:fs";
import { analyse, createRegistry, InputError, validateSpec } from "@cityindex/core";
import ExcelJS, { type ConditionalFormattingOptions } from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import plugin, {
  PLUGIN_NAME,
  PLUGIN_VERSION,
  XLSX_MEDIA_TYPE,
  xlsxExporter,
  xlsxOptionsSchema,
} from "../src/index.js";
import {
  build,
  exportAndRead,
  exportContext,
  rowValues,
  sheetTexts,
  smallData,
  smallSpec,
} from "./helpers.js";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
};

describe("plugin", () => {
  it("is named and versioned as its package and registers the xlsx exporter", () => {
    expect(PLUGIN_NAME).toBe(pkg.name);
    expect(PLUGIN_VERSION).toBe(pkg.version);
    expect(plugin).toEqual({ name: pkg.name, version: pkg.version, exporters: [xlsxExporter] });
    expect(pkg.dependencies).toEqual({ "@cityindex/core": "^0.1.0", exceljs: "4.4.0" });
    expect(createRegistry([plugin]).exporter("xlsx")).toMatchObject({ plugin: "@cityindex/export-xlsx" });
  });

  it("has an options schema with defaults and no other options", () => {
    expect(xlsxOptionsSchema.additionalProperties).toBe(false);
    const properties = xlsxOptionsSchema.properties as Record<string, { default?: unknown }>;
    expect(Object.keys(properties)).toEqual(["file", "languages", "periods", "datasets", "date"]);
    expect(properties.file?.default).toBe("index.xlsx");
    expect(properties.periods?.default).toBe("latest");
    expect(properties.datasets?.default).toEqual(["Raw", "Normalised"]);
  });

  it("lets a spec name the exporter, validating its options", async () => {
    const registry = createRegistry([plugin]);
    const spec = { ...smallSpec(), plugins: [PLUGIN_NAME] };
    const ok = await validateSpec(
      { ...spec, exports: [{ exporter: "xlsx", options: { languages: ["zh", "en"] } }] },
      { registry },
    );
    expect(ok.issues.filter((i) => i.severity === "error")).toEqual([]);
    expect(ok.spec?.exports?.[0]?.options).toEqual({
      languages: ["zh", "en"],
      file: "index.xlsx",
      periods: "latest",
      datasets: ["Raw", "Normalised"],
    });
    for (const options of [
      { colour: "red" },
      { file: "../index.xlsx" },
      { file: "index.csv" },
      { periods: "first" },
    ]) {
      const bad = await validateSpec({ ...spec, exports: [{ exporter: "xlsx", options }] }, { registry });
      expect(bad.spec, JSON.stringify(options)).toBeUndefined();
      expect(bad.issues.some((i) => i.path.startsWith("/exports/0/options"))).toBe(true);
    }
  });
});

describe("the xlsx exporter on a small index", () => {
  let workbook: ExcelJS.Workbook;
  let bytes: Uint8Array;
  let path: string;
  let mediaType: string | undefined;

  beforeAll(async () => {
    const result = await build(smallSpec(), [...smallData("2023"), ...smallData("2024")]);
    ({ workbook, bytes, path, mediaType } = await exportAndRead(result));
  });

  it("writes index.xlsx with the sheets in order", () => {
    expect(path).toBe("index.xlsx");
    expect(mediaType).toBe(XLSX_MEDIA_TYPE);
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      "Cover",
      "Index",
      "Dimension A",
      "Dimension B",
      "Raw data",
      "Normalised data",
      "Change",
      "Weights",
      "Audit",
      "Issues",
      "Accounting",
    ]);
  });

  it("shows each unit's change between the first and the latest period", () => {
    const change = workbook.getWorksheet("Change")!;
    expect(change.getCell("A1").value).toBe("Small index: change from 2023 to 2024");
    const header = rowValues(change, 3);
    expect(header.slice(0, 6)).toEqual([
      "unit",
      "name (en)",
      "name (zh)",
      "Small index: score 2023",
      "score 2024",
      "score change",
    ]);
    // The data are the same in both periods, so every change is zero and B leads (81.25, rank 1) in both.
    const first = rowValues(change, 4);
    expect(first[0]).toBe("B");
    expect(first.slice(3, 9)).toEqual([81.25, 81.25, 0, 1, 1, 0]);
  });

  it("splits each unit's change of the index among its dimensions", async () => {
    // A's rating rises from 4 to 5 in 2024 (the bounds of rating stay 3..5): its rating, and so Dimension B,
    // goes from (4 − 3) / 2 · 100 = 50 to 100. The index weighs A and B 1 : 3, so A's index rises by
    // 3/4 · 50 = 37.5, all of it from Dimension B: 62.5 → 100.
    const later = smallData("2024").map((o) =>
      o.unit === "A" && o.indicator === "rating" ? { ...o, value: 5 } : o,
    );
    const read = await exportAndRead(await build(smallSpec(), [...smallData("2023"), ...later]));
    const change = read.workbook.getWorksheet("Change")!;
    const header = rowValues(change, 3);
    const from = header.indexOf("Small index: change from Dimension A");
    expect(from).toBeGreaterThan(5);
    expect(header[from + 1]).toBe("Small index: change from Dimension B");
    const rows = [4, 5, 6, 7].map((r) => rowValues(change, r));
    const a = rows.find((r) => r[0] === "A")!;
    expect(a.slice(3, 6)).toEqual([62.5, 100, 37.5]);
    expect(a.slice(from, from + 2)).toEqual([0, 37.5]);
    // The others did not move: their parts are 0.
    for (const r of rows.filter((x) => x[0] !== "A")) expect(r.slice(from, from + 2)).toEqual([0, 0]);
  });

  it("puts title, notice, method and provenance on the cover", () => {
    const cover = workbook.getWorksheet("Cover")!;
    expect(cover.getCell("A1").value).toBe("Small index");
    expect(cover.getCell("A2").value).toBe("小指数");
    const texts = sheetTexts(cover);
    expect(texts).toContain("Notice");
    expect(texts).toContain("Illustrative data, not measured");
    expect(texts).toContain("示例数据，并非实测");
    expect(texts).toContain(
      "Illustrative data: 24 of 24 observations are marked illustrative (not measured) by their source",
    );
    expect(texts).toContain("Edition (latest period)");
    expect(texts).toContain(
      'normalise: min-max (@cityindex/core); options {"range":[0,100],"bounds":"period"}',
    );
    expect(texts.some((t) => /^[0-9a-f]{64}$/.test(t))).toBe(true);
    expect(texts.some((t) => t.includes("licence: CC0-1.0"))).toBe(true);
    expect(texts).toContain(`version ${pkg.version} of @cityindex/export-xlsx`);
    expect(texts.filter((t) => t.startsWith("'"))).toEqual([]);
    expect(texts).toContain("Weights");
  });

  it("writes the index sheet: grouped, bilingual headers and every unit, best first", () => {
    const sheet = workbook.getWorksheet("Index")!;
    expect(sheet.getCell("A1").value).toBe("Small index: scores and ranks, 2024");
    expect(sheet.getCell("A2").value).toBe("Illustrative data, not measured");
    expect(rowValues(sheet, 3, 15)).toEqual([
      "Unit",
      null,
      null,
      "Index",
      null,
      "Dimensions",
      null,
      null,
      null,
      "Indicators",
      null,
      null,
      null,
      null,
      null,
    ]);
    expect(rowValues(sheet, 4, 15)).toEqual([
      null,
      null,
      null,
      "Small index",
      null,
      "Dimension A",
      null,
      "Dimension B",
      null,
      "Flights per person",
      null,
      "Crime",
      null,
      "Rating",
      null,
    ]);
    expect(rowValues(sheet, 5, 15)).toEqual([
      null,
      null,
      null,
      "小指数",
      null,
      "维度甲",
      null,
      "维度乙",
      null,
      "人均航班",
      null,
      "犯罪",
      null,
      "评分",
      null,
    ]);
    expect(rowValues(sheet, 6, 15)).toEqual([
      "unit",
      "name (en)",
      "name (zh)",
      "index",
      "index rank",
      "dimA",
      "dimA rank",
      "dimB",
      "dimB rank",
      "flights",
      "flights rank",
      "crime",
      "crime rank",
      "rating",
      "rating rank",
    ]);
    for (const [from, to] of [
      ["A3", "C3"],
      ["D3", "E3"],
      ["F3", "I3"],
      ["J3", "O3"],
      ["D4", "E4"],
      ["N5", "O5"],
    ]) {
      expect(sheet.getCell(to!).master.address, to).toBe(from);
    }
    expect(sheet.getCell("A4").isMerged).toBe(false);
    // index = (1 × dimA + 3 × dimB) / 4: B 81.25, A 62.5, D 45, C 6.25
    expect(rowValues(sheet, 7, 5)).toEqual(["B", "Beta", "贝塔", 81.25, 1]);
    expect(rowValues(sheet, 8, 5)).toEqual(["A", "Alpha", "阿尔法", 62.5, 2]);
    expect(rowValues(sheet, 9, 5)).toEqual(["D", "Delta", null, 45, 3]);
    expect(rowValues(sheet, 10, 5)).toEqual(["C", "Gamma", "伽马", 6.25, 4]);
    expect(sheet.rowCount).toBe(10);
  });

  it("formats scores with two decimals and ranks as integers, with a colour scale on scores", () => {
    const sheet = workbook.getWorksheet("Index")!;
    expect(sheet.getCell("D7").numFmt).toBe("0.00");
    expect(sheet.getCell("E7").numFmt).toBe("0");
    expect(sheet.getCell("N7").numFmt).toBe("0.00");
    const cf = (sheet as unknown as { conditionalFormattings: ConditionalFormattingOptions[] })
      .conditionalFormattings;
    expect(cf.map((c) => c.ref)).toEqual(["D7:D10", "F7:F10", "H7:H10", "J7:J10", "L7:L10", "N7:N10"]);
    expect(cf[0]?.rules[0]).toMatchObject({ type: "colorScale" });
  });

  it("freezes the header rows and the identifying columns, and sizes columns", () => {
    const sheet = workbook.getWorksheet("Index")!;
    expect(sheet.views[0]).toMatchObject({ state: "frozen", xSplit: 5, ySplit: 6 });
    expect(sheet.getColumn(1).width).toBeGreaterThanOrEqual(6);
    expect(sheet.getColumn(2).width).toBeGreaterThanOrEqual("name (en)".length);
    for (const s of workbook.worksheets.filter((w) => w.name !== "Cover")) {
      expect(s.views[0], s.name).toMatchObject({ state: "frozen" });
    }
  });

  it("writes a dimension sheet with raw and normalised indicators", () => {
    const sheet = workbook.getWorksheet("Dimension A")!;
    expect(rowValues(sheet, 6, 9)).toEqual([
      "unit",
      "name (en)",
      "name (zh)",
      "dimA",
      "dimA rank",
      "flights raw",
      "flights normalised",
      "crime raw",
      "crime normalised",
    ]);
    expect(rowValues(sheet, 3, 6)).toEqual(["Unit", null, null, "Score and rank", null, "Indicators"]);
    expect(rowValues(sheet, 4, 9)).toEqual([
      null,
      null,
      null,
      "Dimension A",
      null,
      "Flights per person",
      null,
      "Crime",
      null,
    ]);
    // dimA in 2024: A 50, B 25, D 0 ... best first; crime of C is missing in the raw data
    const c = [7, 8, 9, 10].find((r) => sheet.getCell(r, 1).value === "C")!;
    expect(sheet.getCell(c, 8).value).toBeNull();
    expect(typeof sheet.getCell(c, 9).value).toBe("number");
    expect(sheet.getCell(7, 7).numFmt).toBe("0.00");
    expect(sheet.getCell(7, 6).numFmt).toBe("#,##0");
  });

  it("writes the raw and normalised data for every period", () => {
    const raw = workbook.getWorksheet("Raw data")!;
    expect(rowValues(raw, 5, 7)).toEqual([
      "period",
      "unit",
      "name (en)",
      "name (zh)",
      "flights",
      "crime",
      "rating",
    ]);
    expect(rowValues(raw, 6, 7)).toEqual(["2023", "A", "Alpha", "阿尔法", 100, 1, 4]);
    expect(raw.rowCount).toBe(5 + 8);
    expect(raw.getCell(6, 5).numFmt).toBe("#,##0");
    const normalised = workbook.getWorksheet("Normalised data")!;
    expect(normalised.getCell(6, 5).numFmt).toBe("0.00");
  });

  it("writes nominal, used and effective weights", () => {
    const sheet = workbook.getWorksheet("Weights")!;
    expect(rowValues(sheet, 3, 14)).toEqual(
      [
        "node",
        "name (en)",
        "name (zh)",
        "level",
        "parent",
        "direction",
        "unit of measure",
        "nominal weight",
        "nominal share",
        "weight used",
        "share used",
        "effective weight",
        null,
        null,
      ].slice(0, 14),
    );
    const byId = new Map<string, unknown[]>();
    for (let r = 4; r <= 8; r++) byId.set(String(sheet.getCell(r, 1).value), rowValues(sheet, r, 12));
    expect([...byId.keys()]).toEqual(["dimA", "flights", "crime", "dimB", "rating"]);
    expect(byId.get("dimA")?.slice(7)).toEqual([1, 0.25, 1, 0.25, 0.25]);
    expect(byId.get("flights")?.[11]).toBeCloseTo(0.125, 12);
    expect(byId.get("crime")?.[5]).toBe("lower is better");
    expect(byId.get("rating")?.[6]).toBe("score 1-5");
    expect(byId.get("rating")?.[11]).toBeCloseTo(0.75, 12);
    expect(sheet.getCell(4, 12).numFmt).toBe("0.00%");
  });

  it("writes the audit, issues and accounting", async () => {
    const result = await build(smallSpec(), [...smallData("2023"), ...smallData("2024")]);
    const audit = workbook.getWorksheet("Audit")!;
    expect(rowValues(audit, 3, 11)).toEqual([
      "step",
      "stage",
      "method",
      "action",
      "unit",
      "node",
      "period",
      "before",
      "after",
      "message",
      "details",
    ]);
    expect(audit.rowCount).toBe(3 + result.audit.length);
    const imputed = result.audit.findIndex((a) => a.action === "imputed");
    expect(rowValues(audit, 4 + imputed, 10)).toEqual([
      2,
      "impute",
      "group-mean",
      "imputed",
      "C",
      "crime",
      result.audit[imputed]!.period,
      null,
      result.audit[imputed]!.after,
      result.audit[imputed]!.message,
    ]);
    const issues = workbook.getWorksheet("Issues")!;
    expect(issues.rowCount).toBe(3 + result.issues.length);
    const accounting = workbook.getWorksheet("Accounting")!;
    expect(rowValues(accounting, 3, 7)).toEqual([
      "kind",
      "id",
      "name (en)",
      "name (zh)",
      "status",
      "observed",
      "reason",
    ]);
    expect(rowValues(accounting, 4, 6)).toEqual(["unit", "A", "Alpha", "阿尔法", "included", 6]);
    expect(accounting.rowCount).toBe(3 + 4 + 3);
  });

  it("never writes a formula", () => {
    for (const sheet of workbook.worksheets) {
      sheet.eachRow((row) => {
        row.eachCell((cell) => {
          expect(cell.type, `${sheet.name}!${cell.address}`).not.toBe(ExcelJS.ValueType.Formula);
        });
      });
    }
  });

  it("is reproducible: dated from the latest period, the same bytes every time", async () => {
    expect(workbook.created.toISOString()).toBe("2024-01-01T00:00:00.000Z");
    expect(workbook.modified.toISOString()).toBe("2024-01-01T00:00:00.000Z");
    const result = await build(smallSpec(), [...smallData("2023"), ...smallData("2024")]);
    const again = await exportAndRead(result);
    expect(Buffer.from(again.bytes).equals(Buffer.from(bytes))).toBe(true);
  });
});

describe("options", () => {
  let result: Awaited<ReturnType<typeof build>>;
  beforeAll(async () => {
    result = await build(smallSpec(), [...smallData("2023"), ...smallData("2024")]);
  });

  it("file, languages and date", async () => {
    const { workbook, path } = await exportAndRead(result, {
      file: "reports/small.xlsx",
      languages: ["zh"],
      date: "2025-03-01",
    });
    expect(path).toBe("reports/small.xlsx");
    expect(workbook.worksheets.map((s) => s.name)).toContain("维度甲");
    const index = workbook.getWorksheet("Index")!;
    expect(index.getCell("A1").value).toBe("小指数: scores and ranks, 2024");
    expect(rowValues(index, 5, 4)).toEqual(["unit", "name (zh)", "index", "index rank"]);
    expect(rowValues(index, 6, 4)).toEqual(["B", "贝塔", 81.25, 1]);
    expect(workbook.created.toISOString()).toBe("2025-03-01T00:00:00.000Z");
  });

  it("periods: all gives one index sheet per period, newest first, and a period column elsewhere", async () => {
    const { workbook } = await exportAndRead(result, { periods: "all" });
    const names = workbook.worksheets.map((s) => s.name);
    expect(names.slice(0, 3)).toEqual(["Cover", "Index 2024", "Index 2023"]);
    const dim = workbook.getWorksheet("Dimension B")!;
    expect(rowValues(dim, 6, 2)).toEqual(["period", "unit"]);
    expect(dim.getCell(7, 1).value).toBe("2024");
    expect(dim.getCell(11, 1).value).toBe("2023");
    expect(dim.rowCount).toBe(6 + 8);
    expect(dim.views[0]).toMatchObject({ xSplit: 6 });
  });

  it("periods as a list, and datasets", async () => {
    const ctx = exportContext();
    const files = await xlsxExporter.export(
      result,
      { periods: ["2023"], datasets: ["Imputed", "Treated"] },
      ctx,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(files[0]!.contents as Uint8Array) as unknown as ArrayBuffer);
    const names = workbook.worksheets.map((s) => s.name);
    expect(names).toContain("Imputed data");
    expect(names).not.toContain("Raw data");
    expect(workbook.getWorksheet("Index")!.getCell("A1").value).toBe("Small index: scores and ranks, 2023");
    expect(ctx.lines.some((l) => l.includes("no dataset named `Treated`"))).toBe(true);
  });

  it("throws an InputError naming a bad option", async () => {
    const bad = [
      [{ periods: ["2030"] }, /`periods` names `2030`, which is not a period of the result \(2023, 2024\)/],
      [{ colour: "red" }, /unknown option `colour`/],
      [{ file: "/tmp/x.xlsx" }, /`file` must be a relative path/],
      [{ languages: ["EN!"] }, /bad language tag/],
      [{ date: "2024-13-45" }, /`date` must be a date/],
    ] as const;
    for (const [options, message] of bad) {
      const error = await xlsxExporter
        .export(result, options as never, exportContext())
        .catch((e: unknown) => e);
      expect(error, JSON.stringify(options)).toBeInstanceOf(InputError);
      expect((error as Error).message).toMatch(message);
    }
  });
});

describe("formula injection", () => {
  it("writes ids and labels that look like formulas as quoted text, never as formulas", async () => {
    const ids = ["+1", "-2", "@SUM(A1)", "=1+1"];
    const spec = smallSpec();
    spec.units = ids.map((id, i) => ({
      id,
      labels: { en: i === 0 ? '=HYPERLINK("http://x")' : `\t${id}`, zh: "\r中" },
      meta: { pop: 10, tier: i < 2 ? "t1" : "t2" },
    }));
    spec.indicators[1]!.labels = { en: "=cmd|' /C calc'!A0", zh: "@犯罪" };
    spec.notice = "=NOTICE()";
    const result = await build(spec, smallData("2024", ids));
    const { workbook } = await exportAndRead(result);
    const index = workbook.getWorksheet("Index")!;
    const units = [7, 8, 9, 10].map((r) => index.getCell(r, 1).value);
    expect([...units].sort()).toEqual(["'+1", "'-2", "'=1+1", "'@SUM(A1)"]);
    const names = [7, 8, 9, 10].map((r) => index.getCell(r, 2).value);
    expect(names).toContain(`'=HYPERLINK("http://x")`);
    expect(names).toContain("'\t-2");
    // XML reads a carriage return back as a line feed; the prefix is what matters.
    for (const r of [7, 8, 9, 10]) expect(index.getCell(r, 3).value).toMatch(/^'[\r\n]中$/);
    expect(index.getCell("L4").value).toBe("'=cmd|' /C calc'!A0");
    expect(index.getCell("L5").value).toBe("'@犯罪");
    expect(index.getCell("A2").value).toBe("'=NOTICE()");
    let cells = 0;
    for (const sheet of workbook.worksheets) {
      sheet.eachRow((row) => {
        row.eachCell((cell) => {
          cells++;
          expect(cell.type, `${sheet.name}!${cell.address}`).not.toBe(ExcelJS.ValueType.Formula);
          expect(cell.formula, `${sheet.name}!${cell.address}`).toBeUndefined();
          if (typeof cell.value === "string") expect(cell.value).not.toMatch(/^[=+\-@\t\r]/);
        });
      });
    }
    expect(cells).toBeGreaterThan(100);
  });
});

describe("the xlsx exporter with the statistical audit attached", () => {
  it("adds the audit flags and the indicator statistics", async () => {
    const result = await build(smallSpec(), smallData());
    result.analysis = await analyse(result, { removeLevels: [] });
    const { workbook } = await exportAndRead(result);
    const names = workbook.worksheets.map((s) => s.name);
    expect(names).toContain("Audit flags");
    expect(names).toContain("Indicator statistics");
    expect(names).not.toContain("Change");
    const stats = workbook.getWorksheet("Indicator statistics")!;
    const header = rowValues(stats, 3) as string[];
    const rows = result.analysis.indicators.length;
    expect(stats.getCell(4 + rows - 1, 1).value).toBe(result.analysis.indicators[rows - 1]!.indicator);
    const mean = header.indexOf("mean") + 1;
    expect(stats.getCell(4, mean).value).toBe(result.analysis.indicators[0]!.mean);
    const flags = workbook.getWorksheet("Audit flags")!;
    expect(flags.rowCount).toBe(3 + result.analysis.flags.length);
  });
});
