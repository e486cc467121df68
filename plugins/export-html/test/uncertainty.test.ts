import { rankStatistics, sobolIndices, type UncertaintySummary, uncertaintyOverview } from "@cityindex/core";
import { beforeAll, describe, expect, it } from "vitest";
import { escapeHtml, formatRankStatistic, htmlExporter, rankBar, writeHtml } from "../src/index.js";
import {
  build,
  exportContext,
  FORMULA,
  HOSTILE,
  roundTrip,
  SCRIPT,
  smallData,
  smallSpec,
  uncertainResult,
} from "./helpers.js";

/** The uncertainty section of a page. */
function section(html: string): string {
  const m = /<section id="uncertainty">[\s\S]*?<\/section>/.exec(html);
  if (!m) throw new Error("no uncertainty section");
  return m[0];
}

/** The body rows of a table (by id) as lists of cell HTML. */
function tableRows(html: string, id: string): string[][] {
  const table = new RegExp(`<table id="${id}">[\\s\\S]*?</table>`).exec(html)![0];
  const body = table.split("<tbody>")[1]!;
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) =>
    [...m[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>(?=<td|$)/g)].map((c) => c[1]!),
  );
}

/** The text of a bit of HTML in one language: other languages' spans and every tag removed, `&#39;` read. */
function textIn(html: string, language: string): string {
  return html
    .replace(/<span data-l="([^"]+)" lang="[^"]+">([\s\S]*?)<\/span>/g, (_m, l: string, t: string) =>
      l === language ? t : "",
    )
    .replace(/<[^>]+>/g, "")
    .replaceAll("&#39;", "'");
}

const percent = (v: number) => `${(v * 100).toFixed(1)}%`;

