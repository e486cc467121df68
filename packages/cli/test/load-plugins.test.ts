import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadPlugins } from "../src/load-plugins.js";
import { tempDir } from "./helpers.js";

const PLUGIN = (name: string) =>
  `{ name: ${JSON.stringify(name)}, sources: [{ id: "fake", label: "Fake", description: "d", options: {}, fetch() { return [][Symbol.iterator](); } }] }`;

/** Writes a package into `<dir>/node_modules/<name>`. */
async function pkg(
  dir: string,
  name: string,
  manifest: Record<string, unknown>,
  files: Record<string, string>,
) {
  const root = join(dir, "node_modules", ...name.split("/"));
  await mkdir(root, { recursive: true });
  await writeFile(join(root, "package.json"), JSON.stringify({ name, version: "1.0.0", ...manifest }));
  for (const [file, text] of Object.entries(files)) await writeFile(join(root, file), text);
}

describe("loadPlugins", () => {
  it("loads a default export, a named `plugin` export and a CommonJS module", async () => {
    const dir = await tempDir();
    await pkg(
      dir,
      "esm-default",
      { type: "module", exports: "./index.js" },
      {
        "index.js": `export default ${PLUGIN("esm-default")};`,
      },
    );
    await pkg(
      dir,
      "@acme/named",
      { type: "module", exports: { ".": "./index.js" } },
      {
        "index.js": `export const plugin = ${PLUGIN("@acme/named")};`,
      },
    );
    await pkg(
      dir,
      "cjs-plugin",
      { main: "index.js" },
      {
        "index.js": `Object.defineProperty(exports, "__esModule", { value: true }); exports.default = ${PLUGIN("cjs-plugin")};`,
      },
    );
    const { plugins, issues } = await loadPlugins(["esm-default", "@acme/named", "cjs-plugin"], dir, {
      fallbackDirs: [],
    });
    expect(issues).toEqual([]);
    expect(plugins.map((p) => [p.name, p.index, p.plugin.name])).toEqual([
      ["esm-default", 0, "esm-default"],
      ["@acme/named", 1, "@acme/named"],
      ["cjs-plugin", 2, "cjs-plugin"],
    ]);
  });

  it("loads a dual package's ESM build, as import() would", async () => {
    const dir = await tempDir();
    await pkg(
      dir,
      "dual",
      {
        exports: {
          ".": {
            import: { types: "./index.d.ts", default: "./index.mjs" },
            require: { types: "./index.d.cts", default: "./index.cjs" },
          },
        },
      },
      {
        "index.mjs": `export default ${PLUGIN("dual-esm")};`,
        "index.cjs": `module.exports = { default: ${PLUGIN("dual-cjs")} };`,
      },
    );
    const { plugins } = await loadPlugins(["dual"], dir, { fallbackDirs: [] });
    expect(plugins[0]?.plugin.name).toBe("dual-esm");
  });

  it("falls back to the CLI's own dependencies", async () => {
    const dir = await tempDir();
    const { plugins, issues } = await loadPlugins(["@cityindex/source-csv"], dir);
    expect(issues).toEqual([]);
    expect(plugins[0]?.plugin.sources?.map((s) => s.id)).toEqual(["csv"]);
  });

  it("prefers the spec's folder over the fallback", async () => {
    const spec = await tempDir();
    const other = await tempDir();
    await pkg(
      spec,
      "p",
      { type: "module", exports: "./index.js" },
      { "index.js": `export default ${PLUGIN("mine")};` },
    );
    await pkg(
      other,
      "p",
      { type: "module", exports: "./index.js" },
      { "index.js": `export default ${PLUGIN("theirs")};` },
    );
    const { plugins } = await loadPlugins(["p"], spec, { fallbackDirs: [other] });
    expect(plugins[0]?.plugin.name).toBe("mine");
    const fallback = await loadPlugins(["p"], await tempDir(), { fallbackDirs: [other] });
    expect(fallback.plugins[0]?.plugin.name).toBe("theirs");
  });

  it("refuses paths, URLs and built-in modules, and reports every bad plugin at /plugins/<i>", async () => {
    const dir = await tempDir();
    await pkg(
      dir,
      "not-a-plugin",
      { type: "module", exports: "./index.js" },
      {
        "index.js": "export default function hello() {}",
      },
    );
    await pkg(
      dir,
      "malformed",
      { type: "module", exports: "./index.js" },
      {
        "index.js": `export default { name: "malformed", sources: [{ id: "Bad Id", label: "x", options: {}, fetch() {} }] };`,
      },
    );
    await pkg(
      dir,
      "explodes",
      { type: "module", exports: "./index.js" },
      {
        "index.js": `throw new Error("boom at load");`,
      },
    );
    const names = [
      "./local.js",
      "/abs/plugin.js",
      "file:///tmp/x.js",
      "https://example.com/x.js",
      "node:fs",
      "fs",
      "Upper",
      "missing-plugin",
      "not-a-plugin",
      "malformed",
      "explodes",
      42,
    ];
    const { plugins, issues } = await loadPlugins(names, dir, { fallbackDirs: [] });
    expect(plugins).toEqual([]);
    expect(issues.map((i) => `${i.path} ${i.code}`)).toEqual([
      "/plugins/0 bad-plugin-name",
      "/plugins/1 bad-plugin-name",
      "/plugins/2 bad-plugin-name",
      "/plugins/3 bad-plugin-name",
      "/plugins/4 bad-plugin-name",
      "/plugins/5 bad-plugin-name",
      "/plugins/6 bad-plugin-name",
      "/plugins/7 plugin-not-found",
      "/plugins/8 bad-plugin",
      "/plugins/9 bad-plugin",
      "/plugins/10 plugin-load-failed",
    ]);
    expect(issues.every((i) => i.severity === "error" && i.source === "plugins")).toBe(true);
    expect(issues[9]?.message).toContain("source id must be kebab-case");
    expect(issues[10]?.message).toContain("boom at load");
  });

  it("ignores a plugins value that is not an array (validation reports it)", async () => {
    expect(await loadPlugins("@cityindex/source-csv", await tempDir())).toEqual({ plugins: [], issues: [] });
  });
});
