import { definePlugin } from "@cityindex/core";
import { openalexSource } from "./openalex-source.js";
import { PLUGIN_NAME, PLUGIN_VERSION } from "./version.js";

// Source
export type { OpenAlexInput, OpenAlexObservation, OpenAlexProvenance } from "./openalex-source.js";
export { COUNTRY_GROUP_BY, openalexSource } from "./openalex-source.js";

// Options
export type { OpenAlexIndicators, OpenAlexSourceOptions, ShareBase, ShareScale } from "./options.js";
export {
  DEFAULT_API_KEY_ENV,
  DEFAULT_DOMESTIC_COUNTRIES,
  DEFAULT_INDICATORS,
  OPENALEX_ENDPOINT,
  openalexOptionsSchema,
} from "./options.js";

// Queries and replies
export type { TermField } from "@cityindex/core";
export { cleanTerm } from "@cityindex/core";
export { openalexSearch } from "./search.js";
export type { WorksGroup, WorksReply } from "./replies.js";
export { readWorks } from "./replies.js";

// Plugin
export { PLUGIN_NAME, PLUGIN_VERSION } from "./version.js";

/** The `@cityindex/source-openalex` plugin: the `openalex` source. Name it in a spec's `plugins` to use it. */
const plugin = definePlugin({ name: PLUGIN_NAME, version: PLUGIN_VERSION, sources: [openalexSource] });
export default plugin;
