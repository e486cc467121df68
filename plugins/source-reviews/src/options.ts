import { InputError, type JsonSchema, show } from "@cityindex/core";
import type { PeriodType } from "./dates.js";

/** The file's format. `auto` reads `.jsonl` and `.ndjson` files as JSON Lines and anything else as CSV. */
export type ReviewsFormat = "auto" | "csv" | "jsonl";

/** What one row of the file is: a place with its average rating and review count, or one review. */
export type ReviewsGrain = "place" | "review";

/** How shares are written: `percent` (0–100, default) or `fraction` (0–1). */
export type ShareScale = "percent" | "fraction";

/** The file's column names (JSONL: property names) for each field. */
export interface ReviewsColumns {
  /** City name or unit id; default `city`. */
  city?: string;
  /** Platform (Tripadvisor, Google Maps, ...); default `platform`. */
  platform?: string;
  /** Place name or id; default `place`. */
  place?: string;
  /** Category (hotel, restaurant, attraction, ...); default `category`. */
  category?: string;
  /** Rating: a place's average (grain `place`) or one review's (grain `review`); default `rating`. */
  rating?: string;
  /** The top of the rating's scale (5, 10, 100); default `rating_scale`. */
  ratingScale?: string;
  /** Grain `place`: the number of reviews behind the rating; default `review_count`. */
  reviewCount?: string;
  /** Date of the snapshot or review; default `date`. */
  date?: string;
  /** Language tag of the reviews (`en`, `zh-CN`); default `language`. */
  language?: string;
  /** Review text; default `text`. Not read by this source. */
  text?: string;
}

/** The ids of the indicators the source yields; `null` leaves one out. */
export interface ReviewsIndicators {
  /** Bayesian-average rating on 0–5; default `travel_rating`. */
  rating?: string | null;
  /** Review volume; default `review_volume`. */
  volume?: string | null;
  /** Share of reviews not in Chinese; default `non_chinese_review_share`. */
  nonChineseShare?: string | null;
}

/** Options of the `reviews` source, as written in a spec. Mirrors {@link reviewsOptionsSchema}. */
export interface ReviewsSourceOptions {
  /** The file, relative to the spec's directory. */
  path: string;
  /** File format; default `auto`. */
  format?: ReviewsFormat;
  /** What a row is; default `place`. */
  grain?: ReviewsGrain;
  /** Column names; each defaults to the snake_case field name. */
  columns?: ReviewsColumns;
  /** Periods are years (default) or months of `date`. */
  periodType?: PeriodType;
  /** The top of the rating scale for rows without a `rating_scale`; default `5`. */
  ratingScale?: number;
  /** Prior mean `m` of the Bayesian average, on 0–5, or `pooled` (default): the review-weighted mean of all rows in the period. */
  priorMean?: number | "pooled";
  /** Prior weight `C` of the Bayesian average, in reviews; default `50`. */
  priorWeight?: number;
  /** The rating (on 0–5) a place needs to count as highly rated; default `4.5`. */
  threshold?: number;
  /** The reviews a place needs to be rated at all in the shares; default `50`. */
  minReviews?: number;
  /** Category value in the file (case-insensitive) → indicator id of its highly-rated share. */
  categories?: Record<string, string>;
  /** Indicator ids of the rating, volume and language share. */
  indicators?: ReviewsIndicators;
  /** How shares are written; default `percent`. */
  shares?: ShareScale;
  /** The spec's unit ids: rows for other cities are left out and listed in a warning. */
  units?: string[];
  /** City names in the file → unit ids (`{ "成都": "chengdu" }`), applied before `units` is checked. */
  unitMap?: Record<string, string>;
  /** Cell texts (after trimming) that mean a missing value; default {@link DEFAULT_MISSING}. */
  missing?: string[];
  /** The data's licence, copied into every observation's provenance. */
  licence?: string;
  /** True if the values are illustrative, not measured; copied into every observation's provenance. */
  illustrative?: boolean;
}

/** The cell texts read as a missing value when the `missing` option is not given. */
export const DEFAULT_MISSING: readonly string[] = Object.freeze([
  "",
  "NA",
  "N/A",
  "n/a",
  "na",
  "-",
  "NULL",
  "null",
]);

/** Default column names. */
export const DEFAULT_COLUMNS: Readonly<Required<ReviewsColumns>> = Object.freeze({
  city: "city",
  platform: "platform",
  place: "place",
  category: "category",
  rating: "rating",
  ratingScale: "rating_scale",
  reviewCount: "review_count",
  date: "date",
  language: "language",
  text: "text",
});

/** Default category → indicator ids, matching the China City Overseas Influence example. */
export const DEFAULT_CATEGORIES: Readonly<Record<string, string>> = Object.freeze({
  hotel: "highly_rated_hotels_share",
  restaurant: "highly_rated_restaurants_share",
  attraction: "highly_rated_attractions_share",
});

/** Default indicator ids. */
export const DEFAULT_INDICATORS: Readonly<Required<ReviewsIndicators>> = Object.freeze({
  rating: "travel_rating",
  volume: "review_volume",
  nonChineseShare: "non_chinese_review_share",
});

