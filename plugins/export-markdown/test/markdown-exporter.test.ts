import { readFileSync } from "node:fs";
import { analyse, buildIndex, InputError } from "@cityindex/core";
import MarkdownIt from "markdown-it";
import { describe, expect, it } from "vitest";
import plugin, {
  codeSpan,
  escapeMarkdown,
  MARKDOWN_MEDIA_TYPE,
  markdownExporter,
  markdownTable,
  PLUGIN_NAME,
  PLUGIN_VERSION,
  renderMarkdown,
} from "../src/index.js";
import { exportContext, smallData, smallResult, smallSpec } from "./helpers.js";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  name: string;
  version: string;
};

const HOSTILE = "| x | <img src=x onerror=alert(1)> [a](http://x) *b*";

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

describe("the plugin", () => {
  it("is named and versioned like its package", () => {
    expect(plugin.name).toBe(pkg.name);
    expect(PLUGIN_NAME).toBe(pkg.name);
    expect(PLUGIN_VERSION).toBe(pkg.version);
    expect(plugin.exporters.map((e) => e.id)).toEqual(["markdown"]);
  });
});

describe("the markdown exporter", () => {
  it("writes report.md with the title, edition, notice, ranking, dimensions, method and provenance", async () => {
    const result = await smallResult();
    const files = await markdownExporter.export(result, {}, exportContext());
    expect(files).toHaveLength(1);
    expect(files[0]!.path).toBe("report.md");
    expect(files[0]!.mediaType).toBe(MARKDOWN_MEDIA_TYPE);
    const md = files[0]!.contents as string;
    expect(md).toBe(renderMarkdown(result));
    const headings = md.split("\n").filter((l) => l.startsWith("#"));
    expect(headings).toEqual([
      "# Small index",
      "## Ranking 2024",
      "## Change 2023 → 2024",
      "## Dimensions",
      "### Dimension A",
      "### Dimension B",
      "## Method",
      "## Provenance",
    ]);
    expect(md).toContain("**Edition:** 2024 · **Periods:** 2023, 2024 · **Units:** 4 · **Indicators:** 3");
    expect(md).toContain("> **Notice.** Illustrative data, not measured");
    expect(md).toContain("> Illustrative data: 24 of 24 observations are marked illustrative");
    // the method: every step with its resolved options
    expect(md).toContain("3. **normalise**: `min-max` from `@cityindex/core`; `range`: `[0,100]`");
    expect(md).toContain('2. **impute**: `group-mean` from `@cityindex/core`; `group`: `"tier"`');
    // provenance
    expect(md).toContain(`**Spec hash (SHA-256):** \`${result.provenance.specHash}\``);
    expect(md).toContain(`**Data hash (SHA-256):** \`${result.provenance.dataHash}\``);
    expect(md).toContain("| test:small | 24 | 24 | CC0-1.0 |");
    // no audit section without an analysis
    expect(md).not.toContain("Statistical audit");
  });

  it("ranks the units best first with the index and dimension scores", async () => {
    const result = await smallResult();
    const md = renderMarkdown(result, { languages: ["en"] });
    const table = tableAfter(md, "## Ranking 2024");
    expect(cells(table[0]!)).toEqual(["Rank", "Unit", "Small index", "Dimension A", "Dimension B"]);
    expect(table[1]).toBe("| ---: | --- | ---: | ---: | ---: |");
    const root = result.framework.root.id;
    const rows = table.slice(2).map(cells);
    expect(rows).toHaveLength(4);
    for (const row of rows) {
      const u = result.units.findIndex((id) => {
        const label = result.framework.units.get(id)?.labels?.en;
        return escapeMarkdown(label ?? id) === row[1];
      });
      expect(Number(row[0])).toBe(result.ranks.get(root, u, 1));
      expect(row[2]).toBe(result.scores.get(root, u, 1).toFixed(2));
      expect(row[3]).toBe(result.scores.get("dimA", u, 1).toFixed(2));
    }
    expect(rows.map((r) => Number(r[0]))).toEqual([...rows.map((r) => Number(r[0]))].sort((a, b) => a - b));
    const dim = tableAfter(md, "### Dimension A");
    expect(cells(dim[0]!)).toEqual(["Rank", "Unit", "Score", "Flights per person", "Crime"]);
  });

  it("gives each unit's places gained, score change and the part of it from each dimension", async () => {
    // Both years hold the 2023 values, except A's rating: 4 → 5 (the bounds of rating stay 3..5). A's rating,
    // and so Dimension B, goes from (4 − 3) / 2 · 100 = 50 to 100; the index weighs the dimensions 1 : 3, so A
    // rises 3/4 · 50 = 37.5 points (62.5 → 100), all from Dimension B, and passes B (81.25): rank 2 → 1.
    const first = smallData().filter((o) => o.period === "2023");
    const data = [
      ...first,
      ...first.map((o) => ({
        ...o,
        period: "2024",
        value: o.unit === "A" && o.indicator === "rating" ? 5 : o.value,
      })),
    ];
    const { result } = await buildIndex(smallSpec(), data);
    const md = renderMarkdown(result!, { languages: ["en"] });
    expect(md).toContain(
      "Places gained in the ranking of the index since 2023, the change of the index score, and the part of that change from each of its children (the parts add up to the change).",
    );
    const table = tableAfter(md, "## Change 2023 → 2024");
    expect(cells(table[0]!)).toEqual([
      "Rank",
      "Unit",
      "Rank 2023",
      "Places",
      "Score change",
      "Dimension A",
      "Dimension B",
    ]);
    const rows = table.slice(2).map(cells);
    expect(rows[0]).toEqual(["1", "Alpha", "2", "+1", "+37.50", "0.00", "+37.50"]);
    expect(rows[1]!.slice(2)).toEqual(["1", "-1", "0.00", "0.00", "0.00"]);
    expect(rows.slice(2).map((r) => r.slice(2))).toEqual([
      ["3", "0", "0.00", "0.00", "0.00"],
      ["4", "0", "0.00", "0.00", "0.00"],
    ]);
    // Not for an earlier period than the edition
    expect(renderMarkdown(result!, { period: "2023" })).not.toContain("## Change");
  });

  it("follows top, period, digits and file", async () => {
    const result = await smallResult();
    const [file] = await markdownExporter.export(
      result,
      { top: 2, period: "2023", digits: 0, file: "docs/index.md", languages: ["zh", "en"] },
      exportContext(),
    );
    expect(file!.path).toBe("docs/index.md");
    const md = file!.contents as string;
    expect(md.startsWith("# 小指数\n\nSmall index\n")).toBe(true);
    const table = tableAfter(md, "## Ranking 2023 (top 2 of 4)");
    expect(cells(table[0]!)).toEqual([
      "Rank",
      "Unit",
      "Unit (en)",
      "Small index",
      "Dimension A",
      "Dimension B",
    ]);
    expect(table).toHaveLength(4);
    expect(cells(table[2]!)[3]).toMatch(/^\d+$/);
  });

  it("lists the audit flags when the result carries an analysis", async () => {
    const result = await smallResult();
    result.analysis = await analyse(result, { removeLevels: [] });
    const md = renderMarkdown(result);
    expect(md).toContain("## Statistical audit");
    expect(md).toContain("Period audited: 2024; data checks on the `Raw` dataset.");
    const flags = result.analysis.flags;
    expect(flags.length).toBeGreaterThan(0);
    const table = tableAfter(md, "## Statistical audit");
    expect(table).toHaveLength(2 + flags.length);
    expect(cells(table[2]!)[2]).toBe(`\`${flags[0]!.code}\``);
  });

  it("escapes hostile names: no broken table, no HTML, no link, no emphasis", async () => {
    const spec = smallSpec();
    spec.units[2]!.labels = { en: HOSTILE };
    spec.title = { en: `# Title ${HOSTILE}` };
    spec.notice = { en: `- ${HOSTILE}\n\n<script>alert(1)</script> www.example.com a@b.cn` };
    (spec.framework as { children: { labels: Record<string, string> }[] }).children[0]!.labels = {
      en: "`code` & &amp; _dim_",
    };
    const result = await smallResult(spec);
    const md = renderMarkdown(result, { languages: ["en"] });
    const table = tableAfter(md, "## Ranking 2024");
    for (const row of table) expect(cells(row)).toHaveLength(5);
    const hostileRow = table.map(cells).find((r) => r[1]!.includes("img"))!;
    expect(hostileRow[1]).toBe(escapeMarkdown(HOSTILE));

    const page = html(md);
    expect(page).not.toMatch(/<img|<script|<a |<em>|<strong>[^<]*(x|b)<\/strong>/);
    expect(page).toContain("| x | &lt;img src=x onerror=alert(1)&gt; [a](http://x) *b*");
    expect(page).toContain("&lt;script&gt;alert(1)&lt;/script&gt; www.example.com a@b.cn");
    expect(page).toContain("<h1># Title | x |");
    expect(page).toContain("`code` &amp; &amp;amp; _dim_");
    // the rendered ranking has four rows of five cells
    const rows = page.split("<h2>Ranking 2024</h2>")[1]!.split("</table>")[0]!.split("<tr>").slice(2);
    expect(rows).toHaveLength(4);
    for (const r of rows) expect(r.match(/<td/g)).toHaveLength(5);
    // the notice stays one line of the blockquote: no list inside it
    expect(page.split("<blockquote>")[1]!.split("</blockquote>")[0]).not.toContain("<ul>");
  });

  it("gives the same text for the same result", async () => {
    const a = renderMarkdown(await smallResult());
    const b = renderMarkdown(await smallResult());
    expect(a).toBe(b);
  });

  it("refuses bad options", async () => {
    const result = await smallResult();
    expect(() => renderMarkdown(result, { period: "2030" })).toThrow(
      "markdown exporter: `period` is `2030`, which is not a period of the result (2023, 2024)",
    );
    expect(() => renderMarkdown(result, { top: 0 })).toThrow(InputError);
    expect(() => renderMarkdown(result, { file: "/etc/report.md" })).toThrow(
      "`file` must be a relative path",
    );
    expect(() => renderMarkdown(result, { colour: "red" } as never)).toThrow("unknown option `colour`");
  });
});

