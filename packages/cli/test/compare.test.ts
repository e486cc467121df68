import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { compareResults, formatCsv, resultFromJSON } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { run, tempDir } from "./helpers.js";

/**
 * The starter project built twice: `a/` with its min-max pipeline, `b/` with z-scores and four times the weight
 * on `attention`, so the two results rank the same five cities over the same two periods by two method choices.
 */
async function twoResults(): Promise<string> {
  const dir = await tempDir();
  expect((await run(dir, "init")).code).toBe(0);
  let built = await run(dir, "build", "index.json", "--out", "a");
  expect(built.code, built.stderr).toBe(0);
  const spec = JSON.parse(await readFile(join(dir, "index.json"), "utf8"));
  spec.pipeline = [
    { step: "normalise", method: "z-score" },
    { step: "aggregate", method: "arithmetic" },
  ];
  spec.framework.children[1].weight = 4;
  await writeFile(join(dir, "index.json"), JSON.stringify(spec, null, 2));
  built = await run(dir, "build", "index.json", "--out", "b");
  expect(built.code, built.stderr).toBe(0);
  return dir;
}

const load = async (dir: string, folder: string) =>
  resultFromJSON(JSON.parse(await readFile(join(dir, folder, "results.json"), "utf8")));

describe("cityindex compare", () => {
  it("writes compare.csv and compare-summary.csv beside a, as compareResults gives them", async () => {
    const dir = await twoResults();
    const r = await run(dir, "compare", "a/results.json", "b/results.json");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("Comparison of 2024 (A to B; ranks: each result's own)");
    expect(r.stdout).toMatch(
      / {2}index +Spearman +-?\d\.\d{3} {3}mean \|rank difference\| +\d\.\d{3} {3}\(5 units in both\)/,
    );
    expect(r.stdout).toContain("Biggest moves of index (rank in A → rank in B)");
    expect(r.stdout).toContain("Tables written to a/compare");

    const c = compareResults(await load(dir, "a"), await load(dir, "b"));
    const rows = (await readFile(join(dir, "a", "compare", "compare.csv"), "utf8")).trim().split(/\r?\n/);
    expect(rows[0]).toBe("node,unit,score_a,score_b,score_difference,rank_a,rank_b,rank_difference,status");
    // The aggregates (exchange, attention) and the root, five cities each.
    expect(rows).toHaveLength(1 + 3 * 5);
    expect(c.nodes).toEqual(["exchange", "attention", "index"]);
    const summary = await readFile(join(dir, "a", "compare", "compare-summary.csv"), "utf8");
    expect(summary).toBe(
      formatCsv([
        ["node", "spearman", "mean_absolute_rank_difference", "largest_move_unit", "largest_move"],
        ...c.summary.map((s) => [
          s.node,
          s.spearman,
          s.meanAbsoluteRankDifference,
          s.largestMove?.unit ?? null,
          s.largestMove?.rankDifference ?? null,
        ]),
      ]),
    );
    // Every line of the root's moves names a unit by its label.
    const moves = r.stdout
      .split("Biggest moves of index")[1]!
      .split("\n")
      .slice(1)
      .filter((l) => l.includes("→"));
    const moved = c.rows.filter((x) => x.node === "index" && x.rankDifference !== 0);
    expect(moved.length).toBeGreaterThan(0);
    expect(moves).toHaveLength(moved.length);
    for (const line of moves) expect(line).toMatch(/^ {2}[A-Z][a-z]+/);
  });

  it("takes --period, --node, --out, --top, --ranks, and prints the whole comparison with --json", async () => {
    const dir = await twoResults();
    const r = await run(
      dir,
      "compare",
      "a/results.json",
      "b/results.json",
      "--period",
      "2023",
      "--node",
      "index",
      "--node",
      "sister_cities",
      "--out",
      "diff",
      "--ranks",
      "common",
      "--json",
    );
    expect(r.code, r.stdout).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.ok).toBe(true);
    expect(report.comparison.period).toBe("2023");
    expect(report.comparison.ranks).toBe("common");
    expect(report.comparison.nodes).toEqual(["index", "sister_cities"]);
    expect(report.comparison.rows).toHaveLength(10);
    expect(report.outputs.map((f: string) => f.slice(dir.length + 1))).toEqual([
      join("diff", "compare.csv"),
      join("diff", "compare-summary.csv"),
    ]);
    // An indicator ranks the same under min-max and z-scores: both are increasing in the raw value.
    const indicator = report.comparison.summary.find((s: { node: string }) => s.node === "sister_cities");
    expect([indicator.spearman, indicator.meanAbsoluteRankDifference]).toEqual([1, 0]);

    const text = await run(dir, "compare", "a/results.json", "b/results.json", "--top", "1");
    expect(text.code, text.stderr).toBe(0);
    const moves = text.stdout
      .split("Biggest moves of index")[1]!
      .split("\n")
      .slice(1)
      .filter((l) => l.includes("→"));
    expect(moves).toHaveLength(1);
  });

  it("fails with exit 1 for a missing file, bad JSON, a JSON that is not a result", async () => {
    const dir = await twoResults();
    let r = await run(dir, "compare", "a/results.json", "nothing.json");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error +nothing\.json +result file `nothing\.json` does not exist/);
    await writeFile(join(dir, "bad.json"), "{ not json");
    r = await run(dir, "compare", "bad.json", "b/results.json");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error +bad\.json +`bad\.json` is not valid JSON/);
    await writeFile(join(dir, "other.json"), JSON.stringify({ hello: 1 }));
    r = await run(dir, "compare", "a/results.json", "other.json", "--json");
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.ok).toBe(false);
    expect(report.issues[0].code).toBe("not-a-result");
    expect(report.issues[0].path).toBe("other.json");
    expect(report.issues[0].message).toContain("`other.json` is not a cityindex result");
  });

  it("names an unknown period, node or option on the command line", async () => {
    const dir = await twoResults();
    let r = await run(dir, "compare", "a/results.json", "b/results.json", "--period", "1999", "--json");
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).issues[0]).toMatchObject({
      code: "unknown-period",
      path: "--period",
      message: "no period `1999`; A has `2023`, `2024`",
    });
    r = await run(dir, "compare", "a/results.json", "b/results.json", "--node", "nope", "--json");
    expect(JSON.parse(r.stdout).issues[0]).toMatchObject({
      code: "unknown-id",
      path: "--node",
      message: "no framework node `nope` in A",
    });
    r = await run(dir, "compare", "a/results.json", "b/results.json", "--top", "0", "--ranks", "both");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error +--top +--top must be a whole number ≥ 1, got `0`/);
    expect(r.stderr).toMatch(/error +--ranks +unknown ranks `both`; use result or common/);
    r = await run(dir, "compare", "a/results.json");
    expect(r.code).toBe(2);
  });
});