const idOrNull = { type: ["string", "null"], minLength: 1 } as const;
const positive = { type: "number", exclusiveMinimum: 0 } as const;

/** JSON Schema of {@link ReviewsSourceOptions}, with defaults. */
export const reviewsOptionsSchema: JsonSchema = {
  type: "object",
  additionalProperties: false,
  required: ["path"],
  properties: {
    path: { type: "string", minLength: 1, description: "The file, relative to the spec's directory." },
    format: {
      enum: ["auto", "csv", "jsonl"],
      default: "auto",
      description: "auto: .jsonl and .ndjson are JSON Lines, anything else CSV.",
    },
    grain: {
      enum: ["place", "review"],
      default: "place",
      description:
        "place: a row is a place with its average rating and review count; review: a row is one review.",
    },
    columns: {
      type: "object",
      additionalProperties: false,
      properties: Object.fromEntries(
        Object.entries(DEFAULT_COLUMNS).map(([k, v]) => [k, { type: "string", minLength: 1, default: v }]),
      ),
      description: "Column (JSONL: property) names of the fields.",
    },
    periodType: {
      enum: ["year", "month"],
      default: "year",
      description: "Periods are years or months of `date`.",
    },
    ratingScale: {
      ...positive,
      default: 5,
      description: "Top of the rating scale for rows without rating_scale.",
    },
    priorMean: {
      anyOf: [{ type: "number", minimum: 0, maximum: 5 }, { const: "pooled" }],
      default: "pooled",
      description:
        "Prior mean m (0–5) of the Bayesian average, or pooled: the mean of all rows in the period.",
    },
    priorWeight: { type: "number", minimum: 0, default: 50, description: "Prior weight C, in reviews." },
    threshold: {
      type: "number",
      minimum: 0,
      maximum: 5,
      default: 4.5,
      description: "Highly rated: at least this (0–5).",
    },
    minReviews: {
      type: "integer",
      minimum: 0,
      default: 50,
      description: "Reviews a place needs to be counted in shares.",
    },
    categories: {
      type: "object",
      additionalProperties: { type: "string", minLength: 1 },
      default: { ...DEFAULT_CATEGORIES },
      description: "Category value (case-insensitive) → indicator id of its highly-rated share.",
    },
    indicators: {
      type: "object",
      additionalProperties: false,
      properties: {
        rating: { ...idOrNull, default: DEFAULT_INDICATORS.rating },
        volume: { ...idOrNull, default: DEFAULT_INDICATORS.volume },
        nonChineseShare: { ...idOrNull, default: DEFAULT_INDICATORS.nonChineseShare },
      },
      description: "Indicator ids of the rating, volume and language share; null leaves one out.",
    },
    shares: { enum: ["percent", "fraction"], default: "percent", description: "Shares as 0–100 or 0–1." },
    units: {
      type: "array",
      items: { type: "string" },
      description: "The spec's unit ids; other cities are left out.",
    },
    unitMap: {
      type: "object",
      additionalProperties: { type: "string", minLength: 1 },
      description: "City names in the file → unit ids.",
    },
    missing: {
      type: "array",
      items: { type: "string" },
      default: [...DEFAULT_MISSING],
      description: "Cell texts (trimmed) that mean a missing value.",
    },
    licence: { type: "string", description: "Copied into every observation's provenance." },
    illustrative: { type: "boolean", description: "Copied into every observation's provenance." },
  },
};

/** Options with every default filled in. */
export interface ResolvedReviewsOptions {
  /** File format. */
  format: ReviewsFormat;
  /** Row grain. */
  grain: ReviewsGrain;
  /** Column names. */
  columns: Required<ReviewsColumns>;
  /** Period length. */
  periodType: PeriodType;
  /** Default rating scale. */
  ratingScale: number;
  /** Prior mean, or `pooled`. */
  priorMean: number | "pooled";
  /** Prior weight. */
  priorWeight: number;
  /** Highly-rated threshold on 0–5. */
  threshold: number;
  /** Reviews needed to be counted in shares. */
  minReviews: number;
  /** Lower-cased category → indicator id. */
  categories: Map<string, string>;
  /** Indicator ids, `null` when left out. */
  indicators: { rating: string | null; volume: string | null; nonChineseShare: string | null };
  /** Share scale. */
  shares: ShareScale;
  /** Known unit ids, or `undefined` for no check. */
  units: Set<string> | undefined;
  /** City name → unit id. */
  unitMap: Map<string, string>;
  /** Missing-value tokens. */
  missing: Set<string>;
  /** Licence for provenance. */
  licence: string | undefined;
  /** Illustrative flag for provenance. */
  illustrative: boolean | undefined;
}

/** The option keys {@link reviewsOptionsSchema} declares. */
export const REVIEWS_OPTION_KEYS: readonly string[] = Object.freeze(
  Object.keys(reviewsOptionsSchema.properties as object),
);

/**
 * Checks options and fills in defaults. Throws an `InputError` naming `where` and the bad option.
 * `path` is not checked here.
 */