describe("Markdown text", () => {
  it("escapes every inline marker and breaks autolinks", () => {
    expect(escapeMarkdown(HOSTILE)).toBe(
      "\\| x \\| \\<img src=x onerror=alert(1)\\> \\[a\\](http\\://x) \\*b\\*",
    );
    expect(escapeMarkdown("a\nb\r\nc\td")).toBe("a b c d");
    expect(escapeMarkdown("- item")).toBe("\\- item");
    expect(escapeMarkdown("---")).toBe("\\---");
    expect(escapeMarkdown("1. first")).toBe("1\\. first");
    expect(escapeMarkdown("0.1.0")).toBe("0.1.0");
    expect(escapeMarkdown("Xi'an-Xianyang")).toBe("Xi'an-Xianyang");
    expect(escapeMarkdown("see www.x.cn")).toBe("see www\\.x.cn");
  });

  it("fences code spans past any backticks inside", () => {
    expect(codeSpan("min-max")).toBe("`min-max`");
    expect(codeSpan("a`b")).toBe("``a`b``");
    expect(codeSpan("`a")).toBe("`` `a ``");
    expect(codeSpan("a|b", true)).toBe("`a\\|b`");
  });

  it("writes a table with aligned columns", () => {
    expect(markdownTable(["Rank", "Unit"], [["1", ""]], ["right"])).toBe(
      "| Rank | Unit |\n| ---: | --- |\n| 1 |   |\n",
    );
  });
});
