import { type JsonSchema, NODE_ID_PATTERN, type OptionReader, readOptions, show } from "@cityindex/core";

/** The ids of the indicators the source yields; `null` leaves one out. */
export interface WikidataIndicators {
  /** Current sister cities (P190); default `sister_cities`. */
  sisterCities?: string | null;
  /** Countries of those sister cities; default `sister_city_countries`. */
  sisterCityCountries?: string | null;
  /** Sending states with an open consulate in the city; default `consulates`. */
  consulates?: string | null;
  /** Open consular missions in the city; default `null` (left out). */
  consulateMissions?: string | null;
  /** `1` when the city's item has an official website (P856), else `0`; default `official_website`. */
  officialWebsite?: string | null;
  /** Social-media accounts on the city's item; default `social_accounts`. */
  socialAccounts?: string | null;
}

/** Options of the `wikidata` source, as written in a spec. Mirrors {@link wikidataOptionsSchema}. */
export interface WikidataSourceOptions {
  /** The year the values are given for (Wikidata is the state of today); default the spec's last year. */
  period?: string;
  /** The unit meta field holding the Wikidata item id; default `wikidata`. */
  wikidataField?: string;
  /** The SPARQL endpoint; default {@link DEFAULT_SPARQL_ENDPOINT}. */
  endpoint?: string;
  /** `POST` (default) or `GET`. */
  method?: "GET" | "POST";
  /** Cities per query; default `50`. */
  batchSize?: number;
  /** Milliseconds a query may take; default `65000` (the Wikidata Query Service stops queries after 60 s). */
  timeoutMs?: number;
  /** Indicator ids. */
  indicators?: WikidataIndicators;
  /** Count only sister cities in another country than the city's (P17); default `true`. */
  foreignTwinsOnly?: boolean;
  /** Classes (and their subclasses) of consular missions; default consulate and consulate general. */
  consulateClasses?: string[];
  /** The property naming a mission's sending state; default `P137` (operator). */
  sendingStateProperty?: string;
  /** A mission with any of these properties is closed and not counted; default P576, P3999, P582. */
  closedProperties?: string[];
  /** Properties counted as social-media accounts; default {@link DEFAULT_SOCIAL_PROPERTIES}. */
  socialProperties?: string[];
  /** A CSV file of official values (`unit,indicator,period,value,source`), relative to the spec's directory. */
  overrides?: string;
}

/** The Wikidata Query Service. */
export const DEFAULT_SPARQL_ENDPOINT = "https://query.wikidata.org/sparql";

/** Default indicator ids. */
export const DEFAULT_WIKIDATA_INDICATORS: Readonly<Required<WikidataIndicators>> = Object.freeze({
  sisterCities: "sister_cities",
  sisterCityCountries: "sister_city_countries",
  consulates: "consulates",
  consulateMissions: null,
  officialWebsite: "official_website",
  socialAccounts: "social_accounts",
});

/** Consulate (Q7843791) and consulate general (Q372690); subclasses are included by the query. */
export const DEFAULT_CONSULATE_CLASSES: readonly string[] = Object.freeze(["Q7843791", "Q372690"]);

/**
 * Properties that mark a mission as closed: dissolved, abolished or demolished date (P576), date of official closure
 * (P3999), end time (P582).
 */
export const DEFAULT_CLOSED_PROPERTIES: readonly string[] = Object.freeze(["P576", "P3999", "P582"]);

/**
 * Social-media account properties: X username (P2002), Facebook username (P2013), Instagram username (P2003),
 * YouTube channel ID (P2397), LinkedIn organisation ID (P4264), TikTok username (P7085), Mastodon address (P4033).
 */
export const DEFAULT_SOCIAL_PROPERTIES: readonly string[] = Object.freeze([
  "P2002",
  "P2013",
  "P2003",
  "P2397",
  "P4264",
  "P7085",
  "P4033",
]);

/** A Wikidata property id: `P` and a number without leading zeros. */
export const PID_PATTERN: RegExp = /^P[1-9][0-9]*$/;

const idOrNull = { type: ["string", "null"], pattern: NODE_ID_PATTERN } as const;
const qid = { type: "string", pattern: "^Q[1-9][0-9]*$" } as const;
const pid = { type: "string", pattern: PID_PATTERN.source } as const;

