import type { IndexResult } from "@cityindex/core";
import { comparedPeriod, textsIn } from "@cityindex/core";
import type { Workbook } from "exceljs";
import type { ResolvedXlsxOptions } from "./options.js";
import { SheetNames } from "./sheet-names.js";
import { writeChangeSheet, writeFlagsSheet, writeStatisticsSheet } from "./sheets/analysis.js";
import { nodeLabel, noticeLines, sheetContext } from "./sheets/context.js";
import { type SheetEntry, writeCover } from "./sheets/cover.js";
import { writeDataSheet } from "./sheets/data.js";
import { writeAccountingSheet, writeAuditSheet, writeIssuesSheet } from "./sheets/records.js";
import { nodeSheetData, writeIndexSheet, writeNodeSheet } from "./sheets/scores.js";
import { sheetUncertainty, writeSensitivitySheet, writeUncertaintySheet } from "./sheets/uncertainty.js";
import { writeWeightsSheet } from "./sheets/weights.js";

/**
 * Fills an empty exceljs workbook with the sheets of a result, in this order: Cover, one index sheet per
 * selected period (`Index`, or `Index 2024`, ... newest first), one sheet per aggregate node below the index
 * (the dimensions, named by their label), one sheet per dataset named in `options.datasets` that exists
 * (`Raw data`, `Normalised data`), Change (with several periods), Audit flags and Indicator statistics (when the
 * result carries the statistical audit), Uncertainty and, for a sensitivity analysis, Sensitivity (when the
 * result carries an uncertainty analysis), Weights, Audit, Issues and Accounting. Sets the document properties,
 * dated `options.date`. Returns the sheets and what each holds, as the cover lists them.
 */
export function fillWorkbook(
  workbook: Workbook,
  result: IndexResult,
  options: ResolvedXlsxOptions,
): SheetEntry[] {
  const ctx = sheetContext(result, options);
  const { languages } = options;
  const names = new SheetNames();
  // Fixed names are taken first, so a dimension labelled "Weights" cannot take the weights sheet's name.
  const cover = names.take("Cover");
  const fixed = { weights: names.take("Weights"), audit: names.take("Audit"), issues: names.take("Issues") };
  const accounting = names.take("Accounting");
  const view = sheetUncertainty(ctx);
  const uncertainty = view && {
    view,
    ranks: names.take("Uncertainty"),
    sobol: view.sobol ? names.take("Sensitivity") : undefined,
  };

  workbook.creator = "cityindex";
  workbook.lastModifiedBy = "cityindex";
  workbook.created = options.date;
  workbook.modified = options.date;
  workbook.title = ctx.title;
  workbook.subject = textsIn(result.spec.description, languages)[0]?.text ?? "";
  workbook.description = noticeLines(result, languages).join("\n");
  workbook.keywords = "cityindex; composite index";

  const entries: SheetEntry[] = [];
  const add = (name: string, description: string) => entries.push({ name, description });
  const coverSheet = workbook.addWorksheet(cover);
  add(cover, "This page: title, notice, method, provenance and the list of sheets");

  const several = options.periods.length > 1;
  for (const p of options.periods) {
    const period = result.periods[p]!;
    const name = names.take(several ? `Index ${period}` : "Index", "Index");
    writeIndexSheet(workbook, ctx, name, p);
    add(name, `Every unit's score and rank at every level of the framework in ${period}, best first`);
  }

  const data = nodeSheetData(result);
  const periodsText = options.periods.map((p) => result.periods[p]!).join(", ");
  for (const node of ctx.preorder) {
    if (node.isIndicator || node.parent === null) continue;
    const label = languages.length > 0 ? nodeLabel(result, node.id, languages, 0) : node.id;
    const name = names.take(label, node.id);
    writeNodeSheet(workbook, ctx, name, node, data);
    add(
      name,
      `${label}: score and rank, its components and its indicators' raw and normalised values (${periodsText})`,
    );
  }

  const normaliseStep = result.provenance.steps.filter((s) => s.stage === "normalise").pop()?.index;
  for (const datasetName of options.datasets) {
    const dataset = result.datasets.find((d) => d.name === datasetName);
    if (!dataset) continue;
    const name = names.take(`${datasetName} data`, "Data");
    writeDataSheet(workbook, ctx, name, dataset, normaliseStep);
    add(name, `The ${datasetName} dataset: one row per period and unit, one column per indicator`);
  }

  if (result.periods.length > 1) {
    const name = names.take("Change", "Change");
    writeChangeSheet(workbook, ctx, name);
    add(
      name,
      `Score and rank of the index and every aggregate in ${result.periods[comparedPeriod(result)!]} and ${result.periods[result.periods.length - 1]}, and the change, with the index's change split among its children`,
    );
  }
  if (result.analysis) {
    const flags = names.take("Audit flags", "Flags");
    writeFlagsSheet(workbook, ctx, flags);
    add(flags, "The statistical audit's flags: what a person should look at, warnings first");
    const stats = names.take("Indicator statistics", "Statistics");
    writeStatisticsSheet(workbook, ctx, stats);
    add(
      stats,
      "The statistical audit per indicator: distribution, availability, outliers, correlation, weight",
    );
  }

  if (uncertainty) {
    writeUncertaintySheet(workbook, ctx, uncertainty.ranks, uncertainty.view);
    add(
      uncertainty.ranks,
      "The uncertainty analysis: each unit's nominal, mean and median rank, rank interval, best and worst rank, P(top k) and stability over the runs",
    );
    if (uncertainty.sobol) {
      writeSensitivitySheet(workbook, ctx, uncertainty.sobol, uncertainty.view);
      add(
        uncertainty.sobol,
        "The sensitivity analysis: first-order and total Sobol index of every input, with bootstrap intervals",
      );
    }
  }

  writeWeightsSheet(workbook, ctx, fixed.weights);
  add(fixed.weights, "The framework: nominal weights, weights used and effective weights of every node");
  writeAuditSheet(workbook, ctx, fixed.audit);
  add(fixed.audit, "One row per audit entry: what every pipeline step changed");
  writeIssuesSheet(workbook, ctx, fixed.issues);
  add(fixed.issues, "Every warning and note of the build");
  writeAccountingSheet(workbook, ctx, accounting);
  add(accounting, "Every unit and indicator, with its status, the values observed and the reason");

  writeCover(coverSheet, ctx, entries);
  return entries;
}
