import { describe, expect, it } from "vitest";
import { areaStatement, overpassQuery, parseArea, parseFilter, readOverpass } from "../src/index.js";

describe("parseArea", () => {
  it("accepts Wikidata, relation and area ids and nothing else", () => {
    expect(parseArea(" Q30002 ")).toEqual({ kind: "wikidata", id: "Q30002" });
    expect(parseArea("relation/2622180")).toEqual({ kind: "relation", id: 2622180 });
    expect(parseArea("area/3602622180")).toEqual({ kind: "area", id: 3602622180 });
    for (const bad of [
      "Q0",
      "q30002",
      "Q30002;",
      'Q1"]',
      "relation/-1",
      "relation/1e3",
      "way/5",
      "30002",
      "",
    ]) {
      expect(parseArea(bad)).toHaveProperty("reason");
    }
    expect(parseArea(30002)).toEqual({ reason: "it is not a text" });
  });

  it("turns a relation into its Overpass area", () => {
    expect(areaStatement({ kind: "relation", id: 2622180 })).toBe("area(3602622180)->.city;");
    expect(areaStatement({ kind: "area", id: 3602622180 })).toBe("area(3602622180)->.city;");
    expect(areaStatement({ kind: "wikidata", id: "Q30002" })).toBe('area["wikidata"="Q30002"]->.city;');
  });
});

describe("parseFilter", () => {
  it("reads key=value and key=*, and refuses anything that could leave the quotes", () => {
    expect(parseFilter("tourism=hotel")).toEqual({ key: "tourism", value: "hotel" });
    expect(parseFilter(" office = * ")).toEqual({ key: "office", value: undefined });
    expect(parseFilter("name:en=Jinli Street")).toEqual({ key: "name:en", value: "Jinli Street" });
    for (const bad of [
      'tourism=hotel"]',
      "tourism",
      "=hotel",
      "tou rism=hotel",
      "a=b\\c",
      "a=b\nc",
      "a=(b)",
    ]) {
      expect(parseFilter(bad)).toBeUndefined();
    }
  });
});

describe("overpassQuery", () => {
  it("counts the area first, then each category as a union of its filters", () => {
    expect(
      overpassQuery(
        { kind: "wikidata", id: "Q30002" },
        [
          [{ key: "tourism", value: "hotel" }],
          [
            { key: "office", value: "diplomatic" },
            { key: "embassy", value: undefined },
          ],
        ],
        90,
      ),
    ).toBe(
      [
        "[out:json][timeout:90];",
        'area["wikidata"="Q30002"]->.city;',
        ".city out count;",
        'nwr["tourism"="hotel"](area.city);',
        "out count;",
        '(nwr["office"="diplomatic"](area.city);nwr["embassy"](area.city););',
        "out count;",
      ].join("\n"),
    );
  });
});

describe("readOverpass", () => {
  it("reads string counts, and tells a timeout from other remarks", () => {
    expect(
      readOverpass(
        '{"osm3s":{"timestamp_osm_base":"2025-01-15T10:21:00Z"},"elements":[{"type":"count","id":0,"tags":{"nodes":"812","ways":"344","relations":"5","total":"1161"}}]}',
      ),
    ).toEqual({
      kind: "counts",
      counts: [{ nodes: 812, ways: 344, relations: 5, areas: 0, total: 1161 }],
      timestamp: "2025-01-15T10:21:00Z",
      remark: undefined,
    });
    expect(
      readOverpass(
        '{"elements":[],"remark":"runtime error: Query timed out in \\"query\\" at line 3 after 91 seconds."}',
      ),
    ).toEqual({
      kind: "timeout",
      remark: 'runtime error: Query timed out in "query" at line 3 after 91 seconds.',
    });
    expect(readOverpass('{"elements":[],"remark":"runtime error: Query run out of memory."}')).toEqual({
      kind: "failed",
      message: "Overpass reported `runtime error: Query run out of memory.`",
    });
    expect(readOverpass('{"elements":[{"type":"count","tags":{"total":"12a"}}]}')).toEqual({
      kind: "failed",
      message: "`elements[0]` is a count without whole-number `tags` (`total` and the rest)",
    });
    expect(readOverpass("<html><body>rate_limited</body></html>")).toEqual({
      kind: "failed",
      message: "the reply is not JSON (it starts `rate_limited`)",
    });
  });
});
