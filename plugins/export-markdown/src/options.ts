import {
  type IndexResult,
  InputError,
  type JsonSchema,
  LANGUAGE_TAG_PATTERN,
  show,
  specLanguages,
  withDefaults,
} from "@cityindex/core";

/** Options of the `markdown` exporter, as written in a spec. Mirrors {@link markdownOptionsSchema}. */
export interface MarkdownExportOptions {
  /** The report's path in the output directory; default `report.md`. */
  file?: string;
  /**
   * Languages of the labels: the first names units, nodes and the title; each further one adds a unit name
   * column and a title line. Default: every language of the spec's labels, English first.
   */
  languages?: string[];
  /** Rows of the ranking, dimension and uncertainty tables: the best `top` units; default every unit. */
  top?: number;
  /** The period of the tables (the edition); default the latest. */
  period?: string;
  /** Decimals of the scores; default 2. */
  digits?: number;
}

/** The path rule: relative, no `..` segment, no backslash, ends in `.md` or `.markdown`. */
const FILE_PATTERN = '^(?!/)(?!.*(^|/)\\.\\.(/|$))[^\\\\:*?"<>|]+\\.(md|markdown)$';

/** The JSON Schema of the `markdown` exporter's options, with defaults and `additionalProperties: false`. */
export const markdownOptionsSchema: JsonSchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    file: {
      type: "string",
      pattern: FILE_PATTERN,
      default: "report.md",
      description: "The report's path in the output directory: relative, ending in `.md` or `.markdown`",
    },
    languages: {
      type: "array",
      items: { type: "string", pattern: LANGUAGE_TAG_PATTERN },
      uniqueItems: true,
      description:
        "Languages of the labels; the first names units and nodes, each further one adds a name column. Default: every language of the spec's labels, English first",
    },
    top: {
      type: "integer",
      minimum: 1,
      description:
        "Rows of the ranking, dimension and uncertainty tables: the best `top` units. Default: every unit",
    },
    period: {
      type: "string",
      minLength: 1,
      description: "The period of the tables (the edition). Default: the latest",
    },
    digits: {
      type: "integer",
      minimum: 0,
      maximum: 10,
      default: 2,
      description: "Decimals of the scores",
    },
  },
};

/** The options with every default resolved against a result. */
export interface ResolvedMarkdownOptions {
  /** The report's path. */
  file: string;
  /** Languages of the labels (may be empty when the spec has no labels: ids are used). */
  languages: string[];
  /** Rows of the tables (`Infinity` for every unit). */
  top: number;
  /** Index into `result.periods` of the tables' period. */
  period: number;
  /** Decimals of the scores. */
  digits: number;
}

const fail = (message: string): never => {
  throw new InputError("bad-option", `markdown exporter: ${message}`);
};

/**
 * Fills in the defaults of the `markdown` exporter's options and checks them against a result. Throws an
 * `InputError` (code `bad-option`) naming the bad option and value.
 */
export function resolveMarkdownOptions(
  result: IndexResult,
  raw: MarkdownExportOptions = {},
): ResolvedMarkdownOptions {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    fail(`options must be an object, got ${show(raw)}`);
  }
  const known = Object.keys(markdownOptionsSchema.properties as Record<string, unknown>);
  for (const key of Object.keys(raw)) {
    if (!known.includes(key)) fail(`unknown option ${show(key)}; the options are ${known.join(", ")}`);
  }
  const options = withDefaults(
    markdownOptionsSchema,
    raw as Record<string, unknown>,
  ) as MarkdownExportOptions;

  const file = options.file;
  if (typeof file !== "string" || !new RegExp(FILE_PATTERN).test(file)) {
    fail(`\`file\` must be a relative path ending in \`.md\` or \`.markdown\`, got ${show(file)}`);
  }

  let languages: string[];
  if (options.languages === undefined) languages = specLanguages(result.spec);
  else {
    if (!Array.isArray(options.languages))
      fail(`\`languages\` must be an array, got ${show(options.languages)}`);
    const pattern = new RegExp(LANGUAGE_TAG_PATTERN);
    for (const l of options.languages) {
      if (typeof l !== "string" || !pattern.test(l)) fail(`\`languages\` has a bad language tag ${show(l)}`);
    }
    languages = [...new Set(options.languages)];
  }

  let top = Number.POSITIVE_INFINITY;
  if (options.top !== undefined) {
    if (!Number.isInteger(options.top) || options.top < 1) {
      fail(`\`top\` must be a whole number of at least 1, got ${show(options.top)}`);
    }
    top = options.top;
  }

  const periods = result.periods;
  let period = periods.length - 1;
  if (options.period !== undefined) {
    period = periods.indexOf(options.period);
    if (period < 0) {
      fail(
        `\`period\` is ${show(options.period)}, which is not a period of the result (${periods.join(", ")})`,
      );
    }
  }

  const digits = options.digits;
  if (typeof digits !== "number" || !Number.isInteger(digits) || digits < 0 || digits > 10) {
    fail(`\`digits\` must be a whole number from 0 to 10, got ${show(digits)}`);
  }

  return { file: file as string, languages, top, period, digits: digits as number };
}
