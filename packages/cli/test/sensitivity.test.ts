import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import {
  analyseUncertainty,
  rankStatistics,
  UNCERTAINTY_FORMAT,
  type UncertaintyPlan,
} from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { commandContext } from "../src/context.js";
import { resolveIo } from "../src/io.js";
import { readSpecAndData } from "../src/read-and-build.js";
import { runCli } from "../src/run-cli.js";
import { run, tempDir } from "./helpers.js";

const PLAN: UncertaintyPlan = {
  samples: 40,
  seed: 3,
  inputs: [
    {
      id: "normalisation",
      step: "normalise",
      alternatives: [{ method: "min-max", options: { range: [1, 100] } }, { method: "rank" }],
    },
    { id: "weights", noise: [{ level: 1, factor: 0.5 }], sets: 10 },
    {
      id: "aggregation",
      step: "aggregate",
      alternatives: [{ method: "arithmetic" }, { method: "geometric" }],
    },
  ],
};

const RANK_HEADER =
  "unit,nominal_score,nominal_rank,mean_rank,median_rank,p5_rank,p95_rank,best_rank,worst_rank,top_1,top_3,top_5,top_10,stable_within_3,runs_ranked,runs_unranked";

/** The starter project of `cityindex init` (5 cities) with `plan.json`. */
async function project(plan: UncertaintyPlan = PLAN): Promise<string> {
  const dir = await tempDir();
  const init = await run(dir, "init");
  expect(init.code).toBe(0);
  await writeFile(join(dir, "plan.json"), JSON.stringify(plan, null, 2));
  return dir;
}

const lines = async (file: string): Promise<string[]> => (await readFile(file, "utf8")).trimEnd().split("\n");

/** A plugin package with a normalisation: the min-max share, squared, onto [1, 100]. */
const SQUARED_PLUGIN = `
export default {
  name: "cityindex-test-squared",
  methods: [{
    stage: "normalise",
    id: "squared",
    label: "Squared min-max",
    description: "The min-max share, squared, onto [1, 100]",
    options: { type: "object", properties: {}, additionalProperties: false },
    properties: { deterministic: true, usesWholeSample: true },
    normalise(x) {
      const present = Array.from(x).filter((v) => !Number.isNaN(v));
      const min = Math.min(...present);
      const max = Math.max(...present);
      return Float64Array.from(x, (v) => 1 + 99 * ((v - min) / (max - min)) ** 2);
    },
  }],
};
`;

/** The files of the built binary, which the worker threads need (`npx tsup` in packages/cli). */
const CLI_DIR = fileURLToPath(new URL("..", import.meta.url));
const BIN = join(CLI_DIR, "bin", "cityindex.js");
const WORKER = join(CLI_DIR, "dist", "sensitivity-worker.js");

