import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  AFINN_NAME,
  createLexiconClassifier,
  type PostScore,
  parseText,
  segmentChinese,
  ZH_SEED_NAME,
} from "../../src/index.js";
import { tempDir, UNITS, value } from "../helpers.js";

const seed = createLexiconClassifier();
const score = async (text: string, language: string) => (await seed.score(text, language)) as PostScore;

describe("segmentChinese", () => {
  it("segments known phrases with jieba's dictionary (v2 loaded with its bundled dict)", async () => {
    expect(await segmentChinese("南京市长江大桥")).toEqual(["南京市", "长江大桥"]);
    expect(await segmentChinese("我们中出了一个叛徒")).toEqual(["我们", "中", "出", "了", "一个", "叛徒"]);
    expect(await segmentChinese("成都的大熊猫非常可爱")).toEqual(["成都", "的", "大熊猫", "非常", "可爱"]);
    expect(await segmentChinese("重庆火锅好吃，夜景极其美丽")).toEqual([
      "重庆火锅",
      "好吃",
      "，",
      "夜景",
      "极其",
      "美丽",
    ]);
  });
});

describe("English through the sentiment package (AFINN-165)", () => {
  it("divides the comparative score (sum / tokens) by 5", async () => {
    // love +3, great +3 over chengdu|is|a|great|city|i|love|the|food (9 tokens): 6 / 9 / 5
    expect(await score("Chengdu is a great city, I love the food!", "en")).toEqual({
      score: 6 / 9 / 5,
      hits: 2,
      tokens: 9,
    });
    // terrible -3, dirty -2 over 5 tokens: -5 / 5 / 5
    expect((await score("Terrible traffic and dirty streets", "en")).score).toBeCloseTo(-0.2, 12);
  });

  it("flips a word after a negator (not, don't, isn't ...), also with a typographic apostrophe", async () => {
    // like +2 flipped → -2 over i|don't|like|it: -2 / 4 / 5
    expect((await score("I don't like it", "en")).score).toBeCloseTo(-0.1, 12);
    expect((await score("I don’t like it", "en")).score).toBeCloseTo(-0.1, 12);
    expect((await score("The hotel was not good", "en")).score).toBeCloseTo(-0.12, 12);
  });

  it("scores a post with no sentiment word 0, with no hits", async () => {
    expect(await score("We visited the museum", "en")).toEqual({ score: 0, hits: 0, tokens: 4 });
  });
});

describe("Chinese through jieba and the seed lexicon", () => {
  it("applies negators to the next sentiment word in the clause", async () => {
    // 我/不/喜欢/这里: 不 -1 · 喜欢 +2 = -2 over 4 words → -0.1
    expect(await score("我不喜欢这里", "zh")).toEqual({ score: -0.1, hits: 1, tokens: 4 });
    // 没有/问题: -1 · 问题 -1 = +1 over 2 → 0.1 ("no problem")
    expect((await score("没有问题", "zh")).score).toBeCloseTo(0.1, 12);
    // 没有/一家/好/餐厅: the negation reaches past 一家 → -2 over 4 → -0.1
    expect((await score("没有一家好餐厅", "zh")).score).toBeCloseTo(-0.1, 12);
    // 不是/不好 = 不是 + 不 + 好: (-1)(-1) · 2 = +2 over 3 → 2/15
    expect((await score("不是不好", "zh")).score).toBeCloseTo(2 / 15, 12);
    // a punctuation mark ends the clause: 不/，/好 → 好 is not negated: +2 over 2 → 0.2
    expect((await score("不，好", "zh")).score).toBeCloseTo(0.2, 12);
    // 别 and 非 are negators too; 未 and 没 as well: 未/满意 → -2 over 2
    expect((await score("未满意", "zh")).score).toBeCloseTo(-0.2, 12);
  });

  it("multiplies by degree adverbs", async () => {
    // 好 +2 alone: 2 / 1 / 5 = 0.4
    expect((await score("好", "zh")).score).toBeCloseTo(0.4, 12);
    // 很/好: 1.5 · 2 = 3 over 2 → 0.3; 非常/好: 2 · 2 = 4 over 2 → 0.4; 极其/好: 2.5 · 2 = 5 over 2 → 0.5
    expect((await score("很好", "zh")).score).toBeCloseTo(0.3, 12);
    expect((await score("非常好", "zh")).score).toBeCloseTo(0.4, 12);
    expect((await score("极其好", "zh")).score).toBeCloseTo(0.5, 12);
    // 有点/贵: 0.5 · -1 = -0.5 over 2 → -0.05
    expect((await score("有点贵", "zh")).score).toBeCloseTo(-0.05, 12);
    // softened negation: 不/太 merge into 不太 (-0.5): 这家/店/不太/干净 → -0.5 · 2 = -1 over 4 → -0.05
    expect((await score("这家店不太干净", "zh")).score).toBeCloseTo(-0.05, 12);
    // 不是/很 merge into 不是很 (-0.5): -0.5 · 满意 2 = -1 over 2 → -0.1
    expect((await score("不是很满意", "zh")).score).toBeCloseTo(-0.1, 12);
  });

  it("splits a token into modifiers, a sentiment word and a final particle", async () => {
    // jieba keeps 太好了 whole: 太 + 好 + 了 → 2 · 2 = 4 over 3 → 4/15
    expect(await segmentChinese("太好了")).toEqual(["太好了"]);
    expect(await score("太好了", "zh")).toEqual({ score: 4 / 15, hits: 1, tokens: 3 });
    // 服务/不好/，/房间/很脏: 不好 = 不 + 好 (-2), 很脏 = 很 + 脏 (1.5 · -2 = -3) → -5 over 6 words → -1/6
    expect((await score("服务不好，房间很脏", "zh")).score).toBeCloseTo(-1 / 6, 12);
  });

  it("joins a segmenter's split of a lexicon word", async () => {
    // 值得/一/去 → 值得一去 (+3), one word: 3 / 1 / 5
    expect(await segmentChinese("值得一去")).toEqual(["值得", "一", "去"]);
    expect(await score("值得一去！", "zh")).toEqual({ score: 0.6, hits: 1, tokens: 1 });
  });

  it("clips the score to [-1, 1]", async () => {
    // 完美 +4 alone: 4 / 1 / 5 = 0.8
    expect((await score("完美", "zh")).score).toBeCloseTo(0.8, 12);
    // 非常/极其/完美: 2 · 2.5 · 4 = 20 over 3 words = 6.67 → 1.33, clipped to 1
    expect(await segmentChinese("非常极其完美")).toEqual(["非常", "极其", "完美"]);
    expect((await score("非常极其完美", "zh")).score).toBe(1);
    // 非常/极其/糟糕: 2 · 2.5 · -3 = -15 over 3 = -5 → -1 (at the bound)
    expect((await score("非常极其糟糕", "zh")).score).toBe(-1);
  });

  it("does not score languages without a lexicon", async () => {
    expect(seed.score("Une ville magnifique", "fr")).toBeUndefined();
    expect(seed.score("anything", "other")).toBeUndefined();
    expect(seed.name).toBe(`en: ${AFINN_NAME}; zh: ${ZH_SEED_NAME}`);
    expect(seed.languages).toEqual(["en", "zh"]);
  });
});

