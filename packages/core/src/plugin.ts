import { PluginError } from "./errors.js";
import type { Issue } from "./issues.js";
import { show } from "./issues.js";
import type { AnyOptions, JsonSchema, MethodDefinition } from "./methods.js";
import type { Observation } from "./model/observation.js";
import type { IndexResult } from "./pipeline/result.js";
import type { UnitSpec } from "./spec/types.js";
import { STAGES } from "./spec/types.js";

/** Log lines from plugins; the host prefixes them with the plugin's name. */
export interface Logger {
  /** Detailed progress information. */
  debug(message: string): void;
  /** Normal progress information. */
  info(message: string): void;
  /** Something worth a person's attention. */
  warn(message: string): void;
}

/** Progress of a long task: `done` of `total` (`total` absent when unknown). */
export interface ProgressUpdate {
  /** Items done so far. */
  done: number;
  /** Items in all, if known. */
  total?: number;
  /** What is being done now. */
  message?: string;
}

/**
 * One HTTP request from a source. The host's client adds timeouts, retries, rate limits and the cache; the source
 * says only what it wants.
 */
export interface HttpRequest {
  /** Absolute `http:` or `https:` URL, query string included. */
  url: string;
  /** `GET` (the default) or `POST`. */
  method?: "GET" | "POST";
  /** Extra request headers. Secrets belong in {@link HttpRequest.secretHeaders}, never here. */
  headers?: Record<string, string>;
  /**
   * Headers whose values are read from environment variables when the request is sent (`{ "X-Api-Key":
   * "OPENALEX_API_KEY" }`): the value never reaches the cache key, the cache, provenance or a log line.
   */
  secretHeaders?: Record<string, string>;
  /**
   * Query parameters whose values are read from environment variables when the request is sent (`{ "api_key":
   * "OPENALEX_API_KEY" }`): like {@link HttpRequest.secretHeaders}, kept out of the cache key, provenance and logs.
   */
  secretQuery?: Record<string, string>;
  /** Request body (for `POST`), such as a SPARQL query. */
  body?: string;
  /** Statuses that are answers, not failures: `[404]` where the API says "no data" with a 404. */
  acceptStatus?: readonly number[];
  /** Milliseconds before the request is abandoned (and retried); the host's default when absent. */
  timeoutMs?: number;
  /**
   * The response cache for this request: `true` (the default) answers from it when it can and keeps a new
   * answer; `"refresh"` asks the network again and keeps the new answer in the cache (after an answer that
   * turned out to be unusable, such as a rate-limit notice sent as HTTP 200); `false` bypasses it.
   */
  cache?: boolean | "refresh";
}

/** A response the host's HTTP client received (or found in its cache). */
export interface HttpResponse {
  /** The URL requested. */
  url: string;
  /** HTTP status. */
  status: number;
  /** Response headers, names in lower case. */
  headers: Record<string, string>;
  /** The body as text (UTF-8). */
  text: string;
  /** When the response was retrieved from the network, as an ISO 8601 timestamp (the original time when cached). */
  retrieved: string;
  /** `sha256:` and the hex SHA-256 of the body. */
  hash: string;
  /** True when it came from the response cache. */
  fromCache: boolean;
}

/**
 * The HTTP client a host gives sources: timeouts, retries with exponential backoff and jitter, `Retry-After`,
 * per-host rate limits and concurrency caps, a descriptive User-Agent and a response cache. A request that still
 * fails after its retries rejects with an error that names the URL (without secrets).
 */
export interface HttpClient {
  /** Sends `request` (or answers it from the cache). */
  request(request: HttpRequest): Promise<HttpResponse>;
}

/** What a host gives a source adapter. */
export interface SourceContext {
  /** The spec source's id. */
  sourceId: string;
  /** Directory that relative paths in options are resolved against (the spec's directory). */
  baseDir: string;
  /** Logger. */
  logger: Logger;
  /** Reports progress. */
  progress(update: ProgressUpdate): void;
  /** Reports a problem in the source's data: a malformed cell, a failed request. */
  report(issue: Omit<Issue, "source">): void;
  /** Aborts the fetch when signalled. */
  signal: AbortSignal;
  /** The spec's units (ids, labels, metadata such as a Wikidata id), for sources that query per unit. */
  units?: readonly UnitSpec[];
  /** The periods the spec asks for, when it names them. */
  periods?: readonly string[];
  /** The host's HTTP client; absent where the host offers no network (web sources then report an error). */
  http?: HttpClient;
}

