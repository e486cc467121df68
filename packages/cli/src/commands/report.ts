import { dirname, relative, resolve } from "node:path";
import {
  canonicalJson,
  createRegistry,
  type ExportSpec,
  type Issue,
  pointer,
  type Registry,
  type Spec,
  show,
} from "@cityindex/core";
import { type CommandContext, countIssues, printIssues, printJson } from "../context.js";
import { hasErrors } from "../format-issues.js";
import { loadPlugins } from "../load-plugins.js";
import { loadSpec } from "../load-spec.js";
import { readResult } from "../read-result.js";
import { runExporters } from "../write-outputs.js";

/** Options of `cityindex report`. */
export interface ReportOptions {
  /**
   * A spec file whose `plugins` and `exports` are used instead of those embedded in the result, relative to the
   * working directory. Everything else comes from the result.
   */
  spec?: string;
  /** Output directory (default: the folder of the results file), relative to the working directory. */
  out?: string;
  /** Exporter ids to run instead of the spec's `exports`; options come from the spec's entries with that id. */
  exporter?: string[];
  /** More plugins to load, by package name, resolved like the spec's. */
  plugin?: string[];
  /** Print a JSON report instead of text. */
  json?: boolean;
}

const issue = (
  code: string,
  path: string,
  message: string,
  severity: Issue["severity"] = "error",
): Issue => ({
  severity,
  code,
  path,
  message,
  source: "cli",
});

/** The spec without the keys a report may change, for comparing the spec given with the result's. */
const withoutOutputs = (spec: Spec): string =>
  canonicalJson({ ...spec, exports: undefined, plugins: undefined });

/**
 * `cityindex report <results.json>`: reads a result that `cityindex build` wrote, loads the plugins its spec
 * names (or those of `--spec`, plus `--plugin`), and runs the spec's exporters (or those named by `--exporter`)
 * into the output folder, without building the index again. Returns 0 on success, 1 when the file is missing,
 * is not a cityindex result, names an exporter no plugin provides, or an exporter fails.
 */
