import { describe, expect, it } from "vitest";
import {
  detectLanguage,
  hash32,
  LineSplitter,
  normaliseLanguage,
  parseLexicon,
  periodOfPost,
  quantile,
  SentimentStats,
  seededRandom,
  ZH_MODIFIERS,
  ZH_SEED_LEXICON_TSV,
  zhSeedLexicon,
} from "../src/index.js";
import { standardError } from "./helpers.js";

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | undefined) => (b === undefined ? undefined : new TextDecoder().decode(b));

describe("periodOfPost", () => {
  it("reads dates as years, quarters and months", () => {
    expect(periodOfPost("2024-05-31", "year")).toEqual({ period: "2024" });
    expect(periodOfPost("2024-05-31", "quarter")).toEqual({ period: "2024-Q2" });
    expect(periodOfPost("2024/12/01", "quarter")).toEqual({ period: "2024-Q4" });
    expect(periodOfPost("2024-01", "quarter")).toEqual({ period: "2024-Q1" });
    expect(periodOfPost("2024-09-30T23:59:59-05:00", "quarter")).toEqual({ period: "2024-Q3" });
    expect(periodOfPost("2024年7月1日", "month")).toEqual({ period: "2024-07" });
    expect(periodOfPost(2024, "year")).toEqual({ period: "2024" });
  });

  it("reads Unix timestamps in seconds and milliseconds, in UTC", () => {
    // 1717300000 s = 2024-06-02T03:46:40Z; 1704067199 s = 2023-12-31T23:59:59Z
    expect(periodOfPost(1717300000, "month")).toEqual({ period: "2024-06" });
    expect(periodOfPost(1704067199, "quarter")).toEqual({ period: "2023-Q4" });
    expect(periodOfPost(1704067200000, "year")).toEqual({ period: "2024" });
    expect(periodOfPost("1717300000", "month")).toEqual({ period: "2024-06" });
    expect(periodOfPost("1704067200000", "month")).toEqual({ period: "2024-01" });
  });

  it("says why a date has no period", () => {
    expect(periodOfPost("2024", "quarter")).toEqual({
      reason: "it has no month, and periods are quarters (`periodType`)",
    });
    expect(periodOfPost("31/05/2024", "quarter")).toEqual({
      reason: "it is not a date written year first (2024-05-31, 2024-05 or 2024)",
    });
    expect(periodOfPost("2024-13-01", "year")).toEqual({ reason: "month 13 does not exist" });
    expect(periodOfPost(1e20, "year")).toEqual({ reason: "it is a number too large to be a timestamp" });
    expect(periodOfPost(12345, "year")).toHaveProperty("reason");
    expect(periodOfPost({ y: 2024 }, "year")).toHaveProperty("reason");
  });
});

describe("normaliseLanguage", () => {
  it("reduces tags to Chinese or the primary subtag", () => {
    expect(["zh", "zh-TW", "zh_HK", "cmn-Hans", "yue", "中文"].map(normaliseLanguage)).toEqual(
      Array(6).fill("zh"),
    );
    expect(["en", "EN-gb", "English", "英文"].map(normaliseLanguage)).toEqual(Array(4).fill("en"));
    expect(normaliseLanguage("fr-CA")).toBe("fr");
    expect(normaliseLanguage("other")).toBe("other");
    expect(normaliseLanguage("und")).toBe("und");
    expect(normaliseLanguage("")).toBeUndefined();
    expect(normaliseLanguage("12")).toBeUndefined();
    expect(normaliseLanguage("klingonese")).toBeUndefined();
  });
});

describe("detectLanguage", () => {
  const afinn = (w: string) => ["amazing", "great", "super"].includes(w);
  it("tells Chinese, Japanese, Korean, English and other text apart by script", () => {
    expect(detectLanguage("成都的大熊猫非常可爱")).toBe("zh");
    expect(detectLanguage("成都 panda 太可爱了")).toBe("zh");
    expect(detectLanguage("東京のラーメンはおいしい")).toBe("ja");
    expect(detectLanguage("서울은 아름다운 도시입니다")).toBe("ko");
    expect(detectLanguage("The pandas were amazing", afinn)).toBe("en");
    expect(detectLanguage("Great!", afinn)).toBe("en");
    expect(detectLanguage("Une ville magnifique", afinn)).toBe("other");
    expect(detectLanguage("Una ciudad preciosa y tranquila", afinn)).toBe("other");
    expect(detectLanguage("Москва красивая", afinn)).toBe("other");
    expect(detectLanguage("👍👍 123 !!!")).toBe("und");
  });

  it("needs a quarter of the Latin words to be English", () => {
    // 1 of 4 English (super) → en; 1 of 5 → other
    expect(detectLanguage("Très belle ville super", afinn)).toBe("en");
    expect(detectLanguage("Très belle ville vraiment super", afinn)).toBe("other");
  });
});

