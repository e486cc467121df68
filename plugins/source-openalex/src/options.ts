import { isTermField, type JsonSchema, readOptions, show, type TermField } from "@cityindex/core";

/** How shares are written: `percent` (0–100, default) or `fraction` (0–1). */
export type ShareScale = "percent" | "fraction";

/**
 * The works a share is taken of: `known` (default), the works with at least one author affiliation whose country
 * OpenAlex knows; `all`, every matching work (works without any affiliation country then count as "outside").
 */
export type ShareBase = "known" | "all";

/** The ids of the indicators the source yields; `null` leaves one out. */
export interface OpenAlexIndicators {
  /** Works mentioning the city; default `openalex_works`. */
  works?: string | null;
  /** Share of those works with no author affiliated in China; default `openalex_foreign_share`. */
  foreignShare?: string | null;
}

/** Options of the `openalex` source, as written in a spec. Mirrors {@link openalexOptionsSchema}. */
export interface OpenAlexSourceOptions {
  /** The API's base URL; default {@link OPENALEX_ENDPOINT}. */
  endpoint?: string;
  /** Unit id → its search term or terms (alternatives), over `termFrom`. */
  terms?: Record<string, string | string[]>;
  /** The unit field that gives the term of units `terms` does not name: `labels.en` (default), `meta.<column>` or `id`. */
  termFrom?: TermField;
  /** Unit id → further terms searched as alternatives. */
  extraTerms?: Record<string, string[]>;
  /** The first publication year; with `to`, overrides the spec's periods. */
  from?: number | string;
  /** The last publication year, included. */
  to?: number | string;
  /** Indicator ids; `null` leaves one out. */
  indicators?: OpenAlexIndicators;
  /** ISO 3166-1 alpha-2 codes of the countries whose authors count as domestic; default `["CN"]`. */
  domesticCountries?: string[];
  /** The works the share is taken of; default `known`. */
  shareBase?: ShareBase;
  /** How shares are written; default `percent`. */
  shares?: ShareScale;
  /** The environment variable holding the API key, sent as `api_key`; default `OPENALEX_API_KEY`; `null` sends none. */
  apiKeyEnv?: string | null;
  /** An e-mail address sent as `mailto` (OpenAlex's polite pool); left out of provenance. */
  mailto?: string;
  /** The licence copied into every observation's provenance; default `CC0-1.0`. */
  licence?: string;
}

/** The OpenAlex API's base URL. */
export const OPENALEX_ENDPOINT = "https://api.openalex.org";

/** The variable the API key is read from by default. */
export const DEFAULT_API_KEY_ENV = "OPENALEX_API_KEY";

/** Default indicator ids. */
export const DEFAULT_INDICATORS: Readonly<Required<OpenAlexIndicators>> = Object.freeze({
  works: "openalex_works",
  foreignShare: "openalex_foreign_share",
});

/** Default domestic countries: China (`CN`). */
export const DEFAULT_DOMESTIC_COUNTRIES: readonly string[] = Object.freeze(["CN"]);

const ISO2 = /^[A-Z]{2}$/;
const ENV = /^[A-Za-z_][A-Za-z0-9_]*$/;
const EMAIL = /^[^\s@"'<>()]+@[^\s@"'<>()]+\.[^\s@"'<>()]+$/;
const YEAR = /^\d{4}$/;
const idOrNull = { type: ["string", "null"], minLength: 1 } as const;
const termList = { type: "array", items: { type: "string", minLength: 1 } } as const;
const year = {
  anyOf: [
    { type: "integer", minimum: 1000, maximum: 9999 },
    { type: "string", pattern: "^\\d{4}$" },
  ],
};

/** JSON Schema of {@link OpenAlexSourceOptions}, with defaults. */
export const openalexOptionsSchema: JsonSchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    endpoint: { type: "string", default: OPENALEX_ENDPOINT, description: "The API's base URL." },
    terms: {
      type: "object",
      additionalProperties: { anyOf: [{ type: "string", minLength: 1 }, termList] },
      description: "Unit id → search term or terms (alternatives).",
    },
    termFrom: {
      type: "string",
      default: "labels.en",
      description: "Unit field giving the term of units not in terms: labels.<lang>, meta.<column> or id.",
    },
    extraTerms: {
      type: "object",
      additionalProperties: termList,
      description: "Unit id → further terms searched as alternatives.",
    },
    from: { ...year, description: "First publication year; with to, overrides the spec's periods." },
    to: { ...year, description: "Last publication year, included." },
    indicators: {
      type: "object",
      additionalProperties: false,
      properties: {
        works: { ...idOrNull, default: DEFAULT_INDICATORS.works },
        foreignShare: { ...idOrNull, default: DEFAULT_INDICATORS.foreignShare },
      },
      description: "Indicator ids; null leaves one out.",
    },
    domesticCountries: {
      type: "array",
      items: { type: "string", pattern: "^[A-Za-z]{2}$" },
      minItems: 1,
      default: [...DEFAULT_DOMESTIC_COUNTRIES],
      description: "ISO 3166-1 alpha-2 codes of the domestic authors' countries.",
    },
    shareBase: {
      enum: ["known", "all"],
      default: "known",
      description: "known: works with a known affiliation country; all: every matching work.",
    },
    shares: { enum: ["percent", "fraction"], default: "percent", description: "Shares as 0–100 or 0–1." },
    apiKeyEnv: {
      type: ["string", "null"],
      pattern: "^[A-Za-z_][A-Za-z0-9_]*$",
      default: DEFAULT_API_KEY_ENV,
      description: "Environment variable holding the API key (sent as api_key); null sends none.",
    },
    mailto: {
      type: "string",
      description: "E-mail address sent as mailto (polite pool); kept out of provenance.",
    },
    licence: {
      type: "string",
      default: "CC0-1.0",
      description: "Copied into every observation's provenance.",
    },
  },
};

