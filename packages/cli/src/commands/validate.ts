import { relative } from "node:path";
import { type CommandContext, countIssues, printIssues, printJson } from "../context.js";
import { hasErrors } from "../format-issues.js";
import { loadSpec } from "../load-spec.js";

/** Options of `cityindex validate`. */
export interface ValidateOptions {
  /** Print a JSON report instead of text. */
  json?: boolean;
}

/**
 * `cityindex validate <spec>`: parses the spec, loads its plugins and validates it, printing every issue at once
 * and a summary line. Returns 0 when there is no error, 1 otherwise.
 */
export async function validateCommand(
  ctx: CommandContext,
  specPath: string,
  options: ValidateOptions,
): Promise<number> {
  const loaded = await loadSpec(specPath, ctx.io.cwd);
  const ok = !hasErrors(loaded.issues) && loaded.spec !== undefined;
  if (options.json) {
    printJson(ctx, { ok, issues: loaded.issues });
    return ok ? 0 : 1;
  }
  const name = relative(ctx.io.cwd, loaded.file) || loaded.file;
  const counts = countIssues(loaded.issues);
  const summary = ok
    ? ctx.out.green(`${name} is valid`) + (loaded.issues.length > 0 ? ` (${counts})` : "")
    : ctx.out.red(`${name} is not valid: ${counts}`);
  printIssues(ctx, loaded.issues, "stdout", summary);
  return ok ? 0 : 1;
}
