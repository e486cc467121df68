import { readFileSync } from "node:fs";
import {
  analyseUncertainty,
  buildFramework,
  IssueList,
  MersenneTwister,
  monteCarloDesign,
  noisyWeights,
  rankStatistics,
  type Spec,
  saltelliDesign,
  type UncertaintyPlan,
} from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { importedAsem, readReferenceCsv, readReferenceRecords, rNumber } from "../helpers/reference.js";

// Golden tests against COINr 1.1.14 (R 4.2.2): its sensitivity example on the ASEM coin, files in
// ../shared/reference/coinr-asem/sensitivity. In R:
//   coin <- build_example_coin()            # the pipeline below, winmax 5, min-max [0, 100], arithmetic mean
//   set.seed(1); noisy_wts <- get_noisy_weights(w = coin$Meta$Weights$Original,
//                    noise_specs = data.frame(Level = c(2, 3), NoiseFactor = c(0.25, 0.25)), Nrep = 100)
//   SA_specs <- list(
//     Winmax = list(Address = "$Log$Treat$global_specs$f1_para$winmax", Distribution = 1:5, Type = "discrete"),
//     Normalisation = list(Address = "$Log$Normalise$global_specs", Type = "discrete", Distribution = list(
//       list(f_n = "n_minmax", f_n_para = list(c(1, 100))), list(f_n = "n_zscore", f_n_para = list(c(10, 2))))),
//     Weights = list(Address = "$Log$Aggregate$w", Distribution = noisy_wts, Type = "discrete"),
//     Aggregation = list(Address = "$Log$Aggregate$f_ag", Distribution = c("a_amean", "a_gmean"), Type = "discrete"))
//   set.seed(2); UA <- get_sensitivity(coin, SA_specs, N = 100, SA_type = "UA", dset = "Aggregated", iCode = "Index")
//   set.seed(3); SA <- get_sensitivity(coin, SA_specs, N = 100, SA_type = "SA", ...)   # design only
// Tolerance for scores: |actual − expected| <= 1e-9 · max(1, |expected|); ranks exactly.

const DIR = "sensitivity";

function asemSpec(): { spec: Spec; observations: ReturnType<typeof importedAsem>["observations"] } {
  const { spec, observations } = importedAsem();
  spec.pipeline = [
    { step: "denominate", method: "divide" },
    { step: "impute", method: "group-mean", options: { group: "EurAsia_group" } },
    { step: "screen", method: "data-availability", options: { minAvailability: 0.9 } },
    { step: "treat", method: "winsorise", options: { winmax: 5 } },
    { step: "normalise", method: "min-max", options: { range: [0, 100] } },
    { step: "aggregate", method: "arithmetic" },
  ];
  return { spec, observations };
}

/** The 100 noisy weight sets of the reference, each `{ node: weight }` (the root's weight left out). */
function referenceWeightSets(): Record<string, number>[] {
  const sets: Record<string, number>[] = [];
  for (const r of readReferenceRecords(`${DIR}/noisy_weights_100sets_seed1.csv`)) {
    if (r.Level === "4") continue;
    const s = Number(r.set) - 1;
    (sets[s] ??= {})[r.iCode!] = rNumber(r.Weight!);
  }
  return sets;
}

function designRows(file: string): number[][] {
  return readReferenceCsv(`${DIR}/${file}`).rows.map((r) => r.map(rNumber));
}

function coinrPlan(design: number[][], type: UncertaintyPlan["type"] = "uncertainty"): UncertaintyPlan {
  return {
    type,
    samples: 100,
    design,
    discretise: "observed-range",
    keepRuns: true,
    inputs: [
      { id: "Winmax", step: "treat", option: "winmax", values: [1, 2, 3, 4, 5] },
      {
        id: "Normalisation",
        step: "normalise",
        alternatives: [
          { method: "min-max", options: { range: [1, 100] } },
          { method: "z-score", options: { mean: 10, sd: 2 } },
        ],
      },
      { id: "Weights", weights: referenceWeightSets() },
      {
        id: "Aggregation",
        step: "aggregate",
        alternatives: [{ method: "arithmetic" }, { method: "geometric" }],
      },
    ],
  };
}

