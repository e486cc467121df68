import { InputError, type JsonSchema, show } from "@cityindex/core";
import { normaliseLanguage } from "./language.js";

/** The length of a period: a year (`2024`), a quarter (`2024-Q2`) or a month (`2024-05`). */
export type TextPeriodType = "year" | "quarter" | "month";

/** How shares are written: `percent` (0–100, default) or `fraction` (0–1). */
export type TextShareScale = "percent" | "fraction";

/** The JSONL property names of each field of a post. */
export interface TextColumns {
  /** City name, alias or unit id; default `city`. */
  city?: string;
  /** Date or timestamp of the post; default `date`. */
  date?: string;
  /** The text; default `text`. A list of properties (`["title", "body"]`) joins them with a line break. */
  text?: string | string[];
  /** Language tag (`en`, `zh-CN`); default `language`. Absent or empty: detected from the script. */
  language?: string;
  /** Platform (X, Weibo, a news site); default `platform`. Used with `id` to drop duplicates. */
  platform?: string;
  /** Post id, unique within its platform; default `id`. */
  id?: string;
  /** Weight such as likes or shares, read when `weighted` is true; default `weight`. */
  weight?: string;
  /**
   * A sentiment score on [-1, 1] computed elsewhere (by a better classifier). Not read unless named; where a
   * post has a number there, it replaces the lexicon score.
   */
  score?: string;
}

/** Indicator ids of the figures for one language (a value of {@link TextSourceOptions.byLanguage}). */
export interface LanguageIndicators {
  /** Posts (or their weight) in the language. */
  volume?: string;
  /** Mean sentiment of the language's scored posts. */
  sentiment?: string;
  /** Share of the language's scored posts that are positive. */
  sharePositive?: string;
  /** Share of the language's scored posts that are negative. */
  shareNegative?: string;
  /** Standard error of the language's mean sentiment. */
  sentimentSe?: string;
  /** Number of the language's posts that were scored. */
  scored?: string;
}

/** The ids of the indicators the source yields; `null` leaves one out. */
export interface TextIndicators {
  /** Posts per unit and period (or their weight); default `social_mentions`. */
  volume?: string | null;
  /** Mean sentiment on [-1, 1] of the scored posts; default `social_sentiment`. */
  sentiment?: string | null;
  /** Share of scored posts that are positive; default `positive_post_share`. */
  sharePositive?: string | null;
  /** Share of scored posts that are negative; default `negative_post_share`. */
  shareNegative?: string | null;
  /** Share of posts (with a known language) not in Chinese; default `non_chinese_post_share`. */
  nonChineseShare?: string | null;
  /** Standard error of the mean sentiment; default `null` (not yielded). */
  sentimentSe?: string | null;
  /** Number of posts scored; default `null`. */
  scored?: string | null;
  /** Lower bound of the bootstrap interval of the mean sentiment; default `null`. */
  sentimentLow?: string | null;
  /** Upper bound of the bootstrap interval of the mean sentiment; default `null`. */
  sentimentHigh?: string | null;
}

/** A sentiment lexicon to add to, or to replace, a language's lexicon. */
export interface LexiconOption {
  /** The language it scores (`en`, `zh`, `fr`); tags are reduced to their primary subtag. */
  language: string;
  /** A TSV file, `word<TAB>score` per line, relative to the spec's directory. */
  path?: string;
  /** Words and scores written inline; with `path`, these win over the file's. */
  words?: Record<string, number>;
  /** `add` (default): over the built-in lexicon, these entries winning; `replace`: instead of it. */
  mode?: "add" | "replace";
  /** The largest absolute score of the lexicon's scale; a post's score is divided by it. Default `5`. */
  scale?: number;
  /**
   * Negators and degree adverbs: word → factor applied to the next sentiment word in the clause (`-1` flips
   * it, `2` doubles it). Mode `add` adds them to the language's; mode `replace` puts them in place of the
   * language's (without them, the built-in ones stay). Not used for English, where the `sentiment`
   * package's negation rule applies.
   */
  modifiers?: Record<string, number>;
}

/** Options of the bootstrap interval of the mean sentiment. */
export interface BootstrapOptions {
  /** Resamples per unit and period; default `1000`. */
  samples?: number;
  /** Coverage of the interval; default `0.95`. */
  level?: number;
  /** Seed of the pseudo-random generator; default `1`. */
  seed?: number;
}

