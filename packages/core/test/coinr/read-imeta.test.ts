import { describe, expect, it } from "vitest";
import { coinrToSpec } from "../../src/coinr/to-spec.js";
import { parseCsv } from "./asem.js";

const HEADER = "Level,iCode,iName,Direction,Weight,Unit,Target,Denominator,Parent,Type";
const META_ROWS = [
  "1,a,Alpha,1,1,,,NA,P,Indicator",
  "1,b,Beta,-1,2,,,pop,P,Indicator",
  "1,c,Gamma,1,1,,,NA,Q,Indicator",
  "2,P,Pillar P,1,1,,,NA,Root,Aggregate",
  "2,Q,Pillar Q,1,1,,,NA,Root,Aggregate",
  "3,Root,The index,1,1,,,NA,NA,Aggregate",
  "NA,region,Region,NA,NA,,,NA,NA,Group",
  "NA,pop,Population,NA,NA,,,NA,NA,Denominator",
];
const DATA = parseCsv(
  ["uCode,uName,region,pop,a,b,c", "X,Ex,north,10,1,2,3", "Y,Why,south,20,4,NA,6"].join("\n"),
);

/** The issues of importing iMeta with `rows` replacing the good rows (or the header replaced). */
function importMeta(rows: string[], header = HEADER) {
  return coinrToSpec(DATA, parseCsv([header, ...rows].join("\n")));
}

const at = (result: ReturnType<typeof coinrToSpec>) =>
  result.issues.map((i) => `${i.severity} ${i.code} ${i.path}`);

