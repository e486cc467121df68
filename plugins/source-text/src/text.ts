import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import {
  InputError,
  type Issue,
  type Observation,
  type ObservationProvenance,
  show,
  type UnitSpec,
} from "@cityindex/core";
import { periodOfPost } from "./dates.js";
import { detectLanguage, normaliseLanguage } from "./language.js";
import { parseLexicon } from "./lexicon.js";
import { LineSplitter } from "./lines.js";
import {
  type LanguageIndicators,
  type ResolvedTextOptions,
  resolveTextOptions,
  type TextSourceOptions,
} from "./options.js";
import { hash32 } from "./prng.js";
import {
  createLexiconClassifier,
  type LexiconInput,
  type PostScore,
  type TextClassifier,
} from "./score/classifier.js";
import { SentimentStats } from "./stats.js";
import { UnitMatcher } from "./units.js";
import { PLUGIN_NAME } from "./version.js";

/** The counts behind one figure, in its provenance (which keys appear depends on the figure). */
export type TextBasis = Record<string, number>;

/** Provenance of a `text` observation: the usual fields, the counts behind the figure and the classifier. */
export interface TextProvenance extends ObservationProvenance {
  /** The counts behind the figure. */
  basis: TextBasis;
  /** The classifier and lexicons used, by language. */
  classifier: string;
}

/** An observation of the `text` source. */
export interface TextObservation extends Observation {
  /** Where the value came from, with the counts behind it. */
  provenance: TextProvenance;
}

/**
 * Every line accounted for: `lines = blank + used + Σ skipped`. `skipped` is keyed by the issue code of the
 * reason (`bad-json`, `bad-date`, `unknown-unit`, `duplicate`, ...).
 */
export interface TextSummary {
  /** Lines in the file (a last line without a line break counts). */
  lines: number;
  /** Bytes read. */
  bytes: number;
  /** Blank lines (only spaces). */
  blank: number;
  /** Posts used. */
  used: number;
  /** Lines skipped, by reason. */
  skipped: Record<string, number>;
  /** Used posts that were scored. */
  scored: number;
  /** Scored posts with no sentiment word (scored 0, neutral). */
  neutral: number;
  /** Used posts in a language the classifier does not score. */
  unscored: number;
}

/** The result of {@link parseText}. */
export interface TextResult {
  /** Figures per unit and period, groups in order of first appearance. */
  observations: TextObservation[];
  /** Every problem, and an `info` summary last. */
  issues: Issue[];
  /** Line counts. */
  summary: TextSummary;
  /** `sha256:` and the hex SHA-256 of the file's bytes. */
  hash: string;
}

/** Options of {@link parseText}: the `text` source's options without `path`, and what a host would give. */
export interface ParseTextOptions extends Omit<TextSourceOptions, "path"> {
  /** The file name used in issue paths and provenance; default `<input>`. */
  file?: string;
  /** The spec source id: provenance `source` is `text:<sourceId>`, or `text` when absent. */
  sourceId?: string;
  /** Directory that lexicon paths are resolved against; default the working directory. */
  baseDir?: string;
  /** The spec's units, for matching ids and labels (a source gets them from its context). */
  unitSpecs?: readonly UnitSpec[];
  /** A classifier to use instead of the built-in lexicon classifier (`lexicon` is then not read). */
  classifier?: TextClassifier;
  /** The retrieval time for provenance; default now. */
  retrieved?: string;
}

/** Where the posts come from, for {@link readTextPosts}. */
export interface TextOrigin {
  /** File name for issue paths and provenance. */
  file: string;
  /** Provenance `source`. */
  source: string;
  /** Retrieval time (ISO 8601). */
  retrieved: string;
  /** The spec's units. */
  unitSpecs?: readonly UnitSpec[];
  /** Stops the read when aborted. */
  signal?: AbortSignal;
  /** Called with the bytes read so far, after each chunk. */
  onBytes?: (bytes: number) => void;
}

