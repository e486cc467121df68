import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import {
  dataPath,
  defineSource,
  type HttpRequest,
  type HttpResponse,
  InputError,
  type Observation,
  type ObservationProvenance,
  type SourceContext,
  show,
  unitItems,
} from "@cityindex/core";
import {
  type ResolvedWikidataOptions,
  resolveWikidataOptions,
  type WikidataIndicators,
  type WikidataSourceOptions,
  wikidataOptionsSchema,
} from "./options.js";
import { type OverrideRow, readOverrides } from "./overrides.js";
import {
  accountsQuery,
  consulatesQuery,
  parseCounts,
  QUERY_VARIABLES,
  type QueryKind,
  twinsQuery,
  websitesQuery,
} from "./sparql.js";

/** The licence of Wikidata's data, recorded in the provenance of every queried value. */
export const WIKIDATA_LICENCE = "CC0-1.0";

/** Provenance of a value from this source: the query it came from, or the override row that replaced it. */
export interface WikidataProvenance extends ObservationProvenance {
  /** The SPARQL query's text (queried values). */
  query?: string;
  /** True when the value comes from the override file; `location` is then `<file>:<line>`. */
  override?: boolean;
  /** The override row's `source` cell. */
  note?: string;
}

/** An observation of this source. */
export interface WikidataObservation extends Observation {
  /** Where the value came from. */
  provenance: WikidataProvenance;
}

/** One indicator read from a query's count variable. */
interface Figure {
  kind: QueryKind;
  variable: string;
  field: keyof WikidataIndicators;
  /** `presence`: 1 when the count is above 0, else 0. */
  presence?: boolean;
}

/** The figures in the order they are yielded for each unit. */
const FIGURES: readonly Figure[] = [
  { kind: "twins", variable: "twins", field: "sisterCities" },
  { kind: "twins", variable: "twinCountries", field: "sisterCityCountries" },
  { kind: "consulates", variable: "states", field: "consulates" },
  { kind: "consulates", variable: "missions", field: "consulateMissions" },
  { kind: "websites", variable: "websites", field: "officialWebsite", presence: true },
  { kind: "accounts", variable: "accounts", field: "socialAccounts" },
];

const QUERY_NAMES: Readonly<Record<QueryKind, string>> = {
  twins: "sister-city",
  consulates: "consulate",
  websites: "official-website",
  accounts: "social-account",
};

/**
 * The `wikidata` source: counts from the Wikidata Query Service (SPARQL) for each unit's item: current sister cities
 * (P190) and their countries, sending states with an open consulate in the city, whether the city has an official
 * website (P856), and its social-media accounts. Wikidata is the state of today, so every value is given for one
 * configured year. An override file (CSV) of official lists replaces the queried value of any cell it names; each
 * replacement is reported as an `info` issue and marked in the provenance. Needs the host's HTTP client
 * (`ctx.http`); without it, only the overrides are read.
 *
 * @example
 * ```json
 * { "id": "wikidata", "source": "wikidata", "options": { "period": "2024", "overrides": "data/official.csv" } }
 * ```
 */
