import { createHash } from "node:crypto";
import { InputError, type Issue, type Observation, type ObservationProvenance, show } from "@cityindex/core";
import { periodOfDate } from "./dates.js";
import { isChineseLanguage } from "./language.js";
import { type ResolvedReviewsOptions, type ReviewsSourceOptions, resolveReviewsOptions } from "./options.js";
import { decodeText, type ReviewRecord, readCsvRecords, readJsonlRecords } from "./records.js";
import { PLUGIN_NAME } from "./version.js";

/**
 * The counts behind one figure, in its provenance. Which keys appear depends on the indicator:
 * rating `rows`, `reviews`, `priorMean`, `priorWeight`; a highly-rated share `places` (with enough reviews) and
 * `highlyRated`; volume `rows` and `reviews`; language share `reviews` (with a language) and `nonChinese`.
 */
export type ReviewBasis = Record<string, number>;

/** Provenance of a `reviews` observation: the usual fields, and the counts behind the figure. */
export interface ReviewsProvenance extends ObservationProvenance {
  /** The counts behind the figure. */
  basis: ReviewBasis;
}

/** An observation of the `reviews` source. */
export interface ReviewsObservation extends Observation {
  /** Where the value came from, with the counts behind it. */
  provenance: ReviewsProvenance;
}

/** The result of {@link parseReviews}. */
export interface ReviewsResult {
  /** The indicators, per unit and period, in order of first appearance. */
  observations: ReviewsObservation[];
  /** Every problem found, in the order found. */
  issues: Issue[];
  /** Rows read, not counting the header and blank lines. */
  rows: number;
  /** Rows used in the figures. */
  used: number;
  /** `sha256:` and the hex SHA-256 of the input bytes. */
  hash: string;
}

/** Options of {@link parseReviews}: the `reviews` source's options without `path`, plus names for the output. */
export interface ParseReviewsOptions extends Omit<ReviewsSourceOptions, "path"> {
  /** The file name used in issue paths, provenance and format detection; default `<input>`. */
  file?: string;
  /** The spec source id: provenance `source` is `reviews:<sourceId>`, or `reviews` when absent. */
  sourceId?: string;
}

interface Place {
  /** Indicator id of the place's category share, if its category is mapped. */
  share: string | undefined;
  /** Reviews behind the place's rating. */
  n: number;
  /** Σ n·r of its rated rows (r on 0–5). */
  nr: number;
}

interface Group {
  unit: string;
  period: string;
  rows: number;
  reviews: number;
  ratedRows: number;
  ratedReviews: number;
  nr: number;
  languageReviews: number;
  nonChinese: number;
  places: Map<string, Place>;
}

const NUMBER = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?$/;

/** Reads a number from a JSON number or a text (`1,234`, full-width digits); `undefined` if it is none. */
function toNumber(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value !== "string") return undefined;
  const s = value.normalize("NFKC").trim();
  if (s === "" || !NUMBER.test(s) || !/\d/.test(s)) return undefined;
  return Number(s.replace(/,/g, ""));
}

/**
 * Reads a places/reviews file's bytes into reputation indicators per unit and period, without a file system.
 * The `reviews` source does the same after reading the file. Throws an `InputError` for a bad option;
 * problems in the file are issues.
 *
 * @example
 * ```ts
 * const { observations } = parseReviews(bytes, { file: "places.csv", priorMean: 4, units: ["chengdu"] });
 * ```
 */
export function parseReviews(bytes: Uint8Array, options: ParseReviewsOptions = {}): ReviewsResult {
  const { file = "<input>", sourceId, ...rest } = options;
  if ("path" in rest) throw new InputError("bad-option", "parseReviews: unknown option `path`");
  const o = resolveReviewsOptions(rest as Record<string, unknown>, "parseReviews");
  return readReviews(bytes, o, { file, source: sourceId === undefined ? "reviews" : `reviews:${sourceId}` });
}

