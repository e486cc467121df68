// Times an uncertainty or sensitivity analysis of COINr's ASEM example in a process of its own, so that its peak
// memory is measured alone. Run by bench/run.mjs; by hand: `node bench/uncertainty.mjs ua|sa|weights [N]`.
// Prints one JSON line: { ms, runs, peakRssMB } (for `weights`: the marginal µs per run, see below).
//
// The plan is COINr's sensitivity example (its vignette and ../shared/reference/coinr-asem/sensitivity): the
// winsorisation budget 1..5, min-max [1, 100] or z-score (10, 2), 100 noisy weight sets at ±25 % on levels 2 and 3
// (drawn with seed 1, as COINr's get_noisy_weights after set.seed(1)), arithmetic or geometric mean; the design
// cut over its observed range as COINr does.

import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { analyseUncertainty, coinrToSpec, createRegistry } from "@cityindex/core";
import { parse } from "csv-parse/sync";

const here = dirname(fileURLToPath(import.meta.url));
const asemDir = join(here, "..", "..", "shared", "reference", "coinr-asem", "data");
const read = (file) =>
  parse(readFileSync(join(asemDir, file)), { columns: true, bom: true, skip_empty_lines: true });

const asem = coinrToSpec(read("ASEM_iData.csv"), read("ASEM_iMeta.csv"), { id: "asem" });
if (!asem.spec) throw new Error("bench: coinrToSpec(ASEM) failed");
const spec = {
  ...asem.spec,
  pipeline: [
    { step: "denominate", method: "divide" },
    { step: "impute", method: "group-mean", options: { group: "EurAsia_group" } },
    { step: "screen", method: "data-availability", options: { minAvailability: 0.9 } },
    { step: "treat", method: "winsorise", options: { winmax: 5 } },
    { step: "normalise", method: "min-max", options: { range: [0, 100] } },
    { step: "aggregate", method: "arithmetic" },
  ],
};
const noise = {
  id: "Weights",
  noise: [
    { level: 2, factor: 0.25 },
    { level: 3, factor: 0.25 },
  ],
  sets: 100,
  seed: 1,
};
const coinrInputs = [
  { id: "Winmax", step: "treat", option: "winmax", values: [1, 2, 3, 4, 5] },
  {
    id: "Normalisation",
    step: "normalise",
    alternatives: [
      { method: "min-max", options: { range: [1, 100] } },
      { method: "z-score", options: { mean: 10, sd: 2 } },
    ],
  },
  noise,
  { id: "Aggregation", step: "aggregate", alternatives: [{ method: "arithmetic" }, { method: "geometric" }] },
];
const registry = createRegistry();

async function run(plan) {
  const start = process.hrtime.bigint();
  const { result, issues } = await analyseUncertainty(spec, asem.observations, plan, { registry });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (!result || result.failures.count > 0) {
    const errors = issues.filter((i) => i.severity !== "info").slice(0, 5);
    throw new Error(`bench: the analysis failed: ${JSON.stringify(errors)}`);
  }
  return { ms, runs: result.evaluated };
}

const mode = process.argv[2];
const n = Number(process.argv[3] ?? 10000);
let out;
if (mode === "ua") {
  out = await run({ samples: n, seed: 2, discretise: "observed-range", inputs: coinrInputs });
} else if (mode === "sa") {
  out = await run({
    type: "sensitivity",
    samples: n,
    seed: 3,
    discretise: "observed-range",
    inputs: coinrInputs,
  });
} else if (mode === "weights" || mode === "weights-pairwise") {
  // Weight noise only: the marginal cost of a run, (t(N) − t(N / 10)) / (0.9 N), which leaves out the nominal
  // build and the one build every run shares; each time the median of three, alternating. Noise sets as many as runs, so no two runs share weights. Rank
  // statistics are counted; the pairwise orders (n² counts per run) only in `weights-pairwise`.
  const pairwise = mode === "weights-pairwise";
  const plan = (samples) => ({ samples, seed: 2, pairwise, inputs: [{ ...noise, sets: samples }] });
  await run(plan(n / 10)); // warm-up
  const small = [];
  const large = [];
  for (let i = 0; i < 3; i++) {
    small.push((await run(plan(n / 10))).ms);
    large.push((await run(plan(n))).ms);
  }
  const middle = (xs) => [...xs].sort((a, b) => a - b)[1];
  out = { usPerRun: ((middle(large) - middle(small)) * 1000) / (0.9 * n), runs: n, ms: middle(large) };
} else {
  throw new Error("usage: node bench/uncertainty.mjs ua|sa|weights|weights-pairwise [N]");
}
out.peakRssMB = process.resourceUsage().maxRSS / 1024;
console.log(JSON.stringify(out));
