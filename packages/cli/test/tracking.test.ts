import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { resultFromJSON } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { run, tempDir } from "./helpers.js";

/** CSV text as records by header (no quoted fields in these files). */
function records(text: string): Record<string, string>[] {
  const [head, ...lines] = text.trimEnd().split("\n");
  const names = head!.split(",");
  return lines.map((line) => Object.fromEntries(line.split(",").map((v, i) => [names[i]!, v])));
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

/**
 * The starter project published as its 2024 edition (`editions/2024/`), then a 2025 edition: a year of data
 * appended, Xiamen's 2024 sister cities revised from 23 to 26, and the goalposts taken over every year instead of
 * year by year (a change of method).
 */
async function twoEditions(): Promise<string> {
  const dir = await tempDir();
  expect((await run(dir, "init")).code).toBe(0);
  const first = await run(dir, "build", "index.json", "--out", "editions/2024");
  expect(first.code, first.stderr).toBe(0);
  const csv = await readFile(join(dir, "data.csv"), "utf8");
  const year2025 = [
    "chengdu,Chengdu,2025,40,152,6010,17.2",
    "hangzhou,Hangzhou,2025,34,81,5420,13.1",
    "xian,Xi'an,2025,41,99,4310,15.5",
    "kunming,Kunming,2025,22,97,2050,12.0",
    "xiamen,Xiamen,2025,25,63,1700,10.5",
  ];
  await writeFile(
    join(dir, "data.csv"),
    `${csv.replace("xiamen,Xiamen,2024,23,", "xiamen,Xiamen,2024,26,").trimEnd()}\n${year2025.join("\n")}\n`,
  );
  const spec = JSON.parse(await readFile(join(dir, "index.json"), "utf8"));
  spec.pipeline[0].options.bounds = "all-periods";
  spec.tracking = { compare: ["2024", "2023"], published: ["editions/2024/results.json"] };
  await writeFile(join(dir, "index.json"), JSON.stringify(spec, null, 2));
  return dir;
}

describe("cityindex build: tracking over editions", () => {
  it("compares the edition with the periods named, and splits the change from the published edition", async () => {
    const dir = await twoEditions();
    const built = await run(dir, "build", "index.json", "--out", "editions/2025");
    expect(built.code, built.stderr).toBe(0);
    expect(built.stdout).toContain("Biggest moves 2024 → 2025");
    expect(built.stdout).toMatch(
      /Edition editions\/2024\/results\.json: \d of 5 index scores of 2024 revised \(largest: .+\); the change 2024 → 2025 is split into revision \(data, method\) and like-for-like change in change-decomposition\.csv/,
    );
    const out = join(dir, "editions", "2025");
    const current = resultFromJSON(JSON.parse(await readFile(join(out, "results.json"), "utf8")));
    const published = resultFromJSON(
      JSON.parse(await readFile(join(dir, "editions", "2024", "results.json"), "utf8")),
    );
    expect(current.periods).toEqual(["2023", "2024", "2025"]);

    // changes.csv: 2024 → 2025, then 2023 → 2025; 3 nodes × 5 units each.
    const changes = records(await readFile(join(out, "changes.csv"), "utf8"));
    expect(changes).toHaveLength(2 * 3 * 5);
    expect(changes.slice(0, 15).every((r) => r.period_from === "2024" && r.period_to === "2025")).toBe(true);
    expect(changes.slice(15).every((r) => r.period_from === "2023" && r.period_to === "2025")).toBe(true);

    // contributions.csv: each aggregate's change split among its children, for both compared periods. Every
    // group of rows adds up to its change. Kunming's exchange 2024 → 2025, each child's term half its score:
    // sister cities 100 · (3 − 1) / 22 / 2 = 100 / 22; routes 100 · (42 − 36) / 97 / 2 = 300 / 97.
    const shares = records(await readFile(join(out, "contributions.csv"), "utf8"));
    // children: exchange 2, attention 2, index 2; 5 units; 2 compared periods
    expect(shares).toHaveLength(2 * 3 * 2 * 5);
    const groups = new Map<string, Record<string, string>[]>();
    for (const r of shares) {
      const key = `${r.node} ${r.unit} ${r.period_from}`;
      groups.set(key, [...(groups.get(key) ?? []), r]);
    }
    expect(groups.size).toBe(2 * 3 * 5);
    for (const [key, rows] of groups) {
      const sum = rows.reduce((s, r) => s + Number(r.contribution), 0);
      expect(close(sum, Number(rows[0]!.change)), key).toBe(true);
      expect(rows.every((r) => r.rule === "weighted-terms" && r.note === "")).toBe(true);
    }
    const kunmingParts = groups.get("exchange kunming 2024")!;
    expect(kunmingParts.map((r) => r.child)).toEqual(["sister_cities", "intl_routes"]);
    expect(Number(kunmingParts[0]!.contribution)).toBeCloseTo(100 / 22, 9);
    expect(Number(kunmingParts[1]!.contribution)).toBeCloseTo(300 / 97, 9);
    expect(built.stdout).toContain("(each child's part of every change: contributions.csv)");

    // trends.csv: every aggregate over 2023–2025, per year. Kunming's exchange score, bounds of 2023–2025
    // (sister cities 19..41, routes 55..152): 2023 (0 + 100 · 29/97) / 2; 2025 (100 · 3/22 + 100 · 42/97) / 2.
    // Three equally spaced years: the least-squares slope is (y₃ − y₁) / 2; CAGR (y₃ / y₁)^(1/2) − 1.
    const trendRows = records(await readFile(join(out, "trends.csv"), "utf8"));
    expect(trendRows).toHaveLength(3 * 5);
    for (const r of trendRows) {
      expect([r.period_from, r.period_to, r.time_unit, r.values]).toEqual(["2023", "2025", "year", "3"]);
    }
    const k2023 = (0 + (100 * 29) / 97) / 2;
    const k2025 = ((100 * 3) / 22 + (100 * 42) / 97) / 2;
    const kTrend = trendRows.find((r) => r.node === "exchange" && r.unit === "kunming")!;
    expect([kTrend.first, kTrend.last, kTrend.note]).toEqual(["2023", "2025", ""]);
    expect(Number(kTrend.change)).toBeCloseTo(k2025 - k2023, 9);
    expect(Number(kTrend.slope)).toBeCloseTo((k2025 - k2023) / 2, 9);
    expect(Number(kTrend.cagr)).toBeCloseTo(Math.sqrt(k2025 / k2023) - 1, 9);

    // revisions.csv: the published 2023 and 2024 scores against this build's.
    const revisions = records(await readFile(join(out, "revisions.csv"), "utf8"));
    expect(revisions).toHaveLength(2 * 3 * 5);
    const at = (result: typeof current, node: string, unit: string, period: string) =>
      result.scores.get(node, result.units.indexOf(unit), result.periods.indexOf(period));
    for (const r of revisions) {
      expect(r.edition_file).toBe("editions/2024/results.json");
      expect(Number(r.published_score)).toBe(at(published, r.node!, r.unit!, r.period!));
      expect(Number(r.current_score)).toBe(at(current, r.node!, r.unit!, r.period!));
      expect(close(Number(r.score_revision), Number(r.current_score) - Number(r.published_score))).toBe(true);
    }
    // The method changed, so scores are revised; Xiamen's 2024 data too.
    expect(revisions.some((r) => Math.abs(Number(r.score_revision)) > 1e-6)).toBe(true);

    // change-decomposition.csv: total = revision + like for like; revision = data + method.
    const parts = records(await readFile(join(out, "change-decomposition.csv"), "utf8"));
    expect(parts).toHaveLength(3 * 5);
    for (const r of parts) {
      expect([r.period_from, r.period_to, r.status]).toEqual(["2024", "2025", "both"]);
      expect(Number(r.published_score)).toBe(at(published, r.node!, r.unit!, "2024"));
      expect(Number(r.rebuilt_score)).toBe(at(current, r.node!, r.unit!, "2024"));
      expect(Number(r.current_score)).toBe(at(current, r.node!, r.unit!, "2025"));
      expect(close(Number(r.total_change), Number(r.revision) + Number(r.like_for_like))).toBe(true);
      expect(close(Number(r.revision), Number(r.data_revision) + Number(r.method_change))).toBe(true);
    }
    // Kunming's exchange score in 2024 (the mean of its two indicators on [0, 100]):
    // published, bounds of 2024 alone: sister cities 20 is the least (0); routes (91 − 58) / (140 − 58).
    // rebuilt, bounds of 2023–2025: sister cities (20 − 19) / (41 − 19); routes (91 − 55) / (152 − 55).
    // The earlier method on the revised data gives the published score again (Xiamen's 26 is neither bound),
    // so the whole revision is the change of method.
    const kunming = parts.find((r) => r.node === "exchange" && r.unit === "kunming")!;
    const published2024 = (0 + (100 * 33) / 82) / 2;
    const rebuilt2024 = ((100 * 1) / 22 + (100 * 36) / 97) / 2;
    expect(Number(kunming.published_score)).toBeCloseTo(published2024, 9);
    expect(Number(kunming.rebuilt_score)).toBeCloseTo(rebuilt2024, 9);
    expect(Number(kunming.data_revision)).toBeCloseTo(0, 9);
    expect(Number(kunming.method_change)).toBeCloseTo(rebuilt2024 - published2024, 9);
  });

  it("rebuilds an earlier edition from data that have grown since, and reports bad periods with their path", async () => {
    const dir = await twoEditions();
    const spec = JSON.parse(await readFile(join(dir, "index.json"), "utf8"));
    spec.tracking = { edition: "2024" };
    await writeFile(join(dir, "index.json"), JSON.stringify(spec, null, 2));
    const built = await run(dir, "build", "index.json", "--out", "again", "--json");
    expect(built.code, built.stderr).toBe(0);
    const report = JSON.parse(built.stdout);
    expect(report.tracking).toEqual({ edition: "2024", compare: ["2023"], leftOut: ["2025"] });
    const result = JSON.parse(await readFile(join(dir, "again", "results.json"), "utf8"));
    expect(result.periods).toEqual(["2023", "2024"]);

    spec.tracking = { edition: "2030", compare: ["2025"] };
    await writeFile(join(dir, "index.json"), JSON.stringify(spec, null, 2));
    const bad = await run(dir, "build", "index.json", "--out", "bad");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("/tracking/edition");
    expect(bad.stderr).toContain("the edition `2030` is not a period of the data");
  });

  it("says which earlier edition file cannot be read", async () => {
    const dir = await twoEditions();
    const spec = JSON.parse(await readFile(join(dir, "index.json"), "utf8"));
    spec.tracking = { published: ["editions/2023/results.json"] };
    await writeFile(join(dir, "index.json"), JSON.stringify(spec, null, 2));
    const built = await run(dir, "build", "index.json", "--out", "x");
    expect(built.code).toBe(1);
    expect(built.stderr).toContain("/tracking/published/0");
    expect(built.stderr).toContain("does not exist");
  });
});
