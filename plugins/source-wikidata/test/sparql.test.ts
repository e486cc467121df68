import { describe, expect, it } from "vitest";
import {
  accountsQuery,
  consulatesQuery,
  DEFAULT_CLOSED_PROPERTIES,
  DEFAULT_CONSULATE_CLASSES,
  DEFAULT_SOCIAL_PROPERTIES,
  PREFIXES,
  parseCounts,
  twinsQuery,
  websitesQuery,
} from "../src/index.js";

describe("queries", () => {
  it("asks for current, non-deprecated, foreign sister cities and their countries", () => {
    expect(twinsQuery(["Q8686", "Q30002"], true)).toBe(`${PREFIXES}
SELECT ?city (COUNT(DISTINCT ?twin) AS ?twins) (COUNT(DISTINCT ?country) AS ?twinCountries) WHERE {
  VALUES ?city { wd:Q8686 wd:Q30002 }
  OPTIONAL {
    ?city p:P190 ?statement .
    ?statement ps:P190 ?twin .
    FILTER NOT EXISTS { ?statement wikibase:rank wikibase:DeprecatedRank }
    FILTER NOT EXISTS { ?statement pq:P582 ?ended }
    FILTER NOT EXISTS { ?twin wdt:P17 ?home . ?city wdt:P17 ?home }
    OPTIONAL { ?twin wdt:P17 ?country }
  }
}
GROUP BY ?city`);
    expect(twinsQuery(["Q1"], false)).not.toContain("?home");
  });

  it("counts the sending states of open consular missions in the city", () => {
    expect(
      consulatesQuery(["Q8686"], DEFAULT_CONSULATE_CLASSES, "P137", DEFAULT_CLOSED_PROPERTIES),
    ).toBe(`${PREFIXES}
SELECT ?city (COUNT(DISTINCT ?state) AS ?states) (COUNT(DISTINCT ?mission) AS ?missions) WHERE {
  VALUES ?city { wd:Q8686 }
  OPTIONAL {
    VALUES ?class { wd:Q7843791 wd:Q372690 }
    ?mission wdt:P31/wdt:P279* ?class .
    ?mission wdt:P131+ ?city .
    FILTER NOT EXISTS { ?mission wdt:P576 ?closed1 }
    FILTER NOT EXISTS { ?mission wdt:P3999 ?closed2 }
    FILTER NOT EXISTS { ?mission wdt:P582 ?closed3 }
    OPTIONAL { ?mission wdt:P137 ?state }
  }
}
GROUP BY ?city`);
  });

  it("counts official websites and accounts on the listed platforms", () => {
    expect(websitesQuery(["Q8686"])).toBe(`${PREFIXES}
SELECT ?city (COUNT(DISTINCT ?website) AS ?websites) WHERE {
  VALUES ?city { wd:Q8686 }
  OPTIONAL { ?city wdt:P856 ?website }
}
GROUP BY ?city`);
    expect(accountsQuery(["Q8686"], DEFAULT_SOCIAL_PROPERTIES)).toBe(`${PREFIXES}
SELECT ?city (COUNT(DISTINCT ?account) AS ?accounts) WHERE {
  VALUES ?city { wd:Q8686 }
  OPTIONAL {
    VALUES ?platform { wdt:P2002 wdt:P2013 wdt:P2003 wdt:P2397 wdt:P4264 wdt:P7085 wdt:P4033 }
    ?city ?platform ?handle .
    BIND(CONCAT(STR(?platform), " ", STR(?handle)) AS ?account)
  }
}
GROUP BY ?city`);
  });

  it("refuses to build a query around anything that is not an item or property id", () => {
    expect(() => websitesQuery(["Q1 } ?s ?p ?o . {"])).toThrow(
      "websitesQuery: `Q1 } ?s ?p ?o . {` is not a Wikidata item id",
    );
    expect(() => twinsQuery(["Q01"], true)).toThrow("twinsQuery: `Q01` is not a Wikidata item id");
    expect(() => twinsQuery([], true)).toThrow("twinsQuery: no item ids to ask for");
    expect(() => consulatesQuery(["Q1"], ["Q2"], "P137 ?x", [])).toThrow(
      "consulatesQuery: `P137 ?x` is not a Wikidata property id",
    );
    expect(() => consulatesQuery(["Q1"], ["wd:Q2"], "P137", [])).toThrow(
      "consulatesQuery: `wd:Q2` is not a Wikidata item id",
    );
    expect(() => accountsQuery(["Q1"], ["P2002>"])).toThrow(
      "accountsQuery: `P2002>` is not a Wikidata property id",
    );
  });
});

describe("parseCounts", () => {
  const row = (q: string, n: string) => ({
    city: { type: "uri", value: `http://www.wikidata.org/entity/${q}` },
    websites: { type: "literal", datatype: "http://www.w3.org/2001/XMLSchema#integer", value: n },
  });
  const parse = (bindings: unknown[], asked = ["Q1", "Q2"]) => {
    const p = parseCounts(
      JSON.stringify({ head: { vars: ["city", "websites"] }, results: { bindings } }),
      asked,
      ["websites"],
    );
    return "error" in p ? p.error : Object.fromEntries(p.counts);
  };
  it("reads whole-number counts by item", () => {
    expect(parse([row("Q1", "3"), row("Q2", "0")])).toEqual({ Q1: { websites: 3 }, Q2: { websites: 0 } });
    expect(parse([row("Q2", "1")])).toEqual({ Q2: { websites: 1 } });
  });

  it("refuses rows it cannot trust", () => {
    expect(parse([row("Q3", "1")])).toBe(
      "row 0 names `http://www.wikidata.org/entity/Q3`, which is not one of the items asked for",
    );
    expect(parse([row("Q1", "1"), row("Q1", "2")])).toBe("row 1 gives `Q1` a second time");
    expect(parse([row("Q1", "-1")])).toBe("row 0 (`Q1`) has no whole number in `websites`");
    expect(parse([row("Q1", "1.5")])).toBe("row 0 (`Q1`) has no whole number in `websites`");
    expect(parse([{ city: row("Q1", "1").city }])).toBe("row 0 (`Q1`) has no whole number in `websites`");
    expect(parseCounts("<html>", ["Q1"], ["websites"])).toEqual({ error: "the body is not JSON" });
    expect(parseCounts('{"head":{}}', ["Q1"], ["websites"])).toEqual({
      error: "the body has no `results.bindings` array",
    });
  });
});
