import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { parseXlsxWorkbook, xlsxSource } from "../src/index.js";
import { cells, collect, problems, recordingContext, tempDir } from "./helpers.js";

const sha256 = (bytes: Uint8Array) => `sha256:${createHash("sha256").update(bytes).digest("hex")}`;

async function save(workbook: ExcelJS.Workbook, dir: string, name: string): Promise<Uint8Array> {
  const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
  writeFileSync(join(dir, name), bytes);
  return bytes;
}

/** A workbook as an analyst makes it: a hidden notes sheet, a title row, a two-row merged header, totals. */
function analystWorkbook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const notes = wb.addWorksheet("说明", { state: "hidden" });
  notes.getCell("A1").value = "unit";
  notes.getCell("B1").value = "x";
  notes.getCell("A2").value = "lhasa";
  notes.getCell("B2").value = 7;
  const ws = wb.addWorksheet("2024");
  ws.getCell("A1").value = "Overseas exchanges of Chinese cities, 2024";
  ws.mergeCells("A1:E1");
  ws.getCell("A2").value = "city";
  ws.mergeCells("A2:A3");
  ws.getCell("B2").value = "name";
  ws.mergeCells("B2:B3");
  ws.getCell("C2").value = "Exchanges";
  ws.mergeCells("C2:D2");
  ws.getCell("E2").value = "Media";
  ws.getCell("C3").value = "sister_cities";
  ws.getCell("D3").value = "consulates";
  ws.getCell("E3").value = "news_share";
  ws.getRow(4).values = ["beijing", "北京", 25, "1,234", 0.45];
  ws.getRow(5).values = ["shanghai", "上海", " 12.5 ", { formula: "C4*2", result: 50 }, "45%"];
  ws.getRow(6).values = [
    "chengdu",
    "成都",
    { error: "#N/A" },
    "NA",
    { formula: "1/0", result: { error: "#DIV/0!" } },
  ];
  ws.getRow(7).values = ["wuhan", "武汉", "１２３", { formula: "C4+1" }, "n/a"];
  // row 8 is blank
  ws.getRow(9).values = ["xian", "西安", 1, 2, 0.5];
  ws.getRow(9).hidden = true;
  ws.getRow(10).values = [null, "Total", { formula: "SUM(C4:C9)", result: 161.5 }];
  ws.getRow(11).values = [null, "source: city statistical yearbooks"];
  for (const r of [4, 9]) ws.getCell(`E${r}`).numFmt = "0%";
  return wb;
}

