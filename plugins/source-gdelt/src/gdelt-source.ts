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
  type GdeltSourceOptions,
  gdeltOptionsSchema,
  type ResolvedGdeltOptions,
  resolveGdeltOptions,
} from "./options.js";
import { dateRange, GDELT_START, isPeriod, periodOfStamp, periodsBetween } from "./periods.js";
import { readReply, type Timeline, type TimelineSeries } from "./replies.js";
import { gdeltQuery } from "./terms.js";

/** One response an observation was computed from. */
export interface GdeltInput {
  /** The request URL. */
  location: string;
  /** When it was retrieved. */
  retrieved: string;
  /** `sha256:` hash of the body. */
  hash: string;
}

/**
 * Provenance of a `gdelt` observation: the usual fields (of the main request), the counts behind the figure and,
 * when a figure needs two requests, both of them in `inputs`.
 */
export interface GdeltProvenance extends ObservationProvenance {
  /**
   * The counts behind the figure: `articles` always; `foreignArticles` for the share; `days` (days with articles
   * and a tone) for the tone; `countries` for the country count.
   */
  basis: Record<string, number>;
  /** Every response used, the main one first, when there is more than one. */
  inputs?: GdeltInput[];
}

/** An observation of the `gdelt` source. */
export interface GdeltObservation extends Observation {
  /** Where the value came from, with the counts behind it. */
  provenance: GdeltProvenance;
}

/** The DOC 2.0 modes the source uses. */
export type GdeltMode = "timelinevolraw" | "timelinetone" | "timelinesourcecountry";

type Answer =
  | { ok: true; timeline: Timeline; response: HttpResponse }
  | { ok: false; code: string; message: string };

type Indicator = keyof ResolvedGdeltOptions["indicators"];

/**
 * The `gdelt` source: news coverage of each unit in the GDELT DOC 2.0 API, per year or month. For each unit it
 * asks `timelinevolraw` for the daily number of articles matching the unit's terms; the same with
 * `-sourcecountry:CH` for articles from outlets outside China; `timelinetone` for the daily average tone; and
 * `timelinesourcecountry` for the countries whose outlets covered it. Throttle notices and rejected queries, which
 * GDELT sends as HTTP 200 text, are told apart from answers: a throttle is retried, a rejected query is an `error`
 * issue naming the query.
 *
 * @example
 * ```json
 * { "id": "news", "source": "gdelt", "options": { "from": "2023", "to": "2024", "extraTerms": { "chongqing": ["Chungking"] } } }
 * ```
 */
export const gdeltSource = defineSource<GdeltSourceOptions>({
  id: "gdelt",
  label: "GDELT DOC 2.0 news coverage",
  description:
    "Counts news articles about each city in GDELT (volume, share from outside China, average tone, source countries)",
  options: gdeltOptionsSchema,
  fetch: fetchGdelt,
});

