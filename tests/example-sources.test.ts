/**
 * The flagship example's second spec, `spec.with-sources.json`: the `xlsx` and `reviews` sources read a sample
 * workbook and a sample places file, and the built CLI builds the index from them. Needs a build of the CLI and
 * of both source plugins (`npm run build`).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const example = join(root, "examples", "china-city-overseas-influence");
const cli = join(root, "packages", "cli", "dist", "cli.js");

describe("the China City Overseas Influence example with the xlsx and reviews sources", () => {
  it("builds spec.with-sources.json with the CLI from the sample workbook and places file", () => {
    for (const file of [
      cli,
      ...["source-xlsx", "source-reviews"].map((p) => join(root, "plugins", p, "dist", "index.js")),
    ]) {
      if (!existsSync(file)) throw new Error(`${file} does not exist: run \`npm run build\` first`);
    }
    const out = mkdtempSync(join(tmpdir(), "ccoi-sources-"));
    execFileSync(process.execPath, [cli, "build", join(example, "spec.with-sources.json"), "--out", out], {
      stdio: "pipe",
    });
    const result = JSON.parse(readFileSync(join(out, "results.json"), "utf8"));
    const raw = result.datasets.find((d: { name: string }) => d.name === "Raw");
    expect(raw.units).toEqual(["beijing", "shanghai", "chengdu", "chongqing"]);
    // The workbook: a title row, a merged two-row header, "９３" typed with full-width digits, "66" stored as
    // text, a formula with its cached result 21, "NA", and a totals row below an empty unit cell.
    expect(raw.values.sister_cities).toEqual([[56, 93, 39, 52]]);
    expect(raw.values.consulates).toEqual([[66, 77, 21, null]]);
    // The places file, by hand: Bayesian average (C·m + Σ n·r) / (C + Σ n) with m = 4, C = 100:
    // beijing (400 + 1200·4.7 + 900·4.8 + 400·4.4) / 2600, shanghai (400 + 1500·4.6 + 600·4.2 + 300·4.3) / 2500,
    // chengdu (400 + 800·4.7 + 250·4.3 + 30·4.6) / 1180 (9.4 of 10 is 4.7), chongqing (400 + 700·4.5 + 200·4.6) / 1000.
    const rating = raw.values.travel_rating[0] as number[];
    const expected = [12120 / 2600, 11110 / 2500, 5373 / 1180, 4470 / 1000];
    for (const [i, r] of rating.entries()) expect(r).toBeCloseTo(expected[i] as number, 12);
    // Attractions with ≥ 50 reviews rated ≥ 4.5 (Wenshu Monastery has 30 reviews and is not counted).
    expect(raw.values.highly_rated_attractions_share).toEqual([[50, 50, 50, 100]]);
    // Reviews not in Chinese: 1600 of 2500, 2100 of 2400, all 1080, 700 of 900.
    const share = raw.values.non_chinese_review_share[0] as number[];
    for (const [i, s] of [64, 87.5, 100, 7000 / 90].entries()) expect(share[i]).toBeCloseTo(s, 12);

    expect(result.provenance.sources).toEqual([
      expect.objectContaining({ source: "xlsx:exchanges", observations: 8, illustrative: 8 }),
      expect.objectContaining({ source: "reviews:reviews", observations: 12, illustrative: 12 }),
    ]);
    expect(result.issues.filter((i: { severity: string }) => i.severity !== "info")).toEqual([]);
    const csv = readFileSync(join(out, "results.csv"), "utf8").trimEnd().split("\n");
    // 4 units × 1 period × (5 indicators + 2 dimensions + 1 index)
    expect(csv).toHaveLength(1 + 4 * 8);
  });
});
