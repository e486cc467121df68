import {
  type HttpClient,
  type HttpRequest,
  type HttpResponse,
  InputError,
  type Logger,
  show,
} from "@cityindex/core";
import { backoffDelay, parseRetryAfter } from "./backoff.js";
import {
  CACHE_FORMAT,
  type CacheEntry,
  type CacheMode,
  cacheKey,
  contentHash,
  ResponseCache,
} from "./cache.js";
import { HttpError, SecretNotSetError } from "./errors.js";
import { DEFAULT_HOST_LIMIT, type HostLimit, hostLimitFor } from "./hosts.js";
import { RequestLimiter, realSleep, type Sleep } from "./limiter.js";
import { redact } from "./redact.js";
import { userAgent } from "./user-agent.js";
import { HTTP_VERSION } from "./version.js";

/** Something the client did, for progress displays and tests. URLs never hold secrets. */
export type HttpEvent =
  | { type: "cache-hit"; method: string; url: string; retrieved: string }
  | { type: "send"; method: string; url: string; attempt: number }
  | { type: "response"; method: string; url: string; attempt: number; status: number; ms: number }
  | { type: "failure"; method: string; url: string; attempt: number; failure: "network" | "timeout" }
  | { type: "retry"; method: string; url: string; attempt: number; delayMs: number; reason: string }
  | { type: "wait"; host: string; ms: number };

/** Options of {@link createHttpClient}. Every field is optional. */
export interface HttpClientOptions {
  /** The contact in the User-Agent: an e-mail address or URL. Default: the `CITYINDEX_CONTACT` variable. */
  contact?: string;
  /** The version in the User-Agent (`cityindex/<version>`), such as the CLI's. Default: this package's. */
  version?: string;
  /** Where secrets and `CITYINDEX_CONTACT` are read from. Default: `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Milliseconds before an attempt is abandoned (connecting and reading the body). Default 30 000. */
  timeoutMs?: number;
  /** Attempts per request, the first included. Default 4. */
  maxAttempts?: number;
  /** The backoff's first ceiling in milliseconds: retry n waits up to `backoffBaseMs · 2^(n−1)`. Default 500. */
  backoffBaseMs?: number;
  /** The backoff's largest ceiling in milliseconds. Default 30 000. */
  backoffMaxMs?: number;
  /** The longest wait a `Retry-After` header can impose, in milliseconds; longer ones are cut to it. Default 120 000. */
  maxRetryAfterMs?: number;
  /** Limits per host (or parent domain), over {@link DEFAULT_HOST_LIMITS}: `{ "api.example.org": { minIntervalMs: 1000 } }`. */
  hosts?: Readonly<Record<string, HostLimit>>;
  /** The limit of hosts nobody names. Default `{ minIntervalMs: 0, concurrency: 4 }`. */
  defaultHost?: HostLimit;
  /** Most requests in flight at once over all hosts. Default 8. */
  concurrency?: number;
  /** The response cache directory; no cache when absent. */
  cacheDir?: string;
  /** `use` (default) answers from the cache when it can; `refresh` fetches again and rewrites it; `off` ignores it. */
  cacheMode?: CacheMode;
  /** Aborts every request, waiting or in flight. */
  signal?: AbortSignal;
  /** Log lines: retries and warnings at `info`/`warn`, each request at `debug`. */
  logger?: Logger;
  /** Called for each {@link HttpEvent}. */
  onEvent?: (event: HttpEvent) => void;
  /** The `fetch` to use. Default: the global `fetch`. */
  fetch?: typeof globalThis.fetch;
  /** The clock, in milliseconds since the epoch; also stamps `retrieved`. Default `Date.now`. */
  now?: () => number;
  /** Waits for backoff and rate limits. Default: real timers. */
  sleep?: Sleep;
  /** Uniform numbers in `[0, 1)` for the jitter. Default `Math.random`. */
  random?: () => number;
}

/** The client {@link createHttpClient} returns: core's `HttpClient` plus what a host needs around it. */
export interface NodeHttpClient extends HttpClient {
  /** The User-Agent sent with every request. */
  readonly userAgent: string;
  /** The cache directory, if any. */
  readonly cacheDir: string | undefined;
  /** `text` with every secret value this client has sent replaced by `[redacted]`: for messages a host prints. */
  redact(text: string): string;
}

/** Header names that carry credentials: refused in `headers`, they belong in `secretHeaders`. */
const CREDENTIAL_HEADERS = new Set([
  "authorization",
  "proxy-authorization",
  "cookie",
  "x-api-key",
  "api-key",
  "x-auth-token",
]);
/** Query parameters that carry credentials: refused in the URL, they belong in `secretQuery`. */
const CREDENTIAL_PARAMS = new Set(["api_key", "apikey", "api-key", "access_token", "auth_token"]);
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const EXCERPT = 200;
const MAX_REDIRECTS = 5;

