import { readFileSync } from "node:fs";
import { ENGINE_NAME, ENGINE_VERSION } from "@cityindex/core";
import { describe, expect, it } from "vitest";

describe("engine version", () => {
  it("is the package's name and version, as recorded in every result's provenance", () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    expect(ENGINE_NAME).toBe(pkg.name);
    expect(ENGINE_VERSION).toBe(pkg.version);
  });
});