/** Runs the built `cityindex` binary in `cwd`. */
async function runBin(
  cwd: string,
  ...argv: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  expect(existsSync(WORKER), `${WORKER} is missing: build the package first (npx tsup)`).toBe(true);
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...argv], {
      cwd,
      env: { ...process.env, NO_COLOR: "1" },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("cityindex sensitivity", () => {
  it("prints a summary and writes the rank statistics, the pairwise orders, the summary and the counts", async () => {
    const dir = await project();
    const r = await run(dir, "sensitivity", "index.json", "--plan", "plan.json");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /^Uncertainty analysis of City International Influence \(starter\) \(index, 2024\): 40 runs, 0 failed\n/,
    );
    expect(r.stdout).toContain(
      "Inputs: normalisation (2 alternatives), weights (10 alternatives), aggregation (2 alternatives)",
    );
    expect(r.stdout).toMatch(/Mean absolute rank shift: \d+\.\d\d places; \d+\.\d% of ranks within 3 places/);
    expect(r.stdout).toContain("5 least stable (widest 5–95% rank interval):");
    expect(r.stdout).toContain(
      "Wrote output/sensitivity/rank-statistics.csv, output/sensitivity/pairwise.csv, output/sensitivity/summary.json, output/sensitivity/uncertainty.json",
    );
    expect(r.stderr).not.toContain("runs "); // no progress line off a terminal

    const out = join(dir, "output", "sensitivity");
    expect((await readdir(out)).sort()).toEqual([
      "pairwise.csv",
      "rank-statistics.csv",
      "summary.json",
      "uncertainty.json",
    ]);
    const stats = await lines(join(out, "rank-statistics.csv"));
    expect(stats[0]).toBe(RANK_HEADER);
    expect(stats).toHaveLength(1 + 5);
    const pairwise = await lines(join(out, "pairwise.csv"));
    expect(pairwise[0]).toBe("unit,chengdu,hangzhou,xian,kunming,xiamen");
    expect(pairwise).toHaveLength(1 + 5);
    pairwise.slice(1).forEach((line, a) => {
      const cells = line.split(",");
      expect(cells).toHaveLength(6);
      expect(cells[a + 1]).toBe(""); // the diagonal
      for (const [b, cell] of cells.slice(1).entries()) {
        if (b !== a) expect(Number(cell)).toBeGreaterThanOrEqual(0);
      }
    });
    const summary = JSON.parse(await readFile(join(out, "summary.json"), "utf8"));
    expect(summary.type).toBe("uncertainty");
    expect(summary.node).toBe("index");
    expect(summary.overview.runs).toBe(40);
    expect(summary.statistics).toHaveLength(5);
    expect(summary.sobol).toBeUndefined();
    const counts = JSON.parse(await readFile(join(out, "uncertainty.json"), "utf8"));
    expect(counts.format).toBe(UNCERTAINTY_FORMAT);
    expect(counts.runs).toBe(40);
  });

  it("writes core's rankStatistics for the same spec, data and plan", async () => {
    const dir = await project();
    const r = await run(dir, "sensitivity", "index.json", "--plan", "plan.json", "--out", "ua");
    expect(r.code, r.stderr).toBe(0);

    const ctx = commandContext(resolveIo({ cwd: dir, env: {}, stdout: { write: () => true } }));
    const data = await readSpecAndData(ctx, "index.json", () => {}, true);
    const { result } = await analyseUncertainty(data.loaded.spec!, data.observations!, PLAN, {
      registry: data.loaded.registry,
    });
    // The table lists the units in nominal rank order.
    const expected = rankStatistics(result!)
      .map((s, i) => ({ s, i }))
      .sort((a, b) => a.s.nominal - b.s.nominal || a.i - b.i)
      .map((x) => x.s);
    const rows = (await lines(join(dir, "ua", "rank-statistics.csv"))).slice(1).map((l) => l.split(","));
    expect(rows).toHaveLength(expected.length);
    const cell = (v: number) => (Number.isNaN(v) ? "" : String(v));
    expected.forEach((s, i) => {
      expect(rows[i]).toEqual([
        s.unit,
        cell(s.nominalScore),
        cell(s.nominal),
        cell(s.mean),
        cell(s.median),
        cell(s.low),
        cell(s.high),
        cell(s.best),
        cell(s.worst),
        cell(s.top[1]!),
        cell(s.top[3]!),
        cell(s.top[5]!),
        cell(s.top[10]!),
        cell(s.stable),
        String(s.ranked),
        String(s.unranked),
      ]);
    });
  });

  it("prints a JSON report with --json, and nothing on standard error", async () => {
    const dir = await project();
    const r = await run(dir, "sensitivity", "index.json", "--plan", "plan.json", "--json", "--samples", "20");
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const report = JSON.parse(r.stdout);
    expect(report.ok).toBe(true);
    expect(report.type).toBe("uncertainty");
    expect(report.runs).toBe(20);
    expect(report.overview.runs).toBe(20);
    expect(report.overview.within).toBe(3);
    expect(report.outputs).toEqual(
      ["rank-statistics.csv", "pairwise.csv", "summary.json", "uncertainty.json"].map((f) =>
        join(dir, "output", "sensitivity", f),
      ),
    );
  });

  it("writes the Sobol indices of a sensitivity analysis and, with --keep-runs, every run", async () => {
    const dir = await project();
    const r = await run(
      dir,
      "sensitivity",
      "index.json",
      "--plan",
      "plan.json",
      "--type",
      "sensitivity",
      "--samples",
      "20",
      "--bootstrap",
      "200",
      "--keep-runs",
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(
      "Sensitivity analysis of City International Influence (starter) (index, 2024): 100 runs (N = 20, 3 inputs; rank statistics over the 40 of samples A and B), 0 failed",
    );
    expect(r.stdout).toContain(
      "Sobol indices of the mean absolute rank shift of index (90% bootstrap intervals of 200 resamples):",
    );
    const out = join(dir, "output", "sensitivity");
    const sobol = await lines(join(out, "sensitivity.csv"));
    expect(sobol[0]).toBe("input,first_order,first_low,first_high,total,total_low,total_high");
    expect(sobol.slice(1).map((l) => l.split(",")[0])).toEqual(["normalisation", "weights", "aggregation"]);
    for (const line of sobol.slice(1)) {
      const [, first, low, high, total] = line.split(",").map(Number);
      expect(low).toBeLessThanOrEqual(high!);
      expect(Number.isFinite(first) && Number.isFinite(total)).toBe(true);
    }
    const summary = JSON.parse(await readFile(join(out, "summary.json"), "utf8"));
    expect(summary.sobol.bootstrap.resamples).toBe(200);
    expect(summary.sobol.indices.map((x: { input: string }) => x.input)).toEqual([
      "normalisation",
      "weights",
      "aggregation",
    ]);

    const runs = await lines(join(out, "runs.csv"));
    expect(runs[0]).toBe("run,normalisation,weights,aggregation,unit,score,rank");
    expect(runs).toHaveLength(1 + 100 * 5);
    expect(runs[1]).toMatch(
      /^1,("min-max \{""range"":\[1,100\]\}"|rank),noisy set \d+,(arithmetic|geometric),chengdu,[\d.]+,[\d.]+$/,
    );
  });

  it("gives the same tables from two shards merged as from one run", async () => {
    const dir = await project();
    const args = [
      "sensitivity",
      "index.json",
      "--plan",
      "plan.json",
      "--type",
      "sensitivity",
      "--samples",
      "20",
    ];
    const whole = await run(dir, ...args, "--out", "whole", "--bootstrap", "100");
    expect(whole.code, whole.stderr).toBe(0);
    const first = await run(dir, ...args, "--shard", "0/2", "--out", "shards");
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toBe(
      [
        "Shard 0 of 2: 50 of 100 runs, 0 failed",
        "Wrote shards/uncertainty.shard-0-of-2.json",
        "When every shard has run, merge their files with: cityindex sensitivity --merge shards/uncertainty.shard-*-of-2.json --out shards",
        "",
      ].join("\n"),
    );
    const second = await run(dir, ...args, "--shard", "1/2", "--out", "shards", "--json");
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout).shard).toEqual({ index: 1, count: 2 });
    expect(await readdir(join(dir, "shards"))).toEqual([
      "uncertainty.shard-0-of-2.json",
      "uncertainty.shard-1-of-2.json",
    ]);

    const merged = await run(
      dir,
      "sensitivity",
      "--merge",
      "shards/uncertainty.shard-1-of-2.json",
      "shards/uncertainty.shard-0-of-2.json",
      "--out",
      "merged",
      "--bootstrap",
      "100",
    );
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stderr).toBe("");
    expect(merged.stdout).toContain("Sensitivity analysis (index, 2024): 100 runs");
    for (const file of ["rank-statistics.csv", "pairwise.csv", "sensitivity.csv"]) {
      expect(await readFile(join(dir, "merged", file), "utf8"), file).toBe(
        await readFile(join(dir, "whole", file), "utf8"),
      );
    }

    // One shard of two: the rank tables of its runs, and no Sobol indices.
    const half = await run(
      dir,
      "sensitivity",
      "--merge",
      "shards/uncertainty.shard-0-of-2.json",
      "--out",
      "half",
    );
    expect(half.code).toBe(0);
    expect(half.stderr).toContain(
      "the results cover 50 of the 100 runs; the statistics are of those runs only",
    );
    expect(half.stderr).toContain("Sobol indices need every shard: merge the files of all of them");
    expect(existsSync(join(dir, "half", "rank-statistics.csv"))).toBe(true);
    expect(existsSync(join(dir, "half", "sensitivity.csv"))).toBe(false);

    // A shard twice, and a shard of another analysis.
    const twice = await run(
      dir,
      "sensitivity",
      "--merge",
      "shards/uncertainty.shard-0-of-2.json",
      "shards/uncertainty.shard-0-of-2.json",
      "--out",
      "twice",
    );
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain(
      "shard file `shards/uncertainty.shard-0-of-2.json` holds runs that `shards/uncertainty.shard-0-of-2.json` holds too (from run 1); merge each shard once",
    );
    const other = await run(dir, ...args, "--seed", "9", "--shard", "1/2", "--out", "other");
    expect(other.code).toBe(0);
    const differ = await run(
      dir,
      "sensitivity",
      "--merge",
      "shards/uncertainty.shard-0-of-2.json",
      "other/uncertainty.shard-1-of-2.json",
      "--out",
      "differ",
    );
    expect(differ.code).toBe(1);
    expect(differ.stderr).toMatch(
      /error +other\/uncertainty\.shard-1-of-2\.json +shard file `other\/uncertainty\.shard-1-of-2\.json` is of another analysis than `shards\/uncertainty\.shard-0-of-2\.json`: their plan, design differ/,
    );
    expect(existsSync(join(dir, "twice"))).toBe(false);
    expect(existsSync(join(dir, "differ"))).toBe(false);
  });

  it("names a shard file that is missing, is not JSON or is not an analysis's counts", async () => {
    const dir = await project();
    await writeFile(join(dir, "broken.json"), "{ not json");
    await writeFile(join(dir, "results.json"), JSON.stringify({ format: "something else" }));
    await writeFile(join(dir, "partial.json"), JSON.stringify({ format: UNCERTAINTY_FORMAT, targets: [] }));
    const r = await run(
      dir,
      "sensitivity",
      "--merge",
      "gone.json",
      "broken.json",
      "results.json",
      "partial.json",
      "--out",
      "merged",
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("shard file `gone.json` does not exist");
    expect(r.stderr).toMatch(/error +broken\.json +shard file `broken\.json` is not JSON: /);
    expect(r.stderr).toContain(
      'shard file `results.json` is not an uncertainty result of cityindex: not an uncertainty result: expected "format": "cityindex-uncertainty/1"',
    );
    expect(r.stderr).toMatch(
      /shard file `partial\.json` is not an uncertainty result of cityindex: .*`provenance`/,
    );
    expect(r.stderr).toContain("merge failed: 4 errors");
  });

  it("reports a plan that does not fit the spec with core's paths", async () => {
    const dir = await project({
      samples: 10,
      inputs: [{ id: "x", step: "frobnicate" as never, alternatives: [{ method: "min-max" }] }],
    });
    const r = await run(dir, "sensitivity", "index.json", "--plan", "plan.json");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /error +plan\/inputs\/0\/step +the pipeline has no `frobnicate` step +\[uncertainty\]/,
    );
    expect(r.stderr).toContain("sensitivity analysis failed: 1 error");
    expect(r.stdout).toBe("");
    expect(existsSync(join(dir, "output"))).toBe(false);
  });

  it("names a plan file that is missing, malformed or not an object, and reads YAML", async () => {
    const dir = await project();
    const missing = await run(dir, "sensitivity", "index.json", "--plan", "plans/none.json");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/error +plans\/none\.json +plan file `plans\/none\.json` does not exist/);
    await writeFile(join(dir, "broken.json"), '{ "samples": 10,\n');
    const broken = await run(dir, "sensitivity", "index.json", "--plan", "broken.json");
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/error +broken\.json:\d+:\d+ +invalid JSON: /);
    await writeFile(join(dir, "list.yaml"), "- samples: 10\n");
    const list = await run(dir, "sensitivity", "index.json", "--plan", "list.yaml");
    expect(list.code).toBe(1);
    expect(list.stderr).toContain(
      "plan file `list.yaml` must hold an object with `samples` and `inputs`, not a list",
    );
    await writeFile(
      join(dir, "plan.yaml"),
      "samples: 12\nseed: 4\ninputs:\n  - id: weights\n    noise: [{ level: 1, factor: 0.25 }]\n    sets: 5\n",
    );
    const yaml = await run(dir, "sensitivity", "index.json", "--plan", "plan.yaml", "--json");
    expect(yaml.code, yaml.stdout).toBe(0);
    expect(JSON.parse(yaml.stdout).runs).toBe(12);
  });

  it("checks the flags' values, and which flags go together", async () => {
    const dir = await project();
    const bad = await run(
      dir,
      "sensitivity",
      "index.json",
      "--plan",
      "plan.json",
      "--shard",
      "2/2",
      "--workers",
      "many",
      "--samples",
      "1.5",
      "--type",
      "exploratory",
      "--bootstrap",
      "-1",
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(
      "--shard must be i/n, shard i (from 0) of n, with i < n, such as 0/4; got `2/2`",
    );
    expect(bad.stderr).toContain("--workers must be a whole number of at least 1 or auto, got `many`");
    expect(bad.stderr).toContain("--samples must be a whole number of at least 2, got `1.5`");
    expect(bad.stderr).toContain("--type must be uncertainty or sensitivity, got `exploratory`");
    expect(bad.stderr).toContain("--bootstrap must be a whole number of at least 0, got `-1`");
    const shard = await run(dir, "sensitivity", "index.json", "--plan", "plan.json", "--shard", "half");
    expect(shard.code).toBe(1);
    expect(shard.stderr).toMatch(/error +--shard +--shard must be i\/n/);
    const tooMany = await run(dir, "sensitivity", "index.json", "--plan", "plan.json", "--shard", "0/50");
    expect(tooMany.code).toBe(1);
    expect(tooMany.stderr).toMatch(/error +--shard +50 shards is more than the 40 samples/);
    const workers = await run(dir, "sensitivity", "index.json", "--plan", "plan.json", "--workers", "41");
    expect(workers.code).toBe(1);
    expect(workers.stderr).toContain(
      "41 workers would leave some without a run: 40 samples give work to at most 40",
    );

    for (const [argv, message] of [
      [["index.json"], "required option '--plan <file>' not specified"],
      [[], "missing required argument 'spec' (or --merge with shard files)"],
      [["index.json", "--merge", "a.json", "--out", "x"], "--merge reads shard files, not a spec"],
      [["--merge", "a.json"], "--merge needs --out <dir>"],
      [
        ["--merge", "a.json", "--out", "x", "--plan", "plan.json", "--workers", "2"],
        "--plan, --workers belong",
      ],
    ] as const) {
      const r = await run(dir, "sensitivity", ...argv);
      expect(r.code, argv.join(" ")).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stderr).toContain("(run with --help for usage)");
    }
  });

  it("draws a progress line on a terminal, and is cancelled by SIGINT with exit code 130", async () => {
    const dir = await project();
    let stderr = "";
    const io = (onWrite?: (s: string) => void) => ({
      cwd: dir,
      env: { NO_COLOR: "1" },
      stdout: { write: () => true },
      stderr: {
        isTTY: true,
        write: (s: string) => {
          stderr += s;
          onWrite?.(s);
          return true;
        },
      },
    });
    const done = await runCli(["sensitivity", "index.json", "--plan", "plan.json"], io());
    expect(done).toBe(0);
    const erase = "\r\u001b[2K";
    expect(stderr).toContain(`${erase}  runs 40/40 · 100% · `);
    expect(stderr).toMatch(/ {2}runs 40\/40 · 100% · \d+\.\d s\r/);
    expect(stderr.endsWith(erase)).toBe(true);

    const before = new Set(process.listeners("SIGINT"));
    stderr = "";
    const interrupt = (s: string) => {
      if (!s.includes("runs ")) return;
      for (const listener of process.listeners("SIGINT")) if (!before.has(listener)) listener("SIGINT");
    };
    const code = await runCli(
      ["sensitivity", "index.json", "--plan", "plan.json", "--samples", "1000000"],
      io(interrupt),
    );
    expect(code).toBe(130);
    expect(stderr).toMatch(/ {2}runs [\d,]+\/1,000,000 · \d+% · /);
    expect(stderr.endsWith(`${erase}cancelled\n`)).toBe(true);
    expect(new Set(process.listeners("SIGINT"))).toEqual(before);
  });

  it("neutralises a unit id that a spreadsheet would run as a formula", async () => {
    const dir = await project();
    const hostile = '=HYPERLINK("x","y")';
    const spec = JSON.parse(await readFile(join(dir, "index.json"), "utf8"));
    spec.units[2].id = hostile;
    await writeFile(join(dir, "index.json"), JSON.stringify(spec, null, 2));
    const csv = await readFile(join(dir, "data.csv"), "utf8");
    await writeFile(join(dir, "data.csv"), csv.replaceAll("\nxian,", '\n"=HYPERLINK(""x"",""y"")",'));
    const r = await run(dir, "sensitivity", "index.json", "--plan", "plan.json", "--keep-runs");
    expect(r.code, r.stderr).toBe(0);
    const out = join(dir, "output", "sensitivity");
    const quoted = `"'=HYPERLINK(""x"",""y"")"`;
    const stats = await lines(join(out, "rank-statistics.csv"));
    expect(stats.filter((line) => line.startsWith(`${quoted},`))).toHaveLength(1);
    const pairwise = await lines(join(out, "pairwise.csv"));
    expect(pairwise[0]).toBe(`unit,chengdu,hangzhou,${quoted},kunming,xiamen`);
    expect(pairwise[3]!.startsWith(`${quoted},`)).toBe(true);
    const runs = await readFile(join(out, "runs.csv"), "utf8");
    expect(runs).toContain(`,${quoted},`);
    expect(runs).not.toMatch(/(^|,)=HYPERLINK/m);
  });

  it("says that worker threads need the built package when run from the sources", async () => {
    const dir = await project();
    const r = await run(dir, "sensitivity", "index.json", "--plan", "plan.json", "--workers", "2");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /error +--workers +the worker threads' module `.*sensitivity-worker\.js` is missing/,
    );
  });
});

