import {
  defineExporter,
  type ExporterDefinition,
  type IndexResult,
  type JsonSchema,
  resultToJSON,
  show,
} from "@cityindex/core";
import { checkedOptions, checkFile, filePattern } from "./options.js";

/** The media type of JSON files. */
export const JSON_MEDIA_TYPE = "application/json";

/** Options of the `json` exporter, as written in a spec. Mirrors {@link jsonOptionsSchema}. */
export interface JsonExportOptions {
  /** The file's path in the output directory; default `results.json`. */
  file?: string;
  /** Indent by two spaces (default `true`, as `cityindex build` writes `results.json`); `false` for one line. */
  pretty?: boolean;
}

/** The JSON Schema of the `json` exporter's options, with defaults and `additionalProperties: false`. */
export const jsonOptionsSchema: JsonSchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    file: {
      type: "string",
      pattern: filePattern("json"),
      default: "results.json",
      description: "The file's path in the output directory: relative, ending in `.json`",
    },
    pretty: {
      type: "boolean",
      default: true,
      description: "Indent by two spaces, as `cityindex build` writes results.json; `false` for one line",
    },
  },
};

/**
 * A result as the text of `results.json`: `resultToJSON` of `@cityindex/core`, indented by two spaces (or on
 * one line with `pretty: false`), with a final newline. With the defaults it is byte for byte the file
 * `cityindex build` writes.
 *
 * @example
 * await writeFile("results.json", resultJsonText(result));
 */
export function resultJsonText(result: IndexResult, pretty = true): string {
  return `${JSON.stringify(resultToJSON(result), null, pretty ? 2 : undefined)}\n`;
}

/**
 * The `json` exporter: the whole result as `results.json` (spec, framework, scores and ranks, every dataset,
 * audit trail, issues, accounting, provenance, and the statistical audit and the uncertainty summary when
 * attached).
 */
export const jsonExporter: ExporterDefinition<JsonExportOptions> = defineExporter<JsonExportOptions>({
  id: "json",
  label: "JSON result",
  description: "The whole result as JSON, as `cityindex build` writes results.json",
  options: jsonOptionsSchema,
  async export(result, raw) {
    const { options, fail } = checkedOptions("json", jsonOptionsSchema, raw);
    const file = checkFile(options.file, "file", "json", fail);
    if (typeof options.pretty !== "boolean")
      fail(`\`pretty\` must be true or false, got ${show(options.pretty)}`);
    return [
      { path: file, contents: resultJsonText(result, options.pretty as boolean), mediaType: JSON_MEDIA_TYPE },
    ];
  },
});
