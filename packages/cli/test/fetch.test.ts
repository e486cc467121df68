import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Spec } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { missingCells, observationsCsv } from "../src/commands/fetch.js";
import { run, tempDir } from "./helpers.js";

const spec = {
  id: "fetch-unit",
  units: [{ id: "chengdu" }, { id: "lhasa" }],
  indicators: [{ id: "routes" }, { id: "visitors" }, { id: "per_route", formula: "visitors / routes" }],
  framework: { id: "index", children: [{ id: "routes" }, { id: "visitors" }, { id: "per_route" }] },
  sources: [
    {
      id: "data",
      source: "csv",
      options: {
        path: "data.csv",
        layout: "wide",
        unitColumn: "city",
        periodColumn: "year",
        licence: "=HYPERLINK(1)",
      },
    },
  ],
  pipeline: [
    { step: "derive", method: "formula" },
    { step: "normalise", method: "min-max", options: { range: [0, 100] } },
    { step: "aggregate", method: "arithmetic" },
  ],
  plugins: ["@cityindex/source-csv"],
};

describe("cityindex fetch", () => {
  it("writes observations with provenance and reports the pairs with no value, formulas aside", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "index.json"), JSON.stringify(spec));
    await writeFile(
      join(dir, "data.csv"),
      "city,year,routes,visitors\nchengdu,2023,131,2.2\nchengdu,2024,140,\nlhasa,2024,12,\n",
    );
    const r = await run(dir, "fetch", "index.json");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("Fetched 1 of 1 source: 6 values");
    expect(r.stdout).toContain("No value at all for 1 unit × indicator pair:\n  visitors: lhasa\n");
    expect(r.stdout).toContain(
      "Missing in some periods: 2 unit × indicator pairs:\n  routes: lhasa (2023)\n  visitors: chengdu (2024)\n",
    );
    expect(r.stdout).toContain(
      `Wrote ${join("output", "observations.csv")}, ${join("output", "fetch-report.json")}`,
    );
    const csv = await readFile(join(dir, "output", "observations.csv"), "utf8");
    const lines = csv.trimEnd().split("\n");
    expect(lines[0]).toBe("unit,indicator,period,value,source,location,retrieved,hash,licence");
    expect(lines[1]).toMatch(
      /^chengdu,routes,2023,131,csv:data,data\.csv:2:3,,sha256:[0-9a-f]{64},'=HYPERLINK\(1\)$/,
    );
    expect(lines.some((l) => l.startsWith("chengdu,visitors,2024,,"))).toBe(true);
    const report = JSON.parse(await readFile(join(dir, "output", "fetch-report.json"), "utf8"));
    expect(report.missing).toEqual([
      { indicator: "routes", unit: "lhasa", all: false, periods: ["2023"] },
      { indicator: "visitors", unit: "chengdu", all: false, periods: ["2024"] },
      { indicator: "visitors", unit: "lhasa", all: true, periods: ["2023", "2024"] },
    ]);
    expect(report.cacheDir).toBe(join(dir, ".cityindex", "cache"));
  });

  it("reports a spec that cannot be read, and an invalid contact, as bad input", async () => {
    const dir = await tempDir();
    const missing = await run(dir, "fetch", "nope.json", "--json");
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout).issues[0].message).toBe("spec file `nope.json` does not exist");

    await writeFile(join(dir, "index.json"), JSON.stringify(spec));
    await writeFile(join(dir, "data.csv"), "city,year,routes,visitors\n");
    let stderr = "";
    const { runCli } = await import("../src/run-cli.js");
    const code = await runCli(["fetch", "index.json"], {
      cwd: dir,
      env: { CITYINDEX_CONTACT: "me@example.org\nX-Evil: 1" },
      stdout: { write: () => true },
      stderr: { write: (s: string) => (stderr += s) },
    });
    expect(code).toBe(1);
    expect(stderr).toContain("CITYINDEX_CONTACT");
    expect(stderr).toContain("must be one line");
  });

  it("honours --out, --cache-dir and --quiet", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "index.json"), JSON.stringify(spec));
    await writeFile(join(dir, "data.csv"), "city,year,routes,visitors\nchengdu,2024,1,2\nlhasa,2024,3,4\n");
    const r = await run(dir, "fetch", "index.json", "--out", "got", "--cache-dir", "cache", "--quiet");
    expect(r).toEqual({ code: 0, stdout: "", stderr: "" });
    const report = JSON.parse(await readFile(join(dir, "got", "fetch-report.json"), "utf8"));
    expect(report.cacheDir).toBe(join(dir, "cache"));
    expect(report.missing).toEqual([]);
  });
});

describe("missingCells and observationsCsv", () => {
  it("lists pairs without a value, treating null and NaN as missing", () => {
    const s = spec as unknown as Spec;
    const cells = missingCells(s, [
      { unit: "chengdu", indicator: "routes", period: "2024", value: 1 },
      { unit: "chengdu", indicator: "visitors", period: "2024", value: null },
      { unit: "lhasa", indicator: "routes", period: "2024", value: Number.NaN },
    ]);
    expect(cells.map((c) => `${c.indicator}/${c.unit}/${c.all}`)).toEqual([
      "routes/lhasa/true",
      "visitors/chengdu/true",
      "visitors/lhasa/true",
    ]);
    expect(missingCells(s, [])).toHaveLength(4);
    expect(observationsCsv([{ unit: "a", indicator: "b", period: "2024", value: 0.1 }])).toBe(
      "unit,indicator,period,value,source,location,retrieved,hash,licence\na,b,2024,0.1,,,,,\n",
    );
  });
});
