import { join, resolve } from "node:path";
import { createHttpClient, type NodeHttpClient } from "@cityindex/http";
import pkg from "../package.json" with { type: "json" };
import type { ResolvedIo } from "./io.js";

/** Where `fetch` and `build` keep web responses, relative to the spec's folder: `.cityindex/cache`. */
export const DEFAULT_CACHE_DIR = join(".cityindex", "cache");

/** How a command uses the response cache of web sources (`fetch`, `build`, `audit`). */
export interface CacheOptions {
  /** The cache folder, relative to the working directory (default: {@link DEFAULT_CACHE_DIR} in the spec's folder). */
  cacheDir?: string;
  /** Fetch every response again and rewrite the cache. */
  refresh?: boolean;
}

/** Options of {@link cliHttpClient}. */
export interface CliHttpOptions extends CacheOptions {
  /** Where the client's log lines go (retries, warnings). */
  log: (line: string) => void;
}

/**
 * The HTTP client the CLI gives sources: the User-Agent names the CLI's version and `CITYINDEX_CONTACT`, secrets
 * are read from `io.env`, responses are cached in the spec's `.cityindex/cache` (or `cacheDir`). Throws an
 * `InputError` when `CITYINDEX_CONTACT` is malformed.
 */
export function cliHttpClient(io: ResolvedIo, specDir: string, options: CliHttpOptions): NodeHttpClient {
  const cacheDir =
    options.cacheDir === undefined ? join(specDir, DEFAULT_CACHE_DIR) : resolve(io.cwd, options.cacheDir);
  return createHttpClient({
    cacheDir,
    cacheMode: options.refresh === true ? "refresh" : "use",
    env: io.env,
    version: pkg.version,
    logger: {
      debug: () => {},
      info: (m) => options.log(`  [http] ${m}`),
      warn: (m) => options.log(`  [http] warning: ${m}`),
    },
  });
}
