import { type JsonSchema, readOptions, show } from "@cityindex/core";
import { parseFilter, type TagFilter } from "./query.js";

/** Options of the `osm` source, as written in a spec. Mirrors {@link osmOptionsSchema}. */
export interface OsmSourceOptions {
  /** The Overpass API interpreter URL; default {@link OVERPASS_ENDPOINT}. */
  endpoint?: string;
  /** Unit id → its area: `Q30002` (Wikidata id of the boundary), `relation/<id>` or `area/<id>`; over `areaFrom`. */
  areas?: Record<string, string>;
  /** The unit metadata column holding the area of units `areas` does not name; default `meta.wikidata`. */
  areaFrom?: string;
  /** Indicator id → the tag filters whose matches it counts (`tourism=hotel`, `office=*`); default {@link DEFAULT_CATEGORIES}. */
  categories?: Record<string, string | string[]>;
  /** The period the counts are given for (`2025`); default: the year of the OpenStreetMap data Overpass answered from. */
  period?: string;
  /** Overpass's `[timeout:...]` in seconds; default 180. */
  timeout?: number;
  /** The timeout in seconds of the one retry after Overpass reports a timeout; default twice `timeout`, at most 3600; `0` for no retry. */
  retryTimeout?: number;
  /** The licence copied into every observation's provenance; default {@link OSM_LICENCE}. */
  licence?: string;
}

/** The main Overpass API instance. */
export const OVERPASS_ENDPOINT = "https://overpass-api.de/api/interpreter";

/** OpenStreetMap's licence, with the attribution it requires. */
export const OSM_LICENCE = "ODbL-1.0 (© OpenStreetMap contributors)";

/** Default categories: indicator id → tag filters. Diplomatic offices are today's `office=diplomatic` and the older `amenity=embassy`. */
export const DEFAULT_CATEGORIES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  osm_hotels: ["tourism=hotel"],
  osm_attractions: ["tourism=attraction"],
  osm_restaurants: ["amenity=restaurant"],
  osm_diplomatic_offices: ["office=diplomatic", "amenity=embassy"],
});

const INDICATOR = /^[A-Za-z][A-Za-z0-9_]*$/;
const PERIOD = /^\d{4}(?:-(?:0[1-9]|1[0-2])|-Q[1-4])?$/;
const META = /^meta\.\S+$/;
const MAX_TIMEOUT = 3600;

/** JSON Schema of {@link OsmSourceOptions}, with defaults. */
export const osmOptionsSchema: JsonSchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    endpoint: {
      type: "string",
      default: OVERPASS_ENDPOINT,
      description: "The Overpass API interpreter URL.",
    },
    areas: {
      type: "object",
      additionalProperties: {
        type: "string",
        pattern: "^(Q[1-9]\\d{0,9}|relation/[1-9]\\d{0,10}|area/[1-9]\\d{0,11})$",
      },
      description: "Unit id → area: Q<id> (Wikidata), relation/<id> or area/<id>.",
    },
    areaFrom: {
      type: "string",
      default: "meta.wikidata",
      description: "Unit metadata column holding the area of units not in areas.",
    },
    categories: {
      type: "object",
      additionalProperties: {
        anyOf: [{ type: "string" }, { type: "array", items: { type: "string" }, minItems: 1 }],
      },
      default: Object.fromEntries(Object.entries(DEFAULT_CATEGORIES).map(([k, v]) => [k, [...v]])),
      description: "Indicator id → tag filters (key=value, key=*) whose matches it counts.",
    },
    period: {
      type: "string",
      pattern: "^\\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$",
      description: "Period of the counts; default: the year of the data Overpass answered from.",
    },
    timeout: {
      type: "integer",
      minimum: 1,
      maximum: MAX_TIMEOUT,
      default: 180,
      description: "Overpass timeout, s.",
    },
    retryTimeout: {
      type: "integer",
      minimum: 0,
      maximum: MAX_TIMEOUT,
      description:
        "Timeout of the one retry after an Overpass timeout, s; default 2 × timeout, at most 3600; 0: no retry.",
    },
    licence: {
      type: "string",
      default: OSM_LICENCE,
      description: "Copied into every observation's provenance.",
    },
  },
};

