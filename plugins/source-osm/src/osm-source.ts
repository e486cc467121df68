import {
  defineSource,
  type HttpClient,
  type HttpResponse,
  type Issue,
  type Observation,
  type ObservationProvenance,
  type SourceContext,
  show,
  startWebSource,
} from "@cityindex/core";
import {
  type OsmSourceOptions,
  osmOptionsSchema,
  type ResolvedOsmOptions,
  resolveOsmOptions,
} from "./options.js";
import { type AreaRef, overpassQuery, parseArea } from "./query.js";
import { type OverpassReply, readOverpass } from "./replies.js";

/**
 * Provenance of an `osm` observation: the usual fields, with `location` a URL that runs the same Overpass query
 * again, and the counts behind the figure: `nodes`, `ways` and `relations` matched, and `areas`, the areas the
 * unit's reference matched.
 */
export interface OsmProvenance extends ObservationProvenance {
  /** The counts behind the figure. */
  basis: Record<string, number>;
}

/** An observation of the `osm` source. */
export interface OsmObservation extends Observation {
  /** Where the value came from, with the counts behind it. */
  provenance: OsmProvenance;
}

type Sent =
  | { ok: true; reply: OverpassReply; response: HttpResponse; query: string }
  | { ok: false; message: string };

/**
 * The `osm` source: counts of OpenStreetMap features (hotels, attractions, restaurants, diplomatic offices, or any
 * tag filters) within each unit's area, from one Overpass API query per unit, for use as denominators. A unit's
 * area is the boundary whose `wikidata` tag is the unit's Wikidata id, or an OSM relation or area id. A query that
 * runs out of time (Overpass answers HTTP 200 with a `remark`) is retried once with a longer timeout.
 *
 * @example
 * ```json
 * { "id": "poi", "source": "osm", "options": { "period": "2025" } }
 * ```
 */
export const osmSource = defineSource<OsmSourceOptions>({
  id: "osm",
  label: "OpenStreetMap feature counts (Overpass)",
  description:
    "Counts OpenStreetMap hotels, attractions, restaurants and diplomatic offices within each city's area",
  options: osmOptionsSchema,
  fetch: fetchOsm,
});

