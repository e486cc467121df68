import { mkdir, writeFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { createRegistry, type Issue, show, specSchema } from "@cityindex/core";
import csvPlugin from "@cityindex/source-csv";
import { type CommandContext, printIssues } from "../context.js";
import { exists } from "../files.js";
import { STARTER_DATA, starterReadme, starterSpec } from "../init-template.js";

/** Options of `cityindex init`. */
export interface InitOptions {
  /** Overwrite files that exist. */
  force?: boolean;
}

/** The schema file's name, next to the spec. */
export const SCHEMA_FILE = "index.schema.json";

/**
 * `cityindex init [dir]`: writes a starter project (`index.json`, `data.csv`, `index.schema.json`,
 * `README.md`) that `cityindex build index.json` builds at once. Refuses to overwrite a file unless `force`.
 * Returns 0, or 1 when a file exists.
 */
export async function initCommand(
  ctx: CommandContext,
  dir: string | undefined,
  options: InitOptions,
): Promise<number> {
  const target = resolve(ctx.io.cwd, dir ?? ".");
  const files: [string, string][] = [
    ["index.json", `${JSON.stringify(starterSpec(SCHEMA_FILE), null, 2)}\n`],
    ["data.csv", STARTER_DATA],
    [SCHEMA_FILE, `${JSON.stringify(schemaWithPlugins(), null, 2)}\n`],
    ["README.md", starterReadme(SCHEMA_FILE)],
  ];
  if (!options.force) {
    const existing: Issue[] = [];
    for (const [name] of files) {
      if (await exists(join(target, name))) {
        existing.push({
          severity: "error",
          code: "file-exists",
          path: relative(ctx.io.cwd, join(target, name)),
          message: `${show(name)} already exists; use --force to overwrite it`,
          source: "cli",
        });
      }
    }
    if (existing.length > 0) {
      printIssues(ctx, existing, "stderr", ctx.err.red("init wrote nothing"));
      return 1;
    }
  }
  await mkdir(target, { recursive: true });
  for (const [name, text] of files) await writeFile(join(target, name), text);
  const where = relative(ctx.io.cwd, target) || ".";
  ctx.io.stdout.write(
    `${ctx.out.green("Created")} ${files.map(([n]) => join(where, n)).join(", ")}\n` +
      `Next: ${where === "." ? "" : `cd ${where} && `}cityindex build index.json\n`,
  );
  return 0;
}

/** The spec schema with the built-in methods and the plugins the CLI ships with. */
export function schemaWithPlugins(): object {
  return specSchema(createRegistry([csvPlugin]));
}
