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
  unitTerms,
} from "@cityindex/core";
import {
  type OpenAlexSourceOptions,
  openalexOptionsSchema,
  type ResolvedOpenAlexOptions,
  resolveOpenAlexOptions,
} from "./options.js";
import { readWorks, type WorksReply } from "./replies.js";
import { openalexSearch } from "./search.js";

/** One response an observation was computed from. */
export interface OpenAlexInput {
  /** The request URL, without `mailto` (and never with the API key). */
  location: string;
  /** When it was retrieved. */
  retrieved: string;
  /** `sha256:` hash of the body. */
  hash: string;
}

/**
 * Provenance of an `openalex` observation: the usual fields, the counts behind the figure (`works`; for the share
 * also `unknown`, the works without any affiliation country, and `domestic`, the works with an author affiliated
 * in a domestic country) and, when a figure needs two requests, both in `inputs`.
 */
export interface OpenAlexProvenance extends ObservationProvenance {
  /** The counts behind the figure. */
  basis: Record<string, number>;
  /** Every response used, the main one first, when there is more than one. */
  inputs?: OpenAlexInput[];
}

/** An observation of the `openalex` source. */
export interface OpenAlexObservation extends Observation {
  /** Where the value came from, with the counts behind it. */
  provenance: OpenAlexProvenance;
}

/** The `group_by` the share is computed from. */
export const COUNTRY_GROUP_BY = "authorships.institutions.country_code:include_unknown";

/** A request that failed; `fatal` ones (no key, a rejected key, an exhausted budget) stop the fetch. */
class Failure extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly fatal = false,
  ) {
    super(message);
  }
}

interface Got {
  reply: WorksReply;
  response: HttpResponse;
}

/**
 * The `openalex` source: scholarly works mentioning each unit in OpenAlex, per publication year, and the share of
 * them with no author affiliated in China. For each unit and year it searches `/works` (title, abstract and full
 * text) for the unit's terms with `filter=publication_year:<year>` and
 * `group_by=authorships.institutions.country_code:include_unknown`, reading `meta.count` (all works), the `CN`
 * group (works with at least one author affiliated in China) and the `unknown` group (works with no affiliation
 * country). The API key is sent as `api_key` from an environment variable and never appears in provenance,
 * issues or logs.
 *
 * @example
 * ```json
 * { "id": "science", "source": "openalex", "options": { "from": 2022, "to": 2024 } }
 * ```
 */
export const openalexSource = defineSource<OpenAlexSourceOptions>({
  id: "openalex",
  label: "OpenAlex scholarly works",
  description:
    "Counts OpenAlex works mentioning each city per year, and the share with no author affiliated in China",
  options: openalexOptionsSchema,
  fetch: fetchOpenAlex,
});