/** JSON Schema of {@link WikidataSourceOptions}, with defaults. */
export const wikidataOptionsSchema: JsonSchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    period: {
      type: "string",
      pattern: "^[0-9]{4}$",
      description: "The year the values are given for; default the spec's last year.",
    },
    wikidataField: {
      type: "string",
      minLength: 1,
      default: "wikidata",
      description: "Unit meta field with the Wikidata item id.",
    },
    endpoint: {
      type: "string",
      pattern: "^https?://",
      default: DEFAULT_SPARQL_ENDPOINT,
      description: "The SPARQL endpoint.",
    },
    method: { enum: ["GET", "POST"], default: "POST", description: "How queries are sent." },
    batchSize: { type: "integer", minimum: 1, maximum: 200, default: 50, description: "Cities per query." },
    timeoutMs: {
      type: "number",
      exclusiveMinimum: 0,
      default: 65000,
      description: "Milliseconds a query may take.",
    },
    indicators: {
      type: "object",
      additionalProperties: false,
      properties: Object.fromEntries(
        Object.entries(DEFAULT_WIKIDATA_INDICATORS).map(([k, v]) => [k, { ...idOrNull, default: v }]),
      ),
      description: "Indicator ids; null leaves one out.",
    },
    foreignTwinsOnly: {
      type: "boolean",
      default: true,
      description: "Count only sister cities in another country than the city's.",
    },
    consulateClasses: {
      type: "array",
      items: qid,
      minItems: 1,
      default: [...DEFAULT_CONSULATE_CLASSES],
      description: "Classes (with subclasses) of consular missions.",
    },
    sendingStateProperty: {
      ...pid,
      default: "P137",
      description: "Property naming a mission's sending state.",
    },
    closedProperties: {
      type: "array",
      items: pid,
      default: [...DEFAULT_CLOSED_PROPERTIES],
      description: "A mission with any of these is closed and not counted.",
    },
    socialProperties: {
      type: "array",
      items: pid,
      minItems: 1,
      default: [...DEFAULT_SOCIAL_PROPERTIES],
      description: "Properties counted as social-media accounts.",
    },
    overrides: {
      type: "string",
      minLength: 1,
      description: "CSV of official values (unit,indicator,period,value,source), relative to the spec.",
    },
  },
};

/** Options with every default filled in. */
export interface ResolvedWikidataOptions {
  /** The year, if given. */
  period: string | undefined;
  /** Unit meta field. */
  wikidataField: string;
  /** SPARQL endpoint. */
  endpoint: string;
  /** Request method. */
  method: "GET" | "POST";
  /** Cities per query. */
  batchSize: number;
  /** Query timeout. */
  timeoutMs: number;
  /** Indicator ids, `null` when left out. */
  indicators: { [K in keyof WikidataIndicators]-?: string | null };
  /** Foreign sister cities only. */
  foreignTwinsOnly: boolean;
  /** Mission classes. */
  consulateClasses: string[];
  /** Sending-state property. */
  sendingStateProperty: string;
  /** Closing properties. */
  closedProperties: string[];
  /** Social-media properties. */
  socialProperties: string[];
  /** Override file, if any. */
  overrides: string | undefined;
}

const KEYS = Object.keys(wikidataOptionsSchema.properties as object);
const QID = /^Q[1-9][0-9]*$/;

/** Checks options and fills in defaults. Throws an `InputError` naming `where` and the bad option. */
export function resolveWikidataOptions(
  options: Record<string, unknown>,
  where: string,
): ResolvedWikidataOptions {
  const o: OptionReader = readOptions(options, where, KEYS);
  const ids = (
    key: string,
    fallback: readonly string[],
    pattern: RegExp,
    one: string,
    empty: boolean,
  ): string[] => {
    const v = o.has(key) ? o.values[key] : fallback;
    if (!Array.isArray(v)) o.mustBe(key, `an array, each ${one}`, v);
    for (const item of v) {
      if (typeof item !== "string" || !pattern.test(item)) {
        o.fail(`option \`${key}\` has ${show(item)}, which is not ${one}`);
      }
    }
    if (!empty && v.length === 0) o.fail(`option \`${key}\` must not be empty`);
    return [...new Set(v as string[])];
  };
  const period = o.matching("period", /^[0-9]{4}$/, "a year YYYY");
  const wikidataField = o.text("wikidataField", "wikidata");
  const endpoint = o.url("endpoint", DEFAULT_SPARQL_ENDPOINT);
  const method = o.choice("method", ["GET", "POST"] as const, "POST");
  const batchSize = o.wholeNumber("batchSize", { min: 1, max: 200 }, 50);
  const timeoutMs = o.number("timeoutMs", {}, 65000);
  if (timeoutMs <= 0) o.mustBe("timeoutMs", "a positive number");
  const indicators = o.indicators(
    "indicators",
    DEFAULT_WIKIDATA_INDICATORS,
  ) as ResolvedWikidataOptions["indicators"];
  const named = Object.values(indicators).filter((v): v is string => v !== null);
  if (named.length === 0) o.fail("every indicator is left out: name at least one in `indicators`");
  const twice = named.find((id, i) => named.indexOf(id) !== i);
  if (twice !== undefined) o.fail(`indicator id ${show(twice)} is given to two figures in \`indicators\``);
  const foreignTwinsOnly = o.boolean("foreignTwinsOnly", true);
  const sendingStateProperty = o.matching(
    "sendingStateProperty",
    PID_PATTERN,
    "a property id such as `P137`",
    "P137",
  );
  const overrides = o.values.overrides;
  if (overrides !== undefined && (typeof overrides !== "string" || overrides.trim() === "")) {
    o.mustBe("overrides", "a non-empty path");
  }
  return {
    period,
    wikidataField,
    endpoint,
    method,
    batchSize,
    timeoutMs,
    indicators,
    foreignTwinsOnly,
    consulateClasses: ids("consulateClasses", DEFAULT_CONSULATE_CLASSES, QID, "an item id", false),
    sendingStateProperty,
    closedProperties: ids("closedProperties", DEFAULT_CLOSED_PROPERTIES, PID_PATTERN, "a property id", true),
    socialProperties: ids("socialProperties", DEFAULT_SOCIAL_PROPERTIES, PID_PATTERN, "a property id", false),
    overrides,
  };
}
