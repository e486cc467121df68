import { definePlugin } from "@cityindex/core";
import { PLUGIN_NAME, PLUGIN_VERSION } from "./version.js";
import { wikidataSource } from "./wikidata-source.js";

// Source
export type { WikidataObservation, WikidataProvenance } from "./wikidata-source.js";
export { WIKIDATA_LICENCE, wikidataSource } from "./wikidata-source.js";

// Options
export type { WikidataIndicators, WikidataSourceOptions } from "./options.js";
export {
  DEFAULT_CLOSED_PROPERTIES,
  DEFAULT_CONSULATE_CLASSES,
  DEFAULT_SOCIAL_PROPERTIES,
  DEFAULT_SPARQL_ENDPOINT,
  DEFAULT_WIKIDATA_INDICATORS,
  PID_PATTERN,
  wikidataOptionsSchema,
} from "./options.js";

// Queries, overrides and units
export type { CountsParse, QueryKind } from "./sparql.js";
export {
  accountsQuery,
  consulatesQuery,
  PREFIXES,
  parseCounts,
  QUERY_VARIABLES,
  twinsQuery,
  websitesQuery,
} from "./sparql.js";
export type { CsvParse, CsvRecord } from "./csv.js";
export { parseCsv } from "./csv.js";
export type { OverrideRow, OverridesRead } from "./overrides.js";
export { OVERRIDE_MISSING, readOverrides } from "./overrides.js";
export type { UnitItem, UnitItems } from "@cityindex/core";
export { isQid, QID_PATTERN, unitItems } from "@cityindex/core";

// Plugin
export { PLUGIN_NAME, PLUGIN_VERSION } from "./version.js";

/** The `@cityindex/source-wikidata` plugin: the `wikidata` source. Name it in a spec's `plugins` to use it. */
const plugin = definePlugin({ name: PLUGIN_NAME, version: PLUGIN_VERSION, sources: [wikidataSource] });
export default plugin;
