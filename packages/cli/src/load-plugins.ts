import { readFileSync } from "node:fs";
import { createRequire, isBuiltin } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { definePlugin, type Issue, PACKAGE_NAME_PATTERN, type Plugin, pointer, show } from "@cityindex/core";

/** A package name, as npm accepts it: `name` or `@scope/name`, lowercase, no path. */
const PACKAGE_NAME = new RegExp(PACKAGE_NAME_PATTERN);

/** The conditions a Node `import()` matches in a package's `exports` map. */
const IMPORT_CONDITIONS = new Set(["node", "import", "default"]);

/** A plugin that loaded, and where the spec names it. */
export interface LoadedPlugin {
  /** The package name, as written in the spec. */
  name: string;
  /** Its position in the spec's `plugins` array. */
  index: number;
  /** The plugin. */
  plugin: Plugin;
}

/** What {@link loadPlugins} returns. */
export interface LoadedPlugins {
  /** The plugins that loaded, in spec order. */
  plugins: LoadedPlugin[];
  /** One `error` per plugin that could not be used, with path `/plugins/<i>`. */
  issues: Issue[];
}

/** Options of {@link loadPlugins}. */
export interface LoadPluginsOptions {
  /**
   * Directories to resolve from after `baseDir`, in order. Default: the CLI's own location, so the plugins
   * the CLI depends on (`@cityindex/source-csv`) are found in a folder with no `node_modules`.
   */
  fallbackDirs?: readonly string[];
}

/**
 * Loads the plugins a spec names. `names` is the spec's `plugins` value as parsed (read before validation, so
 * the schema can include the plugins' options); anything but an array of strings is left to validation.
 *
 * Each name must be a package name (`@cityindex/source-csv`): paths and URLs are refused, because a spec is
 * data and must not point at code. A name is resolved from `baseDir` (the spec's directory, as if a
 * `package.json` were there), then from each fallback directory; the package is imported with Node's `import`
 * conditions and its default export (or a named `plugin` export) is taken, after a check by `definePlugin`.
 * Problems are returned as issues, never thrown.
 *
 * @example
 * ```ts
 * const { plugins, issues } = await loadPlugins(parsed.plugins, dirname(specFile));
 * ```
 */
export async function loadPlugins(
  names: unknown,
  baseDir: string,
  options: LoadPluginsOptions = {},
): Promise<LoadedPlugins> {
  const out: LoadedPlugins = { plugins: [], issues: [] };
  if (!Array.isArray(names)) return out;
  const dirs = [baseDir, ...(options.fallbackDirs ?? [cliDir()])];
  for (const [i, name] of names.entries()) {
    const fail = (code: string, message: string) =>
      out.issues.push({ severity: "error", code, path: pointer("plugins", i), message, source: "plugins" });
    if (typeof name !== "string") continue; // the schema reports it
    if (!PACKAGE_NAME.test(name)) {
      fail(
        "bad-plugin-name",
        `plugin ${show(name)} is not a package name; a spec names installed packages, never paths or URLs`,
      );
      continue;
    }
    if (isBuiltin(name)) {
      fail("bad-plugin-name", `plugin ${show(name)} is a Node.js built-in module, not a plugin`);
      continue;
    }
    const file = resolvePackage(name, dirs);
    if (!file) {
      fail(
        "plugin-not-found",
        `plugin ${show(name)} is not installed: run \`npm install ${name}\` in the spec's directory`,
      );
      continue;
    }
    let namespace: Record<string, unknown>;
    try {
      namespace = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    } catch (error) {
      fail("plugin-load-failed", `plugin ${show(name)} failed to load: ${messageOf(error)}`);
      continue;
    }
    const plugin = pickPlugin(namespace);
    if (!plugin) {
      fail(
        "bad-plugin",
        `package ${show(name)} is not a cityindex plugin: it has no default export (or \`plugin\` export) made by definePlugin`,
      );
      continue;
    }
    try {
      definePlugin(plugin);
    } catch (error) {
      fail("bad-plugin", `plugin ${show(name)} is malformed: ${messageOf(error)}`);
      continue;
    }
    out.plugins.push({ name, index: i, plugin });
  }
  return out;
}

/** The directory of this module (the CLI's `dist`, or `src` under a test runner). */
function cliDir(): string {
  return dirname(fileURLToPath(import.meta.url));
}

/** The file `import(name)` would load when run from one of `dirs`, or `undefined` if none has it. */
function resolvePackage(name: string, dirs: readonly string[]): string | undefined {
  for (const dir of dirs) {
    let required: string;
    const require = createRequire(join(resolve(dir), "package.json"));
    try {
      required = require.resolve(name);
    } catch {
      continue;
    }
    return importEntry(name, required) ?? required;
  }
  return undefined;
}

/**
 * `require.resolve` applies the `require` conditions; a dual package's ESM build is what `import` would load.
 * Finds the package's root above `required` and reads its `exports` map with the import conditions.
 */
function importEntry(name: string, required: string): string | undefined {
  let dir = dirname(required);
  for (;;) {
    const manifest = readManifest(join(dir, "package.json"));
    if (manifest?.name === name) {
      const root = exportsRoot(manifest.exports);
      const target = root === undefined ? undefined : pick(root);
      return target?.startsWith("./") ? join(dir, target) : undefined;
    }
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

function readManifest(file: string): { name?: unknown; exports?: unknown } | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as { name?: unknown; exports?: unknown };
  } catch {
    return undefined;
  }
}

/** The `"."` entry of an `exports` field, whether written as sugar (a string or conditions) or as a subpath map. */
function exportsRoot(exports: unknown): unknown {
  if (exports === null || exports === undefined) return undefined;
  if (typeof exports === "string" || Array.isArray(exports)) return exports;
  if (typeof exports !== "object") return undefined;
  const keys = Object.keys(exports);
  return keys.some((k) => k.startsWith(".")) ? (exports as Record<string, unknown>)["."] : exports;
}

/** Resolves conditional exports with {@link IMPORT_CONDITIONS}, in key order as Node does. */
function pick(target: unknown): string | undefined {
  if (typeof target === "string") return target;
  if (Array.isArray(target)) {
    for (const t of target) {
      const found = pick(t);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (target && typeof target === "object") {
    for (const [condition, value] of Object.entries(target)) {
      if (!IMPORT_CONDITIONS.has(condition)) continue;
      const found = pick(value);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** The plugin of a module namespace: `default`, `plugin`, or the same inside a CommonJS `default`. */
function pickPlugin(namespace: Record<string, unknown>): Plugin | undefined {
  const candidates: unknown[] = [namespace.default, namespace.plugin];
  const inner = namespace.default;
  if (inner && typeof inner === "object") {
    candidates.push((inner as Record<string, unknown>).default, (inner as Record<string, unknown>).plugin);
  }
  return candidates.find(isPluginLike) as Plugin | undefined;
}

function isPluginLike(value: unknown): boolean {
  if (!value || typeof value !== "object") return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.name === "string" &&
    (Array.isArray(v.methods) || Array.isArray(v.sources) || Array.isArray(v.exporters))
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