export function resolveReviewsOptions(
  options: Record<string, unknown>,
  where: string,
): ResolvedReviewsOptions {
  const bad = (message: string): never => {
    throw new InputError("bad-option", `${where}: ${message}`);
  };
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    bad(`options must be an object, got ${show(options)}`);
  }
  for (const key of Object.keys(options))
    if (!REVIEWS_OPTION_KEYS.includes(key)) bad(`unknown option ${show(key)}`);
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
  const num = (key: string, fallback: number, ok: (n: number) => boolean, what: string): number => {
    const v = options[key];
    if (v === undefined) return fallback;
    if (typeof v !== "number" || !Number.isFinite(v) || !ok(v))
      return bad(`option \`${key}\` must be ${what}, got ${show(v)}`);
    return v;
  };
  const record = (key: string): Record<string, unknown> | undefined => {
    const v = options[key];
    if (v === undefined) return undefined;
    if (v === null || typeof v !== "object" || Array.isArray(v))
      return bad(`option \`${key}\` must be an object, got ${show(v)}`);
    return v as Record<string, unknown>;
  };
  const strings = (key: string, value: Record<string, unknown>, nullable: boolean): void => {
    for (const [k, v] of Object.entries(value)) {
      if (!(typeof v === "string" && v.trim() !== "") && !(nullable && v === null)) {
        bad(`option \`${key}.${k}\` must be a non-empty string${nullable ? " or null" : ""}, got ${show(v)}`);
      }
    }
  };

  const columnsIn = record("columns") ?? {};
  for (const k of Object.keys(columnsIn))
    if (!(k in DEFAULT_COLUMNS)) bad(`unknown column field ${show(k)} in \`columns\``);
  strings("columns", columnsIn, false);
  const columns = { ...DEFAULT_COLUMNS, ...(columnsIn as ReviewsColumns) };

  const categoriesIn = record("categories") ?? DEFAULT_CATEGORIES;
  strings("categories", categoriesIn, false);
  const indicatorsIn = record("indicators") ?? {};
  for (const k of Object.keys(indicatorsIn))
    if (!(k in DEFAULT_INDICATORS)) bad(`unknown indicator field ${show(k)} in \`indicators\``);
  strings("indicators", indicatorsIn, true);
  const indicators = { ...DEFAULT_INDICATORS, ...(indicatorsIn as ReviewsIndicators) };
  const unitMapIn = record("unitMap") ?? {};
  strings("unitMap", unitMapIn, false);

  const units = options.units;
  if (units !== undefined && (!Array.isArray(units) || units.some((u) => typeof u !== "string"))) {
    bad(`option \`units\` must be an array of strings, got ${show(units)}`);
  }
  const missing = options.missing ?? DEFAULT_MISSING;
  if (!Array.isArray(missing) || missing.some((u) => typeof u !== "string")) {
    bad(`option \`missing\` must be an array of strings, got ${show(missing)}`);
  }
  const priorMean = options.priorMean ?? "pooled";
  if (priorMean !== "pooled" && !(typeof priorMean === "number" && priorMean >= 0 && priorMean <= 5)) {
    bad(`option \`priorMean\` must be a number from 0 to 5 or \`pooled\`, got ${show(priorMean)}`);
  }
  const licence = options.licence;
  if (licence !== undefined && typeof licence !== "string")
    bad(`option \`licence\` must be a string, got ${show(licence)}`);
  const illustrative = options.illustrative;
  if (illustrative !== undefined && typeof illustrative !== "boolean") {
    bad(`option \`illustrative\` must be a boolean, got ${show(illustrative)}`);
  }
  const ids = [...Object.values(categoriesIn), ...Object.values(indicators)].filter(
    (v): v is string => typeof v === "string",
  );
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice !== undefined)
    bad(`indicator id ${show(twice)} is given to two figures in \`categories\` and \`indicators\``);

  return {
    format: pick<ReviewsFormat>("format", ["auto", "csv", "jsonl"], "auto"),
    grain: pick<ReviewsGrain>("grain", ["place", "review"], "place"),
    columns,
    periodType: pick<PeriodType>("periodType", ["year", "month"], "year"),
    ratingScale: num("ratingScale", 5, (n) => n > 0, "a positive number"),
    priorMean: priorMean as number | "pooled",
    priorWeight: num("priorWeight", 50, (n) => n >= 0, "a number of at least 0"),
    threshold: num("threshold", 4.5, (n) => n >= 0 && n <= 5, "a number from 0 to 5"),
    minReviews: num("minReviews", 50, (n) => n >= 0 && Number.isInteger(n), "a whole number of at least 0"),
    categories: new Map(Object.entries(categoriesIn).map(([k, v]) => [k.trim().toLowerCase(), String(v)])),
    indicators: indicators as ResolvedReviewsOptions["indicators"],
    shares: pick<ShareScale>("shares", ["percent", "fraction"], "percent"),
    units: units === undefined ? undefined : new Set(units as string[]),
    unitMap: new Map(Object.entries(unitMapIn).map(([k, v]) => [k.trim(), String(v)])),
    missing: new Set((missing as string[]).map((m) => m.trim())),
    licence: licence as string | undefined,
    illustrative: illustrative as boolean | undefined,
  };
}
