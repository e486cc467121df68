// Seeded generators of synthetic indices for the benchmarks (bench/run.mjs and bench/pipeline.mjs).

/** mulberry32: a small seeded PRNG returning floats in [0, 1); the same seed gives the same sequence. */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pad = (i, width) => String(i).padStart(width, "0");

/**
 * The full synthetic pipeline of the issue, as a spec and columnar data (`{ units, periods, columns }`, one
 * `Float64Array` per indicator, `NaN` for missing): `units` units, `indicators` indicators in dimensions of
 * `perDim` (10), the dimensions split evenly into 4 sub-indices under the index, one period, a share
 * `missing` (5%) of cells missing. Pipeline: impute `mean`, normalise `min-max` onto [0, 100] (every fifth
 * indicator has direction -1), aggregate `arithmetic` at every level; ranks at every level. Indicators have
 * scales from 1 to 10^5.
 */
export function syntheticPipeline({ units, indicators, perDim = 10, subIndices = 4, missing = 0.05, seed }) {
  const random = mulberry32(seed);
  const dims = Math.ceil(indicators / perDim);
  const unitWidth = String(units - 1).length;
  const dimWidth = String(dims - 1).length;
  const unitIds = Array.from({ length: units }, (_, u) => `u${pad(u, unitWidth)}`);
  const dimensions = Array.from({ length: dims }, (_, d) => ({
    id: `dim_${pad(d, dimWidth)}`,
    children: Array.from({ length: Math.min(perDim, indicators - d * perDim) }, (_, k) => ({
      id: `ind_${pad(d, dimWidth)}_${pad(k, 2)}`,
    })),
  }));
  const perSub = Math.ceil(dims / subIndices);
  const subs = Array.from({ length: subIndices }, (_, s) => ({
    id: `sub_${s}`,
    children: dimensions.slice(s * perSub, (s + 1) * perSub),
  })).filter((s) => s.children.length > 0);
  const indicatorIds = dimensions.flatMap((d) => d.children.map((c) => c.id));
  const spec = {
    id: "synthetic-pipeline",
    title: "Synthetic pipeline benchmark",
    units: unitIds.map((id) => ({ id })),
    indicators: indicatorIds.map((id, i) => (i % 5 === 4 ? { id, direction: -1 } : { id })),
    framework: { id: "index", children: subs },
    pipeline: [
      { step: "impute", method: "mean" },
      { step: "normalise", method: "min-max", options: { range: [0, 100] } },
      { step: "aggregate", method: "arithmetic" },
    ],
  };
  const columns = new Map();
  for (const id of indicatorIds) {
    const scale = 10 ** Math.floor(random() * 6);
    const col = new Float64Array(units);
    for (let u = 0; u < units; u++) col[u] = random() < missing ? Number.NaN : random() * scale;
    columns.set(id, col);
  }
  return {
    spec,
    data: { units: unitIds, periods: ["2024"], columns },
    cells: units * indicatorIds.length,
  };
}

/** The observations of a columnar table (`{ units, periods, columns }`), `null` for missing. */
export function* observationsOf(table) {
  const n = table.units.length;
  for (const [indicator, col] of table.columns) {
    for (let p = 0; p < table.periods.length; p++) {
      const period = table.periods[p];
      for (let u = 0; u < n; u++) {
        const v = col[p * n + u];
        yield { unit: table.units[u], indicator, period, value: Number.isNaN(v) ? null : v };
      }
    }
  }
}
