/**
 * The wait before retry number `retry` (1 for the first retry): exponential backoff with full jitter, a uniform
 * draw in `[0, min(maxMs, baseMs · 2^(retry − 1)))`, as in "Exponential Backoff And Jitter" (AWS Architecture
 * Blog, 2015). `random` returns numbers in `[0, 1)`.
 *
 * @example
 * backoffDelay(3, 500, 30_000, () => 0.5) // 1000
 */
export function backoffDelay(retry: number, baseMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}

/**
 * Milliseconds a `Retry-After` header asks to wait (RFC 9110 §10.2.3): a number of seconds or an HTTP-date,
 * measured from `now` (milliseconds since the epoch). A date in the past gives `0`; a missing or malformed value
 * gives `undefined`.
 *
 * @example
 * parseRetryAfter("120", Date.now()) // 120000
 * parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", Date.parse("2015-10-21T07:27:00Z")) // 60000
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
