import { Command, CommanderError, Option } from "commander";
import pkg from "../package.json" with { type: "json" };
import { auditCommand } from "./commands/audit.js";
import { buildCommand } from "./commands/build.js";
import { compareCommand } from "./commands/compare.js";
import { type FetchOptions, fetchCommand } from "./commands/fetch.js";
import { importCoinrCommand } from "./commands/import-coinr.js";
import { initCommand } from "./commands/init.js";
import { collect, reportCommand } from "./commands/report.js";
import { CANCELLED, type SensitivityOptions, sensitivityCommand } from "./commands/sensitivity.js";
import { validateCommand } from "./commands/validate.js";
import { commandContext } from "./context.js";
import { type CliIo, resolveIo } from "./io.js";

/** Exit codes of the `cityindex` command. */
export const EXIT = {
  /** Success. */
  ok: 0,
  /** Bad input: an invalid spec, data errors, a file that exists, an unexpected failure. */
  failure: 1,
  /** Usage error: unknown command or option, missing argument. */
  usage: 2,
  /** Cancelled with Ctrl-C (SIGINT) while an analysis ran. */
  cancelled: CANCELLED,
} as const;

/** Commander error codes that mean the command line itself was wrong. */
const USAGE_ERRORS = new Set([
  "commander.unknownCommand",
  "commander.unknownOption",
  "commander.missingArgument",
  "commander.optionMissingArgument",
  "commander.missingMandatoryOptionValue",
  "commander.excessArguments",
  "commander.invalidArgument",
  "commander.conflictingOption",
]);

/**
 * Runs the `cityindex` command line in-process and returns its exit code; it never calls `process.exit`.
 * `argv` holds the arguments only (no `node` and script path): `["build", "index.json", "--out", "dist"]`.
 * Output goes to `io` (default: the process's streams), so tests and other tools can capture it.
 *
 * Exit codes: 0 success; 1 bad input (invalid spec, data errors, an existing file, an unexpected error, whose
 * message is printed, with the stack only under `--debug`); 2 usage error (unknown command or option, missing
 * argument); 130 an analysis (`sensitivity`, `build --plan`) cancelled with Ctrl-C.
 *
 * @example
 * ```ts
 * const code = await runCli(["validate", "index.json", "--json"], { cwd: "/path/to/project" });
 * ```
 */
