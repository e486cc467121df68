import { formatScore, type ReportModel } from "../model.js";
import { PALETTE } from "./palette.js";
import type { RenderChart } from "./render.js";

/** A horizontal bar chart of the index scores in the latest period, best at the top. */
export function rankingBarChart(
  model: ReportModel,
  language: string,
  render: RenderChart,
  title: string,
): string {
  const { result, root, latest } = model;
  const rows = model.order
    .map((u) => ({ u, score: model.score(root.id, u, latest) }))
    .filter((r) => Number.isFinite(r.score));
  const names = rows.map((r) => model.unitLabel(result.units[r.u]!, language));
  const max = Math.max(...rows.map((r) => r.score), 0);
  const min = Math.min(...rows.map((r) => r.score), 0);
  const height = Math.max(160, rows.length * 24 + 50);
  return render(
    {
      grid: { left: 8, right: 56, top: 10, bottom: 24, containLabel: true },
      xAxis: { type: "value", min: Math.min(0, min), splitLine: { lineStyle: { color: "#e2e8f0" } } },
      yAxis: {
        type: "category",
        inverse: true,
        data: names,
        axisTick: { show: false },
        axisLabel: { color: PALETTE.text, fontSize: 12 },
      },
      visualMap: {
        show: false,
        type: "continuous",
        min: min === max ? min - 1 : min,
        max,
        dimension: 0,
        inRange: { color: [PALETTE.scale[1], PALETTE.scale[4]] },
      },
      series: [
        {
          type: "bar",
          data: rows.map((r) => r.score),
          barMaxWidth: 18,
          itemStyle: { borderRadius: [0, 3, 3, 0] },
          label: {
            show: true,
            position: "right",
            color: PALETTE.text,
            formatter: (p: { value: unknown }) => formatScore(Number(p.value)),
          },
        },
      ],
    },
    820,
    height,
    title,
  );
}