describe("the Mersenne Twister seeded as R's set.seed", () => {
  it("draws COINr's uncertainty design (set.seed(2), 100 × 4, filled column by column)", () => {
    const design = monteCarloDesign(100, 4, new MersenneTwister(2));
    const expected = designRows("UA_N100_seed2_design_U01.csv").flat();
    expect(Array.from(design.values)).toEqual(expected);
  });

  it("draws COINr's Saltelli design (set.seed(3), N = 100, d = 4: A, B, AB1 … AB4)", () => {
    const design = saltelliDesign(100, 4, new MersenneTwister(3));
    const expected = designRows("SA_N100_seed3_design_U01.csv").flat();
    expect(design.runs).toBe(600);
    expect(Array.from(design.values)).toEqual(expected);
  });

  it("draws SA_sample(500, 3) after set.seed(7): its first 12 rows", () => {
    const design = saltelliDesign(500, 3, new MersenneTwister(7));
    const expected = readReferenceCsv("vectors/SA_sample_seed7_N500_d3_first12rows.csv").rows.map((r) =>
      r.map(rNumber),
    );
    expect(Array.from(design.values.subarray(0, 36))).toEqual(expected.flat());
  });

  it("draws get_noisy_weights' 100 sets (set.seed(1), ±25 % at levels 2 and 3)", () => {
    const { spec } = asemSpec();
    const fw = buildFramework(spec, new IssueList())!;
    const original = Object.fromEntries(
      [...fw.nodes.values()].filter((n) => n.parent).map((n) => [n.id, n.weight]),
    );
    const sets = noisyWeights(
      fw,
      original,
      [
        { level: 2, factor: 0.25 },
        { level: 3, factor: 0.25 },
      ],
      100,
      1,
    );
    const expected = referenceWeightSets();
    expect(sets).toHaveLength(100);
    sets.forEach((set, i) => {
      expect(Object.keys(set).sort()).toEqual(Object.keys(expected[i]!).sort());
      for (const [id, w] of Object.entries(expected[i]!)) expect(set[id]).toBe(w);
    });
  });
});

