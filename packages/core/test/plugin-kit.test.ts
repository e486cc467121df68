import {
  cleanTerm,
  fieldValue,
  isQid,
  isTermField,
  type UnitSpec,
  unitItems,
  unitTerms,
} from "@cityindex/core";
import { describe, expect, it } from "vitest";

// The helpers core gives source plugins that query per unit: Wikidata ids from unit metadata and search terms.

const units: UnitSpec[] = [
  { id: "shanghai", labels: { en: "Shanghai", zh: "上海" }, meta: { wikidata: "Q8686" } },
  { id: "chengdu", labels: { en: "Chengdu" }, meta: { wikidata: " Q30002 " } },
  { id: "lhasa", labels: { en: "Lhasa" } },
  { id: "hostile", meta: { wikidata: "Q1 . ?s ?p ?o" } },
  { id: "padded", meta: { wikidata: "Q0123" } },
];

describe("unitItems", () => {
  it("reads each unit's Wikidata id and reports every unit without a valid one, with its path", () => {
    const { items, without, issues } = unitItems(units, "wikidata");
    // Surrounding spaces are trimmed; an id with a leading zero or anything after the number is refused.
    expect(items).toEqual([
      { unit: "shanghai", qid: "Q8686" },
      { unit: "chengdu", qid: "Q30002" },
    ]);
    expect(without).toEqual(["lhasa", "hostile", "padded"]);
    expect(issues.map((i) => `${i.severity} ${i.code} ${i.path}`)).toEqual([
      "warning missing-wikidata-id /units/2/meta/wikidata",
      "error bad-wikidata-id /units/3/meta/wikidata",
      "error bad-wikidata-id /units/4/meta/wikidata",
    ]);
    expect(isQid("Q8686")).toBe(true);
    expect(isQid("Q0")).toBe(false);
    expect(isQid("P190")).toBe(false);
  });
});

describe("search terms", () => {
  it("cleans a term so that it cannot leave its quoted phrase or act as an operator", () => {
    expect(cleanTerm('Chengdu" OR sourcecountry:US')).toBe("Chengdu or sourcecountry US");
    expect(cleanTerm("  (Xi'an)  ")).toBe("Xi'an");
    expect(cleanTerm("\u0000\u001b[31m")).toBe("31m");
    expect(cleanTerm('"()"')).toBe("");
    // Full-width letters are folded (NFKC) and the length is capped at 100 characters.
    expect(cleanTerm("Ｓｈａｎｇｈａｉ")).toBe("Shanghai");
    expect(cleanTerm("a".repeat(150))).toHaveLength(100);
  });

  it("takes a unit's terms from the options, else from a field, adds the extra ones and drops repeats", () => {
    const sources = {
      terms: new Map([["chengdu", ["Chengdu", "chengdu", "Chengtu"]]]),
      termFrom: "labels.en",
      extraTerms: new Map([["shanghai", ["Shanghai", '"()"']]]),
    };
    expect(unitTerms(units[1]!, sources)).toEqual({ terms: ["Chengdu", "Chengtu"], rejected: [] });
    // "Shanghai" from labels.en, its repeat in extraTerms dropped, and a term with nothing usable rejected.
    expect(unitTerms(units[0]!, sources)).toEqual({ terms: ["Shanghai"], rejected: ['"()"'] });
    expect(unitTerms(units[3]!, sources)).toEqual({ terms: [], rejected: [] });
    expect(fieldValue(units[0]!, "labels.zh")).toBe("上海");
    expect(fieldValue(units[0]!, "meta.wikidata")).toBe("Q8686");
    expect(fieldValue(units[0]!, "id")).toBe("shanghai");
    expect(fieldValue(units[2]!, "meta.wikidata")).toBeUndefined();
    expect(isTermField("labels.en")).toBe(true);
    expect(isTermField("meta.name_en")).toBe(true);
    expect(isTermField("label.en")).toBe(false);
  });
});
