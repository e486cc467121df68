import { describe, expect, it } from "vitest";
import { parseText, type TextResult } from "../src/index.js";
import { problems, UNITS, value } from "./helpers.js";

const encode = (s: string) => new TextEncoder().encode(s);
const jsonl = (...rows: unknown[]) =>
  rows.map((r) => (typeof r === "string" ? r : JSON.stringify(r))).join("\n");
const post = (extra: Record<string, unknown> = {}) => ({
  city: "chengdu",
  date: "2024-05-01",
  language: "en",
  text: "good",
  ...extra,
});
const run = (input: string | Uint8Array, options: Parameters<typeof parseText>[1] = {}) =>
  parseText(input, { unitSpecs: UNITS, file: "p.jsonl", ...options });

/** Every line is blank, used or skipped for one reason. */
const accounted = (r: TextResult) =>
  r.summary.blank + r.summary.used + Object.values(r.summary.skipped).reduce((a, b) => a + b, 0);

describe("bad input", () => {
  it("skips a line over maxLineBytes without reading it, and goes on", async () => {
    const long = JSON.stringify(post({ text: "x".repeat(200) }));
    expect(long.length).toBe(264);
    const r = await run(jsonl(long, post()), { maxLineBytes: 100 });
    expect(problems(r.issues)[0]).toBe(
      "warning line-too-long p.jsonl:1: line 1 is 264 bytes long, over `maxLineBytes` (100); the line is not read",
    );
    expect(r.summary).toMatchObject({ lines: 2, used: 1, skipped: { "line-too-long": 1 } });
  });

  it("skips a line that is not UTF-8", async () => {
    const good = encode(`${JSON.stringify(post())}\n`);
    const bad = new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d, 0x0a]);
    const r = await run(new Uint8Array([...bad, ...good]));
    expect(problems(r.issues)[0]).toBe(
      "warning bad-encoding p.jsonl:1: line 1 is not valid UTF-8; the line is not read",
    );
    expect(r.summary.used).toBe(1);
  });

  it("reads a byte order mark, CRLF line ends and a last line without a line break", async () => {
    const r = await run(
      `\uFEFF${JSON.stringify(post())}\r\n${JSON.stringify(post())}\r\n\r\n${JSON.stringify(post())}`,
    );
    expect(r.summary).toMatchObject({ lines: 4, blank: 1, used: 3, skipped: {} });
    expect(value(r.observations, "chengdu", "social_mentions", "2024")).toBe(3);
  });

  it("reports malformed JSON and JSON that is not an object with file:line", async () => {
    const r = await run(jsonl("{oops", "[]", '"text"', "null", "42", post()));
    expect(problems(r.issues).slice(0, 5)).toEqual([
      "warning bad-json p.jsonl:1: line 1 is not valid JSON (`Expected property name or '}' in JSON at position 1`); the line is not read",
      "warning not-an-object p.jsonl:2: line 2 is JSON but not an object (`[]`); the line is not read",
      "warning not-an-object p.jsonl:3: line 3 is JSON but not an object (`text`); the line is not read",
      "warning not-an-object p.jsonl:4: line 4 is JSON but not an object (`null`); the line is not read",
      "warning not-an-object p.jsonl:5: line 5 is JSON but not an object (`42`); the line is not read",
    ]);
    expect(accounted(r)).toBe(6);
  });

  it("skips posts with a missing or bad city, date or text", async () => {
    const r = await run(
      jsonl(
        post({ city: "" }),
        post({ city: { name: "chengdu" } }),
        post({ date: null }),
        post({ date: "" }),
        post({ date: "yesterday" }),
        post({ date: "2024-02-30" }),
        post({ text: undefined }),
        post({ text: null }),
        post({ text: 42 }),
        post({ text: { en: "good" } }),
        post({ text: "" }),
        post({ text: " \t\n " }),
        post({ text: "\u0000\u200b\u202e" }),
        post(),
      ),
    );
    expect(r.issues.map((i) => `${i.code} ${i.path}`).slice(0, 13)).toEqual([
      "missing-city p.jsonl:1",
      "missing-city p.jsonl:2",
      "missing-date p.jsonl:3",
      "missing-date p.jsonl:4",
      "bad-date p.jsonl:5",
      "bad-date p.jsonl:6",
      "missing-text p.jsonl:7",
      "missing-text p.jsonl:8",
      "bad-text p.jsonl:9",
      "bad-text p.jsonl:10",
      "empty-text p.jsonl:11",
      "empty-text p.jsonl:12",
      "empty-text p.jsonl:13",
    ]);
    expect(r.issues.find((i) => i.path === "p.jsonl:6")?.message).toBe(
      "cannot read the date `2024-02-30`: day 30 does not exist in 2024-02; the post is not used",
    );
    expect(r.summary).toMatchObject({
      lines: 14,
      used: 1,
      skipped: {
        "missing-city": 2,
        "missing-date": 2,
        "bad-date": 2,
        "missing-text": 2,
        "bad-text": 2,
        "empty-text": 3,
      },
    });
    expect(accounted(r)).toBe(14);
  });

  it("replaces control and format characters and lone surrogates, and counts the posts", async () => {
    const r = await run(
      jsonl(
        '{"city":"chengdu","date":"2024","language":"en","text":"good\\u0000\\u0007 food\\u202e\\u200b"}',
        '{"city":"chengdu","date":"2024","language":"en","text":"bad \\ud800 food"}',
        '{"city":"chengdu\\u0000","date":"2024","language":"en","text":"nice\\tview\\nhere"}',
      ),
      { byLanguage: { en: { sentiment: "en" } } },
    );
    // good +3 over good|food → 0.3; bad -3 over bad|food → -0.3 (the lone surrogate became a space);
    // nice +3 over nice|view|here → 0.2; tabs and line breaks become spaces and are not counted as control
    // characters, and the NUL in a city name is removed without counting the post
    expect(value(r.observations, "chengdu", "en", "2024")).toBeCloseTo((0.3 - 0.3 + 0.2) / 3, 12);
    expect(problems(r.issues)).toContain(
      "info control-characters p.jsonl:1: control or format characters (such as NUL, bidirectional overrides or zero-width marks) were replaced by spaces in 2 posts",
    );
  });

  it("keeps hostile keys and names inert, and shortens them in messages", async () => {
    const long = "Z".repeat(5000);
    const r = await run(
      jsonl(
        '{"__proto__":{"city":"chengdu"},"city":"constructor","date":"2024","text":"good"}',
        { city: "__proto__", date: "2024", text: "good" },
        { city: long, date: "2024", text: "good" },
        { city: "chengdu", date: long, text: "good" },
      ),
    );
    expect(({} as Record<string, unknown>).city).toBeUndefined();
    expect(r.summary.skipped).toEqual({ "unknown-unit": 3, "bad-date": 1 });
    const messages = r.issues.map((i) => i.message);
    expect(messages.every((m) => m.length < 400)).toBe(true);
    expect(messages.some((m) => m.includes("`constructor`"))).toBe(true);
    expect(messages.some((m) => m.includes("`__proto__`"))).toBe(true);
  });

  it("checks weights and precomputed scores", async () => {
    const r = await run(
      jsonl(
        post({ likes: -1 }),
        post({ likes: "many" }),
        post({ likes: "1,000" }),
        post({ likes: 3, s: 2 }),
        post({ likes: 3, s: "bad" }),
        post({ likes: "4", s: 0.5 }),
        post({ likes: 1 }),
      ),
      { weighted: true, columns: { weight: "likes", score: "s" } },
    );
    expect(r.issues.map((i) => `${i.code} ${i.path}`).slice(0, 5)).toEqual([
      "bad-weight p.jsonl:1",
      "bad-weight p.jsonl:2",
      "bad-weight p.jsonl:3",
      "bad-score p.jsonl:4",
      "bad-score p.jsonl:5",
    ]);
    // used: 0.5 with weight 5 and "good" (+3 / 1 / 5 = 0.6) with weight 2 → (2.5 + 1.2) / 7
    expect(value(r.observations, "chengdu", "social_sentiment", "2024")).toBeCloseTo(3.7 / 7, 12);
    expect(value(r.observations, "chengdu", "social_mentions", "2024")).toBe(7);
  });

  it("drops repeated platform + id unless dedupe is off", async () => {
    const rows = [
      post({ id: 1, platform: "x" }),
      post({ id: "1", platform: "x" }),
      post({ id: 1, platform: "y" }),
      post(),
    ];
    const on = await run(jsonl(...rows));
    expect(on.summary.skipped).toEqual({ duplicate: 1 });
    expect(value(on.observations, "chengdu", "social_mentions", "2024")).toBe(3);
    const off = await run(jsonl(...rows), { dedupe: false });
    expect(value(off.observations, "chengdu", "social_mentions", "2024")).toBe(4);
  });

  it("detects the language when the tag is not one, and says so", async () => {
    const r = await run(
      jsonl(post({ language: "Klingonese", text: "成都很好" }), post({ language: 7, text: "good" })),
    );
    expect(problems(r.issues).filter((p) => p.startsWith("info unknown-language-tag"))).toEqual([
      "info unknown-language-tag p.jsonl:1: the language `Klingonese` of 1 post is not a language tag; the language was detected from the text",
      "info unknown-language-tag p.jsonl:2: the language `7` of 1 post is not a language tag; the language was detected from the text",
    ]);
    // 成都/很/好 → zh (1.5 · 2 = 3 over 3 → 0.2); good → en (0.6) → non-Chinese 1 of 2
    expect(value(r.observations, "chengdu", "non_chinese_post_share", "2024")).toBe(50);
    expect(value(r.observations, "chengdu", "social_sentiment", "2024")).toBeCloseTo(0.4, 12);
  });

  it("caps issues per code and rolls up the rest", async () => {
    const rows = [
      ...Array.from({ length: 30 }, () => "{bad"),
      ...Array.from({ length: 8 }, (_, i) => post({ city: `X${i}` })),
    ];
    const r = await run(jsonl(...rows), { maxIssues: 5 });
    const json = r.issues.filter((i) => i.code === "bad-json");
    expect(json).toHaveLength(6);
    expect(json[5]?.message).toBe(
      "25 more lines with the same problem (`bad-json`), from p.jsonl:6 on; only the first 5 are listed (`maxIssues`)",
    );
    const units = r.issues.filter((i) => i.code === "unknown-unit");
    expect(units).toHaveLength(6);
    expect(units[5]?.message).toBe(
      "3 more city names that are not units (3 posts), such as `X5`, `X6`, `X7`, are not used; only the 5 most frequent are listed (`maxIssues`)",
    );
    expect(accounted(r)).toBe(38);
  });

  it("warns about an empty file and a file with no usable post", async () => {
    const empty = await run("");
    expect(problems(empty.issues)).toEqual([
      "warning empty-file p.jsonl: the file is empty",
      "info summary p.jsonl: read 0 lines: 0 posts used (0 scored, 0 of them with no sentiment word; 0 not scored), 0 blank, 0 skipped",
    ]);
    expect(empty.observations).toEqual([]);
    const blank = await run("\n\n  \n");
    expect(blank.issues[0]?.code).toBe("no-posts");
    expect(blank.summary).toMatchObject({ lines: 3, blank: 3, used: 0 });
  });

  it("scores a long Chinese article within the line cap", async () => {
    const article = "成都的大熊猫非常可爱。".repeat(20_000);
    const r = await run(jsonl(post({ language: "zh", text: article })));
    // each sentence: 非常 ×2 · 可爱 +3 = 6 over 5 words; the full stops are breaks → 6 / 5 / 5 = 0.24
    expect(value(r.observations, "chengdu", "social_sentiment", "2024")).toBeCloseTo(0.24, 12);
  });
});

