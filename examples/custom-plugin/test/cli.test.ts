/**
 * The plugin as users meet it: a spec in `example/` names it in `plugins`, and the `cityindex` command loads it
 * by package name, reads the data with its source, normalises with its method and writes its GeoJSON file.
 * Needs the CLI and this plugin built (`npm run build`).
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const HERE = fileURLToPath(new URL("..", import.meta.url));
const CLI = join(HERE, "..", "..", "packages", "cli", "bin", "cityindex.js");
const SPEC = join(HERE, "example", "index.json");

function cityindex(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { env: { ...process.env, NO_COLOR: "1" } },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

describe("the plugin from the command line", () => {
  let out: string | undefined;
  afterAll(async () => {
    if (out) await rm(out, { recursive: true, force: true });
  });

  it("validates and builds a spec that names it, writing its GeoJSON layer", async () => {
    expect(existsSync(join(HERE, "dist", "index.js")), "build the plugin first: npm run build").toBe(true);
    const valid = await cityindex("validate", SPEC);
    expect(valid.code, valid.stdout + valid.stderr).toBe(0);

    out = await mkdtemp(join(tmpdir(), "plugin-example-"));
    const built = await cityindex("build", SPEC, "--out", out, "--json");
    expect(built.code, built.stdout + built.stderr).toBe(0);
    const report = JSON.parse(built.stdout);
    expect(report.ok).toBe(true);
    expect(report.outputs).toContain(join(out, "index.geojson"));

    const layer = JSON.parse(await readFile(join(out, "index.geojson"), "utf8"));
    expect(layer.features).toHaveLength(4);
    const first = layer.features.find(
      (f: { properties: { index_rank: number } }) => f.properties.index_rank === 1,
    );
    expect(first.properties.id).toBe("chengdu");

    const results = JSON.parse(await readFile(join(out, "results.json"), "utf8"));
    const steps = results.provenance.steps.map(
      (s: { method: string; plugin: string }) => `${s.method} ${s.plugin}`,
    );
    expect(steps).toEqual(["logistic cityindex-plugin-example", "geometric @cityindex/core"]);
    expect(results.provenance.sources[0]).toMatchObject({
      source: "json-lines:observations",
      observations: 24,
      illustrative: 24,
    });
  });
});