describe("xlsxSource", () => {
  it("declares its id, label and options schema", () => {
    expect(xlsxSource.id).toBe("xlsx");
    expect(xlsxSource.label).toBe("Excel workbook");
    expect(xlsxSource.options).toMatchObject({
      type: "object",
      additionalProperties: false,
      required: ["path"],
    });
  });

  it("reads an analyst's sheet: title, merged header, text numbers, percentages, formulas, errors, totals", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "data"));
    const bytes = await save(analystWorkbook(), join(dir, "data"), "exchanges.xlsx");
    const ctx = recordingContext(dir, "exchanges");
    const observations = await collect(
      xlsxSource.fetch(
        {
          path: "data/exchanges.xlsx",
          sheet: "2024",
          headerRow: [2, 3],
          unitColumn: "city",
          period: "2024",
          ignore: ["name"],
          stopAtEmptyUnit: true,
          licence: "CC-BY-4.0",
        },
        ctx,
      ),
    );
    expect(cells(observations)).toEqual([
      "beijing/sister_cities/2024=25",
      "beijing/consulates/2024=1234",
      "beijing/news_share/2024=45",
      "shanghai/sister_cities/2024=12.5",
      "shanghai/consulates/2024=50",
      "shanghai/news_share/2024=45",
      "chengdu/sister_cities/2024=null",
      "chengdu/consulates/2024=null",
      "chengdu/news_share/2024=null",
      "wuhan/sister_cities/2024=123",
      "wuhan/news_share/2024=null",
      "xian/sister_cities/2024=1",
      "xian/consulates/2024=2",
      "xian/news_share/2024=50",
    ]);
    expect(observations[1]).toEqual({
      unit: "beijing",
      indicator: "consulates",
      period: "2024",
      value: 1234,
      provenance: {
        source: "xlsx:exchanges",
        location: "data/exchanges.xlsx:2024!D4",
        hash: sha256(bytes),
        licence: "CC-BY-4.0",
      },
    });
    expect(problems(ctx.issues)).toEqual([
      "warning error-cell data/exchanges.xlsx:2024!C6: cell C6 holds the Excel error `#N/A` (unit `chengdu`, indicator `sister_cities`); read as missing",
      "warning error-cell data/exchanges.xlsx:2024!E6: cell E6 holds the Excel error `#DIV/0!` (the result of its formula) (unit `chengdu`, indicator `news_share`); read as missing",
      "error formula-without-value data/exchanges.xlsx:2024!D7: cell D7 has the formula `=C4+1` but no calculated value (unit `wuhan`, indicator `consulates`): the workbook was saved without calculating it (as scripts do); open and save it in Excel, or write the values",
      "info stopped data/exchanges.xlsx:2024!10:10: stopped at row 10, whose unit cell A10 is empty (`stopAtEmptyUnit`); 2 rows from there on are not read",
      "info hidden-rows data/exchanges.xlsx:2024: row 9 of sheet `2024` is hidden in Excel; it is read like visible rows",
      "info text-number data/exchanges.xlsx:2024: 4 numbers were stored as text and read as numbers, the first in D4 (`1,234`)",
    ]);
    expect(ctx.logs).toEqual(["debug read 5 rows from sheet `2024` of data/exchanges.xlsx"]);
  });

  it("joins header rows with `headerJoin`, skips hidden rows, and reads percentages as fractions", async () => {
    const dir = tempDir();
    await save(analystWorkbook(), dir, "x.xlsx");
    const ctx = recordingContext(dir);
    const observations = await collect(
      xlsxSource.fetch(
        {
          path: "x.xlsx",
          sheet: 2,
          headerRow: [2, 3],
          headerJoin: "/",
          unitColumn: "city",
          columns: ["Exchanges/sister_cities", "Media/news_share"],
          period: "2024",
          percent: "fraction",
          skipHiddenRows: true,
          stopAtEmptyUnit: true,
        },
        ctx,
      ),
    );
    expect(cells(observations)).toEqual([
      "beijing/Exchanges/sister_cities/2024=25",
      "beijing/Media/news_share/2024=0.45",
      "shanghai/Exchanges/sister_cities/2024=12.5",
      "shanghai/Media/news_share/2024=0.45",
      "chengdu/Exchanges/sister_cities/2024=null",
      "chengdu/Media/news_share/2024=null",
      "wuhan/Exchanges/sister_cities/2024=123",
      "wuhan/Media/news_share/2024=null",
    ]);
    expect(ctx.issues.map((i) => i.code)).toEqual([
      "error-cell",
      "error-cell",
      "stopped",
      "hidden-rows",
      "text-number",
    ]);
    expect(ctx.issues[3]?.message).toBe(
      "row 9 of sheet `2024` is hidden in Excel; it is not read (`skipHiddenRows`)",
    );
  });

  it("without `stopAtEmptyUnit`, a totals row with values is an error naming its cell", async () => {
    const dir = tempDir();
    await save(analystWorkbook(), dir, "x.xlsx");
    const ctx = recordingContext(dir);
    await collect(
      xlsxSource.fetch(
        {
          path: "x.xlsx",
          sheet: "2024",
          headerRow: [2, 3],
          unitColumn: "city",
          period: "2024",
          ignore: ["name"],
        },
        ctx,
      ),
    );
    expect(problems(ctx.issues).filter((p) => p.includes("empty-unit"))).toEqual([
      "error empty-unit x.xlsx:2024!A10: the unit cell A10 in column `city` is empty but the row has values; the row is not read (set `stopAtEmptyUnit` if the rows below the data are totals or notes)",
      "error empty-unit x.xlsx:2024!A11: the unit cell A11 in column `city` is empty but the row has values; the row is not read (set `stopAtEmptyUnit` if the rows below the data are totals or notes)",
    ]);
  });

  it("reads the first visible sheet by default, and a hidden sheet when named, saying so", async () => {
    const dir = tempDir();
    await save(analystWorkbook(), dir, "x.xlsx");
    const ctx = recordingContext(dir);
    const observations = await collect(
      xlsxSource.fetch({ path: "x.xlsx", sheet: "说明", period: "2024" }, ctx),
    );
    expect(cells(observations)).toEqual(["lhasa/x/2024=7"]);
    expect(problems(ctx.issues)).toEqual([
      "info hidden-sheet x.xlsx:说明: sheet `说明` is hidden in Excel; it is read like a visible sheet",
    ]);

    const first = recordingContext(dir);
    await collect(xlsxSource.fetch({ path: "x.xlsx", period: "2024" }, first));
    // the default is sheet `2024` (the hidden one comes first): its row 1 is a title, so there is no unit column
    expect(problems(first.issues)).toEqual([
      "error missing-column x.xlsx:2024!1:1: the header (row 1 of sheet `2024`) has no unit column `unit`; its columns are `Overseas exchanges of Chinese cities, 2024`; set `unitColumn` to the right column",
    ]);
  });

  it("reads a long sheet with merged unit cells and dates as periods", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Data Long");
    ws.getRow(1).values = ["unit", "indicator", "period", "value"];
    ws.getRow(2).values = ["chengdu", "flights", new Date(Date.UTC(2023, 11, 31)), 10];
    ws.getRow(3).values = [null, "flights", new Date(Date.UTC(2024, 5, 30)), 12];
    ws.getRow(4).values = [null, "rail", 2024, 5];
    ws.mergeCells("A2:A4");
    ws.getRow(5).values = ["shanghai", "flights", "2024", 7];
    ws.getRow(6).values = ["shanghai", "flights", 2024, 8];
    ws.getRow(7).values = ["shanghai", "", 2024, 8];
    ws.getRow(8).values = ["shanghai", "rail", true, 8];
    const dir = tempDir();
    await save(wb, dir, "long.xlsx");

    const ctx = recordingContext(dir);
    const observations = await collect(xlsxSource.fetch({ path: "long.xlsx", layout: "long" }, ctx));
    expect(cells(observations)).toEqual([
      "chengdu/flights/2023=10",
      "chengdu/flights/2024=12",
      "chengdu/rail/2024=5",
      "shanghai/flights/2024=7",
    ]);
    expect(observations[1]?.provenance?.location).toBe("long.xlsx:'Data Long'!D3");
    expect(problems(ctx.issues)).toEqual([
      "error duplicate-row long.xlsx:'Data Long'!A6: row 6 repeats unit `shanghai`, indicator `flights`, period `2024` of row 5; the row is not read",
      "error empty-indicator long.xlsx:'Data Long'!B7: the indicator cell B7 is empty (row for unit `shanghai`); the row is not read",
      "error bad-period long.xlsx:'Data Long'!C8: cannot read the boolean TRUE in C8 as a period; the row is not read",
    ]);

    const months = recordingContext(dir);
    const byMonth = await collect(
      xlsxSource.fetch({ path: "long.xlsx", layout: "long", dates: "month" }, months),
    );
    expect(cells(byMonth).slice(0, 2)).toEqual(["chengdu/flights/2023-12=10", "chengdu/flights/2024-06=12"]);
    const days = await parseXlsxWorkbook(readFileSync(join(dir, "long.xlsx")), {
      layout: "long",
      dates: "date",
    });
    expect(cells(days.observations).slice(0, 2)).toEqual([
      "chengdu/flights/2023-12-31=10",
      "chengdu/flights/2024-06-30=12",
    ]);
  });

  it("reports duplicate units and duplicate columns with the sheet and cell address", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Cities");
    ws.getRow(1).values = ["unit", "period", "flights", "flights", "", "note"];
    ws.getRow(2).values = ["chengdu", 2024, 1, 2, null, "ok"];
    ws.getRow(3).values = ["chengdu", 2024, 3, 4, 9, "again"];
    ws.getRow(4).values = ["chengdu", 2023, "12,3", "x", null, "1"];
    const dir = tempDir();
    await save(wb, dir, "dup.xlsx");
    const ctx = recordingContext(dir);
    const observations = await collect(xlsxSource.fetch({ path: "dup.xlsx", ignore: ["note"] }, ctx));
    expect(cells(observations)).toEqual(["chengdu/flights/2024=1"]);
    expect(problems(ctx.issues)).toEqual([
      "error duplicate-header dup.xlsx:Cities!D1: column `flights` appears twice in the header of sheet `Cities`, in C1 and D1; the second is not read",
      "error duplicate-row dup.xlsx:Cities!A3: row 3 repeats unit `chengdu` and period `2024` of row 2 (sheet `Cities`, A2 and A3); the row is not read",
      "error malformed-number dup.xlsx:Cities!C4: cannot read `12,3` in C4 as a number (unit `chengdu`, indicator `flights`, period `2023`)",
      "warning empty-header dup.xlsx:Cities!E1: column E has no header but has values (first in E3); it is not read",
    ]);
  });

  it("reports a wrong sheet name, a sheet position past the end, a missing file and a file that is not .xlsx", async () => {
    const dir = tempDir();
    await save(analystWorkbook(), dir, "x.xlsx");
    writeFileSync(join(dir, "x.csv"), "unit,x\na,1\n");
    writeFileSync(join(dir, "old.xls"), new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
    writeFileSync(join(dir, "broken.xlsx"), new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]));
    const run = async (options: Record<string, unknown>) => {
      const ctx = recordingContext(dir);
      const out = await collect(xlsxSource.fetch(options as { path: string }, ctx));
      expect(out).toEqual([]);
      return problems(ctx.issues);
    };
    expect(await run({ path: "x.xlsx", sheet: "2025" })).toEqual([
      "error sheet-not-found x.xlsx: the workbook has no sheet `2025`; its sheets are `说明`, `2024`",
    ]);
    expect(await run({ path: "x.xlsx", sheet: " 2024" })).toEqual([
      "error sheet-not-found x.xlsx: the workbook has no sheet ` 2024`; its sheets are `说明`, `2024`; did you mean `2024`?",
    ]);
    expect(await run({ path: "x.xlsx", sheet: 3 })).toEqual([
      "error sheet-not-found x.xlsx: the workbook has 2 sheets, so there is no sheet 3; its sheets are `说明`, `2024`",
    ]);
    expect((await run({ path: "nope.xlsx" }))[0]).toMatch(
      /^error file-not-found nope\.xlsx: cannot read `nope\.xlsx`: there is no file at `.*nope\.xlsx`$/,
    );
    expect(await run({ path: "x.csv" })).toEqual([
      "error not-xlsx x.csv: cannot read `x.csv`: it is not an Excel workbook (.xlsx files are zip archives); for CSV files use @cityindex/source-csv",
    ]);
    expect(await run({ path: "old.xls" })).toEqual([
      "error not-xlsx old.xls: cannot read `old.xls`: it is an Excel 97–2003 workbook (.xls); open it in Excel and save it as .xlsx",
    ]);
    expect((await run({ path: "broken.xlsx" }))[0]).toMatch(
      /^error not-xlsx broken\.xlsx: cannot read `broken\.xlsx` as an Excel workbook: /,
    );
    expect(await run({ path: "x.xlsx", layout: "tall" })).toEqual([
      "error bad-option x.xlsx: xlsx source `indicators`: option `layout` must be one of `wide`, `long`, got `tall`",
    ]);
    expect(await run({ path: "x.xlsx", headerRow: [3, 2] })).toEqual([
      "error bad-option x.xlsx: xlsx source `indicators`: option `headerRow` runs backwards: `[3,2]`",
    ]);
    expect(await run({ path: "" })).toEqual([
      "error bad-option indicators: xlsx source `indicators`: option `path` must be a non-empty string, got ``",
    ]);
  });

  it("needs a period column or the `period` option", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("S").getRow(1).values = ["unit", "x"];
    wb.getWorksheet("S")!.getRow(2).values = ["a", 1];
    const result = await parseXlsxWorkbook(new Uint8Array(await wb.xlsx.writeBuffer()), { file: "s.xlsx" });
    expect(result.observations).toEqual([]);
    expect(result.issues.map((i) => `${i.code} ${i.path}: ${i.message}`)).toEqual([
      "missing-period s.xlsx:S!1:1: sheet `S` has no period column `period` and no `period` option is given; add the column or set `period` to the period of every row",
    ]);
    expect(result.issues[0]?.source).toBe("@cityindex/source-xlsx");
  });

  it("stops when aborted", async () => {
    const dir = tempDir();
    await save(analystWorkbook(), dir, "x.xlsx");
    const ctx = recordingContext(dir);
    ctx.controller.abort(new Error("stop"));
    await expect(collect(xlsxSource.fetch({ path: "x.xlsx" }, ctx))).rejects.toThrow("stop");
  });
});
