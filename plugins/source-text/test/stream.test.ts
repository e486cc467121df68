import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type TextObservation, textSource } from "../src/index.js";
import { collect, problems, recordingContext, tempDir, UNITS, value } from "./helpers.js";

const N = 200_000;

/** Writes the generated file: see the test for what each line is. */
async function writeLarge(path: string): Promise<void> {
  const out = createWriteStream(path);
  let buffer = "";
  for (let i = 0; i < N; i++) {
    let line: string;
    if (i % 10_000 === 9_999) line = '{"city": "chengdu", broken';
    else if (i % 5_000 === 4_999) line = "";
    else {
      const city = i % 2 === 1 ? "chengdu" : "chongqing";
      const month = String(1 + (i % 12)).padStart(2, "0");
      const [language, text] = i % 4 < 2 ? ["en", "Great food"] : ["zh", "非常好"];
      line = JSON.stringify({ id: i, platform: "p", city, date: `2024-${month}-15`, language, text });
    }
    buffer += `${line}\n`;
    if (buffer.length > 1 << 16) {
      if (!out.write(buffer)) await once(out, "drain");
      buffer = "";
    }
  }
  // one more line of 3 MB, over the 1 MiB cap
  buffer += `{"city":"chengdu","date":"2024","text":"${"好".repeat(1_000_000)}"}`;
  out.end(buffer);
  await once(out, "finish");
}

describe("streaming a large file", () => {
  it("reads 200,001 lines one at a time and accounts for every one", async () => {
    const dir = tempDir();
    await writeLarge(join(dir, "large.jsonl"));
    const ctx = recordingContext(dir, "posts");
    ctx.units = UNITS;
    const observations = (await collect(
      textSource.fetch({ path: "large.jsonl", indicators: { sentimentSe: "se" } }, ctx),
    )) as TextObservation[];

    // 20 broken lines (i = 9 999, 19 999, ...), 20 blank (i = 4 999, 14 999, ...), 1 line over the cap:
    // used = 200 000 - 40 = 199 960. The 40 special lines are odd and ≡ 3 (mod 4), so all are chengdu lines
    // that would have been Chinese.
    const summary = problems(ctx.issues).find((p) => p.startsWith("info summary"));
    expect(summary).toBe(
      "info summary large.jsonl: read 200001 lines: 199960 posts used (199960 scored, 0 of them with no sentiment word; 0 not scored), 20 blank, 21 skipped (bad-json 20, line-too-long 1)",
    );
    // issues are capped per code (20 listed), so no roll-up for 20 broken lines
    expect(ctx.issues.filter((i) => i.code === "bad-json")).toHaveLength(20);
    expect(ctx.issues.find((i) => i.code === "line-too-long")?.path).toBe("large.jsonl:200001");

    // chongqing (even i): 100 000 posts, half "Great food" (great +3 over 2 tokens → 0.3), half 非常好
    // (非常 ×2 · 好 +2 = 4 over 2 words → 0.4): mean 0.35; SE = sqrt(100 000 · 0.05² / 99 999) / √100 000
    expect(value(observations, "chongqing", "social_mentions", "2024")).toBe(100_000);
    expect(value(observations, "chongqing", "social_sentiment", "2024")).toBeCloseTo(0.35, 9);
    expect(value(observations, "chongqing", "se", "2024")).toBeCloseTo(
      Math.sqrt((100_000 * 0.05 ** 2) / 99_999) / Math.sqrt(100_000),
      9,
    );
    expect(value(observations, "chongqing", "non_chinese_post_share", "2024")).toBeCloseTo(50, 9);
    // chengdu (odd i): 50 000 English, 50 000 - 40 Chinese
    expect(value(observations, "chengdu", "social_mentions", "2024")).toBe(99_960);
    expect(value(observations, "chengdu", "social_sentiment", "2024")).toBeCloseTo(
      (50_000 * 0.3 + 49_960 * 0.4) / 99_960,
      9,
    );
    expect(value(observations, "chengdu", "positive_post_share", "2024")).toBe(100);
    // progress was reported in steps up to the whole file
    expect(ctx.updates.length).toBeGreaterThan(10);
    expect(ctx.updates.at(-1)?.done).toBe(ctx.updates.at(-1)?.total);
  }, 120_000);
});
