import { buildIndex, decomposeChange, InputError, resolveTracking, type Spec } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { observationsOf, type Table, threeYears, tinyIndex, tinySpec } from "./fixture.js";

/** The 2021 edition as published: 2020 and 2021 of `threeYears`. */
const edition2021: Table = { "2020": threeYears["2020"]!, "2021": threeYears["2021"]! };
/** The 2022 edition's data: A's 2021 values revised from (12, 20) to (14, 20). */
const revised: Table = { ...threeYears, "2021": { ...threeYears["2021"]!, A: [14, 20] } };

describe("resolveTracking", () => {
  const periods = ["2023", "2024", "2025"];

  it("defaults to the latest period, compared with the one before", () => {
    expect(resolveTracking(periods, undefined)).toEqual({
      tracking: { edition: "2025", compare: ["2024"], leftOut: [] },
      issues: [],
    });
    expect(resolveTracking(["2025"], {}).tracking).toEqual({ edition: "2025", compare: [], leftOut: [] });
  });

  it("takes an earlier edition, leaving the later periods out, and the periods to compare", () => {
    expect(resolveTracking(periods, { edition: "2024" }).tracking).toEqual({
      edition: "2024",
      compare: ["2023"],
      leftOut: ["2025"],
    });
    expect(resolveTracking(periods, { compare: ["2023", "2024"] }).tracking?.compare).toEqual([
      "2023",
      "2024",
    ]);
  });

  it("reports periods the data do not have, and compared periods not before the edition, with their paths", () => {
    const unknown = resolveTracking(periods, { edition: "2026" });
    expect(unknown.tracking).toBeUndefined();
    expect(unknown.issues.map((i) => [i.severity, i.code, i.path, i.message])).toEqual([
      [
        "error",
        "unknown-period",
        "/tracking/edition",
        "the edition `2026` is not a period of the data; they have `2023`, `2024`, `2025`",
      ],
    ]);
    const bad = resolveTracking(periods, { edition: "2024", compare: ["2024", "2025", "2019"] });
    expect(bad.tracking).toBeUndefined();
    expect(bad.issues.map((i) => [i.code, i.path])).toEqual([
      ["bad-period", "/tracking/compare/0"],
      ["bad-period", "/tracking/compare/1"],
      ["unknown-period", "/tracking/compare/2"],
    ]);
    expect(bad.issues[0]!.message).toMatch(/`2024` is the edition itself/);
    expect(bad.issues[1]!.message).toMatch(/`2025` is after the edition `2024`/);
  });
});

describe("a spec's tracking in a build", () => {
  const spec = (tracking?: Spec["tracking"]) =>
    tinySpec(["A", "B", "C", "D"], {
      pipeline: [
        { step: "normalise", method: "min-max", options: { bounds: "all-periods" } },
        { step: "aggregate", method: "arithmetic" },
      ],
      ...(tracking ? { tracking } : {}),
    });

  it("leaves the periods after the edition out, as if the data ended there, and records it", async () => {
    const cut = await buildIndex(spec({ edition: "2021" }), observationsOf(threeYears));
    const ended = await buildIndex(spec(), observationsOf(edition2021));
    expect(cut.result!.periods).toEqual(["2020", "2021"]);
    expect(cut.result!.provenance.tracking).toEqual({
      edition: "2021",
      compare: ["2020"],
      leftOut: ["2022"],
    });
    // With goalposts over every period, 2022's values would move the bounds; left out, they do not.
    expect(Array.from(cut.result!.scores.column("index"))).toEqual(
      Array.from(ended.result!.scores.column("index")),
    );
    expect(cut.result!.provenance.dataHash).toBe(ended.result!.provenance.dataHash);
    const note = cut.issues.find((i) => i.code === "periods-left-out")!;
    expect([note.severity, note.path, note.message]).toEqual([
      "info",
      "/tracking/edition",
      "the edition is `2021`: the data of `2022` are left out of the build",
    ]);
  });

  it("stops with the path of an edition or compared period the data do not have", async () => {
    const bad = await buildIndex(spec({ edition: "2020", compare: ["2019"] }), observationsOf(threeYears));
    expect(bad.result).toBeUndefined();
    expect(bad.issues.filter((i) => i.severity === "error").map((i) => [i.code, i.path])).toEqual([
      ["unknown-period", "/tracking/compare/0"],
    ]);
  });
});

