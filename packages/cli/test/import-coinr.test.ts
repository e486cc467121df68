import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { run, tempDir } from "./helpers.js";

const ASEM = fileURLToPath(new URL("../../../../shared/reference/coinr-asem/data/", import.meta.url));

describe("cityindex import-coinr", () => {
  it("imports COINr's ASEM example into a spec that builds", async () => {
    const dir = await tempDir();
    const r = await run(
      dir,
      "import-coinr",
      `${ASEM}ASEM_iData.csv`,
      `${ASEM}ASEM_iMeta.csv`,
      "--out",
      "asem",
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("Imported 51 units, 49 indicators (+4 denominators), 11 aggregates, 1 period");
    expect(r.stdout).toContain("Next: cityindex build asem/index.json");

    const spec = JSON.parse(await readFile(join(dir, "asem", "index.json"), "utf8"));
    expect(spec.sources).toEqual([
      { id: "data", source: "csv", options: { path: "data.csv", layout: "long" } },
    ]);
    expect(spec.plugins).toEqual(["@cityindex/source-csv"]);
    const data = (await readFile(join(dir, "asem", "data.csv"), "utf8")).trimEnd().split("\n");
    expect(data[0]).toBe("unit,indicator,period,value");
    expect(data).toContain("AUT,LPI,2018,4.097985");
    expect(data).toHaveLength(1 + 51 * 53);

    const build = await run(dir, "build", "asem/index.json", "--json");
    expect(build.code, build.stdout).toBe(0);
    const csv = (await readFile(join(dir, "asem", "output", "results.csv"), "utf8")).trimEnd().split("\n");
    expect(csv).toHaveLength(1 + 51 * (49 + 8 + 2 + 1));

    const again = await run(
      dir,
      "import-coinr",
      `${ASEM}ASEM_iData.csv`,
      `${ASEM}ASEM_iMeta.csv`,
      "--out",
      "asem",
    );
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("asem/index.json");
    expect(again.stderr).toContain("already exists; use --force to overwrite it");
    const forced = await run(
      dir,
      "import-coinr",
      `${ASEM}ASEM_iData.csv`,
      `${ASEM}ASEM_iMeta.csv`,
      "-o",
      "asem",
      "-f",
    );
    expect(forced.code).toBe(0);
  });

  it("writes nothing and lists every problem when a table is bad", async () => {
    const dir = await tempDir();
    const meta = (await readFile(`${ASEM}ASEM_iMeta.csv`, "utf8"))
      .replace('"Physical","Indicator"', '"Physics","Indicator"')
      .replace('"1","Flights"', '"2","Flights"');
    await writeFile(join(dir, "meta.csv"), meta);
    const r = await run(dir, "import-coinr", `${ASEM}ASEM_iData.csv`, "meta.csv", "--out", "out", "--json");
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.ok).toBe(false);
    expect(report.outputs).toEqual([]);
    expect(report.issues.map((i: { path: string }) => i.path)).toEqual(["iMeta:1:Parent", "iMeta:2:Level"]);
  });

  it("reports a missing file and malformed CSV", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "bad.csv"), 'a,b\n1,"2\n');
    const r = await run(dir, "import-coinr", "missing.csv", "bad.csv", "--out", "out");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("file `missing.csv` does not exist");
    expect(r.stderr).toMatch(/error {4}bad\.csv:\d+ +`bad\.csv` is not valid CSV/);
  });
});