interface Checked {
  method: "GET" | "POST";
  url: string;
  parsed: URL;
  headers: Record<string, string>;
  body: string | undefined;
  accept: readonly number[];
  timeoutMs: number;
  /** Whether the cache may answer the request (`read`) and keep its answer (`write`). */
  cache: { read: boolean; write: boolean };
  secretHeaders: [string, string][];
  secretQuery: [string, string][];
}

type Outcome =
  | { kind: "response"; status: number; headers: Record<string, string>; text: string }
  | { kind: "timeout" }
  | { kind: "network"; detail: string };

/**
 * Makes the HTTP client a host gives its sources (core's `HttpClient`), on Node's global `fetch`:
 *
 * - a timeout per attempt; retries on network errors, timeouts, 408, 429 and 5xx (except 501) with exponential
 *   backoff and full jitter, or after the time a `Retry-After` header asks (seconds or an HTTP-date, capped by
 *   `maxRetryAfterMs`);
 * - per-host spacing between request starts and per-host and global caps on requests in flight
 *   ({@link DEFAULT_HOST_LIMITS}, overridable with `hosts`);
 * - a User-Agent `cityindex/<version> (+<contact>)`, warning once when no contact is given;
 * - a response cache on disk keyed by method, URL, body and non-secret headers, which keeps the original
 *   retrieval time; only answers (2xx, or a status in the request's `acceptStatus`) are cached;
 * - secrets (`secretHeaders`, `secretQuery`) read from environment variables when a request is sent, and kept out
 *   of the cache key, the cache, responses, errors and log lines.
 *
 * A request that fails for good rejects with an {@link HttpError}; a secret whose variable is not set with a
 * {@link SecretNotSetError}; a malformed request at once with an `InputError`.
 *
 * @example
 * ```ts
 * const http = createHttpClient({ cacheDir: ".cityindex/cache", contact: "mailto:data@example.org" });
 * const res = await http.request({
 *   url: "https://api.openalex.org/works?filter=institutions.country_code:cn",
 *   secretQuery: { api_key: "OPENALEX_API_KEY" },
 * });
 * ```
 */
