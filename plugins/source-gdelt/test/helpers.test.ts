import { unitTerms } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { cleanTerm, dateRange, gdeltQuery, periodOfStamp, readReply } from "../src/index.js";
import { isPeriod, periodDays, periodsBetween } from "../src/periods.js";
import { excerpt } from "../src/replies.js";

describe("cleanTerm", () => {
  it("keeps names as written, in any script", () => {
    expect(cleanTerm("Chengdu")).toBe("Chengdu");
    expect(cleanTerm("Xi'an")).toBe("Xi'an");
    expect(cleanTerm("  成都  ")).toBe("成都");
    expect(cleanTerm("Ürümqi")).toBe("Ürümqi");
    expect(cleanTerm("Hong Kong S.A.R.")).toBe("Hong Kong S.A.R");
  });

  it("turns quotes, brackets, colons and control characters into spaces and operators into words", () => {
    expect(cleanTerm('Chengdu" OR sourcecountry:US')).toBe("Chengdu or sourcecountry US");
    expect(cleanTerm("a\u0000b\nc\td")).toBe("a b c d");
    expect(cleanTerm("NOT Chengdu AND (Beijing)")).toBe("not Chengdu and Beijing");
    expect(cleanTerm("Notre Dame")).toBe("Notre Dame");
    expect(cleanTerm('"():*')).toBe("");
    expect(cleanTerm("-Chengdu-")).toBe("Chengdu");
    expect(cleanTerm("x".repeat(300))).toHaveLength(100);
  });
});

describe("gdeltQuery", () => {
  it("quotes one term, and puts alternatives in parentheses", () => {
    expect(gdeltQuery(["Chengdu"])).toBe('"Chengdu"');
    expect(gdeltQuery(["Chongqing", "Chungking"], ["sourcelang:english"])).toBe(
      '("Chongqing" OR "Chungking") sourcelang:english',
    );
  });

  it("resolves a unit's terms from options, a label or metadata, without duplicates", () => {
    const unit = { id: "chongqing", labels: { en: "Chongqing" }, meta: { alias: "Chungking", pop: 32 } };
    const none = new Map<string, string[]>();
    expect(unitTerms(unit, { terms: none, termFrom: "labels.en", extraTerms: none })).toEqual({
      terms: ["Chongqing"],
      rejected: [],
    });
    expect(
      unitTerms(unit, {
        terms: none,
        termFrom: "meta.alias",
        extraTerms: new Map([["chongqing", ["chungking", "Chongqing", "()"]]]),
      }),
    ).toEqual({ terms: ["Chungking", "Chongqing"], rejected: ["()"] });
    expect(unitTerms(unit, { terms: none, termFrom: "meta.pop", extraTerms: none }).terms).toEqual([]);
    expect(
      unitTerms(unit, { terms: new Map([["chongqing", ["CQ city"]]]), termFrom: "id", extraTerms: none })
        .terms,
    ).toEqual(["CQ city"]);
  });
});

describe("readReply", () => {
  const json = { "content-type": "application/json; charset=utf-8" };
  it("tells a throttle notice from a rejected query and from a timeline", () => {
    expect(
      readReply(
        { "content-type": "text/plain" },
        "Please limit requests to one every 5 seconds or contact kalev.leetaru5@gmail.com for larger queries.\n",
      ),
    ).toEqual({
      kind: "throttle",
      message:
        "Please limit requests to one every 5 seconds or contact kalev.leetaru5@gmail.com for larger queries.",
    });
    expect(
      readReply(
        { "content-type": "text/html" },
        "<html><body>Queries containing OR'd terms must be surrounded by ().</body></html>",
      ),
    ).toEqual({ kind: "rejected", message: "Queries containing OR'd terms must be surrounded by ()." });
    expect(readReply(json, "")).toEqual({ kind: "rejected", message: "an empty reply" });
    expect(
      readReply(
        json,
        '{"timeline":[{"series":"Article Count","data":[{"date":"20240501T000000Z","value":"3"}]}]}',
      ),
    ).toEqual({
      kind: "timeline",
      timeline: {
        resolution: undefined,
        series: [{ name: "Article Count", points: [{ date: "20240501T000000Z", value: 3 }] }],
      },
    });
  });

  it("reads JSON with raw control characters, and names what is wrong with a bad timeline", () => {
    expect(readReply(json, '{"timeline":[{"series":"A\tB","data":[]}]}')).toMatchObject({
      kind: "timeline",
      timeline: { series: [{ name: "A B", points: [] }] },
    });
    expect(readReply(json, "{nope")).toMatchObject({ kind: "malformed" });
    expect(readReply(json, '{"timeline":{}}')).toEqual({
      kind: "malformed",
      message: "`timeline` is not an array",
    });
    expect(
      readReply(json, '{"timeline":[{"series":"x","data":[{"date":"20240501","value":null}]}]}'),
    ).toEqual({
      kind: "malformed",
      message: "`timeline[0].data[0]` is not a `{ date, value }` point with a finite value",
    });
  });

  it("cuts long replies to one line of 160 characters", () => {
    expect(excerpt(`<p>${"a ".repeat(200)}</p>`)).toHaveLength(160);
    expect(excerpt("<script>x()</script>Bad &amp; wrong")).toBe("Bad & wrong");
  });
});

describe("periods", () => {
  it("lists periods, their days and GDELT's date range", () => {
    expect(periodsBetween("2023-11", "2024-02", "month")).toEqual([
      "2023-11",
      "2023-12",
      "2024-01",
      "2024-02",
    ]);
    expect(periodsBetween("2022", "2024", "year")).toEqual(["2022", "2023", "2024"]);
    expect(periodDays("2024-02", "month")).toEqual({ first: "2024-02-01", last: "2024-02-29" });
    expect(dateRange(["2024-02", "2024-03"], "month")).toEqual({
      start: "20240201000000",
      end: "20240331235959",
    });
    expect(isPeriod("2024-13", "month")).toBe(false);
    expect(isPeriod("2024", "year")).toBe(true);
  });

  it("reads the period of a timeline date", () => {
    expect(periodOfStamp("20240501T000000Z", "month")).toBe("2024-05");
    expect(periodOfStamp("20240501T000000Z", "year")).toBe("2024");
    expect(periodOfStamp("20241301T000000Z", "month")).toBeUndefined();
    expect(periodOfStamp(20240501, "year")).toBeUndefined();
  });
});
