import {
  alternativeLabel,
  analyseUncertainty,
  buildIndex,
  MersenneTwister,
  mergeUncertainty,
  pairwiseProbabilities,
  rankStatistics,
  saltelliDesign,
  sobolEstimates,
  sobolIndices,
  summariseUncertainty,
  type UncertaintyPlan,
  type UncertaintyResult,
  uncertaintyFromJSON,
  uncertaintyOverview,
  uncertaintyToJSON,
  uncertaintyView,
  withoutNode,
} from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { readReferenceRecords, rNumber } from "../helpers/reference.js";
import { sameBits, syntheticIndex } from "../helpers/synthetic.js";

const PIPELINE = [
  { step: "impute" as const, method: "mean" },
  { step: "treat" as const, method: "winsorise", options: { winmax: 3 } },
  { step: "normalise" as const, method: "min-max", options: { range: [1, 100] } },
  { step: "aggregate" as const, method: "arithmetic" },
];

function small() {
  return syntheticIndex({ units: 40, indicators: 12, seed: 11, pipeline: structuredClone(PIPELINE) });
}

const PLAN: UncertaintyPlan = {
  samples: 60,
  seed: 5,
  inputs: [
    { id: "winmax", step: "treat", option: "winmax", values: [1, 3, 5] },
    {
      id: "normalisation",
      step: "normalise",
      alternatives: [{ method: "min-max", options: { range: [1, 100] } }, { method: "rank" }],
    },
    {
      id: "weights",
      noise: [
        { level: 1, factor: 0.5 },
        { level: 2, factor: 0.25 },
      ],
      sets: 20,
    },
    {
      id: "aggregation",
      step: "aggregate",
      alternatives: [{ method: "arithmetic" }, { method: "geometric" }],
    },
  ],
};

describe("Sobol estimators", () => {
  it("reproduce COINr's SA_estimate for y = x1 + 2 x2 + 3 x3 on SA_sample(500, 3) after set.seed(7)", () => {
    const design = saltelliDesign(500, 3, new MersenneTwister(7));
    const y = new Float64Array(design.runs);
    for (let r = 0; r < design.runs; r++) {
      const x = design.values.subarray(r * 3, r * 3 + 3);
      y[r] = x[0]! + 2 * x[1]! + 3 * x[2]!;
    }
    const { variance, indices } = sobolEstimates(y, 500, ["V1", "V2", "V3"], { bootstrap: 0 });
    const expected = readReferenceRecords("vectors/SA_estimate_linear_1_2_3_seed7_N500.csv");
    const expectedVariance = rNumber(
      readReferenceRecords("vectors/SA_estimate_linear_variance.csv")[0]!.Variance!,
    );
    expect(Math.abs(variance - expectedVariance)).toBeLessThanOrEqual(1e-12);
    indices.forEach((x, i) => {
      expect(x.input).toBe(expected[i]!.Variable);
      expect(Math.abs(x.first - rNumber(expected[i]!.Si!))).toBeLessThanOrEqual(1e-12);
      expect(Math.abs(x.total - rNumber(expected[i]!.STi!))).toBeLessThanOrEqual(1e-12);
    });
  });

  it("give bootstrap intervals around the estimates, narrower with more samples", () => {
    const interval = (n: number) => {
      const design = saltelliDesign(n, 3, new MersenneTwister(7));
      const y = Float64Array.from({ length: design.runs }, (_, r) => {
        const x = design.values.subarray(r * 3, r * 3 + 3);
        return x[0]! + 2 * x[1]! + 3 * x[2]!;
      });
      return sobolEstimates(y, n, ["a", "b", "c"], { bootstrap: 500, seed: 3 }).indices[2]!;
    };
    const few = interval(200);
    const many = interval(5000);
    for (const x of [few, many]) {
      expect(x.totalInterval![0]).toBeLessThanOrEqual(x.total);
      expect(x.totalInterval![1]).toBeGreaterThanOrEqual(x.total);
    }
    // The analytic total index of x3 is 9/14.
    expect(Math.abs(many.total - 9 / 14)).toBeLessThan(0.05);
    expect(many.totalInterval![1] - many.totalInterval![0]).toBeLessThan(
      few.totalInterval![1] - few.totalInterval![0],
    );
  });
});

