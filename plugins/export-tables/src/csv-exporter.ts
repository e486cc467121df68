import {
  defineExporter,
  type ExporterDefinition,
  type IndexResult,
  type JsonSchema,
  LANGUAGE_TAG_PATTERN,
  type OutputFile,
  resultsCsv,
  show,
} from "@cityindex/core";
import { checkedOptions, checkFile, filePattern } from "./options.js";
import { sensitivityCsv, uncertaintyCsv } from "./uncertainty-table.js";
import { wideCsv } from "./wide-table.js";

/** The media type of CSV files. */
export const CSV_MEDIA_TYPE = "text/csv";

/** The tables the `csv` exporter can write. */
export type CsvTable = "long" | "scores" | "ranks";

/** Options of the `csv` exporter, as written in a spec. Mirrors {@link csvOptionsSchema}. */
export interface CsvExportOptions {
  /** The tables to write, in any order: `long` (`results.csv`), `scores`, `ranks`. Default `["long"]`. */
  tables?: CsvTable[];
  /** The path of the long table; default `results.csv`. */
  file?: string;
  /** The path of the wide table of scores; default `scores.csv`. */
  scoresFile?: string;
  /** The path of the wide table of ranks; default `ranks.csv`. */
  ranksFile?: string;
  /** Languages of the unit label columns of the wide tables (`label_en`, ...); default none. */
  languages?: string[];
  /**
   * Write `uncertainty.csv` (each unit's rank statistics) and, for a sensitivity analysis, `sensitivity.csv`
   * (Sobol indices) when the result carries an uncertainty analysis (`result.uncertainty`); default `true`.
   */
  uncertainty?: boolean;
  /** The path of the rank statistics of the uncertainty analysis; default `uncertainty.csv`. */
  uncertaintyFile?: string;
  /** The path of the Sobol indices of a sensitivity analysis; default `sensitivity.csv`. */
  sensitivityFile?: string;
}

/** The options with every default filled in. */
export interface ResolvedCsvOptions {
  /** The tables to write, without repeats, in the order given. */
  tables: CsvTable[];
  /** The path of the long table. */
  file: string;
  /** The path of the wide table of scores. */
  scoresFile: string;
  /** The path of the wide table of ranks. */
  ranksFile: string;
  /** Languages of the label columns of the wide tables. */
  languages: string[];
  /** Whether the tables of an uncertainty analysis are written when the result carries one. */
  uncertainty: boolean;
  /** The path of the rank statistics of the uncertainty analysis. */
  uncertaintyFile: string;
  /** The path of the Sobol indices of a sensitivity analysis. */
  sensitivityFile: string;
}

const TABLES: readonly CsvTable[] = ["long", "scores", "ranks"];

/** The JSON Schema of the `csv` exporter's options, with defaults and `additionalProperties: false`. */
export const csvOptionsSchema: JsonSchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    tables: {
      type: "array",
      items: { type: "string", enum: [...TABLES] },
      minItems: 1,
      uniqueItems: true,
      default: ["long"],
      description:
        "The tables to write: `long` (results.csv: unit, period, node, level, score, rank), `scores` and `ranks` (one row per unit and period, one column per node)",
    },
    file: {
      type: "string",
      pattern: filePattern("csv"),
      default: "results.csv",
      description: "The long table's path in the output directory: relative, ending in `.csv`",
    },
    scoresFile: {
      type: "string",
      pattern: filePattern("csv"),
      default: "scores.csv",
      description: "The wide table of scores: relative, ending in `.csv`",
    },
    ranksFile: {
      type: "string",
      pattern: filePattern("csv"),
      default: "ranks.csv",
      description: "The wide table of ranks: relative, ending in `.csv`",
    },
    languages: {
      type: "array",
      items: { type: "string", pattern: LANGUAGE_TAG_PATTERN },
      uniqueItems: true,
      default: [],
      description: "Languages of the unit label columns of the wide tables (`label_en`, ...); default none",
    },
    uncertainty: {
      type: "boolean",
      default: true,
      description:
        "When the result carries an uncertainty analysis, also write each unit's rank statistics (uncertainty.csv) and, for a sensitivity analysis, the Sobol indices (sensitivity.csv)",
    },
    uncertaintyFile: {
      type: "string",
      pattern: filePattern("csv"),
      default: "uncertainty.csv",
      description: "The rank statistics of the uncertainty analysis: relative, ending in `.csv`",
    },
    sensitivityFile: {
      type: "string",
      pattern: filePattern("csv"),
      default: "sensitivity.csv",
      description: "The Sobol indices of a sensitivity analysis: relative, ending in `.csv`",
    },
  },
};

