import { describe, expect, it } from "vitest";
import { scoreTokens, tokensOfSegments, wordTokens } from "../../src/index.js";

describe("wordTokens", () => {
  it("splits into lower-case words and clause breaks", () => {
    expect(wordTokens("Très SALE, mais l’hôtel: pas mal!")).toEqual([
      { text: "très", brk: false },
      { text: "sale", brk: false },
      { text: ",", brk: true },
      { text: "mais", brk: false },
      { text: "l'hôtel", brk: false },
      { text: ":", brk: true },
      { text: "pas", brk: false },
      { text: "mal", brk: false },
      { text: "!", brk: true },
    ]);
  });
});

describe("tokensOfSegments", () => {
  it("drops spaces and makes punctuation and symbols clause breaks", () => {
    expect(tokensOfSegments(["好", " ", "，", "Panda", "😀", "…"])).toEqual([
      { text: "好", brk: false },
      { text: "，", brk: true },
      { text: "panda", brk: false },
      { text: "😀", brk: true },
      { text: "…", brk: true },
    ]);
  });
});

describe("scoreTokens", () => {
  const lexicon = new Map([
    ["good", 2],
    ["bad", -2],
    ["not bad", 1],
  ]);
  const modifiers = new Map([
    ["not", -1],
    ["very", 2],
  ]);
  const run = (text: string) => scoreTokens(wordTokens(text), lexicon, modifiers, " ", false);

  it("multiplies the next sentiment word by the modifiers before it, within the clause", () => {
    // very · not · good = 2 · -1 · 2 = -4; words very, not, good, food
    expect(run("very not good food")).toEqual({ sum: -4, words: 4, hits: 1 });
    // the comma resets: good is not negated
    expect(run("not, good")).toEqual({ sum: 2, words: 2, hits: 1 });
    // a modifier applies once: not good (−2) then good (+2)
    expect(run("not good good")).toEqual({ sum: 0, words: 3, hits: 2 });
  });

  it("joins the longest lexicon entry first", () => {
    // "not bad" is an entry (+1), so it is one word and not "not" + "bad" (+2)
    expect(run("not bad at all")).toEqual({ sum: 1, words: 3, hits: 1 });
  });

  it("splits modifiers off a token only when asked", () => {
    const zh = new Map([["脏", -2]]);
    const mods = new Map([
      ["很", 1.5],
      ["不", -1],
    ]);
    const tokens = tokensOfSegments(["很脏", "很不脏"]);
    expect(scoreTokens(tokens, zh, mods, "", true)).toEqual({ sum: -3 + 3, words: 5, hits: 2 });
    expect(scoreTokens(tokens, zh, mods, "", false)).toEqual({ sum: 0, words: 2, hits: 0 });
  });
});
