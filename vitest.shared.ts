import { fileURLToPath } from "node:url";

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/** Resolves workspace packages to their sources, so tests run without a build. */
export const workspaceAlias: Record<string, string> = {
  "@cityindex/core": here("./packages/core/src/index.ts"),
  "@cityindex/source-csv": here("./plugins/source-csv/src/index.ts"),
  "@cityindex/export-xlsx": here("./plugins/export-xlsx/src/index.ts"),
};