describe("analyseUncertainty", () => {
  it("is reproducible: the same seed gives the same counts, another seed others", async () => {
    const { spec, table } = small();
    const a = await analyseUncertainty(spec, table, PLAN);
    const b = await analyseUncertainty(spec, table, PLAN);
    const c = await analyseUncertainty(spec, table, { ...PLAN, seed: 6 });
    expect(a.issues.filter((i) => i.severity === "error")).toEqual([]);
    expect(sameBits(a.result!.targets[0]!.counts, b.result!.targets[0]!.counts)).toBe(true);
    expect(sameBits(a.result!.targets[0]!.counts, c.result!.targets[0]!.counts)).toBe(false);
    expect(a.result!.provenance.designHash).toBe(b.result!.provenance.designHash);
    expect(a.result!.provenance.noiseSeeds).toEqual({ weights: 8 });
  });

  it("gives, with the kernel, the scores that full builds give, bit for bit", async () => {
    const { spec, table } = small();
    const plan = { ...PLAN, samples: 25, keepRuns: true };
    const fast = await analyseUncertainty(spec, table, plan);
    const slow = await analyseUncertainty(spec, table, plan, { evaluation: "full-builds" });
    expect(fast.result!.provenance.evaluation).toBe("tail-kernel");
    expect(slow.result!.provenance.evaluation).toBe("full-builds");
    expect(fast.result!.provenance.builds).toBeLessThanOrEqual(6);
    expect(slow.result!.provenance.builds).toBeGreaterThan(20);
    expect(fast.result!.evaluated).toBe(25);
    expect(sameBits(fast.result!.kept!.scores.index!, slow.result!.kept!.scores.index!)).toBe(true);
    expect(sameBits(fast.result!.targets[0]!.counts, slow.result!.targets[0]!.counts)).toBe(true);
  });

  it("gives the full builds' scores with missing values left to the aggregation, and availability thresholds", async () => {
    const { spec, table } = syntheticIndex({
      units: 30,
      indicators: 8,
      seed: 4,
      pipeline: [
        { step: "normalise", method: "min-max", options: { range: [1, 100] } },
        {
          step: "aggregate",
          method: "arithmetic",
          options: { minAvailability: 0.5 },
          scope: { levels: [2] },
        },
        { step: "aggregate", method: "geometric", scope: { levels: [3] } },
      ],
    });
    const plan: UncertaintyPlan = {
      samples: 30,
      keepRuns: true,
      targets: ["index", "d0"],
      inputs: [
        { id: "availability", step: 1, option: "minAvailability", values: [0, 0.5, 1] },
        { id: "top", step: 2, alternatives: [{ method: "arithmetic" }, { method: "geometric" }] },
        { id: "weights", weights: [{ d0: 1 }, { d0: 3, d1: 0.5 }, { i0: 0, i3: 2 }] },
      ],
    };
    const fast = (await analyseUncertainty(spec, table, plan)).result!;
    const slow = (await analyseUncertainty(spec, table, plan, { evaluation: "full-builds" })).result!;
    expect(fast.provenance.evaluation).toBe("tail-kernel");
    expect(fast.provenance.builds).toBe(1);
    expect(fast.kept!.scores.d0!.some((v) => Number.isNaN(v))).toBe(true);
    expect(sameBits(fast.kept!.scores.d0!, slow.kept!.scores.d0!)).toBe(true);
    expect(sameBits(fast.kept!.scores.index!, slow.kept!.scores.index!)).toBe(true);
    expect(sameBits(fast.targets[1]!.counts, slow.targets[1]!.counts)).toBe(true);
  });

  it("counts ranks consistently: histograms, P(top k), pairwise orders and shifts", async () => {
    const { spec, table } = small();
    const { result } = await analyseUncertainty(spec, table, { ...PLAN, keepRuns: true });
    const r = result!;
    const n = r.units.length;
    const ranks = r.kept!.ranks.index!;
    const stats = rankStatistics(r, { top: [1, 5] });
    const pairs = pairwiseProbabilities(r);
    // Recount from the kept runs.
    for (let u = 0; u < n; u++) {
      const mine = Array.from({ length: r.counted }, (_, run) => ranks[run * n + u]!).sort((a, b) => a - b);
      const mean = mine.reduce((s, v) => s + v, 0) / mine.length;
      expect(stats[u]!.mean).toBeCloseTo(mean, 12);
      expect(stats[u]!.best).toBe(mine[0]);
      expect(stats[u]!.worst).toBe(mine.at(-1));
      expect(stats[u]!.top[5]).toBe(mine.filter((v) => v <= 5).length / mine.length);
      expect(stats[u]!.low).toBeLessThanOrEqual(stats[u]!.median);
      expect(stats[u]!.median).toBeLessThanOrEqual(stats[u]!.high);
    }
    let above = 0;
    for (let run = 0; run < r.counted; run++) if (ranks[run * n + 0]! < ranks[run * n + 1]!) above++;
    expect(pairs[0]![1]).toBe(above / r.counted);
    expect(pairs[0]![1]! + pairs[1]![0]!).toBeLessThanOrEqual(1);
    const overview = uncertaintyOverview(r);
    let shift = 0;
    let within = 0;
    for (let run = 0; run < r.counted; run++) {
      for (let u = 0; u < n; u++) {
        const d = Math.abs(ranks[run * n + u]! - r.targets[0]!.nominalRanks[u]!);
        shift += d;
        if (d <= 3) within++;
      }
    }
    expect(overview.meanAbsoluteRankShift).toBeCloseTo(shift / (r.counted * n), 12);
    expect(overview.stableShare).toBeCloseTo(within / (r.counted * n), 12);
    // Each unit is in the top 1 with some probability; those probabilities add up to one.
    expect(stats.reduce((s, x) => s + x.top[1]!, 0)).toBeCloseTo(1, 12);
  });

  it("splits into shards whose merged counts equal those of one run, also through JSON", async () => {
    const { spec, table } = small();
    for (const type of ["uncertainty", "sensitivity"] as const) {
      const plan: UncertaintyPlan = { ...PLAN, type, samples: 30, keepRuns: true };
      const whole = (await analyseUncertainty(spec, table, plan)).result!;
      const parts: UncertaintyResult[] = [];
      for (let index = 0; index < 3; index++) {
        const part = (await analyseUncertainty(spec, table, plan, { shard: { index, count: 3 } })).result!;
        parts.push(uncertaintyFromJSON(JSON.parse(JSON.stringify(uncertaintyToJSON(part)))));
      }
      const merged = mergeUncertainty([parts[2]!, parts[0]!, parts[1]!]);
      expect(merged.evaluated).toBe(whole.evaluated);
      expect(merged.counted).toBe(whole.counted);
      expect(sameBits(merged.targets[0]!.counts, whole.targets[0]!.counts)).toBe(true);
      expect(sameBits(merged.targets[0]!.above, whole.targets[0]!.above)).toBe(true);
      expect(sameBits(merged.kept!.scores.index!, whole.kept!.scores.index!)).toBe(true);
      expect(rankStatistics(merged)).toEqual(rankStatistics(whole));
      if (type === "sensitivity") {
        expect(sameBits(merged.output!.values, whole.output!.values)).toBe(true);
        expect(sobolIndices(merged)).toEqual(sobolIndices(whole));
        expect(() => sobolIndices(parts[0]!)).toThrow(/merge every shard/);
      }
      expect(() => mergeUncertainty([parts[0]!, parts[0]!])).toThrow(/two of the results/);
    }
  });

  it("describes each input by its size, labels the noisy sets by number, and reads results without sizes", async () => {
    const { spec, table } = small();
    const r = (await analyseUncertainty(spec, table, { ...PLAN, samples: 8 })).result!;
    expect(r.inputs.map((i) => [i.id, i.kind, i.size, i.alternatives.length])).toEqual([
      ["winmax", "step", 3, 3],
      ["normalisation", "step", 2, 2],
      ["weights", "weights", 20, 0],
      ["aggregation", "step", 2, 2],
    ]);
    expect(alternativeLabel(r.inputs[1]!, 1)).toBe("rank");
    expect(alternativeLabel(r.inputs[2]!, 0)).toBe("noisy set 1");
    expect(alternativeLabel(r.inputs[2]!, 19)).toBe("noisy set 20");
    const view = uncertaintyView(summariseUncertainty(r));
    expect(view.inputs.map((i) => [i.size, i.shown])).toEqual([
      [3, "winmax 1, winmax 3, winmax 5"],
      [2, r.inputs[1]!.alternatives.join(", ")],
      [20, "noisy sets 1–20"],
      [2, "arithmetic, geometric"],
    ]);
    // A result written before inputs carried their size: one alternative per label.
    const old = uncertaintyToJSON(r) as { inputs: Record<string, unknown>[] };
    for (const input of old.inputs) delete input.size;
    old.inputs[2]!.alternatives = Array.from({ length: 20 }, (_, j) => `noisy set ${j + 1}`);
    expect(uncertaintyFromJSON(old).inputs.map((i) => i.size)).toEqual([3, 2, 20, 2]);
  });

  it("leaves nodes out as a build without them would", async () => {
    const { spec, table } = small();
    const plan: UncertaintyPlan = {
      samples: 12,
      keepRuns: true,
      inputs: [
        { id: "left-out", exclude: ["i0", "d1"] },
        {
          id: "aggregation",
          step: "aggregate",
          alternatives: [{ method: "arithmetic" }, { method: "geometric" }],
        },
      ],
    };
    const { result, issues } = await analyseUncertainty(spec, table, plan);
    expect(issues.filter((i) => i.severity === "error")).toEqual([]);
    const r = result!;
    const n = r.units.length;
    const seen = new Set<number>();
    for (let run = 0; run < 12; run++) {
      const [left, agg] = [r.choices[run * 2]!, r.choices[run * 2 + 1]!];
      seen.add(left);
      const modified = structuredClone(spec);
      if (left > 0) modified.framework = withoutNode(modified.framework, ["i0", "d1"][left - 1]!);
      modified.pipeline[3] = { step: "aggregate", method: ["arithmetic", "geometric"][agg]! };
      const built = (await buildIndex(modified, table)).result!;
      const expected = built.scores.column("index");
      expect(sameBits(r.kept!.scores.index!.subarray(run * n, (run + 1) * n), expected)).toBe(true);
    }
    expect(seen.size).toBeGreaterThan(1);
  });

  it("reports progress and stops when aborted", async () => {
    const { spec, table } = small();
    const updates: number[] = [];
    await analyseUncertainty(
      spec,
      table,
      { ...PLAN, samples: 200 },
      { onProgress: (u) => updates.push(u.done) },
    );
    expect(updates.length).toBeGreaterThan(10);
    expect(updates.at(-1)).toBe(200);
    const controller = new AbortController();
    controller.abort(new Error("stop now"));
    await expect(analyseUncertainty(spec, table, PLAN, { signal: controller.signal })).rejects.toThrow(
      "stop now",
    );
  });

  it("computes the sensitivity output per run and Sobol indices from it", async () => {
    const { spec, table } = small();
    const { result } = await analyseUncertainty(spec, table, { ...PLAN, type: "sensitivity", samples: 40 });
    const r = result!;
    expect(r.runs).toBe(40 * 6);
    expect(r.counted).toBe(80);
    expect(r.output!.values.every((v) => v >= 0)).toBe(true);
    const sobol = sobolIndices(r, { bootstrap: 200 });
    expect(sobol.indices.map((x) => x.input)).toEqual(["winmax", "normalisation", "weights", "aggregation"]);
    for (const x of sobol.indices) {
      expect(Number.isFinite(x.first)).toBe(true);
      expect(x.total).toBeGreaterThanOrEqual(0);
      expect(x.totalInterval![0]).toBeLessThanOrEqual(x.totalInterval![1]);
    }
  });
});

