import { defineExporter, type ExporterDefinition } from "@cityindex/core";
import { type MarkdownExportOptions, markdownOptionsSchema, resolveMarkdownOptions } from "./options.js";
import { renderMarkdown } from "./report.js";

/** The media type of Markdown files (RFC 7763), GitHub Flavored Markdown. */
export const MARKDOWN_MEDIA_TYPE = "text/markdown; charset=utf-8; variant=GFM";

/**
 * The `markdown` exporter: one Markdown report (default `report.md`) with the ranking, a table per dimension,
 * the method, the audit flags, the rank uncertainty when an analysis is attached and the provenance, for
 * publishing on the web or in a paper.
 */
export const markdownExporter: ExporterDefinition<MarkdownExportOptions> =
  defineExporter<MarkdownExportOptions>({
    id: "markdown",
    label: "Markdown report",
    description:
      "A Markdown report: notice, ranking, a table per dimension, method with resolved options, audit flags, rank uncertainty and Sobol indices when attached, and provenance",
    options: markdownOptionsSchema,
    async export(result, options, ctx) {
      const resolved = resolveMarkdownOptions(result, options);
      const contents = renderMarkdown(result, options);
      ctx.logger.debug(`wrote ${resolved.file} (${contents.length} characters)`);
      return [{ path: resolved.file, contents, mediaType: MARKDOWN_MEDIA_TYPE }];
    },
  });