describe("decomposeChange", () => {
  it("splits each unit's change into the revision of the published score and the like-for-like change", async () => {
    const published = await tinyIndex(edition2021);
    const current = await tinyIndex(revised);
    const d = decomposeChange(published, current);
    expect([d.from, d.to, d.nodes, d.split]).toEqual(["2021", "2022", ["dim", "index"], false]);
    // index in 2021 as published: A 16 (r 1), B 15 (r 2), C 10 (r 3), D 1 (r 4).
    // Rebuilt 2021 with A's revised data: A (14 + 20) / 2 = 17 (r 1); the others as published.
    // 2022: A 20 (r 1), C 15 (r 2), D 2 (r 3); B has no data: gone.
    const index = d.rows.filter((r) => r.node === "index");
    const parts = index.map((r) => [
      r.unit,
      r.status,
      r.published,
      r.rebuilt,
      r.current,
      r.total,
      r.revision,
      r.likeForLike,
    ]);
    expect(parts).toEqual([
      // A: total 20 − 16 = 4 = revision (17 − 16 = 1) + like for like (20 − 17 = 3).
      ["A", "both", 16, 17, 20, 4, 1, 3],
      ["B", "gone", 15, 15, Number.NaN, Number.NaN, 0, Number.NaN],
      // C: 15 − 10 = 5, not revised. D: 2 − 1 = 1.
      ["C", "both", 10, 10, 15, 5, 0, 5],
      ["D", "both", 1, 1, 2, 1, 0, 1],
    ]);
    // Ranks: C 3 → 3 (rebuilt) → 2 and D 4 → 4 → 3 rose one place like for like; A stays first.
    expect(index.map((r) => [r.unit, r.rankTotal, r.rankRevision, r.rankLikeForLike])).toEqual([
      ["A", 0, 0, 0],
      ["B", Number.NaN, 0, Number.NaN],
      ["C", 1, 0, 1],
      ["D", 1, 0, 1],
    ]);
    expect(index.every((r) => Number.isNaN(r.dataRevision) && Number.isNaN(r.methodChange))).toBe(true);
    expect(d.summary.find((s) => s.node === "index")).toEqual({
      node: "index",
      units: 3,
      revised: 1,
      largestRevision: { unit: "A", revision: 1 },
    });
  });

  it("splits the revision into data and method given the earlier spec rebuilt on the current data", async () => {
    // Published: equal weights on the 2021 data. Current: x weighs 3, on the revised data.
    const published = await tinyIndex(edition2021, "dim", 1);
    const current = await tinyIndex(revised, "dim", 3);
    const previousMethod = await tinyIndex(revised, "dim", 1);
    const d = decomposeChange(published, current, { previousMethod, nodes: ["index"] });
    expect(d.split).toBe(true);
    const a = d.rows.find((r) => r.unit === "A")!;
    // Published A 2021: (12 + 20) / 2 = 16. Earlier spec on the revised data: (14 + 20) / 2 = 17.
    // Rebuilt with the current spec: (3·14 + 20) / 4 = 15.5. Current 2022: (3·15 + 25) / 4 = 17.5.
    expect([a.published, a.rebuilt, a.current]).toEqual([16, 15.5, 17.5]);
    // total 1.5 = revision −0.5 (data +1, method −1.5) + like for like 2.
    expect([a.total, a.revision, a.dataRevision, a.methodChange, a.likeForLike]).toEqual([
      1.5, -0.5, 1, -1.5, 2,
    ]);
    // C (5, 15) in 2021, not revised: published and earlier spec (5 + 15) / 2 = 10, rebuilt (15 + 15) / 4 = 7.5;
    // 2022 (10, 20): (30 + 20) / 4 = 12.5. Revision −2.5, all of it method; like for like 5.
    const c = d.rows.find((r) => r.unit === "C")!;
    expect([c.revision, c.dataRevision, c.methodChange, c.likeForLike]).toEqual([-2.5, 0, -2.5, 5]);
  });

  it("lists units new since the published edition, and checks periods and nodes", async () => {
    const published = await tinyIndex({ "2021": { A: [1, 1], C: [2, 2] } });
    const current = await tinyIndex(revised);
    const d = decomposeChange(published, current, { nodes: ["index"] });
    expect(d.rows.map((r) => [r.unit, r.status])).toEqual([
      ["A", "both"],
      // B is in neither the published edition nor the current 2022.
      ["B", "none"],
      ["C", "both"],
      ["D", "new"],
    ]);
    expect(() => decomposeChange(published, current, { from: "2019" })).toThrow(InputError);
    expect(() => decomposeChange(published, current, { from: "2021", to: "2020" })).toThrow(
      /`to` \(`2020`\) must come after `from` \(`2021`\)/,
    );
    expect(() => decomposeChange(published, current, { nodes: ["nope"] })).toThrow(
      /no framework node `nope`/,
    );
  });
});

describe("the audit of a panel", () => {
  it("counts a period's availability over the units in its sample, not over the units absent from it", async () => {
    const { analyse } = await import("@cityindex/core");
    // D has no data in 2020 (it joins in 2021): in 2020 the sample is A, B and C, each with both indicators.
    const result = await tinyIndex(threeYears);
    const audit = await analyse(result, { period: "2020", removeLevels: [] });
    expect(audit.units.map((u) => [u.unit, u.share])).toEqual([
      ["A", 1],
      ["B", 1],
      ["C", 1],
    ]);
    expect(audit.indicators.map((s) => s.shareAvailable)).toEqual([1, 1]);
    expect(audit.flags.filter((f) => f.code === "low-availability")).toEqual([]);
  });
});
