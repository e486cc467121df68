/** A month as `YYYY-MM`. */
export const MONTH_PATTERN: RegExp = /^([0-9]{4})-(0[1-9]|1[0-2])$/;

/**
 * The months from `start` to `end` (both `YYYY-MM`, both included), in order; empty when `end` is before `start`.
 *
 * @example
 * monthRange("2023-11", "2024-02") // ["2023-11", "2023-12", "2024-01", "2024-02"]
 */
export function monthRange(start: string, end: string): string[] {
  const a = MONTH_PATTERN.exec(start);
  const b = MONTH_PATTERN.exec(end);
  if (!a || !b) return [];
  const out: string[] = [];
  let y = Number(a[1]);
  let m = Number(a[2]);
  const last = Number(b[1]) * 12 + Number(b[2]);
  while (y * 12 + m <= last) {
    out.push(`${y}-${String(m).padStart(2, "0")}`);
    if (++m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

/** The number of days in a `YYYY-MM` month (Gregorian). */
export function daysInMonth(month: string): number {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/**
 * An article title as one path segment of the pageviews API: spaces become underscores, then everything but
 * unreserved characters is percent-encoded (UTF-8), `/`, `?`, `#`, `%` and `&` included. `undefined` for a title that
 * cannot be one segment: empty, `.` or `..` (a URL would resolve them as dot segments) or with control characters.
 *
 * @example
 * articleSegment("AC/DC (band)") // "AC%2FDC_(band)"
 */
export function articleSegment(title: string): string | undefined {
  const t = title.replace(/ /g, "_");
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (t === "" || t === "." || t === ".." || /[\u0000-\u001f\u007f]/.test(t)) return undefined;
  return encodeURIComponent(t);
}

/** What {@link pageviewsUrl} needs. */
export interface PageviewsRequest {
  /** The API's base, such as `https://wikimedia.org/api/rest_v1/metrics/pageviews`. */
  endpoint: string;
  /** The project, such as `de.wikipedia`. */
  project: string;
  /** `all-access`, `desktop`, `mobile-app` or `mobile-web`. */
  access: string;
  /** The article's title, as in the sitelink. */
  title: string;
  /** First month, `YYYY-MM`. */
  start: string;
  /** Last month, `YYYY-MM`. */
  end: string;
}

/**
 * The URL of an article's monthly pageviews by human users (agent `user`) from the first day of `start` to the last
 * day of `end`, or `undefined` when the title cannot be a path segment (see {@link articleSegment}).
 *
 * @example
 * pageviewsUrl({ endpoint: "https://wikimedia.org/api/rest_v1/metrics/pageviews", project: "en.wikipedia",
 *   access: "all-access", title: "Chengdu", start: "2024-01", end: "2024-12" })
 * // ".../per-article/en.wikipedia/all-access/user/Chengdu/monthly/20240101/20241231"
 */
export function pageviewsUrl(r: PageviewsRequest): string | undefined {
  const article = articleSegment(r.title);
  if (article === undefined) return undefined;
  const from = `${r.start.replace("-", "")}01`;
  const to = `${r.end.replace("-", "")}${String(daysInMonth(r.end)).padStart(2, "0")}`;
  const base = r.endpoint.replace(/\/+$/, "");
  const project = encodeURIComponent(r.project);
  return `${base}/per-article/${project}/${encodeURIComponent(r.access)}/user/${article}/monthly/${from}/${to}`;
}

/** Views by month (`YYYY-MM`), or why the body could not be read. */
export type PageviewsParse = { views: Map<string, number> } | { error: string };

/**
 * Reads a per-article response (`{ items: [{ timestamp: "2024010100", views: 61234, ... }] }`) into views by month,
 * keeping the months in `months`. An item with a bad `timestamp` or `views`, a month given twice or a body that is
 * not that JSON is an error.
 */
export function parsePageviews(text: string, months: ReadonlySet<string>): PageviewsParse {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { error: "the body is not JSON" };
  }
  const items = (body as { items?: unknown } | null)?.items;
  if (!Array.isArray(items)) return { error: "the body has no `items` array" };
  const views = new Map<string, number>();
  for (const [i, item] of items.entries()) {
    const { timestamp, views: n, granularity } = (item ?? {}) as Record<string, unknown>;
    const m = typeof timestamp === "string" ? /^([0-9]{4})([0-9]{2})[0-9]{4}$/.exec(timestamp) : null;
    if (!m) return { error: `item ${i} has no \`timestamp\` of the form YYYYMMDDHH` };
    if (typeof n !== "number" || !Number.isInteger(n) || n < 0) {
      return { error: `item ${i} (\`${timestamp}\`) has no whole number of \`views\`` };
    }
    if (granularity !== undefined && granularity !== "monthly") {
      return { error: `item ${i} has granularity \`${String(granularity)}\`, not \`monthly\`` };
    }
    const month = `${m[1]}-${m[2]}`;
    if (views.has(month)) return { error: `month \`${month}\` appears twice` };
    if (months.has(month)) views.set(month, n);
  }
  return { views };
}

/**
 * True when a 404 is the API's "no data" answer (`{ "type": ".../not_found", "detail": "... do not have data ..." }`)
 * rather than a wrong URL.
 */
export function isNoData(status: number, text: string): boolean {
  if (status !== 404) return false;
  try {
    const body = JSON.parse(text) as { type?: unknown; title?: unknown } | null;
    return (
      (typeof body?.type === "string" && body.type.endsWith("not_found")) ||
      (typeof body?.title === "string" && body.title.toLowerCase().startsWith("not found"))
    );
  } catch {
    return false;
  }
}