/** A category with its filters read. */
export interface Category {
  /** The indicator id. */
  indicator: string;
  /** Its filters, as written. */
  text: string[];
  /** Its filters, read. */
  filters: TagFilter[];
}

/** Options with every default filled in. */
export interface ResolvedOsmOptions {
  /** Interpreter URL. */
  endpoint: string;
  /** Unit id → area reference, as written. */
  areas: Map<string, string>;
  /** Metadata column of units not in `areas`. */
  areaFrom: string;
  /** Categories, in order. */
  categories: Category[];
  /** Period, if given. */
  period: string | undefined;
  /** Timeout in seconds. */
  timeout: number;
  /** Retry timeout in seconds, 0 for none. */
  retryTimeout: number;
  /** Licence for provenance. */
  licence: string;
}

/** The option keys {@link osmOptionsSchema} declares. */
export const OSM_OPTION_KEYS: readonly string[] = Object.freeze(
  Object.keys(osmOptionsSchema.properties as object),
);

/** Checks options and fills in defaults. Throws an `InputError` naming `where` and the bad option. */
export function resolveOsmOptions(options: unknown, where: string): ResolvedOsmOptions {
  const o = readOptions(options, where, OSM_OPTION_KEYS);
  const endpoint = o.url("endpoint", OVERPASS_ENDPOINT);

  const areas = new Map<string, string>();
  for (const [unit, v] of Object.entries(o.record("areas") ?? {})) {
    if (typeof v !== "string") o.mustBe(`areas.${unit}`, "a text such as `Q30002`", v);
    areas.set(unit, v as string);
  }
  const areaFrom = o.text("areaFrom", "meta.wikidata");
  if (!META.test(areaFrom)) o.mustBe("areaFrom", "`meta.<column>`", areaFrom);

  const categoriesIn = o.record("categories") ?? DEFAULT_CATEGORIES;
  const categories: Category[] = [];
  for (const [indicator, v] of Object.entries(categoriesIn)) {
    if (!INDICATOR.test(indicator)) {
      o.fail(
        `option \`categories\` has the indicator id ${show(indicator)}: use letters, digits and \`_\`, starting with a letter`,
      );
    }
    const list = typeof v === "string" ? [v] : v;
    if (!Array.isArray(list) || list.length === 0 || list.some((f) => typeof f !== "string")) {
      o.mustBe(`categories.${indicator}`, "a tag filter or a list of them", v);
    }
    const filters: TagFilter[] = [];
    for (const f of list as string[]) {
      const filter = parseFilter(f);
      if (!filter) {
        o.fail(
          `option \`categories.${indicator}\` has ${show(f)}, which is not a tag filter \`key=value\` or \`key=*\` (keys: letters, digits, \`_:.-\`; values: letters, digits, spaces, \`_:;.,&+/-\`)`,
        );
      }
      filters.push(filter as TagFilter);
    }
    categories.push({ indicator, text: (list as string[]).map((f) => f.trim()), filters });
  }
  if (categories.length === 0) o.fail("option `categories` is empty: there is nothing to count");

  const period = o.matching(
    "period",
    PERIOD,
    "a year, month or quarter such as `2025`, `2025-06` or `2025-Q2`",
  );
  const timeout = o.wholeNumber("timeout", { min: 1, max: MAX_TIMEOUT }, 180);
  return {
    endpoint,
    areas,
    areaFrom,
    categories,
    period,
    timeout,
    retryTimeout: o.wholeNumber(
      "retryTimeout",
      { min: 0, max: MAX_TIMEOUT },
      Math.min(2 * timeout, MAX_TIMEOUT),
    ),
    licence: o.text("licence", OSM_LICENCE),
  };
}
