import { definePlugin } from "@cityindex/core";
import { csvSource } from "./csv-source.js";
import { PLUGIN_NAME, PLUGIN_VERSION } from "./version.js";

// Source
export { csvSource } from "./csv-source.js";

// Options
export type {
  CsvDelimiter,
  CsvEncoding,
  CsvLayout,
  CsvSourceOptions,
  DecimalMark,
  PercentMode,
  ThousandsSeparator,
} from "./options.js";
export { csvOptionsSchema, DEFAULT_MISSING } from "./options.js";

// Pure table reader
export type { DecodedEncoding } from "./decode.js";
export type { CsvTableOptions, CsvTableResult, CsvTableSummary } from "./table.js";
export { parseCsvTable } from "./table.js";

// Plugin
export { PLUGIN_NAME, PLUGIN_VERSION } from "./version.js";

/** The `@cityindex/source-csv` plugin: the `csv` source. Name it in a spec's `plugins` to use it. */
const plugin = definePlugin({ name: PLUGIN_NAME, version: PLUGIN_VERSION, sources: [csvSource] });
export default plugin;