type Severity = Issue["severity"];

/** Indicator ids of the figures computed for all posts or for one language. */
type FigureIds = { [K in keyof LanguageIndicators]?: string | null } & {
  sentimentLow?: string | null;
  sentimentHigh?: string | null;
};

/** Issues with a cap per code: after `max` of one code, the rest are counted and rolled into one. */
class IssueLog {
  readonly items: Issue[] = [];
  private readonly more = new Map<string, { severity: Severity; count: number; first: string }>();
  private readonly seen = new Map<string, number>();
  constructor(private readonly max: number) {}

  add(severity: Severity, code: string, path: string, message: string, capped = true): void {
    const n = (this.seen.get(code) ?? 0) + 1;
    this.seen.set(code, n);
    if (capped && n > this.max) {
      const m = this.more.get(code);
      if (m) m.count++;
      else this.more.set(code, { severity, count: 1, first: path });
      return;
    }
    this.items.push({ severity, code, path, message, source: PLUGIN_NAME });
  }

  rollUp(): void {
    for (const [code, m] of this.more) {
      this.items.push({
        severity: m.severity,
        code,
        path: m.first,
        message: `${m.count} more line${m.count === 1 ? "" : "s"} with the same problem (\`${code}\`), from ${m.first} on; only the first ${this.max} are listed (\`maxIssues\`)`,
        source: PLUGIN_NAME,
      });
    }
    this.more.clear();
  }
}

interface Group {
  unit: string;
  period: string;
  all: SentimentStats;
  languages: Map<string, SentimentStats>;
  known: number;
  knownWeight: number;
  nonChinese: number;
  nonChineseWeight: number;
}

const CONTROL = /[\p{Cc}\p{Cf}\p{Cs}\u2028\u2029]/gu;
const SPACES = /\s+/g;
const SAFE_WHITESPACE = new Set(["\n", "\r", "\t"]);
const NUMBER = /^\+?(?:\d+(?:\.\d+)?|\.\d+)$/;

/** NFKC, control and format characters (and lone surrogates) replaced by spaces, spaces collapsed, trimmed. */
function clean(value: string): { text: string; control: boolean } {
  let control = false;
  const text = value
    .normalize("NFKC")
    .replace(CONTROL, (ch) => {
      if (!SAFE_WHITESPACE.has(ch)) control = true;
      return " ";
    })
    .replace(SPACES, " ")
    .trim();
  return { text, control };
}

const isPromise = <T>(v: unknown): v is Promise<T> =>
  v !== null && typeof v === "object" && typeof (v as { then?: unknown }).then === "function";

/**
 * Reads posts from a byte stream with resolved options and a classifier, and aggregates them per unit and
 * period; see {@link parseText}. Lines are read one at a time (at most `maxLineBytes` of a line is held), so
 * the file's size does not matter, only the number of units, periods and (when deduplicating) post ids.
 */
