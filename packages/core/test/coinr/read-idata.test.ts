import { describe, expect, it } from "vitest";
import { coinrToSpec } from "../../src/coinr/to-spec.js";
import { parseCsv } from "./asem.js";

const META = parseCsv(
  [
    "Level,iCode,iName,Direction,Weight,Unit,Target,Denominator,Parent,Type",
    "1,a,Alpha,1,1,,,NA,Root,Indicator",
    "1,b,Beta,-1,1,,,NA,Root,Indicator",
    "2,Root,The index,1,1,,,NA,NA,Aggregate",
    "NA,region,Region,NA,NA,,,NA,NA,Group",
    "NA,area,Area,NA,NA,,,NA,NA,Other",
  ].join("\n"),
);

const importData = (...lines: string[]) => coinrToSpec(parseCsv(lines.join("\n")), META);
const at = (result: ReturnType<typeof coinrToSpec>) =>
  result.issues.map((i) => `${i.severity} ${i.code} ${i.path}`);

describe("readIData through coinrToSpec", () => {
  it("reads units, metadata and values; without Time every row is period 1", () => {
    const r = importData("uCode,uName,region,area,a,b", "X,Ex,north,12.5,1,NA", "Y,Why,,big,2.5e1,");
    expect(r.issues).toEqual([]);
    expect(r.spec?.units).toEqual([
      { id: "X", labels: { en: "Ex" }, meta: { region: "north", area: 12.5 } },
      { id: "Y", labels: { en: "Why" }, meta: { region: null, area: "big" } },
    ]);
    expect(r.observations).toEqual([
      { unit: "X", indicator: "a", period: "1", value: 1 },
      { unit: "X", indicator: "b", period: "1", value: null },
      { unit: "Y", indicator: "a", period: "1", value: 25 },
      { unit: "Y", indicator: "b", period: "1", value: null },
    ]);
  });

  it("uses the period option when there is no Time column", () => {
    const r = coinrToSpec(parseCsv("uCode,region,area,a,b\nX,n,1,1,2"), META, { period: "2024" });
    expect(r.observations.map((o) => o.period)).toEqual(["2024", "2024"]);
  });

  it("reports a non-numeric value with its row and column", () => {
    const r = importData("uCode,region,area,a,b", "X,n,1,1,2", "Y,n,1,lots,2");
    expect(r.spec).toBeUndefined();
    expect(at(r)).toEqual(["error not-a-number iData:2:a"]);
    expect(r.issues[0]?.message).toBe("a of `Y` must be a number, got `lots`");
  });

  it("reports a duplicate uCode, and a duplicate unit-period pair in a panel", () => {
    expect(at(importData("uCode,region,area,a,b", "X,n,1,1,2", "X,n,1,1,2"))).toEqual([
      "error duplicate-id iData:2:uCode",
    ]);
    const panel = importData(
      "uCode,Time,region,area,a,b",
      "X,2020,n,1,1,2",
      "X,2021,n,1,1,2",
      "X,2021,n,1,1,2",
    );
    expect(at(panel)).toEqual(["error duplicate-id iData:3:uCode"]);
  });

  it("reports an iData column that iMeta does not describe", () => {
    const r = importData("uCode,region,area,a,b,c", "X,n,1,1,2,3");
    expect(at(r)).toEqual(["error not-in-imeta iData:0:c"]);
  });

  it("reports an iMeta indicator that iData lacks, and warns about a lacking group", () => {
    const r = importData("uCode,area,a", "X,1,1");
    expect(at(r)).toEqual(["error not-in-idata iMeta:2:iCode", "warning not-in-idata iMeta:4:iCode"]);
    expect(r.issues[0]?.message).toBe("Indicator `b` of iMeta has no column in iData");
  });

  it("reports a missing uCode column, and missing uCode and Time cells", () => {
    expect(at(importData("uName,a,b", "X,1,2"))).toEqual(["error missing-column iData:0:uCode"]);
    expect(at(importData("uCode,Time,region,area,a,b", ",2020,n,1,1,2", "Y,NA,n,1,1,2"))).toEqual([
      "error missing-value iData:1:uCode",
      "error missing-value iData:2:Time",
    ]);
  });

  it("reports aggregates given as data", () => {
    expect(at(importData("uCode,region,area,a,b,Root", "X,n,1,1,2,3"))).toEqual([
      "error aggregate-in-idata iData:0:Root",
    ]);
  });

  it("warns when a unit's metadata changes between periods, keeping the first", () => {
    const r = importData("uCode,Time,region,area,a,b", "X,2020,n,1,1,2", "X,2021,s,1,1,2");
    expect(at(r)).toEqual(["warning unit-varies iData:2:region"]);
    expect(r.spec?.units[0]?.meta?.region).toBe("n");
  });
});
