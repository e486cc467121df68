import { mkdir, writeFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import {
  coinrToSpec,
  createRegistry,
  formatCsv,
  type Issue,
  type Spec,
  show,
  validateSpec,
} from "@cityindex/core";
import csvPlugin from "@cityindex/source-csv";
import { type CommandContext, countIssues, printIssues, printJson } from "../context.js";
import { exists } from "../files.js";
import { hasErrors } from "../format-issues.js";
import { readCsvRecords } from "../read-csv-records.js";
import { SCHEMA_FILE, schemaWithPlugins } from "./init.js";

/** Options of `cityindex import-coinr`. */
export interface ImportCoinrOptions {
  /** Directory to write `index.json`, `data.csv` and the schema into. */
  out: string;
  /** The spec's id. */
  id?: string;
  /** The spec's title. */
  title?: string;
  /** The period of every row when iData has no `Time` column. */
  period?: string;
  /** Overwrite files that exist. */
  force?: boolean;
  /** Print a JSON report instead of text. */
  json?: boolean;
}

/**
 * `cityindex import-coinr <iData.csv> <iMeta.csv> --out <dir>`: turns COINr's two tables into `index.json`
 * (reading `data.csv` with the csv source) and `data.csv` (long: unit, indicator, period, value), so that
 * `cityindex build <dir>/index.json` runs at once. Writes nothing when either table has an error.
 */
export async function importCoinrCommand(
  ctx: CommandContext,
  iDataPath: string,
  iMetaPath: string,
  options: ImportCoinrOptions,
): Promise<number> {
  const { io } = ctx;
  const issues: Issue[] = [];
  const outputs: string[] = [];
  const finish = (ok: boolean, summary?: string): number => {
    if (options.json) printJson(ctx, { ok, issues, outputs });
    else if (!ok) printIssues(ctx, issues, "stderr", ctx.err.red(`import failed: ${countIssues(issues)}`));
    else {
      printIssues(
        ctx,
        issues.filter((i) => i.severity !== "info"),
        "stderr",
      );
      if (summary) io.stdout.write(summary);
    }
    return ok ? 0 : 1;
  };

  const [iData, iMeta] = await Promise.all([
    readCsvRecords(resolve(io.cwd, iDataPath), iDataPath),
    readCsvRecords(resolve(io.cwd, iMetaPath), iMetaPath),
  ]);
  issues.push(...iData.issues, ...iMeta.issues);
  if (hasErrors(issues)) return finish(false);

  const imported = coinrToSpec(iData.rows, iMeta.rows, {
    id: options.id,
    title: options.title,
    period: options.period,
  });
  issues.push(...imported.issues);
  if (!imported.spec || hasErrors(issues)) return finish(false);

  const spec: Spec = {
    $schema: `./${SCHEMA_FILE}`,
    ...imported.spec,
    sources: [{ id: "data", source: "csv", options: { path: "data.csv", layout: "long" } }],
    plugins: [csvPlugin.name],
  };
  const registry = createRegistry([csvPlugin]);
  const validated = await validateSpec(spec, { registry });
  issues.push(...validated.issues);
  if (hasErrors(validated.issues)) return finish(false);

  const outDir = resolve(io.cwd, options.out);
  const files: [string, string][] = [
    ["index.json", `${JSON.stringify(spec, null, 2)}\n`],
    [
      "data.csv",
      formatCsv([
        ["unit", "indicator", "period", "value"],
        ...imported.observations.map((o) => [o.unit, o.indicator, o.period, o.value]),
      ]),
    ],
    [SCHEMA_FILE, `${JSON.stringify(schemaWithPlugins(), null, 2)}\n`],
  ];
  if (!options.force) {
    for (const [name] of files) {
      const file = join(outDir, name);
      if (await exists(file)) {
        issues.push({
          severity: "error",
          code: "file-exists",
          path: relative(io.cwd, file),
          message: `${show(name)} already exists; use --force to overwrite it`,
          source: "cli",
        });
      }
    }
    if (hasErrors(issues)) return finish(false);
  }
  await mkdir(outDir, { recursive: true });
  for (const [name, text] of files) {
    await writeFile(join(outDir, name), text);
    outputs.push(join(outDir, name));
  }

  const framework = Array.isArray(spec.framework) ? spec.framework : [];
  const inFramework = new Set(framework.map((n) => n.id));
  const parents = new Set(framework.map((n) => n.parent));
  const indicators = spec.indicators.filter((i) => inFramework.has(i.id)).length;
  const auxiliary = spec.indicators.length - indicators;
  const aggregates = framework.filter((n) => parents.has(n.id)).length;
  const periods = new Set(imported.observations.map((o) => o.period)).size;
  const rel = (f: string) => relative(io.cwd, f) || f;
  const specFile = rel(join(outDir, "index.json"));
  return finish(
    true,
    `${ctx.out.green("Imported")} ${spec.units.length} units, ${indicators} indicators` +
      (auxiliary > 0 ? ` (+${auxiliary} denominators)` : "") +
      `, ${aggregates} aggregates, ${periods} period${periods === 1 ? "" : "s"}\n` +
      `Wrote ${outputs.map(rel).join(", ")}\n` +
      `Next: cityindex build ${specFile}\n`,
  );
}
