import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run, tempDir } from "./helpers.js";

/** A plugin package in `<dir>/node_modules/cityindex-test-plugin`: an exporter and a failing source. */
const PLUGIN = `
export default {
  name: "cityindex-test-plugin",
  exporters: [{
    id: "summary",
    label: "Summary",
    description: "Writes a text summary",
    options: { type: "object", properties: { escape: { type: "boolean", default: false } } },
    async export(result, options) {
      const files = [{ path: "reports/summary.txt", contents: "units: " + result.units.length + "\\n" }];
      if (options.escape) files.push({ path: "../escaped.txt", contents: "no" });
      return files;
    },
  }],
  sources: [{
    id: "broken",
    label: "Broken",
    description: "Always fails",
    options: { type: "object", properties: {} },
    async *fetch() {
      yield { unit: "chengdu", indicator: "sister_cities", period: "2023", value: 1 };
      throw new Error("connection reset");
    },
  }],
};
`;

async function project(edit: (spec: Record<string, unknown[]>) => void): Promise<string> {
  const dir = await tempDir();
  await run(dir, "init");
  const root = join(dir, "node_modules", "cityindex-test-plugin");
  await mkdir(root, { recursive: true });
  await writeFile(
    join(root, "package.json"),
    JSON.stringify({ name: "cityindex-test-plugin", type: "module", exports: "./index.js" }),
  );
  await writeFile(join(root, "index.js"), PLUGIN);
  const spec = JSON.parse(await readFile(join(dir, "index.json"), "utf8"));
  spec.plugins.push("cityindex-test-plugin");
  edit(spec);
  await writeFile(join(dir, "index.json"), JSON.stringify(spec, null, 2));
  return dir;
}

describe("cityindex build with plugins from the spec's folder", () => {
  it("writes an exporter's files under the output folder", async () => {
    const dir = await project((spec) => {
      spec.exports = [{ exporter: "summary" }];
    });
    const r = await run(dir, "build", "index.json");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("export summary: 1 file");
    expect(await readFile(join(dir, "output", "reports", "summary.txt"), "utf8")).toBe("units: 5\n");
  });

  it("refuses an exporter's path that leaves the output folder", async () => {
    const dir = await project((spec) => {
      spec.exports = [{ exporter: "summary", options: { escape: true } }];
    });
    const r = await run(dir, "build", "index.json");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /error {4}\/exports\/0 {2}exporter `summary` tried to write `\.\.\/escaped\.txt`, outside the output directory {2}\[cityindex-test-plugin\]/,
    );
    await expect(readFile(join(dir, "escaped.txt"))).rejects.toThrow();
  });

  it("reports an unknown exporter option from the plugin's schema", async () => {
    const dir = await project((spec) => {
      spec.exports = [{ exporter: "summary", options: { colour: "red" } }];
    });
    const r = await run(dir, "validate", "index.json");
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("/exports/0/options");
  });

  it("stops before building when a source throws", async () => {
    const dir = await project((spec) => {
      spec.sources?.push({ id: "remote", source: "broken" });
    });
    const r = await run(dir, "build", "index.json", "--json");
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.issues).toContainEqual({
      severity: "error",
      code: "source-failed",
      path: "/sources/1",
      message: "source `remote` failed: connection reset",
      source: "cityindex-test-plugin",
    });
    expect(report.outputs).toEqual([]);
  });
});
