import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** How the response cache is used: read and write it, only write it (fetch everything again), or ignore it. */
export type CacheMode = "use" | "refresh" | "off";

/** The format tag of a cache file. */
export const CACHE_FORMAT = "cityindex-http-cache/1";

/** What identifies a request in the cache. Secrets are never part of it. */
export interface CacheKeyParts {
  /** `GET` or `POST`. */
  method: string;
  /** The URL without secret query parameters. */
  url: string;
  /** The request body, if any. */
  body?: string;
  /** The request's non-secret headers. */
  headers?: Readonly<Record<string, string>>;
}

/**
 * The cache key of a request: the hex SHA-256 of its method, URL, body and non-secret headers (names lower-cased
 * and sorted). Secret headers and query parameters are added only when a request is sent, so they never reach it.
 *
 * @example
 * cacheKey({ method: "GET", url: "https://api.openalex.org/works?filter=x" }) // "3f1c…" (64 hex digits)
 */
export function cacheKey(parts: CacheKeyParts): string {
  const headers = Object.entries(parts.headers ?? {})
    .map(([name, value]) => [name.toLowerCase(), value] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const material = JSON.stringify([CACHE_FORMAT, parts.method, parts.url, parts.body ?? null, headers]);
  return createHash("sha256").update(material).digest("hex");
}

/** `sha256:` and the hex SHA-256 of `text` as UTF-8. */
export function contentHash(text: string): string {
  return `sha256:${createHash("sha256").update(text, "utf8").digest("hex")}`;
}

/** One cached response, as stored in `<dir>/<key[0..2]>/<key>.json`. */
export interface CacheEntry {
  /** {@link CACHE_FORMAT}. */
  format: typeof CACHE_FORMAT;
  /** The cache key. */
  key: string;
  /** The request, without secrets. */
  request: { method: string; url: string; body?: string };
  /** The response as first retrieved. */
  response: {
    status: number;
    headers: Record<string, string>;
    retrieved: string;
    hash: string;
    text: string;
  };
}

/**
 * Responses on disk, one JSON file per request under `<dir>/<first two hex digits of the key>/<key>.json`.
 * Files are written to a temporary name and renamed, so a reader never sees half a file; a file that is not a
 * valid entry, or whose body does not match its hash, is treated as absent.
 */
export class ResponseCache {
  constructor(
    /** The cache directory. */
    readonly dir: string,
  ) {}

  /** The file of `key`. */
  file(key: string): string {
    return join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  /** The entry of `key`, or `undefined` when there is none or it is damaged (then `onDamaged` says why). */
  async read(key: string, onDamaged?: (file: string, why: string) => void): Promise<CacheEntry | undefined> {
    const file = this.file(key);
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") onDamaged?.(file, (error as Error).message);
      return undefined;
    }
    let entry: unknown;
    try {
      entry = JSON.parse(text);
    } catch {
      onDamaged?.(file, "not JSON");
      return undefined;
    }
    const why = damage(entry, key);
    if (why !== undefined) {
      onDamaged?.(file, why);
      return undefined;
    }
    return entry as CacheEntry;
  }

  /** Writes the entry of `key` atomically (a temporary file, then a rename). */
  async write(entry: CacheEntry): Promise<string> {
    const file = this.file(entry.key);
    await mkdir(join(this.dir, entry.key.slice(0, 2)), { recursive: true });
    const temp = `${file}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
    try {
      await writeFile(temp, `${JSON.stringify(entry)}\n`, "utf8");
      await rename(temp, file);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    return file;
  }
}

function damage(entry: unknown, key: string): string | undefined {
  if (!entry || typeof entry !== "object") return "not an object";
  const e = entry as Partial<CacheEntry>;
  if (e.format !== CACHE_FORMAT) return `format is not \`${CACHE_FORMAT}\``;
  if (e.key !== key) return "its key does not match its file name";
  const r = e.response;
  if (
    !r ||
    typeof r.status !== "number" ||
    typeof r.text !== "string" ||
    typeof r.retrieved !== "string" ||
    typeof r.hash !== "string" ||
    !r.headers ||
    typeof r.headers !== "object"
  ) {
    return "the response is incomplete";
  }
  if (contentHash(r.text) !== r.hash) return "the body does not match its hash";
  return undefined;
}
