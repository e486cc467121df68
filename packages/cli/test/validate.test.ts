import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run, tempDir } from "./helpers.js";

/** The parts of the starter spec the tests change. */
interface StarterSpec {
  pipeline: { options: Record<string, unknown> }[];
  indicators: { direction?: number }[];
  sources: { options: Record<string, unknown> }[];
  plugins: string[];
  [key: string]: unknown;
}

/** A project made by `init`, with its spec changed by `edit`. */
async function brokenProject(edit: (spec: StarterSpec) => void): Promise<string> {
  const dir = await tempDir();
  await run(dir, "init");
  const spec = JSON.parse(await readFile(join(dir, "index.json"), "utf8"));
  edit(spec);
  await writeFile(join(dir, "broken.json"), JSON.stringify(spec, null, 2));
  return dir;
}

describe("cityindex validate", () => {
  it("accepts the starter spec", async () => {
    const dir = await tempDir();
    await run(dir, "init");
    const r = await run(dir, "validate", "index.json");
    expect(r).toEqual({ code: 0, stdout: "index.json is valid\n", stderr: "" });
  });

  it("prints every problem of a broken spec with its path, and returns 1", async () => {
    const dir = await brokenProject((spec) => {
      spec.pipeline[0]!.options.range = [0];
      spec.indicators[1]!.direction = 2;
      spec.sources[0]!.options.layout = "tall";
      spec.extra = true;
    });
    const r = await run(dir, "validate", "broken.json");
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("");
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines.at(-1)).toBe("broken.json is not valid: 4 errors");
    const byPath = (path: string) => lines.find((l) => l.split(/\s{2,}/)[1] === path);
    expect(byPath("/pipeline/0/options/range")).toMatch(
      /^error {4}\/pipeline\/0\/options\/range {2}.+ {2}\[spec\]$/,
    );
    expect(byPath("/indicators/1/direction")).toBeDefined();
    expect(byPath("/sources/0/options/layout")).toBeDefined();
    expect(byPath("/extra")).toBeDefined();
    // Aligned: every message starts in the same column.
    const starts = lines.slice(0, -1).map((l) => /^\S+ +\S+ +/.exec(l)?.[0].length);
    expect(new Set(starts).size).toBe(1);
  });

  it("reports plugins that are paths, missing or malformed, at /plugins/<i>", async () => {
    const dir = await brokenProject((spec) => {
      spec.plugins.push(
        "../plugin.js",
        "https://example.com/p.js",
        "cityindex-plugin-that-is-not-installed",
        "fs",
      );
    });
    const r = await run(dir, "validate", "broken.json", "--json");
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.ok).toBe(false);
    const at = (path: string) => report.issues.filter((i: { path: string }) => i.path === path);
    expect(at("/plugins/1")).toHaveLength(1);
    expect(at("/plugins/1")[0].message).toContain("is not a package name");
    expect(at("/plugins/2")[0].code).toBe("bad-plugin-name");
    expect(at("/plugins/3")[0]).toMatchObject({ code: "plugin-not-found", severity: "error" });
    expect(at("/plugins/4")[0].message).toContain("built-in module");
  });

  it("reports a syntax error with its line", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "bad.json"), '{\n  "id": "x",\n  "units": [,]\n}\n');
    const r = await run(dir, "validate", "bad.json");
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^error {4}.*bad\.json:3:\d+ {2}invalid JSON/);
  });

  it("reports a missing file as bad input, not a crash", async () => {
    const dir = await tempDir();
    const r = await run(dir, "validate", "nowhere.json");
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("spec file `nowhere.json` does not exist");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("validates YAML specs too", async () => {
    const dir = await tempDir();
    await run(dir, "init");
    const spec = JSON.parse(await readFile(join(dir, "index.json"), "utf8"));
    delete spec.$schema;
    // JSON is YAML; a .yaml extension selects the YAML parser.
    await writeFile(join(dir, "index.yaml"), JSON.stringify(spec));
    expect((await run(dir, "validate", "index.yaml")).code).toBe(0);
  });
});