export async function readTextPosts(
  chunks: AsyncIterable<Uint8Array>,
  o: ResolvedTextOptions,
  classifier: TextClassifier,
  origin: TextOrigin,
): Promise<TextResult> {
  const { file } = origin;
  const at = (line: number) => `${file}:${line}`;
  const log = new IssueLog(o.maxIssues);
  const summary: TextSummary = {
    lines: 0,
    bytes: 0,
    blank: 0,
    used: 0,
    skipped: {},
    scored: 0,
    neutral: 0,
    unscored: 0,
  };
  const sha = createHash("sha256");
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const c = o.columns;
  const matcher = new UnitMatcher(o.units, origin.unitSpecs, o.unitMap, o.matchLabels);
  const keep = o.indicators.sentimentLow !== null || o.indicators.sentimentHigh !== null;
  const groups = new Map<string, Group>();
  const unknown = new Map<string, { posts: number; line: number; ambiguous?: string[] }>();
  const seenIds = new Set<string>();
  const unscored = new Map<string, { posts: number; line: number }>();
  const badTags = new Map<string, { posts: number; line: number }>();
  let control: { posts: number; line: number } | undefined;
  let missingWeight: { posts: number; line: number } | undefined;
  const isEnglishWord = classifier.isEnglishWord?.bind(classifier) ?? (() => false);

  const skip = (code: string, line: number, message: string, severity: Severity = "warning"): void => {
    summary.skipped[code] = (summary.skipped[code] ?? 0) + 1;
    log.add(severity, code, at(line), message);
  };
  const note = (map: Map<string, { posts: number; line: number }>, key: string, line: number): void => {
    const n = map.get(key);
    if (n) n.posts++;
    else map.set(key, { posts: 1, line });
  };

  const handle = async (line: number, bytes: Uint8Array | undefined, length: number): Promise<void> => {
    summary.lines++;
    if (bytes === undefined) {
      skip(
        "line-too-long",
        line,
        `line ${line} is ${length} bytes long, over \`maxLineBytes\` (${o.maxLineBytes}); the line is not read`,
      );
      return;
    }
    let raw: string;
    try {
      raw = decoder.decode(bytes);
    } catch {
      skip("bad-encoding", line, `line ${line} is not valid UTF-8; the line is not read`);
      return;
    }
    if (line === 1 && raw.charCodeAt(0) === 0xfeff) raw = raw.slice(1);
    if (raw.trim() === "") {
      summary.blank++;
      return;
    }
    let cells: unknown;
    try {
      cells = JSON.parse(raw);
    } catch (error) {
      skip(
        "bad-json",
        line,
        `line ${line} is not valid JSON (${show((error as Error).message)}); the line is not read`,
      );
      return;
    }
    if (cells === null || typeof cells !== "object" || Array.isArray(cells)) {
      skip(
        "not-an-object",
        line,
        `line ${line} is JSON but not an object (${show(cells)}); the line is not read`,
      );
      return;
    }
    const post = cells as Record<string, unknown>;

    // City
    const rawCity = post[c.city];
    const city =
      typeof rawCity === "string" || typeof rawCity === "number" ? clean(String(rawCity)).text : "";
    if (city === "") {
      skip("missing-city", line, `the post has no city in \`${c.city}\`; the post is not used`);
      return;
    }
    const matched = matcher.match(city);
    if (!("unit" in matched)) {
      const key = city;
      const u = unknown.get(key);
      if (u) u.posts++;
      else
        unknown.set(key, {
          posts: 1,
          line,
          ...("ambiguous" in matched ? { ambiguous: matched.ambiguous } : {}),
        });
      const code = "ambiguous" in matched ? "ambiguous-unit" : "unknown-unit";
      summary.skipped[code] = (summary.skipped[code] ?? 0) + 1;
      return;
    }
    const unit = matched.unit;

    // Date
    const rawDate = post[c.date];
    if (rawDate === undefined || rawDate === null || (typeof rawDate === "string" && rawDate.trim() === "")) {
      skip(
        "missing-date",
        line,
        `the post (city ${show(city)}) has no date in \`${c.date}\`; the post is not used`,
      );
      return;
    }
    const dated = periodOfPost(rawDate, o.periodType);
    if ("reason" in dated) {
      skip("bad-date", line, `cannot read the date ${show(rawDate)}: ${dated.reason}; the post is not used`);
      return;
    }

    // Text
    const parts: string[] = [];
    let badText: unknown;
    for (const field of c.text) {
      const v = post[field];
      if (v === undefined || v === null) continue;
      if (typeof v !== "string") badText ??= v;
      else parts.push(v);
    }
    if (badText !== undefined) {
      skip("bad-text", line, `the text ${show(badText)} is not a string; the post is not used`);
      return;
    }
    if (parts.length === 0) {
      skip(
        "missing-text",
        line,
        `the post has no text in ${c.text.map((t) => `\`${t}\``).join(", ")}; the post is not used`,
      );
      return;
    }
    const cleaned = clean(parts.join("\n"));
    if (cleaned.control) {
      if (control) control.posts++;
      else control = { posts: 1, line };
    }
    const text = cleaned.text;
    if (text === "") {
      skip(
        "empty-text",
        line,
        "the post's text is empty (or only spaces and control characters); the post is not used",
      );
      return;
    }

    // Duplicates
    if (o.dedupe) {
      const id = post[c.id];
      if ((typeof id === "string" && id.trim() !== "") || typeof id === "number") {
        const platform = post[c.platform];
        const key = JSON.stringify([typeof platform === "string" ? platform.trim() : "", String(id).trim()]);
        if (seenIds.has(key)) {
          skip(
            "duplicate",
            line,
            `post ${show(id)} was read before (same platform and id); it is not counted twice`,
            "info",
          );
          return;
        }
        seenIds.add(key);
      }
    }

    // Weight
    let w = 1;
    if (o.weighted) {
      const rawWeight = post[c.weight];
      let value: number | undefined;
      if (rawWeight === undefined || rawWeight === null || rawWeight === "") {
        value = 0;
        if (missingWeight) missingWeight.posts++;
        else missingWeight = { posts: 1, line };
      } else if (typeof rawWeight === "number") value = rawWeight;
      else if (typeof rawWeight === "string" && NUMBER.test(rawWeight.normalize("NFKC").trim())) {
        value = Number(rawWeight.normalize("NFKC").trim());
      }
      if (value === undefined || !Number.isFinite(value) || value < 0) {
        skip(
          "bad-weight",
          line,
          `the weight ${show(rawWeight)} in \`${c.weight}\` is not a number of at least 0; the post is not used`,
        );
        return;
      }
      w = o.weightOffset + value;
    }

    // Precomputed score
    let given: number | undefined;
    if (c.score !== undefined) {
      const v = post[c.score];
      if (v !== undefined && v !== null && v !== "") {
        const n = typeof v === "number" ? v : typeof v === "string" ? Number(v.trim()) : Number.NaN;
        if (!Number.isFinite(n) || n < -1 || n > 1) {
          skip(
            "bad-score",
            line,
            `the score ${show(v)} in \`${c.score}\` is not a number from -1 to 1; the post is not used`,
          );
          return;
        }
        given = n;
      }
    }

    // Language
    let language: string | undefined;
    const rawLanguage = post[c.language];
    if (rawLanguage !== undefined && rawLanguage !== null && rawLanguage !== "") {
      language = typeof rawLanguage === "string" ? normaliseLanguage(rawLanguage) : undefined;
      if (language === undefined) note(badTags, String(rawLanguage).slice(0, 40), line);
    }
    language ??= detectLanguage(text, isEnglishWord);

    // Score
    let scored: PostScore | undefined;
    if (given !== undefined) scored = { score: given, hits: given === 0 ? 0 : 1, tokens: 0 };
    else {
      let r = classifier.score(text, language);
      if (isPromise<PostScore | number | undefined>(r)) r = await r;
      if (typeof r === "number")
        scored = Number.isFinite(r) ? { score: Math.min(1, Math.max(-1, r)), hits: 1, tokens: 0 } : undefined;
      else scored = r;
    }

    // Accumulate
    const groupKey = `${unit}\u0000${dated.period}`;
    let g = groups.get(groupKey);
    if (!g) {
      g = {
        unit,
        period: dated.period,
        all: new SentimentStats(keep),
        languages: new Map(),
        known: 0,
        knownWeight: 0,
        nonChinese: 0,
        nonChineseWeight: 0,
      };
      groups.set(groupKey, g);
    }
    summary.used++;
    g.all.addPost(w);
    if (language !== "und") {
      g.known++;
      g.knownWeight += w;
      if (language !== "zh") {
        g.nonChinese++;
        g.nonChineseWeight += w;
      }
    }
    let byLanguage: SentimentStats | undefined;
    if (o.byLanguage.has(language)) {
      byLanguage = g.languages.get(language);
      if (!byLanguage) g.languages.set(language, (byLanguage = new SentimentStats(false)));
      byLanguage.addPost(w);
    }
    if (scored === undefined) {
      summary.unscored++;
      note(unscored, language, line);
      return;
    }
    summary.scored++;
    const neutral = scored.hits === 0;
    if (neutral) summary.neutral++;
    g.all.addScore(scored.score, w, neutral, o.threshold);
    byLanguage?.addScore(scored.score, w, neutral, o.threshold);
  };

  const splitter = new LineSplitter(o.maxLineBytes);
  for await (const chunk of chunks) {
    origin.signal?.throwIfAborted();
    sha.update(chunk);
    summary.bytes += chunk.length;
    for (const l of splitter.push(chunk)) await handle(l.line, l.bytes, l.length);
    origin.onBytes?.(summary.bytes);
  }
  for (const l of splitter.end()) await handle(l.line, l.bytes, l.length);
  const hash = `sha256:${sha.digest("hex")}`;

  // Problems counted over the whole file
  const byCount = <T extends { posts: number }>(m: Map<string, T>) =>
    [...m].sort((a, b) => b[1].posts - a[1].posts);
  const posts = (n: number) => `${n} post${n === 1 ? "" : "s"}`;
  const are = (n: number) => (n === 1 ? "is" : "are");
  const unknownList = byCount(unknown);
  unknownList.slice(0, o.maxIssues).forEach(([name, u]) => {
    if (u.ambiguous) {
      log.add(
        "warning",
        "ambiguous-unit",
        at(u.line),
        `city ${show(name)} is a label of several units (${u.ambiguous.map((x) => show(x)).join(", ")}); its ${posts(u.posts)} ${are(u.posts)} not used (map it with \`unitMap\`)`,
        false,
      );
    } else {
      log.add(
        "warning",
        "unknown-unit",
        at(u.line),
        `city ${show(name)} is not one of the spec's units; its ${posts(u.posts)} ${are(u.posts)} not used (map it with \`unitMap\` if it is a name of a unit)`,
        false,
      );
    }
  });
  if (unknownList.length > o.maxIssues) {
    const rest = unknownList.slice(o.maxIssues);
    const n = rest.reduce((s, [, u]) => s + u.posts, 0);
    log.add(
      "warning",
      "unknown-unit",
      file,
      `${rest.length} more city names that are not units (${posts(n)}), such as ${rest
        .slice(0, 5)
        .map(([name]) => show(name))
        .join(", ")}, are not used; only the ${o.maxIssues} most frequent are listed (\`maxIssues\`)`,
      false,
    );
  }
  for (const [language, u] of byCount(unscored)) {
    log.add(
      "info",
      "unscored-language",
      at(u.line),
      `${posts(u.posts)} in language ${show(language)} ${u.posts === 1 ? "counts" : "count"} in volume but not in sentiment: there is no lexicon for the language (add one with \`lexicon\`)`,
      false,
    );
  }
  for (const [tag, u] of byCount(badTags)) {
    log.add(
      "info",
      "unknown-language-tag",
      at(u.line),
      `the language ${show(tag)} of ${posts(u.posts)} is not a language tag; the language was detected from the text`,
      false,
    );
  }
  if (control) {
    log.add(
      "info",
      "control-characters",
      at(control.line),
      `control or format characters (such as NUL, bidirectional overrides or zero-width marks) were replaced by spaces in ${posts(control.posts)}`,
      false,
    );
  }
  if (missingWeight) {
    log.add(
      "info",
      "missing-weight",
      at(missingWeight.line),
      `${posts(missingWeight.posts)} ${missingWeight.posts === 1 ? "has" : "have"} no weight in \`${c.weight}\` and count with weight ${o.weightOffset} (\`weightOffset\`)`,
      false,
    );
  }
  log.rollUp();
  if (summary.lines === 0) log.add("warning", "empty-file", file, "the file is empty", false);
  else if (summary.used === 0)
    log.add("warning", "no-posts", file, "no post in the file could be used", false);

  const skipped = Object.values(summary.skipped).reduce((a, b) => a + b, 0);
  const reasons = Object.entries(summary.skipped)
    .map(([code, n]) => `${code} ${n}`)
    .join(", ");
  log.add(
    "info",
    "summary",
    file,
    `read ${summary.lines} lines: ${summary.used} posts used (${summary.scored} scored, ${summary.neutral} of them with no sentiment word; ${summary.unscored} not scored), ${summary.blank} blank, ${skipped} skipped${reasons ? ` (${reasons})` : ""}`,
    false,
  );

  // Figures
  const scale = o.shares === "percent" ? 100 : 1;
  const observations: TextObservation[] = [];
  const { samples, level, seed } = o.bootstrap;
  for (const g of groups.values()) {
    const emit = (
      indicator: string | null | undefined,
      value: number | undefined,
      basis: TextBasis,
    ): void => {
      if (indicator === null || indicator === undefined) return;
      const provenance: TextProvenance = {
        source: origin.source,
        location: file,
        hash,
        retrieved: origin.retrieved,
        basis,
        classifier: classifier.name,
      };
      if (o.licence !== undefined) provenance.licence = o.licence;
      if (o.illustrative !== undefined) provenance.illustrative = o.illustrative;
      observations.push({
        unit: g.unit,
        indicator,
        period: g.period,
        value: value === undefined || Number.isNaN(value) ? null : value,
        provenance,
      });
    };
    const figures = (ids: FigureIds, s: SentimentStats, language: string): void => {
      const se = s.standardError();
      emit(ids.volume, s.volume, { posts: s.posts, volume: s.volume });
      emit(ids.sentiment, s.mean(), {
        scored: s.scored,
        neutral: s.neutral,
        weight: s.weight,
        ...(se === undefined ? {} : { se }),
      });
      emit(ids.sentimentSe, se, { scored: s.scored, weight: s.weight });
      if (ids.sentimentLow || ids.sentimentHigh) {
        const groupSeed = hash32(`${seed}\u0000${g.unit}\u0000${g.period}\u0000${language}`);
        const interval = s.interval(samples, level, groupSeed);
        const basis = { scored: s.scored, samples, level, seed };
        emit(ids.sentimentLow, interval?.[0], basis);
        emit(ids.sentimentHigh, interval?.[1], basis);
      }
      emit(ids.scored, s.scored, { posts: s.posts, scored: s.scored });
      const share = (part: number) => (s.weight > 0 ? (part * scale) / s.weight : undefined);
      emit(ids.sharePositive, share(s.positiveWeight), { scored: s.scored, positive: s.positive });
      emit(ids.shareNegative, share(s.negativeWeight), { scored: s.scored, negative: s.negative });
    };
    const ind = o.indicators;
    figures(ind, g.all, "*");
    emit(ind.nonChineseShare, g.knownWeight > 0 ? (g.nonChineseWeight * scale) / g.knownWeight : undefined, {
      posts: g.known,
      nonChinese: g.nonChinese,
    });
    for (const [language, ids] of o.byLanguage) {
      figures(ids, g.languages.get(language) ?? new SentimentStats(false), language);
    }
  }
  return { observations, issues: log.items, summary, hash };
}

