import { fileURLToPath } from "node:url";

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/** Resolves workspace packages to their sources, so tests run without a build. */
export const workspaceAlias: Record<string, string> = {
  "@cityindex/core": here("./packages/core/src/index.ts"),
  "@cityindex/http": here("./packages/http/src/index.ts"),
  "@cityindex/source-sql": here("./plugins/source-sql/src/index.ts"),
  "@cityindex/source-text": here("./plugins/source-text/src/index.ts"),
  "@cityindex/source-wikimedia": here("./plugins/source-wikimedia/src/index.ts"),
  "@cityindex/source-wikidata": here("./plugins/source-wikidata/src/index.ts"),
  "@cityindex/source-gdelt": here("./plugins/source-gdelt/src/index.ts"),
  "@cityindex/source-openalex": here("./plugins/source-openalex/src/index.ts"),
  "@cityindex/source-osm": here("./plugins/source-osm/src/index.ts"),
  "@cityindex/source-csv": here("./plugins/source-csv/src/index.ts"),
  "@cityindex/source-xlsx": here("./plugins/source-xlsx/src/index.ts"),
  "@cityindex/source-reviews": here("./plugins/source-reviews/src/index.ts"),
  "@cityindex/export-xlsx": here("./plugins/export-xlsx/src/index.ts"),
  "@cityindex/export-html": here("./plugins/export-html/src/index.ts"),
  "@cityindex/export-markdown": here("./plugins/export-markdown/src/index.ts"),
  "@cityindex/export-tables": here("./plugins/export-tables/src/index.ts"),
};
