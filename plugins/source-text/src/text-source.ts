import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { defineSource, InputError, type Observation, type SourceContext, show } from "@cityindex/core";
import {
  type ResolvedTextOptions,
  resolveTextOptions,
  type TextSourceOptions,
  textOptionsSchema,
} from "./options.js";
import { createLexiconClassifier } from "./score/classifier.js";
import { loadLexicons, readTextPosts } from "./text.js";

/**
 * The `text` source: reads a JSON Lines file of posts or articles, line by line, and turns it into
 * social-media indicators per unit and period: volume, mean sentiment, shares of positive and negative posts,
 * the share not in Chinese, per-language figures, and (when asked) the standard error and a bootstrap
 * interval of the mean sentiment for uncertainty analysis. English is scored with the `sentiment` package
 * (AFINN-165), Chinese by segmenting with jieba and a seed lexicon; `lexicon` adds or replaces lexicons.
 * Problems go to `ctx.report` with the path `<file>:<line>`, and a summary accounts for every line.
 *
 * @example
 * ```yaml
 * sources:
 *   - id: posts
 *     source: text
 *     options: { path: data/posts.jsonl, periodType: quarter, indicators: { sentimentSe: social_sentiment_se } }
 * ```
 */
export const textSource = defineSource<TextSourceOptions>({
  id: "text",
  label: "Posts and articles (text sentiment)",
  description:
    "Turns a JSONL file of posts or articles into volume and sentiment indicators per city and period, in English and Chinese",
  options: textOptionsSchema,
  async *fetch(options: TextSourceOptions, ctx: SourceContext): AsyncGenerator<Observation, void, undefined> {
    ctx.signal.throwIfAborted();
    const where = `text source ${show(ctx.sourceId)}`;
    const raw = (options ?? {}) as unknown as Record<string, unknown>;
    if (typeof raw.path !== "string" || raw.path.trim() === "") {
      const message = `${where}: option \`path\` must be a non-empty string, got ${show(raw.path)}`;
      ctx.report({ severity: "error", code: "bad-option", path: ctx.sourceId, message });
      return;
    }
    const path = raw.path;
    let o: ResolvedTextOptions;
    try {
      o = resolveTextOptions(raw, where);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      ctx.report({ severity: "error", code: "bad-option", path, message: error.message });
      return;
    }
    const full = resolve(ctx.baseDir, path);
    let size: number;
    try {
      const s = await stat(full);
      if (!s.isFile()) throw Object.assign(new Error("it is not a file"), { code: "EISDIR" });
      size = s.size;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const message =
        code === "ENOENT"
          ? `cannot read ${show(path)}: there is no file at ${show(full)}`
          : `cannot read ${show(path)} at ${show(full)}: ${(error as Error).message}`;
      ctx.report({
        severity: "error",
        code: code === "ENOENT" ? "file-not-found" : "file-unreadable",
        path,
        message,
      });
      return;
    }

    const loaded = await loadLexicons(o.lexicon, ctx.baseDir, ctx.signal);
    for (const { severity, code, path: at, message } of loaded.issues)
      ctx.report({ severity, code, path: at, message });
    if (loaded.issues.some((i) => i.severity === "error")) return;
    const classifier = createLexiconClassifier({ lexicons: loaded.lexicons, hmm: o.hmm });

    const message = `reading ${path}`;
    ctx.progress({ done: 0, total: size, message });
    let reported = 0;
    const result = await readTextPosts(
      createReadStream(full, { signal: ctx.signal, highWaterMark: 1 << 16 }),
      o,
      classifier,
      {
        file: path,
        source: `text:${ctx.sourceId}`,
        retrieved: new Date().toISOString(),
        ...(ctx.units ? { unitSpecs: ctx.units } : {}),
        signal: ctx.signal,
        onBytes: (bytes) => {
          if (bytes - reported >= size / 50 || bytes === size) {
            reported = bytes;
            ctx.progress({ done: bytes, total: size, message });
          }
        },
      },
    );
    for (const { severity, code, path: at, message: text } of result.issues) {
      ctx.report({ severity, code, path: at, message: text });
    }
    const s = result.summary;
    const skipped = Object.entries(s.skipped)
      .map(([code, n]) => `${code} ${n}`)
      .join(", ");
    ctx.logger.info(
      `${path}: ${s.lines} lines, ${s.used} posts used (${s.scored} scored, ${s.unscored} not scored), ${s.blank} blank, skipped: ${skipped || "none"}`,
    );
    for (const observation of result.observations) {
      ctx.signal.throwIfAborted();
      yield observation;
    }
  },
});