async function* fetchOsm(
  options: OsmSourceOptions,
  ctx: SourceContext,
): AsyncGenerator<OsmObservation, void, undefined> {
  ctx.signal.throwIfAborted();
  const start = startWebSource("osm", options, ctx, resolveOsmOptions);
  if (!start) return;
  const { options: o, http, units, where } = start;
  const report = (severity: Issue["severity"], code: string, path: string, message: string) =>
    ctx.report({ severity, code, path, message });
  const known = new Set(units.map((u) => u.id));
  for (const unit of o.areas.keys()) {
    if (!known.has(unit)) {
      report(
        "warning",
        "unknown-unit",
        ctx.sourceId,
        `${where}: \`areas\` names ${show(unit)}, which is not a unit of the spec`,
      );
    }
  }
  const indicators = o.categories.map((c) => c.indicator);
  const listed = indicators.map((id) => show(id)).join(", ");
  const filters = o.categories.map((c) => c.filters);
  const source = `osm:${ctx.sourceId}`;
  const column = o.areaFrom.slice(5);

  ctx.progress({ done: 0, total: units.length, message: "Overpass" });
  for (const [i, unit] of units.entries()) {
    ctx.signal.throwIfAborted();
    const own = o.areas.get(unit.id);
    const raw = own ?? unit.meta?.[column];
    const from = own === undefined ? `\`${o.areaFrom}\`` : `\`areas.${unit.id}\``;
    const step = () => ctx.progress({ done: i + 1, total: units.length, message: `Overpass ${unit.id}` });
    if (raw === undefined || raw === null || raw === "") {
      report(
        "warning",
        "no-area",
        unit.id,
        `unit ${show(unit.id)} has no area: give its Wikidata id (\`Q...\`), \`relation/<id>\` or \`area/<id>\` in \`areas\` or in its \`${o.areaFrom}\`; no values for it: ${listed}`,
      );
      step();
      continue;
    }
    const area = parseArea(raw);
    if ("reason" in area) {
      report(
        "error",
        "bad-area",
        unit.id,
        `unit ${show(unit.id)} has the area ${show(raw)} in ${from}, which is not used: ${area.reason}; no values for it: ${listed}`,
      );
      step();
      continue;
    }
    const failed = (code: string, message: string) => {
      for (const id of indicators) report("error", code, `${unit.id}/${id}`, message);
    };
    const named = describeArea(area);

    let sent = await post(http, o, overpassQuery(area, filters, o.timeout), ctx);
    if (sent.ok && sent.reply.kind === "timeout" && o.retryTimeout > 0) {
      ctx.logger.info(
        `Overpass timed out counting in ${named} (${unit.id}): \`${sent.reply.remark}\`; retrying once with [timeout:${o.retryTimeout}]`,
      );
      sent = await post(http, o, overpassQuery(area, filters, o.retryTimeout), ctx);
    }
    step();
    if (!sent.ok) {
      failed("request-failed", sent.message);
      continue;
    }
    const { reply, response, query } = sent;
    if (reply.kind === "timeout") {
      failed(
        "overpass-timeout",
        `Overpass timed out counting features in ${named} for unit ${show(unit.id)}: \`${reply.remark}\`; raise \`timeout\`/\`retryTimeout\`, or point \`endpoint\` at a less busy Overpass instance`,
      );
      continue;
    }
    if (reply.kind === "failed") {
      failed(
        "bad-reply",
        `Overpass's reply for ${named} (unit ${show(unit.id)}) cannot be used: ${reply.message}`,
      );
      continue;
    }
    if (reply.counts.length !== filters.length + 1) {
      failed(
        "bad-reply",
        `Overpass's reply for ${named} (unit ${show(unit.id)}) has ${reply.counts.length} counts, not ${filters.length + 1} (the area and each category)`,
      );
      continue;
    }
    if (reply.remark !== undefined) {
      report(
        "warning",
        "overpass-remark",
        unit.id,
        `Overpass remarked \`${reply.remark}\` on the query for ${named}`,
      );
    }
    const period = o.period ?? yearOf(reply.timestamp) ?? response.retrieved.slice(0, 4);
    const location = `${o.endpoint}?data=${encodeURIComponent(query)}`;
    const head = reply.counts[0];
    const areas = head ? head.areas || head.total : 0;
    if (areas > 1) {
      report(
        "warning",
        "ambiguous-area",
        unit.id,
        `${named} matches ${areas} areas in OpenStreetMap; the counts for unit ${show(unit.id)} cover all of them`,
      );
    }
    for (const [k, category] of o.categories.entries()) {
      const c = reply.counts[k + 1];
      const basis = { nodes: c?.nodes ?? 0, ways: c?.ways ?? 0, relations: c?.relations ?? 0, areas };
      let value: number | null = c?.total ?? 0;
      if (areas === 0) {
        value = null;
        report(
          "warning",
          "area-not-found",
          `${unit.id}/${category.indicator}/${period}`,
          `OpenStreetMap has no area for ${named} (unit ${show(unit.id)}), so nothing was counted: check the id, or give \`relation/<id>\` in \`areas\``,
        );
      }
      yield {
        unit: unit.id,
        indicator: category.indicator,
        period,
        value,
        provenance: {
          source,
          location,
          retrieved: response.retrieved,
          hash: response.hash,
          licence: o.licence,
          basis,
        },
      };
    }
  }
  ctx.progress({ done: units.length, total: units.length, message: "Overpass done" });
}

function describeArea(area: AreaRef): string {
  if (area.kind === "wikidata") return `the area with wikidata=${area.id}`;
  return `${area.kind} ${area.id}`;
}

function yearOf(timestamp: string | undefined): string | undefined {
  const m = /^(\d{4})-\d{2}-\d{2}T/.exec(timestamp ?? "");
  return m?.[1];
}

/** POSTs a query as the `data` form field; a failed request is `ok: false` with the client's message. */
async function post(
  http: HttpClient,
  o: ResolvedOsmOptions,
  query: string,
  ctx: SourceContext,
): Promise<Sent> {
  const timeout = Number(/\[timeout:(\d+)\]/.exec(query)?.[1] ?? o.timeout);
  try {
    const response = await http.request({
      url: o.endpoint,
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded; charset=utf-8",
        accept: "application/json",
      },
      body: `data=${encodeURIComponent(query)}`,
      timeoutMs: (timeout + 60) * 1000,
    });
    return { ok: true, reply: readOverpass(response.text), response, query };
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    return {
      ok: false,
      message: `Overpass query failed: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}
