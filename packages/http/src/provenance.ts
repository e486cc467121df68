import type { HttpResponse, ObservationProvenance } from "@cityindex/core";

/** What {@link responseProvenance} adds to a response's URL, time and hash. */
export interface ResponseProvenanceOptions {
  /** The source adapter and spec source id: `openalex:works`. */
  source: string;
  /** The data's licence: `CC0-1.0`. */
  licence?: string;
  /** Where the value came from, when the URL alone does not say (a SPARQL query, a JSON path). Default: the URL. */
  location?: string;
}

/**
 * The provenance of an observation read from `response`: the source, the URL (never with secrets), when it was
 * retrieved (the original time for a cached response), the body's hash and the licence.
 *
 * @example
 * ```ts
 * const res = await ctx.http.request({ url });
 * yield { unit, indicator, period, value, provenance: responseProvenance(res, { source: `gdelt:${ctx.sourceId}` }) };
 * ```
 */
export function responseProvenance(
  response: HttpResponse,
  options: ResponseProvenanceOptions,
): ObservationProvenance {
  const out: ObservationProvenance = {
    source: options.source,
    location: options.location ?? response.url,
    retrieved: response.retrieved,
    hash: response.hash,
  };
  if (options.licence !== undefined) out.licence = options.licence;
  return out;
}
