/**
 * End-to-end tests of the `cityindex` binary: each spawns `node packages/cli/dist/cli.js` in a temporary folder
 * outside the repository (no node_modules above it, so plugins resolve from the CLI's own dependencies).
 * Needs a build: `npm run build` (the root `npm test` builds first).
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CLI = join(ROOT, "packages", "cli", "dist", "cli.js");
/** COINr's reference data: `shared/` sits beside the checkout. */
const ASEM = join(ROOT, "..", "shared", "reference", "coinr-asem", "data");

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cityindex(cwd: string, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd, env: { ...process.env, NO_COLOR: "1" }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const csvLines = async (file: string) => (await readFile(file, "utf8")).trimEnd().split("\n");

let work: string;

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} does not exist: run \`npm run build\` first`);
  work = await mkdtemp(join(tmpdir(), "cityindex-e2e-"));
});

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe("cityindex (built binary)", () => {
  it("starts with a shebang and prints its version", async () => {
    expect((await readFile(CLI, "utf8")).startsWith("#!/usr/bin/env node\n")).toBe(true);
    const r = await cityindex(ROOT, "--version");
    expect(r).toEqual({ code: 0, stdout: "0.1.0\n", stderr: "" });
  });

  it("init + build in an empty folder writes results.csv with one row per unit, period and node", async () => {
    const dir = join(work, "starter");
    const init = await cityindex(work, "init", "starter");
    expect(init.code, init.stderr).toBe(0);
    expect(existsSync(join(dir, "node_modules"))).toBe(false);

    const build = await cityindex(dir, "build", "index.json");
    expect(build.code, build.stderr).toBe(0);
    expect(build.stdout).toContain("Built");
    const lines = await csvLines(join(dir, "output", "results.csv"));
    expect(lines[0]).toBe("unit,period,node,level,score,rank");
    // 5 units × 2 periods × (4 indicators + 2 dimensions + 1 index)
    expect(lines).toHaveLength(1 + 5 * 2 * 7);
    expect(existsSync(join(dir, "output", "results.json"))).toBe(true);
    expect(await readFile(join(dir, "output", "NOTICE.txt"), "utf8")).toContain("illustrative");
  });

  it("validate on a broken spec exits 1 and lists every issue", async () => {
    const dir = join(work, "broken");
    await cityindex(work, "init", "broken");
    const spec = JSON.parse(await readFile(join(dir, "index.json"), "utf8"));
    spec.pipeline[0].options.range = [0];
    spec.indicators[3].direction = 0;
    spec.units[2].id = "a/b";
    spec.plugins.push("./my-plugin.js");
    await writeFile(join(dir, "index.json"), JSON.stringify(spec));
    const r = await cityindex(dir, "validate", "index.json");
    expect(r.code).toBe(1);
    const errors = r.stdout.split("\n").filter((l) => l.startsWith("error"));
    expect(errors.length).toBeGreaterThanOrEqual(4);
    for (const path of [
      "/pipeline/0/options/range",
      "/indicators/3/direction",
      "/units/2/id",
      "/plugins/1",
    ]) {
      expect(errors.some((l) => l.includes(` ${path} `))).toBe(true);
    }
    expect(r.stdout).toMatch(/index\.json is not valid: \d+ errors\n$/);
    expect(r.stderr).not.toMatch(/\n\s+at /);

    const json = await cityindex(dir, "validate", "index.json", "--json");
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).issues.length).toBe(errors.length);
  });

  it("usage errors exit 2", async () => {
    expect((await cityindex(work, "nonsense")).code).toBe(2);
    expect((await cityindex(work, "build")).code).toBe(2);
    expect((await cityindex(work, "validate", "x.json", "--nope")).code).toBe(2);
  });

  it("import-coinr on COINr's ASEM tables, then build: 51 units × 60 nodes", async () => {
    const imported = await cityindex(
      work,
      "import-coinr",
      join(ASEM, "ASEM_iData.csv"),
      join(ASEM, "ASEM_iMeta.csv"),
      "--out",
      "asem",
    );
    expect(imported.code, imported.stderr).toBe(0);
    const build = await cityindex(work, "build", join("asem", "index.json"), "--json");
    expect(build.code, build.stdout).toBe(0);
    const report = JSON.parse(build.stdout);
    expect(report.ok).toBe(true);
    expect(report.outputs).toContain(join(work, "asem", "output", "results.csv"));
    const lines = await csvLines(join(work, "asem", "output", "results.csv"));
    expect(lines[0]).toBe("unit,period,node,level,score,rank");
    expect(lines).toHaveLength(1 + 51 * (49 + 8 + 2 + 1));
  });
});
