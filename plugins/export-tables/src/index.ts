import { definePlugin } from "@cityindex/core";
import { csvExporter } from "./csv-exporter.js";
import { jsonExporter } from "./json-exporter.js";
import { PLUGIN_NAME, PLUGIN_VERSION } from "./version.js";

// Exporters
export type { CsvExportOptions, CsvTable, ResolvedCsvOptions } from "./csv-exporter.js";
export {
  CSV_MEDIA_TYPE,
  csvExporter,
  csvFiles,
  csvOptionsSchema,
  resolveCsvOptions,
} from "./csv-exporter.js";
export type { JsonExportOptions } from "./json-exporter.js";
export { JSON_MEDIA_TYPE, jsonExporter, jsonOptionsSchema, resultJsonText } from "./json-exporter.js";

// Tables
export type { WideValues } from "./wide-table.js";
export { nodesByLevel, wideCsv } from "./wide-table.js";
export { sensitivityCsv, uncertaintyCsv } from "./uncertainty-table.js";

// Plugin
export { PLUGIN_NAME, PLUGIN_VERSION } from "./version.js";

/** The `@cityindex/export-tables` plugin: the `csv` and `json` exporters. Name it in a spec's `plugins` to use it. */
const plugin = definePlugin({
  name: PLUGIN_NAME,
  version: PLUGIN_VERSION,
  exporters: [csvExporter, jsonExporter],
});
export default plugin;