describe("the html report with an uncertainty analysis attached", () => {
  let uncertain: Awaited<ReturnType<typeof uncertainResult>>;
  let html: string;

  beforeAll(async () => {
    uncertain = await uncertainResult();
    const ctx = exportContext();
    const [file] = await htmlExporter.export(uncertain.result, {}, ctx);
    html = file!.contents as string;
    expect(ctx.lines.filter((l) => !l.startsWith("debug"))).toEqual([]);
  });

  it("adds an Uncertainty section after the audit flags, linked from the header, in both languages", () => {
    const ids = [...html.matchAll(/<section id="([a-z]+)">/g)].map((m) => m[1]);
    expect(ids).toEqual([
      "ranking",
      "map",
      "profiles",
      "heatmap",
      "framework",
      "audit",
      "uncertainty",
      "method",
    ]);
    expect(html).toContain(
      '<a href="#uncertainty"><span data-l="en" lang="en">Uncertainty</span><span data-l="zh" lang="zh">不确定性</span></a>',
    );
    const s = section(html);
    expect(s).toContain(
      '<h2><span data-l="en" lang="en">Uncertainty</span><span data-l="zh" lang="zh">不确定性</span></h2>',
    );
    expect(textIn(s, "en")).toContain("Uncertainty analysis (Monte Carlo design) · Small index · 2024");
    expect(textIn(s, "zh")).toContain("不确定性分析（蒙特卡洛设计） · 小指数 · 2024");
  });

  it("sums the analysis up in one sentence", () => {
    const o = uncertaintyOverview(uncertain.analysis);
    const s = section(html);
    expect(textIn(s, "en")).toContain(
      `Over ${o.runs} runs, ranks moved ${o.meanAbsoluteRankShift.toFixed(2)} places from the nominal rank on average; ${percent(o.stableShare)} of ranks stayed within 3 places of it; 0 runs failed.`,
    );
    expect(textIn(s, "zh")).toContain(
      `共 ${o.runs} 次运行，排名平均偏离名义排名 ${o.meanAbsoluteRankShift.toFixed(2)} 位`,
    );
  });

  it("has a row per unit in nominal rank order: rank, median, interval, P(top 3) and a bar", () => {
    const s = section(html);
    const head = /<table id="uncertainty-table"><thead>([\s\S]*?)<\/thead>/.exec(s)![1]!;
    expect(textIn(head, "en")).toBe("CityNominal rankMedian rank5–95 % intervalP(top 3)Ranks over the runs");
    expect(textIn(head, "zh")).toBe("城市名义排名排名中位数5–95% 区间进入前 3 名的概率各次运行的排名");
    const rows = tableRows(s, "uncertainty-table");
    const stats = rankStatistics(uncertain.analysis);
    expect(rows).toHaveLength(stats.length);
    const units = uncertain.result.units;
    [...stats]
      .sort((a, b) => a.nominal - b.nominal)
      .forEach((st, i) => {
        const row = rows[i]!;
        expect(row[0]).toContain(`data-profile="p${units.indexOf(st.unit)}"`);
        expect(row[1]).toBe(String(st.nominal));
        expect(row[2]).toBe(formatRankStatistic(st.median));
        expect(row[3]).toBe(`${formatRankStatistic(st.low)}–${formatRankStatistic(st.high)}`);
        expect(row[4]).toBe(percent(st.top[3]!));
        expect(row[5]).toBe(rankBar(4, st.low, st.high, st.median, st.nominal));
      });
    expect(s.match(/<span class="ua-bar"/g)).toHaveLength(4);
  });

  it("draws the interval on the rank axis, one slot per rank", () => {
    expect(rankBar(4, 2, 3, 2, 2)).toBe(
      '<span class="ua-bar" aria-hidden="true"><span class="r" style="left:25%;width:50%"></span><span class="m" style="left:37.5%"></span><span class="o" style="left:37.5%"></span></span>',
    );
    expect(rankBar(4, 1, 1, 1, 1)).toContain('<span class="r" style="left:0%;width:25%">');
    expect(rankBar(3, 1.5, 3, 2.5, 2)).toContain('style="left:16.67%;width:83.33%"');
    expect(rankBar(4, Number.NaN, 3, 2, 2)).toBe("");
    expect(rankBar(0, 1, 1, 1, 1)).toBe("");
  });

  it("lists the inputs with their alternatives", () => {
    const s = section(html);
    const inputs = /<h3><span data-l="en" lang="en">Uncertain inputs[\s\S]*?<\/table>/.exec(s)![0];
    expect(textIn(inputs, "en")).toContain("aggstep 4 (aggregate)2arithmetic, geometric");
    expect(textIn(inputs, "en")).toContain("wweights10noisy sets 1–10");
    expect(textIn(inputs, "zh")).toContain("agg第 4 步（aggregate）2");
    expect(s).not.toContain("sensitivity-table");
  });

  it("shows the Sobol indices of a sensitivity analysis", async () => {
    const { result, analysis } = await uncertainResult({ sensitivity: true });
    const s = section(await writeHtml(result));
    expect(textIn(s, "en")).toContain("Sensitivity analysis (Saltelli's design)");
    expect(textIn(s, "en")).toContain("with 90 % bootstrap intervals (1000 resamples).");
    expect(textIn(s, "zh")).toContain("附 90% 自助法区间（重抽样 1000 次）");
    const rows = tableRows(s, "sensitivity-table");
    sobolIndices(analysis).indices.forEach((x, i) => {
      expect(rows[i]).toEqual([
        `<code>${x.input}</code>`,
        x.first.toFixed(3),
        `${x.firstInterval![0].toFixed(3)}–${x.firstInterval![1].toFixed(3)}`,
        x.total.toFixed(3),
        `${x.totalInterval![0].toFixed(3)}–${x.totalInterval![1].toFixed(3)}`,
      ]);
    });
  });

  it("loads nothing and stays reproducible", async () => {
    expect(html).not.toMatch(/https?:/);
    expect(html).not.toMatch(/<[a-z][a-z0-9-]*(\s+[a-z_:][-a-z0-9_:.]*(="[^"]*")?)*\s+src\s*=/i);
    for (const m of html.matchAll(/\bhref="([^"]*)"/g)) expect(m[1]).toMatch(/^#/);
    expect(html).not.toMatch(/@import|url\((?!#)/);
    expect(html.match(/<script\b/g)).toHaveLength(2);
    expect(await writeHtml(uncertain.result)).toBe(html);
  });

  it("escapes hostile unit labels and input ids", async () => {
    const { result } = await uncertainResult({ sensitivity: true, hostile: true });
    const page = await writeHtml(result);
    const s = section(page);
    expect(page).not.toContain("<img");
    expect(page).not.toContain("<script>alert");
    expect(page.match(/<script\b/g)).toHaveLength(2);
    expect(s).toContain(escapeHtml(SCRIPT));
    expect(s).toContain(escapeHtml(FORMULA));
    expect(s).toContain(escapeHtml(HOSTILE));
    expect(s).toContain(`<code>${escapeHtml(SCRIPT)}</code>`);
    expect(tableRows(s, "sensitivity-table")[1]![0]).toBe(`<code>${escapeHtml(SCRIPT)}</code>`);
  });

  it("shows a summary read back from results.json, and partial summaries, with – for what is missing", async () => {
    const { result } = await uncertainResult({ sensitivity: true });
    const back = roundTrip(result);
    expect(section(await writeHtml(back))).toBe(section(await writeHtml(result)));

    const summary = JSON.parse(JSON.stringify(back.uncertainty)) as Record<string, unknown>;
    const stats = summary.statistics as Record<string, unknown>[];
    for (const st of stats) st.nominal = null;
    stats[0]!.low = null;
    stats[0]!.high = null;
    stats[0]!.median = null;
    stats[1]!.top = null;
    (summary.overview as Record<string, unknown>).stableShare = null;
    delete (summary.overview as Record<string, unknown>).failed;
    (summary.sobol as { indices: Record<string, unknown>[] }).indices[0]!.total = null;
    back.uncertainty = summary as unknown as UncertaintySummary;
    const s = section(await writeHtml(back));
    expect(textIn(s, "en")).toContain("– of ranks stayed within 3 places of it; – runs failed.");
    const rows = tableRows(s, "uncertainty-table");
    expect(rows).toHaveLength(4);
    expect(rows[0]!.slice(1, 4)).toEqual(["–", "–", "–"]);
    expect(rows[0]![5]).toBe("");
    expect(rows[1]![4]).toBe("–");
    expect(tableRows(s, "sensitivity-table")[0]![3]).toBe("–");

    back.uncertainty = { statistics: [{ unit: "nowhere" }], sobol: null } as unknown as UncertaintySummary;
    const bare = section(await writeHtml(back));
    expect(textIn(bare, "en")).toContain("Uncertainty analysis · Small index");
    expect(tableRows(bare, "uncertainty-table")[0]![0]).toBe("nowhere");
    expect(bare).not.toContain("Uncertain inputs");
    expect(bare).not.toContain("sensitivity-table");
  });
});

describe("the html report without an uncertainty analysis", () => {
  it("is the page it was: no section, no link, no bar", async () => {
    const result = await build(smallSpec(), smallData("2024"));
    const html = await writeHtml(result);
    expect(html).not.toContain('id="uncertainty"');
    expect(html).not.toContain('href="#uncertainty"');
    expect(html).not.toContain('class="ua-bar"');
    const { result: uncertain } = await uncertainResult();
    const withSummary = await writeHtml(uncertain);
    delete uncertain.uncertainty;
    const without = await writeHtml(uncertain);
    expect(
      withSummary
        .replace(/<a href="#uncertainty">[\s\S]*?<\/a>/, "")
        .replace(/<section id="uncertainty">[\s\S]*?<\/section>\n/, ""),
    ).toBe(without);
  });
});