export async function runCli(argv: readonly string[], io?: CliIo): Promise<number> {
  const resolved = resolveIo(io);
  const ctx = commandContext(resolved);
  let code: number = EXIT.ok;
  const debug = argv.includes("--debug");

  const program = new Command("cityindex")
    .description(
      "Build composite indices from a spec and data: init, validate, fetch, build, report, audit, compare, sensitivity, import-coinr",
    )
    .version(pkg.version, "-v, --version", "print the version")
    .helpOption("-h, --help", "show help")
    .addOption(new Option("--debug", "print stack traces of unexpected errors"))
    .exitOverride()
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({
      writeOut: (s) => resolved.stdout.write(s),
      writeErr: (s) => resolved.stderr.write(s),
      outputError: (s, write) => write(ctx.err.red(s)),
    });

  program
    .command("init")
    .description("create a starter index project (index.json, data.csv, schema, README) in a folder")
    .argument("[dir]", "folder to create the project in", ".")
    .option("-f, --force", "overwrite files that exist")
    .action(async (dir: string, options: { force?: boolean }) => {
      code = await initCommand(ctx, dir, options);
    });

  program
    .command("validate")
    .description("check a spec and its plugins; print every problem at once")
    .argument("<spec>", "the spec file (JSON or YAML)")
    .option("--json", "print a JSON report { ok, issues } instead of text")
    .action(async (spec: string, options: { json?: boolean }) => {
      code = await validateCommand(ctx, spec, options);
    });

  program
    .command("fetch")
    .description(
      "run the spec's sources (web APIs through a response cache), write observations.csv with provenance and fetch-report.json",
    )
    .argument("<spec>", "the spec file (JSON or YAML)")
    .option("-o, --out <dir>", "output folder (default: <spec folder>/output)")
    .option("--cache-dir <dir>", "response cache folder (default: <spec folder>/.cityindex/cache)")
    .option("--refresh", "fetch every response again and rewrite the cache")
    .option("--json", "print a JSON report { ok, issues, outputs, sources, missing } instead of text")
    .option("-q, --quiet", "print only problems")
    .action(async (spec: string, options: FetchOptions) => {
      code = await fetchCommand(ctx, spec, options);
    });

  program
    .command("build")
    .description("read the data, build the index, write results.csv, results.json and the exports")
    .argument("<spec>", "the spec file (JSON or YAML)")
    .option("-o, --out <dir>", "output folder (default: <spec folder>/output)")
    .option(
      "--cache-dir <dir>",
      "web sources' response cache folder (default: <spec folder>/.cityindex/cache)",
    )
    .option("--refresh", "fetch every web response again and rewrite the cache")
    .option(
      "--plan <file>",
      "after the build, run this uncertainty or sensitivity plan (JSON or YAML): its summary goes into results.json, its tables into <out>/sensitivity",
    )
    .option("--json", "print a JSON report { ok, issues, outputs } instead of text")
    .action(async (spec: string, options: Parameters<typeof buildCommand>[2]) => {
      code = await buildCommand(ctx, spec, options);
    });

  program
    .command("report")
    .description("run exporters on a results.json that build wrote, without building the index again")
    .argument("<results>", "the results.json written by `cityindex build`")
    .option("-o, --out <dir>", "output folder (default: the folder of the results file)")
    .option(
      "-e, --exporter <id>",
      "run this exporter instead of the spec's exports (repeatable); options from the spec's entry",
      collect,
    )
    .option("-p, --plugin <package>", "load this plugin too, by package name (repeatable)", collect)
    .option("--spec <spec>", "take plugins and exports from this spec file instead of the result's")
    .option("--json", "print a JSON report { ok, issues, outputs, exporters } instead of text")
    .action(async (results: string, options: Parameters<typeof reportCommand>[2]) => {
      code = await reportCommand(ctx, results, options);
    });

  program
    .command("audit")
    .description(
      "build the index and audit it: data checks, correlations, consistency, importance, robustness",
    )
    .argument("<spec>", "the spec file (JSON or YAML)")
    .option("-o, --out <dir>", "folder for the audit tables (default: <spec folder>/output/audit)")
    .option(
      "-b, --benchmark <csv...>",
      "external rankings to compare with: CSV files with a unit column and a rank (1 = best) or score column",
    )
    .option("--period <period>", "the period to audit (default: the last)")
    .option("--correlation <method>", "pearson, spearman or kendall", "pearson")
    .option("--p-values", "add two-sided p-values to the correlations (R's cor.test, exact = FALSE)")
    .option("--no-removal", "skip leaving each indicator and dimension out (the slow part)")
    .option(
      "--cache-dir <dir>",
      "web sources' response cache folder (default: <spec folder>/.cityindex/cache)",
    )
    .option("--refresh", "fetch every web response again and rewrite the cache")
    .option("--json", "print a JSON report { ok, issues, outputs, flags } instead of text")
    .action(async (spec: string, options: Parameters<typeof auditCommand>[2]) => {
      code = await auditCommand(ctx, spec, options);
    });

  program
    .command("compare")
    .description(
      "compare two results.json files (two editions, or two method choices): scores, ranks, Spearman per node",
    )
    .argument("<a>", "the first results.json written by `cityindex build`")
    .argument("<b>", "the second results.json")
    .option("--period <period>", "the period to compare (default: the last period both results have)")
    .option(
      "-n, --node <id>",
      "a framework node to compare, indicators too (repeatable; default: every aggregate and the root both have)",
      collect,
    )
    .option(
      "-o, --out <dir>",
      "folder for compare.csv and compare-summary.csv (default: <folder of a>/compare)",
    )
    .option("--top <k>", "how many of the root's biggest moves to print", "10")
    .option(
      "--ranks <which>",
      "result (each result's own ranks) or common (ranked again among the units both score)",
      "result",
    )
    .option("--json", "print a JSON report { ok, issues, outputs, comparison } instead of text")
    .action(async (a: string, b: string, options: Parameters<typeof compareCommand>[3]) => {
      code = await compareCommand(ctx, a, b, options);
    });

  program
    .command("sensitivity")
    .description(
      "uncertainty and sensitivity analysis: rebuild the index with the alternatives of a plan; rank intervals, pairwise orders, Sobol indices",
    )
    .usage(
      "<spec> --plan <file> [options]\n       cityindex sensitivity --merge <files...> --out <dir> [options]",
    )
    .argument("[spec]", "the spec file (JSON or YAML); not with --merge")
    .option("--plan <file>", "the plan (JSON or YAML): samples, seed, inputs and their alternatives, targets")
    .option("-o, --out <dir>", "output folder (default: <spec folder>/output/sensitivity)")
    .option(
      "--samples <n>",
      "runs of an uncertainty analysis, base sample N of a sensitivity analysis (overrides the plan)",
    )
    .option("--seed <seed>", "seed of the design (overrides the plan)")
    .option(
      "--type <type>",
      "uncertainty (Monte Carlo) or sensitivity (Saltelli's design, Sobol indices) (overrides the plan)",
    )
    .option(
      "--bootstrap <n>",
      "bootstrap resamples of the Sobol indices' intervals, 0 for none (default: 1000)",
    )
    .option("--keep-runs", "also write runs.csv: every run's alternatives, scores and ranks")
    .option(
      "--shard <i/n>",
      "run only shard i (from 0) of n and write uncertainty.shard-<i>-of-<n>.json, to merge",
    )
    .option(
      "--merge <files...>",
      "merge the shard files that --shard wrote and write the tables (needs --out, no spec)",
    )
    .option("--workers <n>", "worker threads: a number, or auto for one per processor but one (default: 1)")
    .option(
      "--cache-dir <dir>",
      "web sources' response cache folder (default: <spec folder>/.cityindex/cache)",
    )
    .option("--refresh", "fetch every web response again and rewrite the cache")
    .option("--json", "print a JSON report { ok, issues, outputs, overview, sobol } instead of text")
    .action(async (spec: string | undefined, options: SensitivityOptions) => {
      code = await sensitivityCommand(ctx, spec, options);
    });

  program
    .command("import-coinr")
    .description("turn COINr's iData and iMeta tables into index.json and data.csv")
    .argument("<iData>", "COINr's iData table (CSV)")
    .argument("<iMeta>", "COINr's iMeta table (CSV)")
    .requiredOption("-o, --out <dir>", "folder to write index.json, data.csv and index.schema.json into")
    .option("--id <id>", "the spec's id (default: the index's iCode)")
    .option("--title <title>", "the spec's title (default: the index's iName)")
    .option("--period <period>", "the period of every row when iData has no Time column", "1")
    .option("-f, --force", "overwrite files that exist")
    .option("--json", "print a JSON report { ok, issues, outputs } instead of text")
    .action(async (iData: string, iMeta: string, options: Parameters<typeof importCoinrCommand>[3]) => {
      code = await importCoinrCommand(ctx, iData, iMeta, options);
    });

  try {
    await program.parseAsync([...argv], { from: "user" });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === "commander.helpDisplayed" || error.code === "commander.version") return EXIT.ok;
      // `help <command>` exits 0; help shown because no command was given exits 1 in commander: a usage error.
      if (error.code === "commander.help") return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return USAGE_ERRORS.has(error.code) ? EXIT.usage : EXIT.failure;
    }
    const message = error instanceof Error ? error.message : String(error);
    resolved.stderr.write(`${ctx.err.red("cityindex: unexpected error:")} ${message}\n`);
    if (debug && error instanceof Error && error.stack) resolved.stderr.write(`${error.stack}\n`);
    else resolved.stderr.write(ctx.err.dim("(run with --debug for the stack trace)\n"));
    return EXIT.failure;
  }
}
