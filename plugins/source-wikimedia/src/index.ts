import { definePlugin } from "@cityindex/core";
import { PLUGIN_NAME, PLUGIN_VERSION } from "./version.js";
import { wikimediaSource } from "./wikimedia-source.js";

// Source
export { WIKIMEDIA_LICENCE, wikimediaSource } from "./wikimedia-source.js";

// Options
export type {
  EditionCountBasis,
  WikimediaAccess,
  WikimediaIndicators,
  WikimediaPeriodType,
  WikimediaSourceOptions,
} from "./options.js";
export {
  DEFAULT_PAGEVIEWS_ENDPOINT,
  DEFAULT_WIKIDATA_API,
  DEFAULT_WIKIMEDIA_INDICATORS,
  wikimediaOptionsSchema,
} from "./options.js";

// Editions, titles and responses
export { CHINESE_EDITIONS, editionSiteId, wikipediaProject } from "./editions.js";
export type { PageviewsParse, PageviewsRequest } from "./pageviews.js";
export {
  articleSegment,
  daysInMonth,
  isNoData,
  MONTH_PATTERN,
  monthRange,
  pageviewsUrl,
  parsePageviews,
} from "./pageviews.js";
export type { EntitiesParse, Sitelink } from "./sitelinks.js";
export { MAX_IDS_PER_CALL, parseEntities, sitelinksUrl } from "./sitelinks.js";
export type { UnitItem, UnitItems } from "@cityindex/core";
export { isQid, QID_PATTERN, unitItems } from "@cityindex/core";

// Plugin
export { PLUGIN_NAME, PLUGIN_VERSION } from "./version.js";

/** The `@cityindex/source-wikimedia` plugin: the `wikimedia` source. Name it in a spec's `plugins` to use it. */
const plugin = definePlugin({ name: PLUGIN_NAME, version: PLUGIN_VERSION, sources: [wikimediaSource] });
export default plugin;
