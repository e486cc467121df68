import { createHash } from "node:crypto";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AFINN_NAME, parseText, type TextObservation, textSource, ZH_SEED_NAME } from "../src/index.js";
import {
  collect,
  fixture,
  problems,
  recordingContext,
  standardError,
  tempDir,
  UNITS,
  value,
} from "./helpers.js";

const sha256 = (bytes: Uint8Array) => `sha256:${createHash("sha256").update(bytes).digest("hex")}`;

/** Copies the fixture into a fresh directory and runs the source on it with the test units. */
async function runFixture(options: Record<string, unknown> = {}) {
  const dir = tempDir();
  copyFileSync(fixture("posts.jsonl"), join(dir, "posts.jsonl"));
  const ctx = recordingContext(dir, "posts");
  ctx.units = UNITS;
  const observations = (await collect(
    textSource.fetch({ path: "posts.jsonl", ...options }, ctx),
  )) as TextObservation[];
  return { ctx, observations, dir };
}

// Scores of the fixture's posts, by line (score = AFINN or lexicon sum / tokens / 5):
//   1 en "The pandas are amazing": the|pandas|are|amazing, amazing +4 → 4 / 4 = 1 → 0.2
//   2 zh (detected) "成都的大熊猫非常可爱": 成都/的/大熊猫/非常/可爱, 非常 ×2 · 可爱 +3 = 6 → 6 / 5 → 0.24
//   3 en "The hotel was not good": 5 tokens, `not` flips good +3 → -3 / 5 → -0.12
//   4 zh "服务不好，房间很脏": 服务 | 不好 = 不 + 好 | ， | 房间 | 很脏 = 很 + 脏 → 6 words,
//        -1 · 2 + 1.5 · (-2) = -5 → -5 / 6 / 5 = -1/6
//   5 zh "我们今天去了春熙路": no sentiment word → 0 (neutral)
//   6 duplicate of line 1 (x, x1) → skipped
//   7 "Une ville magnifique": no language, Latin words not English → `other`, not scored
//   8 en (重庆) "Terrible traffic and dirty streets": -3 - 2 = -5 over 5 tokens → -0.2
//   9 zh (Chongqing) "重庆火锅好吃，夜景极其美丽": 重庆火锅/好吃/，/夜景/极其/美丽 → 5 words,
//        好吃 +3 + 极其 ×2.5 · 美丽 +3 = 10.5 → 10.5 / 5 / 5 = 0.42
//  20 en "Nice\u0000 view\u202e" → "Nice view": nice +3 over 2 tokens → 0.3
const CHENGDU = [0.2, 0.24, -0.12, -1 / 6, 0, 0.3];
const CHONGQING = [-0.2, 0.42];

