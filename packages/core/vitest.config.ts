import { defineProject } from "vitest/config";
import { workspaceAlias } from "../../vitest.shared.js";

export default defineProject({
  resolve: { alias: workspaceAlias },
  test: {
    name: "@cityindex/core",
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/setup.ts"],
    testTimeout: 20000,
  },
});
