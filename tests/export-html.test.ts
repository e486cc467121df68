/**
 * The HTML report in a real browser: `cityindex build` writes `report.html` for the China City Overseas
 * Influence example (the built CLI and plugin: `npm run build`), and a small index with hostile names is
 * exported in process. Each page is opened from disk in headless Debian Chromium (`/usr/bin/chromium`, installed
 * by `.ci/run`; never a downloaded browser) with every request but the file itself recorded and refused.
 * Screenshots of the main views go to `tests/.tmp/screenshots`.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { analyse, buildIndex, type Observation, type Spec } from "@cityindex/core";
import { writeHtml } from "@cityindex/export-html";
import { type BrowserContext, chromium, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CLI = join(ROOT, "packages", "cli", "dist", "cli.js");
const EXAMPLE = join(ROOT, "examples", "china-city-overseas-influence");
const SHOTS = join(ROOT, "tests", ".tmp", "screenshots");
const CHROMIUM = "/usr/bin/chromium";
const HOSTILE = "<img src=x onerror=alert(1)>";

/** The flags of TOOLCHAIN.md: no sandbox (root in CI), no GPU, and none of Chromium's own network traffic. */
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

/** The text a reader sees in an element (rendered text: what the language switch hides is left out). */
function shown(locator: Locator): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what is tested
  return locator.innerText();
}

function cityindex(...args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd: ROOT, env: { ...process.env, NO_COLOR: "1" } },
      (error, _out, stderr) =>
        resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stderr }),
    );
  });
}

/** A four-city index whose city D and whose second dimension have hostile names. */
async function hostileReport(): Promise<string> {
  const spec: Spec = {
    id: "hostile",
    title: { en: "Hostile names", zh: "恶意名称" },
    notice: { en: "Illustrative data", zh: "示例数据" },
    units: [
      { id: "chengdu", labels: { en: "Chengdu", zh: "成都" }, meta: { lat: 30.66, lng: 104.07 } },
      { id: "wuhan", labels: { en: "Wuhan", zh: "武汉" }, meta: { lat: 30.59, lng: 114.31 } },
      { id: "xian", labels: { en: "Xi'an", zh: "西安" }, meta: { lat: 34.34, lng: 108.94 } },
      { id: "evil", labels: { en: HOSTILE, zh: HOSTILE }, meta: { lat: 22.54, lng: 114.06 } },
    ],
    indicators: ["flights", "visitors", "news"].map((id) => ({ id, labels: { en: id, zh: id } })),
    framework: {
      id: "index",
      labels: { en: "Hostile names", zh: "恶意名称" },
      children: [
        { id: "links", labels: { en: "Links", zh: "联系" }, children: [{ id: "flights" }] },
        {
          id: "appeal",
          labels: { en: "</script><script>alert(2)</script>", zh: "吸引力" },
          children: [{ id: "visitors" }],
        },
        { id: "media", labels: { en: "Media", zh: "媒体" }, children: [{ id: "news" }] },
      ],
    },
    pipeline: [
      { step: "normalise", method: "min-max" },
      { step: "aggregate", method: "arithmetic" },
    ],
  };
  const values: Record<string, number[]> = {
    flights: [5, 9, 3, 7],
    visitors: [40, 20, 60, 10],
    news: [2, 8, 4, 6],
  };
  const observations: Observation[] = ["2024", "2025"].flatMap((period, p) =>
    Object.entries(values).flatMap(([indicator, vs]) =>
      vs.map((v, u) => ({ unit: spec.units[u]!.id, indicator, period, value: v + p * (u % 2 ? 3 : -1) })),
    ),
  );
  const { result, issues } = await buildIndex(spec, observations);
  if (!result) throw new Error(JSON.stringify(issues));
  result.analysis = await analyse(result, { removeLevels: [] });
  return writeHtml(result);
}

