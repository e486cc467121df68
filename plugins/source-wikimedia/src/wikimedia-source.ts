import { createHash } from "node:crypto";
import {
  dataPath,
  defineSource,
  type HttpClient,
  type HttpResponse,
  InputError,
  type Observation,
  type ObservationProvenance,
  type SourceContext,
  show,
  type UnitItem,
  unitItems,
} from "@cityindex/core";
import { wikipediaProject } from "./editions.js";
import {
  type ResolvedWikimediaOptions,
  resolveWikimediaOptions,
  type WikimediaSourceOptions,
  wikimediaOptionsSchema,
} from "./options.js";
import { isNoData, MONTH_PATTERN, monthRange, pageviewsUrl, parsePageviews } from "./pageviews.js";
import { MAX_IDS_PER_CALL, parseEntities, type Sitelink, sitelinksUrl } from "./sitelinks.js";

/** The licence of Wikimedia's pageview data and of Wikidata, recorded in every observation's provenance. */
export const WIKIMEDIA_LICENCE = "CC0-1.0";

/** An article of a unit in one edition, and what its pageviews request gave. */
interface Article {
  site: string;
  project: string;
  title: string;
  url: string;
  state: "ok" | "no-data" | "failed";
  views: Map<string, number>;
  response?: HttpResponse;
}

/** A unit's sitelinks and the response they came from. */
interface Links {
  links: Sitelink[];
  response: HttpResponse;
}

/**
 * The `wikimedia` source: monthly pageviews by human readers (agent `user`) of each unit's article in the Wikipedia
 * editions that are not Chinese, from the Wikimedia REST API. Each unit's Wikidata item id is read from a unit meta
 * field; its articles come from the item's sitelinks (`wbgetentities`, at most 50 items a call). A 404 "no data"
 * answer is a missing value; any other failed request is a warning naming the unit and the edition, and leaves the
 * unit's total and edition count missing rather than too low. Needs the host's HTTP client (`ctx.http`).
 *
 * @example
 * ```json
 * { "id": "pageviews", "source": "wikimedia", "options": { "start": "2024-01", "end": "2024-12" } }
 * ```
 */