/** Options of the `text` source, as written in a spec. Mirrors {@link textOptionsSchema}. */
export interface TextSourceOptions {
  /** The JSONL file, relative to the spec's directory. */
  path: string;
  /** Property names of the fields. */
  columns?: TextColumns;
  /** Periods are years (default), quarters or months of the date. */
  periodType?: TextPeriodType;
  /** Indicator ids of the figures over all languages. */
  indicators?: TextIndicators;
  /** Language (primary subtag, `other` or `und`) → indicator ids of its own figures. */
  byLanguage?: Record<string, LanguageIndicators>;
  /** Extra or replacement lexicons. */
  lexicon?: LexiconOption[];
  /** Positive: score above `threshold`; negative: below `-threshold`. Default `0`. */
  threshold?: number;
  /** How shares are written; default `percent`. */
  shares?: TextShareScale;
  /** Weight posts by `columns.weight` (plus `weightOffset`) in every figure; default `false`. */
  weighted?: boolean;
  /** Added to every weight, so a post with no likes still counts; default `1`. */
  weightOffset?: number;
  /** Bootstrap interval settings (used when `sentimentLow` or `sentimentHigh` is asked for). */
  bootstrap?: BootstrapOptions;
  /** The spec's unit ids; default: the spec's units. Posts naming other cities are counted and reported. */
  units?: string[];
  /** City names or aliases in the file → unit ids (`{ "蓉城": "chengdu" }`). */
  unitMap?: Record<string, string>;
  /** Match city names against the spec units' labels (any language, case-insensitive); default `true`. */
  matchLabels?: boolean;
  /** Drop a post whose platform and id were seen before; default `true`. */
  dedupe?: boolean;
  /** Jieba's hidden Markov model for words not in its dictionary; default `false` (dictionary only). */
  hmm?: boolean;
  /** The longest line read, in bytes; longer lines are skipped and reported. Default 1 MiB. */
  maxLineBytes?: number;
  /** Issues reported per code (and unknown city names) before the rest are rolled into one; default `20`. */
  maxIssues?: number;
  /** The data's licence, copied into every observation's provenance. */
  licence?: string;
  /** True if the values are illustrative, not measured; copied into every observation's provenance. */
  illustrative?: boolean;
}

/** Default property names. */
export const DEFAULT_TEXT_COLUMNS: Readonly<{
  city: string;
  date: string;
  text: string;
  language: string;
  platform: string;
  id: string;
  weight: string;
}> = Object.freeze({
  city: "city",
  date: "date",
  text: "text",
  language: "language",
  platform: "platform",
  id: "id",
  weight: "weight",
});

/** Default indicator ids. */
export const DEFAULT_TEXT_INDICATORS: Readonly<Required<TextIndicators>> = Object.freeze({
  volume: "social_mentions",
  sentiment: "social_sentiment",
  sharePositive: "positive_post_share",
  shareNegative: "negative_post_share",
  nonChineseShare: "non_chinese_post_share",
  sentimentSe: null,
  scored: null,
  sentimentLow: null,
  sentimentHigh: null,
});

/** The longest line read by default: 1 MiB. */
export const DEFAULT_MAX_LINE_BYTES = 1_048_576;

const idOrNull = { type: ["string", "null"], minLength: 1 } as const;
const id = { type: "string", minLength: 1 } as const;
const LANGUAGE_FIELDS = ["volume", "sentiment", "sharePositive", "shareNegative", "sentimentSe", "scored"];

