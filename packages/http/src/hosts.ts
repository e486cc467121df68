/** How politely to treat one host: the spacing between request starts and how many requests run at once. */
export interface HostLimit {
  /** Minimum milliseconds between the starts of two requests to the host (retries included). */
  minIntervalMs?: number;
  /** Most requests to the host in flight at once. */
  concurrency?: number;
}

/** A {@link HostLimit} with every field filled in. */
export type ResolvedHostLimit = Required<HostLimit>;

/** The limit of a host that neither the defaults table nor the options name: no spacing, 4 at once. */
export const DEFAULT_HOST_LIMIT: Readonly<ResolvedHostLimit> = { minIntervalMs: 0, concurrency: 4 };

/**
 * Polite limits for hosts that web sources commonly query, from their published usage policies. A key applies to
 * that host and its subdomains (`wikimedia.org` covers `commons.wikimedia.org`); the longest matching key wins.
 *
 * - `api.gdeltproject.org`: GDELT asks for at most one request every 5 seconds.
 * - `query.wikidata.org`: the Wikidata Query Service allows a few parallel queries and a minute of query time per
 *   minute; one query at a time, a second apart, stays well inside it.
 * - `wikimedia.org`: the Wikimedia REST API (pageviews) asks clients to stay under 100 requests a second; 10 a
 *   second, two at a time.
 * - `api.openalex.org`: OpenAlex allows 10 requests a second; one every 100 ms, two at a time.
 * - `overpass-api.de`: the main Overpass instance has two query slots per address; one query at a time, a second
 *   apart.
 */
export const DEFAULT_HOST_LIMITS: Readonly<Record<string, Readonly<ResolvedHostLimit>>> = {
  "api.gdeltproject.org": { minIntervalMs: 5000, concurrency: 1 },
  "query.wikidata.org": { minIntervalMs: 1000, concurrency: 1 },
  "wikimedia.org": { minIntervalMs: 100, concurrency: 2 },
  "api.openalex.org": { minIntervalMs: 100, concurrency: 2 },
  "overpass-api.de": { minIntervalMs: 1000, concurrency: 1 },
};

/**
 * The limit for `hostname`: the longest key of `overrides` or {@link DEFAULT_HOST_LIMITS} that is the host or a
 * parent domain of it. An override's missing fields come from the default entry of the same key, then from
 * `fallback`.
 *
 * @example
 * hostLimitFor("api.gdeltproject.org") // { minIntervalMs: 5000, concurrency: 1 }
 */
export function hostLimitFor(
  hostname: string,
  overrides: Readonly<Record<string, HostLimit>> = {},
  fallback: HostLimit = DEFAULT_HOST_LIMIT,
): ResolvedHostLimit {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  const keys = new Set([...Object.keys(DEFAULT_HOST_LIMITS), ...Object.keys(overrides)].map(normalHost));
  let best: string | undefined;
  for (const key of keys) {
    if ((host === key || host.endsWith(`.${key}`)) && (best === undefined || key.length > best.length)) {
      best = key;
    }
  }
  const base = { ...DEFAULT_HOST_LIMIT, ...fallback };
  if (best === undefined) return base;
  const override = Object.entries(overrides).find(([k]) => normalHost(k) === best)?.[1];
  return { ...base, ...DEFAULT_HOST_LIMITS[best], ...definedOnly(override) };
}

function normalHost(host: string): string {
  return host.toLowerCase().replace(/\.$/, "");
}

function definedOnly(limit: HostLimit | undefined): HostLimit {
  const out: HostLimit = {};
  if (limit?.minIntervalMs !== undefined) out.minIntervalMs = limit.minIntervalMs;
  if (limit?.concurrency !== undefined) out.concurrency = limit.concurrency;
  return out;
}
