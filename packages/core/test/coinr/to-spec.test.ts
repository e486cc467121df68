import { describe, expect, it } from "vitest";
import { coinrToSpec } from "../../src/coinr/to-spec.js";
import type { FlatFrameworkNodeSpec } from "../../src/spec/types.js";
import { ASEM_DIR, readCsv } from "./asem.js";

const iData = readCsv(`${ASEM_DIR}ASEM_iData.csv`);
const iMeta = readCsv(`${ASEM_DIR}ASEM_iMeta.csv`);

describe("coinrToSpec on COINr's ASEM example", () => {
  const { spec, observations, issues } = coinrToSpec(iData, iMeta);

  it("reads both tables without issues", () => {
    expect(issues).toEqual([]);
    expect(spec).toBeDefined();
  });

  it("takes the id and title from the root aggregate", () => {
    expect(spec!.id).toBe("index");
    expect(spec!.title).toBe("Sustainable Connectivity");
  });

  it("has 51 units labelled by uName, with the four groups as metadata", () => {
    expect(spec!.units).toHaveLength(51);
    const aut = spec!.units.find((u) => u.id === "AUT");
    expect(aut).toEqual({
      id: "AUT",
      labels: { en: "Austria" },
      meta: { GDP_group: "L", GDPpc_group: "XL", Pop_group: "M", EurAsia_group: "Europe" },
    });
  });

  it("has 49 indicators in the framework, 8 pillars, 2 sub-indices and 1 index", () => {
    const fw = spec!.framework as FlatFrameworkNodeSpec[];
    const parents = new Set(fw.map((n) => n.parent));
    const leaves = fw.filter((n) => !parents.has(n.id));
    expect(leaves).toHaveLength(49);
    const pillars = fw.filter((n) => n.parent === "Conn" || n.parent === "Sust");
    expect(pillars.map((n) => n.id)).toEqual([
      "Physical",
      "ConEcFin",
      "Political",
      "Instit",
      "P2P",
      "Environ",
      "Social",
      "SusEcFin",
    ]);
    expect(fw.filter((n) => n.parent === "Index").map((n) => n.id)).toEqual(["Conn", "Sust"]);
    expect(fw.filter((n) => n.parent === null)).toEqual([
      { id: "Index", parent: null, weight: 1, labels: { en: "Sustainable Connectivity" } },
    ]);
    expect(fw).toHaveLength(49 + 8 + 2 + 1);
  });

  it("makes the 4 denominators auxiliary indicators, outside the framework", () => {
    const fw = spec!.framework as FlatFrameworkNodeSpec[];
    const ids = new Set(fw.map((n) => n.id));
    const aux = spec!.indicators.filter((i) => !ids.has(i.id));
    expect(aux).toEqual([
      { id: "Area", labels: { en: "Land area" }, unit: "Thousand square km" },
      { id: "Energy", labels: { en: "Energy consumption" }, unit: "Unit" },
      { id: "GDP", labels: { en: "GDP" }, unit: "USD Bn" },
      { id: "Population", labels: { en: "Population" }, unit: "Thousands" },
    ]);
    expect(spec!.indicators).toHaveLength(53);
  });

  it("copies direction, unit, target and denominator from iMeta", () => {
    const ind = (id: string) => spec!.indicators.find((i) => i.id === id);
    // "1","LPI","Logistics Performance Index","1","1","Score 1-5","4.11803135",NA,"Physical","Indicator"
    expect(ind("LPI")).toEqual({
      id: "LPI",
      labels: { en: "Logistics Performance Index" },
      direction: 1,
      unit: "Score 1-5",
      target: 4.11803135,
    });
    // "1","Flights",...,"1","1","Thousand seats","200.3326555","Population","Physical","Indicator"
    expect(ind("Flights")?.denominator).toBe("Population");
    expect(ind("Bord")?.denominator).toBe("Area");
    expect(ind("Elec")?.denominator).toBe("Energy");
    expect(ind("Goods")?.denominator).toBe("GDP");
    // "1","CostImpEx","Cost to export/import","-1","1","Current USD","49.6",NA,"Instit","Indicator"
    expect(ind("CostImpEx")).toMatchObject({ direction: -1, unit: "Current USD", target: 49.6 });
    expect(ind("CostImpEx")?.denominator).toBeUndefined();
    expect(ind("NEET")?.direction).toBe(-1);
    expect(ind("RDExp")?.direction).toBe(1);
    const negative = spec!.indicators.filter((i) => i.direction === -1).map((i) => i.id);
    expect(negative).toEqual([
      "CostImpEx",
      "Tariff",
      "TBTs",
      "PrimEner",
      "CO2",
      "MatCon",
      "Forest",
      "Poverty",
      "Palma",
      "FreePress",
      "TolMin",
      "PubDebt",
      "PrivDebt",
      "NEET",
    ]);
    // COINr's own denomination spec for the example coin (pipeline/denomination_spec.csv).
    const expected = readCsv(`${ASEM_DIR}../pipeline/denomination_spec.csv`);
    const got = spec!.indicators.filter((i) => i.denominator !== undefined);
    expect(got).toHaveLength(17);
    expect(Object.fromEntries(got.map((i) => [i.id, i.denominator]))).toEqual(
      Object.fromEntries(expected.map((r) => [r.iCode, r.Denominator])),
    );
  });

  it("puts iMeta's weights and parents on the framework", () => {
    const fw = spec!.framework as FlatFrameworkNodeSpec[];
    const node = (id: string) => fw.find((n) => n.id === id);
    expect(node("LPI")).toEqual({
      id: "LPI",
      parent: "Physical",
      weight: 1,
      labels: { en: "Logistics Performance Index" },
    });
    expect(node("NEET")?.parent).toBe("SusEcFin");
    expect(node("SusEcFin")).toEqual({
      id: "SusEcFin",
      parent: "Sust",
      weight: 1,
      labels: { en: "Economic and Financial (Sus)" },
    });
    expect(fw.every((n) => n.weight === 1)).toBe(true);
  });

  it("uses COINr's default pipeline", () => {
    expect(spec!.pipeline).toEqual([
      { step: "denominate", method: "divide" },
      { step: "normalise", method: "min-max", options: { range: [0, 100] } },
      { step: "aggregate", method: "arithmetic" },
    ]);
  });

  it("reads one observation per unit and indicator or denominator, in the Time period", () => {
    expect(observations).toHaveLength(51 * 53);
    expect(new Set(observations.map((o) => o.period))).toEqual(new Set(["2018"]));
    expect(observations.find((o) => o.unit === "AUT" && o.indicator === "LPI")?.value).toBe(4.097985);
    expect(observations.find((o) => o.unit === "AUT" && o.indicator === "GDP")?.value).toBe(390.799991147468);
    // Raw has 63 missing indicator cells (reference README); one denominator is missing too.
    const missing = observations.filter((o) => o.value === null);
    expect(
      missing.filter(
        (o) =>
          o.indicator !== "Energy" &&
          o.indicator !== "Area" &&
          o.indicator !== "GDP" &&
          o.indicator !== "Population",
      ),
    ).toHaveLength(63);
  });

  it("takes id and title from the options", () => {
    const r = coinrToSpec(iData, iMeta, { id: "asem", title: "ASEM" });
    expect(r.spec).toMatchObject({ id: "asem", title: "ASEM" });
  });
});

describe("coinrToSpec on the ASEM panel", () => {
  it("reads 5 periods of 51 units", () => {
    const panel = readCsv(`${ASEM_DIR}ASEM_iData_p.csv`);
    const { spec, observations, issues } = coinrToSpec(panel, iMeta);
    expect(issues).toEqual([]);
    expect(spec!.units).toHaveLength(51);
    expect([...new Set(observations.map((o) => o.period))]).toEqual(["2018", "2019", "2020", "2021", "2022"]);
    expect(observations).toHaveLength(255 * 53);
  });
});
