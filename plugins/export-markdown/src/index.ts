import { definePlugin } from "@cityindex/core";
import { markdownExporter } from "./markdown-exporter.js";
import { PLUGIN_NAME, PLUGIN_VERSION } from "./version.js";

// Exporter
export { MARKDOWN_MEDIA_TYPE, markdownExporter } from "./markdown-exporter.js";
export { MISSING, noticeLines, renderMarkdown } from "./report.js";
export { formatRankStatistic, uncertaintyBlocks } from "./uncertainty.js";

// Options
export type { MarkdownExportOptions, ResolvedMarkdownOptions } from "./options.js";
export { markdownOptionsSchema, resolveMarkdownOptions } from "./options.js";

// Markdown text
export type { Align } from "./escape.js";
export { codeSpan, escapeMarkdown, markdownTable } from "./escape.js";
export { labelOf } from "./labels.js";

// Plugin
export { PLUGIN_NAME, PLUGIN_VERSION } from "./version.js";

/** The `@cityindex/export-markdown` plugin: the `markdown` exporter. Name it in a spec's `plugins` to use it. */
const plugin = definePlugin({ name: PLUGIN_NAME, version: PLUGIN_VERSION, exporters: [markdownExporter] });
export default plugin;
