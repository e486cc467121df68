import { readFileSync } from "node:fs";
import { InputError, resultsCsv, resultToJSON } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import plugin, {
  csvExporter,
  csvFiles,
  jsonExporter,
  PLUGIN_NAME,
  PLUGIN_VERSION,
  resultJsonText,
  wideCsv,
} from "../src/index.js";
import { exportContext, smallResult, smallSpec } from "./helpers.js";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  name: string;
  version: string;
};

/** Splits CSV text into rows of cells (RFC 4180 quoting). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else cell += c;
  }
  return rows;
}

describe("the plugin", () => {
  it("is named and versioned like its package", () => {
    expect(plugin.name).toBe(pkg.name);
    expect(PLUGIN_NAME).toBe(pkg.name);
    expect(PLUGIN_VERSION).toBe(pkg.version);
    expect(plugin.exporters.map((e) => e.id)).toEqual(["csv", "json"]);
  });
});

describe("the csv exporter", () => {
  it("writes results.csv exactly as resultsCsv does, by default", async () => {
    const result = await smallResult();
    const files = await csvExporter.export(result, {}, exportContext());
    expect(files).toEqual([{ path: "results.csv", contents: resultsCsv(result), mediaType: "text/csv" }]);
  });

  it("writes wide tables of scores and ranks, one column per node, index first", async () => {
    const result = await smallResult();
    const files = csvFiles(result, { tables: ["scores", "ranks", "long"], ranksFile: "tables/ranks.csv" });
    expect(files.map((f) => f.path)).toEqual(["scores.csv", "tables/ranks.csv", "results.csv"]);
    const scores = parseCsv(files[0]!.contents as string);
    expect(scores[0]).toEqual(["unit", "period", "index", "dimA", "dimB", "flights", "crime", "rating"]);
    expect(scores).toHaveLength(1 + 4 * 2);
    // 2024: the index is 62.5, 81.25, 6.25, 45 for A, B, C, D in the unperturbed data; here B is perturbed
    const byKey = new Map(scores.slice(1).map((r) => [`${r[0]}/${r[1]}`, r]));
    for (const [u, unit] of result.units.entries()) {
      for (const [p, period] of result.periods.entries()) {
        const row = byKey.get(`${unit}/${period}`)!;
        expect(Number(row[2])).toBe(result.scores.get("index", u, p));
        const ranks = parseCsv(files[1]!.contents as string).find((r) => r[0] === unit && r[1] === period)!;
        expect(Number(ranks[2])).toBe(result.ranks.get("index", u, p));
      }
    }
  });

  it("writes missing values as empty cells", async () => {
    const result = await smallResult();
    const text = wideCsv(result, "scores");
    const header = parseCsv(text)[0]!;
    // crime of C is missing in the raw data but imputed; the raw table has no place here, so check a gap:
    const nan = result.units.some((_, u) => Number.isNaN(result.scores.get("crime", u, 0)));
    const cells = parseCsv(text)
      .slice(1)
      .map((r) => r[header.indexOf("crime")]);
    expect(cells.includes("")).toBe(nan);
  });

  it("keeps labels that look like formulas as text", async () => {
    const result = await smallResult();
    const text = wideCsv(result, "scores", ["en", "zh"]);
    const rows = parseCsv(text);
    expect(rows[0]!.slice(0, 4)).toEqual(["unit", "period", "label_en", "label_zh"]);
    const b = rows.find((r) => r[0] === "B")!;
    expect(b[2]).toBe('\'=HYPERLINK("http://x")');
    expect(b[3]).toBe("贝塔");
    expect(rows.find((r) => r[0] === "C")![2]).toBe('Gamma, "the third"');
    expect(rows.find((r) => r[0] === "D")![2]).toBe("'@Delta");
    // no cell of any table starts with a formula character
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it("keeps unit ids that look like formulas as text", async () => {
    const spec = smallSpec();
    spec.units[0]!.id = "=1+1";
    const { buildIndex } = await import("@cityindex/core");
    const { smallData } = await import("./helpers.js");
    const data = smallData().map((o) => (o.unit === "A" ? { ...o, unit: "=1+1" } : o));
    const { result } = await buildIndex(spec, data);
    const text = wideCsv(result!, "ranks");
    expect(text).toContain("\n'=1+1,2023,");
    expect(text).not.toMatch(/(^|\n)=/);
  });

  it("refuses bad options", async () => {
    const result = await smallResult();
    expect(() => csvFiles(result, { tables: ["wide" as never] })).toThrow(
      "csv exporter: `tables` has `wide`; the tables are long, scores, ranks",
    );
    expect(() => csvFiles(result, { file: "../x.csv" })).toThrow(InputError);
    expect(() => csvFiles(result, { tables: ["long", "scores"], scoresFile: "results.csv" })).toThrow(
      "two tables would be written to the same file `results.csv`",
    );
    expect(() => csvFiles(result, { colour: 1 } as never)).toThrow("unknown option `colour`");
  });
});

describe("the json exporter", () => {
  it("writes results.json as resultToJSON makes it, indented like cityindex build", async () => {
    const result = await smallResult();
    const [file] = await jsonExporter.export(result, {}, exportContext());
    expect(file!.path).toBe("results.json");
    expect(file!.mediaType).toBe("application/json");
    expect(file!.contents).toBe(`${JSON.stringify(resultToJSON(result), null, 2)}\n`);
    expect(JSON.parse(file!.contents as string)).toEqual(JSON.parse(JSON.stringify(resultToJSON(result))));
  });

  it("writes one line with pretty: false, to another file", async () => {
    const result = await smallResult();
    const [file] = await jsonExporter.export(
      result,
      { file: "out/result.json", pretty: false },
      exportContext(),
    );
    expect(file!.path).toBe("out/result.json");
    expect(file!.contents).toBe(resultJsonText(result, false));
    expect((file!.contents as string).trimEnd()).not.toContain("\n");
  });

  it("refuses bad options", async () => {
    const result = await smallResult();
    await expect(jsonExporter.export(result, { file: "x.txt" }, exportContext())).rejects.toThrow(
      "json exporter: `file` must be a relative path ending in `.json`, got `x.txt`",
    );
    await expect(jsonExporter.export(result, { pretty: "yes" } as never, exportContext())).rejects.toThrow(
      "`pretty` must be true or false",
    );
  });
});