/** Options with every default filled in. */
export interface ResolvedOpenAlexOptions {
  /** Base URL, without a trailing slash. */
  endpoint: string;
  /** Unit id → terms. */
  terms: Map<string, string[]>;
  /** Unit field for units without terms. */
  termFrom: TermField;
  /** Unit id → extra terms. */
  extraTerms: Map<string, string[]>;
  /** First and last year, if given. */
  span: { from: number; to: number } | undefined;
  /** Indicator ids, `null` when left out. */
  indicators: { [K in keyof OpenAlexIndicators]-?: string | null };
  /** Domestic country codes, upper case. */
  domesticCountries: string[];
  /** Share base. */
  shareBase: ShareBase;
  /** Share scale. */
  shares: ShareScale;
  /** API key variable, or `null`. */
  apiKeyEnv: string | null;
  /** Polite-pool address, if any. */
  mailto: string | undefined;
  /** Licence for provenance. */
  licence: string;
}

/** The option keys {@link openalexOptionsSchema} declares. */
export const OPENALEX_OPTION_KEYS: readonly string[] = Object.freeze(
  Object.keys(openalexOptionsSchema.properties as object),
);

/** Checks options and fills in defaults. Throws an `InputError` naming `where` and the bad option. */
export function resolveOpenAlexOptions(options: unknown, where: string): ResolvedOpenAlexOptions {
  const o = readOptions(options, where, OPENALEX_OPTION_KEYS);

  const endpoint = o.url("endpoint", OPENALEX_ENDPOINT).replace(/\/+$/, "");

  const terms = new Map<string, string[]>();
  for (const [unit, v] of Object.entries(o.record("terms") ?? {})) {
    terms.set(unit, typeof v === "string" && v.trim() !== "" ? [v] : o.textsAt(`terms.${unit}`, v));
  }
  const extraTerms = new Map<string, string[]>();
  for (const [unit, v] of Object.entries(o.record("extraTerms") ?? {}))
    extraTerms.set(unit, o.textsAt(`extraTerms.${unit}`, v));
  const termFrom = o.text("termFrom", "labels.en");
  if (!isTermField(termFrom)) {
    o.mustBe("termFrom", "`labels.<language>`, `meta.<column>` or `id`", termFrom);
  }

  const yearOf = (key: string): number | undefined => {
    const v = o.values[key];
    if (v === undefined) return undefined;
    const s = typeof v === "number" ? String(v) : v;
    if (typeof s !== "string" || !YEAR.test(s.trim())) o.mustBe(key, "a year such as `2024`");
    return Number(s);
  };
  const from = yearOf("from");
  const to = yearOf("to");
  let span: ResolvedOpenAlexOptions["span"];
  if (from !== undefined || to !== undefined) {
    if (from === undefined || to === undefined)
      o.fail("options `from` and `to` go together: give both or neither");
    if ((to ?? 0) < (from ?? 0)) o.fail(`option \`to\` (${show(to)}) is before \`from\` (${show(from)})`);
    span = { from: from ?? 0, to: to ?? 0 };
  }

  const indicators = o.indicators("indicators", DEFAULT_INDICATORS) as ResolvedOpenAlexOptions["indicators"];
  if (indicators.works !== null && indicators.works === indicators.foreignShare) {
    o.fail(`indicator id ${show(indicators.works)} is given to two figures in \`indicators\``);
  }
  if (indicators.works === null && indicators.foreignShare === null) {
    o.fail("every indicator in `indicators` is null: there is nothing to fetch");
  }

  const domesticCountries = o
    .texts("domesticCountries", DEFAULT_DOMESTIC_COUNTRIES)
    .map((c) => c.toUpperCase());
  if (domesticCountries.length === 0) o.fail("option `domesticCountries` must name at least one country");
  for (const c of domesticCountries) {
    if (!ISO2.test(c))
      o.fail(`option \`domesticCountries\` takes ISO 3166-1 alpha-2 codes such as \`CN\`, got ${show(c)}`);
  }

  let apiKeyEnv: string | null = DEFAULT_API_KEY_ENV;
  const keyEnv = o.values.apiKeyEnv;
  if (keyEnv === null) apiKeyEnv = null;
  else if (keyEnv !== undefined) {
    // Never echo the value: it may be the key itself, written where its variable's name belongs.
    if (typeof keyEnv !== "string" || !ENV.test(keyEnv)) {
      o.fail(
        "option `apiKeyEnv` must be the name of an environment variable (letters, digits and `_`), not the key itself, or null",
      );
    }
    apiKeyEnv = keyEnv as string;
  }
  const mailto = o.text("mailto");
  if (mailto !== undefined && !EMAIL.test(mailto)) o.mustBe("mailto", "an e-mail address", mailto);

  return {
    endpoint,
    terms,
    termFrom,
    extraTerms,
    span,
    indicators,
    domesticCountries: [...new Set(domesticCountries)],
    shareBase: o.choice<ShareBase>("shareBase", ["known", "all"], "known"),
    shares: o.choice<ShareScale>("shares", ["percent", "fraction"], "percent"),
    apiKeyEnv,
    mailto,
    licence: o.text("licence", "CC0-1.0"),
  };
}
