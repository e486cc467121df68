// One build of the large synthetic pipeline in a process of its own, so that its peak memory is measured
// alone: bench/run.mjs spawns `node bench/pipeline-large.mjs [units] [indicators]` and reads the JSON line it
// prints ({ units, indicators, ms, peakRssMB }). See bench/README.md.

import { buildIndex, createRegistry, prepareIndex } from "@cityindex/core";
import { syntheticPipeline } from "./synthetic.mjs";

const units = Number(process.argv[2] ?? 100000);
const indicators = Number(process.argv[3] ?? 1000);
const SEED = 20240601;
const registry = createRegistry();

function check(outcome, what) {
  if (outcome.result) return outcome.result;
  const errors = outcome.issues.filter((i) => i.severity === "error").slice(0, 5);
  throw new Error(`${what} failed:\n${errors.map((i) => `  ${i.code} ${i.path}: ${i.message}`).join("\n")}`);
}

// A small build of the same pipeline first, untimed, so the timed one does not pay for compiling the code
// and the spec validator.
{
  const warm = syntheticPipeline({ units: 2000, indicators: 100, seed: SEED + 1 });
  check(await buildIndex(warm.spec, warm.data, { registry, keep: "final" }), "warm-up build");
}

const { spec, data } = syntheticPipeline({ units, indicators, seed: SEED });
// The spec is validated once, untimed (as for pipeline-10k-200); the build on the data is timed.
const { index } = await prepareIndex(spec, { registry });
if (!index) throw new Error("large build: the spec does not validate");
const start = process.hrtime.bigint();
const result = check(await index.build(data, { keep: "final" }), "large build");
const ms = Number(process.hrtime.bigint() - start) / 1e6;
if (result.scores.units.length !== units) throw new Error("large build: wrong number of units");

// maxRSS is in kilobytes: the peak resident set of this process, the generated input included.
const peakRssMB = process.resourceUsage().maxRSS / 1024;
console.log(JSON.stringify({ units, indicators, ms, peakRssMB }));