/** A lexicon option with its words read. */
export interface LoadedLexicons {
  /** The lexicons, in order. */
  lexicons: LexiconInput[];
  /** Problems in the files; `error` when a file cannot be read. */
  issues: Issue[];
}

/** Reads the TSV files of `lexicon` options (relative to `baseDir`) into {@link LexiconInput}s. */
export async function loadLexicons(
  options: ResolvedTextOptions["lexicon"],
  baseDir: string,
  signal?: AbortSignal,
): Promise<LoadedLexicons> {
  const out: LoadedLexicons = { lexicons: [], issues: [] };
  const issue = (severity: Severity, code: string, path: string, message: string) =>
    out.issues.push({ severity, code, path, message, source: PLUGIN_NAME });
  for (const entry of options) {
    const words = new Map<string, number>();
    if (entry.path !== undefined) {
      const full = resolve(baseDir, entry.path);
      let text: string;
      try {
        text = await readFile(full, { encoding: "utf8", signal });
      } catch (error) {
        signal?.throwIfAborted();
        const code = (error as NodeJS.ErrnoException).code;
        issue(
          "error",
          code === "ENOENT" ? "lexicon-not-found" : "lexicon-unreadable",
          entry.path,
          code === "ENOENT"
            ? `cannot read the lexicon ${show(entry.path)}: there is no file at ${show(full)}`
            : `cannot read the lexicon ${show(entry.path)} at ${show(full)}: ${(error as Error).message}`,
        );
        continue;
      }
      const parsed = parseLexicon(text);
      for (const p of parsed.problems) issue("warning", p.code, `${entry.path}:${p.line}`, p.message);
      if (parsed.words.size === 0) {
        issue(
          "error",
          "empty-lexicon",
          entry.path,
          `the lexicon ${show(entry.path)} has no \`word<TAB>score\` lines`,
        );
        continue;
      }
      for (const [w, s] of parsed.words) words.set(w, s);
    }
    for (const [w, s] of Object.entries(entry.words)) words.set(w, s);
    out.lexicons.push({
      language: entry.language,
      words,
      mode: entry.mode,
      scale: entry.scale,
      ...(entry.modifiers ? { modifiers: entry.modifiers } : {}),
      name: entry.path ?? "inline words",
    });
  }
  return out;
}

