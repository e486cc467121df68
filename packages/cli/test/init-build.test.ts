import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run, tempDir } from "./helpers.js";

describe("cityindex init, then build", () => {
  it("scaffolds a project that builds at once", async () => {
    const dir = await tempDir();
    const init = await run(dir, "init", "project");
    expect(init.stderr).toBe("");
    expect(init.code).toBe(0);
    expect(init.stdout).toContain("Next: cd project && cityindex build index.json");

    const project = join(dir, "project");
    const spec = JSON.parse(await readFile(join(project, "index.json"), "utf8"));
    expect(spec.$schema).toBe("./index.schema.json");
    expect(spec.plugins).toEqual(["@cityindex/source-csv"]);
    const schema = JSON.parse(await readFile(join(project, "index.schema.json"), "utf8"));
    expect(schema.type).toBe("object");
    expect(JSON.stringify(schema)).toContain("unitColumn"); // the csv source's options are in the schema
    expect(await readFile(join(project, "README.md"), "utf8")).toContain("index.json");

    const build = await run(project, "build", "index.json");
    expect(build.code, build.stderr).toBe(0);
    expect(build.stderr).toContain("source data (csv): 40 values");
    expect(build.stdout).toContain("5 units, 4 indicators, 2 periods (2023, 2024)");
    expect(build.stdout).toContain("Top 5 in 2024 (City International Influence):");
    expect(build.stdout).toContain("Notice: The values in data.csv are illustrative, not measured.");

    const csv = await readFile(join(project, "output", "results.csv"), "utf8");
    const lines = csv.trimEnd().split("\n");
    expect(lines[0]).toBe("unit,period,node,level,score,rank");
    expect(lines).toHaveLength(1 + 5 * 2 * 7);
    const json = JSON.parse(await readFile(join(project, "output", "results.json"), "utf8"));
    expect(json).toBeTypeOf("object");
    // The statistical audit travels with the result, for exporters.
    expect(json.analysis.period).toBe("2024");
    expect(json.analysis.indicators).toHaveLength(4);
    expect(Array.isArray(json.analysis.flags)).toBe(true);
    expect(await readFile(join(project, "output", "NOTICE.txt"), "utf8")).toBe(
      "The values in data.csv are illustrative, not measured.\n",
    );
  });

  it("refuses to overwrite files unless --force", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "data.csv"), "mine\n");
    const again = await run(dir, "init");
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("`data.csv` already exists; use --force to overwrite it");
    expect(again.stderr).toContain("init wrote nothing");
    expect(await readFile(join(dir, "data.csv"), "utf8")).toBe("mine\n");
    const forced = await run(dir, "init", "--force");
    expect(forced.code).toBe(0);
    expect(await readFile(join(dir, "data.csv"), "utf8")).toContain("city,name,year");
  });

  it("writes to --out and reports outputs with --json", async () => {
    const dir = await tempDir();
    await run(dir, "init");
    const build = await run(dir, "build", "index.json", "--out", "elsewhere", "--json");
    expect(build.code).toBe(0);
    expect(build.stderr).toBe("");
    const report = JSON.parse(build.stdout);
    expect(report.ok).toBe(true);
    expect(report.outputs).toEqual([
      join(dir, "elsewhere", "results.csv"),
      join(dir, "elsewhere", "results.json"),
      join(dir, "elsewhere", "NOTICE.txt"),
      // the starter data has several years: the change from the first to the last, split among the children,
      // and the trends over the years
      join(dir, "elsewhere", "changes.csv"),
      join(dir, "elsewhere", "contributions.csv"),
      join(dir, "elsewhere", "trends.csv"),
    ]);
    expect(report.movers.node).toBe("index");
    expect(report.summary.top).toHaveLength(5);
    expect(report.summary.top[0].rank).toBe(1);
  });

  it("stops before building when a source has an error, printing every issue", async () => {
    const dir = await tempDir();
    await run(dir, "init");
    const csv = await readFile(join(dir, "data.csv"), "utf8");
    await writeFile(join(dir, "data.csv"), csv.replace("38,131", "lots,131").replace("5630", "many"));
    const build = await run(dir, "build", "index.json");
    expect(build.code).toBe(1);
    const errors = build.stderr.split("\n").filter((l) => l.startsWith("error"));
    expect(errors.length).toBeGreaterThanOrEqual(2);
    expect(build.stderr).toContain("build failed");
    expect(build.stdout).toBe("");
  });
});
