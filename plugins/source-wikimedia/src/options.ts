import { type JsonSchema, NODE_ID_PATTERN, type OptionReader, readOptions, show } from "@cityindex/core";
import { CHINESE_EDITIONS, editionSiteId } from "./editions.js";
import { MONTH_PATTERN } from "./pageviews.js";

/** Periods of the output: years (`2024`, the months summed) or months (`2024-05`). */
export type WikimediaPeriodType = "year" | "month";

/** The pageviews API's access methods. */
export type WikimediaAccess = "all-access" | "desktop" | "mobile-app" | "mobile-web";

/**
 * What the edition count counts in a period: `viewed`, the editions whose article had human views in the period; or
 * `sitelinks`, the editions with an article today (Wikidata's sitelinks), the same number in every period.
 */
export type EditionCountBasis = "viewed" | "sitelinks";

/** The ids of the indicators the source yields; `null` leaves one out. */
export interface WikimediaIndicators {
  /** Views summed over the editions; default `wikipedia_pageviews`. */
  total?: string | null;
  /** Editions with an article; default `wikipedia_languages`. */
  editions?: string | null;
  /** Edition (`en`, `enwiki`) → indicator id of the views in that edition alone; default none. */
  perEdition?: Record<string, string>;
}

/** Options of the `wikimedia-pageviews` source, as written in a spec. Mirrors {@link wikimediaOptionsSchema}. */
export interface WikimediaSourceOptions {
  /** First month, `YYYY-MM`; default the January of the spec's first year. */
  start?: string;
  /** Last month, `YYYY-MM`; default the December of the spec's last year. */
  end?: string;
  /** Output periods; default `year`. */
  periodType?: WikimediaPeriodType;
  /** The unit meta field holding the Wikidata item id; default `wikidata`. */
  wikidataField?: string;
  /** Editions left out (site ids or language codes); default {@link CHINESE_EDITIONS}. */
  exclude?: string[];
  /** Only these editions (site ids or language codes); default all but `exclude`. */
  editions?: string[];
  /** Access method; default `all-access`. */
  access?: WikimediaAccess;
  /** Indicator ids. */
  indicators?: WikimediaIndicators;
  /** What the edition count counts; default `viewed`. */
  editionCount?: EditionCountBasis;
  /** Article requests in flight at once; default `3`. */
  concurrency?: number;
  /** Base URL of the pageviews API; default {@link DEFAULT_PAGEVIEWS_ENDPOINT}. */
  pageviewsEndpoint?: string;
  /** URL of the Wikidata action API; default {@link DEFAULT_WIKIDATA_API}. */
  wikidataEndpoint?: string;
}

/** The Wikimedia REST API's pageviews base. */
export const DEFAULT_PAGEVIEWS_ENDPOINT = "https://wikimedia.org/api/rest_v1/metrics/pageviews";

/** Wikidata's action API, for `wbgetentities`. */
export const DEFAULT_WIKIDATA_API = "https://www.wikidata.org/w/api.php";

/** Default indicator ids, matching the China City Overseas Influence example. */
export const DEFAULT_WIKIMEDIA_INDICATORS: Readonly<{ total: string; editions: string }> = Object.freeze({
  total: "wikipedia_pageviews",
  editions: "wikipedia_languages",
});

const ACCESS: readonly WikimediaAccess[] = ["all-access", "desktop", "mobile-app", "mobile-web"];
const indicatorId = { type: "string", pattern: NODE_ID_PATTERN } as const;
const editionName = { type: "string", minLength: 1 } as const;
const month = { type: "string", pattern: MONTH_PATTERN.source } as const;
const url = { type: "string", pattern: "^https?://" } as const;

