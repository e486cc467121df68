import {
  type IndexResult,
  InputError,
  type JsonSchema,
  LANGUAGE_TAG_PATTERN,
  show,
  specLanguages,
  withDefaults,
} from "@cityindex/core";

/** Options of the `html` exporter, as written in a spec. Mirrors {@link htmlOptionsSchema}. */
export interface HtmlExportOptions {
  /** The report's path in the output directory; default `report.html`. */
  file?: string;
  /**
   * Languages of the report, the first shown when it opens: `["zh", "en"]`. Default: every language of the
   * spec's labels, English first, then in order of first use (English alone when the spec has no labels).
   */
  languages?: string[];
  /** How many of the biggest movers between the first and the latest period to list; default 10. */
  movers?: number;
}

/** The path rule: relative, no `..` segment, no backslash, ends in `.html` or `.htm`. */
const FILE_PATTERN = '^(?!/)(?!.*(^|/)\\.\\.(/|$))[^\\\\:*?"<>|]+\\.html?$';

/** The JSON Schema of the `html` exporter's options, with defaults and `additionalProperties: false`. */
export const htmlOptionsSchema: JsonSchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    file: {
      type: "string",
      pattern: FILE_PATTERN,
      default: "report.html",
      description: "The report's path in the output directory: relative, ending in `.html`",
    },
    languages: {
      type: "array",
      items: { type: "string", pattern: LANGUAGE_TAG_PATTERN },
      minItems: 1,
      uniqueItems: true,
      description:
        "Languages of the report, the first shown when it opens. Default: every language of the spec's labels, English first",
    },
    movers: {
      type: "integer",
      minimum: 0,
      maximum: 1000,
      default: 10,
      description: "How many of the biggest rank movers between the first and the latest period to list",
    },
  },
};

/** The options with every default resolved against a result. */
export interface ResolvedHtmlOptions {
  /** The report's path. */
  file: string;
  /** Languages of the report, at least one. */
  languages: string[];
  /** How many movers to list. */
  movers: number;
}

const fail = (message: string): never => {
  throw new InputError("bad-option", `html exporter: ${message}`);
};

/**
 * Fills in the defaults of the `html` exporter's options and checks them. Throws an `InputError` (code
 * `bad-option`) naming the bad option and value.
 *
 * @example
 * resolveHtmlOptions(result, {}) // { file: "report.html", languages: ["en", "zh"], movers: 10 }
 */
export function resolveHtmlOptions(result: IndexResult, raw: HtmlExportOptions = {}): ResolvedHtmlOptions {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    fail(`options must be an object, got ${show(raw)}`);
  }
  const known = Object.keys(htmlOptionsSchema.properties as Record<string, unknown>);
  for (const key of Object.keys(raw)) {
    if (!known.includes(key)) fail(`unknown option ${show(key)}; the options are ${known.join(", ")}`);
  }
  const options = withDefaults(htmlOptionsSchema, raw as Record<string, unknown>) as HtmlExportOptions;

  const file = options.file;
  if (typeof file !== "string" || !new RegExp(FILE_PATTERN).test(file)) {
    fail(`\`file\` must be a relative path ending in \`.html\`, got ${show(file)}`);
  }

  let languages: string[];
  if (options.languages === undefined) {
    const pattern = new RegExp(LANGUAGE_TAG_PATTERN);
    languages = specLanguages(result.spec).filter((l) => pattern.test(l));
    if (languages.length === 0) languages = ["en"];
  } else {
    if (!Array.isArray(options.languages) || options.languages.length === 0) {
      fail(`\`languages\` must be a non-empty array, got ${show(options.languages)}`);
    }
    const pattern = new RegExp(LANGUAGE_TAG_PATTERN);
    for (const l of options.languages as unknown[]) {
      if (typeof l !== "string" || !pattern.test(l)) fail(`\`languages\` has a bad language tag ${show(l)}`);
    }
    languages = [...new Set(options.languages as string[])];
  }

  const movers = options.movers;
  if (typeof movers !== "number" || !Number.isInteger(movers) || movers < 0 || movers > 1000) {
    fail(`\`movers\` must be a whole number from 0 to 1000, got ${show(movers)}`);
  }

  return { file: file as string, languages, movers: movers as number };
}
