import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import {
  changeContributions,
  createRegistry,
  type IndexResult,
  InputError,
  validateSpec,
} from "@cityindex/core";
import { beforeAll, describe, expect, it } from "vitest";
import { escapeHtml } from "../src/escape.js";
import plugin, {
  HTML_MEDIA_TYPE,
  htmlExporter,
  htmlOptionsSchema,
  PLUGIN_NAME,
  PLUGIN_VERSION,
  REPORT_SCRIPT,
  writeHtml,
} from "../src/index.js";
import { BREAKOUT, build, exportContext, HOSTILE, smallData, smallSpec } from "./helpers.js";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
};

const threeYears = () => [...smallData("2023"), ...smallData("2024"), ...smallData("2025")];

/** Every inline SVG of a page. */
const svgs = (html: string) => html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];

/** The text of the page's embedded data, parsed. */
function embedded(html: string): {
  titles: Record<string, string>;
  units: { id: string; labels: Record<string, string> }[];
} {
  const m = /<script type="application\/json" id="cityindex-data">([\s\S]*?)<\/script>/.exec(html);
  if (!m) throw new Error("no embedded data");
  return JSON.parse(m[1]!);
}

describe("plugin", () => {
  it("is named and versioned as its package and registers the html exporter", () => {
    expect(PLUGIN_NAME).toBe(pkg.name);
    expect(PLUGIN_VERSION).toBe(pkg.version);
    expect(plugin).toEqual({ name: pkg.name, version: pkg.version, exporters: [htmlExporter] });
    expect(pkg.dependencies).toEqual({ "@cityindex/core": "^0.1.0", echarts: "6.1.0" });
    expect(createRegistry([plugin]).exporter("html")).toMatchObject({ plugin: "@cityindex/export-html" });
  });

  it("has an options schema with defaults, and a spec's options are validated against it", async () => {
    expect(htmlOptionsSchema.additionalProperties).toBe(false);
    const properties = htmlOptionsSchema.properties as Record<string, { default?: unknown }>;
    expect(Object.keys(properties)).toEqual(["file", "languages", "movers"]);
    expect(properties.file?.default).toBe("report.html");
    expect(properties.movers?.default).toBe(10);
    const registry = createRegistry([plugin]);
    const spec = { ...smallSpec(), plugins: [PLUGIN_NAME] };
    const ok = await validateSpec(
      { ...spec, exports: [{ exporter: "html", options: { languages: ["zh", "en"] } }] },
      { registry },
    );
    expect(ok.issues.filter((i) => i.severity === "error")).toEqual([]);
    expect(ok.spec?.exports?.[0]?.options).toEqual({
      languages: ["zh", "en"],
      file: "report.html",
      movers: 10,
    });
    for (const options of [
      { colour: "red" },
      { file: "../report.html" },
      { file: "report.pdf" },
      { movers: -1 },
      { languages: [] },
    ]) {
      const bad = await validateSpec({ ...spec, exports: [{ exporter: "html", options }] }, { registry });
      expect(bad.spec, JSON.stringify(options)).toBeUndefined();
      expect(bad.issues.some((i) => i.path.startsWith("/exports/0/options"))).toBe(true);
    }
  });
});

