import { isTermField, type JsonSchema, readOptions, show, type TermField } from "@cityindex/core";
import { isPeriod, type PeriodType } from "./periods.js";

/** How shares are written: `percent` (0–100, default) or `fraction` (0–1). */
export type ShareScale = "percent" | "fraction";

/** The ids of the indicators the source yields; `null` leaves one out (and saves its requests). */
export interface GdeltIndicators {
  /** Articles matching the city's terms; default `gdelt_articles`. */
  articles?: string | null;
  /** Share of those articles from outlets outside China; default `gdelt_foreign_share`. */
  foreignShare?: string | null;
  /** Article-weighted average tone; default `gdelt_tone`. */
  tone?: string | null;
  /** Countries whose outlets published matching articles, China left out; default `gdelt_source_countries`. */
  sourceCountries?: string | null;
}

/** Options of the `gdelt` source, as written in a spec. Mirrors {@link gdeltOptionsSchema}. */
export interface GdeltSourceOptions {
  /** The DOC 2.0 API endpoint; default {@link GDELT_ENDPOINT}. */
  endpoint?: string;
  /** Unit id → its search term or terms (alternatives), over `termFrom`. */
  terms?: Record<string, string | string[]>;
  /** The unit field that gives the term of units `terms` does not name: `labels.en` (default), `meta.<column>` or `id`. */
  termFrom?: TermField;
  /** Unit id → further terms searched as alternatives (`{ "chongqing": ["Chungking"] }`). */
  extraTerms?: Record<string, string[]>;
  /** GDELT operators added to every query (`sourcelang:english`, `-domain:example.com`). */
  operators?: string[];
  /** Periods are years (default) or months. */
  periodType?: PeriodType;
  /** The first period (`2020` or `2020-01`); with `to`, overrides the spec's periods. */
  from?: string;
  /** The last period, included. */
  to?: string;
  /** Indicator ids; `null` leaves one out. */
  indicators?: GdeltIndicators;
  /** FIPS 10-4 codes of the outlets' countries that count as domestic; default `["CH"]` (China). */
  domesticCountries?: string[];
  /** Names of the `timelinesourcecountry` series that count as domestic; default `["China"]`. */
  domesticNames?: string[];
  /** How shares are written; default `percent`. */
  shares?: ShareScale;
  /** Further attempts after a throttle reply ("Please limit requests..."); default 3. */
  throttleRetries?: number;
  /** Milliseconds to wait after a throttle reply, times the attempt number; default 10 000. */
  throttleWaitMs?: number;
  /** The licence or terms copied into every observation's provenance; default {@link GDELT_TERMS}. */
  licence?: string;
}

/** The GDELT DOC 2.0 API endpoint. */
export const GDELT_ENDPOINT = "https://api.gdeltproject.org/api/v2/doc/doc";

/** GDELT's terms of use, as written into provenance. */
export const GDELT_TERMS =
  "GDELT Project terms of use: free for any use, with a citation of the GDELT Project and a link to https://www.gdeltproject.org/";

/** Default indicator ids. */
export const DEFAULT_INDICATORS: Readonly<Required<GdeltIndicators>> = Object.freeze({
  articles: "gdelt_articles",
  foreignShare: "gdelt_foreign_share",
  tone: "gdelt_tone",
  sourceCountries: "gdelt_source_countries",
});

/** Default domestic FIPS codes: China is `CH` in FIPS 10-4 (ISO's `CN`). */
export const DEFAULT_DOMESTIC_COUNTRIES: readonly string[] = Object.freeze(["CH"]);

/** Default domestic source-country series names. */
export const DEFAULT_DOMESTIC_NAMES: readonly string[] = Object.freeze(["China"]);

const FIPS = /^[A-Z]{2}$/;
const OPERATOR = /^-?[a-z]+\d*:[\p{L}\p{N}_.<>=-]+$/u;
const idOrNull = { type: ["string", "null"], minLength: 1 } as const;
const termList = { type: "array", items: { type: "string", minLength: 1 } } as const;

/** JSON Schema of {@link GdeltSourceOptions}, with defaults. */
export const gdeltOptionsSchema: JsonSchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    endpoint: { type: "string", default: GDELT_ENDPOINT, description: "The DOC 2.0 API endpoint." },
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
    operators: {
      type: "array",
      items: { type: "string", minLength: 1 },
      default: [],
      description: "GDELT operators added to every query, such as sourcelang:english.",
    },
    periodType: { enum: ["year", "month"], default: "year", description: "Periods are years or months." },
    from: {
      type: "string",
      description: "First period (2020 or 2020-01); with to, overrides the spec's periods.",
    },
    to: { type: "string", description: "Last period, included." },
    indicators: {
      type: "object",
      additionalProperties: false,
      properties: {
        articles: { ...idOrNull, default: DEFAULT_INDICATORS.articles },
        foreignShare: { ...idOrNull, default: DEFAULT_INDICATORS.foreignShare },
        tone: { ...idOrNull, default: DEFAULT_INDICATORS.tone },
        sourceCountries: { ...idOrNull, default: DEFAULT_INDICATORS.sourceCountries },
      },
      description: "Indicator ids; null leaves one out.",
    },
    domesticCountries: {
      type: "array",
      items: { type: "string", pattern: "^[A-Za-z]{2}$" },
      minItems: 1,
      default: [...DEFAULT_DOMESTIC_COUNTRIES],
      description: "FIPS 10-4 codes of domestic outlets' countries (China is CH).",
    },
    domesticNames: {
      type: "array",
      items: { type: "string", minLength: 1 },
      default: [...DEFAULT_DOMESTIC_NAMES],
      description: "Source-country series names left out of the country count.",
    },
    shares: { enum: ["percent", "fraction"], default: "percent", description: "Shares as 0–100 or 0–1." },
    throttleRetries: {
      type: "integer",
      minimum: 0,
      default: 3,
      description: "Further attempts after a throttle reply.",
    },
    throttleWaitMs: {
      type: "number",
      minimum: 0,
      default: 10000,
      description: "Milliseconds to wait after a throttle reply, times the attempt number.",
    },
    licence: {
      type: "string",
      default: GDELT_TERMS,
      description: "Copied into every observation's provenance.",
    },
  },
};

