import { defineExporter, type ExporterDefinition, type IndexResult } from "@cityindex/core";
import { resolveXlsxOptions, type XlsxExportOptions, xlsxOptionsSchema } from "./options.js";
import { fillWorkbook } from "./workbook.js";
import { setZipDates } from "./zip-dates.js";

/** The media type of `.xlsx` files. */
export const XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/**
 * Writes a result as an Excel workbook and returns its bytes. The same result and options always give the same
 * bytes: the workbook's dates come from `options.date` (or the latest period), never from the clock. Throws an
 * `InputError` (code `bad-option`) for a bad option.
 *
 * @example
 * ```ts
 * const bytes = await writeXlsx(result, { languages: ["en", "zh"] });
 * await writeFile("index.xlsx", bytes);
 * ```
 */
export async function writeXlsx(result: IndexResult, options: XlsxExportOptions = {}): Promise<Uint8Array> {
  const resolved = resolveXlsxOptions(result, options);
  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.Workbook();
  fillWorkbook(workbook, result, resolved);
  const buffer = await workbook.xlsx.writeBuffer();
  return setZipDates(new Uint8Array(buffer as ArrayBuffer), resolved.date);
}

/**
 * The `xlsx` exporter: one workbook (default `index.xlsx`) with a cover, the index sheet, a sheet per
 * dimension, the raw and normalised data, the uncertainty and sensitivity analysis when the result carries one,
 * weights, audit, issues and accounting. exceljs is loaded only when a workbook is written.
 */
export const xlsxExporter: ExporterDefinition<XlsxExportOptions> = defineExporter<XlsxExportOptions>({
  id: "xlsx",
  label: "Excel workbook",
  description:
    "An Excel workbook: cover with method and provenance, scores and ranks at every level, dimensions, data, rank uncertainty and Sobol indices when attached, weights, audit, issues and accounting",
  options: xlsxOptionsSchema,
  async export(result, options, ctx) {
    const resolved = resolveXlsxOptions(result, options);
    const missing = resolved.datasets.filter((name) => !result.datasets.some((d) => d.name === name));
    if (missing.length > 0) {
      ctx.logger.info(
        `no dataset named ${missing.map((m) => `\`${m}\``).join(", ")}; the datasets are ${result.datasets.map((d) => d.name).join(", ")}`,
      );
    }
    const contents = await writeXlsx(result, options);
    ctx.logger.debug(`wrote ${resolved.file} (${contents.byteLength} bytes)`);
    return [{ path: resolved.file, contents, mediaType: XLSX_MEDIA_TYPE }];
  },
});
