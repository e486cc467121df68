import {
  type HttpClient,
  type Issue,
  type Observation,
  pointer,
  type Registry,
  type Spec,
  show,
} from "@cityindex/core";
import type { NodeHttpClient } from "@cityindex/http";
import type { CommandContext } from "./context.js";

/** What one source of a spec did. */
export interface SourceRun {
  /** The spec source's id. */
  id: string;
  /** The source adapter's id. */
  source: string;
  /** The plugin that provides it. */
  plugin: string;
  /** Observations it yielded. */
  values: number;
  /** HTTP requests answered by the network. */
  requests: number;
  /** HTTP requests answered by the response cache. */
  cached: number;
  /** Issues it reported, by severity. */
  issues: { error: number; warning: number; info: number };
  /** True when it threw or reported an error. */
  failed: boolean;
  /** The error it threw, if any (secrets redacted). */
  error?: string;
}

/** What {@link runSources} returns. */
export interface SourcesRun {
  /** Every observation, in source order. */
  observations: Observation[];
  /** One entry per spec source, in spec order. */
  runs: SourceRun[];
  /** The sources' issues, and a `source-failed` error for each source that threw. */
  issues: Issue[];
}

/** Options of {@link runSources}. */
export interface RunSourcesOptions {
  /** The validated spec. */
  spec: Spec;
  /** The registry its plugins were registered in. */
  registry: Registry;
  /** The spec's folder. */
  dir: string;
  /** The HTTP client for web sources. */
  http: NodeHttpClient;
  /** Writes a progress line (nothing when quiet). */
  log: (line: string) => void;
  /** No live progress line. */
  quiet: boolean;
}

/**
 * Runs every entry of the spec's `sources[]` in order, giving each its options, the spec's units and the HTTP
 * client, with a live progress line on a terminal. A source that throws becomes a `source-failed` error and the
 * others still run; every message passes through the client's redaction, so no secret it sent is printed.
 */
export async function runSources(ctx: CommandContext, options: RunSourcesOptions): Promise<SourcesRun> {
  const { io } = ctx;
  const { spec, registry, http, log } = options;
  const observations: Observation[] = [];
  const runs: SourceRun[] = [];
  const issues: Issue[] = [];
  const live = io.stderr.isTTY === true && !options.quiet;

  for (const [i, source] of (spec.sources ?? []).entries()) {
    const registered = registry.source(source.source);
    if (!registered) {
      // validateSpec reported unknown sources against the same registry: this is a bug, not bad input.
      throw new Error(`source ${show(source.source)} is not registered, although the spec passed validation`);
    }
    const label = `${source.id} (${source.source})`;
    const run: SourceRun = {
      id: source.id,
      source: source.source,
      plugin: registered.plugin,
      values: 0,
      requests: 0,
      cached: 0,
      issues: { error: 0, warning: 0, info: 0 },
      failed: false,
    };
    runs.push(run);
    let shown = "";
    const redraw = () => {
      if (!live) return;
      const parts = [shown, run.requests + run.cached > 0 ? requestsText(run) : ""].filter((p) => p !== "");
      io.stderr.write(`\r\u001b[2K  ${label}: ${parts.join(" · ")}`);
    };
    const counting: HttpClient = {
      request: async (request) => {
        const response = await http.request(request);
        if (response.fromCache) run.cached++;
        else run.requests++;
        redraw();
        return response;
      },
    };
    const controller = new AbortController();
    try {
      const iterable = registered.definition.fetch(source.options ?? {}, {
        sourceId: source.id,
        baseDir: options.dir,
        signal: controller.signal,
        units: spec.units,
        http: counting,
        logger: {
          debug: () => {},
          info: (m) => log(http.redact(`  [${registered.plugin}] ${m}`)),
          warn: (m) => log(http.redact(`  [${registered.plugin}] warning: ${m}`)),
        },
        progress: (p) => {
          const of = p.total === undefined ? "" : `/${p.total}`;
          shown = `${p.done}${of}${p.message ? ` ${p.message}` : ""}`;
          redraw();
        },
        report: (issue) => {
          run.issues[issue.severity]++;
          if (issue.severity === "error") run.failed = true;
          issues.push({ ...issue, message: http.redact(issue.message), source: registered.plugin });
        },
      });
      for await (const o of iterable) {
        observations.push(o);
        run.values++;
      }
    } catch (error) {
      const message = http.redact(error instanceof Error ? error.message : String(error));
      run.failed = true;
      run.error = message;
      run.issues.error++;
      issues.push({
        severity: "error",
        code: "source-failed",
        path: pointer("sources", i),
        message: `source ${show(source.id)} failed: ${message}`,
        source: registered.plugin,
      });
    }
    if (live) io.stderr.write("\r\u001b[2K");
    const web = run.requests + run.cached > 0 ? `, ${requestsText(run)}` : "";
    const state = run.failed ? " (failed)" : "";
    log(`source ${label}: ${run.values} value${run.values === 1 ? "" : "s"}${web}${state}`);
  }
  return { observations, runs, issues };
}

/** `3 requests (2 from the cache)`. */
export function requestsText(run: { requests: number; cached: number }): string {
  const all = run.requests + run.cached;
  return `${all} request${all === 1 ? "" : "s"} (${run.cached} from the cache)`;
}
