import { definePlugin } from "@cityindex/core";
import { osmSource } from "./osm-source.js";
import { PLUGIN_NAME, PLUGIN_VERSION } from "./version.js";

// Source
export type { OsmObservation, OsmProvenance } from "./osm-source.js";
export { osmSource } from "./osm-source.js";

// Options
export type { Category, OsmSourceOptions } from "./options.js";
export { DEFAULT_CATEGORIES, OSM_LICENCE, OVERPASS_ENDPOINT, osmOptionsSchema } from "./options.js";

// Queries and replies
export type { AreaRef, TagFilter } from "./query.js";
export { areaStatement, overpassQuery, parseArea, parseFilter, RELATION_AREA_OFFSET } from "./query.js";
export type { Count, OverpassReply } from "./replies.js";
export { readOverpass } from "./replies.js";

// Plugin
export { PLUGIN_NAME, PLUGIN_VERSION } from "./version.js";

/** The `@cityindex/source-osm` plugin: the `osm` source. Name it in a spec's `plugins` to use it. */
const plugin = definePlugin({ name: PLUGIN_NAME, version: PLUGIN_VERSION, sources: [osmSource] });
export default plugin;