describe("analyseUncertainty: bad plans", () => {
  const cases: [string, (p: UncertaintyPlan) => unknown, string, RegExp][] = [
    ["no inputs", (p) => ({ ...p, inputs: [] }), "plan/inputs", /at least one/],
    ["samples 1", (p) => ({ ...p, samples: 1 }), "plan/samples", /whole number from 2/],
    ["unknown key", (p) => ({ ...p, sample: 3 }), "plan/sample", /unknown plan key/],
    [
      "an unknown step",
      (p) => ({ ...p, inputs: [{ id: "x", step: "derive", option: "a", values: [1] }] }),
      "plan/inputs/0/step",
      /no .derive. step/,
    ],
    [
      "a bad option value",
      (p) => ({ ...p, inputs: [{ id: "x", step: "treat", option: "winmax", values: [2, "many"] }] }),
      "plan/inputs/0/values/1",
      /winmax/,
    ],
    [
      "an unknown method",
      (p) => ({ ...p, inputs: [{ id: "x", step: "normalise", alternatives: [{ method: "magic" }] }] }),
      "plan/inputs/0/alternatives/0",
      /magic/,
    ],
    [
      "a weight set naming an unknown node",
      (p) => ({ ...p, inputs: [{ id: "w", weights: [{ nowhere: 1 }] }] }),
      "plan/inputs/0/weights/0/nowhere",
      /not a framework node/,
    ],
    [
      "a negative weight",
      (p) => ({ ...p, inputs: [{ id: "w", weights: [{ d0: -1 }] }] }),
      "plan/inputs/0/weights/0/d0",
      /finite number ≥ 0/,
    ],
    [
      "noise on the root's level",
      (p) => ({ ...p, inputs: [{ id: "w", noise: [{ level: 3, factor: 0.2 }] }] }),
      "plan/inputs/0/noise/0/level",
      /below the root/,
    ],
    [
      "two inputs with one id",
      (p) => ({ ...p, inputs: [p.inputs[0], { ...p.inputs[1], id: "winmax" }] }),
      "plan/inputs/1/id",
      /used twice/,
    ],
    [
      "leaving out the target",
      (p) => ({ ...p, targets: ["d0"], inputs: [{ id: "x", exclude: ["d0"] }] }),
      "plan/inputs/0/exclude/0",
      /remove the target/,
    ],
    [
      "a design of the wrong size",
      (p) => ({ ...p, design: [[0.1, 0.2, 0.3, 0.4]] }),
      "plan/design",
      /needs 60/,
    ],
    [
      "a design value outside [0, 1]",
      (p) => ({
        ...p,
        samples: 2,
        design: [
          [0.1, 0.2, 0.3, 0.4],
          [0.1, 2, 0.3, 0.4],
        ],
      }),
      "plan/design",
      /row 2, column 2/,
    ],
    [
      "a sensitivity analysis of one input",
      (p) => ({ ...p, type: "sensitivity", inputs: [p.inputs[0]] }),
      "plan/inputs",
      /at least two inputs/,
    ],
    ["an unknown target", (p) => ({ ...p, targets: ["nope"] }), "plan/targets/0", /not a node/],
  ];
  for (const [what, change, path, message] of cases) {
    it(`refuses ${what}, naming where`, async () => {
      const { spec, table } = small();
      const { result, issues } = await analyseUncertainty(spec, table, change(PLAN) as UncertaintyPlan);
      expect(result).toBeUndefined();
      const errors = issues.filter((i) => i.severity === "error");
      expect(errors.some((e) => e.path === path && message.test(e.message))).toBe(true);
    });
  }

  it("counts failed runs and says why: a geometric mean of values that are not positive", async () => {
    const { spec, table } = small();
    const plan: UncertaintyPlan = {
      samples: 20,
      inputs: [
        {
          id: "normalisation",
          step: "normalise",
          alternatives: [{ method: "min-max", options: { range: [1, 100] } }, { method: "z-score" }],
        },
        {
          id: "aggregation",
          step: "aggregate",
          alternatives: [{ method: "arithmetic" }, { method: "geometric" }],
        },
      ],
    };
    const { result, issues } = await analyseUncertainty(spec, table, plan);
    const r = result!;
    expect(r.failures.count).toBeGreaterThan(0);
    expect(r.failures.count + r.counted).toBe(20);
    for (const f of r.failures.first) {
      expect([r.choices[f.run * 2], r.choices[f.run * 2 + 1]]).toEqual([1, 1]);
      expect(f.message).toMatch(/not positive/);
    }
    expect(issues.some((i) => i.code === "failed-runs" && i.severity === "warning")).toBe(true);
  });
});

describe("RunRanker", () => {
  it("ranks as rank() does, run after run, for every tie method, with ties and missing scores", async () => {
    const { RunRanker } = await import("../../src/uncertainty/ranker.js");
    const { rank } = await import("@cityindex/core");
    const random = new MersenneTwister(9);
    const reversed = Array.from({ length: 30 }, (_, i) => 29 - i);
    for (const ties of ["min", "max", "average", "dense", "first"] as const) {
      for (const start of [undefined, reversed]) {
        const ranker = new RunRanker(30, ties, start);
        const out = new Float64Array(30);
        for (let run = 0; run < 200; run++) {
          const scores = Float64Array.from({ length: 30 }, () => {
            const u = random.next();
            return u < 0.05 ? Number.NaN : Math.floor(u * 12);
          });
          expect(Array.from(ranker.rank(scores, out))).toEqual(Array.from(rank(scores, ties)));
        }
      }
    }
  });

  it("refuses a start order of the wrong length", async () => {
    const { RunRanker } = await import("../../src/uncertainty/ranker.js");
    expect(() => new RunRanker(3, "min", [0, 1])).toThrow(/start order of 2 units for 3 units/);
  });
});
