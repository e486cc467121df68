import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { defineSource, InputError, type Observation, type SourceContext, show } from "@cityindex/core";
import {
  type ResolvedReviewsOptions,
  type ReviewsSourceOptions,
  resolveReviewsOptions,
  reviewsOptionsSchema,
} from "./options.js";
import { readReviews } from "./reviews.js";

/**
 * The `reviews` source: turns a places/reviews file (CSV or JSON Lines) into tourism-reputation indicators per
 * unit and period: a Bayesian-average rating, highly-rated shares by category, review volume and the share of
 * reviews not in Chinese. Problems go to `ctx.report` with the path `<file>:<line>`; a missing file is an
 * `error` issue, not a thrown error.
 *
 * @example
 * ```yaml
 * sources:
 *   - id: reviews
 *     source: reviews
 *     options: { path: data/places.csv, priorMean: 4, units: [beijing, chengdu] }
 * ```
 */
export const reviewsSource = defineSource<ReviewsSourceOptions>({
  id: "reviews",
  label: "Places and reviews",
  description:
    "Turns a places/reviews file (CSV or JSONL) into tourism-reputation indicators per city and period",
  options: reviewsOptionsSchema,
  async *fetch(
    options: ReviewsSourceOptions,
    ctx: SourceContext,
  ): AsyncGenerator<Observation, void, undefined> {
    ctx.signal.throwIfAborted();
    const where = `reviews source ${show(ctx.sourceId)}`;
    const raw = (options ?? {}) as unknown as Record<string, unknown>;
    if (typeof raw.path !== "string" || raw.path.trim() === "") {
      const message = `${where}: option \`path\` must be a non-empty string, got ${show(raw.path)}`;
      ctx.report({ severity: "error", code: "bad-option", path: ctx.sourceId, message });
      return;
    }
    const path = raw.path;
    let resolved: ResolvedReviewsOptions;
    try {
      resolved = resolveReviewsOptions(raw, where);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      ctx.report({ severity: "error", code: "bad-option", path, message: error.message });
      return;
    }
    const full = resolve(ctx.baseDir, path);
    let bytes: Uint8Array;
    try {
      bytes = await readFile(full, { signal: ctx.signal });
    } catch (error) {
      ctx.signal.throwIfAborted();
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
    const message = `reading ${path}`;
    ctx.progress({ done: 0, message });
    const result = readReviews(bytes, resolved, { file: path, source: `reviews:${ctx.sourceId}` });
    for (const { severity, code, path: at, message: text } of result.issues) {
      ctx.report({ severity, code, path: at, message: text });
    }
    ctx.progress({ done: result.rows, total: result.rows, message });
    ctx.logger.debug(`used ${result.used} of ${result.rows} rows of ${path}`);
    for (const observation of result.observations) {
      ctx.signal.throwIfAborted();
      yield observation;
    }
  },
});
