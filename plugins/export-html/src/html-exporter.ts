import { defineExporter, type ExporterDefinition, type IndexResult } from "@cityindex/core";
import { chartRenderer } from "./charts/render.js";
import { reportModel } from "./model.js";
import { type HtmlExportOptions, htmlOptionsSchema, resolveHtmlOptions } from "./options.js";
import { renderPage } from "./page.js";

/** The media type of the report. */
export const HTML_MEDIA_TYPE = "text/html; charset=utf-8";

/**
 * Writes a result as one self-contained HTML report and returns its text. The page works offline: its charts
 * are SVG drawn here by echarts' server-side renderer, its style and its small script are inline, and its
 * Content-Security-Policy allows no network request. Every text from the spec or the data is escaped. The same
 * result and options always give the same text. Throws an `InputError` (code `bad-option`) for a bad option.
 *
 * @example
 * ```ts
 * const html = await writeHtml(result, { languages: ["zh", "en"] });
 * await writeFile("report.html", html);
 * ```
 */
export async function writeHtml(result: IndexResult, options: HtmlExportOptions = {}): Promise<string> {
  const resolved = resolveHtmlOptions(result, options);
  const echarts = await import("echarts");
  const model = reportModel(result, resolved.languages);
  return renderPage(model, resolved, chartRenderer(echarts));
}

/**
 * The `html` exporter: one self-contained report (default `report.html`) with the ranking (chart and a sortable,
 * searchable table), a map, every unit's profile, an indicator heatmap, the framework, year-over-year moves, the
 * audit flags, the rank uncertainty (when the result carries an uncertainty analysis) and the method and
 * provenance, in every language of the spec. echarts is loaded only when a report is written.
 */
export const htmlExporter: ExporterDefinition<HtmlExportOptions> = defineExporter<HtmlExportOptions>({
  id: "html",
  label: "HTML report",
  description:
    "One self-contained, offline HTML report: ranking, map, profiles, heatmap, framework, year-over-year moves, audit flags, rank uncertainty when attached, method and provenance",
  options: htmlOptionsSchema,
  async export(result, options, ctx) {
    const resolved = resolveHtmlOptions(result, options);
    if (!result.analysis) {
      ctx.logger.info(
        "no statistical audit on the result: the report has no strengths, weaknesses or audit flags",
      );
    }
    const contents = await writeHtml(result, options);
    ctx.logger.debug(`wrote ${resolved.file} (${contents.length} characters)`);
    return [{ path: resolved.file, contents, mediaType: HTML_MEDIA_TYPE }];
  },
});
