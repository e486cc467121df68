import { formatScore, type ReportModel } from "../model.js";
import { PALETTE } from "./palette.js";
import type { RenderChart } from "./render.js";

/**
 * A heatmap of every indicator's final (normalised) value in the latest period: units in rows, best index rank
 * first; indicators in columns, in framework order. Missing cells are left blank.
 */
export function heatmapChart(
  model: ReportModel,
  language: string,
  render: RenderChart,
  title: string,
): string {
  const { result, latest, indicators } = model;
  const rows = model.order;
  const cells: [number, number, number][] = [];
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  indicators.forEach((ind, x) => {
    rows.forEach((u, y) => {
      const v = model.score(ind.id, u, latest);
      if (!Number.isFinite(v)) return;
      cells.push([x, y, v]);
      if (v < min) min = v;
      if (v > max) max = v;
    });
  });
  if (!Number.isFinite(min)) [min, max] = [0, 1];
  if (max === min) max = min + 1;
  const width = Math.max(560, Math.min(1400, 170 + indicators.length * 30));
  const height = Math.max(220, rows.length * 20 + 220);
  return render(
    {
      grid: { left: 130, right: 16, top: 10, bottom: 150 },
      xAxis: {
        type: "category",
        data: indicators.map((i) => model.nodeLabel(i.id, language)),
        axisLabel: {
          rotate: 50,
          fontSize: 10,
          color: PALETTE.text,
          interval: 0,
          width: 140,
          overflow: "truncate",
        },
        axisTick: { show: false },
        splitArea: { show: false },
      },
      yAxis: {
        type: "category",
        inverse: true,
        data: rows.map((u) => model.unitLabel(result.units[u]!, language)),
        axisLabel: { fontSize: 11, color: PALETTE.text, width: 120, overflow: "truncate" },
        axisTick: { show: false },
      },
      visualMap: {
        type: "continuous",
        min,
        max,
        calculable: false,
        orient: "horizontal",
        left: "center",
        bottom: 0,
        itemHeight: 200,
        itemWidth: 12,
        text: [formatScore(max), formatScore(min)],
        inRange: { color: [...PALETTE.scale] },
      },
      series: [
        {
          type: "heatmap",
          data: cells,
          itemStyle: { borderColor: "#fff", borderWidth: 1 },
        },
      ],
    },
    width,
    height,
    title,
  );
}
