/**
 * End to end: `cityindex build` on a spec that names `@cityindex/export-xlsx` in `plugins` and `xlsx` in
 * `exports`, run with the built binary in a temporary folder outside the repository where the plugin is
 * installed as a user would have it (`node_modules/@cityindex/export-xlsx`, here a link to the workspace
 * package). Needs a build: `npm run build`.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CLI = join(ROOT, "packages", "cli", "dist", "cli.js");
const PLUGIN = join(ROOT, "plugins", "export-xlsx");

function cityindex(
  cwd: string,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd, env: { ...process.env, NO_COLOR: "1" }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr });
      },
    );
  });
}

const spec = {
  id: "xlsx-e2e",
  title: { en: "Two-city index", zh: "双城指数" },
  notice: { en: "Illustrative data, not measured", zh: "示例数据" },
  units: [
    { id: "chengdu", labels: { en: "Chengdu", zh: "成都" } },
    { id: "wuhan", labels: { en: "Wuhan", zh: "武汉" } },
    { id: "=1+1", labels: { en: '=HYPERLINK("http://x")', zh: "@注入" } },
  ],
  indicators: [
    { id: "flights", labels: { en: "Flights", zh: "航班" } },
    { id: "visitors", labels: { en: "Visitors", zh: "游客" } },
  ],
  framework: {
    id: "index",
    labels: { en: "Two-city index", zh: "双城指数" },
    children: [
      { id: "links", labels: { en: "Links", zh: "联系" }, children: [{ id: "flights" }] },
      { id: "appeal", labels: { en: "Appeal", zh: "吸引力" }, children: [{ id: "visitors" }] },
    ],
  },
  sources: [
    {
      id: "data",
      source: "csv",
      options: { path: "data.csv", period: "2024", illustrative: true, licence: "CC0-1.0" },
    },
  ],
  pipeline: [
    { step: "normalise", method: "min-max" },
    { step: "aggregate", method: "arithmetic" },
  ],
  exports: [{ exporter: "xlsx", options: { file: "workbook/two-cities.xlsx" } }],
  plugins: ["@cityindex/source-csv", "@cityindex/export-xlsx"],
};

let work: string;

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} does not exist: run \`npm run build\` first`);
  if (!existsSync(join(PLUGIN, "dist", "index.js"))) {
    throw new Error(`${PLUGIN}/dist does not exist: run \`npm run build\` first`);
  }
  work = await mkdtemp(join(tmpdir(), "cityindex-xlsx-"));
  await mkdir(join(work, "node_modules", "@cityindex"), { recursive: true });
  await symlink(PLUGIN, join(work, "node_modules", "@cityindex", "export-xlsx"), "dir");
  await writeFile(join(work, "index.json"), JSON.stringify(spec, null, 2));
  await writeFile(
    join(work, "data.csv"),
    'unit,flights,visitors\nchengdu,120,30\nwuhan,80,50\n"=1+1",100,10\n',
  );
});

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe("cityindex build with the xlsx exporter", () => {
  it("writes the workbook the spec asks for, beside results.csv", async () => {
    const run = await cityindex(work, "build", "index.json", "--out", "out");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain("export xlsx: 1 file");
    const file = join(work, "out", "workbook", "two-cities.xlsx");
    expect(run.stdout).toContain("two-cities.xlsx");
    const csv = (await readFile(join(work, "out", "results.csv"), "utf8")).trimEnd().split("\n");
    expect(csv[0]).toBe("unit,period,node,level,score,rank");

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile(file)) as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      "Cover",
      "Index",
      "Links",
      "Appeal",
      "Raw data",
      "Normalised data",
      "Audit flags",
      "Indicator statistics",
      "Weights",
      "Audit",
      "Issues",
      "Accounting",
    ]);
    const cover = workbook.getWorksheet("Cover")!;
    expect(cover.getCell("A4").value).toBe("Notice");
    expect(cover.getCell("B5").value).toBe("Illustrative data, not measured");

    // The index sheet agrees with results.csv, row for row.
    const index = workbook.getWorksheet("Index")!;
    expect(index.getRow(6).getCell(4).value).toBe("index");
    const fromCsv = csv
      .slice(1)
      .map((line) => line.split(","))
      .filter((cells) => cells[2] === "index")
      .map((cells) => [cells[0], Number(cells[4]), Number(cells[5])]);
    const fromSheet = [7, 8, 9].map((r) => {
      const row = index.getRow(r);
      return [row.getCell(1).value, row.getCell(4).value, row.getCell(5).value];
    });
    expect(fromSheet).toEqual(fromCsv);
    expect(index.getCell("D7").numFmt).toBe("0.00");

    // A unit id and a label that look like formulas are text in the workbook, quoted as in results.csv.
    const injected = [7, 8, 9].find((r) => index.getCell(r, 1).value === "'=1+1")!;
    expect(injected).toBeDefined();
    expect(csv.some((line) => line.startsWith('"\'=1+1",') || line.startsWith("'=1+1,"))).toBe(true);
    expect(index.getCell(injected, 2).value).toBe(`'=HYPERLINK("http://x")`);
    expect(index.getCell(injected, 3).value).toBe("'@注入");
    for (const sheet of workbook.worksheets) {
      sheet.eachRow((row) =>
        row.eachCell((cell) =>
          expect(cell.type, `${sheet.name}!${cell.address}`).not.toBe(ExcelJS.ValueType.Formula),
        ),
      );
    }
  });

  it("writes the same bytes on a second build", async () => {
    const first = await readFile(join(work, "out", "workbook", "two-cities.xlsx"));
    const run = await cityindex(work, "build", "index.json", "--out", "again");
    expect(run.code, run.stderr).toBe(0);
    expect((await readFile(join(work, "again", "workbook", "two-cities.xlsx"))).equals(first)).toBe(true);
  });

  it("writes index.xlsx for the China City Overseas Influence example", async () => {
    const example = join(ROOT, "examples", "china-city-overseas-influence");
    const out = join(work, "example");
    const run = await cityindex(ROOT, "build", join(example, "spec.json"), "--out", out);
    expect(run.code, run.stderr).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile(join(out, "index.xlsx"))) as unknown as ArrayBuffer);
    const names = workbook.worksheets.map((s) => s.name);
    expect(names.slice(0, 3)).toEqual(["Cover", "Index", "Overseas exchanges"]);
    expect(names).toContain("Overseas social-media attention");
    const cover = workbook.getWorksheet("Cover")!;
    expect(cover.getCell("A1").value).toBe("China City Overseas Influence Index");
    expect(cover.getCell("A2").value).toBe("中国城市海外影响力指数");
    expect(String(cover.getCell("B5").value)).toMatch(
      /^Illustrative data: the indicator values are generated/,
    );
    expect(String(cover.getCell("B6").value)).toMatch(/^示例数据/);
    const index = workbook.getWorksheet("Index")!;
    expect(index.getCell("A1").value).toBe("China City Overseas Influence Index: scores and ranks, 2025");
    expect(index.rowCount).toBe(6 + 27);
    const csv = (await readFile(join(out, "results.csv"), "utf8")).split("\n");
    const best = csv.find((line) => /^[^,]+,2025,index,3,[^,]+,1$/.test(line))!.split(",");
    expect([index.getCell("A7").value, index.getCell("D7").value, index.getCell("E7").value]).toEqual([
      best[0],
      Number(best[4]),
      1,
    ]);
  });

  it("opens in LibreOffice: the flagship workbook converts to PDF with Debian's libreoffice", async () => {
    const out = join(work, "example");
    expect(existsSync(join(out, "index.xlsx")), "the previous test writes the workbook").toBe(true);
    expect(existsSync("/usr/bin/libreoffice"), "install it with apt-get install libreoffice-calc-nogui").toBe(
      true,
    );
    const pdfDir = join(work, "pdf");
    const profile = join(work, "lo-profile");
    const converted = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(
        "/usr/bin/libreoffice",
        [
          `-env:UserInstallation=file://${profile}`,
          "--headless",
          "--convert-to",
          "pdf",
          "--outdir",
          pdfDir,
          join(out, "index.xlsx"),
        ],
        { env: { ...process.env, HOME: profile }, timeout: 120_000 },
        (error, _stdout, stderr) => resolve({ code: error ? 1 : 0, stderr }),
      );
    });
    expect(converted.code, converted.stderr).toBe(0);
    const pdf = await readFile(join(pdfDir, "index.pdf"));
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    // Every sheet prints: a workbook LibreOffice could not read converts to a near-empty file.
    expect(pdf.length).toBeGreaterThan(50_000);
  }, 180_000);

  it("reports a bad exporter option as a spec error", async () => {
    const bad = { ...spec, exports: [{ exporter: "xlsx", options: { file: "../outside.xlsx" } }] };
    await writeFile(join(work, "bad.json"), JSON.stringify(bad, null, 2));
    const run = await cityindex(work, "build", "bad.json", "--out", "bad");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("/exports/0/options/file");
  });
});