export const wikidataSource = defineSource<WikidataSourceOptions>({
  id: "wikidata",
  label: "Wikidata counts",
  description:
    "Sister cities, consulates by sending state, official websites and social-media accounts from Wikidata (SPARQL), with a CSV of official overrides",
  options: wikidataOptionsSchema,
  async *fetch(
    options: WikidataSourceOptions,
    ctx: SourceContext,
  ): AsyncGenerator<WikidataObservation, void, undefined> {
    ctx.signal.throwIfAborted();
    const where = `wikidata source ${show(ctx.sourceId)}`;
    const fail = (code: string, message: string) =>
      ctx.report({ severity: "error", code, path: ctx.sourceId, message: `${where}: ${message}` });
    let o: ResolvedWikidataOptions;
    try {
      o = resolveWikidataOptions((options ?? {}) as unknown as Record<string, unknown>, where);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      ctx.report({ severity: "error", code: "bad-option", path: ctx.sourceId, message: error.message });
      return;
    }
    const units = ctx.units ?? [];
    if (units.length === 0) {
      fail("no-units", "the host gives no units (`ctx.units`), so there is nothing to look up");
      return;
    }
    const years = (ctx.periods ?? []).filter((p) => /^[0-9]{4}$/.test(p)).sort();
    const period = o.period ?? years[years.length - 1];
    if (period === undefined) {
      fail(
        "no-period",
        "set `period` (a year such as `2024`): Wikidata gives the state of today, and the spec names no year to give it for",
      );
      return;
    }
    const source = `wikidata:${ctx.sourceId}`;
    const figures = FIGURES.filter((f) => o.indicators[f.field] !== null);
    const indicatorOf = (f: Figure) => o.indicators[f.field] as string;

    // The override file, read before any query so that its problems come first.
    const overrides = new Map<string, OverrideRow>();
    let overrideHash: string | undefined;
    if (o.overrides !== undefined) {
      const full = resolve(ctx.baseDir, o.overrides);
      let text: string | undefined;
      try {
        const bytes = await readFile(full, { signal: ctx.signal });
        text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
        overrideHash = `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
      } catch (error) {
        ctx.signal.throwIfAborted();
        const code = (error as NodeJS.ErrnoException).code;
        ctx.report({
          severity: "error",
          code: code === "ENOENT" ? "file-not-found" : "file-unreadable",
          path: o.overrides,
          message:
            code === "ENOENT"
              ? `cannot read the override file ${show(o.overrides)}: there is no file at ${show(full)}`
              : `cannot read the override file ${show(o.overrides)} at ${show(full)}: ${(error as Error).message}`,
        });
      }
      if (text !== undefined) {
        const read = readOverrides(text, o.overrides, {
          indicators: new Set(figures.map(indicatorOf)),
          units: new Set(units.map((u) => u.id)),
        });
        for (const issue of read.issues) ctx.report(issue);
        for (const row of read.rows) overrides.set(`${row.unit}/${row.indicator}/${row.period}`, row);
      }
    }
    const overridden = (row: OverrideRow, replaced: string): WikidataObservation => {
      const value = row.value === null ? "a missing value" : show(row.value);
      ctx.report({
        severity: "info",
        code: "override",
        path: `${o.overrides}:${row.line}`,
        message: `\`${row.unit}/${row.indicator}/${row.period}\` is ${value} from the override file${row.note ? ` (${row.note})` : ""}, ${replaced}`,
      });
      const provenance: WikidataProvenance = {
        source,
        location: `${o.overrides}:${row.line}`,
        override: true,
      };
      if (overrideHash !== undefined) provenance.hash = overrideHash;
      if (row.note !== undefined) provenance.note = row.note;
      return { unit: row.unit, indicator: row.indicator, period: row.period, value: row.value, provenance };
    };

    const found = unitItems(units, o.wikidataField);
    for (const issue of found.issues) ctx.report(issue);

    // The queries, batch by batch.
    const http = ctx.http;
    const values = new Map<string, { value: number | null; provenance: WikidataProvenance }>();
    if (!http) {
      fail(
        "no-http-client",
        `the host gives no HTTP client (\`ctx.http\`), so Wikidata cannot be queried${overrides.size > 0 ? "; only the override file is used" : ""}; run it from a host with network access, such as the \`cityindex\` CLI`,
      );
    } else {
      const kinds = [...new Set(figures.map((f) => f.kind))];
      const qids = [...new Set(found.items.map((i) => i.qid))];
      const batches = Math.ceil(qids.length / o.batchSize);
      let done = 0;
      for (const kind of kinds) {
        for (let b = 0; b < qids.length; b += o.batchSize) {
          ctx.signal.throwIfAborted();
          ctx.progress({
            done,
            total: kinds.length * batches,
            message: `querying ${QUERY_NAMES[kind]} counts`,
          });
          const batch = qids.slice(b, b + o.batchSize);
          const query =
            kind === "twins"
              ? twinsQuery(batch, o.foreignTwinsOnly)
              : kind === "consulates"
                ? consulatesQuery(batch, o.consulateClasses, o.sendingStateProperty, o.closedProperties)
                : kind === "websites"
                  ? websitesQuery(batch)
                  : accountsQuery(batch, o.socialProperties);
          const unitsIn = found.items.filter((it) => batch.includes(it.qid));
          const named = unitsIn.map((it) => show(it.unit));
          const listed =
            named.length > 10
              ? `${named.slice(0, 10).join(", ")} and ${named.length - 10} more`
              : named.join(", ");
          const base: WikidataProvenance = { source, location: o.endpoint, licence: WIKIDATA_LICENCE, query };
          let counts: Map<string, Record<string, number>> | undefined;
          let response: HttpResponse | undefined;
          try {
            response = await http.request(sparqlRequest(o, query));
            const parsed = parseCounts(response.text, batch, QUERY_VARIABLES[kind]);
            if ("error" in parsed) {
              ctx.report({
                severity: "warning",
                code: "bad-response",
                path: ctx.sourceId,
                message: `${where}: cannot read the answer to the ${QUERY_NAMES[kind]} query for ${listed} from ${response.url}: ${parsed.error}; their values are missing`,
              });
            } else counts = parsed.counts;
          } catch (error) {
            ctx.signal.throwIfAborted();
            ctx.report({
              severity: "warning",
              code: "request-failed",
              path: ctx.sourceId,
              message: `${where}: the ${QUERY_NAMES[kind]} query for ${listed} failed: ${(error as Error).message}; their values are missing`,
            });
          }
          const provenance: WikidataProvenance = response
            ? { ...base, location: response.url, retrieved: response.retrieved, hash: response.hash }
            : base;
          for (const it of unitsIn) {
            const row = counts?.get(it.qid);
            if (counts && !row) {
              ctx.report({
                severity: "warning",
                code: "no-result",
                path: dataPath(it.unit),
                message: `the ${QUERY_NAMES[kind]} query gave no row for ${show(it.qid)} (unit ${show(it.unit)}); its values are missing`,
              });
            }
            for (const f of figures.filter((x) => x.kind === kind)) {
              const n = row?.[f.variable];
              const value = n === undefined ? null : f.presence ? (n > 0 ? 1 : 0) : n;
              values.set(`${it.unit}/${indicatorOf(f)}`, { value, provenance: { ...provenance } });
            }
          }
          ctx.progress({
            done: ++done,
            total: kinds.length * batches,
            message: `querying ${QUERY_NAMES[kind]} counts`,
          });
        }
      }
    }

    // Queried values, each replaced by its override if there is one; then the overrides of other cells.
    for (const it of found.items) {
      for (const f of figures) {
        const indicator = indicatorOf(f);
        const queried = values.get(`${it.unit}/${indicator}`);
        if (queried === undefined) continue;
        const key = `${it.unit}/${indicator}/${period}`;
        const row = overrides.get(key);
        if (row) {
          overrides.delete(key);
          const was =
            queried.value === null ? "a missing value from Wikidata" : `Wikidata's ${show(queried.value)}`;
          yield overridden(row, `instead of ${was}`);
        } else
          yield { unit: it.unit, indicator, period, value: queried.value, provenance: queried.provenance };
      }
    }
    for (const row of overrides.values()) yield overridden(row, "where Wikidata gave no value");
  },
});

/** The HTTP request of a SPARQL query: a form-encoded `POST`, or a `GET` with the query in the URL. */
function sparqlRequest(o: ResolvedWikidataOptions, query: string): HttpRequest {
  const form = new URLSearchParams({ query, format: "json" }).toString();
  const headers = { accept: "application/sparql-results+json" };
  return o.method === "POST"
    ? {
        url: o.endpoint,
        method: "POST",
        headers: { ...headers, "content-type": "application/x-www-form-urlencoded" },
        body: form,
        timeoutMs: o.timeoutMs,
      }
    : { url: `${o.endpoint}?${form}`, headers, timeoutMs: o.timeoutMs };
}