export function createHttpClient(options: HttpClientOptions = {}): NodeHttpClient {
  const env = options.env ?? process.env;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  const logger = options.logger;
  const signal = options.signal;
  const emit = (event: HttpEvent) => options.onEvent?.(event);

  const timeoutMs = positive("timeoutMs", options.timeoutMs, 30_000);
  const maxAttempts = positive("maxAttempts", options.maxAttempts, 4, true);
  const backoffBaseMs = positive("backoffBaseMs", options.backoffBaseMs, 500, false, true);
  const backoffMaxMs = positive("backoffMaxMs", options.backoffMaxMs, 30_000, false, true);
  const maxRetryAfterMs = positive("maxRetryAfterMs", options.maxRetryAfterMs, 120_000, false, true);
  const concurrency = positive("concurrency", options.concurrency, 8, true);
  const mode = options.cacheMode ?? "use";
  if (!["use", "refresh", "off"].includes(mode)) {
    throw new InputError(
      "bad-option",
      `createHttpClient: \`cacheMode\` must be \`use\`, \`refresh\` or \`off\`, got ${show(mode)}`,
    );
  }
  for (const [host, limit] of Object.entries({ "": options.defaultHost ?? {}, ...(options.hosts ?? {}) })) {
    const where = host === "" ? "`defaultHost`" : `\`hosts\` ${show(host)}`;
    if (limit.minIntervalMs !== undefined)
      positive(`${where} minIntervalMs`, limit.minIntervalMs, 0, false, true);
    if (limit.concurrency !== undefined) positive(`${where} concurrency`, limit.concurrency, 1, true);
  }
  const contact = contactOf(options.contact ?? env.CITYINDEX_CONTACT, options.contact !== undefined);
  const agent = userAgent(options.version ?? HTTP_VERSION, contact);
  const cache = options.cacheDir === undefined ? undefined : new ResponseCache(options.cacheDir);
  const defaultHost = { ...DEFAULT_HOST_LIMIT, ...(options.defaultHost ?? {}) };
  const limiter = new RequestLimiter({
    now,
    sleep,
    concurrency,
    limitFor: (hostname) => hostLimitFor(hostname, options.hosts, defaultHost),
    onWait: (host, ms) => {
      emit({ type: "wait", host, ms });
      logger?.debug(`waiting ${seconds(ms)} before the next request to ${host} (rate limit)`);
    },
  });
  const secrets = new Set<string>();
  const hide = (text: string) => redact(text, secrets);
  let warnedContact = false;

  async function request(req: HttpRequest): Promise<HttpResponse> {
    const r = check(req, timeoutMs);
    signal?.throwIfAborted();
    const { method, url } = r;
    const useCache = cache !== undefined && mode !== "off" && r.cache.write;
    const key = useCache ? cacheKey({ method, url, body: r.body, headers: r.headers }) : "";

    if (cache && useCache && mode === "use" && r.cache.read) {
      const entry = await cache.read(key, (file, why) =>
        logger?.warn(`ignoring the damaged cache file ${file}: ${why}`),
      );
      if (entry && answers(entry.response.status, r.accept)) {
        const { status, headers, text, retrieved, hash } = entry.response;
        emit({ type: "cache-hit", method, url, retrieved });
        logger?.debug(`${method} ${url}: HTTP ${status} from the cache (retrieved ${retrieved})`);
        return { url, status, headers: { ...headers }, text, retrieved, hash, fromCache: true };
      }
    }

    // Secrets are read only now, when the request goes to the network.
    const target = new URL(r.parsed.href);
    const secretHeaders: Record<string, string> = {};
    for (const [name, variable] of r.secretHeaders) {
      secretHeaders[name.toLowerCase()] = secretValue(env, variable, `secret header \`${name}\``, url);
    }
    for (const [name, variable] of r.secretQuery) {
      target.searchParams.set(name, secretValue(env, variable, `secret query parameter \`${name}\``, url));
    }
    for (const value of Object.values(secretHeaders)) if (value !== "") secrets.add(value);
    for (const [name] of r.secretQuery) secrets.add(target.searchParams.get(name) ?? "");
    secrets.delete("");
    if (contact === undefined && !warnedContact) {
      warnedContact = true;
      logger?.warn(
        "no contact in the User-Agent: set CITYINDEX_CONTACT to an e-mail address or URL so that API operators can reach you",
      );
    }
    const headers = { "user-agent": agent, ...r.headers, ...secretHeaders };
    const secretNames = new Set(Object.keys(secretHeaders));

    for (let attempt = 1; ; attempt++) {
      const release = await limiter.start(r.parsed.host, r.parsed.hostname, signal);
      emit({ type: "send", method, url, attempt });
      const started = now();
      let outcome: Outcome;
      try {
        outcome = await send(target, headers, secretNames, r);
      } finally {
        release();
      }
      const last = attempt >= maxAttempts;
      let delay: number;
      let reason: string;
      if (outcome.kind === "response") {
        const { status } = outcome;
        emit({ type: "response", method, url, attempt, status, ms: now() - started });
        logger?.debug(`${method} ${url}: HTTP ${status} in ${now() - started} ms`);
        if (answers(status, r.accept)) return answer(r, outcome, useCache ? key : undefined);
        const excerpt = excerptOf(hide(outcome.text));
        if (!retryable(status) || last) {
          throw new HttpError({ method, url, failure: "status", status, attempts: attempt, excerpt });
        }
        const asked = parseRetryAfter(outcome.headers["retry-after"], now());
        delay =
          asked === undefined
            ? backoffDelay(attempt, backoffBaseMs, backoffMaxMs, random)
            : Math.min(asked, maxRetryAfterMs);
        reason = `HTTP ${status}${asked === undefined ? "" : " with Retry-After"}`;
      } else {
        emit({ type: "failure", method, url, attempt, failure: outcome.kind });
        const detail = outcome.kind === "timeout" ? `after ${r.timeoutMs} ms` : outcome.detail;
        if (last) throw new HttpError({ method, url, failure: outcome.kind, attempts: attempt, detail });
        delay = backoffDelay(attempt, backoffBaseMs, backoffMaxMs, random);
        reason = outcome.kind === "timeout" ? `timed out ${detail}` : `network error (${detail})`;
      }
      emit({ type: "retry", method, url, attempt, delayMs: delay, reason });
      logger?.info(
        `${method} ${url}: ${reason}; retrying in ${seconds(delay)} (attempt ${attempt + 1} of ${maxAttempts})`,
      );
      await sleep(delay, signal);
    }
  }

  async function send(target: URL, headers: Record<string, string>, secretNames: Set<string>, r: Checked) {
    const timer = new AbortController();
    const handle = setTimeout(() => timer.abort(new Error("timeout")), r.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timer.signal]) : timer.signal;
    try {
      let url = target;
      let method: string = r.method;
      let body = r.body;
      let sent = headers;
      for (let hop = 0; ; hop++) {
        const init: RequestInit = { method, headers: sent, signal: combined, redirect: "manual" };
        if (body !== undefined) init.body = body;
        const res = await fetchImpl(url.href, init);
        const location = res.headers.get("location");
        if (res.status >= 300 && res.status < 400 && location !== null && hop < MAX_REDIRECTS) {
          await res.body?.cancel();
          const next = new URL(location, url);
          // Secret headers go only to the origin they were meant for.
          if (next.origin !== url.origin) {
            sent = Object.fromEntries(Object.entries(sent).filter(([name]) => !secretNames.has(name)));
          }
          if (res.status === 303 || (method === "POST" && (res.status === 301 || res.status === 302))) {
            method = "GET";
            body = undefined;
          }
          url = next;
          continue;
        }
        const text = await res.text();
        return {
          kind: "response",
          status: res.status,
          headers: headersOf(res.headers, hide),
          text,
        } as Outcome;
      }
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (timer.signal.aborted) return { kind: "timeout" } as Outcome;
      return { kind: "network", detail: hide(networkDetail(error)) } as Outcome;
    } finally {
      clearTimeout(handle);
    }
  }

  async function answer(
    r: Checked,
    outcome: Extract<Outcome, { kind: "response" }>,
    key: string | undefined,
  ): Promise<HttpResponse> {
    const text = hide(outcome.text);
    if (text !== outcome.text)
      logger?.debug(`${r.method} ${r.url}: the response repeated a secret; it was redacted`);
    const response: HttpResponse = {
      url: r.url,
      status: outcome.status,
      headers: outcome.headers,
      text,
      retrieved: new Date(now()).toISOString(),
      hash: contentHash(text),
      fromCache: false,
    };
    if (cache && key !== undefined) {
      const entry: CacheEntry = {
        format: CACHE_FORMAT,
        key,
        request: { method: r.method, url: r.url, ...(r.body === undefined ? {} : { body: r.body }) },
        response: {
          status: response.status,
          headers: response.headers,
          retrieved: response.retrieved,
          hash: response.hash,
          text,
        },
      };
      try {
        await cache.write(entry);
      } catch (error) {
        logger?.warn(`cannot write the response cache at ${cache.file(key)}: ${(error as Error).message}`);
      }
    }
    return response;
  }

  return { request, userAgent: agent, cacheDir: options.cacheDir, redact: hide };
}

