import {
  type IndexResult,
  InputError,
  type JsonSchema,
  LANGUAGE_TAG_PATTERN,
  show,
  specLanguages,
  withDefaults,
} from "@cityindex/core";

/** Options of the `xlsx` exporter, as written in a spec. Mirrors {@link xlsxOptionsSchema}. */
export interface XlsxExportOptions {
  /** The workbook's path in the output directory; default `index.xlsx`. */
  file?: string;
  /**
   * Languages of the labels, in column order: `["en", "zh"]`. Default: every language of the spec's labels,
   * English first, then in order of first use.
   */
  languages?: string[];
  /**
   * Periods of the index and dimension sheets: `latest` (default), `all`, or a list of periods. Data sheets
   * always hold every period.
   */
  periods?: "latest" | "all" | string[];
  /** Names of the datasets written as data sheets, when they exist; default `["Raw", "Normalised"]`. */
  datasets?: string[];
  /**
   * The workbook's date (document properties and the times of the files inside it), `YYYY-MM-DD` or an ISO
   * 8601 time in UTC. Default: the first day of the latest period when it reads as a year, month, quarter or
   * date, else 1980-01-01.
   */
  date?: string;
}

/** The path rule: relative, no `..` segment, no backslash, ends in `.xlsx`. */
const FILE_PATTERN = '^(?!/)(?!.*(^|/)\\.\\.(/|$))[^\\\\:*?"<>|]+\\.xlsx$';
const DATE_PATTERN = "^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?Z)?$";

/** The JSON Schema of the `xlsx` exporter's options, with defaults and `additionalProperties: false`. */
export const xlsxOptionsSchema: JsonSchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    file: {
      type: "string",
      pattern: FILE_PATTERN,
      default: "index.xlsx",
      description: "The workbook's path in the output directory: relative, ending in `.xlsx`",
    },
    languages: {
      type: "array",
      items: { type: "string", pattern: LANGUAGE_TAG_PATTERN },
      uniqueItems: true,
      description:
        "Languages of the labels, in column order. Default: every language of the spec's labels, English first",
    },
    periods: {
      anyOf: [
        { type: "string", enum: ["latest", "all"] },
        { type: "array", items: { type: "string", minLength: 1 }, minItems: 1, uniqueItems: true },
      ],
      default: "latest",
      description:
        "Periods of the index and dimension sheets: `latest`, `all` or a list; one index sheet per period",
    },
    datasets: {
      type: "array",
      items: { type: "string", minLength: 1 },
      uniqueItems: true,
      default: ["Raw", "Normalised"],
      description:
        "Names of the datasets written as data sheets (those that exist), such as `Raw` or `Imputed`",
    },
    date: {
      type: "string",
      pattern: DATE_PATTERN,
      description:
        "The workbook's date, `YYYY-MM-DD` or an ISO time in UTC. Default: the first day of the latest period, else 1980-01-01",
    },
  },
};

/** The options with every default resolved against a result. */
export interface ResolvedXlsxOptions {
  /** The workbook's path. */
  file: string;
  /** Languages of the labels (may be empty when the spec has no labels). */
  languages: string[];
  /** Indices into `result.periods` of the index and dimension sheets, newest first. */
  periods: number[];
  /** Names of the datasets to write as data sheets. */
  datasets: string[];
  /** The workbook's date. */
  date: Date;
}

const fail = (message: string): never => {
  throw new InputError("bad-option", `xlsx exporter: ${message}`);
};

/**
 * Fills in the defaults of the `xlsx` exporter's options and checks them against a result. Throws an
 * `InputError` (code `bad-option`) naming the bad option and value.
 */