async function* fetchOpenAlex(
  options: OpenAlexSourceOptions,
  ctx: SourceContext,
): AsyncGenerator<OpenAlexObservation, void, undefined> {
  ctx.signal.throwIfAborted();
  const start = startWebSource("openalex", options, ctx, resolveOpenAlexOptions);
  if (!start) return;
  const { options: o, http, units, where } = start;
  const report = (severity: Issue["severity"], code: string, path: string, message: string) =>
    ctx.report({ severity, code, path, message });
  let years: number[] = [];
  if (o.span) for (let y = o.span.from; y <= o.span.to; y++) years.push(y);
  else {
    const given = ctx.periods ?? [];
    years = [...new Set(given.filter((p) => /^\d{4}$/.test(p)).map(Number))].sort((a, b) => a - b);
    const ignored = given.filter((p) => !/^\d{4}$/.test(p));
    if (ignored.length > 0) {
      report(
        "warning",
        "period-ignored",
        ctx.sourceId,
        `${where} counts works per publication year; the spec's periods ${ignored.map((p) => show(p)).join(", ")} are not years and get no values`,
      );
    }
  }
  if (years.length === 0) {
    report(
      "error",
      "no-periods",
      ctx.sourceId,
      `${where} needs publication years: set \`from\` and \`to\` (\`2022\`, \`2024\`)`,
    );
    return;
  }
  const known = new Set(units.map((u) => u.id));
  for (const key of ["terms", "extraTerms"] as const) {
    for (const unit of o[key].keys()) {
      if (!known.has(unit)) {
        report(
          "warning",
          "unknown-unit",
          ctx.sourceId,
          `${where}: \`${key}\` names ${show(unit)}, which is not a unit of the spec`,
        );
      }
    }
  }

  const ids = o.indicators;
  const wanted = [ids.works, ids.foreignShare].filter((id): id is string => id !== null);
  const total = units.length * years.length;
  let done = 0;
  const source = `openalex:${ctx.sourceId}`;
  const scale = o.shares === "percent" ? 100 : 1;
  const get = (params: Record<string, string>) => getWorks(http, o, params, ctx);

  ctx.progress({ done: 0, total, message: "OpenAlex" });
  for (const unit of units) {
    const { terms, rejected } = unitTerms(unit, o);
    if (terms.length === 0) {
      const raw =
        rejected.length > 0 ? ` (${rejected.map((r) => show(r)).join(", ")} has nothing searchable)` : "";
      report(
        "warning",
        "no-query-term",
        unit.id,
        `unit ${show(unit.id)} has no search term${raw}: give one in \`terms\` or set its \`${o.termFrom}\`; no values for it: ${wanted.map((id) => show(id)).join(", ")}`,
      );
      done += years.length;
      ctx.progress({ done, total, message: "OpenAlex" });
      continue;
    }
    const search = openalexSearch(terms);
    for (const year of years) {
      ctx.signal.throwIfAborted();
      const period = String(year);
      const filter = `publication_year:${year}`;
      const cell = (id: string) => `${unit.id}/${id}/${period}`;
      const out: OpenAlexObservation[] = [];
      try {
        if (ids.foreignShare === null) {
          const all = await get({ search, filter, per_page: "1" });
          out.push(
            observe(unit.id, ids.works ?? "", period, all.reply.count, [all.response], {
              works: all.reply.count,
            }),
          );
        } else {
          const grouped = await get({ search, filter, group_by: COUNTRY_GROUP_BY });
          const { count: n, groups, groupsCount } = grouped.reply;
          const unknown = groups.find((g) => g.key === "UNKNOWN")?.count ?? 0;
          const responses = [grouped.response];
          let domestic: number;
          const only =
            o.domesticCountries.length === 1
              ? groups.find((g) => g.key === o.domesticCountries[0])
              : undefined;
          const complete = groupsCount === undefined || groupsCount <= groups.length;
          if (only) domestic = only.count;
          else if (o.domesticCountries.length === 1 && complete) domestic = 0;
          else {
            // Works with authors in two domestic countries sit in both groups: ask for the union instead.
            const codes = o.domesticCountries.map((c) => c.toLowerCase()).join("|");
            const union = await get({
              search,
              filter: `${filter},authorships.institutions.country_code:${codes}`,
              per_page: "1",
            });
            domestic = union.reply.count;
            responses.push(union.response);
          }
          if (ids.works !== null)
            out.push(observe(unit.id, ids.works, period, n, [grouped.response], { works: n }));
          const basis = { works: n, unknown, domestic };
          const base = o.shareBase === "known" ? n - unknown : n;
          let value: number | null = null;
          if (base <= 0) {
            const what =
              n === 0
                ? `no works match ${search} in ${period}`
                : `none of the ${n} works matching ${search} in ${period} has an author affiliation with a known country`;
            report(
              "warning",
              "no-works",
              cell(ids.foreignShare),
              `${what}, so the share of works from outside China is undefined`,
            );
          } else if (domestic > base) {
            report(
              "warning",
              "inconsistent-counts",
              cell(ids.foreignShare),
              `OpenAlex counts more works with domestic authors (${domestic}) than works to take the share of (${base}) for ${search} in ${period}`,
            );
          } else value = (scale * (base - domestic)) / base;
          out.push(observe(unit.id, ids.foreignShare, period, value, responses, basis));
        }
      } catch (error) {
        if (!(error instanceof Failure)) throw error;
        if (error.fatal) {
          const left = total - done;
          report(
            "error",
            error.code,
            ctx.sourceId,
            `${error.message}; ${left} of ${total} unit-years were not fetched (${wanted.map((id) => show(id)).join(", ")})`,
          );
          return;
        }
        for (const id of wanted) report("error", error.code, cell(id), error.message);
      }
      for (const observation of out) yield observation;
      done++;
      ctx.progress({ done, total, message: `OpenAlex ${unit.id} ${period}` });
    }
  }
  ctx.progress({ done: total, total, message: "OpenAlex done" });

  function observe(
    unit: string,
    indicator: string,
    period: string,
    value: number | null,
    responses: HttpResponse[],
    basis: Record<string, number>,
  ): OpenAlexObservation {
    const inputs = responses.map((r) => ({
      location: withoutMailto(r.url),
      retrieved: r.retrieved,
      hash: r.hash,
    }));
    const main = inputs[0] as OpenAlexInput;
    const provenance: OpenAlexProvenance = { source, ...main, licence: o.licence, basis };
    if (inputs.length > 1) provenance.inputs = inputs;
    return { unit, indicator, period, value, provenance };
  }
}

/** `url` without its `mailto` parameter: an address does not belong in published provenance. */
function withoutMailto(url: string): string {
  const u = new URL(url);
  if (!u.searchParams.has("mailto")) return url;
  u.searchParams.delete("mailto");
  return u.href;
}

/** Sends one `/works` request and reads it; throws a {@link Failure}. */
async function getWorks(
  http: HttpClient,
  o: ResolvedOpenAlexOptions,
  params: Record<string, string>,
  ctx: SourceContext,
): Promise<Got> {
  const url = new URL(`${o.endpoint}/works`);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  if (o.mailto !== undefined) url.searchParams.set("mailto", o.mailto);
  const what = `OpenAlex search ${params.search} (${params.filter}${params.group_by ? `, group_by ${params.group_by}` : ""})`;
  let response: HttpResponse;
  try {
    response = await http.request({
      url: url.href,
      headers: { accept: "application/json" },
      ...(o.apiKeyEnv === null ? {} : { secretQuery: { api_key: o.apiKeyEnv } }),
    });
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    const e = error as { code?: unknown; status?: unknown; message?: unknown };
    const message = typeof e.message === "string" ? e.message : String(error);
    if (e.code === "secret-not-set") {
      throw new Failure(
        "missing-api-key",
        `OpenAlex needs an API key: set the environment variable \`${o.apiKeyEnv}\` to your key (free at https://openalex.org/settings/api), or name another variable in \`apiKeyEnv\``,
        true,
      );
    }
    if (e.status === 401 || e.status === 403) {
      throw new Failure(
        "api-key-rejected",
        `OpenAlex refused the API key in \`${o.apiKeyEnv}\` (HTTP ${e.status}): check the key at https://openalex.org/settings/api`,
        true,
      );
    }
    if (e.status === 429) {
      throw new Failure(
        "rate-limited",
        `OpenAlex still answered HTTP 429 after retries: the key's daily budget may be spent; run again tomorrow (answers already received are cached)`,
        true,
      );
    }
    throw new Failure("request-failed", `${what} failed: ${message}`);
  }
  const read = readWorks(response.text);
  if (!read.ok) throw new Failure("bad-reply", `${what}: ${read.message}`);
  return { reply: read.reply, response };
}
