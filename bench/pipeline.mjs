// The synthetic pipeline of the issue (bench/synthetic.mjs) built in a process of its own, so that neither
// the other benchmarks' heap nor their memory weighs on it: bench/run.mjs spawns
//   node bench/pipeline.mjs UNITS INDICATORS [--reps N] [--warmups W] [--keep all|final] [--no-release]
//                           [--no-warm]
// and reads the JSON line it prints: { units, indicators, keep, release, warm, times, peakRssMB }.
// - `times`: N builds of `index.build(table)` on a spec prepared once with `prepareIndex` (its validation left
//   out), each timed alone, after W untimed warm-ups at full size (default 2, none for a single build). Once
//   timed, each result is handed back to the index with `index.release(result)`, as numpy's script frees one
//   repetition's arrays before the next; with --no-release the results are only dropped, for the garbage
//   collector to free;
// - --no-warm builds with `warmMemory: false`: no helper thread writes a large step's fresh memory ahead;
// - `peakRssMB`: the process's peak resident memory, the generated input included.
// See bench/README.md.

import { createRegistry, prepareIndex } from "@cityindex/core";
import { syntheticPipeline } from "./synthetic.mjs";

const [units, indicators] = [Number(process.argv[2] ?? 100000), Number(process.argv[3] ?? 1000)];
const flag = (name, fallback) => {
  const at = process.argv.indexOf(name);
  return at < 0 ? fallback : process.argv[at + 1];
};
const reps = Number(flag("--reps", "1"));
const warmups = Number(flag("--warmups", reps > 1 ? "2" : "0"));
const keep = flag("--keep", "final");
const release = !process.argv.includes("--no-release");
const warm = !process.argv.includes("--no-warm");
const options = { keep, warmMemory: warm };
const SEED = 20240601;
const registry = createRegistry();

function check(outcome, what) {
  if (outcome.result) return outcome.result;
  const errors = outcome.issues.filter((i) => i.severity === "error").slice(0, 5);
  throw new Error(`${what} failed:\n${errors.map((i) => `  ${i.code} ${i.path}: ${i.message}`).join("\n")}`);
}

function elapsedMs(start) {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

// A small build of the same pipeline first, untimed, so the timed ones do not pay for compiling the code and
// the spec validator.
{
  const small = syntheticPipeline({ units: 2000, indicators: 100, seed: SEED + 1 });
  const { index } = await prepareIndex(small.spec, { registry });
  if (!index) throw new Error("pipeline: the spec does not validate");
  check(await index.build(small.data, options), "warm-up build");
}

const { spec, data } = syntheticPipeline({ units, indicators, seed: SEED });
const { index } = await prepareIndex(spec, { registry });
if (!index) throw new Error("pipeline: the spec does not validate");
// Repeated builds get untimed warm-ups at full size; a single build (the large one) gets none by default, so that
// its peak memory is that of one build.
for (let i = 0; i < warmups; i++) {
  const result = check(await index.build(data, options), "warm-up build");
  if (release) index.release(result);
}
const times = [];
for (let i = 0; i < reps; i++) {
  const start = process.hrtime.bigint();
  const result = check(await index.build(data, options), "build");
  times.push(elapsedMs(start));
  if (result.scores.units.length !== units) throw new Error("pipeline: wrong number of units");
  // Done with this result: its memory goes back to the index for the next build, as numpy frees the arrays
  // of one repetition before the next (untimed on both sides).
  if (release) index.release(result);
}

// maxRSS is in kilobytes.
const peakRssMB = process.resourceUsage().maxRSS / 1024;
console.log(JSON.stringify({ units, indicators, keep, release, warm, times, peakRssMB }));
