import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { setImmediate as tick } from "node:timers/promises";
import {
  defineSource,
  InputError,
  type Issue,
  type Observation,
  type SourceContext,
  show,
} from "@cityindex/core";
import {
  type CsvSourceOptions,
  csvOptionsSchema,
  type ResolvedCsvOptions,
  resolveCsvOptions,
  SOURCE_OPTION_KEYS,
} from "./options.js";
import { readCsvTable } from "./table.js";

const report = (ctx: SourceContext, { severity, code, path, message }: Issue): void =>
  ctx.report({ severity, code, path, message });

async function readBytes(path: string, ctx: SourceContext): Promise<Uint8Array | undefined> {
  const full = resolve(ctx.baseDir, path);
  try {
    return await readFile(full, { signal: ctx.signal });
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
    return undefined;
  }
}

/**
 * The `csv` source: reads a wide or long CSV table, in UTF-8 or GB18030, into observations. Every data cell
 * becomes an observation (with `value: null` for a missing-value token) or an issue through `ctx.report`;
 * a missing file is an `error` issue, not a thrown error. Reports progress every 10,000 rows; when `ctx.signal`
 * aborts, the next step throws the signal's reason.
 *
 * @example
 * ```yaml
 * sources:
 *   - id: indicators
 *     source: csv
 *     options: { path: data/indicators.csv, period: "2024", ignore: [name_zh] }
 * ```
 */
export const csvSource = defineSource<CsvSourceOptions>({
  id: "csv",
  label: "CSV table",
  description:
    "Reads a wide or long CSV table (UTF-8 or GB18030) into observations, reporting every bad cell",
  options: csvOptionsSchema,
  async *fetch(options: CsvSourceOptions, ctx: SourceContext): AsyncGenerator<Observation, void, undefined> {
    ctx.signal.throwIfAborted();
    const where = `csv source ${show(ctx.sourceId)}`;
    const raw = (options ?? {}) as unknown as Record<string, unknown>;
    if (typeof raw.path !== "string" || raw.path.trim() === "") {
      const message = `${where}: option \`path\` must be a non-empty string, got ${show(raw.path)}`;
      ctx.report({ severity: "error", code: "bad-option", path: ctx.sourceId, message });
      return;
    }
    const path = raw.path;
    let resolved: ResolvedCsvOptions;
    try {
      resolved = resolveCsvOptions(raw, where, SOURCE_OPTION_KEYS);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      ctx.report({ severity: "error", code: "bad-option", path, message: error.message });
      return;
    }

    const bytes = await readBytes(path, ctx);
    if (bytes === undefined) return;
    ctx.signal.throwIfAborted();
    const message = `reading ${path}`;
    ctx.progress({ done: 0, message });

    // The reader runs 10,000 rows at a time; their observations are handed on one by one.
    const batch: Observation[] = [];
    const reader = readCsvTable(
      bytes,
      resolved,
      { file: path, source: `csv:${ctx.sourceId}` },
      { observation: (o) => batch.push(o), issue: (issue) => report(ctx, issue) },
    );
    for (;;) {
      const step = reader.next();
      for (const observation of batch) {
        yield observation;
        ctx.signal.throwIfAborted();
      }
      batch.length = 0;
      if (step.done) {
        const { rows, encoding, delimiter } = step.value;
        ctx.progress({ done: rows, total: rows, message });
        ctx.logger.debug(
          `read ${rows} rows from ${path} (${encoding}, delimiter ${JSON.stringify(delimiter)})`,
        );
        return;
      }
      ctx.progress({ done: step.value, message });
      await tick(); // lets a timer or I/O callback abort a long read
      ctx.signal.throwIfAborted();
    }
  },
});