describe(`the HTML report in Chromium (${CHROMIUM})`, () => {
  let work: string;
  let context: BrowserContext;
  let example: string;
  let hostile: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `${CHROMIUM} is missing: install it with \`apt-get install -y --no-install-recommends chromium\` (.ci/run does)`,
      );
    }
    work = await mkdtemp(join(tmpdir(), "cityindex-html-"));
    await mkdir(SHOTS, { recursive: true });
    const [run, page] = await Promise.all([
      cityindex("build", join(EXAMPLE, "spec.json"), "--out", join(work, "example")),
      hostileReport(),
    ]);
    expect(run.code, run.stderr).toBe(0);
    example = join(work, "example", "report.html");
    hostile = join(work, "hostile.html");
    await writeFile(hostile, page);
    const xdg = join(work, "xdg");
    process.env.XDG_CONFIG_HOME = xdg;
    process.env.XDG_CACHE_HOME = xdg;
    context = await chromium.launchPersistentContext(join(work, "profile"), {
      executablePath: CHROMIUM,
      args: ARGS,
      headless: true,
      viewport: { width: 1280, height: 900 },
      env: { ...process.env, XDG_CONFIG_HOME: xdg, XDG_CACHE_HOME: xdg, HOME: work },
    });
  });

  afterAll(async () => {
    await context?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  /** Opens a file; returns the page with the requests it tried (other than the file) and its console errors. */
  async function open(
    file: string,
  ): Promise<{ page: Page; requests: string[]; errors: string[]; dialogs: string[] }> {
    const url = pathToFileURL(file).href;
    const requests: string[] = [];
    const errors: string[] = [];
    const dialogs: string[] = [];
    const page = await context.newPage();
    await page.route("**/*", (route) => {
      if (route.request().url() === url) return route.continue();
      requests.push(route.request().url());
      return route.abort();
    });
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") errors.push(m.text());
    });
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(url, { waitUntil: "load" });
    return { page, requests, errors, dialogs };
  }

  it("shows the flagship example's report: charts with marks, language switch, sorting, search", async () => {
    const { page, requests, errors } = await open(example);
    try {
      expect(await page.title()).toBe("China City Overseas Influence Index 2025");
      // every chart, shown or not, is an SVG with marks
      const marks = await page.$$eval("svg[role=img]", (svgs) =>
        svgs.map((s) => ({
          label: s.getAttribute("aria-label"),
          marks: s.querySelectorAll("path, rect").length,
        })),
      );
      expect(marks.length).toBeGreaterThanOrEqual(2 * (5 + 27));
      for (const m of marks) expect(m.marks, m.label ?? "").toBeGreaterThan(2);
      // the visible charts: ranking, map, one profile's radar, heatmap, framework, slope
      expect(await page.locator("svg[role=img]:visible").count()).toBe(6);
      await expect.poll(() => shown(page.locator(".notice"))).toMatch(/^Notice\s+Illustrative data/);
      await page.locator("header").screenshot({ path: join(SHOTS, "header-en.png") });
      await page.locator("#ranking").screenshot({ path: join(SHOTS, "ranking-en.png") });

      // sorting: by the index score, ascending then descending
      const header = page.locator("#ranking-table th[data-col='2']");
      const scores = () =>
        page.$$eval("#ranking-table tr[data-row] td:nth-child(3)", (tds) =>
          tds.map((td) => Number(td.getAttribute("data-v"))),
        );
      const before = await scores();
      await header.click();
      expect(await header.getAttribute("aria-sort")).toBe("ascending");
      const ascending = await scores();
      expect(ascending).toEqual([...before].sort((a, b) => a - b));
      await header.click();
      expect(await scores()).toEqual([...before].sort((a, b) => b - a));
      // by name
      await page.locator("#ranking-table th[data-col='1']").click();
      const names = await page.$$eval("#ranking-table tr[data-row] td:nth-child(2)", (tds) =>
        tds.map((td) => td.getAttribute("data-v")!),
      );
      expect(names).toEqual([...names].sort());

      // search filters rows, in either language
      const visibleRows = () => page.locator("#ranking-table tr[data-row]:visible").count();
      expect(await visibleRows()).toBe(27);
      await page.locator("#search").fill("chengdu");
      expect(await visibleRows()).toBe(1);
      await page.locator("#search").fill("上海");
      expect(await visibleRows()).toBe(1);
      await page.locator("#search").fill("no such city");
      expect(await visibleRows()).toBe(0);
      await expect.poll(() => page.locator("#no-match").isVisible()).toBe(true);
      await page.locator("#search").fill("");
      expect(await visibleRows()).toBe(27);

      // a profile chosen from the table
      await page.locator("#ranking-table a.unit").first().click();
      const profile = page.locator("article.profile:visible");
      expect(await profile.count()).toBe(1);
      await page.locator("#profiles").screenshot({ path: join(SHOTS, "profile-en.png") });
      await page.locator("#heatmap").screenshot({ path: join(SHOTS, "heatmap-en.png") });
      await page.locator("#trends").screenshot({ path: join(SHOTS, "trends-en.png") });
      await page.locator("#map").screenshot({ path: join(SHOTS, "map-en.png") });

      // the language switch
      expect(await shown(page.locator("h1"))).toBe("China City Overseas Influence Index");
      await page.locator("[data-set-lang='zh']").click();
      expect(await shown(page.locator("h1"))).toBe("中国城市海外影响力指数");
      expect(await shown(page.locator("#ranking h2"))).toBe("排名 2025");
      expect(await page.locator("html").getAttribute("lang")).toBe("zh");
      expect(await page.title()).toBe("中国城市海外影响力指数 2025");
      expect(await page.locator("#search").getAttribute("placeholder")).toBe("按名称筛选");
      expect(await page.locator("svg[role=img]:visible").count()).toBe(6);
      await page.screenshot({ path: join(SHOTS, "report-zh.png") });
      await page.locator("#ranking").screenshot({ path: join(SHOTS, "ranking-zh.png") });
      await page.locator("[data-set-lang='en']").click();
      expect(await shown(page.locator("h1"))).toBe("China City Overseas Influence Index");

      expect(requests).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it("shows hostile names as text: no element made from them, no script run", async () => {
    const html = await readFile(hostile, "utf8");
    expect(html).not.toContain("<img");
    const { page, requests, errors, dialogs } = await open(hostile);
    try {
      expect(await page.locator("img").count()).toBe(0);
      expect(await page.locator("script").count()).toBe(2);
      await expect
        .poll(() => page.locator("#ranking-table").getByText(HOSTILE, { exact: true }).count())
        .toBe(1);
      expect(await page.locator("svg text", { hasText: HOSTILE }).count()).toBeGreaterThan(0);
      expect(
        await page
          .locator("#ranking-table th")
          .filter({ hasText: "</script><script>alert(2)</script>" })
          .count(),
      ).toBe(2);
      // the page's script did run (the switch works) and read the embedded data back whole
      await page.locator("[data-set-lang='zh']").click();
      expect(await shown(page.locator("h1"))).toBe("恶意名称");
      const data = await page.evaluate(() =>
        JSON.parse(document.getElementById("cityindex-data")!.textContent!),
      );
      expect(data.units.map((u: { labels: { en: string } }) => u.labels.en)).toContain(HOSTILE);
      await page.locator("#ranking").screenshot({ path: join(SHOTS, "hostile.png") });
      expect(dialogs).toEqual([]);
      expect(requests).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
