import { formatRank, type ReportModel } from "../model.js";
import { PALETTE } from "./palette.js";
import type { RenderChart } from "./render.js";

/** A unit's index rank in the first and the latest period, and the change (positive = moved up). */
export interface RankMove {
  /** Row index of the unit. */
  unit: number;
  /** Rank in the first period. */
  from: number;
  /** Rank in the latest period. */
  to: number;
  /** `from - to`: places gained. */
  change: number;
}

/** Index rank moves of the units ranked in both the first and the latest period, in latest-rank order. */
export function rankMoves(model: ReportModel): RankMove[] {
  const out: RankMove[] = [];
  for (const u of model.order) {
    const from = model.rank(model.root.id, u, model.first);
    const to = model.rank(model.root.id, u, model.latest);
    if (Number.isFinite(from) && Number.isFinite(to)) out.push({ unit: u, from, to, change: from - to });
  }
  return out;
}

/**
 * A slope chart of index ranks between the first and the latest period: one line per unit, green when it moved
 * up, red when it moved down, grey when unchanged; names at both ends. `undefined` with one period.
 */
export function slopeChart(
  model: ReportModel,
  language: string,
  render: RenderChart,
  title: string,
): string | undefined {
  const { result } = model;
  if (result.periods.length < 2) return undefined;
  const moves = rankMoves(model);
  if (moves.length === 0) return undefined;
  const maxRank = Math.max(...moves.flatMap((m) => [m.from, m.to]));
  const first = result.periods[model.first]!;
  const last = result.periods[model.latest]!;
  const height = Math.max(240, maxRank * 22 + 80);
  return render(
    {
      grid: { left: 170, right: 170, top: 40, bottom: 20 },
      xAxis: {
        type: "category",
        data: [first, last],
        position: "top",
        boundaryGap: false,
        axisLabel: { fontSize: 13, fontWeight: "bold", color: PALETTE.text },
        axisTick: { show: false },
      },
      yAxis: { type: "value", inverse: true, min: 1, max: Math.max(2, maxRank), show: false },
      series: moves.map((m) => {
        const name = model.unitLabel(result.units[m.unit]!, language);
        const colour = m.change > 0 ? PALETTE.up : m.change < 0 ? PALETTE.down : PALETTE.muted;
        return {
          type: "line" as const,
          name,
          silent: true,
          symbolSize: 6,
          lineStyle: { color: colour, width: m.change === 0 ? 1 : 2 },
          itemStyle: { color: colour },
          data: [
            {
              value: m.from,
              label: {
                show: true,
                position: "left" as const,
                formatter: () => `${name}  ${formatRank(m.from)}`,
              },
            },
            {
              value: m.to,
              label: {
                show: true,
                position: "right" as const,
                formatter: () => `${formatRank(m.to)}  ${name}`,
              },
            },
          ],
          label: { fontSize: 11, color: PALETTE.text },
        };
      }),
    },
    720,
    height,
    title,
  );
}
