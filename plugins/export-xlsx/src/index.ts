import { definePlugin } from "@cityindex/core";
import { PLUGIN_NAME, PLUGIN_VERSION } from "./version.js";
import { xlsxExporter } from "./xlsx-exporter.js";

// Exporter
export { writeXlsx, XLSX_MEDIA_TYPE, xlsxExporter } from "./xlsx-exporter.js";

// Options
export type { ResolvedXlsxOptions, XlsxExportOptions } from "./options.js";
export { periodStart, resolveXlsxOptions, xlsxOptionsSchema } from "./options.js";

// Workbook parts
export type { SheetEntry } from "./sheets/cover.js";
export { fillWorkbook } from "./workbook.js";
export type { EdgeWeights } from "./effective-weights.js";
export { effectiveWeights } from "./effective-weights.js";
export { MAX_CELL_TEXT, spreadsheetText } from "./safe-text.js";
export { MAX_SHEET_NAME, SheetNames } from "./sheet-names.js";
export { setZipDates } from "./zip-dates.js";

// Plugin
export { PLUGIN_NAME, PLUGIN_VERSION } from "./version.js";

/** The `@cityindex/export-xlsx` plugin: the `xlsx` exporter. Name it in a spec's `plugins` to use it. */
const plugin = definePlugin({ name: PLUGIN_NAME, version: PLUGIN_VERSION, exporters: [xlsxExporter] });
export default plugin;
