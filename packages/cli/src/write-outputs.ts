import { mkdir, writeFile } from "node:fs/promises";
import { dirname, relative } from "node:path";
import {
  type ExportSpec,
  type IndexResult,
  type Issue,
  type OutputFile,
  type Registry,
  show,
} from "@cityindex/core";
import { outputPath } from "./output-path.js";

/**
 * Writes a file (making its folder), records its path in `outputs`, and on failure adds a `cannot-write` issue
 * (path relative to `cwd`) and resolves to false.
 */
export async function writeOutput(
  file: string,
  contents: string | Uint8Array,
  cwd: string,
  issues: Issue[],
  outputs: string[],
): Promise<boolean> {
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, contents);
  } catch (error) {
    issues.push({
      severity: "error",
      code: "cannot-write",
      path: relative(cwd, file) || file,
      message: `cannot write ${show(file)}: ${(error as Error).message}`,
      source: "cli",
    });
    return false;
  }
  outputs.push(file);
  return true;
}

/** What one exporter wrote. */
export interface ExporterRun {
  /** The exporter's id. */
  exporter: string;
  /** The plugin that provides it. */
  plugin: string;
  /** Absolute paths of the files it wrote. */
  files: string[];
}

/**
 * Runs exporters on a result and writes their files under `outDir`, as `build` and `report` do: an exporter
 * that throws is an `exporter-failed` error at its spec path, a file outside the output folder a
 * `bad-output-path` error, and the other exporters still run. Each exporter must be registered in `registry`.
 */
export async function runExporters(
  exports: readonly { exp: ExportSpec; where: string }[],
  result: IndexResult,
  registry: Registry,
  outDir: string,
  io: { cwd: string; log: (line: string) => void },
  issues: Issue[],
  outputs: string[],
): Promise<ExporterRun[]> {
  const { log } = io;
  const ran: ExporterRun[] = [];
  for (const { exp, where } of exports) {
    const registered = registry.exporter(exp.exporter);
    if (!registered)
      throw new Error(`exporter ${show(exp.exporter)} is not registered, although it was checked`);
    let files: OutputFile[];
    try {
      files = await registered.definition.export(result, exp.options ?? {}, {
        logger: {
          debug: () => {},
          info: (m) => log(`  [${registered.plugin}] ${m}`),
          warn: (m) => log(`  [${registered.plugin}] warning: ${m}`),
        },
        progress: () => {},
      });
    } catch (error) {
      issues.push({
        severity: "error",
        code: "exporter-failed",
        path: where,
        message: `exporter ${show(exp.exporter)} failed: ${(error as Error).message ?? String(error)}`,
        source: registered.plugin,
      });
      continue;
    }
    const written: string[] = [];
    for (const f of files) {
      const target = outputPath(outDir, f.path);
      if (!target) {
        issues.push({
          severity: "error",
          code: "bad-output-path",
          path: where,
          message: `exporter ${show(exp.exporter)} tried to write ${show(f.path)}, outside the output directory`,
          source: registered.plugin,
        });
        continue;
      }
      if (await writeOutput(target, f.contents, io.cwd, issues, outputs)) written.push(target);
    }
    ran.push({ exporter: exp.exporter, plugin: registered.plugin, files: written });
    log(`export ${exp.exporter}: ${files.length} file${files.length === 1 ? "" : "s"}`);
  }
  return ran;
}
