import { rankStatistics, sobolIndices, type UncertaintySummary, uncertaintyOverview } from "@cityindex/core";
import MarkdownIt from "markdown-it";
import { beforeAll, describe, expect, it } from "vitest";
import { escapeMarkdown, formatRankStatistic, markdownExporter, renderMarkdown } from "../src/index.js";
import { exportContext, HOSTILE, roundTrip, SCRIPT, smallResult, uncertainResult } from "./helpers.js";

/** Renders Markdown as GitHub would read it: tables, raw HTML allowed, bare addresses linked. */
const html = (md: string) => new MarkdownIt({ html: true, linkify: true }).render(md);

/** The lines of the Markdown table that follows a heading. */
function tableAfter(md: string, heading: string): string[] {
  const lines = md.split("\n");
  const at = lines.indexOf(heading);
  if (at < 0) throw new Error(`no heading ${heading}`);
  const start = lines.findIndex((l, i) => i > at && l.startsWith("|"));
  const end = lines.findIndex((l, i) => i > start && !l.startsWith("|"));
  return lines.slice(start, end);
}

/** Cells of a table row, splitting on unescaped pipes. */
function cells(row: string): string[] {
  return row
    .slice(2, -2)
    .split(/(?<!\\) \| /)
    .map((c) => c.trim());
}

const percent = (v: number) => `${(v * 100).toFixed(1)}%`;

