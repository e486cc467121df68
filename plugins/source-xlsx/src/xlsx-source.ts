import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { defineSource, InputError, type Observation, type SourceContext, show } from "@cityindex/core";
import {
  type ResolvedXlsxOptions,
  resolveXlsxOptions,
  type XlsxSourceOptions,
  xlsxOptionsSchema,
} from "./options.js";
import { readXlsxWorkbook } from "./workbook.js";

/**
 * The `xlsx` source: reads one sheet of an Excel workbook (wide or long) into observations. Every data cell
 * becomes an observation (with `value: null` for a missing value or an Excel error) or an issue through
 * `ctx.report`, with its path `<file>:<sheet>!<cell>`; a missing file, a file that is not `.xlsx` and a sheet
 * that is not there are `error` issues, not thrown errors.
 *
 * @example
 * ```yaml
 * sources:
 *   - id: exchanges
 *     source: xlsx
 *     options: { path: data/exchanges.xlsx, sheet: "2024", headerRow: [2, 3], period: "2024" }
 * ```
 */
export const xlsxSource = defineSource<XlsxSourceOptions>({
  id: "xlsx",
  label: "Excel workbook",
  description: "Reads a wide or long sheet of an Excel workbook into observations, reporting every bad cell",
  options: xlsxOptionsSchema,
  async *fetch(options: XlsxSourceOptions, ctx: SourceContext): AsyncGenerator<Observation, void, undefined> {
    ctx.signal.throwIfAborted();
    const where = `xlsx source ${show(ctx.sourceId)}`;
    const raw = (options ?? {}) as unknown as Record<string, unknown>;
    if (typeof raw.path !== "string" || raw.path.trim() === "") {
      const message = `${where}: option \`path\` must be a non-empty string, got ${show(raw.path)}`;
      ctx.report({ severity: "error", code: "bad-option", path: ctx.sourceId, message });
      return;
    }
    const path = raw.path;
    let resolved: ResolvedXlsxOptions;
    try {
      resolved = resolveXlsxOptions(raw, where);
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
          : code === "EISDIR"
            ? `cannot read ${show(path)}: ${show(full)} is a directory`
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
    const observations: Observation[] = [];
    const summary = await readXlsxWorkbook(
      bytes,
      resolved,
      { file: path, source: `xlsx:${ctx.sourceId}` },
      {
        observation: (o) => observations.push(o),
        issue: ({ severity, code, path: at, message: text }) =>
          ctx.report({ severity, code, path: at, message: text }),
      },
    );
    ctx.progress({ done: summary.rows, total: summary.rows, message });
    if (summary.sheet !== undefined) {
      ctx.logger.debug(`read ${summary.rows} rows from sheet ${show(summary.sheet)} of ${path}`);
    }
    for (const observation of observations) {
      ctx.signal.throwIfAborted();
      yield observation;
    }
  },
});
