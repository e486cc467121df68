/** The most ids `wbgetentities` takes in one call. */
export const MAX_IDS_PER_CALL = 50;

/** One sitelink of a Wikidata item. */
export interface Sitelink {
  /** Site id: `enwiki`, `zh_yuewiki`, `enwikivoyage`. */
  site: string;
  /** The page's title on that site. */
  title: string;
  /** The page's URL, when the response gives it. */
  url?: string;
}

/**
 * The `wbgetentities` URL asking for the sitelinks (with their URLs) of `qids`, which must be valid item ids (at most
 * {@link MAX_IDS_PER_CALL}).
 *
 * @example
 * sitelinksUrl("https://www.wikidata.org/w/api.php", ["Q8686", "Q30002"])
 * // "https://www.wikidata.org/w/api.php?action=wbgetentities&format=json&props=sitelinks%2Furls&ids=Q8686%7CQ30002"
 */
export function sitelinksUrl(endpoint: string, qids: readonly string[]): string {
  const query = new URLSearchParams({
    action: "wbgetentities",
    format: "json",
    props: "sitelinks/urls",
    ids: qids.join("|"),
  });
  return `${endpoint}?${query}`;
}

/** Each asked id's sitelinks, or `missing` when Wikidata has no such item; or why the body could not be read. */
export type EntitiesParse = { entities: Map<string, Sitelink[] | "missing"> } | { error: string };

/**
 * Reads a `wbgetentities` response for the ids `qids`. An id redirected to another item is found through the
 * entity's `redirects.from`. An id the response does not mention, an API `error` or a body that is not that JSON is an
 * error.
 */
export function parseEntities(text: string, qids: readonly string[]): EntitiesParse {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { error: "the body is not JSON" };
  }
  const b = (body ?? {}) as { entities?: unknown; error?: unknown };
  if (b.error !== undefined) {
    const e = b.error as { code?: unknown; info?: unknown };
    return { error: `the API answered with error \`${String(e.code)}\`: ${String(e.info)}` };
  }
  if (!b.entities || typeof b.entities !== "object" || Array.isArray(b.entities)) {
    return { error: "the body has no `entities` object" };
  }
  const all = Object.values(b.entities as Record<string, unknown>) as Record<string, unknown>[];
  const entities = new Map<string, Sitelink[] | "missing">();
  for (const qid of qids) {
    const entity =
      (b.entities as Record<string, Record<string, unknown> | undefined>)[qid] ??
      all.find((e) => (e?.redirects as { from?: unknown } | undefined)?.from === qid);
    if (!entity || typeof entity !== "object") return { error: `the body says nothing about \`${qid}\`` };
    if ("missing" in entity) {
      entities.set(qid, "missing");
      continue;
    }
    const raw = entity.sitelinks ?? {};
    if (typeof raw !== "object" || raw === null) return { error: `\`${qid}\` has no \`sitelinks\` object` };
    const links: Sitelink[] = [];
    for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
      const v = (value ?? {}) as { site?: unknown; title?: unknown; url?: unknown };
      if (typeof v.title !== "string") return { error: `sitelink \`${key}\` of \`${qid}\` has no \`title\`` };
      const link: Sitelink = { site: typeof v.site === "string" ? v.site : key, title: v.title };
      if (typeof v.url === "string") link.url = v.url;
      links.push(link);
    }
    entities.set(qid, links);
  }
  return { entities };
}
