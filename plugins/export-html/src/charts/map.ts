import { coordinates, formatScore, type ReportModel } from "../model.js";
import { PALETTE } from "./palette.js";
import type { RenderChart } from "./render.js";

/** The units that have coordinates, and those that do not. */
export function locatedUnits(model: ReportModel): {
  located: { u: number; lat: number; lon: number }[];
  missing: number[];
} {
  const located: { u: number; lat: number; lon: number }[] = [];
  const missing: number[] = [];
  for (const u of model.order) {
    const c = coordinates(model.result.framework.units.get(model.result.units[u]!)?.meta);
    if (c) located.push({ u, ...c });
    else missing.push(u);
  }
  return { located, missing };
}

/**
 * The units at their coordinates on an equirectangular projection scaled by the cosine of the middle latitude
 * (no tiles, no borders): dot size and colour by index score, names beside the dots. `undefined` when no unit
 * has coordinates.
 */
export function mapChart(
  model: ReportModel,
  language: string,
  render: RenderChart,
  title: string,
): string | undefined {
  const { located } = locatedUnits(model);
  if (located.length === 0) return undefined;
  const { result, root, latest } = model;
  const lats = located.map((p) => p.lat);
  const lons = located.map((p) => p.lon);
  const pad = (lo: number, hi: number) => Math.max((hi - lo) * 0.08, 1);
  const [lat0, lat1] = [Math.min(...lats), Math.max(...lats)];
  const [lon0, lon1] = [Math.min(...lons), Math.max(...lons)];
  const latPad = pad(lat0, lat1);
  const lonPad = pad(lon0, lon1);
  const cos = Math.cos((((lat0 + lat1) / 2) * Math.PI) / 180);
  const width = 820;
  const spanX = (lon1 - lon0 + 2 * lonPad) * Math.max(cos, 0.2);
  const spanY = lat1 - lat0 + 2 * latPad;
  const height = Math.round(Math.min(640, Math.max(320, ((width - 80) * spanY) / spanX + 60)));
  const scores = located.map((p) => model.score(root.id, p.u, latest)).filter(Number.isFinite);
  const min = Math.min(...scores, 0);
  const max = Math.max(...scores, 1);
  const data = located.map((p) => {
    const s = model.score(root.id, p.u, latest);
    return {
      name: model.unitLabel(result.units[p.u]!, language),
      value: [p.lon, p.lat, Number.isFinite(s) ? s : min],
    };
  });
  const floor5 = (v: number) => Math.floor(v / 5) * 5;
  const ceil5 = (v: number) => Math.ceil(v / 5) * 5;
  const degrees = (east: string, west: string) => (v: number) => (v < 0 ? `${-v}°${west}` : `${v}°${east}`);
  return render(
    {
      backgroundColor: "#f8fafc",
      grid: { left: 50, right: 70, top: 20, bottom: 30 },
      xAxis: {
        type: "value",
        min: floor5(lon0 - lonPad),
        max: ceil5(lon1 + lonPad),
        axisLine: { onZero: false },
        axisLabel: { formatter: degrees("E", "W"), color: PALETTE.muted },
        splitLine: { lineStyle: { color: "#e2e8f0", type: "dashed" } },
      },
      yAxis: {
        type: "value",
        min: floor5(lat0 - latPad),
        max: ceil5(lat1 + latPad),
        axisLine: { onZero: false },
        axisLabel: { formatter: degrees("N", "S"), color: PALETTE.muted },
        splitLine: { lineStyle: { color: "#e2e8f0", type: "dashed" } },
      },
      visualMap: {
        show: false,
        type: "continuous",
        dimension: 2,
        min,
        max: max === min ? min + 1 : max,
        inRange: { color: [PALETTE.scale[1], PALETTE.scale[4]], symbolSize: [8, 30] },
      },
      series: [
        {
          type: "scatter",
          data,
          itemStyle: { opacity: 0.85, borderColor: "#fff", borderWidth: 1 },
          label: {
            show: true,
            position: "right",
            fontSize: 11,
            color: PALETTE.text,
            formatter: (p: { name: string; value: unknown }) =>
              `${p.name} ${formatScore(Number((p.value as number[])[2]))}`,
          },
          labelLayout: { hideOverlap: true },
        },
      ],
    },
    width,
    height,
    title,
  );
}
