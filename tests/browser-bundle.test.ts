import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const core = fileURLToPath(new URL("../packages/core/src/index.ts", import.meta.url));

describe("@cityindex/core in a browser", () => {
  it("bundles for the browser platform without any Node built-in module", async () => {
    const out = await build({
      entryPoints: [core],
      bundle: true,
      platform: "browser",
      format: "esm",
      splitting: true,
      outdir: mkdtempSync(join(tmpdir(), "core-browser-")),
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    expect(out.errors).toEqual([]);
    const inputs = Object.keys(out.metafile.inputs);
    expect(
      inputs.filter((f) => f.startsWith("node:") || /^(fs|path|crypto|os|child_process)$/.test(f)),
    ).toEqual([]);
    // mathjs is loaded lazily: it lands in its own chunk, not in the entry
    const entry = Object.entries(out.metafile.outputs).find(([, o]) => o.entryPoint !== undefined)![1];
    expect(Object.keys(entry.inputs).some((f) => f.includes("node_modules/mathjs/"))).toBe(false);
    expect(inputs.some((f) => f.includes("node_modules/mathjs/"))).toBe(true);
  });
});