describe("parseText options", () => {
  it("throws an InputError for a bad option", async () => {
    await expect(parseText("", { threshold: 1 })).rejects.toThrow(
      "parseText: option `threshold` must be a number from 0 up to (not including) 1, got `1`",
    );
    await expect(parseText("", { path: "x" } as never)).rejects.toThrow("parseText: unknown option `path`");
    await expect(parseText("", { indicators: { volume: "a", sentiment: "a" } })).rejects.toThrow(
      "parseText: indicator id `a` is given to two figures",
    );
  });

  it("applies the threshold and writes shares as fractions", async () => {
    const r = await run(
      jsonl(post({ text: "good food and a walk" }), post({ text: "bad" }), post({ text: "a walk" })),
      {
        threshold: 0.2,
        shares: "fraction",
      },
    );
    // good +3 over 5 tokens → 0.12 (not above 0.2); bad → -0.6 (below -0.2); a walk → 0
    expect(value(r.observations, "chengdu", "positive_post_share", "2024")).toBe(0);
    expect(value(r.observations, "chengdu", "negative_post_share", "2024")).toBeCloseTo(1 / 3, 12);
  });

  it("joins several text fields of an article", async () => {
    const r = await run(
      jsonl(
        { city: "chengdu", date: "2024", title: "Great", body: "food" },
        { city: "chengdu", date: "2024", body: "bad" },
      ),
      {
        columns: { text: ["title", "body"] },
      },
    );
    // "Great\nfood" → great +3 over 2 tokens → 0.3; "bad" alone → -0.6
    expect(value(r.observations, "chengdu", "social_sentiment", "2024")).toBeCloseTo(-0.15, 12);
  });

  it("leaves out figures set to null", async () => {
    const r = await run(jsonl(post()), {
      indicators: { volume: null, sharePositive: null, shareNegative: null, nonChineseShare: null },
    });
    expect(r.observations.map((o) => o.indicator)).toEqual(["social_sentiment"]);
  });
});