/** JSON Schema of {@link TextSourceOptions}, with defaults. */
export const textOptionsSchema: JsonSchema = {
  type: "object",
  additionalProperties: false,
  required: ["path"],
  properties: {
    path: { type: "string", minLength: 1, description: "The JSONL file, relative to the spec's directory." },
    columns: {
      type: "object",
      additionalProperties: false,
      properties: {
        ...Object.fromEntries(
          Object.entries(DEFAULT_TEXT_COLUMNS)
            .filter(([k]) => k !== "text")
            .map(([k, v]) => [k, { ...id, default: v }]),
        ),
        text: {
          anyOf: [id, { type: "array", items: id, minItems: 1 }],
          default: DEFAULT_TEXT_COLUMNS.text,
        },
        score: { ...id, description: "A precomputed sentiment score on [-1, 1]; not read unless named." },
      },
      description: "Property names of the fields of a post.",
    },
    periodType: {
      enum: ["year", "quarter", "month"],
      default: "year",
      description: "Periods are years, quarters (2024-Q2) or months of the date.",
    },
    indicators: {
      type: "object",
      additionalProperties: false,
      properties: Object.fromEntries(
        Object.entries(DEFAULT_TEXT_INDICATORS).map(([k, v]) => [k, { ...idOrNull, default: v }]),
      ),
      description: "Indicator ids; null leaves one out.",
    },
    byLanguage: {
      type: "object",
      additionalProperties: {
        type: "object",
        additionalProperties: false,
        properties: Object.fromEntries(LANGUAGE_FIELDS.map((k) => [k, id])),
      },
      description: "Language → indicator ids of its own volume, sentiment, shares, SE and count scored.",
    },
    lexicon: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["language"],
        properties: {
          language: id,
          path: id,
          words: { type: "object", additionalProperties: { type: "number" } },
          mode: { enum: ["add", "replace"], default: "add" },
          scale: { type: "number", exclusiveMinimum: 0, default: 5 },
          modifiers: { type: "object", additionalProperties: { type: "number" } },
        },
      },
      description: "Lexicons (TSV word<TAB>score, or inline words) added to or replacing a language's.",
    },
    threshold: {
      type: "number",
      minimum: 0,
      exclusiveMaximum: 1,
      default: 0,
      description: "Positive: score > threshold; negative: score < -threshold.",
    },
    shares: { enum: ["percent", "fraction"], default: "percent", description: "Shares as 0–100 or 0–1." },
    weighted: { type: "boolean", default: false, description: "Weight posts by columns.weight." },
    weightOffset: {
      type: "number",
      minimum: 0,
      default: 1,
      description: "Added to every weight, so a post with no likes still counts.",
    },
    bootstrap: {
      type: "object",
      additionalProperties: false,
      properties: {
        samples: { type: "integer", minimum: 10, default: 1000 },
        level: { type: "number", exclusiveMinimum: 0, exclusiveMaximum: 1, default: 0.95 },
        seed: { type: "integer", default: 1 },
      },
      description: "Bootstrap interval of the mean sentiment (sentimentLow, sentimentHigh).",
    },
    units: {
      type: "array",
      items: { type: "string" },
      description: "The spec's unit ids; default the spec's units.",
    },
    unitMap: {
      type: "object",
      additionalProperties: id,
      description: "City names or aliases → unit ids.",
    },
    matchLabels: { type: "boolean", default: true, description: "Match city names against unit labels." },
    dedupe: { type: "boolean", default: true, description: "Drop repeated platform + id." },
    hmm: { type: "boolean", default: false, description: "Jieba's HMM for words not in its dictionary." },
    maxLineBytes: {
      type: "integer",
      minimum: 64,
      default: DEFAULT_MAX_LINE_BYTES,
      description: "Longer lines are skipped and reported.",
    },
    maxIssues: { type: "integer", minimum: 1, default: 20, description: "Issues per code before a roll-up." },
    licence: { type: "string", description: "Copied into every observation's provenance." },
    illustrative: { type: "boolean", description: "Copied into every observation's provenance." },
  },
};

/** A lexicon option after checking: language reduced, defaults filled in. */
export interface ResolvedLexiconOption {
  /** Primary language subtag. */
  language: string;
  /** TSV file, if any. */
  path: string | undefined;
  /** Inline words. */
  words: Record<string, number>;
  /** Add or replace. */
  mode: "add" | "replace";
  /** Scale (largest absolute score). */
  scale: number;
  /** Modifiers given. */
  modifiers: Record<string, number> | undefined;
}

/** Options with every default filled in. */
export interface ResolvedTextOptions {
  /** Property names. */
  columns: {
    city: string;
    date: string;
    text: string[];
    language: string;
    platform: string;
    id: string;
    weight: string;
    score: string | undefined;
  };
  /** Period length. */
  periodType: TextPeriodType;
  /** Indicator ids, `null` when left out. */
  indicators: { [K in keyof TextIndicators]-?: string | null };
  /** Language → its indicator ids. */
  byLanguage: Map<string, LanguageIndicators>;
  /** Lexicons. */
  lexicon: ResolvedLexiconOption[];
  /** Positive/negative threshold. */
  threshold: number;
  /** Share scale. */
  shares: TextShareScale;
  /** Weighted figures. */
  weighted: boolean;
  /** Weight offset. */
  weightOffset: number;
  /** Bootstrap settings. */
  bootstrap: Required<BootstrapOptions>;
  /** Unit ids given in the options. */
  units: string[] | undefined;
  /** Normalised name → unit id. */
  unitMap: Record<string, string>;
  /** Match labels. */
  matchLabels: boolean;
  /** Drop duplicates. */
  dedupe: boolean;
  /** Jieba HMM. */
  hmm: boolean;
  /** Line cap in bytes. */
  maxLineBytes: number;
  /** Issues per code. */
  maxIssues: number;
  /** Licence for provenance. */
  licence: string | undefined;
  /** Illustrative flag for provenance. */
  illustrative: boolean | undefined;
}