describe("the markdown report with an uncertainty analysis attached", () => {
  let uncertain: Awaited<ReturnType<typeof uncertainResult>>;
  let md: string;

  beforeAll(async () => {
    uncertain = await uncertainResult();
    const [file] = await markdownExporter.export(uncertain.result, {}, exportContext());
    md = file!.contents as string;
  });

  it("adds an Uncertainty section before the provenance", () => {
    const headings = md.split("\n").filter((l) => l.startsWith("#"));
    expect(headings).toEqual([
      "# Small index",
      "## Ranking 2024",
      "## Change 2023 → 2024",
      "## Dimensions",
      "### Dimension A",
      "### Dimension B",
      "## Method",
      "## Uncertainty",
      "### Inputs",
      "## Provenance",
    ]);
  });

  it("sums the analysis up in one sentence", () => {
    const o = uncertaintyOverview(uncertain.analysis);
    expect(md).toContain(
      `Uncertainty analysis (Monte Carlo design) of the ranks of **Small index** in 2024. Over ${o.runs} runs, ranks moved ${o.meanAbsoluteRankShift.toFixed(2)} places from the nominal rank on average; ${percent(o.stableShare)} of ranks stayed within 3 places of it; 0 runs failed.`,
    );
  });

  it("has a row per unit in nominal rank order: nominal and median rank, 5–95 % interval, P(top 3)", () => {
    const table = tableAfter(md, "## Uncertainty");
    expect(cells(table[0]!)).toEqual([
      "Unit",
      "Unit (zh)",
      "Nominal rank",
      "Median rank",
      "5–95 % interval",
      "P(top 3)",
    ]);
    expect(table[1]).toBe("| --- | --- | ---: | ---: | ---: | ---: |");
    const rows = table.slice(2).map(cells);
    const stats = rankStatistics(uncertain.analysis);
    expect(rows).toHaveLength(stats.length);
    const byNominal = [...stats].sort((a, b) => a.nominal - b.nominal);
    byNominal.forEach((s, i) => {
      const labels = uncertain.result.framework.units.get(s.unit)?.labels;
      expect(rows[i]![0]).toBe(escapeMarkdown(labels?.en ?? s.unit));
      expect(rows[i]![2]).toBe(String(s.nominal));
      expect(rows[i]![3]).toBe(formatRankStatistic(s.median));
      expect(rows[i]![4]).toBe(`${formatRankStatistic(s.low)}–${formatRankStatistic(s.high)}`);
      expect(rows[i]![5]).toBe(percent(s.top[3]!));
    });
    expect(rows.some((r) => r[4] !== `${r[2]}–${r[2]}`)).toBe(true);
  });

  it("lists the inputs with their alternatives", () => {
    const table = tableAfter(md, "### Inputs");
    expect(cells(table[0]!)).toEqual(["Input", "Varies", "Alternatives", "Choices"]);
    expect(cells(table[2]!)).toEqual(["`agg`", "step 4 (aggregate)", "2", "arithmetic, geometric"]);
    expect(cells(table[3]!)).toEqual(["`w`", "weights", "10", "noisy sets 1–10"]);
  });

  it("follows top", () => {
    const short = renderMarkdown(uncertain.result, { top: 2, languages: ["en"] });
    expect(short).toContain("best nominal rank first (top 2 of 4)");
    expect(tableAfter(short, "## Uncertainty")).toHaveLength(2 + 2);
  });

  it("shows the Sobol indices of a sensitivity analysis", async () => {
    const { result, analysis } = await uncertainResult({ sensitivity: true });
    const text = renderMarkdown(result);
    expect(text).toContain(
      "Sensitivity analysis (Saltelli's design) of the ranks of **Small index** in 2024.",
    );
    expect(text).toContain("with bootstrap intervals (90 %, 1000 resamples).");
    const table = tableAfter(text, "### Sensitivity");
    expect(cells(table[0]!)).toEqual(["Input", "First order", "90 % interval", "Total", "90 % interval"]);
    const sobol = sobolIndices(analysis);
    sobol.indices.forEach((x, i) => {
      const row = cells(table[2 + i]!);
      expect(row[0]).toBe(`\`${x.input}\``);
      expect(row[1]).toBe(x.first.toFixed(3));
      expect(row[2]).toBe(`${x.firstInterval![0].toFixed(3)}–${x.firstInterval![1].toFixed(3)}`);
      expect(row[3]).toBe(x.total.toFixed(3));
      expect(row[4]).toBe(`${x.totalInterval![0].toFixed(3)}–${x.totalInterval![1].toFixed(3)}`);
    });
  });

  it("changes nothing when the result carries no analysis", async () => {
    const result = await smallResult();
    const before = renderMarkdown(result);
    expect(before).not.toContain("## Uncertainty");
    const { result: uncertainOne } = await uncertainResult();
    const withSummary = renderMarkdown(uncertainOne);
    delete uncertainOne.uncertainty;
    const without = renderMarkdown(uncertainOne);
    expect(without).not.toMatch(/Uncertainty|interval|Sobol/);
    expect(withSummary.replace(/## Uncertainty[\s\S]*?(?=## Provenance)/, "")).toBe(without);
  });

  it("escapes hostile labels and input ids: no HTML, no broken table", async () => {
    const { result } = await uncertainResult({ hostile: true, sensitivity: true });
    const text = renderMarkdown(result);
    const table = tableAfter(text, "## Uncertainty");
    for (const row of table) expect(cells(row)).toHaveLength(6);
    const hostile = table.map(cells).find((r) => r[0]!.includes("script"))!;
    expect(hostile[0]).toBe(escapeMarkdown(SCRIPT));
    expect(hostile[1]).toBe(escapeMarkdown(HOSTILE));
    // in a table, the code span's pipe is written `\|`, which GitHub reads as a pipe inside the cell
    expect(cells(tableAfter(text, "### Inputs")[3]!)[0]).toBe("`=cmd\\|' /C calc'!A0`");
    expect(cells(tableAfter(text, "### Sensitivity")[3]!)[0]).toBe("`=cmd\\|' /C calc'!A0`");
    for (const heading of ["### Inputs", "### Sensitivity"]) {
      for (const row of tableAfter(text, heading)) expect(cells(row).length).toBeGreaterThanOrEqual(4);
    }
    const page = html(text);
    expect(page).not.toMatch(/<script|<img|<a /);
    expect(page).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(page).toContain("=cmd|' /C calc'!A0");
  });

  it("writes a summary read back from results.json, and partial summaries, with n/a for what is missing", async () => {
    const { result } = await uncertainResult({ sensitivity: true });
    const back = roundTrip(result);
    expect(renderMarkdown(back)).toBe(renderMarkdown(result));

    const summary = JSON.parse(JSON.stringify(back.uncertainty)) as Record<string, unknown>;
    const stats = summary.statistics as Record<string, unknown>[];
    for (const s of stats) s.nominal = null;
    stats[0]!.median = null;
    stats[0]!.low = null;
    stats[0]!.high = null;
    stats[1]!.top = null;
    (summary.overview as Record<string, unknown>).meanAbsoluteRankShift = null;
    (summary.sobol as { indices: Record<string, unknown>[] }).indices[0]!.first = null;
    delete (summary.sobol as { indices: Record<string, unknown>[] }).indices[1]!.totalInterval;
    back.uncertainty = summary as unknown as UncertaintySummary;
    const text = renderMarkdown(back, { languages: ["en"] });
    expect(text).toContain("ranks moved n/a places from the nominal rank on average");
    const rows = tableAfter(text, "## Uncertainty").slice(2).map(cells);
    expect(rows).toHaveLength(4);
    expect(rows[0]!.slice(1)).toEqual([
      "n/a",
      "n/a",
      "n/a",
      percent((stats[0]!.top as Record<string, number>)["3"]!),
    ]);
    expect(rows[1]![4]).toBe("n/a");
    const sobol = tableAfter(text, "### Sensitivity").slice(2).map(cells);
    expect(sobol[0]![1]).toBe("n/a");
    expect(sobol[1]![4]).toBe("n/a");

    back.uncertainty = {} as UncertaintySummary;
    const bare = renderMarkdown(back);
    expect(bare).toContain("Uncertainty analysis of the ranks of **Small index**. Over n/a runs");
    expect(cells(tableAfter(bare, "## Uncertainty")[0]!)).toEqual([
      "Unit",
      "Unit (zh)",
      "Nominal rank",
      "Median rank",
      "5–95 % interval",
    ]);
    expect(bare).not.toContain("### Inputs");
  });
});