describe("LineSplitter", () => {
  it("splits across chunks, drops \\r before \\n, and returns a last line without a break", () => {
    const s = new LineSplitter(100);
    const out = [...s.push(bytes("ab")), ...s.push(bytes("c\r\nd\n\nef")), ...s.push(bytes("g")), ...s.end()];
    expect(out.map((l) => [l.line, text(l.bytes), l.length])).toEqual([
      [1, "abc", 3],
      [2, "d", 1],
      [3, "", 0],
      [4, "efg", 3],
    ]);
    expect(s.end()).toEqual([]);
  });

  it("lets go of the bytes of a line over the cap but counts it", () => {
    const s = new LineSplitter(64);
    const big = "x".repeat(1000);
    const out = [
      ...s.push(bytes(`short\n${big.slice(0, 500)}`)),
      ...s.push(bytes(`${big.slice(500)}\nnext`)),
      ...s.end(),
    ];
    expect(out.map((l) => [l.line, text(l.bytes), l.length])).toEqual([
      [1, "short", 5],
      [2, undefined, 1000],
      [3, "next", 4],
    ]);
    // exactly at the cap is kept
    const t = new LineSplitter(64);
    expect(text(t.push(bytes(`${"y".repeat(64)}\r\n`))[0]?.bytes)).toBe("y".repeat(64));
  });
});

describe("parseLexicon and the seed lexicon", () => {
  it("reads word<TAB>score lines, skipping comments, blanks and a BOM", () => {
    const r = parseLexicon("\uFEFF# c\n\nGood\t2\nnot  bad\t1.5\textra\nterrible -3\n’tis\t1\n");
    expect([...r.words]).toEqual([
      ["good", 2],
      ["not bad", 1.5],
      ["terrible", -3],
      ["'tis", 1],
    ]);
    expect(r.problems).toEqual([]);
  });

  it("is a seed of a few hundred unique words on -5..5, and every modifier differs from its words", () => {
    const r = parseLexicon(ZH_SEED_LEXICON_TSV);
    expect(r.problems).toEqual([]);
    expect(r.words.size).toBeGreaterThanOrEqual(300);
    expect([...r.words.values()].every((v) => Number.isInteger(v) && v >= -5 && v <= 5 && v !== 0)).toBe(
      true,
    );
    const positive = [...r.words.values()].filter((v) => v > 0).length;
    expect(positive).toBeGreaterThan(120);
    expect(r.words.size - positive).toBeGreaterThan(120);
    expect(Object.keys(ZH_MODIFIERS).filter((m) => r.words.has(m))).toEqual([]);
    expect(zhSeedLexicon().get("好")).toBe(2);
    expect(zhSeedLexicon().get("糟糕")).toBe(-3);
  });
});

describe("seededRandom and hash32", () => {
  it("gives the same numbers in [0, 1) for the same seed", () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.05);
    expect(seededRandom(43)()).not.toBe(seededRandom(42)());
    expect(hash32("chengdu")).toBe(hash32("chengdu"));
    expect(hash32("chengdu")).not.toBe(hash32("chongqing"));
  });
});

describe("SentimentStats", () => {
  it("computes the mean, its standard error and the shares", () => {
    const s = new SentimentStats();
    for (const x of [0.2, -0.1, 0, 0.5]) {
      s.addPost(1);
      s.addScore(x, 1, x === 0, 0);
    }
    // mean 0.6 / 4 = 0.15; deviations 0.05, -0.25, -0.15, 0.35; Σ² = 0.0025 + 0.0625 + 0.0225 + 0.1225 = 0.21;
    // SE = sqrt(0.21 / 3) / 2 = 0.1322876
    expect(s.mean()).toBeCloseTo(0.15, 12);
    expect(s.standardError()).toBeCloseTo(Math.sqrt(0.21 / 3) / 2, 12);
    expect(s.standardError()).toBeCloseTo(standardError([0.2, -0.1, 0, 0.5]), 12);
    expect([s.positive, s.negative, s.neutral, s.scored, s.posts]).toEqual([2, 1, 1, 4, 4]);
  });

  it("gives an SE of exactly 0 for equal scores, and none for one post", () => {
    const s = new SentimentStats(true);
    for (let i = 0; i < 5; i++) s.addScore(0.3, 1 + i, false, 0);
    expect(s.standardError()).toBe(0);
    expect(s.interval(100, 0.9, 1)).toEqual([0.3, 0.3]);
    const one = new SentimentStats(true);
    one.addScore(0.3, 1, false, 0);
    expect(one.standardError()).toBeUndefined();
    expect(one.interval(100, 0.9, 1)).toBeUndefined();
    expect(new SentimentStats().mean()).toBeUndefined();
  });

  it("takes quantiles by linear interpolation (R type 7)", () => {
    // R: quantile(c(1, 2, 3, 4), c(0.1, 0.5, 0.9)) → 1.3, 2.5, 3.7
    expect(quantile([1, 2, 3, 4], 0.1)).toBeCloseTo(1.3, 12);
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4], 0.9)).toBeCloseTo(3.7, 12);
  });
});