/** The option keys {@link textOptionsSchema} declares. */
export const TEXT_OPTION_KEYS: readonly string[] = Object.freeze(
  Object.keys(textOptionsSchema.properties as object),
);

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * Checks options and fills in defaults. Throws an `InputError` naming `where` and the bad option.
 * `path` is not checked here.
 */
export function resolveTextOptions(options: Record<string, unknown>, where: string): ResolvedTextOptions {
  const bad = (message: string): never => {
    throw new InputError("bad-option", `${where}: ${message}`);
  };
  if (!isRecord(options)) bad(`options must be an object, got ${show(options)}`);
  for (const key of Object.keys(options)) {
    if (!TEXT_OPTION_KEYS.includes(key)) bad(`unknown option ${show(key)}`);
  }
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
  const num = (
    from: Record<string, unknown>,
    key: string,
    fallback: number,
    ok: (n: number) => boolean,
    what: string,
  ): number => {
    const v = from[key];
    if (v === undefined) return fallback;
    if (typeof v !== "number" || !Number.isFinite(v) || !ok(v)) {
      return bad(`option \`${key}\` must be ${what}, got ${show(v)}`);
    }
    return v;
  };
  const bool = (key: string, fallback: boolean): boolean => {
    const v = options[key];
    if (v === undefined) return fallback;
    if (typeof v !== "boolean") return bad(`option \`${key}\` must be true or false, got ${show(v)}`);
    return v;
  };
  const record = (key: string, from: Record<string, unknown> = options): Record<string, unknown> => {
    const v = from[key];
    if (v === undefined) return {};
    if (!isRecord(v)) return bad(`option \`${key}\` must be an object, got ${show(v)}`);
    return v;
  };
  const name = (key: string, v: unknown): string => {
    if (typeof v !== "string" || v.trim() === "")
      bad(`option \`${key}\` must be a non-empty string, got ${show(v)}`);
    return v as string;
  };
  const numbers = (key: string, v: unknown): Record<string, number> => {
    if (!isRecord(v)) return bad(`option \`${key}\` must be an object of numbers, got ${show(v)}`);
    for (const [k, n] of Object.entries(v)) {
      if (typeof n !== "number" || !Number.isFinite(n))
        bad(`option \`${key}.${k}\` must be a number, got ${show(n)}`);
    }
    return v as Record<string, number>;
  };

  // Columns
  const columnsIn = record("columns");
  const columns: ResolvedTextOptions["columns"] = {
    ...DEFAULT_TEXT_COLUMNS,
    text: [DEFAULT_TEXT_COLUMNS.text],
    score: undefined,
  };
  for (const [k, v] of Object.entries(columnsIn)) {
    if (k === "text") {
      const list = Array.isArray(v) ? v : [v];
      if (list.length === 0) bad("option `columns.text` must name at least one property");
      columns.text = list.map((t, i) => name(`columns.text${Array.isArray(v) ? `[${i}]` : ""}`, t));
    } else if (k === "score") columns.score = name("columns.score", v);
    else if (k in DEFAULT_TEXT_COLUMNS) (columns as Record<string, unknown>)[k] = name(`columns.${k}`, v);
    else bad(`unknown column field ${show(k)} in \`columns\``);
  }

  // Indicators
  const indicatorsIn = record("indicators");
  const indicators = { ...DEFAULT_TEXT_INDICATORS } as ResolvedTextOptions["indicators"];
  for (const [k, v] of Object.entries(indicatorsIn)) {
    if (!(k in DEFAULT_TEXT_INDICATORS)) bad(`unknown indicator field ${show(k)} in \`indicators\``);
    (indicators as Record<string, string | null>)[k] = v === null ? null : name(`indicators.${k}`, v);
  }
  const byLanguage = new Map<string, LanguageIndicators>();
  for (const [tag, v] of Object.entries(record("byLanguage"))) {
    if (!isRecord(v)) bad(`option \`byLanguage.${tag}\` must be an object, got ${show(v)}`);
    const entry: Record<string, string> = {};
    for (const [k, idv] of Object.entries(v as Record<string, unknown>)) {
      if (!LANGUAGE_FIELDS.includes(k)) bad(`unknown field ${show(k)} in \`byLanguage.${tag}\``);
      entry[k] = name(`byLanguage.${tag}.${k}`, idv);
    }
    const language = normaliseLanguage(tag);
    if (language === undefined) bad(`\`byLanguage\` key ${show(tag)} is not a language tag`);
    if (byLanguage.has(language as string)) bad(`\`byLanguage\` names language ${show(language)} twice`);
    byLanguage.set(language as string, entry);
  }
  const ids = [
    ...Object.values(indicators),
    ...[...byLanguage.values()].flatMap((e) => Object.values(e) as string[]),
  ].filter((v): v is string => typeof v === "string");
  const twice = ids.find((x, i) => ids.indexOf(x) !== i);
  if (twice !== undefined) bad(`indicator id ${show(twice)} is given to two figures`);

  // Lexicons
  const lexiconIn = options.lexicon ?? [];
  if (!Array.isArray(lexiconIn)) bad(`option \`lexicon\` must be an array, got ${show(lexiconIn)}`);
  const lexicon = (lexiconIn as unknown[]).map((entry, i): ResolvedLexiconOption => {
    const at = `lexicon[${i}]`;
    if (!isRecord(entry)) return bad(`option \`${at}\` must be an object, got ${show(entry)}`);
    for (const k of Object.keys(entry)) {
      if (!["language", "path", "words", "mode", "scale", "modifiers"].includes(k)) {
        bad(`unknown field ${show(k)} in \`${at}\``);
      }
    }
    const language = normaliseLanguage(name(`${at}.language`, entry.language));
    if (language === undefined) bad(`\`${at}.language\` ${show(entry.language)} is not a language tag`);
    if (entry.path === undefined && entry.words === undefined) bad(`\`${at}\` needs \`path\` or \`words\``);
    const mode = entry.mode ?? "add";
    if (mode !== "add" && mode !== "replace")
      bad(`\`${at}.mode\` must be \`add\` or \`replace\`, got ${show(mode)}`);
    return {
      language: language as string,
      path: entry.path === undefined ? undefined : name(`${at}.path`, entry.path),
      words: entry.words === undefined ? {} : numbers(`${at}.words`, entry.words),
      mode: mode as "add" | "replace",
      scale: num(entry, "scale", 5, (n) => n > 0, "a positive number"),
      modifiers: entry.modifiers === undefined ? undefined : numbers(`${at}.modifiers`, entry.modifiers),
    };
  });

  // Units
  const units = options.units;
  if (units !== undefined && (!Array.isArray(units) || units.some((u) => typeof u !== "string"))) {
    bad(`option \`units\` must be an array of strings, got ${show(units)}`);
  }
  const unitMap: Record<string, string> = {};
  for (const [k, v] of Object.entries(record("unitMap"))) unitMap[k] = name(`unitMap.${k}`, v);

  const bootstrapIn = record("bootstrap");
  for (const k of Object.keys(bootstrapIn)) {
    if (!["samples", "level", "seed"].includes(k)) bad(`unknown field ${show(k)} in \`bootstrap\``);
  }
  const licence = options.licence;
  if (licence !== undefined && typeof licence !== "string") {
    bad(`option \`licence\` must be a string, got ${show(licence)}`);
  }
  const illustrative = options.illustrative;
  if (illustrative !== undefined && typeof illustrative !== "boolean") {
    bad(`option \`illustrative\` must be a boolean, got ${show(illustrative)}`);
  }
  const integer = (n: number) => Number.isInteger(n);

  return {
    columns,
    periodType: pick<TextPeriodType>("periodType", ["year", "quarter", "month"], "year"),
    indicators,
    byLanguage,
    lexicon,
    threshold: num(
      options,
      "threshold",
      0,
      (n) => n >= 0 && n < 1,
      "a number from 0 up to (not including) 1",
    ),
    shares: pick<TextShareScale>("shares", ["percent", "fraction"], "percent"),
    weighted: bool("weighted", false),
    weightOffset: num(options, "weightOffset", 1, (n) => n >= 0, "a number of at least 0"),
    bootstrap: {
      samples: num(
        bootstrapIn,
        "samples",
        1000,
        (n) => integer(n) && n >= 10,
        "a whole number of at least 10",
      ),
      level: num(bootstrapIn, "level", 0.95, (n) => n > 0 && n < 1, "a number between 0 and 1"),
      seed: num(bootstrapIn, "seed", 1, integer, "a whole number"),
    },
    units: units as string[] | undefined,
    unitMap,
    matchLabels: bool("matchLabels", true),
    dedupe: bool("dedupe", true),
    hmm: bool("hmm", false),
    maxLineBytes: num(
      options,
      "maxLineBytes",
      DEFAULT_MAX_LINE_BYTES,
      (n) => integer(n) && n >= 64,
      "a whole number of at least 64",
    ),
    maxIssues: num(options, "maxIssues", 20, (n) => integer(n) && n >= 1, "a whole number of at least 1"),
    licence: licence as string | undefined,
    illustrative: illustrative as boolean | undefined,
  };
}
