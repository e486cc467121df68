import { definePlugin } from "@cityindex/core";
import { PLUGIN_NAME, PLUGIN_VERSION } from "./version.js";
import { xlsxSource } from "./xlsx-source.js";

// Source
export { xlsxSource } from "./xlsx-source.js";

// Options
export type { XlsxDateMode, XlsxLayout, XlsxPercentMode, XlsxSourceOptions } from "./options.js";
export { DEFAULT_MISSING, xlsxOptionsSchema } from "./options.js";

// Pure workbook reader
export type { XlsxResult, XlsxSummary, XlsxWorkbookOptions } from "./workbook.js";
export { parseXlsxWorkbook } from "./workbook.js";

// Plugin
export { PLUGIN_NAME, PLUGIN_VERSION } from "./version.js";

/** The `@cityindex/source-xlsx` plugin: the `xlsx` source. Name it in a spec's `plugins` to use it. */
const plugin = definePlugin({ name: PLUGIN_NAME, version: PLUGIN_VERSION, sources: [xlsxSource] });
export default plugin;
