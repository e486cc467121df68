/**
 * The documentation site in a real browser. The site built by `npm run docs:build` (`docs/.vitepress/dist`;
 * the test runs that command itself when there is no build) is served on 127.0.0.1 by a small static server,
 * and every page of its sitemap is opened in headless Debian Chromium (`/usr/bin/chromium`, never a downloaded
 * browser). A page fails on a console error, an uncaught exception, a failed or refused request (anything not
 * on 127.0.0.1 is refused and counted), a response of 400 or more, or an empty page. Every internal link on
 * every page must lead to a page that answers 200, and a link to `#anchor` to an element with that id. On the
 * playground, moving a weight slider and choosing another method must change the ranking.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DIST = join(ROOT, "docs", ".vitepress", "dist");
const CHROMIUM = "/usr/bin/chromium";
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
/** Pages opened at once. */
const TABS = 2;

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
  ".xml": "application/xml",
  ".txt": "text/plain; charset=utf-8",
};

/** The file a URL path names in the built site, as a static host with clean URLs finds it. */
async function resolveFile(pathname: string): Promise<string | undefined> {
  const path = normalize(decodeURIComponent(pathname));
  const base = join(DIST, path);
  if (!base.startsWith(DIST + sep) && base !== DIST) return undefined;
  const candidates = path.endsWith("/")
    ? [join(base, "index.html")]
    : [base, `${base}.html`, join(base, "index.html")];
  for (const file of candidates) {
    const s = await stat(file).catch(() => undefined);
    if (s?.isFile()) return file;
  }
  return undefined;
}

function serve(): Promise<{ server: Server; origin: string }> {
  const server = createServer(async (request, response) => {
    const { pathname } = new URL(request.url ?? "/", "http://127.0.0.1");
    const file = await resolveFile(pathname);
    if (!file) {
      response.writeHead(404, { "content-type": TYPES[".html"] });
      response.end(await readFile(join(DIST, "404.html")));
      return;
    }
    response.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    response.end(request.method === "HEAD" ? undefined : await readFile(file));
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      resolve({ server, origin: `http://127.0.0.1:${port}` });
    });
  });
}

function buildSite(): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      "npm",
      ["run", "docs:build"],
      {
        cwd: ROOT,
        env: { ...process.env, NO_COLOR: "1", TURBO_TELEMETRY_DISABLED: "1" },
        maxBuffer: 64 << 20,
      },
      (error, stdout, stderr) =>
        error ? reject(new Error(`npm run docs:build failed:\n${stdout}${stderr}`)) : resolve(),
    );
  });
}

/** What one page showed. */
interface Visit {
  path: string;
  problems: string[];
  links: string[];
  ids: string[];
}