describe("cityindex sensitivity --workers (the built package)", () => {
  it("gives exactly the tables of one thread", async () => {
    const dir = await project();
    const args = ["sensitivity", "index.json", "--plan", "plan.json", "--keep-runs"];
    const one = await runBin(dir, ...args, "--out", "one");
    expect(one.code, one.stderr).toBe(0);
    const two = await runBin(dir, ...args, "--out", "two", "--workers", "2");
    expect(two.code, two.stderr).toBe(0);
    expect(two.stdout.replaceAll("two/", "one/")).toBe(one.stdout);
    // The sources' run on this thread (with the aliases of the tests) gives the same numbers.
    const here = await run(dir, ...args, "--out", "here");
    expect(here.code, here.stderr).toBe(0);
    for (const file of ["rank-statistics.csv", "pairwise.csv", "runs.csv"]) {
      const expected = await readFile(join(dir, "one", file), "utf8");
      expect(await readFile(join(dir, "two", file), "utf8"), file).toBe(expected);
      expect(await readFile(join(dir, "here", file), "utf8"), file).toBe(expected);
    }

    const sa = [
      "sensitivity",
      "index.json",
      "--plan",
      "plan.json",
      "--type",
      "sensitivity",
      "--samples",
      "12",
    ];
    const saOne = await runBin(dir, ...sa, "--out", "sa-one");
    const saAuto = await runBin(dir, ...sa, "--out", "sa-auto", "--workers", "auto");
    expect(saOne.code, saOne.stderr).toBe(0);
    expect(saAuto.code, saAuto.stderr).toBe(0);
    for (const file of ["rank-statistics.csv", "pairwise.csv", "sensitivity.csv"]) {
      expect(await readFile(join(dir, "sa-auto", file), "utf8"), file).toBe(
        await readFile(join(dir, "sa-one", file), "utf8"),
      );
    }
  });

  it("loads the spec's plugins in every worker, so their methods can be alternatives", async () => {
    const dir = await project({
      ...PLAN,
      inputs: [
        {
          id: "normalisation",
          step: "normalise",
          alternatives: [{ method: "min-max", options: { range: [1, 100] } }, { method: "squared" }],
        },
        PLAN.inputs[1]!,
      ],
    });
    const root = join(dir, "node_modules", "cityindex-test-squared");
    await mkdir(root, { recursive: true });
    await writeFile(
      join(root, "package.json"),
      JSON.stringify({ name: "cityindex-test-squared", type: "module", exports: "./index.js" }),
    );
    await writeFile(join(root, "index.js"), SQUARED_PLUGIN);
    const spec = JSON.parse(await readFile(join(dir, "index.json"), "utf8"));
    spec.plugins.push("cityindex-test-squared");
    await writeFile(join(dir, "index.json"), JSON.stringify(spec, null, 2));

    const one = await runBin(dir, "sensitivity", "index.json", "--plan", "plan.json", "--out", "one");
    expect(one.code, one.stderr).toBe(0);
    const two = await runBin(
      dir,
      "sensitivity",
      "index.json",
      "--plan",
      "plan.json",
      "--out",
      "two",
      "--workers",
      "2",
    );
    expect(two.code, two.stderr).toBe(0);
    expect(two.stdout).toContain("Inputs: normalisation (2 alternatives)");
    for (const file of ["rank-statistics.csv", "pairwise.csv"]) {
      expect(await readFile(join(dir, "two", file), "utf8"), file).toBe(
        await readFile(join(dir, "one", file), "utf8"),
      );
    }
  });

  it("runs a shard on workers, and stops them all on SIGINT", async () => {
    const dir = await project();
    const shard = await runBin(
      dir,
      "sensitivity",
      "index.json",
      "--plan",
      "plan.json",
      "--shard",
      "1/2",
      "--workers",
      "2",
      "--json",
    );
    expect(shard.code, shard.stderr).toBe(0);
    expect(JSON.parse(shard.stdout).evaluated).toBe(20);

    const argv = [
      "sensitivity",
      "index.json",
      "--plan",
      "plan.json",
      "--samples",
      "5000000",
      "--workers",
      "2",
    ];
    const child = execFile(process.execPath, [BIN, ...argv], { cwd: dir });
    let stderr = "";
    child.stderr!.on("data", (s: string) => {
      stderr += s;
      if (stderr.includes("source data")) setTimeout(() => child.kill("SIGINT"), 300);
    });
    const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
    expect(code).toBe(130);
    expect(stderr).toContain("cancelled");
  });
});

