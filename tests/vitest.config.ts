import { fileURLToPath } from "node:url";
import { defineProject } from "vitest/config";
import { workspaceAlias } from "../vitest.shared.js";

export default defineProject({
  resolve: { alias: workspaceAlias },
  test: {
    name: "tests",
    // Paths are relative to the repository root, so `include` reads as it does from there.
    root: fileURLToPath(new URL("..", import.meta.url)),
    include: ["tests/**/*.test.ts"],
    // End-to-end tests spawn the built CLI several times.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