/** True when `status` is an answer: 2xx, or one the request accepts. */
function answers(status: number, accept: readonly number[]): boolean {
  return (status >= 200 && status < 300) || accept.includes(status);
}

/** Statuses worth another attempt: timeouts, rate limits and server errors other than "not implemented". */
function retryable(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status < 600 && status !== 501);
}

function check(req: HttpRequest, defaultTimeout: number): Checked {
  const fail = (message: string): never => {
    throw new InputError("bad-request", `http request: ${message}`);
  };
  if (!req || typeof req !== "object") fail(`expected an object, got ${show(req)}`);
  if (typeof req.url !== "string") fail(`\`url\` must be a string, got ${show(req.url)}`);
  let parsed: URL;
  try {
    parsed = new URL(req.url);
  } catch {
    return fail(`\`url\` must be an absolute http or https URL, got ${show(withoutUserinfo(req.url))}`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    fail(
      `\`url\` must be an http or https URL, got ${show(`${parsed.protocol}//${parsed.host}${parsed.pathname}`)}`,
    );
  }
  if (parsed.username !== "" || parsed.password !== "") {
    parsed.username = "";
    parsed.password = "";
    fail(`${parsed.href} has credentials in it: use \`secretHeaders\` with an environment variable instead`);
  }
  const url = parsed.href;
  for (const name of parsed.searchParams.keys()) {
    if (CREDENTIAL_PARAMS.has(name.toLowerCase())) {
      fail(
        `the query parameter \`${name}\` of ${parsed.origin}${parsed.pathname} carries a credential: put it in \`secretQuery\` with the name of an environment variable`,
      );
    }
  }
  const method = req.method ?? "GET";
  if (method !== "GET" && method !== "POST")
    fail(`\`method\` must be \`GET\` or \`POST\`, got ${show(method)}`);
  if (req.body !== undefined && typeof req.body !== "string")
    fail(`\`body\` must be a string, got ${show(req.body)}`);
  if (req.body !== undefined && method === "GET") fail(`a \`GET\` request to ${url} cannot have a \`body\``);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers ?? {})) {
    if (CREDENTIAL_HEADERS.has(name.toLowerCase())) {
      fail(
        `the header \`${name}\` for ${url} carries a credential: put it in \`secretHeaders\` with the name of an environment variable`,
      );
    }
    if (typeof value !== "string") fail(`header \`${name}\` for ${url} must be a string, got ${show(value)}`);
    headers[name.toLowerCase()] = value;
  }
  const secretHeaders = envNames(req.secretHeaders, "secretHeaders", url, fail);
  const secretQuery = envNames(req.secretQuery, "secretQuery", url, fail);
  const accept = req.acceptStatus ?? [];
  if (!Array.isArray(accept) || !accept.every((s) => Number.isInteger(s) && s >= 100 && s <= 599)) {
    fail(`\`acceptStatus\` must be an array of HTTP statuses, got ${show(accept)}`);
  }
  if (req.cache !== undefined && req.cache !== true && req.cache !== false && req.cache !== "refresh") {
    fail(`\`cache\` must be true, false or "refresh", got ${show(req.cache)}`);
  }
  const timeoutMs = req.timeoutMs ?? defaultTimeout;
  if (typeof timeoutMs !== "number" || !(timeoutMs > 0) || !Number.isFinite(timeoutMs)) {
    fail(`\`timeoutMs\` must be a positive number of milliseconds, got ${show(req.timeoutMs)}`);
  }
  return {
    method,
    url,
    parsed,
    headers,
    body: req.body,
    accept,
    timeoutMs,
    cache: { read: req.cache === undefined || req.cache === true, write: req.cache !== false },
    secretHeaders,
    secretQuery,
  };
}

