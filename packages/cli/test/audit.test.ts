import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run, tempDir } from "./helpers.js";

async function project(): Promise<string> {
  const dir = await tempDir();
  const init = await run(dir, "init", "project");
  expect(init.code).toBe(0);
  return join(dir, "project");
}

describe("cityindex audit", () => {
  it("prints the flags first and writes every table", async () => {
    const dir = await project();
    const audit = await run(dir, "audit", "index.json");
    expect(audit.code, audit.stderr).toBe(0);
    const lines = audit.stdout.split("\n");
    expect(lines[0]).toBe("Audit of 2024 (data checks on Raw)");
    expect(lines[2]).toMatch(/^Flags: \d+ warning\(s\), \d+ note\(s\)$/);
    expect(audit.stdout).toContain("Internal consistency (Cronbach's alpha");
    expect(audit.stdout).toContain("Leaving one element of level 1 out");
    expect(audit.stdout).toContain("Tables written to output/audit");
    const out = join(dir, "output", "audit");
    for (const file of [
      "flags.csv",
      "indicators.csv",
      "units.csv",
      "correlations.csv",
      "sibling-correlations.csv",
      "denominators.csv",
      "consistency.csv",
      "weights.csv",
      "removal.csv",
      "benchmarks.csv",
      "profiles.csv",
    ]) {
      const text = await readFile(join(out, file), "utf8");
      expect(text.split("\n")[0], file).toMatch(/^[a-z_]+(,[a-z_0-9]+)+$/);
    }
    const indicators = (await readFile(join(out, "indicators.csv"), "utf8")).trimEnd().split("\n");
    expect(indicators).toHaveLength(1 + 4);
    const json = JSON.parse(await readFile(join(out, "audit.json"), "utf8"));
    expect(json.period).toBe("2024");
    expect(json.indicators).toHaveLength(4);
    expect(json.profiles).toHaveLength(5);
  });

  it("compares with an external ranking given as a CSV of unit and rank", async () => {
    const dir = await project();
    const spec = JSON.parse(await readFile(join(dir, "index.json"), "utf8"));
    const units: string[] = spec.units.map((u: { id: string }) => u.id);
    await writeFile(
      join(dir, "published.csv"),
      `unit,rank\n${units.map((u, i) => `${u},${i + 1}`).join("\n")}\n`,
    );
    const audit = await run(
      dir,
      "audit",
      "index.json",
      "--benchmark",
      "published.csv",
      "--no-removal",
      "--json",
    );
    expect(audit.code, audit.stderr).toBe(0);
    const report = JSON.parse(audit.stdout);
    expect(report.ok).toBe(true);
    expect(report.flags.some((f: { code: string }) => f.code === "benchmark")).toBe(true);
    const table = await readFile(join(dir, "output", "audit", "benchmarks.csv"), "utf8");
    expect(table.trimEnd().split("\n")).toHaveLength(1 + units.length);
    const correlations = (await readFile(join(dir, "output", "audit", "correlations.csv"), "utf8")).split(
      "\n",
    );
    expect(correlations[0]).toContain(",p_value,");
    expect(correlations[1]).toMatch(/,0(\.\d+)?(e-\d+)?,|,1,/);
    const removal = await readFile(join(dir, "output", "audit", "removal.csv"), "utf8");
    expect(removal.trimEnd().split("\n")).toHaveLength(1);
  });

  it("rejects a benchmark without the right columns, a bad number, an unknown period or coefficient", async () => {
    const dir = await project();
    await writeFile(join(dir, "bad.csv"), "city,position\na,1\n");
    const bad = await run(dir, "audit", "index.json", "--benchmark", "bad.csv");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(
      "benchmark `bad.csv` needs a `unit` column and a `rank` or `score` column; it has `city`, `position`",
    );
    await writeFile(join(dir, "nan.csv"), "unit,rank\na,first\n");
    const nan = await run(dir, "audit", "index.json", "--benchmark", "nan.csv");
    expect(nan.code).toBe(1);
    expect(nan.stderr).toContain("nan.csv:2");
    expect(nan.stderr).toContain("rank of `a` is not a number: `first`");
    const period = await run(dir, "audit", "index.json", "--period", "1999", "--no-removal");
    expect(period.code).toBe(1);
    expect(period.stderr).toContain("no period `1999`; the data has `2023`, `2024`");
    const coefficient = await run(dir, "audit", "index.json", "--correlation", "cosine");
    expect(coefficient.code).toBe(1);
    expect(coefficient.stderr).toContain("unknown correlation `cosine`; use pearson, spearman, kendall");
  });
});
