import { readFile } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";
import { defineSource, type Observation, sha256 } from "@cityindex/core";

/** Options of {@link jsonLinesSource}. */
export type JsonLinesOptions = {
  /** The file, relative to the spec's folder. */
  path: string;
  /** Copied into every observation's provenance. */
  licence?: string;
  /** Marks every observation as illustrative (not measured). */
  illustrative?: boolean;
};

/**
 * Reads observations from a JSON Lines file: one JSON object per line, `{ "unit", "indicator", "period",
 * "value" }`, `value` a number or `null`. Blank lines are skipped. A line that is not JSON, or lacks a field,
 * is reported as an error with its `file:line` and left out; nothing else is dropped.
 *
 * @example
 * // data.jsonl
 * // {"unit":"chengdu","indicator":"flights","period":"2024","value":120}
 */
export const jsonLinesSource = defineSource<JsonLinesOptions>({
  id: "json-lines",
  label: "JSON Lines observations",
  description:
    "Reads observations from a JSON Lines file, one { unit, indicator, period, value } object per line",
  options: {
    type: "object",
    required: ["path"],
    properties: {
      path: { type: "string", minLength: 1, description: "The file, relative to the spec's folder" },
      licence: { type: "string", description: "Copied into every observation's provenance" },
      illustrative: { type: "boolean", description: "Marks every observation as illustrative" },
    },
    additionalProperties: false,
  },
  async *fetch(options, ctx) {
    const file = isAbsolute(options.path) ? options.path : resolve(ctx.baseDir, options.path);
    let bytes: Uint8Array;
    try {
      bytes = await readFile(file);
    } catch (error) {
      ctx.report({
        severity: "error",
        code: "unreadable-file",
        path: options.path,
        message: `cannot read \`${options.path}\`: ${(error as Error).message}`,
      });
      return;
    }
    const hash = sha256(bytes);
    const lines = new TextDecoder().decode(bytes).split(/\r?\n/);
    let count = 0;
    for (const [i, line] of lines.entries()) {
      if (ctx.signal.aborted) return;
      if (line.trim() === "") continue;
      const location = `${options.path}:${i + 1}`;
      const observation = parseLine(line);
      if (typeof observation === "string") {
        ctx.report({ severity: "error", code: "bad-line", path: location, message: observation });
        continue;
      }
      count++;
      yield {
        ...observation,
        provenance: {
          source: `json-lines:${ctx.sourceId}`,
          location,
          hash,
          ...(options.licence === undefined ? {} : { licence: options.licence }),
          ...(options.illustrative ? { illustrative: true } : {}),
        },
      };
    }
    ctx.progress({ done: count, total: count, message: `${count} observations` });
  },
});

/** One line as an observation, or a message saying what is wrong with it. */
function parseLine(line: string): Observation | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return `not JSON: \`${line.length > 60 ? `${line.slice(0, 60)}…` : line}\``;
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) return "expected a JSON object";
  const o = value as Record<string, unknown>;
  for (const key of ["unit", "indicator", "period"]) {
    if (typeof o[key] !== "string" || o[key] === "") return `\`${key}\` must be a non-empty string`;
  }
  if (o.value !== null && (typeof o.value !== "number" || !Number.isFinite(o.value))) {
    return `\`value\` must be a finite number or null, got \`${JSON.stringify(o.value)}\``;
  }
  return {
    unit: o.unit as string,
    indicator: o.indicator as string,
    period: o.period as string,
    value: o.value as number | null,
  };
}