/** JSON Schema of {@link WikimediaSourceOptions}, with defaults. */
export const wikimediaOptionsSchema: JsonSchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    start: { ...month, description: "First month, YYYY-MM; default January of the spec's first period." },
    end: { ...month, description: "Last month, YYYY-MM; default December of the spec's last period." },
    periodType: {
      enum: ["year", "month"],
      default: "year",
      description: "Output periods: years (months summed) or months.",
    },
    wikidataField: {
      type: "string",
      minLength: 1,
      default: "wikidata",
      description: "Unit meta field with the Wikidata item id.",
    },
    exclude: {
      type: "array",
      items: editionName,
      default: [...CHINESE_EDITIONS],
      description: "Editions left out (site ids such as zhwiki, or language codes such as zh).",
    },
    editions: {
      type: "array",
      items: editionName,
      description: "Only these editions (site ids or language codes); default all but `exclude`.",
    },
    access: { enum: [...ACCESS], default: "all-access", description: "Access method of the views." },
    indicators: {
      type: "object",
      additionalProperties: false,
      properties: {
        total: {
          type: ["string", "null"],
          pattern: NODE_ID_PATTERN,
          default: DEFAULT_WIKIMEDIA_INDICATORS.total,
        },
        editions: {
          type: ["string", "null"],
          pattern: NODE_ID_PATTERN,
          default: DEFAULT_WIKIMEDIA_INDICATORS.editions,
        },
        perEdition: { type: "object", additionalProperties: indicatorId, default: {} },
      },
      description:
        "Indicator ids: total views, edition count (null leaves one out), views per named edition.",
    },
    editionCount: {
      enum: ["viewed", "sitelinks"],
      default: "viewed",
      description:
        "viewed: editions whose article had views in the period; sitelinks: editions with an article today.",
    },
    concurrency: {
      type: "integer",
      minimum: 1,
      maximum: 10,
      default: 3,
      description: "Article requests in flight at once.",
    },
    pageviewsEndpoint: {
      ...url,
      default: DEFAULT_PAGEVIEWS_ENDPOINT,
      description: "Base URL of the pageviews API.",
    },
    wikidataEndpoint: {
      ...url,
      default: DEFAULT_WIKIDATA_API,
      description: "URL of the Wikidata action API.",
    },
  },
};

/** Options with every default filled in and edition names turned into site ids. */
export interface ResolvedWikimediaOptions {
  /** First month, if given. */
  start: string | undefined;
  /** Last month, if given. */
  end: string | undefined;
  /** Output periods. */
  periodType: WikimediaPeriodType;
  /** Unit meta field. */
  wikidataField: string;
  /** Site ids left out. */
  exclude: Set<string>;
  /** Site ids allowed, or `undefined` for all. */
  editions: Set<string> | undefined;
  /** Access method. */
  access: WikimediaAccess;
  /** Indicator ids; `perEdition` maps site ids. */
  indicators: { total: string | null; editions: string | null; perEdition: Map<string, string> };
  /** Edition count basis. */
  editionCount: EditionCountBasis;
  /** Requests in flight. */
  concurrency: number;
  /** Pageviews base URL, without a trailing `/`. */
  pageviewsEndpoint: string;
  /** Wikidata API URL. */
  wikidataEndpoint: string;
}

const KEYS = Object.keys(wikimediaOptionsSchema.properties as object);
const INDICATOR_KEYS = ["total", "editions", "perEdition"];
const ID = new RegExp(NODE_ID_PATTERN);