describe("custom lexicons", () => {
  it("adds words to the Chinese lexicon from a TSV file, joining jieba's pieces", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "zh.tsv"), "# Sichuan words\n巴适\t3\n安逸\t2\n");
    const lines = [
      { city: "chengdu", date: "2024", language: "zh", text: "火锅很巴适" },
      { city: "chengdu", date: "2024", language: "zh", text: "很安逸" },
    ];
    const input = lines.map((l) => JSON.stringify(l)).join("\n");
    const before = await parseText(input, { unitSpecs: UNITS });
    expect(value(before.observations, "chengdu", "social_sentiment", "2024")).toBe(0);
    const r = await parseText(input, {
      unitSpecs: UNITS,
      baseDir: dir,
      lexicon: [{ language: "zh", path: "zh.tsv" }],
    });
    // 火锅/很/巴/适 → 巴适 joined: 1.5 · 3 = 4.5 over 3 words → 0.3; 很/安逸: 1.5 · 2 = 3 over 2 → 0.3
    expect(value(r.observations, "chengdu", "social_sentiment", "2024")).toBeCloseTo(0.3, 12);
    expect(r.observations[0]?.provenance.classifier).toBe(`en: ${AFINN_NAME}; zh: ${ZH_SEED_NAME} + zh.tsv`);
  });

  it("replaces the Chinese lexicon and keeps its modifiers unless given", async () => {
    const c = createLexiconClassifier({ lexicons: [{ language: "zh", words: { 好: 1 }, mode: "replace" }] });
    // 很/好 with 好 = 1: 1.5 · 1 over 2 → 0.15; 美丽 is no longer in the lexicon
    expect(((await c.score("很好", "zh")) as PostScore).score).toBeCloseTo(0.15, 12);
    expect(await c.score("美丽", "zh")).toEqual({ score: 0, hits: 0, tokens: 1 });
    const bare = createLexiconClassifier({
      lexicons: [{ language: "zh", words: { 好: 1 }, mode: "replace", modifiers: {} }],
    });
    // with `modifiers: {}` 很 is a plain word: 很/好 → 1 over 2 words → 0.1
    expect(((await bare.score("很好", "zh")) as PostScore).score).toBeCloseTo(0.1, 12);
  });

  it("adds to and replaces the English lexicon without touching the default", async () => {
    const added = createLexiconClassifier({ lexicons: [{ language: "en", words: { pandas: 2 } }] });
    // pandas +2, amazing +4 over 4 tokens → 6 / 4 / 5 = 0.3
    expect(((await added.score("The pandas are amazing", "en")) as PostScore).score).toBeCloseTo(0.3, 12);
    // negation still applies to added words: not pandas → -2 over 2 → -0.2
    expect(((await added.score("not pandas", "en")) as PostScore).score).toBeCloseTo(-0.2, 12);
    // the default is unchanged (the sentiment package's `extras` would have changed it for good)
    expect((await score("The pandas are amazing", "en")).score).toBeCloseTo(0.2, 12);
    const replaced = createLexiconClassifier({
      lexicons: [{ language: "en", words: { meh: -1, amazing: 1 }, mode: "replace", scale: 1 }],
    });
    // meh -1 over 1 token, scale 1 → -1; amazing now +1: 1 / 4 / 1 = 0.25; great is gone → 0
    expect(((await replaced.score("meh", "en")) as PostScore).score).toBe(-1);
    expect(((await replaced.score("The pandas are amazing", "en")) as PostScore).score).toBeCloseTo(0.25, 12);
    expect(((await replaced.score("great", "en")) as PostScore).hits).toBe(0);
    expect(replaced.name).toBe(`en: inline; zh: ${ZH_SEED_NAME}`);
  });

  it("scores a new language by its words, with its own modifiers", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "fr.tsv"), "magnifique\t3\nsale\t-2\npas mal\t2\n");
    const lines = [
      { city: "chengdu", date: "2024", language: "fr", text: "Une ville magnifique" },
      { city: "chengdu", date: "2024", language: "fr-FR", text: "Très sale, mais pas mal" },
    ];
    const r = await parseText(lines.map((l) => JSON.stringify(l)).join("\n"), {
      unitSpecs: UNITS,
      baseDir: dir,
      lexicon: [{ language: "fr", path: "fr.tsv", modifiers: { très: 1.5 } }],
      byLanguage: { fr: { sentiment: "sentiment_fr" } },
    });
    // une|ville|magnifique: 3 / 3 / 5 = 0.2
    // très|sale|,|mais|pas mal: 1.5 · -2 = -3; the comma ends the clause; "pas mal" joined: +2 → -1 over 4 words
    //   → -1 / 4 / 5 = -0.05;  mean (0.2 - 0.05) / 2 = 0.075
    expect(value(r.observations, "chengdu", "sentiment_fr", "2024")).toBeCloseTo(0.075, 12);
    expect(r.summary.unscored).toBe(0);
  });

  it("reports bad lexicon lines, and throws in parseText for a missing lexicon file", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "bad.tsv"), "好\t2\n好\t3\nno score here\n\t1\n");
    const r = await parseText('{"city":"chengdu","date":"2024","text":"好"}', {
      unitSpecs: UNITS,
      baseDir: dir,
      lexicon: [{ language: "zh", path: "bad.tsv" }],
    });
    expect(r.issues.slice(0, 3).map((i) => `${i.severity} ${i.code} ${i.path}`)).toEqual([
      "warning duplicate-lexicon-word bad.tsv:2",
      "warning bad-lexicon-line bad.tsv:3",
      "warning bad-lexicon-line bad.tsv:4",
    ]);
    // 好 scores 3 (the later entry): 3 / 1 / 5
    expect(value(r.observations, "chengdu", "social_sentiment", "2024")).toBeCloseTo(0.6, 12);
    await expect(
      parseText("", { baseDir: dir, lexicon: [{ language: "zh", path: "missing.tsv" }] }),
    ).rejects.toThrow("parseText: cannot read the lexicon `missing.tsv`");
  });
});