async function* chunksOf(input: string | Uint8Array): AsyncGenerator<Uint8Array> {
  yield typeof input === "string" ? new TextEncoder().encode(input) : input;
}

/**
 * Reads JSON Lines of posts or articles (a string, bytes, or a stream of byte chunks) into social-media
 * indicators per unit and period, without a spec: volume, mean sentiment, shares of positive and negative
 * posts, the share not in Chinese, per-language figures, and the standard error and bootstrap interval of the
 * mean. The `text` source does the same with a file. Throws an `InputError` for a bad option or an unreadable
 * lexicon; problems in the posts are issues.
 *
 * @example
 * ```ts
 * const { observations, summary } = await parseText('{"city":"chengdu","date":"2024-05-01","text":"Love it"}\n', {
 *   units: ["chengdu"],
 * });
 * ```
 */
export async function parseText(
  input: string | Uint8Array | AsyncIterable<Uint8Array>,
  options: ParseTextOptions = {},
): Promise<TextResult> {
  const {
    file = "<input>",
    sourceId,
    baseDir = process.cwd(),
    unitSpecs,
    classifier,
    retrieved = new Date().toISOString(),
    ...rest
  } = options;
  if ("path" in rest) throw new InputError("bad-option", "parseText: unknown option `path`");
  const o = resolveTextOptions(rest as Record<string, unknown>, "parseText");
  let lexiconIssues: Issue[] = [];
  let chosen = classifier;
  if (chosen === undefined) {
    const loaded = await loadLexicons(o.lexicon, baseDir);
    const fatal = loaded.issues.find((i) => i.severity === "error");
    if (fatal) throw new InputError(fatal.code, `parseText: ${fatal.message}`);
    lexiconIssues = loaded.issues;
    chosen = createLexiconClassifier({ lexicons: loaded.lexicons, hmm: o.hmm });
  }
  const chunks = typeof input === "string" || input instanceof Uint8Array ? chunksOf(input) : input;
  const result = await readTextPosts(chunks, o, chosen, {
    file,
    source: sourceId === undefined ? "text" : `text:${sourceId}`,
    retrieved,
    ...(unitSpecs ? { unitSpecs } : {}),
  });
  result.issues.unshift(...lexiconIssues);
  return result;
}