describe("golden: COINr's uncertainty analysis of the ASEM index (N = 100)", () => {
  it("reproduces every run's Index scores and ranks, and the rank statistics, from COINr's design", async () => {
    const { spec, observations } = asemSpec();
    const { result, issues } = await analyseUncertainty(
      spec,
      observations,
      coinrPlan(designRows("UA_N100_seed2_design_U01.csv")),
    );
    expect(issues.filter((i) => i.severity === "error")).toEqual([]);
    expect(result!.failures.count).toBe(0);
    expect(result!.provenance.evaluation).toBe("tail-kernel");
    // 5 winsorisation budgets × 2 normalisations at most: each built once.
    expect(result!.provenance.builds).toBeLessThanOrEqual(10);

    // The alternative each run picked, as COINr's parameters table.
    const params = readReferenceRecords(`${DIR}/UA_N100_seed2_parameters.csv`);
    params.forEach((row, run) => {
      const c = result!.choices.subarray(run * 4, run * 4 + 4);
      expect([c[0]! + 1, ["n_minmax", "n_zscore"][c[1]!], c[2]! + 1, ["a_amean", "a_gmean"][c[3]!]]).toEqual([
        Number(row.Winmax),
        row.Normalisation,
        Number(row.Weights_set),
        row.Aggregation,
      ]);
    });

    const units = result!.units;
    const scores = readReferenceCsv(`${DIR}/UA_N100_seed2_Scores.csv`);
    const ranks = readReferenceCsv(`${DIR}/UA_N100_seed2_Ranks.csv`);
    const kept = result!.kept!;
    let compared = 0;
    for (const [r, row] of scores.rows.entries()) {
      const u = units.indexOf(row[0]!);
      expect(u).toBeGreaterThanOrEqual(0);
      expect(ranks.rows[r]![0]).toBe(row[0]);
      for (let run = 0; run < 100; run++) {
        const expected = rNumber(row[run + 2]!);
        const actual = kept.scores.Index![run * units.length + u]!;
        expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
        expect(kept.ranks.Index![run * units.length + u]).toBe(rNumber(ranks.rows[r]![run + 2]!));
        compared++;
      }
    }
    expect(compared).toBe(51 * 100);

    const stats = new Map(rankStatistics(result!).map((s) => [s.unit, s]));
    const nominal = readReferenceRecords(`${DIR}/UA_N100_seed2_Nominal.csv`);
    const expectedStats = readReferenceRecords(`${DIR}/UA_N100_seed2_RankStats.csv`);
    expect(expectedStats).toHaveLength(51);
    for (const row of expectedStats) {
      const s = stats.get(row.uCode!)!;
      const near = (a: number, b: string) => expect(Math.abs(a - Number(b))).toBeLessThanOrEqual(1e-9);
      expect(s.nominal).toBe(Number(row.Nominal));
      near(s.mean, row.Mean!);
      near(s.median, row.Median!);
      near(s.low, row.Q5!);
      near(s.high, row.Q95!);
    }
    for (const row of nominal) {
      const s = stats.get(row.uCode!)!;
      expect(Math.abs(s.nominalScore - Number(row.Score))).toBeLessThanOrEqual(1e-9 * Number(row.Score));
      expect(s.nominal).toBe(Number(row.Rank));
    }
  });

  it("draws COINr's design itself: the example's plan (seed 2, noise seed 1) gives COINr's runs and statistics", async () => {
    // examples/coinr-sensitivity: the spec as `cityindex import-coinr` writes it, with COINr's pipeline, its data
    // (long CSV) and plan.json; no design is supplied: it is drawn as R's set.seed(2); runif(400).
    const example = (file: string) =>
      new URL(`../../../../examples/coinr-sensitivity/${file}`, import.meta.url);
    const spec = JSON.parse(readFileSync(example("spec.json"), "utf8")) as Spec;
    const plan = JSON.parse(readFileSync(example("plan.json"), "utf8")) as UncertaintyPlan;
    const observations = readFileSync(example("data.csv"), "utf8")
      .trim()
      .split("\n")
      .slice(1)
      .map((line) => {
        const [unit, indicator, period, value] = line.split(",");
        return {
          unit: unit!,
          indicator: indicator!,
          period: period!,
          value: value === "" ? null : Number(value),
        };
      });
    const { sources: _sources, ...withoutSources } = spec;
    const { result, issues } = await analyseUncertainty(withoutSources as Spec, observations, {
      ...plan,
      keepRuns: true,
    });
    expect(issues.filter((i) => i.severity === "error")).toEqual([]);
    const r = result!;
    const params = readReferenceRecords(`${DIR}/UA_N100_seed2_parameters.csv`);
    params.forEach((row, run) => {
      expect(r.choices[run * 4 + 2]! + 1).toBe(Number(row.Weights_set));
      expect(r.choices[run * 4]! + 1).toBe(Number(row.Winmax));
    });
    const ranks = readReferenceCsv(`${DIR}/UA_N100_seed2_Ranks.csv`);
    for (const row of ranks.rows) {
      const u = r.units.indexOf(row[0]!);
      for (let run = 0; run < 100; run++) {
        expect(r.kept!.ranks.Index![run * r.units.length + u]).toBe(rNumber(row[run + 2]!));
      }
    }
    const stats = new Map(rankStatistics(r).map((s) => [s.unit, s]));
    for (const row of readReferenceRecords(`${DIR}/UA_N100_seed2_RankStats.csv`)) {
      expect(Math.abs(stats.get(row.uCode!)!.high - Number(row.Q95))).toBeLessThanOrEqual(1e-9);
      expect(Math.abs(stats.get(row.uCode!)!.mean - Number(row.Mean))).toBeLessThanOrEqual(1e-9);
    }
  });

  it("picks COINr's alternatives from its Saltelli design (600 runs)", async () => {
    const { spec, observations } = asemSpec();
    const plan = coinrPlan(designRows("SA_N100_seed3_design_U01.csv"), "sensitivity");
    plan.keepRuns = false;
    const { result, issues } = await analyseUncertainty(spec, observations, plan);
    expect(issues.filter((i) => i.severity === "error")).toEqual([]);
    expect(result!.runs).toBe(600);
    expect(result!.counted).toBe(200);
    const params = readReferenceRecords(`${DIR}/SA_N100_seed3_parameters.csv`);
    expect(params).toHaveLength(600);
    params.forEach((row, run) => {
      const c = result!.choices.subarray(run * 4, run * 4 + 4);
      expect([c[0]! + 1, c[1]!, c[2]! + 1, c[3]!]).toEqual([
        Number(row.Winmax),
        row.Normalisation === "n_minmax" ? 0 : 1,
        Number(row.Weights_set),
        row.Aggregation === "a_amean" ? 0 : 1,
      ]);
    });
  });
});
