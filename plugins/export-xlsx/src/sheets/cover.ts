import { textsIn } from "@cityindex/core";
import type { Worksheet } from "exceljs";
import { PLUGIN_NAME, PLUGIN_VERSION } from "../version.js";
import { illustrativeCount, noticeLines, type SheetContext } from "./context.js";
import { setValue } from "./table.js";
import { sheetUncertainty, uncertaintyCoverLines } from "./uncertainty.js";

/** A sheet of the workbook and what it holds, for the cover's list. */
export interface SheetEntry {
  /** The sheet's name. */
  name: string;
  /** What it holds. */
  description: string;
}

const SECTION_FILL = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDDE4EE" } } as const;

/**
 * Writes the cover: the title in every language, the notice, what the index covers, the method (every
 * pipeline step with its resolved options, the ranking rule, the engine's defaults), the provenance (hashes,
 * engine and plugins, sources with licences), the uncertainty analysis when the result carries one, and the
 * list of sheets.
 */
export function writeCover(sheet: Worksheet, ctx: SheetContext, sheets: readonly SheetEntry[]): void {
  const { result, options } = ctx;
  const { spec, provenance } = result;
  const { languages } = options;
  sheet.getColumn(1).width = 30;
  sheet.getColumn(2).width = 110;
  let r = 1;
  const line = (
    label: string,
    value: string,
    font?: { bold?: boolean; italic?: boolean; color?: { argb: string } },
  ) => {
    const a = sheet.getCell(r, 1);
    const b = sheet.getCell(r, 2);
    setValue(a, label);
    setValue(b, value);
    a.alignment = { vertical: "top" };
    b.alignment = { vertical: "top", wrapText: true };
    if (font) b.font = font;
    r++;
  };
  const section = (title: string) => {
    r++;
    for (const c of [1, 2]) {
      const cell = sheet.getCell(r, c);
      cell.fill = SECTION_FILL;
      cell.font = { bold: true, size: 12 };
    }
    setValue(sheet.getCell(r, 1), title);
    r++;
  };

  const titles = textsIn(spec.title, languages);
  if (titles.length === 0) titles.push({ text: ctx.title });
  titles.forEach((t, i) => {
    const cell = sheet.getCell(r++, 1);
    setValue(cell, t.text);
    cell.font = { bold: true, size: i === 0 ? 18 : 14 };
  });

  const notices = noticeLines(result, languages);
  if (notices.length > 0) {
    section("Notice");
    for (const n of notices) line("", n, { bold: true, color: { argb: "FF9C0006" } });
  }

  section("About");
  const periods = result.periods;
  line("Index id", spec.id);
  line("Edition (latest period)", periods[periods.length - 1] ?? "");
  line("Periods", periods.join(", "));
  line("Period of the index sheets", options.periods.map((p) => periods[p]!).join(", "));
  const inSpec = spec.units.length;
  line(
    "Units",
    `${result.units.length} in the index${inSpec !== result.units.length ? ` (of ${inSpec} in the spec)` : ""}`,
  );
  const indicators = result.framework.order.filter((n) => n.isIndicator).length;
  line("Indicators", `${indicators} in the framework, ${result.framework.maxLevel} levels`);
  for (const d of textsIn(spec.description, languages)) {
    line(d.language === undefined ? "Description" : `Description (${d.language})`, d.text);
  }
  line("Languages", languages.join(", "));

  section("Method");
  for (const s of provenance.steps) {
    const parts = [`${s.stage}: ${s.method} (${s.plugin})`, `options ${JSON.stringify(s.options)}`];
    if (s.scope !== undefined) parts.push(`scope ${JSON.stringify(s.scope)}`);
    line(`Step ${s.index + 1}`, parts.join("; "));
  }
  line(
    "Ranking",
    `ties: ${provenance.ranking.ties}; ${provenance.ranking.direction === "descending" ? "the highest score ranks 1" : provenance.ranking.direction}`,
  );
  for (const [key, value] of Object.entries(provenance.defaults)) {
    line(key, typeof value === "string" ? value : JSON.stringify(value));
  }

  section("Provenance");
  line("Spec hash (SHA-256)", provenance.specHash);
  line("Data hash (SHA-256)", provenance.dataHash);
  // Versions first: a text that starts with `@` would be quoted as a possible formula.
  const version = (name: string, v: string | undefined) => (v ? `version ${v} of ${name}` : `${name}`);
  line("Engine", version(provenance.engine.name, provenance.engine.version));
  for (const p of provenance.plugins) line("Plugin", version(p.name, p.version));
  line("Workbook written by", version(PLUGIN_NAME, PLUGIN_VERSION));
  for (const s of provenance.sources) {
    const parts = [`${s.observations} observations`];
    if (s.illustrative > 0) parts.push(`${s.illustrative} marked illustrative`);
    parts.push(s.licences.length > 0 ? `licence: ${s.licences.join("; ")}` : "licence: not given");
    if (s.hashes.length > 0)
      parts.push(`content hash${s.hashes.length > 1 ? "es" : ""}: ${s.hashes.join(", ")}`);
    line(`Source ${s.source}`, parts.join("; "));
  }
  const { illustrative, observations } = illustrativeCount(result);
  line("Observations", `${observations}${illustrative > 0 ? `, ${illustrative} illustrative` : ""}`);
  line("Issues", `${result.issues.length} (see the Issues sheet)`);

  const uncertainty = sheetUncertainty(ctx);
  if (uncertainty) {
    section("Uncertainty analysis");
    for (const [label, value] of uncertaintyCoverLines(ctx, uncertainty)) line(label, value);
  }

  section("Sheets");
  for (const s of sheets) line(s.name, s.description);

  sheet.views = [{ state: "normal", showGridLines: false }];
}