describe("cityindex build --plan", () => {
  it("attaches the analysis's summary to results.json and writes its tables", async () => {
    const dir = await project();
    const r = await run(dir, "build", "index.json", "--plan", "plan.json");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("Uncertainty analysis (index, 2024): 40 runs, 0 failed");
    expect(r.stdout).toContain(
      "output/results.json, output/NOTICE.txt, output/sensitivity/rank-statistics.csv",
    );
    const json = JSON.parse(await readFile(join(dir, "output", "results.json"), "utf8"));
    expect(json.uncertainty.type).toBe("uncertainty");
    expect(json.uncertainty.overview.runs).toBe(40);
    expect(json.uncertainty.statistics).toHaveLength(5);
    const stats = await lines(join(dir, "output", "sensitivity", "rank-statistics.csv"));
    expect(stats[0]).toBe(RANK_HEADER);
    expect(stats).toHaveLength(1 + 5);
    expect(JSON.parse(await readFile(join(dir, "output", "sensitivity", "summary.json"), "utf8"))).toEqual(
      json.uncertainty,
    );

    const plain = await run(dir, "build", "index.json", "--out", "plain", "--json");
    expect(plain.code).toBe(0);
    expect(JSON.parse(plain.stdout).uncertainty).toBeUndefined();
    const result = JSON.parse(await readFile(join(dir, "plain", "results.json"), "utf8"));
    expect(result.uncertainty).toBeUndefined();
    expect(existsSync(join(dir, "plain", "sensitivity"))).toBe(false);
  });

  it("stops before reading the data when the plan cannot be read, and fails on a plan that does not fit", async () => {
    const dir = await project();
    const missing = await run(dir, "build", "index.json", "--plan", "none.yaml");
    expect(missing.code).toBe(1);
    expect(missing.stderr).not.toContain("source data");
    expect(missing.stderr).toContain("plan file `none.yaml` does not exist");
    await writeFile(join(dir, "plan.json"), JSON.stringify({ ...PLAN, targets: ["nowhere"] }));
    const bad = await run(dir, "build", "index.json", "--plan", "plan.json");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/error +plan\/targets\/0 +`nowhere` is not a node of the framework/);
    expect(existsSync(join(dir, "output", "results.json"))).toBe(false);
  });
});
