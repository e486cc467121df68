import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRegistry, methodReference, methodsReference, minMax, runMethodExample } from "@cityindex/core";
import { describe, expect, it } from "vitest";

const docs = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "..", "docs", "methods");

describe("methods reference", () => {
  it("docs/methods is what the method definitions generate (run `npm run docs:methods` after a change)", async () => {
    const pages = await methodsReference(createRegistry());
    const onDisk = readdirSync(docs, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith(".md"))
      .map((e) =>
        join(e.parentPath, e.name)
          .slice(docs.length + 1)
          .replaceAll("\\", "/"),
      )
      .sort();
    expect(onDisk).toEqual(pages.map((p) => p.path).sort());
    for (const page of pages)
      expect(readFileSync(join(docs, page.path), "utf8"), page.path).toBe(page.content);
  });

  it("has a page for every registered method and an index linking them", async () => {
    const registry = createRegistry();
    const pages = await methodsReference(registry);
    const index = pages.find((p) => p.path === "README.md")!.content;
    for (const { definition } of registry.methods()) {
      expect(index).toContain(`(${definition.stage}/${definition.id}.md)`);
    }
    expect(pages).toHaveLength(registry.methods().length + 1);
  });

  it("runs the worked example: min-max of COINr's test vector, by hand", async () => {
    // x = 3,1,4,1,5,9,2,6,NA,5,35,8: min 1, max 35, so y = (x − 1) / 34 · 100; x = 35 → 100, x = 3 → 5.88235...
    const run = await runMethodExample(minMax);
    expect(run!.output[10]).toBe(100);
    expect(run!.output[1]).toBe(0);
    expect(run!.output[0]).toBeCloseTo((2 / 34) * 100, 12);
    expect(Number.isNaN(run!.output[8]!)).toBe(true);
    const page = await methodReference(minMax, "@cityindex/core");
    expect(page).toContain("| `range` | number[2] | `[0,100]` |");
    expect(page).toContain("| K | 35 | 100 |");
    expect(page).toContain('{"step":"normalise","method":"min-max"}');
  });
});