describe("readIMeta through coinrToSpec", () => {
  it("accepts a small good table", () => {
    const r = importMeta(META_ROWS);
    expect(r.issues).toEqual([]);
    expect(r.spec?.id).toBe("root");
    expect(r.spec?.indicators.map((i) => i.id)).toEqual(["a", "b", "c", "pop"]);
    expect(r.spec?.framework).toEqual([
      { id: "a", parent: "P", weight: 1, labels: { en: "Alpha" } },
      { id: "b", parent: "P", weight: 2, labels: { en: "Beta" } },
      { id: "c", parent: "Q", weight: 1, labels: { en: "Gamma" } },
      { id: "P", parent: "Root", weight: 1, labels: { en: "Pillar P" } },
      { id: "Q", parent: "Root", weight: 1, labels: { en: "Pillar Q" } },
      { id: "Root", parent: null, weight: 1, labels: { en: "The index" } },
    ]);
    expect(r.spec?.units[1]).toEqual({ id: "Y", labels: { en: "Why" }, meta: { region: "south" } });
  });

  it("reports every missing required column at row 0 and stops", () => {
    const r = importMeta(["a,Alpha,1"], "iCode,iName,Weight");
    expect(r.spec).toBeUndefined();
    expect(at(r)).toEqual([
      "error missing-column iMeta:0:Level",
      "error missing-column iMeta:0:Parent",
      "error missing-column iMeta:0:Direction",
      "error missing-column iMeta:0:Type",
    ]);
  });

  it("reports an empty table", () => {
    expect(at(coinrToSpec(DATA, []))).toEqual(["error empty-table iMeta"]);
  });

  it("reports an unknown parent with its row and column", () => {
    const rows = [...META_ROWS];
    rows[2] = "1,c,Gamma,1,1,,,NA,Nowhere,Indicator";
    const r = importMeta(rows);
    expect(r.spec).toBeUndefined();
    expect(at(r)).toContain("error unknown-parent iMeta:3:Parent");
    expect(r.issues.find((i) => i.code === "unknown-parent")?.message).toBe(
      "Parent `Nowhere` of `c` is not an iCode of iMeta",
    );
    // Q lost its only child.
    expect(at(r)).toContain("error empty-aggregate iMeta:5:iCode");
  });

  it("reports a parent that is not an aggregate", () => {
    const rows = [...META_ROWS];
    rows[2] = "1,c,Gamma,1,1,,,NA,a,Indicator";
    expect(at(importMeta(rows))).toContain("error bad-parent iMeta:3:Parent");
  });

  it("reports a duplicate iCode", () => {
    const r = importMeta([...META_ROWS, "1,a,Alpha again,1,1,,,NA,P,Indicator"]);
    expect(at(r)).toEqual(["error duplicate-id iMeta:9:iCode"]);
    expect(r.issues[0]?.message).toBe("iCode `a` is used twice (first at row 1)");
  });

  it("reports non-numeric cells", () => {
    const rows = [...META_ROWS];
    rows[0] = "1,a,Alpha,up,heavy,,high,NA,P,Indicator";
    const r = importMeta(rows);
    expect(at(r)).toEqual([
      "error not-a-number iMeta:1:Weight",
      "error not-a-number iMeta:1:Direction",
      "error not-a-number iMeta:1:Target",
    ]);
    expect(r.issues[1]?.message).toBe("Direction of `a` must be a number, got `up`");
  });

  it("reports a direction other than 1 or -1, and a negative weight", () => {
    const rows = [...META_ROWS];
    rows[0] = "1,a,Alpha,2,-1,,,NA,P,Indicator";
    expect(at(importMeta(rows))).toEqual([
      "error negative-weight iMeta:1:Weight",
      "error bad-direction iMeta:1:Direction",
    ]);
  });

  it("reports a level that does not match the tree", () => {
    const rows = [...META_ROWS];
    rows[1] = "2,b,Beta,-1,2,,,pop,P,Indicator";
    rows[5] = "4,Root,The index,1,1,,,NA,NA,Aggregate";
    const r = importMeta(rows);
    expect(at(r)).toEqual(["error level-mismatch iMeta:2:Level", "error level-mismatch iMeta:6:Level"]);
    expect(r.issues[1]?.message).toBe("Level of `Root` is `4`, but its children put it at level `3`");
  });

  it("reports an unknown type and a bad id", () => {
    const rows = [...META_ROWS];
    rows[6] = "NA,region,Region,NA,NA,,,NA,NA,Grouping";
    rows[0] = "1,1a,Alpha,1,1,,,NA,P,Indicator";
    const r = importMeta(rows);
    expect(at(r)).toContain("error bad-id iMeta:1:iCode");
    expect(at(r)).toContain("error unknown-type iMeta:7:Type");
  });

  it("reports two roots, and a missing root", () => {
    const two = [...META_ROWS];
    two[4] = "2,Q,Pillar Q,1,1,,,NA,NA,Aggregate";
    expect(at(importMeta(two))).toContain("error several-roots iMeta:5:Parent");
    const none = [...META_ROWS];
    none[5] = "3,Root,The index,1,1,,,NA,P,Aggregate";
    const r = importMeta(none);
    expect(at(r)).toContain("error no-root iMeta");
    expect(at(r)).toContain("error cycle iMeta:4:Parent");
  });

  it("reports an unknown denominator", () => {
    const rows = [...META_ROWS];
    rows[1] = "1,b,Beta,-1,2,,,area,P,Indicator";
    expect(at(importMeta(rows))).toContain("error unknown-denominator iMeta:2:Denominator");
  });

  it("warns about a missing weight and uses 1", () => {
    const rows = [...META_ROWS];
    rows[1] = "1,b,Beta,-1,NA,,,pop,P,Indicator";
    const r = importMeta(rows);
    expect(at(r)).toEqual(["warning missing-weight iMeta:2:Weight"]);
    expect(r.spec).toBeDefined();
  });

  it("leaves out the denominate step when no indicator has a denominator", () => {
    const rows = [...META_ROWS];
    rows[1] = "1,b,Beta,-1,2,,,NA,P,Indicator";
    expect(importMeta(rows).spec?.pipeline.map((s) => s.step)).toEqual(["normalise", "aggregate"]);
  });
});
