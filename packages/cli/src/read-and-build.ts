import { buildIndex, type IndexResult, type Issue, type Observation } from "@cityindex/core";
import type { NodeHttpClient } from "@cityindex/http";
import type { CommandContext } from "./context.js";
import { hasErrors, withoutRepeats } from "./format-issues.js";
import { type CacheOptions, cliHttpClient } from "./http-client.js";
import { loadSpec } from "./load-spec.js";
import { runSources } from "./run-sources.js";

/** What {@link readSpecAndData} returns: the loaded spec, the observations when every source ran, every issue. */
export interface ReadSpecAndData {
  /** The spec as loaded, with its registry and folder. */
  loaded: Awaited<ReturnType<typeof loadSpec>>;
  /** Every observation of the spec's sources, absent when an error stopped the reading. */
  observations?: Observation[];
  /** Every issue of the spec and the sources. */
  issues: Issue[];
}

/**
 * Loads a spec and reads every source it names (with progress on a terminal; web sources get the spec's units
 * and an HTTP client whose responses are cached in `<spec folder>/.cityindex/cache` or `cache.cacheDir`, and
 * fetched again with `cache.refresh`, as `cityindex fetch` does): what every command that builds the index reads
 * (`build`, `audit`, `sensitivity`).
 */
export async function readSpecAndData(
  ctx: CommandContext,
  specPath: string,
  log: (line: string) => void,
  quiet: boolean,
  cache: CacheOptions = {},
): Promise<ReadSpecAndData> {
  const { io } = ctx;
  const issues: Issue[] = [];
  const loaded = await loadSpec(specPath, io.cwd);
  issues.push(...loaded.issues);
  const spec = loaded.spec;
  if (!spec || hasErrors(issues)) return { loaded, issues };

  // Sources, with web responses from the spec's cache (`cityindex fetch` fills it).
  let http: NodeHttpClient;
  try {
    http = cliHttpClient(io, loaded.dir, { cacheDir: cache.cacheDir, refresh: cache.refresh, log });
  } catch (error) {
    issues.push({
      severity: "error",
      code: "bad-contact",
      path: "CITYINDEX_CONTACT",
      message: (error as Error).message,
      source: "cli",
    });
    return { loaded, issues };
  }
  const ran = await runSources(ctx, { spec, registry: loaded.registry, dir: loaded.dir, http, log, quiet });
  issues.push(...ran.issues);
  if (hasErrors(issues)) return { loaded, issues };
  return { loaded, issues, observations: ran.observations };
}

/** What {@link readAndBuild} returns: the loaded spec, the result when the build succeeded, and every issue. */
export interface ReadAndBuild {
  /** The spec as loaded, with its registry and folder. */
  loaded: Awaited<ReturnType<typeof loadSpec>>;
  /** The index, absent when an error stopped the build. */
  result?: IndexResult;
  /** The observations the index was built from, absent when an error stopped the reading. */
  observations?: Observation[];
  /** Every issue of the spec, the sources and the build, without repeats. */
  issues: Issue[];
}

/**
 * Loads a spec, reads every source it names ({@link readSpecAndData}) and builds the index: the first half of
 * `cityindex build`, shared by the commands that need a result (`build`, `audit`).
 */
export async function readAndBuild(
  ctx: CommandContext,
  specPath: string,
  log: (line: string) => void,
  quiet: boolean,
  cache: CacheOptions = {},
): Promise<ReadAndBuild> {
  const { io } = ctx;
  const read = await readSpecAndData(ctx, specPath, log, quiet, cache);
  const { loaded, observations } = read;
  const issues = [...read.issues];
  const spec = loaded.spec;
  if (!spec || !observations || hasErrors(issues)) return { loaded, issues };

  // Build
  const building = io.stderr.isTTY === true && !quiet;
  const built = await buildIndex(spec, observations, {
    registry: loaded.registry,
    onProgress: (p) => {
      if (building) io.stderr.write(`\r\u001b[2K  building: step ${p.done}/${p.total} ${p.message ?? ""}`);
    },
  });
  if (building) io.stderr.write("\r\u001b[2K");
  // buildIndex validates the spec again: keep only what the validation above did not already report.
  issues.push(...withoutRepeats(built.issues, issues));
  return {
    loaded,
    issues,
    observations,
    ...(built.result && !hasErrors(issues) ? { result: built.result } : {}),
  };
}
