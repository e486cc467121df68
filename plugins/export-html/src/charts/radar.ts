import type { ReportModel } from "../model.js";
import { PALETTE } from "./palette.js";
import type { RenderChart } from "./render.js";

/** The median of the finite values, `NaN` when there are none. */
export function median(values: readonly number[]): number {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return Number.NaN;
  const m = v.length >> 1;
  return v.length % 2 ? v[m]! : (v[m - 1]! + v[m]!) / 2;
}

/**
 * A radar chart of one unit's dimension scores in the latest period against the median of every unit. The axes
 * run from the lowest to the highest score of any unit on any dimension. `undefined` with fewer than three
 * dimensions (a radar needs three axes).
 */
export function radarChart(
  model: ReportModel,
  unit: number,
  language: string,
  render: RenderChart,
  labels: { unit: string; median: string },
): string | undefined {
  const dims = model.dimensions;
  if (dims.length < 3) return undefined;
  const { latest, result } = model;
  const n = result.units.length;
  const all = dims.flatMap((d) => Array.from({ length: n }, (_, u) => model.score(d.id, u, latest)));
  const finite = all.filter(Number.isFinite);
  const lo = Math.min(0, ...finite);
  const hi = Math.max(...finite, lo + 1);
  const value = (v: number) => (Number.isFinite(v) ? v : lo);
  const own = dims.map((d) => value(model.score(d.id, unit, latest)));
  const mid = dims.map((d) =>
    value(median(Array.from({ length: n }, (_, u) => model.score(d.id, u, latest)))),
  );
  return render(
    {
      color: [PALETTE.accent, PALETTE.muted],
      legend: { bottom: 0, data: [labels.unit, labels.median], textStyle: { color: PALETTE.text } },
      radar: {
        radius: "58%",
        center: ["50%", "50%"],
        indicator: dims.map((d) => ({ name: model.nodeLabel(d.id, language), min: lo, max: hi })),
        axisName: { color: PALETTE.text, fontSize: 11, width: 120, overflow: "break" },
        splitArea: { areaStyle: { color: ["#f8fafc", "#f1f5f9"] } },
      },
      series: [
        {
          type: "radar",
          data: [
            { name: labels.unit, value: own, areaStyle: { opacity: 0.25 }, symbolSize: 5 },
            { name: labels.median, value: mid, lineStyle: { type: "dashed" }, symbolSize: 3 },
          ],
        },
      ],
    },
    520,
    380,
    labels.unit,
  );
}