describe(`the documentation site in Chromium (${CHROMIUM})`, () => {
  let work: string;
  let server: Server;
  let origin: string;
  let context: BrowserContext;
  let pages: string[];
  const visits = new Map<string, Visit>();

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `${CHROMIUM} is missing: install it with \`apt-get install -y --no-install-recommends chromium\` (.ci/run does)`,
      );
    }
    if (!existsSync(join(DIST, "index.html"))) await buildSite();
    ({ server, origin } = await serve());
    const sitemap = await readFile(join(DIST, "sitemap.xml"), "utf8");
    pages = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!).pathname).sort();
    work = await mkdtemp(join(tmpdir(), "cityindex-docs-"));
    const xdg = join(work, "xdg");
    context = await chromium.launchPersistentContext(join(work, "profile"), {
      executablePath: CHROMIUM,
      args: ARGS,
      headless: true,
      viewport: { width: 1280, height: 900 },
      env: { ...process.env, XDG_CONFIG_HOME: xdg, XDG_CACHE_HOME: xdg, HOME: work },
    });
  }, 900_000);

  afterAll(async () => {
    await context?.close();
    server?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  /** Opens a page, recording every problem it shows. */
  async function open(path: string): Promise<{ page: Page; problems: string[] }> {
    const problems: string[] = [];
    const page = await context.newPage();
    await page.route(
      (url) => url.origin !== origin,
      (route) => {
        problems.push(`request outside the site: ${route.request().url()}`);
        return route.abort();
      },
    );
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(`console error: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`uncaught: ${e.message}`));
    page.on("requestfailed", (r) => {
      if (new URL(r.url()).origin === origin) problems.push(`failed: ${r.url()} (${r.failure()?.errorText})`);
    });
    page.on("response", (r) => {
      if (r.status() >= 400) problems.push(`${r.status()}: ${r.url()}`);
    });
    const response = await page.goto(origin + path, { waitUntil: "load" });
    if (response?.status() !== 200) problems.push(`status ${response?.status()}`);
    return { page, problems };
  }

  async function visit(path: string): Promise<Visit> {
    const { page, problems } = await open(path);
    try {
      const seen = await page.evaluate(() => {
        const main = document.querySelector(".vp-doc, .VPHome");
        return {
          title: document.title,
          text: (main?.textContent ?? "").trim().length,
          heading: document.querySelector(".vp-doc h1, .VPHome .name")?.textContent?.trim() ?? "",
          links: Array.from(document.querySelectorAll("a[href]"), (a) => (a as HTMLAnchorElement).href),
          ids: Array.from(document.querySelectorAll("[id]"), (e) => e.id),
        };
      });
      if (seen.text < 40 || seen.heading === "" || seen.title === "") {
        problems.push(`empty page: ${seen.text} characters, heading ${JSON.stringify(seen.heading)}`);
      }
      return { path, problems, links: seen.links, ids: seen.ids };
    } finally {
      await page.close();
    }
  }

  it("has the pages of every part of the site in its sitemap", () => {
    for (const path of [
      "/",
      "/guide/getting-started",
      "/concepts/model",
      "/concepts/pipeline",
      "/concepts/results",
      "/guides/flagship",
      "/guides/choosing-methods",
      "/guides/audit",
      "/guides/coinr",
      "/guides/plugins",
      "/playground",
      "/reference/spec",
      "/reference/cli",
      "/methods/",
      "/methods/normalise/min-max",
      "/api/",
      "/api/core",
      "/api/cli",
      "/zh/",
      "/zh/guide/getting-started",
      "/zh/guides/flagship",
    ]) {
      expect(pages).toContain(path);
    }
  });

  it("opens every page without a console error, a failed request or an empty body", async () => {
    const queue = [...pages];
    await Promise.all(
      Array.from({ length: TABS }, async () => {
        for (let path = queue.shift(); path !== undefined; path = queue.shift())
          visits.set(path, await visit(path));
      }),
    );
    const failures = [...visits.values()].filter((v) => v.problems.length > 0);
    expect(failures.map((v) => `${v.path}: ${v.problems.join("; ")}`)).toEqual([]);
    expect(visits.size).toBe(pages.length);
  }, 900_000);

  it("has no broken internal link: every target answers 200, every anchor exists", async () => {
    expect(visits.size, "the pages were visited").toBe(pages.length);
    const targets = new Map<string, string>();
    const anchors: { from: string; path: string; id: string }[] = [];
    for (const v of visits.values()) {
      for (const href of v.links) {
        const url = new URL(href);
        if (url.origin !== origin) continue;
        if (!targets.has(url.pathname)) targets.set(url.pathname, v.path);
        if (url.hash.length > 1)
          anchors.push({ from: v.path, path: url.pathname, id: decodeURIComponent(url.hash.slice(1)) });
      }
    }
    const broken: string[] = [];
    for (const [path, from] of targets) {
      const response = await fetch(origin + path, { method: "HEAD" });
      if (response.status !== 200) broken.push(`${from} → ${path}: ${response.status}`);
    }
    for (const a of anchors) {
      const target = visits.get(a.path);
      if (target && !target.ids.includes(a.id)) broken.push(`${a.from} → ${a.path}#${a.id}: no such anchor`);
    }
    expect(broken).toEqual([]);
    expect(targets.size).toBeGreaterThan(pages.length / 2);
  }, 300_000);

  it("rebuilds the flagship index in the browser when a weight or a method changes", async () => {
    const { page, problems } = await open("/playground");
    try {
      const ranking = () =>
        page.$$eval("[data-testid=ranking] tbody tr", (rows) => rows.map((r) => r.getAttribute("data-unit")));
      await expect.poll(async () => (await ranking()).length, { timeout: 30_000 }).toBe(27);
      const before = await ranking();
      // the example's published order: Tokyo and Paris first in 2025
      expect(before.slice(0, 2)).toEqual(["tokyo", "paris"]);
      expect(await page.locator("svg.chart rect").count()).toBe(27);

      // all the weight on tourism reputation: the order changes
      const slider = page.getByTestId("weight-overseas_tourism_reputation");
      await slider.focus();
      await slider.press("End");
      for (const id of ["overseas_exchanges", "overseas_media_presence", "overseas_online_attention"]) {
        await page.getByTestId(`weight-${id}`).focus();
        await page.getByTestId(`weight-${id}`).press("Home");
      }
      expect(await slider.inputValue()).toBe("1");
      await expect.poll(ranking, { timeout: 10_000 }).not.toEqual(before);
      const reweighted = await ranking();
      await expect
        .poll(() => page.locator("[data-testid=ranking] td.up, [data-testid=ranking] td.down").count())
        .toBeGreaterThan(0);

      // another normalisation changes it again
      await page.getByTestId("normaliser").selectOption("rank");
      await expect.poll(ranking, { timeout: 10_000 }).not.toEqual(reweighted);

      // a combination that cannot be built says why, and a valid one brings the table back
      await page.getByTestId("normaliser").selectOption("min-max");
      await page.getByTestId("aggregator").selectOption("geometric");
      await expect(page.getByTestId("problem").textContent()).resolves.toMatch(
        /needs strictly positive values/,
      );
      await page.getByTestId("normaliser").selectOption("min-max-1");
      await expect.poll(async () => (await ranking()).length, { timeout: 10_000 }).toBe(27);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, 120_000);
});
