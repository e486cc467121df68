import { InputError, readOptions } from "@cityindex/core";
import { describe, expect, it } from "vitest";

const WHERE = "source `news` (gdelt)";
const KEYS = [
  "endpoint",
  "query",
  "terms",
  "meta",
  "shares",
  "strict",
  "timeout",
  "weight",
  "indicators",
  "year",
];

/** The message of the `bad-option` error `fn` throws. */
function failure(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).code).toBe("bad-option");
    return (error as Error).message;
  }
  throw new Error("no error thrown");
}

describe("readOptions", () => {
  it("accepts absent options and refuses anything but an object, or an unknown key", () => {
    expect(readOptions(undefined, WHERE, KEYS).values).toEqual({});
    expect(readOptions(null, WHERE, KEYS).values).toEqual({});
    expect(failure(() => readOptions([1], WHERE, KEYS))).toBe(
      `${WHERE}: options must be an object, got \`[1]\``,
    );
    expect(failure(() => readOptions("x", WHERE, KEYS))).toBe(
      `${WHERE}: options must be an object, got \`x\``,
    );
    expect(failure(() => readOptions({ endpont: "x" }, WHERE, ["endpoint", "query"]))).toBe(
      `${WHERE}: unknown option \`endpont\`; the options are \`endpoint\`, \`query\``,
    );
  });

  it("reads texts, trimmed, with defaults, and names a bad one with its value", () => {
    const o = readOptions({ query: "  Chengdu  ", terms: [" a ", "b"], year: "2024" }, WHERE, KEYS);
    expect(o.text("query")).toBe("Chengdu");
    expect(o.text("endpoint")).toBeUndefined();
    expect(o.text("endpoint", "x")).toBe("x");
    expect(o.texts("terms")).toEqual(["a", "b"]);
    expect(o.texts("meta", ["m"])).toEqual(["m"]);
    expect(o.textsAt("terms.shanghai", [" Shanghai ", "上海"])).toEqual(["Shanghai", "上海"]);
    expect(failure(() => o.textsAt("terms.shanghai", "Shanghai"))).toBe(
      `${WHERE}: option \`terms.shanghai\` must be an array of non-empty strings, got \`Shanghai\``,
    );
    expect(o.matching("year", /^\d{4}$/, "a year such as `2024`")).toBe("2024");
    expect(o.has("year")).toBe(true);
    expect(o.has("meta")).toBe(false);
    const bad = readOptions({ query: " ", terms: ["a", ""], year: "24" }, WHERE, KEYS);
    expect(failure(() => bad.text("query"))).toBe(
      `${WHERE}: option \`query\` must be a non-empty string, got \` \``,
    );
    expect(failure(() => bad.texts("terms"))).toBe(
      `${WHERE}: option \`terms\` must be an array of non-empty strings, got \`["a",""]\``,
    );
    expect(failure(() => bad.matching("year", /^\d{4}$/, "a year such as `2024`"))).toBe(
      `${WHERE}: option \`year\` must be a year such as \`2024\`, got \`24\``,
    );
  });

  it("reads objects, choices and booleans", () => {
    const o = readOptions({ meta: { a: 1 }, shares: "fraction", strict: false }, WHERE, KEYS);
    expect(o.record("meta")).toEqual({ a: 1 });
    expect(o.record("indicators")).toBeUndefined();
    expect(o.choice("shares", ["percent", "fraction"] as const, "percent")).toBe("fraction");
    expect(o.boolean("strict", true)).toBe(false);
    const bad = readOptions({ meta: [1], shares: "all", strict: "yes" }, WHERE, KEYS);
    expect(failure(() => bad.record("meta"))).toBe(
      `${WHERE}: option \`meta\` must be an object, got \`[1]\``,
    );
    expect(failure(() => bad.choice("shares", ["percent", "fraction"], "percent"))).toBe(
      `${WHERE}: option \`shares\` must be one of \`percent\`, \`fraction\`, got \`all\``,
    );
    expect(failure(() => bad.boolean("strict", true))).toBe(
      `${WHERE}: option \`strict\` must be \`true\` or \`false\`, got \`yes\``,
    );
  });

  it("reads numbers within their range", () => {
    const o = readOptions({ timeout: 30, weight: 0.5 }, WHERE, KEYS);
    expect(o.wholeNumber("timeout", { min: 1, max: 3600 })).toBe(30);
    expect(o.wholeNumber("year", { min: 1 }, 7)).toBe(7);
    expect(o.number("weight", { min: 0, max: 1 })).toBe(0.5);
    for (const [value, range, text] of [
      [0, { min: 1, max: 3600 }, "a whole number from 1 to 3600"],
      [1.5, { min: 1 }, "a whole number of at least 1"],
      [5000, { max: 3600 }, "a whole number of at most 3600"],
      ["30", {}, "a whole number"],
    ] as const) {
      const r = readOptions({ timeout: value }, WHERE, KEYS);
      expect(failure(() => r.wholeNumber("timeout", range))).toBe(
        `${WHERE}: option \`timeout\` must be ${text}, got \`${value}\``,
      );
    }
    const nan = readOptions({ weight: Number.NaN }, WHERE, KEYS);
    expect(failure(() => nan.number("weight", { min: 0 }))).toMatch(
      /option `weight` must be a number of at least 0/,
    );
  });

  it("reads an http(s) URL without a query string", () => {
    const fallback = "https://api.example.org/v2";
    expect(readOptions({}, WHERE, KEYS).url("endpoint", fallback)).toBe(fallback);
    expect(
      readOptions({ endpoint: " http://127.0.0.1:8080/x " }, WHERE, KEYS).url("endpoint", fallback),
    ).toBe("http://127.0.0.1:8080/x");
    for (const bad of [
      "ftp://example.org",
      "https://example.org/?q=1",
      "https://example.org/v1#top",
      "not a url",
      42,
    ]) {
      const o = readOptions({ endpoint: bad }, WHERE, KEYS);
      expect(failure(() => o.url("endpoint", fallback))).toBe(
        `${WHERE}: option \`endpoint\` must be an http or https URL without a query string, got \`${bad}\``,
      );
    }
  });

  it("maps fixed names to indicator ids, or to null for one not produced", () => {
    const defaults = { volume: "media_volume", tone: "media_tone", countries: null };
    const o = readOptions({ indicators: { tone: null, countries: " media_countries " } }, WHERE, KEYS);
    expect(o.indicators("indicators", defaults)).toEqual({
      volume: "media_volume",
      tone: null,
      countries: "media_countries",
    });
    expect(readOptions({}, WHERE, KEYS).indicators("indicators", defaults)).toEqual(defaults);
    expect(
      failure(() =>
        readOptions({ indicators: { volumes: "x" } }, WHERE, KEYS).indicators("indicators", defaults),
      ),
    ).toBe(
      `${WHERE}: option \`indicators\` has no entry \`volumes\`; the entries are \`volume\`, \`tone\`, \`countries\``,
    );
    expect(
      failure(() => readOptions({ indicators: { tone: 3 } }, WHERE, KEYS).indicators("indicators", defaults)),
    ).toBe(`${WHERE}: option \`indicators.tone\` must be an indicator id or null, got \`3\``);
    // An id the spec could not have: letters, digits and `_`, starting with a letter.
    expect(
      failure(() =>
        readOptions({ indicators: { tone: "media tone" } }, WHERE, KEYS).indicators("indicators", defaults),
      ),
    ).toBe(`${WHERE}: option \`indicators.tone\` must be an indicator id or null, got \`media tone\``);
  });

  it("lets a plugin add its own checks with the same form of message", () => {
    const o = readOptions({ year: 2030 }, WHERE, KEYS);
    expect(failure(() => o.fail("option `year` is in the future"))).toBe(
      `${WHERE}: option \`year\` is in the future`,
    );
    expect(failure(() => o.mustBe("year", "a past year"))).toBe(
      `${WHERE}: option \`year\` must be a past year, got \`2030\``,
    );
  });
});