/** Reads a reviews file with resolved options; see {@link parseReviews}. */
export function readReviews(
  bytes: Uint8Array,
  o: ResolvedReviewsOptions,
  origin: { file: string; source: string },
): ReviewsResult {
  const { file } = origin;
  const hash = `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
  const result: ReviewsResult = { observations: [], issues: [], rows: 0, used: 0, hash };
  const issue = (severity: Issue["severity"], code: string, path: string, message: string): void => {
    result.issues.push({ severity, code, path, message, source: PLUGIN_NAME });
  };
  const at = (line: number) => `${file}:${line}`;

  const { text } = decodeText(bytes);
  if (text.trim() === "") {
    issue("error", "empty-file", file, "the file is empty");
    return result;
  }
  const jsonl = o.format === "jsonl" || (o.format === "auto" && /\.(jsonl|ndjson)$/i.test(file));
  const table = jsonl ? readJsonlRecords(text) : readCsvRecords(text);
  for (const p of table.problems) issue("error", p.code, at(p.line), p.message);
  if (table.problems.some((p) => p.code === "bad-csv")) return result;

  // Columns
  const c = o.columns;
  const has = new Set(table.columns);
  const listed =
    table.columns
      .slice(0, 12)
      .map((n) => show(n))
      .join(", ") || "none";
  const headerPath = jsonl ? file : at(table.headerLine);
  let fatal = false;
  const need = (field: string, name: string, why: string): void => {
    if (has.has(name)) return;
    fatal = true;
    issue(
      "error",
      "missing-column",
      headerPath,
      `the file has no ${field} column ${show(name)} (${why}); its columns are ${listed}; set \`columns.${field}\` to the right one`,
    );
  };
  need("city", c.city, "the city of each row");
  need("date", c.date, "the period of each row");
  need("rating", c.rating, "the rating");
  if (o.grain === "place")
    need(
      "reviewCount",
      c.reviewCount,
      "the reviews behind each place's rating; set `grain` to `review` if each row is one review",
    );
  let categories = o.categories;
  if (categories.size > 0 && !has.has(c.category)) {
    issue(
      "warning",
      "missing-column",
      headerPath,
      `the file has no category column ${show(c.category)}, so the highly-rated shares (${[...categories.values()].map((v) => show(v)).join(", ")}) are not computed`,
    );
    categories = new Map();
  }
  let languageId = o.indicators.nonChineseShare;
  if (languageId !== null && !has.has(c.language)) {
    issue(
      "warning",
      "missing-column",
      headerPath,
      `the file has no language column ${show(c.language)}, so ${show(languageId)} is not computed`,
    );
    languageId = null;
  }
  if (fatal) return result;

  // Rows
  const missing = (v: unknown): boolean =>
    v === undefined || v === null || (typeof v === "string" && o.missing.has(v.normalize("NFKC").trim()));
  const textOf = (v: unknown): string => (missing(v) ? "" : String(v).normalize("NFKC").trim());
  const groups = new Map<string, Group>();
  const pooled = new Map<string, { n: number; nr: number }>();
  const unknown = new Map<string, { rows: number; line: number }>();
  const unmapped = new Map<string, { rows: number; line: number }>();
  const seenPlaces = new Map<string, number>();

  const useRow = ({ line, cells }: ReviewRecord): void => {
    const path = at(line);
    const city = textOf(cells[c.city]);
    if (city === "") {
      issue("error", "empty-city", path, `the city in column ${show(c.city)} is empty; the row is not used`);
      return;
    }
    const unit = o.unitMap.get(city) ?? city;
    if (o.units !== undefined && !o.units.has(unit)) {
      const u = unknown.get(unit);
      if (u) u.rows++;
      else unknown.set(unit, { rows: 1, line });
      return;
    }
    const rawDate = cells[c.date];
    const dated = missing(rawDate) ? { reason: "it is empty" } : periodOfDate(rawDate, o.periodType);
    if ("reason" in dated) {
      issue(
        "error",
        "bad-date",
        path,
        `cannot read the date ${show(rawDate ?? "")} (city ${show(city)}): ${dated.reason}; the row is not used`,
      );
      return;
    }
    const period = dated.period;

    let n = 1;
    if (o.grain === "place") {
      const raw = cells[c.reviewCount];
      if (missing(raw)) {
        issue(
          "warning",
          "missing-count",
          path,
          `the review count in column ${show(c.reviewCount)} is missing (city ${show(city)}); the row is not used`,
        );
        return;
      }
      const count = toNumber(raw);
      if (count === undefined || !Number.isInteger(count)) {
        issue(
          "error",
          "bad-count",
          path,
          `cannot read ${show(raw)} in column ${show(c.reviewCount)} as a whole number of reviews; the row is not used`,
        );
        return;
      }
      if (count < 0) {
        issue(
          "error",
          "negative-count",
          path,
          `the review count ${show(raw)} in column ${show(c.reviewCount)} is negative; the row is not used`,
        );
        return;
      }
      n = count;
    }

    let rating: number | undefined;
    const rawRating = cells[c.rating];
    if (!missing(rawRating)) {
      const r = toNumber(rawRating);
      if (r === undefined) {
        issue(
          "error",
          "bad-rating",
          path,
          `cannot read ${show(rawRating)} in column ${show(c.rating)} as a rating; the row is not used`,
        );
        return;
      }
      let scale = o.ratingScale;
      const rawScale = cells[c.ratingScale];
      if (!missing(rawScale)) {
        const s = toNumber(rawScale);
        if (s === undefined || s <= 0) {
          issue(
            "error",
            "bad-scale",
            path,
            `cannot read ${show(rawScale)} in column ${show(c.ratingScale)} as the top of a rating scale; the row is not used`,
          );
          return;
        }
        scale = s;
      }
      if (r < 0 || r > scale) {
        issue(
          "error",
          "rating-out-of-scale",
          path,
          `the rating ${show(rawRating)} is outside its scale 0–${scale} (city ${show(city)}); the row is not used`,
        );
        return;
      }
      rating = scale === 5 ? r : (r * 5) / scale;
    }

    const place = textOf(cells[c.place]);
    const platform = textOf(cells[c.platform]);
    const category = textOf(cells[c.category]).toLowerCase();
    const language = textOf(cells[c.language]);
    const placeKey = place === "" ? `#${line}` : JSON.stringify([platform, place, category]);
    if (o.grain === "place" && place !== "") {
      const key = JSON.stringify([unit, period, platform, place, category, language]);
      const first = seenPlaces.get(key);
      if (first !== undefined) {
        issue(
          "warning",
          "duplicate-place",
          path,
          `place ${show(place)}${platform ? ` on ${show(platform)}` : ""} appears again in ${show(period)} (first on line ${first}); the row is not used, so its reviews are not counted twice`,
        );
        return;
      }
      seenPlaces.set(key, line);
    }

    const groupKey = JSON.stringify([unit, period]);
    let g = groups.get(groupKey);
    if (!g) {
      g = {
        unit,
        period,
        rows: 0,
        reviews: 0,
        ratedRows: 0,
        ratedReviews: 0,
        nr: 0,
        languageReviews: 0,
        nonChinese: 0,
        places: new Map(),
      };
      groups.set(groupKey, g);
    }
    result.used++;
    g.rows++;
    g.reviews += n;
    if (language !== "") {
      g.languageReviews += n;
      if (!isChineseLanguage(language)) g.nonChinese += n;
    }
    let share: string | undefined;
    if (category !== "" && categories.size > 0) {
      share = categories.get(category);
      if (share === undefined) {
        const u = unmapped.get(category);
        if (u) u.rows++;
        else unmapped.set(category, { rows: 1, line });
      }
    }
    if (rating !== undefined && n > 0) {
      g.ratedRows++;
      g.ratedReviews += n;
      g.nr += n * rating;
      const p = pooled.get(period) ?? { n: 0, nr: 0 };
      p.n += n;
      p.nr += n * rating;
      pooled.set(period, p);
      let pl = g.places.get(placeKey);
      if (!pl) g.places.set(placeKey, (pl = { share, n: 0, nr: 0 }));
      pl.n += n;
      pl.nr += n * rating;
    }
  };
  for (const record of table.records) {
    result.rows++;
    useRow(record);
  }

  for (const [unit, u] of unknown) {
    issue(
      "warning",
      "unknown-unit",
      at(u.line),
      `city ${show(unit)} is not one of the spec's units (\`units\`); its ${u.rows} row${u.rows === 1 ? " is" : "s are"} not used (map it with \`unitMap\` if it is a spelling of a unit)`,
    );
  }
  for (const [category, u] of unmapped) {
    issue(
      "info",
      "unmapped-category",
      at(u.line),
      `category ${show(category)} (${u.rows} row${u.rows === 1 ? "" : "s"}) is not in \`categories\`; its places count in the rating and volume but in no highly-rated share`,
    );
  }
  if (result.rows === 0) issue("warning", "no-rows", headerPath, "the file has no rows");

  // Figures
  const scale = o.shares === "percent" ? 100 : 1;
  for (const g of groups.values()) {
    const emit = (indicator: string, value: number | null, basis: ReviewBasis): void => {
      const provenance: ReviewsProvenance = { source: origin.source, location: file, hash, basis };
      if (o.licence !== undefined) provenance.licence = o.licence;
      if (o.illustrative !== undefined) provenance.illustrative = o.illustrative;
      result.observations.push({ unit: g.unit, indicator, period: g.period, value, provenance });
    };
    if (o.indicators.rating !== null) {
      const p = pooled.get(g.period);
      const m = o.priorMean === "pooled" ? (p && p.n > 0 ? p.nr / p.n : Number.NaN) : o.priorMean;
      const C = o.priorWeight;
      const value = g.ratedReviews > 0 ? (C * m + g.nr) / (C + g.ratedReviews) : null;
      emit(o.indicators.rating, value, {
        rows: g.ratedRows,
        reviews: g.ratedReviews,
        priorMean: m,
        priorWeight: C,
      });
    }
    for (const id of new Set(categories.values())) {
      let places = 0;
      let high = 0;
      for (const pl of g.places.values()) {
        if (pl.share !== id || pl.n < o.minReviews || pl.n === 0) continue;
        places++;
        if (pl.nr / pl.n >= o.threshold) high++;
      }
      emit(id, places > 0 ? (high * scale) / places : null, { places, highlyRated: high });
    }
    if (o.indicators.volume !== null)
      emit(o.indicators.volume, g.reviews, { rows: g.rows, reviews: g.reviews });
    if (languageId !== null) {
      const value = g.languageReviews > 0 ? (g.nonChinese * scale) / g.languageReviews : null;
      emit(languageId, value, { reviews: g.languageReviews, nonChinese: g.nonChinese });
    }
  }
  return result;
}
