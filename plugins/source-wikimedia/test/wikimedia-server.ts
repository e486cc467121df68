import { readFileSync } from "node:fs";
import { type Hit, type Reply, startServer, type TestServer } from "./helpers.js";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");

/** The documented 404 "no data" answer of the pageviews API. */
export const NO_DATA = JSON.stringify({
  type: "https://mediawiki.org/wiki/HyperSwitch/errors/not_found",
  title: "Not found.",
  method: "get",
  detail:
    "The date(s) you used are valid, but we either do not have data for those date(s), or the project you asked for is not loaded yet. Please check documentation for more information.",
});

/** How the server answers one article (`project/Title with spaces`) instead of its fixture. */
export type Behaviour = "fail-once" | "always-503" | "malformed" | "plain-404";

/** The fake Wikidata API and pageviews API, and what they were asked. */
export interface WikimediaServer extends TestServer {
  /** The pageviews base URL to put in `pageviewsEndpoint`. */
  pageviews: string;
  /** The Wikidata API URL to put in `wikidataEndpoint`. */
  wikidata: string;
  /** The `ids` of each `wbgetentities` call. */
  idCalls: string[][];
  /** The raw path of each pageviews request, after `/per-article/`. */
  articleRequests: string[];
  /** The body served for each article key, last answer. */
  served: Map<string, string>;
}

/**
 * Serves `fixtures/wbgetentities.json` (only the asked ids; unknown ids as missing items) at `/w/api.php`, and
 * `fixtures/pageviews.json` at `/pageviews/per-article/{project}/{access}/user/{article}/monthly/{from}/{to}`; an
 * article without a fixture gets the API's 404 "no data".
 */
export async function wikimediaServer(behaviour: Record<string, Behaviour> = {}): Promise<WikimediaServer> {
  const entities = (JSON.parse(fixture("wbgetentities.json")) as { entities: Record<string, unknown> })
    .entities;
  const pageviews = JSON.parse(fixture("pageviews.json")) as Record<string, unknown>;
  const idCalls: string[][] = [];
  const articleRequests: string[] = [];
  const served = new Map<string, string>();
  const seen = new Map<string, number>();
  const handler = (hit: Hit): Reply => {
    const url = new URL(hit.url, "http://127.0.0.1");
    if (url.pathname === "/w/api.php") {
      const ids = (url.searchParams.get("ids") ?? "").split("|");
      idCalls.push(ids);
      if (
        url.searchParams.get("action") !== "wbgetentities" ||
        url.searchParams.get("props") !== "sitelinks/urls"
      ) {
        return {
          status: 400,
          body: JSON.stringify({ error: { code: "badvalue", info: "unexpected request" } }),
        };
      }
      if (behaviour.wbgetentities === "malformed") return { status: 200, body: '{"entities": {' };
      const out = Object.fromEntries(ids.map((id) => [id, entities[id] ?? { id, missing: "" }]));
      return { status: 200, body: JSON.stringify({ entities: out, success: 1 }) };
    }
    const raw = hit.url.split("?")[0]!;
    const m =
      /^\/pageviews\/per-article\/([^/]+)\/([^/]+)\/user\/([^/]+)\/monthly\/([0-9]{8})\/([0-9]{8})$/.exec(
        raw,
      );
    if (!m)
      return { status: 404, body: "<html>no such route</html>", headers: { "content-type": "text/html" } };
    articleRequests.push(raw.slice("/pageviews/per-article/".length));
    const key = `${decodeURIComponent(m[1]!)}/${decodeURIComponent(m[3]!).replace(/_/g, " ")}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    const reply = (status: number, body: string): Reply => {
      served.set(key, body);
      return { status, body };
    };
    switch (behaviour[key]) {
      case "fail-once":
        if (n === 1) return { status: 500, body: '{"title":"Internal error"}' };
        break;
      case "always-503":
        return { status: 503, body: '{"title":"Service unavailable"}' };
      case "malformed":
        return reply(200, '{"items": [{"timestamp": "2023110100", "views": 12');
      case "plain-404":
        return { status: 404, body: "<html>Not here</html>", headers: { "content-type": "text/html" } };
    }
    const body = pageviews[key];
    return body === undefined ? reply(404, NO_DATA) : reply(200, JSON.stringify(body));
  };
  const server = await startServer(handler);
  return {
    ...server,
    pageviews: `${server.origin}/pageviews`,
    wikidata: `${server.origin}/w/api.php`,
    idCalls,
    articleRequests,
    served,
  };
}