/** A data source adapter: turns files, databases or web APIs into observations. */
export interface SourceDefinition<O = Record<string, unknown>> {
  /** Kebab-case id that specs use in `sources[].source`: `csv`. */
  id: string;
  /** Long name. */
  label: string;
  /** One line saying what it reads. */
  description: string;
  /** JSON Schema of the options, with defaults. */
  options: JsonSchema;
  /** Yields observations; problems go to `ctx.report`, never silently dropped. */
  fetch(options: O, ctx: SourceContext): AsyncIterable<Observation>;
}

/** A file an exporter writes: `path` is relative to the output directory. */
export interface OutputFile {
  /** Relative path, using `/`. */
  path: string;
  /** Text or bytes. */
  contents: string | Uint8Array;
  /** Media type, such as `text/csv`. */
  mediaType?: string;
}

/** What a host gives an exporter. */
export interface ExportContext {
  /** Logger. */
  logger: Logger;
  /** Reports progress. */
  progress(update: ProgressUpdate): void;
}

/** An exporter: turns a result into files. */
export interface ExporterDefinition<O = Record<string, unknown>> {
  /** Kebab-case id that specs use in `exports[].exporter`: `xlsx`. */
  id: string;
  /** Long name. */
  label: string;
  /** One line saying what it writes. */
  description: string;
  /** JSON Schema of the options, with defaults. */
  options: JsonSchema;
  /** Returns the files to write. */
  export(result: IndexResult, options: O, ctx: ExportContext): Promise<OutputFile[]>;
}

/** A plugin: methods, sources and exporters under one name. Built-in methods are a plugin too. */
export interface Plugin {
  /** The package name, shown in every log line and error: `@cityindex/source-csv`. */
  name: string;
  /** The package version. */
  version?: string;
  /** Methods for pipeline stages. */
  methods?: readonly MethodDefinition[];
  /** Data source adapters. */
  sources?: readonly SourceDefinition<AnyOptions>[];
  /** Exporters. */
  exporters?: readonly ExporterDefinition<AnyOptions>[];
}

const ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/**
 * Declares a plugin. Checks its shape at once and throws a {@link PluginError} naming the plugin and the bad
 * member; returns the plugin unchanged.
 *
 * @example
 * ```ts
 * export default definePlugin({ name: "my-plugin", methods: [myNormaliser] });
 * ```
 */
export function definePlugin<P extends Plugin>(plugin: P): P {
  if (!plugin || typeof plugin !== "object") {
    throw new PluginError("bad-plugin", `definePlugin: expected an object, got ${show(plugin)}`);
  }
  if (typeof plugin.name !== "string" || plugin.name.length === 0) {
    throw new PluginError(
      "bad-plugin",
      `definePlugin: \`name\` must be a non-empty string, got ${show(plugin.name)}`,
    );
  }
  const where = `[${plugin.name}]`;
  for (const m of plugin.methods ?? []) {
    if (!STAGES.includes(m.stage)) {
      throw new PluginError("bad-method", `${where} method ${show(m.id)} has unknown stage ${show(m.stage)}`);
    }
    checkMember(where, "method", m);
  }
  for (const s of plugin.sources ?? []) {
    checkMember(where, "source", s);
    if (typeof s.fetch !== "function") {
      throw new PluginError("bad-source", `${where} source ${show(s.id)} has no \`fetch\` function`);
    }
  }
  for (const e of plugin.exporters ?? []) {
    checkMember(where, "exporter", e);
    if (typeof e.export !== "function") {
      throw new PluginError("bad-exporter", `${where} exporter ${show(e.id)} has no \`export\` function`);
    }
  }
  return plugin;
}

function checkMember(
  where: string,
  kind: string,
  m: { id: unknown; label?: unknown; options?: unknown },
): void {
  if (typeof m.id !== "string" || !ID.test(m.id)) {
    throw new PluginError(`bad-${kind}`, `${where} ${kind} id must be kebab-case, got ${show(m.id)}`);
  }
  if (typeof m.label !== "string") {
    throw new PluginError(`bad-${kind}`, `${where} ${kind} ${show(m.id)} has no \`label\``);
  }
  if (!m.options || typeof m.options !== "object") {
    throw new PluginError(`bad-${kind}`, `${where} ${kind} ${show(m.id)} has no \`options\` schema`);
  }
}

/** Declares a source adapter with its options type inferred. Returns it unchanged. */
export function defineSource<O>(source: SourceDefinition<O>): SourceDefinition<O> {
  return source;
}

/** Declares an exporter with its options type inferred. Returns it unchanged. */
export function defineExporter<O>(exporter: ExporterDefinition<O>): ExporterDefinition<O> {
  return exporter;
}