/** Checks options and fills in defaults. Throws an `InputError` naming `where` and the bad option. */
export function resolveWikimediaOptions(
  options: Record<string, unknown>,
  where: string,
): ResolvedWikimediaOptions {
  const o: OptionReader = readOptions(options, where, KEYS);
  const endpoint = (key: string, fallback: string): string => o.url(key, fallback).replace(/\/+$/, "");
  const sites = (key: string, value: unknown): Set<string> => {
    if (!Array.isArray(value)) o.mustBe(key, "an array of edition names", value);
    const out = new Set<string>();
    for (const name of value) {
      const site = typeof name === "string" ? editionSiteId(name) : undefined;
      if (site === undefined) {
        o.fail(
          `option \`${key}\` has ${show(name)}, which is neither a site id (\`enwiki\`) nor a language code (\`en\`)`,
        );
      }
      out.add(site);
    }
    return out;
  };

  const start = o.matching("start", MONTH_PATTERN, "a month YYYY-MM");
  const end = o.matching("end", MONTH_PATTERN, "a month YYYY-MM");
  if (start !== undefined && end !== undefined && end < start) {
    o.fail(`option \`end\` (${show(end)}) is before \`start\` (${show(start)})`);
  }
  const wikidataField = o.text("wikidataField", "wikidata");
  const exclude = sites("exclude", o.has("exclude") ? o.values.exclude : CHINESE_EDITIONS);
  const editions = o.has("editions") ? sites("editions", o.values.editions) : undefined;

  const ind = o.record("indicators") ?? {};
  for (const k of Object.keys(ind)) {
    if (!INDICATOR_KEYS.includes(k)) {
      o.fail(
        `option \`indicators\` has no entry ${show(k)}; the entries are ${INDICATOR_KEYS.map((e) => show(e)).join(", ")}`,
      );
    }
  }
  const idOrNull = (k: "total" | "editions"): string | null => {
    const v = ind[k] === undefined ? DEFAULT_WIKIMEDIA_INDICATORS[k] : ind[k];
    if (v === null) return null;
    if (typeof v !== "string" || !ID.test(v)) o.mustBe(`indicators.${k}`, "an indicator id or null", v);
    return v;
  };
  const total = idOrNull("total");
  const editionsId = idOrNull("editions");
  const perIn = ind.perEdition ?? {};
  if (perIn === null || typeof perIn !== "object" || Array.isArray(perIn)) {
    o.mustBe("indicators.perEdition", "an object", perIn);
  }
  const perEdition = new Map<string, string>();
  for (const [name, id] of Object.entries(perIn as Record<string, unknown>)) {
    const site = editionSiteId(name);
    if (site === undefined) {
      o.fail(
        `\`indicators.perEdition\` names ${show(name)}, which is neither a site id (\`enwiki\`) nor a language code (\`en\`)`,
      );
    }
    if (typeof id !== "string" || !ID.test(id)) {
      o.mustBe(`indicators.perEdition.${name}`, "an indicator id", id);
    }
    if (exclude.has(site))
      o.fail(`\`indicators.perEdition\` names ${show(name)}, which \`exclude\` leaves out`);
    if (editions && !editions.has(site)) {
      o.fail(`\`indicators.perEdition\` names ${show(name)}, which is not in \`editions\``);
    }
    if (perEdition.has(site)) o.fail(`\`indicators.perEdition\` names the edition ${show(site)} twice`);
    perEdition.set(site, id);
  }
  const ids = [total, editionsId, ...perEdition.values()].filter((v): v is string => v !== null);
  if (ids.length === 0) o.fail("every indicator is left out: name at least one in `indicators`");
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice !== undefined) o.fail(`indicator id ${show(twice)} is given to two figures in \`indicators\``);

  const concurrency = o.wholeNumber("concurrency", { min: 1, max: 10 }, 3);

  return {
    start,
    end,
    periodType: o.choice<WikimediaPeriodType>("periodType", ["year", "month"], "year"),
    wikidataField,
    exclude,
    editions,
    access: o.choice<WikimediaAccess>("access", ACCESS, "all-access"),
    indicators: { total, editions: editionsId, perEdition },
    editionCount: o.choice<EditionCountBasis>("editionCount", ["viewed", "sitelinks"], "viewed"),
    concurrency,
    pageviewsEndpoint: endpoint("pageviewsEndpoint", DEFAULT_PAGEVIEWS_ENDPOINT),
    wikidataEndpoint: endpoint("wikidataEndpoint", DEFAULT_WIKIDATA_API),
  };
}
