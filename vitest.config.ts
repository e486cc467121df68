import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      "packages/*/vitest.config.ts",
      "plugins/*/vitest.config.ts",
      "examples/custom-plugin/vitest.config.ts",
      "tests/vitest.config.ts",
    ],
  },
});
