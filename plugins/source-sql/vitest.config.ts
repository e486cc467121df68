import { defineProject } from "vitest/config";
import { workspaceAlias } from "../../vitest.shared.js";

export default defineProject({
  resolve: { alias: workspaceAlias },
  test: { name: "@cityindex/source-sql", include: ["test/**/*.test.ts"], testTimeout: 30000 },
});
