import type { DataTable, Spec, StepSpec } from "@cityindex/core";

/** A seeded generator of numbers in [0, 1) (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A generated index for tests that compare builds bit for bit: `units` units × `indicators` indicators (a
 * multiple of 4) in 4 dimensions under `index`, every fifth indicator with direction -1, 5% of cells missing,
 * each indicator on its own scale (1 to 10⁴); ids `u0…`, `i0…`, `d0…d3`.
 */
export function syntheticIndex(options: {
  units: number;
  indicators: number;
  seed: number;
  pipeline: StepSpec[];
  periods?: string[];
}): { spec: Spec; table: DataTable } {
  const { units: n, indicators: k, seed, pipeline, periods = ["2024"] } = options;
  const next = seededRandom(seed);
  const units = Array.from({ length: n }, (_, u) => `u${u}`);
  const ids = Array.from({ length: k }, (_, i) => `i${i}`);
  const columns = new Map<string, Float64Array>();
  for (const id of ids) {
    const scale = 10 ** Math.floor(next() * 5);
    columns.set(
      id,
      Float64Array.from({ length: n * periods.length }, () => (next() < 0.05 ? Number.NaN : next() * scale)),
    );
  }
  const per = k / 4;
  const spec = {
    id: "synthetic",
    title: "Synthetic",
    units: units.map((id) => ({ id })),
    indicators: ids.map((id, i) => (i % 5 === 4 ? { id, direction: -1 } : { id })),
    framework: {
      id: "index",
      children: [0, 1, 2, 3].map((d) => ({
        id: `d${d}`,
        children: ids.slice(d * per, (d + 1) * per).map((id) => ({ id })),
      })),
    },
    pipeline,
  } as Spec;
  return { spec, table: { units, periods, columns } };
}

/** True when two vectors hold the same bits (NaN included, -0 apart from 0). */
export function sameBits(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}