describe("other classifiers", () => {
  it("takes a classifier of your own in parseText", async () => {
    const calls: string[] = [];
    const r = await parseText(
      [
        '{"city":"chengdu","date":"2024","language":"en","text":"a"}',
        '{"city":"chengdu","date":"2024","language":"ja","text":"b"}',
        '{"city":"chengdu","date":"2024","language":"ko","text":"c"}',
      ].join("\n"),
      {
        unitSpecs: UNITS,
        classifier: {
          name: "my-model v1",
          score: async (text, language) => {
            calls.push(`${language}:${text}`);
            return language === "ko" ? undefined : language === "en" ? 0.5 : -0.25;
          },
        },
        indicators: { scored: "scored" },
      },
    );
    expect(calls).toEqual(["en:a", "ja:b", "ko:c"]);
    // (0.5 - 0.25) / 2 = 0.125; the Korean post is not scored
    expect(value(r.observations, "chengdu", "social_sentiment", "2024")).toBe(0.125);
    expect(value(r.observations, "chengdu", "scored", "2024")).toBe(2);
    expect(r.observations[0]?.provenance.classifier).toBe("my-model v1");
  });

  it("uses a precomputed score column where a post has one", async () => {
    const r = await parseText(
      [
        '{"city":"chengdu","date":"2024","text":"The pandas are amazing","model_score":-0.5}',
        '{"city":"chengdu","date":"2024","text":"The pandas are amazing","model_score":null}',
        '{"city":"chengdu","date":"2024","text":"The pandas are amazing","model_score":"0.1"}',
      ].join("\n"),
      { unitSpecs: UNITS, columns: { score: "model_score" } },
    );
    // -0.5 (given), 0.2 (lexicon: no score given), 0.1 (given as text) → mean -0.2 / 3
    expect(value(r.observations, "chengdu", "social_sentiment", "2024")).toBeCloseTo(-0.2 / 3, 12);
  });
});