export function resolveXlsxOptions(result: IndexResult, raw: XlsxExportOptions = {}): ResolvedXlsxOptions {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    fail(`options must be an object, got ${show(raw)}`);
  }
  const known = Object.keys(xlsxOptionsSchema.properties as Record<string, unknown>);
  for (const key of Object.keys(raw)) {
    if (!known.includes(key)) fail(`unknown option ${show(key)}; the options are ${known.join(", ")}`);
  }
  const options = withDefaults(xlsxOptionsSchema, raw as Record<string, unknown>) as XlsxExportOptions;

  const file = options.file;
  if (typeof file !== "string" || !new RegExp(FILE_PATTERN).test(file)) {
    fail(`\`file\` must be a relative path ending in \`.xlsx\`, got ${show(file)}`);
  }

  let languages: string[];
  if (options.languages === undefined) {
    languages = specLanguages(result.spec);
  } else {
    if (!Array.isArray(options.languages))
      fail(`\`languages\` must be an array, got ${show(options.languages)}`);
    const pattern = new RegExp(LANGUAGE_TAG_PATTERN);
    for (const l of options.languages) {
      if (typeof l !== "string" || !pattern.test(l)) fail(`\`languages\` has a bad language tag ${show(l)}`);
    }
    languages = [...new Set(options.languages)];
  }

  const all = result.periods;
  let periods: number[];
  const chosen = options.periods;
  if (chosen === "latest") periods = all.length > 0 ? [all.length - 1] : [];
  else if (chosen === "all") periods = all.map((_, i) => i).reverse();
  else if (Array.isArray(chosen) && chosen.length > 0) {
    periods = [];
    for (const p of chosen) {
      const i = all.indexOf(p);
      if (i < 0)
        fail(`\`periods\` names ${show(p)}, which is not a period of the result (${all.join(", ")})`);
      if (!periods.includes(i)) periods.push(i);
    }
    periods.sort((a, b) => b - a);
  } else {
    periods = fail(`\`periods\` must be "latest", "all" or a list of periods, got ${show(chosen)}`);
  }

  const datasets = options.datasets;
  if (!Array.isArray(datasets) || datasets.some((d) => typeof d !== "string")) {
    fail(`\`datasets\` must be a list of dataset names, got ${show(datasets)}`);
  }

  let date: Date;
  if (options.date === undefined) date = periodStart(all[all.length - 1]);
  else {
    const parsed =
      typeof options.date === "string" && new RegExp(DATE_PATTERN).test(options.date)
        ? new Date(options.date.length === 10 ? `${options.date}T00:00:00Z` : options.date)
        : undefined;
    if (!parsed || Number.isNaN(parsed.getTime()) || parsed.getUTCFullYear() < 1980) {
      fail(
        `\`date\` must be a date from 1980 on, as YYYY-MM-DD or an ISO time in UTC, got ${show(options.date)}`,
      );
    }
    date = parsed as Date;
  }

  return { file: file as string, languages, periods, datasets: [...new Set(datasets)], date };
}

/** 1980-01-01, the earliest time a zip file can record. */
const ZIP_EPOCH = Date.UTC(1980, 0, 1);

/**
 * The first instant of a period, in UTC: `2024` → 2024-01-01, `2024-07` → 2024-07-01, `2024-Q3` →
 * 2024-07-01, `2024-07-15` → that day. Anything else (and anything before 1980 or after 2107) gives
 * 1980-01-01.
 */
export function periodStart(period: string | undefined): Date {
  const m = /^(\d{4})(?:-(?:(\d{2})(?:-(\d{2}))?|Q([1-4])))?$/.exec(period ?? "");
  if (!m) return new Date(ZIP_EPOCH);
  const year = Number(m[1]);
  const month = m[4] !== undefined ? (Number(m[4]) - 1) * 3 : m[2] !== undefined ? Number(m[2]) - 1 : 0;
  const day = m[3] !== undefined ? Number(m[3]) : 1;
  const t = Date.UTC(year, month, day);
  const ok = year >= 1980 && year <= 2107 && month <= 11 && day >= 1 && new Date(t).getUTCDate() === day;
  return new Date(ok ? t : ZIP_EPOCH);
}
