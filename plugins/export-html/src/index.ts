import { definePlugin } from "@cityindex/core";
import { htmlExporter } from "./html-exporter.js";
import { PLUGIN_NAME, PLUGIN_VERSION } from "./version.js";

// Exporter
export { HTML_MEDIA_TYPE, htmlExporter, writeHtml } from "./html-exporter.js";

// Options
export type { HtmlExportOptions, ResolvedHtmlOptions } from "./options.js";
export { htmlOptionsSchema, resolveHtmlOptions } from "./options.js";

// Page parts
export { reportData, renderPage } from "./page.js";
export type { ReportModel } from "./model.js";
export { compareIds, coordinates, formatRank, formatScore, labelIn, reportModel } from "./model.js";
export type { UiStrings } from "./i18n.js";
export { UI, uiStrings } from "./i18n.js";
export { escapeHtml, scriptJson } from "./escape.js";
export { REPORT_SCRIPT } from "./script.js";
export type { SectionText } from "./uncertainty.js";
export { formatRankStatistic, rankBar, uncertaintyBody } from "./uncertainty.js";
export { styleSheet } from "./style.js";

// Charts
export type { ECharts, RenderChart } from "./charts/render.js";
export { CHART_FONT, chartRenderer } from "./charts/render.js";
export { PALETTE } from "./charts/palette.js";
export { rankingBarChart } from "./charts/ranking-bar.js";
export { locatedUnits, mapChart } from "./charts/map.js";
export { median, radarChart } from "./charts/radar.js";
export { heatmapChart } from "./charts/heatmap.js";
export { sunburstChart } from "./charts/sunburst.js";
export type { RankMove } from "./charts/slope.js";
export { rankMoves, slopeChart } from "./charts/slope.js";

// Plugin
export { PLUGIN_NAME, PLUGIN_VERSION } from "./version.js";

/** The `@cityindex/export-html` plugin: the `html` exporter. Name it in a spec's `plugins` to use it. */
const plugin = definePlugin({ name: PLUGIN_NAME, version: PLUGIN_VERSION, exporters: [htmlExporter] });
export default plugin;
