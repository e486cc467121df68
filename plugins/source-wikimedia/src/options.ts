import { InputError, type JsonSchema, NODE_ID_PATTERN, show } from "@cityindex/core";
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
const ID = new RegExp(NODE_ID_PATTERN);

/** Checks options and fills in defaults. Throws an `InputError` naming `where` and the bad option. */
export function resolveWikimediaOptions(
  options: Record<string, unknown>,
  where: string,
): ResolvedWikimediaOptions {
  const bad = (message: string): never => {
    throw new InputError("bad-option", `${where}: ${message}`);
  };
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    bad(`options must be an object, got ${show(options)}`);
  }
  for (const key of Object.keys(options)) if (!KEYS.includes(key)) bad(`unknown option ${show(key)}`);
  const pick = <T extends string>(key: string, choices: readonly T[], fallback: T): T => {
    const v = options[key];
    if (v === undefined) return fallback;
    if (typeof v !== "string" || !(choices as readonly string[]).includes(v)) {
      return bad(
        `option \`${key}\` must be one of ${choices.map((c) => show(c)).join(", ")}, got ${show(v)}`,
      );
    }
    return v as T;
  };
  const monthOf = (key: string): string | undefined => {
    const v = options[key];
    if (v === undefined) return undefined;
    if (typeof v !== "string" || !MONTH_PATTERN.test(v))
      bad(`option \`${key}\` must be a month YYYY-MM, got ${show(v)}`);
    return v as string;
  };
  const endpoint = (key: string, fallback: string): string => {
    const v = options[key] ?? fallback;
    let parsed: URL | undefined;
    try {
      parsed = typeof v === "string" ? new URL(v) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!parsed || (parsed.protocol !== "http:" && parsed.protocol !== "https:") || parsed.search !== "") {
      bad(`option \`${key}\` must be an http or https URL without a query, got ${show(v)}`);
    }
    return (v as string).replace(/\/+$/, "");
  };
  const sites = (key: string, value: unknown): Set<string> => {
    if (!Array.isArray(value))
      return bad(`option \`${key}\` must be an array of edition names, got ${show(value)}`);
    const out = new Set<string>();
    for (const name of value) {
      const site = typeof name === "string" ? editionSiteId(name) : undefined;
      if (site === undefined) {
        bad(
          `option \`${key}\` has ${show(name)}, which is neither a site id (\`enwiki\`) nor a language code (\`en\`)`,
        );
      }
      out.add(site as string);
    }
    return out;
  };

  const start = monthOf("start");
  const end = monthOf("end");
  if (start !== undefined && end !== undefined && end < start) {
    bad(`option \`end\` (${show(end)}) is before \`start\` (${show(start)})`);
  }
  const field = options.wikidataField ?? "wikidata";
  if (typeof field !== "string" || field.trim() === "") {
    bad(`option \`wikidataField\` must be a non-empty string, got ${show(field)}`);
  }
  const exclude = sites("exclude", options.exclude ?? CHINESE_EDITIONS);
  const editions = options.editions === undefined ? undefined : sites("editions", options.editions);

  const ind = options.indicators ?? {};
  if (ind === null || typeof ind !== "object" || Array.isArray(ind)) {
    bad(`option \`indicators\` must be an object, got ${show(ind)}`);
  }
  const indIn = ind as Record<string, unknown>;
  for (const k of Object.keys(indIn)) {
    if (!["total", "editions", "perEdition"].includes(k))
      bad(`unknown indicator field ${show(k)} in \`indicators\``);
  }
  const idOrNull = (k: "total" | "editions"): string | null => {
    const v = indIn[k] === undefined ? DEFAULT_WIKIMEDIA_INDICATORS[k] : indIn[k];
    if (v === null) return null;
    if (typeof v !== "string" || !ID.test(v)) {
      return bad(`option \`indicators.${k}\` must be an indicator id or null, got ${show(v)}`);
    }
    return v;
  };
  const total = idOrNull("total");
  const editionsId = idOrNull("editions");
  const perIn = indIn.perEdition ?? {};
  if (perIn === null || typeof perIn !== "object" || Array.isArray(perIn)) {
    bad(`option \`indicators.perEdition\` must be an object, got ${show(perIn)}`);
  }
  const perEdition = new Map<string, string>();
  for (const [name, id] of Object.entries(perIn as Record<string, unknown>)) {
    const site = editionSiteId(name);
    if (site === undefined) {
      bad(
        `\`indicators.perEdition\` names ${show(name)}, which is neither a site id (\`enwiki\`) nor a language code (\`en\`)`,
      );
    }
    if (typeof id !== "string" || !ID.test(id)) {
      bad(`option \`indicators.perEdition.${name}\` must be an indicator id, got ${show(id)}`);
    }
    if (exclude.has(site as string))
      bad(`\`indicators.perEdition\` names ${show(name)}, which \`exclude\` leaves out`);
    if (editions && !editions.has(site as string)) {
      bad(`\`indicators.perEdition\` names ${show(name)}, which is not in \`editions\``);
    }
    if (perEdition.has(site as string))
      bad(`\`indicators.perEdition\` names the edition ${show(site)} twice`);
    perEdition.set(site as string, id as string);
  }
  const ids = [total, editionsId, ...perEdition.values()].filter((v): v is string => v !== null);
  if (ids.length === 0) bad("every indicator is left out: name at least one in `indicators`");
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice !== undefined) bad(`indicator id ${show(twice)} is given to two figures in \`indicators\``);

  const concurrency = options.concurrency ?? 3;
  if (
    typeof concurrency !== "number" ||
    !Number.isInteger(concurrency) ||
    concurrency < 1 ||
    concurrency > 10
  ) {
    bad(`option \`concurrency\` must be a whole number from 1 to 10, got ${show(concurrency)}`);
  }

  return {
    start,
    end,
    periodType: pick<WikimediaPeriodType>("periodType", ["year", "month"], "year"),
    wikidataField: (field as string).trim(),
    exclude,
    editions,
    access: pick<WikimediaAccess>("access", ACCESS, "all-access"),
    indicators: { total, editions: editionsId, perEdition },
    editionCount: pick<EditionCountBasis>("editionCount", ["viewed", "sitelinks"], "viewed"),
    concurrency: concurrency as number,
    pageviewsEndpoint: endpoint("pageviewsEndpoint", DEFAULT_PAGEVIEWS_ENDPOINT),
    wikidataEndpoint: endpoint("wikidataEndpoint", DEFAULT_WIKIDATA_API),
  };
}