/**
 * Fills in the defaults of the `csv` exporter's options and checks them. Throws an `InputError` (code
 * `bad-option`) naming the bad option and value.
 */
export function resolveCsvOptions(raw: CsvExportOptions = {}): ResolvedCsvOptions {
  const { options, fail } = checkedOptions("csv", csvOptionsSchema, raw);
  const tables = options.tables;
  if (!Array.isArray(tables) || tables.length === 0) {
    fail(`\`tables\` must be a non-empty list of ${TABLES.join(", ")}, got ${show(tables)}`);
  }
  for (const t of tables as unknown[]) {
    if (!TABLES.includes(t as CsvTable))
      fail(`\`tables\` has ${show(t)}; the tables are ${TABLES.join(", ")}`);
  }
  const languages = options.languages;
  const pattern = new RegExp(LANGUAGE_TAG_PATTERN);
  if (!Array.isArray(languages) || languages.some((l) => typeof l !== "string" || !pattern.test(l))) {
    fail(`\`languages\` must be a list of language tags, got ${show(languages)}`);
  }
  if (typeof options.uncertainty !== "boolean") {
    fail(`\`uncertainty\` must be true or false, got ${show(options.uncertainty)}`);
  }
  const resolved: ResolvedCsvOptions = {
    tables: [...new Set(tables as CsvTable[])],
    file: checkFile(options.file, "file", "csv", fail),
    scoresFile: checkFile(options.scoresFile, "scoresFile", "csv", fail),
    ranksFile: checkFile(options.ranksFile, "ranksFile", "csv", fail),
    languages: [...new Set(languages as string[])],
    uncertainty: options.uncertainty as boolean,
    uncertaintyFile: checkFile(options.uncertaintyFile, "uncertaintyFile", "csv", fail),
    sensitivityFile: checkFile(options.sensitivityFile, "sensitivityFile", "csv", fail),
  };
  const paths = resolved.tables.map((t) => pathOf(resolved, t));
  if (resolved.uncertainty) paths.push(resolved.uncertaintyFile, resolved.sensitivityFile);
  const twice = paths.find((p, i) => paths.indexOf(p) !== i);
  if (twice !== undefined) fail(`two tables would be written to the same file ${show(twice)}`);
  return resolved;
}

function pathOf(options: ResolvedCsvOptions, table: CsvTable): string {
  return table === "long" ? options.file : table === "scores" ? options.scoresFile : options.ranksFile;
}

/**
 * The files of the `csv` exporter: the long table exactly as `resultsCsv` of `@cityindex/core` writes
 * `results.csv`, and the wide tables of {@link wideCsv}, in the order of `tables`; then, when the result
 * carries an uncertainty analysis (and `uncertainty` is not `false`), its rank statistics
 * ({@link uncertaintyCsv}) and, for a sensitivity analysis, its Sobol indices ({@link sensitivityCsv}).
 *
 * @example
 * const files = csvFiles(result, { tables: ["long", "scores"] });
 * // [{ path: "results.csv", ... }, { path: "scores.csv", ... }]
 */
export function csvFiles(result: IndexResult, options: CsvExportOptions = {}): OutputFile[] {
  const resolved = resolveCsvOptions(options);
  const files: OutputFile[] = resolved.tables.map((table) => ({
    path: pathOf(resolved, table),
    contents: table === "long" ? resultsCsv(result) : wideCsv(result, table, resolved.languages),
    mediaType: CSV_MEDIA_TYPE,
  }));
  if (resolved.uncertainty) {
    const ranks = uncertaintyCsv(result);
    if (ranks !== undefined)
      files.push({ path: resolved.uncertaintyFile, contents: ranks, mediaType: CSV_MEDIA_TYPE });
    const sobol = sensitivityCsv(result);
    if (sobol !== undefined)
      files.push({ path: resolved.sensitivityFile, contents: sobol, mediaType: CSV_MEDIA_TYPE });
  }
  return files;
}

/**
 * The `csv` exporter: `results.csv` (the long table of the CLI's contract), on request wide tables of scores
 * and ranks with one column per framework node, and the tables of an uncertainty or sensitivity analysis when
 * the result carries one. Every text cell is safe to open in a spreadsheet.
 */
export const csvExporter: ExporterDefinition<CsvExportOptions> = defineExporter<CsvExportOptions>({
  id: "csv",
  label: "CSV tables",
  description:
    "results.csv (unit, period, node, level, score, rank), optional wide tables of scores and ranks, one column per node, and the rank statistics and Sobol indices of an attached uncertainty analysis",
  options: csvOptionsSchema,
  async export(result, options, ctx) {
    const files = csvFiles(result, options);
    for (const f of files) ctx.logger.debug(`wrote ${f.path} (${f.contents.length} characters)`);
    return files;
  },
});