/** Options with every default filled in. */
export interface ResolvedGdeltOptions {
  /** Endpoint URL. */
  endpoint: string;
  /** Unit id → terms. */
  terms: Map<string, string[]>;
  /** Unit field for units without terms. */
  termFrom: TermField;
  /** Unit id → extra terms. */
  extraTerms: Map<string, string[]>;
  /** Extra operators. */
  operators: string[];
  /** Period length. */
  periodType: PeriodType;
  /** First and last period, if given. */
  span: { from: string; to: string } | undefined;
  /** Indicator ids, `null` when left out. */
  indicators: { [K in keyof GdeltIndicators]-?: string | null };
  /** Domestic FIPS codes, upper case. */
  domesticCountries: string[];
  /** Domestic series names, lower case. */
  domesticNames: Set<string>;
  /** Share scale. */
  shares: ShareScale;
  /** Throttle retries. */
  throttleRetries: number;
  /** Throttle wait. */
  throttleWaitMs: number;
  /** Licence for provenance. */
  licence: string;
}

/** The option keys {@link gdeltOptionsSchema} declares. */
export const GDELT_OPTION_KEYS: readonly string[] = Object.freeze(
  Object.keys(gdeltOptionsSchema.properties as object),
);

/** Checks options and fills in defaults. Throws an `InputError` naming `where` and the bad option. */
export function resolveGdeltOptions(options: unknown, where: string): ResolvedGdeltOptions {
  const o = readOptions(options, where, GDELT_OPTION_KEYS);

  const endpoint = o.url("endpoint", GDELT_ENDPOINT);

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
  const operators = o.texts("operators", []);
  for (const op of operators) {
    if (!OPERATOR.test(op)) {
      o.fail(
        `option \`operators\` takes GDELT operators such as \`sourcelang:english\` (no spaces, quotes or parentheses), got ${show(op)}`,
      );
    }
  }

  const type = o.choice<PeriodType>("periodType", ["year", "month"], "year");
  const from = o.text("from");
  const to = o.text("to");
  let span: ResolvedGdeltOptions["span"];
  if (from !== undefined || to !== undefined) {
    if (from === undefined || to === undefined)
      o.fail("options `from` and `to` go together: give both or neither");
    const example = type === "year" ? "`2024`" : "`2024-05`";
    for (const [k, v] of [
      ["from", from],
      ["to", to],
    ] as const) {
      if (!isPeriod(v ?? "", type)) o.mustBe(k, `a ${type} such as ${example}`, v);
    }
    if ((to ?? "") < (from ?? "")) o.fail(`option \`to\` (${show(to)}) is before \`from\` (${show(from)})`);
    span = { from: from ?? "", to: to ?? "" };
  }

  const indicators = o.indicators("indicators", DEFAULT_INDICATORS) as ResolvedGdeltOptions["indicators"];
  const ids = Object.values(indicators).filter((v): v is string => typeof v === "string");
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice !== undefined) o.fail(`indicator id ${show(twice)} is given to two figures in \`indicators\``);
  if (ids.length === 0) o.fail("every indicator in `indicators` is null: there is nothing to fetch");

  const domesticCountries = o
    .texts("domesticCountries", DEFAULT_DOMESTIC_COUNTRIES)
    .map((c) => c.toUpperCase());
  if (domesticCountries.length === 0) o.fail("option `domesticCountries` must name at least one country");
  for (const c of domesticCountries) {
    if (!FIPS.test(c))
      o.fail(`option \`domesticCountries\` takes FIPS 10-4 country codes such as \`CH\`, got ${show(c)}`);
  }
  const domesticNames = new Set(o.texts("domesticNames", DEFAULT_DOMESTIC_NAMES).map((n) => n.toLowerCase()));
  const shares = o.choice<ShareScale>("shares", ["percent", "fraction"], "percent");

  return {
    endpoint,
    terms,
    termFrom,
    extraTerms,
    operators,
    periodType: type,
    span,
    indicators,
    domesticCountries,
    domesticNames,
    shares,
    throttleRetries: o.wholeNumber("throttleRetries", { min: 0 }, 3),
    throttleWaitMs: o.number("throttleWaitMs", { min: 0 }, 10_000),
    licence: o.text("licence", GDELT_TERMS),
  };
}