/** The `[name, variable]` pairs of `secretHeaders`/`secretQuery`; a value that is not a variable name is refused unseen. */
function envNames(
  value: Record<string, string> | undefined,
  field: string,
  url: string,
  fail: (message: string) => never,
): [string, string][] {
  if (value === undefined) return [];
  if (!value || typeof value !== "object")
    return fail(`\`${field}\` must map names to environment variables`);
  const out: [string, string][] = [];
  for (const [name, variable] of Object.entries(value)) {
    // Never echo the value: it may be the secret itself, written where its variable's name belongs.
    if (typeof variable !== "string" || !ENV_NAME.test(variable)) {
      fail(
        `\`${field}\` \`${name}\` for ${url} must be the name of an environment variable (letters, digits and \`_\`), not a value`,
      );
    }
    out.push([name, variable]);
  }
  return out;
}

/** `raw` with anything between `://` and the last `@` hidden: a URL that does not parse may still hold a password. */
function withoutUserinfo(raw: string): string {
  return raw.replace(/^([^:/?#]*:\/\/).*@/s, "$1[redacted]@");
}

function secretValue(
  env: Readonly<Record<string, string | undefined>>,
  variable: string,
  where: string,
  url: string,
): string {
  const value = env[variable];
  if (value === undefined || value === "") throw new SecretNotSetError(variable, where, url);
  return value;
}

function contactOf(value: string | undefined, given: boolean): string | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\u0000-\u001f\u007f]/.test(text) || text.length > 200) {
    throw new InputError(
      "bad-option",
      `createHttpClient: the contact (${given ? "`contact`" : "`CITYINDEX_CONTACT`"}) must be one line of at most 200 characters, an e-mail address or URL, got ${show(text)}`,
    );
  }
  return text === "" ? undefined : text;
}

function positive(
  name: string,
  value: number | undefined,
  fallback: number,
  integer = false,
  zero = false,
): number {
  if (value === undefined) return fallback;
  const ok =
    typeof value === "number" &&
    Number.isFinite(value) &&
    (zero ? value >= 0 : value > 0) &&
    (!integer || Number.isInteger(value));
  if (!ok) {
    const what = `${integer ? "an integer" : "a number"} ${zero ? "≥ 0" : "> 0"}`;
    throw new InputError(
      "bad-option",
      `createHttpClient: ${name.startsWith("`") ? name : `\`${name}\``} must be ${what}, got ${show(value)}`,
    );
  }
  return value;
}

function headersOf(headers: Headers, hide: (text: string) => string): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (name !== "set-cookie") out[name.toLowerCase()] = hide(value);
  });
  return out;
}

function excerptOf(text: string): string | undefined {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat === "") return undefined;
  return flat.length > EXCERPT ? `${flat.slice(0, EXCERPT)}…` : flat;
}

function networkDetail(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  if (cause && typeof cause === "object") {
    const c = cause as { code?: unknown; message?: unknown };
    const inner = typeof c.message === "string" ? c.message : typeof c.code === "string" ? c.code : undefined;
    if (inner) return `${error.message}: ${inner}`;
  }
  return error.message;
}

function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
