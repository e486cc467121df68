import type { Issue } from "@cityindex/core";
import { bySeverity, countIssues, formatIssues } from "./format-issues.js";
import { type Palette, paletteFor, type ResolvedIo } from "./io.js";

/** What every command is given. */
export interface CommandContext {
  /** Streams, directory and environment. */
  io: ResolvedIo;
  /** Colours for stdout. */
  out: Palette;
  /** Colours for stderr. */
  err: Palette;
}

/** Makes a command context. */
export function commandContext(io: ResolvedIo): CommandContext {
  return { io, out: paletteFor(io.stdout, io.env), err: paletteFor(io.stderr, io.env) };
}

/** The object `--json` prints: whether the command succeeded, every issue, and the files written. */
export interface JsonReport {
  /** True when the command succeeded (exit code 0). */
  ok: boolean;
  /** Every issue, errors first. */
  issues: Issue[];
  /** Absolute paths of the files written, if any. */
  outputs?: string[];
  /** Anything else the command reports. */
  [key: string]: unknown;
}

/** Prints a `--json` report on stdout. */
export function printJson(ctx: CommandContext, report: JsonReport): void {
  ctx.io.stdout.write(`${JSON.stringify({ ...report, issues: bySeverity(report.issues) }, null, 2)}\n`);
}

/** Prints issues (errors first) and a summary line to stdout or stderr. */
export function printIssues(
  ctx: CommandContext,
  issues: readonly Issue[],
  to: "stdout" | "stderr",
  summary?: string,
): void {
  const palette = to === "stdout" ? ctx.out : ctx.err;
  const stream = ctx.io[to];
  if (issues.length > 0) stream.write(formatIssues(bySeverity(issues), palette));
  if (summary !== undefined) stream.write(`${summary}\n`);
}

export { countIssues };
