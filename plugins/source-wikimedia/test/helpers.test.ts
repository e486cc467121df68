import { describe, expect, it } from "vitest";
import {
  articleSegment,
  daysInMonth,
  editionSiteId,
  isNoData,
  isQid,
  monthRange,
  pageviewsUrl,
  parseEntities,
  parsePageviews,
  sitelinksUrl,
  unitItems,
  wikipediaProject,
} from "../src/index.js";

describe("monthRange and daysInMonth", () => {
  it("lists months across a year end and knows leap years", () => {
    expect(monthRange("2023-11", "2024-02")).toEqual(["2023-11", "2023-12", "2024-01", "2024-02"]);
    expect(monthRange("2024-03", "2024-03")).toEqual(["2024-03"]);
    expect(monthRange("2024-03", "2024-02")).toEqual([]);
    expect([
      daysInMonth("2024-02"),
      daysInMonth("2023-02"),
      daysInMonth("1900-02"),
      daysInMonth("2024-12"),
    ]).toEqual([29, 28, 28, 31]);
  });
});

describe("articleSegment and pageviewsUrl", () => {
  it("turns spaces into underscores and percent-encodes everything that is not unreserved", () => {
    expect(articleSegment("New York City")).toBe("New_York_City");
    expect(articleSegment("AC/DC")).toBe("AC%2FDC");
    expect(articleSegment("50% off?#&=+")).toBe("50%25_off%3F%23%26%3D%2B");
    expect(articleSegment("Zürich")).toBe("Z%C3%BCrich");
    expect(articleSegment("./x")).toBe(".%2Fx");
    for (const bad of ["", ".", "..", "a\nb", "tab\there"]) expect(articleSegment(bad)).toBeUndefined();
  });

  it("asks for agent `user`, monthly, from the first day of the first month to the last day of the last", () => {
    expect(
      pageviewsUrl({
        endpoint: "https://wikimedia.org/api/rest_v1/metrics/pageviews/",
        project: "en.wikipedia",
        access: "all-access",
        title: "Xi'an",
        start: "2024-01",
        end: "2024-02",
      }),
    ).toBe(
      "https://wikimedia.org/api/rest_v1/metrics/pageviews/per-article/en.wikipedia/all-access/user/Xi'an/monthly/20240101/20240229",
    );
  });
});

describe("parsePageviews and isNoData", () => {
  const months = new Set(["2024-01", "2024-02"]);
  it("reads views by month, keeping only the asked months", () => {
    const body = JSON.stringify({
      items: [
        { timestamp: "2023120100", views: 5, granularity: "monthly" },
        { timestamp: "2024010100", views: 61234, granularity: "monthly" },
        { timestamp: "2024020100", views: 0 },
      ],
    });
    const parsed = parsePageviews(body, months);
    expect("views" in parsed && [...parsed.views]).toEqual([
      ["2024-01", 61234],
      ["2024-02", 0],
    ]);
  });

  it("refuses bodies that are not the documented shape", () => {
    const err = (text: string) => {
      const p = parsePageviews(text, months);
      return "error" in p ? p.error : "ok";
    };
    expect(err("{")).toBe("the body is not JSON");
    expect(err("[]")).toBe("the body has no `items` array");
    expect(err('{"items":[{"timestamp":"2024-01","views":1}]}')).toBe(
      "item 0 has no `timestamp` of the form YYYYMMDDHH",
    );
    expect(err('{"items":[{"timestamp":"2024010100","views":-1}]}')).toBe(
      "item 0 (`2024010100`) has no whole number of `views`",
    );
    expect(err('{"items":[{"timestamp":"2024010100","views":"7"}]}')).toBe(
      "item 0 (`2024010100`) has no whole number of `views`",
    );
    expect(err('{"items":[{"timestamp":"2024010100","views":1,"granularity":"daily"}]}')).toBe(
      "item 0 has granularity `daily`, not `monthly`",
    );
    expect(err('{"items":[{"timestamp":"2024010100","views":1},{"timestamp":"2024010100","views":2}]}')).toBe(
      "month `2024-01` appears twice",
    );
  });

  it("tells the API's no-data 404 from other 404s", () => {
    expect(
      isNoData(
        404,
        '{"type":"https://mediawiki.org/wiki/HyperSwitch/errors/not_found","title":"Not found."}',
      ),
    ).toBe(true);
    expect(isNoData(404, "<html>Not Found</html>")).toBe(false);
    expect(isNoData(404, '{"type":"about:blank"}')).toBe(false);
    expect(isNoData(200, '{"type":".../not_found"}')).toBe(false);
  });
});

