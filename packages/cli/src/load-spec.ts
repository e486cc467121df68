import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import {
  createRegistry,
  type Issue,
  type Plugin,
  parseSpecText,
  pointer,
  type Registry,
  type Spec,
  show,
  validateSpec,
} from "@cityindex/core";
import { hasErrors } from "./format-issues.js";
import { loadPlugins } from "./load-plugins.js";

/** A spec file, read, parsed, with its plugins loaded and validated. */
export interface LoadedSpec {
  /** Absolute path of the spec file. */
  file: string;
  /** Its directory: relative paths in the spec are resolved against it. */
  dir: string;
  /** The validated spec with defaults filled in; absent when an issue is an error. */
  spec?: Spec;
  /** Built-in methods plus the spec's plugins. */
  registry: Registry;
  /** The plugins that loaded. */
  plugins: Plugin[];
  /** Every problem: reading, parsing, plugins, validation. */
  issues: Issue[];
}

/**
 * Reads a spec file, parses it (JSON or YAML), loads the plugins it names, registers them and validates the
 * spec against the schema they make. Never throws for bad input: every problem is an issue.
 */
export async function loadSpec(path: string, cwd: string): Promise<LoadedSpec> {
  const file = resolve(cwd, path);
  const dir = dirname(file);
  const issues: Issue[] = [];
  const plugins: Plugin[] = [];
  const registry = createRegistry();
  const out = (): LoadedSpec => ({ file, dir, registry, plugins, issues });

  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    issues.push({
      severity: "error",
      code: code === "ENOENT" ? "file-not-found" : "file-unreadable",
      path: path,
      message:
        code === "ENOENT"
          ? `spec file ${show(path)} does not exist`
          : `spec file ${show(path)} cannot be read: ${(error as Error).message}`,
      source: "cli",
    });
    return out();
  }

  const parsed = parseSpecText(text, { file });
  issues.push(...parsed.issues);
  if (hasErrors(parsed.issues)) return out();

  const value = parsed.value;
  const names = value && typeof value === "object" ? (value as Record<string, unknown>).plugins : undefined;
  const loaded = await loadPlugins(names, dir);
  issues.push(...loaded.issues);
  for (const { plugin, index } of loaded.plugins) {
    try {
      registry.register(plugin);
      plugins.push(plugin);
    } catch (error) {
      issues.push({
        severity: "error",
        code: "plugin-conflict",
        path: pointer("plugins", index),
        message: (error as Error).message,
        source: "plugins",
      });
    }
  }

  const validated = await validateSpec(value, { registry });
  // A plugin name that is not a package name is reported once, by the plugin loader, in plain words.
  const badNames = new Set(loaded.issues.filter((i) => i.code === "bad-plugin-name").map((i) => i.path));
  issues.push(...validated.issues.filter((i) => !badNames.has(i.path)));
  const result = out();
  if (validated.spec && !hasErrors(issues)) result.spec = validated.spec;
  return result;
}
