import { InputError, isQid, show } from "@cityindex/core";
import { PID_PATTERN } from "./options.js";

/** What a query counts. */
export type QueryKind = "twins" | "consulates" | "websites" | "accounts";

/** The count variables each query selects, besides `?city`. */
export const QUERY_VARIABLES: Readonly<Record<QueryKind, readonly string[]>> = Object.freeze({
  twins: ["twins", "twinCountries"],
  consulates: ["states", "missions"],
  websites: ["websites"],
  accounts: ["accounts"],
});

/** The prefixes every query declares, so that it runs on any Wikidata mirror, not only the Query Service. */
export const PREFIXES = [
  "PREFIX wd: <http://www.wikidata.org/entity/>",
  "PREFIX wdt: <http://www.wikidata.org/prop/direct/>",
  "PREFIX p: <http://www.wikidata.org/prop/>",
  "PREFIX ps: <http://www.wikidata.org/prop/statement/>",
  "PREFIX pq: <http://www.wikidata.org/prop/qualifier/>",
  "PREFIX wikibase: <http://wikiba.se/ontology#>",
].join("\n");

/** `wd:Q1 wd:Q2`: item ids for a `VALUES` clause, each checked again against the item-id pattern. */
function items(qids: readonly string[], what: string): string {
  if (qids.length === 0) throw new InputError("bad-query", `${what}: no item ids to ask for`);
  for (const q of qids) {
    if (!isQid(q)) throw new InputError("bad-query", `${what}: ${show(q)} is not a Wikidata item id`);
  }
  return qids.map((q) => `wd:${q}`).join(" ");
}

/** A property id, checked against the property-id pattern. */
function property(pid: string, what: string): string {
  if (!PID_PATTERN.test(pid))
    throw new InputError("bad-query", `${what}: ${show(pid)} is not a Wikidata property id`);
  return pid;
}

/**
 * Sister cities: the distinct items in the city's "twinned administrative body" (P190) statements that are not
 * deprecated and have no end time (P582 qualifier), and the distinct countries (P17) of those twins. With
 * `foreignOnly`, a twin that shares a country with the city is not counted.
 */
export function twinsQuery(qids: readonly string[], foreignOnly: boolean): string {
  return `${PREFIXES}
SELECT ?city (COUNT(DISTINCT ?twin) AS ?twins) (COUNT(DISTINCT ?country) AS ?twinCountries) WHERE {
  VALUES ?city { ${items(qids, "twinsQuery")} }
  OPTIONAL {
    ?city p:P190 ?statement .
    ?statement ps:P190 ?twin .
    FILTER NOT EXISTS { ?statement wikibase:rank wikibase:DeprecatedRank }
    FILTER NOT EXISTS { ?statement pq:P582 ?ended }${
      foreignOnly
        ? `
    FILTER NOT EXISTS { ?twin wdt:P17 ?home . ?city wdt:P17 ?home }`
        : ""
    }
    OPTIONAL { ?twin wdt:P17 ?country }
  }
}
GROUP BY ?city`;
}

/**
 * Consular missions: items that are instances of one of `classes` or of a subclass (P31/P279*), located in the city
 * or in a place inside it (P131+), with none of the `closed` properties (by default P576 dissolved, P3999 closure
 * date, P582 end time). `states` counts the distinct sending states (`sending`, by default P137 operator), `missions`
 * the missions.
 */
export function consulatesQuery(
  qids: readonly string[],
  classes: readonly string[],
  sending: string,
  closed: readonly string[],
): string {
  const what = "consulatesQuery";
  const filters = closed.map(
    (pid, i) => `\n    FILTER NOT EXISTS { ?mission wdt:${property(pid, what)} ?closed${i + 1} }`,
  );
  return `${PREFIXES}
SELECT ?city (COUNT(DISTINCT ?state) AS ?states) (COUNT(DISTINCT ?mission) AS ?missions) WHERE {
  VALUES ?city { ${items(qids, what)} }
  OPTIONAL {
    VALUES ?class { ${items(classes, what)} }
    ?mission wdt:P31/wdt:P279* ?class .
    ?mission wdt:P131+ ?city .${filters.join("")}
    OPTIONAL { ?mission wdt:${property(sending, what)} ?state }
  }
}
GROUP BY ?city`;
}

/** Official websites: the distinct values of the city's "official website" (P856), deprecated ones excluded. */
export function websitesQuery(qids: readonly string[]): string {
  return `${PREFIXES}
SELECT ?city (COUNT(DISTINCT ?website) AS ?websites) WHERE {
  VALUES ?city { ${items(qids, "websitesQuery")} }
  OPTIONAL { ?city wdt:P856 ?website }
}
GROUP BY ?city`;
}

/**
 * Social-media accounts: the distinct (property, value) pairs of the city's statements for `properties`, deprecated
 * ones excluded, so one handle on two platforms counts twice and one listed twice counts once.
 */
export function accountsQuery(qids: readonly string[], properties: readonly string[]): string {
  const what = "accountsQuery";
  if (properties.length === 0) throw new InputError("bad-query", `${what}: no properties to count`);
  const platforms = properties.map((pid) => `wdt:${property(pid, what)}`).join(" ");
  return `${PREFIXES}
SELECT ?city (COUNT(DISTINCT ?account) AS ?accounts) WHERE {
  VALUES ?city { ${items(qids, what)} }
  OPTIONAL {
    VALUES ?platform { ${platforms} }
    ?city ?platform ?handle .
    BIND(CONCAT(STR(?platform), " ", STR(?handle)) AS ?account)
  }
}
GROUP BY ?city`;
}

/** Counts by item id, or why the body could not be read. */
export type CountsParse = { counts: Map<string, Record<string, number>> } | { error: string };

const ENTITY = /^https?:\/\/www\.wikidata\.org\/entity\/(Q[1-9][0-9]*)$/;

/**
 * Reads a SPARQL JSON result (`{ head: { vars }, results: { bindings: [{ city: { type: "uri", value }, twins: {
 * type: "literal", value: "71" } }] } }`) into the counts `variables` of each city. A city that is not one of `qids`,
 * a city given twice, or a count that is not a whole number of at least 0, is an error; a city without a row is
 * simply absent.
 */
export function parseCounts(
  text: string,
  qids: readonly string[],
  variables: readonly string[],
): CountsParse {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { error: "the body is not JSON" };
  }
  const bindings = (body as { results?: { bindings?: unknown } } | null)?.results?.bindings;
  if (!Array.isArray(bindings)) return { error: "the body has no `results.bindings` array" };
  const asked = new Set(qids);
  const counts = new Map<string, Record<string, number>>();
  for (const [i, row] of bindings.entries()) {
    const r = (row ?? {}) as Record<string, { type?: unknown; value?: unknown } | undefined>;
    const city = typeof r.city?.value === "string" ? ENTITY.exec(r.city.value)?.[1] : undefined;
    if (city === undefined || !asked.has(city)) {
      return { error: `row ${i} names ${show(r.city?.value)}, which is not one of the items asked for` };
    }
    if (counts.has(city)) return { error: `row ${i} gives \`${city}\` a second time` };
    const values: Record<string, number> = {};
    for (const v of variables) {
      const raw = r[v]?.value;
      const n = typeof raw === "string" && /^[0-9]+$/.test(raw) ? Number(raw) : Number.NaN;
      if (!Number.isSafeInteger(n))
        return { error: `row ${i} (\`${city}\`) has no whole number in \`${v}\`` };
      values[v] = n;
    }
    counts.set(city, values);
  }
  return { counts };
}