export const wikimediaSource = defineSource<WikimediaSourceOptions>({
  id: "wikimedia",
  label: "Wikipedia pageviews",
  description:
    "Monthly human pageviews of each unit's article in the non-Chinese Wikipedia editions (Wikimedia REST API, titles from Wikidata sitelinks)",
  options: wikimediaOptionsSchema,
  async *fetch(
    options: WikimediaSourceOptions,
    ctx: SourceContext,
  ): AsyncGenerator<Observation, void, undefined> {
    ctx.signal.throwIfAborted();
    const where = `wikimedia source ${show(ctx.sourceId)}`;
    const fail = (code: string, message: string) =>
      ctx.report({ severity: "error", code, path: ctx.sourceId, message: `${where}: ${message}` });
    let o: ResolvedWikimediaOptions;
    try {
      o = resolveWikimediaOptions((options ?? {}) as unknown as Record<string, unknown>, where);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      ctx.report({ severity: "error", code: "bad-option", path: ctx.sourceId, message: error.message });
      return;
    }
    const http = ctx.http;
    if (!http) {
      fail(
        "no-http-client",
        "the host gives no HTTP client (`ctx.http`), so no pageviews can be fetched; run it from a host with network access, such as the `cityindex` CLI",
      );
      return;
    }
    const units = ctx.units ?? [];
    if (units.length === 0) {
      fail("no-units", "the host gives no units (`ctx.units`), so there is nothing to look up");
      return;
    }
    const range = monthsOf(o, ctx.periods);
    if (typeof range === "string") {
      fail("no-period-range", range);
      return;
    }
    const { start, end } = range;
    const months = monthRange(start, end);
    const periodOf = (month: string) => (o.periodType === "year" ? month.slice(0, 4) : month);
    const periods = [...new Set(months.map(periodOf))];
    if (o.periodType === "year" && (!start.endsWith("-01") || !end.endsWith("-12"))) {
      ctx.report({
        severity: "info",
        code: "partial-year",
        path: ctx.sourceId,
        message: `${where}: the months ${start} to ${end} do not cover whole years, so the views of ${periods.length === 1 ? "the year" : "the first or last year"} are summed over fewer than 12 months`,
      });
    }

    const found = unitItems(units, o.wikidataField);
    for (const issue of found.issues) ctx.report(issue);
    const source = `wikimedia:${ctx.sourceId}`;

    // Sitelinks, at most 50 items a call.
    const qids = [...new Set(found.items.map((i) => i.qid))];
    const links = new Map<string, Links>();
    for (let i = 0; i < qids.length; i += MAX_IDS_PER_CALL) {
      ctx.signal.throwIfAborted();
      const batch = qids.slice(i, i + MAX_IDS_PER_CALL);
      ctx.progress({ done: i, total: qids.length, message: "reading sitelinks from Wikidata" });
      const url = sitelinksUrl(o.wikidataEndpoint, batch);
      const unitsOf = (qid: string) =>
        found.items
          .filter((it) => it.qid === qid)
          .map((it) => show(it.unit))
          .join(", ");
      let response: HttpResponse;
      try {
        response = await http.request({ url, headers: { accept: "application/json" } });
      } catch (error) {
        ctx.signal.throwIfAborted();
        for (const qid of batch) {
          ctx.report({
            severity: "warning",
            code: "request-failed",
            path: dataPath(found.items.find((it) => it.qid === qid)!.unit),
            message: `cannot read the sitelinks of ${show(qid)} (unit ${unitsOf(qid)}): ${(error as Error).message}; the unit's pageview values are missing`,
          });
        }
        continue;
      }
      const parsed = parseEntities(response.text, batch);
      if ("error" in parsed) {
        for (const qid of batch) {
          ctx.report({
            severity: "warning",
            code: "bad-response",
            path: dataPath(found.items.find((it) => it.qid === qid)!.unit),
            message: `cannot read the sitelinks of ${show(qid)} (unit ${unitsOf(qid)}) from ${url}: ${parsed.error}; the unit's pageview values are missing`,
          });
        }
        continue;
      }
      for (const [qid, value] of parsed.entities) {
        if (value === "missing") {
          ctx.report({
            severity: "warning",
            code: "unknown-wikidata-item",
            path: dataPath(found.items.find((it) => it.qid === qid)!.unit),
            message: `Wikidata has no item ${show(qid)} (unit ${unitsOf(qid)}, \`meta.${o.wikidataField}\`); the unit's pageview values are missing`,
          });
        } else links.set(qid, { links: value, response });
      }
    }
    ctx.progress({ done: qids.length, total: qids.length, message: "reading sitelinks from Wikidata" });

    // The articles of each unit in the included editions.
    const plan: { item: UnitItem; articles: Article[]; links: Links }[] = [];
    for (const item of found.items) {
      const l = links.get(item.qid);
      if (!l) continue;
      const articles: Article[] = [];
      for (const link of [...l.links].sort((a, b) => (a.site < b.site ? -1 : a.site > b.site ? 1 : 0))) {
        const project = wikipediaProject(link.site, link.url);
        if (project === undefined || o.exclude.has(link.site)) continue;
        if (o.editions && !o.editions.has(link.site)) continue;
        const url = pageviewsUrl({
          endpoint: o.pageviewsEndpoint,
          project,
          access: o.access,
          title: link.title,
          start,
          end,
        });
        if (url === undefined) {
          ctx.report({
            severity: "warning",
            code: "bad-title",
            path: dataPath(item.unit),
            message: `the sitelink of ${show(item.qid)} (unit ${show(item.unit)}) in ${show(link.site)} has the title ${show(link.title)}, which cannot be an article's title; that edition is left out`,
          });
          continue;
        }
        articles.push({
          site: link.site,
          project,
          title: link.title,
          url,
          state: "failed",
          views: new Map(),
        });
      }
      if (articles.length === 0) {
        ctx.report({
          severity: "info",
          code: "no-articles",
          path: dataPath(item.unit),
          message: `unit ${show(item.unit)} (${show(item.qid)}) has no article in the included Wikipedia editions; its views are missing`,
        });
      }
      plan.push({ item, articles, links: l });
    }

    const total = plan.reduce((n, p) => n + p.articles.length, 0);
    let done = 0;
    ctx.progress({ done, total, message: "reading pageviews" });
    const monthSet = new Set(months);
    for (const { item, articles, links: l } of plan) {
      ctx.signal.throwIfAborted();
      await inPool(articles, o.concurrency, async (a) => {
        await readArticle(http, a, monthSet, ctx.signal, (code, detail) =>
          ctx.report({
            severity: "warning",
            code,
            path: dataPath(item.unit),
            message: `pageviews of unit ${show(item.unit)} in ${show(a.site)} (${show(a.title)}): ${detail}; the unit's total views and edition count are missing`,
          }),
        );
        ctx.progress({ done: ++done, total, message: `reading pageviews of ${item.unit}` });
      });
      const anyFailed = articles.some((a) => a.state === "failed");
      const viewsIn = (a: Article, period: string): number | undefined => {
        let sum: number | undefined;
        for (const [month, n] of a.views) if (periodOf(month) === period) sum = (sum ?? 0) + n;
        return sum;
      };
      const allProvenance = provenanceOf(source, articles, l.response.url);
      const linkProvenance: ObservationProvenance = {
        source,
        location: l.response.url,
        retrieved: l.response.retrieved,
        hash: l.response.hash,
        licence: WIKIMEDIA_LICENCE,
      };
      for (const period of periods) {
        const cell = (indicator: string, value: number | null, provenance: ObservationProvenance) => ({
          unit: item.unit,
          indicator,
          period,
          value,
          provenance,
        });
        if (o.indicators.total !== null) {
          const values = articles.map((a) => viewsIn(a, period)).filter((v): v is number => v !== undefined);
          const value = anyFailed || values.length === 0 ? null : values.reduce((s, v) => s + v, 0);
          yield cell(o.indicators.total, value, allProvenance);
        }
        if (o.indicators.editions !== null) {
          if (o.editionCount === "sitelinks") {
            yield cell(o.indicators.editions, articles.length, linkProvenance);
          } else {
            const value = anyFailed ? null : articles.filter((a) => (viewsIn(a, period) ?? 0) > 0).length;
            yield cell(o.indicators.editions, value, allProvenance);
          }
        }
        for (const [site, indicator] of o.indicators.perEdition) {
          const a = articles.find((x) => x.site === site);
          const value = a?.state === "ok" ? (viewsIn(a, period) ?? null) : null;
          yield cell(indicator, value, a ? provenanceOf(source, [a], l.response.url) : linkProvenance);
        }
      }
    }
  },
});

