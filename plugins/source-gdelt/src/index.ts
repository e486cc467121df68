import { definePlugin } from "@cityindex/core";
import { gdeltSource } from "./gdelt-source.js";
import { PLUGIN_NAME, PLUGIN_VERSION } from "./version.js";

// Source
export type { GdeltInput, GdeltMode, GdeltObservation, GdeltProvenance } from "./gdelt-source.js";
export { gdeltSource } from "./gdelt-source.js";

// Options
export type { GdeltIndicators, GdeltSourceOptions, ShareScale } from "./options.js";
export {
  DEFAULT_DOMESTIC_COUNTRIES,
  DEFAULT_DOMESTIC_NAMES,
  DEFAULT_INDICATORS,
  GDELT_ENDPOINT,
  GDELT_TERMS,
  gdeltOptionsSchema,
} from "./options.js";

// Queries, periods and replies
export type { TermField } from "@cityindex/core";
export { cleanTerm } from "@cityindex/core";
export { gdeltQuery } from "./terms.js";
export type { PeriodType } from "./periods.js";
export { dateRange, GDELT_START, periodOfStamp } from "./periods.js";
export type { GdeltReply, Timeline, TimelinePoint, TimelineSeries } from "./replies.js";
export { readReply } from "./replies.js";

// Plugin
export { PLUGIN_NAME, PLUGIN_VERSION } from "./version.js";

/** The `@cityindex/source-gdelt` plugin: the `gdelt` source. Name it in a spec's `plugins` to use it. */
const plugin = definePlugin({ name: PLUGIN_NAME, version: PLUGIN_VERSION, sources: [gdeltSource] });
export default plugin;