async function* fetchGdelt(
  options: GdeltSourceOptions,
  ctx: SourceContext,
): AsyncGenerator<GdeltObservation, void, undefined> {
  ctx.signal.throwIfAborted();
  const start = startWebSource("gdelt", options, ctx, resolveGdeltOptions);
  if (!start) return;
  const { options: o, http, units, where } = start;
  const report = (severity: Issue["severity"], code: string, path: string, message: string) =>
    ctx.report({ severity, code, path, message });
  const type = o.periodType;
  let periods: string[];
  if (o.span) periods = periodsBetween(o.span.from, o.span.to, type);
  else {
    const given = ctx.periods ?? [];
    periods = [...new Set(given.filter((p) => isPeriod(p, type)))].sort();
    const ignored = given.filter((p) => !isPeriod(p, type));
    if (ignored.length > 0) {
      report(
        "warning",
        "period-ignored",
        ctx.sourceId,
        `${where} yields ${type} periods; the spec's periods ${ignored.map((p) => show(p)).join(", ")} are not ${type}s and get no values`,
      );
    }
  }
  if (periods.length === 0) {
    report(
      "error",
      "no-periods",
      ctx.sourceId,
      `${where} needs periods: set \`from\` and \`to\` (${type === "year" ? "`2023`, `2024`" : "`2024-01`, `2024-06`"})`,
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
  const wanted = (Object.keys(ids) as Indicator[]).filter((k) => ids[k] !== null);
  const perUnit = 1 + (ids.foreignShare ? 1 : 0) + (ids.tone ? 1 : 0) + (ids.sourceCountries ? 1 : 0);
  const total = units.length * perUnit;
  let done = 0;
  const range = dateRange(periods, type);
  const firstPeriod = GDELT_START.slice(0, type === "year" ? 4 : 7);
  const source = `gdelt:${ctx.sourceId}`;

  const ask = async (mode: GdeltMode, query: string): Promise<Answer> => {
    const url = new URL(o.endpoint);
    url.searchParams.set("query", query);
    url.searchParams.set("mode", mode);
    url.searchParams.set("format", "json");
    url.searchParams.set("startdatetime", range.start);
    url.searchParams.set("enddatetime", range.end);
    try {
      return await askWithRetry(http, url.href, mode, query, o, ctx);
    } finally {
      done++;
      ctx.progress({ done, total, message: `GDELT ${mode}` });
    }
  };

  ctx.progress({ done: 0, total, message: "GDELT" });
  for (const unit of units) {
    ctx.signal.throwIfAborted();
    const { terms, rejected } = unitTerms(unit, o);
    if (terms.length === 0) {
      const raw =
        rejected.length > 0 ? ` (${rejected.map((r) => show(r)).join(", ")} has nothing searchable)` : "";
      report(
        "warning",
        "no-query-term",
        unit.id,
        `unit ${show(unit.id)} has no search term${raw}: give one in \`terms\` or set its \`${o.termFrom}\`; no values for it: ${wanted.map((k) => show(ids[k])).join(", ")}`,
      );
      done += perUnit;
      ctx.progress({ done, total, message: "GDELT" });
      continue;
    }
    const query = gdeltQuery(terms, o.operators);
    const failed = (indicators: Indicator[], answer: Extract<Answer, { ok: false }>) => {
      for (const k of indicators) {
        const id = ids[k];
        if (id) report("error", answer.code, `${unit.id}/${id}`, answer.message);
      }
    };

    const volume = await ask("timelinevolraw", query);
    if (!volume.ok) {
      failed(wanted, volume);
      done += perUnit - 1;
      continue;
    }
    const foreignQuery = [query, ...o.domesticCountries.map((c) => `-sourcecountry:${c}`)].join(" ");
    const foreign = ids.foreignShare ? await ask("timelinevolraw", foreignQuery) : undefined;
    const tone = ids.tone ? await ask("timelinetone", query) : undefined;
    const countries = ids.sourceCountries ? await ask("timelinesourcecountry", query) : undefined;
    if (foreign && !foreign.ok) failed(["foreignShare"], foreign);
    if (tone && !tone.ok) failed(["tone"], tone);
    if (countries && !countries.ok) failed(["sourceCountries"], countries);

    const vol = volume.timeline.series[0];
    const perDate = new Map<string, number>();
    for (const p of vol?.points ?? []) perDate.set(p.date, (perDate.get(p.date) ?? 0) + p.value);
    const articles = sumByPeriod(vol, type);
    const retrievedPeriod =
      type === "year" ? volume.response.retrieved.slice(0, 4) : volume.response.retrieved.slice(0, 7);
    const foreignSums = foreign?.ok ? sumByPeriod(foreign.timeline.series[0], type) : undefined;

    for (const period of periods) {
      const path = (id: string) => `${unit.id}/${id}/${period}`;
      const n = articles.get(period);
      const covered =
        n !== undefined || (vol === undefined && period >= firstPeriod && period <= retrievedPeriod);
      const count = n ?? 0;
      const emit = (
        key: Indicator,
        value: number | null,
        responses: HttpResponse[],
        basis: Record<string, number>,
      ): GdeltObservation | undefined => {
        const id = ids[key];
        if (!id) return undefined;
        return {
          unit: unit.id,
          indicator: id,
          period,
          value,
          provenance: provenance(source, o.licence, responses, basis),
        };
      };
      const missing = (
        key: Indicator,
        code: string,
        message: string,
        responses: HttpResponse[],
        basis: Record<string, number>,
      ) => {
        const id = ids[key];
        if (!id) return undefined;
        report("warning", code, path(id), message);
        return emit(key, null, responses, basis);
      };
      const out: (GdeltObservation | undefined)[] = [];
      if (!covered) {
        const why =
          period < firstPeriod
            ? `GDELT DOC timelines start on ${GDELT_START}`
            : period > retrievedPeriod
              ? `the period is after ${volume.response.retrieved.slice(0, 10)}, when the data was retrieved`
              : "GDELT returned no data points for it";
        const message = `no GDELT data for ${show(period)} for the query \`${query}\`: ${why}`;
        const answers = { articles: volume, foreignShare: foreign, tone, sourceCountries: countries };
        for (const key of wanted) {
          const answer = answers[key];
          if (answer?.ok) out.push(missing(key, "no-data", message, [answer.response], {}));
        }
      } else {
        out.push(emit("articles", count, [volume.response], { articles: count }));
        if (foreign?.ok) {
          const f = foreignSums?.get(period) ?? 0;
          const responses = [foreign.response, volume.response];
          const basis = { articles: count, foreignArticles: f };
          if (count === 0) {
            out.push(
              missing(
                "foreignShare",
                "no-articles",
                `no articles matched \`${query}\` in ${show(period)}, so the share from outside China is undefined`,
                responses,
                basis,
              ),
            );
          } else if (f > count) {
            out.push(
              missing(
                "foreignShare",
                "inconsistent-counts",
                `GDELT counted more articles from outside China (${f}) than in all (${count}) for \`${query}\` in ${show(period)}`,
                responses,
                basis,
              ),
            );
          } else
            out.push(
              emit("foreignShare", (o.shares === "percent" ? 100 : 1) * (f / count), responses, basis),
            );
        }
        if (tone?.ok) {
          let weight = 0;
          let sum = 0;
          let days = 0;
          for (const p of tone.timeline.series[0]?.points ?? []) {
            if (periodOfStamp(p.date, type) !== period) continue;
            const w = perDate.get(p.date) ?? 0;
            if (w <= 0) continue;
            weight += w;
            sum += w * p.value;
            days++;
          }
          const responses = [tone.response, volume.response];
          const basis = { articles: weight, days };
          if (weight === 0) {
            out.push(
              missing(
                "tone",
                "no-articles",
                `no articles with a tone matched \`${query}\` in ${show(period)}, so the average tone is undefined`,
                responses,
                basis,
              ),
            );
          } else out.push(emit("tone", sum / weight, responses, basis));
        }
        if (countries?.ok) {
          let c = 0;
          for (const s of countries.timeline.series) {
            if (o.domesticNames.has(s.name.trim().toLowerCase())) continue;
            if (s.points.some((p) => p.value > 0 && periodOfStamp(p.date, type) === period)) c++;
          }
          out.push(
            emit("sourceCountries", c, [countries.response, volume.response], {
              articles: count,
              countries: c,
            }),
          );
        }
      }
      for (const observation of out) if (observation) yield observation;
    }
  }
  ctx.progress({ done: total, total, message: "GDELT done" });
}

/** Sums a series' values per period; a period is present when at least one point falls in it. */
function sumByPeriod(
  series: TimelineSeries | undefined,
  type: ResolvedGdeltOptions["periodType"],
): Map<string, number> {
  const out = new Map<string, number>();
  for (const p of series?.points ?? []) {
    const period = periodOfStamp(p.date, type);
    if (period !== undefined) out.set(period, (out.get(period) ?? 0) + p.value);
  }
  return out;
}

function provenance(
  source: string,
  licence: string,
  responses: HttpResponse[],
  basis: Record<string, number>,
): GdeltProvenance {
  const main = responses[0] as HttpResponse;
  const out: GdeltProvenance = {
    source,
    location: main.url,
    retrieved: main.retrieved,
    hash: main.hash,
    licence,
    basis,
  };
  if (responses.length > 1) {
    out.inputs = responses.map((r) => ({ location: r.url, retrieved: r.retrieved, hash: r.hash }));
  }
  return out;
}

/** Sends one request, waiting and retrying while GDELT answers with its throttle notice. */
async function askWithRetry(
  http: HttpClient,
  url: string,
  mode: GdeltMode,
  query: string,
  o: ResolvedGdeltOptions,
  ctx: SourceContext,
): Promise<Answer> {
  for (let attempt = 0; ; attempt++) {
    let response: HttpResponse;
    try {
      // A throttle notice is HTTP 200, so a cache may hold one: retries go to the network, and the answer
      // they get replaces the notice in the cache.
      response = await http.request({
        url,
        headers: { accept: "application/json" },
        ...(attempt > 0 ? { cache: "refresh" as const } : {}),
      });
    } catch (error) {
      if (ctx.signal.aborted) throw error;
      const message = error instanceof Error ? error.message : String(error);
      return {
        ok: false,
        code: "request-failed",
        message: `GDELT ${mode} request for \`${query}\` failed: ${message}`,
      };
    }
    const reply = readReply(response.headers, response.text);
    if (reply.kind === "timeline") return { ok: true, timeline: reply.timeline, response };
    if (reply.kind === "throttle") {
      if (attempt < o.throttleRetries) {
        const wait = response.fromCache ? 0 : o.throttleWaitMs * (attempt + 1);
        ctx.logger.info(
          `GDELT asked to slow down (${quote(reply.message)}) on ${mode} for \`${query}\`; retrying in ${wait} ms (attempt ${attempt + 2} of ${o.throttleRetries + 1})`,
        );
        await pause(wait, ctx.signal);
        continue;
      }
      return {
        ok: false,
        code: "throttled",
        message: `GDELT still asked to slow down after ${attempt + 1} attempts at ${mode} for \`${query}\`: ${quote(reply.message)}; run again later (answers already received are cached)`,
      };
    }
    if (reply.kind === "rejected") {
      return {
        ok: false,
        code: "query-rejected",
        message: `GDELT rejected the query \`${query}\` (${mode}): ${quote(reply.message)}; check \`terms\`, \`extraTerms\` and \`operators\``,
      };
    }
    return {
      ok: false,
      code: "bad-reply",
      message: `GDELT's ${mode} reply for \`${query}\` cannot be read: ${reply.message}`,
    };
  }
}

/** `text` in backticks, its own backticks turned into quotes. */
function quote(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

/** Waits `ms` milliseconds, or rejects when `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  signal.throwIfAborted();
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