/** The months to ask for: the options', else the spec's periods (years from January to December); or why not. */
function monthsOf(
  o: ResolvedWikimediaOptions,
  periods: readonly string[] | undefined,
): { start: string; end: string } | string {
  let start = o.start;
  let end = o.end;
  if (start === undefined || end === undefined) {
    const ps = [...(periods ?? [])].sort();
    const first = ps[0];
    const last = ps[ps.length - 1];
    if (first === undefined || last === undefined) {
      return "set `start` and `end` (YYYY-MM): the spec names no periods to take them from";
    }
    const asMonth = (p: string, edge: "01" | "12"): string | undefined =>
      /^[0-9]{4}$/.test(p) ? `${p}-${edge}` : MONTH_PATTERN.test(p) ? p : undefined;
    const from = asMonth(first, "01");
    const to = asMonth(last, "12");
    if (from === undefined || to === undefined) {
      return `set \`start\` and \`end\` (YYYY-MM): the spec's periods ${show(first)} to ${show(last)} are not years or months`;
    }
    start ??= from;
    end ??= to;
    if (end < start) return `\`end\` (${show(end)}) is before \`start\` (${show(start)})`;
  }
  return { start, end };
}

/** Sends an article's pageviews request and records what came back; problems go to `report`. */
async function readArticle(
  http: HttpClient,
  a: Article,
  months: ReadonlySet<string>,
  signal: AbortSignal,
  report: (code: string, detail: string) => void,
): Promise<void> {
  let response: HttpResponse;
  try {
    response = await http.request({
      url: a.url,
      headers: { accept: "application/json" },
      acceptStatus: [404],
    });
  } catch (error) {
    signal.throwIfAborted();
    report("request-failed", (error as Error).message);
    return;
  }
  a.response = response;
  if (response.status === 404) {
    if (isNoData(response.status, response.text)) a.state = "no-data";
    else report("request-failed", `GET ${a.url} answered HTTP 404 without the API's "no data" body`);
    return;
  }
  const parsed = parsePageviews(response.text, months);
  if ("error" in parsed) {
    report("bad-response", `cannot read the answer of GET ${a.url}: ${parsed.error}`);
    return;
  }
  a.views = parsed.views;
  a.state = "ok";
}

/**
 * Provenance of a figure read from `articles`' requests: the URL (the first and how many more when there are
 * several), the latest retrieval time and the hash of the response, or for several the SHA-256 of their hashes, one a
 * line in request order.
 */
function provenanceOf(source: string, articles: readonly Article[], fallback: string): ObservationProvenance {
  const first = articles[0];
  const location =
    first === undefined
      ? fallback
      : articles.length === 1
        ? first.url
        : `${first.url} (+${articles.length - 1} more)`;
  const responses = articles.map((a) => a.response).filter((r): r is HttpResponse => r !== undefined);
  const p: ObservationProvenance = { source, location };
  if (responses.length > 0) {
    p.retrieved = responses
      .map((r) => r.retrieved)
      .sort()
      .at(-1);
    p.hash =
      responses.length === 1
        ? responses[0]!.hash
        : `sha256:${createHash("sha256")
            .update(responses.map((r) => r.hash).join("\n"))
            .digest("hex")}`;
  }
  p.licence = WIKIMEDIA_LICENCE;
  return p;
}

/** Runs `task` over `items`, at most `limit` at a time. */
async function inPool<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