describe("editions", () => {
  it("turns edition names into site ids", () => {
    expect(["en", "enwiki", "zh-yue", "ZH_YUEWIKI", " de ", "be-x-old"].map(editionSiteId)).toEqual([
      "enwiki",
      "enwiki",
      "zh_yuewiki",
      "zh_yuewiki",
      "dewiki",
      "be_x_oldwiki",
    ]);
    expect(editionSiteId("en.wikipedia")).toBeUndefined();
    expect(editionSiteId("")).toBeUndefined();
  });

  it("keeps Wikipedia language editions only, and finds their project", () => {
    expect(wikipediaProject("dewiki", "https://de.wikipedia.org/wiki/Shanghai")).toBe("de.wikipedia");
    expect(wikipediaProject("zh_yuewiki", "https://zh-yue.wikipedia.org/wiki/x")).toBe("zh-yue.wikipedia");
    expect(wikipediaProject("be_x_oldwiki", "https://be-tarask.wikipedia.org/wiki/x")).toBe(
      "be-tarask.wikipedia",
    );
    expect(wikipediaProject("be_x_oldwiki")).toBe("be-tarask.wikipedia");
    expect(wikipediaProject("zh_min_nanwiki")).toBe("zh-min-nan.wikipedia");
    expect(wikipediaProject("enwikivoyage", "https://en.wikivoyage.org/wiki/Shanghai")).toBeUndefined();
    expect(
      wikipediaProject("commonswiki", "https://commons.wikimedia.org/wiki/Category:Shanghai"),
    ).toBeUndefined();
    expect(wikipediaProject("specieswiki")).toBeUndefined();
    expect(wikipediaProject("enwiki", "https://evil.example.org/wiki/x")).toBeUndefined();
  });
});

describe("sitelinks", () => {
  it("builds the wbgetentities URL", () => {
    expect(sitelinksUrl("https://www.wikidata.org/w/api.php", ["Q8686", "Q30002"])).toBe(
      "https://www.wikidata.org/w/api.php?action=wbgetentities&format=json&props=sitelinks%2Furls&ids=Q8686%7CQ30002",
    );
  });

  it("reads sitelinks, missing items and redirected ids", () => {
    const body = JSON.stringify({
      entities: {
        Q1: {
          id: "Q1",
          sitelinks: { enwiki: { site: "enwiki", title: "One", url: "https://en.wikipedia.org/wiki/One" } },
        },
        Q2: { id: "Q2", missing: "" },
        Q30: {
          id: "Q30",
          redirects: { from: "Q3", to: "Q30" },
          sitelinks: { dewiki: { site: "dewiki", title: "Drei" } },
        },
      },
    });
    const parsed = parseEntities(body, ["Q1", "Q2", "Q3"]);
    expect("entities" in parsed && Object.fromEntries(parsed.entities)).toEqual({
      Q1: [{ site: "enwiki", title: "One", url: "https://en.wikipedia.org/wiki/One" }],
      Q2: "missing",
      Q3: [{ site: "dewiki", title: "Drei" }],
    });
    const err = (text: string, ids = ["Q1"]) => {
      const p = parseEntities(text, ids);
      return "error" in p ? p.error : "ok";
    };
    expect(err('{"error":{"code":"no-such-entity","info":"Could not find an entity"}}')).toBe(
      "the API answered with error `no-such-entity`: Could not find an entity",
    );
    expect(err('{"entities":{}}')).toBe("the body says nothing about `Q1`");
    expect(err('{"entities":{"Q1":{"sitelinks":{"enwiki":{"site":"enwiki"}}}}}')).toBe(
      "sitelink `enwiki` of `Q1` has no `title`",
    );
  });
});

describe("unitItems", () => {
  it("accepts item ids only and names every unit without one", () => {
    const found = unitItems(
      [
        { id: "a", meta: { wikidata: "Q8686" } },
        { id: "b", meta: { wikidata: "Q08686" } },
        { id: "c", meta: { wikidata: "wd:Q1" } },
        { id: "d", meta: { wikidata: 8686 } },
        { id: "e", meta: { wikidata: "" } },
        { id: "f" },
        { id: "g", meta: { wikidata: 'Q1 } . ?x ?y ?z . FILTER("' } },
      ],
      "wikidata",
    );
    expect(found.items).toEqual([{ unit: "a", qid: "Q8686" }]);
    expect(found.without).toEqual(["b", "c", "d", "e", "f", "g"]);
    expect(found.issues.map((i) => `${i.severity} ${i.code} ${i.path}`)).toEqual([
      "error bad-wikidata-id /units/1/meta/wikidata",
      "error bad-wikidata-id /units/2/meta/wikidata",
      "error bad-wikidata-id /units/3/meta/wikidata",
      "warning missing-wikidata-id /units/4/meta/wikidata",
      "warning missing-wikidata-id /units/5/meta/wikidata",
      "error bad-wikidata-id /units/6/meta/wikidata",
    ]);
    expect([isQid("Q1"), isQid("Q0"), isQid("q1"), isQid("Q1 "), isQid(1)]).toEqual([
      true,
      false,
      false,
      false,
      false,
    ]);
  });
});