export async function reportCommand(
  ctx: CommandContext,
  resultPath: string,
  options: ReportOptions,
): Promise<number> {
  const { io } = ctx;
  const quiet = options.json === true;
  const log = (line: string) => {
    if (!quiet) io.stderr.write(`${line}\n`);
  };
  const issues: Issue[] = [];
  const outputs: string[] = [];
  const ran: { exporter: string; plugin: string; files: string[] }[] = [];
  const fail = (): number => {
    if (options.json) printJson(ctx, { ok: false, issues, outputs, exporters: ran });
    else printIssues(ctx, issues, "stderr", ctx.err.red(`report failed: ${countIssues(issues)}`));
    return 1;
  };

  // The result
  const file = resolve(io.cwd, resultPath);
  const result = await readResult(resultPath, io.cwd, issues);
  if (!result) return fail();

  // The spec whose plugins and exports are used, and its registry
  let spec: Spec = result.spec;
  let registry: Registry;
  let baseDir = dirname(file);
  const pluginIssues: Issue[] = [];
  if (options.spec !== undefined) {
    const loaded = await loadSpec(options.spec, io.cwd);
    issues.push(...loaded.issues);
    if (!loaded.spec || hasErrors(loaded.issues)) return fail();
    spec = loaded.spec;
    registry = loaded.registry;
    baseDir = loaded.dir;
    if (withoutOutputs(spec) !== withoutOutputs(result.spec)) {
      issues.push(
        issue(
          "spec-changed",
          options.spec,
          `${show(options.spec)} differs from the spec the result was built with in more than its exports and plugins; the report shows the result as built (run \`cityindex build\` to apply the changes)`,
          "warning",
        ),
      );
    }
  } else {
    registry = createRegistry();
    const loaded = await loadPlugins(spec.plugins ?? [], baseDir);
    pluginIssues.push(...loaded.issues);
    for (const { plugin, index } of loaded.plugins) {
      try {
        registry.register(plugin);
      } catch (error) {
        pluginIssues.push(issue("plugin-conflict", pointer("plugins", index), (error as Error).message));
      }
    }
  }
  if (options.plugin && options.plugin.length > 0) {
    const known = new Set(registry.plugins.map((p) => p.name));
    const extra = await loadPlugins(options.plugin, baseDir);
    for (const i of extra.issues) {
      const at = Number(i.path.split("/").pop());
      pluginIssues.push({ ...i, path: `--plugin ${options.plugin[at] ?? ""}`.trim() });
    }
    for (const { plugin, name } of extra.plugins) {
      if (known.has(plugin.name)) continue;
      try {
        registry.register(plugin);
      } catch (error) {
        pluginIssues.push(issue("plugin-conflict", `--plugin ${name}`, (error as Error).message));
      }
    }
  }

  // The exporters to run
  const entries: { exp: ExportSpec; where: string }[] = [];
  const specExports = spec.exports ?? [];
  if (options.exporter && options.exporter.length > 0) {
    for (const id of [...new Set(options.exporter)]) {
      const named = specExports
        .map((exp, i) => ({ exp, where: pointer("exports", i) }))
        .filter((e) => e.exp.exporter === id);
      entries.push(...(named.length > 0 ? named : [{ exp: { exporter: id }, where: `--exporter ${id}` }]));
    }
  } else {
    entries.push(...specExports.map((exp, i) => ({ exp, where: pointer("exports", i) })));
  }
  if (entries.length === 0) {
    issues.push(
      issue(
        "no-exporters",
        "/exports",
        "the spec names no exporters; name one with `--exporter <id>`, such as `--exporter markdown`",
      ),
    );
    return fail();
  }
  const unknown = entries.filter((e) => registry.exporter(e.exp.exporter) === undefined);
  if (unknown.length > 0) {
    const available = registry.exporters().map((x) => `${x.definition.id} (${x.plugin})`);
    for (const e of unknown) {
      issues.push(
        issue(
          "unknown-exporter",
          e.where,
          `exporter ${show(e.exp.exporter)} is not provided by any plugin loaded (${available.length > 0 ? `the exporters are ${available.join(", ")}` : "no plugin provides an exporter"}); name its plugin in the spec's \`plugins\` or with \`--plugin <package>\``,
        ),
      );
    }
    issues.push(...pluginIssues);
    return fail();
  }
  // A plugin that is not needed here (a source adapter not installed on this machine) does not stop a report.
  issues.push(...pluginIssues.map((i) => ({ ...i, severity: "warning" as const })));

  // Outputs
  const outDir = options.out === undefined ? dirname(file) : resolve(io.cwd, options.out);
  ran.push(...(await runExporters(entries, result, registry, outDir, { cwd: io.cwd, log }, issues, outputs)));
  const ok = !hasErrors(issues);

  if (options.json) {
    printJson(ctx, { ok, issues, outputs, exporters: ran, specHash: result.provenance.specHash });
    return ok ? 0 : 1;
  }
  printIssues(
    ctx,
    issues.filter((i) => i.severity !== "info"),
    "stderr",
  );
  if (!ok) {
    io.stderr.write(`${ctx.err.red(`report failed while writing outputs: ${countIssues(issues)}`)}\n`);
    return 1;
  }
  const title =
    typeof result.spec.title === "string"
      ? result.spec.title
      : (result.spec.title?.en ?? Object.values(result.spec.title ?? {})[0] ?? result.spec.id);
  const rel = (f: string) => relative(io.cwd, f) || f;
  io.stdout.write(
    `${ctx.out.green("Reported")} ${ctx.out.bold(title)} from ${rel(file)} (no rebuild; spec ${result.provenance.specHash.slice(0, 12)})\nWrote ${outputs.map(rel).join(", ")}\n`,
  );
  return 0;
}

/** Collects a repeatable option's values: `--exporter markdown --exporter csv`. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