describe("textSource", () => {
  it("declares its id, label and options schema", () => {
    expect(textSource.id).toBe("text");
    expect(textSource.label).toBe("Posts and articles (text sentiment)");
    expect(textSource.options).toMatchObject({
      type: "object",
      additionalProperties: false,
      required: ["path"],
    });
  });

  it("turns the fixture into volume, sentiment and shares (hand-computed)", async () => {
    const { observations } = await runFixture({
      indicators: { sentimentSe: "social_sentiment_se", scored: "posts_scored" },
    });
    const v = (unit: string, id: string) => value(observations, unit, id, "2024");
    // chengdu 2024: lines 1, 2, 3, 4, 5, 7, 20 are used (7 posts); 6 are scored (line 7 is not).
    expect(v("chengdu", "social_mentions")).toBe(7);
    expect(v("chengdu", "posts_scored")).toBe(6);
    // mean = (0.2 + 0.24 - 0.12 - 1/6 + 0 + 0.3) / 6 = (30 + 36 - 18 - 25 + 0 + 45) / 150 / 6 = 68/900 = 17/225
    expect(v("chengdu", "social_sentiment")).toBeCloseTo(17 / 225, 12);
    expect(v("chengdu", "social_sentiment")).toBeCloseTo(0.0755555555556, 12);
    // SE = sqrt(Σ(x - m)² / (n - 1)) / √n with deviations 0.12444, 0.16444, -0.19556, -0.24222, -0.07556, 0.22444:
    //   Σ(x - m)² = 0.1955259, SE = sqrt(0.1955259 / 5) / √6 = 0.0807312
    expect(v("chengdu", "social_sentiment_se")).toBeCloseTo(standardError(CHENGDU), 12);
    expect(v("chengdu", "social_sentiment_se")).toBeCloseTo(0.0807312, 6);
    // positive (> 0): lines 1, 2, 20 → 3 of 6; negative (< 0): lines 3, 4 → 2 of 6; line 5 is neutral.
    expect(v("chengdu", "positive_post_share")).toBe(50);
    expect(v("chengdu", "negative_post_share")).toBeCloseTo(100 / 3, 12);
    // languages of the 7 posts: en, zh, en, zh, zh, other, en → 4 of 7 not Chinese
    expect(v("chengdu", "non_chinese_post_share")).toBeCloseTo(400 / 7, 12);

    // chongqing 2024: lines 8 and 9; mean (-0.2 + 0.42) / 2 = 0.11; SE with n = 2 is |a - b| / 2 = 0.31.
    expect(v("chongqing", "social_mentions")).toBe(2);
    expect(v("chongqing", "social_sentiment")).toBeCloseTo(0.11, 12);
    expect(v("chongqing", "social_sentiment_se")).toBeCloseTo(0.31, 12);
    expect(v("chongqing", "social_sentiment_se")).toBeCloseTo(standardError(CHONGQING), 12);
    expect(v("chongqing", "positive_post_share")).toBe(50);
    expect(v("chongqing", "negative_post_share")).toBe(50);
    expect(v("chongqing", "non_chinese_post_share")).toBe(50);

    expect(observations.map((o) => `${o.unit}/${o.indicator}`)).toEqual([
      "chengdu/social_mentions",
      "chengdu/social_sentiment",
      "chengdu/social_sentiment_se",
      "chengdu/posts_scored",
      "chengdu/positive_post_share",
      "chengdu/negative_post_share",
      "chengdu/non_chinese_post_share",
      "chongqing/social_mentions",
      "chongqing/social_sentiment",
      "chongqing/social_sentiment_se",
      "chongqing/posts_scored",
      "chongqing/positive_post_share",
      "chongqing/negative_post_share",
      "chongqing/non_chinese_post_share",
    ]);
    const sentiment = observations.find((o) => o.unit === "chengdu" && o.indicator === "social_sentiment");
    expect(sentiment?.provenance.basis).toEqual({ scored: 6, neutral: 1, weight: 6, se: expect.any(Number) });
    expect(sentiment?.provenance.basis.se).toBeCloseTo(standardError(CHENGDU), 12);
  });

  it("puts source, file, hash, retrieval time, licence and classifier in every observation's provenance", async () => {
    const before = new Date().toISOString();
    const { observations, dir } = await runFixture({ licence: "CC-BY-4.0", illustrative: true });
    const after = new Date().toISOString();
    // five figures (volume, sentiment, two shares, non-Chinese share) for each of two units
    expect(observations.length).toBe(10);
    const hash = sha256(readFileSync(join(dir, "posts.jsonl")));
    for (const o of observations) {
      expect(o.provenance).toMatchObject({
        source: "text:posts",
        location: "posts.jsonl",
        hash,
        licence: "CC-BY-4.0",
        illustrative: true,
        classifier: `en: ${AFINN_NAME}; zh: ${ZH_SEED_NAME}`,
      });
      const retrieved = o.provenance.retrieved ?? "";
      expect(retrieved >= before && retrieved <= after).toBe(true);
    }
  });

  it("accounts for every line: issues with file:line, and a summary", async () => {
    const { ctx } = await runFixture();
    expect(problems(ctx.issues)).toEqual([
      "info duplicate posts.jsonl:6: post `x1` was read before (same platform and id); it is not counted twice",
      "warning bad-json posts.jsonl:11: line 11 is not valid JSON (`Unexpected end of JSON input`); the line is not read",
      "warning bad-date posts.jsonl:13: cannot read the date `31/05/2024`: it is not a date written year first (2024-05-31, 2024-05 or 2024); the post is not used",
      "warning missing-date posts.jsonl:14: the post (city `chengdu`) has no date in `date`; the post is not used",
      "warning empty-text posts.jsonl:15: the post's text is empty (or only spaces and control characters); the post is not used",
      "warning missing-text posts.jsonl:16: the post has no text in `text`; the post is not used",
      "warning not-an-object posts.jsonl:17: line 17 is JSON but not an object (`[1,2,3]`); the line is not read",
      "warning missing-city posts.jsonl:18: the post has no city in `city`; the post is not used",
      "warning unknown-unit posts.jsonl:12: city `Lhasa` is not one of the spec's units; its 2 posts are not used (map it with `unitMap` if it is a name of a unit)",
      "info unscored-language posts.jsonl:7: 1 post in language `other` counts in volume but not in sentiment: there is no lexicon for the language (add one with `lexicon`)",
      "info control-characters posts.jsonl:20: control or format characters (such as NUL, bidirectional overrides or zero-width marks) were replaced by spaces in 1 post",
      "info summary posts.jsonl: read 20 lines: 9 posts used (8 scored, 1 of them with no sentiment word; 1 not scored), 1 blank, 10 skipped (duplicate 1, bad-json 1, unknown-unit 2, bad-date 1, missing-date 1, empty-text 1, missing-text 1, not-an-object 1, missing-city 1)",
    ]);
    // 20 lines = 9 used + 1 blank + 10 skipped
    expect(ctx.logs).toContain(
      "info posts.jsonl: 20 lines, 9 posts used (8 scored, 1 not scored), 1 blank, skipped: duplicate 1, bad-json 1, unknown-unit 2, bad-date 1, missing-date 1, empty-text 1, missing-text 1, not-an-object 1, missing-city 1",
    );
    const size = readFileSync(fixture("posts.jsonl")).length;
    expect(ctx.updates[0]).toEqual({ done: 0, total: size, message: "reading posts.jsonl" });
    expect(ctx.updates.at(-1)).toEqual({ done: size, total: size, message: "reading posts.jsonl" });
  });

  it("groups by quarter and month, reading timestamps in UTC", async () => {
    const quarters = (await runFixture({ periodType: "quarter" })).observations.filter(
      (o) => o.indicator === "social_mentions",
    );
    // chengdu: Q1 lines 1, 2 (2024-03-05T09:00+08:00 is taken as written); Q2 lines 3, 4, 5 (1717300000 s =
    // 2024-06-02T03:46:40Z); Q3 lines 7, 20 (1725840000000 ms = 2024-09-09). chongqing: Q2 line 8, Q3 line 9.
    expect(quarters.map((o) => `${o.unit}/${o.period}=${o.value}`)).toEqual([
      "chengdu/2024-Q1=2",
      "chengdu/2024-Q2=3",
      "chengdu/2024-Q3=2",
      "chongqing/2024-Q2=1",
      "chongqing/2024-Q3=1",
    ]);
    const months = (await runFixture({ periodType: "month" })).observations.filter(
      (o) => o.indicator === "social_sentiment",
    );
    // chengdu 2024-06: lines 4 and 5 → (-1/6 + 0) / 2 = -1/12
    expect(value(months, "chengdu", "social_sentiment", "2024-06")).toBeCloseTo(-1 / 12, 12);
    // chengdu 2024-07: line 7 only, not scored → null
    expect(value(months, "chengdu", "social_sentiment", "2024-07")).toBeNull();
    expect(months.map((o) => o.period)).toEqual([
      "2024-02",
      "2024-03",
      "2024-05",
      "2024-06",
      "2024-07",
      "2024-04",
      "2024-08",
      "2024-09",
    ]);
  });

  it("weights posts by likes plus an offset", async () => {
    const { observations, ctx } = await runFixture({ weighted: true, columns: { weight: "likes" } });
    const v = (unit: string, id: string) => value(observations, unit, id, "2024");
    // chengdu weights (likes + 1): line 1 11, 2 5, 3 1, 4 2, 5 1 (no likes), 7 1 (no likes), 20 1 → volume 22
    expect(v("chengdu", "social_mentions")).toBe(22);
    // scored: Σ w = 11 + 5 + 1 + 2 + 1 + 1 = 21;
    // Σ w·s = 11·0.2 + 5·0.24 + 1·(-0.12) + 2·(-1/6) + 1·0 + 1·0.3 = 2.2 + 1.2 - 0.12 - 1/3 + 0.3 = 3.24667
    const w = [11, 5, 1, 2, 1, 1];
    const m = (2.2 + 1.2 - 0.12 - 1 / 3 + 0.3) / 21;
    expect(v("chengdu", "social_sentiment")).toBeCloseTo(m, 12);
    expect(v("chengdu", "social_sentiment")).toBeCloseTo(0.1546032, 6);
    // positive weight 11 + 5 + 1 = 17 of 21
    expect(v("chengdu", "positive_post_share")).toBeCloseTo((17 / 21) * 100, 12);
    // languages: en 11 + 1 + 1, other 1, zh 5 + 2 + 1 → not Chinese 14 of 22
    expect(v("chengdu", "non_chinese_post_share")).toBeCloseTo((14 / 22) * 100, 12);
    // chongqing: line 8 weight 3, line 9 weight "3" + 1 = 4 → (3·(-0.2) + 4·0.42) / 7 = 1.08 / 7
    expect(v("chongqing", "social_sentiment")).toBeCloseTo(1.08 / 7, 12);
    expect(v("chongqing", "social_mentions")).toBe(7);
    // weighted SE = sqrt(n/(n-1) · Σ w²(s - m)²) / Σ w
    const ss = CHENGDU.reduce((a, s, i) => a + (w[i] as number) ** 2 * (s - m) ** 2, 0);
    const se = Math.sqrt((6 / 5) * ss) / 21;
    const sentiment = observations.find((o) => o.unit === "chengdu" && o.indicator === "social_sentiment");
    expect(sentiment?.provenance.basis.se).toBeCloseTo(se, 12);
    expect(sentiment?.provenance.basis.se).toBeCloseTo(0.0512427, 6);
    expect(problems(ctx.issues)).toContain(
      "info missing-weight posts.jsonl:5: 3 posts have no weight in `likes` and count with weight 1 (`weightOffset`)",
    );
  });

  it("yields per-language figures", async () => {
    const { observations } = await runFixture({
      byLanguage: {
        en: { volume: "posts_en", sentiment: "sentiment_en", sentimentSe: "sentiment_en_se" },
        "zh-Hans": { volume: "posts_zh", sentiment: "sentiment_zh", scored: "scored_zh" },
        ko: { volume: "posts_ko", sentiment: "sentiment_ko" },
      },
    });
    const v = (id: string) => value(observations, "chengdu", id, "2024");
    // en: lines 1, 3, 20 → (0.2 - 0.12 + 0.3) / 3 = 0.38 / 3
    expect(v("posts_en")).toBe(3);
    expect(v("sentiment_en")).toBeCloseTo(0.38 / 3, 12);
    expect(v("sentiment_en_se")).toBeCloseTo(standardError([0.2, -0.12, 0.3]), 12);
    // zh: lines 2, 4, 5 → (0.24 - 1/6 + 0) / 3
    expect(v("posts_zh")).toBe(3);
    expect(v("scored_zh")).toBe(3);
    expect(v("sentiment_zh")).toBeCloseTo((0.24 - 1 / 6) / 3, 12);
    // no Korean posts: volume 0, sentiment missing
    expect(v("posts_ko")).toBe(0);
    expect(v("sentiment_ko")).toBeNull();
    // chongqing zh: line 9 only → one post, SE not defined
    expect(value(observations, "chongqing", "sentiment_zh", "2024")).toBeCloseTo(0.42, 12);
    expect(value(observations, "chongqing", "sentiment_en_se", "2024")).toBeNull();
  });

  it("gives a seeded, reproducible bootstrap interval of the mean", async () => {
    const options = { indicators: { sentimentLow: "sentiment_low", sentimentHigh: "sentiment_high" } };
    const a = (await runFixture({ ...options, bootstrap: { samples: 2000, seed: 7 } })).observations;
    const b = (await runFixture({ ...options, bootstrap: { samples: 2000, seed: 7 } })).observations;
    const c = (await runFixture({ ...options, bootstrap: { samples: 2000, seed: 8 } })).observations;
    const low = value(a, "chengdu", "sentiment_low", "2024") as number;
    const high = value(a, "chengdu", "sentiment_high", "2024") as number;
    expect(value(b, "chengdu", "sentiment_low", "2024")).toBe(low);
    expect(value(b, "chengdu", "sentiment_high", "2024")).toBe(high);
    expect([
      value(c, "chengdu", "sentiment_low", "2024"),
      value(c, "chengdu", "sentiment_high", "2024"),
    ]).not.toEqual([low, high]);
    // the interval holds the mean and lies within the scores' range [-1/6, 0.3]
    expect(low).toBeLessThan(17 / 225);
    expect(high).toBeGreaterThan(17 / 225);
    expect(low).toBeGreaterThanOrEqual(-1 / 6);
    expect(high).toBeLessThanOrEqual(0.3);
    // roughly mean ± 1.96 SE for a 95% interval (0.0756 ± 0.158), within a generous margin
    expect(high - low).toBeGreaterThan(0.15);
    expect(high - low).toBeLessThan(0.4);
    const basis = a.find((o) => o.indicator === "sentiment_low")?.provenance.basis;
    expect(basis).toEqual({ scored: 6, samples: 2000, level: 0.95, seed: 7 });
  });

  it("matches cities by unit id, label and unitMap, and names every unknown city", async () => {
    const dir = tempDir();
    const lines = [
      { city: "CHENGDU", date: "2024", text: "good" },
      { city: " 成都 ", date: "2024", text: "good" },
      { city: "蓉城", date: "2024", text: "good" },
      { city: "Lhasa", date: "2024", text: "good" },
      { city: "Lhasa", date: "2024", text: "good" },
      { city: "拉萨", date: "2024", text: "good" },
      { city: "Twin", date: "2024", text: "good" },
    ];
    writeFileSync(join(dir, "p.jsonl"), lines.map((l) => JSON.stringify(l)).join("\n"));
    const ctx = recordingContext(dir, "posts");
    ctx.units = [
      ...UNITS,
      { id: "twin-a", labels: { en: "Twin" } },
      { id: "twin-b", labels: { en: "twin" } },
    ];
    const observations = await collect(
      textSource.fetch({ path: "p.jsonl", unitMap: { 蓉城: "chengdu" } }, ctx),
    );
    expect(value(observations as TextObservation[], "chengdu", "social_mentions", "2024")).toBe(3);
    expect(problems(ctx.issues)).toEqual([
      "warning unknown-unit p.jsonl:4: city `Lhasa` is not one of the spec's units; its 2 posts are not used (map it with `unitMap` if it is a name of a unit)",
      "warning unknown-unit p.jsonl:6: city `拉萨` is not one of the spec's units; its 1 post is not used (map it with `unitMap` if it is a name of a unit)",
      "warning ambiguous-unit p.jsonl:7: city `Twin` is a label of several units (`twin-a`, `twin-b`); its 1 post is not used (map it with `unitMap`)",
      "info summary p.jsonl: read 7 lines: 3 posts used (3 scored, 0 of them with no sentiment word; 0 not scored), 0 blank, 4 skipped (unknown-unit 3, ambiguous-unit 1)",
    ]);
  });

  it("takes city names as unit ids when no units are known", async () => {
    const r = await parseText(
      '{"city":"Lhasa","date":"2024","text":"good"}\n{"city":"拉萨","date":"2024","text":"good"}\n',
      { unitMap: { 拉萨: "Lhasa" } },
    );
    expect(
      r.observations.filter((o) => o.indicator === "social_mentions").map((o) => `${o.unit}=${o.value}`),
    ).toEqual(["Lhasa=2"]);
  });

  it("reports a missing file, a bad option and a missing lexicon as errors, and yields nothing", async () => {
    const dir = tempDir();
    const ctx = recordingContext(dir, "posts");
    expect(await collect(textSource.fetch({ path: "nope.jsonl" }, ctx))).toEqual([]);
    expect(await collect(textSource.fetch({ path: "" }, ctx))).toEqual([]);
    expect(await collect(textSource.fetch({ path: "p.jsonl", periodType: "week" } as never, ctx))).toEqual(
      [],
    );
    writeFileSync(join(dir, "p.jsonl"), '{"city":"a","date":"2024","text":"good"}\n');
    expect(
      await collect(
        textSource.fetch({ path: "p.jsonl", lexicon: [{ language: "zh", path: "zh.tsv" }] }, ctx),
      ),
    ).toEqual([]);
    expect(ctx.issues.map((i) => `${i.severity} ${i.code} ${i.path}`)).toEqual([
      "error file-not-found nope.jsonl",
      "error bad-option posts",
      "error bad-option p.jsonl",
      "error lexicon-not-found zh.tsv",
    ]);
    expect(ctx.issues[2]?.message).toBe(
      "text source `posts`: option `periodType` must be one of `year`, `quarter`, `month`, got `week`",
    );
  });

  it("stops when aborted", async () => {
    const { dir } = await runFixture();
    const ctx = recordingContext(dir, "posts");
    ctx.controller.abort();
    await expect(collect(textSource.fetch({ path: "posts.jsonl" }, ctx))).rejects.toThrow();
  });
});