describe("the html exporter on a small index with hostile names", () => {
  let result: IndexResult;
  let html: string;

  beforeAll(async () => {
    result = await build(smallSpec(), threeYears());
    const ctx = exportContext();
    const files = await htmlExporter.export(result, {}, ctx);
    expect(files).toHaveLength(1);
    expect(files[0]!.path).toBe("report.html");
    expect(files[0]!.mediaType).toBe(HTML_MEDIA_TYPE);
    html = files[0]!.contents as string;
    expect(ctx.lines.filter((l) => !l.startsWith("debug"))).toEqual([]);
  });

  it("is one page with every part", () => {
    expect(html.startsWith('<!doctype html>\n<html lang="en" data-lang="en">')).toBe(true);
    for (const id of ["ranking", "map", "profiles", "heatmap", "framework", "trends", "audit", "method"]) {
      expect(html, id).toContain(`<section id="${id}">`);
    }
    expect(html).toContain('<div class="notice" role="note">');
    expect(html).toContain("Illustrative data, not measured");
    expect(html).toContain("示例数据，并非实测");
    expect(html).toContain("48 / 48 ");
    expect(html).toMatch(/Edition<\/span><span data-l="zh" lang="zh">版本<\/span> 2025/);
    // the ranking table: rank, unit, index score, then a score and a rank per dimension; a row per unit
    const table = /<table id="ranking-table">[\s\S]*?<\/table>/.exec(html)![0];
    expect(table.match(/<th data-col=/g)).toHaveLength(3 + 2 * 3);
    expect(table.match(/<tr data-row /g)).toHaveLength(4);
    // a profile per unit, each with a radar chart in both languages, strengths and weaknesses from the audit
    expect(html.match(/<article class="profile"/g)).toHaveLength(4);
    expect(html).toContain("Strengths");
    expect(html).toContain("短板");
    // year over year: slope chart and movers
    expect(html).toContain("Biggest movers");
    // method and provenance
    expect(html).toContain(result.provenance.specHash);
    expect(html).toContain(result.provenance.dataHash);
    expect(html).toContain("test:small");
    expect(html).toContain("CC0-1.0");
    expect(html).toContain("<code>min-max</code>");
    // no rank intervals: the result carries none, so the report shows none
    expect(html).not.toMatch(/interval/i);
  });

  it("gives each mover's change of score and the child that contributed most to it", () => {
    const table = /Biggest movers[\s\S]*?<\/table>/.exec(html)![0];
    const rows = table.match(/<tr><td><a class="unit"[\s\S]*?<\/tr>/g) ?? [];
    expect(rows.length).toBeGreaterThan(0);
    // The report compares 2025 with 2024 (the period before the edition).
    const split = changeContributions(result, { from: "2024", to: "2025", nodes: ["index"] });
    const signed = (v: number) => `${v > 0 ? "+" : v < 0 ? "−" : ""}${Math.abs(v).toFixed(1)}`;
    for (const row of rows) {
      const u = Number(/data-profile="p(\d+)"/.exec(row)![1]);
      const r = split.units.find((x) => x.unit === result.units[u])!;
      expect(r.status).toBe("both");
      const top = r.children.reduce((a, b) => (Math.abs(b.contribution) > Math.abs(a.contribution) ? b : a));
      const label = result.framework.nodes.get(top.child)!.labels.en!;
      expect(row).toContain(`<td class="n">${signed(r.change)}</td>`);
      expect(row).toContain(`<span data-l="en" lang="en">${escapeHtml(label)}</span>`);
      expect(row).toContain(`<span class="mono">${signed(top.contribution)}</span>`);
    }
    expect(html).toContain("the parts add up to the change");
  });

  it("draws its charts as SVG with marks and no chart library", () => {
    const charts = svgs(html);
    // ranking, map, heatmap, sunburst, slope and four radars, each in two languages
    expect(charts).toHaveLength(2 * (5 + 4));
    for (const svg of charts) {
      expect(svg).toMatch(/^<svg role="img" aria-label="[^"]+" width="\d+" height="\d+"/);
      expect(svg).toMatch(/<(path|rect|circle)\b/);
      expect(svg).not.toMatch(/zr\d+-/);
    }
    expect(html.match(/<script\b/g)).toHaveLength(2);
    expect(html).not.toMatch(/echarts\.(init|min)|require\(/);
  });

  it("escapes every text from the spec and the data: table, charts, profiles, embedded JSON", () => {
    expect(html).not.toContain("<img");
    expect(html).not.toContain(BREAKOUT);
    expect(html).not.toContain("<script>alert");
    const escaped = "&lt;img src=x onerror=alert(1)&gt;";
    const table = /<table id="ranking-table">[\s\S]*?<\/table>/.exec(html)![0];
    expect(table).toContain(escaped);
    expect(table).toContain("&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;");
    const profile = /<article class="profile" id="p3"[\s\S]*?<\/article>/.exec(html)![0];
    expect(profile).toContain(escaped);
    const charts = svgs(html);
    expect(charts.filter((svg) => svg.includes(escaped)).length).toBeGreaterThanOrEqual(5);
    expect(charts.some((svg) => svg.includes("&lt;/script&gt;"))).toBe(true);
    // attributes: the search text and the profile choices
    expect(html).toContain('data-search="d &lt;img src=x onerror=alert(1)&gt;"');
    // the embedded data hold the names as they are, and nothing in them closes the script element
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    const data = embedded(html);
    expect(data.units.find((u) => u.id === "D")?.labels.en).toBe(HOSTILE);
    expect(data.titles).toEqual({ en: "Small index 2025", zh: "小指数 2025" });
  });

  it("has both languages, with a switch", () => {
    expect(html).toContain(
      '<button type="button" data-set-lang="en" lang="en" aria-pressed="true">English</button>',
    );
    expect(html).toContain(
      '<button type="button" data-set-lang="zh" lang="zh" aria-pressed="false">中文</button>',
    );
    expect(html).toContain('html[data-lang="zh"] [data-l]:not([data-l="zh"]){display:none!important}');
    for (const text of [
      "Small index",
      "小指数",
      "Dimension A",
      "维度甲",
      "Ranking",
      "排名",
      "City profiles",
      "城市画像",
      "阿尔法",
    ]) {
      expect(html, text).toContain(text);
    }
    expect(html.match(/<div data-l="zh" lang="zh"><svg/g)).toHaveLength(9);
  });

  it("makes no network request: no external URL, and a policy that forbids them", () => {
    expect(html).not.toMatch(/https?:/);
    // no element has a `src` attribute (attribute values are quoted, so `src=` inside one does not count)
    expect(html).not.toMatch(/<[a-z][a-z0-9-]*(\s+[a-z_:][-a-z0-9_:.]*(="[^"]*")?)*\s+src\s*=/i);
    for (const m of html.matchAll(/\bhref="([^"]*)"/g)) expect(m[1]).toMatch(/^#/);
    expect(html).not.toMatch(/@import|url\((?!#)/);
    const hash = createHash("sha256").update(REPORT_SCRIPT).digest("base64");
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-${hash}';`,
    );
    expect(html).toContain(`<script>${REPORT_SCRIPT}</script>`);
  });

  it("gives the same text for the same result", async () => {
    expect(await writeHtml(result)).toBe(html);
    const again = await build(smallSpec(), threeYears());
    expect(await writeHtml(again)).toBe(html);
  });

  it("opens in the first language asked for", async () => {
    const zh = await writeHtml(result, { languages: ["zh", "en"], file: "reports/index.html" });
    expect(zh.startsWith('<!doctype html>\n<html lang="zh" data-lang="zh">')).toBe(true);
    expect(zh).toContain("<title>小指数 2025</title>");
    const en = await writeHtml(result, { languages: ["en"] });
    expect(en).not.toContain('data-l="zh"');
    expect(en).not.toContain('<div class="langs"');
    expect(svgs(en)).toHaveLength(5 + 4);
  });

  it("throws for a bad option", async () => {
    await expect(writeHtml(result, { file: "../x.html" })).rejects.toThrow(InputError);
    await expect(writeHtml(result, { movers: 2.5 })).rejects.toThrow(/`movers` must be a whole number/);
    await expect(writeHtml(result, { colour: "red" } as never)).rejects.toThrow(/unknown option `colour`/);
  });
});

describe("the html exporter on a smaller result", () => {
  it("leaves out what the result does not have: no trends with one period, no audit without analysis", async () => {
    const result = await build(smallSpec(), smallData("2024"), false);
    const ctx = exportContext();
    const [file] = await htmlExporter.export(result, {}, ctx);
    const html = file!.contents as string;
    expect(ctx.lines).toContain(
      "info: no statistical audit on the result: the report has no strengths, weaknesses or audit flags",
    );
    expect(html).not.toContain('<section id="trends">');
    expect(html).toContain("No statistical audit is attached to this result");
    expect(html).toContain("Strengths and weaknesses come with the statistical audit");
  });

  it("has no map when no unit has coordinates, and no radar with fewer than three dimensions", async () => {
    const spec = smallSpec();
    for (const u of spec.units) u.meta = { pop: u.meta!.pop!, tier: u.meta!.tier! };
    const fw = spec.framework as { children: unknown[] };
    fw.children = fw.children.slice(0, 2);
    spec.indicators = spec.indicators.filter((i) => i.id !== "events");
    const html = await writeHtml(
      await build(
        spec,
        smallData("2024").filter((o) => o.indicator !== "events"),
      ),
    );
    expect(html).not.toContain('<section id="map">');
    expect(svgs(html)).toHaveLength(2 * 3);
  });
});
