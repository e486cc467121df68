import { readFileSync } from "node:fs";
import { type Hit, type Reply, startServer, type TestServer } from "./helpers.js";

type Kind = "twins" | "consulates" | "websites" | "accounts";

const fixture = (kind: Kind) =>
  JSON.parse(readFileSync(new URL(`./fixtures/${kind}.json`, import.meta.url), "utf8")) as {
    head: unknown;
    results: { bindings: { city: { value: string } }[] };
  };

/** How the server answers a query kind instead of its fixture. */
export type Behaviour = "429-once" | "500-once" | "always-500" | "malformed" | "foreign-city";

/** One query the server received. */
export interface Asked {
  kind: Kind;
  method: string;
  query: string;
  /** The item ids in `VALUES ?city { ... }`. */
  cities: string[];
}

/** The fake SPARQL endpoint and what it was asked. */
export interface SparqlServer extends TestServer {
  /** The endpoint URL to put in `endpoint`. */
  endpoint: string;
  /** Every query, in order. */
  asked: Asked[];
}

/**
 * Serves `fixtures/<kind>.json` at `/sparql` (form-encoded `POST` or `GET`): the kind is told by the query's count
 * variables, and only the rows of the cities in its `VALUES ?city { ... }` are returned.
 */
export async function sparqlServer(behaviour: Partial<Record<Kind, Behaviour>> = {}): Promise<SparqlServer> {
  const asked: Asked[] = [];
  const seen = new Map<Kind, number>();
  const handler = (hit: Hit): Reply => {
    const url = new URL(hit.url, "http://127.0.0.1");
    if (url.pathname !== "/sparql") return { status: 404, body: "no such route" };
    const form = hit.method === "POST" ? new URLSearchParams(hit.body) : url.searchParams;
    const query = form.get("query") ?? "";
    if (form.get("format") !== "json") return { status: 400, body: "format=json expected" };
    const kind: Kind | undefined = query.includes("AS ?twinCountries")
      ? "twins"
      : query.includes("AS ?missions")
        ? "consulates"
        : query.includes("AS ?websites")
          ? "websites"
          : query.includes("AS ?accounts")
            ? "accounts"
            : undefined;
    if (!kind) return { status: 400, body: "MalformedQueryException: unknown query" };
    const values = /VALUES \?city \{ ([^}]*) \}/.exec(query)?.[1] ?? "";
    const cities = values.split(" ").map((v) => v.replace(/^wd:/, ""));
    asked.push({ kind, method: hit.method, query, cities });
    const n = (seen.get(kind) ?? 0) + 1;
    seen.set(kind, n);
    switch (behaviour[kind]) {
      case "429-once":
        if (n === 1) return { status: 429, body: "Too Many Requests", headers: { "retry-after": "2" } };
        break;
      case "500-once":
        if (n === 1) return { status: 500, body: "java.util.concurrent.TimeoutException" };
        break;
      case "always-500":
        return { status: 500, body: "java.util.concurrent.TimeoutException" };
      case "malformed":
        return { status: 200, body: '{"head": {"vars": ["city"]}, "results": {"bindings": [' };
    }
    const data = fixture(kind);
    const bindings = data.results.bindings.filter((b) => cities.includes(b.city.value.split("/").pop()!));
    if (behaviour[kind] === "foreign-city")
      bindings.push(data.results.bindings.find((b) => !bindings.includes(b))!);
    return {
      status: 200,
      body: JSON.stringify({ head: data.head, results: { bindings } }),
      headers: { "content-type": "application/sparql-results+json" },
    };
  };
  const server = await startServer(handler);
  return { ...server, endpoint: `${server.origin}/sparql`, asked };
}
